"""Helpers for the tests of the in-memory batch and the fusion decisions: a batch with the real rules."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from flashpoint.fuse.batch import Batch, PlannedReport, Tools
from flashpoint.fuse.profile import IncidentProfile
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction
from flashpoint.ingest.dedup import NearDuplicateRule
from flashpoint.records import Certainty, Extraction, Incident, StoreSnapshot
from flashpoint.store import codec

TOOLS = Tools(
    near=NearDuplicateRule(),
    incident=functools.partial(codec.loads, Incident),
    profile=functools.partial(codec.loads, IncidentProfile),
    extraction=functools.partial(codec.loads, Extraction),
)

DAY = dt.date(2024, 5, 9)
# invented towns: two a few kilometres apart, one about 300 km away
VARDEN = Spot("Varden", "NGA", "Plateau", 9.90, 8.90)
VARDEN_MARKET = Spot("Varden market", "NGA", "Plateau", 9.92, 8.92)
OSSORO = Spot("Ossoro", "NGA", "Kano", 12.00, 8.50)


def empty_batch(
    items: Sequence[PlannedReport] = (), parent: Batch | None = None, *, max_seq: int = 0, **read: Any
) -> Batch:
    """A batch started on a store that held nothing for ``items`` but what ``read`` gives (article seqs
    follow ``max_seq``): no candidate rows for any of their events."""
    batch = Batch(TOOLS, parent=parent)
    queries = sum(len(item.events) for item in items)
    batch.start(StoreSnapshot(max_seq=max_seq, candidates=[[] for _ in range(queries)], **read), None)
    return batch


def attack(
    text: str,
    ext: str,
    *,
    spot: Spot = VARDEN,
    day: dt.date = DAY,
    killed: int | None = 4,
    certainty: Certainty = Certainty.ASSERTED,
    published: dt.date = DAY,
    source: str = "Plateau Herald",
) -> Extraction:
    """A one-event report of an attack on civilians (the first sentence is the event's evidence)."""
    spec = EventSpec(
        "Violence against civilians",
        "Attack",
        day,
        spot,
        text.split(". ", maxsplit=1)[0],
        actors=("Unidentified Armed Group (Nigeria)",),
        killed=killed,
        certainty=certainty,
    )
    return make_extraction(text, [spec], published=published, source=source, external_id=ext)
