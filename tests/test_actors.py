"""Actor recognition: Phoenix-derived people and organisations, dated roles, composition of English actors."""

from __future__ import annotations

import datetime as dt

import pytest

from kabar.actors import ActorMatcher, entities
from kabar.text.tokens import tokenize


@pytest.fixture(scope="module")
def en() -> ActorMatcher:
    return ActorMatcher("en")


def _found(matcher: ActorMatcher, text: str, day: dt.date | None = None) -> list[tuple[str, str | None, str | None]]:
    return [(text[m.start:m.end], m.country, m.sector) for m in matcher.find(tokenize(text), text, 0, day)]


def test_person_role_follows_the_date(en: ActorMatcher) -> None:
    text = "Francois Mitterrand spoke."
    assert _found(en, text, dt.date(1990, 6, 1)) == [("Francois Mitterrand", "FRA", "GOV")]
    assert _found(en, text, dt.date(1975, 6, 1)) == [("Francois Mitterrand", "FRA", "ELI")]


def test_known_person_keeps_country_outside_roles() -> None:
    person = next(e for e in entities().values() if e.id.startswith("phoenix:") and e.kind == "person"
                  and e.roles and all(r.get("start") for r in e.roles))
    start = min(dt.date.fromisoformat(r["start"]) for r in person.roles)
    assert person.role_on(start - dt.timedelta(days=1)) == (person.country, None)


def test_igo_has_no_country(en: ActorMatcher) -> None:
    found = _found(en, "The Organization of African Unity called for calm.")
    assert found == [("Organization of African Unity", None, "IGO")]


def test_title_and_name_make_one_actor(en: ActorMatcher) -> None:
    found = _found(en, "Egyptian President Hosni Mubarak said on Wednesday.", dt.date(1995, 1, 1))
    assert found == [("Egyptian President Hosni Mubarak", "EGY", "GOV")]
    assert _found(en, "British Defence Secretary Tom King promised aid.")[0] == (
        "British Defence Secretary", "GBR", "GOV")


def test_coordinated_demonyms_share_the_noun(en: ActorMatcher) -> None:
    found = _found(en, "Senior Hungarian and Romanian officials agreed on Wednesday.")
    assert [(c, s) for _, c, s in found] == [("HUN", "GOV"), ("ROU", "GOV")]


@pytest.mark.parametrize("text, country", [
    ("Norway's foreign minister arrived.", "NOR"),
    ("Taiwan's Vice Foreign Minister visited.", "TWN"),
    ("The Nigerian junior foreign minister complained.", "NGA"),
])
def test_possessive_and_title_words(en: ActorMatcher, text: str, country: str) -> None:
    assert [(c, s) for _, c, s in _found(en, text)] == [(country, "GOV")]


def test_phoenix_agent_nouns(en: ActorMatcher) -> None:
    found = _found(en, "French and Egyptian warships sailed.")
    assert [(c, s) for _, c, s in found] == [("FRA", "MIL"), ("EGY", "MIL")]
    assert [s for _, _, s in _found(en, "The prime minister resigned.")] == ["GOV"]


def test_igo_with_a_member_noun_stays_the_igo(en: ActorMatcher) -> None:
    assert _found(en, "European Community foreign ministers met.") == [
        ("European Community foreign ministers", None, "IGO")]


def test_possessed_noun_belongs_to_its_owner(en: ActorMatcher) -> None:
    found = _found(en, "Israel has strengthened its forces in Lebanon.")
    assert found == [("Israel", "ISR", None), ("forces", "ISR", "MIL")]


@pytest.mark.parametrize(("text", "actor"), [
    ("Bosnian Serbs demanded a truce.", ("Bosnian Serbs", "BIH", None)),
    ("Vietnamese-led forces attacked.", ("Vietnamese-led forces", "VNM", "MIL")),
])
def test_compound_actor_takes_the_first_country(en: ActorMatcher, text: str, actor: tuple) -> None:
    assert _found(en, text)[0] == actor


def test_ethnic_group_is_not_the_country(en: ActorMatcher) -> None:
    assert _found(en, "Ethnic Albanian guerrillas operate there.") == [("Albanian guerrillas", None, "REB")]


def test_places_described_by_a_country_are_not_actors(en: ActorMatcher) -> None:
    found = _found(en, "Palestinians of the Israeli-occupied West Bank went on strike.")
    assert found == [("Palestinians", "PSE", None)]
    assert [a for a in _found(en, "Troops fought in western Cambodia.") if a[1] == "KHM"] == []
