"""Word-pattern matching for lexicons (see docs/languages.md for the syntax).

A pattern is a sequence of normalised words; ``stem*`` matches a word beginning with ``stem``, ``*end``
a word ending with ``end``, ``*part*`` a word containing ``part``, ``_`` any one word and ``..`` a gap of
zero to three words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from kabar.text.tokens import Token, pattern_words

T = TypeVar("T")
_GAP = 3
_KEY = 4


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A pattern matched on tokens ``[first, last)``."""

    first: int
    last: int
    value: T


def _specificity(entry: tuple[tuple[str, ...], object, frozenset[str]]) -> int:
    """Sort key: patterns with more literal letters first, so "killed*" beats "kill*" on the same words."""
    return -sum(len(w.strip("*")) for w in entry[0] if w not in ("_", ".."))


def _literals(words: tuple[str, ...]) -> frozenset[str]:
    """The exact words (no wildcard) after the first that a text must hold for the pattern to match."""
    return frozenset(w for w in words[1:] if w not in ("_", "..") and "*" not in w)


def _word_ok(pat: str, word: str) -> bool:
    if pat == "_":
        return True
    if pat.startswith("*") and pat.endswith("*") and len(pat) > 2:
        return pat[1:-1] in word
    if pat.startswith("*"):
        return word.endswith(pat[1:])
    if pat.endswith("*"):
        return word.startswith(pat[:-1])
    return word == pat


class PatternSet(Generic[T]):
    """A compiled set of word patterns, each carrying a value."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], T, frozenset[str]]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[tuple[str, ...], T, frozenset[str]]]] = defaultdict(list)
        self._loose: list[tuple[tuple[str, ...], T, frozenset[str]]] = []
        for pattern, value in entries:
            words = tuple(pattern_words(pattern))
            if not words or words[0] in ("_", ".."):
                continue
            head, entry = words[0], (words, value, _literals(words))
            if head.startswith("*"):
                self._loose.append(entry)
            elif head.endswith("*"):
                self._prefix[head[:-1][:_KEY]].append(entry)
            else:
                self._exact[head].append(entry)
        for bucket in (*self._exact.values(), *self._prefix.values(), self._loose):
            bucket.sort(key=_specificity)

    def _candidates(self, word: str) -> Iterable[tuple[tuple[str, ...], T, frozenset[str]]]:
        yield from self._exact.get(word, ())
        for n in range(1, min(_KEY, len(word)) + 1):
            yield from self._prefix.get(word[:n], ())
        yield from self._loose

    def _ends(self, words: Sequence[str], tokens: Sequence[Token], i: int) -> Iterable[int]:
        """Token indices where ``words`` matched from ``i`` can end (exclusive)."""
        if not words:
            yield i
            return
        head, rest = words[0], words[1:]
        if head == "..":
            for skip in range(_GAP + 1):
                if i + skip <= len(tokens):
                    yield from self._ends(rest, tokens, i + skip)
            return
        if i < len(tokens) and _word_ok(head, tokens[i].norm):
            yield from self._ends(rest, tokens, i + 1)

    def find(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """Every match (overlapping ones included), longest first at each position."""
        out: list[Match[T]] = []
        present = {t.norm for t in tokens}
        for i, tok in enumerate(tokens):
            for words, value, needed in self._candidates(tok.norm):
                if not _word_ok(words[0], tok.norm) or not needed <= present:
                    continue
                ends = list(self._ends(words[1:], tokens, i + 1))
                if ends:
                    out.append(Match(i, max(ends), value))
        out.sort(key=lambda m: (m.first, m.first - m.last))
        return out

    def find_longest(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """Non-overlapping matches, preferring longer ones."""
        chosen: list[Match[T]] = []
        taken: set[int] = set()
        for m in sorted(self.find(tokens), key=lambda m: (m.first - m.last, m.first)):
            span = set(range(m.first, m.last))
            if not span & taken:
                chosen.append(m)
                taken |= span
        return sorted(chosen, key=lambda m: m.first)
