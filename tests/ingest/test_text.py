"""Tests for flashpoint.ingest.text: header lines and body of plain-text reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.errors import EmptyInputError
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.text import article_from_text, split_header

FIXTURES = Path(__file__).parent / "fixtures"


def test_header_block_becomes_metadata() -> None:
    path = FIXTURES / "reports" / "curfew_headers.txt"
    article = article_from_text(path.read_text(encoding="utf-8"), origin=str(path), options=IngestOptions())
    assert article.title == "Curfew imposed in Brenmoor after night of clashes"
    assert article.published == dt.date(2023, 7, 13)
    assert article.source == "Lakeside Courier"
    assert article.url == "https://lakeside-courier.example/2023/07/13/kisumu-curfew"
    assert article.text.startswith("Authorities in Brenmoor imposed a dusk-to-dawn curfew")
    assert "Title:" not in article.text
    assert article.origin == str(path)


def test_no_header_keeps_everything() -> None:
    text = (FIXTURES / "reports" / "market_plain.txt").read_text(encoding="utf-8")
    article = article_from_text(text, origin="x", options=IngestOptions())
    assert article.title is None
    assert article.published is None
    assert article.text.startswith("Gunmen on motorcycles attacked a cattle market")


def test_first_paragraph_that_looks_like_a_header_is_body() -> None:
    text = "Update: police said on Monday that 14 people had been arrested.\n\nThe curfew remains in force."
    report = split_header(text)
    assert report.body == text
    assert report.title is None


def test_mixed_block_is_not_a_header() -> None:
    text = "Title: Clashes in Varsa\nSoldiers and gunmen exchanged fire near the airport.\n\nMore follows."
    assert split_header(text).body == text


def test_unknown_keys_are_ignored_and_aliases_understood() -> None:
    text = "Headline: Strike in Tirelo\nAuthor: Desk\nPublished: 2 May 2024\nLink: https://x.example/a\n\nBody."
    report = split_header(text)
    assert (report.title, report.published, report.url, report.body) == (
        "Strike in Tirelo",
        "2 May 2024",
        "https://x.example/a",
        "Body.",
    )


def test_windows_line_endings_and_blank_line_with_spaces() -> None:
    text = "Title: Ceasefire holds\r\nSource: Wire\r\n   \r\nThe ceasefire held overnight.\r\n"
    article = article_from_text(text, origin="x", options=IngestOptions())
    assert article.title == "Ceasefire holds"
    assert article.source == "Wire"
    assert article.text == "The ceasefire held overnight."


def test_headers_without_body_are_empty() -> None:
    with pytest.raises(EmptyInputError):
        article_from_text("Title: Nothing here\nDate: 2024-01-01\n\n   \n", origin="x", options=IngestOptions())


def test_bad_date_header_does_not_reject_the_report() -> None:
    article = article_from_text("Date: sometime soon\n\nTroops withdrew.", origin="x", options=IngestOptions())
    assert article.published is None
    assert article.text == "Troops withdrew."
