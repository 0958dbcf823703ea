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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from flashpoint import fuse
from flashpoint.errors import NotFoundError, StoreError
from flashpoint.fuse.blocking import BlockingKeys, admin_key, cell_of, is_coarse
from flashpoint.fuse.profile import EventProfile, IncidentProfile
from flashpoint.records import (
    Article,
    Event,
    Extraction,
    Figure,
    FigureHistory,
    Incident,
    Rejection,
)
from flashpoint.store import codec, create_engine, migrate
from flashpoint.store.database import DEFAULT_URL, Prepared, select_in
from flashpoint.store.schema import (
    article_copies,
    articles,
    claims,
    events,
    figures,
    incident_events,
    incident_merges,
    incidents,
    rejections,
)

log = logging.getLogger(__name__)

NAME = "ledger"
VERSION = "0.1.0"

NEAR_DUPLICATE_BITS = 3  # SimHash distance at or below which two articles are near-duplicates
_PAGE = 500  # rows per page when streaming stored extractions
_MAX_LOOSE_CANDIDATES = 2000  # cap for events with no place at all (date window only)
_LOOKUP_CHUNK = 250  # articles per lookup statement (4 band lists + hashes + ids stay far below bind limits)
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
_SKIP_FUSION = frozenset({"denied", "hypothetical", "future"})
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


def _same(column: Any, value: Any) -> Any:
    return column.is_(None) if value is None else column == value


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
        self._copies = Prepared(
            engine,
            sa.select(article_copies.c.external_id, article_copies.c.published)
            .where(article_copies.c.content_hash == sa.bindparam("hash"))
            .order_by(article_copies.c.seq),
            (),
        )
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
        self._article_incidents = Prepared(
            engine,
            sa.select(incident_events.c.incident_id)
            .where(incident_events.c.article_id == sa.bindparam("article"))
            .distinct()
            .order_by(incident_events.c.incident_id),
            (),
        )
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
                batch = _Batch()
                found = self._lookup(conn, [extraction.article])
                result = self._record_in(conn, extraction, batch, found)
                self._flush(conn, batch)
                return result
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot record article {extraction.article.id}: {exc}") from exc

    def record_many(self, extractions: Iterable[Extraction], *, batch_size: int = 200) -> Iterator[RecordResult]:
        """Record extractions in transactions of ``batch_size`` articles (for bulk loads and benchmarks).

        Each batch is all-or-nothing, so no article is ever half-written; a result is yielded only after
        its batch committed, so every yielded report is durable. Within a batch, each incident is written
        once (at the end) and events, figures and claims go in with one ``executemany`` each; fusion sees
        the batch's own changes through an in-memory index. ``batch_size=1`` equals :meth:`record`.
        """
        pending: list[Extraction] = []

        def flush() -> list[RecordResult]:
            try:
                with self._engine.begin() as conn:
                    batch = _Batch()
                    found = self._lookup(conn, [x.article for x in pending])
                    results = [self._record_in(conn, x, batch, found) for x in pending]
                    self._flush(conn, batch)
                    return results
            except sa.exc.SQLAlchemyError as exc:
                raise StoreError(f"cannot record a batch of {len(pending)} articles: {exc}") from exc

        for extraction in extractions:
            pending.append(extraction)
            if len(pending) >= batch_size:
                yield from flush()
                pending = []
        if pending:
            yield from flush()

    def _lookup(self, conn: sa.Connection, batch_articles: list[Article]) -> _Found:
        """What the store holds already for a batch of articles, in a few statements for the whole batch.

        Stored content hashes and ids, noted copies of their texts, and the stored articles sharing a
        16-bit band of their SimHash (near-duplicate candidates). Articles the batch itself stores are
        tracked in memory (:class:`_Batch`), so looking up before the batch runs is enough.
        """
        found = _Found()
        for start in range(0, len(batch_articles), _LOOKUP_CHUNK):
            chunk = batch_articles[start : start + _LOOKUP_CHUNK]
            hashes = sorted({a.content_hash for a in chunk})
            ids = sorted({a.id for a in chunk})
            for stored_id, content_hash in select_in(
                conn, "SELECT id, content_hash FROM articles WHERE content_hash IN ({}) OR id IN ({})", hashes, ids
            ):
                found.ids.add(str(stored_id))
                found.hashes.add(str(content_hash))
            for content_hash, external_id, published in select_in(
                conn,
                "SELECT content_hash, external_id, published FROM article_copies"
                " WHERE content_hash IN ({}) ORDER BY seq",
                hashes,
            ):
                found.copies.setdefault(str(content_hash), []).append((external_id, _as_date(published)))
            bands: list[set[int]] = [set(), set(), set(), set()]
            for article in chunk:
                if article.near_duplicate_of is None and article.fingerprint is not None:
                    for i, band in enumerate(_bands(article.fingerprint)):
                        bands[i].add(band)
            if not bands[0]:
                continue
            for i, values in enumerate(bands):
                # one statement per band: its (band, fingerprint) index answers it without reading rows
                for seq, band, fingerprint in select_in(
                    conn,
                    f"SELECT seq, fp_band{i}, fingerprint FROM articles WHERE fp_band{i} IN ({{}})",
                    sorted(values),
                ):
                    found.bands.setdefault((i, band), []).append((seq, seq, fingerprint))
        return found

    def _record_in(self, conn: sa.Connection, extraction: Extraction, batch: _Batch, found: _Found) -> RecordResult:
        article = extraction.article
        content_hash = article.content_hash
        existing = (
            content_hash in found.hashes
            or article.id in found.ids
            or content_hash in batch.hashes
            or article.id in batch.ids
        )
        copies = tuple(
            str(external_id)
            for external_id, published in found.copies.get(content_hash, ())
            if external_id is not None and _same_days(published, article.published)
        )
        if existing:  # stored already: at most a new copy (another external id) to note
            self._flush(conn, batch)
            return self._copy_in(conn, article)
        if article.near_duplicate_of is None and article.fingerprint is not None:
            # the earliest stored article within NEAR_DUPLICATE_BITS bits: those stored before the batch
            # (found by seq, then named) come before the batch's own
            near_seq = _nearest(article.fingerprint, found.near(article.fingerprint))
            near = None
            if near_seq is not None:
                near = str(conn.execute(sa.select(articles.c.id).where(articles.c.seq == near_seq)).scalar_one())
            else:
                near = _nearest(article.fingerprint, batch.near(article.fingerprint))
            if near is not None:
                article = dataclasses.replace(article, near_duplicate_of=near)
                extraction = dataclasses.replace(extraction, article=article)
        article_seq = self._insert(conn, extraction, batch)
        touched, created = self._fuse_extraction(conn, extraction, article_seq, batch, copies=copies)
        return RecordResult(
            article_id=article.id,
            stored=True,
            near_duplicate_of=article.near_duplicate_of,
            event_ids=tuple(e.id for e in extraction.events),
            incident_ids=touched,
            new_incident_ids=created,
        )

    def record_copy(self, article: Article) -> RecordResult:
        """Note another copy of a report whose text is (or will be) stored: same content, other external id.

        A wire story carried verbatim by a second outlet is stored once, but the copy's external id
        supports the same incidents. Call this for reports skipped as duplicates; it may come before the
        original is recorded (the copy is then picked up when it is). Idempotent per (content, id, source).
        """
        try:
            with self._engine.begin() as conn:
                return self._copy_in(conn, article)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot record a copy of article {article.id}: {exc}") from exc

    def _copy_in(self, conn: sa.Connection, article: Article) -> RecordResult:
        stored = conn.execute(
            sa.select(articles.c.id, articles.c.external_id, articles.c.source, articles.c.published).where(
                articles.c.content_hash == article.content_hash
            )
        ).first()
        original = str(stored[0]) if stored else None
        same_as_stored = stored is not None and (stored[1], stored[2]) == (article.external_id, article.source)
        known = conn.execute(
            sa.select(article_copies.c.seq).where(
                article_copies.c.content_hash == article.content_hash,
                _same(article_copies.c.external_id, article.external_id),
                _same(article_copies.c.source, article.source),
            )
        ).first()
        if same_as_stored or known is not None or article.external_id is None:
            return RecordResult(article_id=original or article.id, stored=False, duplicate_of=original)
        conn.execute(
            article_copies.insert(),
            {
                "content_hash": article.content_hash,
                "external_id": article.external_id,
                "source": article.source,
                "published": article.published,
                "origin": article.origin,
            },
        )
        touched: list[str] = []
        if original is not None and _same_days(stored[3] if stored else None, article.published):
            ids = conn.execute(
                sa.select(incident_events.c.incident_id)
                .where(incident_events.c.article_id == original)
                .distinct()
                .order_by(incident_events.c.incident_id)
            ).scalars()
            for incident_id in ids:
                data = conn.execute(sa.select(incidents.c.data).where(incidents.c.id == incident_id)).scalar_one()
                incident = fuse.add_copies(codec.loads(Incident, data), [article.external_id])
                conn.execute(incidents.update().where(incidents.c.id == incident_id).values(data=_json(incident)))
                touched.append(str(incident_id))
        return RecordResult(
            article_id=original or article.id, stored=False, duplicate_of=original, incident_ids=tuple(touched)
        )

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
                same = sa.and_(
                    *(rejections.c[k] == v if v is not None else rejections.c[k].is_(None) for k, v in row.items())
                )
                if conn.execute(sa.select(rejections.c.seq).where(same).limit(1)).first() is None:
                    conn.execute(rejections.insert(), row)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot record rejection of {rejection.origin}: {exc}") from exc

    def rebuild(self) -> int:
        """Recompute every incident from the stored events (in ingest order); return the incident count.

        Runs in one transaction: readers see the old incidents until the new ones are complete.
        """
        try:
            with self._engine.begin() as conn:
                conn.execute(incident_events.delete())
                conn.execute(incident_merges.delete())
                conn.execute(incidents.delete())
                last = 0
                while True:
                    rows = conn.execute(
                        sa.select(articles.c.seq, articles.c.extraction)
                        .where(articles.c.seq > last)
                        .order_by(articles.c.seq)
                        .limit(_PAGE)
                    ).all()
                    if not rows:
                        break
                    batch = _Batch()
                    for seq, data in rows:
                        extraction = codec.loads(Extraction, data)
                        self._fuse_extraction(conn, extraction, seq, batch)
                        last = seq
                    self._flush(conn, batch)
                count = conn.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot rebuild incidents: {exc}") from exc
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
                    events.c.external_id,
                    incident_events.c.score,
                    incident_events.c.reasons,
                )
                .join(events, events.c.id == incident_events.c.event_id)
                .where(incident_events.c.incident_id == incident_id)
                .order_by(events.c.seq)
            ).all()
        return [Support(str(r[0]), str(r[1]), r[2], r[3], tuple(x for x in str(r[4]).split("; ") if x)) for r in rows]

    def extractions(self) -> Iterator[Extraction]:
        """Every stored extraction in ingest order, streamed page by page."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    sa.select(articles.c.seq, articles.c.extraction)
                    .where(articles.c.seq > last)
                    .order_by(articles.c.seq)
                    .limit(_PAGE)
                ).all()
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

    # ------------------------------------------------------------------ internals
    def _read(self) -> sa.Connection:
        try:
            return self._engine.connect()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self.url}: {exc}") from exc

    def _insert(self, conn: sa.Connection, extraction: Extraction, batch: _Batch) -> int:
        """Append the article (now) and its events, figures and claims (with the batch); return its seq."""
        article = extraction.article
        fp = article.fingerprint
        bands: tuple[int | None, ...] = _bands(fp) if fp is not None else (None, None, None, None)
        seq = self._take_seq(conn, batch)
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
        batch.event_rows.extend(self._event_row(e, article) for e in extraction.events)
        figure_rows: list[dict[str, Any]] = []
        listed = list(extraction.figures)
        listed_set = set(listed)
        for event in extraction.events:
            listed.extend(f for f in event.figures if f not in listed_set)
        owner_by_value = {f: event.id for event in extraction.events for f in event.figures}
        for position, figure in enumerate(listed):
            chain = figure.claim.chain
            figure_rows.append(
                {
                    "article_id": article.id,
                    "event_id": owner_by_value.get(figure),
                    "position": position,
                    "kind": figure.kind.value,
                    "victims": figure.victims,
                    "phrase": figure.phrase,
                    "low": figure.low,
                    "best": figure.best,
                    "high": figure.high,
                    "acled_value": figure.acled_value,
                    "certainty": figure.certainty.value,
                    "claimant": chain[0].name if chain else None,
                }
            )
        batch.figure_rows.extend(figure_rows)
        if extraction.claims:
            batch.claim_rows.extend(
                [
                    {
                        "article_id": article.id,
                        "position": i,
                        "certainty": claim.certainty.value,
                        "claimant": claim.chain[0].name if claim.chain else None,
                        "chain": " > ".join(link.name for link in claim.chain),
                        "start": claim.evidence.start,
                        "end": claim.evidence.end,
                    }
                    for i, claim in enumerate(extraction.claims)
                ]
            )
        return seq

    def _take_seq(self, conn: sa.Connection, batch: _Batch) -> int:
        """The ingest sequence number of the next article (its ``articles.seq``), assigned before its insert.

        SQLite: one more than the largest stored (what its rowid would be; one writer per file). PostgreSQL:
        the column's own sequence, so concurrent writers never collide.
        """
        if self._engine.dialect.name == "postgresql":
            return int(
                conn.execute(sa.select(sa.func.nextval(sa.func.pg_get_serial_sequence("articles", "seq")))).scalar_one()
            )
        if batch.next_seq is None:
            batch.next_seq = (
                int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(articles.c.seq), 0))).scalar_one()) + 1
            )
        seq = batch.next_seq
        batch.next_seq += 1
        return seq

    @staticmethod
    def _event_row(event: Event, article: Article) -> dict[str, Any]:
        place = event.place
        return {
            "id": event.id,
            "article_id": article.id,
            "external_id": article.external_id,
            "source": article.source,
            "published": article.published,
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "plover_type": event.plover_type,
            "date_start": event.date.start,
            "date_end": event.date.end,
            "time_precision": event.date.time_precision,
            "place_name": place.name if place else None,
            "country_iso3": place.country_iso3 if place else None,
            "admin1": place.admin1 if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "geo_precision": place.geo_precision if place else None,
            "fatalities": event.fatalities,
            "certainty": event.certainty.value,
        }

    def _fuse_extraction(
        self,
        conn: sa.Connection,
        extraction: Extraction,
        article_seq: int,
        batch: _Batch,
        *,
        copies: tuple[str, ...] | None = None,
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Fuse each event of one article into the incidents; return (touched, created) incident ids."""
        touched: list[str] = []
        created: list[str] = []
        whole = self.options.whole_text and len(extraction.events) == 1
        if copies is None and extraction.events:  # rebuild: look the copies up
            rows = self._copies.run(conn, {"hash": extraction.article.content_hash}).fetchall()
            published = extraction.article.published
            copies = tuple(str(r[0]) for r in rows if r[0] is not None and _same_days(_as_date(r[1]), published))
        copies = copies or ()
        for index, event in enumerate(extraction.events):
            # A denied, hypothetical or announced event is no evidence that anything happened: it never
            # founds an incident. A denial ("the group denied killing civilians") still refers to one,
            # so it may join an incident it matches (its figures keep their certainty in the history).
            denied = event.certainty.value == "denied"
            if event.certainty.value in _SKIP_FUSION and not (denied and self.options.join_denied):
                continue
            profile = fuse.profile_event(event, extraction.article, whole_text=whole)
            fused = self._fuse_event(
                conn,
                batch,
                event,
                profile,
                extraction,
                seq=article_seq * _MAX_EVENTS + min(index, _MAX_EVENTS - 1),
                copies=copies,
                may_found=not denied,
            )
            if fused is None:
                continue
            incident_id, new = fused
            touched = [i for i in touched if i not in batch.absorbed]  # a bridge may have merged one away
            if incident_id not in touched:
                touched.append(incident_id)
            if new:
                created.append(incident_id)
        created = [i for i in created if i not in batch.absorbed]
        return tuple(touched), tuple(created)

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

    def _candidates(
        self, conn: sa.Connection, batch: _Batch, event: EventProfile, keys: BlockingKeys
    ) -> dict[str, _Work]:
        """Candidate incidents by id: stored ones sharing a blocking key, and the batch's own.

        Stored rows of incidents the batch has changed are superseded by the batch's version; the
        batch's incidents are found through its in-memory index of the same keys.
        """
        lo, hi = keys.date_lo, keys.date_hi
        dated = lo is not None and hi is not None
        country = "" if not keys.country_iso3 else ("any" if keys.coarse else "coarse")
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
        found: dict[str, _Work] = {}
        options = self.options
        for (
            incident_id,
            event_type,
            country_iso3,
            date_lo,
            date_hi,
            profile_json,
            data,
            cell,
            admin,
            coarse,
        ) in query.run(conn, params).fetchall():
            if incident_id in batch.work or incident_id in batch.absorbed:
                continue
            # the row's date span is the incident's date window (see _incident_row): rule out what the
            # matcher would veto anyway before decoding the profile
            if fuse.vetoed_early(
                event, event_type, country_iso3, _as_date(date_lo), _as_date(date_hi), options=options
            ):
                continue
            profile = _decode_profile(profile_json)
            keys_stored = _stored_keys((date_lo, date_hi, cell, admin, country_iso3, coarse))
            found[profile.id] = _Work(profile=profile, data=data, stored=True, keys=keys_stored)
        for incident_id in batch.lookup(keys, country):
            work = batch.work[incident_id]
            if dated and not _window_overlaps(work.profile, lo, hi):
                continue
            found[incident_id] = work
        return found

    def _near_incidents(self, conn: sa.Connection, batch: _Batch, article_id: str | None) -> dict[str, _Work]:
        """The incidents that the article ``article_id`` (which the current report nearly copies) supports."""
        if article_id is None:
            return {}
        ids = list(batch.article_incidents.get(article_id, ()))
        ids.extend(str(r[0]) for r in self._article_incidents.run(conn, {"article": article_id}).fetchall())
        found: dict[str, _Work] = {}
        missing = []
        for incident_id in sorted(set(ids)):
            if incident_id in batch.absorbed:
                continue
            if incident_id in batch.work:
                found[incident_id] = batch.work[incident_id]
            else:
                missing.append(incident_id)
        if missing:
            c = incidents.c
            rows = conn.execute(
                sa.select(c.id, c.profile, c.data, *(c[k] for k in _BLOCKING_KEYS)).where(c.id.in_(missing))
            ).all()
            for incident_id, profile_json, data, lo, hi, cell, admin, country, coarse in rows:
                found[str(incident_id)] = _Work(
                    codec.loads(IncidentProfile, profile_json),
                    data,
                    stored=True,
                    keys=_stored_keys((lo, hi, cell, admin, country, coarse)),
                )
        return found

    def _fuse_event(
        self,
        conn: sa.Connection,
        batch: _Batch,
        event: Event,
        profile: EventProfile,
        extraction: Extraction,
        *,
        seq: int,
        copies: tuple[str, ...],
        may_found: bool = True,
    ) -> tuple[str, bool] | None:
        article = extraction.article
        event_figures = _event_figures(event, extraction)
        keys = fuse.blocking_keys(profile, window_days=self.options.window_days)
        candidates = self._candidates(conn, batch, profile, keys)
        near = self._near_incidents(conn, batch, profile.near_duplicate_of)
        for incident_id, work in near.items():
            candidates.setdefault(incident_id, work)
        ranked = fuse.rank_matches(
            profile, [w.profile for w in candidates.values()], self.options, near_duplicates=near
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
        if self.options.bridge:
            for other in ranked[1:]:
                work = candidates[other.incident_id]
                if work.profile.id in batch.absorbed or fuse.incidents_conflict(
                    target.profile, work.profile, self.options
                ):
                    continue
                target = self._merge(conn, batch, target, work, event.id)
                reasons.append(f"bridged {min(other.incident_id, ranked[0].incident_id)}")
        inc_profile = fuse.absorb(target.profile, profile)
        incident = fuse.add_event(target.record(), inc_profile, event, article, event_figures, copies=copies)
        batch.put(_Work(inc_profile, None, stored=target.stored, incident=incident, keys=target.keys))
        batch.support(event.id, incident.id, article.id, ranked[0].total, "; ".join(reasons))
        return incident.id, False

    def _merge(self, conn: sa.Connection, batch: _Batch, a: _Work, b: _Work, event_id: str) -> _Work:
        """Merge two incidents a report bridges: the older (first founded) keeps its id; return it."""
        older, newer = sorted((a, b), key=lambda w: (w.profile.founded_seq, w.profile.id))
        profile = fuse.combine(older.profile, newer.profile)
        incident = fuse.merge_incidents(older.record(), newer.record(), profile)
        merged = _Work(profile, None, stored=older.stored, incident=incident, keys=older.keys)
        batch.put(merged)
        batch.absorb(newer.profile.id, older.profile.id)
        if newer.stored:
            conn.execute(incidents.delete().where(incidents.c.id == newer.profile.id))
            conn.execute(
                incident_events.update()
                .where(incident_events.c.incident_id == newer.profile.id)
                .values(incident_id=older.profile.id)
            )
            conn.execute(
                incident_merges.update()
                .where(incident_merges.c.into_id == newer.profile.id)
                .values(into_id=older.profile.id)
            )
        conn.execute(
            incident_merges.insert(),
            {"absorbed_id": newer.profile.id, "into_id": older.profile.id, "event_id": event_id},
        )
        log.info("report event %s bridged incidents %s and %s", event_id, older.profile.id, newer.profile.id)
        return merged

    def _flush(self, conn: sa.Connection, batch: _Batch) -> None:
        """Write what the batch holds: articles, events, figures, claims, each changed incident once, lineage."""
        if batch.article_rows:
            self._put_article.run_many(conn, batch.article_rows)
        if batch.event_rows:
            self._put_event.run_many(conn, batch.event_rows)
        if batch.figure_rows:
            self._put_figure.run_many(conn, batch.figure_rows)
        if batch.claim_rows:
            self._put_claim.run_many(conn, batch.claim_rows)
        new_rows: list[dict[str, Any]] = []
        changed_rows: list[dict[str, Any]] = []
        light_rows: list[dict[str, Any]] = []  # changed, but not in an indexed column
        for work in batch.work.values():
            row = self._incident_row(work.record(), work.profile)
            if not work.stored:
                new_rows.append({"founded_seq": work.profile.founded_seq, **row})
            elif work.keys is not None and work.keys == tuple(row[k] for k in _BLOCKING_KEYS):
                light_rows.append({"key": row["id"], **{k: row[k] for k in _LIGHT_UPDATE_KEYS}})
            else:
                changed_rows.append({"key": row["id"], **{k: row[k] for k in _UPDATE_KEYS}})
        if new_rows:
            self._put_incident.run_many(conn, new_rows)
        if changed_rows:
            self._set_incident.run_many(conn, changed_rows)
        if light_rows:
            self._set_incident_light.run_many(conn, light_rows)
        if batch.supports:
            self._put_support.run_many(conn, batch.supports)
        batch.clear()

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


@functools.lru_cache(maxsize=2048)  # bounded: a few MB of profiles, whatever the database size
def _decode_profile(text: str) -> IncidentProfile:
    """A stored incident profile (frozen, so shared): the same incidents are candidates again and again."""
    return codec.loads(IncidentProfile, text)


def _stored_keys(raw: Sequence[Any]) -> tuple[Any, ...]:
    """An incident row's indexed columns (raw driver values in ``_BLOCKING_KEYS`` order) as the flush
    compares them."""
    lo, hi, cell, admin, country, coarse = raw
    return (_as_date(lo), _as_date(hi), cell, admin, country, _as_bool(coarse))


@dataclasses.dataclass(slots=True)
class _Found:
    """What the store held for a batch of articles before the batch began (see :meth:`Ledger._lookup`)."""

    hashes: set[str] = dataclasses.field(default_factory=set)
    ids: set[str] = dataclasses.field(default_factory=set)
    copies: dict[str, list[tuple[Any, dt.date | None]]] = dataclasses.field(default_factory=dict)
    bands: dict[tuple[int, Any], list[tuple[int, Any, Any]]] = dataclasses.field(default_factory=dict)

    def near(self, fingerprint: int) -> list[tuple[Any, Any]]:
        """(seq, fingerprint) of the stored articles sharing a band with ``fingerprint``, oldest first."""
        return _band_matches(self.bands, fingerprint)


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
    """What one transaction has changed and not yet written (flushed once, at its end).

    Keeps every incident the batch founded or changed, with an in-memory index on the same blocking
    keys as the database, so later events of the batch find them; rows of events, figures, claims and
    lineage wait for one ``executemany`` each.
    """

    def __init__(self) -> None:
        self.work: dict[str, _Work] = {}
        self.keys: dict[str, tuple[tuple[str, str, bool], ...]] = {}
        self.index: dict[tuple[str, str, bool], dict[str, None]] = {}  # insertion-ordered id sets
        self.absorbed: dict[str, str] = {}  # merged-away id -> surviving id
        self.article_incidents: dict[str, list[str]] = {}
        self.supports: list[dict[str, Any]] = []
        self.event_rows: list[dict[str, Any]] = []
        self.figure_rows: list[dict[str, Any]] = []
        self.claim_rows: list[dict[str, Any]] = []
        self.article_rows: list[dict[str, Any]] = []
        # the articles this transaction stored (kept across flushes: the batch lookup preceded them)
        self.hashes: set[str] = set()
        self.ids: set[str] = set()
        self.bands: dict[tuple[int, Any], list[tuple[int, Any, Any]]] = {}
        self.next_seq: int | None = None

    def add_article(self, row: dict[str, Any]) -> None:
        """Queue an article row and remember it for later lookups of the same transaction."""
        self.article_rows.append(row)
        self.hashes.add(row["content_hash"])
        self.ids.add(row["id"])
        if row["fingerprint"] is not None:
            entry = (row["seq"], row["id"], row["fingerprint"])
            for i in range(4):
                self.bands.setdefault((i, row[f"fp_band{i}"]), []).append(entry)

    def near(self, fingerprint: int) -> list[tuple[str, Any]]:
        """(id, fingerprint) of this transaction's articles sharing a band with ``fingerprint``, oldest first."""
        return _band_matches(self.bands, fingerprint)

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

    def lookup(self, keys: BlockingKeys, country: str) -> list[str]:
        """Ids of the batch's incidents sharing a blocking key with ``keys`` (as the database query)."""
        entries: list[tuple[str, str, bool]] = [("cell", cell, False) for cell in keys.cells]
        if keys.admin_key:
            entries.append(("admin", keys.admin_key, False))
        iso = keys.country_iso3 or ""
        if country == "any":
            entries += [("country", iso, True), ("country", iso, False), ("country", "", True)]
        elif country == "coarse":
            entries += [("country", iso, True), ("country", "", True)]
        if not entries:  # no place at all: every incident of the batch (the date filter follows)
            return list(self.work)
        found: dict[str, None] = {}
        for entry in entries:
            found.update(self.index.get(entry, {}))
        return list(found)

    def clear(self) -> None:
        """Forget everything written (after a flush); the articles stored stay known for lookups."""
        self.article_rows.clear()
        self.work.clear()
        self.keys.clear()
        self.index.clear()
        self.absorbed.clear()
        self.article_incidents.clear()
        self.supports.clear()
        self.event_rows.clear()
        self.figure_rows.clear()
        self.claim_rows.clear()


def open_ledger(url: str = DEFAULT_URL, *, options: fuse.MatchOptions | None = None) -> Ledger:
    """Open a ledger (a function form of ``Ledger(url)`` for callers that prefer one)."""
    return Ledger(url, options=options)


__all__ = ["Ledger", "RecordResult", "Support", "open_ledger"]
