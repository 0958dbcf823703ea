"""ACLED-compatible rows: reads :class:`~flashpoint.records.Event` records, writes dicts keyed by ACLED
column names (plus Flashpoint's interval, certainty and provenance columns)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TextIO

from flashpoint.records import Actor, Article, Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "certainty",
    "plover_type",
    "source",
    "claimant_chain",
    "evidence",
)


def _names(actors: Sequence[Actor], role: str) -> list[Actor]:
    return [a for a in actors if a.role == role]


def _num(value: float | int | None) -> str:
    return "" if value is None else str(value)


def acled_row(event: Event, article: Article | None = None) -> dict[str, str]:
    """One ACLED-style row for one event."""
    a1, a2 = _names(event.actors, "actor1"), _names(event.actors, "actor2")
    place = event.place
    chain = [link.name for link in event.claim.chain]
    sources = [*chain, *([article.source] if article and article.source else [])]
    return {
        "event_date": event.date.start.isoformat() if event.date.start else "",
        "time_precision": str(event.date.time_precision),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": a1[0].name if a1 else "",
        "assoc_actor_1": "; ".join(a.name for a in _names(event.actors, "assoc_actor_1")),
        "inter1": str(a1[0].inter) if a1 else "0",
        "actor2": a2[0].name if a2 else "",
        "assoc_actor_2": "; ".join(a.name for a in _names(event.actors, "assoc_actor_2")),
        "inter2": str(a2[0].inter) if a2 else "0",
        "interaction": str(event.interaction),
        "country": (place.country or "") if place else "",
        "admin1": (place.admin1 or "") if place else "",
        "admin2": (place.admin2 or "") if place else "",
        "location": place.name if place else "",
        "latitude": _num(place.latitude) if place else "",
        "longitude": _num(place.longitude) if place else "",
        "geo_precision": str(place.geo_precision) if place else "",
        "fatalities": str(event.fatalities),
        "fatalities_low": _num(event.fatalities_low),
        "fatalities_high": _num(event.fatalities_high),
        "certainty": event.certainty.value,
        "plover_type": event.plover_type,
        "source": "; ".join(dict.fromkeys(sources)),
        "claimant_chain": " > ".join(chain),
        "evidence": " | ".join(e.text for e in event.evidence)[:2000],
    }


def empty_row() -> dict[str, str]:
    """The row written for a text in which no event was found."""
    return dict.fromkeys(ACLED_COLUMNS, "")


def write_acled(rows: Iterable[Mapping[str, str]], stream: TextIO, *, leading: Sequence[str] = ()) -> int:
    """Write ACLED rows as CSV (``leading`` columns, e.g. the input id column, come first)."""
    writer = csv.DictWriter(stream, fieldnames=[*leading, *ACLED_COLUMNS], extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def event_rows(events: Sequence[Event], article: Article | None = None) -> Iterator[dict[str, str]]:
    """ACLED rows for the events of one text; one empty row when there is none."""
    if not events:
        yield empty_row()
        return
    for event in events:
        yield acled_row(event, article)
