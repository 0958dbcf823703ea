"""The lists' items, materialised: each incident's list item in its summary, each event's in ``event_items``.

A list page is then one indexed read of ready JSON strings (before: the page's incidents or reports were read
and laid out per request). ``event_items.stored_at`` is each event's write time, which ``updated_since`` reads
(the incidents' is ``incident_summaries.updated_at``). The covering index of the summaries now holds the write
time and the figure count (the figure list's running sum read every row of the table without it) instead of the
latest publication date, which no filter reads any more.

Existing rows: a database migrated from before 0006 has no summaries yet, and gets them here with their items
(:func:`flashpoint.store.summary.backfill`); one at 0006 gets only the items (:func:`~flashpoint.store.summary.
fill_items`, keeping each incident's write time). Events stored before this migration take its time as their
write time (the real one was not kept). In the migration's transaction and under its lock.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flashpoint.store import summary
from flashpoint.store.schema import SUMMARY_ORDER_COLUMNS

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ORDER = "ix_incident_summaries_order"
# the covering index as 0006 made it
_ORDER_0006 = (
    "sort_day", "id", "event_type_key", "sub_event_type_key", "country_key", "day_lo", "day_hi", "fatalities",
    "certainty", "latitude", "longitude", "published_hi",
)  # fmt: skip


def upgrade() -> None:
    """Add the item column and table, widen the covering index, then fill them from the stored rows."""
    op.add_column("incident_summaries", sa.Column("item", sa.Text(), nullable=True))
    op.drop_index(_ORDER, table_name="incident_summaries")
    op.create_index(_ORDER, "incident_summaries", list(SUMMARY_ORDER_COLUMNS), unique=False)
    op.create_table(
        "event_items",
        sa.Column("event_id", sa.String(length=120), primary_key=True),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
    )
    op.create_index("ix_event_items_stored_at", "event_items", ["stored_at"], unique=False)
    conn = op.get_bind()
    built = conn.execute(sa.select(sa.func.count()).select_from(sa.table("incident_summaries"))).scalar_one()
    if built:
        summary.fill_items(conn)
    else:
        summary.backfill(conn)


def downgrade() -> None:
    """Drop the items and restore 0006's covering index."""
    op.drop_index("ix_event_items_stored_at", table_name="event_items")
    op.drop_table("event_items")
    op.drop_index(_ORDER, table_name="incident_summaries")
    op.create_index(_ORDER, "incident_summaries", list(_ORDER_0006), unique=False)
    op.drop_column("incident_summaries", "item")
