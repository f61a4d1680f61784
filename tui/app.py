"""The reader: articles at once, analyses as they come (off the UI thread), who said what.

Data flows one way: sources -> analyzer (worker thread, spaCy in a subprocess) -> Analysis -> widgets.
Widgets post messages up; the app hands data down.
"""

from __future__ import annotations

import argparse
import threading
from collections import Counter
from collections.abc import Iterable
from functools import partial
from importlib.resources import files
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from presse.errors import PresseError
from presse.model import Analysis, Article, Repeat
from presse.safe import printable
from presse.widgets.article_list import ArticleItem, ArticleList
from presse.widgets.article_view import ArticleView
from presse.widgets.first_frame import FirstFrame
from presse.widgets.text import one_line
from presse.widgets.legend import LABELS, NAMES, Legend
from presse.widgets.quotes_panel import NO_SPEAKER, QuoteRef, QuotesPanel, SpeakerEntry
from presse.widgets.search_bar import SearchBar, find_all
from presse.widgets.status_line import StatusLine

from . import analyzer as analyzers
from .bindings import APP_BINDINGS
from .sourcing import Pending, is_placeholder, pending_placeholder, placeholder, plan, refresh, refreshable

# Package data of presse.seeds and presse.styles: the repository's seeds/ and styles/ folders, installed
# under the one name `presse` (see setup.py).
BUNDLED_SEEDS = Path(str(files("presse.seeds")))
STYLES = Path(str(files("presse.styles") / "presse.tcss"))
NARROW = 100  # below this width the article list starts hidden


PARAPHRASE_OFF = ("paraphrase detection off: repeated paragraphs are found when reworded slightly, not when"
                  " paraphrased (pip install 'presse[paraphrase]' turns it on)")


def paraphrase_available() -> bool:
    # presse.paraphrase answers without importing the encoder (presse.repeats would import rapidfuzz).
    from presse.paraphrase import available

    return available()


def install_notes() -> list[str]:
    return [] if paraphrase_available() else [PARAPHRASE_OFF]


def speaker_count(analysis: Analysis) -> int:
    """Who is quoted: the analysis' speakers, and any speaker named on a quote but not listed."""
    return len({s.name for s in analysis.speakers} | {q.speaker for q in analysis.quotes if q.speaker})


# --- messages from the analysis thread ----------------------------------------------------------------------


class AnalysisReady(Message):
    def __init__(self, index: int, analysis: Analysis) -> None:
        super().__init__()
        self.index = index
        self.analysis = analysis


class AnalysisFailed(Message):
    def __init__(self, index: int, error: str) -> None:
        super().__init__()
        self.index = index
        self.error = error


class ModelState(Message):
    def __init__(self, state: str, error: str | None = None) -> None:
        super().__init__()
        self.state = state
        self.error = error


class CrossRepeats(Message):
    def __init__(self, found: dict[str, list[Repeat]]) -> None:
        super().__init__()
        self.found = found


class ItemsAdded(Message):
    """Sources planned off the UI thread (the open dialog): rows to add, lines to notify."""

    def __init__(self, items: list[Article | Pending], errors: list[str]) -> None:
        super().__init__()
        self.items = items
        self.errors = errors


class ArticleLoaded(Message):
    def __init__(self, index: int, article: Article, analysis: Analysis | None) -> None:
        super().__init__()
        self.index = index
        self.article = article
        self.analysis = analysis


class LoadFailed(Message):
    def __init__(self, index: int, error: str) -> None:
        super().__init__()
        self.index = index
        self.error = error


class FeedListed(Message):
    """A feed (or a URL that was one) gave its entries: they replace its row and follow it in the list."""

    def __init__(self, index: int, entries: list[Pending]) -> None:
        super().__init__()
        self.index = index
        self.entries = entries


class LoadingDone(Message):
    pass


class Refreshed(Message):
    def __init__(self, index: int, old_id: str, article: Article | None, error: str | None = None,
                 analysis: Analysis | None = None) -> None:
        super().__init__()
        self.index = index
        self.old_id = old_id
        self.article = article
        self.error = error
        self.analysis = analysis


# --- command palette ---------------------------------------------------------------------------------------


class SpeakerCommands(Provider):
    """"Jump to speaker …": every speaker of the quotes panel."""

    def _speakers(self) -> list[str]:
        app = self.app
        return [e.name for e in app.speaker_entries()] if isinstance(app, PresseApp) else []

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._speakers():
            title = f"Jump to speaker {one_line(name)}"
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.jump_to_speaker, name), text=title)

    async def discover(self) -> Hits:
        for name in self._speakers():
            title = f"Jump to speaker {one_line(name)}"
            yield DiscoveryHit(title, partial(self.app.jump_to_speaker, name), text=title)


# --- the app -----------------------------------------------------------------------------------------------


class PresseApp(App[int]):
    # No CSS_PATH: styles/presse.tcss is read right after the first frame (which needs none of it),
    # so parsing it does not delay the first paint; see `_mount_layout`.
    BINDINGS = APP_BINDINGS
    COMMANDS = App.COMMANDS | {SpeakerCommands}
    TITLE = "presse"
    AUTO_FOCUS = None  # the article view is focused once mounted, after the first frame

    def __init__(
        self,
        articles: Iterable[Article | Pending],
        analyzer: analyzers.Analyzer | None = None,
        *,
        errors: Iterable[str] = (),
        notices: Iterable[str] = (),
        system_clipboard: bool = True,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._user_keymap = keymap or {}
        items = list(articles)
        # Every row is an Article; a source not loaded yet is a placeholder saying so, its loader in `_loads`.
        self.articles: list[Article] = [pending_placeholder(it) if isinstance(it, Pending) else it for it in items]
        self._loads: dict[int, Pending] = {i: it for i, it in enumerate(items) if isinstance(it, Pending)}
        self.load_errors: dict[int, str] = {}
        self._loading: int | None = None
        self._loader_running = False
        self._analysis_running = False
        self.analyses: list[Analysis | None] = [None] * len(self.articles)
        self.failures: dict[int, str] = {}
        self.analyzer = analyzer
        self.page_store = analyzers.page_store(analyzer)  # fetched pages are cached with their analyses
        self._model_failed = False
        self.current = 0
        self.scope = "article"
        self.hidden_labels: set[str] = set()
        self.collapse_repeats = False
        self.selected_speaker: str | None = None
        self.selected_ref: QuoteRef | None = None
        self.model_state = "no analyzer" if analyzer is None else "waiting"
        self.search_matches: list[tuple[int, int]] = []
        self.search_index: int | None = None
        self.system_clipboard = system_clipboard
        self._startup_errors = list(errors)
        self._notices = [n for n in notices if n]
        self.cross_repeats: dict[str, list[Repeat]] = {}
        self._pending: list[int] = [i for i in range(len(self.articles)) if i not in self._loads]
        self._lock = threading.Lock()
        self._panel_key: tuple | None = None
        self.first_frame_paints: dict[str, float] = {}
        self.panels_ready = False  # side panels, legend, footer: mounted after the article's first paint

    # --- layout ---------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # One light widget first: the article's first screenful (from the cache, highlighted, if known there:
        # no spaCy for that). The real layout replaces it right after that first paint (`_mount_layout`).
        if not self.articles:
            return
        first = self.analyses[0] or (self._lookup(0) if 0 not in self._loads else None)
        if first is not None:
            self.analyses[0] = first
            with self._lock:
                if 0 in self._pending:
                    self._pending.remove(0)
        frame = FirstFrame(self.articles[0], first, self._list_shown(), id="first-frame")
        self.first_frame_paints = frame.paint_times  # for benchmarks: kept after the frame is gone
        yield frame

    def _list_shown(self) -> bool:
        return len(self.articles) > 1 and self.size.width >= NARROW

    async def _mount_layout(self) -> None:
        article_list = ArticleList(id="article-list")
        article_list.display = self._list_shown()
        legend = Legend(id="legend")
        if not paraphrase_available():
            legend.tooltip = PARAPHRASE_OFF  # quiet: only on hover, and in the help screen
        centre = Vertical(legend, ArticleView(id="article"), SearchBar(id="search"), id="centre")
        main = Horizontal(article_list, centre, QuotesPanel(id="quotes-panel"), id="main")
        first_frame = self.query(FirstFrame)
        self._load_styles()
        with self.batch_update():  # one repaint: the real view takes the first frame's place, text unmoved
            await self.mount(main, StatusLine(id="status"), Footer())
            await first_frame.remove()
        self.panels_ready = True
        try:
            article_list.display = self._list_shown()  # a feed may have been listed meanwhile
            article_list.set_items([self._item(i) for i in range(len(self.articles))], self.current)
            self.show_article(self.current)
            self.view.focus()
        except NoMatches:  # the app is closing before its first frame was complete
            pass

    def _load_styles(self) -> None:
        """styles/presse.tcss, once: parsed when the next widgets are styled."""
        if str(STYLES) not in {str(location[0]) for location in self.stylesheet.source}:
            self.stylesheet.read(STYLES)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the real layout is mounted (milliseconds), only leaving works.
        return True if self.panels_ready or action == "quit" else None

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def panel(self) -> QuotesPanel:
        return self.query_one("#quotes-panel", QuotesPanel)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#article-list", ArticleList)

    def on_mount(self) -> None:
        if self._user_keymap:
            self.set_keymap(self._user_keymap)
        if not self.articles:
            self._load_styles()
            from .screens.error import ErrorScreen

            self.push_screen(ErrorScreen("No article to show", self._startup_errors or ["nothing was opened"]))
            return
        for message in self._startup_errors:
            self.notify(one_line(message), severity="warning", markup=False, timeout=8)
        for notice in self._notices:
            self.notify(one_line(notice), severity="warning", markup=False, timeout=8)
        # After the first paint: the workers (a model subprocess starting competes for the CPU), then the layout.
        self.call_after_refresh(self._start_work)
        self.call_after_refresh(self._mount_layout)

    def _start_work(self) -> None:
        self.start_loading()
        self.start_analysis()
        if not self._loads:
            self.start_cross_repeats()

    def _lookup(self, index: int) -> Analysis | None:
        return self._lookup_article(self.articles[index])

    def _lookup_article(self, article: Article) -> Analysis | None:
        if self.analyzer is None or is_placeholder(article):
            return None
        try:
            return analyzers.lookup(self.analyzer, article)
        except Exception:  # noqa: BLE001 - a failed lookup is a miss
            return None

    # --- loading sources in a worker thread ----------------------------------------------------------------

    def start_loading(self) -> None:
        with self._lock:
            if not self._loads or self._loader_running:
                return
            self._loader_running = True
        self._load_sources()

    def _next_load(self) -> tuple[int, Pending] | None:
        """The visible article first, then the list in order; None (and the loader stops) when all are done."""
        with self._lock:
            if not self._loads:
                self._loader_running = False
                self._loading = None
                return None
            index = self.current if self.current in self._loads else min(self._loads)
            self._loading = index
            return index, self._loads.pop(index)

    @work(thread=True, group="load", exit_on_error=False)
    def _load_sources(self) -> None:
        worker = get_current_worker()
        while not worker.is_cancelled and (job := self._next_load()) is not None:
            index, pending = job
            try:
                loaded = pending.load()
            except PresseError as exc:
                self.post_message(LoadFailed(index, str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - one bad source never stops the others
                self.post_message(LoadFailed(index, f"{pending.source}: {type(exc).__name__}: {exc}"))
                continue
            if isinstance(loaded, list):
                self.post_message(FeedListed(index, loaded))
            else:
                # The cache is asked here, off the UI thread: a known article arrives with its analysis.
                self.post_message(ArticleLoaded(index, loaded, self._lookup_article(loaded)))
        if not worker.is_cancelled:
            self.post_message(LoadingDone())

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        i = message.index
        self.articles[i] = message.article
        self.load_errors.pop(i, None)
        if message.analysis is not None:
            self.analyses[i] = message.analysis
            self._merge_cross(message.analysis)
        else:
            with self._lock:
                self._pending.append(i)
            self.start_analysis()
        self._update_row(i)
        if i == self.current:
            self.show_article(i)

    def on_load_failed(self, message: LoadFailed) -> None:
        i = message.index
        self.load_errors[i] = message.error
        old = self.articles[i]
        self.articles[i] = placeholder(old.title, old.source, f"Could not load this article: {message.error}")
        self.notify(one_line(message.error), title="Could not load", severity="error", markup=False, timeout=10)
        self._update_row(i)
        if i == self.current:
            self.show_article(i)

    def on_feed_listed(self, message: FeedListed) -> None:
        """The feed's first entry takes the feed's row; the others follow at the end of the list."""
        i = message.index
        first, *rest = message.entries
        with self._lock:
            self.articles[i] = pending_placeholder(first)
            self._loads[i] = first
            for entry in rest:
                self._loads[len(self.articles)] = entry
                self.articles.append(pending_placeholder(entry))
                self.analyses.append(None)
        if self.panels_ready:
            self.article_list.set_items([self._item(k) for k in range(len(self.articles))], self.current)
            if len(self.articles) > 1 and self.size.width >= NARROW:
                self.article_list.display = True
        if i == self.current:
            self.show_article(i)
        self.start_loading()

    def on_loading_done(self, message: LoadingDone) -> None:
        with self._lock:
            done = not self._loads and not self._loader_running
        if done:
            self.start_cross_repeats()
            self._update_status()

    # --- analysis in a worker thread -------------------------------------------------------------------------

    def start_analysis(self) -> None:
        """Analyse what is pending, in one worker (started again when articles load after it stopped)."""
        if self.analyzer is None:
            self._set_model_state("no analysis")
            return
        if self._model_failed:
            return
        with self._lock:
            start = bool(self._pending) and not self._analysis_running
            idle = not self._pending and not self._analysis_running
            if start:
                self._analysis_running = True
        if start:
            self._analyse()
        elif idle:
            self._set_model_state("ready")

    def _next_pending(self) -> int | None:
        """The visible article first, then the list in order; None (and the worker stops) when none is left."""
        with self._lock:
            if not self._pending:
                self._analysis_running = False
                return None
            index = self.current if self.current in self._pending else self._pending[0]
            self._pending.remove(index)
            return index

    def _stop_analysis(self) -> None:
        with self._lock:
            self._analysis_running = False

    @work(thread=True, group="analysis", exit_on_error=False)
    def _analyse(self) -> None:
        worker = get_current_worker()
        analyzer = self.analyzer
        assert analyzer is not None
        # Cheap answers first (the cache): no model needed for those.
        with self._lock:
            todo = list(self._pending)
        for index in todo:
            if worker.is_cancelled:
                self._stop_analysis()
                return
            found = self._lookup(index)
            if found is not None:
                with self._lock:
                    if index in self._pending:
                        self._pending.remove(index)
                self.post_message(AnalysisReady(index, found))
        with self._lock:
            total = len(self._pending)
            if total == 0:
                self._analysis_running = False
        if total == 0:
            self.post_message(ModelState("ready"))
            return
        self.post_message(ModelState("loading model…"))
        try:
            analyzers.prepare(analyzer)
        except Exception as exc:  # noqa: BLE001 - the model is missing: the text stays readable
            self._model_failed = True
            self._stop_analysis()
            self.post_message(ModelState("model unavailable", error=str(exc)))
            return
        done = 0
        while not worker.is_cancelled and (index := self._next_pending()) is not None:
            done += 1
            with self._lock:
                left = len(self._pending)
            self.post_message(ModelState(f"analysing {done}/{done + left}"))
            try:
                analysis = analyzer.analyze(self.articles[index])
            except Exception as exc:  # noqa: BLE001 - one bad article never stops the others
                self.post_message(AnalysisFailed(index, str(exc)))
                continue
            self.post_message(AnalysisReady(index, analysis))
        if worker.is_cancelled:
            self._stop_analysis()
        else:
            self.post_message(ModelState("ready"))

    def start_cross_repeats(self) -> None:
        loaded = [a for a in self.articles if not is_placeholder(a)]
        if len(loaded) > 1:
            self._find_cross_repeats(loaded)

    @work(thread=True, exclusive=True, group="cross", exit_on_error=False)
    def _find_cross_repeats(self, articles: list[Article]) -> None:
        """Paragraphs reprinted from an earlier article of the collection: needs the texts only."""
        try:
            from presse.collection import find_cross_repeats  # numpy, datasketch: only for collections
        except ImportError:
            return
        try:
            found = find_cross_repeats(articles)
        except Exception as exc:  # noqa: BLE001 - the articles stay readable without it
            self.post_message(ModelState(self.model_state, error=f"cross-article repeats failed: {exc}"))
            return
        self.post_message(CrossRepeats(found))

    def on_cross_repeats(self, message: CrossRepeats) -> None:
        self.cross_repeats = message.found
        for i, analysis in enumerate(self.analyses):
            if analysis is not None and self._merge_cross(analysis):
                self._update_row(i)
                if i == self.current and self.panels_ready:
                    self.view.set_analysis(analysis)
                    self._refresh_article_widgets()

    def _merge_cross(self, analysis: Analysis) -> bool:
        """Add the collection's repeats to `analysis` once; True if any was added."""
        extra = self.cross_repeats.get(analysis.article.id, [])
        if not extra or any(r.article for r in analysis.repeats):
            return False
        analysis.repeats.extend(extra)
        return True

    def on_model_state(self, message: ModelState) -> None:
        self._set_model_state(message.state)
        if message.error:
            self.notify(one_line(message.error), title="Analysis", severity="error", markup=False, timeout=10)

    def _set_model_state(self, state: str) -> None:
        self.model_state = state
        self._update_status()
        self._refresh_panel()

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        i = message.index
        self.analyses[i] = message.analysis
        self._merge_cross(message.analysis)
        self.failures.pop(i, None)
        self._update_row(i)
        if i == self.current and self.panels_ready:
            self.view.set_analysis(message.analysis)
            self._refresh_article_widgets()
        elif i == self.current:
            self._show_first_frame()
        elif self.scope == "collection":
            self._refresh_panel()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.failures[message.index] = message.error
        self.notify(one_line(message.error), title="Analysis failed", severity="error", markup=False)
        if message.index == self.current:
            self._update_status()

    # --- showing an article ------------------------------------------------------------------------------

    def show_article(self, index: int) -> None:
        if not 0 <= index < len(self.articles):
            return
        self.current = index
        if not self.panels_ready:
            self._show_first_frame()
            return
        article = self.articles[index]
        try:
            view = self.view
        except NoMatches:  # closing: the layout is gone
            return
        view.titles = {a.id: a.title for a in self.articles}
        view.set_hidden_labels(self.hidden_labels)
        view.collapse_repeats = self.collapse_repeats
        view.show(article, self.analyses[index])
        self.search_matches, self.search_index = [], None
        if self.selected_ref is not None and self.selected_ref.article != index:
            self.selected_ref = None if self.scope == "article" else self.selected_ref
        if self.panels_ready:
            self.article_list.set_current(index)
        self._refresh_article_widgets()

    def _update_row(self, i: int) -> None:
        if not self.panels_ready:
            return
        try:
            self.article_list.update_item(i, self._item(i))
        except NoMatches:  # closing: the list is gone
            pass

    def _show_first_frame(self) -> None:
        for frame in self.query(FirstFrame):
            frame.show(self.articles[self.current], self.analyses[self.current])

    def _refresh_article_widgets(self) -> None:
        if not self.panels_ready:
            self._update_status()
            return
        analysis = self.analyses[self.current]
        counts = Counter(e.label for e in analysis.entities) if analysis else Counter()
        try:
            self.query_one(Legend).set_counts(counts, self.hidden_labels)
        except NoMatches:  # closing, or another screen on top
            pass
        self._refresh_panel()
        self._update_status()

    def _item(self, i: int) -> ArticleItem:
        a, an = self.articles[i], self.analyses[i]
        if i in self.load_errors:
            return ArticleItem(a.title, a.source, note="✗ could not load")
        if is_placeholder(a):
            return ArticleItem(a.title, a.source, note=a.text)
        if an is None:
            return ArticleItem(a.title, a.source)
        return ArticleItem(a.title, a.source, len(an.quotes), speaker_count(an), len(an.repeats))

    def _update_status(self) -> None:
        if not self.articles or not self.is_mounted:
            return
        article = self.articles[self.current]
        analysis = self.analyses[self.current]
        counts = f"{len(article.paragraphs)} ¶"
        if is_placeholder(article):
            counts = "could not load" if self.current in self.load_errors else article.text
        elif analysis is not None:
            counts += (f" · {len(analysis.quotes)} quotes · {speaker_count(analysis)} speakers"
                       f" · {len(analysis.repeats)} repeats")
        elif self.current in self.failures:
            counts += " · analysis failed"
        position = f"{self.current + 1}/{len(self.articles)}" if len(self.articles) > 1 else ""
        state = self.model_state if analysis is None or self.model_state != "ready" else "ready"
        if is_placeholder(article):
            state = ""
        selection = ""
        if self.selected_speaker:
            refs = self.panel.refs_of(self.selected_speaker) if self.panels_ready else []
            where = f" {refs.index(self.selected_ref) + 1}/{len(refs)}" if self.selected_ref in refs else ""
            selection = f"{self.selected_speaker}{where}"
        try:
            self.query_one(StatusLine).set_status(article=article.title, position=position,
                                                  model_state=state, counts=counts, selection=selection)
        except Exception:  # noqa: BLE001 - another screen on top: nothing to update
            pass

    # --- speakers and quotes -----------------------------------------------------------------------------

    def speaker_entries(self) -> list[SpeakerEntry]:
        indices = [self.current] if self.scope == "article" else range(len(self.articles))
        entries: dict[str, SpeakerEntry] = {}
        for i in indices:
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
        ordered = sorted(entries.values(), key=lambda e: (e.name == NO_SPEAKER, -len(e.refs), e.name))
        return ordered

    def _refresh_panel(self) -> None:
        if not self.articles or not self.panels_ready:
            return
        try:
            panel = self.panel
        except Exception:  # noqa: BLE001
            return
        analysis = self.analyses[self.current]
        state = "" if analysis is not None else self.model_state
        shown = [self.current] if self.scope == "article" else range(len(self.articles))
        # Rebuilding the tree costs with thousands of quotes: only when what it shows changed.
        key = (self.scope, self.current, state, tuple(id(self.analyses[i]) for i in shown),
               tuple(len(a.quotes) for i in shown if (a := self.analyses[i]) is not None))
        if key == self._panel_key:
            return
        self._panel_key = key
        panel.selected_speaker = self.selected_speaker
        panel.show(self.speaker_entries(), self.scope, state)

    def on_quotes_panel_speaker_selected(self, message: QuotesPanel.SpeakerSelected) -> None:
        if message.name != self.selected_speaker:
            self.selected_speaker = message.name
            self.selected_ref = None
            self._update_status()

    def on_quotes_panel_quote_chosen(self, message: QuotesPanel.QuoteChosen) -> None:
        self.goto_ref(message.ref)
        self.view.focus()

    def select_speaker(self, name: str | None) -> None:
        self.selected_speaker = name
        self.selected_ref = None
        self._update_status()
        if self.panels_ready:
            self.panel.select_speaker(name, post=False)

    def jump_to_speaker(self, name: str) -> None:
        """Select `name` and jump to its first quote."""
        self.select_speaker(name)
        refs = self.panel.refs_of(name) if self.panels_ready else []
        if refs:
            self.goto_ref(refs[0])

    def goto_ref(self, ref: QuoteRef) -> None:
        if ref.article != self.current:
            self.show_article(ref.article)
        self.selected_ref = ref
        self.view.select_quote(ref.index)
        self._update_status()
        if self.panels_ready:
            self.panel.highlight_quote(ref)

    def _speaker_refs(self) -> list[QuoteRef]:
        if not self.panels_ready:
            return []
        if self.selected_speaker is None:
            entries = [e for e in self.speaker_entries() if e.name != NO_SPEAKER and e.refs]
            if not entries:
                return []
            self.select_speaker(entries[0].name)
        return self.panel.refs_of(self.selected_speaker)

    def action_quote(self, step: int) -> None:
        refs = self._speaker_refs()
        if not refs:
            self.notify("No quotes to visit yet" if self.model_state != "ready" else "No quotes here",
                        markup=False, timeout=3)
            return
        if self.selected_ref in refs:
            pos = refs.index(self.selected_ref) + step
        else:
            pos = 0 if step > 0 else len(refs) - 1
        if not 0 <= pos < len(refs):
            pos %= len(refs)
            self.notify("Back to the first quote" if step > 0 else "Back to the last quote", markup=False, timeout=2)
        self.goto_ref(refs[pos])

    def on_article_view_entity_clicked(self, message: ArticleView.EntityClicked) -> None:
        e = message.entity
        analysis = self.analyses[self.current]
        names = {e.canonical, e.text}
        for sp in analysis.speakers if analysis else []:
            if sp.name in names or names & set(sp.aliases):
                self.select_speaker(sp.name)
                self.notify(f"{one_line(sp.name)}: {len(sp.quotes)} quote(s) — n jumps to them",
                            markup=False, timeout=3)
                return
        self.notify(f"{one_line(e.canonical)} ({e.label}): no quote", markup=False, timeout=3)

    def on_article_view_quote_clicked(self, message: ArticleView.QuoteClicked) -> None:
        analysis = self.analyses[self.current]
        if analysis is None:
            return
        q = analysis.quotes[message.quote_index]
        if q.speaker:
            self.select_speaker(q.speaker)
        ref = QuoteRef(self.current, message.quote_index, q, self.articles[self.current].title)
        self.selected_ref = ref
        self.view.select_quote(message.quote_index, scroll=False)
        if self.panels_ready:
            self.panel.highlight_quote(ref)

    def action_follow_repeat(self) -> None:
        repeat = self.view.visible_repeat()
        if repeat is None:
            self.notify("No repeated paragraph on screen", markup=False, timeout=2)
            return
        self.follow_repeat(repeat)

    def on_article_view_badge_clicked(self, message: ArticleView.BadgeClicked) -> None:
        self.follow_repeat(message.repeat)

    def follow_repeat(self, r: Repeat) -> None:
        """Go to the first occurrence of a repeated paragraph (in another open article if need be)."""
        if r.article:
            target = next((i for i, a in enumerate(self.articles) if a.id == r.article), None)
            if target is None:
                self.notify(f"The first occurrence is in {one_line(r.source or r.article)} (not open)", markup=False)
                return
            self.show_article(target)
        self.view.scroll_to_paragraph(r.same_as)

    # --- copy ----------------------------------------------------------------------------------------------

    def _copy(self, text: str, what: str) -> None:
        self.copy_to_clipboard(text)
        if self.system_clipboard:
            try:
                import pyperclip  # optional: the system clipboard where OSC 52 is not honoured

                pyperclip.copy(text)
            except Exception:  # noqa: BLE001 - OSC 52 already did its best
                pass
        self.notify(f"Copied {what}", markup=False, timeout=4)

    def action_copy_quote(self) -> None:
        ref = self.selected_ref
        if ref is None:
            refs = self._speaker_refs()
            ref = refs[0] if refs else None
        if ref is None:
            self.notify("No quote selected", markup=False, timeout=3)
            return
        from presse.export import quote_line

        line = quote_line(ref.quote)
        self._copy(line, line if len(line) < 80 else line[:77] + "…")

    def action_copy_speaker(self) -> None:
        refs = self._speaker_refs()
        if not refs:
            self.notify("No quotes to copy", markup=False, timeout=3)
            return
        from presse.export import quote_line

        self._copy("\n".join(quote_line(r.quote) for r in refs) + "\n",
                   f"{len(refs)} quote(s) of {one_line(self.selected_speaker or '')}")

    # --- article list, panels, scope ---------------------------------------------------------------------

    def on_article_list_article_chosen(self, message: ArticleList.ArticleChosen) -> None:
        self.show_article(message.index)
        self.view.focus()

    def action_article(self, step: int) -> None:
        if len(self.articles) > 1:
            self.show_article((self.current + step) % len(self.articles))

    def action_toggle_panel(self, panel_id: str) -> None:
        if not self.panels_ready:
            return
        widget = self.query_one(f"#{panel_id}")
        widget.display = not widget.display

    def action_toggle_scope(self) -> None:
        self.scope = "collection" if self.scope == "article" else "article"
        self._refresh_panel()
        self.notify("Quotes of all articles" if self.scope == "collection" else "Quotes of this article",
                    markup=False, timeout=2)

    def action_toggle_label(self, label: str) -> None:
        self.hidden_labels ^= {label}
        self.view.set_hidden_labels(self.hidden_labels)
        self._refresh_article_widgets()

    def action_toggle_repeats(self) -> None:
        self.collapse_repeats = not self.collapse_repeats
        self.view.set_collapse_repeats(self.collapse_repeats)

    # --- search --------------------------------------------------------------------------------------------

    def action_search(self) -> None:
        if not self.panels_ready:
            return
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed, "#search")
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self.search(event.value)

    @on(SearchBar.Submitted, "#search")
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        self.view.focus()

    def on_search_bar_closed(self, message: SearchBar.Closed) -> None:
        self.search("")
        self.view.focus()

    def search(self, needle: str) -> None:
        view = self.view
        self.search_matches = find_all(view.display_text, needle)
        self.search_index = None
        if self.search_matches:
            top_line = view.lines[round(view.scroll_y)] if view.lines else None
            top = top_line.start if top_line else 0
            self.search_index = next((i for i, (s, _) in enumerate(self.search_matches) if s >= top), 0)
        view.set_matches(self.search_matches, self.search_index)
        self._search_title()

    def _search_title(self) -> None:
        bar = self.query_one(SearchBar)
        n = len(self.search_matches)
        at = f"{self.search_index + 1}/" if self.search_index is not None and n else ""
        bar.border_title = f"{at}{n} match{'es' if n != 1 else ''} · ] next · [ previous" if bar.value else ""

    def action_match(self, step: int) -> None:
        if not self.search_matches:
            self.notify("No search matches (/ searches)", markup=False, timeout=2)
            return
        current = -1 if self.search_index is None else self.search_index
        self.search_index = (current + step) % len(self.search_matches)
        self.view.set_matches(self.search_matches, self.search_index)
        self._search_title()

    # --- help, open, export -------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # the screens: imported when first opened

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(APP_BINDINGS, notes=install_notes()))

    def action_open_file(self) -> None:
        from .screens.prompt import PathPrompt

        self.push_screen(PathPrompt("Open a file, folder or URL"), self._open_paths)

    def _open_paths(self, path: str | None) -> None:
        if path:
            self._load_in_background([path])

    @work(thread=True, group="plan", exit_on_error=False)
    def _load_in_background(self, paths: list[str]) -> None:
        items, errors = plan(paths, self.page_store)  # lists a folder: off the UI thread
        self.post_message(ItemsAdded(items, errors))

    def on_items_added(self, message: ItemsAdded) -> None:
        for error in message.errors:
            self.notify(one_line(error), severity="error", markup=False, timeout=8)
        if not message.items:
            return
        start = len(self.articles)
        with self._lock:
            for item in message.items:
                index = len(self.articles)
                if isinstance(item, Pending):
                    self._loads[index] = item
                    self.articles.append(pending_placeholder(item))
                else:
                    self._pending.append(index)
                    self.articles.append(item)
                self.analyses.append(None)
        self.article_list.set_items([self._item(i) for i in range(len(self.articles))], start)
        self.article_list.display = True
        self.show_article(start)
        self.start_loading()
        self.start_analysis()
        if not self._loads:
            self.start_cross_repeats()

    # --- refresh (web articles) ------------------------------------------------------------------------------

    def action_refresh_article(self) -> None:
        article = self.articles[self.current]
        if is_placeholder(article) or not refreshable(article):
            self.notify("Only articles from the web can be refreshed", markup=False, timeout=3)
            return
        self.notify(f"Refreshing {one_line(article.title)}…", markup=False, timeout=2)
        self._refresh(self.current, article)

    @work(thread=True, group="refresh", exit_on_error=False)
    def _refresh(self, index: int, article: Article) -> None:
        try:
            fresh = refresh(article, store=self.page_store)
        except PresseError as exc:
            self.post_message(Refreshed(index, article.id, None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a failed refresh keeps the article as it was
            self.post_message(Refreshed(index, article.id, None, f"{type(exc).__name__}: {exc}"))
            return
        found = self._lookup_article(fresh) if fresh is not None else None
        self.post_message(Refreshed(index, article.id, fresh, analysis=found))

    def on_refreshed(self, message: Refreshed) -> None:
        i = message.index
        if message.error:
            self.notify(one_line(message.error), title="Refresh failed", severity="error", markup=False, timeout=8)
            return
        if self.articles[i].id != message.old_id:
            return  # replaced meanwhile
        if message.article is None:
            self.notify("Not modified: the article has not changed", markup=False, timeout=4)
            return
        self.articles[i] = message.article
        self.analyses[i] = message.analysis
        if message.analysis is None:
            with self._lock:
                self._pending.append(i)
        self._update_row(i)
        if i == self.current:
            self.show_article(i)
        self.notify("Updated: the new text replaces the old" + ("" if message.analysis else " (analysing)"),
                    markup=False, timeout=4)
        self.start_analysis()

    def action_export(self, fmt: str = "markdown") -> None:
        stem = "presse-quotes"
        from .screens.prompt import ExportDialog

        self.push_screen(ExportDialog(stem, len(self.articles) > 1, fmt), self._export)

    def _export(self, choice: tuple[str, str, str] | None) -> None:
        if choice is None:
            return
        fmt, scope, path = choice
        self.export_quotes(fmt, scope, path)

    def export_quotes(self, fmt: str, scope: str, path: str) -> Path | None:
        """Write the quotes of the article (or collection) to a new file; never overwrites a file."""
        indices = [self.current] if scope == "article" else range(len(self.articles))
        analyses = [a for i in indices if (a := self.analyses[i]) is not None]
        if not analyses:
            self.notify("Nothing to export yet: the analysis is not ready", severity="warning", markup=False)
            return None
        target = Path(path).expanduser()
        try:
            with open(target, "x", encoding="utf-8", newline="") as f:
                from presse.export import render

                f.write(render(analyses, fmt))
        except FileExistsError:
            self.notify(f"{printable(str(target))} exists: choose another name", severity="error", markup=False)
            return None
        except (OSError, ValueError) as exc:
            self.notify(f"Export failed: {one_line(str(exc))}", severity="error", markup=False)
            return None
        n = sum(len(a.quotes) for a in analyses)
        self.notify(f"Exported {n} quote(s) to {printable(str(target))}", markup=False)
        return target

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Open file", "Open a file, folder or URL", self.action_open_file)
        from presse.export import FORMATS

        for fmt in FORMATS:
            yield SystemCommand(f"Export quotes ({fmt})", "Write the quotes of the article or of all articles",
                                partial(self.action_export, fmt))
        for label in LABELS:
            yield SystemCommand(f"Toggle {NAMES[label]} highlights ({label})", "Show or hide this entity type",
                                partial(self.action_toggle_label, label))
        yield SystemCommand("Collapse or show repeats", "Hide repeated paragraphs behind their badge",
                            self.action_toggle_repeats)
        yield SystemCommand("Quotes: this article / all articles", "Switch the quotes panel scope",
                            self.action_toggle_scope)
        yield SystemCommand("Keys", "List every key", self.action_help)

    # --- leaving -------------------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self._close_analyzer()
        self.exit(0)

    def on_unmount(self) -> None:
        self._close_analyzer()

    def _close_analyzer(self) -> None:
        if self.analyzer is not None:
            try:
                analyzers.close(self.analyzer)
            except Exception:  # noqa: BLE001 - leaving anyway
                pass


def run_app(args: argparse.Namespace) -> int:
    paths = list(args.paths) or [str(BUNDLED_SEEDS)]
    analyzer = analyzers.default_analyzer(args.model, getattr(args, "cache_dir", None),
                                          getattr(args, "no_cache", False))
    try:
        # Quick: folders listed, paths checked; files are read and pages fetched once the app runs.
        items, errors = plan(paths, analyzers.page_store(analyzer))
        if len(items) == 1 and isinstance(items[0], Pending) and not items[0].fetching and len(paths) == 1:
            # One local file: read now (milliseconds), so a bad one is one line and exit 2, as elsewhere.
            items = [items[0].load()]  # type: ignore[list-item]
        if not items:
            # Nothing to read: one clear line, like the other commands (exit 2 = bad input).
            raise PresseError("; ".join(errors) or "no article found")
    except BaseException:
        analyzers.close(analyzer)
        raise
    notices = [getattr(analyzer, "notice", None) or ""]
    from .keymap import load_keymap

    keymap, keymap_problems = load_keymap({b.id for b in APP_BINDINGS if b.id})
    notices.extend(keymap_problems)
    app = PresseApp(items, analyzer, errors=errors, notices=notices, keymap=keymap)
    try:
        app.run()
    finally:
        analyzers.close(analyzer)
    return app.return_code or 0
