"""Language-aware boilerplate detection on plain text.

Patterns are data: ``languages/<lang>/boilerplate.tsv`` holds rows ``kind<TAB>regex``; every
language's rows are loaded together (the language is not known yet at ingest) and matched,
case-insensitively, against each whole stripped line:

* ``line``: the line is boilerplate (image credits, share/subscribe lines, copyright notices);
* ``block``: the line is a marker such as "Read more:" and the headline lines right after it are
  boilerplate too: short lines that do not end like a sentence. The block ends before the first
  line that does.

Only lines of at most :data:`MAX_LINE` characters are matched, which keeps the cost linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from kabar.languages import available, rows
from kabar.records import Span

MAX_LINE = 300
HEADLINE_MAX = 160
MAX_BLOCK_LINES = 12
_SENTENCE_END = re.compile(r"[.!?؟…。][\"'”’»)\]]*$")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The ``line`` and ``block`` patterns of all languages, each compiled into one regex."""
    kinds: dict[str, list[str]] = {"line": [], "block": []}
    for lang in available():
        for row in rows(lang, "boilerplate.tsv"):
            where = f"languages/{lang}/boilerplate.tsv"
            if len(row) != 2 or row[0] not in kinds:
                raise ValueError(f"{where}: bad row {row!r}, expected 'line|block<TAB>regex'")
            try:
                re.compile(row[1])
            except re.error as err:
                raise ValueError(f"{where}: invalid regex {row[1]!r}: {err}") from err
            kinds[row[0]].append(row[1])
    line, block = ("|".join(f"(?:{p})" for p in kinds[k]) or "(?!)" for k in ("line", "block"))
    return re.compile(line, re.IGNORECASE), re.compile(block, re.IGNORECASE)


def _lines(text: str) -> Iterator[tuple[int, int, str | None]]:
    """(start, end, content) of each line's stripped content; content is None for an over-long line."""
    pos, size = 0, len(text)
    while pos <= size:
        end = text.find("\n", pos)
        end = size if end < 0 else end
        line = text[pos:end]
        content = line.lstrip()
        start = pos + len(line) - len(content)
        content = content.rstrip()
        yield start, start + len(content), content if len(content) <= MAX_LINE else None
        pos = end + 1


def _is_headline(content: str | None) -> bool:
    return content is not None and 0 < len(content) < HEADLINE_MAX and not _SENTENCE_END.search(content)


def find_boilerplate(text: str) -> list[Span]:
    """Boilerplate spans of ``text`` (kind ``boilerplate``), sorted and non-overlapping."""
    line_re, block_re = _patterns()
    lines = list(_lines(text))
    spans: list[Span] = []
    i = 0
    while i < len(lines):
        start, end, content = lines[i]
        i += 1
        if not content:
            continue
        if line_re.fullmatch(content):
            spans.append(Span(start=start, end=end, kind="boilerplate"))
        elif len(content) < HEADLINE_MAX and block_re.fullmatch(content):
            taken = 0
            while i < len(lines) and taken < MAX_BLOCK_LINES:
                _, line_end, following = lines[i]
                if following == "":
                    i += 1
                    continue
                if not _is_headline(following):
                    break
                end, taken, i = line_end, taken + 1, i + 1
            spans.append(Span(start=start, end=end, kind="boilerplate"))
    return merge_spans(spans)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and make them non-overlapping: same-kind neighbours merge, the earlier span wins."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.end <= span.start:
            continue
        if out and span.start <= out[-1].end and span.kind == out[-1].kind:
            if span.end > out[-1].end:
                out[-1] = Span(start=out[-1].start, end=span.end, kind=span.kind)
        elif out and span.start < out[-1].end:
            if span.end > out[-1].end:
                out.append(Span(start=out[-1].end, end=span.end, kind=span.kind))
        else:
            out.append(span)
    return out
