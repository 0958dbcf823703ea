"""JSON Lines export: one record per line, exactly as :func:`flashpoint.records.to_dict` spells it.

Reads events, incidents or whole extractions; writes one JSON object per line. The lines round-trip through
:func:`flashpoint.records.from_dict`, so this is the lossless export (every evidence span, chain link and stage
version is kept); the other formats are views of it.

:func:`json_schema` gives the JSON Schema (draft 2020-12) of a line, built from the record classes themselves
(through pydantic's schema generator, used here only to describe the records), so the schema can never fall
behind a change to :mod:`flashpoint.records`; ``flashpoint export --format jsonl --schema`` writes it to a file.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any, TextIO

from flashpoint.errors import ExportError
from flashpoint.export.context import ExportContext
from flashpoint.records import Event, Extraction, Incident, to_dict

logger = logging.getLogger(__name__)

NAME = "jsonl"
VERSION = "0.2.0"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The record class of each kind of line.
RECORDS: dict[str, type] = {"event": Event, "incident": Incident, "extraction": Extraction}


def write_records(records: Sequence[Any], stream: TextIO) -> int:
    """Write ``to_dict(record)`` for each record, one per line; returns the number of lines."""
    for record in records:
        stream.write(json.dumps(to_dict(record), ensure_ascii=False, sort_keys=False))
        stream.write("\n")
    return len(records)


def write_events(events: Sequence[Event], stream: TextIO, *, context: ExportContext) -> int:
    """One event per line (the context is not needed: events are written losslessly)."""
    return write_records(events, stream)


def write_incidents(incidents: Sequence[Incident], stream: TextIO, *, context: ExportContext) -> int:
    """One incident per line, with its figure histories and every revision."""
    return write_records(incidents, stream)


def write_extractions(extractions: Sequence[Extraction], stream: TextIO, *, context: ExportContext) -> int:
    """One extraction (article + events + figures + caveats + claims) per line."""
    return write_records(extractions, stream)


def json_schema(kind: str = "event") -> dict[str, Any]:
    """The JSON Schema of one line of an ``event``, ``incident`` or ``extraction`` export."""
    from pydantic import TypeAdapter

    record = RECORDS.get(kind)
    if record is None:
        raise ExportError(f"no JSON Schema for {kind!r}; kinds: {', '.join(RECORDS)}")
    schema: dict[str, Any] = TypeAdapter(record).json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": f"flashpoint/jsonl_{kind}.schema.json", **schema}
