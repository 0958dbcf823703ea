"""Ingest: files, HTML pages, feeds, batches, folders and stdin -> :class:`~flashpoint.records.Article`.

The only stage that reads input from outside. Every input either becomes an Article or a
:class:`~flashpoint.records.Rejection` with a stable error code; nothing is dropped silently.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from flashpoint.records import Article, Rejection


@dataclasses.dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options for reading reports. Column names apply to CSV/JSONL batches."""

    text_column: str = "text"
    date_column: str | None = None
    id_column: str | None = None
    source_column: str | None = None
    title_column: str | None = None
    country_column: str | None = None
    max_bytes: int = 20_000_000


def read_paths(paths: Sequence[str | Path], options: IngestOptions) -> Iterator[Article | Rejection]:
    """Read every report under ``paths`` ("-" is stdin), in a stable order."""
    raise NotImplementedError  # implemented by the ingest work
