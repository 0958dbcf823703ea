"""What the lists read, materialised: incident summaries, incident actors and event actors (``store.summary``).

The list endpoints filter, count and page these rows in SQL and decode only the incidents of their page
(before, every incident, or every extraction, was decoded per request). The rows of an existing database are
built by 0007 (:func:`flashpoint.store.summary.backfill`, which writes the columns 0007 adds too), in the same
migration transaction and under its lock; a database upgraded to 0006 alone keeps empty summaries.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# the covering index as 0006 made it (0007 adds the write time and the figure count: schema.SUMMARY_ORDER_COLUMNS)
ORDER_COLUMNS_0006 = (
    "sort_day", "id", "event_type_key", "sub_event_type_key", "country_key", "day_lo", "day_hi", "fatalities",
    "certainty", "latitude", "longitude", "published_hi",
)  # fmt: skip
_INDEXES = {
    "ix_incident_summaries_order": list(ORDER_COLUMNS_0006),  # covers every filtered column
    "ix_incident_summaries_country": ["country_key", "sort_day"],
}


def upgrade() -> None:
    """Create the three tables and their indexes (0007 fills them from the stored incidents and extractions)."""
    op.create_table(
        "incident_summaries",
        sa.Column("id", sa.String(length=40), primary_key=True),
        sa.Column("sort_day", sa.Date(), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("sub_event_type", sa.String(length=120), nullable=False),
        sa.Column("event_type_key", sa.String(length=80), nullable=False),
        sa.Column("sub_event_type_key", sa.String(length=120), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("day_lo", sa.Date(), nullable=True),
        sa.Column("day_hi", sa.Date(), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("country_key", sa.String(length=3), nullable=True),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("place_name", sa.String(length=400), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("certainty", sa.String(length=40), nullable=True),
        sa.Column("published_hi", sa.Date(), nullable=True),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("n_figures", sa.Integer(), nullable=False),
        sa.Column("actors", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    for name, columns in _INDEXES.items():
        op.create_index(name, "incident_summaries", columns, unique=False)
    op.create_table(
        "incident_actors",
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
    )
    op.create_index("ix_incident_actors_incident_id", "incident_actors", ["incident_id"], unique=False)
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
    )
    op.create_index("ix_event_actors_event_id", "event_actors", ["event_id"], unique=False)
    op.create_index("ix_events_list_order", "events", ["seq", "id", "article_id"], unique=False)


def downgrade() -> None:
    """Drop the three tables and the events' list index."""
    op.drop_index("ix_events_list_order", table_name="events")
    op.drop_index("ix_event_actors_event_id", table_name="event_actors")
    op.drop_table("event_actors")
    op.drop_index("ix_incident_actors_incident_id", table_name="incident_actors")
    op.drop_table("incident_actors")
    for name in _INDEXES:
        op.drop_index(name, table_name="incident_summaries")
    op.drop_table("incident_summaries")
