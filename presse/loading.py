"""The one dispatcher: what a path or URL names, loaded as articles.

- `-`: standard input;
- an http(s) URL (`presse.sources.is_url`): the page's article, or every article of the feed it turns out
  to be (`read_url` fetches once and says which, for the reader, which lists a feed's entries first);
- a .xml/.rss/.atom file: the feed's articles (`presse.feeds`);
- a folder: its .txt/.md/.html files, recursively, in natural order; a file: its article
  (`presse.sources`).

`refresh_article` fetches a web article again, honouring its ETag/Last-Modified.
Every failure is a `SourceError` with one clear line; a feed entry that fails is one `on_error` line
and the other entries still load.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import OnError, SourceError
from .feeds import Feed, entries_fetcher, load_entries, load_feed, parse_feed, refresh_entry_article
from .model import Article
from .pages import article_from_page, not_an_article
from .sources import FEED_SUFFIXES, STDIN, is_url, load_file, load_folder, load_stdin
from .web import fetch


def load_path(path: str, on_error: OnError | None = None, **fetch_options: Any) -> list[Article]:
    """The articles of one source: a file, a folder, `-` (standard input), a URL or a feed.

    `on_error` receives one line per feed entry that failed (the others still load);
    `fetch_options` go to `presse.web.fetch` (timeout, store for the page cache...).
    """
    if path == STDIN:
        return [load_stdin()]
    if is_url(path):
        return load_url(path, on_error=on_error, **fetch_options)
    if Path(path).suffix.lower() in FEED_SUFFIXES:
        return load_feed(path, on_error=on_error, **fetch_options)
    if os.path.isdir(path):
        return load_folder(path)
    if not os.path.lexists(path):
        raise SourceError(f"{path}: no such file or folder")
    return [load_file(path)]


def load_paths(paths: Iterable[str], on_error: OnError | None = None, **fetch_options: Any) -> list[Article]:
    return [article for path in paths for article in load_path(path, on_error, **fetch_options)]


def read_url(url: str, **options: Any) -> Article | Feed:
    """The article at `url`, or the feed it is (entries listed, not loaded). Options go to `web.fetch`."""
    page = fetch(url, **options)
    if page.kind == "feed" and page.from_cache:  # a feed changes: ask again (conditionally) every time
        page = fetch(url, **{**options, "refresh": True})
    if page.kind == "feed":
        return parse_feed(page.body, url, page.content_type, charset=page.charset)
    if page.kind in ("html", "text"):
        return article_from_page(page)
    raise SourceError(not_an_article(url, page))


def load_url(url: str, on_error: OnError | None = None, **options: Any) -> list[Article]:
    """The article at `url`, or every article of the feed at `url` (see `feeds.load_entries`)."""
    found = read_url(url, **options)
    if isinstance(found, Feed):
        return load_entries(found, on_error, fetcher=entries_fetcher(options))
    return [found]


def refresh_article(article: Article, **options: Any) -> Article | None:
    """Re-fetch a web article honouring its ETag/Last-Modified (the reader's refresh key).

    The new article, or None when nothing changed (304 Not Modified, or the same text).
    An article taken from a feed's own content is refreshed from the feed. Options go to `fetch`.
    """
    if article.meta.get("from_feed_content") and article.meta.get("feed"):
        return refresh_entry_article(article, **options)
    url = article.meta.get("url") or article.source
    options.pop("refresh", None)
    page = fetch(url, article.meta.get("etag"), article.meta.get("last_modified"), refresh=True, **options)
    if page.not_modified:
        return None
    fresh = article_from_page(page)
    for key in ("feed", "feed_title", "published", "entry_id"):  # what the feed said still holds
        if key in article.meta:
            fresh.meta.setdefault(key, article.meta[key])
    return None if fresh.id == article.id else fresh
