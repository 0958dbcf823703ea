"""Polling live sources: RSS/Atom feeds and web pages -> new Articles, with conditional requests and backoff.

Reads a list of source URLs and, on each poll of one source, its HTTP response; writes the
:class:`~flashpoint.records.Article` records it had not produced before (and a
:class:`~flashpoint.records.Rejection` for each entry or page that could not be read), plus the source's new
:class:`SourceState`. This is the only module of Flashpoint that downloads; it never analyses or stores
(:mod:`flashpoint.live` runs the pipeline and the ledger over what it returns).

One poll of one source, step by step:

1. *Due?* A source is polled when its ``next_due`` time has come (healthy sources every
   :attr:`WatchOptions.every` seconds; failing ones later, see 5).
2. *Conditional request.* The ETag and Last-Modified of the last answer are sent back as ``If-None-Match`` /
   ``If-Modified-Since``; ``304 Not Modified`` ends the poll with nothing new and costs the server nothing.
3. *Feed or page.* The body is sniffed (:func:`~flashpoint.ingest.files.sniff_format`). A feed's entries not
   seen before (by entry id, else link) are read newest-last, at most :attr:`WatchOptions.max_entries` per poll;
   each entry's linked page is downloaded and its main text extracted with trafilatura (the entry's own
   title, date, feed title and id win over the page's), falling back to the entry's own text when the page
   cannot be fetched or read. Any other body is read as one report (an HTML page through trafilatura).
4. *Seen.* An entry is marked seen once it gave an Article or a final Rejection, so a broken entry is
   reported once, not on every poll. Reports already stored are recognised later by their content hash.
5. *Backoff.* A failed poll (network error, timeout, HTTP error, unreadable body) doubles the wait:
   ``every * 2**failures`` capped at :attr:`WatchOptions.max_backoff`, or the server's ``Retry-After`` when that
   is longer. The first good answer resets it. Other sources are unaffected.
"""

from __future__ import annotations

import dataclasses
import email.utils
import io
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urljoin, urlparse

from flashpoint import __version__
from flashpoint.errors import ConfigError, FetchError, FlashpointError, IngestError
from flashpoint.ingest.article import rejection
from flashpoint.ingest.decode import declared_encoding, decode_bytes, normalise_field
from flashpoint.ingest.feeds import _entry_article, _entry_date
from flashpoint.ingest.files import read_bytes, sniff_format
from flashpoint.ingest.html import article_from_html
from flashpoint.ingest.options import IngestOptions
from flashpoint.records import Article, Rejection

log = logging.getLogger(__name__)

Item = Article | Rejection


@dataclasses.dataclass(frozen=True, slots=True)
class WatchOptions:
    """How often and how politely sources are polled.

    ``every``: seconds between polls of a healthy source (the CLI's ``--every``; 10 minutes by default, the
    usual refresh interval that news feeds ask of readers). ``max_backoff``: the longest wait after repeated
    failures (6 hours: a source that is down for a day is still tried four times). ``timeout``: seconds for
    one HTTP request. ``max_entries``: new feed entries read per poll (a feed that suddenly lists hundreds of
    old entries is read over several polls, newest last). ``follow_links``: download each entry's page (off:
    use only the text the feed carries). ``max_bytes``: the largest response read (a larger one fails the
    poll rather than filling memory).
    """

    every: float = 600.0
    max_backoff: float = 6 * 3600.0
    timeout: float = 20.0
    max_entries: int = 50
    follow_links: bool = True
    max_bytes: int = 20_000_000
    user_agent: str = f"flashpoint/{__version__} (news monitoring; conditional requests)"

    def __post_init__(self) -> None:
        if self.every <= 0 or self.max_backoff <= 0 or self.timeout <= 0:
            raise ConfigError("every, max_backoff and timeout must be positive numbers of seconds")
        if self.max_entries < 1 or self.max_bytes < 1:
            raise ConfigError("max_entries and max_bytes must be at least 1")


@dataclasses.dataclass(frozen=True, slots=True)
class Response:
    """One HTTP answer: status, headers (lower-case names), body, and the final URL after redirects."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str


#: Downloads one URL with extra request headers; raises :class:`FetchError` on network or HTTP failure.
Fetch = Callable[[str, Mapping[str, str]], Response]


@dataclasses.dataclass(frozen=True, slots=True)
class SourceState:
    """What is remembered about one source between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    seen: frozenset[str] = frozenset()
    failures: int = 0
    next_due: float = 0.0
    last_error: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class PollResult:
    """The outcome of polling one source: ``status`` is ``new``, ``not-modified`` or ``failed``."""

    state: SourceState
    status: str
    items: tuple[Item, ...] = ()
    note: str = ""


def read_sources(text: str) -> list[str]:
    """The source URLs listed in ``text``: one per line; blank lines and ``#`` comments are skipped.

    Raises :class:`ConfigError` naming every line that is not an http(s) URL, and when no source is listed.
    """
    urls: list[str] = []
    bad: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        parsed = urlparse(line)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            bad.append(f"line {number}: {line!r}")
        elif line not in urls:
            urls.append(line)
    if bad:
        raise ConfigError("not an http(s) URL: " + "; ".join(bad))
    if not urls:
        raise ConfigError("no sources listed (one http(s) URL per line)")
    return urls


_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_interval(text: str) -> float:
    """Seconds in an interval written ``90``, ``90s``, ``10m``, ``1.5h`` or ``1d``; ConfigError otherwise."""
    value = text.strip().lower()
    unit = _UNITS.get(value[-1:]) if value else None
    number = value[:-1] if unit is not None else value
    try:
        seconds = float(number) * (unit or 1.0)
    except ValueError:
        raise ConfigError(f"not an interval: {text!r} (use e.g. 30s, 10m, 1h)") from None
    if not seconds > 0 or seconds == float("inf"):
        raise ConfigError(f"the interval must be positive: {text!r}")
    return seconds


def http_fetch(options: WatchOptions) -> Fetch:
    """A :data:`Fetch` over urllib with the options' timeout, size limit and user agent."""

    def fetch(url: str, headers: Mapping[str, str]) -> Response:
        request = urllib.request.Request(url, headers={"User-Agent": options.user_agent, **headers})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=options.timeout) as answer:  # noqa: S310 - http(s) only
                body = answer.read(options.max_bytes + 1)
                found = {k.lower(): v for k, v in answer.headers.items()}
                status, final = int(answer.status), str(answer.geturl())
        except urllib.error.HTTPError as exc:
            found = {k.lower(): v for k, v in (exc.headers or {}).items()}
            if exc.code == 304:
                return Response(304, found, b"", url)
            raise FetchError(f"HTTP {exc.code} from {url}", retry_after=_retry_after(found)) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FetchError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from exc
        if len(body) > options.max_bytes:
            raise FetchError(f"{url} is over the limit of {options.max_bytes:,} bytes")
        return Response(status, found, body, final)

    return fetch


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds a server asked us to wait (``Retry-After`` as seconds or an HTTP date), if any."""
    value = headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def conditional_headers(state: SourceState) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` from the last answer of the source."""
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def backoff(failures: int, options: WatchOptions, retry_after: float | None = None) -> float:
    """Seconds to wait after ``failures`` failed polls in a row: ``every * 2**failures``, capped; at least
    what the server asked for."""
    wait: float = min(options.every * float(2 ** min(failures, 30)), options.max_backoff)
    return max(wait, retry_after or 0.0)


def poll_source(
    state: SourceState, *, now: float, fetch: Fetch, options: WatchOptions, ingest_options: IngestOptions
) -> PollResult:
    """Poll one source once (steps 2-5 of the module docstring); never raises for a source's own failure."""
    try:
        answer = fetch(state.url, conditional_headers(state))
        if answer.status == 304:
            fresh = dataclasses.replace(state, failures=0, next_due=now + options.every, last_error=None)
            return PollResult(fresh, "not-modified", note="not modified")
        items, seen = _read_answer(answer, state, fetch=fetch, options=options, ingest_options=ingest_options)
    except FlashpointError as exc:
        failures = state.failures + 1
        wait = backoff(failures, options, getattr(exc, "retry_after", None))
        failed = dataclasses.replace(state, failures=failures, next_due=now + wait, last_error=str(exc))
        log.warning("%s: %s (failure %d in a row; next try in %.0f s)", state.url, exc, failures, wait)
        return PollResult(failed, "failed", note=f"{exc.message}; next try in {wait:.0f} s")
    fresh = dataclasses.replace(
        state,
        etag=answer.headers.get("etag") or None,
        last_modified=answer.headers.get("last-modified") or None,
        seen=seen,
        failures=0,
        next_due=now + options.every,
        last_error=None,
    )
    return PollResult(fresh, "new", tuple(items), note=f"{len(items)} new")


def _read_answer(
    answer: Response, state: SourceState, *, fetch: Fetch, options: WatchOptions, ingest_options: IngestOptions
) -> tuple[list[Item], frozenset[str]]:
    """The new items of a 200 answer and the updated set of seen keys."""
    if not answer.body.strip():
        raise FetchError(f"{state.url} answered with an empty body")
    try:
        kind = sniff_format(answer.body)
        if kind == "feed":
            return _read_feed(answer, state, fetch=fetch, options=options, ingest_options=ingest_options)
        items = list(read_bytes(answer.body, origin=answer.url, options=ingest_options))
    except IngestError as exc:
        raise FetchError(f"{state.url}: unreadable answer ({exc.message})") from exc
    return [_with_url(item, answer.url) for item in items], state.seen


def _with_url(item: Item, url: str) -> Item:
    """A page read from ``url`` keeps that address when the page names no canonical one."""
    if isinstance(item, Article) and not item.url:
        return dataclasses.replace(item, url=url)
    return item


def _read_feed(
    answer: Response, state: SourceState, *, fetch: Fetch, options: WatchOptions, ingest_options: IngestOptions
) -> tuple[list[Item], frozenset[str]]:
    import feedparser

    # Relative entry links are resolved against the feed's address in _entry_item (feedparser's own
    # resolution would also rewrite entry ids that are not URLs, and ids must stay as the feed wrote them).
    parsed = feedparser.parse(io.BytesIO(answer.body), sanitize_html=True, resolve_relative_uris=False)
    entries = [e for e in parsed.get("entries", []) if _entry_key(e)]
    if not entries and parsed.get("bozo"):
        raise FetchError(f"{state.url}: not a readable feed ({parsed.get('bozo_exception')})")
    feed_title = normalise_field(parsed.get("feed", {}).get("title"), limit=300)
    new = [e for e in entries if _entry_key(e) not in state.seen]
    new.reverse()  # feeds list the newest first; read the oldest new entries first
    seen = set(state.seen)
    items: list[Item] = []
    for entry in new[: options.max_entries]:
        key = _entry_key(entry)
        items.append(
            _entry_item(
                entry, key, feed_title, base=answer.url, fetch=fetch, options=options, ingest_options=ingest_options
            )
        )
        seen.add(key)
    # Forget entries that left the feed, so the set does not grow forever.
    current = {_entry_key(e) for e in entries}
    return items, frozenset(k for k in seen if k in current)


def _entry_key(entry: Mapping[str, Any]) -> str:
    return str(entry.get("id") or entry.get("link") or "")


def _entry_item(
    entry: Mapping[str, Any],
    key: str,
    feed_title: str | None,
    *,
    base: str,
    fetch: Fetch,
    options: WatchOptions,
    ingest_options: IngestOptions,
) -> Item:
    """One feed entry as an Article: its linked page's main text when that can be read, else its own text."""
    written = normalise_field(entry.get("link"), limit=4_096)
    link = urljoin(base, written) if written else None
    origin = link or key
    external_id = normalise_field(key, limit=300)
    meta: dict[str, Any] = {
        "title": normalise_field(entry.get("title")),
        "published": _entry_date(entry),
        "source": feed_title,
        "external_id": external_id,
    }
    if options.follow_links and link and urlparse(link).scheme in ("http", "https"):
        try:
            page = fetch(link, {})
            html = decode_bytes(page.body, declared=declared_encoding(page.body))
            article = article_from_html(html, origin=origin, options=ingest_options, url=link, **meta)
            log.debug("%s: read linked page %s", key, link)
            return article
        except FlashpointError as exc:
            log.info("%s: linked page unusable (%s); using the entry's own text", key, exc)
    try:
        found = _entry_article(entry, origin=origin, feed_title=feed_title, base_dir=None, options=ingest_options)
        return dataclasses.replace(found, url=link) if link and found.url != link else found
    except FlashpointError as exc:
        return rejection(origin, exc, external_id=external_id)


STATE_FORMAT = "flashpoint-watch-state/1"


def states_to_json(states: Sequence[SourceState]) -> str:
    """The states as JSON (``--state FILE``), so a restarted watch keeps ETags, seen entries and backoff."""
    import json

    return json.dumps(
        {"format": STATE_FORMAT, "sources": [{**dataclasses.asdict(s), "seen": sorted(s.seen)} for s in states]},
        indent=1,
    )


def states_from_json(text: str) -> list[SourceState]:
    """States written by :func:`states_to_json`; ConfigError when the text is not such a file."""
    import json

    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise ValueError(f"not a {STATE_FORMAT} file")
        fields = {f.name for f in dataclasses.fields(SourceState)}
        return [
            SourceState(**{**{k: v for k, v in item.items() if k in fields}, "seen": frozenset(item.get("seen", ()))})
            for item in data["sources"]
        ]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ConfigError(f"unreadable watch state: {exc}") from exc


def due(states: Sequence[SourceState], now: float) -> Iterator[SourceState]:
    """The sources whose next poll time has come, in list order."""
    return (s for s in states if s.next_due <= now)


__all__ = [
    "Fetch",
    "PollResult",
    "Response",
    "SourceState",
    "WatchOptions",
    "backoff",
    "conditional_headers",
    "due",
    "http_fetch",
    "parse_interval",
    "poll_source",
    "read_sources",
    "states_from_json",
    "states_to_json",
]
