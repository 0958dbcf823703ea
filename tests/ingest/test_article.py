"""Tests for flashpoint.ingest.article: assembling an Article (here: which links are kept)."""

from __future__ import annotations

import pytest

from flashpoint.ingest.article import build_article, web_url
from flashpoint.ingest.options import IngestOptions


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://news.example.org/a/1", True),
        ("HTTP://news.example.org/a/1", True),
        ("javascript:alert(1)", False),
        ("JavaScript://%0aalert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("vbscript:msgbox", False),
        ("/relative/path", False),
        ("http:no-slashes", False),
    ],
)
def test_only_http_and_https_links_are_kept(given: str, kept: bool) -> None:
    assert (web_url(given) == given) is kept
    if not kept:
        assert web_url(given) is None


def test_an_article_never_carries_a_script_link() -> None:
    article = build_article(
        "Riot police broke up a sit-in at the water ministry in Dorvan on Sunday.",
        url="javascript:fetch('/api/rejections')",
        origin="x.txt",
        options=IngestOptions(),
    )
    assert article.url is None
