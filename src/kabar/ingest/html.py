"""HTML pages (trafilatura, offline) and HTML fragments (feed items) to plain text."""

from __future__ import annotations

from datetime import date

import lxml.html
import trafilatura
from lxml import etree

from kabar.ingest.common import host_of, language_code, make_article
from kabar.ingest.dates import parse_date
from kabar.ingest.errors import ReadError, ReadFailure
from kabar.ingest.textfile import decode_text
from kabar.records import Article

_PUBLISHED_META = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished' or @name='pubdate' or @name='publishdate' or @name='date']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //time[@pubdate]/@datetime"
)
_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
    "table", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "hr",
)  # fmt: skip
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def _parse(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(markup.encode("utf-8"), parser=_PARSER)


def _declared_date(tree: lxml.html.HtmlElement) -> date | None:
    """Publication date declared in the page's markup (Open Graph, schema.org, ``<time pubdate>``)."""
    for value in tree.xpath(_PUBLISHED_META):
        if found := parse_date(str(value)):
            return found
    return None


def _canonical_url(tree: lxml.html.HtmlElement) -> str | None:
    """The page's absolute ``<link rel="canonical">`` URL."""
    for href in tree.xpath("//link[@rel='canonical']/@href"):
        if str(href).strip().startswith(("http://", "https://")):
            return str(href).strip()
    return None


def read_html(data: bytes, path: str, *, url: str | None = None, published: date | None = None) -> Article | ReadError:
    """One article from an HTML page: main text, title, date and canonical URL.

    ``url`` (e.g. a WARC target URI) wins over the page's canonical URL; ``published`` is the
    fallback date when the page declares none.
    """
    try:
        tree = _parse(decode_text(data))
    except ReadFailure as err:
        return ReadError(path=path, reason=err.reason)
    except (etree.ParserError, ValueError) as err:
        return ReadError(path=path, reason=f"not parseable as HTML ({err})")
    declared = _declared_date(tree)
    canonical = _canonical_url(tree)
    language = language_code(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"))
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (doc.text or "") if doc else ""
    if not text.strip():
        return ReadError(path=path, reason="no article text extracted from HTML")
    page_url = url or canonical or doc.url
    return make_article(
        text,
        path=path,
        url=page_url,
        title=doc.title,
        published=declared or parse_date(doc.date) or published,
        source=host_of(page_url),
        language=language,
    )


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment: one line per block element, spaces collapsed, scripts dropped."""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    try:
        root = lxml.html.fragment_fromstring(markup.encode("utf-8"), create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter("script", "style", "noscript", "template")):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
