"""UCDP GED CSV export of events or incidents.

Reads :class:`~flashpoint.records.Event` or :class:`~flashpoint.records.Incident` records (plus an
:class:`~flashpoint.export.context.ExportContext` for article metadata); writes one CSV row per record that
GED would hold, with GED's columns in GED's order and types, followed by Flashpoint's provenance columns
(event type, certainty, claimant chain, article ids). GED holds lethal organised violence only: a record
without a ``type_of_violence`` or without at least one death (``best`` >= 1) is not written; the writers
return how many rows they wrote and log how many they left out.

Conventions (UCDP GED codebook, version 23.1 and later):

* ``type_of_violence``: 1 state-based (a state actor against an organised armed group), 2 non-state (two
  organised non-state groups), 3 one-sided (an organised actor against civilians). Blank when it cannot be
  derived, e.g. protests and riots, which UCDP does not code as organised violence.
* ``date_prec``: 1 exact day, 2 a span of 2-6 days, 3 a week, 4 a month, 5 longer.
* ``event_clarity``: 1 when the text asserts or neutrally reports the event, 2 when it is only claimed or
  hedged.
* ``best``/``low``/``high`` sum per victim group the figures' UCDP values (see
  :func:`flashpoint.export.fields.ucdp_deaths`).
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import math
from collections.abc import Sequence
from typing import Any, TextIO

from flashpoint.export.context import ExportContext, firmest
from flashpoint.export.countries import lookup
from flashpoint.export.fields import source_names, ucdp_deaths, ucdp_deaths_from_groups
from flashpoint.records import Actor, Article, Certainty, Event, FigureKind, Incident, Place

logger = logging.getLogger(__name__)

NAME = "ucdp"
VERSION = "0.2.0"

#: GED's columns (codebook 23.1+), in GED's order.
GED_COLUMNS: tuple[str, ...] = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)
#: Flashpoint's columns after GED's.
EXTRA_COLUMNS: tuple[str, ...] = (
    "iso3",
    "event_type",
    "sub_event_type",
    "certainty",
    "claimant_chain",
    "article_ids",
    "external_ids",
)
COLUMNS: tuple[str, ...] = (*GED_COLUMNS, *EXTRA_COLUMNS)
INTEGER_COLUMNS: frozenset[str] = frozenset(
    {
        "year",
        "active_year",
        "type_of_violence",
        "conflict_dset_id",
        "conflict_new_id",
        "dyad_dset_id",
        "dyad_new_id",
        "side_a_dset_id",
        "side_a_new_id",
        "side_b_dset_id",
        "side_b_new_id",
        "number_of_sources",
        "where_prec",
        "priogrid_gid",
        "country_id",
        "event_clarity",
        "date_prec",
        "deaths_a",
        "deaths_b",
        "deaths_civilians",
        "deaths_unknown",
        "best",
        "high",
        "low",
    }
)
FLOAT_COLUMNS: frozenset[str] = frozenset({"latitude", "longitude"})
#: PRIO-GRID: 0.5 x 0.5 degree cells numbered from 1 at (-180, -90), row by row eastwards then northwards.
PRIOGRID_CELL = 0.5
PRIOGRID_COLUMNS = 720
PRIOGRID_ROWS = 360

#: ACLED inter codes of state forces: 1 state forces, 8 external/other (foreign state) forces.
STATE_INTER = frozenset({1, 8})
#: ACLED inter codes of organised non-state armed groups: rebels, political and identity militias.
ARMED_INTER = frozenset({2, 3, 4})
CIVILIAN_INTER = 7
_CLEAR = frozenset({Certainty.ASSERTED, Certainty.REPORTED})


def type_of_violence(event_type: str, actors: Sequence[Actor], sub_event_type: str = "") -> int | None:
    """UCDP's type of violence from an ACLED event type (and sub-type) and its actors, or None."""
    inters = {a.inter for a in actors}
    state = bool(inters & STATE_INTER)
    armed = bool(inters & ARMED_INTER)
    # Killing unarmed demonstrators is one-sided violence in UCDP's sense; other protests, riots and
    # strategic developments are not organised violence and get no type.
    if sub_event_type == "Excessive force against protesters" and (state or armed):
        return 3
    if event_type in ("Protests", "Riots", "Strategic developments"):
        return None
    if CIVILIAN_INTER in inters and (state or armed) and not (state and armed):
        return 3
    if event_type == "Violence against civilians" and (state or armed):
        return 3
    if state and armed:
        return 1
    if armed and not state and len({a.name for a in actors if a.inter in ARMED_INTER}) >= 2:
        return 2
    return None


def _side_name(actor: Actor, country: str | None) -> str:
    if actor.inter == 1 and country:
        return f"Government of {country}"
    return actor.name


def sides(actors: Sequence[Actor], violence: int | None, country: str | None) -> tuple[str, str]:
    """UCDP ``side_a`` and ``side_b``: the state (or perpetrator) first, the opponent or civilians second."""
    main = [a for a in actors if a.role in ("actor1", "actor2")] or list(actors)
    if violence == 1:
        a = next((x for x in main if x.inter in STATE_INTER), None)
        b = next((x for x in main if x.inter in ARMED_INTER), None)
        return (_side_name(a, country) if a else "", b.name if b else "")
    if violence == 3:
        # the perpetrator is the organised side (state or armed group), never the unarmed crowd it hit
        a = next((x for x in [*main, *actors] if x.inter in STATE_INTER | ARMED_INTER), None)
        return (_side_name(a, country) if a else "", "Civilians")
    first = next((x for x in main if x.role == "actor1"), main[0] if main else None)
    second = next((x for x in main if x.role == "actor2"), None)
    return (first.name if first else "", second.name if second else "")


def date_prec(start: dt.date | None, end: dt.date | None, time_precision: int | None = None) -> int | None:
    """UCDP ``date_prec`` from a date span (or ACLED time precision when the span is missing)."""
    if start is not None and end is not None:
        days = (end - start).days
        if days <= 0:
            return 1
        if days <= 5:
            return 2
        if days <= 7:
            return 3
        if days <= 31:
            return 4
        return 5
    if time_precision is None:
        return None
    return {1: 1, 2: 3, 3: 4}.get(time_precision, 5)


def where_coordinates(place: Place | None) -> str:
    """UCDP's ``where_coordinates`` label: the place name and what kind of place it is ("Varsa town")."""
    if place is None:
        return ""
    kind = {"populated place": "town", "admin1": "province", "admin2": "district", "country": "country"}
    return f"{place.name} {kind.get(place.feature, place.feature)}".strip()


def priogrid_gid(latitude: float | None, longitude: float | None) -> int | None:
    """The PRIO-GRID cell holding a point (``gid`` 1 is the cell at -180, -90; 720 cells per row)."""
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    row = min(math.floor((latitude + 90) / PRIOGRID_CELL), PRIOGRID_ROWS - 1)
    col = min(math.floor((longitude + 180) / PRIOGRID_CELL), PRIOGRID_COLUMNS - 1)
    return row * PRIOGRID_COLUMNS + col + 1


def geom_wkt(latitude: float | None, longitude: float | None) -> str:
    """The point as Well-Known Text, ``POINT (longitude latitude)`` (GED's ``geom_wkt``)."""
    if latitude is None or longitude is None:
        return ""
    return f"POINT ({longitude:.6f} {latitude:.6f})"


def conflict_name(violence: int | None, side_a: str, side_b: str, country: str | None) -> str:
    """GED's names: state-based ``<country>: Government``, non-state ``A - B``, one-sided the perpetrator."""
    if violence == 1:
        return f"{country}: Government" if country else side_a
    if violence == 2:
        return f"{side_a} - {side_b}"
    if violence == 3:
        return side_a
    return ""


def is_ged(row: dict[str, str]) -> bool:
    """Whether GED would hold a row: a type of violence 1-3 and at least one death."""
    best = row.get("best", "")
    return row.get("type_of_violence") in ("1", "2", "3") and best.isdigit() and int(best) >= 1


def _article_label(article: Article) -> str:
    parts = [article.source or "", article.published.isoformat() if article.published else ""]
    if article.title:
        parts.append(f'"{article.title}"')
    if article.url:
        parts.append(article.url)
    return " ".join(p for p in parts if p)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.5f}"
    return str(value)


def _place_columns(place: Place | None) -> dict[str, Any]:
    lat = place.latitude if place else None
    lon = place.longitude if place else None
    country = lookup(place.country_iso3 or place.country) if place else None
    return {
        "geom_wkt": geom_wkt(lat, lon),
        "priogrid_gid": priogrid_gid(lat, lon),
        "country_id": country.gw_code if country else None,
        "region": country.ucdp_region if country else "",
        "where_prec": place.where_prec if place else None,
        "where_coordinates": where_coordinates(place),
        "where_description": place.name if place else "",
        "adm_1": place.admin1 if place else "",
        "adm_2": place.admin2 if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "country": place.country if place else "",
        "iso3": place.country_iso3 if place else "",
    }


def _source_columns(articles: Sequence[Article]) -> dict[str, Any]:
    return {
        "number_of_sources": len(articles),
        "source_article": "; ".join(_article_label(a) for a in articles),
        "source_office": "; ".join(dict.fromkeys(a.source for a in articles if a.source)),
        "source_date": "; ".join(dict.fromkeys(a.published.isoformat() for a in articles if a.published)),
        "source_headline": "; ".join(a.title for a in articles if a.title),
    }


def _ged_columns(violence: int | None, side_a: str, side_b: str, country: str | None) -> dict[str, Any]:
    return {
        "code_status": "Clear",
        "conflict_name": conflict_name(violence, side_a, side_b, country),
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else side_a or side_b,
    }


def _deaths(deaths: dict[str, int | None]) -> dict[str, int]:
    """GED's death columns, 0 where nothing was said (GED never leaves them blank)."""
    keys = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low")
    return {k: deaths[k] or 0 for k in keys}


def _relid(iso3: str | None, year: int | None, violence: int | None, record_id: str) -> str:
    return f"{iso3 or 'XXX'}-{year or 0}-{violence or 0}-{record_id[:12]}"


def event_row(event: Event, context: ExportContext) -> dict[str, str]:
    """One UCDP row for one event."""
    article = context.article(event.article_id)
    country = event.place.country if event.place else None
    violence = type_of_violence(event.event_type, event.actors, event.sub_event_type)
    side_a, side_b = sides(event.actors, violence, country)
    deaths = ucdp_deaths(event.figures)
    if deaths["best"] is None and event.fatalities:
        deaths.update(
            deaths_unknown=event.fatalities,
            best=event.fatalities,
            low=event.fatalities_low if event.fatalities_low is not None else event.fatalities,
            high=event.fatalities_high if event.fatalities_high is not None else event.fatalities,
        )
    year = event.date.start.year if event.date.start else None
    row: dict[str, Any] = {
        "id": event.id,
        "relid": _relid(event.place.country_iso3 if event.place else None, year, violence, event.id),
        "year": year,
        "type_of_violence": violence,
        "side_a": side_a,
        "side_b": side_b,
        **_ged_columns(violence, side_a, side_b, country),
        **_source_columns([article] if article else []),
        "source_original": "; ".join(source_names(event.claim, None)),
        **_place_columns(event.place),
        "event_clarity": 1 if event.certainty in _CLEAR else 2,
        "date_prec": date_prec(event.date.start, event.date.end, event.date.time_precision),
        "date_start": event.date.start,
        "date_end": event.date.end,
        **_deaths(deaths),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "certainty": event.certainty.value,
        "claimant_chain": " -> ".join(link.name for link in event.claim.chain),
        "article_ids": event.article_id,
        "external_ids": article.external_id if article and article.external_id else "",
    }
    return {k: _fmt(row.get(k)) for k in COLUMNS}


def incident_row(incident: Incident, context: ExportContext) -> dict[str, str]:
    """One UCDP row for one fused incident; deaths come from its figure histories' UCDP values."""
    articles = [a for a in (context.article(i) for i in incident.article_ids) if a is not None]
    events = [e for e in (context.events.get(i) for i in incident.event_ids) if e is not None]
    country = incident.place.country if incident.place else None
    violence = type_of_violence(incident.event_type, incident.actors, incident.sub_event_type)
    side_a, side_b = sides(incident.actors, violence, country)
    groups = {
        h.victims: (h.ucdp_low, h.ucdp_best, h.ucdp_high) for h in incident.figures if h.kind is FigureKind.KILLED
    }
    deaths = ucdp_deaths_from_groups(groups)
    chains: list[str] = []
    for history in incident.figures:
        for rev in history.revisions:
            chains.extend(source_names(rev.figure.claim, None))
    for event in events:
        chains.extend(source_names(event.claim, None))
    certainty = firmest(e.certainty for e in events)
    year = incident.date_start.year if incident.date_start else None
    row: dict[str, Any] = {
        "id": incident.id,
        "relid": _relid(incident.place.country_iso3 if incident.place else None, year, violence, incident.id),
        "year": year,
        "type_of_violence": violence,
        "side_a": side_a,
        "side_b": side_b,
        **_ged_columns(violence, side_a, side_b, country),
        **_source_columns(articles),
        "source_original": "; ".join(dict.fromkeys(chains)),
        **_place_columns(incident.place),
        "event_clarity": (1 if certainty in _CLEAR else 2) if certainty else None,
        "date_prec": date_prec(incident.date_start, incident.date_end),
        "date_start": incident.date_start,
        "date_end": incident.date_end,
        **_deaths(deaths),
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "certainty": certainty.value if certainty else "",
        "claimant_chain": "; ".join(
            dict.fromkeys(" -> ".join(link.name for link in e.claim.chain) for e in events if e.claim.chain)
        ),
        "article_ids": "; ".join(incident.article_ids),
        "external_ids": "; ".join(incident.external_ids),
    }
    return {k: _fmt(row.get(k)) for k in COLUMNS}


def _write(rows: Sequence[dict[str, str]], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    kept = [r for r in rows if is_ged(r)]
    writer.writerows(kept)
    if len(kept) < len(rows):
        logger.info(
            "GED export: %d of %d records are not lethal organised violence and were left out",
            len(rows) - len(kept),
            len(rows),
        )
    return len(kept)


def write_events(events: Sequence[Event], stream: TextIO, *, context: ExportContext) -> int:
    """Write a header and one GED row per lethal organised-violence event; returns the number of rows."""
    return _write([event_row(e, context) for e in events], stream)


def write_incidents(incidents: Sequence[Incident], stream: TextIO, *, context: ExportContext) -> int:
    """Write a header and one GED row per lethal organised-violence incident; returns the number of rows."""
    return _write([incident_row(i, context) for i in incidents], stream)
