"""Incident merges: incidents absorbed by an older one when a later report bridged them.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the ``incident_merges`` table."""
    op.create_table(
        "incident_merges",
        sa.Column("absorbed_id", sa.String(length=40), nullable=False),
        sa.Column("into_id", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("absorbed_id"),
    )
    op.create_index(op.f("ix_incident_merges_into_id"), "incident_merges", ["into_id"], unique=False)


def downgrade() -> None:
    """Drop the ``incident_merges`` table."""
    op.drop_index(op.f("ix_incident_merges_into_id"), table_name="incident_merges")
    op.drop_table("incident_merges")
