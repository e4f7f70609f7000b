"""Where articles come from: files, folders and stdin, each routed to its reader.

The format comes from the extension (``.gz`` of any format is decompressed first), else from
sniffing the content. Every failure becomes a :class:`ReadError` and the batch goes on.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatchcase
from typing import BinaryIO

from kabar.ingest.errors import ReadError
from kabar.ingest.feeds import read_feed
from kabar.ingest.gunzip import GunzipStream
from kabar.ingest.html import read_html
from kabar.ingest.jsonl import JsonlFields, read_jsonl
from kabar.ingest.textfile import read_text
from kabar.ingest.warc import read_warc
from kabar.records import Article

STDIN = "<stdin>"
_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 4096
_CHUNK = 65536
MAX_DOCUMENT_BYTES = 256 << 20
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc",
}  # fmt: skip
_WHOLE_FILE_READERS: dict[str, Callable[[bytes, str], Iterable[Article | ReadError]]] = {
    "text": lambda data, path: [read_text(data, path)],
    "html": lambda data, path: [read_html(data, path)],
    "feed": read_feed,
}
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)\b")
_HTML_TAG = re.compile(r"<(?:!doctype html|html|head|body|article|main|p|div|h1|title|meta)\b")

Record = Article | ReadError


def sniff(head: bytes) -> str:
    """Format of content from its first bytes: ``warc``, ``feed``, ``html``, ``jsonl`` or ``text``."""
    if head.startswith(b"WARC/"):
        return "warc"
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    start = head.decode("utf-16" if utf16 else "utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<rss", "<feed", "<rdf:rdf")) or (start.startswith("<?xml") and _FEED_ROOT.search(start)):
        return "feed"
    if start.startswith("<") and _HTML_TAG.search(start):
        return "html"
    if start.startswith("<?xml"):
        return "feed"
    return "jsonl" if start.startswith("{") else "text"


def _read_stream(raw: io.BufferedReader, label: str, fields: JsonlFields) -> Iterator[Record]:
    """Records of one file or stdin; ``raw`` must be seekable and support ``peek``."""
    name = os.path.basename(label).lower()
    head = raw.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    if not head:
        yield ReadError(path=label, reason="empty file")
        return
    gzipped = head.startswith(_GZIP_MAGIC)
    if name.endswith(".gz"):
        name = name[:-3]
        if not gzipped:
            yield ReadError(path=label, reason="not a gzip file, despite the .gz extension")
            return
    stream = io.BufferedReader(GunzipStream(raw), _CHUNK) if gzipped else raw
    head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    if not head:
        yield ReadError(path=label, reason="empty file (empty gzip stream)")
        return
    kind = _EXTENSIONS.get(os.path.splitext(name)[1]) or sniff(head)
    if kind == "warc":
        if not head.startswith(b"WARC/"):
            yield ReadError(path=label, reason="not a WARC file (it does not start with 'WARC/')")
            return
        if gzipped:  # warcio reads in blocks: give it the raw stream that returns data up to a truncation
            raw.seek(0)
        yield from read_warc(GunzipStream(raw) if gzipped else raw, label)
    elif kind == "jsonl":
        yield from read_jsonl(stream, label, fields)
    elif len(data := stream.read(MAX_DOCUMENT_BYTES + 1)) > MAX_DOCUMENT_BYTES:
        yield ReadError(path=label, reason=f"too large for one article (over {MAX_DOCUMENT_BYTES >> 20} MiB)")
    else:
        yield from _WHOLE_FILE_READERS[kind](data, label)


def _guarded(records: Iterator[Record], label: str) -> Iterator[Record]:
    """Pass records on; turn a failure while reading into a final :class:`ReadError`."""
    try:
        yield from records
    except EOFError:
        yield ReadError(path=label, reason="truncated gzip stream")
    except zlib.error as err:
        yield ReadError(path=label, reason=f"corrupt gzip stream ({err})")
    except OSError as err:
        yield ReadError(path=label, reason=f"read error ({err.strerror or err})")
    # A library failing on hostile input must not stop the batch: report it as this file's error.
    except Exception as err:
        yield ReadError(path=label, reason=f"unexpected {type(err).__name__} while reading: {err}")


def _read_file(path: str, fields: JsonlFields) -> Iterator[Record]:
    try:
        raw = open(path, "rb", buffering=_CHUNK)  # noqa: SIM115 - closed below, after the generator is done
    except OSError as err:
        yield ReadError(path=path, reason=f"cannot open file ({err.strerror})")
        return
    with raw:
        yield from _guarded(_read_stream(raw, path, fields), path)


def _matches(name: str, patterns: str | None) -> bool:
    """Whether a file name matches a glob, or one of several comma-separated globs (case-insensitive)."""
    return any(fnmatchcase(name.lower(), p.strip().lower()) for p in (patterns or "").split(",") if p.strip())


def walk(folder: str, include: str | None = None, exclude: str | None = None) -> list[str]:
    """Files under ``folder``, recursively, sorted; hidden files and folders are skipped."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in names:
            if name.startswith(".") or (include and not _matches(name, include)) or _matches(name, exclude):
                continue
            found.append(os.path.join(parent, name))
    return sorted(found)


def read_paths(
    paths: Iterable[str],
    *,
    include: str | None = None,
    exclude: str | None = None,
    fields: JsonlFields | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | ReadError]:
    """Articles, and errors for what could not be read, from files, folders and ``-`` (stdin).

    Folders are read recursively in sorted order, keeping file names that match ``include`` and
    not ``exclude`` (globs such as ``*.txt``; several may be given comma-separated). Files named
    explicitly are always read.
    """
    fields = fields or JsonlFields()
    for item in paths:
        if item == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield from _guarded(_read_stream(io.BufferedReader(io.BytesIO(data)), STDIN, fields), STDIN)
        elif os.path.isdir(item):
            for path in walk(item, include, exclude):
                yield from _read_file(path, fields)
        elif os.path.exists(item):
            yield from _read_file(item, fields)
        else:
            yield ReadError(path=item, reason="no such file or directory")
