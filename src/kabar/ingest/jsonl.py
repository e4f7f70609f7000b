"""JSON Lines: one article object per line, field names configurable."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kabar.ingest.common import host_of, language_code, make_article, optional_str
from kabar.ingest.dates import parse_date
from kabar.ingest.errors import ReadError
from kabar.records import Article


@dataclass
class JsonlFields:
    """Which JSON keys hold an article's fields; only ``text`` is required in the data."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    url: str = "url"
    published: str = "published"
    language: str = "language"
    source: str = "source"


def _article(record: dict[str, object], path: str, number: int, fields: JsonlFields) -> Article | ReadError:
    where = f"{path}:{number}"
    if fields.text not in record:
        return ReadError(path=where, reason=f"line {number}: missing required field '{fields.text}'")
    text = record[fields.text]
    if not isinstance(text, str):
        kind = type(text).__name__
        return ReadError(path=where, reason=f"line {number}: field '{fields.text}' must be a string, not {kind}")
    if not text.strip():
        return ReadError(path=where, reason=f"line {number}: field '{fields.text}' is empty")
    url = optional_str(record.get(fields.url))
    published = record.get(fields.published)
    return make_article(
        text,
        path=f"{path}#{number}",
        external_id=optional_str(record.get(fields.id)),
        title=optional_str(record.get(fields.title)),
        url=url,
        published=parse_date(published) if isinstance(published, str) else None,
        language=language_code(record.get(fields.language)),
        source=optional_str(record.get(fields.source)) or host_of(url),
    )


def read_jsonl(lines: Iterable[bytes], path: str, fields: JsonlFields) -> Iterator[Article | ReadError]:
    """Articles of a JSONL stream; a bad line yields a :class:`ReadError` naming it and reading goes on."""
    for number, raw in enumerate(lines, 1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield ReadError(path=where, reason=f"line {number}: invalid UTF-8 ({err.reason} at byte {err.start})")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadError(path=where, reason=f"line {number}: invalid JSON ({err.msg} at col {err.colno})")
            continue
        except RecursionError:
            yield ReadError(path=where, reason=f"line {number}: invalid JSON (nested too deeply)")
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            yield ReadError(path=where, reason=f"line {number}: expected a JSON object, got {kind}")
            continue
        yield _article(record, path, number, fields)
