"""Coding benchmark: 600-word English articles through language ID, sentences, actors, geo and coding.

Prints model/lexicon load time, articles/s and peak memory (one process, fixed seed):

    .venv/bin/python benchmarks/coding_speed.py --articles 200
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_speed import ACTORS, FILLER, PLACES, VERBS

from kabar.records import Article


def english_article(rng: random.Random, n: int, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        a, b = rng.sample(ACTORS["en"], 2)
        out.append(f"{a[0].upper()}{a[1:]} {rng.choice(VERBS['en'])} {b} in {rng.choice(PLACES)} on day {n}.")
        out.extend([FILLER["en"]] * rng.randint(1, 3))
    return " ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = [english_article(rng, n, args.words) for n in range(args.articles)]

    t0 = time.perf_counter()
    from kabar.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.process(Article.build("Troops attacked the town of Kharkiv."), lang="en")  # loads every model
    load = time.perf_counter() - t0

    t1 = time.perf_counter()
    events = sum(len(pipeline.process(Article.build(t))[1]) for t in texts)
    elapsed = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load (lexicons, gazetteer, classifier): {load:.2f} s")
    rate = args.articles / elapsed
    print(f"{args.articles} articles x ~{args.words} words: {elapsed:.1f} s -> {rate:.1f} articles/s, {events} events")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
