"""The store process: calls run in order, in their own transactions, and failures come back as errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

from flashpoint.errors import StoreError
from flashpoint.store.worker import StoreWorker

sys.path.insert(0, str(Path(__file__).parent))
from store_calls import add_note, fail_after_insert


def _notes(path: Path) -> list[str]:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        rows = [str(r[0]) for r in conn.exec_driver_sql("SELECT text FROM notes ORDER BY rowid")]
    engine.dispose()
    return rows


def _worker(path: Path) -> StoreWorker:
    # the helper module must be importable in the store process too
    return StoreWorker(f"sqlite:///{path}", extra_path=str(Path(__file__).parent))


def test_calls_run_in_order_and_return_their_values(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    with _worker(db) as worker:
        for text in ("first", "second", "third"):
            worker.submit(add_note, text)
        assert worker.pending == 3
        assert [worker.result(), worker.result(), worker.result()] == [1, 2, 3]
        assert worker.pending == 0
    assert _notes(db) == ["first", "second", "third"]


def test_a_failed_call_is_rolled_back_and_later_calls_do_not_run(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    with _worker(db) as worker:
        worker.submit(add_note, "kept")
        worker.submit(fail_after_insert, "rolled back")
        worker.submit(add_note, "never written")
        assert worker.result() == 1
        with pytest.raises(StoreError, match="refusing 'rolled back'"):
            worker.result()
        with pytest.raises(StoreError, match="earlier call failed"):
            worker.result()
    assert _notes(db) == ["kept"]


def test_closing_runs_what_was_submitted_even_if_nobody_collects_it(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    worker = _worker(db)
    for i in range(50):
        worker.submit(add_note, "x" * 10_000 + str(i))  # results larger than a pipe buffer, never read
    worker.close()
    assert len(_notes(db)) == 50
    with pytest.raises(StoreError):
        worker.result()


def test_a_script_without_a_main_guard_can_use_it(tmp_path: Path) -> None:
    # the store process runs `python -m flashpoint.store.worker`: the caller's script is never re-run
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(Path(__file__).parent)!r})
            from store_calls import add_note
            from flashpoint.store.worker import StoreWorker
            with StoreWorker({f"sqlite:///{tmp_path / 'notes.db'}"!r}, extra_path={str(Path(__file__).parent)!r}) as w:
                w.submit(add_note, "from a script")
                print(w.result())
            """
        )
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "1"
