"""The ledger: stores every report and what was read out of it, and keeps the incidents fused from them.

Reads :class:`~flashpoint.records.Extraction` s (and :class:`~flashpoint.records.Rejection` s); writes
them append-only into the store (:mod:`flashpoint.store`), then fuses each event into the incidents
(:mod:`flashpoint.fuse`) in the same transaction. Reads back incidents, figure histories, articles,
extractions and rejections for the CLI, exports, the sitrep and the web API.

Guarantees:

* one transaction per article: a crash mid-batch loses no recorded report and leaves no half-written one;
* idempotent: recording an article whose content hash is stored changes nothing;
* incremental: candidates are fetched by indexed blocking keys (date span, grid cell, admin1, country),
  never by loading every incident; a new report touches only the incidents its events join or found;
* stable ids: an incident's id derives from the id of the event that founded it, and :meth:`rebuild`
  replays the stored events in ingest order through the same code path, giving the same incidents.

This module is the facade that runs the transaction; the work is elsewhere. A batch is recorded in
three steps: it is planned (:func:`flashpoint.fuse.decide.plan`: events profiled; the candidate query of
each built by :class:`flashpoint.store.reads.CandidateQueries`), everything it needs is read at once
(:func:`flashpoint.store.reads.prefetch`), it is fused in memory (:func:`flashpoint.fuse.decide.fuse_reports`
on a :class:`flashpoint.fuse.batch.Batch`), and everything it changed is written at once
(:func:`flashpoint.store.writes.apply`). In the foreground the three share one transaction; a background
bulk load (``record_many(background=True)``) runs the reads and writes in a store process
(:mod:`flashpoint.store.worker`) while this process fuses the next batch, with the same results. The
near-duplicate rule is :class:`flashpoint.ingest.dedup.NearDuplicateRule`, passed to both sides.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import itertools
import logging
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from flashpoint import fuse
from flashpoint.batching import batched
from flashpoint.errors import NotFoundError, StoreError
from flashpoint.fuse import decide
from flashpoint.fuse.batch import Batch, PlannedReport, Tools, country_mode, incident_keys
from flashpoint.fuse.decide import RecordResult
from flashpoint.fuse.profile import IncidentProfile
from flashpoint.ingest.dedup import NearDuplicateRule
from flashpoint.records import (
    Article,
    Extraction,
    FigureHistory,
    Incident,
    Rejection,
)
from flashpoint.store import codec, create_engine, migrate, summary
from flashpoint.store.database import DEFAULT_URL, lock_for_writing, store_error
from flashpoint.store.pages import article_page
from flashpoint.store.reads import CandidateQueries, CandidateQuery, ReadRequest, as_date, prefetch, stored_by_hash
from flashpoint.store.schema import (
    article_keys,
    articles,
    claims,
    events,
    figures,
    incident_events,
    incident_merges,
    incidents,
    rejections,
)
from flashpoint.store.worker import StoreWorker
from flashpoint.store.writes import Statements, Writes, apply, article_row, copy_row, incident_row

log = logging.getLogger(__name__)

# the read statements of an incident detail, built once (building a SQLAlchemy statement per request cost about
# as much as running it: the lineage read took 1.1 ms of CPU, in-process, at 8,665 incidents)
_INCIDENT_COLUMN = {
    name: sa.select(incidents.c[name]).where(incidents.c.id == sa.bindparam("id")) for name in ("id", "data")
}
_MERGED_INTO = sa.select(incident_merges.c.into_id).where(incident_merges.c.absorbed_id == sa.bindparam("id"))
_EXTRACTIONS_OF = sa.select(articles.c.seq, articles.c.extraction).where(
    articles.c.id.in_(sa.bindparam("ids", expanding=True))
)
_LINEAGE = (
    sa.select(
        incident_events.c.event_id,
        incident_events.c.article_id,
        articles.c.external_id,
        incident_events.c.score,
        incident_events.c.reasons,
    )
    .join(articles, articles.c.id == incident_events.c.article_id)
    # a report with no event of its own (fuse.report_profile) has no events row
    .outerjoin(events, events.c.id == incident_events.c.event_id)
    .where(incident_events.c.incident_id == sa.bindparam("incident"))
    .order_by(articles.c.seq, sa.func.coalesce(events.c.seq, 0))
)

NAME = "ledger"
VERSION = "0.1.0"

_PAGE = 500  # rows per page when streaming stored extractions
_WINDOW_SLACK = 7  # days a member's date window may reach beyond its stated days (fuse.profile.date_window)
_MASK64 = (1 << 64) - 1
_NEAR = NearDuplicateRule()


@dataclasses.dataclass(frozen=True, slots=True)
class Support:
    """One event's membership in an incident: the lineage entry with the matcher's verdict."""

    event_id: str
    article_id: str
    external_id: str | None
    score: float | None  # None for the founding event
    reasons: tuple[str, ...]


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``values`` in slices of at most :data:`_PAGE` (an ``IN`` list per statement stays short)."""
    for start in range(0, len(values), _PAGE):
        yield values[start : start + _PAGE]


@functools.lru_cache(maxsize=2048)  # bounded: a few MB of profiles, whatever the database size
def _decode_profile(text: str) -> IncidentProfile:
    """A stored incident profile (frozen, so shared): the same incidents are candidates again and again."""
    return codec.loads(IncidentProfile, text)


# what a batch needs from the store side: the near-duplicate rule and the decoders of stored JSON
_TOOLS = Tools(
    near=_NEAR,
    incident=functools.partial(codec.loads, Incident),
    profile=_decode_profile,
    extraction=functools.partial(codec.loads, Extraction),
)


class Ledger:
    """The store plus fusion: the one place that writes reports and incidents."""

    def __init__(self, url: str = DEFAULT_URL, *, options: fuse.MatchOptions | None = None) -> None:
        """Open ``url`` (SQLite path/URL or PostgreSQL URL), creating or migrating its schema."""
        self.url = url
        self.options = options or fuse.MatchOptions()
        self._engine = create_engine(url)
        engine = self._engine
        self._statements = Statements(engine)
        dialect = engine.dialect.name
        self._postgres = dialect == "postgresql"
        memory = str(engine.url) in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in str(engine.url)
        self._file_sqlite = dialect == "sqlite" and not memory  # a store process can open the same file
        self._queries = CandidateQueries(engine)  # compiled candidate queries
        self.revision = migrate(self._engine)

    # ------------------------------------------------------------------ context manager
    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    # ------------------------------------------------------------------ writing
    def find_duplicate(self, article: Article) -> str | None:
        """The id of a stored article with the same content hash, or None."""
        with self._read() as conn:
            found = conn.execute(
                sa.select(articles.c.id).where(articles.c.content_hash == article.content_hash)
            ).scalar()
        return str(found) if found is not None else None

    def find_duplicates(self, reports: Sequence[Article]) -> dict[str, str]:
        """The id of the stored article of every content hash of ``reports`` that is stored (one query).

        :meth:`find_duplicate` for a whole batch of reports: ingest looks up a chunk of reports at once.
        """
        hashes = sorted({report.content_hash for report in reports})
        if not hashes:
            return {}
        with self._read() as conn:
            return stored_by_hash(conn, hashes)

    def record(self, extraction: Extraction) -> RecordResult:
        """Store one extraction and fuse its events, all in ONE transaction; idempotent per content."""
        try:
            with self._engine.begin() as conn:
                lock_for_writing(conn)  # one writer at a time: what it read stays true until it commits
                return self._record_batch(conn, [extraction])[0]
        except sa.exc.SQLAlchemyError as exc:
            raise store_error(exc, f"cannot record article {extraction.article.id}") from exc

    def record_many(
        self, extractions: Iterable[Extraction], *, batch_size: int = 200, background: bool = False
    ) -> Iterator[RecordResult]:
        """Record extractions in transactions of ``batch_size`` articles (for bulk loads and benchmarks).

        Each batch is all-or-nothing, so no article is ever half-written; a result is yielded only after
        its batch committed, so every yielded report is durable. Within a batch, each incident is written
        once (at the end) and events, figures and claims go in with one ``executemany`` each; fusion sees
        the batch's own changes through an in-memory index. ``batch_size=1`` equals :meth:`record`.

        ``background=True`` (SQLite files; other databases record in the foreground) hands the reading
        and writing to a store process (:mod:`flashpoint.store.worker`): while it writes one batch and
        reads the candidates of the next, this process fuses. The results and the database are the same
        as in the foreground. If the caller stops early, a batch already handed over is still committed.
        """
        if background and self._file_sqlite and batch_size > 1:
            yield from self._record_in_background(extractions, batch_size)
            return

        def flush(pending: list[Extraction]) -> list[RecordResult]:
            try:
                with self._engine.begin() as conn:
                    lock_for_writing(conn)  # one writer at a time: what it read stays true until it commits
                    return self._record_batch(conn, pending)
            except sa.exc.SQLAlchemyError as exc:
                raise store_error(exc, f"cannot record a batch of {len(pending)} articles") from exc

        for pending in batched(extractions, batch_size):
            yield from flush(pending)

    def _record_batch(self, conn: sa.Connection, batch_extractions: Sequence[Extraction]) -> list[RecordResult]:
        """Record a batch in the caller's transaction: read what it needs, fuse, write; return its results."""
        items, request = self._plan(batch_extractions)
        batch = Batch(_TOOLS)
        batch.start(prefetch(conn, request), self._seq_drawer(conn))
        results = decide.fuse_reports(items, batch, options=self.options)
        apply(conn, self._writes(batch))
        return results

    def _record_in_background(self, extractions: Iterable[Extraction], batch_size: int) -> Iterator[RecordResult]:
        """:meth:`record_many` with a store process: it reads batch k+2 and writes batch k while this fuses k+1.

        The store process runs its calls in order, so the read for batch k sees everything up to batch
        k-2; what batch k-1 changed comes from its in-memory state (the ``parent`` of batch k), whose
        incidents supersede their stored rows. Results of a batch are yielded once its commit is confirmed.
        """
        source = iter(extractions)
        with StoreWorker(self.url) as worker:
            # what the store process was asked, in order: reads (with the batch's plan) and writes (with
            # the batch's results)
            asked: collections.deque[tuple[list[PlannedReport], list[RecordResult]]] = collections.deque()

            def ask_read() -> None:
                chunk = list(itertools.islice(source, batch_size))
                if chunk:
                    items, request = self._plan(chunk)
                    worker.submit(prefetch, request)
                    asked.append((items, []))

            parent: Batch | None = None
            ask_read()
            ask_read()
            while asked:
                items, done = asked.popleft()
                value = worker.result()
                if not items:  # a write committed: its batch's results are durable
                    yield from done
                    continue
                batch = Batch(_TOOLS, parent=parent)
                batch.start(value, None)
                results = decide.fuse_reports(items, batch, options=self.options)
                worker.submit(apply, self._writes(batch))
                asked.append(([], results))
                parent = batch.settled()
                ask_read()

    def _plan(
        self, batch_extractions: Sequence[Extraction], *, seqs: Sequence[int] | None = None
    ) -> tuple[list[PlannedReport], ReadRequest]:
        """The events to fuse (profiled, fuse.decide.plan) and what to read for a batch (with the candidate
        query of each event).

        ``seqs``: the stored sequence numbers of the articles (rebuild), which then are not looked up.
        """
        items = decide.plan(batch_extractions, options=self.options, seqs=seqs)
        queries = [
            CandidateQuery(*self._candidate_params(planned.keys), fuse.EarlyVeto.of(planned.profile))
            for item in items
            for planned in item.events
        ]
        fingerprints: set[int] = set()
        near_ids: set[str] = set()
        for extraction in batch_extractions:
            article = extraction.article
            if article.near_duplicate_of is not None:
                near_ids.add(article.near_duplicate_of)
            elif article.fingerprint is not None and seqs is None:
                fingerprints.add(article.fingerprint & _MASK64)
        request = ReadRequest(
            hashes=sorted({x.article.content_hash for x in batch_extractions}),
            ids=sorted({x.article.id for x in batch_extractions}) if seqs is None else [],
            fingerprints=sorted(fingerprints),
            near_ids=sorted(near_ids),
            queries=queries,
            story={item.extraction.article.id: item.lookup for item in items},
            link_min_keys=self.options.link_min_keys,
            near=_NEAR,
            vetoed=functools.partial(fuse.vetoed_early, options=self.options),
            max_seq=seqs is None and not self._postgres,
        )
        return items, request

    def _candidate_params(self, keys: fuse.BlockingKeys) -> tuple[str, Any]:
        """The candidate query of an event's blocking keys: SQL and driver parameters (plain values)."""
        floor = (
            keys.date_lo - dt.timedelta(days=self.options.max_span_days + _WINDOW_SLACK)
            if keys.date_lo is not None
            else None
        )
        return self._queries.params(
            date_lo=keys.date_lo,
            date_hi=keys.date_hi,
            floor=floor,
            cells=keys.cells,
            admin_key=keys.admin_key,
            country_iso3=keys.country_iso3,
            country=country_mode(keys),
        )

    def _seq_drawer(self, conn: sa.Connection) -> Callable[[], int] | None:
        """PostgreSQL: the next value of the articles' own sequence (concurrent writers never collide)."""
        if not self._postgres:
            return None
        statement = sa.select(sa.func.nextval(sa.func.pg_get_serial_sequence("articles", "seq")))
        return lambda: int(conn.execute(statement).scalar_one())

    def record_copy(self, article: Article) -> RecordResult:
        """Note another copy of a report whose text is (or will be) stored: same content, other external id.

        A wire story carried verbatim by a second outlet is stored once, but the copy's external id
        supports the same incidents. Call this for reports skipped as duplicates; it may come before the
        original is recorded (the copy is then picked up when it is). Idempotent per (content, id, source).
        """
        request = ReadRequest(
            hashes=[article.content_hash],
            ids=[article.id],
            fingerprints=[],
            near_ids=[],
            queries=[],
            story={},
            link_min_keys=self.options.link_min_keys,
            near=None,
            vetoed=None,
            max_seq=False,
        )
        try:
            with self._engine.begin() as conn:  # the same rules as a copy met inside a batch
                lock_for_writing(conn)  # one writer at a time: what it read stays true until it commits
                batch = Batch(_TOOLS)
                batch.start(prefetch(conn, request), None)
                result = decide.note_copy(article, batch)
                apply(conn, self._writes(batch))
                return result
        except sa.exc.SQLAlchemyError as exc:
            raise store_error(exc, f"cannot record a copy of article {article.id}") from exc

    def record_rejection(self, rejection: Rejection) -> None:
        """Store a rejected report with its reason (once: the same rejection again changes nothing)."""
        row = {
            "origin": rejection.origin,
            "code": rejection.code,
            "reason": rejection.reason,
            "stage": rejection.stage,
            "external_id": rejection.external_id,
        }
        try:
            with self._engine.begin() as conn:
                lock_for_writing(conn)  # one writer at a time: what it read stays true until it commits
                same = sa.and_(
                    *(rejections.c[k] == v if v is not None else rejections.c[k].is_(None) for k, v in row.items())
                )
                if conn.execute(sa.select(rejections.c.seq).where(same).limit(1)).first() is None:
                    conn.execute(rejections.insert(), row)
        except sa.exc.SQLAlchemyError as exc:
            raise store_error(exc, f"cannot record rejection of {rejection.origin}") from exc

    def rebuild(self) -> int:
        """Recompute every incident from the stored events (in ingest order); return the incident count.

        Runs in one transaction: readers see the old incidents until the new ones are complete.
        """
        try:
            with self._engine.begin() as conn:
                lock_for_writing(conn)  # one writer at a time: what it read stays true until it commits
                conn.execute(incident_events.delete())
                conn.execute(incident_merges.delete())
                conn.execute(incidents.delete())
                summary.clear(conn)
                # story keys follow from the texts by fuse.content's rules: recomputed as the reports replay
                conn.execute(article_keys.delete())
                last = 0
                while True:
                    rows = article_page(conn, after=last, size=_PAGE)
                    if not rows:
                        break
                    page = [codec.loads(Extraction, data) for _seq, data in rows]
                    items, request = self._plan(page, seqs=[int(seq) for seq, _data in rows])
                    batch = Batch(_TOOLS)
                    batch.start(prefetch(conn, request), None)
                    decide.fuse_reports(items, batch, options=self.options)
                    apply(conn, self._writes(batch))
                    last = rows[-1][0]
                count = conn.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one()
        except sa.exc.SQLAlchemyError as exc:
            raise store_error(exc, "cannot rebuild incidents") from exc
        log.info("rebuilt %d incidents", count)
        return int(count)

    # ------------------------------------------------------------------ reading
    def incidents(self) -> list[Incident]:
        """Every incident, ordered by first day (undated last), then id."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(incidents.c.data).order_by(incidents.c.date_lo.is_(None), incidents.c.date_lo, incidents.c.id)
            ).scalars()
            return [codec.loads(Incident, data) for data in rows]

    def incident_profiles(self) -> dict[str, IncidentProfile]:
        """What the matcher knows of every incident (fuse.IncidentProfile), by id: for explaining decisions."""
        with self._read() as conn:
            rows = conn.execute(sa.select(incidents.c.id, incidents.c.profile)).all()
            return {str(incident_id): _decode_profile(profile) for incident_id, profile in rows}

    def incident(self, incident_id: str) -> Incident:
        """One incident; :class:`~flashpoint.errors.NotFoundError` if there is none with that id."""
        with self._read() as conn:
            found = self._stored_incident(conn, incident_id, "data")
        return codec.loads(Incident, found)

    @staticmethod
    def _stored_incident(conn: sa.Connection, incident_id: str, column: str) -> Any:
        """One column (``id`` or ``data``) of an incident's row, following a merge (an incident absorbed by a
        bridging report is read as the older one it went into); :class:`~flashpoint.errors.NotFoundError` if
        there is none."""
        value = conn.execute(_INCIDENT_COLUMN[column], {"id": incident_id}).scalar()
        if value is None:
            into = conn.execute(_MERGED_INTO, {"id": incident_id}).scalar()
            if into is not None:
                value = conn.execute(_INCIDENT_COLUMN[column], {"id": into}).scalar()
        if value is None:
            raise NotFoundError(f"no incident {incident_id!r}")
        return value

    def history(self, incident_id: str) -> list[FigureHistory]:
        """The figure histories of one incident (every revision, and the current values)."""
        return list(self.incident(incident_id).figures)

    def lineage(self, incident_id: str) -> list[Support]:
        """Every event supporting an incident, in joining order, with the score that admitted it."""
        with self._read() as conn:
            # the id alone, not the decoded record: NotFoundError for unknown ids; merged ids followed
            incident_id = str(self._stored_incident(conn, incident_id, "id"))
            rows = conn.execute(_LINEAGE, {"incident": incident_id}).all()
        return [Support(str(r[0]), str(r[1]), r[2], r[3], tuple(x for x in str(r[4]).split("; ") if x)) for r in rows]

    def extractions(self) -> Iterator[Extraction]:
        """Every stored extraction in ingest order, streamed page by page."""
        last = 0
        while True:
            with self._read() as conn:
                rows = article_page(conn, after=last, size=_PAGE)
            if not rows:
                return
            for seq, data in rows:
                last = seq
                yield codec.loads(Extraction, data)

    def article(self, article_id: str) -> Article:
        """One stored article; :class:`~flashpoint.errors.NotFoundError` if absent."""
        return self.extraction(article_id).article

    def extraction(self, article_id: str) -> Extraction:
        """Everything stored for one article; :class:`~flashpoint.errors.NotFoundError` if absent."""
        with self._read() as conn:
            data = conn.execute(sa.select(articles.c.extraction).where(articles.c.id == article_id)).scalar()
        if data is None:
            raise NotFoundError(f"no article {article_id!r}")
        return codec.loads(Extraction, data)

    def rejections(self) -> list[Rejection]:
        """Every recorded rejection, in the order recorded."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(
                    rejections.c.origin,
                    rejections.c.code,
                    rejections.c.reason,
                    rejections.c.stage,
                    rejections.c.external_id,
                ).order_by(rejections.c.seq)
            ).all()
        return [Rejection(origin=r[0], code=r[1], reason=r[2], stage=r[3], external_id=r[4]) for r in rows]

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (for status lines and tests)."""
        with self._read() as conn:
            return {
                table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
                for table in (articles, events, figures, claims, incidents, incident_events, rejections)
            }

    def event_certainties(self, event_ids: Iterable[str] | None = None) -> dict[str, Any]:
        """Stored events' certainties by event id, from the ``events`` column (no extraction decoded).

        Every event's, or only those of ``event_ids`` (read on the unique id index: what one page of
        incidents needs). The dashboard shows each incident's firmest certainty; this column read is about
        30 times faster than decoding every extraction on 10,000 reports (measured in one run of
        ``benchmarks/bench_dashboard``).
        """
        from flashpoint.records import Certainty  # here, not at the top: the ledger needs it only for this

        query = sa.select(events.c.id, events.c.certainty)
        with self._read() as conn:
            if event_ids is None:
                rows = conn.execute(query).all()
            else:
                wanted = sorted(set(event_ids))
                rows = [
                    row for chunk in _chunks(wanted) for row in conn.execute(query.where(events.c.id.in_(chunk))).all()
                ]
        return {str(r[0]): Certainty(r[1]) for r in rows if r[1]}

    def incident_page(self, *, offset: int = 0, limit: int | None = None) -> tuple[int, list[Incident]]:
        """How many incidents there are, and one slice of them in the order of :meth:`incidents`.

        The slice's ids are read by walking the ``(date_lo, id)`` index (dated incidents) and the primary key
        (undated ones, after them), and only its rows are decoded, all in one transaction: one page costs
        about the same however large the ledger grows.
        """
        dated = incidents.c.date_lo.is_not(None)
        count = sa.select(sa.func.count()).select_from(incidents)
        with self._read() as conn, conn.begin():
            total = int(conn.execute(count).scalar_one())
            n_dated = int(conn.execute(count.where(dated)).scalar_one())
            wanted = total if limit is None else limit
            ids: list[str] = []
            if offset < n_dated and wanted > 0:
                ids += conn.execute(
                    sa.select(incidents.c.id)
                    .where(dated)
                    .order_by(incidents.c.date_lo, incidents.c.id)
                    .offset(offset)
                    .limit(wanted)
                ).scalars()
            if len(ids) < wanted:
                ids += conn.execute(
                    sa.select(incidents.c.id)
                    .where(incidents.c.date_lo.is_(None))
                    .order_by(incidents.c.id)
                    .offset(max(0, offset - n_dated))
                    .limit(wanted - len(ids))
                ).scalars()
            data = {
                str(row[0]): row[1]
                for chunk in _chunks(ids)
                for row in conn.execute(sa.select(incidents.c.id, incidents.c.data).where(incidents.c.id.in_(chunk)))
            }
        return total, [codec.loads(Incident, data[i]) for i in ids if i in data]

    def published_dates(self, article_ids: Iterable[str] | None = None) -> dict[str, dt.date | None]:
        """Each stored article's publication date by id, from the ``articles`` column (no extraction decoded)."""
        query = sa.select(articles.c.id, articles.c.published)
        with self._read() as conn:
            if article_ids is None:
                rows = conn.execute(query).all()
            else:
                wanted = sorted(set(article_ids))
                rows = [
                    row
                    for chunk in _chunks(wanted)
                    for row in conn.execute(query.where(articles.c.id.in_(chunk))).all()
                ]
        return {str(r[0]): as_date(r[1]) for r in rows}

    def extractions_of(self, article_ids: Iterable[str]) -> list[Extraction]:
        """The stored extractions of these articles only (unknown ids are skipped), in ingest order."""
        wanted = sorted(set(article_ids))
        with self._read() as conn:
            rows = [
                row for chunk in _chunks(wanted) for row in conn.execute(_EXTRACTIONS_OF, {"ids": list(chunk)}).all()
            ]
        return [codec.loads(Extraction, data) for _, data in sorted(rows, key=operator.itemgetter(0))]

    def incident_list(
        self, query: summary.ListQuery, *, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[tuple[Incident, str | None]]]:
        """How many incidents pass ``query``, and one page of them in the order of :meth:`incidents`, each
        with its certainty (the firmest of its events').

        Filtered, counted and paged in SQL over the materialised summaries (:mod:`flashpoint.store.summary`);
        only the page's incidents are decoded. One transaction: the total and the page agree.
        """
        with self._read() as conn, conn.begin():
            total, rows = summary.incident_ids(conn, query, offset=offset, limit=limit)
            found = self._incidents_by_id(conn, [r[0] for r in rows])
        return total, [(found[i], certainty) for i, certainty in rows if i in found]

    def figure_list(
        self, query: summary.ListQuery, *, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[tuple[Incident, int, int]]]:
        """How many figure histories the incidents passing ``query`` hold, and one page of them as
        ``(incident, first, last)``: the page is ``incident.figures[first:last]`` of each, in order."""
        with self._read() as conn, conn.begin():
            total, slices = summary.figure_slices(conn, query, offset=offset, limit=limit)
            found = self._incidents_by_id(conn, [s[0] for s in slices])
        return total, [(found[i], a, b) for i, a, b in slices if i in found]

    def event_list(
        self, query: summary.ListQuery, *, article_id: str | None = None, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[tuple[str, str]]]:
        """How many stored events pass ``query`` (and belong to ``article_id`` when given), and one page of
        them as ``(event id, article id)``, in ingest order, from the ``events`` columns."""
        with self._read() as conn, conn.begin():
            return summary.event_ids(conn, query, article_id=article_id, offset=offset, limit=limit)

    def read_with(self, read: Callable[[sa.Connection], Any]) -> Any:
        """Run one read of the store (a function of a connection, e.g. ``store.lists.incident_items``) in one
        read transaction, so everything it reads is one state of the database (the web lists' pages)."""
        with self._read() as conn, conn.begin():
            return read(conn)

    def summaries(self, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Every incident's materialised list fields (``store.summary``; all, or only ``columns``), in the order
        of :meth:`incidents`."""
        with self._read() as conn:
            return summary.summaries(conn, columns)

    @staticmethod
    def _incidents_by_id(conn: sa.Connection, ids: Sequence[str]) -> dict[str, Incident]:
        return {
            str(row[0]): codec.loads(Incident, row[1])
            for chunk in _chunks(ids)
            for row in conn.execute(sa.select(incidents.c.id, incidents.c.data).where(incidents.c.id.in_(chunk)))
        }

    # ------------------------------------------------------------------ internals
    def _read(self) -> sa.Connection:
        try:
            return self._engine.connect()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self.url}: {exc}") from exc

    def _writes(self, batch: Batch) -> Writes:
        """What the batch writes, in order: bridge statements, articles, copies and story keys, their events,
        figures and claims, each changed incident once, lineage (statements with their driver parameter rows)."""
        s = self._statements
        first = [
            statement
            for b in batch.bridges
            for statement in s.bridge(absorbed=b.absorbed, into=b.into, event_id=b.event_id, stored=b.stored)
        ]
        article_rows = [article_row(a.seq, a.extraction, a.bands) for a in batch.new_articles]
        first += s.rows(s.put_article, article_rows)
        first += s.rows(s.put_copy, [copy_row(a) for a in batch.copies])
        first += s.rows(s.put_key, [k._asdict() for k in batch.story_keys])
        new_rows: list[dict[str, Any]] = []
        changed_rows: list[dict[str, Any]] = []
        light_rows: list[dict[str, Any]] = []  # changed, but not in an indexed column
        for work in batch.work.values():
            keys = incident_keys(work.profile)
            row = incident_row(work.record(), work.profile, keys, n_events=work.profile.n_events)
            batch.written_keys[row["id"]] = keys
            if not work.stored:
                new_rows.append({"founded_seq": work.profile.founded_seq, **row})
            elif work.keys is not None and work.keys == keys:
                light_rows.append(row)
            else:
                changed_rows.append(row)
        then = s.incidents(new_rows, changed_rows, light_rows)
        then += s.rows(s.put_support, [r._asdict() for r in batch.supports])
        return Writes(
            first,
            [row["extraction"] for row in article_rows],
            s.content_inserts(),
            then,
            (*batch.work, *batch.absorbed),
        )


def open_ledger(url: str = DEFAULT_URL, *, options: fuse.MatchOptions | None = None) -> Ledger:
    """Open a ledger (a function form of ``Ledger(url)`` for callers that prefer one)."""
    return Ledger(url, options=options)


__all__ = ["Ledger", "RecordResult", "Support", "open_ledger"]
