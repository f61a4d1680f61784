"""RSS/Atom feeds (feedparser): list the entries, then turn each into an article.

The app lists `read_feed(src).entries` and opens one with `entry_article(entry, fetcher=...)`;
`presse analyze FEED` uses `load_feed(src)`, which loads every entry and reports each failed one
in one line without stopping the others.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import OnError, PresseError, SourceError, report_to_stderr
from .model import Article
from .pages import fetch_article
from .sources import article_from_text, is_url, read_source_bytes, with_headline
from .web import DEFAULT_TIMEOUT, fetch

# Feed content shorter than this (as plain text) is taken for a teaser: the linked page is fetched.
MIN_FULL_CONTENT_CHARS = 600
# A teaser that ends like this announces that the rest is on the page.
_TRUNCATED = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\]|\[&#8230;\])\s*$")
_BLOCKS = (
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "pre", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "dl", "dt", "dd", "hr", "header", "footer", "aside",
)  # fmt: skip

Fetcher = Callable[[str], Article]
# A feed's linked pages are fetched one after the other: all of them together get at most this many
# times one fetch's timeout (100 s by default), so a feed of stalling entries is not N × 30 s.
FEED_TIME_FACTOR = 10


@dataclass(slots=True)
class FeedEntry:
    title: str
    link: str | None
    published: str | None  # ISO 8601 (UTC) when the feed's date parses, else as written
    content_html: str | None  # content:encoded / atom:content, sanitised by feedparser
    summary_html: str | None = None  # description / atom:summary
    author: str | None = None
    id: str | None = None
    feed: str = ""  # the feed's source (URL or path)
    feed_title: str = ""


@dataclass(slots=True)
class Feed:
    source: str
    title: str
    entries: list[FeedEntry] = field(default_factory=list)
    link: str | None = None


# --------------------------------------------------------------------------- reading


def read_feed(src: str, refresh: bool = True, **fetch_options: Any) -> Feed:
    """The feed at a URL (options go to `web.fetch`) or in a local .xml/.rss/.atom file.

    With a page store, a feed is re-fetched conditionally (ETag/Last-Modified) unless `refresh=False`.
    """
    if is_url(src):
        page = fetch(src, refresh=refresh, **fetch_options)
        return parse_feed(page.body, src, page.content_type, charset=page.charset)
    return parse_feed(read_source_bytes(src), src)


def parse_feed(body: bytes, source: str, content_type: str = "", charset: str | None = None) -> Feed:
    """Parse feed bytes; anything that is not an RSS/Atom document is a SourceError."""
    import feedparser

    headers = {"content-type": f"{content_type or 'application/xml'}" + (f"; charset={charset}" if charset else "")}
    if is_url(source):
        headers["content-location"] = source  # the base for relative links
    # A file object, never bytes or str: feedparser would take those for a path or URL to open.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        raise SourceError(f"{source}: not an RSS/Atom feed{_why(parsed)}")
    meta = parsed.get("feed", {})
    title = _clean(meta.get("title")) or source
    feed = Feed(source=source, title=title, link=meta.get("link"))
    feed.entries = [_entry(e, feed) for e in parsed.entries]
    return feed


def _why(parsed: Any) -> str:
    if not parsed.get("bozo"):
        return ""
    exc = parsed.get("bozo_exception")
    text = str(exc).splitlines()[0] if exc else ""
    return f" (not well-formed XML: {text})" if text else " (not well-formed XML)"


def _entry(e: Any, feed: Feed) -> FeedEntry:
    contents = [c.get("value", "") for c in e.get("content", []) if c.get("value")]
    content = max(contents, key=len) if contents else None
    return FeedEntry(
        title=_clean(e.get("title")) or "",
        link=e.get("link") or None,
        published=_date(e, "published") or _date(e, "updated"),
        content_html=content,
        summary_html=e.get("summary") or None,
        author=_clean(e.get("author")) or None,
        id=e.get("id") or None,
        feed=feed.source,
        feed_title=feed.title,
    )


def _date(e: Any, key: str) -> str | None:
    parsed = e.get(f"{key}_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(parsed)))
    return e.get(key) or None


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


# --------------------------------------------------------------------------- entries → articles


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of an article-body fragment: block elements and <br> separate them."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return []
    for el in root.iter("br", *_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return [line for line in lines if line]


def has_full_content(entry: FeedEntry) -> bool:
    """The feed carries the whole article (not a teaser): long enough and not cut short."""
    if not entry.content_html:
        return False
    text = "\n".join(html_paragraphs(entry.content_html))
    return len(text) >= MIN_FULL_CONTENT_CHARS and not _TRUNCATED.search(text)


def entry_article(entry: FeedEntry, fetcher: Fetcher | None = None) -> Article:
    """The entry's article: the feed's full content when it has it, else the linked page fetched."""
    if has_full_content(entry) or (not entry.link and (entry.content_html or entry.summary_html)):
        article = _article_from_content(entry)
    elif entry.link:
        article = (fetcher or fetch_article)(entry.link)
    else:
        raise SourceError(f"{_label(entry)}: the entry has neither a link nor any content")
    if entry.title:
        article.title = entry.title
    extra = {
        "url": entry.link,
        "feed": entry.feed,
        "feed_title": entry.feed_title,
        "published": entry.published,
        "author": article.meta.get("author") or entry.author,
        "entry_id": entry.id,
    }
    article.meta.update({k: v for k, v in extra.items() if v and not (k == "url" and "url" in article.meta)})
    return article


def _article_from_content(entry: FeedEntry) -> Article:
    html = entry.content_html if has_full_content(entry) else (entry.content_html or entry.summary_html or "")
    paragraphs = html_paragraphs(html)
    if not paragraphs:
        raise SourceError(f"{_label(entry)}: the entry's content has no text")
    paragraphs = with_headline(paragraphs, entry.title)  # paragraph 0, as in every article
    article = article_from_text("\n".join(paragraphs), entry.link or entry.feed)
    article.meta["from_feed_content"] = True
    return article


def _label(entry: FeedEntry) -> str:
    title = entry.title if len(entry.title) <= 60 else entry.title[:59] + "…"
    return f"{entry.feed}: entry “{title}”" if title else f"{entry.feed}: entry {entry.link or entry.id or '?'}"


def load_entries(feed: Feed, on_error: OnError | None = None, fetcher: Fetcher | None = None) -> list[Article]:
    """Every entry's article; a failed entry is one `on_error` line and the others still load."""
    report = on_error or report_to_stderr
    articles: list[Article] = []
    for entry in feed.entries:
        try:
            articles.append(entry_article(entry, fetcher))
        except PresseError as exc:
            report(f"feed entry “{entry.title or entry.link}” skipped: {exc}")
    return articles


def load_feed(src: str, on_error: OnError | None = None, **fetch_options: Any) -> list[Article]:
    """Every article of the feed at `src` (URL or local file); see `load_entries`."""
    feed = read_feed(src, **{k: v for k, v in fetch_options.items() if k != "refresh"}, refresh=True)
    return load_entries(feed, on_error, fetcher=entries_fetcher(fetch_options))


def entries_fetcher(fetch_options: dict[str, Any]) -> Fetcher:
    """Fetches a feed's linked pages under one deadline for the whole feed (see FEED_TIME_FACTOR):
    past it, the remaining entries are skipped at once, each with its line."""
    deadline = time.monotonic() + fetch_options.get("timeout", DEFAULT_TIMEOUT) * FEED_TIME_FACTOR
    return lambda link: fetch_article(link, **{**fetch_options, "deadline": deadline})


def refresh_entry_article(article: Article, **fetch_options: Any) -> Article | None:
    """Re-read the feed an article came from (conditionally): its entry's new article, or None if unchanged."""
    fetch_options.pop("refresh", None)
    feed = read_feed(article.meta["feed"], refresh=True, **fetch_options)
    wanted_id, wanted_link = article.meta.get("entry_id"), article.meta.get("url")
    for entry in feed.entries:
        if (wanted_id and entry.id == wanted_id) or (not wanted_id and wanted_link and entry.link == wanted_link):
            fresh = entry_article(entry, fetcher=lambda link: fetch_article(link, **fetch_options))
            return None if fresh.id == article.id else fresh
    raise SourceError(f"{article.meta['feed']}: the entry “{article.title}” is no longer in the feed")
