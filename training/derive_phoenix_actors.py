"""Derive actor knowledge from the Phoenix/PETRARCH2 dictionaries (Open Event Data Alliance, MIT).

Reads ``shared/reference/phoenix_dictionaries`` and writes:

* ``src/kabar/actors/phoenix_actors.jsonl``: people with dated roles (``Phoenix.Countries.actors.txt``),
  intergovernmental and non-governmental organisations (``Phoenix.International.actors.txt``), armed
  non-state groups (``Phoenix.MilNonState.actors.txt``) and extra country names, in the schema of
  ``entities.jsonl`` (country records: ``{"kind": "country", "country": ISO3, "aliases": [...]}``);
* the generated block at the end of ``src/kabar/languages/en/sectors.tsv``: English agent nouns of
  ``Phoenix.agents.txt`` that the hand-written rows above it do not already cover.

Only facts (names, codes, dates) are kept. Ambiguous aliases (claimed by entities of different countries)
and short single-word person aliases are dropped. Run: ``python training/derive_phoenix_actors.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "reference" / "phoenix_dictionaries"
OUT = ROOT / "src" / "kabar" / "actors" / "phoenix_actors.jsonl"
SECTORS = ROOT / "src" / "kabar" / "languages" / "en" / "sectors.tsv"
TRIGGERS = SECTORS.with_name("triggers.tsv")
MARKER = "# --- generated from Phoenix.agents.txt (MIT) by training/derive_phoenix_actors.py; edit above this line"

# Pre-ISO CAMEO country codes (the Soviet Union and Yugoslavia as their successors, as ``countries.tsv`` does).
_LEGACY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "SRP": "SRB", "TMP": "TLS",
           "ANG": "AGO", "USR": "RUS", "SUN": "RUS", "YUG": "SRB", "SCG": "SRB", "FRY": "SRB", "DDR": "DEU",
           "CSK": "CZE"}
# Phoenix primary sector → kabar sector (religions become REL, human-rights groups NGO).
_SECTOR = {s: s for s in ("GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY", "CVL", "REF", "JRN", "MED",
                          "EDU", "LAB", "BUS", "REL", "NGO", "IGO", "CRM", "SPY", "ELI", "HLH", "AGR", "UAF", "IMG")}
_SECTOR |= {"MUS": "REL", "CHR": "REL", "JEW": "REL", "HIN": "REL", "BUD": "REL", "CTH": "REL", "HRI": "NGO",
            "MNC": "BUS", "SET": "CVL"}
_CODE = re.compile(r"\[([~A-Z-]+)\s*([<>]?\d+(?:-\d+)?)?\s*\]")
_NOT_ACTORS = ("spokes",)  # a spokesman speaks for the actor named with him, he is none himself
# Another name of a country, not of one of its towns or regions: a spelling of its name ("Afghanestan",
# "Argentinian") or a state's name ("Ivory Coast", "Soviet Union").
_STATE_WORDS = {"Coast", "Republic", "Kingdom", "Union", "Emirates", "States", "Federation", "Confederation"}
# Titles written before a ruler's surname ("President Mugabe").
_TITLES = ("President", "Prime Minister", "Premier", "Chancellor", "King", "Emir", "General")
_MIN_SINGLE = 5  # shortest single-word alias kept ("Mubarak" yes; "Kim", "Who" no)


@dataclass
class Record:
    """One dictionary entry: its name, aliases and codes with their date ranges."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None]] = field(default_factory=list)


def parse(path: Path) -> list[Record]:
    """Entries of a TABARI-format actor file (name line, ``+alias`` lines, indented ``[CODE dates]`` lines)."""
    out: list[Record] = []
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = _CODE.findall(line)
        text = line.split("[", 1)[0].strip()
        if raw[:1].isspace() and not text:
            if out:
                out[-1].codes += codes
        elif text.startswith("+"):
            if out:
                out[-1].aliases.append(words(text[1:]))
                out[-1].codes += codes
        elif text:
            out.append(Record(words(text), [], list(codes)))
    return [r for r in out if r.name]


def words(name: str) -> str:
    """``HOSNI_MUBARAK_`` → ``Hosni Mubarak`` (plural/stem markers removed)."""
    name = re.sub(r"\{.*?\}|!.*?!", " ", name).replace("_", " ")
    out = [w if any(c.islower() for c in w) else _title(w) for w in name.split()]
    return " ".join(w.lower() if i and w.lower() in _SMALL else w for i, w in enumerate(out))


_SMALL = {"of", "and", "for", "the", "in", "on", "to", "de", "du", "des", "la", "le", "da", "do", "dos", "van", "von"}


def _title(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def country(code: str) -> str | None:
    """ISO3 of a Phoenix country code, or None."""
    code = _LEGACY.get(code, code)
    return code if pycountry.countries.get(alpha_3=code) else None


def _date(s: str) -> str | None:
    if len(s) == 6:
        yy = int(s[:2])
        s = f"{2000 + yy if yy <= 30 else 1900 + yy}{s[2:]}"
    if len(s) != 8:
        return None
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
    for day in (d, 28, 1):
        try:
            return dt.date(y, max(1, min(m, 12)), max(day, 1)).isoformat()
        except ValueError:
            continue
    return None


def role(code: str, dates: str | None) -> dict | None:
    """A role ``{"country", "sector", "start", "end"}`` from a code and its date range (None: unusable)."""
    code = code.lstrip("~")
    head = code[:3]
    c = country(head)
    sector = _SECTOR.get(code[3:6]) if c else _SECTOR.get(head)
    if c is None and head not in ("IGO", "NGO", "IMG", "MNC") and sector is None:
        return None
    r: dict = {k: v for k, v in (("country", c), ("sector", sector)) if v}
    if dates:
        if dates.startswith(">"):
            start, end = _date(dates[1:]), None
        elif dates.startswith("<"):
            start, end = None, _date(dates[1:])
        else:
            a, _, b = dates.partition("-")
            start, end = _date(a), _date(b)
        if start is None and end is None:
            return None
        r |= {k: v for k, v in (("start", start), ("end", end)) if v}
    return r if r else None


def cldr_names(iso3: str) -> list[str]:
    """English CLDR names of a country."""
    c = pycountry.countries.get(alpha_3=iso3)
    return [Locale.parse("en").territories.get(c.alpha_2, c.name)] if c else []


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _useful(alias: str) -> bool:
    """Long enough to be a name: three letters, five for a single word."""
    letters = sum(c.isalpha() for c in alias)
    return letters >= (_MIN_SINGLE if " " not in alias else 3)


def entities() -> list[dict]:
    """People, organisations and armed groups with their roles; country name records."""
    out: list[dict] = []
    countries: dict[str, set[str]] = defaultdict(set)
    people: list[tuple[Record, str]] = []
    for file, kind in (("Phoenix.Countries.actors.txt", "person"), ("Phoenix.International.actors.txt", "org"),
                       ("Phoenix.MilNonState.actors.txt", "group")):
        for rec in parse(SOURCE / file):
            if kind == "person" and rec.codes and not any(code[3:6] in _SECTOR for code, _ in rec.codes):
                # "PORTUGAL_ [PRT]", "UKRAINE_ [USRUKR <910824] [UKR]": its names and demonyms, not its towns
                if c := country(next((code for code, dates in rec.codes if not dates), rec.codes[-1][0])):
                    stems = {n[:3].lower() for n in (rec.name, *cldr_names(c))}
                    countries[c].update(a for a in [rec.name, *rec.aliases] if _useful(a)
                                        and a.replace(" ", "").isalpha() and (a[:3].lower() in stems
                                                                              or a.split()[-1] in _STATE_WORDS))
                continue
            if kind == "org" and rec.codes and rec.codes[0][0][:3] == "MNC":
                continue  # companies: many, rarely political actors
            people.append((rec, kind))
    for rec, kind in people:
        roles = [r for code, dates in rec.codes if (r := role(code, dates or None))]
        if not roles:
            continue
        # dated roles first (an office before the overlapping "elite" span around it), the default last
        roles.sort(key=lambda r: ("start" not in r and "end" not in r, r.get("sector") == "ELI"))
        dated = any("start" in r or "end" in r for r in roles)
        kind = "person" if kind == "person" or dated else kind
        d: dict = {"id": f"phoenix:{slug(rec.name)}", "name": rec.name, "kind": kind}
        if main := next((r["country"] for r in roles if r.get("country")), None):
            d["country"] = main
        if not dated and len(roles) == 1:  # an organisation: one fixed code
            d |= roles[0]
            d["kind"] = "igo" if d.get("sector") == "IGO" and kind == "org" else kind
            roles = []
        aliases = [a for a in dict.fromkeys([rec.name, *rec.aliases]) if _useful(a)]
        if not aliases:
            continue
        d["aliases"] = aliases
        if roles:
            d["roles"] = roles
        out.append(d)
    _single_names(out)
    return _unambiguous(out) + [{"kind": "country", "country": c, "aliases": sorted(a)}
                                for c, a in sorted(countries.items())]


def _single_names(records: list[dict]) -> None:
    """Keep one-word person names only when no other person's name has that word ("Hassan" is out).

    Rulers (people with an elite role) whose surname is theirs alone also get "President Mugabe"-style aliases.
    """
    users: dict[str, int] = defaultdict(int)
    for d in records:
        if d["kind"] == "person":
            for w in {w.lower() for a in d["aliases"] for w in a.split()}:
                users[w] += 1
    for d in records:
        if d["kind"] != "person":
            continue
        d["aliases"] = [a for a in d["aliases"] if " " in a or users[a.lower()] == 1]
        last = d["name"].split()[-1]
        if any(r.get("sector") == "ELI" for r in d.get("roles", [])) and users[last.lower()] == 1 \
                and len(last) >= _MIN_SINGLE and last.isalpha():
            d["aliases"] += [f"{t} {last}" for t in _TITLES]


def _unambiguous(records: list[dict]) -> list[dict]:
    """Records with same-id duplicates merged and aliases claimed by several countries dropped."""
    by_id: dict[str, dict] = {}
    for d in records:
        if (old := by_id.get(d["id"])) and old.get("country") == d.get("country"):
            old["aliases"] = list(dict.fromkeys(old["aliases"] + d["aliases"]))
            if roles := old.get("roles", []) + [r for r in d.get("roles", []) if r not in old.get("roles", [])]:
                old["roles"] = roles
        elif old:
            by_id[d["id"]] = {**old, "aliases": []}  # two different people of one name: neither is usable
        else:
            by_id[d["id"]] = d
    owners: dict[str, set[str | None]] = defaultdict(set)
    for d in by_id.values():
        for a in d["aliases"]:
            owners[a.lower()].add(d.get("country") or d["id"])
    out = []
    for d in by_id.values():
        d["aliases"] = [a for a in d["aliases"] if len(owners[a.lower()]) == 1]
        if d["aliases"]:
            d["name"] = d["name"] if d["name"] in d["aliases"] else d["aliases"][0]
            d["aliases"] = [a for a in d["aliases"] if a != d["name"]]
            if not d["aliases"]:
                del d["aliases"]
            out.append(d)
    return out


def _plural(phrase: str) -> str | None:
    """The regular plural that PETRARCH adds to an agent noun, when its head is the last word."""
    words = phrase.split()
    last = words[-1]
    if {"of", "for", "and", "the", "to"} & set(words) or last.endswith(("s", "men")) or not last.isalpha():
        return None
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "es" if last.endswith(("sh", "ch", "x")) else "s"
    return " ".join([*words[:-1], last])


def agents(existing: dict[str, str]) -> list[tuple[str, str]]:
    """English agent nouns → sector, those not already in the hand-written rows."""
    subs: dict[str, list[str]] = {}
    rows: dict[str, str] = {}
    for raw in (SOURCE / "Phoenix.agents.txt").read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].strip()
        if m := re.match(r"(!\w+!)\s*=\s*(.*)", line):
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"([^\[{]+?)\s*(?:\{[^}]*\}\s*)?\[~?([A-Z]{3})", line)
        if not m or not (sector := _SECTOR.get(m.group(2))):
            continue
        forms = [m.group(1)]
        for key, values in subs.items():
            forms = [f.replace(key, v) for f in forms for v in (values if key in f else [""])]
        for form in forms:
            phrase = " ".join(re.sub(r"[^a-z0-9'.-]+", " ", form.lower().replace("_", " ")).split())
            if len(phrase) > 2 and phrase not in existing and phrase + "*" not in existing \
                    and not any(w.startswith(_NOT_ACTORS) for w in phrase.split()):
                rows.setdefault(phrase, sector)
                if plural := _plural(phrase):
                    rows.setdefault(plural, sector)
    function = {"of", "for", "and", "the", "to", "in", "on"}
    # "minister for housing" says no more than "minister": a head already listed before a function word
    return sorted((p, s) for p, s in rows.items()
                  if not any(w in function and _known(" ".join(p.split()[:k]), s, rows, existing)
                             for k, w in enumerate(p.split()) if k))


def _known(phrase: str, sector: str, rows: dict[str, str], existing: dict[str, str]) -> bool:
    """Whether ``phrase`` is already an agent noun of ``sector`` (generated, or a hand-written pattern)."""
    return rows.get(phrase) == sector or any(
        s == sector and (phrase == p or (p.endswith("*") and " " not in phrase and phrase.startswith(p[:-1])))
        for p, s in existing.items())


def _fits(trigger: str, phrase: str) -> bool:
    """Whether a trigger pattern is the phrase or one of its words (``stem*`` matching any ending)."""
    if " " in trigger:
        return trigger == phrase
    return any(w == trigger or (trigger.endswith("*") and w.startswith(trigger[:-1])) for w in phrase.split())


def main() -> None:
    recs = entities()
    with OUT.open("w", encoding="utf-8") as f:
        for d in recs:
            f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
    hand = SECTORS.read_text(encoding="utf-8").split(MARKER, 1)[0].rstrip("\n") + "\n"
    existing = dict(line.split("\t")[:2] for line in hand.splitlines() if line and not line.startswith("#"))
    # A word the trigger lexicon uses ("warplanes", "missile*") is an event word there, not an actor here.
    triggers = [line.split("\t")[0] for line in TRIGGERS.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
    rows = [(p, s) for p, s in agents(existing) if not any(
        e.endswith("*") and " " not in p and p.startswith(e[:-1]) for e in existing)
            and not any(_fits(t, p) for t in triggers)]
    SECTORS.write_text(hand + MARKER + "\n" + "".join(f"{p}\t{s}\n" for p, s in rows), encoding="utf-8")
    print(f"{OUT.name}: {len(recs)} records; sectors.tsv: {len(rows)} generated rows")


if __name__ == "__main__":
    main()
