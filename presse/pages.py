"""Web pages as articles: a fetched `presse.web.Page` (HTML or plain text) becomes an `Article`.

The body is decoded and extracted as a file of the same kind is (`presse.sources.article_from_bytes`),
the header's charset counting as a declaration; the page's facts (URL, final URL, ETag,
Last-Modified, when it was fetched) go into `meta`.
"""

from __future__ import annotations

from typing import Any

from .errors import SourceError
from .model import Article
from .sources import article_from_bytes
from .web import Page, fetch


def article_from_page(page: Page) -> Article:
    """The article in an HTML (or plain text) page, with the page's facts in `meta`."""
    kind = "txt" if page.kind == "text" else "html"
    try:
        article = article_from_bytes(page.body, page.url, kind, charset=page.charset, url=page.final_url)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - an extractor crash on a hostile page is bad input
        raise SourceError(f"{page.url}: cannot extract the article ({type(exc).__name__})") from None
    facts = {
        "url": page.url,
        "final_url": page.final_url,
        "etag": page.etag,
        "last_modified": page.last_modified,
        "fetched_at": page.fetched_at,
    }
    article.meta = {k: v for k, v in {**article.meta, **facts}.items() if v is not None}
    return article


def fetch_article(url: str, **options: Any) -> Article:
    """The article at `url` (an HTML or text page; a feed is refused). Options go to `web.fetch`."""
    page = fetch(url, **options)
    if page.kind not in ("html", "text"):
        raise SourceError(not_an_article(url, page))
    return article_from_page(page)


def not_an_article(url: str, page: Page) -> str:
    """The one line saying why a fetched page gives no article."""
    if page.kind == "feed":
        return f"{url}: this is a feed, not an article page"
    return f"{url}: not an HTML page or a feed ({page.content_type or 'no content type'})"
