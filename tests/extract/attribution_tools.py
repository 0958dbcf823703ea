"""What the attribution tests share: one claim read from an invented sentence."""

from __future__ import annotations

import hashlib
from typing import Any

from flashpoint.extract.attribution import attribute
from flashpoint.records import Article, Claim


def claim_of(parse: Any, text: str, target: str, source: str | None = None) -> Claim:
    """The claim ``attribute`` makes of ``target`` (its first occurrence) in ``text``, read by ``parse``."""
    article = Article(id="t", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), source=source)
    start = text.index(target)
    return attribute(parse(text), start, start + len(target), article=article)
