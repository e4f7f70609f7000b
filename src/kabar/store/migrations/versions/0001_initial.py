"""Initial schema: articles, events, event participants.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("external_id", sa.Text()),
        sa.Column("path", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("source", sa.Text()),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("excluded", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_articles_language", "articles", ["language"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(64)),
        sa.Column("date", sa.Date()),
        sa.Column("date_precision", sa.String(16), nullable=False),
        sa.Column("lat", sa.Double()),
        sa.Column("lon", sa.Double()),
        sa.Column("location_country", sa.String(3)),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("hypothetical", sa.Boolean(), nullable=False),
        sa.Column("future", sa.Boolean(), nullable=False),
        sa.Column("historical", sa.Boolean(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_location_country", "events", ["location_country"])
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])

    op.create_table(
        "event_participants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.String(255)),
        sa.Column("country", sa.String(3)),
        sa.Column("sector", sa.String(32)),
        sa.Column("search", sa.Text(), nullable=False),
    )
    op.create_index("ix_event_participants_event_id", "event_participants", ["event_id"])
    op.create_index("ix_event_participants_entity_id", "event_participants", ["entity_id"])
    op.create_index("ix_event_participants_country", "event_participants", ["country"])


def downgrade() -> None:
    op.drop_table("event_participants")
    op.drop_table("events")
    op.drop_table("articles")
