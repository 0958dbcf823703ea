"""Tests for flashpoint.ingest.html: main text and metadata of saved pages, broken markup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.errors import EmptyInputError, MalformedInputError
from flashpoint.ingest.html import article_from_html, html_to_text
from flashpoint.ingest.options import IngestOptions

FIXTURES = Path(__file__).parent / "fixtures"
OPTIONS = IngestOptions()


def test_news_page_main_text_and_metadata() -> None:
    html = (FIXTURES / "pages" / "clashes_page.html").read_text(encoding="utf-8")
    article = article_from_html(html, origin="page", options=OPTIONS)
    assert "Riot police used water cannon and tear gas" in article.text
    assert "14 officers were hurt" in article.text
    assert "at least 40 were detained" in article.text
    for boilerplate in ("Most read", "Subscribe", "Copyright", "window.analytics", "font-family", "Weather"):
        assert boilerplate not in article.text
    assert article.title == "Protesters and police clash in Valparaíso"
    assert article.published == dt.date(2023, 10, 18)
    assert article.source == "The Coastal Herald"
    assert article.url == "https://coastal-herald.example/news/2023/10/18/valparaiso-clashes"


def test_date_is_not_taken_from_body_text() -> None:
    html = (
        "<html><head><title>Talks</title></head><body><article><p>Negotiators met on 4 March 2021 in Marbeck "
        "and agreed to meet again.</p><p>The talks were described as constructive by both delegations, "
        "who said a ceasefire monitoring committee would be set up.</p></article></body></html>"
    )
    assert article_from_html(html, origin="x", options=OPTIONS).published is None


def test_caller_metadata_wins() -> None:
    html = (FIXTURES / "pages" / "clashes_page.html").read_text(encoding="utf-8")
    article = article_from_html(
        html, origin="x", options=OPTIONS, title="Feed title", source="Feed", published="2023-10-19"
    )
    assert (article.title, article.source, article.published) == ("Feed title", "Feed", dt.date(2023, 10, 19))


def test_truncated_page_still_gives_its_text() -> None:
    html = "<html><head><title>Breaking</title></head><body><div><p>Soldiers opened fire on a crowd in Varsa"
    article = article_from_html(html, origin="x", options=OPTIONS)
    assert article.text == "Soldiers opened fire on a crowd in Varsa"
    assert article.title == "Breaking"


def test_page_without_text_is_empty() -> None:
    html = "<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(EmptyInputError):
        article_from_html(html, origin="x", options=OPTIONS)


def test_file_without_markup_is_not_html() -> None:
    with pytest.raises(MalformedInputError):
        article_from_html("just words, no tags at all", origin="x", options=OPTIONS)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<<<>>><</p>>", None),  # symbols only: rejected as empty
        ("<html>" + "<div>" * 20000 + "Deeply nested report text", None),  # beyond the parser's depth limit
        ("<?xml version='1.0' encoding='utf-8'?><html><body><p>Curfew lifted in Varsa.</p></body></html>", "Varsa"),
    ],
)
def test_garbage_markup_does_not_crash(html: str, expected: str | None) -> None:
    try:
        article = article_from_html(html, origin="x", options=OPTIONS)
    except (EmptyInputError, MalformedInputError):
        assert expected is None
    else:
        assert expected is not None
        assert expected in article.text


def test_fragment_to_text() -> None:
    fragment = "<p>Police <b>fired</b> tear gas.</p><p>Two were hurt.</p><script>x()</script>"
    assert html_to_text(fragment) == "Police fired tear gas.\nTwo were hurt."
    assert html_to_text("Plain summary without tags.") == "Plain summary without tags."
    assert html_to_text("   ") == ""


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\ufffe"])
def test_a_control_character_anywhere_costs_that_character_not_the_page(control: str) -> None:
    page = (
        f"{control}<script>var a = 1;</script><html><head><title>Dam{control} protest</title></head><body>"
        f"<p>Farmers block{control}aded the road to the Kalvora dam on Friday, a local official said.</p>"
        "</body></html>"
    )
    article = article_from_html(page, origin="page.html", options=IngestOptions())
    assert "Farmers blockaded the road to the Kalvora dam" in article.text
    assert "var a" not in article.text
    assert html_to_text(page) == "Farmers blockaded the road to the Kalvora dam on Friday, a local official said."
