"""Tests for the store stage: migrations, idempotent adds, atomicity and event queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event as sa_event
from sqlalchemy import inspect, text

from kabar.records import Actor, Article, ArticleRef, Aux, Event, Place, Provenance, event_id
from kabar.store import Store, default_db_url
from kabar.store.database import haversine_km
from kabar.store.schema import Base

ALEPPO = (36.2021, 37.1343)
DAMASCUS = (33.5102, 36.2913)

TEXT = (
    "Protesters marched in Aleppo on Monday. "
    "Government forces shelled Damascus suburbs. "
    "Turkey may send envoys to Syria next week. "
    "Police did not arrest anyone."
)


ARTICLE_FIELDS: dict[str, Any] = {"language": "en", "title": "Test", "published": date(2024, 3, 4)}


def make_article(text: str = TEXT, **fields: Any) -> Article:
    return Article.build(text, **(ARTICLE_FIELDS | fields))


def make_event(
    article: Article,
    sentence: str,
    type: str,
    *,
    actors: tuple[Actor, ...] = (),
    recipients: tuple[Actor, ...] = (),
    location: Place | None = None,
    when: date | None = None,
    aux: Aux | None = None,
) -> Event:
    start = article.text.index(sentence)
    return Event(
        id=event_id(article.id, start, type, start),
        type=type,
        actors=list(actors),
        recipients=list(recipients),
        location=location,
        date=when,
        date_precision="day" if when else "unknown",
        aux=aux or Aux(),
        confidence=0.8,
        article=ArticleRef(id=article.id, title=article.title, published=article.published),
        provenance=Provenance(
            sentence=sentence, start=start, end=start + len(sentence), trigger=sentence.split()[1]
        ),
    )


def city(name: str, lat: float, lon: float, country: str = "SYR") -> Place:
    return Place(text=name, name=name, lat=lat, lon=lon, country=country)


PROTESTERS = Actor(text="Protesters", name="protesters", sector="CVL")
GOV_SYR = Actor(text="Government forces", name="Syrian Armed Forces", entity_id="Q1123", country="SYR")
CIVILIANS = Actor(text="suburbs", name="civilians", country="SYR", sector="CVL")
TURKEY = Actor(text="Turkey", name="Turkey", entity_id="Q43", country="TUR")
SYRIA = Actor(text="Syria", name="Syria", entity_id="Q858", country="SYR")
POLICE = Actor(text="Police", name="police", sector="COP")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(default_db_url(str(tmp_path / "kabar.sqlite"))) as s:
        yield s


@pytest.fixture
def article() -> Article:
    return make_article()


@pytest.fixture
def events(article: Article) -> list[Event]:
    sentences = [s + "." for s in article.text.rstrip(".").split(". ")]
    return [
        make_event(
            article,
            sentences[0],
            "PROTEST",
            actors=(PROTESTERS,),
            location=city("Aleppo", *ALEPPO),
            when=date(2024, 3, 4),
        ),
        make_event(
            article,
            sentences[1],
            "ASSAULT",
            actors=(GOV_SYR,),
            recipients=(CIVILIANS,),
            location=city("Damascus", *DAMASCUS),
            when=date(2024, 3, 2),
        ),
        make_event(
            article,
            sentences[2],
            "CONSULT",
            actors=(TURKEY,),
            recipients=(SYRIA,),
            aux=Aux(future=True, hypothetical=True),
        ),
        make_event(
            article,
            sentences[3],
            "ARREST",
            actors=(POLICE,),
            location=Place(text="Idlib", name="Idlib", country="SYR", precision="admin1"),
            aux=Aux(negated=True),
        ),
    ]


@pytest.fixture
def filled(store: Store, article: Article, events: list[Event]) -> Store:
    assert store.add(article, events)
    return store


def types(found: list[Event]) -> list[str]:
    return [e.type for e in found]


def test_migrations_build_the_orm_schema(tmp_path: Path) -> None:
    url = default_db_url(str(tmp_path / "kabar.sqlite"))
    with Store(url):
        pass
    with Store(url) as store, store.engine.connect() as conn:  # a second open is a no-op upgrade
        assert {"articles", "events", "event_participants", "alembic_version"} <= set(
            inspect(conn).get_table_names()
        )
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == "0001"
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
        assert conn.scalar(text("PRAGMA foreign_keys")) == 1


def test_add_round_trips_and_duplicate_adds_nothing(
    store: Store, article: Article, events: list[Event]
) -> None:
    assert not store.has_article(article.id)
    assert store.add(article, events) is True
    assert store.has_article(article.id)
    assert store.counts() == {"articles": 1, "events": 4}
    assert store.article(article.id) == article
    assert store.event(events[1].id) == events[1]

    same_text = make_article(title="Another title")
    assert same_text.id == article.id
    assert store.add(same_text, events[:1]) is False
    assert store.counts() == {"articles": 1, "events": 4}
    assert store.article(article.id) == article


def test_add_rejects_events_of_another_article(store: Store, article: Article, events: list[Event]) -> None:
    other = make_article("Something else entirely.")
    with pytest.raises(ValueError, match="do not belong"):
        store.add(other, events)
    assert store.counts() == {"articles": 0, "events": 0}


def test_crash_inside_add_rolls_everything_back(store: Store, article: Article, events: list[Event]) -> None:
    inserted: list[str] = []

    def crash(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO event_participants"):
            raise RuntimeError("simulated crash")
        if statement.startswith("INSERT INTO"):
            inserted.append(statement.split()[2])

    sa_event.listen(store.engine, "before_cursor_execute", crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.add(article, events)
    sa_event.remove(store.engine, "before_cursor_execute", crash)
    assert inserted == ["articles", "events"]  # the crash came mid-transaction

    assert store.counts() == {"articles": 0, "events": 0}
    assert not store.has_article(article.id)
    assert store.add(article, events) is True
    assert store.counts() == {"articles": 1, "events": 4}
    assert len(store.events(actor="turkey", include_nonfactual=True)) == 1


def test_articles_by_language_and_limit(store: Store, article: Article) -> None:
    german = Article.build("Demonstranten zogen durch Berlin.", language="de")
    store.add(article, [])
    store.add(german, [])
    assert store.articles() == [article, german]
    assert store.articles(language="de") == [german]
    assert store.articles(limit=1) == [article]
    assert store.article("missing") is None


def test_events_default_to_factual_ordered_by_date(filled: Store) -> None:
    assert types(filled.events()) == ["ASSAULT", "PROTEST"]
    # undated events come last, then by sentence
    assert types(filled.events(include_nonfactual=True)) == ["ASSAULT", "PROTEST", "CONSULT", "ARREST"]
    assert types(filled.events(include_nonfactual=True, limit=3)) == ["ASSAULT", "PROTEST", "CONSULT"]


def test_events_by_type_is_case_insensitive(filled: Store) -> None:
    assert types(filled.events(type="protest")) == ["PROTEST"]
    assert filled.events(type="consult") == []
    assert types(filled.events(type="Consult", include_nonfactual=True)) == ["CONSULT"]


def test_events_by_actor_substring(filled: Store) -> None:
    assert types(filled.events(actor="ARMED")) == ["ASSAULT"]  # canonical name
    assert types(filled.events(actor="government")) == ["ASSAULT"]  # text in the sentence
    assert types(filled.events(actor="q1123")) == ["ASSAULT"]  # entity id
    assert types(filled.events(actor="civil")) == ["ASSAULT"]  # a recipient
    assert types(filled.events(actor="syria")) == ["ASSAULT"]
    assert types(filled.events(actor="syria", include_nonfactual=True)) == ["ASSAULT", "CONSULT"]
    assert filled.events(actor="%") == []  # LIKE wildcards are literal


def test_actor_match_folds_case_in_any_script(store: Store) -> None:
    article = make_article("Демонстранты вышли на улицы Алеппо.", language="ru")
    marchers = Actor(text="Демонстранты", name="ДЕМОНСТРАНТЫ", entity_id="Straße")
    protest = make_event(article, article.text, "PROTEST", actors=(marchers,))
    store.add(article, [protest])
    assert store.events(actor="демонстр") == [protest]
    assert store.events(actor="STRASSE") == [protest]


def test_events_by_country(filled: Store) -> None:
    assert types(filled.events(country="syr", include_nonfactual=True)) == [
        "ASSAULT",
        "PROTEST",  # via the location only
        "CONSULT",  # via the recipient only
        "ARREST",
    ]
    assert types(filled.events(country="TUR", include_nonfactual=True)) == ["CONSULT"]
    assert filled.events(country="FRA") == []


def test_events_by_date_range_is_inclusive(filled: Store) -> None:
    assert types(filled.events(since=date(2024, 3, 2))) == ["ASSAULT", "PROTEST"]
    assert types(filled.events(since=date(2024, 3, 3), include_nonfactual=True)) == ["PROTEST"]
    assert types(filled.events(until=date(2024, 3, 2), include_nonfactual=True)) == ["ASSAULT"]
    assert types(filled.events(since=date(2024, 3, 2), until=date(2024, 3, 4))) == ["ASSAULT", "PROTEST"]
    assert filled.events(since=date(2024, 3, 5)) == []


def test_events_near_a_point(filled: Store) -> None:
    assert 300 < haversine_km(*ALEPPO, *DAMASCUS) < 320
    assert types(filled.events(near=(*ALEPPO, 50))) == ["PROTEST"]
    assert types(filled.events(near=(*DAMASCUS, 1))) == ["ASSAULT"]
    assert types(filled.events(near=(35.0, 36.7, 250))) == ["ASSAULT", "PROTEST"]
    assert types(filled.events(near=(35.0, 36.7, 250), limit=1)) == ["ASSAULT"]
    assert filled.events(near=(0.0, 0.0, 1000)) == []


def test_near_across_the_antimeridian_and_poles(store: Store) -> None:
    article = make_article("Fishermen protested in Taveuni. Scientists protested at the pole.")
    first, second = article.text.split(". ")
    taveuni = make_event(article, first + ".", "PROTEST", location=city("Taveuni", -16.8, -179.97, "FJI"))
    pole = make_event(article, second, "PROTEST", location=city("Pole", 89.9, 120.0, "ATA"))
    store.add(article, [taveuni, pole])
    assert store.events(near=(-16.8, 179.95, 20)) == [taveuni]
    assert store.events(near=(89.9, -60.0, 50)) == [pole]


def test_event_by_id_or_unique_prefix(store: Store, article: Article, events: list[Event]) -> None:
    ids = ["abc", "abcd00", "abce00", "f00000"]
    renamed = [e.model_copy(update={"id": i}) for e, i in zip(events, ids, strict=True)]
    store.add(article, renamed)
    assert store.event("abc") == renamed[0]  # an exact id wins over longer ids it prefixes
    assert store.event("abcd") == renamed[1]
    assert store.event("f") == renamed[3]
    assert store.event("zz") is None
    assert store.event("") is None
    with pytest.raises(ValueError, match="ambiguous"):
        store.event("ab")


def test_default_db_url_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("platformdirs.user_data_dir", lambda app: str(tmp_path / "data" / app))
    monkeypatch.delenv("KABAR_DB", raising=False)
    assert default_db_url() == f"sqlite:///{tmp_path / 'data' / 'kabar' / 'kabar.sqlite'}"
    assert (tmp_path / "data" / "kabar").is_dir()

    monkeypatch.setenv("KABAR_DB", str(tmp_path / "env" / "env.sqlite"))
    assert default_db_url() == f"sqlite:///{tmp_path / 'env' / 'env.sqlite'}"
    assert (tmp_path / "env").is_dir()

    assert default_db_url(str(tmp_path / "arg.sqlite")) == f"sqlite:///{tmp_path / 'arg.sqlite'}"
    monkeypatch.chdir(tmp_path)
    assert default_db_url("rel/x.sqlite") == f"sqlite:///{tmp_path.resolve() / 'rel' / 'x.sqlite'}"

    monkeypatch.setenv("KABAR_DB", "postgresql://kabar@localhost/kabar")
    assert default_db_url() == "postgresql://kabar@localhost/kabar"
    assert default_db_url("sqlite:///:memory:") == "sqlite:///:memory:"
