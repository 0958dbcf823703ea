"""Three invented reports the pipeline and job tests share (a march, an attack, an off-topic market story)."""

from __future__ import annotations

import datetime as dt
import hashlib

from flashpoint.records import Article

REPORTS = [
    "Hundreds of traders marched through central Orlo on Monday to protest against new market levies, "
    "witnesses said. The march ended peacefully outside the city assembly.",
    "Gunmen attacked a police checkpoint near Pelmora late on Saturday, killing two officers, a police "
    "spokesman said on Sunday.",
    "The central bank left its benchmark rate unchanged at 14 percent on Thursday, citing easing inflation.",
]


def article(i: int, text: str) -> Article:
    """Report ``i`` of a batch: its id and content hash from its text, published 12 February 2024."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=digest[:16], text=text, content_hash=digest, published=dt.date(2024, 2, 12), external_id=f"r{i}")
