"""Attribution: claimant chains, certainty and article-level caveats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flashpoint.records import Article, Caveat, Claim, Evidence, Figure

NAME = "attribution"
VERSION = "0.1.0"


def attribute(doc: Any, start: int, end: int, *, article: Article) -> Claim:
    """The claim that carries the text between character offsets ``start`` and ``end``."""
    return Claim(evidence=Evidence(article.id, start, end, article.text[start:end], f"{NAME}@{VERSION}"))


def find_caveats(doc: Any, *, article: Article, figures: Sequence[Figure] = ()) -> tuple[Caveat, ...]:
    """Article-level statements about verification, linked to the figures they qualify."""
    return ()
