"""Paged reads of the stored reports, so memory stays bounded on a large database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from flashpoint.store.schema import articles


def article_page(conn: sa.Connection, *, after: int, size: int) -> Sequence[Any]:
    """The next ``size`` stored reports after ingest number ``after``: rows of (seq, extraction JSON)."""
    return conn.execute(
        sa.select(articles.c.seq, articles.c.extraction)
        .where(articles.c.seq > after)
        .order_by(articles.c.seq)
        .limit(size)
    ).all()
