"""One page of a list as ready JSON: the reads behind ``GET /api/incidents`` and ``GET /api/events``.

Reads the items materialised at write time (``incident_summaries.item``, ``event_items.item``;
:mod:`flashpoint.store.summary`) with the filters of a :class:`~flashpoint.store.summary.ListQuery`; writes
nothing. A page is a count and one indexed SELECT of JSON strings: nothing is decoded, so the answer's body is
those strings joined (:func:`json_page`). Both reads of a page run in the caller's transaction, so the total
and the page agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from flashpoint.store.schema import event_items, events, incident_summaries
from flashpoint.store.summary import ListQuery, event_where, incident_where


def _count(conn: sa.Connection, table: sa.Table, where: Sequence[sa.ColumnElement[bool]]) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())


def incident_items(
    conn: sa.Connection, query: ListQuery, *, offset: int = 0, limit: int | None = None
) -> tuple[int, list[str]]:
    """How many incidents pass ``query``, and one page of their list items (JSON text) in list order (first
    day, undated last, then id).

    The page's ids are chosen on the covering index (``ix_incident_summaries_order``) in a subquery, and only
    their rows are read for the items: the rows skipped by ``offset`` are never visited.
    """
    s = incident_summaries.c
    where = incident_where(query)
    chosen = sa.select(s.id).where(*where).order_by(s.sort_day, s.id).offset(offset).limit(limit)
    rows = conn.execute(
        sa.select(s.item).where(s.id.in_(chosen.scalar_subquery())).order_by(s.sort_day, s.id)
    ).scalars()
    items = [str(item) for item in rows]
    return _count(conn, incident_summaries, where), items


def event_items_page(
    conn: sa.Connection,
    query: ListQuery,
    *,
    article_id: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[int, list[str]]:
    """How many stored events pass ``query`` (and belong to ``article_id`` when given), and one page of their
    list items (JSON text) in ingest order (``events.seq``)."""
    e, i = events.c, event_items.c
    where = event_where(query, article_id)
    chosen = sa.select(e.seq, e.id).where(*where).order_by(e.seq).offset(offset).limit(limit).subquery()
    rows = conn.execute(sa.select(i.item).join(chosen, chosen.c.id == i.event_id).order_by(chosen.c.seq)).scalars()
    items = [str(item) for item in rows]
    return _count(conn, events, where), items


def json_page(total: int, limit: int | None, offset: int, key: str, items: Sequence[str]) -> bytes:
    """The body ``{"total", "limit", "offset", key: [items]}`` from items that are JSON text already."""
    head = f'{{"total":{int(total)},"limit":{"null" if limit is None else int(limit)},"offset":{int(offset)},'
    return f'{head}"{key}":[{",".join(items)}]}}'.encode()


__all__ = ["event_items_page", "incident_items", "json_page"]
