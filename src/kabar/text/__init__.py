"""Text stage: language, sentences, tokens and dates of an article."""

from __future__ import annotations

from dataclasses import dataclass

from kabar.records import Article, Sentence
from kabar.text.langid import detect
from kabar.text.segment import sentences
from kabar.text.tokens import Token, tokenize

__all__ = ["Document", "analyze"]


@dataclass(frozen=True)
class Document:
    """An article read by the text stage: its language and its sentences with their tokens."""

    language: str | None
    sentences: list[Sentence]
    tokens: list[list[Token]]

    def coded(self) -> list[tuple[Sentence, list[Token]]]:
        """The sentences that may be coded (not header or boilerplate), with their tokens."""
        return [(s, t) for s, t in zip(self.sentences, self.tokens, strict=True) if not s.excluded]


def analyze(article: Article, lang: str | None = None) -> Document:
    """Language (given, declared or detected), sentences and tokens of ``article``."""
    language = lang or article.language or detect(_codable_text(article))
    sents = sentences(article.text, language, article.excluded)
    return Document(language, sents, [tokenize(s.text, s.start) for s in sents])


def _codable_text(article: Article) -> str:
    text, pos, parts = article.text, 0, []
    for span in sorted(article.excluded, key=lambda s: s.start):
        parts.append(text[pos:span.start])
        pos = max(pos, span.end)
    parts.append(text[pos:])
    return " ".join(parts)
