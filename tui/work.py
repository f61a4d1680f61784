"""The reader's long work, each job a worker thread that ends by posting one message (tui/messages.py).

A job only reads its arguments and the analyzer; it never touches the reader's state or a widget. The app
handles the message on the UI thread, updates the state and starts the next job (tui/state.py says which).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from presse.errors import PresseError
from presse.model import Analysis, Article

from . import analyzer as analyzers
from .messages import (
    AnalysisFailed, AnalysisReady, ArticleLoaded, CrossRepeats, CrossRepeatsFailed, FeedListed, ItemsAdded,
    LoadFailed, LoadsReturned, LookedUp, ModelFailed, ModelLoaded, Refreshed, TrailsFailed, TrailsFound,
)
from .sourcing import Pending, is_placeholder, plan, refresh
from .state import TrailJob

if TYPE_CHECKING:
    from textual.message import Message

LOAD_SLICE = 0.05  # seconds a loading job reads files for before it hands the rest back (see load_sources)


def cached_analysis(analyzer: analyzers.Analyzer | None, article: Article) -> Analysis | None:
    """The analysis the analyzer knows without spaCy (the cache), if any; any failure is a miss."""
    if analyzer is None or is_placeholder(article):
        return None
    try:
        return analyzers.lookup(analyzer, article)
    except Exception:  # noqa: BLE001 - a failed lookup is a miss
        return None


def _reason(exc: Exception, source: str = "") -> str:
    """One line for a failed job: a PresseError says it all; anything else is named."""
    if isinstance(exc, PresseError):
        return str(exc)
    return f"{source}: {type(exc).__name__}: {exc}" if source else f"{type(exc).__name__}: {exc}"


class BackgroundWork:
    """The worker methods of the app (a worker belongs to a DOM node: this is mixed into `PresseApp`)."""

    analyzer: analyzers.Analyzer | None
    page_store: Any

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

    @work(thread=True, group="load", exit_on_error=False)
    def load_sources(self, batch: list[tuple[int, Pending]]) -> None:
        """Each source in turn: an article (with its analysis if the cache knows it), a feed's entries, or why not.
        After LOAD_SLICE the rest goes back to the queue, so that an article the reader moved to comes next."""
        worker = get_current_worker()
        deadline = time.monotonic() + LOAD_SLICE
        for n, (index, pending) in enumerate(batch):
            if worker.is_cancelled:
                return
            if n and time.monotonic() > deadline:
                self.post_message(LoadsReturned(batch[n:]))
                return
            try:
                loaded = pending.load()
            except Exception as exc:  # noqa: BLE001 - one bad source never stops the others
                self.post_message(LoadFailed(index, _reason(exc, pending.source)))
                continue
            if isinstance(loaded, list):
                self.post_message(FeedListed(index, loaded))
            else:
                self.post_message(ArticleLoaded(index, loaded, cached_analysis(self.analyzer, loaded)))

    @work(thread=True, group="analysis", exit_on_error=False)
    def look_up(self, articles: dict[int, Article]) -> None:
        """Cheap answers first: each article the cache knows, without the model."""
        worker = get_current_worker()
        missed = []
        for index, article in articles.items():
            if worker.is_cancelled:
                return
            found = cached_analysis(self.analyzer, article)
            if found is None:
                missed.append(index)
            else:
                self.post_message(AnalysisReady(index, found))
        self.post_message(LookedUp(missed))

    @work(thread=True, group="analysis", exit_on_error=False)
    def load_model(self) -> None:
        try:
            analyzers.prepare(self.analyzer)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - the model is missing: the text stays readable
            self.post_message(ModelFailed(str(exc)))
            return
        self.post_message(ModelLoaded())

    @work(thread=True, group="analysis", exit_on_error=False)
    def analyse(self, index: int, article: Article) -> None:
        assert self.analyzer is not None
        try:
            analysis = self.analyzer.analyze(article)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the others
            self.post_message(AnalysisFailed(index, str(exc)))
            return
        self.post_message(AnalysisReady(index, analysis))

    @work(thread=True, exclusive=True, group="cross", exit_on_error=False)
    def find_cross_repeats(self, articles: list[Article]) -> None:
        """Paragraphs reprinted from an earlier article of the collection: needs the texts only."""
        try:
            from presse.collection import find_cross_repeats  # numpy, datasketch: only for collections
        except ImportError:
            return
        try:
            found = find_cross_repeats(articles)
        except Exception as exc:  # noqa: BLE001 - the articles stay readable without it
            self.post_message(CrossRepeatsFailed(f"cross-article repeats failed: {exc}"))
            return
        self.post_message(CrossRepeats(found))

    @work(thread=True, group="plan", exit_on_error=False)
    def plan_sources(self, paths: list[str]) -> None:
        items, errors = plan(paths, self.page_store)  # lists a folder: off the UI thread
        self.post_message(ItemsAdded(items, errors))

    @work(thread=True, group="refresh", exit_on_error=False)
    def refresh_article(self, index: int, article: Article) -> None:
        try:
            fresh = refresh(article, store=self.page_store)
        except Exception as exc:  # noqa: BLE001 - a failed refresh keeps the article as it was
            self.post_message(Refreshed(index, article.id, None, _reason(exc)))
            return
        found = cached_analysis(self.analyzer, fresh) if fresh is not None else None
        self.post_message(Refreshed(index, article.id, fresh, analysis=found))

    @work(thread=True, group="trail", exit_on_error=False)
    def find_trails(self, job: TrailJob) -> None:
        """Quote trails across the collection (presse.trail): the job's analyses added to its index (or a new one)."""
        try:
            from presse.trail import QuoteIndex  # rapidfuzz, the LSH: only for collections

            index = job.index if job.index is not None else QuoteIndex()
            index.add_many(job.analyses)
            trails = index.trails()
        except Exception as exc:  # noqa: BLE001 - the articles stay readable without trails
            self.post_message(TrailsFailed(job, _reason(exc)))
            return
        self.post_message(TrailsFound(trails, job, index))
