"""Publication dates from header lines, feeds and metadata.

Understands ISO 8601, RFC 2822, ``2016/11/29``, ``29.11.2016`` and day/month-name forms such as
``29 November 2016``, ``November 29, 2016``, ``29 de noviembre de 2016`` or ``29 ноября 2016`` in
every supported language (month names come from Babel's CLDR data). Never guesses: no match is None.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate
from functools import cache

from babel.dates import get_month_names

from kabar.languages import available

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_D_MONTH_Y = re.compile(r"(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+\.?)\s+(?:de\s+)?(\d{4})")
_MONTH_D_Y = re.compile(r"([^\W\d_]+\.?)\s+(\d{1,2}),?\s+(\d{4})")


@cache
def _months() -> dict[str, int]:
    """Lower-cased month names and abbreviations of all supported languages -> month number."""
    names: dict[str, int] = {"sept": 9}
    for lang in available():
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=lang).items():
                    names.setdefault(name.lower().rstrip("."), number)
    return names


def _make(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if 1800 <= value.year <= 2200 else None


def match_date(value: str) -> tuple[date, int] | None:
    """The date written at the start of ``value`` and the offset where its token ends."""
    if m := _ISO.match(value) or _YMD.match(value):
        found = _make(m[1], m[2], m[3])
        return (found, m.end()) if found else None
    if m := _DMY.match(value):
        found = _make(m[3], m[2], m[1]) or _make(m[3], m[1], m[2])
        return (found, m.end()) if found else None
    if m := _D_MONTH_Y.match(value):
        day, month, year = m[1], m[2], m[3]
    elif m := _MONTH_D_Y.match(value):
        month, day, year = m[1], m[2], m[3]
    else:
        return None
    number = _months().get(month.lower().rstrip("."))
    found = _make(year, number, day) if number else None
    return (found, m.end()) if found else None


def parse_date(value: str | None) -> date | None:
    """Parse a whole date string (ISO, RFC 2822 or the forms of :func:`match_date`); None if not a date."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if found := match_date(text):
        return found[0]
    parts = parsedate(text)
    return _make(parts[0], parts[1], parts[2]) if parts else None
