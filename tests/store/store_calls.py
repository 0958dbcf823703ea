"""Store calls for the store-process tests (module-level functions: the process imports them by name)."""

from __future__ import annotations

import sqlalchemy as sa


def add_note(conn: sa.Connection, text: str) -> int:
    """Insert a note; return how many notes there are now."""
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)")
    conn.exec_driver_sql("INSERT INTO notes (text) VALUES (?)", (text,))
    return int(conn.exec_driver_sql("SELECT count(*) FROM notes").scalar_one())


def fail_after_insert(conn: sa.Connection, text: str) -> None:
    """Insert a note, then fail: the note must be rolled back."""
    add_note(conn, text)
    raise ValueError(f"refusing {text!r}")
