"""ACLED-compatible rows: reads :class:`~flashpoint.records.Event` records, writes dicts keyed by ACLED's 31
export columns, in ACLED's order, followed by Flashpoint's interval, certainty and provenance columns.

Conventions (ACLED Codebook and the public export):

* ``event_id_cnty`` is unique per row: the first event of an input keeps the input's id, further events of the
  same input get ``<id>-2``, ``<id>-3`` ... (:class:`EventIds`).
* ``year`` is the year of ``event_date``; ``timestamp`` is the Unix time the row was written (ACLED: last
  upload), the same for every row of one export.
* ``disorder_type`` follows the event type (:data:`DISORDER_BY_SUB_EVENT` for the sub-types ACLED files apart);
  ``civilian_targeting`` is ``Civilian targeting`` when civilians (inter 7) are the target of political violence.
* ``iso`` (ISO 3166 numeric) and ``region`` come from :mod:`flashpoint.export.countries`.
* ``source_scale`` joins the scales of the claimant chain's links and the publisher (:data:`SOURCE_SCALE`).
* ``notes`` is a sentence generated from the event's fields and its evidence; ``tags`` lists what the figures
  add (``injured=3; arrested=12``); crowd sizes are not read yet, so no ``crowd size`` tag is written.
* ``inter1``, ``inter2`` and ``interaction`` are ACLED's integer codes; with ``inter_labels`` they are the text
  labels of ACLED's current export (``State forces``, ``State forces-Protesters``).
"""

from __future__ import annotations

import csv
import dataclasses
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TextIO

from flashpoint.export.countries import lookup
from flashpoint.records import Actor, Article, Event, FigureKind, SourceType

NAME = "acled"
VERSION = "0.2.0"

#: ACLED's public export, in ACLED's order (the check of every writer and test).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: Flashpoint's columns after ACLED's: the fatality interval, how sure the text is, and the provenance.
EXTRA_COLUMNS: tuple[str, ...] = (
    "fatalities_low",
    "fatalities_high",
    "certainty",
    "plover_type",
    "claimant_chain",
    "evidence",
)
#: Columns holding integers (empty or digits only), for typed readers (pandas, Parquet).
INTEGER_COLUMNS: frozenset[str] = frozenset(
    {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities", "timestamp"}
)
FLOAT_COLUMNS: frozenset[str] = frozenset({"latitude", "longitude"})

#: ACLED's disorder type of each event type (ACLED Codebook, "disorder type").
DISORDER_BY_EVENT_TYPE: Mapping[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
#: Sub-event types ACLED files under another disorder type than their event type's.
DISORDER_BY_SUB_EVENT: Mapping[str, str] = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}
#: ACLED's text labels of the inter codes (current export, ``--inter-labels``).
INTER_LABELS: Mapping[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
CIVILIANS = 7
PROTESTERS = 6
#: ACLED's source scale of each kind of source a claimant-chain link can be (ACLED Codebook, "source scale":
#: national and local media, wire services as international, social media as new media, and officials,
#: armed groups, NGOs and witnesses as "Other").
SOURCE_SCALE: Mapping[SourceType, str] = {
    SourceType.WIRE: "International",
    SourceType.STATE_MEDIA: "National",
    SourceType.INDEPENDENT_MEDIA: "National",
    SourceType.SOCIAL_MEDIA: "New media",
    SourceType.GOVERNMENT: "Other",
    SourceType.MINISTRY: "Other",
    SourceType.MILITARY: "Other",
    SourceType.POLICE: "Other",
    SourceType.NGO: "Other",
    SourceType.EYEWITNESS: "Other",
    SourceType.ARMED_GROUP: "Other",
}
#: Figures that ``tags`` reports besides fatalities (ACLED keeps them in the notes; the tag makes them a field).
TAG_FIGURES: tuple[FigureKind, ...] = (
    FigureKind.INJURED,
    FigureKind.ARRESTED,
    FigureKind.KIDNAPPED,
    FigureKind.MISSING,
    FigureKind.DISPLACED,
)
NOTES_EVIDENCE_CHARS = 300  # the quoted evidence in ``notes`` is cut here: ACLED notes are a few sentences


@dataclasses.dataclass(frozen=True, slots=True)
class AcledOptions:
    """How ACLED rows are written."""

    inter_labels: bool = False  # ACLED's text labels instead of integer inter/interaction codes
    timestamp: int | None = None  # Unix time written in ``timestamp``; None = when the export starts


class EventIds:
    """Unique ``event_id_cnty`` values: the first event of an input keeps its id, later ones get ``-2``, ``-3``."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._count: dict[str, int] = {}

    def next(self, base: str) -> str:
        """The id of the next event of the input whose id is ``base`` (unique among every id given out)."""
        n = self._count.get(base, 0)
        while True:
            n += 1
            candidate = base if n == 1 else f"{base}-{n}"
            if candidate not in self._used:
                break
        self._count[base] = n
        self._used.add(candidate)
        return candidate


def _names(actors: Sequence[Actor], role: str) -> list[Actor]:
    return [a for a in actors if a.role == role]


def _num(value: float | int | None) -> str:
    return "" if value is None else str(value)


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's ``disorder_type`` of an event type and sub-type (empty when the type is unknown)."""
    return DISORDER_BY_SUB_EVENT.get(sub_event_type) or DISORDER_BY_EVENT_TYPE.get(event_type, "")


def civilian_targeting(event: Event) -> str:
    """``Civilian targeting`` when unarmed people (civilians, inter 7, or protesters, inter 6) are the target
    (actor2) of an act of political violence, as in an attack on villagers or excessive force against a march."""
    targets = {a.inter for a in event.actors if a.role in ("actor2", "assoc_actor_2")}
    violent = "Political violence" in disorder_type(event.event_type, event.sub_event_type)
    return "Civilian targeting" if violent and targets & {CIVILIANS, PROTESTERS} else ""


def source_scale(event: Event, article: Article | None) -> str:
    """ACLED's ``source_scale``: the scales of the chain's links joined with ``-`` (``National-International``)."""
    scales = [SOURCE_SCALE[link.source_type] for link in event.claim.chain if link.source_type in SOURCE_SCALE]
    if not scales and article is not None and article.source:
        scales.append("National")  # a named publisher with no attributed source: the outlet's own report
    return "-".join(dict.fromkeys(scales))


def inter_text(code: int, *, labels: bool) -> str:
    """An inter code as ACLED writes it: the integer, or with ``labels`` its text label (empty for 0)."""
    if not labels:
        return str(code)
    return INTER_LABELS.get(code, "")


def interaction_text(code: int, *, labels: bool) -> str:
    """ACLED's interaction: ``16`` or, with ``labels``, ``State forces-Protesters`` / ``State forces only``."""
    if not labels:
        return str(code)
    first, second = divmod(code, 10)
    if first not in INTER_LABELS:
        return ""
    if second == 0:
        return f"{INTER_LABELS[first]} only"
    return f"{INTER_LABELS[first]}-{INTER_LABELS.get(second, '')}"


def tags(event: Event) -> str:
    """ACLED-style ``tags``: the event's other figures (``injured=12; arrested=40``).

    No crowd size: the extractor does not read one yet, and writing ACLED's ``crowd size=no report`` would
    claim the text gives none when it may.
    """
    out: list[str] = []
    for kind in TAG_FIGURES:
        values = [f.acled_value if f.acled_value is not None else f.best for f in event.figures if f.kind is kind]
        known = [v for v in values if v is not None]
        if known:
            out.append(f"{kind.value}={max(known)}")
    return "; ".join(out)


def notes(event: Event) -> str:
    """A notes sentence built from the event's fields and the words of its evidence."""
    a1, a2 = _names(event.actors, "actor1"), _names(event.actors, "actor2")
    when = f"On {event.date.start.day} {event.date.start:%B %Y}, " if event.date.start else ""
    what = (event.sub_event_type or event.event_type or "an event").lower()
    if what == "other":  # ACLED's catch-all sub-type reads as nothing on its own
        what = f"{event.event_type.lower()} (other)"
    who = f" by {a1[0].name}" if a1 else ""
    whom = f" against {a2[0].name}" if a2 else ""
    place = event.place
    where = ""
    if place is not None:
        parts = dict.fromkeys(p for p in (place.name, place.admin1, place.country) if p)
        where = " in " + ", ".join(parts)
    sentence = f"{when}{what}{who}{whom}{where}."
    sentence = sentence[0].upper() + sentence[1:]
    said = " ".join(e.text.strip() for e in event.evidence if e.text.strip())
    if said:
        if len(said) > NOTES_EVIDENCE_CHARS:
            said = said[: NOTES_EVIDENCE_CHARS - 3].rstrip() + "..."
        chain = " > ".join(link.name for link in event.claim.chain)
        sentence += f' Report: "{said}"' + (f" (according to {chain})." if chain else "")
    if event.fatalities:
        sentence += f" {event.fatalities} reported fatalities."
    return sentence


def acled_row(
    event: Event,
    article: Article | None = None,
    *,
    event_id: str = "",
    options: AcledOptions | None = None,
) -> dict[str, str]:
    """One ACLED row for one event (``event_id`` is its ``event_id_cnty``, see :class:`EventIds`)."""
    opts = options or AcledOptions()
    a1, a2 = _names(event.actors, "actor1"), _names(event.actors, "actor2")
    place = event.place
    country = lookup(place.country_iso3 or place.country) if place else None
    chain = [link.name for link in event.claim.chain]
    sources = [*chain, *([article.source] if article and article.source else [])]
    start = event.date.start
    stamp = opts.timestamp if opts.timestamp is not None else int(time.time())
    return {
        "event_id_cnty": event_id,
        "event_date": start.isoformat() if start else "",
        "year": str(start.year) if start else "",
        "time_precision": str(event.date.time_precision),
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": a1[0].name if a1 else "",
        "assoc_actor_1": "; ".join(a.name for a in _names(event.actors, "assoc_actor_1")),
        "inter1": inter_text(a1[0].inter if a1 else 0, labels=opts.inter_labels),
        "actor2": a2[0].name if a2 else "",
        "assoc_actor_2": "; ".join(a.name for a in _names(event.actors, "assoc_actor_2")),
        "inter2": inter_text(a2[0].inter if a2 else 0, labels=opts.inter_labels),
        "interaction": interaction_text(event.interaction, labels=opts.inter_labels),
        "civilian_targeting": civilian_targeting(event),
        "iso": _num(country.numeric) if country else "",
        "region": country.acled_region if country else "",
        "country": (place.country or (country.name if country else "")) if place else "",
        "admin1": (place.admin1 or "") if place else "",
        "admin2": (place.admin2 or "") if place else "",
        "admin3": "",  # the gazetteer resolves places to admin2 at most
        "location": place.name if place else "",
        "latitude": _num(place.latitude) if place else "",
        "longitude": _num(place.longitude) if place else "",
        "geo_precision": str(place.geo_precision) if place else "",
        "source": "; ".join(dict.fromkeys(sources)),
        "source_scale": source_scale(event, article),
        "notes": notes(event),
        "fatalities": str(event.fatalities),
        "tags": tags(event),
        "timestamp": str(stamp),
        "fatalities_low": _num(event.fatalities_low),
        "fatalities_high": _num(event.fatalities_high),
        "certainty": event.certainty.value,
        "plover_type": event.plover_type,
        "claimant_chain": " > ".join(chain),
        "evidence": " | ".join(e.text for e in event.evidence)[:2000],
    }


def empty_row() -> dict[str, str]:
    """The row written for a text in which no event was found (kept for the evaluation scorers)."""
    return dict.fromkeys((*ACLED_COLUMNS, *EXTRA_COLUMNS), "")


def columns(extra_leading: Sequence[str] = ()) -> list[str]:
    """The header of an ACLED export: ACLED's 31 columns, Flashpoint's, then any extra id columns."""
    head = [*ACLED_COLUMNS, *EXTRA_COLUMNS]
    return head + [c for c in extra_leading if c not in head]


def write_acled(rows: Iterable[Mapping[str, str]], stream: TextIO, *, leading: Sequence[str] = ()) -> int:
    """Write ACLED rows as CSV: ACLED's 31 columns first, then Flashpoint's, then ``leading`` (id columns)."""
    writer = csv.DictWriter(stream, fieldnames=columns(leading), extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def event_rows(
    events: Sequence[Event],
    article: Article | None = None,
    *,
    ids: EventIds | None = None,
    options: AcledOptions | None = None,
    keep_empty: bool = True,
) -> Iterator[dict[str, str]]:
    """ACLED rows for the events of one text, with unique ``event_id_cnty``.

    Without ``ids`` the ids are the article's external id (or the event id) numbered within this text only.
    A text without events yields one empty row when ``keep_empty`` (what the evaluation scorers join on) and
    nothing otherwise (what the exports write: no row without an event).
    """
    if not events:
        if keep_empty:
            yield empty_row()
        return
    counter = ids or EventIds()
    base = (article.external_id if article else None) or ""
    for event in events:
        yield acled_row(event, article, event_id=counter.next(base or event.id), options=options)
