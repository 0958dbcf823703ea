"""Lookup indexes that answer from the index alone: candidate incidents and near-duplicate bands.

The ledger looks candidate incidents up by blocking key and date span (``date_hi >= lo AND date_lo <= hi``).
With ``date_hi`` in the index, incidents whose span ends before the event's window are skipped on the
index alone, without reading their rows (most of the rows the ``date_lo`` range scan visits). The four
SimHash band indexes carry the whole fingerprint, so finding near-duplicate candidates (a band in common,
then at most 3 bits apart) reads no article row.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD = {
    "ix_incidents_cell_date": ["cell", "date_lo"],
    "ix_incidents_admin_date": ["admin_key", "date_lo"],
    "ix_incidents_country_date": ["country_iso3", "coarse", "date_lo"],
}


def upgrade() -> None:
    """Rebuild the three blocking indexes with ``date_hi`` last, the band indexes with the fingerprint."""
    for name, columns in _OLD.items():
        op.drop_index(name, table_name="incidents")
        op.create_index(name, "incidents", [*columns, "date_hi"], unique=False)
    for i in range(4):
        op.drop_index(f"ix_articles_fp_band{i}", table_name="articles")
        op.create_index(f"ix_articles_fp_band{i}", "articles", [f"fp_band{i}", "fingerprint"], unique=False)


def downgrade() -> None:
    """Restore the indexes of revision 0002."""
    for name, columns in _OLD.items():
        op.drop_index(name, table_name="incidents")
        op.create_index(name, "incidents", columns, unique=False)
    for i in range(4):
        op.drop_index(f"ix_articles_fp_band{i}", table_name="articles")
        op.create_index(f"ix_articles_fp_band{i}", "articles", [f"fp_band{i}"], unique=False)
