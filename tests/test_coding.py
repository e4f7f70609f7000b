"""Event coding: types, roles, modality and dates across languages, and the seed acceptance file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kabar.evaluate.seeds import evaluate_seeds
from kabar.pipeline import Pipeline
from kabar.records import Article, Event


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def code(pipeline: Pipeline, text: str, lang: str, published: dt.date | None = None) -> list[Event]:
    return pipeline.process(Article.build(text), lang=lang, published=published)[1]


def only(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert found, [(e.type, e.provenance.trigger) for e in events]
    return found[0]


def countries(actors: list) -> set[str | None]:
    return {a.country for a in actors}


@pytest.mark.parametrize(("text", "lang", "type_", "actor", "recipient"), [
    ("Russian forces shelled Ukrainian positions near Kharkiv on Tuesday.", "en", "ASSAULT", "RUS", "UKR"),
    ("Ukrainian positions were shelled by Russian forces near Kharkiv.", "en", "ASSAULT", "RUS", "UKR"),
    ("Pos polisi diserang oleh kelompok bersenjata Papua, kata pejabat Indonesia.", "id", "ASSAULT", None, "IDN"),
    ("اتهمت إيران الولايات المتحدة بالتدخل في شؤونها الداخلية.", "ar", "ACCUSE", "IRN", "USA"),
    ("Rusya, Ukrayna'ya saldırdı.", "tr", "ASSAULT", "RUS", "UKR"),
    ("Polonia expulsó a tres diplomáticos rusos.", "es", "SANCTION", "POL", None),
    ("Irán acusó a Estados Unidos de injerencia en sus asuntos internos.", "es", "ACCUSE", "IRN", "USA"),
])
def test_who_did_what_to_whom(pipeline: Pipeline, text: str, lang: str, type_: str, actor: str | None,
                              recipient: str | None) -> None:
    event = only(code(pipeline, text, lang), type_)
    if actor:
        assert actor in countries(event.actors)
    if recipient:
        assert recipient in countries(event.actors) | countries(event.recipients)
    assert text[event.provenance.trigger_start:event.provenance.trigger_end] == event.provenance.trigger


def test_modality_flags(pipeline: Pipeline) -> None:
    negated = only(code(pipeline, "The army did not attack the village.", "en"), "ASSAULT")
    assert negated.aux.negated and not negated.aux.factual
    hypothetical = only(code(pipeline, "If talks fail, the rebels would attack the city.", "en"), "ASSAULT")
    assert hypothetical.aux.hypothetical
    attempt = only(code(pipeline, "Al-Qaeda tried to break the siege.", "en"), "ASSAULT")
    assert attempt.aux.attempt and attempt.aux.factual


def test_announced_conflict_is_a_threat(pipeline: Pipeline) -> None:
    events = code(pipeline, "Nigeria announced that it will impose sanctions on Chad.", "en")
    assert any(e.type == "THREATEN" and e.aux.factual for e in events)


@pytest.mark.parametrize(("text", "type_"), [
    ("Egypt is opposed to Turkish mediation in the dispute with Libya.", "REJECT"),  # adjectival, active
    ("Norway accepted a proposal from Sweden to settle the fishing dispute.", "AGREE"),
    ("Russia continued to send arms to Syria last year.", "AID"),
    ("Chile and Peru upgraded their diplomatic ties to embassy level.", "SUPPORT"),
    ("Iran has tried to hack into the computers of Israeli officials.", "COERCE"),
    ("Kenya lifted the curfew in Mombasa on Monday.", "RETREAT"),  # implemented, not promised: CAMEO 0813
    ("Egypt has received a mission of observers from the African Union.", "RETREAT"),
    ("Nigeria announced that it will withdraw its peacekeepers from Mali.", "THREATEN"),  # SANCTION announced
    ("Jordan, an ally in the war on terror, refused to send troops to Yemen.", "REJECT"),
])
def test_common_english_predicates(pipeline: Pipeline, text: str, type_: str) -> None:
    events = code(pipeline, text, "en")
    best = max(events, key=lambda e: (e.aux.factual, e.confidence))
    assert best.type == type_, [(e.type, e.provenance.trigger, e.confidence) for e in events]


def test_as_opposed_to_is_no_rejection(pipeline: Pipeline) -> None:
    events = code(pipeline, "Turkey preferred talks with Greece, as opposed to sanctions.", "en")
    assert not any(e.type == "REJECT" for e in events)


def test_dates_never_invented(pipeline: Pipeline) -> None:
    undated = code(pipeline, "Police arrested dozens of protesters in Nairobi.", "en")
    assert undated and all(e.date is None and e.date_precision == "unknown" for e in undated)
    dated = code(pipeline, "Police arrested dozens of protesters in Nairobi yesterday.", "en", dt.date(2025, 3, 2))
    assert only(dated, "COERCE").date == dt.date(2025, 3, 1)
    published = code(pipeline, "Police arrested dozens of protesters in Nairobi.", "en", dt.date(2025, 3, 2))
    assert only(published, "COERCE").date_precision == "publication"


def test_event_record_carries_ontology_and_location(pipeline: Pipeline) -> None:
    event = only(code(pipeline, "Israeli airstrikes hit Khan Younis in the Gaza Strip.", "en"), "ASSAULT")
    assert event.mode == "aerial" and event.cameo == "195"
    assert event.acled is not None and event.acled.sub_event_type == "Air/drone strike"
    assert event.location is not None and event.location.country == "PSE"


def test_seed_acceptance(shared: Path, pipeline: Pipeline) -> None:
    report = evaluate_seeds(shared, pipeline)
    assert report.violations == []
    assert report.found == len(report.expected), [(r.id, r.met) for r in report.expected if not r.found]
