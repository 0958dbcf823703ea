"""Property-based tests of the readers: no bytes, text or markup can crash ingest or lose an input.

Budget: the ``default`` hypothesis profile in ``make test``, ``ci`` in CI (``tests/conftest.py``).
"""

from __future__ import annotations

import contextlib
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from flashpoint.errors import IngestError
from flashpoint.ingest import IngestOptions, read_stdin
from flashpoint.ingest.article import web_url
from flashpoint.ingest.decode import decode_bytes, normalise_text, strip_controls
from flashpoint.ingest.html import html_to_text
from flashpoint.records import Article, Rejection

FORMATS = st.sampled_from([None, "txt", "html", "feed", "csv", "tsv", "jsonl"])
# markup-ish text: tags, entities, comments, CDATA, scripts and stray controls mixed with words
PIECES = st.sampled_from(
    ["<p>", "</p>", "<div>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x1f;",
     "<html>", "<body>", "<?xml version='1.0'?>", "<rss>", "<item>", "<title>", "\x00", "\x1f", "\ufffe",
     "\ud800", "Rebels shelled the town.", " ", "\n", "\r\n", "\u202e", "<br/>", "<a href='javascript:x'>", ">"]
)  # fmt: skip
MARKUP = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)


def _all_items(data: bytes, fmt: str | None) -> list[Article | Rejection]:
    options = IngestOptions(stdin_format=fmt, text_column="text")
    return list(read_stdin(options, stream=io.BytesIO(data)))


@given(data=st.binary(max_size=3000), fmt=FORMATS)
def test_any_bytes_give_articles_or_rejections_never_an_exception(data: bytes, fmt: str | None) -> None:
    items = _all_items(data, fmt)
    assert items, "an input vanished without a rejection"
    assert all(isinstance(i, Article | Rejection) for i in items)
    for item in items:
        if isinstance(item, Article):
            assert item.text.strip()
            assert item.text == normalise_text(item.text)


@given(markup=MARKUP, fmt=st.sampled_from([None, "html", "feed", "txt"]))
def test_any_markup_gives_articles_or_rejections(markup: str, fmt: str | None) -> None:
    items = _all_items(markup.encode("utf-8", "surrogatepass"), fmt)
    assert items
    assert all(isinstance(i, Article | Rejection) for i in items)


@given(rows=st.lists(st.dictionaries(st.sampled_from(["text", "id", "date", "x"]), st.text(max_size=30)), max_size=8))
def test_any_jsonl_rows_each_give_an_article_or_a_rejection(rows: list[dict[str, str]]) -> None:
    data = "\n".join(json.dumps(r) for r in rows).encode()
    items = _all_items(data, "jsonl")
    assert items  # every row an article or a rejection, or one rejection for the whole file
    assert all(isinstance(i, Article | Rejection) for i in items)


@given(data=st.binary(max_size=2000))
def test_decode_raises_only_ingest_errors_and_returns_no_surrogates(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except IngestError:
        return
    normalised = normalise_text(text)
    normalised.encode("utf-8")  # no lone surrogates survive normalisation


@given(text=st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(markup=MARKUP)
def test_stripped_markup_always_parses(markup: str) -> None:
    cleaned = strip_controls(markup)
    assert strip_controls(cleaned) == cleaned
    with contextlib.suppress(IngestError):  # a typed rejection (markup lxml cannot read at all), never a crash
        html_to_text(markup)


@given(url=st.one_of(st.text(max_size=40), st.from_regex(r"\A(https?|javascript|data|file):[\x20-\x7e]{0,30}\Z")))
def test_a_kept_link_is_always_http_or_https(url: str) -> None:
    kept = web_url(url)
    assert kept is None or (kept == url and url.split(":", 1)[0].strip().lower() in ("http", "https"))
