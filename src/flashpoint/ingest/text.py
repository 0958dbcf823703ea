"""Plain-text reports: optional ``Key: value`` header lines, a blank line, then the report.

Reads decoded text of a ``.txt`` file (or stdin); writes one :class:`~flashpoint.records.Article`.

The header block is recognised only when the lines before the first blank line *all* have the form
``Key: value`` and at least one key is known, so a report whose first paragraph happens to start with
"Update:" is not eaten as a header. Known keys (case-insensitive): ``Title``/``Headline``,
``Date``/``Published``, ``Source``/``Publisher``, ``URL``/``Link``, ``ID``, ``Country``. Other keys in a
header block (``Author:``) are ignored.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from types import MappingProxyType

from flashpoint.ingest.article import build_article
from flashpoint.ingest.options import IngestOptions
from flashpoint.records import Article

log = logging.getLogger(__name__)

_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z _-]{0,24}?)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_KEYS = MappingProxyType(
    {
        "title": "title",
        "headline": "title",
        "date": "published",
        "published": "published",
        "publication date": "published",
        "source": "source",
        "publisher": "source",
        "url": "url",
        "link": "url",
        "id": "external_id",
        "country": "country",
    }
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADER_LIMIT = 30  # more "Key: value" lines than any header block has: a list in the body, not headers


@dataclasses.dataclass(frozen=True, slots=True)
class TextReport:
    """A text file split into its header fields and its body."""

    body: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None
    country: str | None = None


def split_header(text: str) -> TextReport:
    """Split ``text`` into header fields and body (see the module docstring for the rule).

    A file made only of header lines has an empty body (and is rejected as empty later).
    """
    parts = _BLANK_LINE.split(text.strip(" \t\n"), maxsplit=1)
    fields = _header_fields(parts[0].split("\n"))
    if fields is None:
        return TextReport(body=text)
    return TextReport(body=parts[1] if len(parts) == 2 else "", **fields)


def _header_fields(lines: list[str]) -> dict[str, str] | None:
    if len(lines) > _HEADER_LIMIT:
        return None
    fields: dict[str, str] = {}
    known = False
    for line in lines:
        m = _HEADER_LINE.match(line)
        if m is None:
            return None
        name = _KEYS.get(m.group("key").strip().lower())
        known = known or name is not None
        if name is not None and m.group("value"):
            fields.setdefault(name, m.group("value"))
    return fields if known else None


def article_from_text(text: str, *, origin: str, options: IngestOptions) -> Article:
    """The Article of a plain-text report (headers become metadata; the rest is the text)."""
    report = split_header(text.replace("\r\n", "\n").replace("\r", "\n"))
    return build_article(
        report.body,
        title=report.title,
        published=report.published,
        source=report.source,
        url=report.url,
        external_id=report.external_id,
        country=report.country,
        origin=origin,
        options=options,
    )
