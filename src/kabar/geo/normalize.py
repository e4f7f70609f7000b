"""Text normalisation and tokenisation shared by the gazetteer index and the matcher."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import regex

WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
ARABIC = regex.compile(r"\p{Arabic}")
CYRILLIC = regex.compile(r"\p{Cyrillic}")
_AR_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u0640]")
_AR_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_LATIN_MAP = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ʼ": "", "ʻ": ""})


@lru_cache(maxsize=1 << 17)
def norm(word: str) -> str:
    """Fold one word for matching: casefold, strip Latin accents, unify Arabic letters, keep ё/й."""
    if ARABIC.search(word):
        return _AR_MARKS.sub("", word).translate(_AR_MAP)
    word = word.casefold().translate(_LATIN_MAP)
    if CYRILLIC.search(word):
        return word.replace("ё", "е")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """Word tokens of ``text`` as (start, end, surface)."""
    for m in WORD.finditer(text):
        yield m.start(), m.end(), m.group()


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The index key of a name: its normalised word tokens joined by spaces."""
    return " ".join([norm(w) for w in WORD.findall(name)])


RU_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "его",
    "ому",
    "ему",
    "ыми",
    "ими",
    "ой",
    "ей",
    "ом",
    "ем",
    "ах",
    "ях",
    "ам",
    "ям",
    "ую",
    "юю",
    "ая",
    "яя",
    "ые",
    "ие",
    "ых",
    "их",
    "ым",
    "им",
    "а",
    "я",
    "у",
    "ю",
    "е",
    "о",
    "ы",
    "и",
    "ь",
    "й",
)


def ru_stem(word: str) -> str:
    """Crude Russian stem of a normalised name word: final vowel or soft sign removed."""
    return word[:-1] if len(word) >= 5 and word[-1] in "аяоеьйыиую" else word


def ru_stems(word: str) -> list[str]:
    """Candidate stems of an inflected Russian word (longest ending first), at least 4 letters long."""
    out = [word] if len(word) >= 4 else []
    for ending in RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            out.append(word[: -len(ending)])
    return out


AR_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "وب", "ول", "فب", "و", "ب", "ل", "ف", "ك")


def ar_variants(word: str) -> list[tuple[str, int]]:
    """Normalised Arabic word with proclitics stripped: (form, characters stripped), unstripped first."""
    out = [(word, 0)]
    for clitic in AR_CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            rest = word[len(clitic) :]
            out.append((rest, len(clitic)))
            if clitic.endswith("ال") or clitic == "لل":
                out.append(("ال" + rest, len(clitic)))
    return out
