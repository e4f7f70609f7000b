"""HTML, RSS/Atom, JSONL, WARC and gzip readers, with normal and hostile samples."""

from __future__ import annotations

import gzip
import io
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kabar.ingest import JsonlFields, ReadError, read_paths, sources
from kabar.ingest.gunzip import GunzipStream
from kabar.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PARAGRAPH = (
    "Opposition fighters entered the western districts of Aleppo on Friday after a surprise offensive "
    "launched from Idlib province earlier in the week, according to residents and a war monitor."
)


def page(title: str, paragraphs: int = 3, head: str = "") -> str:
    body = "".join(f"<p>{PARAGRAPH} Paragraph {n}.</p>\n" for n in range(paragraphs))
    return f"<html><head><title>{title}</title>{head}</head><body><article>{body}</article></body></html>"


def read_all(path: Path, **options: object) -> list[Article | ReadError]:
    return list(read_paths([str(path)], **options))  # type: ignore[arg-type]


def errors(records: list[Article | ReadError]) -> list[ReadError]:
    return [r for r in records if isinstance(r, ReadError)]


def articles(records: list[Article | ReadError]) -> list[Article]:
    return [r for r in records if isinstance(r, Article)]


# HTML


def test_html_page() -> None:
    (article,) = read_all(FIXTURES / "article.html")
    assert isinstance(article, Article)
    assert article.title == "Rebels advance on Aleppo"
    assert article.url == "https://www.example-news.com/world/2024/11/30/rebels-aleppo"
    assert article.source == "example-news.com"
    assert article.published == date(2024, 11, 30)
    assert article.language == "en"
    assert "Opposition fighters entered" in article.text
    assert "Privacy policy" not in article.text and "Sport" not in article.text
    (span,) = article.excluded
    assert article.text[span.start : span.end] == "Photo: Reuters"


def test_html_time_element_date(tmp_path: Path) -> None:
    path = tmp_path / "a.htm"
    path.write_text(page("T").replace("<article>", '<article><time datetime="2023-10-07">7 Oct</time>'))
    (article,) = read_all(path)
    assert isinstance(article, Article)
    assert article.published == date(2023, 10, 7)


def test_malformed_html_still_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text(f"<html><head><title>Broken</title><body><div><p>{PARAGRAPH}<p><b>{PARAGRAPH} Again.<div><span")
    (article,) = read_all(path)
    assert isinstance(article, Article)
    assert "Opposition fighters" in article.text


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body><script>var x = 1;</script></body></html>")
    assert read_all(path) == [ReadError(path=str(path), reason="no article text extracted from HTML")]


def test_binary_html(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert read_all(path) == [ReadError(path=str(path), reason="binary content, not a news article")]


# RSS / Atom


def test_rss_feed() -> None:
    records = read_all(FIXTURES / "feed.rss")
    first, second = articles(records)
    assert first.path == f"{FIXTURES / 'feed.rss'}#1"
    assert first.text == "Opposition fighters entered Aleppo on Friday.\nThe army said it was sending reinforcements."
    assert (first.title, first.external_id, first.source, first.language) == (
        "Rebels enter Aleppo",
        "urn:example:1001",
        "Example World News",
        "en",
    )
    assert first.url == "https://www.example-news.com/world/rebels-enter-aleppo"
    assert first.published == date(2024, 11, 29)  # the date as written, not shifted to UTC
    assert second.published == date(2024, 11, 30)
    (error,) = errors(records)
    assert error.path.endswith("feed.rss#3") and "no content or summary" in error.reason


def test_atom_feed_with_html_content() -> None:
    (article,) = read_all(FIXTURES / "feed.atom")
    assert isinstance(article, Article)
    assert article.language == "fr" and article.published == date(2024, 11, 30)
    assert article.url == "https://actu.example.fr/monde/alep"
    assert article.text.startswith("Les rebelles sont entrés dans Alep vendredi.\nLire aussi :")
    (span,) = article.excluded
    assert article.text[span.start : span.end] == "Lire aussi :\nLa Turquie ferme sa frontière"


def test_malformed_feed_keeps_recovered_items(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    text = (FIXTURES / "feed.rss").read_text().replace("</channel>\n</rss>", "<item><title>Unclosed")
    path.write_text(text)
    assert [a.title for a in articles(read_all(path))] == ["Rebels enter Aleppo", "Talks resume in Geneva"]


def test_malformed_feed_without_items(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text('<?xml version="1.0"?><rss><channel><title>x</title><<<>>')
    (error,) = read_all(path)
    assert isinstance(error, ReadError)
    assert error.reason.startswith("malformed feed XML, no items recovered (")


# JSONL


def test_jsonl_bad_lines_reported_good_lines_kept() -> None:
    records = read_all(FIXTURES / "articles.jsonl")
    assert [a.external_id for a in articles(records)] == ["a1", "2", "a7"]
    first, second, _ = articles(records)
    assert first.path == f"{FIXTURES / 'articles.jsonl'}#1"
    assert (first.title, first.url, first.source, first.published, first.language) == (
        "Saraqeb",
        "https://news.example.org/a1",
        "news.example.org",
        date(2024, 12, 2),
        "en",
    )
    assert (second.source, second.published, second.language) == ("Exemple", date(2024, 12, 5), "fr")
    reasons = {Path(e.path).name: e.reason for e in errors(records)}
    assert reasons == {
        "articles.jsonl:4": "line 4: invalid JSON (Expecting ',' delimiter at col 38)",
        "articles.jsonl:5": "line 5: missing required field 'text'",
        "articles.jsonl:6": "line 6: expected a JSON object, got list",
        "articles.jsonl:7": "line 7: field 'text' is empty",
    }


def test_jsonl_custom_fields_and_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "custom.ndjson"
    path.write_bytes(
        b'{"body": "Troops crossed the border.", "headline": "Border", "doc": 9, "date": "2024-01-02"}\n'
        b'{"body": "\xff\xfe broken utf-8"}\n'
        b'{"body": 42}\n'
    )
    fields = JsonlFields(text="body", title="headline", id="doc", published="date")
    records = read_all(path, fields=fields)
    (article,) = articles(records)
    assert (article.title, article.external_id, article.published) == ("Border", "9", date(2024, 1, 2))
    assert [e.reason.split(":")[0] for e in errors(records)] == ["line 2", "line 3"]
    assert "invalid UTF-8" in errors(records)[0].reason
    assert "must be a string, not int" in errors(records)[1].reason


# WARC


def make_warc(gzipped: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    responses = [
        ("https://www.example.org/one", "text/html; charset=utf-8", "200 OK", page("One")),
        ("https://www.example.org/logo.png", "image/png", "200 OK", "not really a png"),
        ("https://www.example.org/missing", "text/html", "404 Not Found", page("Missing")),
        ("https://www.example.org/two", "text/html", "200 OK", page("Two", paragraphs=6)),
    ]
    for uri, content_type, status, body in responses:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body.encode()),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-11-30T12:00:00Z"},
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "crawl.bin"])
def test_warc(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(make_warc(gzipped=name.endswith(".gz")))
    records = read_all(path)
    assert errors(records) == []
    one, two = articles(records)
    assert (one.path, one.url, one.source) == (f"{path}#2", "https://www.example.org/one", "example.org")
    assert one.title == "One" and one.published == date(2024, 11, 30)
    assert two.path == f"{path}#5" and "Paragraph 5." in two.text


def test_warc_gz_from_stdin() -> None:
    records = list(read_paths(["-"], stdin=io.BytesIO(make_warc(gzipped=True))))
    assert [(a.path, a.title) for a in articles(records)] == [("<stdin>#2", "One"), ("<stdin>#5", "Two")]


@pytest.mark.parametrize("gzipped", [True, False])
def test_truncated_warc_keeps_earlier_records(tmp_path: Path, gzipped: bool) -> None:
    data = make_warc(gzipped)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(data[: len(data) - 300])
    records = read_all(path)
    assert [a.title for a in articles(records)] == ["One"]
    (error,) = errors(records)
    assert error.reason.startswith("truncated WARC record")


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_text("this is not a WARC file\n" * 10)
    (error,) = read_all(path)
    assert error == ReadError(path=str(path), reason="not a WARC file (it does not start with 'WARC/')")


def test_corrupt_warc_keeps_earlier_records(tmp_path: Path) -> None:
    data = make_warc(gzipped=False)
    third = data.index(b"WARC/1.0", data.index(b"https://www.example.org/one"))
    path = tmp_path / "corrupt.warc"
    path.write_bytes(data[:third] + b"GARBAGE" + data[third + 8 :])
    records = read_all(path)
    assert [a.title for a in articles(records)] == ["One"]
    (error,) = errors(records)
    assert error.reason.startswith("corrupt or truncated WARC record after 2 complete records")


# gzip


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt.gz", b"date: 2020-02-02\nTroops crossed the border at dawn."),
        ("page.html.gz", page("Zipped").encode()),
        ("a.jsonl.gz", b'{"text": "Troops crossed the border at dawn."}\n'),
        ("noext.gz", b'{"text": "Troops crossed the border at dawn."}\n'),
    ],
)
def test_gzip_of_each_format(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(content))
    (article,) = read_all(path)
    assert isinstance(article, Article), article


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(("Troops crossed the border at dawn. " * 2000).encode())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    assert read_all(path) == [ReadError(path=str(path), reason="truncated gzip stream")]


def test_truncated_gzip_jsonl_keeps_complete_lines(tmp_path: Path) -> None:
    lines = b"".join(b'{"id": %d, "text": "Troops crossed the border, report %d."}\n' % (n, n) for n in range(3000))
    data = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    records = read_all(path)
    assert len(articles(records)) > 100
    assert [a.external_id for a in articles(records)] == [str(n) for n in range(len(articles(records)))]
    assert errors(records) == [ReadError(path=str(path), reason="truncated gzip stream")]


def test_gunzip_stream_returns_data_up_to_truncation() -> None:
    payload = bytes(range(256)) * 4000
    members = gzip.compress(payload[:500_000]) + gzip.compress(payload[500_000:])
    assert GunzipStream(io.BytesIO(members)).readall() == payload
    stream = GunzipStream(io.BytesIO(members[:-100]))
    received = b""
    with pytest.raises(EOFError):
        while chunk := stream.read(70_000):
            received += chunk
    assert 500_000 < len(received) < len(payload) and payload.startswith(received)
    with pytest.raises(EOFError):
        stream.read(1)


def test_too_large_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_DOCUMENT_BYTES", 1 << 20)
    path = tmp_path / "huge.html"
    path.write_bytes(b"<html>" + b" " * (2 << 20))
    assert read_all(path) == [ReadError(path=str(path), reason="too large for one article (over 1 MiB)")]


def test_gz_extension_without_gzip(tmp_path: Path) -> None:
    path = tmp_path / "fake.txt.gz"
    path.write_text("plain text")
    (error,) = read_all(path)
    assert isinstance(error, ReadError) and "not a gzip file" in error.reason
