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
from presse.export import FORMATS, one_line, quote_line, render
from presse.model import Analysis, Article, Repeat
from presse.safe import printable
from widgets.article_list import ArticleItem, ArticleList
from widgets.article_view import ArticleView
from widgets.legend import LABELS, NAMES, Legend
from widgets.quotes_panel import NO_SPEAKER, QuoteRef, QuotesPanel, SpeakerEntry
from widgets.search_bar import SearchBar, find_all
from widgets.status_line import StatusLine

from . import analyzer as analyzers
from .bindings import APP_BINDINGS
from .screens.error import ErrorScreen
from .screens.help import HelpScreen
from .screens.prompt import ExportDialog, PathPrompt

BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Shipped as package data next to `tui` (styles/*.tcss), in the source tree and in the wheel alike.
STYLES = Path(__file__).resolve().parent.parent / "styles" / "presse.tcss"
ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
NARROW = 100  # below this width the article list starts hidden


def load_articles(paths: Iterable[str]) -> tuple[list[Article], list[str]]:
    """Articles from paths (folders expanded), and one readable line per path that failed."""
    from presse.sources import load_paths

    articles: list[Article] = []
    errors: list[str] = []
    for path in paths:
        p = Path(path)
        targets = [path]
        if p.is_dir():
            try:
                targets = [str(f) for f in sorted(p.iterdir())
                           if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES and not f.name.startswith(".")]
            except OSError as exc:
                errors.append(f"{path}: {exc.strerror or exc}")
                continue
            if not targets:
                errors.append(f"{path}: no article in this folder")
        for target in targets:
            try:
                articles.extend(load_paths([target]))
            except PresseError as exc:
                errors.append(str(exc))
            except (OSError, UnicodeError, ValueError) as exc:
                errors.append(f"{target}: {type(exc).__name__}: {exc}")
    return articles, errors


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


class ArticlesLoaded(Message):
    def __init__(self, articles: list[Article], errors: list[str]) -> None:
        super().__init__()
        self.articles = articles
        self.errors = errors


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
    CSS_PATH = STYLES
    BINDINGS = APP_BINDINGS
    COMMANDS = App.COMMANDS | {SpeakerCommands}
    TITLE = "presse"
    AUTO_FOCUS = "#article"

    def __init__(
        self,
        articles: list[Article],
        analyzer: analyzers.Analyzer | None = None,
        *,
        errors: Iterable[str] = (),
        notices: Iterable[str] = (),
        system_clipboard: bool = True,
    ) -> None:
        super().__init__()
        self.articles = list(articles)
        self.analyses: list[Analysis | None] = [None] * len(self.articles)
        self.failures: dict[int, str] = {}
        self.analyzer = analyzer
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
        self._pending: list[int] = list(range(len(self.articles)))
        self._lock = threading.Lock()
        self._panel_key: tuple | None = None
        self.panels_ready = False  # side panels, legend, footer: mounted after the article's first paint

    # --- layout ---------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The article first: the side panels, legend and footer are mounted right after its first paint.
        with Horizontal(id="main"):
            with Vertical(id="centre"):
                yield ArticleView(id="article")

    async def _mount_panels(self) -> None:
        main, centre = self.query_one("#main"), self.query_one("#centre")
        article_list = ArticleList(id="article-list")
        article_list.display = len(self.articles) > 1 and self.size.width >= NARROW
        await main.mount(article_list, before=centre)
        await main.mount(QuotesPanel(id="quotes-panel"), after=centre)
        await centre.mount(Legend(id="legend"), before=self.view)
        await centre.mount(SearchBar(id="search"), after=self.view)
        await self.mount(StatusLine(id="status"))
        await self.mount(Footer())
        self.panels_ready = True
        try:
            article_list.set_items([self._item(i) for i in range(len(self.articles))], self.current)
            self._refresh_article_widgets()
        except NoMatches:  # the app is closing before its first frame was complete
            pass

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
        if not self.articles:
            self.push_screen(ErrorScreen("No article to show", self._startup_errors or ["nothing was opened"]))
            return
        # The visible article, from the cache if it is there (no spaCy for that), else as plain text now.
        first = self._lookup(0)
        if first is not None:
            self.analyses[0] = first
            self._pending.remove(0)
        self.show_article(0)
        for message in self._startup_errors:
            self.notify(one_line(message), severity="warning", markup=False, timeout=8)
        for notice in self._notices:
            self.notify(one_line(notice), severity="warning", markup=False, timeout=8)
        self.call_after_refresh(self._mount_panels)
        self.start_analysis()
        self.start_cross_repeats()

    def _lookup(self, index: int) -> Analysis | None:
        if self.analyzer is None:
            return None
        try:
            return analyzers.lookup(self.analyzer, self.articles[index])
        except Exception:  # noqa: BLE001 - a failed lookup is a miss
            return None

    # --- analysis in a worker thread -------------------------------------------------------------------------

    def start_analysis(self) -> None:
        if self.analyzer is None:
            self._set_model_state("no analysis")
            return
        if self._pending:
            self._analyse()
        else:
            self._set_model_state("ready")

    def _next_pending(self) -> int | None:
        """The visible article first, then the list in order."""
        with self._lock:
            if not self._pending:
                return None
            index = self.current if self.current in self._pending else self._pending[0]
            self._pending.remove(index)
            return index

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self) -> None:
        worker = get_current_worker()
        analyzer = self.analyzer
        assert analyzer is not None
        # Cheap answers first (the cache): no model needed for those.
        with self._lock:
            todo = list(self._pending)
        for index in todo:
            if worker.is_cancelled:
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
            self.post_message(ModelState("ready"))
            return
        self.post_message(ModelState("loading model…"))
        try:
            analyzers.prepare(analyzer)
        except Exception as exc:  # noqa: BLE001 - the model is missing: the text stays readable
            self.post_message(ModelState("model unavailable", error=str(exc)))
            return
        done = 0
        while not worker.is_cancelled and (index := self._next_pending()) is not None:
            done += 1
            self.post_message(ModelState(f"analysing {done}/{total}"))
            try:
                analysis = analyzer.analyze(self.articles[index])
            except Exception as exc:  # noqa: BLE001 - one bad article never stops the others
                self.post_message(AnalysisFailed(index, str(exc)))
                continue
            self.post_message(AnalysisReady(index, analysis))
        if not worker.is_cancelled:
            self.post_message(ModelState("ready"))

    def start_cross_repeats(self) -> None:
        if len(self.articles) > 1:
            self._find_cross_repeats(list(self.articles))

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
                if self.panels_ready:
                    self.article_list.update_item(i, self._item(i))
                if i == self.current:
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
        if self.panels_ready:
            self.article_list.update_item(i, self._item(i))
        if i == self.current:
            self.view.set_analysis(message.analysis)
            self._refresh_article_widgets()
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
        article = self.articles[index]
        view = self.view
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

    def _refresh_article_widgets(self) -> None:
        if not self.panels_ready:
            self._update_status()
            return
        analysis = self.analyses[self.current]
        counts = Counter(e.label for e in analysis.entities) if analysis else Counter()
        self.query_one(Legend).set_counts(counts, self.hidden_labels)
        self._refresh_panel()
        self._update_status()

    def _item(self, i: int) -> ArticleItem:
        a, an = self.articles[i], self.analyses[i]
        if an is None:
            return ArticleItem(a.title, a.source)
        return ArticleItem(a.title, a.source, len(an.quotes), speaker_count(an), len(an.repeats))

    def _update_status(self) -> None:
        if not self.articles or not self.is_mounted:
            return
        article = self.articles[self.current]
        analysis = self.analyses[self.current]
        counts = f"{len(article.paragraphs)} ¶"
        if analysis is not None:
            counts += (f" · {len(analysis.quotes)} quotes · {speaker_count(analysis)} speakers"
                       f" · {len(analysis.repeats)} repeats")
        elif self.current in self.failures:
            counts += " · analysis failed"
        position = f"{self.current + 1}/{len(self.articles)}" if len(self.articles) > 1 else ""
        state = self.model_state if analysis is None or self.model_state != "ready" else "ready"
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
        line = quote_line(ref.quote)
        self._copy(line, line if len(line) < 80 else line[:77] + "…")

    def action_copy_speaker(self) -> None:
        refs = self._speaker_refs()
        if not refs:
            self.notify("No quotes to copy", markup=False, timeout=3)
            return
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
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(APP_BINDINGS))

    def action_open_file(self) -> None:
        self.push_screen(PathPrompt("Open a file, folder or URL"), self._open_paths)

    def _open_paths(self, path: str | None) -> None:
        if path:
            self._load_in_background([path])

    @work(thread=True, group="load", exit_on_error=False)
    def _load_in_background(self, paths: list[str]) -> None:
        articles, errors = load_articles(paths)
        self.post_message(ArticlesLoaded(articles, errors))

    def on_articles_loaded(self, message: ArticlesLoaded) -> None:
        for error in message.errors:
            self.notify(one_line(error), severity="error", markup=False, timeout=8)
        if not message.articles:
            return
        start = len(self.articles)
        self.articles.extend(message.articles)
        self.analyses.extend([None] * len(message.articles))
        with self._lock:
            self._pending.extend(range(start, len(self.articles)))
        self.article_list.set_items([self._item(i) for i in range(len(self.articles))], start)
        self.article_list.display = True
        self.show_article(start)
        self.start_analysis()
        self.start_cross_repeats()

    def action_export(self, fmt: str = "markdown") -> None:
        stem = "presse-quotes"
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
    articles, errors = load_articles(paths)
    if not articles:
        # Nothing to read: one clear line, like the other commands (exit 2 = bad input).
        raise PresseError("; ".join(errors) or "no article found")
    analyzer = analyzers.default_analyzer(args.model, getattr(args, "cache_dir", None),
                                          getattr(args, "no_cache", False))
    notices = [getattr(analyzer, "notice", None) or ""]
    app = PresseApp(articles, analyzer, errors=errors, notices=notices)
    try:
        app.run()
    finally:
        analyzers.close(analyzer)
    return app.return_code or 0
