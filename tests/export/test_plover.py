"""PLOVER/POLECAT JSONL: every line of a real export validates against the packaged JSON Schema."""

from __future__ import annotations

import copy
import io
import json

import export_samples as s
import jsonschema
import pytest

from flashpoint.export import context_from, write
from flashpoint.export.plover import json_schema


def _lines(records: list[object]) -> list[dict[str, object]]:
    buf = io.StringIO()
    write("plover", records, buf, context=context_from(s.EXTRACTIONS))  # type: ignore[arg-type]
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_event_lines_validate_and_carry_plover_fields() -> None:
    validator = jsonschema.Draft202012Validator(json_schema(), format_checker=jsonschema.FormatChecker())
    lines = _lines([e for ex in s.EXTRACTIONS for e in ex.events])
    assert len(lines) == 3
    for line in lines:
        validator.validate(line)
    first = lines[0]
    assert (first["event"], first["context"]) == ("PROTEST", [])
    assert first["actor"]["name"] == "Police Forces of Ghana (2025-)"
    assert (first["actor"]["country"], first["actor"]["type"]) == ("GHA", "GOV")
    assert (first["recipient"]["name"], first["recipient"]["type"]) == ("Protesters (Ghana)", "CVL")
    assert first["location"]["country"] == "GHA"
    assert first["stories"][0]["story_id"] == "CPA-0304"


def test_incident_lines_validate() -> None:
    validator = jsonschema.Draft202012Validator(json_schema(), format_checker=jsonschema.FormatChecker())
    lines = _lines(list(s.INCIDENTS))
    assert [line["kind"] for line in lines] == ["incident", "incident"]
    for line in lines:
        validator.validate(line)
    assert lines[0]["fatalities"] == 7
    assert len(lines[0]["stories"]) == 2


def test_schema_rejects_a_malformed_line() -> None:
    line = copy.deepcopy(_lines([s.EVENT_A])[0])
    line["actor"]["country"] = "Ghana"  # not an ISO3 code
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(line, json_schema())
