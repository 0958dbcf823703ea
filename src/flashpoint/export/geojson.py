"""GeoJSON export: one Point feature per event or incident, with flat properties and every detail kept.

Reads :class:`~flashpoint.records.Event` or :class:`~flashpoint.records.Incident` records (plus an
:class:`~flashpoint.export.context.ExportContext`); writes one RFC 7946 ``FeatureCollection``. Coordinates are
``[longitude, latitude]``; a record without coordinates keeps its feature with ``"geometry": null`` (allowed by
RFC 7946) so that nothing silently disappears from the export.

Properties are flat (:data:`FLAT_PROPERTIES`: country, event type, actors, fatalities, certainty ... as plain
strings and numbers), so GIS tools (QGIS, GeoPandas) show them as attribute columns; the nested record (places,
actors, figures, evidence) is kept whole under the one key ``details``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any, TextIO

from flashpoint.export.context import ExportContext, firmest
from flashpoint.export.fields import claimant_chain, evidence_list, place_json
from flashpoint.export.sitrep import article_json, event_json, figure_json
from flashpoint.records import Actor, Event, FigureKind, Incident, Place, to_dict

logger = logging.getLogger(__name__)

NAME = "geojson"
VERSION = "0.2.0"


def _geometry(place: Place | None) -> dict[str, Any] | None:
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return {"type": "Point", "coordinates": [round(place.longitude, 6), round(place.latitude, 6)]}


#: The flat properties of every feature, in order (the rest is under ``details``).
FLAT_PROPERTIES: tuple[str, ...] = (
    "id",
    "kind",
    "event_type",
    "sub_event_type",
    "plover_type",
    "date_start",
    "date_end",
    "country",
    "country_iso3",
    "admin1",
    "admin2",
    "location",
    "geo_precision",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "fatalities",
    "certainty",
    "claimant_chain",
    "reports",
)


def _flat(
    kind: str,
    record_id: str,
    place: Place | None,
    actors: Sequence[Actor],
    **values: Any,
) -> dict[str, Any]:
    first = {role: next((a for a in actors if a.role == role), None) for role in ("actor1", "actor2")}
    out: dict[str, Any] = {
        "id": record_id,
        "kind": kind,
        "country": place.country if place else None,
        "country_iso3": place.country_iso3 if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "location": place.name if place else None,
        "geo_precision": place.geo_precision if place else None,
        "actor1": first["actor1"].name if first["actor1"] else None,
        "inter1": first["actor1"].inter if first["actor1"] else None,
        "actor2": first["actor2"].name if first["actor2"] else None,
        "inter2": first["actor2"].inter if first["actor2"] else None,
        **values,
    }
    return {k: out.get(k) for k in FLAT_PROPERTIES}


def event_feature(event: Event, context: ExportContext) -> dict[str, Any]:
    """One GeoJSON feature for an event: flat properties, and the sitrep event fields under ``details``."""
    article = context.article(event.article_id)
    details = event_json(event, article)
    details["figures"] = [figure_json(f, article) for f in event.figures]
    props = _flat(
        "event",
        event.id,
        event.place,
        event.actors,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        plover_type=event.plover_type,
        date_start=details["date_start"],
        date_end=details["date_end"],
        fatalities=event.fatalities,
        certainty=event.certainty.value,
        claimant_chain=" > ".join(claimant_chain(event.claim)),
        reports=1,
    )
    props["details"] = details
    return {"type": "Feature", "id": event.id, "geometry": _geometry(event.place), "properties": props}


def incident_feature(incident: Incident, context: ExportContext) -> dict[str, Any]:
    """One GeoJSON feature for an incident: its record, supporting reports, figure histories and evidence."""
    events = [e for e in (context.events.get(i) for i in incident.event_ids) if e is not None]
    certainty = firmest(e.certainty for e in events)
    details: dict[str, Any] = {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date_start": incident.date_start.isoformat() if incident.date_start else None,
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "place": place_json(incident.place),
        "actors": to_dict(incident.actors),
        "event_ids": list(incident.event_ids),
        "article_ids": list(incident.article_ids),
        "external_ids": list(incident.external_ids),
        "certainty": certainty.value if certainty else None,
        "claimant_chains": [claimant_chain(e.claim) for e in events],
        "reports": [article_json(a) for a in (context.article(i) for i in incident.article_ids) if a],
        "figures": to_dict(incident.figures),
        "evidence": evidence_list(ev for e in events for ev in e.evidence),
    }
    props = _flat(
        "incident",
        incident.id,
        incident.place,
        incident.actors,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        plover_type=events[0].plover_type if events else None,
        date_start=details["date_start"],
        date_end=details["date_end"],
        fatalities=sum(h.acled_value or 0 for h in incident.figures if h.kind is FigureKind.KILLED),
        certainty=details["certainty"],
        claimant_chain="; ".join(dict.fromkeys(" > ".join(c) for c in details["claimant_chains"] if c)),
        reports=len(incident.article_ids),
    )
    props["details"] = details
    return {"type": "Feature", "id": incident.id, "geometry": _geometry(incident.place), "properties": props}


def _dump(features: list[dict[str, Any]], stream: TextIO) -> int:
    json.dump({"type": "FeatureCollection", "features": features}, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    return len(features)


def write_events(events: Sequence[Event], stream: TextIO, *, context: ExportContext) -> int:
    """Write a FeatureCollection with one feature per event; returns the number of features."""
    return _dump([event_feature(e, context) for e in events], stream)


def write_incidents(incidents: Sequence[Incident], stream: TextIO, *, context: ExportContext) -> int:
    """Write a FeatureCollection with one feature per incident; returns the number of features."""
    return _dump([incident_feature(i, context) for i in incidents], stream)
