"""Storage: the schema, its Alembic migrations and engine set-up; SQLite by default, PostgreSQL by URL.

The store holds no logic of its own beyond opening and migrating; :mod:`flashpoint.ledger` reads and
writes the tables.
"""

from flashpoint.store.database import DEFAULT_URL, create_engine, migrate, normalise_url
from flashpoint.store.schema import metadata

__all__ = ["DEFAULT_URL", "create_engine", "metadata", "migrate", "normalise_url"]
