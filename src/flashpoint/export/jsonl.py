"""JSON Lines export: one record per line, exactly as :func:`flashpoint.records.to_dict` spells it.

Reads events, incidents or whole extractions; writes one JSON object per line. The lines round-trip through
:func:`flashpoint.records.from_dict`, so this is the lossless export (every evidence span, chain link and stage
version is kept); the other formats are views of it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any, TextIO

from flashpoint.export.context import ExportContext
from flashpoint.records import Event, Extraction, Incident, to_dict

logger = logging.getLogger(__name__)

NAME = "jsonl"
VERSION = "0.1.0"


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
