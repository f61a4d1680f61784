"""What the background work (tui/work.py) tells the app: each job ends with one of these.

Posted from worker threads (`post_message` is thread-safe); handled on the UI thread, where the app updates
the reader's state (tui/state.py) and starts the next job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from presse.model import Analysis, Article, Repeat

from .sourcing import Pending

if TYPE_CHECKING:
    from presse.trail import Trails  # rapidfuzz, the LSH: imported by the job, only for collections

    from .state import TrailJob


@dataclass
class ArticleLoaded(Message):
    """A source was read; `analysis` if the cache knew the article (asked off the UI thread)."""

    index: int
    article: Article
    analysis: Analysis | None


@dataclass
class LoadFailed(Message):
    index: int
    error: str


@dataclass
class FeedListed(Message):
    """A feed (or a URL that was one) gave its entries: they replace its row and follow it in the list."""

    index: int
    entries: list[Pending]


@dataclass
class LoadsReturned(Message):
    """A loading job ran out of time (an article the reader moved to may wait): these were not read."""

    items: list[tuple[int, Pending]]


@dataclass
class LookedUp(Message):
    """The cache was asked for a batch of articles (each hit came as `AnalysisReady`): these it did not know."""

    missed: list[int]


@dataclass
class ModelLoaded(Message):
    pass


@dataclass
class ModelFailed(Message):
    error: str


@dataclass
class AnalysisReady(Message):
    index: int
    analysis: Analysis


@dataclass
class AnalysisFailed(Message):
    index: int
    error: str


@dataclass
class CrossRepeats(Message):
    """Paragraphs of each article (by id) first printed in another article of the collection."""

    found: dict[str, list[Repeat]]


@dataclass
class CrossRepeatsFailed(Message):
    error: str


@dataclass
class ItemsAdded(Message):
    """Sources the open dialog named, planned off the UI thread: rows to add, lines to notify."""

    items: list[Article | Pending]
    errors: list[str]


@dataclass
class Refreshed(Message):
    """A web article fetched again: the new one, None if not modified, or the error."""

    index: int
    old_id: str
    article: Article | None
    error: str | None = None
    analysis: Analysis | None = None


@dataclass
class TrailsFound(Message):
    """The quote trails of the collection as `job` saw it, and the index to add later articles to."""

    trails: Trails
    job: TrailJob
    index: Any  # presse.trail.QuoteIndex


@dataclass
class TrailsFailed(Message):
    job: TrailJob
    error: str
