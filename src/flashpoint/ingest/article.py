"""Assemble an :class:`~flashpoint.records.Article` from text and metadata, and turn errors into Rejections.

Reads a report body and its metadata as strings from any reader (text file, HTML, feed entry, batch
row); writes one Article with its normalised text, content hash, id and SimHash fingerprint, or raises
an :class:`~flashpoint.errors.IngestError`. Every reader goes through :func:`build_article`, so the same
report reaches the same id whichever way it came in.
"""

from __future__ import annotations

import logging
import re

from flashpoint.errors import EmptyInputError, FlashpointError, IngestError, InputTooLargeError
from flashpoint.ingest.decode import normalise_field, normalise_text
from flashpoint.ingest.dedup import article_id, content_hash, simhash
from flashpoint.ingest.meta import country_to_iso3, parse_published
from flashpoint.ingest.options import STAGE, IngestOptions
from flashpoint.records import Article, Rejection

log = logging.getLogger(__name__)

_URL_LIMIT = 4_096
_WORD = re.compile(r"[^\W_]")


def build_article(
    text: str,
    *,
    title: object = None,
    published: object = None,
    source: object = None,
    url: object = None,
    external_id: object = None,
    origin: str | None = None,
    country: object = None,
    options: IngestOptions | None = None,
) -> Article:
    """Normalise ``text`` and metadata into an Article.

    ``published`` may be a date or a string (parsed by :func:`~flashpoint.ingest.meta.parse_published`;
    an unreadable date is logged and left empty, it does not reject the report). ``country`` is a name
    or code turned into an ISO3 hint. Raises :class:`EmptyInputError` when no text is left and
    :class:`InputTooLargeError` when the text is over ``options.max_bytes``.
    """
    opts = options or IngestOptions()
    if len(text) > opts.max_bytes // 4 and len(text.encode("utf-8", "surrogatepass")) > opts.max_bytes:
        raise InputTooLargeError(f"the report text is over the limit of {opts.max_bytes:,} bytes")
    body = normalise_text(text)
    if not body:
        raise EmptyInputError("no text left once markup, whitespace and control characters are removed")
    if not _WORD.search(body):
        raise EmptyInputError(f"no words in the text, only symbols: {body[:40]!r}")
    date = parse_published(published, date_order=opts.date_order)
    if published not in (None, "") and date is None:
        log.info("%s: unreadable publication date %r left empty", origin or "report", published)
    chash = content_hash(body)
    return Article(
        id=article_id(chash),
        text=body,
        content_hash=chash,
        title=normalise_field(title),
        published=date,
        source=normalise_field(source, limit=300),
        url=web_url(normalise_field(url, limit=_URL_LIMIT)),
        external_id=normalise_field(external_id, limit=300),
        origin=origin,
        fingerprint=simhash(body),
        country_hint=country_to_iso3(normalise_field(country, limit=100)),
    )


def rejection(origin: str, error: FlashpointError, *, external_id: str | None = None) -> Rejection:
    """A :class:`Rejection` for ``origin`` carrying the error's stable code and message."""
    log.info("rejected %s: %s", origin, error)
    return Rejection(origin=origin, code=error.code, reason=error.message, stage=STAGE, external_id=external_id)


def os_rejection(origin: str, error: OSError) -> Rejection:
    """A :class:`Rejection` for a file that could not be opened or read (permissions, vanished file ...)."""
    reason = error.strerror or str(error)
    return rejection(origin, IngestError(f"cannot read: {reason}"))


def web_url(url: str | None) -> str | None:
    """``url`` when it is an ``http:`` or ``https:`` address, else ``None``.

    A report's link is shown to readers as a link; any other scheme (``javascript:``, ``data:``, ``file:``)
    would run code or read local files when clicked, and no news page lives there.
    """
    if url is None:
        return None
    scheme, sep, rest = url.partition(":")
    return url if sep and scheme.strip().lower() in ("http", "https") and rest.startswith("//") else None
