"""Geoparsing evaluation on GeoWebNews (``GWN.xml``) and LGL (``lgl.xml``).

Recognition: a predicted toponym is correct when its span overlaps a gold toponym. GeoWebNews gold
for recognition is its noun toponyms (Literal, Mixed, Coercion, Metonymic, and noun modifiers such
as "Britain" in "Britain-based"); adjectival modifiers and demonyms ("Syrian"), toponyms embedded in
other names ("Syrian" in "Syrian Observatory") and the Language/Homonym-style labels that the
recogniser deliberately does not report are neither required nor penalised. LGL gold is every
annotated toponym except demonyms ("American", "Russians"), which are optional in the same way.

Resolution is measured on the gold spans (given to :meth:`Geoparser.resolve`): exact GeoNames id
accuracy (over gold items that have an id), accuracy within 161 km, mean and median error (an
unresolved item counts as 20,039 km, half the Earth's circumference) and country accuracy (the gold
country is LGL's own field, or for GeoWebNews the country of the gold id or of the nearest gazetteer
town to the gold point). A GeoWebNews item whose id the gazetteer lacks and whose annotated name is, in
the gazetteer, a continent or a multi-country region ("Middle East", "North Africa") has no gold
country: its GeoNames record has none, and the nearest town to its representative point (a town in
the Golan for "Middle East") would be an artefact; such items are left out of country accuracy only.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kabar.geo import Geoparser, demonyms
from kabar.geo.gazetteer import Gazetteer, distance_km
from kabar.geo.normalize import key

MAX_ERROR_KM = 20039.0
GWN_REQUIRED = {"Literal", "Mixed", "Coercion", "Metonymic", "Literal_Modifier", "Non_Literal_Modifier"}
GWN_OPTIONAL = {
    "Embedded_Literal",
    "Embedded_Non_Lit",
    "Demonym",
    "Language",
    "Literal_Modifier",
    "Non_Literal_Modifier",
    "Metonymic",
}


@dataclass
class Gold:
    start: int
    end: int
    required: bool  # counts for recognition recall and precision
    optional: bool  # matching it is not an error, missing it is not either
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None
    name: str = ""  # the annotated text


def _gwn(path: Path) -> Iterator[tuple[str, list[Gold]]]:
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in art.iter("toponym"):
            kind = t.findtext("type") or ""
            adjective = (t.findtext("modifierType") or "") == "Adjective"
            required = kind in GWN_REQUIRED and not adjective
            optional = not required and kind in GWN_OPTIONAL
            lat, lon, gid = t.findtext("latitude"), t.findtext("longitude"), t.findtext("geonamesID")
            golds.append(
                Gold(
                    int(t.findtext("start") or 0),
                    int(t.findtext("end") or 0),
                    required,
                    optional,
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    int(gid) if gid else None,
                    name=text[int(t.findtext("start") or 0) : int(t.findtext("end") or 0)],
                )
            )
        yield text, golds


def _lgl(path: Path, gz: Gazetteer) -> Iterator[tuple[str, list[Gold]]]:
    adjectives = demonyms()
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in art.iter("toponym"):
            phrase = key(t.findtext("phrase") or "")
            demonym = phrase in adjectives or (phrase.endswith("s") and phrase[:-1] in adjectives)
            gold = Gold(int(t.findtext("start") or 0), int(t.findtext("end") or 0), not demonym, demonym)
            tag = t.find("gaztag")
            if tag is not None and tag.findtext("lat"):
                gold.lat, gold.lon = float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0)
                gold.geonameid = int(tag.get("geonameid") or 0) or None
                rows = [r for r in gz.lookup(key(tag.findtext("country") or "")) if gz.feature[r] == "PCLI"]
                gold.country = gz.country[rows[0]] if rows else None
            golds.append(gold)
        yield text, golds


class _Countries:
    """Country of a gold point: of its GeoNames id when the gazetteer has it, else of the nearest town."""

    def __init__(self, gz: Gazetteer) -> None:
        self.gz = gz
        self.by_id = {g: r for r, g in enumerate(gz.geonameid) if g is not None}
        self.grid: dict[tuple[int, int], list[int]] = {}
        for r, feature in enumerate(gz.feature):
            if feature.startswith("PPL") and gz.population[r] >= 1000:
                self.grid.setdefault((math.floor(gz.lat[r]), math.floor(gz.lon[r])), []).append(r)

    def __call__(self, gold: Gold) -> str | None:
        if gold.country:
            return gold.country
        if gold.geonameid in self.by_id:
            return self.gz.country[self.by_id[gold.geonameid]] or None
        if gold.lat is None or gold.lon is None:
            return None
        if any(
            self.gz.feature[r] == "CONT" or (self.gz.feature[r] == "REGION" and not self.gz.country[r])
            for r in self.gz.lookup(key(gold.name))
        ):
            return None  # a world region ("Middle East", "North Africa") lies in no one country
        cell = (math.floor(gold.lat), math.floor(gold.lon))
        near = [r for dy in (-1, 0, 1) for dx in (-1, 0, 1) for r in self.grid.get((cell[0] + dy, cell[1] + dx), ())]
        if not near:
            return None
        best = min(near, key=lambda r: distance_km(gold.lat, gold.lon, self.gz.lat[r], self.gz.lon[r]))  # type: ignore[arg-type]
        return self.gz.country[best]


def _score(parser: Geoparser, docs: list[tuple[str, list[Gold]]], countries: _Countries) -> dict[str, float]:
    tp = fp = fn = 0
    errors: list[float] = []
    exact = exact_n = country_ok = country_n = 0
    for text, golds in docs:
        predicted = parser.toponyms(text, "en")
        for p in predicted:
            hit = [g for g in golds if g.start < p.end and p.start < g.end and (g.required or g.optional)]
            if any(g.required for g in hit):
                tp += 1
            elif not hit:
                fp += 1
        for g in golds:
            if g.required and not any(g.start < p.end and p.start < g.end for p in predicted):
                fn += 1
        located = [g for g in golds if g.lat is not None and g.lon is not None]
        resolved = parser.resolve(text, [(g.start, g.end) for g in located], "en")
        for g, r in zip(located, resolved, strict=True):
            ok = r is not None and r.lat is not None and r.lon is not None
            errors.append(distance_km(g.lat, g.lon, r.lat, r.lon) if ok else MAX_ERROR_KM)  # type: ignore[arg-type]
            if g.geonameid:
                exact_n += 1
                exact += r is not None and r.geonameid == g.geonameid
            gold_country = countries(g)
            if gold_country:
                country_n += 1
                country_ok += r is not None and r.country == gold_country
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = (sum(1 for _, gs in docs for g in gs if g.required) - fn) / max(
        1, sum(1 for _, gs in docs for g in gs if g.required)
    )
    return {
        "documents": len(docs),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "resolved_gold": len(errors),
        "exact_id_accuracy": exact / exact_n if exact_n else 0.0,
        "acc_161km": sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
        "mean_error_km": statistics.fmean(errors) if errors else 0.0,
        "median_error_km": statistics.median(errors) if errors else 0.0,
        "country_accuracy": country_ok / country_n if country_n else 0.0,
    }


def evaluate_geo(shared_dir: Path) -> dict[str, dict[str, float]]:
    """Recognition and resolution figures for each geoparsing dev set found under ``shared_dir``."""
    root = Path(shared_dir) / "gold" / "geoparsing_dev"
    parser = Geoparser()
    countries = _Countries(parser.gz)
    result: dict[str, dict[str, float]] = {}
    if (root / "GWN.xml").is_file():
        result["GeoWebNews"] = _score(parser, list(_gwn(root / "GWN.xml")), countries)
    if (root / "lgl.xml").is_file():
        result["LGL"] = _score(parser, list(_lgl(root / "lgl.xml", parser.gz)), countries)
    return result


def format_geo_table(result: dict[str, dict[str, float]]) -> str:
    """The figures as a markdown table, one row per dataset."""
    cols = [
        ("precision", "P"),
        ("recall", "R"),
        ("f1", "F1"),
        ("exact_id_accuracy", "exact id"),
        ("acc_161km", "acc@161km"),
        ("mean_error_km", "mean km"),
        ("median_error_km", "median km"),
        ("country_accuracy", "country"),
    ]
    lines = ["| dataset | docs | " + " | ".join(c[1] for c in cols) + " |", "|---" * (len(cols) + 2) + "|"]
    for name, figures in result.items():
        cells = [f"{figures[c]:.0f}" if c.endswith("_km") else f"{figures[c]:.3f}" for c, _ in cols]
        lines.append(f"| {name} | {int(figures['documents'])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
