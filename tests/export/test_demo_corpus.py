"""The bundled demo corpus (package data read by ``make demo``) is complete and well formed."""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files

import feedparser

DEMO = files("flashpoint") / "data" / "demo" / "reports"
HEADER = re.compile(r"^(Title|Date|Source|URL): .+$")


def _reports() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in DEMO.iterdir() if p.name.endswith(".txt")}


def test_at_least_twelve_text_reports_with_headers() -> None:
    reports = _reports()
    assert len(reports) >= 12
    for name, text in reports.items():
        head, sep, body = text.partition("\n\n")
        assert sep, name
        lines = head.splitlines()
        assert [ln.split(":", 1)[0] for ln in lines] == ["Title", "Date", "Source", "URL"], name
        assert all(HEADER.match(ln) for ln in lines), name
        dt.date.fromisoformat(lines[1].removeprefix("Date: "))
        assert len(body.split()) >= 40, name


def test_corpus_covers_what_the_demo_must_show() -> None:
    body = " ".join(_reports().values()).lower()
    for needle in ("independently", "told", "according to", "reportedly", "overnight", "dismissed", "arrested"):
        assert needle in body
    assert "deployed soldiers" in body
    # one near-identical copy: the two Kumasi wire texts share their first paragraph
    reports = _reports()
    first = reports["02_kumasi_clash_cpa.txt"].split("\n\n")[1]
    assert first == reports["03_kumasi_clash_harmattan_copy.txt"].split("\n\n")[1]


def test_feed_and_html_page() -> None:
    feed = feedparser.parse((DEMO / "regional_feed.rss").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 2
    assert all(e.get("content") for e in feed.entries)
    html = (DEMO / "sunyani_teargas.html").read_text(encoding="utf-8")
    assert "<article>" in html
    assert "article:published_time" in html


def test_readme_has_source_and_licence() -> None:
    readme = (DEMO.parent / "README.md").read_text(encoding="utf-8")
    assert "Source:" in readme
    assert "CC0" in readme
