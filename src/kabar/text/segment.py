"""Sentence segmentation that keeps offsets, driven by per-language abbreviation lists."""

from __future__ import annotations

import re
from functools import cache

from kabar import languages
from kabar.records import Sentence, Span

# End punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?؟…。]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([^\s(\"“«]+)$")


@cache
def _abbreviations(lang: str | None) -> frozenset[str]:
    langs = [lang] if lang in languages.available() else languages.available()
    rows = (row for code in langs for row in languages.rows(code, "abbreviations.txt"))
    return frozenset(row[0].casefold().rstrip(".") for row in rows)


def _is_abbreviation(text: str, dot: int, abbrevs: frozenset[str]) -> bool:
    m = _WORD_BEFORE.search(text, 0, dot)
    if not m:
        return False
    word = m.group(1).casefold().rstrip(".")
    return word in abbrevs or (len(word) == 1 and word.isalpha() and word.upper() != word.lower())


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the text after whitespace at ``pos`` can start a sentence."""
    rest = text[pos:].lstrip()
    if not rest:
        return True
    ch = rest[0]
    if ch in "\"'“‘«(-–—[":
        return True
    return ch.isdigit() or ch.isupper() or (ch.isalpha() and ch.lower() == ch.upper())


def _split_block(text: str, start: int, end: int, abbrevs: frozenset[str]) -> list[tuple[int, int]]:
    out, cur = [], start
    for m in _END.finditer(text, start, end):
        stop = m.end()
        single_dot = m.group()[0] == "." and len(m.group().rstrip("\"'”’»)]")) == 1
        if single_dot and _is_abbreviation(text, m.start(), abbrevs):
            continue
        if not _starts_sentence(text[:end], stop):
            continue
        out.append((cur, stop))
        cur = stop
    out.append((cur, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str, lang: str | None, excluded: list[Span]) -> list[Sentence]:
    """Split ``text`` into sentences; those inside excluded spans are kept but marked excluded."""
    abbrevs = _abbreviations(lang)
    cuts: list[tuple[int, int, bool]] = []
    pos = 0
    for span in sorted(excluded, key=lambda s: s.start):
        if span.start > pos:
            cuts.append((pos, span.start, False))
        cuts.append((max(span.start, pos), span.end, True))
        pos = max(pos, span.end)
    cuts.append((pos, len(text), False))
    out: list[Sentence] = []
    for region_start, region_end, skip in cuts:
        for line in re.finditer(r"[^\n]+", text[region_start:region_end]):
            block_start, block_end = region_start + line.start(), region_start + line.end()
            pieces = [(block_start, block_end)] if skip else _split_block(text, block_start, block_end, abbrevs)
            for a, b in pieces:
                a, b = _trim(text, a, b)
                if a < b:
                    out.append(Sentence(index=len(out), start=a, end=b, text=text[a:b], excluded=skip))
    return out
