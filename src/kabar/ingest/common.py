"""What every reader shares: building an :class:`Article` with its excluded spans, URL hosts, languages."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from kabar.ingest.boilerplate import find_boilerplate, merge_spans
from kabar.ingest.errors import ReadError
from kabar.records import Article, Span


def make_article(text: str, *, path: str, excluded: Iterable[Span] = (), **fields: object) -> Article | ReadError:
    """An article with header and boilerplate spans excluded, or an error if nothing else is left."""
    spans = merge_spans([*excluded, *find_boilerplate(text)])
    gaps = zip([0, *(s.end for s in spans)], [*(s.start for s in spans), len(text)], strict=True)
    if not any(text[start:end].strip() for start, end in gaps):
        return ReadError(path=path, reason="no article text besides header and boilerplate lines")
    return Article.build(text, path=path, excluded=spans, **fields)


def host_of(url: str | None) -> str | None:
    """Host name of a URL without a leading ``www.``; None when there is none."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def language_code(value: object) -> str | None:
    """ISO 639-1 code from a declared language such as ``en``, ``en-US`` or ``pt_BR``; None otherwise."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else None


def optional_str(value: object) -> str | None:
    """A non-empty string field value (numbers are turned into strings); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None
