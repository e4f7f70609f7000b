"""Score the pipeline on the parallel set: the same 40 news sentences in all eight languages.

``data/parallel.jsonl`` holds one sentence per line with its PLOVER type, mode, expected actor and
recipient countries, and its text in every language. Each version is coded as its own article;
what counts is the best event (:func:`kabar.evaluate.gold.best_event`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from kabar.evaluate.gold import NONE, Ratio, best_event, code_text
from kabar.pipeline import Pipeline
from kabar.records import Event

LANGUAGES = ("en", "id", "ar", "fr", "es", "ru", "tr", "de")


@dataclass(frozen=True)
class ParallelItem:
    id: str
    type: str
    mode: str | None
    actor_countries: frozenset[str]
    recipient_countries: frozenset[str]
    text: dict[str, str]


@dataclass(frozen=True)
class Reading:
    """What the pipeline made of one version: the best event's type and its actors' countries."""

    type: str
    actor_countries: frozenset[str]
    recipient_countries: frozenset[str]


def reading(events: Iterable[Event]) -> Reading:
    best = best_event(events)
    if best is None:
        return Reading(NONE, frozenset(), frozenset())
    return Reading(best.type, frozenset(a.country for a in best.actors if a.country),
                   frozenset(a.country for a in best.recipients if a.country))


def load_parallel() -> list[ParallelItem]:
    """The parallel set shipped with the package."""
    text = resources.files("kabar.evaluate").joinpath("data", "parallel.jsonl").read_text(encoding="utf-8")
    items = []
    for line in text.splitlines():
        if line.strip():
            r = json.loads(line)
            items.append(ParallelItem(r["id"], r["type"], r.get("mode"), frozenset(r["actor_countries"]),
                                      frozenset(r["recipient_countries"]), r["text"]))
    return items


@dataclass(frozen=True)
class LanguageScore:
    type: Ratio
    actor_country: Ratio
    recipient_country: Ratio


@dataclass
class ParallelResult:
    languages: dict[str, LanguageScore]
    agreement: Ratio
    type_agreement: Ratio
    readings: dict[str, dict[str, Reading]]
    """item id → language → reading"""


def score_parallel(items: Sequence[ParallelItem], readings: dict[str, dict[str, Reading]]) -> ParallelResult:
    """Per-language accuracies, and cross-language agreement.

    Actor (recipient) country is right when any actor (recipient) has an expected country; recipients
    are scored only for items that list some. An item agrees when every language has an event and all
    give the same type and the same actor and recipient country sets.
    """
    langs = {lang: LanguageScore(Ratio(), Ratio(), Ratio()) for lang in LANGUAGES}
    agreement, type_agreement = Ratio(), Ratio()
    for item in items:
        by_lang = readings[item.id]
        for lang, score in langs.items():
            r = by_lang[lang]
            score.type.count(r.type == item.type)
            score.actor_country.count(bool(r.actor_countries & item.actor_countries))
            if item.recipient_countries:
                score.recipient_country.count(bool(r.recipient_countries & item.recipient_countries))
        types = {by_lang[lang].type for lang in LANGUAGES}
        type_agreement.count(len(types) == 1 and NONE not in types)
        distinct = {by_lang[lang] for lang in LANGUAGES}
        agreement.count(len(distinct) == 1 and distinct.pop().type != NONE)
    return ParallelResult(langs, agreement, type_agreement, readings)


def evaluate_parallel(pipeline: Pipeline | None = None) -> ParallelResult:
    """Code every version of every parallel sentence and score it."""
    pipeline = pipeline or Pipeline()
    items = load_parallel()
    readings = {i.id: {lang: reading(code_text(pipeline, i.text[lang], lang)) for lang in LANGUAGES}
                for i in items}
    return score_parallel(items, readings)


def format_parallel(res: ParallelResult) -> str:
    """Markdown table: language × (type, actor country, recipient country accuracy), and agreement."""
    rows = ["| language | type acc | actor country acc | recipient country acc |", "|---|---:|---:|---:|"]
    for lang, s in res.languages.items():
        rows.append(f"| {lang} | {s.type} | {s.actor_country} | {s.recipient_country} |")
    rows += ["", f"cross-language agreement (same type and countries in all {len(LANGUAGES)} languages): "
                 f"{res.agreement}",
             f"type agreement (same type in all {len(LANGUAGES)} languages): {res.type_agreement}"]
    return "\n".join(rows)
