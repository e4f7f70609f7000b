"""English triggers derived from the CAMEO verb dictionary, and the choice of a sentence's main event."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kabar import languages, ontology
from kabar.coding import TRIGGER_FILES
from kabar.evaluate.gold import best_event, cameo_quad
from kabar.pipeline import Pipeline
from kabar.records import Article, Event

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def derive() -> ModuleType:
    path = ROOT / "training" / "derive_cameo_triggers.py"
    spec = importlib.util.spec_from_file_location("derive_cameo_triggers", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main_type(pipeline: Pipeline, text: str) -> str | None:
    best = best_event(pipeline.process(Article.build(text), lang="en")[1])
    return best.type if best else None


def events(pipeline: Pipeline, text: str) -> list[Event]:
    return pipeline.process(Article.build(text), lang="en")[1]


def test_derived_file_is_a_lower_layer() -> None:
    assert TRIGGER_FILES == ("triggers.tsv", "triggers_cameo.tsv")
    rows = languages.rows("en", "triggers_cameo.tsv")
    assert len(rows) > 20_000
    types = ontology.types()
    for row in rows:
        assert row[1] == "-" or row[1] in types, row
        assert not row[2] or row[2] in types[row[1]].modes, row
        assert 0 < float(row[3]) <= 1
    hand = {r[0] for r in languages.rows("en", "triggers.tsv")}
    assert not hand & {r[0] for r in rows}


def test_verb_forms(derive: ModuleType) -> None:
    assert derive.verb_forms("ATTACK ") == (["attack", "attacks", "attacked", "attacking"], {"attacked"})
    forms, pps = derive.verb_forms("FLEE {FLEES FLEEING FLED }  # HUX")
    assert forms == ["flee", "flees", "fleeing", "fled"] and pps == {"fled"}
    assert derive.verb_forms("+CALL_OFF {+CALLS_OFF +CALLED_OFF}")[0] == ["call off", "calls off", "called off"]
    # bare verbs: no base form (often a noun), a weaker -s form (often a plural noun)
    assert dict(derive.bare_forms(["attack", "attacks", "attacked", "attacking"])) == {
        "attacks": derive.S_WEIGHT, "attacked": derive.VERB_WEIGHT, "attacking": derive.VERB_WEIGHT}


def test_pattern_elements(derive: ModuleType) -> None:
    synsets = {"&FOOD": ["rice", "grain*"]}
    pre, post = derive.elements("* {MEDICAL SUPPLIES} (TO +) &FOOD", synsets)
    assert pre == [] and post == [["medical supplies"], ["to"], [".."], ["rice", "grain*"]]
    assert list(derive.expand(pre, "sent", post)) == ["sent .. medical supplies .. to .. rice",
                                                      "sent .. medical supplies .. to .. grain*"]
    assert derive.weight(pre, post) > derive.weight([], [["aid"]]) > derive.VERB_WEIGHT
    assert derive.elements("* &UNKNOWN", synsets) is None


def test_cameo_codes_map_to_plover(derive: ModuleType, shared: Path) -> None:
    table = derive.plover_table(shared / "reference" / "plover" / "CAMEO2PLOVER-2021.txt",
                                ROOT / "src" / "kabar" / "ontology" / "plover.json")
    assert derive.to_plover("0332", table) == ("AGREE", "")
    assert derive.to_plover("195", table) == ("ASSAULT", "aerial")  # our mode names win
    assert derive.to_plover("0214", table) == ("REQUEST", "appeal")  # 02 appeals: our REQUEST mode
    assert derive.to_plover("0123", table) is None  # statements: no event
    assert derive.first_code(":173") == "173" and derive.first_code("042:043") == "042"


def test_cameo_quad() -> None:
    assert [cameo_quad(c) for c in ("010", "020", "036", "073", "112", "141", "163", "173", "195")] == \
        [0, 0, 1, 2, 3, 4, 3, 4, 4]


@pytest.mark.parametrize(("text", "type_"), [
    # the main predicate beats the events of its complement or of a later clause
    ("Greece demanded that the European partners refuse to recognize the new republic.", "REQUEST"),
    ("Japan refused to send troops to Iraq after the bombing of its embassy.", "REJECT"),
    ("Chad threatened to expel the French ambassador over the raid.", "THREATEN"),
    # an announced or promised action is the promise or the threat
    ("Norway will support the bid of Ukraine to join the European Union, its prime minister said.", "AGREE"),
    ("Egypt said it is prepared to impose a curfew on the city.", "THREATEN"),
    ("Sudan is willing to release the detained aid workers.", "AGREE"),
    # refusing cooperation, and demands put as obligations
    ("Hungary said it will not accept any more refugees from Serbia.", "REJECT"),
    ("Kenya said Somalia must withdraw its troops from the border town.", "REQUEST"),
])
def test_main_event(pipeline: Pipeline, text: str, type_: str) -> None:
    assert main_type(pipeline, text) == type_


def test_derived_verbs_and_layers(pipeline: Pipeline) -> None:
    assert main_type(pipeline, "Turkish jets bombarded Kurdish villages in northern Iraq.") == "ASSAULT"
    # the hand-written layer wins on the same words; a capitalised verb form is part of a name
    assert main_type(pipeline, "Syria reported mass surrenders of rebel forces to the army.") == "RETREAT"
    assert all(e.provenance.trigger != "United" for e in events(pipeline, "Iran met the United Arab Emirates."))
    # "-" rows claim their words for no event
    assert main_type(pipeline, "The Russian embassy declined to comment on the report.") is None


def test_participle_is_passive_after_auxiliary(pipeline: Pipeline) -> None:
    event = next(e for e in events(pipeline, "Two Turkish soldiers were assailed near the Syrian border.")
                 if e.type == "ASSAULT")
    assert not any(a.country == "TUR" for a in event.actors)
