"""Word tokens with offsets and the normalisation every matcher shares."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


@dataclass(frozen=True, slots=True)
class Token:
    """A word: its normalised form and its character offsets in the text it came from."""

    norm: str
    start: int
    end: int


def normalize(word: str) -> str:
    """Casefold, drop Arabic diacritics and tatweel, unify alef forms, Turkish i/ı and Russian ё/е."""
    word = _ARABIC_MARKS.sub("", word).translate(_ALEF)
    folded = word.casefold().replace("\u0307", "").replace("ı", "i").replace("ё", "е")
    return unicodedata.normalize("NFC", folded)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into word tokens; offsets are shifted by ``offset``."""
    out = []
    # Arabic marks are not word characters: swap each for a tatweel (a letter) so words stay whole.
    for m in _WORD.finditer(_ARABIC_MARKS.sub(lambda m: "\u0640" * len(m.group()), text)):
        out.append(Token(normalize(m.group()), m.start() + offset, m.end() + offset))
    return out


def normalize_phrase(phrase: str) -> str:
    """A word or multiword marker normalised like tokens, words joined by single spaces."""
    return " ".join(t.norm for t in tokenize(phrase))


def pattern_words(pattern: str) -> list[str]:
    """Split a lexicon pattern into words the way text is split, keeping ``*``, ``_`` and ``..`` markers."""
    words: list[str] = []
    for chunk in pattern.split():
        if chunk in ("_", ".."):
            words.append(chunk)
            continue
        pieces = [normalize(p) for p in _WORD.findall(chunk)]
        if not pieces:
            continue
        if chunk.startswith("*"):
            pieces[0] = "*" + pieces[0]
        if chunk.endswith("*"):
            pieces[-1] += "*"
        words.extend(pieces)
    return words
