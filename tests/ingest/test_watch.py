"""Polling feeds and pages on a local web site: conditional requests, new entries only, backoff, fallbacks.

No NLP and no internet: the site is the ``local_site`` fixture of ``tests/conftest.py`` on 127.0.0.1.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

from flashpoint.errors import ConfigError, FetchError
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.watch import (
    SourceState,
    WatchOptions,
    backoff,
    due,
    http_fetch,
    parse_interval,
    poll_source,
    read_sources,
)
from flashpoint.records import Article, Rejection

OPTIONS = WatchOptions(every=600.0, max_backoff=3600.0, timeout=5.0)
INGEST = IngestOptions()

PAGE_ONE = """<html><head><title>Clashes near the border | Invented Wire</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Clashes near the border</h1>
<p>Soldiers and fighters of the Northern Hills Front clashed near the town of Orvana on Tuesday, leaving
six fighters dead, the army announced in a statement issued on Wednesday.</p>
<p>The statement said troops had repelled an attack on a checkpoint outside Orvana before dawn. The group
did not comment. Residents said shops stayed closed for most of the day.</p>
</article><footer>Copyright Invented Wire</footer></body></html>"""

PAGE_TWO = """<html><head><title>Market protest | Invented Wire</title></head><body>
<article><h1>Traders protest new levy</h1>
<p>Several hundred market traders marched through the centre of Belmora on Wednesday to protest against a
new municipal levy, blocking the main road for about two hours before dispersing peacefully.</p>
<p>Organisers said they would march again next week if the council did not withdraw the levy.</p>
</article></body></html>"""


def rss(base: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """An RSS 2.0 feed; each item is (guid, title, link path, description)."""
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>{base}{link}</link>"
        f"<description>{text}</description><pubDate>Wed, 03 Dec 2025 09:00:00 GMT</pubDate></item>"
        for guid, title, link, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Invented Wire - World</title>'
        f"<link>{base}/</link><description>world news</description>{body}</channel></rss>"
    ).encode()


ITEMS = [
    ("iw-3", "Levy protest", "/news/2.html", "Traders marched in Belmora."),
    ("iw-2", "Gone story", "/news/missing.html", "Police dispersed a sit-in outside a ministry in Belmora on Monday."),
    ("iw-1", "Border clash", "/news/1.html", "Six fighters were killed near Orvana."),
]


@pytest.fixture
def site(local_site: Any) -> Any:
    local_site.pages["/news/1.html"] = (200, "text/html; charset=utf-8", PAGE_ONE.encode())
    local_site.pages["/news/2.html"] = (200, "text/html; charset=utf-8", PAGE_TWO.encode())
    local_site.pages["/feed.xml"] = (200, "application/rss+xml", rss(local_site.base, ITEMS))
    return local_site


def poll(state: SourceState, now: float = 1000.0, options: WatchOptions = OPTIONS) -> Any:
    return poll_source(state, now=now, fetch=http_fetch(options), options=options, ingest_options=INGEST)


def test_read_sources_skips_comments_and_names_bad_lines() -> None:
    text = "# my feeds\n\nhttps://a.example/feed.xml  # world\nhttp://b.example/page\nhttps://a.example/feed.xml\n"
    assert read_sources(text) == ["https://a.example/feed.xml", "http://b.example/page"]
    with pytest.raises(ConfigError, match=r"line 2: 'ftp://c\.example/x'.*line 3: 'not a url'"):
        read_sources("https://a.example/\nftp://c.example/x\nnot a url\n")
    with pytest.raises(ConfigError, match="no sources"):
        read_sources("# nothing yet\n")


@pytest.mark.parametrize(("text", "seconds"), [("90", 90.0), ("30s", 30.0), ("10m", 600.0), ("1.5h", 5400.0)])
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["ten", "", "0s", "-5m", "infm"])
def test_parse_interval_refuses_nonsense(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_interval(text)


def test_feed_entries_are_read_from_their_pages_oldest_first(site: Any) -> None:
    result = poll(SourceState(site.base + "/feed.xml"))
    assert result.status == "new"
    articles = [a for a in result.items if isinstance(a, Article)]
    assert [a.external_id for a in articles] == ["iw-1", "iw-2", "iw-3"]
    clash, gone, levy = articles
    # the page's main text, without its navigation or footer; the entry's metadata wins
    assert "repelled an attack on a checkpoint outside Orvana" in clash.text
    assert "Home" not in clash.text
    assert "Copyright" not in clash.text
    assert clash.title == "Border clash"
    assert clash.source == "Invented Wire - World"
    assert clash.url == site.base + "/news/1.html"
    assert clash.published is not None
    assert clash.published.isoformat() == "2025-12-03"
    assert "blocking the main road" in levy.text
    # a page that cannot be fetched falls back to the entry's own text
    assert gone.text == "Police dispersed a sit-in outside a ministry in Belmora on Monday."
    assert result.state.seen == frozenset({"iw-1", "iw-2", "iw-3"})
    assert result.state.etag
    assert result.state.next_due == 1000.0 + OPTIONS.every


def test_unchanged_feed_is_not_downloaded_again(site: Any) -> None:
    first = poll(SourceState(site.base + "/feed.xml"))
    site.requests.clear()
    second = poll(first.state, now=2000.0)
    assert second.status == "not-modified"
    assert second.items == ()
    assert site.requests == [("/feed.xml", True)]  # one conditional request, no page downloads


def test_only_new_entries_are_read_when_the_feed_changes(site: Any) -> None:
    first = poll(SourceState(site.base + "/feed.xml"))
    site.pages["/news/4.html"] = (200, "text/html", PAGE_TWO.replace("Belmora", "Tessaly").encode())
    newer = [("iw-4", "Second levy protest", "/news/4.html", "Traders marched in Tessaly."), *ITEMS[:2]]
    site.pages["/feed.xml"] = (200, "application/rss+xml", rss(site.base, newer))
    site.requests.clear()
    second = poll(first.state, now=2000.0)
    assert [a.external_id for a in second.items if isinstance(a, Article)] == ["iw-4"]
    assert "Tessaly" in second.items[0].text
    assert [path for path, _ in site.requests] == ["/feed.xml", "/news/4.html"]
    assert second.state.seen == frozenset({"iw-2", "iw-3", "iw-4"})  # iw-1 left the feed and is forgotten


def test_entries_per_poll_are_capped(site: Any) -> None:
    options = WatchOptions(every=60.0, max_entries=2, follow_links=False)
    first = poll(SourceState(site.base + "/feed.xml"), options=options)
    assert [a.external_id for a in first.items] == ["iw-1", "iw-2"]
    site.pages["/feed.xml"] = (200, "application/rss+xml", rss(site.base, [*ITEMS, ("iw-0", "x", "/y", "An extra.")]))
    second = poll(first.state, options=options)
    assert [a.external_id for a in second.items] == ["iw-0", "iw-3"]


def test_without_following_links_the_feed_text_is_used(site: Any) -> None:
    result = poll(SourceState(site.base + "/feed.xml"), options=WatchOptions(follow_links=False))
    assert next(a.text for a in result.items if isinstance(a, Article)) == "Six fighters were killed near Orvana."
    assert all(path == "/feed.xml" for path, _ in site.requests)


def test_a_page_source_is_one_report(site: Any) -> None:
    result = poll(SourceState(site.base + "/news/1.html"))
    (article,) = result.items
    assert isinstance(article, Article)
    assert "six fighters dead" in article.text
    assert article.url == site.base + "/news/1.html"


def test_an_entry_without_any_text_is_a_rejection_reported_once(site: Any) -> None:
    items = [("iw-9", "Empty", "/news/nothing.html", "")]
    site.pages["/feed.xml"] = (200, "application/rss+xml", rss(site.base, items))
    first = poll(SourceState(site.base + "/feed.xml"))
    (rejected,) = first.items
    assert isinstance(rejected, Rejection)
    assert rejected.code == "FP101"
    assert rejected.external_id == "iw-9"
    site.pages["/feed.xml"] = (200, "application/rss+xml", rss(site.base, [*items, ITEMS[2]]))
    second = poll(first.state)
    assert [a.external_id for a in second.items] == ["iw-1"]


def test_failing_source_backs_off_and_recovers(site: Any) -> None:
    site.pages["/feed.xml"] = (500, "text/plain", b"oops")
    state = SourceState(site.base + "/feed.xml")
    first = poll(state, now=0.0)
    assert first.status == "failed"
    assert first.items == ()
    assert first.state.failures == 1
    assert first.state.next_due == 2 * OPTIONS.every
    assert "HTTP 500" in (first.state.last_error or "")
    second = poll(first.state, now=first.state.next_due)
    assert second.state.failures == 2
    assert second.state.next_due == first.state.next_due + 4 * OPTIONS.every
    site.pages["/feed.xml"] = (200, "application/rss+xml", rss(site.base, ITEMS))
    third = poll(second.state, now=second.state.next_due)
    assert third.status == "new"
    assert third.state.failures == 0
    assert third.state.last_error is None


def test_unreachable_and_unreadable_sources_fail_without_raising(site: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    down = poll(SourceState(f"http://127.0.0.1:{closed}/feed.xml"))
    assert down.status == "failed"
    assert "cannot fetch" in (down.state.last_error or "")
    site.pages["/blob"] = (200, "application/octet-stream", bytes(range(256)) * 40)
    junk = poll(SourceState(site.base + "/blob"))
    assert junk.status == "failed"
    assert "unreadable" in (junk.state.last_error or "")


def test_backoff_doubles_caps_and_honours_retry_after() -> None:
    assert [backoff(n, OPTIONS) for n in (1, 2, 3)] == [1200.0, 2400.0, 3600.0]
    assert backoff(1, OPTIONS, retry_after=5000.0) == 5000.0
    assert backoff(1, OPTIONS, retry_after=5.0) == 1200.0


def test_fetch_error_carries_retry_after(site: Any) -> None:
    site.pages["/busy"] = (503, "text/plain", b"busy")
    with pytest.raises(FetchError) as caught:
        http_fetch(OPTIONS)(site.base + "/busy", {})
    assert caught.value.retry_after == 5.0
    assert caught.value.code == "FP109"


def test_due_picks_sources_whose_time_has_come() -> None:
    states = [SourceState("http://a.example/", next_due=10.0), SourceState("http://b.example/", next_due=99.0)]
    assert [s.url for s in due(states, 50.0)] == ["http://a.example/"]


def test_options_are_checked() -> None:
    with pytest.raises(ConfigError):
        WatchOptions(every=0)
    with pytest.raises(ConfigError):
        WatchOptions(max_entries=0)


def test_relative_entry_links_resolve_against_the_feed_address(site: Any) -> None:
    relative = rss("", [("iw-1", "Border clash", "/news/1.html", "Six fighters were killed near Orvana.")])
    site.pages["/feeds/world.xml"] = (200, "application/rss+xml", relative)
    result = poll(SourceState(site.base + "/feeds/world.xml"))
    (article,) = result.items
    assert isinstance(article, Article)
    assert article.url == site.base + "/news/1.html"
    assert "checkpoint outside Orvana" in article.text


def test_states_survive_a_restart_as_json(site: Any) -> None:
    from flashpoint.ingest.watch import states_from_json, states_to_json

    polled = poll(SourceState(site.base + "/feed.xml")).state
    failing = SourceState("http://b.example/", failures=2, next_due=99.0, last_error="[FP109] HTTP 500")
    again = states_from_json(states_to_json([polled, failing]))
    assert again == [polled, failing]
    site.requests.clear()
    assert poll(again[0], now=5000.0).status == "not-modified"
    assert site.requests == [("/feed.xml", True)]


@pytest.mark.parametrize("text", ["", "[]", '{"format": "other"}', '{"format": "flashpoint-watch-state/1"}'])
def test_unreadable_state_is_a_config_error(text: str) -> None:
    from flashpoint.ingest.watch import states_from_json

    with pytest.raises(ConfigError, match="unreadable watch state"):
        states_from_json(text)
