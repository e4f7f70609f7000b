"""Score event coding on the English gold sets in the shared folder.

* PLOVER GSR (``gold/plover_gsr``): event type, coverage, source/target country and sector.
* CAMEO sentence classes (``gold/cameo_sentences_dev``): neutral / verbal / material cooperation / conflict.
* PETRARCH-2 unit tests (``gold/petrarch2_validation``): regressions of the event part only.

Every sentence is coded as its own article; the event that answers for a sentence is
:func:`best_event`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pycountry

from kabar import ontology
from kabar.pipeline import Pipeline
from kabar.records import Actor, Article, Event

L = TypeVar("L", bound=Hashable)

NONE = "NONE"
"""The predicted type of a sentence with no event."""

LEGACY_TYPES = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
"""GSR types from PLOVER drafts that were later merged (DISAPPROVE/INVESTIGATE are ACCUSE modes)."""

LEGACY_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
"""Pre-ISO CAMEO country codes that remain in the GSR."""

CAMEO_CLASSES = ("neutral", "verbal cooperation", "material cooperation",
                 "verbal conflict", "material conflict")


# --------------------------------------------------------------------------- scoring helpers


@dataclass
class Ratio:
    """A count of successes out of a count of trials."""

    hits: int = 0
    total: int = 0

    def count(self, ok: bool) -> None:
        self.hits += ok
        self.total += 1

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.rate:.1%} ({self.hits}/{self.total})" if self.total else "n/a"


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


def prf(gold: Sequence[L], pred: Sequence[L], labels: Iterable[L]) -> dict[L, PRF]:
    """Per-label precision, recall and F1; a prediction outside ``labels`` (e.g. NONE) only costs recall."""
    pairs = list(zip(gold, pred, strict=True))
    out: dict[L, PRF] = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in pairs)
        support = sum(g == label for g, _ in pairs)
        predicted = sum(p == label for _, p in pairs)
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        out[label] = PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0, support, predicted)
    return out


def macro_f1(scores: dict[L, PRF]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def _prf_rows(scores: dict[L, PRF], names: dict[L, str] | None = None) -> list[str]:
    rows = ["| class | precision | recall | F1 | gold | predicted |", "|---|---:|---:|---:|---:|---:|"]
    for label, s in scores.items():
        name = names[label] if names else str(label)
        rows.append(f"| {name} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} "
                    f"| {s.support} | {s.predicted} |")
    return rows


def best_event(events: Iterable[Event]) -> Event | None:
    """The highest-confidence factual event, or the highest-confidence event when none is factual."""
    return max(events, key=lambda e: (e.aux.factual, e.confidence), default=None)


def code_text(pipeline: Pipeline, text: str, lang: str, published: dt.date | None = None) -> list[Event]:
    """The events of ``text`` coded as one article in language ``lang``."""
    article = Article.build(text, language=lang, published=published)
    return pipeline.process(article, published=published, lang=lang)[1]


def _type_order(labels: Iterable[str]) -> list[str]:
    """PLOVER types among ``labels`` in ontology order (NONE and unknown labels left out)."""
    present = set(labels)
    return [t for t in ontology.types() if t in present]


# --------------------------------------------------------------------------- PLOVER GSR


def country_code(code: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of a GSR actor code, or None for IGO, NGO, IMG and the like."""
    code = LEGACY_COUNTRIES.get(code or "", code or "")
    return code if pycountry.countries.get(alpha_3=code) else None


def sector_code(code: str | None) -> str | None:
    """The 3-letter sector of a CAMEO-style sector code (``REBkur`` → ``REB``); None for ``***``/empty."""
    sector = (code or "")[:3].upper()
    sector = {"CIV": "CVL"}.get(sector, sector)
    return sector if len(sector) == 3 and sector.isalpha() else None


@dataclass(frozen=True)
class GsrItem:
    """One gold sentence; countries and sectors are those of all its source (target) actors."""

    id: str
    text: str
    type: str
    published: dt.date | None
    source_countries: frozenset[str]
    source_sectors: frozenset[str]
    target_countries: frozenset[str]
    target_sectors: frozenset[str]


def _codes(actors: object, key: str, norm: Callable[[str | None], str | None]) -> frozenset[str]:
    """Normalised ``key`` codes of a GSR ``source``/``target`` value (a list of actors, or '' / None)."""
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(c for a in actors if (c := norm(a.get(key))))


def load_gsr(shared: Path) -> list[GsrItem]:
    """The GSR sentences with legacy types mapped to current PLOVER; DOCUMENT entries skipped."""
    raw = json.loads((shared / "gold" / "plover_gsr" / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    items = []
    for r in raw:
        if r["event"] == "DOCUMENT":
            continue
        items.append(GsrItem(
            r["id"], r["text"], LEGACY_TYPES.get(r["event"], r["event"]),
            dt.date.fromisoformat(r["date"]) if r.get("date") else None,
            _codes(r.get("source"), "code", country_code), _codes(r.get("source"), "sector", sector_code),
            _codes(r.get("target"), "code", country_code), _codes(r.get("target"), "sector", sector_code),
        ))
    return items


@dataclass
class GsrResult:
    n: int
    type: Ratio
    coverage: Ratio
    source_country: Ratio
    source_sector: Ratio
    target_country: Ratio
    target_sector: Ratio
    per_type: dict[str, PRF]
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)


def _matches(actors: list[Actor], countries: frozenset[str], sectors: frozenset[str],
             country: Ratio, sector: Ratio) -> None:
    """Count whether any actor has a gold country (sector), over items whose gold has one."""
    if countries:
        country.count(any(a.country in countries for a in actors))
    if sectors:
        sector.count(any(sector_code(a.sector) in sectors for a in actors))


def score_gsr(items: Sequence[GsrItem], best: Sequence[Event | None]) -> GsrResult:
    """Score the best event of each gold sentence (None: no event)."""
    res = GsrResult(len(items), Ratio(), Ratio(), Ratio(), Ratio(), Ratio(), Ratio(), {})
    predicted = [e.type if e else NONE for e in best]
    for item, event, pred in zip(items, best, predicted, strict=True):
        res.type.count(pred == item.type)
        res.coverage.count(event is not None)
        if pred != item.type:
            res.confusions[(item.type, pred)] += 1
        src, tgt = (event.actors, event.recipients) if event else ([], [])
        _matches(src, item.source_countries, item.source_sectors, res.source_country, res.source_sector)
        _matches(tgt, item.target_countries, item.target_sectors, res.target_country, res.target_sector)
    gold = [i.type for i in items]
    res.per_type = prf(gold, predicted, _type_order(gold + predicted))
    return res


def evaluate_gsr(shared: Path, pipeline: Pipeline | None = None, limit: int | None = None) -> GsrResult:
    """Code every GSR sentence (English, published on its gold date) and score it.

    ``limit``: score the first items only.
    """
    pipeline = pipeline or Pipeline()
    items = load_gsr(shared)[:limit]
    return score_gsr(items, [best_event(code_text(pipeline, i.text, "en", i.published)) for i in items])


def format_gsr(res: GsrResult) -> str:
    """Markdown tables of a GSR result."""
    rows = [
        f"PLOVER GSR: {res.n} sentences", "",
        "| measure | score |", "|---|---:|",
        f"| event type accuracy | {res.type} |",
        f"| coverage (≥1 event) | {res.coverage} |",
        f"| source country | {res.source_country} |",
        f"| source sector | {res.source_sector} |",
        f"| target country | {res.target_country} |",
        f"| target sector | {res.target_sector} |",
        "", *_prf_rows(res.per_type),
    ]
    if res.confusions:
        top = ", ".join(f"{g}→{p} ({n})" for (g, p), n in res.confusions.most_common(8))
        rows += ["", f"most frequent confusions (gold→predicted): {top}"]
    return "\n".join(rows)


# --------------------------------------------------------------------------- CAMEO sentence classes


_VERBAL = {2: 1, 4: 3}


def cameo_class(events: Iterable[Event]) -> int:
    """The CAMEO quad class (0..4) of a sentence's events.

    The best factual event gives its PLOVER quad. With only non-factual events, a future or
    hypothetical one counts as its verbal counterpart (CAMEO codes intents as verbal cooperation
    and threats as verbal conflict) and a negated one as neutral. No event: neutral (0).
    """
    best = best_event(events)
    if best is None or best.aux.negated:
        return 0
    quad = cameo_quad(best.cameo) if best.cameo else ontology.types()[best.type].quad
    return quad if best.aux.factual else _VERBAL.get(quad, quad)


def cameo_quad(code: str) -> int:
    """The penta class of a CAMEO code by its root, as the Phoenix data groups them: 01-02 neutral
    (statements, appeals), 03-05 verbal and 06-08 material cooperation, 09-13 and 16 (reduce relations)
    verbal conflict, 14-15 and 17-20 material conflict."""
    root = int(code[:2])
    if root == 16:
        return 3
    return 0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def load_cameo(shared: Path) -> list[tuple[str, int]]:
    """(sentence, class) pairs of ``class_train.tsv``."""
    path = shared / "gold" / "cameo_sentences_dev" / "class_train.tsv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text:
            out.append((text, int(label)))
    return out


@dataclass
class CameoResult:
    n: int
    accuracy: Ratio
    per_class: dict[int, PRF]

    @property
    def macro_f1(self) -> float:
        return macro_f1(self.per_class)


def score_cameo(gold: Sequence[int], pred: Sequence[int]) -> CameoResult:
    acc = Ratio()
    for g, p in zip(gold, pred, strict=True):
        acc.count(g == p)
    return CameoResult(len(gold), acc, prf(gold, pred, range(len(CAMEO_CLASSES))))


def evaluate_cameo(shared: Path, pipeline: Pipeline | None = None) -> CameoResult:
    """Classify each labelled sentence by its events (:func:`cameo_class`) and score the five classes."""
    pipeline = pipeline or Pipeline()
    data = load_cameo(shared)
    return score_cameo([c for _, c in data], [cameo_class(code_text(pipeline, t, "en")) for t, _ in data])


def format_cameo(res: CameoResult) -> str:
    """Markdown table of a CAMEO class result."""
    names = dict(enumerate(CAMEO_CLASSES))
    return "\n".join([
        f"CAMEO sentence classes: {res.n} sentences; accuracy {res.accuracy}; "
        f"macro-F1 (5 classes) {res.macro_f1:.3f}", "",
        *_prf_rows(res.per_class, {k: f"{k} {v}" for k, v in names.items()}),
    ])


# --------------------------------------------------------------------------- PETRARCH-2 unit tests


_ROOT_LINE = re.compile(r"^(\d\d):\s*([A-Z]+)\s*$")


def cameo_roots(table: Path) -> dict[str, frozenset[str]]:
    """CAMEO root code (2 digits) → PLOVER types, from the root lines of CAMEO2PLOVER (``08`` has two)."""
    roots: dict[str, set[str]] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if m := _ROOT_LINE.match(line.strip()):
            roots.setdefault(m[1], set()).add(m[2])
    return {k: frozenset(v) for k, v in roots.items()}


@dataclass(frozen=True)
class PetrarchRecord:
    """A unit-test sentence and the PLOVER types its codings accept (empty: it expects no event)."""

    id: str
    category: str
    text: str
    published: dt.date
    expected: frozenset[str]


def load_petrarch(shared: Path) -> tuple[list[PetrarchRecord], Counter[str]]:
    """The scorable records, and the count of the others by reason.

    A record is skipped when it tests an input error or discard list, has no coding, or all of its
    event codes have a root with no PLOVER equivalent (e.g. 02 appeal, or the suite's own 9xx codes).
    """
    roots = cameo_roots(shared / "reference" / "plover" / "CAMEO2PLOVER-2021.txt")
    tree = ET.parse(shared / "gold" / "petrarch2_validation" / "PETR.UnitTest.records.xml")
    records, skipped = [], Counter[str]()
    for s in tree.iter("Sentence"):
        codings = s.findall("EventCoding")
        if not codings:
            skipped["no coding"] += 1
            continue
        if any(c.get("error") for c in codings):
            skipped["error/discard test"] += 1
            continue
        no_event = any(c.get("noevents") == "True" for c in codings)
        expected = frozenset().union(*(roots.get((c.get("eventcode") or "")[:2], ()) for c in codings))
        if not expected and not no_event:
            skipped["code without PLOVER root"] += 1
            continue
        records.append(PetrarchRecord(
            s.get("id", ""), s.get("category", ""), " ".join((s.findtext("Text") or "").split()),
            dt.datetime.strptime(s.get("date", ""), "%Y%m%d").date(), expected,
        ))
    return records, skipped


def petrarch_regression(record: PetrarchRecord, events: Sequence[Event]) -> bool:
    """Whether our coding contradicts the record: wrong or no type where one is expected, or a
    factual event where none is."""
    if record.expected:
        best = best_event(events)
        return best is None or best.type not in record.expected
    return any(e.aux.factual for e in events)


@dataclass
class PetrarchResult:
    by_category: dict[str, Ratio]
    regressions: list[str]
    skipped: Counter[str]

    @property
    def overall(self) -> Ratio:
        return Ratio(sum(r.hits for r in self.by_category.values()),
                     sum(r.total for r in self.by_category.values()))


def score_petrarch(records: Sequence[PetrarchRecord], events: Sequence[Sequence[Event]],
                   skipped: Counter[str] | None = None) -> PetrarchResult:
    """Regression counts (as ``Ratio.hits``) by record category."""
    res = PetrarchResult({}, [], skipped or Counter())
    for rec, evs in zip(records, events, strict=True):
        bad = petrarch_regression(rec, evs)
        res.by_category.setdefault(rec.category, Ratio()).count(bad)
        if bad:
            res.regressions.append(rec.id)
    return res


def evaluate_petrarch(shared: Path, pipeline: Pipeline | None = None) -> PetrarchResult:
    """Code every scorable PETRARCH-2 unit-test record and count regressions of the event type."""
    pipeline = pipeline or Pipeline()
    records, skipped = load_petrarch(shared)
    return score_petrarch(records, [code_text(pipeline, r.text, "en", r.published) for r in records], skipped)


def format_petrarch(res: PetrarchResult) -> str:
    """Markdown table of PETRARCH-2 regressions by category."""
    rows = ["| category | records | regressions | regression rate |", "|---|---:|---:|---:|"]
    for cat, r in sorted(res.by_category.items()):
        rows.append(f"| {cat} | {r.total} | {r.hits} | {r.rate:.1%} |")
    total = res.overall
    rows.append(f"| **all** | {total.total} | {total.hits} | {total.rate:.1%} |")
    if res.skipped:
        rows += ["", "skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(res.skipped.items()))]
    return "PETRARCH-2 unit tests (event type only)\n\n" + "\n".join(rows)
