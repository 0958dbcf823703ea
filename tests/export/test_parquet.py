"""Parquet exports: a declared, typed schema per tabular format, read back with pandas."""

from __future__ import annotations

import io

import export_samples as s
import pandas as pd
import pyarrow as pa
import pytest

from flashpoint.errors import ExportError
from flashpoint.export import context_from, write
from flashpoint.export.parquet import schema, write_csv_text, write_rows


def _parquet(fmt: str, *, labels: bool = False) -> pd.DataFrame:
    text = io.StringIO()
    write(fmt, [e for ex in s.EXTRACTIONS for e in ex.events], text, context=context_from(s.EXTRACTIONS))
    out = io.BytesIO()
    write_csv_text(fmt, text.getvalue(), out, labels=labels)
    out.seek(0)
    return pd.read_parquet(out)


def test_acled_parquet_is_typed() -> None:
    frame = _parquet("acled")
    assert len(frame) == 3
    assert str(frame["year"].dtype) == "int64"
    assert str(frame["fatalities"].dtype) == "int64"
    assert str(frame["latitude"].dtype) == "float64"
    assert frame["event_id_cnty"].tolist() == ["CPA-0304", "SW-77", "SW-77-2"]


def test_ucdp_parquet_is_typed() -> None:
    frame = _parquet("ucdp")
    assert len(frame) == 2
    assert str(frame["priogrid_gid"].dtype) == "int64"
    assert str(frame["country_id"].dtype) == "int64"
    assert frame["type_of_violence"].tolist() == [3, 3]


def test_schema_is_declared_not_guessed() -> None:
    typed = schema("acled", extra=["my_id"])
    assert typed.field("iso").type == pa.int64()
    assert typed.field("my_id").type == pa.string()
    assert schema("acled", labels=True).field("inter1").type == pa.string()
    with pytest.raises(ExportError):
        schema("geojson")


def test_a_non_integer_in_an_integer_column_is_an_error() -> None:
    with pytest.raises(ExportError):
        write_rows("acled", [{"year": "twenty"}], io.BytesIO())
