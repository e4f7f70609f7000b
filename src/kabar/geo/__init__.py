"""Toponym recognition and resolution, offline, in the supported languages.

:class:`Geoparser` finds place names by matching normalised word n-grams against the gazetteer
(:mod:`kabar.geo.gazetteer`), filters them with per-language cues (``languages/<lang>/geo.tsv``) and
resolves each to one gazetteer row using population, feature class, containment ("Springfield,
Illinois", "Idlib province"), the article's country focus and nearby places.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Literal

import regex
from pydantic import BaseModel

from kabar.geo.gazetteer import Gazetteer, _tsv, distance_km, load
from kabar.geo.normalize import ARABIC, CYRILLIC, WORD, ar_variants, norm, ru_stems, tokens
from kabar.languages import available, rows
from kabar.records import Place

Precision = Literal["country", "admin1", "admin2", "city", "neighbourhood", "site"]
_FINENESS = {"country": 0, "admin1": 1, "admin2": 2, "city": 3, "neighbourhood": 4, "site": 5}
_STRONG = frozenset({"PCLI", "CONT", "ADM1", "REGION"})
_JOIN = regex.compile(r"[ \t]?[-'’.]?[ \t]?")
_SENT_END = regex.compile(r"[.!?:;\n\"“”«»()\[\]|]")
_MAX_N = 6
_COUNTRY_EVIDENCE = 1.0
_SMALL_TOWN = 10_000
_ALT_SMALL = 0.0
_ADM1_PRIOR = 10.0
_ROUGH_PRIOR = 4.0
_ADMIN_W = 2.0
_ADMIN_CAP = 9.0
_ADMIN_NAMED = 2.0  # weight of a first-level division named outright, as evidence for the places in it
_ADJACENT_KM = 25.0
_ADJACENT_W = 2.0
_ADJACENT_CAP = 4.0
_FACILITY = frozenset(
    (
        "academy",
        "airport",
        "arena",
        "ave",
        "avenue",
        "basilica",
        "boulevard",
        "bridge",
        "building",
        "castle",
        "cathedral",
        "center",
        "centre",
        "chapel",
        "church",
        "club",
        "college",
        "court",
        "drive",
        "estate",
        "gardens",
        "hall",
        "highway",
        "hospital",
        "hotel",
        "house",
        "institute",
        "lane",
        "mall",
        "market",
        "mosque",
        "museum",
        "office",
        "palace",
        "park",
        "quarter",
        "rd",
        "road",
        "school",
        "square",
        "st",
        "stadium",
        "station",
        "street",
        "theater",
        "theatre",
        "tower",
        "university",
        "way",
        "zoo",
    )
)
_FUNCTION = frozenset(("of", "the", "and", "for", "de", "la", "le", "des", "del", "du", "at", "in", "on", "s"))
_ABROAD = frozenset(("embassy", "consulate", "ambassador", "mission"))
_COMMA = regex.compile(r",\s*")
_SAINT = {"saint": "st", "sainte": "ste"}
# words that name a kind of natural feature: never a place on their own inside a longer name ("Fire Island")
_NATURAL = frozenset(("bay", "delta", "falls", "gulf", "island", "lake", "lagoon", "mount", "mountains", "sea"))
_PARTICLES = frozenset(("de", "van", "von", "der", "da", "di", "bin", "ibn"))  # "Mike de Kock"
_AGE = regex.compile(r",\s*\d{1,3},")
_STATE = regex.compile(r",\s*([A-Z][A-Za-z]?\.?(?: ?[A-Z][a-z]?\.)?[a-z]*\.?)")


class Toponym(BaseModel):
    """A place name in a text and the gazetteer place it resolves to."""

    text: str
    start: int
    end: int
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    feature: str
    precision: Precision
    confidence: float
    prep: bool = False  # introduced by a place preposition or feature word ("in Aleppo", "Idlib province")


@dataclass(frozen=True)
class _Lex:
    """The geo.tsv words of one language (or of all, when the language is unknown)."""

    prep: frozenset[str]
    heads: dict[str, str]
    notplace: frozenset[str]
    direction: frozenset[str]
    stop: frozenset[str]
    never: frozenset[str]
    title: frozenset[str]
    actorhead: frozenset[str]
    suffix: frozenset[str]
    plural: dict[str, str]  # "counties" -> "county": after a list of names, each is "<name> county"


@cache
def _lexicon(lang: str | None) -> _Lex:
    langs = [lang] if lang in available() else list(available())
    kinds: dict[str, set[str]] = {
        k: set() for k in ("prep", "notplace", "direction", "stop", "never", "title", "actorhead", "suffix")
    }
    heads: dict[str, str] = {}
    plural: dict[str, str] = {}
    for code in langs:
        for row in rows(code, "geo.tsv"):
            if len(row) < 2:
                continue
            word = " ".join(norm(w) for _, _, w in tokens(row[1]))
            if row[0] == "head":
                heads[word] = row[2] if len(row) > 2 else "any"
            elif row[0] == "plural" and len(row) > 2:
                plural[word] = " ".join(norm(w) for _, _, w in tokens(row[2]))
            elif row[0] in kinds:
                kinds[row[0]].add(word)
    return _Lex(heads=heads, plural=plural, **{k: frozenset(v) for k, v in kinds.items()})  # type: ignore[arg-type]


@cache
def _us_abbrev() -> dict[str, str]:
    """'Ill.' / 'IL' -> 'IL' for "City, ST" forms."""
    out: dict[str, str] = {}
    for code, abbrevs in ((r[0], r[1]) for r in _tsv("us_abbrev.tsv")):
        out[code] = code
        for a in abbrevs.split("|"):
            out[a] = code
    return out


@cache
def demonyms() -> dict[str, str]:
    """Normalised demonym -> place name (used to resolve adjectival mentions handed to :meth:`Geoparser.resolve`)."""
    return {" ".join(norm(w) for _, _, w in tokens(r[0])): r[1] for r in _tsv("demonyms.tsv")}


@cache
def _name_key(name: str) -> str:
    """A name's key with "Saint"/"Sainte" written "St" as news writes it ("Saint Petersburg" = "St. Petersburg")."""
    return _saint(" ".join(norm(w) for _, _, w in tokens(name)))


def _saint(k: str) -> str:
    return " ".join(_SAINT.get(w, w) for w in k.split(" "))


@dataclass
class _Tok:
    start: int
    end: int
    surface: str
    norm: str
    initial: bool  # first word of a sentence or line
    headline: bool  # in a line written in Title Case or CAPITALS


@dataclass
class _Mention:
    i: int  # first token
    j: int  # one past the last token
    start: int
    end: int
    key: str
    rows: tuple[int, ...]
    prep: bool = False
    head: str | None = None
    container: tuple[int, ...] = ()
    contained: tuple[int, ...] = ()  # readings of the name before it in "X, Y": Y is then X's division or country
    state: str | None = None
    forced: bool = False
    named_after: bool = False  # a facility named after a place ("Liverpool Academy"): it may lie elsewhere
    confidence: float = 0.5
    scores: dict[int, float] = field(default_factory=dict)
    best: int | None = None


class Geoparser:
    """Finds and resolves place names; one instance can serve many articles."""

    def __init__(self) -> None:
        self.gz: Gazetteer = load()

    # ---- tokens and matching -------------------------------------------------------------------
    def _tokens(self, text: str) -> list[_Tok]:
        toks: list[_Tok] = []
        lines: list[int] = [0]  # index of the first token of each line
        prev_end = 0
        for match in WORD.finditer(text):
            start = match.start()
            surface = match.group()
            initial = not toks or bool(_SENT_END.search(text, prev_end, start))
            if toks and text.find("\n", prev_end, start) >= 0:
                lines.append(len(toks))
            toks.append(_Tok(start, match.end(), surface, norm(surface), initial, False))
            prev_end = match.end()
        lines.append(len(toks))
        for a, b in pairwise(lines):
            words = [t.surface for t in toks[a:b] if len(t.surface) >= 4 and t.surface[0].isalpha()]
            if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
                for t in toks[a:b]:
                    t.headline = True
        return toks

    def _lookup(self, words: list[str], arabic_first: bool, cyrillic: bool) -> tuple[str, tuple[int, ...], int]:
        """(key, rows, characters of a stripped Arabic clitic) for a word sequence, or ("", (), 0)."""
        firsts = ar_variants(words[0]) if arabic_first else [(words[0], 0)]
        for first, shift in firsts:
            ws = [first, *words[1:]]
            k = " ".join(ws)
            found = self.gz.lookup(k)
            if found:
                return k, found, shift
            if cyrillic:
                for stem in ru_stems(ws[-1]):
                    sk = " ".join([*ws[:-1], stem])
                    found = self.gz.lookup_stem(sk)
                    if found:
                        return sk, found, shift
        return "", (), 0

    def _match(self, text: str, toks: list[_Tok], preps: frozenset[str]) -> list[_Mention]:
        n = len(toks)
        join = [
            k + 1 < n
            and toks[k + 1].start - toks[k].end <= 3
            and bool(_JOIN.fullmatch(text[toks[k].end : toks[k + 1].start]))
            for k in range(n)
        ]
        first = self.gz.first
        out: list[_Mention] = []
        i = 0
        while i < n:
            tok = toks[i]
            ch = tok.surface[0]
            arabic = "\u0600" <= ch <= "\u06ff"
            cyrillic = "\u0400" <= ch <= "\u04ff"
            if ch.islower() and not arabic and (i == 0 or toks[i - 1].norm not in preps):
                i += 1  # lower-case words are places only right after a preposition
                continue
            span = first.get(tok.norm, 0)
            if arabic:
                span = max([span, *(first.get(v, 0) for v, _ in ar_variants(tok.norm))])
            if cyrillic:
                span = max([span, *(first.get(s, 0) for s in ru_stems(tok.norm))])
            j = i + 1
            while j < n and j - i < min(span, _MAX_N) and join[j - 1]:
                j += 1
            hit = None
            for end in range(j, i, -1):
                k, found, shift = self._lookup([t.norm for t in toks[i:end]], arabic, cyrillic)
                if found:
                    hit = _Mention(i, end, tok.start + shift, toks[end - 1].end, k, found)
                    break
            if hit:
                out.append(hit)
                i = hit.j
            else:
                i += 1
        return out

    # ---- recognition -----------------------------------------------------------------------------
    def _context(self, m: _Mention, toks: list[_Tok], text: str, lex: _Lex) -> None:
        """Set the mention's preposition, head word and "X, Y" container."""
        prev = toks[m.i - 1] if m.i > 0 else None
        if prev is not None and (prev.norm in lex.prep or prev.norm in lex.direction):
            m.prep = True
        if m.start > toks[m.i].start:  # Arabic clitic stripped: ب/في-like proclitic
            m.prep = True
        if m.j < len(toks):
            nxt = toks[m.j]
            gap = text[toks[m.j - 1].end : nxt.start]
            if gap in ("'", "’") and nxt.norm in lex.suffix:
                m.prep = True
            if gap.strip() == "" and nxt.norm in lex.heads:
                m.head = lex.heads[nxt.norm]
        if prev is not None and prev.norm in lex.heads and text[prev.end : m.start].strip() == "":
            m.head = m.head or lex.heads[prev.norm]
            if m.i >= 2 and toks[m.i - 2].norm in lex.prep:
                m.prep = True
        if m.head:
            m.prep = True

    def _initials(self, text: str, toks: list[_Tok], i: int) -> bool:
        """Whether the words before token ``i`` are a person's initials ("J.M."), not an abbreviated place ("U.S.")."""
        k = i
        while (
            k > 0 and len(toks[k - 1].surface) == 1 and toks[k - 1].surface.isupper() and text[toks[k - 1].end] == "."
        ):
            k -= 1
        if k == i:
            return False
        letters = [t.norm for t in toks[k:i]]
        return not (self.gz.lookup(" ".join(letters)) or self.gz.lookup("".join(letters)))

    def _abbrev_state(self, text: str, end: int) -> str | None:
        tail = _STATE.match(text, end, end + 12)
        if not tail:
            return None
        word = tail.group(1).rstrip()
        code = _us_abbrev().get(word) or _us_abbrev().get(word.rstrip("."))
        return code if code and (word.endswith(".") or word.isupper() or len(word) > 3) else None

    def _accept(self, m: _Mention, toks: list[_Tok], text: str, lex: _Lex, names: set[str]) -> bool:
        gz = self.gz
        first, last = toks[m.i], toks[m.j - 1]
        surface = text[m.start : m.end]
        feats = {gz.feature[r] for r in m.rows if r not in gz.rough}
        max_pop = max((gz.population[r] for r in m.rows), default=0)
        strong = (
            bool(feats & _STRONG)
            or max_pop >= 100_000
            or any(gz.precision[r] in ("neighbourhood", "site") for r in m.rows)
        )
        cased = not ARABIC.match(first.surface)
        caseless = not cased or first.headline
        capital = first.surface[0].isupper()
        exact = gz.exact_case.get(m.key)
        letters = surface.replace(".", "").replace(" ", "")
        if exact is not None and letters not in exact and not (len(letters) > 3):
            return False
        big = bool(feats & _STRONG) or (strong and first.norm in lex.direction)  # "the gulf", "east Aleppo"
        if cased and not capital and not (m.prep and big and len(m.key) >= 4 and m.key not in lex.stop):
            return False  # lower case: no town ("to tour", "of salt"), only a larger named area after a preposition
        if m.key in lex.stop and not (m.prep and (capital or not cased)):
            return False
        if m.key in lex.never or m.key in _lexicon("en").never:
            return False
        if self._initials(text, toks, m.i):
            return False  # "J.M. Barrie", "H. Jackson": a person
        nxt = toks[m.j] if m.j < len(toks) else None
        if (
            m.key in lex.direction
            and nxt is not None
            and text[last.end : nxt.start] == " "
            and nxt.surface[0].isupper()
            and nxt.norm in gz.first
        ):
            return False  # "Northeast Georgia": a compass word before a place, not a town of that name
        if m.key in demonyms() or m.key in lex.heads or (m.key in _lexicon("en").stop and not (m.prep and capital)):
            return False
        single = m.j - m.i == 1
        if single and len(m.key) <= (3 if cased else 2) and exact is None and not (feats & {"PCLI"}):
            return False
        # actor uses: "Washington said", "Syria's army", "Mr. Jackson"
        k = m.j
        if k < len(toks) and toks[k].norm in ("s",) and text[last.end : toks[k].start] in ("'", "’"):
            k += 1
        if k < len(toks) and toks[k].norm in lex.notplace and "\n" not in text[m.end : toks[k].start]:
            return False
        prev = toks[m.i - 1] if m.i > 0 else None
        if (
            prev is not None
            and text[prev.end : m.start].strip(" .") == ""
            and (prev.norm in lex.title or prev.norm in lex.actorhead)
        ):
            return False
        if cased and not caseless:
            kinds_strong = bool(feats & {"PCLI", "CONT", "ADM1"})
            if (
                prev is not None
                and not first.initial
                and not prev.initial
                and text[prev.end : m.start] == " "
                and prev.surface[0].isupper()
                and not prev.surface.isupper()
                and prev.norm not in lex.direction
                and prev.norm not in lex.prep
                and not kinds_strong
            ):
                return False
            if m.j < len(toks):
                nxt = toks[m.j]
                if (
                    text[last.end : nxt.start] == " "
                    and nxt.surface[0].isupper()
                    and not nxt.surface.isupper()
                    and not nxt.initial
                    and nxt.norm not in lex.heads
                    and not kinds_strong
                    and nxt.norm not in self.gz.first
                ):
                    return False
        evidence = m.prep or bool(m.head) or bool(m.container) or bool(m.state)
        if not strong:
            if not evidence and not any(_name_key(gz.name[r]) == _saint(m.key) for r in m.rows):
                return False  # only an alternate name of a small place: "Johnson", "Since"
            if single and m.key in names and not (m.container or m.state or (m.prep and max_pop >= 10_000)):
                return False  # also written as part of a person's or organisation's name: "Megyn Kelly"
            if not cased and (max_pop < 15_000 or not evidence) and max_pop < 100_000:
                return False
            if single and max_pop < 1_000 and not evidence:
                return False
            if first.initial and single and max_pop < 15_000 and not evidence:
                return False
        conf = 0.55 + 0.15 * evidence + 0.15 * strong + 0.1 * (not single) + 0.05 * (capital and not first.initial)
        m.confidence = round(min(conf, 0.99), 2)
        return True

    # ---- resolution ------------------------------------------------------------------------------
    def _prior(self, r: int) -> float:
        gz = self.gz
        feature = gz.feature[r]
        if feature == "PCLI":  # countries before same-named towns, whatever the context
            return 25.0
        if feature == "CONT":
            return 12.0
        if feature == "ADM1":  # one placed only at its country's point yields to any named town
            return _ROUGH_PRIOR if r in gz.rough else _ADM1_PRIOR
        if feature == "ADM2":  # a UK or Irish county (nominal population) before a US town named after it
            return 5.5 + (2.5 if gz.population[r] >= 100_000 else 0.0)
        if gz.geonameid[r] is None:  # our extension: named because news names it
            return 9.0
        return 1.5 * math.log10(gz.population[r] + 1) + (2.5 if feature == "PPLC" else 0.0)

    def _local(self, m: _Mention, r: int) -> float:
        """Evidence from the mention's own surroundings."""
        gz = self.gz
        score = self._prior(r)
        prec = gz.precision[r]
        if gz.feature[r].startswith("PPL") and _name_key(gz.name[r]) != _saint(m.key):
            score -= 1.5  # matched through an alternate name or nickname only
            if gz.population[r] < _SMALL_TOWN:
                score -= _ALT_SMALL  # a small town's alternate names are often common words ("Western")
        if (m.head == "admin" and prec in ("admin1", "admin2")) or (m.head == "city" and prec == "city"):
            score += 6.0
        if m.container and any(
            gz.country[c] == gz.country[r] and (gz.feature[c] == "PCLI" or gz.admin1[c] == gz.admin1[r])
            for c in m.container
        ):
            score += 15.0
        if (
            m.contained
            and prec in ("country", "admin1")
            and any(
                gz.country[c] == gz.country[r] and (prec == "country" or gz.admin1[c] == gz.admin1[r])
                for c in m.contained
            )
        ):
            score += 15.0  # "Sault Ste. Marie, Ontario": the province, not a town named Ontario
        if m.state:
            row = gz.admin_row.get(("USA", m.state))
            if row is not None and gz.country[r] == "USA" and gz.admin1[r] == gz.admin1[row]:
                score += 15.0
        return score

    def _adjectives(self, toks: list[_Tok]) -> list[_Mention]:
        """Capitalised demonyms of countries ("Russian", "Kenyans"): evidence for their country, never output."""
        out = []
        adjectives = demonyms()
        for k, tok in enumerate(toks):
            if not tok.surface[0].isupper():
                continue
            place = adjectives.get(tok.norm) or (adjectives.get(tok.norm[:-1]) if tok.norm.endswith("s") else None)
            if not place:
                continue
            pk = " ".join(norm(w) for w in place.split(" "))
            rows = tuple(r for r in self.gz.lookup(pk) if self.gz.feature[r] == "PCLI")
            if rows:
                out.append(_Mention(k, k + 1, tok.start, tok.end, f"adj:{pk}", rows[:1]))
        return out

    def _resolve(self, mentions: list[_Mention], extra: list[_Mention] | None = None) -> None:
        """Choose each mention's place; ``extra`` mentions (demonyms) only lend their evidence."""
        mentions = mentions + (extra or [])
        gz = self.gz
        for m in mentions:
            ranked = sorted(m.rows, key=self._prior, reverse=True)[:25]
            m.scores = {r: self._local(m, r) for r in ranked}
            towns = {gz.country[r] for r in ranked if gz.population[r] >= 10_000}
            seats = {(gz.country[r], gz.admin1[r]) for r in ranked if gz.population[r] >= 10_000}
            for r in ranked:  # "Aleppo" is the city unless "province" says otherwise
                if gz.feature[r] == "ADM1" and gz.geonameid[r] is None and gz.country[r] in towns:
                    m.scores[r] -= 3.0
                if gz.feature[r] == "ADM1" and (gz.country[r], gz.admin1[r]) in seats:
                    m.scores[r] -= _ADM1_PRIOR - 7.5  # "New York", "Puducherry": the namesake city inside it
            if not (m.container or m.state or m.head) and any(
                gz.feature[r] == "CONT" or (gz.feature[r] == "REGION" and not gz.country[r]) for r in ranked
            ):  # "Middle East", "Europe": the world region, not a hamlet that borrowed its name
                for r in ranked:
                    if gz.feature[r].startswith("PPL") and gz.population[r] < 100_000:
                        m.scores[r] -= 8.0
            m.best = max(m.scores, key=m.scores.__getitem__) if m.scores else None
        local = [dict(m.scores) for m in mentions]
        cells: dict[tuple[int, int], dict[str, list[int]]] = {}  # where each name's likelier readings lie
        for m in mentions:
            for r in sorted(m.scores, key=m.scores.__getitem__, reverse=True)[:10]:
                if gz.precision[r] != "country" and not math.isnan(gz.lat[r]):
                    cell = cells.setdefault((int(gz.lat[r] // 1), int(gz.lon[r] // 1)), {})
                    cell.setdefault(m.key, []).append(r)
        for m, scores in zip(mentions, local, strict=True):
            for r in scores:
                if gz.precision[r] != "country" and not math.isnan(gz.lat[r]):
                    y, x = int(gz.lat[r] // 1), int(gz.lon[r] // 1)
                    near = [cells.get((y + dy, x + dx), {}) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
                    keys = {k for cell in near for k in cell} - {m.key}
                    scores[r] += min(4.0, 1.0 * len(keys))  # co-mentioned places nearby
                    if gz.precision[r] == "admin1":
                        continue
                    adjacent = {  # a town and its county, two neighbouring towns
                        k
                        for cell in near
                        for k, rs in cell.items()
                        if k != m.key and any(self._adjacent(r, o) for o in rs)
                    }
                    scores[r] += min(_ADJACENT_CAP, _ADJACENT_W * len(adjacent))
        for threshold in (1.5, 0.5):  # context from the confident names first, then from all of them
            self._contextualise(mentions, local, threshold)
        # one sense per discourse: the same name means the same place unless its own context differs
        groups: dict[str, list[_Mention]] = {}
        for m in mentions:
            groups.setdefault(m.key, []).append(m)
        for group in groups.values():
            total: dict[int, float] = {}
            for m in group:
                for r, s in m.scores.items():
                    total[r] = total.get(r, 0.0) + s
            shared = max(total, key=total.__getitem__) if total else None
            for m in group:
                if m.container or m.contained or m.state or m.head:
                    m.best = max(m.scores, key=m.scores.__getitem__) if m.scores else None
                else:
                    m.best = shared

    def _adjacent(self, r: int, o: int) -> bool:
        """Whether two places below the first-level divisions lie within a few tens of kilometres."""
        gz = self.gz
        degrees = _ADJACENT_KM / 111.0  # a cheap box test first
        return (
            abs(gz.lat[r] - gz.lat[o]) < degrees
            and abs(gz.lon[r] - gz.lon[o]) * math.cos(math.radians(gz.lat[r])) < degrees * 1.01
            and gz.precision[o] != "admin1"
            and distance_km(gz.lat[r], gz.lon[r], gz.lat[o], gz.lon[o]) < _ADJACENT_KM
        )

    def _contextualise(self, mentions: list[_Mention], local: list[dict[int, float]], threshold: float) -> None:
        """Re-score every candidate from its local score plus what the other names of the document say:
        their countries, first-level divisions and positions (each distinct name counts once)."""
        gz = self.gz
        evidence: dict[str, tuple[str, str | None, float, float, str]] = {}
        for m in mentions:
            if m.best is None or m.key in evidence:
                continue
            ordered = sorted(m.scores.values(), reverse=True)
            if len(ordered) > 1 and ordered[0] - ordered[1] < threshold:
                continue
            b = m.best
            evidence[m.key] = (gz.country[b], gz.admin1[b], gz.lat[b], gz.lon[b], gz.precision[b])
        countries: dict[str, float] = {}
        admins: dict[tuple[str, str | None], float] = {}
        for c, a, _, _, prec in evidence.values():
            # a country named outright is weaker evidence for its towns than a town of it is
            countries[c] = countries.get(c, 0.0) + (_COUNTRY_EVIDENCE if prec == "country" else 1.0)
            if prec != "country":
                admins[(c, a)] = admins.get((c, a), 0.0) + (_ADMIN_NAMED if prec == "admin1" else 1.0)
        top = max(countries, key=countries.__getitem__, default=None)
        towns: dict[tuple[str, str | None], set[str]] = {}  # divisions where a named town may lie ("Gainesville")
        for m in mentions:
            for r in m.scores:
                if gz.feature[r].startswith("PPL") and gz.population[r] >= _SMALL_TOWN:
                    towns.setdefault((gz.country[r], gz.admin1[r]), set()).add(m.key)
        points = [(k, la, lo, prec == "city") for k, (_, _, la, lo, prec) in evidence.items() if prec != "country"][:40]
        for m, scores in zip(mentions, local, strict=True):
            own = evidence.get(m.key)
            # a big city of the name: a far-off village's division alone does not outweigh it (Louisville, Ohio)
            biggest = max((gz.population[r] for r in scores if gz.feature[r].startswith("PPL")), default=0)
            biggest = biggest if biggest >= 100_000 else 0
            for r, base in scores.items():
                c, a = gz.country[r], gz.admin1[r]
                score = base
                mine = (_COUNTRY_EVIDENCE if own[4] == "country" else 1.0) if own and own[0] == c else 0.0
                n = countries.get(c, 0.0) - mine
                if n > 0:
                    score += min(4.0, n) + (1.5 if c == top else 0.0)
                near = (  # (distance, is a town) of the other named places within a few hundred km
                    [
                        (distance_km(gz.lat[r], gz.lon[r], la, lo), town)
                        for k, la, lo, town in points
                        if k != m.key and abs(la - gz.lat[r]) < 4 and abs(lo - gz.lon[r]) < 6
                    ]
                    if gz.precision[r] != "country"
                    else []
                )
                inside = admins.get((c, a), 0.0) - (1.0 if own and own[:2] == (c, a) and own[4] != "country" else 0.0)
                close = sum(d < 150 for d, _ in near)
                local = gz.feature[r] == "ADM1" or (
                    gz.feature[r].startswith("PPL")
                    and _name_key(gz.name[r]) == _saint(m.key)  # not a town once called so ("Ireland", Massachusetts)
                    and (sum(d < 100 for d, _ in near) >= 2 or any(d < _ADJACENT_KM for d, _ in near))
                )
                if (
                    local
                    and c == top
                    and (
                        countries[c] >= 3
                        or (gz.feature[r] == "ADM1" and (inside >= 1 or bool(towns.get((c, a), set()) - {m.key})))
                        or any(d < _ADJACENT_KM for d, _ in near)
                    )
                    and any(
                        gz.feature[x] == "PCLI"
                        and countries.get(gz.country[x], 0.0) == (1.0 if own and own[0] == gz.country[x] else 0.0)
                        for x in scores
                    )
                ):
                    score += 15.0  # "Georgia" with Atlanta is the state; "Palestine" with Tyler, Texas the town
                if gz.precision[r] != "country":
                    dwarfed = gz.population[r] * 20 < biggest and not any(t and d < 150 for d, t in near)
                    score += min(_ADMIN_W if dwarfed else _ADMIN_CAP, _ADMIN_W * inside)
                    score += min(3.0, 1.5 * close) + (0.5 if any(d < 400 for d, _ in near) else 0)
                parent = gz.parent[r]
                if parent is not None and any(x.best == parent for x in mentions if x is not m):
                    score += 2.0
                m.scores[r] = score
            m.best = max(m.scores, key=m.scores.__getitem__) if m.scores else None

    def _towns(self, mentions: list[_Mention]) -> dict[tuple[str, str | None], tuple[float, float]]:
        """Per first-level division, the position of the town the article names most often there."""
        gz = self.gz
        counts: dict[int, int] = {}
        for m in mentions:
            if m.best is not None and gz.precision[m.best] == "city":
                counts[m.best] = counts.get(m.best, 0) + 1
        out: dict[tuple[str, str | None], tuple[float, float]] = {}
        for r in sorted(counts, key=counts.__getitem__):
            out[(gz.country[r], gz.admin1[r])] = (gz.lat[r], gz.lon[r])
        return out

    def _toponym(
        self, m: _Mention, text: str, towns: dict[tuple[str, str | None], tuple[float, float]]
    ) -> Toponym | None:
        gz = self.gz
        r = m.best
        if r is None:
            return None
        lat, lon = gz.lat[r], gz.lon[r]
        parent = gz.parent[r]
        if parent is not None and gz.feature[r] == "ADM2" and (lat, lon) == (gz.lat[parent], gz.lon[parent]):
            # a county placed only at its state's centre: the article's own town there is a better guess
            lat, lon = towns.get((gz.country[r], gz.admin1[r]), (lat, lon))
        if math.isnan(lat) and parent is not None:
            lat, lon = gz.lat[parent], gz.lon[parent]
        return Toponym(
            text=text[m.start : m.end],
            start=m.start,
            end=m.end,
            name=gz.name[r],
            geonameid=gz.geonameid[r],
            lat=None if math.isnan(lat) else round(lat, 5),
            lon=None if math.isnan(lon) else round(lon, 5),
            country=gz.country[r] or None,
            admin1=gz.admin1[r],
            feature=gz.feature[r],
            precision=gz.precision[r],
            confidence=m.confidence,
            prep=m.prep,  # type: ignore[arg-type]
        )

    def _mentions(self, text: str, lang: str | None) -> tuple[list[_Tok], list[_Mention], list[_Mention]]:
        """(tokens, accepted place mentions, major places named in another role: "Chicago police")."""
        lex = _lexicon(lang)
        toks = self._tokens(text)
        found = self._match(text, toks, lex.prep | lex.direction)
        found = self._divisions(text, toks, found, lex)
        by_start = {m.start: m for m in found}
        for m in found:
            self._context(m, toks, text, lex)
            m.state = self._abbrev_state(text, m.end)
            after = _COMMA.match(text, m.end, m.end + 3)
            if after:
                nxt = by_start.get(after.end())
                if nxt is not None:
                    m.container = tuple(r for r in nxt.rows if self.gz.precision[r] in ("country", "admin1"))
                    nxt.contained = m.rows
        names = self._name_words(text, toks, found, lex)
        kept = [m for m in found if self._accept(m, toks, text, lex, names)]
        for m in list(kept):  # the "ST" of "City, ST" is a place too
            tail = _STATE.match(text, m.end, m.end + 12) if m.state else None
            row = self.gz.admin_row.get(("USA", m.state)) if m.state else None
            if tail and row is not None and tail.start(1) not in by_start:
                s, e = tail.span(1)
                kept.append(_Mention(m.j, m.j + 1, s, e, f"us-state:{m.state}", (row,), prep=True, confidence=0.9))
        kept.sort(key=lambda x: x.start)
        gz = self.gz
        kept_ids = {id(m) for m in kept}
        roles = [
            m
            for m in found
            if id(m) not in kept_ids
            and text[m.start].isupper()
            and any(gz.feature[r] in _STRONG or gz.population[r] >= 100_000 for r in m.rows)
        ]
        return toks, kept, roles

    def _divisions(self, text: str, toks: list[_Tok], found: list[_Mention], lex: _Lex) -> list[_Mention]:
        """Names listed before a plural division word ("Jackson and Hall counties") as those divisions, and the bare
        names of divisions that the article names in full."""
        out = self._listed(text, toks, found, lex)
        return self._bare(toks, out, lex)

    def _listed(self, text: str, toks: list[_Tok], found: list[_Mention], lex: _Lex) -> list[_Mention]:
        """``found`` with the names listed before a plural division word read as those divisions."""
        out = list(found)
        for k, tok in enumerate(toks):
            singular = lex.plural.get(tok.norm)
            if singular is None:
                continue
            names: list[_Mention] = []
            end = k  # walk back over "A, B and C": capitalised words separated by commas, "and" or "or"
            while end > 0 and len(names) < 6:
                start = end - 1
                if not toks[start].surface[0].isupper():
                    break
                while (
                    start > 0
                    and end - start < 3
                    and toks[start - 1].surface[0].isupper()
                    and text[toks[start - 1].end : toks[start].start] == " "
                ):
                    start -= 1
                for first in range(start, end):  # "In Jackson": the longest tail that names a division
                    name = " ".join(t.norm for t in toks[first:end])
                    if any(self.gz.feature[r] in ("PCLI", "ADM1") for r in self.gz.lookup(name)):
                        break  # "Ohio counties" are the state's counties
                    county = f"{name} {singular}"
                    rows = tuple(r for r in self.gz.lookup(county) if self.gz.feature[r] == "ADM2")
                    if rows:
                        span = (toks[first].start, toks[end - 1].end)
                        names.append(_Mention(first, end, *span, county, rows, True, "admin", confidence=0.8))
                        break
                sep = text[toks[start - 1].end : toks[start].start] if start > 0 else ""
                if start > 0 and toks[start - 1].norm in ("and", "or"):
                    end = start - 1
                elif sep.strip() == ",":
                    end = start
                else:
                    break
            if len(names) >= 2:  # one name before a plural is a place's area: "the metro Athens counties"
                taken = {i for m in names for i in range(m.i, m.j)}
                out = [m for m in out if not taken & set(range(m.i, m.j))] + names
        return out

    def _bare(self, toks: list[_Tok], out: list[_Mention], lex: _Lex) -> list[_Mention]:
        """``out`` with the bare names of divisions the article names in full ("Clarke County" ... "Clarke and
        Oconee") read as those divisions, sorted by position."""
        words = set(lex.plural.values())
        named = {
            m.key.rsplit(" ", 1)[0]: (m.key, m.rows)
            for m in out
            if m.key.rsplit(" ", 1)[-1] in words and m.j - m.i > 1 and all(self.gz.feature[r] == "ADM2" for r in m.rows)
        }
        if not named:
            return sorted(out, key=lambda m: m.start)
        covered = {i: m for m in out for i in range(m.i, m.j)}
        bare: list[_Mention] = []
        for k, tok in enumerate(toks):
            if not tok.surface[0].isupper() or (k in covered and covered[k].j - covered[k].i > 1):
                continue
            for n in (3, 2, 1):
                name = " ".join(t.norm for t in toks[k : k + n])
                after = toks[k + n] if k + n < len(toks) else None
                before = toks[k - 1] if k > 0 else None
                if (
                    name in named
                    and (after is None or (after.norm not in words and not after.surface[0].isupper()))
                    and (before is None or tok.initial or before.initial or not before.surface[0].isupper())
                ):  # not inside a longer name ("Scott West", "DeKalb Ave", "Mason, Devon")
                    county, rows = named[name]
                    bare.append(_Mention(k, k + n, tok.start, toks[k + n - 1].end, county, rows, head="admin"))
                    break
        taken = {i for m in bare for i in range(m.i, m.j)}
        out = [m for m in out if not taken & set(range(m.i, m.j))] + bare
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _name_words(text: str, toks: list[_Tok], found: list[_Mention], lex: _Lex) -> set[str]:
        """Words written next to another capitalised word ("Megyn Kelly", "Stevens & Wilkinson"), after an initial,
        a title or a particle ("M. Bell", "Pope Francis", "Mike de Kock") or before an age ("Moore, 19,"), outside
        any place name."""
        inside = {k for m in found if m.j - m.i > 1 for k in range(m.i, m.j)}
        out: set[str] = set()
        for k in range(len(toks) - 1):
            a, b = toks[k], toks[k + 1]
            if (
                (
                    text[a.end : b.start] == " "
                    and not a.headline
                    and k not in inside
                    and k + 1 not in inside
                    and a.surface[0].isupper()
                    and b.surface[0].isupper()
                    and not a.surface.isupper()
                    and not b.surface.isupper()
                    and not ({a.norm, b.norm} & (lex.prep | lex.direction | lex.stop | lex.title | lex.never))
                    and b.norm not in lex.heads
                )
                or (  # a firm: "Stevens & Wilkinson"
                    text[a.end : b.start] == " & " and a.surface[0].isupper() and b.surface[0].isupper()
                )
            ):
                out.update((a.norm, b.norm))
            elif (  # after an initial, a title or a particle: "Tyrise M. Bell", "Pope Francis", "Mike de Kock"
                b.surface[0].isupper()
                and k + 1 not in inside
                and (
                    (len(a.surface) == 1 and a.surface.isupper() and text[a.end : b.start] == ". ")
                    or (a.norm in lex.title and text[a.end : b.start].strip(".") == " ")
                    or (
                        a.norm in _PARTICLES
                        and a.surface.islower()
                        and k > 0
                        and toks[k - 1].surface[0].isupper()
                        and text[toks[k - 1].end : a.start] == " "
                        and text[a.end : b.start] == " "
                    )
                )
            ):
                out.add(b.norm)
        ends = {t.end: t for t in toks}
        for age in _AGE.finditer(text):  # with an age: "Moore, 19, told the judge"
            t = ends.get(age.start())
            if t is not None and t.surface[0].isupper():
                out.add(t.norm)
        return out

    # ---- public API ------------------------------------------------------------------------------
    def toponyms(self, text: str, lang: str | None, regions: list[tuple[int, int]] | None = None) -> list[Toponym]:
        """Places named in ``text`` (or in the given regions of it), resolved with the whole text as context."""
        toks, mentions, _ = self._mentions(text, lang)
        self._resolve(mentions, self._adjectives(toks))
        towns = self._towns(mentions)
        out = []
        for m in mentions:
            if regions is not None and not any(s <= m.start and m.end <= e for s, e in regions):
                continue
            top = self._toponym(m, text, towns)
            if top is not None:
                out.append(top)
        return out

    def resolve(self, text: str, spans: list[tuple[int, int]], lang: str | None) -> list[Toponym | None]:
        """Resolve given place-name spans (e.g. gold toponyms), with the places found in the text as context."""
        toks, mentions, roles = self._mentions(text, lang)
        lex = _lexicon(lang)
        forced: list[_Mention | None] = []
        for start, end in spans:
            m = next((x for x in mentions if x.start == start and x.end == end), None)
            if m is None:
                m = self._forced(text, toks, start, end, lex)
                if m is not None:
                    mentions.append(m)
            forced.append(m)
        self._resolve(mentions, self._adjectives(toks))
        for m in roles:  # "Chicago police" says where the article is, though "Chicago" is not a place there
            m.best = max(m.rows, key=self._prior)
        fallback = self._local_focus(mentions + roles)
        weight = self._country_weights(mentions + roles)
        towns = self._towns(mentions)
        out: list[Toponym | None] = []
        for (start, end), m in zip(spans, forced, strict=True):
            if (
                m is not None
                and m.named_after
                and fallback is not None
                and m.best is not None
                and 2 * weight.get(self.gz.country[m.best], 0.0) < weight[self.gz.country[fallback]]
            ):  # a facility named after a place abroad that the article hardly mentions ("Liverpool Academy" in Cairo)
                m = None
            if m is not None and m.forced and fallback is not None and self._stray(m, fallback, mentions):
                m = None  # "Congress", "Valley": a village of that name far from everything the article names
            if m is None and fallback is not None:  # a street or building unknown to the gazetteer:
                m = _Mention(0, 0, start, end, "", (fallback,), confidence=0.2)  # the article's own place
                m.best = fallback
            out.append(self._toponym(m, text, towns) if m is not None else None)
        return out

    def _stray(self, m: _Mention, focus: int, mentions: list[_Mention]) -> bool:
        """Whether a name the recogniser passed over reads only as a village far from the place the article
        keeps returning to (named at least twice), in another division."""
        gz = self.gz
        r = m.best
        return (
            r is not None
            and gz.feature[r].startswith("PPL")
            and gz.population[r] < _SMALL_TOWN
            and gz.precision[focus] != "country"
            and gz.admin1[r] != gz.admin1[focus]
            and distance_km(gz.lat[r], gz.lon[r], gz.lat[focus], gz.lon[focus]) > 150
            and sum(x.best == focus for x in mentions) >= 2
        )

    def _country_weights(self, mentions: list[_Mention]) -> dict[str, float]:
        """Each country's support in the article: the confidence of each distinct name placed there."""
        gz = self.gz
        names: dict[tuple[str, str], float] = {}
        for m in mentions:
            if m.best is not None and gz.country[m.best]:
                named = (gz.country[m.best], m.key)
                names[named] = max(names.get(named, 0.0), m.confidence)
        weight: dict[str, float] = {}
        for (c, _), conf in names.items():
            weight[c] = weight.get(c, 0.0) + conf
        return weight

    def _local_focus(self, mentions: list[_Mention]) -> int | None:
        """The finest place the article keeps returning to in its main country: that country's most mentioned
        town, else region, else the country. The main country counts each distinct name once, by confidence,
        so that one name repeated ("Noma", a person) does not outweigh several places of another country."""
        gz = self.gz
        counts: dict[int, int] = {}
        for m in mentions:
            if m.best is not None and gz.country[m.best]:
                counts[m.best] = counts.get(m.best, 0) + 1
        weight = self._country_weights(mentions)
        if not weight:
            return None
        focus = max(weight, key=weight.__getitem__)
        for level in (("city", "neighbourhood", "site"), ("admin2", "admin1"), ("country",)):
            rows = [r for r in counts if gz.precision[r] in level and gz.country[r] == focus]
            if rows:
                return max(rows, key=lambda r: (counts[r], gz.population[r]))
        return None

    def _forced(self, text: str, toks: list[_Tok], start: int, end: int, lex: _Lex) -> _Mention | None:
        inner = [k for k, t in enumerate(toks) if t.start >= start and t.end <= end]
        if not inner:
            return None
        words = [toks[k].norm for k in inner]
        arabic = bool(ARABIC.match(toks[inner[0]].surface))
        cyrillic = bool(CYRILLIC.match(toks[inner[0]].surface))
        attempts = [words]
        if words[0] == "the" and len(words) > 1:
            attempts.append(words[1:])
        if len(words) > 1 and words[-1] == "s":
            attempts.append(words[:-1])
        partial = len(attempts)
        if len(words) > 1:  # "Colorado State" -> Colorado, "University of Alberta" -> Alberta
            subs = [words[a : a + n] for n in range(len(words) - 1, 0, -1) for a in range(len(words) - n + 1)]
            attempts += [
                ws
                for ws in subs
                if ws[0] not in _FUNCTION
                and ws[-1] not in _FUNCTION
                and not (len(ws) == 1 and (ws[0] in _NATURAL or ws[0] in lex.heads))
            ]
        abroad = bool(set(words) & _ABROAD)  # an embassy sits outside the country it is named after
        facility = bool(set(words) & _FACILITY)  # "Liverpool Academy" in Cairo, "Percy French Hotel"
        for n, ws in enumerate(attempts):
            joined = " ".join(ws)
            singular = joined[:-1] if joined.endswith("s") else ""
            place = None if facility and n >= partial else demonyms().get(joined) or demonyms().get(singular)
            state = _us_abbrev().get(text[start:end]) or _us_abbrev().get(text[start:end] + ".")
            if place:
                k, found, _ = self._lookup([norm(w) for w in place.split(" ")], False, False)
            elif state and self.gz.admin_row.get(("USA", state)) is not None:
                k, found = f"us-state:{state}", (self.gz.admin_row[("USA", state)],)
            else:
                k, found, _ = self._lookup(ws, arabic, cyrillic)
            if n >= partial:  # a part of the name must be a major place on its own
                if abroad and any(self.gz.feature[r] == "PCLI" for r in found):
                    continue  # "Embassy of Armenia": not in Armenia, nor in a town called so
                found = tuple(
                    r
                    for r in found
                    if (len(joined) >= 4 or self.gz.feature[r] == "PCLI")
                    and (
                        self.gz.feature[r] in (*_STRONG, "ADM2")
                        or self.gz.population[r] >= 100_000
                        or self.gz.precision[r] in ("neighbourhood", "site")  # "Heathrow Animal Reception Centre"
                    )
                )
                if abroad or facility:
                    found = tuple(r for r in found if self.gz.precision[r] != "country")
            if found:
                m = _Mention(inner[0], inner[-1] + 1, start, end, k, found, forced=True)
                m.named_after = facility and n >= partial
                self._context(m, toks, text, lex)
                return m
        return None


def event_location(toponyms: list[Toponym], sentence: tuple[int, int], trigger: tuple[int, int]) -> Place | None:
    """Where an event whose trigger is at ``trigger`` in ``sentence`` happened, or None."""
    inside = [t for t in toponyms if sentence[0] <= t.start and t.end <= sentence[1]]
    if not inside:
        return None

    def rank(t: Toponym) -> tuple[bool, int, int]:
        dist = max(trigger[0] - t.end, t.start - trigger[1], 0)
        return (t.prep and dist <= 80, _FINENESS[t.precision], -dist)

    best = max(inside, key=rank)
    return Place(
        text=best.text,
        name=best.name,
        geonameid=best.geonameid,
        lat=best.lat,
        lon=best.lon,
        country=best.country,
        admin1=best.admin1,
        precision=best.precision,
    )


def focus_country(toponyms: list[Toponym]) -> str | None:
    """The article's main country (ISO3): the country its places fall in most, weighted by confidence."""
    weight: dict[str, float] = {}
    for t in toponyms:
        if t.country:
            weight[t.country] = weight.get(t.country, 0.0) + t.confidence
    return max(weight, key=weight.__getitem__) if weight else None


__all__ = ["Geoparser", "Toponym", "demonyms", "focus_country"]
