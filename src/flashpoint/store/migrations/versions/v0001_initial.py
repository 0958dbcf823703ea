"""Initial schema: articles, article_copies, events, figures, claims, rejections, incidents, incident_events.

Revision ID: 0001
Revises:
Create Date: 2025-11-25

Written from the SQLAlchemy metadata of ``flashpoint.store.schema`` at that date (Alembic autogenerate),
then frozen: later schema changes get their own revision, this file never changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table and index of the first schema."""
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("content_hash", sa.String(length=80), nullable=False),
        sa.Column("external_id", sa.String(length=400), nullable=True),
        sa.Column("source", sa.String(length=400), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.BigInteger(), nullable=True),
        sa.Column("fp_band0", sa.Integer(), nullable=True),
        sa.Column("fp_band1", sa.Integer(), nullable=True),
        sa.Column("fp_band2", sa.Integer(), nullable=True),
        sa.Column("fp_band3", sa.Integer(), nullable=True),
        sa.Column("near_duplicate_of", sa.String(length=80), nullable=True),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("extraction", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("content_hash"),
        sa.UniqueConstraint("id"),
    )
    op.create_index(op.f("ix_articles_external_id"), "articles", ["external_id"], unique=False)
    op.create_index(op.f("ix_articles_fp_band0"), "articles", ["fp_band0"], unique=False)
    op.create_index(op.f("ix_articles_fp_band1"), "articles", ["fp_band1"], unique=False)
    op.create_index(op.f("ix_articles_fp_band2"), "articles", ["fp_band2"], unique=False)
    op.create_index(op.f("ix_articles_fp_band3"), "articles", ["fp_band3"], unique=False)
    op.create_index(op.f("ix_articles_near_duplicate_of"), "articles", ["near_duplicate_of"], unique=False)
    op.create_index(op.f("ix_articles_published"), "articles", ["published"], unique=False)
    op.create_table(
        "article_copies",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("content_hash", sa.String(length=80), nullable=False),
        sa.Column("external_id", sa.String(length=400), nullable=True),
        sa.Column("source", sa.String(length=400), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index(op.f("ix_article_copies_content_hash"), "article_copies", ["content_hash"], unique=False)
    op.create_table(
        "incident_events",
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.String(length=80), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index(op.f("ix_incident_events_article_id"), "incident_events", ["article_id"], unique=False)
    op.create_index(op.f("ix_incident_events_incident_id"), "incident_events", ["incident_id"], unique=False)
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("founded_seq", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("sub_event_type", sa.String(length=120), nullable=False),
        sa.Column("date_lo", sa.Date(), nullable=True),
        sa.Column("date_hi", sa.Date(), nullable=True),
        sa.Column("cell", sa.String(length=40), nullable=True),
        sa.Column("admin_key", sa.String(length=240), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("coarse", sa.Boolean(), nullable=False),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incidents_admin_date", "incidents", ["admin_key", "date_lo"], unique=False)
    op.create_index("ix_incidents_cell_date", "incidents", ["cell", "date_lo"], unique=False)
    op.create_index("ix_incidents_country_date", "incidents", ["country_iso3", "coarse", "date_lo"], unique=False)
    op.create_index("ix_incidents_date", "incidents", ["date_lo", "date_hi"], unique=False)
    op.create_table(
        "rejections",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=80), nullable=False),
        sa.Column("external_id", sa.String(length=400), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index(op.f("ix_rejections_code"), "rejections", ["code"], unique=False)
    op.create_table(
        "claims",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("certainty", sa.String(length=40), nullable=False),
        sa.Column("claimant", sa.Text(), nullable=True),
        sa.Column("chain", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index(op.f("ix_claims_article_id"), "claims", ["article_id"], unique=False)
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("article_id", sa.String(length=80), nullable=False),
        sa.Column("external_id", sa.String(length=400), nullable=True),
        sa.Column("source", sa.String(length=400), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("sub_event_type", sa.String(length=120), nullable=False),
        sa.Column("plover_type", sa.String(length=80), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("time_precision", sa.Integer(), nullable=True),
        sa.Column("place_name", sa.String(length=400), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("certainty", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
    )
    op.create_index(op.f("ix_events_article_id"), "events", ["article_id"], unique=False)
    op.create_index(op.f("ix_events_country_iso3"), "events", ["country_iso3"], unique=False)
    op.create_index(op.f("ix_events_date_start"), "events", ["date_start"], unique=False)
    op.create_index(op.f("ix_events_event_type"), "events", ["event_type"], unique=False)
    op.create_index(op.f("ix_events_external_id"), "events", ["external_id"], unique=False)
    op.create_table(
        "figures",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=80), nullable=False),
        sa.Column("event_id", sa.String(length=120), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("victims", sa.String(length=120), nullable=False),
        sa.Column("phrase", sa.Text(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=True),
        sa.Column("best", sa.Integer(), nullable=True),
        sa.Column("high", sa.Integer(), nullable=True),
        sa.Column("acled_value", sa.Integer(), nullable=True),
        sa.Column("certainty", sa.String(length=40), nullable=False),
        sa.Column("claimant", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index(op.f("ix_figures_article_id"), "figures", ["article_id"], unique=False)
    op.create_index(op.f("ix_figures_event_id"), "figures", ["event_id"], unique=False)


def downgrade() -> None:
    """Drop everything the upgrade created."""
    op.drop_index(op.f("ix_figures_event_id"), table_name="figures")
    op.drop_index(op.f("ix_figures_article_id"), table_name="figures")
    op.drop_table("figures")
    op.drop_index(op.f("ix_events_external_id"), table_name="events")
    op.drop_index(op.f("ix_events_event_type"), table_name="events")
    op.drop_index(op.f("ix_events_date_start"), table_name="events")
    op.drop_index(op.f("ix_events_country_iso3"), table_name="events")
    op.drop_index(op.f("ix_events_article_id"), table_name="events")
    op.drop_table("events")
    op.drop_index(op.f("ix_claims_article_id"), table_name="claims")
    op.drop_table("claims")
    op.drop_index(op.f("ix_rejections_code"), table_name="rejections")
    op.drop_table("rejections")
    op.drop_index("ix_incidents_date", table_name="incidents")
    op.drop_index("ix_incidents_country_date", table_name="incidents")
    op.drop_index("ix_incidents_cell_date", table_name="incidents")
    op.drop_index("ix_incidents_admin_date", table_name="incidents")
    op.drop_table("incidents")
    op.drop_index(op.f("ix_incident_events_incident_id"), table_name="incident_events")
    op.drop_index(op.f("ix_incident_events_article_id"), table_name="incident_events")
    op.drop_table("incident_events")
    op.drop_index(op.f("ix_articles_published"), table_name="articles")
    op.drop_index(op.f("ix_articles_near_duplicate_of"), table_name="articles")
    op.drop_index(op.f("ix_articles_fp_band3"), table_name="articles")
    op.drop_index(op.f("ix_articles_fp_band2"), table_name="articles")
    op.drop_index(op.f("ix_articles_fp_band1"), table_name="articles")
    op.drop_index(op.f("ix_articles_fp_band0"), table_name="articles")
    op.drop_index(op.f("ix_articles_external_id"), table_name="articles")
    op.drop_index(op.f("ix_article_copies_content_hash"), table_name="article_copies")
    op.drop_table("article_copies")
    op.drop_table("articles")
