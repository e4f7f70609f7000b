"""Per-language knowledge as data files: ``languages/<iso639-1>/<name>``.

Adding a language is adding a folder here with the same files (see docs/languages.md).
Every stage reads its own files through :func:`rows` or :func:`settings`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def available() -> tuple[str, ...]:
    """Languages that have a data folder (ISO 639-1 codes)."""
    root = resources.files(__name__)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))


@cache
def rows(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file; blank lines and ``#`` comments skipped; missing file = no rows."""
    path = resources.files(__name__).joinpath(lang, name)
    if not path.is_file():
        return ()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(out)


@cache
def settings(lang: str) -> dict[str, Any]:
    """The language's ``settings.json`` (empty dict when absent)."""
    path = resources.files(__name__).joinpath(lang, "settings.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
