"""GeoJSON FeatureCollection of events and incidents."""

from __future__ import annotations

import dataclasses
import io
import json

import export_samples as s

from flashpoint.export import context_from
from flashpoint.export.geojson import FLAT_PROPERTIES, write_events, write_incidents


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
    assert props["country"] == "Ghana"
    assert props["fatalities"] == 3
    assert props["actor1"] == "Police Forces of Ghana (2025-)"
    # every property but the one ``details`` key is a plain value: GIS tools show them as columns
    assert all(not isinstance(v, dict | list) for k, v in props.items() if k != "details")
    assert list(props)[:-1] == list(FLAT_PROPERTIES)
    details = props["details"]
    assert details["evidence"][0]["text"] == "were killed in Kumasi"
    assert [f["kind"] for f in details["figures"]] == ["killed", "injured"]
    assert data["features"][-1]["geometry"] is None  # kept, not dropped
    assert data["features"][-1]["properties"]["country"] is None


def test_incident_features() -> None:
    buf = io.StringIO()
    write_incidents(s.INCIDENTS, buf, context=context_from(s.EXTRACTIONS))
    feature = json.loads(buf.getvalue())["features"][0]
    props = feature["properties"]
    assert props["kind"] == "incident"
    assert props["reports"] == 2
    assert props["fatalities"] == 7  # the history's value
    assert props["certainty"] == "reported"
    details = props["details"]
    assert details["external_ids"] == ["CPA-0304", "SW-77"]
    assert [r["source"] for r in details["reports"]] == ["Coastal Press Agency", "Sahel Wire"]
    assert len(details["figures"][0]["revisions"]) == 2
    assert details["evidence"]
