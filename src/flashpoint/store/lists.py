"""One page of a list as ready JSON: the reads behind ``GET /api/incidents`` and ``GET /api/events``.

Reads the items materialised at write time (``incident_summaries.item``, ``event_items.item``;
:mod:`flashpoint.store.summary`) with the filters of a :class:`~flashpoint.store.summary.ListQuery`; writes
nothing. A page is a count and one indexed SELECT of JSON strings: nothing is decoded, so the answer's body is
those strings joined (:func:`json_page`). Both reads of a page run in the caller's transaction, so the total
and the page agree.

Counts with filters stop at a cap (:data:`COUNT_CAP`, or the page's end when it lies beyond): counting every
match of a filter scans the covering index to its end (10-15 ms of CPU at 119,230 incidents, and growing with
the database), while a count that stops after ``cap`` matches costs ``cap / selectivity`` index entries at most.
A capped total is a lower bound, and the answer says so (``total_exact``), as search APIs do for their hit counts.
An unfiltered count is exact and cheap (SQLite counts a b-tree without reading its rows).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import sqlalchemy as sa

from flashpoint.store.schema import event_items, events, incident_summaries
from flashpoint.store.summary import ListQuery, event_where, incident_where

#: Filtered counts stop after this many matches (the page size limit of the API, so a client that pages through
#: a capped answer meets an exact total before its last page; ``web.security.SecurityOptions.max_page_size``).
COUNT_CAP = 10_000


@dataclasses.dataclass(frozen=True, slots=True)
class ItemPage:
    """One page of a list: the items (JSON text), how many items pass the filters, and whether that is exact
    (False: at least ``total`` pass, counting stopped there)."""

    total: int
    exact: bool
    items: list[str]


def _count(
    conn: sa.Connection, table: sa.Table, where: Sequence[sa.ColumnElement[bool]], *, cap: int | None
) -> tuple[int, bool]:
    """How many rows of ``table`` pass ``where``: exact without conditions or cap, else counting at most ``cap``
    plus one (the total is then ``cap`` and not exact)."""
    if not where or cap is None:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()), True
    first = sa.select(sa.literal(1)).select_from(table).where(*where).limit(cap + 1).subquery()
    found = int(conn.execute(sa.select(sa.func.count()).select_from(first)).scalar_one())
    return (found, True) if found <= cap else (cap, False)


def _cap(cap: int | None, offset: int, limit: int | None) -> int | None:
    """The count's cap for a page: never before the page's end (the total then covers the page)."""
    if cap is None or limit is None:
        return None
    return max(cap, offset + limit)


def incident_items(
    conn: sa.Connection, query: ListQuery, *, offset: int = 0, limit: int | None = None, cap: int | None = COUNT_CAP
) -> ItemPage:
    """How many incidents pass ``query`` (counted up to ``cap``; None: exact), and one page of their list items
    (JSON text) in list order (first day, undated last, then id).

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
    return ItemPage(*_count(conn, incident_summaries, where, cap=_cap(cap, offset, limit)), items)


def event_items_page(
    conn: sa.Connection,
    query: ListQuery,
    *,
    article_id: str | None = None,
    offset: int = 0,
    limit: int | None = None,
    cap: int | None = COUNT_CAP,
) -> ItemPage:
    """How many stored events pass ``query`` (and belong to ``article_id`` when given; counted up to ``cap``,
    None: exact), and one page of their list items (JSON text) in ingest order (``events.seq``).

    Unfiltered, the page is a range of list positions (``event_items.pos``, read on its unique index) and the
    total the last position plus one: neither depends on how deep the page is or how many events are stored.
    """
    e, i = events.c, event_items.c
    where = event_where(query, article_id)
    if not where:
        return _positions_page(conn, offset=offset, limit=limit)
    chosen = sa.select(e.seq, e.id).where(*where).order_by(e.seq).offset(offset).limit(limit).subquery()
    rows = conn.execute(sa.select(i.item).join(chosen, chosen.c.id == i.event_id).order_by(chosen.c.seq)).scalars()
    items = [str(item) for item in rows]
    return ItemPage(*_count(conn, events, where, cap=_cap(cap, offset, limit)), items)


def _positions_page(conn: sa.Connection, *, offset: int, limit: int | None) -> ItemPage:
    """The unfiltered events page: items at positions ``offset`` to ``offset + limit`` (positions run from 0
    with no gap, in ingest order, :func:`flashpoint.store.summary.add_events`), and how many there are."""
    i = event_items.c
    total = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(i.pos), -1) + 1)).scalar_one())
    wanted = i.pos >= offset if limit is None else i.pos.between(offset, offset + limit - 1)
    rows = conn.execute(sa.select(i.item).where(wanted).order_by(i.pos)).scalars()
    return ItemPage(total, True, [str(item) for item in rows])


def json_page(found: ItemPage, limit: int | None, offset: int, key: str) -> bytes:
    """The body ``{"total", "total_exact", "limit", "offset", key: [items]}`` of a page of JSON text items."""
    size = "null" if limit is None else str(int(limit))
    exact = "true" if found.exact else "false"
    head = f'{{"total":{int(found.total)},"total_exact":{exact},"limit":{size},"offset":{int(offset)},'
    return f'{head}"{key}":[{",".join(found.items)}]}}'.encode()


__all__ = ["COUNT_CAP", "ItemPage", "event_items_page", "incident_items", "json_page"]
