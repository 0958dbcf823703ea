"""Opening a Flashpoint database: engine creation by URL and programmatic Alembic migration.

Reads a database URL; writes the schema (creating or upgrading it to the newest revision shipped in
``flashpoint/store/migrations``). SQLite is the default; a ``postgresql+psycopg://`` URL selects
PostgreSQL with the same code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.resources
import logging
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from flashpoint.errors import StoreBusyError, StoreError, StoreFullError, StoreReadOnlyError

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///flashpoint.db"

#: How long a writer waits for the database held by another writer (SQLite busy timeout, milliseconds).
#: Writers hold the lock for one article's transaction (milliseconds) or one bulk batch (about a second
#: for 200 articles), so two minutes is a queue of many writers, not a stuck one.
BUSY_TIMEOUT_MS = 120_000

#: The PostgreSQL advisory-lock key every Flashpoint writer takes for its transaction (and the migration):
#: writers run one at a time, so fusion sees each committed batch, as in a sequential run. Arbitrary but
#: fixed (the bytes of "flashpnt"), so all Flashpoint versions sharing a database use the same lock.
PG_WRITE_LOCK = int.from_bytes(b"flashpnt", "big") & 0x7FFF_FFFF_FFFF_FFFF


def normalise_url(url: str) -> str:
    """The SQLAlchemy URL for ``url``: a bare path becomes SQLite, ``postgresql://`` uses psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (the web API) run while a batch writes; NORMAL sync is crash-safe in WAL mode
    # (a crash can lose the last commits' durability only on power loss, never leave half a transaction).
    cursor = dbapi_connection.cursor()
    # 8 KiB pages for new files (no effect on an existing one): an article row (its extraction JSON, ~2 KB)
    # or an incident row (~2.5 KB) no longer takes a 4 KiB page of its own, so the file is ~30 % smaller
    # and a batch writes fewer pages
    cursor.execute("PRAGMA page_size=8192")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # a writer waits for another (BEGIN IMMEDIATE, see write_transaction) up to this long before FP403
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # a 32 MB page cache keeps the hot index pages (blocking keys, hashes) in memory as the file grows
    # (the default 2 MB makes every lookup of a large database a read); bounded, whatever the file size
    cursor.execute("PRAGMA cache_size=-32768")
    # reads through a memory map of up to 2 GiB of the file (SQLite's default build limit) instead of a read()
    # call and a copy into the page cache per page: the web lists' index walks and item reads (bench_api) spend
    # their time there. Virtual memory, shared with the OS page cache; writes still go through the WAL.
    cursor.execute("PRAGMA mmap_size=2147418112")
    # checkpoint the WAL into the file every 32,768 pages (256 MiB) instead of every 1,000: a bulk batch
    # of a large database dirties most pages of every index keyed by a hash (tens of MB per commit), so a
    # short interval copied (and synced) those same index pages back after nearly every commit; a
    # checkpoint copies each page once however many commits changed it (bench_fusion 100k: 8,192 pages
    # took ~13 % more CPU). Durability is unchanged (commits are in the WAL); it is disk, not memory
    # (the WAL index is ~8 bytes per page); the WAL file is cut back to that size after a checkpoint.
    cursor.execute("PRAGMA wal_autocheckpoint=32768")
    cursor.execute("PRAGMA journal_size_limit=268435456")
    cursor.close()


def create_engine(url: str) -> Engine:
    """An engine for ``url`` with Flashpoint's connection settings (SQLite pragmas, in-memory pooling)."""
    url = normalise_url(url)
    try:
        if url.startswith("sqlite"):
            memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
            kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
            if memory:
                kwargs["poolclass"] = StaticPool  # one shared connection, or each one sees an empty db
            engine = sa.create_engine(url, **kwargs)
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            if not memory:
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
    except sa.exc.SQLAlchemyError as exc:
        raise store_error(exc, f"cannot open database {url!r}") from exc
    except (ImportError, ValueError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc
    return engine


def _alembic_config(connection: sa.Connection) -> Any:
    from alembic.config import Config

    config = Config()
    location = importlib.resources.files("flashpoint.store") / "migrations"
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def lock_for_writing(conn: sa.Connection) -> None:
    """Make the connection's new transaction the database's only writer until it ends.

    SQLite: ``BEGIN IMMEDIATE`` takes the write lock before the first read (waiting up to the busy timeout
    for another writer), so what the transaction reads (the largest ``seq``, the candidate incidents) is
    still true when it writes. PostgreSQL: a transaction-scoped advisory lock (:data:`PG_WRITE_LOCK`),
    released at commit or rollback. Must be the first statement of the transaction.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(PG_WRITE_LOCK)))


@contextlib.contextmanager
def write_transaction(engine: Engine, what: str) -> Iterator[sa.Connection]:
    """One writing transaction, alone among writers (:func:`lock_for_writing`); all or nothing.

    Database errors become typed :class:`StoreError` subclasses naming ``what`` was being written; the
    transaction is rolled back first, so a failed write leaves no part of it behind.
    """
    try:
        with engine.begin() as conn:
            lock_for_writing(conn)
            yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise store_error(exc, f"cannot write {what} to {engine.url.render_as_string()}") from exc


def store_error(exc: BaseException, context: str) -> StoreError:
    """The typed error for a failed database operation: read-only, full, busy, or plain :class:`StoreError`."""
    text = str(getattr(exc, "orig", None) or exc)
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return StoreReadOnlyError(f"{context}: the database is read-only ({text})")
    if "database or disk is full" in lowered or "no space left" in lowered or "disk full" in lowered:
        return StoreFullError(f"{context}: the disk is full; nothing of this write was kept ({text})")
    if "database is locked" in lowered or "lock timeout" in lowered:
        return StoreBusyError(f"{context}: another writer held the database too long ({text})")
    return StoreError(f"{context}: {text}")


def migrate(engine: Engine) -> str | None:
    """Create or upgrade the schema to the newest shipped revision; return that revision id.

    Runs under the writers' lock (:func:`lock_for_writing`): processes opening a new database at once
    wait for the first one's migration and then find the schema current, instead of racing to create it.
    The revision is read first without the lock: opening a current database (a web server process opening its
    ledger while an ingest holds the lock for a batch) does not wait for the writers.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    try:
        with engine.connect() as conn:  # a reader of a current database never waits for the writers' lock
            config = _alembic_config(conn)
            head = ScriptDirectory.from_config(config).get_current_head()
            if MigrationContext.configure(conn).get_current_revision() == head:
                return head
        with engine.begin() as conn:
            lock_for_writing(conn)
            config = _alembic_config(conn)
            head = ScriptDirectory.from_config(config).get_current_head()
            current = MigrationContext.configure(conn).get_current_revision()
            if current != head:
                log.info("migrating %s from %s to %s", engine.url.render_as_string(), current, head)
                command.upgrade(config, "head")
    except sa.exc.SQLAlchemyError as exc:
        raise store_error(exc, f"cannot migrate database {engine.url}") from exc
    return head


class Prepared:
    """A statement compiled once for the engine's dialect: its SQL, and its driver parameters for a row.

    The ledger's batches read and write through the driver directly (a batch's statements and parameter
    rows are plain values, so a store process can run them too); SQLAlchemy's per-call statement handling
    was most of the time before (``benchmarks/bench_fusion.py``). Only plain values (str, int, float, bool,
    None, date) are passed; dates and booleans are adapted for SQLite here.
    """

    def __init__(self, engine: Engine, statement: Any, keys: Sequence[str]) -> None:
        """Compile ``statement`` for ``engine`` with bind parameters named ``keys``."""
        compiled = statement.compile(dialect=engine.dialect, column_keys=list(keys))
        self.sql = str(compiled)
        self.order: tuple[str, ...] | None = tuple(compiled.positiontup) if compiled.positional else None
        self.sqlite = engine.dialect.name == "sqlite"
        # values fixed at build time (a LIMIT, a literal in a WHERE) travel as bind parameters too
        self.defaults = {k: v for k, v in compiled.params.items() if v is not None}
        # positions whose values SQLite needs adapted (dates, booleans), known from the bound types
        names = self.order or ()
        self.adapt = (
            tuple(
                i
                for i, name in enumerate(names)
                if name in compiled.binds
                and isinstance(compiled.binds[name].type, sa.Date | sa.Boolean | sa.DateTime | sa.types.NullType)
            )
            if self.sqlite
            else ()
        )
        # the hot inserts: a tuple of the row's values in statement order, built by one itemgetter
        self.pick: Callable[[Mapping[str, Any]], tuple[Any, ...]] | None = None
        if self.order and not self.defaults:
            get = operator.itemgetter(*self.order)
            self.pick = (lambda row: (get(row),)) if len(self.order) == 1 else get

    def params(self, row: Mapping[str, Any]) -> Any:
        """The driver parameters for one row."""
        if self.pick is not None:  # positional, no fixed values: one C-level lookup of every key
            picked = self.pick(row)
            if self.adapt:
                listed = list(picked)
                for i in self.adapt:
                    if type(listed[i]) in _ADAPTED:
                        listed[i] = _sqlite_value(listed[i])
                return listed
            return picked
        if self.defaults:
            row = {**self.defaults, **row}
        if self.order is not None:
            values = [row[k] for k in self.order]
            if self.sqlite:
                for i in self.adapt:
                    value = values[i]
                    if type(value) in _ADAPTED:
                        values[i] = _sqlite_value(value)
            return values
        if self.sqlite:
            return {k: _sqlite_value(v) if type(v) in _ADAPTED else v for k, v in row.items()}
        return dict(row)


def select_in(conn: sa.Connection, sql: str, *lists: Sequence[Any]) -> list[Any]:
    """Rows of ``sql``, whose ``{}`` fields are ``IN`` lists, run on the connection's driver (same transaction).

    Each field becomes one placeholder per value of the matching list (lists must not be empty), in the
    driver's parameter style. For lookups of a whole batch of keys in one statement; values must be plain
    (str, int, float, None). Raw driver values come back (SQLite dates are ISO text).
    """
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    text = sql.format(*(", ".join([mark] * len(values)) for values in lists))
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(text, [value for values in lists for value in values])
        return list(cursor.fetchall())
    except conn.dialect.loaded_dbapi.Error as exc:
        raise store_error(exc, text[:60]) from exc


_ADAPTED = frozenset({bool, dt.date})


def _sqlite_value(value: Any) -> Any:
    # the formats SQLAlchemy's SQLite Date and Boolean types use, so Core reads these rows back as usual
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
