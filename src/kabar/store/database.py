"""The store: articles and their coded events in SQLite or PostgreSQL, queried by type, actor, place, time."""

from __future__ import annotations

import math
import os
import unicodedata
from datetime import date
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs
from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry

from kabar.records import Article, Event
from kabar.store.migrate import upgrade
from kabar.store.schema import ArticleRow, EventRow, ParticipantRow

EARTH_RADIUS_KM = 6371.0088
_IMMEDIATE = "kabar_sqlite_begin_immediate"  # execution option: take SQLite's write lock at BEGIN


def default_db_url(db: str | None = None) -> str:
    """Database URL from ``db``, else ``$KABAR_DB``, else ``kabar.sqlite`` in the user data directory.

    Anything containing ``://`` is used as a SQLAlchemy URL; a plain path becomes a SQLite URL
    and its parent directories are created.
    """
    target = db or os.environ.get("KABAR_DB")
    if not target:
        target = str(Path(platformdirs.user_data_dir("kabar")) / "kabar.sqlite")
    if "://" in target:
        return target
    path = Path(target).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2, dlon = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


class Store:
    """Articles and events in a SQL database, migrated to the newest schema when opened."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            _configure_sqlite(self.engine)
        self._writer = self.engine.execution_options(**{_IMMEDIATE: True})
        try:
            upgrade(self._writer)
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        """Close all database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id (content hash) is stored."""
        with Session(self.engine) as session:
            return session.get(ArticleRow, article_id) is not None

    def add(self, article: Article, events: list[Event]) -> bool:
        """Store an article and its events in one transaction.

        Returns False, storing nothing, when the article is already stored.
        """
        if stray := {e.id for e in events if e.article.id != article.id}:
            raise ValueError(f"events {sorted(stray)} do not belong to article {article.id}")
        participants = [p for e in events for p in _participant_values(e)]
        try:
            with Session(self._writer) as session, session.begin():
                if session.get(ArticleRow, article.id) is not None:
                    return False
                session.execute(insert(ArticleRow), [_article_values(article)])
                if events:  # render_nulls: one executemany batch, not one per pattern of NULLs
                    session.execute(
                        insert(EventRow).execution_options(render_nulls=True),
                        [_event_values(e) for e in events],
                    )
                if participants:
                    session.execute(insert(ParticipantRow).execution_options(render_nulls=True), participants)
        except IntegrityError:
            if self.has_article(article.id):  # another writer stored it first
                return False
            raise
        return True

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        with Session(self.engine) as session:
            row = session.get(ArticleRow, article_id)
            return None if row is None else _article_record(row)

    def articles(self, *, language: str | None = None, limit: int | None = None) -> list[Article]:
        """Stored articles in ingestion order, optionally of one language."""
        stmt = select(ArticleRow).order_by(ArticleRow.ingested_at, ArticleRow.id).limit(limit)
        if language is not None:
            stmt = stmt.where(ArticleRow.language == language)
        with Session(self.engine) as session:
            return [_article_record(row) for row in session.scalars(stmt)]

    def event(self, event_id: str) -> Event | None:
        """The event with this id or unique id prefix, or None.

        Raises ValueError when the prefix matches more than one event.
        """
        if not event_id:
            return None
        with Session(self.engine) as session:
            exact = session.get(EventRow, event_id)
            if exact is not None:
                return Event.model_validate(exact.record)
            stmt = select(EventRow.record).where(EventRow.id.startswith(event_id, autoescape=True)).limit(2)
            records = session.scalars(stmt).all()
        if len(records) > 1:
            raise ValueError(f"event id prefix {event_id!r} is ambiguous")
        return Event.model_validate(records[0]) if records else None

    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        near: tuple[float, float, float] | None = None,
        include_nonfactual: bool = False,
        limit: int | None = None,
    ) -> list[Event]:
        """Events matching all the given filters, by date (undated last), article and sentence.

        ``actor`` is a case-insensitive substring of an actor's or recipient's name, text or entity id;
        ``country`` an ISO3 code of an actor, recipient or the location; ``since``/``until`` are
        inclusive and drop undated events; ``near`` is ``(lat, lon, km)``. Only factual events
        (not negated, hypothetical or future) unless ``include_nonfactual``.
        """
        conditions: list[ColumnElement[bool]] = []
        if type is not None:
            conditions.append(EventRow.type == type.upper())
        if actor is not None:
            named = ParticipantRow.search.contains(_fold(actor), autoescape=True)
            conditions.append(EventRow.participants.any(named))
        if country is not None:
            iso3 = country.upper()
            by_participant = EventRow.participants.any(ParticipantRow.country == iso3)
            conditions.append(or_(EventRow.location_country == iso3, by_participant))
        if since is not None:
            conditions.append(EventRow.date >= since)
        if until is not None:
            conditions.append(EventRow.date <= until)
        if near is not None:
            conditions.append(_bounding_box(*near))
        if not include_nonfactual:
            conditions.append(~or_(EventRow.negated, EventRow.hypothetical, EventRow.future))
        stmt = (
            select(EventRow.record)
            .where(*conditions)
            .order_by(EventRow.date.is_(None), EventRow.date, EventRow.article_id)
            .order_by(EventRow.sentence_start, EventRow.id)
        )
        if near is None:
            stmt = stmt.limit(limit)
        with Session(self.engine) as session:
            found = (Event.model_validate(record) for record in session.scalars(stmt))
            if near is not None:
                found = (e for e in found if _within(e, *near))
            return list(islice(found, limit))

    def counts(self) -> dict[str, int]:
        """Number of stored articles and events."""
        with Session(self.engine) as session:
            return {
                "articles": session.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                "events": session.scalar(select(func.count()).select_from(EventRow)) or 0,
            }


def _configure_sqlite(engine: Engine) -> None:
    """WAL journal, enforced foreign keys, and real transactions.

    The sqlite3 driver's own transaction handling never BEGINs before reads or DDL, so reads
    are not isolated and migrations are not atomic; SQLAlchemy emits BEGIN itself instead
    (BEGIN IMMEDIATE for writers, so check-then-insert cannot lose a race).
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: consistent; power loss may undo last commits
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _bounding_box(lat: float, lon: float, km: float) -> ColumnElement[bool]:
    """SQL prefilter: a lat/lon box holding every point within ``km`` of ``(lat, lon)``."""
    radius = km / EARTH_RADIUS_KM
    dlat = math.degrees(radius)
    box = EventRow.lat.between(lat - dlat, lat + dlat)
    if abs(lat) + dlat >= 90:  # the circle contains a pole: every longitude is in reach
        return box & EventRow.lon.is_not(None)
    dlon = math.degrees(math.asin(math.sin(radius) / math.cos(math.radians(lat))))
    west, east = lon - dlon, lon + dlon
    if west < -180:
        return box & or_(EventRow.lon >= west + 360, EventRow.lon <= east)
    if east > 180:
        return box & or_(EventRow.lon >= west, EventRow.lon <= east - 360)
    return box & EventRow.lon.between(west, east)


def _within(e: Event, lat: float, lon: float, km: float) -> bool:
    loc = e.location
    return (
        loc is not None
        and loc.lat is not None
        and loc.lon is not None
        and haversine_km(lat, lon, loc.lat, loc.lon) <= km
    )


def _article_values(a: Article) -> dict[str, Any]:
    return a.model_dump(mode="json") | {"published": a.published}


def _article_record(row: ArticleRow) -> Article:
    return Article.model_validate({name: getattr(row, name) for name in Article.model_fields})


def _fold(s: str) -> str:
    """Normalise for case-insensitive matching in any script (SQL ``lower`` is ASCII-only in SQLite)."""
    return unicodedata.normalize("NFKC", s).casefold()


def _event_values(e: Event) -> dict[str, Any]:
    loc = e.location
    lat, lon = (loc.lat, loc.lon) if loc and loc.lat is not None and loc.lon is not None else (None, None)
    return {
        "id": e.id,
        "article_id": e.article.id,
        "type": e.type.upper(),
        "mode": e.mode,
        "date": e.date,
        "date_precision": e.date_precision,
        "lat": lat,
        "lon": lon,
        "location_country": loc.country.upper() if loc and loc.country else None,
        "confidence": e.confidence,
        "negated": e.aux.negated,
        "hypothetical": e.aux.hypothetical,
        "future": e.aux.future,
        "historical": e.aux.historical,
        "sentence_start": e.provenance.start,
        "record": e.model_dump(mode="json"),
    }


def _participant_values(e: Event) -> list[dict[str, Any]]:
    return [
        {
            "event_id": e.id,
            "role": role,
            "text": a.text,
            "name": a.name,
            "entity_id": a.entity_id,
            "country": a.country.upper() if a.country else None,
            "sector": a.sector,
            "search": _fold("\n".join(filter(None, (a.name, a.text, a.entity_id)))),
        }
        for role, actors in (("actor", e.actors), ("recipient", e.recipients))
        for a in actors
    ]
