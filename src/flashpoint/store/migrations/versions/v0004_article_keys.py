"""Story keys of the stored articles: the names each repeats most (``fuse.content.story_keys``).

A later report looks up the articles that share its protagonists, whatever their place or date, through
the ``(key, seq)`` index. Existing articles get no keys (they are found by blocking keys as before).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the ``article_keys`` table and its lookup index."""
    op.create_table(
        "article_keys",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("article_id", sa.String(length=80), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_article_keys_key_seq", "article_keys", ["key", "seq"], unique=False)


def downgrade() -> None:
    """Drop the ``article_keys`` table."""
    op.drop_index("ix_article_keys_key_seq", table_name="article_keys")
    op.drop_table("article_keys")
