"""Parquet for every tabular export (ACLED, UCDP GED), with a typed pyarrow schema.

Reads the rows a tabular writer produces (dicts of strings, or the CSV text it wrote); writes one Parquet file
whose schema is declared per format, not guessed from the data: integer columns are ``int64``, coordinates
``float64``, everything else ``string``; an empty cell is a null. Typed readers (pandas, DuckDB, Arrow) then read
``year`` as an integer even when some rows have no date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from flashpoint.errors import ExportError
from flashpoint.export import acled, ucdp

NAME = "parquet"
VERSION = "0.1.0"

#: The tabular formats: their columns, and which of them hold integers and floats.
TABLES: Mapping[str, tuple[Sequence[str], frozenset[str], frozenset[str]]] = {
    "acled": (
        acled.columns(),
        acled.INTEGER_COLUMNS | {"fatalities_low", "fatalities_high"},
        acled.FLOAT_COLUMNS,
    ),
    "ucdp": (ucdp.COLUMNS, ucdp.INTEGER_COLUMNS, ucdp.FLOAT_COLUMNS),
}
#: Columns that become text when ACLED's inter labels are asked for.
LABEL_COLUMNS = frozenset({"inter1", "inter2", "interaction"})


def schema(format: str, *, extra: Sequence[str] = (), labels: bool = False) -> Any:
    """The pyarrow schema of a tabular format (``extra`` id columns are strings)."""
    import pyarrow as pa

    if format not in TABLES:
        raise ExportError(f"no Parquet schema for {format!r}; tabular formats: {', '.join(sorted(TABLES))}")
    columns, ints, floats = TABLES[format]
    if labels:
        ints = ints - LABEL_COLUMNS
    names = [*columns, *(c for c in extra if c not in columns)]
    fields = [
        pa.field(name, pa.int64() if name in ints else pa.float64() if name in floats else pa.string())
        for name in names
    ]
    return pa.schema(fields)


def _cell(value: str | None, kind: Any) -> Any:
    import pyarrow as pa

    if value is None or value == "":
        return None
    try:
        if kind == pa.int64():
            return int(value)
        if kind == pa.float64():
            return float(value)
    except ValueError as exc:
        raise ExportError(f"cannot store {value!r} as {kind}") from exc
    return value


def write_rows(
    format: str,
    rows: Iterable[Mapping[str, str]],
    stream: IO[bytes],
    *,
    extra: Sequence[str] = (),
    labels: bool = False,
) -> int:
    """Write ``rows`` of a tabular format as Parquet to a binary ``stream``; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    typed = schema(format, extra=extra, labels=labels)
    data: dict[str, list[Any]] = {f.name: [] for f in typed}
    count = 0
    for row in rows:
        for field in typed:
            data[field.name].append(_cell(row.get(field.name), field.type))
        count += 1
    table = pa.Table.from_pydict(data, schema=typed)
    pq.write_table(table, stream)
    return count


def write_csv_text(format: str, text: str, stream: IO[bytes], *, labels: bool = False) -> int:
    """Turn the CSV a tabular writer produced into Parquet (its extra leading id columns kept as strings)."""
    reader = csv.DictReader(io.StringIO(text))
    columns = TABLES[format][0] if format in TABLES else ()
    extra = [c for c in reader.fieldnames or () if c not in columns]
    return write_rows(format, reader, stream, extra=extra, labels=labels)
