"""Geoparsing speed: articles per second and peak memory for Geoparser.toponyms alone.

Usage: python benchmarks/geo_speed.py [--shared ../shared] [--repeat 3]
Uses the GeoWebNews and LGL gold texts when the shared folder has them, else generated articles.
Run it under `taskset -c 0,1` to measure on 2 cores (the parser itself is single-threaded).
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from kabar.geo import Geoparser


def _texts(shared: Path) -> list[str]:
    root = shared / "gold" / "geoparsing_dev"
    texts = [
        t.text or ""
        for name in ("GWN.xml", "lgl.xml")
        if (root / name).is_file()
        for t in ET.parse(root / name).getroot().iter("text")
    ]
    if texts:
        return texts
    rng = random.Random(0)
    places = ["Aleppo", "Damascus", "Kharkiv", "Gaza", "Khartoum", "Idlib province", "Springfield, Illinois"]
    words = ["the", "army", "said", "forces", "clashed", "with", "rebels", "near", "on", "Monday", "in"]
    return [" ".join(rng.choice(words + places) for _ in range(400)) + "." for _ in range(500)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    parser = Geoparser()
    load_s = time.perf_counter() - t0
    load_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    texts = _texts(args.shared)
    t0 = time.perf_counter()
    found = 0
    for _ in range(args.repeat):
        for text in texts:
            found += len(parser.toponyms(text, "en"))
    elapsed = time.perf_counter() - t0
    n = len(texts) * args.repeat
    chars = sum(map(len, texts)) / len(texts)
    print(f"gazetteer load: {load_s:.2f} s, peak RSS after load {load_rss:.0f} MB")
    print(f"{n} articles (mean {chars:.0f} chars), {found} toponyms in {elapsed:.2f} s: {n / elapsed:.0f} articles/s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
