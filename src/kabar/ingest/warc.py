"""WARC archives (warcio): HTML ``response``/``resource`` records become articles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from kabar.ingest.dates import parse_date
from kabar.ingest.errors import ReadError
from kabar.ingest.html import read_html
from kabar.records import Article

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, path: str) -> Iterator[Article | ReadError]:
    """Articles of an uncompressed WARC stream (for ``.warc.gz``, a :class:`~.gunzip.GunzipStream`).

    Records are numbered from 1 in file order (``path#N``). Non-HTML records and HTTP errors are
    skipped; a truncated or corrupt record ends the file with a :class:`ReadError`, keeping the
    articles already read.
    """
    complete = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), 1):
            headers = record.http_headers or record.rec_headers
            mime = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            status = record.http_headers.get_statuscode() if record.http_headers else "200"
            if record.rec_type in ("response", "resource") and mime in _HTML_TYPES and status.startswith("2"):
                body = record.content_stream().read()
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if missing := getattr(record.raw_stream, "limit", 0):
                    reason = f"truncated WARC record {number} ({uri}): {missing} bytes missing"
                    yield ReadError(path=f"{path}#{number}", reason=reason)
                    return
                published = parse_date(record.rec_headers.get_header("WARC-Date"))
                yield read_html(body, f"{path}#{number}", url=uri, published=published)
            complete = number
        stream.read(1)  # warcio takes an EOFError between records for the end: surface a truncated gzip
    except EOFError:
        reason = f"truncated WARC record: gzip stream ends early (after {complete} complete records)"
        yield ReadError(path=path, reason=reason)
    except (ArchiveLoadFailed, StatusAndHeadersParserException) as err:
        reason = f"corrupt or truncated WARC record after {complete} complete records ({err})"
        yield ReadError(path=path, reason=reason)
