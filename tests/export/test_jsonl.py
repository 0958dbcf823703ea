"""JSON Lines export round-trips through records.from_dict."""

from __future__ import annotations

import io
import json

import export_samples as s

from flashpoint.export import context_from
from flashpoint.export.jsonl import write_events, write_extractions, write_incidents
from flashpoint.records import Event, Extraction, Incident, from_dict


def test_events_round_trip() -> None:
    buf = io.StringIO()
    events = [e for ex in s.EXTRACTIONS for e in ex.events]
    assert write_events(events, buf, context=context_from(s.EXTRACTIONS)) == 3
    back = [from_dict(Event, json.loads(line)) for line in buf.getvalue().splitlines()]
    assert back == events


def test_incidents_and_extractions_round_trip() -> None:
    ctx = context_from(s.EXTRACTIONS)
    buf = io.StringIO()
    write_incidents(s.INCIDENTS, buf, context=ctx)
    assert [from_dict(Incident, json.loads(x)) for x in buf.getvalue().splitlines()] == list(s.INCIDENTS)
    buf = io.StringIO()
    write_extractions(s.EXTRACTIONS, buf, context=ctx)
    assert [from_dict(Extraction, json.loads(x)) for x in buf.getvalue().splitlines()] == list(s.EXTRACTIONS)
