"""HTML pages and HTML fragments -> report text and metadata, offline.

Reads an HTML document (a saved news page, a page linked from a feed) or a fragment (a feed entry's
content); writes an :class:`~flashpoint.records.Article` or plain text. Pages go through trafilatura
(main text without navigation and boilerplate; title, date from the page's metadata, site name, canonical
URL); nothing is ever fetched. When trafilatura finds no main text (very short or broken pages), every
paragraph-like block outside navigation, scripts and forms is kept instead, so a truncated page still gives
what it says (the same fallback is used for pages whose main text is under 200 characters, where
trafilatura tends to keep navigation links). Dates come from metadata only (``extensive_search`` off:
never from the body text).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from flashpoint.errors import EmptyInputError, MalformedInputError
from flashpoint.ingest.article import build_article
from flashpoint.ingest.decode import normalise_field, strip_controls
from flashpoint.ingest.options import IngestOptions
from flashpoint.records import Article

log = logging.getLogger(__name__)

_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
              "select", "svg", "iframe", "object", "head")  # fmt: skip
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
     "pre", "td", "th", "tr", "dd", "dt", "figcaption", "br", "table", "ul", "ol", "dl", "body"}
)  # fmt: skip
_SHORT_TEXT = 200
_INLINE_SPACE = re.compile(r"\s+")  # line breaks in the source are spaces in HTML; blocks make lines
_MARKUP = re.compile(r"<[A-Za-z!/?]")


def article_from_html(
    html: str,
    *,
    origin: str,
    options: IngestOptions,
    title: str | None = None,
    published: object = None,
    source: str | None = None,
    url: str | None = None,
    external_id: str | None = None,
) -> Article:
    """The Article of a saved HTML page.

    Keyword metadata given by the caller (a feed entry's title, date, feed title, link and id) wins over
    what the page says about itself. Raises :class:`EmptyInputError` when the page has no text and
    :class:`MalformedInputError` when it cannot be parsed at all.
    """
    html = strip_controls(html)
    if not _MARKUP.search(html[:100_000]):
        raise MalformedInputError("not HTML: no markup in the file")
    extracted = _trafilatura(html)
    text = str(getattr(extracted, "text", None) or "") if extracted is not None else ""
    if len(text.strip()) < _SHORT_TEXT:
        # trafilatura's fallbacks keep navigation links on nearly empty pages ("Home"); for short texts
        # the block text outside navigation, headers, footers and forms is the better reading.
        text = html_to_text(html)
    if not text.strip():
        raise EmptyInputError("the HTML page has no readable text")

    def meta(name: str) -> str | None:
        value = getattr(extracted, name, None) if extracted is not None else None
        return normalise_field(value)

    return build_article(
        text,
        title=title or meta("title") or _html_title(html),
        published=published or meta("date"),
        source=source or meta("sitename") or meta("hostname"),
        url=url or meta("url"),
        external_id=external_id,
        origin=origin,
        options=options,
    )


def _trafilatura(html: str) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml raise untyped errors on hostile markup
        log.info("trafilatura failed (%s: %s); falling back to plain block text", type(exc).__name__, exc)
        return None


def _parse(html: str) -> Any:
    # lxml refuses str input that carries an XML encoding declaration; the text is already decoded.
    cleaned = re.sub(r"^\s*<\?xml[^>]*>", "", html[:1000]) + html[1000:]
    try:
        return lxml.html.document_fromstring(cleaned)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise MalformedInputError(f"broken HTML that cannot be parsed: {exc}") from exc


def _html_title(html: str) -> str | None:
    try:
        tree = _parse(html)
    except MalformedInputError:
        return None
    found = tree.find(".//title")
    return normalise_field(found.text_content()) if found is not None else None


def html_to_text(html: str) -> str:
    """Every block of visible text of an HTML document or fragment, one block per line.

    Scripts, styles, navigation, headers, footers and forms are dropped. Raises
    :class:`MalformedInputError` when lxml cannot parse the markup at all.
    """
    html = strip_controls(html)
    if not html.strip():
        return ""
    if not _MARKUP.search(html):
        return html  # a plain-text fragment (feeds often carry text without tags)
    tree = _parse(html)
    for bad in list(tree.iter(*_DROP_TAGS)):
        if bad.getparent() is not None:
            bad.drop_tree()
    lines = [" ".join(chunk.split()) for chunk in "".join(_blocks(tree)).split("\n")]
    return "\n".join(line for line in lines if line)


def _blocks(tree: Any) -> Iterator[str]:
    """Text of ``tree`` with a newline around each block-level element (iterative: no recursion limit)."""
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end", "comment")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                yield "\n"
            if element.text:
                yield _INLINE_SPACE.sub(" ", element.text)
            continue
        if tag in _BLOCK_TAGS:
            yield "\n"
        if element.tail:
            yield _INLINE_SPACE.sub(" ", element.tail)
