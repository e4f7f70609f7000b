"""Ingest benchmark: N generated articles through the real CLI into a fresh SQLite file.

Prints articles/s, events/s and the peak memory of the ingest process. Reproducible (fixed seed):

    .venv/bin/python benchmarks/ingest_speed.py --articles 10000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACTORS = {
    "en": ["Russian forces", "Ukrainian troops", "the Syrian army", "rebels", "police", "protesters", "the government",
           "Hamas", "Israeli troops", "the United Nations"],
    "id": ["pasukan Rusia", "tentara Ukraina", "tentara Suriah", "pemberontak", "polisi", "para demonstran",
           "pemerintah", "Hamas", "tentara Israel", "Perserikatan Bangsa-Bangsa"],
    "fr": ["les forces russes", "l'armée ukrainienne", "l'armée syrienne", "les rebelles", "la police",
           "les manifestants", "le gouvernement", "le Hamas", "l'armée israélienne", "les Nations unies"],
    "es": ["las fuerzas rusas", "el ejército ucraniano", "el ejército sirio", "los rebeldes", "la policía",
           "los manifestantes", "el gobierno", "Hamás", "el ejército israelí", "las Naciones Unidas"],
}
VERBS = {
    "en": ["attacked", "shelled", "met", "arrested", "condemned", "sent aid to", "protested against", "threatened"],
    "id": ["menyerang", "menembaki", "bertemu dengan", "menangkap", "mengecam", "mengirim bantuan kepada",
           "memprotes", "mengancam"],
    "fr": ["ont attaqué", "ont bombardé", "ont rencontré", "ont arrêté", "ont condamné", "ont envoyé de l'aide à",
           "ont manifesté contre", "ont menacé"],
    "es": ["atacaron", "bombardearon", "se reunieron con", "detuvieron", "condenaron", "enviaron ayuda a",
           "protestaron contra", "amenazaron"],
}
PLACES = ["Aleppo", "Kharkiv", "Gaza", "Khartoum", "Goma", "Mogadishu", "Bamako", "Sanaa", "Mosul", "Kabul"]
FILLER = {
    "en": "Officials said the situation remained tense and residents reported heavy damage.",
    "id": "Para pejabat mengatakan situasinya masih tegang dan warga melaporkan kerusakan berat.",
    "fr": "Les responsables ont déclaré que la situation restait tendue et les habitants ont signalé des dégâts.",
    "es": "Los funcionarios dijeron que la situación seguía tensa y los vecinos informaron de graves daños.",
}


def article(rng: random.Random, n: int, words: int) -> dict:
    lang = rng.choice(sorted(ACTORS))
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        a, b = rng.sample(ACTORS[lang], 2)
        sentences.append(f"{a[0].upper()}{a[1:]} {rng.choice(VERBS[lang])} {b} in {rng.choice(PLACES)}.")
        sentences.append(FILLER[lang])
    return {"id": f"bench-{n}", "text": " ".join(sentences) + f" ({n})", "published": "2025-05-0" + str(1 + n % 9),
            "title": f"Benchmark article {n}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--words", type=int, default=150, help="approximate words per article")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for n in range(args.articles):
                f.write(json.dumps(article(rng, n, args.words), ensure_ascii=False) + "\n")
        kabar = Path(sys.executable).with_name("kabar")
        t0 = time.perf_counter()
        proc = subprocess.run([str(kabar), "--db", str(Path(tmp) / "bench.sqlite"), "ingest", str(src)],
                              capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - t0
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"articles: {summary['read']} read, {summary['new']} new, {summary['failed']} failed; "
          f"events: {summary['events']}")
    print(f"time: {elapsed:.1f} s  ->  {summary['read'] / elapsed:.1f} articles/s, "
          f"{summary['events'] / elapsed:.1f} events/s")
    print(f"peak memory (ingest process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
