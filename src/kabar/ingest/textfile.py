"""Plain-text articles in any encoding, with optional header lines before the body.

Header lines (keys case-insensitive, leading spaces allowed)::

    date 2016-11-29          date: 29 November 2016      published: 2016-11-29T10:00:00Z
    title: ...               url: https://...            source: ...         language: fr

A date key may be followed on the same line by the body (`` date 2016-11-29 The fall of…``): then
only the date token belongs to the header. The article text is the whole decoded file (BOM removed,
nothing else changed); header stretches become ``Span(kind="header")`` in ``Article.excluded``.
"""

from __future__ import annotations

import codecs
import re
from datetime import date

from charset_normalizer import from_bytes

from kabar.ingest.common import host_of, language_code, make_article
from kabar.ingest.dates import match_date, parse_date
from kabar.ingest.errors import ReadError, ReadFailure
from kabar.records import Article, Span

BINARY = "binary content, not a news article"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_KEY = re.compile(r"[ \t]*(date|published|title|url|source|language)[ \t]*(:)?[ \t]*", re.IGNORECASE)
_DATE_KEYS = ("date", "published")
_MAX_HEADER_LINES = 20
_GUESS_SAMPLE = 1 << 20


def _looks_binary(text: str) -> bool:
    """More than 1 % control or replacement characters in the first 64k characters."""
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) * 100 > len(sample)


def decode_text(data: bytes) -> str:
    """Decode bytes by BOM, as UTF-8, else with charset-normalizer's best guess; BOM removed.

    Raises :class:`ReadFailure` for binary content.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise ReadFailure(f"invalid {encoding} text ({err.reason} at byte {err.start})") from err
            if _looks_binary(text):
                raise ReadFailure(BINARY)
            return text
    try:
        text = data.decode("utf-8")
        if not _looks_binary(text):
            return text
    except UnicodeDecodeError:
        pass
    return _decode_guessed(data)


def _decode_guessed(data: bytes) -> str:
    """Decode with the encoding charset-normalizer guesses from (at most) the first megabyte."""
    sample = data if len(data) <= _GUESS_SAMPLE else data[: data.rfind(b"\n", 0, _GUESS_SAMPLE) + 1 or _GUESS_SAMPLE]
    best = from_bytes(sample).best()
    if best is None:
        raise ReadFailure(BINARY)
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError as err:
        raise ReadFailure(f"undecodable text: looks like {best.encoding}, but byte {err.start} is not") from err
    if _looks_binary(text):
        raise ReadFailure(BINARY)
    return text


def _date_value(rest: str, whole_line: bool) -> tuple[date | None, int] | None:
    """Date in a header value and how many characters of ``rest`` it uses; None if no date token.

    After a colon the whole value may be the date (``date: Tue, 29 Nov 2016 10:00 GMT``); else only a
    leading date token counts, and what follows it on the line is body text.
    """
    if whole_line and (value := parse_date(rest)):
        return value, len(rest)
    lead = len(rest) - len(rest.lstrip())
    found = match_date(rest[lead:])
    if found is None:
        return (None, len(rest)) if whole_line else None
    end = lead + found[1]
    return found[0], end + len(rest[end:]) - len(rest[end:].lstrip(" \t"))


def parse_header(text: str) -> tuple[dict[str, object], list[Span]]:
    """Header fields (published, title, url, source, language) and the header spans of ``text``."""
    fields: dict[str, object] = {}
    spans: list[Span] = []
    pos = 0
    for _ in range(_MAX_HEADER_LINES):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if not line.strip():
            if end == len(text):
                break
            pos = end + 1
            continue
        match = _KEY.match(line)
        if not match:
            break
        key, colon, rest = match[1].lower(), match[2], line[match.end() :].rstrip("\r")
        if key in _DATE_KEYS:
            found = _date_value(rest, whole_line=bool(colon))
            if found is None:
                break
            fields["published"] = found[0] or fields.get("published")
            if rest[found[1] :].strip():
                spans.append(Span(start=pos, end=pos + match.end() + found[1], kind="header"))
                break
        elif not colon:
            break
        elif key == "language":
            fields["language"] = language_code(rest)
        else:
            fields[key] = rest.strip() or None
        spans.append(Span(start=pos, end=min(end + 1, len(text)), kind="header"))
        pos = end + 1
    if fields.get("url") and not fields.get("source"):
        fields["source"] = host_of(str(fields["url"]))
    return fields, spans


def read_text(data: bytes, path: str) -> Article | ReadError:
    """One article from a text file's bytes."""
    try:
        text = decode_text(data)
    except ReadFailure as err:
        return ReadError(path=path, reason=err.reason)
    if not text.strip():
        return ReadError(path=path, reason="file contains only whitespace")
    fields, spans = parse_header(text)
    return make_article(text, path=path, excluded=spans, **fields)
