"""CSV/TSV and JSONL batches -> one Article per row.

Reads a batch file's bytes and the column names of :class:`~flashpoint.ingest.options.IngestOptions`
(``text_column``, ``date_column``, ``id_column``, ``source_column``, ``title_column``,
``country_column``); writes an :class:`~flashpoint.records.Article` or a
:class:`~flashpoint.records.Rejection` per row, in file order. One bad row is one Rejection with origin
``path:row N`` and the batch goes on. Row numbers are 1-based: for CSV, N counts records after the header
(a record may span several lines); for JSONL, N is the line number.

A named column that is not in the file rejects the whole file up front with
:class:`~flashpoint.errors.MissingColumnError`, naming the columns that do exist: a misspelt
``--date-column`` would otherwise silently drop every date. Column names are matched exactly, then
ignoring case and surrounding spaces.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence

from flashpoint.errors import (
    EmptyInputError,
    FlashpointError,
    InputTooLargeError,
    MalformedInputError,
    MissingColumnError,
)
from flashpoint.ingest.article import build_article, rejection
from flashpoint.ingest.decode import decode_bytes, normalise_field
from flashpoint.ingest.options import IngestOptions
from flashpoint.records import Article, Rejection

log = logging.getLogger(__name__)

_DELIMITERS = (",", ";", "\t", "|")
_FIELDS = (
    ("text_column", "text"),
    ("date_column", "published"),
    ("id_column", "external_id"),
    ("source_column", "source"),
    ("title_column", "title"),
    ("country_column", "country"),
)

Getter = Callable[[str], object]


def named_columns(options: IngestOptions) -> dict[str, str]:
    """Article field -> the column name the options give for it (only the named ones)."""
    named = {field: getattr(options, option) for option, field in _FIELDS}
    return {field: column for field, column in named.items() if column}


#: How close a column name must be to a missing one to be suggested (difflib ratio; 0.6 is difflib's own
#: default: one or two letters wrong in a short name, a plural, a changed case).
SUGGEST_CUTOFF = 0.6


def _did_you_mean(missing: str, present: Sequence[str]) -> str:
    """`` (did you mean `notes`?)`` for the column closest to a missing one, or an empty string."""
    folded = {name.casefold(): name for name in present}
    close = difflib.get_close_matches(missing.casefold(), list(folded), n=1, cutoff=SUGGEST_CUTOFF)
    return f" (did you mean `{folded[close[0]]}`?)" if close else ""


def _resolve_columns(present: Sequence[str], options: IngestOptions, kind: str) -> dict[str, str]:
    """Map every named column to the name it has in the file, or raise MissingColumnError."""
    exact = set(present)
    loose: dict[str, list[str]] = {}
    for name in present:
        loose.setdefault(name.strip().casefold(), []).append(name)
    resolved: dict[str, str] = {}
    missing: list[str] = []
    for field, column in named_columns(options).items():
        if column in exact:
            resolved[field] = column
        elif len(loose.get(column.strip().casefold(), [])) == 1:
            resolved[field] = loose[column.strip().casefold()][0]
        else:
            missing.append(column)
    if missing:
        shown = ", ".join(repr(c) for c in present[:40]) or "none"
        more = f" (and {len(present) - 40} more)" if len(present) > 40 else ""
        hints = [_did_you_mean(m, present) for m in missing]
        hint = "".join(h for h in hints if h)
        raise MissingColumnError(
            f"the {kind} has no column {', '.join(repr(m) for m in missing)}{hint}; its columns are: {shown}{more}"
        )
    return resolved


def _row_article(get: Getter, columns: Mapping[str, str], *, origin: str, options: IngestOptions) -> Article:
    text = get(columns["text"])
    if text is None:
        raise EmptyInputError(f"the {columns['text']!r} field is missing or empty")
    if not isinstance(text, str):
        raise MalformedInputError(f"the {columns['text']!r} field is a {type(text).__name__}, not text")
    meta = {field: get(column) for field, column in columns.items() if field != "text"}
    return build_article(text, origin=origin, options=options, **meta)


def _external_id(get: Getter, columns: Mapping[str, str]) -> str | None:
    column = columns.get("external_id")
    return normalise_field(get(column), limit=300) if column else None


# --- CSV ------------------------------------------------------------------------------------------------


def _raise_field_limit(limit: int) -> None:
    # The csv module's default field limit (128 KiB) is smaller than a long report; the limit is
    # process-wide in the csv module, so it is only ever raised, never lowered.
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _guess_delimiter(first_line: str, text_column: str, default: str) -> str:
    """The delimiter whose split of the header line contains the text column (else ``default``)."""
    want = text_column.strip().casefold()
    for delimiter in (default, *_DELIMITERS):
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # a stray carriage return or quote in the header: the header row reports it
            continue
        if any(cell.strip().casefold() == want for cell in cells):
            return delimiter
    return default


def read_csv(
    data: bytes, *, origin: str, options: IngestOptions, delimiter: str = ","
) -> Iterator[Article | Rejection]:
    """Every row of a CSV (or TSV, with ``delimiter="\\t"``) batch as an Article or a Rejection.

    Raises :class:`MissingColumnError`, :class:`EmptyInputError` or a decoding error for the whole file.
    """
    text = decode_bytes(data).replace("\x00", "")
    first_line = text.split("\n", 1)[0]
    delimiter = _guess_delimiter(first_line, options.text_column, delimiter)
    _raise_field_limit(options.max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise EmptyInputError("the CSV file has no header row")
    header = [normalise_field(cell) or "" for cell in header]
    columns = _resolve_columns(header, options, "CSV file")
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            error: FlashpointError = (
                InputTooLargeError(f"a field is over the limit of {options.max_bytes:,} characters")
                if "field larger" in str(exc)
                else MalformedInputError(f"unreadable CSV record: {exc}")
            )
            yield rejection(f"{origin}:row {number}", error)
            continue
        if not row:
            continue  # a blank line: the csv module's own convention, not a record
        number += 1
        where = f"{origin}:row {number}"

        def get(column: str, row: list[str] = row) -> object:
            i = index[column]
            return row[i] if i < len(row) and row[i] != "" else None

        try:
            yield _row_article(get, columns, origin=where, options=options)
        except FlashpointError as exc:
            yield rejection(where, exc, external_id=_external_id(get, columns))


# --- JSONL ----------------------------------------------------------------------------------------------


def _json_records(text: str) -> Iterator[tuple[int, object, str | None]]:
    """(row number, parsed record, error) for each non-blank line; a JSON array is read whole."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise MalformedInputError(f"not a JSON array of records: {exc}") from exc
        for number, item in enumerate(items if isinstance(items, list) else [items], start=1):
            yield number, item, None
        return
    # Split on "\n" only: str.splitlines() also splits on U+2028, which JSON strings may contain raw.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"not a JSON record: {exc.msg} (column {exc.colno})"
        except RecursionError:
            yield number, None, "not a JSON record: nested too deeply"


def _json_value(value: object) -> object:
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, bool | int | float):
        return str(value)
    return value  # lists and objects: the text field rejects them, metadata fields stringify them


def read_jsonl(data: bytes, *, origin: str, options: IngestOptions) -> Iterator[Article | Rejection]:
    """Every record of a JSON Lines batch (or a JSON array of objects) as an Article or a Rejection.

    JSON records often leave out empty fields, so only the text field is required of the first record
    (:class:`MissingColumnError` for the whole file, naming the keys it has); other named fields may be
    absent from any record. A named field absent from *every* record is logged as a warning.
    """
    text = decode_bytes(data)
    columns = named_columns(options)
    seen: set[str] = set()
    checked = False
    empty = True
    for number, record, problem in _json_records(text):
        empty = False
        where = f"{origin}:row {number}"
        if problem is not None:
            yield rejection(where, MalformedInputError(problem))
            continue
        if not isinstance(record, dict):
            yield rejection(where, MalformedInputError(f"a JSON {type(record).__name__}, not an object"))
            continue
        if not checked and columns["text"] not in record:
            keys = ", ".join(repr(str(k)) for k in list(record)[:40]) or "none"
            raise MissingColumnError(f"the first JSON record has no {columns['text']!r} field; its fields are: {keys}")
        checked = True
        seen.update(column for column in columns.values() if column in record)

        def get(column: str, record: dict[str, object] = record) -> object:
            value = record.get(column)
            return value if column == columns["text"] else _json_value(value)

        try:
            if columns["text"] not in record:
                raise MissingColumnError(f"the record has no {columns['text']!r} field")
            yield _row_article(get, columns, origin=where, options=options)
        except FlashpointError as exc:
            yield rejection(where, exc, external_id=_external_id(get, columns))
    if empty:
        raise EmptyInputError("the JSON Lines file has no records")
    never = sorted(set(columns.values()) - seen)
    if never:
        log.warning("%s: no record has the named field(s) %s", origin, ", ".join(repr(c) for c in never))
