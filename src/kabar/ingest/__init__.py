"""Ingest: read news articles from text, HTML, RSS/Atom, JSONL and WARC files into :class:`Article`.

>>> for record in read_paths(["articles/"], include="*.txt"):
...     print(record)  # an Article, or a ReadError saying which file (and record) failed and why
"""

from kabar.ingest.boilerplate import find_boilerplate
from kabar.ingest.errors import ReadError
from kabar.ingest.jsonl import JsonlFields
from kabar.ingest.sources import read_paths

__all__ = ["JsonlFields", "ReadError", "find_boilerplate", "read_paths"]
