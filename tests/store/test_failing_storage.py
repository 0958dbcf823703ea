"""Failing storage end to end: ``flashpoint ingest`` into a read-only database or onto a full disk stops with
the store's error code (FP401, FP402), exits 1, and leaves the database as it was (no partial batch).

The disk is "full" by SQLite's ``max_page_count`` (the file may not grow), set on every connection the CLI opens;
a tiny filesystem is not available to the tests. The ledger-level cases are in ``test_database.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.fuse.synthetic import EventSpec, Spot, make_extraction
from flashpoint.ledger import Ledger
from flashpoint.store import database

REPORTS = (
    "Hundreds of nurses marched through Calvar on Monday to demand unpaid allowances, union leaders said.",
    "Gunmen attacked a police post near Brenmoor on Tuesday, killing two officers, the regional governor said.",
    "Traders in Osk closed their stalls on Wednesday in protest at a new market levy.",
)


def _stored(path: Path) -> Path:
    """A database holding one report (recorded without the language model), and a folder of three new ones."""
    text = "Farmers blocked the road into Tellin on 4 April 2024 over water rights."
    spot = Spot("Tellin", "KEN", "Rift", 0.2, 35.1)
    with Ledger(f"sqlite:///{path}") as ledger:
        ledger.record(
            make_extraction(text, [EventSpec("Protests", "Peaceful protest", dt.date(2024, 4, 4), spot, text)])
        )
    folder = path.parent / "reports"
    folder.mkdir()
    for i, report in enumerate(REPORTS):
        (folder / f"r{i}.txt").write_text(report, encoding="utf-8")
    return folder


def _tables(path: Path) -> dict[str, int]:
    with Ledger(f"sqlite:///{path}") as ledger:
        return ledger.counts()


def test_ingest_into_a_read_only_database_is_fp401_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    folder = _stored(path)
    before = _tables(path)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", url, "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "FP401" in result.output
    assert "read-only" in result.output
    assert _tables(path) == before


def test_ingest_onto_a_full_disk_is_fp402_and_leaves_no_partial_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.db"
    folder = _stored(path)
    before = _tables(path)
    with Ledger(f"sqlite:///{path}") as ledger, ledger._engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())
    usual = database._sqlite_pragmas

    def no_room(dbapi_connection: Any, record: Any) -> None:
        usual(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")  # the file may not grow by one page

    monkeypatch.setattr(database, "_sqlite_pragmas", no_room)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", f"sqlite:///{path}", "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "FP402" in result.output
    assert "disk is full" in result.output
    monkeypatch.setattr(database, "_sqlite_pragmas", usual)
    assert _tables(path) == before  # all or nothing: not one of the three reports, events or incidents
