"""Folders, globs, stdin and format sniffing: every file is read or reported, never fatal."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from kabar.ingest import ReadError, read_paths
from kabar.ingest.sources import sniff
from kabar.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SENTENCE = "Government forces shelled the northern suburbs overnight, a monitoring group said on Sunday.\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of mixed encodings and formats, with a nested folder, a hidden file and bad files."""
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    files = {
        "utf8.txt": SENTENCE.encode(),
        "bom.txt": b"\xef\xbb\xbf" + SENTENCE.encode(),
        "utf16.txt": "Der Außenminister äußerte sich besorgt über die Lage in Aleppo.\n".encode("utf-16"),
        "latin1.txt": "L'armée a annoncé mercredi que les négociations à Genève reprendront.\n".encode("latin-1"),
        "sub/cp1251.text": "Министерство обороны заявило о восстановлении контроля над городом.\n".encode("cp1251"),
        "sub/page.html": (FIXTURES / "article.html").read_bytes(),
        "sub/deeper/feed.rss": (FIXTURES / "feed.rss").read_bytes(),
        "sub/deeper/notes.md": SENTENCE.encode(),
        "sub/empty.txt": b"",
        "sub/image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        ".hidden/secret.txt": SENTENCE.encode(),
        ".dotfile.txt": SENTENCE.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def names(records: list[Article | ReadError], root: Path) -> list[str]:
    return [str(Path(r.path.split("#")[0]).relative_to(root)) for r in records]


def test_folder_recursive_sorted_and_hidden_skipped(tree: Path) -> None:
    records = list(read_paths([str(tree)]))
    assert names(records, tree) == [
        "bom.txt",
        "latin1.txt",
        "sub/cp1251.text",
        "sub/deeper/feed.rss",
        "sub/deeper/feed.rss",
        "sub/deeper/feed.rss",
        "sub/deeper/notes.md",
        "sub/empty.txt",
        "sub/image.png",
        "sub/page.html",
        "utf16.txt",
        "utf8.txt",
    ]
    by_name = {Path(r.path).name: r for r in records}
    assert by_name["bom.txt"].text == by_name["utf8.txt"].text == SENTENCE  # type: ignore[union-attr]
    assert by_name["latin1.txt"].text.startswith("L'armée a annoncé")  # type: ignore[union-attr]
    assert by_name["cp1251.text"].text.startswith("Министерство обороны")  # type: ignore[union-attr]
    assert by_name["utf16.txt"].text.startswith("Der Außenminister äußerte")  # type: ignore[union-attr]
    assert by_name["empty.txt"] == ReadError(path=str(tree / "sub/empty.txt"), reason="empty file")
    assert by_name["image.png"] == ReadError(
        path=str(tree / "sub/image.png"), reason="binary content, not a news article"
    )


def test_include_and_exclude_globs(tree: Path) -> None:
    included = list(read_paths([str(tree)], include="*.txt"))
    assert names(included, tree) == ["bom.txt", "latin1.txt", "sub/empty.txt", "utf16.txt", "utf8.txt"]
    excluded = list(read_paths([str(tree)], include="*.txt,*.MD", exclude="utf*"))
    assert names(excluded, tree) == ["bom.txt", "latin1.txt", "sub/deeper/notes.md", "sub/empty.txt"]


def test_explicit_files_and_missing_paths(tree: Path) -> None:
    missing = str(tree / "nope.txt")
    records = list(read_paths([missing, str(tree / "utf8.txt")], include="*.html"))
    assert records[0] == ReadError(path=missing, reason="no such file or directory")
    assert isinstance(records[1], Article)
    assert str(records[0]) == f"{missing}: no such file or directory"


def test_read_paths_is_lazy_and_deterministic(tree: Path) -> None:
    first = [r.model_dump() for r in read_paths([str(tree)])]
    assert first == [r.model_dump() for r in read_paths([str(tree)])]


@pytest.mark.parametrize(
    ("data", "check"),
    [
        ((FIXTURES / "article.html").read_bytes(), "Rebels advance on Aleppo"),
        ((FIXTURES / "feed.rss").read_bytes(), "Rebels enter Aleppo"),
        ((FIXTURES / "feed.atom").read_bytes(), "Alep : les rebelles avancent"),
        (gzip.compress((FIXTURES / "feed.rss").read_bytes()), "Rebels enter Aleppo"),
        (b'{"text": "Troops crossed the border.", "title": "From stdin"}\n', "From stdin"),
    ],
)
def test_stdin_sniffs_format(data: bytes, check: str) -> None:
    records = list(read_paths(["-"], stdin=io.BytesIO(data)))
    assert check in [r.title for r in records if isinstance(r, Article)]
    assert all(r.path.startswith("<stdin>") for r in records)


def test_stdin_empty() -> None:
    assert list(read_paths(["-"], stdin=io.BytesIO(b""))) == [ReadError(path="<stdin>", reason="empty file")]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.1\r\n", "warc"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b"\xef\xbb\xbf  <feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<!DOCTYPE html><html>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b"<div><p>fragment</p></div>", "html"),
        (b'{"text": "x"}\n', "jsonl"),
        (b"Plain text < with a sign", "text"),
        ("<rss>".encode("utf-16"), "feed"),
    ],
)
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "download.dat"
    path.write_bytes((FIXTURES / "article.html").read_bytes())
    (article,) = read_paths([str(path)])
    assert isinstance(article, Article) and article.title == "Rebels advance on Aleppo"
