"""Export stage: writers for ACLED CSV, UCDP GED CSV, GeoJSON and JSON Lines, in one registry.

Reads :class:`~flashpoint.records.Event` or :class:`~flashpoint.records.Incident` records (and, through an
:class:`~flashpoint.export.context.ExportContext`, the articles and events they refer to); writes text to a
stream. Every format is registered in :data:`WRITERS` under its name, the same way a plugin would be, and
:func:`write` picks the events or incidents writer from the records it is given.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TextIO

from flashpoint.errors import ExportError
from flashpoint.export import acled, geojson, jsonl, plover, ucdp
from flashpoint.export.context import ExportContext, context_from
from flashpoint.export.countries import lookup
from flashpoint.export.fields import source_names
from flashpoint.records import Article, Event, Extraction, FigureKind, Incident

logger = logging.getLogger(__name__)

EventsWriter = Callable[..., int]  # (events, stream, *, context) -> rows written
IncidentsWriter = Callable[..., int]  # (incidents, stream, *, context) -> rows written


@dataclasses.dataclass(frozen=True, slots=True)
class Writer:
    """One export format: its name, file suffix, media type and the functions that write it."""

    name: str
    suffix: str
    media_type: str
    write_events: EventsWriter
    write_incidents: IncidentsWriter
    description: str = ""


class LedgerLike(Protocol):
    """The part of :class:`flashpoint.ledger.Ledger` the exports read."""

    def extractions(self) -> Iterator[Extraction]:
        """Every stored extraction."""
        ...

    def incidents(self) -> list[Incident]:
        """Every fused incident."""
        ...


# ------------------------------------------------------------------------------------------ ACLED


def _acled_options(context: ExportContext) -> acled.AcledOptions:
    """The context's ACLED options with the timestamp fixed once, so every row of an export shares it."""
    opts = context.acled
    if opts.timestamp is None:
        opts = dataclasses.replace(opts, timestamp=int(time.time()))
    return opts


def _acled_events(events: Sequence[Event], stream: TextIO, *, context: ExportContext) -> int:
    opts = _acled_options(context)
    ids = acled.EventIds()

    def rows() -> Iterator[dict[str, str]]:
        for event in events:
            article = context.article(event.article_id)
            base = (article.external_id if article else None) or event.id
            row = acled.acled_row(event, article, event_id=ids.next(base), options=opts)
            row.update(
                id=event.id,
                article_id=event.article_id,
                external_id=(article.external_id or "") if article else "",
            )
            yield row

    return acled.write_acled(rows(), stream, leading=("id", "article_id", "external_id"))


def acled_incident_row(
    incident: Incident, context: ExportContext, *, event_id: str = "", options: acled.AcledOptions | None = None
) -> dict[str, str]:
    """One ACLED-style row for a fused incident.

    Starts from the row of the incident's first known event, then takes date, type, place and actors from
    the incident, fatalities from its killed-figure histories (each history's ACLED value, summed over victim
    groups) and ``source`` from every supporting event's chain and article.
    """
    opts = options or context.acled
    events = [e for e in (context.events.get(i) for i in incident.event_ids) if e is not None]
    first = events[0] if events else None
    row = (
        acled.acled_row(first, context.article(first.article_id), event_id=event_id, options=opts)
        if first
        else {**acled.empty_row(), "event_id_cnty": event_id}
    )
    place = incident.place
    killed = [h.acled_value for h in incident.figures if h.kind is FigureKind.KILLED and h.acled_value is not None]
    sources: list[str] = []
    for event in events:
        sources.extend(source_names(event.claim, context.article(event.article_id)))
    for aid in incident.article_ids:
        art = context.article(aid)
        if art is not None and art.source:
            sources.append(art.source)
    by_role = {role: [a for a in incident.actors if a.role == role] for role in ("actor1", "actor2")}
    row.update(
        id=incident.id,
        external_ids="; ".join(incident.external_ids),
        event_date=incident.date_start.isoformat() if incident.date_start else "",
        year=str(incident.date_start.year) if incident.date_start else "",
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        disorder_type=acled.disorder_type(incident.event_type, incident.sub_event_type),
        source="; ".join(dict.fromkeys(sources)),
    )
    for role, num in (("actor1", "1"), ("actor2", "2")):
        if by_role[role]:
            row[role] = by_role[role][0].name
            row[f"inter{num}"] = acled.inter_text(by_role[role][0].inter, labels=opts.inter_labels)
    if place is not None:
        country = lookup(place.country_iso3 or place.country)
        row.update(
            country=place.country or "",
            iso="" if country is None or country.numeric is None else str(country.numeric),
            region=country.acled_region if country else "",
            admin1=place.admin1 or "",
            admin2=place.admin2 or "",
            location=place.name,
            latitude="" if place.latitude is None else str(place.latitude),
            longitude="" if place.longitude is None else str(place.longitude),
            geo_precision=str(place.geo_precision),
        )
    if killed or events:
        # The incident's value replaces the first report's: its histories already weigh every revision.
        lows = [h.ucdp_low for h in incident.figures if h.kind is FigureKind.KILLED]
        highs = [h.ucdp_high for h in incident.figures if h.kind is FigureKind.KILLED]
        row["fatalities"] = str(sum(killed))
        row["fatalities_low"] = str(sum(x for x in lows if x is not None)) if lows and None not in lows else ""
        row["fatalities_high"] = str(sum(x for x in highs if x is not None)) if highs and None not in highs else ""
    return row


def _acled_incidents(incidents: Sequence[Incident], stream: TextIO, *, context: ExportContext) -> int:
    opts = _acled_options(context)
    ids = acled.EventIds()
    rows = (
        acled_incident_row(i, context, event_id=ids.next(i.external_ids[0] if i.external_ids else i.id), options=opts)
        for i in incidents
    )
    return acled.write_acled(rows, stream, leading=("id", "external_ids"))


# ------------------------------------------------------------------------------------------ registry

WRITERS: Mapping[str, Writer] = types.MappingProxyType(
    {
        "acled": Writer(
            "acled",
            ".csv",
            "text/csv",
            _acled_events,
            _acled_incidents,
            "ACLED CSV: ACLED's 31 columns in ACLED's order, then Flashpoint's interval, certainty and provenance",
        ),
        "ucdp": Writer(
            "ucdp",
            ".csv",
            "text/csv",
            ucdp.write_events,
            ucdp.write_incidents,
            "UCDP GED CSV: lethal organised violence only (type_of_violence 1-3, best >= 1)",
        ),
        "geojson": Writer(
            "geojson",
            ".geojson",
            "application/geo+json",
            geojson.write_events,
            geojson.write_incidents,
            "GeoJSON FeatureCollection of Point features, flat properties (nested record under details)",
        ),
        "jsonl": Writer(
            "jsonl",
            ".jsonl",
            "application/x-ndjson",
            jsonl.write_events,
            jsonl.write_incidents,
            "JSON Lines, one record per line (lossless)",
        ),
        "plover": Writer(
            "plover",
            ".jsonl",
            "application/x-ndjson",
            plover.write_events,
            plover.write_incidents,
            "PLOVER/POLECAT-shaped JSON Lines (event, mode, context, actor, recipient), JSON Schema in the package",
        ),
    }
)


def writer(name: str) -> Writer:
    """The registered writer called ``name``; :class:`~flashpoint.errors.ExportError` if there is none."""
    found = WRITERS.get(name)
    if found is None:
        raise ExportError(f"unknown export format {name!r}; known: {', '.join(sorted(WRITERS))}")
    return found


def write(
    format: str,
    records: Sequence[Event] | Sequence[Incident],
    stream: TextIO,
    *,
    context: ExportContext | None = None,
    articles: Mapping[str, Article] | None = None,
) -> int:
    """Write events or incidents in ``format`` to ``stream``; returns the number of records written.

    Whether ``records`` are events or incidents is read from the records themselves (an empty sequence is
    written as an empty events export). ``context`` (or just ``articles``) supplies the article metadata
    that source columns need.
    """
    found = writer(format)
    ctx = context or ExportContext(articles=types.MappingProxyType(dict(articles or {})))
    items: list[Any] = list(records)
    kinds = {type(r) for r in items}
    if kinds - {Event, Incident} or len(kinds) > 1:
        names = ", ".join(sorted(k.__name__ for k in kinds))
        raise ExportError(f"cannot export a mix of or other records than events or incidents: {names}")
    if items and isinstance(items[0], Incident):
        count = found.write_incidents(items, stream, context=ctx)
    else:
        count = found.write_events(items, stream, context=ctx)
    logger.debug("exported %d records as %s", count, format)
    return count


def export_ledger(
    ledger: LedgerLike,
    format: str,
    stream: TextIO,
    *,
    incidents: bool = False,
    acled_options: acled.AcledOptions | None = None,
) -> int:
    """Export everything in a ledger: every event of every stored report, or every fused incident."""
    found = writer(format)
    extractions = list(ledger.extractions())
    ctx = context_from(extractions, acled=acled_options)
    if incidents:
        return found.write_incidents(ledger.incidents(), stream, context=ctx)
    events = [e for ex in extractions for e in ex.events]
    return found.write_events(events, stream, context=ctx)


__all__ = ["WRITERS", "ExportContext", "LedgerLike", "Writer", "context_from", "export_ledger", "write", "writer"]
