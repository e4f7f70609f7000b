"""Text files: encodings, header lines, dates, boilerplate spans, hostile and large input."""

from __future__ import annotations

import codecs
import io
import random
import time
from datetime import date
from pathlib import Path

import pytest

from kabar.ingest import ReadError, find_boilerplate, read_paths
from kabar.ingest.dates import parse_date
from kabar.records import Article, Span

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

BODY = (
    "The Syrian army said on Tuesday it had retaken the eastern districts of Aleppo after weeks of "
    "heavy fighting, and thousands of civilians fled toward government-held areas.\n"
)
FRENCH = (
    "Le président français a déclaré mercredi que la France était prête à accueillir des réfugiés "
    "syriens. Les négociations à Genève reprendront après les fêtes, a précisé le ministère.\n"
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch erklärt, dass Deutschland weitere Flüchtlinge aus Syrien "
    "aufnehmen wird. Außenminister Müller äußerte sich besorgt über die Lage in Aleppo.\n"
)
RUSSIAN = (
    "Министерство обороны России заявило в среду, что сирийская армия при поддержке российской "
    "авиации восстановила контроль над восточными районами Алеппо. Тысячи жителей покинули город.\n"
)
INDONESIAN = (
    "Pemerintah Suriah telah menggambarkan apa yang terjadi sebagai serangan teroris skala besar.\n"
    "Baca lebih lanjut dari Sky News:\n"
    "Bendera Hizbullah berkibar di Lebanon saat kesepakatan damai bertahan\n"
    "Parade tahunan Macy’s terganggu oleh protes Gaza\n"
    "Tentu saja ada pertanyaan yang lebih luas mengapa ini terjadi sekarang?\n"
    "Presiden Assad kemungkinan besar akan kalah dalam perang.\n"
)


def read_one(tmp_path: Path, name: str, data: bytes) -> Article | ReadError:
    path = tmp_path / name
    path.write_bytes(data)
    (record,) = read_paths([str(path)])
    return record


def read_article(tmp_path: Path, name: str, data: bytes) -> Article:
    record = read_one(tmp_path, name, data)
    assert isinstance(record, Article), record
    return record


def covered(article: Article, needle: str, kind: str = "boilerplate") -> bool:
    start = article.text.index(needle)
    end = start + len(needle)
    return any(s.kind == kind and s.start <= start and end <= s.end for s in article.excluded)


def test_plain_text_keeps_whole_text_and_no_date(tmp_path: Path) -> None:
    article = read_article(tmp_path, "a.txt", BODY.encode())
    assert article.text == BODY
    assert article.published is None
    assert article.excluded == []
    assert article.path == str(tmp_path / "a.txt")


@pytest.mark.parametrize(
    ("first_line", "published"),
    [
        ("date 2016-11-29", date(2016, 11, 29)),
        ("  Date: 2016-11-29", date(2016, 11, 29)),
        ("DATE:29 November 2016", date(2016, 11, 29)),
        ("published: 2016-11-29T10:15:00Z", date(2016, 11, 29)),
        ("date: 2016/11/29", date(2016, 11, 29)),
        ("date: Tue, 29 Nov 2016 10:00:00 +0000", date(2016, 11, 29)),
        ("date: November 29, 2016", date(2016, 11, 29)),
        ("date: 29.11.2016", date(2016, 11, 29)),
        ("date: unknown", None),
    ],
)
def test_date_header_variants(tmp_path: Path, first_line: str, published: date | None) -> None:
    text = f"{first_line}\n{BODY}"
    article = read_article(tmp_path, "a.txt", text.encode())
    assert article.published == published
    assert article.excluded == [Span(start=0, end=len(first_line) + 1, kind="header")]
    assert article.text == text


def test_all_header_keys(tmp_path: Path) -> None:
    header = "Title: Aleppo falls\nURL: https://www.example.com/news/aleppo\nlanguage: EN\n\n date 2016-11-29\n"
    article = read_article(tmp_path, "a.txt", (header + BODY).encode())
    assert (article.title, article.url, article.language) == (
        "Aleppo falls",
        "https://www.example.com/news/aleppo",
        "en",
    )
    assert article.source == "example.com"
    assert article.published == date(2016, 11, 29)
    assert article.text[article.excluded[-1].end :] == BODY
    assert all(span.kind == "header" for span in article.excluded)


def test_source_header_wins_over_url_host(tmp_path: Path) -> None:
    header = "url: https://www.example.com/x\nsource: Example Daily\n"
    assert read_article(tmp_path, "a.txt", (header + BODY).encode()).source == "Example Daily"


def test_date_header_with_body_on_same_line(tmp_path: Path) -> None:
    text = " date 2016-11-29 The fall of Aleppo would solidify Assad militarily.\n\nMore text here."
    article = read_article(tmp_path, "a.txt", text.encode())
    assert article.published == date(2016, 11, 29)
    (span,) = article.excluded
    assert span.kind == "header"
    assert article.text[span.end :].startswith("The fall of Aleppo")
    assert article.text == text


def test_non_header_first_lines_are_body(tmp_path: Path) -> None:
    text = "Date palms were burned near Deir ez-Zor on 29 November 2016.\nTitle fights resumed.\n"
    article = read_article(tmp_path, "a.txt", text.encode())
    assert article.published is None
    assert article.excluded == []


def test_header_only_file_is_an_error(tmp_path: Path) -> None:
    record = read_one(tmp_path, "a.txt", b"date: 2016-11-29\ntitle: Nothing else\n")
    assert isinstance(record, ReadError)
    assert "no article text" in record.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-02", date(2024, 12, 2)),
        ("2024-12-02T23:30:00-05:00", date(2024, 12, 2)),
        ("29 de noviembre de 2016", date(2016, 11, 29)),
        ("29. November 2016", date(2016, 11, 29)),
        ("29 ноября 2016", date(2016, 11, 29)),
        ("29 Kasım 2016", date(2016, 11, 29)),
        ("29 نوفمبر 2016", date(2016, 11, 29)),
        ("29 Nov 2016", date(2016, 11, 29)),
        ("31/12/2016", date(2016, 12, 31)),
        ("12/31/2016", date(2016, 12, 31)),
        ("yesterday", None),
        ("2016-13-45", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "latin-1"),
        (GERMAN, "cp1252"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "utf-16"),
        (FRENCH, "utf-8-sig"),
    ],
)
def test_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    article = read_article(tmp_path, "a.txt", text.encode(encoding))
    assert article.text == text


def test_bom_removed_and_offsets_valid(tmp_path: Path) -> None:
    text = "date: 2016-11-29\n" + BODY
    article = read_article(tmp_path, "a.txt", codecs.BOM_UTF8 + text.encode())
    assert article.text == text
    assert article.text[article.excluded[0].end :] == BODY


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(4096),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00" + random.Random(1).randbytes(2048),
    ],
)
def test_binary_file_is_an_error(tmp_path: Path, data: bytes) -> None:
    for name in ("a.txt", "a.bin"):
        record = read_one(tmp_path, name, data)
        assert record == ReadError(path=str(tmp_path / name), reason="binary content, not a news article")


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    assert read_one(tmp_path, "a.txt", b"") == ReadError(path=str(tmp_path / "a.txt"), reason="empty file")
    record = read_one(tmp_path, "b.txt", b" \n\t\r\n")
    assert isinstance(record, ReadError)
    assert record.reason == "file contains only whitespace"


def test_large_text_file(tmp_path: Path) -> None:
    unit = f"{BODY}{FRENCH.strip()} {GERMAN}\n"  # a 170-character line, a 380-character line, a blank line
    text = "date: 2024-01-05\n" + unit * (20_000_000 // len(unit))
    text += "\n\nShare on Facebook Share on Twitter\n" + "x" * 100_000
    start = time.perf_counter()
    article = read_article(tmp_path, "big.txt", text.encode())
    assert time.perf_counter() - start < 10
    assert len(article.text) == len(text)
    assert article.published == date(2024, 1, 5)
    assert covered(article, "Share on Facebook Share on Twitter")


def test_indonesian_read_more_block() -> None:
    spans = find_boilerplate(INDONESIAN)
    (span,) = spans
    block = INDONESIAN[span.start : span.end]
    assert block.startswith("Baca lebih lanjut dari Sky News:")
    assert block.endswith("Parade tahunan Macy’s terganggu oleh protes Gaza")
    assert "Tentu saja" not in block


@pytest.mark.parametrize(
    "line",
    [
        "Featured image courtesy of YouTube.",
        "Photo: Reuters",
        "Rebels gather in Idlib on Nov. 29, 2024. (AP Photo/Ghaith Alsayed)",
        "Advertisement",
        "Share on Facebook | Share on Twitter",
        "Follow us on Twitter",
        "© 2024 Sky News. All rights reserved.",
        "Foto: ANTARA/Reno Esnir",
        "Tüm hakları saklıdır.",
        "Фото: РИА Новости",
        "جميع الحقوق محفوظة",
        "Tous droits réservés.",
        "Todos los derechos reservados.",
        "Alle Rechte vorbehalten.",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    text = f"{BODY}{line}\n{BODY}"
    start = len(BODY)
    assert find_boilerplate(text) == [Span(start=start, end=start + len(line), kind="boilerplate")]


@pytest.mark.parametrize(
    "marker",
    ["Read more:", "READ MORE:", "Baca juga:", "Lire aussi :", "Leer más:", "Читайте также:",
     "Ayrıca okuyun:", "Lesen Sie auch:", "اقرأ أيضا:"],
)  # fmt: skip
def test_read_more_blocks_in_all_languages(marker: str) -> None:
    text = f"{BODY}{marker}\nSome other headline\n\nAnd another one\n{BODY}"
    (span,) = find_boilerplate(text)
    assert text[span.start : span.end] == f"{marker}\nSome other headline\n\nAnd another one"


@pytest.mark.parametrize(
    "line",
    [
        "Photos from the scene showed destroyed buildings.",
        "Dokter di rumah sakit mengatakan pasien meninggal",
        "The copyright dispute went to court in 2016.",
        "Read more about the offensive in our live coverage, which is updated every hour.",
    ],
)
def test_ordinary_lines_are_not_boilerplate(line: str) -> None:
    assert find_boilerplate(f"{BODY}{line}\n{BODY}") == []


def test_hostile_lines_are_matched_quickly() -> None:
    lines = ["share " * 49 + "y", "(" + " " * 280 + "photo", "a" * 299 + "(", "Read more: " + "x " * 140]
    start = time.perf_counter()
    find_boilerplate("\n".join(lines * 200))
    assert time.perf_counter() - start < 2


def test_stdin_text() -> None:
    (article,) = read_paths(["-"], stdin=io.BytesIO(("title: T\n" + BODY).encode("utf-16")))
    assert isinstance(article, Article)
    assert (article.path, article.title, article.text) == ("<stdin>", "T", "title: T\n" + BODY)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not checked out beside the repo")
def test_seed_articles() -> None:
    articles = {Path(a.path).name[:3]: a for a in read_paths([str(SEEDS)], include="*.txt")}
    assert all(isinstance(a, Article) for a in articles.values())
    seed0, seed1, seed2 = articles["000"], articles["001"], articles["002"]

    assert seed1.published == date(2016, 11, 29)
    header = next(s for s in seed1.excluded if s.kind == "header")
    assert seed1.text[header.end :].startswith("The fall of Aleppo")

    assert seed0.published is None and seed2.published is None
    assert covered(seed0, "Featured image courtesy of YouTube.")
    for line in (
        "Baca lebih lanjut dari Sky News:",
        "Bendera Hizbullah berkibar di Lebanon saat kesepakatan damai bertahan",
        "Parade tahunan Macy’s terganggu oleh protes Gaza",
    ):
        assert covered(seed2, line)
    tentu = seed2.text.index("Tentu saja")
    assert not any(s.start <= tentu < s.end for s in seed2.excluded)
