"""Derive English event triggers from the PETRARCH-2 CAMEO verb dictionary (Phoenix dictionaries).

Reads ``reference/phoenix_dictionaries/CAMEO.2.0.txt`` (MIT, Open Event Data Alliance) and
``reference/plover/CAMEO2PLOVER-2021.txt`` from the shared folder and writes
``src/kabar/languages/en/triggers_cameo.tsv`` in the lexicon syntax of ``triggers.tsv``:

* each verb of a synset block is inflected (regular forms, or the irregular forms the dictionary lists); a
  verb alone triggers in its past, -ing and (weaker) -s forms, not in its base form (as often a noun);
* a pattern applies to the verbs its comment names (PETRARCH applies it to the whole block);
* ``&SYNSET`` words expand to their members (nouns with their plural, at most ``MAX_EXPANSION`` patterns),
  ``{a b}`` phrases stay contiguous, ``(prep ...)`` phrases and actor slots (``$``/``+``) become ``..`` gaps;
* CAMEO codes map to PLOVER type and mode through CAMEO2PLOVER and the mode names of our ontology (whose
  REQUEST 'appeal' mode takes the 02 appeals); codes without a PLOVER root (01 statements) and ``[---]``
  give ``-`` rows, which only keep a more general trigger off the same words;
* weights: a verb alone (the block's default code) is weak, each further word of a pattern adds weight;
* a bare form that can be a past participle has voice ``participle``: passive after a passive auxiliary
  (the ``passive`` cues of ``modality.tsv``: "was attacked").

Patterns the hand-written ``triggers.tsv`` already has are left out (it is the higher-priority layer).

    python training/derive_cameo_triggers.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "kabar" / "languages" / "en" / "triggers_cameo.tsv"
HAND = ROOT / "src" / "kabar" / "languages" / "en" / "triggers.tsv"
ONTOLOGY = ROOT / "src" / "kabar" / "ontology" / "plover.json"

NO_EVENT = "-"
# CAMEO codes arresting or detaining protesters as repression (175), which CAMEO2PLOVER makes ASSAULT;
# in PLOVER an arrest is COERCE whoever is arrested.
ARREST_BLOCKS = frozenset({"APPREHEND"})
ARREST_CODE = "173"
VERB_WEIGHT = 0.45  # a verb alone, coded with its block's default
S_WEIGHT = 0.35  # its -s form alone (often a plural noun)
PATTERN_WEIGHT = 0.6  # a verb with one more word
STEP = 0.08  # weight of each further word
MAX_WEIGHT = 0.9
MAX_EXPANSION = 24  # synset products beyond this many patterns are cut (keeps the file small)
# Verb forms that news English mostly uses as prepositions, adjectives or names.
NOT_VERBS = frozenset({"according", "following", "including", "regarding", "concerning", "considering",
                       "pending", "leading", "united", "provided", "given", "based", "concerned", "related",
                       "alleged", "so called", "called", "named", "known", "led", "backed", "held", "set",
                       "left", "put", "met", "forces", "arms", "means", "rights", "plans", "funds", "supplies",
                       "reports", "claims", "hopes", "measures", "states", "parties", "lines", "records"})
_CODE = re.compile(r"\[([^\]]*)\]")
_TABLE_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([^,#]*)")


# --------------------------------------------------------------------------- CAMEO → PLOVER


def plover_table(path: Path, ontology: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code → (PLOVER type, our mode or '') from CAMEO2PLOVER and our ontology's mode names."""
    types = json.loads(ontology.read_text(encoding="utf-8"))["types"]
    ours = {code: (name, mode) for name, t in types.items() for mode, code in t["cameo"].items() if mode}
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _TABLE_LINE.match(line.strip())
        if not m or m[2] not in types:
            continue
        code, kind, mode = m[1], m[2], m[3].strip()
        if code in ours and ours[code][0] == kind:
            mode = ours[code][1]
        table.setdefault(code, (kind, mode if mode in types[kind]["modes"] else ""))
    for code, (kind, mode) in ours.items():  # our own equivalents CAMEO2PLOVER lacks (02 appeals)
        if code[:2] not in table and code.endswith("0"):
            table[code[:2]] = (kind, mode)
    return table


def to_plover(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """PLOVER (type, mode) of a CAMEO code; None when it has no PLOVER root (01x statements, ---)."""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def first_code(field: str) -> str:
    """The source-side CAMEO code of a ``[code]`` / ``[code:code]`` / ``[:code]`` field ('' for none)."""
    parts = [p.strip() for p in field.split(":")]
    return next((p for p in parts if p.isdigit()), "")


# --------------------------------------------------------------------------- word forms


def _s(w: str) -> str:
    if re.search(r"(s|x|z|ch|sh|o)$", w):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    return w + "s"


def _ed(w: str) -> str:
    if w.endswith("e"):
        return w + "d"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ied"
    return w + "ed"


def _ing(w: str) -> str:
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        return w[:-1] + "ing"
    return w + "ing"


def verb_forms(line: str) -> tuple[list[str], set[str]]:
    """All forms of a dictionary verb line, and those that can be past participles (for passives)."""
    line = _CODE.sub("", line.split("#")[0])
    head, _, rest = line.partition("{")
    base = head.strip().lstrip("+").lower().replace("_", " ")
    if not base:
        return [], set()
    words = base.split()
    if "{" in line:  # listed forms replace the regular ones ("{}" = no other form)
        listed = [f.lstrip("+").lower().replace("_", " ") for f in rest.split("}")[0].replace(",", " ").split()]
        pps = {f for f in listed if f.split()[0].endswith(("ed", "en", "wn", "t", "ne", "ung", "ught"))}
        return [base, *listed], pps
    forms = [" ".join([f(words[0]), *words[1:]]) for f in (_s, _ed, _ing)]
    return [base, *forms], {forms[1]}


def bare_forms(forms: list[str]) -> list[tuple[str, float]]:
    """The forms of one verb that trigger without an object, with their weight: past and -ing forms; the -s
    form, as often a plural noun ("forces"), with less weight; not the base form, as often a noun
    ("support") and, after "to" or a modal, no fact."""
    base = forms[0].split()[0]
    out = []
    for f in forms:
        first = f.split()[0]
        if f in NOT_VERBS:
            continue
        if f == forms[0]:
            continue
        if first == _s(base) or (first.endswith("s") and not first.endswith("ss")):
            out.append((f, S_WEIGHT))
        else:
            out.append((f, VERB_WEIGHT))
    return out


def noun_forms(word: str) -> list[str]:
    """A synset member and its plural (members written with a final ``_`` take no plural).

    A one-word member of five letters or more is written ``word*`` (singular and plural in one pattern).
    """
    word = word.lstrip("+")
    if word.endswith("_"):
        return [word.rstrip("_").lower().replace("_", " ")]
    w = word.lower().replace("_", " ")
    *lead, last = w.split()
    if not lead and len(w) >= 5 and w.isalpha():
        return [w + "*"]
    return [w, " ".join([*lead, _s(last)])]


# --------------------------------------------------------------------------- dictionary


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """``&NAME`` → member phrases (with plurals)."""
    sets: dict[str, list[str]] = {}
    current = None
    for raw in lines:
        line = raw.split("#")[0].strip()
        if line.startswith("&"):
            current = line
            sets[current] = []
        elif line.startswith("+") and current:
            sets[current].extend(noun_forms(line.split()[0]))
        elif not line or line.startswith("-"):
            current = None if not line else current
    return sets


def elements(pattern: str, synsets: dict[str, list[str]]) -> tuple[list[list[str]], list[list[str]]] | None:
    """Words before and after the verb (``*``) as lists of alternatives; None when unusable."""
    tokens = pattern.replace("{", " { ").replace("}", " } ").replace("(", " ").replace(")", " ").split()
    if "*" not in tokens:
        return None
    at = tokens.index("*")

    def parse(toks: list[str]) -> list[list[str]] | None:
        out: list[list[str]] = []
        phrase: list[list[str]] | None = None
        for tok in toks:
            if tok == "{":
                phrase = []
                continue
            if tok == "}":
                if phrase:
                    out.append([" ".join(p) for p in itertools.product(*phrase)])
                phrase = None
                continue
            if not any(c.isalnum() or c == "&" for c in tok):  # actor slots ($ + %) and stray marks
                if phrase is None and tok in ("$", "+", "%"):
                    out.append([".."])
                continue
            alts: list[str] = []
            for part in tok.split("/"):
                if part.startswith("&"):
                    key = part.rstrip("_")
                    members = synsets.get(key) or synsets.get(part)
                    if not members:
                        return None
                    alts.extend(members)
                elif "*" in part:
                    return None
                else:
                    alts.append(part.rstrip("_").lower().replace("_", " "))
            if phrase is not None:
                phrase.append(alts)
            else:
                out.append(alts)
        return out

    pre, post = parse(tokens[:at]), parse(tokens[at + 1:])
    if pre is None or post is None:
        return None
    return pre, post


def expand(pre: list[list[str]], verb: str, post: list[list[str]]) -> Iterator[str]:
    """Trigger patterns: the pre-verb words, the verb, then each further element after a ``..`` gap."""
    slots = [*pre, [verb], *post]
    for n, combo in enumerate(itertools.product(*slots)):
        if n >= MAX_EXPANSION:
            return
        words: list[str] = []
        for i, part in enumerate(combo):
            if part == "..":
                continue
            if i > len(pre):
                words.append("..")
            words.append(part)
        yield " ".join(words)


def weight(pre: list[list[str]], post: list[list[str]]) -> float:
    extra = sum(1 for e in [*pre, *post] if e != [".."])
    if not extra:
        return VERB_WEIGHT
    return round(min(MAX_WEIGHT, PATTERN_WEIGHT + STEP * (extra - 1)), 2)


Rows = dict[str, tuple[str, str, float, str]]


def derive(dictionary: Path, table: dict[str, tuple[str, str]]) -> Rows:
    """Pattern → (type, mode, weight, voice) for every verb block of the dictionary."""
    lines = dictionary.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, ln in enumerate(lines) if "VERB PATTERNS" in ln)
    end = next((i for i, ln in enumerate(lines) if "TRANSFORMATIONS" in ln), len(lines))
    synsets = read_synsets(lines[:start])
    out: Rows = {}

    block: list[str] = []
    for raw in [*lines[start:end], "---  END   [---]  ---"]:
        line = raw.rstrip()
        if line.startswith("---"):
            if block:
                _block(block, synsets, table, out)
            block = [line]
        elif line.strip() and not line.lstrip().startswith("#"):
            block.append(line.strip())
    return out


def _pattern_verbs(lemmas: list[list[str]], comment: str) -> list[list[str]]:
    """Forms of the verbs a pattern was written for (named in its comment), else of the block's first verb.

    PETRARCH applies every pattern to every verb of the block; keeping to the verbs the coders wrote it for
    keeps the lexicon small and avoids senses a synonym does not share.
    """
    named = {w.strip().lower().replace("_", " ") for w in re.split(r"[,;]", comment.split("<")[0])}
    named |= {w.lower().replace("_", " ") for w in comment.split()}
    chosen = [forms for forms in lemmas if named & set(forms)]
    return chosen or lemmas[:1]


def _block(block: list[str], synsets: dict[str, list[str]], table: dict[str, tuple[str, str]], out: Rows) -> None:
    """Rows of one verb block: its verbs alone (default code) and its patterns."""
    def put(pattern: str, code: str, w: float, voice: str = "") -> None:
        target = to_plover(code, table) if code else None
        row = (target[0], target[1], w, voice) if target else (NO_EVENT, "", w, voice)
        if pattern not in out or out[pattern][2] < w:
            out[pattern] = row

    default = first_code(_CODE.search(block[0])[1]) if _CODE.search(block[0]) else ""
    lemmas: list[list[str]] = []  # the forms of each verb of the block
    for line in block[1:]:
        if line.startswith("-"):
            continue
        forms, pps = verb_forms(line)
        if not forms:
            continue
        lemmas.append(forms)
        own = _CODE.search(line.split("#")[0])
        code = first_code(own[1]) if own else default
        if not code or not to_plover(code, table):  # a bare verb of a no-event block claims nothing
            continue
        for v, w in bare_forms(forms):
            put(v, code, w, "participle" if v in pps else "")
    for line in block[1:]:
        if not line.startswith("-"):
            continue
        body, _, comment = line[1:].partition("#")
        m = _CODE.search(body)
        if not m:
            continue
        code = first_code(m[1])
        if code == "175" and block[0].split()[1] in ARREST_BLOCKS:
            code = ARREST_CODE
        parsed = elements(body[:m.start()].strip(), synsets)
        if parsed is None:
            continue
        pre, post = parsed
        if pre:  # words before the verb name its subject, which the actor matcher reads
            continue
        verbs = _pattern_verbs(lemmas, comment)
        if not any(e != [".."] for e in [*pre, *post]):  # "- * [code]": the verb alone
            for v, w in (f for forms in verbs for f in bare_forms(forms)):
                put(v, code, w)
            continue
        w = weight(pre, post)
        if not to_plover(code, table) and any(len(e) > 2 for e in [*pre, *post]):
            continue  # a no-event pattern only where it is literal
        for v in (f for forms in verbs for f in forms):
            for pattern in expand(pre, v, post):
                put(pattern, code, w)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    ref = args.shared / "reference"
    table = plover_table(ref / "plover" / "CAMEO2PLOVER-2021.txt", ONTOLOGY)
    rows = derive(ref / "phoenix_dictionaries" / "CAMEO.2.0.txt", table)
    hand = {" ".join(line.split("\t")[0].split()) for line in HAND.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}
    header = [
        "# English event triggers derived from the PETRARCH-2 CAMEO verb dictionary (CAMEO.2.0.txt,",
        "# Phoenix dictionaries, (c) 2015 Open Event Data Alliance, MIT licence), CAMEO codes mapped to PLOVER",
        "# with CAMEO2PLOVER-2021 (CC BY-SA 4.0, openeventdata/PLOVER). Made by training/derive_cameo_triggers.py;",
        "# do not edit by hand: hand-written triggers.tsv rows take precedence over these.",
        "# pattern | PLOVER type ('-' = no event: only blocks shorter triggers) | mode | weight | voice",
    ]
    body = [f"{p}\t{t}\t{m}\t{w}\t{v}".rstrip("\t") if v else f"{p}\t{t}\t{m}\t{w}"
            for p, (t, m, w, v) in sorted(rows.items()) if p not in hand]
    OUT.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"{len(body)} patterns → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
