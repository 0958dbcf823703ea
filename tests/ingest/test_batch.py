"""Tests for flashpoint.ingest.batch: CSV/TSV and JSONL batches, bad rows, missing columns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from flashpoint.errors import (
    EmptyInputError,
    InputTooLargeError,
    MalformedInputError,
    MissingColumnError,
)
from flashpoint.ingest.batch import read_csv, read_jsonl
from flashpoint.ingest.options import IngestOptions
from flashpoint.records import Article, Rejection

BATCHES = Path(__file__).parent / "fixtures" / "batches"
COLUMNS = IngestOptions(
    text_column="text",
    id_column="id",
    date_column="date",
    source_column="source",
    title_column="title",
    country_column="country",
)


def test_csv_rows() -> None:
    items = list(read_csv((BATCHES / "reports.csv").read_bytes(), origin="reports.csv", options=COLUMNS))
    assert len(items) == 5
    first, second, third, fourth, fifth = items
    assert isinstance(first, Article)
    assert first.external_id == "R-001"
    assert first.published == dt.date(2022, 11, 4)
    assert first.source == "Northern Star"
    assert first.title == "Checkpoint attacked"
    assert first.country_hint == "NGA"
    assert first.origin == "reports.csv:row 1"
    assert isinstance(second, Article)
    assert second.text.endswith("Police watched but did not intervene, witnesses said.")  # quoted newline
    assert second.published == dt.date(2022, 11, 5)  # 05/11/2022, day first by default
    assert second.country_hint == "KEN"
    assert isinstance(third, Rejection)
    assert third.code == EmptyInputError.code
    assert third.origin == "reports.csv:row 3"
    assert third.external_id == "R-003"
    assert isinstance(fourth, Article)
    assert fourth.country_hint == "CIV"
    assert isinstance(fifth, Article)
    assert fifth.published is None  # "not a date": kept, not rejected
    assert fifth.country_hint == "Atlantis"  # unknown country kept as given


def test_missing_named_column_rejects_file_and_names_existing_columns() -> None:
    options = IngestOptions(text_column="body", id_column="id")
    with pytest.raises(MissingColumnError) as info:
        list(read_csv((BATCHES / "reports.csv").read_bytes(), origin="r", options=options))
    assert "'body'" in info.value.message
    assert "'text'" in info.value.message
    assert "'country'" in info.value.message


def test_column_names_match_ignoring_case_and_spaces() -> None:
    data = b"ID , Notes\nx1,Protesters blocked the highway near Pelmora.\n"
    (article,) = read_csv(data, origin="r", options=IngestOptions(text_column="notes", id_column="id"))
    assert isinstance(article, Article)
    assert article.external_id == "x1"


def test_semicolon_and_tab_delimiters() -> None:
    data = "id;text\nk1;Miners marched in Potosí to demand higher wages.\n".encode("cp1252")
    (article,) = read_csv(data, origin="r", options=IngestOptions(id_column="id"))
    assert isinstance(article, Article)
    assert article.text == "Miners marched in Potosí to demand higher wages."
    (tsv,) = read_csv(b"id\ttext\nt1\tA bomb exploded.\n", origin="r", options=IngestOptions(), delimiter="\t")
    assert isinstance(tsv, Article)


def test_large_field_and_over_limit_field() -> None:
    long_text = "Fighting continued in the district. " * 8000  # 288 KB, over csv's default 128 KiB
    data = ("id,text\nbig," + long_text + "\nsmall,Two soldiers were wounded.\n").encode()
    big, small = read_csv(data, origin="r", options=IngestOptions(id_column="id"))
    assert isinstance(big, Article)
    assert isinstance(small, Article)
    tight = IngestOptions(id_column="id", max_bytes=250_000)
    items = list(read_csv(data, origin="r", options=tight))
    assert isinstance(items[0], Rejection)
    assert items[0].code == InputTooLargeError.code
    assert any(isinstance(i, Article) and i.external_id == "small" for i in items)


def test_short_row_and_hostile_values() -> None:
    data = "id,text,source\nh1\nh2,\u202eRebels\u200b seized\x07 the town.,Wire\u200b\n".encode()
    short, hostile = read_csv(data, origin="r", options=IngestOptions(id_column="id", source_column="source"))
    assert isinstance(short, Rejection)
    assert isinstance(hostile, Article)
    assert hostile.text == "Rebels seized the town."
    assert hostile.source == "Wire"


def test_header_only_and_empty_files() -> None:
    assert list(read_csv(b"id,text\n", origin="r", options=IngestOptions())) == []
    with pytest.raises(EmptyInputError):
        list(read_csv(b"\n\n", origin="r", options=IngestOptions()))


def test_jsonl_rows() -> None:
    options = IngestOptions(id_column="id", date_column="date", source_column="source", country_column="country")
    items = list(read_jsonl((BATCHES / "reports.jsonl").read_bytes(), origin="r.jsonl", options=options))
    kinds = [(type(i).__name__, i.origin) for i in items]
    assert kinds == [
        ("Article", "r.jsonl:row 1"),
        ("Article", "r.jsonl:row 2"),
        ("Rejection", "r.jsonl:row 3"),  # empty text
        ("Rejection", "r.jsonl:row 4"),  # unterminated string
        ("Rejection", "r.jsonl:row 5"),  # an array, not an object
        ("Article", "r.jsonl:row 7"),  # line 6 is blank
    ]
    one, two, empty, broken, array, five = items
    assert isinstance(one, Article)
    assert one.country_hint == "PAK"
    assert one.published == dt.date(2023, 9, 4)
    assert isinstance(two, Article)
    assert two.published == dt.date(2023, 9, 5)
    assert isinstance(empty, Rejection)
    assert empty.code == EmptyInputError.code
    assert empty.external_id == "J-3"
    assert isinstance(broken, Rejection)
    assert broken.code == MalformedInputError.code
    assert isinstance(array, Rejection)
    assert array.code == MalformedInputError.code
    assert isinstance(five, Article)
    assert five.external_id == "5"
    assert five.source == "Port Gazette"
    assert five.country_hint is None


def test_jsonl_without_text_field_and_non_string_text() -> None:
    with pytest.raises(MissingColumnError, match="'body'"):
        list(read_jsonl(b'{"body": "x"}\n', origin="r", options=IngestOptions()))
    rows = [{"text": "Clashes erupted in Orlo."}, {"body": "no text key"}, {"text": ["a", "list"]}]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    ok, missing, wrong = read_jsonl(data, origin="r", options=IngestOptions())
    assert isinstance(ok, Article)
    assert isinstance(missing, Rejection)
    assert missing.code == MissingColumnError.code
    assert isinstance(wrong, Rejection)
    assert wrong.code == MalformedInputError.code


def test_json_array_and_u2028_inside_strings() -> None:
    data = json.dumps([{"text": "Line one\u2028line two of a report."}], ensure_ascii=False).encode()
    (article,) = read_jsonl(data, origin="r", options=IngestOptions())
    assert isinstance(article, Article)
    assert article.text == "Line one\nline two of a report."
    jsonl = '{"text": "A report\u2028with a separator."}\n'.encode()
    (single,) = read_jsonl(jsonl, origin="r", options=IngestOptions())
    assert isinstance(single, Article)


def test_lone_surrogate_in_json_does_not_crash() -> None:
    (article,) = read_jsonl(b'{"text": "Troops \\ud800 withdrew."}', origin="r", options=IngestOptions())
    assert isinstance(article, Article)
    assert article.text == "Troops  withdrew."
