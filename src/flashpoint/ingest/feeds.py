"""RSS and Atom feed files -> one Article per entry, offline.

Reads the bytes of a saved feed (feedparser, which handles RSS 0.9x/1.0/2.0 and Atom, their encodings and
HTML sanitising); writes an :class:`~flashpoint.records.Article` or a
:class:`~flashpoint.records.Rejection` per entry.

For each entry: text = the entry's content (the longest content block), else its summary, converted
from HTML to text; title = entry title; published = entry's published (else updated) date, read as
written (no conversion to UTC, which can move a report to the previous day); source = the feed's
title; url = the entry link; external id = the entry id (else the link). When the entry's link is a
relative path or a ``file:`` URL naming an HTML file inside the feed's folder, that saved page is
read instead (through the HTML reader), keeping the entry's metadata. Links never cause a download.

A feed that cannot be parsed at all is one Rejection (``MalformedInputError``); a feed with XML errors
whose entries could still be read gives a Rejection for the file *and* the entries it could read.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from flashpoint.errors import EmptyInputError, FlashpointError, IngestError, MalformedInputError
from flashpoint.ingest.article import build_article, rejection
from flashpoint.ingest.decode import declared_encoding, decode_bytes, normalise_field, read_limited
from flashpoint.ingest.html import article_from_html, html_to_text
from flashpoint.ingest.options import IngestOptions
from flashpoint.records import Article, Rejection

log = logging.getLogger(__name__)

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def read_feed(
    data: bytes, *, origin: str, options: IngestOptions, base_dir: Path | None = None
) -> Iterator[Article | Rejection]:
    """Every entry of the feed in ``data`` as an Article or a Rejection, in feed order.

    ``base_dir`` is the folder of the feed file; entry links to HTML files inside it are read from disk
    (``None`` for stdin: links are then never followed). Raises :class:`MalformedInputError` when the
    bytes are not a feed at all.
    """
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    entries = list(parsed.get("entries", []))
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if problem is not None and isinstance(problem, benign):
        log.debug("%s: %s", origin, problem)
        problem = None
    if not entries:
        if problem is not None or not parsed.get("version"):
            raise MalformedInputError(f"not a readable RSS/Atom feed: {problem or 'no feed element found'}")
        raise EmptyInputError("the feed has no entries")
    if problem is not None:
        yield rejection(
            origin,
            MalformedInputError(f"malformed feed ({problem}); {len(entries)} entries could still be read"),
        )
    feed_title = normalise_field(parsed.get("feed", {}).get("title"), limit=300)
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}:entry {number}"
        external_id = normalise_field(entry.get("id") or entry.get("link"), limit=300)
        try:
            yield _entry_article(entry, origin=where, feed_title=feed_title, base_dir=base_dir, options=options)
        except FlashpointError as exc:
            yield rejection(where, exc, external_id=external_id)


def _entry_article(
    entry: Mapping[str, Any], *, origin: str, feed_title: str | None, base_dir: Path | None, options: IngestOptions
) -> Article:
    link = normalise_field(entry.get("link"), limit=4_096)
    meta: dict[str, Any] = {
        "title": normalise_field(entry.get("title")),
        "published": _entry_date(entry),
        "source": feed_title,
        "external_id": normalise_field(entry.get("id") or link, limit=300),
    }
    local = _local_page(link, base_dir)
    if local is not None:
        try:
            data = read_limited(local, options.max_bytes)
            html = decode_bytes(data, declared=declared_encoding(data))
            article = article_from_html(html, origin=f"{origin} ({local.name})", options=options, **meta)
            # The saved page's canonical URL is the report's address; the local link is only a fallback.
            return article if article.url else dataclasses.replace(article, url=link)
        except IngestError as exc:
            log.info("%s: linked page %s unusable (%s); using the entry's own text", origin, local, exc)
        except OSError as exc:
            log.info("%s: linked page %s unreadable (%s); using the entry's own text", origin, local, exc)
    return build_article(_entry_text(entry), url=link, origin=origin, options=options, **meta)


def _entry_text(entry: Mapping[str, Any]) -> str:
    blocks = [c for c in entry.get("content", []) or [] if isinstance(c, Mapping) and c.get("value")]
    if blocks:
        best = max(blocks, key=lambda c: len(str(c.get("value"))))
        value, kind = str(best.get("value")), str(best.get("type") or "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = str(entry.get("summary") or ""), str(detail.get("type") or "text/html")
    if not value.strip():
        raise EmptyInputError("the feed entry has no content or summary (and no readable linked page)")
    return value if kind == "text/plain" else html_to_text(value)


def _entry_date(entry: Mapping[str, Any]) -> object:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            return str(raw)
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _local_page(link: str | None, base_dir: Path | None) -> Path | None:
    """The HTML file inside ``base_dir`` that ``link`` names (relative path or file: URL), if it exists."""
    if not link or base_dir is None:
        return None
    parsed = urlparse(link)
    if parsed.scheme == "file":
        candidate = Path(unquote(parsed.path))
    elif parsed.scheme == "" and not parsed.netloc:
        candidate = base_dir / unquote(parsed.path)
    else:
        return None
    try:
        resolved = candidate.resolve()
        inside = resolved.is_relative_to(base_dir.resolve())
        found = inside and resolved.suffix.lower() in _HTML_SUFFIXES and resolved.is_file()
    except (OSError, ValueError) as exc:
        log.debug("link %r is not a local page: %s", link, exc)
        return None
    return resolved if found else None
