"""Ingest: read news articles from text, HTML, RSS/Atom, JSONL and WARC files into :class:`Article`.

Usage::

    for record in read_paths(["articles/", "-"], include="*.txt,*.html"):
        ...  # an Article, or a ReadError saying which file (and record) failed and why

Every reader marks header lines and boilerplate (per-language patterns in
``languages/<lang>/boilerplate.tsv``) as excluded spans; the text itself is never altered.
"""

from kabar.ingest.boilerplate import find_boilerplate
from kabar.ingest.errors import ReadError
from kabar.ingest.jsonl import JsonlFields
from kabar.ingest.sources import read_paths

__all__ = ["JsonlFields", "ReadError", "find_boilerplate", "read_paths"]
