"""What the reader opens, planned at once and loaded later (off the UI thread).

`plan(paths)` only lists: a folder's files (`presse.sources.folder_files`: recursive, natural order, hidden
skipped), a file's existence, a URL or feed to fetch. Each becomes a `Pending` whose `load()` runs in the
app's loader thread and gives an Article, or (a feed) the feed's entries as more `Pending`s.
Nothing here prints: every failure is a line for a notification.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presse.errors import PresseError
from presse.model import Article, Paragraph

Loaded = Article | list["Pending"]


@dataclass(slots=True)
class Pending:
    """A source listed but not loaded yet: its row in the article list, and how to load it."""

    title: str
    source: str
    load: Callable[[], Loaded]
    fetching: bool = False  # over the network ("fetching…") rather than from disk ("loading…")
    meta: dict[str, Any] = field(default_factory=dict)


def placeholder(title: str, source: str, note: str) -> Article:
    """The article shown for a source until it loads (or when it failed): one paragraph saying so."""
    return Article(source=source, title=title, text=note, paragraphs=[Paragraph(0, 0, len(note))] if note else [],
                   id=f"pending:{source}:{note}", meta={"presse.pending": True})


def pending_placeholder(pending: Pending) -> Article:
    return placeholder(pending.title, pending.source, "fetching…" if pending.fetching else "loading…")


def is_placeholder(article: Article) -> bool:
    return bool(article.meta.get("presse.pending"))


def plan(paths: Iterable[str], store: Any = None) -> tuple[list[Article | Pending], list[str]]:
    """Quick: list what `paths` name (no file is read, nothing fetched), and one line per path that fails."""
    from presse import sources

    items: list[Article | Pending] = []
    errors: list[str] = []
    for path in paths:
        try:
            if path == sources.STDIN:
                items.append(sources.load_stdin())  # a pipe cannot wait for the UI
            elif sources.is_url(path):
                items.append(Pending(path, path, lambda p=path: load_url(p, store), fetching=True))
            elif Path(path).suffix.lower() in sources.FEED_SUFFIXES and not os.path.isdir(path):
                if not os.path.lexists(path):
                    raise PresseError(f"{path}: no such file or folder")
                items.append(Pending(Path(path).name, path, lambda p=path: load_feed(p, store)))
            elif os.path.isdir(path) and os.path.isfile(os.path.join(path, "presse-index.json")):
                # A `presse index --output` folder: its articles at once (their analyses go to the cache).
                from presse.engines.shards import load_index_folder

                items.extend(load_index_folder(path, store=store))
            elif os.path.isdir(path):
                files = sources.folder_files(path)
                if not files:
                    raise PresseError(f"{path}: no articles found (.txt, .md, .html)")
                items.extend(file_pending(f) for f in files)
            elif not os.path.lexists(path):
                raise PresseError(f"{path}: no such file or folder")
            else:
                items.append(file_pending(path))
        except PresseError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"{path}: {exc.strerror or exc}")
    return items, errors


def file_pending(path: str) -> Pending:
    from presse.sources import load_file

    return Pending(Path(path).name, path, lambda: load_file(path))


def load_url(url: str, store: Any = None) -> Loaded:
    """The article at `url`, or a feed's entries (listed, not fetched). Fetched pages go to `store`."""
    from presse import loading

    found = loading.read_url(url, store=store)
    return found if isinstance(found, Article) else entries(found, store)


def load_feed(path: str, store: Any = None) -> Loaded:
    from presse import feeds

    return entries(feeds.read_feed(path, store=store), store)


def entries(feed: Any, store: Any = None) -> list[Pending]:
    """One Pending per feed entry: opening it uses the feed's full content or fetches the linked page."""
    from presse import feeds, pages

    if not feed.entries:
        raise PresseError(f"{feed.source}: the feed has no entries")

    def fetcher(link: str) -> Article:
        return pages.fetch_article(link, store=store)

    def loader(entry: Any) -> Callable[[], Article]:
        return lambda: feeds.entry_article(entry, fetcher=fetcher)

    return [Pending(e.title or e.link or feed.title, e.link or feed.source, loader(e),
                    fetching=not feeds.has_full_content(e), meta={"feed": feed.source})
            for e in feed.entries]


def refreshable(article: Article) -> bool:
    """A web article (fetched, or from a feed): the refresh key can ask the server again."""
    return bool(article.meta.get("url") or (article.meta.get("from_feed_content") and article.meta.get("feed")))


def refresh(article: Article, store: Any = None) -> Article | None:
    """The article fetched again honouring ETag/Last-Modified: the new one, or None if not modified."""
    from presse import loading

    return loading.refresh_article(article, store=store)
