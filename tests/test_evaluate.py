"""Scoring functions of the coding evaluators, on hand-made predictions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from kabar import ontology
from kabar.evaluate.gold import (
    NONE,
    GsrItem,
    PetrarchRecord,
    Ratio,
    best_event,
    cameo_class,
    cameo_roots,
    country_code,
    evaluate_gsr,
    format_gsr,
    macro_f1,
    petrarch_regression,
    prf,
    score_cameo,
    score_gsr,
    sector_code,
)
from kabar.evaluate.parallel import LANGUAGES, Reading, load_parallel, score_parallel
from kabar.records import Actor, ArticleRef, Aux, Event, Provenance

SHARED = Path(__file__).resolve().parents[2] / "shared"


def actor(country: str | None, sector: str | None = None) -> Actor:
    return Actor(text="x", name="x", country=country, sector=sector)


def event(type_: str, confidence: float = 0.5, actors: list[Actor] | None = None,
          recipients: list[Actor] | None = None, **aux: bool) -> Event:
    return Event(id=f"{type_}{confidence}", type=type_, confidence=confidence, actors=actors or [],
                 recipients=recipients or [], aux=Aux(**aux), article=ArticleRef(id="a"),
                 provenance=Provenance(sentence="s", start=0, end=1, trigger="t"))


def test_best_event_prefers_factual_then_confidence() -> None:
    assert best_event([]) is None
    events = [event("ASSAULT", 0.9, future=True), event("CONSULT", 0.4), event("AGREE", 0.6)]
    assert best_event(events).type == "AGREE"  # type: ignore[union-attr]
    assert best_event(events[:1]).type == "ASSAULT"  # type: ignore[union-attr]


def test_prf_counts_none_against_recall_only() -> None:
    scores = prf(["A", "A", "B", "B"], ["A", NONE, "A", "B"], ["A", "B"])
    assert scores["A"].precision == 0.5 and scores["A"].recall == 0.5
    assert scores["B"].precision == 1.0 and scores["B"].recall == 0.5
    assert macro_f1(scores) == pytest.approx((0.5 + 2 / 3) / 2)


def test_gsr_codes() -> None:
    assert country_code("JAP") == "JPN" and country_code("PSE") == "PSE"
    assert country_code("IGO") is None and country_code(None) is None
    assert sector_code("REBkur") == "REB" and sector_code("CIV") == "CVL"
    assert sector_code("***") is None and sector_code(None) is None


def test_score_gsr() -> None:
    def item(type_: str, src: set[str], tgt: set[str]) -> GsrItem:
        return GsrItem("i", "t", type_, None, frozenset(src), frozenset({"GOV"}), frozenset(tgt), frozenset())

    items = [item("ASSAULT", {"RUS"}, {"UKR"}), item("AGREE", {"USA"}, set()),
             item("REQUEST", set(), {"FRA"})]
    best = [event("ASSAULT", actors=[actor("RUS", "MIL")], recipients=[actor("UKR")]), event("CONSULT"), None]
    res = score_gsr(items, best)
    assert (res.type.hits, res.type.total) == (1, 3)
    assert (res.coverage.hits, res.coverage.total) == (2, 3)
    assert (res.source_country.hits, res.source_country.total) == (1, 2)
    assert (res.source_sector.hits, res.source_sector.total) == (0, 3)
    assert (res.target_country.hits, res.target_country.total) == (1, 2)
    assert res.target_sector.total == 0
    assert res.confusions == Counter({("AGREE", "CONSULT"): 1, ("REQUEST", NONE): 1})
    assert res.per_type["ASSAULT"].f1 == 1.0 and res.per_type["CONSULT"].precision == 0.0
    assert "| event type accuracy | 33.3% (1/3) |" in format_gsr(res)


def test_cameo_class() -> None:
    assert cameo_class([]) == 0
    assert cameo_class([event("ASSAULT")]) == 4
    assert cameo_class([event("ASSAULT", future=True)]) == 3
    assert cameo_class([event("AID", hypothetical=True)]) == 1
    assert cameo_class([event("ASSAULT", negated=True)]) == 0
    assert cameo_class([event("ASSAULT", 0.9, future=True), event("CONSULT", 0.2)]) == 1
    assert {t.quad for t in ontology.types().values()} == {1, 2, 3, 4}


def test_score_cameo() -> None:
    res = score_cameo([0, 1, 2, 3, 4, 4], [0, 1, 2, 3, 4, 3])
    assert res.accuracy.rate == pytest.approx(5 / 6)
    assert res.per_class[4].recall == 0.5 and res.per_class[3].precision == 0.5
    assert res.macro_f1 == pytest.approx((1 + 1 + 1 + 2 / 3 + 2 / 3) / 5)


def test_cameo_roots(tmp_path: Path) -> None:
    table = tmp_path / "c2p.txt"
    table.write_text("# header\n08: CONCEDE\n080: CONCEDE, , # Yield\n08: RETREAT\n19: ASSAULT\n"
                     "191: COERCE, restrict, military # blockade\n", encoding="utf-8")
    assert cameo_roots(table) == {"08": {"CONCEDE", "RETREAT"}, "19": {"ASSAULT"}}


def test_petrarch_regression() -> None:
    expects = PetrarchRecord("r", "DEMO", "t", dt.date(1995, 1, 1), frozenset({"COOPERATE"}))
    quiet = PetrarchRecord("q", "DEMO", "t", dt.date(1995, 1, 1), frozenset())
    assert petrarch_regression(expects, [])
    assert petrarch_regression(expects, [event("CONSULT")])
    assert not petrarch_regression(expects, [event("COOPERATE", future=True)])
    assert not petrarch_regression(quiet, [event("ASSAULT", negated=True)])
    assert petrarch_regression(quiet, [event("ASSAULT")])


def test_parallel_set_is_complete() -> None:
    items = load_parallel()
    assert len(items) == 40 and len({i.id for i in items}) == 40
    per_type = Counter(i.type for i in items)
    assert set(per_type) == set(ontology.types()) and all(2 <= n <= 3 for n in per_type.values())
    for i in items:
        assert set(i.text) == set(LANGUAGES) and all(i.text.values())
        assert i.mode is None or i.mode in ontology.types()[i.type].modes
        assert all(pycountry.countries.get(alpha_3=c) for c in i.actor_countries | i.recipient_countries)


def test_score_parallel() -> None:
    items = [i for i in load_parallel() if i.id in ("p01", "p16")]
    good = Reading("ASSAULT", frozenset({"RUS"}), frozenset({"UKR", "RUS"}))
    no_recipient = Reading("ASSAULT", frozenset({"RUS"}), frozenset())
    readings = {
        "p01": {lang: good for lang in LANGUAGES} | {"de": no_recipient},
        "p16": {lang: Reading(NONE, frozenset(), frozenset()) for lang in LANGUAGES},
    }
    res = score_parallel(items, readings)
    en, de = res.languages["en"], res.languages["de"]
    assert (en.type.hits, en.type.total) == (1, 2)
    assert (en.actor_country.hits, en.actor_country.total) == (1, 2)
    assert (en.recipient_country.hits, en.recipient_country.total) == (1, 1)  # p16 lists no recipient
    assert de.recipient_country.hits == 0
    assert (res.agreement.hits, res.agreement.total) == (0, 2)  # de differs; all-NONE does not agree
    readings["p01"]["de"] = good
    assert score_parallel(items, readings).agreement.hits == 1


def test_ratio() -> None:
    r = Ratio()
    assert str(r) == "n/a"
    r.count(True)
    r.count(False)
    assert str(r) == "50.0% (1/2)"


@pytest.mark.skipif(not (SHARED / "gold" / "plover_gsr").is_dir(), reason="shared gold data not present")
def test_gsr_smoke() -> None:
    res = evaluate_gsr(SHARED, limit=10)
    assert res.n == 10 and res.type.total == 10
