"""Options and stage identity shared by every ingest reader.

Reads nothing; defines :class:`IngestOptions` (column names for batches, size limits, date order) and the
``ingest@VERSION`` stage name written into every :class:`~flashpoint.records.Rejection`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from flashpoint.errors import ConfigError

NAME = "ingest"
VERSION = "0.2.0"
STAGE = f"{NAME}@{VERSION}"

STDIN_FORMATS = frozenset({"txt", "html", "feed", "csv", "tsv", "jsonl"})


@dataclasses.dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options for reading reports. Column names apply to CSV/JSONL batches.

    ``max_bytes`` limits one report (a text or HTML file, a batch row, a linked page); ``max_batch_bytes``
    limits a whole batch or feed file. ``date_order`` ("DMY" or "MDY") only decides numeric dates whose
    day and month are both 12 or less ("03/04/2021"). ``stdin_format`` forces the format of "-" instead of
    sniffing it (one of ``txt html feed csv tsv jsonl``). ``published`` is the publication date of reports
    that carry none of their own (``flashpoint ingest --published``).
    """

    text_column: str = "text"
    date_column: str | None = None
    id_column: str | None = None
    source_column: str | None = None
    title_column: str | None = None
    country_column: str | None = None
    max_bytes: int = 20_000_000
    max_batch_bytes: int = 2_000_000_000
    date_order: str = "DMY"
    stdin_format: str | None = None
    published: dt.date | None = None  # publication date assumed for every report that gives none

    def __post_init__(self) -> None:
        if self.date_order not in ("DMY", "MDY"):
            raise ConfigError(f"date_order must be 'DMY' or 'MDY', not {self.date_order!r}")
        if self.stdin_format is not None and self.stdin_format not in STDIN_FORMATS:
            raise ConfigError(f"stdin_format must be one of {sorted(STDIN_FORMATS)}, not {self.stdin_format!r}")
        if self.max_bytes <= 0 or self.max_batch_bytes <= 0:
            raise ConfigError("max_bytes and max_batch_bytes must be positive")
        if not self.text_column:
            raise ConfigError("text_column must be a column name")
