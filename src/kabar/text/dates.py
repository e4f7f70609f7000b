"""Dates named in a sentence, resolved against the publication date.

Month and weekday names come from CLDR (babel) for every language; relative expressions
("yesterday", "kemarin", "أمس") come from ``languages/<lang>/dates.tsv``. Nothing is ever
resolved against today's date: without a publication date a relative expression stays unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from babel import Locale

from kabar import languages
from kabar.text.patterns import PatternSet
from kabar.text.tokens import Token, tokenize

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_RELATIVE = re.compile(r"^([-+]?\d+)([dmy])$")
_ABSOLUTE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in text: offsets, the resolved date, and its precision."""

    start: int
    end: int
    date: dt.date
    precision: str


@dataclass(frozen=True)
class _Names:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: PatternSet[tuple[int, str]]
    named: PatternSet[dt.date]


@cache
def _names(lang: str | None) -> _Names:
    codes = [lang] if lang and lang in languages.available() else ["en"]
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for code in [*codes, "en"]:
        loc = Locale.parse(code)
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months[ctx][width].items():
                    for word in tokenize(name):
                        if len(word.norm) >= 3:
                            months.setdefault(word.norm, num)
                for num, name in loc.days[ctx]["wide"].items():
                    words = tokenize(name)
                    if words:
                        weekdays.setdefault(words[-1].norm, num)
    rel: list[tuple[str, tuple[int, str]]] = []
    named: list[tuple[str, dt.date]] = []
    for code in codes:
        for row in languages.rows(code, "dates.tsv"):
            if len(row) < 2:
                continue
            if m := _RELATIVE.match(row[1]):
                rel.append((row[0], (int(m.group(1)), m.group(2))))
            elif _ABSOLUTE.match(row[1]):
                named.append((row[0], dt.date.fromisoformat(row[1])))
    return _Names(months, weekdays, PatternSet(rel), PatternSet(named))


def _shift(base: dt.date, amount: int, unit: str) -> tuple[dt.date, str]:
    if unit == "d":
        return base + dt.timedelta(days=amount), "day"
    if unit == "m":
        month = base.month - 1 + amount
        return dt.date(base.year + month // 12, month % 12 + 1, 1), "month"
    return dt.date(base.year + amount, 1, 1), "year"


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_before(published: dt.date, month: int, day: int) -> dt.date | None:
    """The latest ``day month`` on or before ``published``."""
    for year in (published.year, published.year - 1):
        d = _safe(year, month, day)
        if d and d <= published:
            return d
    return None


def _year(tok: Token) -> int | None:
    return int(tok.norm) if len(tok.norm) == 4 and tok.norm.isdigit() and 1900 <= int(tok.norm) <= 2100 else None


def _day(tok: Token) -> int | None:
    return int(tok.norm) if tok.norm.isdigit() and 1 <= int(tok.norm) <= 31 and len(tok.norm) <= 2 else None


def find_dates(text: str, lang: str | None, published: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Dates named in ``text`` (offsets shifted by ``offset``), most specific first at each place."""
    names = _names(lang)
    out: list[DateMention] = []
    used: set[int] = set()

    def add(start: int, end: int, date: dt.date | None, precision: str) -> None:
        if date is not None and not any(i in used for i in range(start, end)):
            out.append(DateMention(start + offset, end + offset, date, precision))
            used.update(range(start, end))

    toks = tokenize(text)
    for m in names.named.find_longest(toks):
        add(toks[m.first].start, toks[m.last - 1].end, m.value, "day")
    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _safe(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day")
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day, month = (b, a) if lang == "en" and b <= 31 and a <= 12 else (a, b)
        add(m.start(), m.end(), _safe(year, month, day), "day")

    for i, tok in enumerate(toks):
        month = names.months.get(tok.norm)
        if month is None:
            continue
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        after = toks[i + 2] if i + 2 < len(toks) else None
        day = _day(prev) if prev else None
        first = prev if day else tok
        if day is None and nxt and _day(nxt):
            day = _day(nxt)
            nxt, after = after, None
        year = _year(nxt) if nxt else None
        last = nxt if year else (toks[i + 1] if day and first is tok else tok)
        if day and year:
            add(first.start, last.end, _safe(year, month, day), "day")
        elif day and published:
            add(first.start, last.end, _latest_before(published, month, day), "day")
        elif year:
            add(tok.start, last.end, dt.date(year, month, 1), "month")
        elif published:
            y = published.year if month <= published.month else published.year - 1
            add(tok.start, tok.end, dt.date(y, month, 1), "month")
    if published:
        for tok in toks:
            wd = names.weekdays.get(tok.norm)
            if wd is not None:
                back = (published.weekday() - wd) % 7
                add(tok.start, tok.end, published - dt.timedelta(days=back), "day")
        for m in names.relative.find_longest(toks):
            amount, unit = m.value
            date, precision = _shift(published, amount, unit)
            add(toks[m.first].start, toks[m.last - 1].end, date, precision)
    for tok in toks:
        year = _year(tok)
        if year:
            add(tok.start, tok.end, dt.date(year, 1, 1), "year")
    return sorted(out, key=lambda d: d.start)
