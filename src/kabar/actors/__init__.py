"""Who: actor mentions resolved to canonical entities, ISO3 countries and sectors.

Knowledge is data: ``actors/entities.jsonl`` (named people, groups and organisations with
aliases in every script and dated roles), country names from CLDR plus
``languages/<lang>/countries.tsv`` (demonyms, short names, seats of power) and
``languages/<lang>/sectors.tsv`` (generic actor nouns such as army, rebels, tentara, الجيش).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import pycountry
from babel import Locale

from kabar import languages
from kabar.records import Actor
from kabar.text.patterns import Match, PatternSet
from kabar.text.tokens import Token, normalize, normalize_phrase, pattern_words

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
_WORDS = re.compile(r"[^\W_]+")  # the words of a plain name, as ``tokenize`` splits them
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
def _records() -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """Hand-written entity records (``entities.jsonl``) and those derived from the Phoenix dictionaries."""
    out = []
    for name in ("entities.jsonl", "phoenix_actors.jsonl"):
        path = resources.files(__name__).joinpath(name)
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        out.append(tuple(json.loads("[" + ",".join(line for line in text.splitlines() if line.strip()) + "]")))
    return out[0], out[1]


@cache
def entities() -> dict[str, Entity]:
    """All canonical entities by id (Phoenix people, organisations and groups included)."""
    hand, derived = _records()
    out: dict[str, Entity] = {}
    for d in (*hand, *derived):
        if d.get("kind") != "country" and d["id"] not in out:
            out[d["id"]] = Entity(d["id"], d["name"], d.get("kind", "org"), d.get("country"), d.get("sector"),
                                  tuple(d.get("roles", ())), d.get("predecessor"))
    return out


@cache
def _aliases() -> tuple[tuple[str, str], ...]:
    """(alias, entity id) pairs, canonical names included; a hand-written alias beats a derived one."""
    pairs = []
    for d in _records()[0]:
        for alias in [d["name"], *d.get("aliases", [])]:
            pairs.append((alias, d["id"]))
            if alias[:1].isascii() and alias[:1].isupper() and not alias.lower().startswith(_ARTICLES):
                pairs.append((f"al-{alias}", d["id"]))  # "al-Nusra" for "Nusra"
    return tuple(pairs)


@cache
def _derived_names() -> dict[tuple[str, ...], _Entry]:
    """Normalised words of each Phoenix name → what it stands for; hand-written aliases are left out."""
    hand = {a.lower() for a, _ in _aliases()}
    out: dict[tuple[str, ...], _Entry] = {}
    for d in _records()[1]:
        country = d.get("kind") == "country"
        names = [*([] if country else [d["name"]]), *d.get("aliases", [])]
        if not country and any(a.lower() in hand for a in names):
            continue  # a hand-written entity already: it alone stands for it
        for alias in names:
            entry = (_Entry("country", True, country=d["country"]) if country
                     else _Entry("entity", True, entity_id=d["id"]))
            if alias.lower() not in hand and (words := tuple(_WORDS.findall(normalize(alias)))):
                out.setdefault(words, entry)
    return out


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
        endings = languages.settings(lang).get("name_endings", {})  # ru cases: "Намибия" → "перед Намибией"
        entries += [(form, _Entry("country", _has_capital(n), country=c)) for n, c in _cldr_countries(lang)
                    for form in _inflected(n, endings)]
        for row in languages.rows(lang, "countries.tsv"):
            if len(row) >= 2:
                sector = row[2] if len(row) > 2 and row[2] else None
                entries.append((row[0], _Entry("country", _has_capital(row[0]), country=row[1], sector=sector)))
        # A sector "-" marks a title word that may stand inside an actor ("senior", "deputy", "new").
        entries += [(row[0], _Entry("sector", sector=row[1]) if row[1] != "-" else _Entry("modifier"))
                    for row in languages.rows(lang, "sectors.tsv") if len(row) >= 2]
        clitics = languages.settings(lang).get("clitic_prefixes", [])
        elisions = languages.settings(lang).get("clitic_elisions", [])  # ar ل + الـ → لل: "للقاهرة"
        joined = [(c + pattern, e) for c in clitics for pattern, e in entries if not pattern[:1].isascii()]
        entries += joined + [(pattern.replace(full, short, 1), e) for pattern, e in joined
                             for full, short in elisions if full in pattern[:len(full) + 1]]
        self._patterns: PatternSet[_Entry] = PatternSet(entries)
        # Thousands of derived names are looked up whole, word tuple by word tuple, not as patterns.
        self._names = _derived_names()
        self._name_heads = frozenset(k[0] for k in self._names)
        self._name_len = max(map(len, self._names), default=0)
        # "in Syria" names a place; "to Spain", "a Estados Unidos" may name a recipient and "el papel de China"
        # a possessor, so role and genitive markers stay.
        s = languages.settings(lang)
        roles = {normalize_phrase(w) for key in ("agent_markers", "recipient_markers", "genitive_markers")
                 for w in s.get(key, [])}
        geo_words = [r for r in languages.rows(lang, "geo.tsv") if len(r) > 1]
        self.place_preps = frozenset(normalize_phrase(r[1]) for r in geo_words if r[0] == "prep") - roles
        # "in western Cambodia": compass words may stand between a place preposition and the name.
        self._directions = frozenset(normalize_phrase(r[1]) for r in geo_words if r[0] == "direction")
        # "the Israeli-occupied West Bank": a country joined to one of these words describes a place.
        self._place_participles = frozenset(normalize_phrase(w) for w in s.get("place_participles", []))
        # Phrases that make the country next to them a place: "border with", tr "'da", "sınır*".
        self._place_words = [p.split() for p in sorted(self.place_preps)] + [
            pattern_words(w) for w in s.get("place_markers", [])]
        self._articles = frozenset(normalize_phrase(w) for w in s.get("articles", []))
        # "its forces in Lebanon": a possessed noun belongs to its owner, not to the place after it.
        self._possessives = frozenset(normalize_phrase(w) for w in s.get("possessives", []))
        self._roles = frozenset(roles)
        self._follows = bool(s.get("recipient_marker_follows") or s.get("agent_marker_follows"))
        self._country_after = s.get("country_after_noun", True)  # tr: "askerlerini Mali'den" is two actors
        self._country_pairs = bool(s.get("country_compounds"))  # en "Bosnian Serbs": Bosnia's Serbs
        self._ethnic_words = frozenset(normalize_phrase(w) for w in s.get("ethnic_markers", []))
        self._coordinators = frozenset(normalize_phrase(w) for w in s.get("coordinators", []))

    def find(self, tokens: list[Token], text: str, offset: int = 0, day: dt.date | None = None) -> list[ActorMention]:
        """Actor mentions in a sentence's tokens; ``text`` is the sentence and ``offset`` its start."""
        raw: list[ActorMention] = []
        glue: set[int] = set()
        for m in self._longest(tokens, text, offset):
            e = m.value
            if e.kind == "modifier":
                glue.update(range(m.first, m.last))
                continue
            first, last = tokens[m.first], tokens[m.last - 1]
            if e.cased and not _has_capital(text[first.start - offset:last.end - offset]):
                continue
            country, sector = e.country, e.sector
            if e.kind == "entity":
                ent = entities()[e.entity_id]  # type: ignore[index]
                country, sector = ent.role_on(day)
            mention = ActorMention(m.first, m.last, first.start, last.end, e.kind, e.entity_id, country, sector)
            if e.kind == "country" and m.last < len(tokens) and tokens[m.last].norm in self._place_participles \
                    and text[last.end - offset:tokens[m.last].start - offset] == "-":
                continue
            if e.kind == "country" and (at := self._place_at(tokens, m.first, m.last, text, offset)) is not None:
                prev = raw[-1] if raw else None
                if prev and prev.kind == "sector" and prev.country is None and prev.last == at and not (
                        prev.first and tokens[prev.first - 1].norm in self._possessives):
                    raw[-1] = prev.merged(replace(mention, kind="sector"))  # "the junta in Niger"
                continue  # "in Syria": a place, not an actor
            raw.append(mention)
        composed = _compose(raw, tokens, glue, self._coordinators, self._country_after, self._country_pairs)
        return self._owned([self._ethnic(m, tokens) for m in composed], tokens)

    def _ethnic(self, m: ActorMention, tokens: list[Token]) -> ActorMention:
        """An ethnic group named after a country ("ethnic Albanians in Macedonia") is not that country's actor:
        it becomes a generic noun that takes the country where the article is set."""
        if m.country is None or m.kind == "entity" or not m.first or tokens[m.first - 1].norm not in self._ethnic_words:
            return m
        return replace(m, kind="sector", country=None, sector=m.sector or "CVL")

    def _owned(self, mentions: list[ActorMention], tokens: list[Token]) -> list[ActorMention]:
        """A generic noun after a possessive belongs to the last country named before it ("Israel has
        strengthened its forces in Lebanon": Israeli forces)."""
        out: list[ActorMention] = []
        for m in mentions:
            if m.kind == "sector" and m.country is None and m.first and tokens[m.first - 1].norm in self._possessives:
                owner = next((a for a in reversed(out) if a.country), None)
                if owner:
                    m = replace(m, country=owner.country)
            out.append(m)
        return out

    def _longest(self, tokens: list[Token], text: str, offset: int) -> list[Match[_Entry]]:
        """Non-overlapping lexicon and derived-name matches, longer ones first, the lexicon's on a tie."""
        found = self._patterns.find(tokens)
        words = [t.norm for t in tokens]
        for i, word in enumerate(words):
            if word not in self._name_heads:
                continue
            for n in range(min(self._name_len, len(words) - i), 0, -1):
                e = self._names.get(tuple(words[i:i + n]))
                if e is not None and _has_capital(text[tokens[i].start - offset:tokens[i + n - 1].end - offset]):
                    found.append(Match(i, i + n, e))
                    break
        chosen: list[Match[_Entry]] = []
        taken: set[int] = set()
        for m in sorted(found, key=lambda m: (m.first - m.last, m.first)):
            if not taken.intersection(range(m.first, m.last)):
                chosen.append(m)
                taken.update(range(m.first, m.last))
        return sorted(chosen, key=lambda m: m.first)

    def _place_at(self, tokens: list[Token], first: int, last: int, text: str, offset: int) -> int | None:
        """Where the place word before (after, in postpositional languages) tokens ``first:last`` starts, if any.

        An article or a compass word may stand between a preposition and the name ("in der Türkei", "in western
        Cambodia") unless the two make a role marker (fr "à l'…").
        """
        words = [t.norm for t in tokens]
        for phrase in self._place_words:
            n = len(phrase)
            if self._follows:  # a case ending must be written onto the name: "Cakarta'da", not "Rusya da"
                attached = n > 1 or "*" in phrase[0] or (
                    last < len(tokens) and tokens[last].start - tokens[last - 1].end <= 1
                    and not text[tokens[last - 1].end - offset].isspace())
                if attached and _fits(phrase, words[last:last + n]):
                    return last
                continue
            for start in (first - n, first - n - 1):
                if start >= 0 and _fits(phrase, words[start:start + n]) \
                        and all(w in self._articles or w in self._directions for w in words[start + n:first]) \
                        and " ".join(words[start:first]) not in self._roles:  # fr "à l'Allemagne" is a recipient
                    return start
        return None


def _inflected(name: str, endings: dict[str, list[str]]) -> list[str]:
    """Case forms of a name's last word from the language's ending table; "" stands for any other final letter
    and an ending with no forms for indeclinable names (ru "Перу", "Мали")."""
    if not endings or not name[-1:].isalpha():
        return []
    ending = max((e for e in endings if e and name.endswith(e)), key=len, default="")
    return [name[:len(name) - len(ending)] + alt for alt in endings.get(ending, [])]


def _fits(phrase: list[str], words: list[str]) -> bool:
    """Whether ``words`` are the words of ``phrase`` (a word ending in ``*`` matches any ending)."""
    return len(words) == len(phrase) and all(
        w == p or (p.endswith("*") and w.startswith(p[:-1])) for p, w in zip(phrase, words, strict=True))


def _has_capital(surface: str) -> bool:
    """Whether the words contain a capital letter ("al-Qaeda" does, "assad" and "хуситы" do not)."""
    return any(c.isupper() for c in surface)


def _compose(raw: list[ActorMention], tokens: list[Token], glue: set[int] | frozenset[int] = frozenset(),
             coordinators: frozenset[str] = frozenset(), country_after: bool = True,
             country_pairs: bool = False) -> list[ActorMention]:
    """Merge adjacent country-only and sector-only mentions ("Syrian army", "pejuang oposisi Suriah").

    Title words in ``glue`` do not separate them ("Nigerian junior foreign minister"), and countries
    coordinated before a merged one share its sector ("Hungarian and Romanian officials").
    """
    out: list[ActorMention] = []
    for m in raw:
        if out:
            prev = out[-1]
            gap = [t.norm for i, t in enumerate(tokens[prev.last:m.first], prev.last) if i not in glue]
            adjacent = len(gap) == 0 or (len(gap) == 1 and gap[0] in _LINKERS)
            complementary = (prev.sector is None and m.country is None and m.sector) or (
                prev.country is None and m.sector is None and m.country and prev.kind == "sector" and country_after)
            if adjacent and complementary and "entity" not in (prev.kind, m.kind):
                out[-1] = prev.merged(m)
                if prev.kind == "country" and m.kind == "sector":
                    _share_sector(out, tokens, coordinators)
                continue
            if country_pairs and not gap and prev.kind == m.kind == "country" and prev.sector is None:
                out[-1] = prev.merged(replace(m, country=prev.country))  # "Bosnian Serbs", "Iraqi Kurds"
                continue
            if adjacent and prev.kind == "country" and m.kind == "sector" and prev.sector == m.sector:
                out[-1] = prev.merged(m)  # "Kremlin officials"
                continue
            if adjacent and "entity" not in (prev.kind, m.kind) and prev.sector and prev.sector == m.sector \
                    and None in (prev.country, m.country):
                out[-1] = prev.merged(m)  # "military junta", "junta militer Myanmar"
                continue
            if not gap and prev.kind == "entity" and m.kind == "sector" and m.country is None \
                    and entities()[prev.entity_id].kind != "person":  # type: ignore[index]
                out[-1] = prev.merged(m)  # "NATO troops", "Hamas leader", "European Community foreign ministers"
                continue
            if not gap and prev.kind != "entity" and m.kind == "entity" \
                    and (prev.sector or (prev.kind == "country" and m.country in (None, prev.country))) \
                    and entities()[m.entity_id].kind == "person":  # type: ignore[index]
                out[-1] = prev.merged(m)  # a title before a name: "Bundeskanzler Olaf Scholz"
                continue
        out.append(m)
    return out


def _share_sector(out: list[ActorMention], tokens: list[Token], coordinators: frozenset[str]) -> None:
    """Give the sector of the last mention to the country-only mentions coordinated before it."""
    j = len(out) - 2
    while j >= 0 and out[j].kind == "country" and out[j].sector is None and out[j].country \
            and " ".join(t.norm for t in tokens[out[j].last:out[j + 1].first]) in coordinators | {""}:
        out[j] = replace(out[j], sector=out[-1].sector)
        j -= 1


def corefer(mentions: list[ActorMention]) -> list[ActorMention]:
    """A generic noun with no country stands for the same side as the last mention of its sector before it:
    "the Venezuelan army deployed soldiers" (Venezuelan soldiers), "junta militer Myanmar … jenderal"; right
    after a mention with a country it heads that mention ("Israeli intelligence officials")."""
    out: list[ActorMention] = []
    for m in mentions:
        if m.kind == "sector" and m.country is None and m.sector in DOMESTIC:
            antecedent = next((a for a in reversed(out) if a.country and (
                a.sector == m.sector or (a is out[-1] and a.last == m.first))), None)
            if antecedent:
                m = replace(m, country=antecedent.country)
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
