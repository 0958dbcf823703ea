"""JSON Lines export round-trips through records.from_dict."""

from __future__ import annotations

import io
import json

import export_samples as s
import jsonschema
import pytest

from flashpoint.errors import ExportError
from flashpoint.export import context_from
from flashpoint.export.jsonl import json_schema, write_events, write_extractions, write_incidents
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


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_real_lines_validate_against_the_json_schema() -> None:
    ctx = context_from(s.EXTRACTIONS)
    for kind, writer, records in (
        ("event", write_events, [e for ex in s.EXTRACTIONS for e in ex.events]),
        ("incident", write_incidents, list(s.INCIDENTS)),
        ("extraction", write_extractions, list(s.EXTRACTIONS)),
    ):
        buf = io.StringIO()
        writer(records, buf, context=ctx)  # type: ignore[operator]
        validator = _validator(kind)
        for line in buf.getvalue().splitlines():
            validator.validate(json.loads(line))


def test_the_schema_rejects_a_broken_line() -> None:
    buf = io.StringIO()
    write_events([s.EVENT_A], buf, context=context_from(s.EXTRACTIONS))
    line = json.loads(buf.getvalue())
    validator = _validator("event")
    validator.validate(line)
    bad_certainty = {**line, "claim": {**line["claim"], "certainty": "certain"}}  # not a certainty value
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad_certainty)
    without_date = {k: v for k, v in line.items() if k != "date"}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(without_date)
    with pytest.raises(ExportError):
        json_schema("shapefile")
