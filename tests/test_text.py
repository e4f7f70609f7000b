"""Text stage: tokens, patterns, language, sentences and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from kabar.records import Article, Span
from kabar.text import analyze
from kabar.text.dates import find_dates
from kabar.text.langid import detect
from kabar.text.patterns import PatternSet
from kabar.text.segment import sentences
from kabar.text.tokens import tokenize


def test_tokens_keep_offsets_and_normalise() -> None:
    text = "al-Nusra’s U.S. İstanbul مُحَمَّد"
    toks = tokenize(text, offset=10)
    assert [t.norm for t in toks] == ["al", "nusra", "s", "u", "s", "istanbul", "محمد"]
    assert all(text[t.start - 10:t.end - 10] for t in toks)
    assert text[toks[-1].start - 10:toks[-1].end - 10] == "مُحَمَّد"


def test_patterns_wildcards_gaps_and_longest() -> None:
    ps = PatternSet([("attack*", "A"), ("opened .. fire", "B"), ("*الجيش", "C"), ("syrian arab army", "D"),
                     ("army", "E")])
    found = [(m.value, m.last - m.first) for m in
             ps.find_longest(tokenize("They attacked, opened heavy fire. والجيش and the Syrian Arab Army"))]
    assert found == [("A", 1), ("B", 3), ("C", 1), ("D", 3)]


@pytest.mark.parametrize(("text", "lang"), [
    ("Russian forces shelled the city overnight, officials said.", "en"),
    ("Rusia sedang berjuang untuk mendapatkan sumber daya di Ukraina dan mengalihkan angkatan udaranya.", "id"),
    ("قصفت الطائرات الحربية مدينة حلب صباح اليوم", "ar"),
    ("Des combats ont éclaté dans la ville de Goma samedi.", "fr"),
    ("La policía detuvo a decenas de manifestantes en Caracas.", "es"),
    ("Российские войска обстреляли Харьков ночью.", "ru"),
    ("Halep'te çatışmalar sabaha kadar sürdü.", "tr"),
    ("Die Armee hat in der Nacht mehrere Dörfer angegriffen.", "de"),
])
def test_language_identification(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_sentences_respect_abbreviations_lines_and_excluded_spans() -> None:
    text = " date 2016-11-29 The U.S. Army left. Dr. Smith stayed!\nRead more:\nHeadline one\nNext line here?"
    block = text.index("Read more:")
    excluded = [Span(start=0, end=17, kind="header"),
                Span(start=block, end=text.index("Next"), kind="boilerplate")]
    out = sentences(text, "en", excluded)
    assert [(s.text, s.excluded) for s in out] == [
        ("date 2016-11-29", True), ("The U.S. Army left.", False), ("Dr. Smith stayed!", False),
        ("Read more:", True), ("Headline one", True), ("Next line here?", False)]
    assert all(text[s.start:s.end] == s.text for s in out)


def test_arabic_sentences_split_on_arabic_question_mark() -> None:
    out = sentences("هل انتهت الحرب؟ قال المسؤول إن القتال مستمر.", "ar", [])
    assert len(out) == 2


def test_dates_explicit_relative_weekday_and_named() -> None:
    pub = dt.date(2024, 11, 30)

    def first(text: str, lang: str, published: dt.date | None = pub) -> tuple[dt.date, str] | None:
        found = find_dates(text, lang, published)
        return (found[0].date, found[0].precision) if found else None

    assert first("on 12 March 2024", "en") == (dt.date(2024, 3, 12), "day")
    assert first("pada 3 Oktober", "id") == (dt.date(2024, 10, 3), "day")  # latest such day before publication
    assert first("pada 3 Desember", "id") == (dt.date(2023, 12, 3), "day")
    assert first("вчера вечером", "ru") == (dt.date(2024, 11, 29), "day")
    assert first("كمين أمس", "ar") == (dt.date(2024, 11, 29), "day")
    assert first("on Tuesday", "en") == (dt.date(2024, 11, 26), "day")
    assert first("in 2011", "en") == (dt.date(2011, 1, 1), "year")
    assert first("serangan Hamas pada 7 Oktober terhadap Israel", "id") == (dt.date(2023, 10, 7), "day")
    # Without a publication date nothing relative is resolved: never today's date.
    assert first("yesterday", "en", None) is None
    assert first("pada 3 Oktober", "id", None) is None


def test_analyze_detects_language_from_codable_text() -> None:
    art = Article.build("Polisi menangkap puluhan demonstran di Jakarta pada hari Minggu.\n")
    doc = analyze(art)
    assert doc.language == "id"
    assert len(doc.coded()) == 1
