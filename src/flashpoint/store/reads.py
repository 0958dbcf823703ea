"""The batched reads of the ledger: everything one batch of reports needs from the store, in a few statements.

Reads a :class:`ReadRequest` (plain values: content hashes, article ids, fingerprints, story keys and one
candidate query per event to fuse); writes a :class:`~flashpoint.records.StoreSnapshot`. Runs where the
connection is: in the caller's transaction, or in the store process (:mod:`flashpoint.store.worker`) for
background bulk loads, so its arguments and results are plain values.

Two rules come from other stages and are passed in with the request (this stage imports neither): the
near-duplicate rule (``ingest.dedup.NearDuplicateRule``: fingerprint bands and the nearest earlier copy)
and the early veto of the matcher (``fuse.vetoed_early``: candidate rows it would veto anyway need not be
decoded or sent).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from flashpoint.records import (
    CandidateRow,
    IncidentKeys,
    NotedCopy,
    StoredArticle,
    StoredIncident,
    StoreSnapshot,
)
from flashpoint.store.database import Prepared, select_in, store_error
from flashpoint.store.schema import articles, incidents

LOOKUP_CHUNK = 250  # articles per lookup statement (4 band lists + hashes + ids stay far below bind limits)
MAX_KEY_ROWS = 200  # stored articles read per story key (the most recent): a common name says little
MAX_LOOSE_CANDIDATES = 2000  # cap for events with no place at all (date window only)
CELLS = 9  # a cell and its eight neighbours (fuse.blocking.neighbour_cells)
# the indexed columns of an incident row (records.IncidentKeys), in that order
BLOCKING_KEYS = IncidentKeys._fields


class NearRule(Protocol):
    """The near-duplicate rule (``ingest.dedup.NearDuplicateRule``), as the reads use it."""

    def bands(self, fingerprint: int) -> tuple[int, ...]:
        """The band values of a fingerprint."""
        ...

    def nearest(self, fingerprint: int, index: Mapping[tuple[int, Any], Sequence[Any]]) -> Any:
        """The key of the earliest entry of a band index within the rule's distance, or None."""
        ...


# the matcher's early veto (fuse.vetoed_early with its options bound): (event's veto fields, incident's
# type, country, window start, window end) -> ruled out
EarlyVetoRule = Callable[[Any, str, Any, "dt.date | None", "dt.date | None"], bool]


@dataclasses.dataclass(frozen=True, slots=True)
class CandidateQuery:
    """The candidate query of one event: SQL, driver parameters, and what rules a row out before decoding."""

    sql: str
    params: Any
    veto: Any  # the event's early-veto fields (fuse.EarlyVeto), handed to ReadRequest.vetoed


@dataclasses.dataclass(frozen=True, slots=True)
class ReadRequest:
    """What a batch needs from the store (plain values)."""

    hashes: list[str]  # content hashes: stored already? noted copies?
    ids: list[str]  # article ids: stored already?
    fingerprints: list[int]  # SimHashes (unsigned) whose earliest stored near-duplicate is wanted
    near_ids: list[str]  # near-duplicate article ids given by ingest
    queries: list[CandidateQuery]  # one per event to fuse
    story: dict[str, tuple[str, ...]]  # article id -> its story keys: which stored reports share them?
    link_min_keys: int  # story keys two reports must share to be related (fuse.MatchOptions.link_min_keys)
    near: NearRule | None  # the near-duplicate rule (None: no fingerprints to look up)
    vetoed: EarlyVetoRule | None  # the matcher's early veto (None: no candidate queries)
    max_seq: bool  # read the largest article seq (SQLite; PostgreSQL draws from its sequence)


def as_date(value: Any) -> dt.date | None:
    """A date from a raw driver value (SQLite hands back ISO text, PostgreSQL a date)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_bool(value: Any) -> bool | None:
    """A boolean from a raw driver value (SQLite hands back 0/1, PostgreSQL a bool)."""
    return None if value is None else bool(value)


def stored_keys(raw: Sequence[Any]) -> IncidentKeys:
    """An incident row's indexed columns (raw driver values in :data:`BLOCKING_KEYS` order) as the writes
    compare them."""
    lo, hi, cell, admin, country, coarse = raw
    return IncidentKeys(as_date(lo), as_date(hi), cell, admin, country, as_bool(coarse))


class CandidateQueries:
    """The candidate queries of one engine, one per combination of available blocking keys (built once)."""

    def __init__(self, engine: Engine) -> None:
        """Build nothing yet: each query is compiled on first use."""
        self._engine = engine
        self._queries: dict[tuple[bool, bool, bool, str], Prepared] = {}

    def query(self, dated: bool, cells: bool, admin: bool, country: str) -> Prepared:
        """The candidate query for one combination of available keys (built once per engine).

        ``country``: how the event's country widens its candidates ("" none, "any" for a coarse event:
        every incident of its country, "coarse" for a precise event: the country's coarse incidents).
        """
        key = (dated, cells, admin, country)
        if key in self._queries:
            return self._queries[key]
        c = incidents.c
        where: list[Any] = (
            # date_lo >= floor bounds the index range: no incident spans more than max_span_days
            [c.date_hi >= sa.bindparam("lo"), c.date_lo <= sa.bindparam("hi"), c.date_lo >= sa.bindparam("floor")]
            if dated
            else [c.date_lo.is_(None)]
        )
        geo: list[Any] = []
        if cells:
            geo.append(c.cell.in_([sa.bindparam(f"cell{i}") for i in range(CELLS)]))
        if admin:
            geo.append(c.admin_key == sa.bindparam("admin"))
        if country == "any":  # a coarse event: every incident of its country
            geo.extend(
                (
                    # both coarse values spelled out so the (country, coarse, date) index bounds the dates
                    sa.and_(c.country_iso3 == sa.bindparam("country"), c.coarse.is_(True)),
                    sa.and_(c.country_iso3 == sa.bindparam("country"), c.coarse.is_(False)),
                    sa.and_(c.country_iso3.is_(None), c.coarse.is_(True)),
                )
            )
        elif country == "coarse":  # a precise event: only the country's coarse incidents beyond its cells
            geo.extend(
                (
                    sa.and_(c.country_iso3 == sa.bindparam("country"), c.coarse.is_(True)),
                    sa.and_(c.country_iso3.is_(None), c.coarse.is_(True)),  # placeless incidents are coarse
                )
            )
        query = sa.select(
            c.id, c.event_type, c.country_iso3, c.date_lo, c.date_hi, c.profile, c.data, c.cell, c.admin_key, c.coarse
        ).where(*where)
        # an event with no place at all: anything in the date window, capped
        query = query.where(sa.or_(*geo)) if geo else query.order_by(c.founded_seq.desc()).limit(MAX_LOOSE_CANDIDATES)
        prepared = Prepared(self._engine, query, ())
        self._queries[key] = prepared
        return prepared

    def params(
        self,
        *,
        date_lo: dt.date | None,
        date_hi: dt.date | None,
        floor: dt.date | None,
        cells: Sequence[str],
        admin_key: str | None,
        country_iso3: str | None,
        country: str,
    ) -> tuple[str, Any]:
        """The candidate query of an event's blocking keys: SQL and driver parameters (plain values).

        ``floor``: the earliest first day of an incident that may still reach ``date_lo``.
        """
        dated = date_lo is not None and date_hi is not None
        query = self.query(dated, bool(cells), bool(admin_key), country)
        params: dict[str, Any] = {}
        if date_lo is not None and date_hi is not None:
            params.update(lo=date_lo, hi=date_hi, floor=floor)
        if cells:
            params.update({f"cell{i}": cell for i, cell in enumerate(cells)})
        if admin_key:
            params["admin"] = admin_key
        if country:
            params["country"] = country_iso3
        return query.sql, query.params(params)


def _articles(
    conn: sa.Connection, request: ReadRequest
) -> tuple[set[str], dict[str, StoredArticle], dict[str, list[NotedCopy]]]:
    """The batch's articles stored already (by id or content), and the noted copies of their texts."""
    ids_found: set[str] = set()
    stored: dict[str, StoredArticle] = {}
    copies: dict[str, list[NotedCopy]] = {}
    for start in range(0, max(len(request.hashes), len(request.ids)), LOOKUP_CHUNK):
        hashes = request.hashes[start : start + LOOKUP_CHUNK]
        ids = request.ids[start : start + LOOKUP_CHUNK]
        if ids:
            for stored_id, content_hash, external_id, source, published in select_in(
                conn,
                "SELECT id, content_hash, external_id, source, published FROM articles"
                " WHERE content_hash IN ({}) OR id IN ({})",
                hashes or [""],
                ids,
            ):
                ids_found.add(str(stored_id))
                stored[str(content_hash)] = StoredArticle(str(stored_id), external_id, source, as_date(published))
        if hashes:
            for content_hash, external_id, source, published in select_in(
                conn,
                "SELECT content_hash, external_id, source, published FROM article_copies"
                " WHERE content_hash IN ({}) ORDER BY seq",
                hashes,
            ):
                copies.setdefault(str(content_hash), []).append(NotedCopy(external_id, source, as_date(published)))
    return ids_found, stored, copies


def _nearest(conn: sa.Connection, request: ReadRequest) -> dict[int, str]:
    """The earliest stored near-duplicate of each fingerprint (found through the 16-bit bands)."""
    near = request.near
    if near is None:
        return {}
    near_seqs: dict[int, int] = {}
    for start in range(0, len(request.fingerprints), LOOKUP_CHUNK):
        chunk = request.fingerprints[start : start + LOOKUP_CHUNK]
        entries: dict[tuple[int, Any], list[tuple[int, Any, Any]]] = {}
        for i in range(4):
            # one statement per band: its (band, fingerprint) index answers it without reading rows
            for seq, band, fingerprint in select_in(
                conn,
                f"SELECT seq, fp_band{i}, fingerprint FROM articles WHERE fp_band{i} IN ({{}})",
                sorted({near.bands(fp)[i] for fp in chunk}),
            ):
                entries.setdefault((i, band), []).append((seq, seq, fingerprint))
        for fp in chunk:
            seq = near.nearest(fp, entries)
            if seq is not None:
                near_seqs[fp] = int(seq)
    if not near_seqs:
        return {}
    seqs = sorted(set(near_seqs.values()))
    by_seq = dict(select_in(conn, "SELECT seq, id FROM articles WHERE seq IN ({})", seqs))
    return {fp: str(by_seq[seq]) for fp, seq in near_seqs.items()}


def _incidents_of_articles(
    conn: sa.Connection, article_ids: Sequence[str], related_ids: set[str]
) -> tuple[dict[str, list[str]], dict[str, str], dict[str, StoredIncident]]:
    """The incidents the given stored articles support (with their rows), and the extraction JSON of the
    related articles that support none (orphans)."""
    article_incidents: dict[str, list[str]] = {}
    orphans: dict[str, str] = {}
    rows: dict[str, StoredIncident] = {}
    if not article_ids:
        return article_incidents, orphans, rows
    for article_id, incident_id in select_in(
        conn,
        "SELECT DISTINCT article_id, incident_id FROM incident_events WHERE article_id IN ({})"
        " ORDER BY article_id, incident_id",
        article_ids,
    ):
        article_incidents.setdefault(str(article_id), []).append(str(incident_id))
    lonely = sorted(related_ids - set(article_incidents))
    for start in range(0, len(lonely), LOOKUP_CHUNK):
        for article_id, data in select_in(
            conn, "SELECT id, extraction FROM articles WHERE id IN ({})", lonely[start : start + LOOKUP_CHUNK]
        ):
            orphans[str(article_id)] = str(data)
    wanted = sorted({i for ids in article_incidents.values() for i in ids})
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        for incident_id, profile, data, *keys in select_in(
            conn,
            "SELECT id, profile, data, " + ", ".join(BLOCKING_KEYS) + " FROM incidents WHERE id IN ({})",
            wanted[start : start + LOOKUP_CHUNK],
        ):
            rows[str(incident_id)] = StoredIncident(profile, data, stored_keys(keys))
    return article_incidents, orphans, rows


def _candidates(conn: sa.Connection, request: ReadRequest) -> list[list[CandidateRow]]:
    """The rows of every candidate query, without those the matcher would veto early."""
    found: list[list[CandidateRow]] = []
    if not request.queries:
        return found
    vetoed = request.vetoed
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    error = conn.dialect.loaded_dbapi.Error
    try:
        for query in request.queries:
            cursor.execute(query.sql, query.params)
            rows: list[CandidateRow] = []
            for (
                incident_id,
                event_type,
                country,
                raw_lo,
                raw_hi,
                profile,
                data,
                cell,
                admin,
                coarse,
            ) in cursor.fetchall():
                lo, hi = as_date(raw_lo), as_date(raw_hi)
                # the row's date span is the incident's date window (fuse.batch.incident_keys): rows the
                # matcher would veto anyway (country, type, dates) need not travel or be decoded
                if vetoed is not None and vetoed(query.veto, event_type, country, lo, hi):
                    continue
                rows.append(CandidateRow(incident_id, profile, data, lo, hi, cell, admin, country, as_bool(coarse)))
            found.append(rows)
    except error as exc:
        raise store_error(exc, "candidate query") from exc
    finally:
        cursor.close()
    return found


def prefetch(conn: sa.Connection, request: ReadRequest) -> StoreSnapshot:
    """Read what a batch needs, in a few statements for the whole batch (one snapshot).

    Stored content hashes and ids, noted copies of the texts, the earliest stored near-duplicate of each
    fingerprint (found through the 16-bit bands of the SimHash), the incidents the near-duplicate,
    copied and related articles support, and the candidate incident rows of every event.
    """
    ids, stored, copies = _articles(conn, request)
    nearest = _nearest(conn, request)
    related = related_articles(conn, request.story, request.link_min_keys)
    # the articles whose incidents a report of the batch may need: those it nearly copies or copies, and
    # those that share its story keys
    stored_ids = {row.id for row in stored.values()}
    related_ids = {a for found in related.values() for a in found}
    near_articles = sorted(set(request.near_ids) | set(nearest.values()) | stored_ids | related_ids)
    article_incidents, orphans, incident_rows = _incidents_of_articles(conn, near_articles, related_ids)
    candidates = _candidates(conn, request)
    max_seq = None
    if request.max_seq:
        max_seq = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(articles.c.seq), 0))).scalar_one())
    return StoreSnapshot(
        ids=ids,
        stored=stored,
        copies=copies,
        nearest=nearest,
        article_incidents=article_incidents,
        incident_rows=incident_rows,
        related=related,
        candidates=candidates,
        max_seq=max_seq,
        orphans=orphans,
    )


def related_articles(conn: sa.Connection, story: dict[str, tuple[str, ...]], min_keys: int) -> dict[str, list[str]]:
    """For each article of a batch, the stored articles that share at least ``min_keys`` of its story keys
    (at most :data:`MAX_KEY_ROWS` of the most recent per key), in ingest order."""
    wanted = sorted({k for keys in story.values() for k in keys})
    holders: dict[str, list[tuple[int, str]]] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        for key, article_id, seq in select_in(
            conn,
            "SELECT key, article_id, seq FROM (SELECT key, article_id, seq, ROW_NUMBER() OVER"
            " (PARTITION BY key ORDER BY seq DESC) AS n FROM article_keys WHERE key IN ({})) AS k"
            f" WHERE n <= {MAX_KEY_ROWS}",
            wanted[start : start + LOOKUP_CHUNK],
        ):
            holders.setdefault(str(key), []).append((int(seq), str(article_id)))
    related: dict[str, list[str]] = {}
    for article_id, keys in story.items():
        counts: collections.Counter[tuple[int, str]] = collections.Counter()
        for key in keys:
            counts.update(holders.get(key, ()))
        found = sorted(entry for entry, n in counts.items() if n >= min_keys and entry[1] != article_id)
        if found:
            related[article_id] = [other for _seq, other in found]
    return related


def stored_by_hash(conn: sa.Connection, hashes: Sequence[str]) -> dict[str, str]:
    """The id of the stored article of every content hash in ``hashes`` that is stored (one query per chunk)."""
    query = "SELECT content_hash, id FROM articles WHERE content_hash IN ({})"
    found: dict[str, str] = {}
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        for content_hash, article_id in select_in(conn, query, hashes[start : start + LOOKUP_CHUNK]):
            found[str(content_hash)] = str(article_id)
    return found
