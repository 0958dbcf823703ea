"""GeoJSON FeatureCollection of events and incidents."""

from __future__ import annotations

import dataclasses
import io
import json

import export_samples as s

from flashpoint.export import context_from
from flashpoint.export.geojson import write_events, write_incidents


def test_event_features() -> None:
    buf = io.StringIO()
    events = [e for ex in s.EXTRACTIONS for e in ex.events]
    unplaced = dataclasses.replace(s.EVENT_ARREST, id="b2-e9", place=None)
    write_events([*events, unplaced], buf, context=context_from(s.EXTRACTIONS))
    data = json.loads(buf.getvalue())
    assert data["type"] == "FeatureCollection"
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [-1.62443, 6.68848]}  # lon, lat
    props = first["properties"]
    assert props["event_type"] == "Protests"
    assert props["certainty"] == "reported"
    assert props["evidence"][0]["text"] == "were killed in Kumasi"
    assert [f["kind"] for f in props["figures"]] == ["killed", "injured"]
    assert data["features"][-1]["geometry"] is None  # kept, not dropped


def test_incident_features() -> None:
    buf = io.StringIO()
    write_incidents(s.INCIDENTS, buf, context=context_from(s.EXTRACTIONS))
    feature = json.loads(buf.getvalue())["features"][0]
    props = feature["properties"]
    assert props["external_ids"] == ["CPA-0304", "SW-77"]
    assert [r["source"] for r in props["reports"]] == ["Coastal Press Agency", "Sahel Wire"]
    assert len(props["figures"][0]["revisions"]) == 2
    assert props["certainty"] == "reported"
    assert props["evidence"]
