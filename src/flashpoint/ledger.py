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

A batch is recorded in three steps: it is planned (events profiled, the candidate query of each built),
everything it needs is read at once (:func:`_prefetch`), it is fused in memory, and everything it changed
is written at once (:func:`_apply`). In the foreground the three share one transaction; a background bulk
load (``record_many(background=True)``) runs the reads and writes in a store process
(:mod:`flashpoint.store.worker`) while this process fuses the next batch, with the same results.
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

import orjson
import sqlalchemy as sa

from flashpoint import fuse
from flashpoint.errors import NotFoundError, StoreError
from flashpoint.fuse.blocking import BlockingKeys, admin_key, cell_of, is_coarse
from flashpoint.fuse.profile import EventProfile, IncidentProfile, content_tokens
from flashpoint.records import (
    Article,
    Event,
    Extraction,
    Figure,
    FigureHistory,
    Incident,
    Rejection,
)
from flashpoint.store import codec, create_engine, migrate, summary
from flashpoint.store.database import DEFAULT_URL, Prepared, lock_for_writing, select_in, store_error
from flashpoint.store.pages import article_page
from flashpoint.store.schema import (
    article_copies,
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

log = logging.getLogger(__name__)

NAME = "ledger"
VERSION = "0.1.0"

NEAR_DUPLICATE_BITS = 3  # SimHash distance at or below which two articles are near-duplicates
_PAGE = 500  # rows per page when streaming stored extractions
_MAX_LOOSE_CANDIDATES = 2000  # cap for events with no place at all (date window only)
_LOOKUP_CHUNK = 250  # articles per lookup statement (4 band lists + hashes + ids stay far below bind limits)
_MAX_KEY_ROWS = 200  # stored articles read per story key (the most recent): a common name says little
_MAX_EVENTS = 10_000  # founded_seq = article seq * this + event index: ingest order of events
_CELLS = 9  # a cell and its eight neighbours (fuse.blocking.neighbour_cells)
_ARTICLE_KEYS = (
    "id", "content_hash", "external_id", "source", "published", "title", "url", "origin", "fingerprint",
    "fp_band0", "fp_band1", "fp_band2", "fp_band3", "near_duplicate_of", "n_events", "extraction",
)  # fmt: skip
_EVENT_KEYS = (
    "id", "article_id", "external_id", "source", "published", "event_type", "sub_event_type", "plover_type",
    "date_start", "date_end", "time_precision", "place_name", "country_iso3", "admin1", "latitude",
    "longitude", "geo_precision", "fatalities", "certainty",
)  # fmt: skip
_FIGURE_KEYS = (
    "article_id", "event_id", "position", "kind", "victims", "phrase", "low", "best", "high", "acled_value",
    "certainty", "claimant",
)  # fmt: skip
_CLAIM_KEYS = ("article_id", "position", "certainty", "claimant", "chain", "start", "end")
_INCIDENT_KEYS = (
    "id", "event_type", "sub_event_type", "date_lo", "date_hi", "cell", "admin_key", "country_iso3", "coarse",
    "n_events", "data", "profile",
)  # fmt: skip
# the indexed columns of an incident row: an update that leaves them as stored skips the indexes
_BLOCKING_KEYS = ("date_lo", "date_hi", "cell", "admin_key", "country_iso3", "coarse")
_UPDATE_KEYS = tuple(k for k in _INCIDENT_KEYS if k != "id")  # the id is the row's key: never rewritten
_LIGHT_UPDATE_KEYS = tuple(k for k in _UPDATE_KEYS if k not in _BLOCKING_KEYS)
_SUPPORT_KEYS = ("event_id", "incident_id", "article_id", "score", "reasons")
_COPY_KEYS = ("content_hash", "external_id", "source", "published", "origin")
_SKIP_FUSION = frozenset({"denied", "hypothetical", "future"})
_MASK64 = (1 << 64) - 1
_WINDOW_SLACK = 7  # days a member's date window may reach beyond its stated days (fuse.profile.date_window)


@dataclasses.dataclass(frozen=True, slots=True)
class RecordResult:
    """What recording one extraction did."""

    article_id: str
    stored: bool  # False when the same content was already stored (nothing changed)
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    event_ids: tuple[str, ...] = ()
    incident_ids: tuple[str, ...] = ()  # incidents created or updated, in event order
    new_incident_ids: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Support:
    """One event's membership in an incident: the lineage entry with the matcher's verdict."""

    event_id: str
    article_id: str
    external_id: str | None
    score: float | None  # None for the founding event
    reasons: tuple[str, ...]


def _json(value: Any) -> str:
    return codec.dumps(value)


def _signed64(value: int) -> int:
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def _bands(fingerprint: int) -> tuple[int, int, int, int]:
    value = fingerprint & ((1 << 64) - 1)
    return (value & 0xFFFF, (value >> 16) & 0xFFFF, (value >> 32) & 0xFFFF, (value >> 48) & 0xFFFF)


def _same_days(a: dt.date | None, b: dt.date | None) -> bool:
    """Whether two publication dates allow two copies of one text to be one report (a day for time zones).

    The same text published on distant days is a reused template (a standing notice, a recurring
    statement), not a relay: its copies do not support the original's incidents.
    """
    return a is None or b is None or abs((a - b).days) <= 1


def _as_date(value: Any) -> dt.date | None:
    """A date from a raw driver value (SQLite hands back ISO text, PostgreSQL a date)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``values`` in slices of at most :data:`_PAGE` (an ``IN`` list per statement stays short)."""
    for start in range(0, len(values), _PAGE):
        yield values[start : start + _PAGE]


def _as_bool(value: Any) -> bool | None:
    """A boolean from a raw driver value (SQLite hands back 0/1, PostgreSQL a bool)."""
    return None if value is None else bool(value)


def _nearest(fingerprint: int, rows: Iterable[tuple[Any, Any]]) -> Any:
    """The key of the first (earliest stored) row whose fingerprint is within NEAR_DUPLICATE_BITS bits."""
    mine = fingerprint & ((1 << 64) - 1)
    for key, other in rows:
        if other is not None and bin(mine ^ (int(other) & ((1 << 64) - 1))).count("1") <= NEAR_DUPLICATE_BITS:
            return key
    return None


def _event_figures(event: Event, extraction: Extraction) -> tuple[Figure, ...]:
    """The figures an event carries; a single-event article's figures all belong to its event."""
    if event.figures:
        return event.figures
    return extraction.figures if len(extraction.events) == 1 else ()


class Ledger:
    """The store plus fusion: the one place that writes reports and incidents."""

    def __init__(self, url: str = DEFAULT_URL, *, options: fuse.MatchOptions | None = None) -> None:
        """Open ``url`` (SQLite path/URL or PostgreSQL URL), creating or migrating its schema."""
        self.url = url
        self.options = options or fuse.MatchOptions()
        self._engine = create_engine(url)
        engine = self._engine
        self._put_article = Prepared(engine, articles.insert(), ("seq", *_ARTICLE_KEYS))
        self._put_event = Prepared(engine, events.insert(), _EVENT_KEYS)
        self._put_figure = Prepared(engine, figures.insert(), _FIGURE_KEYS)
        self._put_claim = Prepared(engine, claims.insert(), _CLAIM_KEYS)
        self._put_incident = Prepared(engine, incidents.insert(), ("founded_seq", *_INCIDENT_KEYS))
        self._set_incident = Prepared(
            engine, incidents.update().where(incidents.c.id == sa.bindparam("key")), _UPDATE_KEYS
        )
        self._set_incident_light = Prepared(
            engine, incidents.update().where(incidents.c.id == sa.bindparam("key")), _LIGHT_UPDATE_KEYS
        )
        self._put_support = Prepared(engine, incident_events.insert(), _SUPPORT_KEYS)
        self._put_copy = Prepared(engine, article_copies.insert(), _COPY_KEYS)
        self._put_key = Prepared(engine, article_keys.insert(), ("key", "article_id", "seq"))
        # the statements of a bridge (two incidents merged): the newer's row goes, its lineage moves
        self._drop_incident = Prepared(engine, incidents.delete().where(incidents.c.id == sa.bindparam("old")), ())
        self._move_support = Prepared(
            engine,
            incident_events.update()
            .where(incident_events.c.incident_id == sa.bindparam("old"))
            .values(incident_id=sa.bindparam("new")),
            (),
        )
        self._move_merges = Prepared(
            engine,
            incident_merges.update()
            .where(incident_merges.c.into_id == sa.bindparam("old"))
            .values(into_id=sa.bindparam("new")),
            (),
        )
        self._put_merge = Prepared(engine, incident_merges.insert(), ("absorbed_id", "into_id", "event_id"))
        dialect = engine.dialect.name
        self._postgres = dialect == "postgresql"
        memory = str(engine.url) in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in str(engine.url)
        self._file_sqlite = dialect == "sqlite" and not memory  # a store process can open the same file
        self._queries: dict[tuple[bool, bool, bool, str], Prepared] = {}  # compiled candidate queries
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
        pending: list[Extraction] = []

        def flush() -> list[RecordResult]:
            try:
                with self._engine.begin() as conn:
                    lock_for_writing(conn)  # one writer at a time: what it read stays true until it commits
                    return self._record_batch(conn, pending)
            except sa.exc.SQLAlchemyError as exc:
                raise store_error(exc, f"cannot record a batch of {len(pending)} articles") from exc

        for extraction in extractions:
            pending.append(extraction)
            if len(pending) >= batch_size:
                yield from flush()
                pending = []
        if pending:
            yield from flush()

    def _record_batch(self, conn: sa.Connection, batch_extractions: Sequence[Extraction]) -> list[RecordResult]:
        """Record a batch in the caller's transaction: read what it needs, fuse, write; return its results."""
        items, request = self._plan(batch_extractions)
        batch = _Batch()
        batch.start(_prefetch(conn, request), self._seq_drawer(conn))
        results = self._fuse_items(items, batch)
        _apply(conn, self._writes(batch))
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
            asked: collections.deque[tuple[list[_Item], list[RecordResult]]] = collections.deque()

            def ask_read() -> None:
                chunk = list(itertools.islice(source, batch_size))
                if chunk:
                    items, request = self._plan(chunk)
                    worker.submit(_prefetch, request)
                    asked.append((items, []))

            parent: _Batch | None = None
            ask_read()
            ask_read()
            while asked:
                items, done = asked.popleft()
                value = worker.result()
                if not items:  # a write committed: its batch's results are durable
                    yield from done
                    continue
                batch = _Batch(parent=parent)
                batch.start(value, None)
                results = self._fuse_items(items, batch)
                worker.submit(_apply, self._writes(batch))
                asked.append(([], results))
                parent = batch.settled()
                ask_read()

    def _plan(
        self, batch_extractions: Sequence[Extraction], *, seqs: Sequence[int] | None = None
    ) -> tuple[list[_Item], _ReadRequest]:
        """The events to fuse (profiled, with their candidate queries) and what to read for a batch.

        ``seqs``: the stored sequence numbers of the articles (rebuild), which then are not looked up.
        """
        items: list[_Item] = []
        queries: list[tuple[str, Any, fuse.EarlyVeto]] = []
        fingerprints: set[int] = set()
        near_ids: set[str] = set()
        whole_text = self.options.whole_text
        options = self.options
        story: dict[str, tuple[str, ...]] = {}
        for position, extraction in enumerate(batch_extractions):
            article = extraction.article
            whole = whole_text and len(extraction.events) == 1
            full_text = f"{article.title}\n{article.text}" if article.title else article.text
            read = fuse.read_story(
                full_text, keys=options.story_keys, min_count=options.story_key_min_count, lookup=options.lookup_names
            )
            keys_of, names_of = read.keys, read.names
            # only a report with story names is ever compared on content (fuse.content_match)
            followup = bool(names_of) and fuse.is_followup(article.text, article.title)
            story[article.id] = read.lookup
            fusing: list[tuple[int, Event, EventProfile, BlockingKeys, int]] = []
            for index, event in enumerate(extraction.events):
                # A denied, hypothetical or announced event is no evidence that anything happened: it never
                # founds an incident. A denial ("the group denied killing civilians") still refers to one,
                # so it may join an incident it matches (its figures keep their certainty in the history).
                certainty = event.certainty.value
                if certainty in _SKIP_FUSION and not (certainty == "denied" and self.options.join_denied):
                    continue
                profile = fuse.profile_event(
                    event, article, whole_text=whole, story=() if whole else names_of, followup=followup
                )
                keys = fuse.blocking_keys(profile, window_days=self.options.window_days)
                fusing.append((index, event, profile, keys, len(queries)))
                queries.append((*self._candidate_params(keys), fuse.EarlyVeto.of(profile)))
            if article.near_duplicate_of is not None:
                near_ids.add(article.near_duplicate_of)
            elif article.fingerprint is not None and seqs is None:
                fingerprints.add(article.fingerprint & _MASK64)
            items.append(
                _Item(
                    extraction,
                    fusing,
                    seqs[position] if seqs is not None else None,
                    keys_of,
                    names_of,
                    followup,
                    read.lookup,
                )
            )
        hashes = sorted({x.article.content_hash for x in batch_extractions})
        request = _ReadRequest(
            hashes=hashes,
            ids=sorted({x.article.id for x in batch_extractions}) if seqs is None else [],
            fingerprints=sorted(fingerprints),
            near_ids=sorted(near_ids),
            queries=queries,
            story=story,
            options=self.options,
            max_seq=seqs is None and not self._postgres,
        )
        return items, request

    def _seq_drawer(self, conn: sa.Connection) -> Callable[[], int] | None:
        """PostgreSQL: the next value of the articles' own sequence (concurrent writers never collide)."""
        if not self._postgres:
            return None
        statement = sa.select(sa.func.nextval(sa.func.pg_get_serial_sequence("articles", "seq")))
        return lambda: int(conn.execute(statement).scalar_one())

    def _fuse_items(self, items: Sequence[_Item], batch: _Batch) -> list[RecordResult]:
        """Fuse a planned batch against what was read for it (and its parent); return its results.

        Writes nothing: the batch holds the rows (:meth:`_writes`).
        """
        results: list[RecordResult] = []
        snapshot = batch.snapshot
        for item in items:
            extraction = item.extraction
            article = extraction.article
            content_hash = article.content_hash
            copies = tuple(
                str(external_id)
                for external_id, _source, published in batch.copies_of(content_hash)
                if external_id is not None and _same_days(published, article.published)
            )
            if item.seq is not None:  # rebuild: stored already, fuse only
                self._fuse_extraction(extraction, item, item.seq, batch, snapshot, copies=copies)
                batch.add_story(article.id, batch.keys_to_store(article.id, item), item.seq)
                continue
            if (
                content_hash in snapshot.stored
                or article.id in snapshot.ids
                or batch.has_article(content_hash, article.id)
            ):  # stored already: at most a new copy (another external id) to note
                results.append(self._note_copy(article, batch))
                continue
            if article.near_duplicate_of is None and article.fingerprint is not None:
                # the earliest stored article within NEAR_DUPLICATE_BITS bits: those stored before (as read)
                # come before those of the batch's parent, which come before the batch's own
                near = snapshot.nearest.get(article.fingerprint & _MASK64) or batch.nearest(article.fingerprint)
                if near is not None:
                    article = dataclasses.replace(article, near_duplicate_of=near)
                    extraction = dataclasses.replace(extraction, article=article)
            article_seq = self._insert(extraction, batch)
            touched, created = self._fuse_extraction(extraction, item, article_seq, batch, snapshot, copies=copies)
            batch.add_story(article.id, batch.keys_to_store(article.id, item), article_seq)
            results.append(
                RecordResult(
                    article_id=article.id,
                    stored=True,
                    near_duplicate_of=article.near_duplicate_of,
                    event_ids=tuple(e.id for e in extraction.events),
                    incident_ids=touched,
                    new_incident_ids=created,
                )
            )
        return results

    def _note_copy(self, article: Article, batch: _Batch) -> RecordResult:
        """Note a copy of a stored text (:meth:`record_copy`, or a report of a batch whose text is stored),
        from what was read and what the batch and its parent hold.

        Nothing to note when it is the stored article itself, a copy noted already, or has no external
        id; a copy published within a day of the original supports the original's incidents.
        """
        stored = batch.stored_article(article.content_hash)
        original = stored[0] if stored else None
        same_as_stored = stored is not None and (stored[1], stored[2]) == (article.external_id, article.source)
        known = any(
            (external_id, source) == (article.external_id, article.source)
            for external_id, source, _published in batch.copies_of(article.content_hash)
        )
        if same_as_stored or known or article.external_id is None:
            return RecordResult(article_id=original or article.id, stored=False, duplicate_of=original)
        batch.note_copy(article)
        touched: list[str] = []
        if stored is not None and _same_days(stored[3], article.published):
            for incident_id, work in self._incidents_of(batch, stored[0]).items():
                incident = fuse.add_copies(work.record(), [article.external_id])
                batch.put(_Work(work.profile, None, stored=work.stored, incident=incident, keys=work.keys))
                touched.append(incident_id)
        return RecordResult(
            article_id=original or article.id, stored=False, duplicate_of=original, incident_ids=tuple(touched)
        )

    def record_copy(self, article: Article) -> RecordResult:
        """Note another copy of a report whose text is (or will be) stored: same content, other external id.

        A wire story carried verbatim by a second outlet is stored once, but the copy's external id
        supports the same incidents. Call this for reports skipped as duplicates; it may come before the
        original is recorded (the copy is then picked up when it is). Idempotent per (content, id, source).
        """
        request = _ReadRequest(
            hashes=[article.content_hash],
            ids=[article.id],
            fingerprints=[],
            near_ids=[],
            queries=[],
            story={},
            options=self.options,
            max_seq=False,
        )
        try:
            with self._engine.begin() as conn:  # the same rules as a copy met inside a batch
                lock_for_writing(conn)  # one writer at a time: what it read stays true until it commits
                batch = _Batch()
                batch.start(_prefetch(conn, request), None)
                result = self._note_copy(article, batch)
                _apply(conn, self._writes(batch))
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
                    batch = _Batch()
                    batch.start(_prefetch(conn, request), None)
                    self._fuse_items(items, batch)
                    _apply(conn, self._writes(batch))
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
            data = conn.execute(sa.select(incidents.c.data).where(incidents.c.id == incident_id)).scalar()
            if data is None:  # merged into an older incident by a bridging report: that one
                into = conn.execute(
                    sa.select(incident_merges.c.into_id).where(incident_merges.c.absorbed_id == incident_id)
                ).scalar()
                if into is not None:
                    data = conn.execute(sa.select(incidents.c.data).where(incidents.c.id == into)).scalar()
        if data is None:
            raise NotFoundError(f"no incident {incident_id!r}")
        return codec.loads(Incident, data)

    def history(self, incident_id: str) -> list[FigureHistory]:
        """The figure histories of one incident (every revision, and the current values)."""
        return list(self.incident(incident_id).figures)

    def lineage(self, incident_id: str) -> list[Support]:
        """Every event supporting an incident, in joining order, with the score that admitted it."""
        incident_id = self.incident(incident_id).id  # NotFoundError for unknown ids; merged ids followed
        with self._read() as conn:
            rows = conn.execute(
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
                .where(incident_events.c.incident_id == incident_id)
                .order_by(articles.c.seq, sa.func.coalesce(events.c.seq, 0))
            ).all()
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
        return {str(r[0]): _as_date(r[1]) for r in rows}

    def extractions_of(self, article_ids: Iterable[str]) -> list[Extraction]:
        """The stored extractions of these articles only (unknown ids are skipped), in ingest order."""
        wanted = sorted(set(article_ids))
        with self._read() as conn:
            rows = [
                row
                for chunk in _chunks(wanted)
                for row in conn.execute(
                    sa.select(articles.c.seq, articles.c.extraction).where(articles.c.id.in_(chunk))
                ).all()
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

    def incident_list_json(
        self, query: summary.ListQuery, *, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[tuple[dict[str, Any], str | None]]]:
        """:meth:`incident_list` with each incident as its stored JSON (the ``records.to_dict`` form), parsed
        but not decoded into a record: what a list that only lays the incidents out needs (several times faster)."""
        with self._read() as conn, conn.begin():
            total, rows = summary.incident_ids(conn, query, offset=offset, limit=limit)
            data = {
                str(row[0]): row[1]
                for chunk in _chunks([r[0] for r in rows])
                for row in conn.execute(sa.select(incidents.c.id, incidents.c.data).where(incidents.c.id.in_(chunk)))
            }
        return total, [(orjson.loads(data[i]), certainty) for i, certainty in rows if i in data]

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

    def events_of(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[Event, Article]]:
        """The stored events named by ``(event id, article id)`` pairs, each with its article, in the pairs'
        order (unknown ones skipped). Only those events and articles are decoded from their extractions' JSON,
        not the figures, claims and caveats beside them."""
        wanted = sorted({a for _, a in pairs})
        with self._read() as conn:
            data = {
                str(row[0]): orjson.loads(row[1])
                for chunk in _chunks(wanted)
                for row in conn.execute(sa.select(articles.c.id, articles.c.extraction).where(articles.c.id.in_(chunk)))
            }
        read_event, read_article = codec.decoder(Event), codec.decoder(Article)
        found_articles = {aid: read_article(d["article"]) for aid, d in data.items()}
        found_events = {e["id"]: e for d in data.values() for e in d["events"]}
        return [
            (read_event(found_events[e]), found_articles[a])
            for e, a in pairs
            if e in found_events and a in found_articles
        ]

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

    def _insert(self, extraction: Extraction, batch: _Batch) -> int:
        """Queue the article in the batch (its events, figures and claims follow from its extraction JSON,
        see :func:`_content_rows`); return the article's seq."""
        article = extraction.article
        fp = article.fingerprint
        bands: tuple[int | None, ...] = _bands(fp) if fp is not None else (None, None, None, None)
        seq = batch.take_seq()
        batch.add_article(
            {
                "seq": seq,
                "id": article.id,
                "content_hash": article.content_hash,
                "external_id": article.external_id,
                "source": article.source,
                "published": article.published,
                "title": article.title,
                "url": article.url,
                "origin": article.origin,
                "fingerprint": _signed64(fp) if fp is not None else None,
                "fp_band0": bands[0],
                "fp_band1": bands[1],
                "fp_band2": bands[2],
                "fp_band3": bands[3],
                "near_duplicate_of": article.near_duplicate_of,
                "n_events": len(extraction.events),
                "extraction": _json(extraction),
            }
        )
        return seq

    def _fuse_extraction(
        self,
        extraction: Extraction,
        item: _Item,
        article_seq: int,
        batch: _Batch,
        snapshot: _Snapshot,
        *,
        copies: tuple[str, ...],
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Fuse the planned events of one article into the incidents; return (touched, created) incident ids."""
        touched: list[str] = []
        created: list[str] = []
        near = extraction.article.near_duplicate_of
        linked = self._linked_incidents(batch, extraction.article.id, item.lookup)
        every_link = linked
        for index, event, planned, keys, query in item.fusing:
            profile = planned
            if profile.near_duplicate_of != near:  # planned before its near-duplicate was found
                profile = dataclasses.replace(profile, near_duplicate_of=near)
            fused = self._fuse_event(
                batch,
                snapshot,
                event,
                profile,
                keys,
                snapshot.candidates[query],
                extraction,
                seq=article_seq * _MAX_EVENTS + min(index, _MAX_EVENTS - 1),
                copies=copies,
                may_found=event.certainty.value != "denied",
                linked=linked,
            )
            if fused is None:
                continue
            incident_id, new = fused
            if linked and (incident_id in linked or any(batch.resolve(i) == incident_id for i in linked)):
                # the report's content points to one incident: once one of its events joined it, the
                # others are matched on their own evidence (no second incident by the same names)
                linked = {}
            touched = [i for i in touched if i not in batch.absorbed]  # a bridge may have merged one away
            if incident_id not in touched:
                touched.append(incident_id)
            if new:
                created.append(incident_id)
        if not touched and every_link:  # no event of its own in any incident: the report may still be about one
            joined = self._attach_report(batch, extraction, item, every_link, copies=copies)
            if joined is not None:
                touched.append(joined)
        if touched and every_link and self.options.bridge and self.options.bridge_by_content:
            self._merge_linked(batch, touched[0], every_link, extraction, item)
            touched = list(dict.fromkeys(batch.resolve(i) for i in touched))
        if touched:
            self._adopt_orphans(batch, extraction.article.id, item.lookup, touched)
        elif item.names:  # in no incident: a later report of the incident it is about may adopt it
            batch.orphans[extraction.article.id] = extraction  # profiled if a later report names it
        created = [i for i in created if i not in batch.absorbed]
        return tuple(touched), tuple(created)

    def _merge_linked(
        self, batch: _Batch, main: str, linked: dict[str, _Work], extraction: Extraction, item: _Item
    ) -> None:
        """Merge into the report's main incident the incidents its names link it to, when their own reports
        tell one story (fuse.content_bridge_conflict): one story split by the order its reports came in.
        When the report names the other incident's protagonists itself (the content rule between the
        report and that incident), a report in both does not keep them apart."""
        article_id = extraction.article.id
        report = fuse.report_profile(extraction.article, names=item.names, followup=item.followup)
        main = batch.resolve(main)
        for incident_id, read in linked.items():
            other_id = batch.resolve(incident_id)
            target, other = batch.current(main), batch.current(other_id)
            if other is None and other_id == incident_id:
                other = read
            if target is None or other is None or other_id == main or other_id in batch.absorbed:
                continue
            named = fuse.content_match(report, other.profile, self.options, base=fuse.MatchScore(other_id, 0.0, ()))
            if fuse.content_bridge_conflict(
                target.profile, other.profile, self.options, shared_report=named is not None
            ):
                continue
            main = self._merge(batch, target, other, f"{article_id}#report").profile.id

    def _adopt_orphans(self, batch: _Batch, article_id: str, lookup: tuple[str, ...], touched: Sequence[str]) -> None:
        """Let the earlier reports in no incident that share names with this one support the incidents it
        joined or founded (fuse.content_match, as for :meth:`_attach_report`): a report that arrived before
        any report of its incident had an event is not left out for that (order independence)."""
        related = [*batch.snapshot.related.get(article_id, ()), *batch.related(lookup, self.options.link_min_keys)]
        for other in dict.fromkeys(related):
            if other == article_id:
                continue
            orphan = batch.orphan(other, self.options)
            # still in no incident (as read, and as this batch and its parent left it)?
            if orphan is None or batch.article_incidents_of(other) or batch.snapshot.article_incidents.get(other):
                continue
            candidates: dict[str, _Work] = {}
            for incident_id in touched:
                resolved = batch.resolve(incident_id)
                work = batch.current(resolved)
                if work is not None:
                    candidates[resolved] = work
            if candidates:
                self._support_report(batch, orphan.article, orphan.profile, candidates, copies=())

    def _support_report(
        self,
        batch: _Batch,
        article: Article,
        profile: EventProfile,
        candidates: dict[str, _Work],
        *,
        copies: tuple[str, ...],
    ) -> str | None:
        """The report without an event (``profile``, fuse.report_profile) supports the best of the
        candidates that the content rule accepts; return its id (None: none accepts it)."""
        ranked = fuse.rank_matches(
            profile, [w.profile for w in candidates.values()], self.options, linked=list(candidates)
        )
        if not ranked:
            return None
        target = candidates[ranked[0].incident_id]
        incident = fuse.add_report(target.record(), article, copies=copies)
        inc_profile = fuse.note_report(target.profile, article.id)
        batch.put(_Work(inc_profile, None, stored=target.stored, incident=incident, keys=target.keys))
        reasons = ["report without an event of its own", *ranked[0].reasons]
        batch.support(profile.event_id, incident.id, article.id, ranked[0].total, "; ".join(reasons))
        batch.orphans.pop(article.id, None)
        return incident.id

    def _attach_report(
        self,
        batch: _Batch,
        extraction: Extraction,
        item: _Item,
        linked: dict[str, _Work],
        *,
        copies: tuple[str, ...],
    ) -> str | None:
        """Let a report with no event in any incident support the incident its names point to (the content
        rule alone: a portrait of the suspect, a hearing, an event the extractor missed); return its id."""
        profile = _orphan(extraction, self.options).profile
        candidates: dict[str, _Work] = {}
        for incident_id, work in linked.items():
            resolved = batch.resolve(incident_id)
            current = batch.current(resolved) or (work if resolved == incident_id else None)
            if current is not None:
                candidates[resolved] = current
        return self._support_report(batch, extraction.article, profile, candidates, copies=copies)

    def _candidate_query(self, dated: bool, cells: bool, admin: bool, country: str) -> Prepared:
        """The candidate query for one combination of available keys (built once per ledger)."""
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
            geo.append(c.cell.in_([sa.bindparam(f"cell{i}") for i in range(_CELLS)]))
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
        query = query.where(sa.or_(*geo)) if geo else query.order_by(c.founded_seq.desc()).limit(_MAX_LOOSE_CANDIDATES)
        prepared = Prepared(self._engine, query, ())
        self._queries[key] = prepared
        return prepared

    def _candidate_params(self, keys: BlockingKeys) -> tuple[str, Any]:
        """The candidate query of an event's blocking keys: SQL and driver parameters (plain values)."""
        lo, hi = keys.date_lo, keys.date_hi
        dated = lo is not None and hi is not None
        country = _country_mode(keys)
        query = self._candidate_query(dated, bool(keys.cells), bool(keys.admin_key), country)
        params: dict[str, Any] = {}
        if lo is not None and hi is not None:
            params.update(lo=lo, hi=hi, floor=lo - dt.timedelta(days=self.options.max_span_days + _WINDOW_SLACK))
        if keys.cells:
            params.update({f"cell{i}": cell for i, cell in enumerate(keys.cells)})
        if keys.admin_key:
            params["admin"] = keys.admin_key
        if country:
            params["country"] = keys.country_iso3
        return query.sql, query.params(params)

    def _candidates(
        self, batch: _Batch, event: EventProfile, keys: BlockingKeys, rows: Sequence[Sequence[Any]]
    ) -> dict[str, _Work]:
        """Candidate incidents by id: the stored ones that were read, and the batch's (and its parent's) own.

        Stored rows of incidents the batch or its parent has changed are superseded by their version;
        theirs are found through their in-memory indexes of the same keys.
        """
        lo, hi = keys.date_lo, keys.date_hi
        dated = lo is not None and hi is not None
        found: dict[str, _Work] = {}
        # the rows were read without those the matcher would veto early (see _prefetch)
        for incident_id, _type, country_iso3, date_lo, date_hi, profile_json, data, cell, admin, coarse in rows:
            if batch.superseded(incident_id):
                continue
            profile = _decode_profile(profile_json)
            keys_stored = _stored_keys((date_lo, date_hi, cell, admin, country_iso3, coarse))
            found[profile.id] = _Work(profile=profile, data=data, stored=True, keys=keys_stored)
        for work in batch.lookup(keys, _country_mode(keys)):
            if dated and not _window_overlaps(work.profile, lo, hi):
                continue
            found[work.profile.id] = work
        return found

    @staticmethod
    def _incidents_of(batch: _Batch, article_id: str | None) -> dict[str, _Work]:
        """The incidents a stored article supports, by id (the article a report nearly copies, or copies)."""
        if article_id is None:
            return {}
        snapshot = batch.snapshot
        ids = batch.article_incidents_of(article_id)
        ids.extend(snapshot.article_incidents.get(article_id, ()))
        found: dict[str, _Work] = {}
        for incident_id in sorted({batch.resolve(i) for i in ids}):
            work = batch.current(incident_id)
            if work is not None:
                found[incident_id] = work
                continue
            row = snapshot.incident_rows.get(incident_id)
            if row is not None:
                profile_json, data, *stored = row
                found[incident_id] = _Work(
                    codec.loads(IncidentProfile, profile_json), data, stored=True, keys=_stored_keys(stored)
                )
        return found

    def _linked_incidents(self, batch: _Batch, article_id: str, keys: tuple[str, ...]) -> dict[str, _Work]:
        """The incidents of the earlier reports that share story keys with this one (fuse.content), by id."""
        found: dict[str, _Work] = {}
        if not keys:
            return found
        related = dict.fromkeys(batch.snapshot.related.get(article_id, ()))
        related.update(dict.fromkeys(batch.related(keys, self.options.link_min_keys)))
        related.pop(article_id, None)
        for other in related:
            # the incident the other report is mainly about: the one it supports with the most reports
            # (ties: the first listed); its other events are side stories of its own
            theirs = self._incidents_of(batch, other)
            if theirs:
                main = max(theirs, key=lambda i: len(theirs[i].profile.article_ids))
                found.setdefault(main, theirs[main])
        return found

    def _fuse_event(  # noqa: PLR0917 - one call site; the batch, the read rows and the event's planned parts
        self,
        batch: _Batch,
        snapshot: _Snapshot,
        event: Event,
        profile: EventProfile,
        keys: BlockingKeys,
        rows: Sequence[Sequence[Any]],
        extraction: Extraction,
        *,
        seq: int,
        copies: tuple[str, ...],
        may_found: bool = True,
        linked: dict[str, _Work] | None = None,
    ) -> tuple[str, bool] | None:
        article = extraction.article
        event_figures = _event_figures(event, extraction)
        candidates = self._candidates(batch, profile, keys, rows)
        near = self._incidents_of(batch, profile.near_duplicate_of)
        for incident_id, work in near.items():
            candidates.setdefault(incident_id, work)
        linked_ids: list[str] = []
        for incident_id, work in (linked or {}).items():
            resolved = batch.resolve(incident_id)  # an earlier event of this report may have bridged it
            current = batch.current(resolved) or (work if resolved == incident_id else None)
            if current is not None:
                candidates.setdefault(resolved, current)
                linked_ids.append(resolved)
        ranked = fuse.rank_matches(
            profile,
            [w.profile for w in candidates.values()],
            self.options,
            near_duplicates=near,
            linked=linked_ids,
        )
        if not ranked and not may_found:
            return None
        if not ranked:
            incident = fuse.found_incident(event, article, event_figures, copies=copies)
            inc_profile = fuse.new_profile(incident.id, profile, founded_seq=seq)
            batch.put(_Work(inc_profile, None, stored=False, incident=incident))
            batch.support(event.id, incident.id, article.id, None, "founded")
            return incident.id, True
        target = candidates[ranked[0].incident_id]
        reasons = list(ranked[0].reasons)
        by_content = ranked[0].overridden is not None
        # the violence that an incident of follow-ups only refers to: the incident takes its days and place
        anchor = by_content and target.profile.followup and not profile.followup
        if by_content and not anchor:  # a later development, or a place of its own
            profile = fuse.attached(profile)
            event = dataclasses.replace(event, place=None)
        if self.options.bridge:
            for other in ranked[1:]:
                work = candidates[other.incident_id]
                if work.profile.id in batch.absorbed:
                    continue
                if by_content or other.overridden is not None:
                    # content evidence on either side: the two incidents must tell one story themselves
                    if not self.options.bridge_by_content:
                        continue
                    conflict = fuse.content_bridge_conflict(
                        target.profile, work.profile, self.options, shared_report=other.by_content
                    )
                else:
                    conflict = fuse.incidents_conflict(target.profile, work.profile, self.options)
                if conflict:
                    continue
                target = self._merge(batch, target, work, event.id)
                reasons.append(f"bridged {min(other.incident_id, ranked[0].incident_id)}")
        inc_profile = fuse.anchored(target.profile, profile) if anchor else fuse.absorb(target.profile, profile)
        incident = fuse.add_event(target.record(), inc_profile, event, article, event_figures, copies=copies)
        batch.put(_Work(inc_profile, None, stored=target.stored, incident=incident, keys=target.keys))
        batch.support(event.id, incident.id, article.id, ranked[0].total, "; ".join(reasons))
        return incident.id, False

    def _merge(self, batch: _Batch, a: _Work, b: _Work, event_id: str) -> _Work:
        """Merge two incidents a report bridges: the older (first founded) keeps its id; return it.

        The statements that move the stored lineage wait in the batch and run before its rows.
        """
        older, newer = sorted((a, b), key=lambda w: (w.profile.founded_seq, w.profile.id))
        profile = fuse.combine(older.profile, newer.profile)
        incident = fuse.merge_incidents(older.record(), newer.record(), profile)
        merged = _Work(profile, None, stored=older.stored, incident=incident, keys=older.keys)
        batch.put(merged)
        batch.absorb(newer.profile.id, older.profile.id)
        moved = {"old": newer.profile.id, "new": older.profile.id}
        if newer.stored:
            for statement in (self._drop_incident, self._move_support, self._move_merges):
                batch.statements.append((statement.sql, [statement.params(moved)]))
        note = {"absorbed_id": newer.profile.id, "into_id": older.profile.id, "event_id": event_id}
        batch.statements.append((self._put_merge.sql, [self._put_merge.params(note)]))
        log.info("report event %s bridged incidents %s and %s", event_id, older.profile.id, newer.profile.id)
        return merged

    def _writes(self, batch: _Batch) -> _Writes:
        """What the batch writes, in order: bridge statements, articles, their events, figures and claims,
        each changed incident once, lineage (statements with their driver parameter rows)."""
        first = list(batch.statements)
        if batch.article_rows:
            first.append((self._put_article.sql, [self._put_article.params(r) for r in batch.article_rows]))
        if batch.copy_rows:
            first.append((self._put_copy.sql, [self._put_copy.params(r) for r in batch.copy_rows]))
        if batch.key_rows:
            first.append((self._put_key.sql, [self._put_key.params(r) for r in batch.key_rows]))
        new_rows: list[Any] = []
        changed_rows: list[Any] = []
        light_rows: list[Any] = []  # changed, but not in an indexed column
        for work in batch.work.values():
            row = self._incident_row(work.record(), work.profile)
            keys = tuple(row[k] for k in _BLOCKING_KEYS)
            batch.written_keys[row["id"]] = keys
            if not work.stored:
                new_rows.append(self._put_incident.params({"founded_seq": work.profile.founded_seq, **row}))
            elif work.keys is not None and work.keys == keys:
                light_rows.append(self._set_incident_light.params({"key": row["id"], **row}))
            else:
                changed_rows.append(self._set_incident.params({"key": row["id"], **row}))
        then: list[tuple[str, list[Any]]] = [
            (prepared.sql, rows)
            for prepared, rows in (
                (self._put_incident, new_rows),
                (self._set_incident, changed_rows),
                (self._set_incident_light, light_rows),
            )
            if rows
        ]
        if batch.supports:
            then.append((self._put_support.sql, [self._put_support.params(r) for r in batch.supports]))
        return _Writes(
            first,
            [row["extraction"] for row in batch.article_rows],
            tuple((p.sql, p.order) for p in (self._put_event, self._put_figure, self._put_claim)),
            then,
            (*batch.work, *batch.absorbed),
        )

    @staticmethod
    def _incident_row(incident: Incident, profile: IncidentProfile) -> dict[str, Any]:
        return {
            "id": incident.id,
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            # the blocking span: the members' date windows (their stated days widened by how they were stated)
            "date_lo": profile.window_lo or profile.date_lo,
            "date_hi": profile.window_hi or profile.date_hi,
            "cell": cell_of(profile.latitude, profile.longitude),
            "admin_key": admin_key(profile.country_iso3, profile.admin1),
            "country_iso3": profile.country_iso3,
            "coarse": is_coarse(profile.geo_precision, profile.latitude),
            "n_events": profile.n_events,
            "data": _json(incident),
            "profile": _json(profile),
        }


def _country_mode(keys: BlockingKeys) -> str:
    """How an event's country widens its candidates: "" (none), "any" (coarse event), "coarse"."""
    return "" if not keys.country_iso3 else ("any" if keys.coarse else "coarse")


@functools.lru_cache(maxsize=2048)  # bounded: a few MB of profiles, whatever the database size
def _decode_profile(text: str) -> IncidentProfile:
    """A stored incident profile (frozen, so shared): the same incidents are candidates again and again."""
    return codec.loads(IncidentProfile, text)


def _stored_keys(raw: Sequence[Any]) -> tuple[Any, ...]:
    """An incident row's indexed columns (raw driver values in ``_BLOCKING_KEYS`` order) as the flush
    compares them."""
    lo, hi, cell, admin, country, coarse = raw
    return (_as_date(lo), _as_date(hi), cell, admin, country, _as_bool(coarse))


# ---------------------------------------------------------------------- reading and writing a batch
# These run where the connection is: in the caller's transaction, or in the store process
# (flashpoint.store.worker) for background bulk loads. Their arguments and results are plain values.


@dataclasses.dataclass(slots=True)
class _ReadRequest:
    """What a batch needs from the store (plain values)."""

    hashes: list[str]  # content hashes: stored already? noted copies?
    ids: list[str]  # article ids: stored already?
    fingerprints: list[int]  # SimHashes (unsigned) whose earliest stored near-duplicate is wanted
    near_ids: list[str]  # near-duplicate article ids given by ingest
    # one candidate query per event to fuse: SQL, parameters, and what rules a row out before decoding
    queries: list[tuple[str, Any, fuse.EarlyVeto]]
    story: dict[str, tuple[str, ...]]  # article id -> its story keys: which stored reports share them?
    options: fuse.MatchOptions
    max_seq: bool  # read the largest article seq (SQLite; PostgreSQL draws from its sequence)


@dataclasses.dataclass(slots=True)
class _Snapshot:
    """What the store held for a batch, read in one transaction (see :func:`_prefetch`)."""

    ids: set[str] = dataclasses.field(default_factory=set)
    # content hash -> the stored article with it: id, external id, source, publication date
    stored: dict[str, tuple[str, Any, Any, dt.date | None]] = dataclasses.field(default_factory=dict)
    # content hash -> noted copies of the text: external id, source, publication date (in the order noted)
    copies: dict[str, list[tuple[Any, Any, dt.date | None]]] = dataclasses.field(default_factory=dict)
    nearest: dict[int, str] = dataclasses.field(default_factory=dict)  # fingerprint -> stored article id
    # the incidents stored articles support (near-duplicate or copied ones): article id -> incident ids
    article_incidents: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    incident_rows: dict[str, tuple[Any, ...]] = dataclasses.field(default_factory=dict)  # profile, data, keys
    # article id -> the stored articles sharing story keys with it (in ingest order)
    related: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    # rows per candidate query, without those the matcher would veto early
    candidates: list[Sequence[Any]] = dataclasses.field(default_factory=list)
    max_seq: int | None = None
    # stored articles sharing story keys with the batch's that support no incident: id -> extraction JSON
    orphans: dict[str, str] = dataclasses.field(default_factory=dict)


def _prefetch(conn: sa.Connection, request: _ReadRequest) -> _Snapshot:
    """Read what a batch needs, in a few statements for the whole batch (one snapshot).

    Stored content hashes and ids, noted copies of the texts, the earliest stored near-duplicate of each
    fingerprint (found through the 16-bit bands of the SimHash), the incidents the near-duplicate
    articles support, and the candidate incident rows of every event.
    """
    snapshot = _Snapshot()
    for start in range(0, max(len(request.hashes), len(request.ids)), _LOOKUP_CHUNK):
        hashes = request.hashes[start : start + _LOOKUP_CHUNK]
        ids = request.ids[start : start + _LOOKUP_CHUNK]
        if ids:
            for stored_id, content_hash, external_id, source, published in select_in(
                conn,
                "SELECT id, content_hash, external_id, source, published FROM articles"
                " WHERE content_hash IN ({}) OR id IN ({})",
                hashes or [""],
                ids,
            ):
                snapshot.ids.add(str(stored_id))
                snapshot.stored[str(content_hash)] = (str(stored_id), external_id, source, _as_date(published))
        if hashes:
            for content_hash, external_id, source, published in select_in(
                conn,
                "SELECT content_hash, external_id, source, published FROM article_copies"
                " WHERE content_hash IN ({}) ORDER BY seq",
                hashes,
            ):
                snapshot.copies.setdefault(str(content_hash), []).append((external_id, source, _as_date(published)))
    near_seqs: dict[int, int] = {}
    for start in range(0, len(request.fingerprints), _LOOKUP_CHUNK):
        chunk = request.fingerprints[start : start + _LOOKUP_CHUNK]
        entries: dict[tuple[int, Any], list[tuple[int, Any, Any]]] = {}
        for i in range(4):
            # one statement per band: its (band, fingerprint) index answers it without reading rows
            for seq, band, fingerprint in select_in(
                conn,
                f"SELECT seq, fp_band{i}, fingerprint FROM articles WHERE fp_band{i} IN ({{}})",
                sorted({_bands(fp)[i] for fp in chunk}),
            ):
                entries.setdefault((i, band), []).append((seq, seq, fingerprint))
        for fp in chunk:
            seq = _nearest(fp, _band_matches(entries, fp))
            if seq is not None:
                near_seqs[fp] = int(seq)
    if near_seqs:
        seqs = sorted(set(near_seqs.values()))
        by_seq = dict(select_in(conn, "SELECT seq, id FROM articles WHERE seq IN ({})", seqs))
        snapshot.nearest = {fp: str(by_seq[seq]) for fp, seq in near_seqs.items()}
    snapshot.related = _related_articles(conn, request.story, request.options.link_min_keys)
    # the articles whose incidents a report of the batch may need: those it nearly copies or copies, and
    # those that share its story keys
    stored_ids = {row[0] for row in snapshot.stored.values()}
    related_ids = {a for ids in snapshot.related.values() for a in ids}
    near_articles = sorted(set(request.near_ids) | set(snapshot.nearest.values()) | stored_ids | related_ids)
    if near_articles:
        for article_id, incident_id in select_in(
            conn,
            "SELECT DISTINCT article_id, incident_id FROM incident_events WHERE article_id IN ({})"
            " ORDER BY article_id, incident_id",
            near_articles,
        ):
            snapshot.article_incidents.setdefault(str(article_id), []).append(str(incident_id))
        orphans = sorted(related_ids - set(snapshot.article_incidents))
        for start in range(0, len(orphans), _LOOKUP_CHUNK):
            for article_id, data in select_in(
                conn, "SELECT id, extraction FROM articles WHERE id IN ({})", orphans[start : start + _LOOKUP_CHUNK]
            ):
                snapshot.orphans[str(article_id)] = str(data)
        wanted = sorted({i for ids in snapshot.article_incidents.values() for i in ids})
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            for incident_id, *row in select_in(
                conn,
                "SELECT id, profile, data, " + ", ".join(_BLOCKING_KEYS) + " FROM incidents WHERE id IN ({})",
                wanted[start : start + _LOOKUP_CHUNK],
            ):
                snapshot.incident_rows[str(incident_id)] = tuple(row)
    if request.queries:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        error = conn.dialect.loaded_dbapi.Error
        try:
            options = request.options
            for sql, params, veto in request.queries:
                cursor.execute(sql, params)
                # the row's date span is the incident's date window (see Ledger._incident_row): rows the
                # matcher would veto anyway (country, type, dates) need not travel or be decoded
                snapshot.candidates.append(
                    [
                        row
                        for row in cursor.fetchall()
                        if not fuse.vetoed_early(
                            veto, row[1], row[2], _as_date(row[3]), _as_date(row[4]), options=options
                        )
                    ]
                )
        except error as exc:
            raise store_error(exc, "candidate query") from exc
        finally:
            cursor.close()
    if request.max_seq:
        snapshot.max_seq = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(articles.c.seq), 0))).scalar_one())
    return snapshot


def _related_articles(conn: sa.Connection, story: dict[str, tuple[str, ...]], min_keys: int) -> dict[str, list[str]]:
    """For each article of a batch, the stored articles that share at least ``min_keys`` of its story keys
    (at most :data:`_MAX_KEY_ROWS` of the most recent per key), in ingest order."""
    wanted = sorted({k for keys in story.values() for k in keys})
    holders: dict[str, list[tuple[int, str]]] = {}
    for start in range(0, len(wanted), _LOOKUP_CHUNK):
        for key, article_id, seq in select_in(
            conn,
            "SELECT key, article_id, seq FROM (SELECT key, article_id, seq, ROW_NUMBER() OVER"
            " (PARTITION BY key ORDER BY seq DESC) AS n FROM article_keys WHERE key IN ({})) AS k"
            f" WHERE n <= {_MAX_KEY_ROWS}",
            wanted[start : start + _LOOKUP_CHUNK],
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


@dataclasses.dataclass(slots=True)
class _Writes:
    """A batch's writes (plain values), run in order by :func:`_apply` where the connection is."""

    first: list[tuple[str, list[Any]]]  # bridge statements, then the articles: (SQL, parameter rows)
    contents: list[str]  # the extraction JSON of each new article, whose events, figures and claims follow
    content_inserts: tuple[tuple[str, tuple[str, ...] | None], ...]  # events, figures, claims: SQL, key order
    then: list[tuple[str, list[Any]]]  # incidents, lineage
    # incidents written or merged away: their list summaries are rewritten after them (store.summary)
    summaries: tuple[str, ...] = ()


def _apply(conn: sa.Connection, writes: _Writes) -> None:
    """Run a batch's statements in order, each with its rows of driver parameters (``executemany``).

    The rows of events, figures and claims are read out of the articles' extraction JSON here, so a
    store process builds them from the JSON it writes anyway instead of receiving them a second time.
    """
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    error = conn.dialect.loaded_dbapi.Error

    def run(statements: Sequence[tuple[str, list[Any]]]) -> None:
        for sql, rows in statements:
            if rows:
                try:
                    cursor.executemany(sql, rows)
                except error as exc:
                    raise store_error(exc, sql.split(" (")[0][:60]) from exc

    try:
        run(writes.first)
        tables: tuple[list[dict[str, Any]], ...] = ([], [], [])
        contents = [orjson.loads(text) for text in writes.contents]
        for data in contents:
            for rows, more in zip(tables, _content_rows(data), strict=True):
                rows.extend(more)
        run(
            [
                (sql, [operator.itemgetter(*order)(r) for r in rows] if order else rows)
                for (sql, order), rows in zip(writes.content_inserts, tables, strict=True)
            ]
        )
        run(writes.then)
    finally:
        cursor.close()
    # the one hook of the lists' materialised rows: after the incidents, in the same transaction
    summary.refresh(conn, writes.summaries, contents)


def _content_rows(
    data: dict[str, Any],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of ``events``, ``figures`` and ``claims`` of one extraction (its decoded JSON).

    Dates stay ISO text, as SQLite stores them (PostgreSQL reads the text as a date); figures are listed
    article-level first, then each event's own, with the event that carries each.
    """
    article = data["article"]
    article_id = article["id"]
    event_rows = []
    for event in data["events"]:
        place = event["place"] or {}
        day = event["date"]
        event_rows.append(
            {
                "id": event["id"],
                "article_id": article_id,
                "external_id": article["external_id"],
                "source": article["source"],
                "published": article["published"],
                "event_type": event["event_type"],
                "sub_event_type": event["sub_event_type"],
                "plover_type": event["plover_type"],
                "date_start": day["start"],
                "date_end": day["end"],
                "time_precision": day["time_precision"],
                "place_name": place.get("name"),
                "country_iso3": place.get("country_iso3"),
                "admin1": place.get("admin1"),
                "latitude": place.get("latitude"),
                "longitude": place.get("longitude"),
                "geo_precision": place.get("geo_precision"),
                "fatalities": event["fatalities"],
                "certainty": event["claim"]["certainty"],
            }
        )
    # a figure is a value: the same JSON is the same figure (the records' own equality)
    listed = list(data["figures"])
    seen = {orjson.dumps(f) for f in listed}
    owner: dict[bytes, str] = {}
    for event in data["events"]:
        for figure in event["figures"]:
            key = orjson.dumps(figure)
            owner[key] = event["id"]
            if key not in seen:
                listed.append(figure)
    figure_rows = []
    for position, figure in enumerate(listed):
        chain = figure["claim"]["chain"]
        figure_rows.append(
            {
                "article_id": article_id,
                "event_id": owner.get(orjson.dumps(figure)),
                "position": position,
                "kind": figure["kind"],
                "victims": figure["victims"],
                "phrase": figure["phrase"],
                "low": figure["low"],
                "best": figure["best"],
                "high": figure["high"],
                "acled_value": figure["acled_value"],
                "certainty": figure["claim"]["certainty"],
                "claimant": chain[0]["name"] if chain else None,
            }
        )
    claim_rows = [
        {
            "article_id": article_id,
            "position": i,
            "certainty": claim["certainty"],
            "claimant": claim["chain"][0]["name"] if claim["chain"] else None,
            "chain": " > ".join(link["name"] for link in claim["chain"]),
            "start": claim["evidence"]["start"],
            "end": claim["evidence"]["end"],
        }
        for i, claim in enumerate(data["claims"])
    ]
    return event_rows, figure_rows, claim_rows


def _band_matches(index: dict[tuple[int, Any], list[tuple[int, Any, Any]]], fingerprint: int) -> list[tuple[Any, Any]]:
    """(key, fingerprint) of the entries sharing a band with ``fingerprint``, by seq (entries: seq, key, fp)."""
    entries: dict[int, tuple[Any, Any]] = {}
    for i, band in enumerate(_bands(fingerprint)):
        for seq, article_id, other in index.get((i, band), ()):
            entries[seq] = (article_id, other)
    return [entries[seq] for seq in sorted(entries)]


def _window_overlaps(profile: IncidentProfile, lo: dt.date | None, hi: dt.date | None) -> bool:
    start = profile.window_lo or profile.date_lo
    end = profile.window_hi or profile.date_hi
    if start is None or end is None or lo is None or hi is None:
        return start is None and lo is None
    return end >= lo and start <= hi


@dataclasses.dataclass(slots=True)
class _Item:
    """One article of a batch with the events to fuse: (index, event, profile, blocking keys, query number)."""

    extraction: Extraction
    fusing: list[tuple[int, Event, EventProfile, BlockingKeys, int]]
    seq: int | None  # stored seq (rebuild); None: a new article
    story: tuple[str, ...] = ()  # its story keys (fuse.content.story_keys)
    names: tuple[str, ...] = ()  # the names of the whole report (fuse.content.story_names)
    followup: bool = False  # its lede names a later development (fuse.content.is_followup)
    lookup: tuple[str, ...] = ()  # the names it looks up among stored story keys (fuse.content.read_story)


@dataclasses.dataclass(frozen=True, slots=True)
class _Orphan:
    """A report in no incident: its article and its profile as a report without an event."""

    article: Article
    profile: EventProfile


def _orphan(extraction: Extraction, options: fuse.MatchOptions) -> _Orphan:
    """The orphan record of a report: its profile as a report without an event (fuse.report_profile)."""
    article = extraction.article
    full_text = f"{article.title}\n{article.text}" if article.title else article.text
    story = fuse.read_story(full_text, keys=options.story_keys, min_count=options.story_key_min_count)
    followup = bool(story.names) and fuse.is_followup(article.text, article.title)
    _names, words = content_tokens(full_text)
    profile = fuse.report_profile(
        article, names=story.names, followup=followup, words=tuple(sorted(words)), keys=story.keys
    )
    return _Orphan(article, profile)


@dataclasses.dataclass(slots=True)
class _Work:
    """An incident as the current batch sees it: its profile, and its record (JSON or decoded)."""

    profile: IncidentProfile
    data: str | None
    stored: bool  # a row for it exists in the database (update, not insert, on flush)
    incident: Incident | None = None
    # the stored row's indexed columns (_BLOCKING_KEYS) as read; None: unknown (the flush rewrites them)
    keys: tuple[Any, ...] | None = None

    def record(self) -> Incident:
        """The incident record (decoded from its JSON on first use)."""
        if self.incident is None:
            if self.data is None:
                raise StoreError(f"incident {self.profile.id} has no record")
            self.incident = codec.loads(Incident, self.data)
        return self.incident


def _index_keys(profile: IncidentProfile) -> tuple[tuple[str, str, bool], ...]:
    """The in-memory index entries of an incident (the same keys as its row's indexed columns)."""
    keys: list[tuple[str, str, bool]] = []
    cell = cell_of(profile.latitude, profile.longitude)
    if cell:
        keys.append(("cell", cell, False))
    admin = admin_key(profile.country_iso3, profile.admin1)
    if admin:
        keys.append(("admin", admin, False))
    keys.append(("country", profile.country_iso3 or "", is_coarse(profile.geo_precision, profile.latitude)))
    return tuple(keys)


class _Batch:
    """What one transaction has changed and not yet written (written once, at its end).

    Keeps every incident the batch founded or changed, with an in-memory index on the same blocking
    keys as the database, so later events of the batch find them; rows of articles, events, figures,
    claims and lineage wait for one ``executemany`` each. In a background load, the batch before
    (``parent``, already handed to the store process but perhaps not yet visible to this batch's read)
    stands in for the stored rows it changed.
    """

    def __init__(self, parent: _Batch | None = None) -> None:
        self.parent = parent
        self.work: dict[str, _Work] = {}
        self.keys: dict[str, tuple[tuple[str, str, bool], ...]] = {}
        self.index: dict[tuple[str, str, bool], dict[str, None]] = {}  # insertion-ordered id sets
        self.absorbed: dict[str, str] = {}  # merged-away id -> surviving id
        self.article_incidents: dict[str, list[str]] = {}
        self.supports: list[dict[str, Any]] = []
        self.article_rows: list[dict[str, Any]] = []
        self.statements: list[tuple[str, list[Any]]] = []  # bridge statements, run before the rows
        self.copy_rows: list[dict[str, Any]] = []  # copies of stored texts noted by the batch
        self.key_rows: list[dict[str, Any]] = []  # story keys of the articles the batch stores
        self.story_index: dict[str, list[tuple[int, str]]] = {}  # story key -> (seq, article id) of the batch
        self.orphans: dict[str, Extraction] = {}  # reports of the batch in no incident (yet)
        self.orphans_read: dict[str, _Orphan] = {}  # stored reports in no incident, as profiled by this batch
        self.written_keys: dict[str, tuple[Any, ...]] = {}  # incident id -> indexed columns as written
        # the articles this batch stores (content hash -> id, external id, source, publication date), and
        # the copies it notes (content hash -> external id, source, publication date)
        self.ids: set[str] = set()
        self.articles: dict[str, tuple[str, Any, Any, dt.date | None]] = {}
        self.noted: dict[str, list[tuple[Any, Any, dt.date | None]]] = {}
        self.bands: dict[tuple[int, Any], list[tuple[int, Any, Any]]] = {}
        self.next_seq: int | None = None
        self.snapshot = _Snapshot()
        self._draw: Callable[[], int] | None = None

    def start(self, snapshot: _Snapshot, draw: Callable[[], int] | None) -> None:
        """Begin with what was read for the batch; article seqs follow the largest stored (SQLite) or come
        from ``draw`` (the database's sequence)."""
        self.snapshot = snapshot
        self._draw = draw
        if snapshot.max_seq is not None:
            after = self.parent.next_seq if self.parent is not None and self.parent.next_seq is not None else 0
            self.next_seq = max(snapshot.max_seq + 1, after)

    def take_seq(self) -> int:
        """The ingest sequence number of the next article (its ``articles.seq``), assigned before its insert.

        SQLite: one more than the largest stored (what its rowid would be; one writer per file). PostgreSQL:
        the column's own sequence, so concurrent writers never collide.
        """
        if self.next_seq is None:
            if self._draw is None:
                raise StoreError("no article sequence for this batch")
            return self._draw()
        seq = self.next_seq
        self.next_seq += 1
        return seq

    def add_article(self, row: dict[str, Any]) -> None:
        """Queue an article row and remember it for later lookups of the same batch."""
        self.article_rows.append(row)
        self.ids.add(row["id"])
        self.articles.setdefault(row["content_hash"], (row["id"], row["external_id"], row["source"], row["published"]))
        if row["fingerprint"] is not None:
            entry = (row["seq"], row["id"], row["fingerprint"])
            for i in range(4):
                self.bands.setdefault((i, row[f"fp_band{i}"]), []).append(entry)

    def stored_article(self, content_hash: str) -> tuple[str, Any, Any, dt.date | None] | None:
        """The article stored with this content (read, or stored by the parent or this batch), or None."""
        for found in (self.snapshot.stored, self.parent.articles if self.parent else {}, self.articles):
            if content_hash in found:
                return found[content_hash]
        return None

    def copies_of(self, content_hash: str) -> list[tuple[Any, Any, dt.date | None]]:
        """Noted copies of a text (external id, source, publication date): read, then the parent's, then
        this batch's."""
        copies = list(self.snapshot.copies.get(content_hash, ()))
        if self.parent is not None:
            copies.extend(self.parent.noted.get(content_hash, ()))
        copies.extend(self.noted.get(content_hash, ()))
        return copies

    def note_copy(self, article: Article) -> None:
        """Queue a copy row (another external id of a stored text) and remember it for the batch."""
        self.copy_rows.append(
            {
                "content_hash": article.content_hash,
                "external_id": article.external_id,
                "source": article.source,
                "published": article.published,
                "origin": article.origin,
            }
        )
        self.noted.setdefault(article.content_hash, []).append((article.external_id, article.source, article.published))

    def add_story(self, article_id: str, keys: Sequence[str], seq: int) -> None:
        """Remember an article's story keys for later reports of the batch, and queue their rows."""
        for key in keys:
            self.story_index.setdefault(key, []).append((seq, article_id))
            self.key_rows.append({"key": key, "article_id": article_id, "seq": seq})

    def keys_to_store(self, article_id: str, item: _Item) -> tuple[str, ...]:
        """The story keys to store for an article: a report in no incident is found by the names it looks
        up, so that a later report of its incident can adopt it (the lookup is symmetric then)."""
        return item.lookup if article_id in self.orphans else item.story

    def orphan(self, article_id: str, options: fuse.MatchOptions) -> _Orphan | None:
        """A report in no incident, of this batch, its parent or the store (as read), or None."""
        if article_id in self.orphans_read:
            return self.orphans_read[article_id]
        extraction = next((b.orphans[article_id] for b in (self, self.parent) if b and article_id in b.orphans), None)
        if extraction is None:
            data = self.snapshot.orphans.get(article_id)
            if data is None:
                return None
            extraction = codec.loads(Extraction, data)
        # profiled once per batch: many later reports of a batch may share names with one orphan
        found = self.orphans_read[article_id] = _orphan(extraction, options)
        return found

    def related(self, keys: Sequence[str], min_keys: int) -> list[str]:
        """The articles of the parent, then of this batch, sharing at least ``min_keys`` of ``keys``."""
        counts: collections.Counter[tuple[int, str]] = collections.Counter()
        for batch in (self.parent, self):
            if batch is not None:
                for key in keys:
                    counts.update(batch.story_index.get(key, ()))
        return [article_id for (_seq, article_id), n in sorted(counts.items()) if n >= min_keys]

    def has_article(self, content_hash: str, article_id: str) -> bool:
        """Whether this batch or its parent stores an article with this content or id."""
        for batch in (self, self.parent):
            if batch is not None and (content_hash in batch.articles or article_id in batch.ids):
                return True
        return False

    def nearest(self, fingerprint: int) -> str | None:
        """The earliest article of the parent, then of this batch, within NEAR_DUPLICATE_BITS bits."""
        for batch in (self.parent, self):
            if batch is not None and batch.bands:
                near = _nearest(fingerprint, _band_matches(batch.bands, fingerprint))
                if near is not None:
                    return str(near)
        return None

    def put(self, work: _Work) -> None:
        """Add or replace an incident; re-index it under its current keys."""
        incident_id = work.profile.id
        self._unindex(incident_id)
        self.work[incident_id] = work
        keys = _index_keys(work.profile)
        self.keys[incident_id] = keys
        for key in keys:
            self.index.setdefault(key, {})[incident_id] = None

    def _unindex(self, incident_id: str) -> None:
        for key in self.keys.pop(incident_id, ()):
            self.index.get(key, {}).pop(incident_id, None)

    def absorb(self, absorbed: str, into: str) -> None:
        """``absorbed`` was merged into ``into``: forget it, and point its pending lineage at ``into``."""
        self._unindex(absorbed)
        self.work.pop(absorbed, None)
        self.absorbed[absorbed] = into
        for old, new in list(self.absorbed.items()):
            if new == absorbed:
                self.absorbed[old] = into
        for row in self.supports:
            if row["incident_id"] == absorbed:
                row["incident_id"] = into
        for ids in self.article_incidents.values():
            ids[:] = [into if i == absorbed else i for i in ids]

    def superseded(self, incident_id: str) -> bool:
        """Whether a stored row of this incident is out of date: changed or merged away by this batch or
        its parent."""
        for batch in (self, self.parent):
            if batch is not None and (incident_id in batch.work or incident_id in batch.absorbed):
                return True
        return False

    def resolve(self, incident_id: str) -> str:
        """The incident an id now stands for (following merges of this batch and its parent)."""
        while True:
            if incident_id in self.absorbed:
                incident_id = self.absorbed[incident_id]
            elif self.parent is not None and incident_id in self.parent.absorbed:
                incident_id = self.parent.absorbed[incident_id]
            else:
                return incident_id

    def current(self, incident_id: str) -> _Work | None:
        """This batch's version of an incident, else its parent's (None: the stored row is current)."""
        work = self.work.get(incident_id)
        if work is None and self.parent is not None and incident_id not in self.absorbed:
            work = self.parent.work.get(incident_id)
        return work

    def article_incidents_of(self, article_id: str) -> list[str]:
        """The incidents an article of this batch or its parent supports (as those batches left them)."""
        ids = list(self.article_incidents.get(article_id, ()))
        if self.parent is not None:
            ids.extend(self.parent.article_incidents.get(article_id, ()))
        return ids

    def support(self, event_id: str, incident_id: str, article_id: str, score: float | None, reasons: str) -> None:
        """Note one lineage row (event -> incident)."""
        self.supports.append(
            {
                "event_id": event_id,
                "incident_id": incident_id,
                "article_id": article_id,
                "score": score,
                "reasons": reasons,
            }
        )
        ids = self.article_incidents.setdefault(article_id, [])
        if incident_id not in ids:
            ids.append(incident_id)

    def lookup(self, keys: BlockingKeys, country: str) -> list[_Work]:
        """The incidents of this batch, then of its parent, sharing a blocking key with ``keys`` (as the
        database query)."""
        entries: list[tuple[str, str, bool]] = [("cell", cell, False) for cell in keys.cells]
        if keys.admin_key:
            entries.append(("admin", keys.admin_key, False))
        iso = keys.country_iso3 or ""
        if country == "any":
            entries += [("country", iso, True), ("country", iso, False), ("country", "", True)]
        elif country == "coarse":
            entries += [("country", iso, True), ("country", "", True)]
        if not entries:  # no place at all: every incident (the date filter follows)
            ids: dict[str, None] = dict.fromkeys(self.work)
            older = dict.fromkeys(self.parent.work) if self.parent is not None else {}
        else:
            ids, older = {}, {}
            for entry in entries:
                found = self.index.get(entry)
                if found:
                    ids.update(found)
                if self.parent is not None:
                    found = self.parent.index.get(entry)
                    if found:
                        older.update(found)
        works = [self.work[i] for i in ids]
        if self.parent is not None:
            parent_work = self.parent.work
            # the parent's version, unless this batch changed or merged it away
            works.extend(parent_work[i] for i in older if i not in self.work and i not in self.absorbed)
        return works

    def settled(self) -> _Batch:
        """This batch as the parent of the next one: its incidents as stored once its writes run."""
        parent = _Batch()
        parent.work = {
            incident_id: _Work(
                work.profile, None, stored=True, incident=work.record(), keys=self.written_keys[incident_id]
            )
            for incident_id, work in self.work.items()
        }
        parent.keys, parent.index, parent.absorbed = self.keys, self.index, self.absorbed
        parent.article_incidents = self.article_incidents
        parent.ids, parent.bands, parent.story_index = self.ids, self.bands, self.story_index
        parent.orphans = self.orphans
        parent.articles, parent.noted = self.articles, self.noted
        parent.next_seq = self.next_seq
        return parent


def open_ledger(url: str = DEFAULT_URL, *, options: fuse.MatchOptions | None = None) -> Ledger:
    """Open a ledger (a function form of ``Ledger(url)`` for callers that prefer one)."""
    return Ledger(url, options=options)


__all__ = ["Ledger", "RecordResult", "Support", "open_ledger"]
