"""Score the pipeline on the seed acceptance file (matching rules of ``acceptance/seeds.md``)."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from kabar.ingest import ReadError, read_paths
from kabar.pipeline import Pipeline
from kabar.records import Actor, Event

CRITERIA = ("type", "actor", "recipient", "location", "date", "aux")


@dataclass
class ExpectedResult:
    """How one expected event fared: the criteria met by the best candidate event."""

    seed: str
    id: str
    met: dict[str, bool] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return all(self.met.values())


@dataclass
class SeedReport:
    expected: list[ExpectedResult]
    violations: list[str]

    @property
    def found(self) -> int:
        return sum(r.found for r in self.expected)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _actor_ok(actors: list[Actor], wanted: list[dict]) -> bool:
    for a in actors:
        for w in wanted:
            if "name" in w and w["name"].casefold() not in a.name.casefold():
                continue
            if all(getattr(a, k) == w[k] for k in ("country", "sector") if k in w):
                return True
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _criteria(e: Event, exp: dict, dated: Event | None) -> dict[str, bool]:
    met = {"type": e.type in exp["type"]}
    if "mode" in exp:
        met["type"] = met["type"] and e.mode in exp["mode"]
    met["actor"] = "actor" not in exp or _actor_ok(e.actors, exp["actor"])
    met["recipient"] = "recipient" not in exp or _actor_ok(e.recipients, exp["recipient"])
    loc = exp.get("location")
    if loc:
        ok = e.location is not None and e.location.country == loc["country"]
        if ok and "near" in loc:
            ok = e.location.lat is not None and e.location.lon is not None and \
                _km(e.location.lat, e.location.lon, *loc["near"]) <= 50
        met["location"] = ok
    else:
        met["location"] = True
    date_ok = True
    if "date" in exp and exp["date"] is None:
        date_ok = e.date is None
    if "date_if_published" in exp:
        want = dt.date.fromisoformat(exp["date_if_published"]["date"])
        date_ok = date_ok and dated is not None and dated.date == want
    met["date"] = date_ok
    aux = e.aux.model_dump()
    if "date_if_published" in exp and dated is not None:
        aux = {k: v or dated.aux.model_dump()[k] for k, v in aux.items()}
    required, forbidden = exp.get("aux", []), exp.get("aux_forbidden", [])
    met["aux"] = all(aux.get(f) for f in required) and not any(aux.get(f) for f in forbidden)
    return met


def _events(pipeline: Pipeline, path: Path, published: dt.date | None) -> list[Event]:
    out: list[Event] = []
    for item in read_paths([str(path)]):
        if isinstance(item, ReadError):
            raise ValueError(f"{item.path}: {item.reason}")
        out.extend(pipeline.process(item, published=published)[1])
    return out


def evaluate_seeds(shared: Path, pipeline: Pipeline | None = None) -> SeedReport:
    """Run every seed as given (and with the publication dates the file names) and score it."""
    pipeline = pipeline or Pipeline()
    spec = json.loads((shared / "acceptance" / "seeds_expected.json").read_text(encoding="utf-8"))
    results: list[ExpectedResult] = []
    violations: list[str] = []
    for name, seed in spec["seeds"].items():
        path = shared / "seeds" / name
        runs = {None: _events(pipeline, path, None)}  # publication date → events, each coded once
        plain = runs[None]
        for exp in seed["events"]:
            frag = _norm(exp["sentence"])
            cands = [e for e in plain if frag in _norm(e.provenance.sentence)]
            dated_events: list[Event] = []
            if "date_if_published" in exp:
                pub = dt.date.fromisoformat(exp["date_if_published"]["published"])
                if pub not in runs:
                    runs[pub] = _events(pipeline, path, pub)
                dated_events = [e for e in runs[pub] if frag in _norm(e.provenance.sentence)]
            best: dict[str, bool] = dict.fromkeys(CRITERIA, False)
            for e in cands:
                start = e.provenance.trigger_start
                dated = next((d for d in dated_events if d.provenance.trigger_start == start), None)
                met = _criteria(e, exp, dated)
                if sum(met.values()) > sum(best.values()):
                    best = met
            results.append(ExpectedResult(name, exp["id"], best))
        for rule in seed.get("must_not", []):
            frag = _norm(rule["sentence"])
            for e in plain:
                if frag in _norm(e.provenance.sentence) and (e.aux.factual or not rule.get("allow_hypothetical")):
                    violations.append(f"{name}: {e.type} from “{rule['sentence']}”")
    return SeedReport(results, violations)


def format_seeds(report: SeedReport) -> str:
    """Markdown table of a seed report."""
    lines = ["| seed event | " + " | ".join(CRITERIA) + " | found |", "|---" * (len(CRITERIA) + 2) + "|"]
    for r in report.expected:
        marks = " | ".join("✓" if r.met.get(c) else "✗" for c in CRITERIA)
        lines.append(f"| {r.id} | {marks} | {'yes' if r.found else 'no'} |")
    lines.append(f"\nexpected events found: {report.found}/{len(report.expected)}; "
                 f"must-not violations: {len(report.violations)}")
    lines.extend(f"- violation: {v}" for v in report.violations)
    return "\n".join(lines)
