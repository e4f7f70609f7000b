"""Who: actor mentions resolved to canonical entities, ISO3 countries and sectors.

Knowledge is data: ``actors/entities.jsonl`` (named people, groups and organisations with
aliases in every script and dated roles), country names from CLDR plus
``languages/<lang>/countries.tsv`` (demonyms, short names, seats of power) and
``languages/<lang>/sectors.tsv`` (generic actor nouns such as army, rebels, tentara, الجيش).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import pycountry
from babel import Locale

from kabar import languages
from kabar.records import Actor
from kabar.text.patterns import PatternSet
from kabar.text.tokens import Token, normalize_phrase

SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "COP": "police",
    "JUD": "judiciary", "LEG": "legislature", "PTY": "party", "CVL": "civilians", "REF": "refugees",
    "JRN": "journalists", "MED": "media", "EDU": "education", "LAB": "labour", "BUS": "business",
    "REL": "religious", "NGO": "NGO", "IGO": "IGO", "CRM": "criminals", "SPY": "intelligence",
    "ELI": "elites", "HLH": "health", "AGR": "agriculture", "UAF": "militia", "IMG": "militants",
}
# Sectors whose country, when unnamed, is the country the article is about.
DOMESTIC = frozenset({"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY", "UAF", "SPY", "CVL", "REF"})
# Arabic article forms that Latin-script news writes before names ("al-Nusra", "ash-Sham").
_ARTICLES = ("al-", "al ", "el-", "el ", "ad-", "an-", "ar-", "as-", "ash-", "at-", "az-")
_LINKERS = frozenset({"of", "s", "de", "du", "des", "del", "der"})


@dataclass(frozen=True)
class _Entry:
    """What an alias stands for."""

    kind: str  # entity | country | sector
    cased: bool = False  # the alias is written with a capital: the text must have one too
    entity_id: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a sentence: token range, character range and what it resolves to."""

    first: int
    last: int
    start: int
    end: int
    kind: str
    entity_id: str | None
    country: str | None
    sector: str | None

    def merged(self, other: ActorMention) -> ActorMention:
        """This mention extended by an adjacent one that adds a country or a sector."""
        return replace(
            self,
            first=min(self.first, other.first), last=max(self.last, other.last),
            start=min(self.start, other.start), end=max(self.end, other.end),
            entity_id=self.entity_id or other.entity_id,
            country=self.country or other.country, sector=self.sector or other.sector,
            kind=self.kind if self.kind == "entity" else other.kind,
        )


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    roles: tuple[dict, ...]
    predecessor: str | None

    def role_on(self, day: dt.date | None) -> tuple[str | None, str | None]:
        """Country and sector of this entity on ``day`` (its default ones when no role applies)."""
        for role in self.roles:
            start = dt.date.fromisoformat(role["start"]) if role.get("start") else dt.date.min
            end = dt.date.fromisoformat(role["end"]) if role.get("end") else dt.date.max
            if day is not None and start <= day <= end:
                return role.get("country", self.country), role.get("sector", self.sector)
        if self.roles and self.kind == "person":
            return self.country, None
        return self.country, self.sector


@cache
def entities() -> dict[str, Entity]:
    """All canonical entities by id."""
    path = resources.files(__name__).joinpath("entities.jsonl")
    out: dict[str, Entity] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["id"]] = Entity(d["id"], d["name"], d.get("kind", "org"), d.get("country"), d.get("sector"),
                                  tuple(d.get("roles", ())), d.get("predecessor"))
    return out


@cache
def _aliases() -> tuple[tuple[str, str], ...]:
    """(alias, entity id) pairs, canonical names included."""
    path = resources.files(__name__).joinpath("entities.jsonl")
    if not path.is_file():
        return ()
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            for alias in [d["name"], *d.get("aliases", [])]:
                pairs.append((alias, d["id"]))
                if alias[:1].isascii() and alias[:1].isupper() and not alias.lower().startswith(_ARTICLES):
                    pairs.append((f"al-{alias}", d["id"]))  # "al-Nusra" for "Nusra"
    return tuple(pairs)


def alpha3(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


@cache
def country_name(iso3: str) -> str:
    """Short English name of a country (CLDR), e.g. RUS → Russia."""
    c = pycountry.countries.get(alpha_3=iso3)
    return Locale.parse("en").territories.get(c.alpha_2, c.name) if c else iso3


@cache
def _cldr_countries(lang: str) -> tuple[tuple[str, str], ...]:
    out = []
    for code in {lang, "en"}:
        for a2, name in Locale.parse(code).territories.items():
            if len(a2) == 2 and a2.isalpha() and (a3 := alpha3(a2)):
                out.append((name, a3))
    return tuple(out)


class ActorMatcher:
    """Finds actor mentions in tokenised sentences of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        entries: list[tuple[str, _Entry]] = [(a, _Entry("entity", _has_capital(a), entity_id=i))
                                             for a, i in _aliases()]
        suffixes = languages.settings(lang).get("name_suffixes", [])  # de genitive "Chinas", "Irans"
        entries += [(n + suffix, _Entry("country", _has_capital(n), country=c)) for n, c in _cldr_countries(lang)
                    for suffix in ["", *suffixes]]
        for row in languages.rows(lang, "countries.tsv"):
            if len(row) >= 2:
                sector = row[2] if len(row) > 2 and row[2] else None
                entries.append((row[0], _Entry("country", _has_capital(row[0]), country=row[1], sector=sector)))
        entries += [(row[0], _Entry("sector", sector=row[1])) for row in languages.rows(lang, "sectors.tsv")
                    if len(row) >= 2]
        clitics = languages.settings(lang).get("clitic_prefixes", [])
        entries += [(c + pattern, e) for c in clitics for pattern, e in list(entries) if not pattern[:1].isascii()]
        self._patterns: PatternSet[_Entry] = PatternSet(entries)
        # "in Syria" names a place; "to Spain", "a Estados Unidos" may name a recipient, so role markers stay.
        roles = {normalize_phrase(w) for key in ("agent_markers", "recipient_markers")
                 for w in languages.settings(lang).get(key, [])}
        self.place_preps = frozenset(normalize_phrase(r[1]) for r in languages.rows(lang, "geo.tsv")
                                     if len(r) > 1 and r[0] == "prep") - roles

    def find(self, tokens: list[Token], text: str, offset: int = 0, day: dt.date | None = None) -> list[ActorMention]:
        """Actor mentions in a sentence's tokens; ``text`` is the sentence and ``offset`` its start."""
        raw: list[ActorMention] = []
        for m in self._patterns.find_longest(tokens):
            e = m.value
            first, last = tokens[m.first], tokens[m.last - 1]
            if e.cased and not _has_capital(text[first.start - offset:last.end - offset]):
                continue
            country, sector = e.country, e.sector
            if e.kind == "entity":
                ent = entities()[e.entity_id]  # type: ignore[index]
                country, sector = ent.role_on(day)
            elif e.kind == "country" and m.first > 0 and tokens[m.first - 1].norm in self.place_preps:
                continue  # "in Syria": a place, not an actor
            raw.append(ActorMention(m.first, m.last, first.start, last.end, e.kind, e.entity_id, country, sector))
        return _compose(raw, tokens)


def _has_capital(surface: str) -> bool:
    """Whether the words contain a capital letter ("al-Qaeda" does, "assad" and "хуситы" do not)."""
    return any(c.isupper() for c in surface)


def _compose(raw: list[ActorMention], tokens: list[Token]) -> list[ActorMention]:
    """Merge adjacent country-only and sector-only mentions ("Syrian army", "pejuang oposisi Suriah")."""
    out: list[ActorMention] = []
    for m in raw:
        if out:
            prev = out[-1]
            gap = [t.norm for t in tokens[prev.last:m.first]]
            adjacent = len(gap) == 0 or (len(gap) == 1 and gap[0] in _LINKERS)
            complementary = (prev.sector is None and m.country is None and m.sector) or (
                prev.country is None and m.sector is None and m.country and prev.kind == "sector")
            if adjacent and complementary and "entity" not in (prev.kind, m.kind):
                out[-1] = prev.merged(m)
                continue
            if adjacent and prev.kind == "country" and m.kind == "sector" and prev.sector == m.sector:
                out[-1] = prev.merged(m)  # "Kremlin officials"
                continue
        out.append(m)
    return out


def to_actor(m: ActorMention, text: str, focus: str | None) -> Actor:
    """The record of a mention; a domestic sector with no country takes the article's focus country."""
    country = m.country
    if country is None and m.sector in DOMESTIC and m.kind == "sector":
        country = focus
    if m.entity_id:
        name = entities()[m.entity_id].name
    elif country and m.sector:
        name = f"{country_name(country)} {SECTOR_NAMES.get(m.sector, m.sector)}"
    elif country:
        name = country_name(country)
    else:
        name = SECTOR_NAMES.get(m.sector or "", text)
    return Actor(text=text, name=name, entity_id=m.entity_id or (f"country:{country}" if m.kind == "country" else None),
                 country=country, sector=m.sector)


def focus_country(mentions: list[ActorMention]) -> str | None:
    """The country an article is most about, judged from its actor mentions."""
    counts = Counter(m.country for m in mentions if m.country)
    return counts.most_common(1)[0][0] if counts else None
