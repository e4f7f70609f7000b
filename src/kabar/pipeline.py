"""The whole chain for one article: text → actors → geo → coding."""

from __future__ import annotations

import datetime as dt

from kabar.coding import Coder
from kabar.coding.classifier import TypeClassifier
from kabar.geo import Geoparser
from kabar.records import Article, Event
from kabar.text import analyze


class Pipeline:
    """Codes articles; built once per process (lexicons and models load on first use)."""

    def __init__(self) -> None:
        self.coder = Coder(TypeClassifier())
        self.geo = Geoparser()

    def process(self, article: Article, *, published: dt.date | None = None,
                lang: str | None = None) -> tuple[Article, list[Event]]:
        """The article with its language set, and its events. ``published``/``lang`` override the article's."""
        doc = analyze(article, lang)
        places = self.geo.toponyms(article.text, doc.language, [(s.start, s.end) for s, _ in doc.coded()])
        events = self.coder.code(article, doc, published or article.published, places)
        return article.model_copy(update={"language": doc.language}), events
