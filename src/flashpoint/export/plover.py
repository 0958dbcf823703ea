"""PLOVER/POLECAT-shaped JSON Lines: one event (or incident) per line in the PLOVER ontology's terms.

Reads :class:`~flashpoint.records.Event` or :class:`~flashpoint.records.Incident` records (plus an
:class:`~flashpoint.export.context.ExportContext`); writes one JSON object per line with PLOVER's fields
(``event``, ``mode``, ``context``, ``actor``, ``recipient`` and their countries), the location and date as
POLECAT lays them out, the ACLED coding beside them and the evidence that supports the line. Every line
validates against the JSON Schema shipped as ``data/plover_event.schema.json`` (:func:`json_schema`).

``context`` is the list of PLOVER contexts; Flashpoint has no context classifier yet, so it is always an
empty list rather than a guess.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from importlib.resources import files
from typing import Any, TextIO

from flashpoint.errors import ExportError
from flashpoint.export.context import ExportContext, firmest
from flashpoint.export.fields import claimant_chain, evidence_list
from flashpoint.records import Actor, Article, Event, FigureKind, Incident, Place

logger = logging.getLogger(__name__)

NAME = "plover"
VERSION = "0.1.0"
SCHEMA_FILE = "plover_event.schema.json"

#: ACLED inter code -> the PLOVER/POLECAT actor type of that kind of actor.
ACTOR_TYPES: dict[int, str] = {
    1: "GOV",
    2: "REB",
    3: "MIL",
    4: "MIL",
    5: "CVL",
    6: "CVL",
    7: "CVL",
    8: "GOV",
}


def _party(actors: Sequence[Actor], roles: tuple[str, ...]) -> dict[str, Any]:
    found = [a for a in actors if a.role in roles]
    main = found[0] if found else None
    return {
        "name": main.name if main else None,
        "country": main.country_iso3 if main else None,
        "type": ACTOR_TYPES.get(main.inter) if main else None,
        "inter": main.inter if main else None,
        "associates": [a.name for a in found[1:]],
    }


def _location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "placename": place.name,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "country": place.country_iso3,
        "country_name": place.country,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geonameid": place.geonameid,
        "feature": place.feature,
        "geo_precision": place.geo_precision,
    }


def _story(article: Article | None) -> dict[str, Any]:
    return {
        "story_id": (article.external_id or article.id) if article else None,
        "story_date": article.published.isoformat() if article and article.published else None,
        "publisher": article.source if article else None,
        "headline": article.title if article else None,
        "url": article.url if article else None,
    }


def event_record(event: Event, context: ExportContext) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT record."""
    article = context.article(event.article_id)
    return {
        "id": event.id,
        "kind": "event",
        "event": event.plover_type,
        "mode": event.plover_mode,
        "context": [],
        "date": event.date.start.isoformat() if event.date.start else None,
        "date_end": event.date.end.isoformat() if event.date.end else None,
        "actor": _party(event.actors, ("actor1", "assoc_actor_1")),
        "recipient": _party(event.actors, ("actor2", "assoc_actor_2")),
        "location": _location(event.place),
        "acled_event_type": event.event_type,
        "acled_sub_event_type": event.sub_event_type,
        "fatalities": event.fatalities,
        "certainty": event.certainty.value,
        "claimant_chain": claimant_chain(event.claim),
        "stories": [_story(article)],
        "evidence": evidence_list(event.evidence),
        "version": f"{NAME}@{VERSION}",
    }


def incident_record(incident: Incident, context: ExportContext) -> dict[str, Any]:
    """One fused incident as a PLOVER/POLECAT record (PLOVER type and mode of its first known event)."""
    events = [e for e in (context.events.get(i) for i in incident.event_ids) if e is not None]
    first = events[0] if events else None
    certainty = firmest(e.certainty for e in events)
    killed = [h.acled_value or 0 for h in incident.figures if h.kind is FigureKind.KILLED]
    return {
        "id": incident.id,
        "kind": "incident",
        "event": first.plover_type if first else "",
        "mode": first.plover_mode if first else None,
        "context": [],
        "date": incident.date_start.isoformat() if incident.date_start else None,
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "actor": _party(incident.actors, ("actor1", "assoc_actor_1")),
        "recipient": _party(incident.actors, ("actor2", "assoc_actor_2")),
        "location": _location(incident.place),
        "acled_event_type": incident.event_type,
        "acled_sub_event_type": incident.sub_event_type,
        "fatalities": sum(killed),
        "certainty": certainty.value if certainty else None,
        "claimant_chain": claimant_chain(first.claim) if first else [],
        "stories": [_story(context.article(a)) for a in incident.article_ids],
        "evidence": evidence_list(ev for e in events for ev in e.evidence),
        "version": f"{NAME}@{VERSION}",
    }


def _dump(records: list[dict[str, Any]], stream: TextIO) -> int:
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False))
        stream.write("\n")
    return len(records)


def write_events(events: Sequence[Event], stream: TextIO, *, context: ExportContext) -> int:
    """One PLOVER record per event, one per line; returns the number of lines."""
    return _dump([event_record(e, context) for e in events], stream)


def write_incidents(incidents: Sequence[Incident], stream: TextIO, *, context: ExportContext) -> int:
    """One PLOVER record per incident, one per line; returns the number of lines."""
    return _dump([incident_record(i, context) for i in incidents], stream)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every PLOVER line validates against."""
    try:
        raw = files("flashpoint.data").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
        schema: dict[str, Any] = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot read the PLOVER JSON Schema: {exc}") from exc
    return schema
