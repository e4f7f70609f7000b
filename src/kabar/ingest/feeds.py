"""RSS and Atom feeds (feedparser): one article per item."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser

from kabar.ingest.common import host_of, language_code, make_article, optional_str
from kabar.ingest.dates import parse_date
from kabar.ingest.errors import ReadError
from kabar.ingest.html import fragment_text
from kabar.records import Article

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _as_text(value: str, content_type: str | None) -> str:
    return value.strip() if content_type and content_type not in _HTML_TYPES else fragment_text(value)


def _entry_text(entry: Any) -> str:
    """Text of an item: its full content when given, else its summary; HTML reduced to text."""
    for content in entry.get("content") or ():
        if text := _as_text(content.get("value") or "", content.get("type")):
            return text
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary") or "", detail.get("type"))


def _entry_date(entry: Any) -> date | None:
    """Publication date as written in the feed (feedparser's parsed tuples are shifted to UTC)."""
    for key in ("published", "updated", "created"):
        if found := parse_date(entry.get(key)):
            return found
    for key in ("published_parsed", "updated_parsed"):
        if parsed := entry.get(key):
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def read_feed(data: bytes, path: str) -> Iterator[Article | ReadError]:
    """Articles of an RSS/Atom document; items recovered from malformed XML are kept."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            reason = f"malformed feed XML, no items recovered ({parsed.bozo_exception})"
        else:
            reason = "no feed items found (not an RSS/Atom feed?)"
        yield ReadError(path=path, reason=reason)
        return
    feed = parsed.feed
    feed_title = optional_str(_as_text(feed.get("title") or "", (feed.get("title_detail") or {}).get("type")))
    for number, entry in enumerate(parsed.entries, 1):
        item = f"{path}#{number}"
        text = _entry_text(entry)
        if not text:
            yield ReadError(path=item, reason=f"feed item {number} has no content or summary text")
            continue
        url = optional_str(entry.get("link"))
        title = entry.get("title_detail") or {}
        yield make_article(
            text,
            path=item,
            external_id=optional_str(entry.get("id")),
            url=url,
            title=optional_str(_as_text(entry.get("title") or "", title.get("type"))),
            published=_entry_date(entry),
            source=feed_title or host_of(url) or host_of(feed.get("link")),
            language=language_code(title.get("language") or feed.get("language")),
        )
