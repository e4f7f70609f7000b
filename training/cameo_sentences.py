"""Generate simple labelled training sentences from the CAMEO verb-pattern dictionary.

The PETRARCH/Phoenix dictionary ``CAMEO.2.0.txt`` (openeventdata/petrarch2, © 2015 Open Event Data
Alliance, MIT; in ``shared/reference/phoenix_dictionaries``) lists verb synonym blocks and object patterns,
each with a CAMEO code; ``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER, CC BY-SA 4.0; in
``shared/reference/plover``) maps CAMEO codes to PLOVER types. Each pattern is rendered as a plain
past-tense sentence with a varied actor — "{actor} {verb} {object} {time}." — labelled with the PLOVER
type of its code; CAMEO 01x (public statements) becomes ``NONE``. The sentences are often clumsy; they
teach verb–object meanings, not style. Nothing from either file is shipped: only the weights fitted with
these sentences.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

_ACTORS = (
    "The government", "The president", "Police", "Rebels", "The army", "Russia", "China", "France",
    "The United States", "Iran", "Turkey", "Germany", "Indonesia", "Egypt", "The prime minister",
    "The foreign minister", "The opposition", "Protesters", "The United Nations", "The European Union",
    "Militants", "Security forces", "The ruling party", "Authorities", "The interior ministry", "Israel",
    "Pakistan", "India", "Brazil", "Nigeria", "The Kurdish leadership", "Union leaders", "The court",
    "Insurgents", "The junta", "Washington", "Moscow", "Beijing", "Ankara", "Tehran",
)
_SUBJECT_OWNERS = ("Syria", "Ukraine", "Sudan", "Mexico", "Colombia", "Myanmar", "Somalia", "Yemen")
_TAILS = ("", "", "", " on Monday", " on Tuesday", " on Friday", " last week", " on Sunday", " yesterday",
          " in the capital", " near the border", " after the talks")
_PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]")
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")


@dataclass(frozen=True)
class Generated:
    text: str
    label: str
    group: str  # the verb block, so that cross-validation folds keep a block together


def plover_types(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER type from ``CAMEO2PLOVER-2021.txt``."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        code, sep, rest = line.split("#")[0].partition(":")
        name = rest.split(",")[0].strip()
        if sep and code.strip().isdigit() and name:
            out[code.strip()] = name
    return out


def type_of(code: str, table: dict[str, str]) -> str | None:
    """PLOVER type of a CAMEO code (its longest known prefix); 01x public statements are ``NONE``."""
    code = code.split(":")[0].strip()
    if not code.isdigit():
        return None
    if code.startswith("01"):
        return "NONE"
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _past(verb: str, forms: list[str]) -> str:
    """Past tense of a dictionary verb (``ASK_FOR`` → ``asked for``), preferring listed irregular forms."""
    head, _, particle = verb.partition("_")
    listed = [f.lstrip("+").split("_")[0] for f in forms]
    odd = [f for f in listed if not f.endswith("ING") and f not in {head + "S", head + "ES", head[:-1] + "IES"}]
    if odd:
        past = odd[0]
    elif listed:  # only -s and -ing forms listed: the past equals the base (PUT, QUIT)
        past = head
    elif head.endswith("E"):
        past = head + "D"
    elif head.endswith("Y") and head[-2:-1] not in "AEIOU":
        past = head[:-1] + "IED"
    else:
        past = head + "ED"
    return " ".join([past, particle.replace("_", " ")]).strip().lower()


def _render(tokens: str, synsets: dict[str, list[str]], rng: random.Random) -> str:
    """Pattern words as plain text: synonym sets sampled, markup dropped."""
    words = []
    for tok in re.sub(r"[(){}]", " ", tokens).split():
        if tok.startswith("&"):
            members = synsets.get(tok, [])
            if not members:
                continue
            tok = rng.choice(members)
        tok = tok.strip("+$%^=").replace("_", " ").strip()
        if tok and tok.isascii() and not tok.startswith("#"):
            words.append(tok.lower())
    return " ".join(words)


def generate(shared: Path, per_pattern: int = 1, seed: int = 7) -> list[Generated]:
    """Sentences rendered from every CAMEO pattern whose code maps to a PLOVER type (or ``NONE``)."""
    table = plover_types(shared / "reference" / "plover" / "CAMEO2PLOVER-2021.txt")
    lines = (shared / "reference" / "phoenix_dictionaries" / "CAMEO.2.0.txt").read_text(
        encoding="utf-8", errors="replace").splitlines()
    rng = random.Random(seed)
    synsets: dict[str, list[str]] = {}
    current: list[str] | None = None
    out: list[Generated] = []
    seen: set[str] = set()
    block, block_label, verbs = "", None, {}  # verbs: dictionary verb -> its listed forms

    def emit(subject_words: str, verb: str, obj: str, label: str) -> None:
        for _ in range(per_pattern):
            if subject_words and not all(w.endswith("ly") for w in subject_words.split()):
                subject = f"{rng.choice(_SUBJECT_OWNERS)}'s {subject_words}"
            else:  # an actor, then any adverb the pattern puts before the verb
                subject = f"{rng.choice(_ACTORS)} {subject_words}".strip()
            text = " ".join(p for p in (subject, _past(verb, verbs.get(verb, [])), obj) if p)
            text = f"{text}{rng.choice(_TAILS)}."
            if text not in seen:
                seen.add(text)
                out.append(Generated(text, label, block))

    for raw in lines:
        line = raw.split("#")[0].rstrip() if not raw.startswith("- ") else raw
        if line.startswith("&"):
            current = synsets.setdefault(line.split()[0], [])
        elif line.startswith("+") and current is not None and not block:
            current.append(line[1:].split()[0].rstrip("_").replace("_", " "))
        elif m := _BLOCK.match(line):
            block, verbs, current = m.group(1), {}, None
            block_label = type_of(m.group(2), table)
        elif block and (m := _PATTERN.match(line)):
            label = type_of(m.group(2), table)
            comment = line.split("#")[1].split()[0] if "#" in line and line.split("#")[1].split() else ""
            verb = comment if comment in verbs else next(iter(verbs), "")
            before, star, after = m.group(1).partition("*")
            if label and verb and star:
                emit(_render(before, synsets, rng), verb, _render(after, synsets, rng), label)
        elif block and (line[:1].isalpha() or line.startswith("+")):
            word, _, rest = line.lstrip("+").partition(" ")
            forms = re.findall(r"\{([^}]*)\}", rest)
            if word.replace("_", "").replace("-", "").isalpha():
                verbs[word] = forms[0].split() if forms else []
                if block_label:  # the bare verb carries the block's code
                    emit("", word, "", block_label)
    return out
