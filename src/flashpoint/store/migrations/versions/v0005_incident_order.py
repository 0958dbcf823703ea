"""The order the incident lists page in, as an index: first day, then id.

``Ledger.incident_page`` reads one page of incidents (dated ones by ``date_lo, id``, undated ones by id
after them) by walking this index and the primary key, so a page costs the same however many incidents
are stored; without it every request sorted the whole table. Existing rows are indexed as it is created.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the ``(date_lo, id)`` index of ``incidents``."""
    op.create_index("ix_incidents_list_order", "incidents", ["date_lo", "id"], unique=False)


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_incidents_list_order", table_name="incidents")
