"""What the figures tests share: the figures of an invented sentence, and a figure pinned whole."""

from __future__ import annotations

import hashlib
from typing import Any

from flashpoint.extract.figures import extract_figures
from flashpoint.records import Article, Figure


def figures_of(parse: Any, text: str) -> tuple[Figure, ...]:
    """The figures ``extract_figures`` reads in ``text`` (parsed by ``parse``) as the whole of one article."""
    article = Article(id="t", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    return extract_figures(parse(text), article=article)


def pinned(figs: tuple[Figure, ...]) -> list[tuple[Any, ...]]:
    """Each figure whole: kind, victims, phrase, interval with its ACLED value, UCDP values, background, total."""
    return [
        (f.kind, f.victims, f.phrase, (f.low, f.best, f.high, f.acled_value), (f.ucdp_low, f.ucdp_best, f.ucdp_high),
         f.background, f.total)
        for f in figs
    ]  # fmt: skip
