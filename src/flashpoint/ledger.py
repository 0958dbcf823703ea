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
import logging
from collections.abc import Iterable, Iterator
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
from flashpoint.store.database import DEFAULT_URL, Prepared
from flashpoint.store.schema import (
    article_copies,
    articles,
    claims,
    events,
    figures,
    incident_events,
    incidents,
    rejections,
)

log = logging.getLogger(__name__)

NAME = "ledger"
VERSION = "0.1.0"

NEAR_DUPLICATE_BITS = 3  # SimHash distance at or below which two articles are near-duplicates
_PAGE = 500  # rows per page when streaming stored extractions
_MAX_LOOSE_CANDIDATES = 2000  # cap for events with no place at all (date window only)
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
_SUPPORT_KEYS = ("event_id", "incident_id", "article_id", "score", "reasons")
_SKIP_FUSION = frozenset({"denied", "hypothetical", "future"})


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
        # one round trip per report: is it stored, and which copies of its text were noted
        self._existing = Prepared(
            engine,
            sa.union_all(
                sa.select(
                    sa.literal("article").label("kind"),
                    articles.c.id.label("value"),
                    articles.c.published.label("day"),
                    sa.literal(0).label("n"),
                ).where(sa.or_(articles.c.content_hash == sa.bindparam("hash"), articles.c.id == sa.bindparam("id"))),
                sa.select(
                    sa.literal("copy"), article_copies.c.external_id, article_copies.c.published, article_copies.c.seq
                ).where(article_copies.c.content_hash == sa.bindparam("hash")),
            ).order_by(sa.literal_column("kind"), sa.literal_column("n")),
            (),
        )
        self._copies = Prepared(
            engine,
            sa.select(article_copies.c.external_id, article_copies.c.published)
            .where(article_copies.c.content_hash == sa.bindparam("hash"))
            .order_by(article_copies.c.seq),
            (),
        )
        self._near = Prepared(
            engine,
            sa.select(articles.c.id, articles.c.fingerprint)
            .where(
                sa.or_(
                    articles.c.fp_band0 == sa.bindparam("b0"),
                    articles.c.fp_band1 == sa.bindparam("b1"),
                    articles.c.fp_band2 == sa.bindparam("b2"),
                    articles.c.fp_band3 == sa.bindparam("b3"),
                )
            )
            .order_by(articles.c.seq),
            (),
        )
        self._put_article = Prepared(engine, articles.insert().returning(articles.c.seq), _ARTICLE_KEYS)
        self._put_event = Prepared(engine, events.insert(), _EVENT_KEYS)
        self._put_figure = Prepared(engine, figures.insert(), _FIGURE_KEYS)
        self._put_claim = Prepared(engine, claims.insert(), _CLAIM_KEYS)
        self._put_incident = Prepared(engine, incidents.insert(), ("founded_seq", *_INCIDENT_KEYS))
        self._set_incident = Prepared(
            engine, incidents.update().where(incidents.c.id == sa.bindparam("key")), _INCIDENT_KEYS
        )
        self._put_support = Prepared(engine, incident_events.insert(), _SUPPORT_KEYS)
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
                return self._record_in(conn, extraction)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot record article {extraction.article.id}: {exc}") from exc

    def record_many(self, extractions: Iterable[Extraction], *, batch_size: int = 200) -> Iterator[RecordResult]:
        """Record extractions in transactions of ``batch_size`` articles (for bulk loads and benchmarks).

        Each batch is all-or-nothing, so no article is ever half-written; a result is yielded only after
        its batch committed, so every yielded report is durable. ``batch_size=1`` equals :meth:`record`.
        """
        batch: list[Extraction] = []

        def flush() -> list[RecordResult]:
            try:
                with self._engine.begin() as conn:
                    return [self._record_in(conn, x) for x in batch]
            except sa.exc.SQLAlchemyError as exc:
                raise StoreError(f"cannot record a batch of {len(batch)} articles: {exc}") from exc

        for extraction in extractions:
            batch.append(extraction)
            if len(batch) >= batch_size:
                yield from flush()
                batch = []
        if batch:
            yield from flush()

    def _record_in(self, conn: sa.Connection, extraction: Extraction) -> RecordResult:
        article = extraction.article
        rows = self._existing.run(conn, {"hash": article.content_hash, "id": article.id}).fetchall()
        existing = next((r[1] for r in rows if r[0] == "article"), None)
        copies = tuple(
            str(r[1])
            for r in rows
            if r[0] == "copy" and r[1] is not None and _same_days(_as_date(r[2]), article.published)
        )
        if existing is not None:  # stored already: at most a new copy (another external id) to note
            return self._copy_in(conn, article)
        if article.near_duplicate_of is None and article.fingerprint is not None:
            near = self._near_duplicate(conn, article.fingerprint)
            if near is not None:
                article = dataclasses.replace(article, near_duplicate_of=near)
                extraction = dataclasses.replace(extraction, article=article)
        article_seq = self._insert(conn, extraction)
        touched, created = self._fuse_extraction(conn, extraction, article_seq, copies=copies)
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
                    for seq, data in rows:
                        extraction = codec.loads(Extraction, data)
                        self._fuse_extraction(conn, extraction, seq)
                        last = seq
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
        if data is None:
            raise NotFoundError(f"no incident {incident_id!r}")
        return codec.loads(Incident, data)

    def history(self, incident_id: str) -> list[FigureHistory]:
        """The figure histories of one incident (every revision, and the current values)."""
        return list(self.incident(incident_id).figures)

    def lineage(self, incident_id: str) -> list[Support]:
        """Every event supporting an incident, in joining order, with the score that admitted it."""
        self.incident(incident_id)  # NotFoundError for unknown ids
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

    def _near_duplicate(self, conn: sa.Connection, fingerprint: int) -> str | None:
        bands = _bands(fingerprint)
        rows = self._near.run(conn, {f"b{i}": band for i, band in enumerate(bands)}).fetchall()
        mine = fingerprint & ((1 << 64) - 1)
        for article_id, other in rows:
            if other is not None and bin(mine ^ (other & ((1 << 64) - 1))).count("1") <= NEAR_DUPLICATE_BITS:
                return str(article_id)
        return None

    def _insert(self, conn: sa.Connection, extraction: Extraction) -> int:
        """Append the article, its events, figures and claims; return the article's sequence number."""
        article = extraction.article
        fp = article.fingerprint
        bands: tuple[int | None, ...] = _bands(fp) if fp is not None else (None, None, None, None)
        inserted = self._put_article.run(
            conn,
            {
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
            },
        )
        if extraction.events:
            self._put_event.run_many(conn, [self._event_row(e, article) for e in extraction.events])
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
        if figure_rows:
            self._put_figure.run_many(conn, figure_rows)
        if extraction.claims:
            self._put_claim.run_many(
                conn,
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
                ],
            )
        seq_row = inserted.fetchone()
        seq = seq_row[0] if seq_row else None
        if seq is None:
            raise StoreError(f"no sequence number for article {article.id}")
        return int(seq)

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
            if event.certainty.value in _SKIP_FUSION:
                continue  # stored, but a denied or announced event is not evidence that anything happened
            profile = fuse.profile_event(event, extraction.article, whole_text=whole)
            incident_id, new = self._fuse_event(
                conn,
                event,
                profile,
                extraction,
                seq=article_seq * _MAX_EVENTS + min(index, _MAX_EVENTS - 1),
                copies=copies,
            )
            if incident_id not in touched:
                touched.append(incident_id)
            if new:
                created.append(incident_id)
        return tuple(touched), tuple(created)

    def _candidate_query(self, dated: bool, cells: bool, admin: bool, country: str) -> Prepared:
        """The candidate query for one combination of available keys (built once per ledger)."""
        key = (dated, cells, admin, country)
        if key in self._queries:
            return self._queries[key]
        c = incidents.c
        where: list[Any] = (
            # date_lo >= lo_floor bounds the index range: no incident spans more than max_span_days
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
        query = sa.select(c.profile, c.data).where(*where)
        # an event with no place at all: anything in the date window, capped
        query = query.where(sa.or_(*geo)) if geo else query.order_by(c.founded_seq.desc()).limit(_MAX_LOOSE_CANDIDATES)
        prepared = Prepared(self._engine, query, ())
        self._queries[key] = prepared
        return prepared

    def _candidates(self, conn: sa.Connection, keys: BlockingKeys) -> dict[str, tuple[IncidentProfile, str]]:
        """Candidate incidents by id: their profile, and their record's JSON (decoded only if chosen)."""
        lo, hi = keys.date_lo, keys.date_hi
        dated = lo is not None and hi is not None
        country = "" if not keys.country_iso3 else ("any" if keys.coarse else "coarse")
        query = self._candidate_query(dated, bool(keys.cells), bool(keys.admin_key), country)
        params: dict[str, Any] = {}
        if lo is not None and hi is not None:
            params.update(lo=lo, hi=hi, floor=lo - dt.timedelta(days=self.options.max_span_days))
        if keys.cells:
            params.update({f"cell{i}": cell for i, cell in enumerate(keys.cells)})
        if keys.admin_key:
            params["admin"] = keys.admin_key
        if country:
            params["country"] = keys.country_iso3
        found: dict[str, tuple[IncidentProfile, str]] = {}
        for profile_json, data in query.run(conn, params).fetchall():
            profile = codec.loads(IncidentProfile, profile_json)
            found[profile.id] = (profile, data)
        return found

    def _fuse_event(
        self,
        conn: sa.Connection,
        event: Event,
        profile: EventProfile,
        extraction: Extraction,
        *,
        seq: int,
        copies: tuple[str, ...],
    ) -> tuple[str, bool]:
        article = extraction.article
        event_figures = _event_figures(event, extraction)
        keys = fuse.blocking_keys(profile, window_days=self.options.window_days)
        candidates = self._candidates(conn, keys)
        match = fuse.best_match(profile, (p for p, _ in candidates.values()), self.options)
        if match is None:
            incident = fuse.found_incident(event, article, event_figures, copies=copies)
            inc_profile = fuse.new_profile(incident.id, profile)
            self._put_incident.run(conn, {"founded_seq": seq, **self._incident_row(incident, inc_profile)})
            self._put_support.run(
                conn,
                {
                    "event_id": event.id,
                    "incident_id": incident.id,
                    "article_id": article.id,
                    "score": None,
                    "reasons": "founded",
                },
            )
            return incident.id, True
        old_profile, data = candidates[match.incident_id]
        old = codec.loads(Incident, data)
        inc_profile = fuse.absorb(old_profile, profile)
        incident = fuse.add_event(old, inc_profile, event, article, event_figures, copies=copies)
        self._set_incident.run(conn, {"key": incident.id, **self._incident_row(incident, inc_profile)})
        self._put_support.run(
            conn,
            {
                "event_id": event.id,
                "incident_id": incident.id,
                "article_id": article.id,
                "score": match.total,
                "reasons": "; ".join(match.reasons),
            },
        )
        return incident.id, False

    @staticmethod
    def _incident_row(incident: Incident, profile: IncidentProfile) -> dict[str, Any]:
        return {
            "id": incident.id,
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            "date_lo": profile.date_lo,
            "date_hi": profile.date_hi,
            "cell": cell_of(profile.latitude, profile.longitude),
            "admin_key": admin_key(profile.country_iso3, profile.admin1),
            "country_iso3": profile.country_iso3,
            "coarse": is_coarse(profile.geo_precision, profile.latitude),
            "n_events": profile.n_events,
            "data": _json(incident),
            "profile": _json(profile),
        }


def open_ledger(url: str = DEFAULT_URL, *, options: fuse.MatchOptions | None = None) -> Ledger:
    """Open a ledger (a function form of ``Ledger(url)`` for callers that prefer one)."""
    return Ledger(url, options=options)


__all__ = ["Ledger", "RecordResult", "Support", "open_ledger"]
