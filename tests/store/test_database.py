"""The store: migrations create the schema the code declares; URLs; the fast JSON codec; PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from flashpoint.errors import StoreError
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction
from flashpoint.records import Extraction, to_dict
from flashpoint.store import codec, create_engine, metadata, migrate, normalise_url


def test_migrations_build_exactly_the_declared_schema(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'f.db'}")
    assert migrate(engine) == "0008"
    assert migrate(engine) == "0008"  # idempotent
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_opening_a_current_database_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    """A reader (a web server process opening its ledger) checks the schema without the writers' lock: an
    ingest holding the lock for a batch does not hold it up (before, it waited up to the busy timeout)."""
    import sqlite3
    import threading

    path = tmp_path / "busy.db"
    migrate(create_engine(f"sqlite:///{path}"))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a writer's batch in progress
    found: list[str | None] = []
    opening = threading.Thread(target=lambda: found.append(migrate(create_engine(f"sqlite:///{path}"))))
    opening.start()
    opening.join(timeout=10)
    opened_while_locked = not opening.is_alive()
    writer.execute("ROLLBACK")
    opening.join()
    writer.close()
    assert opened_while_locked
    assert found == ["0008"]


def test_urls() -> None:
    assert normalise_url("f.db") == "sqlite:///f.db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite://") == "sqlite://"


def test_unopenable_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_engine(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'f.db'}")


def test_codec_matches_the_records_round_trip() -> None:
    spot = Spot("Goma", "COD", "North Kivu", -1.6792, 29.2228)
    text = "On 3 May 2023, M23 rebels shelled Goma, killing 4 civilians."
    extraction = make_extraction(
        text, [EventSpec("Battles", "Armed clash", dt.date(2023, 5, 3), spot, text, killed=4, claimant="army")]
    )
    encoded = codec.dumps(extraction)
    assert json.loads(encoded) == to_dict(extraction)
    assert codec.loads(Extraction, encoded) == extraction


@pytest.mark.postgres
def test_postgres_round_trip() -> None:
    url = os.environ.get("FLASHPOINT_TEST_PG_URL")
    if not url:
        pytest.skip("FLASHPOINT_TEST_PG_URL is not set")
    from flashpoint.ledger import Ledger

    engine = create_engine(url)
    with engine.begin() as conn:  # a clean database for a repeatable test
        for table in reversed(metadata.sorted_tables):
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    spot = Spot("Goma", "COD", "North Kivu", -1.6792, 29.2228)
    first = "On 3 May 2023, M23 rebels shelled Goma, killing 4 civilians. The army returned fire."
    relay = "On 3 May 2023, M23 rebels shelled Goma, killing 4 civilians."
    day = dt.date(2023, 5, 3)
    with Ledger(url) as ledger:
        a = ledger.record(
            make_extraction(first, [EventSpec("Battles", "Armed clash", day, spot, relay, killed=4)], external_id="A")
        )
        b = ledger.record(
            make_extraction(relay, [EventSpec("Battles", "Armed clash", day, spot, relay)], external_id="B")
        )
        assert a.incident_ids == b.incident_ids
        (incident,) = ledger.incidents()
        assert incident.external_ids == ("A", "B")
        assert ledger.rebuild() == 1
        assert ledger.incidents()[0].id == incident.id


def _stream(n: int) -> list[Extraction]:
    from flashpoint.fuse.synthetic import report_stream

    return list(report_stream(n, seed=3, places=10, days=10))


def test_a_read_only_database_is_a_typed_error_and_nothing_is_written(tmp_path: Path) -> None:
    from flashpoint.errors import StoreReadOnlyError
    from flashpoint.ledger import Ledger

    path = tmp_path / "f.db"
    first, second = _stream(2)
    with Ledger(f"sqlite:///{path}") as ledger:
        ledger.record(first)
        before = ledger.counts()
    with Ledger(f"sqlite:///file:{path}?mode=ro&uri=true") as read_only:  # opening (and reading) works
        with pytest.raises(StoreReadOnlyError) as raised:
            read_only.record(second)
        assert raised.value.code == "FP401"
        assert "read-only" in raised.value.message
    with Ledger(f"sqlite:///{path}") as ledger:
        assert ledger.counts() == before


def test_a_full_disk_is_a_typed_error_and_the_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    from flashpoint.errors import StoreFullError
    from flashpoint.ledger import Ledger

    path = tmp_path / "f.db"
    stream = _stream(400)
    with Ledger(f"sqlite:///{path}") as ledger:
        ledger.record(stream[0])
        pages = ledger._engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
        # the database may not grow past a few pages more: a batch of 399 reports cannot fit
        sa.event.listen(
            ledger._engine, "connect", lambda conn, _r: conn.execute(f"PRAGMA max_page_count={int(pages) + 3}")
        )
        ledger._engine.dispose()
        before = ledger.counts()
        with pytest.raises(StoreFullError) as raised:
            list(ledger.record_many(stream[1:], batch_size=400))
        assert raised.value.code == "FP402"
        assert ledger.counts() == before  # all or nothing: no part of the batch was kept
