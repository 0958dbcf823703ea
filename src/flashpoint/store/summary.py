"""What the lists read, materialised at write time: one summary row per incident, actor names, event items.

Reads stored incident rows (``incidents.data``), their events' certainties (``events.certainty``), their
reports' publication dates (``articles.published``) and new extractions' JSON; writes ``incident_summaries``
(with each incident's list item, :func:`flashpoint.export.items.incident_item`), ``incident_actors``,
``event_actors`` and ``event_items`` (each event's list item, :func:`flashpoint.export.sitrep.event_json`, and
when it was stored) (:mod:`flashpoint.store.schema`), and answers the list queries over them: which incidents,
figures or events pass a :class:`ListQuery`, how many, and which ids make one page (the pages of ready JSON are
read by :mod:`flashpoint.store.lists`).

The ledger calls :func:`refresh` from ONE place, ``store.writes.apply`` (every write of incidents, foreground,
store process and rebuild, goes through it), in the transaction that writes the incidents: a summary is never
older than its incident. Migrations 0006 and 0007 build the rows of an existing database (:func:`backfill`,
:func:`fill_items`).

The list items are laid out by the export stage's pure layout functions (imported, not copied: the web layer
lays out records with the same functions, and the web tests compare every stored page with that path). The
filters mean what :func:`flashpoint.web.filters.matches` means on an item (``docs/api.md``); the web tests
compare every filtered page with that full-decoding path on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
import sqlalchemy as sa

from flashpoint.export.items import incident_item
from flashpoint.export.sitrep import event_json
from flashpoint.records import Article, Event, FigureKind, Incident
from flashpoint.store import codec
from flashpoint.store.pages import article_page
from flashpoint.store.schema import (
    articles,
    event_actors,
    event_items,
    events,
    incident_actors,
    incident_summaries,
    incidents,
)

NAME = "summary"
VERSION = "0.1.0"

#: From the firmest to the weakest commitment (the order of ``export.context.CERTAINTY_ORDER``, which a test
#: pins): an incident's certainty is the firmest of its events'.
FIRMNESS: tuple[str, ...] = ("asserted", "reported", "claimed", "hedged", "future", "hypothetical", "denied")
UNDATED = dt.date.max  # the sort day of an incident without dates: after every dated one
_CHUNK = 500  # ids per IN (...) list: far below every driver's bind-parameter limit


@dataclasses.dataclass(frozen=True, slots=True)
class ListQuery:
    """The filters of one list request (None = not filtered), as :class:`flashpoint.web.filters.Filters`."""

    country_iso3: str | None = None
    event_type: str | None = None  # casefolded
    sub_event_type: str | None = None  # casefolded
    actor: str | None = None  # casefolded part of a name
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    since: dt.date | None = None
    until: dt.date | None = None
    min_fatalities: int | None = None
    certainty: frozenset[str] | None = None
    updated_since: dt.datetime | None = None  # UTC, naive: written (stored or changed) at or after


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _key(value: Any) -> str:
    return str(value or "").strip().casefold()


def firmest(certainties: Iterable[str | None]) -> str | None:
    """The firmest of these certainty values (None when there is none)."""
    found = set(certainties)
    return next((c for c in FIRMNESS if c in found), None)


def summary_row(
    incident: Incident,
    *,
    date_lo: dt.date | None,
    certainties: Mapping[str, str | None],
    published: Mapping[str, dt.date | None],
    now: dt.datetime,
) -> dict[str, Any]:
    """The summary row of one incident: its list fields, the compared forms, its list item (JSON), and what it
    was derived from.

    ``date_lo`` is the incident row's first day (the lists' order); ``certainties`` and ``published`` map its
    events' and reports' ids to their stored values (missing ids are skipped, as the full-decoding path does).
    """
    place = incident.place
    start, end = incident.date_start, incident.date_end
    dates = [d for a in incident.article_ids if (d := published.get(a)) is not None]
    certainty = firmest(certainties.get(e) for e in incident.event_ids)
    return {
        "id": incident.id,
        "sort_day": date_lo or UNDATED,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "event_type_key": _key(incident.event_type),
        "sub_event_type_key": _key(incident.sub_event_type),
        "date_start": start,
        "date_end": end,
        "day_lo": start or end,
        "day_hi": end or start,
        "country_iso3": place.country_iso3 if place else None,
        "country_key": (place.country_iso3 or "").upper() or None if place else None,
        "country": (place.country or place.country_iso3) if place else None,
        "admin1": place.admin1 if place else None,
        "place_name": place.name if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "fatalities": sum(h.acled_value or 0 for h in incident.figures if h.kind is FigureKind.KILLED),
        "certainty": certainty,
        "published_hi": max(dates) if dates else None,
        "n_reports": len(incident.article_ids),
        "n_figures": len(incident.figures),
        "actors": orjson.dumps([a.name for a in incident.actors]).decode(),
        "updated_at": now,
        "item": orjson.dumps(incident_item(incident, certainty)).decode(),
    }


def _values(conn: sa.Connection, key: sa.Column[Any], value: sa.Column[Any], ids: Sequence[str]) -> dict[str, Any]:
    query = sa.select(key, value)
    return {str(r[0]): r[1] for chunk in _chunks(ids) for r in conn.execute(query.where(key.in_(chunk)))}


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def refresh(
    conn: sa.Connection,
    incident_ids: Iterable[str],
    contents: Sequence[Mapping[str, Any]] = (),
    *,
    numbered: bool = True,
) -> None:
    """Rewrite the summaries of these incidents from their stored rows (an id without a row, e.g. one merged
    away, loses its summary), and add the actor names and items of the events in ``contents`` (extractions'
    JSON, in the order their events were stored; ``numbered``: with their list positions, see :func:`add_events`).

    Runs in the caller's transaction, after the incidents, events and articles of the batch are written.
    """
    ids = sorted(set(incident_ids))
    for chunk in _chunks(ids):
        conn.execute(incident_actors.delete().where(incident_actors.c.incident_id.in_(chunk)))
        conn.execute(incident_summaries.delete().where(incident_summaries.c.id.in_(chunk)))
    stored = [
        (codec.loads(Incident, r[1]), _as_date(r[0]))
        for chunk in _chunks(ids)
        for r in conn.execute(sa.select(incidents.c.date_lo, incidents.c.data).where(incidents.c.id.in_(chunk)))
    ]
    event_ids = sorted({e for incident, _ in stored for e in incident.event_ids})
    article_ids = sorted({a for incident, _ in stored for a in incident.article_ids})
    certainties = _values(conn, events.c.id, events.c.certainty, event_ids)
    published = {k: _as_date(v) for k, v in _values(conn, articles.c.id, articles.c.published, article_ids).items()}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [
        summary_row(incident, date_lo=lo, certainties=certainties, published=published, now=now)
        for incident, lo in stored
    ]
    if rows:
        conn.execute(incident_summaries.insert(), rows)
    names = [{"incident_id": i.id, "name_key": _key(a.name)} for i, _ in stored for a in i.actors]
    if names:
        conn.execute(incident_actors.insert(), names)
    add_events(conn, contents, now=now, numbered=numbered)


def add_events(
    conn: sa.Connection,
    contents: Sequence[Mapping[str, Any]],
    *,
    now: dt.datetime,
    actors: bool = True,
    numbered: bool = True,
) -> None:
    """Write the list item (``event_items``, stored at ``now``) and, with ``actors``, the casefolded actor names
    (``event_actors``) of every event of these extractions' JSON.

    ``numbered``: each item gets its position in the event list (``event_items.pos``), following the last one
    stored, in the order given (the order the events were stored in). The caller holds the writers' lock, so no
    other writer takes the same positions (the unique index would refuse it). The migrations before 0008 write
    items without positions (the column does not exist yet); 0008 numbers them (:func:`number_events`).
    """
    if actors:
        event_names = [
            {"event_id": event["id"], "name_key": _key(actor.get("name"))}
            for data in contents
            for event in data["events"]
            for actor in event["actors"]
        ]
        if event_names:
            conn.execute(event_actors.insert(), event_names)
    read_event, read_article = codec.decoder(Event), codec.decoder(Article)
    items = []
    for data in contents:
        if not data["events"]:
            continue
        article = read_article(data["article"])
        items += [
            {"event_id": e["id"], "stored_at": now, "item": orjson.dumps(event_json(read_event(e), article)).decode()}
            for e in data["events"]
        ]
    if items and numbered:
        first = conn.execute(sa.select(sa.func.coalesce(sa.func.max(event_items.c.pos), -1) + 1)).scalar_one()
        for pos, item in enumerate(items, start=int(first)):
            item["pos"] = pos
    if items:
        conn.execute(event_items.insert(), items)


def number_events(conn: sa.Connection, *, page: int = 2000) -> None:
    """Give every stored event item its position in the event list, in ``events.seq`` order from 0 (migration
    0008, on items written without one). Page by page, so memory stays bounded on a large database."""
    e, i = events.c, event_items.c
    seq, pos = 0, 0
    move = event_items.update().where(i.event_id == sa.bindparam("key")).values(pos=sa.bindparam("pos"))
    while True:
        rows = conn.execute(
            sa.select(e.seq, e.id).join(event_items, i.event_id == e.id).where(e.seq > seq).order_by(e.seq).limit(page)
        ).all()
        if not rows:
            return
        conn.execute(move, [{"key": row[1], "pos": pos + n} for n, row in enumerate(rows)])
        pos += len(rows)
        seq = rows[-1][0]


def clear(conn: sa.Connection) -> None:
    """Drop every incident summary (before the incidents are rebuilt; event actors stay, as the events do)."""
    conn.execute(incident_actors.delete())
    conn.execute(incident_summaries.delete())


def backfill(conn: sa.Connection, *, page: int = 500) -> None:
    """Build the summaries of every stored incident and the actor names and items of every stored event (the
    migrations of a database written before 0006). Their write time is now: the real one is not known.

    Reads incidents and extractions page by page, so memory stays bounded on a large database.
    """
    last = ""
    while True:
        ids = list(
            conn.execute(
                sa.select(incidents.c.id).where(incidents.c.id > last).order_by(incidents.c.id).limit(page)
            ).scalars()
        )
        if not ids:
            break
        refresh(conn, ids)
        last = ids[-1]
    seq = 0
    while True:
        rows = article_page(conn, after=seq, size=page)
        if not rows:
            break
        refresh(conn, (), [orjson.loads(r[1]) for r in rows], numbered=False)  # 0008 numbers them
        seq = rows[-1][0]


def fill_items(conn: sa.Connection, *, page: int = 500) -> None:
    """Write the list item of every stored incident summary that has none, keeping its write time, and the item
    of every stored event (migration 0007, on a database whose summaries 0006 built; events stored at now).

    Page by page, so memory stays bounded on a large database.
    """
    s, i = incident_summaries.c, incidents.c
    last = ""
    while True:
        rows = conn.execute(
            sa.select(s.id, s.certainty, i.data)
            .join(incidents, i.id == s.id)
            .where(s.id > last)
            .order_by(s.id)
            .limit(page)
        ).all()
        if not rows:
            break
        conn.execute(
            incident_summaries.update().where(s.id == sa.bindparam("key")).values(item=sa.bindparam("item")),
            [
                {"key": r[0], "item": orjson.dumps(incident_item(codec.loads(Incident, r[2]), r[1])).decode()}
                for r in rows
            ],
        )
        last = rows[-1][0]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    seq = 0
    while True:
        found = article_page(conn, after=seq, size=page)
        if not found:
            break
        add_events(conn, [orjson.loads(r[1]) for r in found], now=now, actors=False, numbered=False)
        seq = found[-1][0]


# ---------------------------------------------------------------------------------------------------
# Reading: the WHERE clauses of the lists, and the ids of one page


def incident_where(query: ListQuery) -> list[sa.ColumnElement[bool]]:
    """The conditions on ``incident_summaries`` that the filters of ``query`` make."""
    s = incident_summaries.c
    where: list[sa.ColumnElement[bool]] = []
    if query.country_iso3 is not None:
        where.append(s.country_key == query.country_iso3)
    if query.event_type is not None:
        where.append(s.event_type_key == query.event_type)
    if query.sub_event_type is not None:
        where.append(s.sub_event_type_key == query.sub_event_type)
    if query.actor is not None:
        a = incident_actors.c
        where.append(sa.exists().where(a.incident_id == s.id, a.name_key.contains(query.actor, autoescape=True)))
    where += _common(query, s.longitude, s.latitude, s.fatalities, s.certainty, s.day_lo, s.day_hi)
    if query.updated_since is not None:
        where.append(s.updated_at >= query.updated_since)
    return where


def event_where(query: ListQuery, article_id: str | None = None) -> list[sa.ColumnElement[bool]]:
    """The conditions on ``events`` that the filters of ``query`` make (types compared in lower case)."""
    e = events.c
    where: list[sa.ColumnElement[bool]] = []
    if article_id is not None:
        where.append(e.article_id == article_id)
    if query.country_iso3 is not None:
        where.append(sa.func.upper(e.country_iso3) == query.country_iso3)
    if query.event_type is not None:
        where.append(sa.func.lower(sa.func.trim(e.event_type)) == query.event_type)
    if query.sub_event_type is not None:
        where.append(sa.func.lower(sa.func.trim(e.sub_event_type)) == query.sub_event_type)
    if query.actor is not None:
        a = event_actors.c
        where.append(sa.exists().where(a.event_id == e.id, a.name_key.contains(query.actor, autoescape=True)))
    lo = sa.func.coalesce(e.date_start, e.date_end)
    hi = sa.func.coalesce(e.date_end, e.date_start)
    where += _common(query, e.longitude, e.latitude, e.fatalities, e.certainty, lo, hi)
    if query.updated_since is not None:
        stored = sa.select(event_items.c.event_id).where(event_items.c.stored_at >= query.updated_since)
        where.append(e.id.in_(stored))
    return where


def _common(  # noqa: PLR0917 - the columns the two lists share, in one order
    query: ListQuery,
    lon: Any,
    lat: Any,
    fatalities: Any,
    certainty: Any,
    day_lo: Any,
    day_hi: Any,
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if query.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        where += [lon.between(min_lon, max_lon), lat.between(min_lat, max_lat)]
    if query.min_fatalities is not None:  # the column is NOT NULL in both tables: no coalesce per row
        where.append(fatalities >= query.min_fatalities)
    if query.certainty is not None:
        where.append(certainty.in_(sorted(query.certainty)))
    if query.since is not None:
        where.append(day_hi >= query.since)
    if query.until is not None:
        where.append(day_lo <= query.until)
    return where


def _count(conn: sa.Connection, table: sa.Table, where: Sequence[sa.ColumnElement[bool]]) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())


def incident_ids(
    conn: sa.Connection, query: ListQuery, *, offset: int = 0, limit: int | None = None
) -> tuple[int, list[tuple[str, str | None]]]:
    """How many incidents pass ``query``, and one page of them (first day, undated last, then id) as
    ``(id, certainty)``."""
    s = incident_summaries.c
    where = incident_where(query)
    rows = conn.execute(
        sa.select(s.id, s.certainty).where(*where).order_by(s.sort_day, s.id).offset(offset).limit(limit)
    )
    return _count(conn, incident_summaries, where), [(str(r[0]), r[1]) for r in rows]


def figure_slices(
    conn: sa.Connection, query: ListQuery, *, offset: int = 0, limit: int | None = None
) -> tuple[int, list[tuple[str, int, int]]]:
    """How many figure histories the incidents passing ``query`` hold, and which make one page of them.

    The page is ``(incident id, first, last)`` slices of the incidents' figure tuples, in list order, found by
    summing the incidents' figure counts (``n_figures``, on the covering index) in list order up to the page's
    end: no incident is read. (A window function doing the same sum in SQL took 0.6-2.3 s at 119,230
    incidents, as SQLite's window machinery costs far more per row than this loop; ad hoc timing, loaded machine.)
    """
    s = incident_summaries.c
    where = [*incident_where(query), s.n_figures > 0]
    total = int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(s.n_figures), 0)).where(*where)).scalar_one())
    end = total if limit is None else min(total, offset + limit)
    slices: list[tuple[str, int, int]] = []
    if offset >= end:
        return total, slices
    upto = 0
    rows = conn.execute(sa.select(s.id, s.n_figures).where(*where).order_by(s.sort_day, s.id))
    while upto < end and (chunk := rows.fetchmany(_CHUNK * 8)):  # row by row, the driver calls cost 5x more
        for incident_id, n in chunk:
            first, upto = upto, upto + int(n)
            if upto > offset:
                slices.append((str(incident_id), max(0, offset - first), min(int(n), end - first)))
            if upto >= end:
                break
    rows.close()
    return total, slices


def event_ids(
    conn: sa.Connection, query: ListQuery, *, article_id: str | None = None, offset: int = 0, limit: int | None = None
) -> tuple[int, list[tuple[str, str]]]:
    """How many stored events pass ``query``, and one page of them as ``(event id, article id)`` in ingest order."""
    e = events.c
    where = event_where(query, article_id)
    rows = conn.execute(sa.select(e.id, e.article_id).where(*where).order_by(e.seq).offset(offset).limit(limit))
    return _count(conn, events, where), [(str(r[0]), str(r[1])) for r in rows]


def summaries(conn: sa.Connection, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Every incident summary (a dict of its columns, or of ``columns`` only; ``actors`` decoded), in list order.

    Asking only for the columns needed matters at scale: each date column is parsed per row on SQLite.
    """
    s = incident_summaries.c
    chosen = [incident_summaries.c[name] for name in columns] if columns else list(incident_summaries.c)
    names = [c.name for c in chosen]
    rows = conn.execute(sa.select(*chosen).order_by(s.sort_day, s.id)).all()
    out = [dict(zip(names, row, strict=True)) for row in rows]
    if "actors" in names:
        for row in out:
            row["actors"] = orjson.loads(row["actors"])
    return out


__all__ = [
    "FIRMNESS",
    "ListQuery",
    "add_events",
    "backfill",
    "clear",
    "event_ids",
    "event_where",
    "figure_slices",
    "fill_items",
    "firmest",
    "incident_ids",
    "incident_where",
    "refresh",
    "summaries",
    "summary_row",
]
