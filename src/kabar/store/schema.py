"""Database tables of the store, as typed SQLAlchemy ORM models.

The Alembic migrations in ``migrations/versions`` must build exactly this schema
(``tests/test_store.py`` checks that they agree).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Double, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base holding the store's metadata."""


class ArticleRow(Base):
    """One article; its id is the content hash, so re-ingesting the same text is a no-op."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    external_id: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None]
    source: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16), index=True)
    text: Mapped[str] = mapped_column(Text)
    excluded: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: dt.datetime.now(dt.UTC), server_default=func.now()
    )


class EventRow(Base):
    """One event: queryable columns plus ``record``, the full :class:`~kabar.records.Event` as JSON."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_lat_lon", "lat", "lon"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(64), index=True)  # PLOVER type, upper case
    mode: Mapped[str | None] = mapped_column(String(64))
    date: Mapped[dt.date | None] = mapped_column(index=True)
    date_precision: Mapped[str] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    location_country: Mapped[str | None] = mapped_column(String(3), index=True)
    confidence: Mapped[float] = mapped_column(Double)
    negated: Mapped[bool]
    hypothetical: Mapped[bool]
    future: Mapped[bool]
    historical: Mapped[bool]
    sentence_start: Mapped[int]
    record: Mapped[dict[str, Any]] = mapped_column(JSON)

    participants: Mapped[list[ParticipantRow]] = relationship(viewonly=True)


class ParticipantRow(Base):
    """An actor or recipient of an event, for actor and country queries."""

    __tablename__ = "event_participants"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # "actor" or "recipient"
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[str | None] = mapped_column(String(255), index=True)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    sector: Mapped[str | None] = mapped_column(String(32))
    search: Mapped[str] = mapped_column(Text)  # name, text and entity id, case-folded
