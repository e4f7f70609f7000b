"""Typed records passed between pipeline stages.

Every stage consumes and produces these records and nothing else: readers yield
:class:`Article`, the text stage yields :class:`Sentence`, the coder yields
:class:`Event`. All character offsets index ``Article.text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SpanKind = Literal["header", "boilerplate"]
DatePrecision = Literal["day", "month", "year", "publication", "unknown"]
PlacePrecision = Literal["country", "admin1", "admin2", "city", "neighbourhood", "site"]


class Record(BaseModel):
    """Base for all records: strict field names, JSON-serialisable."""

    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A stretch of an article's text kept for offsets but never coded."""

    start: int
    end: int
    kind: SpanKind


def content_hash(text: str) -> str:
    """Stable article id: hash of the text with whitespace normalised."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


class Article(Record):
    """One news article as read from any source."""

    id: str = Field(description="content hash of the text (idempotent ingest)")
    text: str = Field(description="the article's full text; every offset indexes it")
    external_id: str | None = None
    path: str | None = Field(None, description="file (and member, e.g. file#3) it was read from")
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    language: str | None = Field(None, description="declared or detected ISO 639-1 code")
    excluded: list[Span] = Field(default_factory=list, description="header and boilerplate spans")

    @classmethod
    def build(cls, text: str, **fields: object) -> Article:
        """Make an article whose id is the content hash of ``text``."""
        return cls(id=content_hash(text), text=text, **fields)  # type: ignore[arg-type]


class Sentence(Record):
    """A sentence of an article, with its offsets and whether it is excluded from coding."""

    index: int
    start: int
    end: int
    text: str
    excluded: bool = False


class Mention(Record):
    """A span of text that names an actor, place or date."""

    text: str
    start: int
    end: int
    label: Literal["actor", "place", "date"]
    entity_id: str | None = None


class Actor(Record):
    """A participant of an event, resolved to a canonical entity where known."""

    text: str = Field(description="the words in the sentence")
    name: str = Field(description="canonical name")
    entity_id: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    sector: str | None = Field(None, description="PLOVER/CAMEO sector code, e.g. GOV MIL REB CVL")


class Place(Record):
    """A resolved place."""

    text: str
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    admin1: str | None = None
    precision: PlacePrecision = "city"


class Aux(Record):
    """Modality of an event; flagged events are not facts."""

    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    attempt: bool = False
    reported: bool = False

    @property
    def factual(self) -> bool:
        return not (self.negated or self.hypothetical or self.future)


class Acled(Record):
    event_type: str
    sub_event_type: str


class ArticleRef(Record):
    id: str
    external_id: str | None = None
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None


class Provenance(Record):
    """Where the event was read: ``article.text[start:end] == sentence``."""

    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int | None = None
    trigger_end: int | None = None


class Event(Record):
    """One coded event: who did what to whom, when and where, and from which sentence."""

    id: str
    type: str = Field(description="PLOVER event type")
    mode: str | None = None
    contexts: list[str] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    recipients: list[Actor] = Field(default_factory=list)
    location: Place | None = None
    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    aux: Aux = Field(default_factory=Aux)
    confidence: float = Field(ge=0.0, le=1.0)
    acled: Acled | None = None
    cameo: str | None = None
    language: str | None = None
    article: ArticleRef
    provenance: Provenance


def event_id(article_id: str, start: int, event_type: str, trigger_start: int) -> str:
    """Deterministic event id, so re-coding an article yields the same ids."""
    key = f"{article_id}:{start}:{event_type}:{trigger_start}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
