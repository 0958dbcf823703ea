"""GeoJSON export: one Point feature per event or incident, with every property and its evidence.

Reads :class:`~flashpoint.records.Event` or :class:`~flashpoint.records.Incident` records (plus an
:class:`~flashpoint.export.context.ExportContext`); writes one RFC 7946 ``FeatureCollection``. Coordinates are
``[longitude, latitude]``; a record without coordinates keeps its feature with ``"geometry": null`` (allowed by
RFC 7946) so that nothing silently disappears from the export.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any, TextIO

from flashpoint.export.context import ExportContext, firmest
from flashpoint.export.fields import claimant_chain, evidence_list, place_json
from flashpoint.export.sitrep import article_json, event_json, figure_json
from flashpoint.records import Event, Incident, Place, to_dict

logger = logging.getLogger(__name__)

NAME = "geojson"
VERSION = "0.1.0"


def _geometry(place: Place | None) -> dict[str, Any] | None:
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return {"type": "Point", "coordinates": [round(place.longitude, 6), round(place.latitude, 6)]}


def event_feature(event: Event, context: ExportContext) -> dict[str, Any]:
    """One GeoJSON feature for an event: the sitrep event fields as properties, with its figures inline."""
    article = context.article(event.article_id)
    props = event_json(event, article)
    props["figures"] = [figure_json(f, article) for f in event.figures]
    return {"type": "Feature", "id": event.id, "geometry": _geometry(event.place), "properties": props}


def incident_feature(incident: Incident, context: ExportContext) -> dict[str, Any]:
    """One GeoJSON feature for an incident: its record, supporting reports, figure histories and evidence."""
    events = [e for e in (context.events.get(i) for i in incident.event_ids) if e is not None]
    certainty = firmest(e.certainty for e in events)
    props: dict[str, Any] = {
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
