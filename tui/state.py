"""What the reader knows, apart from how it is shown. No Textual here: tests/test_state.py drives it alone.

The articles in list order (a source not loaded yet is a placeholder article saying so), their analyses,
and the work left in two lanes, one job of each at a time, the visible article first:
- loading: sources to read or fetch (files a few at a time: one worker per file would wait for the screen
  between two files; pages one at a time);
- analysis: analyses to look up in the cache (cheap, no model), then the model to load, then articles to
  analyse one by one.
The app runs each job in a worker thread (tui/work.py) and reports the result here, on the UI thread only:
nothing in this class is shared between threads, so it needs no lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from presse.model import Analysis, Article, Entity, Repeat, Speaker
from presse.widgets.items import NO_SPEAKER, ArticleItem, QuoteRef, SpeakerEntry

from .sourcing import Pending, is_placeholder, pending_placeholder, placeholder

if TYPE_CHECKING:
    from presse.trail import Appearance, QuoteCluster, Trails

Scope = Literal["article", "collection"]
LOAD_BATCH = 100  # files read by one loading job


def speaker_count(analysis: Analysis) -> int:
    """Who is quoted: the analysis' speakers, and any speaker named on a quote but not listed."""
    return len({s.name for s in analysis.speakers} | {q.speaker for q in analysis.quotes if q.speaker})


def step_ref(refs: list[QuoteRef], selected: QuoteRef | None, step: int) -> tuple[QuoteRef, bool]:
    """The quote `step` away from `selected` (from none: the first, or the last going back); True if it wrapped."""
    if selected in refs:
        pos = refs.index(selected) + step
    else:
        pos = 0 if step > 0 else len(refs) - 1
    return refs[pos % len(refs)], not 0 <= pos < len(refs)


@dataclass(frozen=True, slots=True)
class AnalysisJob:
    """The analysis lane's next job: look analyses up in the cache, load the model, or analyse one article."""

    kind: Literal["look up", "load model", "analyse"]
    indices: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class TrailJob:
    """Quote trails to (re)compute: `analyses` added to `index` (None: a new one), covering `covers` (ids)."""

    index: Any  # a presse.trail.QuoteIndex, handed to the job and back (never shared between threads)
    analyses: list[Analysis]
    covers: frozenset[str]
    last: int  # the highest list position indexed


class ReaderState:
    def __init__(self, items: Iterable[Article | Pending], can_analyse: bool = True) -> None:
        items = list(items)
        self.articles: list[Article] = [pending_placeholder(it) if isinstance(it, Pending) else it for it in items]
        self.analyses: list[Analysis | None] = [None] * len(items)
        self.current = 0
        self.load_errors: dict[int, str] = {}
        self.failures: dict[int, str] = {}  # analyses that failed
        self.cross_repeats: dict[str, list[Repeat]] = {}  # article id -> paragraphs first seen elsewhere
        self.can_analyse = can_analyse
        self.model_state = "waiting" if can_analyse else "no analyzer"
        self.model_ready = False
        self.model_failed = False
        self.loading: set[int] = set()  # the sources being loaded
        self.analysis_job: AnalysisJob | None = None  # the analysis lane's job in progress
        self._to_load: dict[int, Pending] = {i: it for i, it in enumerate(items) if isinstance(it, Pending)}
        self._to_look_up: list[int] = [i for i in range(len(items)) if i not in self._to_load]
        self._to_analyse: list[int] = []
        self._analysed = 0  # since the analysis lane last went idle: the k of "analysing k/N"
        # Quote trails across the collection (presse.trail), computed by a job as analyses arrive.
        self.trails: Trails | None = None
        self.trail_running = False
        self._quote_index: Any = None  # kept between jobs: new articles are added to it
        self._trail_ids: frozenset[str] = frozenset()
        self._trail_last = -1

    # --- adding articles -------------------------------------------------------------------------------------

    def add(self, items: Iterable[Article | Pending]) -> int:
        """Append sources (the open dialog) and return the index of the first one."""
        start = len(self.articles)
        for item in items:
            index = len(self.articles)
            if isinstance(item, Pending):
                self._to_load[index] = item
                self.articles.append(pending_placeholder(item))
            else:
                self._to_look_up.append(index)
                self.articles.append(item)
            self.analyses.append(None)
        return start

    # --- the loading lane ------------------------------------------------------------------------------------

    def next_loads(self, most: int = LOAD_BATCH) -> list[tuple[int, Pending]]:
        """The next sources to load, none while some are loading: the visible one first, then the files after it
        in list order (up to `most`); a page to fetch goes alone (the visible article must not wait for others)."""
        if self.loading or not self._to_load:
            return []
        first = self.current if self.current in self._to_load else min(self._to_load)
        batch = [first]
        if not self._to_load[first].fetching:
            after = (i for i in sorted(self._to_load) if i > first and not self._to_load[i].fetching)
            batch += list(islice(after, most - 1))
        self.loading = set(batch)
        return [(i, self._to_load.pop(i)) for i in batch]

    def returned(self, items: list[tuple[int, Pending]]) -> None:
        """Sources a loading job had no time for: back in the queue (the visible one will come first)."""
        for index, pending in items:
            self.loading.discard(index)
            self._to_load[index] = pending

    @property
    def all_loaded(self) -> bool:
        return not self.loading and not self._to_load

    def loaded(self, index: int, article: Article, analysis: Analysis | None) -> None:
        """A source was read; its analysis if the cache knew it, else it waits for the model."""
        self.loading.discard(index)
        self.articles[index] = article
        self.load_errors.pop(index, None)
        if analysis is not None:
            self.analysed(index, analysis)
        else:
            self._to_analyse.append(index)

    def load_failed(self, index: int, error: str) -> None:
        self.loading.discard(index)
        self.load_errors[index] = error
        old = self.articles[index]
        self.articles[index] = placeholder(old.title, old.source, f"Could not load this article: {error}")

    def feed_listed(self, index: int, entries: list[Pending]) -> None:
        """A feed's first entry takes the feed's row; the others follow at the end of the list."""
        self.loading.discard(index)
        first, *rest = entries
        self.articles[index] = pending_placeholder(first)
        self._to_load[index] = first
        self.add(rest)

    def refreshed(self, index: int, old_id: str, article: Article, analysis: Analysis | None) -> bool:
        """A web article fetched again replaces the old one, unless that was replaced meanwhile."""
        if self.articles[index].id != old_id:
            return False
        self.articles[index] = article
        self.analyses[index] = analysis
        if analysis is None:
            self._to_analyse.append(index)
        return True

    def loaded_articles(self) -> list[Article]:
        return [a for a in self.articles if not is_placeholder(a)]

    # --- the analysis lane -----------------------------------------------------------------------------------

    def next_analysis_job(self) -> AnalysisJob | None:
        """The next job, with `model_state` saying what the lane does; None if busy, done or impossible."""
        if not self.can_analyse:
            self.model_state = "no analysis"
            return None
        if self.model_failed or self.analysis_job is not None:
            return None
        if self._to_look_up:
            job = AnalysisJob("look up", tuple(self._visible_first(self._to_look_up)))
            self._to_look_up.clear()
        elif not self._to_analyse:
            self.model_state = "ready"
            self._analysed = 0
            return None
        elif not self.model_ready:
            job = AnalysisJob("load model")
            self.model_state = "loading model…"
        else:
            index = self._visible_first(self._to_analyse)[0]
            self._to_analyse.remove(index)
            self._analysed += 1
            self.model_state = f"analysing {self._analysed}/{self._analysed + len(self._to_analyse)}"
            job = AnalysisJob("analyse", (index,))
        self.analysis_job = job
        return job

    def _visible_first(self, indices: list[int]) -> list[int]:
        return sorted(indices, key=lambda i: i != self.current)  # stable: the others keep their order

    def analysed(self, index: int, analysis: Analysis) -> None:
        """An analysis arrived (from the cache or the model): kept, with the collection's repeats added."""
        self.analyses[index] = analysis
        self.failures.pop(index, None)
        self.merge_cross(analysis)
        for queue in (self._to_look_up, self._to_analyse):
            if index in queue:
                queue.remove(index)
        if self.analysis_job == AnalysisJob("analyse", (index,)):
            self.analysis_job = None

    def analysis_failed(self, index: int, error: str) -> None:
        self.failures[index] = error
        if self.analysis_job == AnalysisJob("analyse", (index,)):
            self.analysis_job = None

    def looked_up(self, missed: list[int]) -> None:
        """The cache was asked: what it did not know waits for the model."""
        self.analysis_job = None
        self._to_analyse.extend(i for i in missed if self.analyses[i] is None and i not in self._to_analyse)

    def model_loaded(self) -> None:
        self.analysis_job = None
        self.model_ready = True

    def model_unavailable(self) -> None:
        """The model could not load: nothing more is analysed; the texts stay readable."""
        self.analysis_job = None
        self.model_failed = True
        self.model_state = "model unavailable"

    # --- repeats across articles -----------------------------------------------------------------------------

    def set_cross_repeats(self, found: dict[str, list[Repeat]]) -> list[int]:
        """Keep the collection's repeats; the indices of the analyses that got some."""
        self.cross_repeats = found
        return [i for i, a in enumerate(self.analyses) if a is not None and self.merge_cross(a)]

    def merge_cross(self, analysis: Analysis) -> bool:
        """Add the collection's repeats to `analysis` once; True if any was added."""
        extra = self.cross_repeats.get(analysis.article.id, [])
        if not extra or any(r.article for r in analysis.repeats):
            return False
        analysis.repeats.extend(extra)
        return True

    # --- quote trails across the collection -------------------------------------------------------------

    def next_trail_job(self) -> TrailJob | None:
        """Index the analyses that arrived since the last trails; None if up to date, a job runs, or one article.

        Incremental when the new articles all come after the indexed ones in the list (the earliest printing
        is decided in list order); from scratch otherwise, or when an indexed article was replaced.
        """
        if self.trail_running:
            return None
        present = [(i, a) for i, a in enumerate(self.analyses) if a is not None]
        ids = frozenset(a.article.id for _, a in present)
        if len(ids) < 2 or ids == self._trail_ids:
            return None
        new = [(i, a) for i, a in present if a.article.id not in self._trail_ids]
        fresh = (self._quote_index is None or not self._trail_ids <= ids
                 or min((i for i, _ in new), default=0) < self._trail_last)
        self.trail_running = True
        index, self._quote_index = (None if fresh else self._quote_index), None
        return TrailJob(index, [a for _, a in (present if fresh else new)], ids, max(i for i, _ in present))

    def trails_found(self, trails: Trails, job: TrailJob, index: Any) -> None:
        self.trail_running = False
        self.trails, self._quote_index = trails, index
        self._trail_ids, self._trail_last = job.covers, job.last

    def trails_failed(self, job: TrailJob) -> None:
        """No trails for these analyses (tried again only when the collection changes)."""
        self.trail_running = False
        self._quote_index, self._trail_ids, self._trail_last = None, job.covers, job.last

    def trail_of(self, ref: QuoteRef) -> tuple[QuoteCluster, Appearance] | None:
        """The cluster of a quote and its appearance there, when it is printed more than once."""
        if self.trails is None or ref.article >= len(self.articles):
            return None
        article_id = self.articles[ref.article].id
        cluster = self.trails.cluster_of(article_id, ref.index)
        appearance = self.trails.appearance_of(article_id, ref.index)
        if cluster is None or appearance is None or len(cluster.appearances) < 2:
            return None
        return cluster, appearance

    def trail_badges(self, index: int) -> dict[int, list[str]]:
        """Quote index -> its badges ("also in 4 articles", …) for the article at `index`."""
        analysis = self.analyses[index] if 0 <= index < len(self.analyses) else None
        if self.trails is None or analysis is None:
            return {}
        from presse.trail import badges  # loaded already: the trails come from it

        out = {}
        for qi in range(len(analysis.quotes)):
            found = self.trail_of(QuoteRef(index, qi, analysis.quotes[qi]))
            if found is not None and (shown := badges(*found)):
                out[qi] = shown
        return out

    def once_per_cluster(self, refs: list[QuoteRef]) -> list[QuoteRef]:
        """A speaker's quotes across the collection, each statement once (its first here), with its count."""
        if self.trails is None:
            return refs
        kept: dict[int, int] = {}  # cluster id -> position in out
        out: list[QuoteRef] = []
        for ref in refs:
            cluster = self.trails.cluster_of(self.articles[ref.article].id, ref.index)
            if cluster is None or len(cluster.appearances) < 2:
                out.append(ref)
            elif cluster.id in kept:
                first = out[kept[cluster.id]]
                out[kept[cluster.id]] = replace(first, copies=first.copies + 1)
            else:
                kept[cluster.id] = len(out)
                out.append(ref)
        return out

    # --- what the widgets show -------------------------------------------------------------------------------

    def shown(self, scope: Scope) -> list[int]:
        """The articles whose quotes the panel lists (and an export writes)."""
        return [self.current] if scope == "article" else list(range(len(self.articles)))

    def analyses_in(self, scope: Scope) -> list[Analysis]:
        return [a for i in self.shown(scope) if (a := self.analyses[i]) is not None]

    def row(self, index: int) -> ArticleItem:
        a, an = self.articles[index], self.analyses[index]
        if index in self.load_errors:
            return ArticleItem(a.title, a.source, note="✗ could not load")
        if is_placeholder(a):
            return ArticleItem(a.title, a.source, note=a.text)
        if an is None:
            return ArticleItem(a.title, a.source)
        return ArticleItem(a.title, a.source, len(an.quotes), speaker_count(an), len(an.repeats))

    def rows(self) -> list[ArticleItem]:
        return [self.row(i) for i in range(len(self.articles))]

    def status(self) -> dict[str, str]:
        """The status line's parts for the visible article: title, position, model state, counts."""
        i = self.current
        article, analysis = self.articles[i], self.analyses[i]
        counts = f"{len(article.paragraphs)} ¶"
        if is_placeholder(article):
            counts = "could not load" if i in self.load_errors else article.text
        elif analysis is not None:
            counts += (f" · {len(analysis.quotes)} quotes · {speaker_count(analysis)} speakers"
                       f" · {len(analysis.repeats)} repeats")
        elif i in self.failures:
            counts += " · analysis failed"
        position = f"{i + 1}/{len(self.articles)}" if len(self.articles) > 1 else ""
        state = self.model_state if analysis is None or self.model_state != "ready" else "ready"
        if is_placeholder(article):
            state = ""
        return {"article": article.title, "position": position, "model_state": state, "counts": counts}

    def panel_state(self) -> str:
        """What the quotes panel says while the visible article has no analysis: the model's state."""
        return "" if self.analyses[self.current] is not None else self.model_state

    def panel_key(self, scope: Scope) -> tuple:
        """Changes whenever what the quotes panel shows changes (rebuilding it costs with thousands of quotes)."""
        shown = self.shown(scope)
        return (scope, self.current, self.panel_state(), id(self.trails), tuple(id(self.analyses[i]) for i in shown),
                tuple(len(a.quotes) for i in shown if (a := self.analyses[i]) is not None))

    def speaker_entries(self, scope: Scope) -> list[SpeakerEntry]:
        """Each speaker with its quotes, most quoted first; quotes nobody is named for come last."""
        entries: dict[str, SpeakerEntry] = {}
        for i in self.shown(scope):
            analysis = self.analyses[i]
            if analysis is None:
                continue
            title = self.articles[i].title
            covered: set[int] = set()
            for sp in analysis.speakers:
                entry = entries.setdefault(sp.name, SpeakerEntry(sp.name, sp.label, []))
                qis = [qi for qi in sp.quotes if 0 <= qi < len(analysis.quotes)]
                entry.refs.extend(QuoteRef(i, qi, analysis.quotes[qi], title) for qi in qis)
                covered.update(qis)
            # Quotes no Speaker lists: under their quote's speaker name, else "(no speaker)".
            for qi, q in enumerate(analysis.quotes):
                if qi not in covered:
                    name = q.speaker or NO_SPEAKER
                    entries.setdefault(name, SpeakerEntry(name, "", [])).refs.append(QuoteRef(i, qi, q, title))
        if scope == "collection":
            for entry in entries.values():
                entry.refs = self.once_per_cluster(entry.refs)
        return sorted(entries.values(), key=lambda e: (e.name == NO_SPEAKER, -len(e.refs), e.name))

    def quote_ref(self, quote_index: int) -> QuoteRef | None:
        """A quote of the visible article, as the panel refers to it."""
        analysis = self.analyses[self.current]
        if analysis is None or not 0 <= quote_index < len(analysis.quotes):
            return None
        return QuoteRef(self.current, quote_index, analysis.quotes[quote_index], self.articles[self.current].title)

    def speaker_named(self, entity: Entity) -> Speaker | None:
        """The speaker of the visible article that `entity` names (its name or one of its aliases)."""
        analysis = self.analyses[self.current]
        names = {entity.canonical, entity.text}
        return next((sp for sp in (analysis.speakers if analysis else [])
                     if sp.name in names or names & set(sp.aliases)), None)

    def index_of(self, article_id: str) -> int | None:
        return next((i for i, a in enumerate(self.articles) if a.id == article_id), None)
