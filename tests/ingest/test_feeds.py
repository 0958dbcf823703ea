"""Tests for flashpoint.ingest.feeds: RSS and Atom entries, linked local pages, malformed feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.errors import EmptyInputError, MalformedInputError
from flashpoint.ingest.feeds import read_feed
from flashpoint.ingest.options import IngestOptions
from flashpoint.records import Article, Rejection

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
OPTIONS = IngestOptions()
QUIET = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'


def _read(name: str, base_dir: Path | None = FEEDS) -> list[Article | Rejection]:
    path = FEEDS / name
    return list(read_feed(path.read_bytes(), origin=str(path), options=OPTIONS, base_dir=base_dir))


def test_rss_entries() -> None:
    items = _read("wire_rss.xml")
    assert all(isinstance(i, Article) for i in items)
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 3
    talks, shelling = articles[1], articles[2]
    assert talks.title == "Talks on prisoner exchange resume"
    assert talks.text == (
        "Negotiators from both sides met in Solvan on Tuesday to resume talks on an exchange of prisoners, "
        "a mediator said. No agreement was announced."
    )
    assert talks.source == "Gulf Wire Service - Region"
    assert talks.external_id == "gws-2024-0206-0003"
    assert talks.url == "https://gulfwire.example/2024/02/06/prisoner-talks"
    assert talks.published == dt.date(2024, 2, 6)
    assert talks.origin is not None
    assert talks.origin.endswith("wire_rss.xml:entry 2")
    # content:encoded wins over the teaser in <description>
    assert shelling.text.startswith("Artillery shelling hit three villages south of Taiz")
    assert "Teaser" not in shelling.text


def test_linked_local_page_is_read_instead_of_teaser() -> None:
    depot = _read("wire_rss.xml")[0]
    assert isinstance(depot, Article)
    assert "Two guards were killed and four workers were injured" in depot.text
    assert "Short teaser only" not in depot.text
    assert "Home" not in depot.text
    # entry metadata kept; local time date not shifted to UTC
    assert depot.title == "Explosion damages fuel depot in port district"
    assert depot.published == dt.date(2024, 2, 5)
    assert depot.source == "Gulf Wire Service - Region"
    assert depot.external_id == "gws-2024-0205-0017"
    assert depot.url == "https://gulfwire.example/2024/02/05/fuel-depot"  # the saved page's canonical URL


def test_links_are_not_followed_without_a_folder() -> None:
    depot = _read("wire_rss.xml", base_dir=None)[0]
    assert isinstance(depot, Article)
    assert depot.text == "A drone struck a fuel depot. Short teaser only."


def test_links_outside_the_feed_folder_are_ignored(tmp_path: Path) -> None:
    secret = tmp_path / "outside.html"
    secret.write_text("<html><body><p>Not next to the feed.</p></body></html>", encoding="utf-8")
    inner = tmp_path / "feeds"
    inner.mkdir()
    feed = (
        '<rss version="2.0"><channel><title>T</title><item><title>A</title><link>../outside.html</link>'
        "<description>Entry text stays.</description></item></channel></rss>"
    )
    items = list(read_feed(feed.encode(), origin="f", options=OPTIONS, base_dir=inner))
    assert isinstance(items[0], Article)
    assert items[0].text == "Entry text stays."


def test_atom_entries() -> None:
    flee, convoy = _read("bulletin_atom.atom")
    assert isinstance(flee, Article)
    assert isinstance(convoy, Article)
    assert flee.text.startswith("An estimated 12,000 people have fled their homes")
    assert flee.published == dt.date(2024, 5, 1)  # published, not updated; 22:30 +02:00 stays May 1
    assert flee.external_id == "urn:bulletin:2024:0412"
    assert flee.source == "Humanitarian Bulletin"
    assert convoy.published == dt.date(2024, 5, 2)  # only <updated>
    assert convoy.text.startswith("A convoy of 18 trucks")


def test_entry_without_text_is_rejected_and_others_go_on() -> None:
    feed = (
        '<rss version="2.0"><channel><title>T</title>'
        "<item><title>Empty</title><guid>e-1</guid></item>"
        "<item><title>Full</title><guid>e-2</guid><description>Rebels shelled the airport.</description></item>"
        "</channel></rss>"
    )
    empty, full = read_feed(feed.encode(), origin="f.xml", options=OPTIONS)
    assert isinstance(empty, Rejection)
    assert empty.code == EmptyInputError.code
    assert empty.origin == "f.xml:entry 1"
    assert empty.external_id == "e-1"
    assert empty.stage.startswith("ingest@")
    assert isinstance(full, Article)


def test_truncated_feed_reports_the_damage_and_keeps_readable_entries() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>One</title><description>Police dispersed a march in Ostrel.</description></item>"
        b"<item><title>Two</title><description>Unfinished"
    )
    items = list(read_feed(feed, origin="f.xml", options=OPTIONS))
    assert isinstance(items[0], Rejection)
    assert items[0].code == MalformedInputError.code
    assert any(isinstance(i, Article) and "Ostrel" in i.text for i in items)


def test_feed_broken_before_any_content_gives_only_rejections() -> None:
    items = list(read_feed(b"<rss><channel><title>x</title><item><title>broken", origin="f", options=OPTIONS))
    assert [i.code for i in items if isinstance(i, Rejection)] == [MalformedInputError.code, EmptyInputError.code]
    assert len(items) == 2


@pytest.mark.parametrize("data", [b"not a feed at all", b"<html><body><p>A page</p></body></html>", b"<rss"])
def test_unreadable_feed_raises(data: bytes) -> None:
    with pytest.raises(MalformedInputError):
        list(read_feed(data, origin="f", options=OPTIONS))


def test_feed_without_entries_is_empty() -> None:
    with pytest.raises(EmptyInputError):
        list(
            read_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', origin="f", options=OPTIONS)
        )
