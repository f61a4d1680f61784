"""The reader, driven with Pilot: the seed, speakers and quotes, copy, repeats, help, collections, search.

Most tests use `gold_analysis()`: the seed analysed by hand from tests/data/seed.gold.json (entities, quotes
with speakers, repeats), so they test the app, not the progress of the pipeline. A few use the real pipeline
(`seed_analysis`) and assert behaviour driven by what it returns.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest

from presse.model import Analysis, Article, Entity, Quote, Repeat, Speaker
from presse.loading import load_path
from presse.sources import article_from_text
from presse.tui.analyzer import FunctionAnalyzer, PrecomputedAnalyzer
from presse.tui.app import PresseApp
from presse.tui.sourcing import plan
from presse.tui.bindings import APP_BINDINGS
from presse.tui.screens.help import HelpScreen
from presse.widgets.article_view import BADGE, TEXT, ArticleView

DATA = Path(__file__).parent / "data"
SEED = DATA / "kremlin-peskov-trump-call.txt"
RIEN = "« Rien ne peut être exclu » — Dmitri Peskov"


def gold_analysis(article: Article | None = None) -> Analysis:
    """The seed's analysis built by hand from the gold file (independent of the pipeline)."""
    gold = json.loads((DATA / "seed.gold.json").read_text(encoding="utf-8"))
    article = article or load_path(str(SEED))[0]
    entities = [Entity(e["start"], e["end"], e["text"], e["label"], e["canonical"], e["paragraph"])
                for e in gold["entities"]]
    label_of = {e.canonical: e.label for e in entities}
    quotes: list[Quote] = []
    for q in gold["quotes"]:
        speaker = q["speakers"][0]
        quotes.append(Quote(q["start"], q["end"], q["text"], q["paragraph"],
                            "partial" if len(q["speakers"]) > 1 else "direct", speaker=speaker, cue="gold"))
    speakers: dict[str, Speaker] = {}
    for i, q in enumerate(quotes):
        aliases = sorted({e.text for e in entities if e.canonical == q.speaker})
        speakers.setdefault(q.speaker, Speaker(q.speaker, label_of.get(q.speaker, "PER"), aliases, [])).quotes.append(i)
    repeats = [Repeat(r["paragraph"], r["same_as"], r["kind"], 1.0 if r["kind"] == "exact" else 0.9)
               for r in gold["repeats"]]
    return Analysis(article, "gold", entities, quotes, list(speakers.values()), repeats)


def seed_app(analysis: Analysis | None = None, **kw) -> PresseApp:
    analysis = analysis or gold_analysis()
    return PresseApp([analysis.article], PrecomputedAnalyzer([analysis]), system_clipboard=False, **kw)


async def settle(app: PresseApp, pilot) -> None:
    """Until the reader has nothing left to do (its `idle` signal: layout up, no job running), then `refreshed`."""
    await asyncio.wait_for(app.idle.wait(), timeout=60)
    await refreshed(app, pilot)


async def laid_out(app: PresseApp, pilot) -> None:
    """Until the reader's layout is mounted (after the first frame), whatever its jobs are doing, then `refreshed`."""
    await asyncio.wait_for(app.reader.layout_mounted.wait(), timeout=60)
    await refreshed(app, pilot)


async def refreshed(app: PresseApp, pilot) -> None:
    """Until every widget has handled its messages and the screen has run what they left for after its next
    refresh (the quotes tree moves its cursor then; a long article list adds its rows then)."""
    await pilot.pause()
    await app.screen.wait_for_refresh()


def rendered_style_of(view: ArticleView, start: int, end: int):
    """The style the view paints on text[start:end] (from the rendered segments)."""
    y = view.line_of_offset(start)
    line = view.lines[y]
    strip = view.render_layout_line(y)
    col = view.gutter_width + (start - line.start)
    pos = 0
    for seg in strip:
        if pos <= col < pos + len(seg.text):
            assert view.display_text[start:end].startswith(seg.text[col - pos:col - pos + (end - start)][:1])
            return seg.style
        pos += len(seg.text)
    raise AssertionError("offset not rendered")


# --- the seed ----------------------------------------------------------------------------------------------


async def test_seed_opens_with_27_paragraphs_and_peskov_as_a_person() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        assert len(view.article.paragraphs) == 27
        assert sorted({ln.paragraph for ln in view.lines}) == list(range(27))
        assert "27 ¶" in app.query_one("#status").plain
        peskov = next(e for e in app.state.analyses[0].entities if e.text == "Peskov")
        assert "article--per" in view.spans_at(peskov.start)
        style = rendered_style_of(view, peskov.start, peskov.end)
        per = view.component_style("article--per")
        assert per.color is not None and style.color == per.color
        # A place is painted differently from a person.
        ukraine = next(e for e in app.state.analyses[0].entities if e.label == "LOC")
        assert rendered_style_of(view, ukraine.start, ukraine.end).color != per.color


@pytest.mark.slow
async def test_real_pipeline_seed_shows_paragraphs_and_person_style(seed_analysis) -> None:
    app = seed_app(seed_analysis)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        assert sorted({ln.paragraph for ln in view.lines}) == list(range(27))
        persons = [e for e in seed_analysis.entities if e.label == "PER" and "Peskov" in e.text]
        assert persons, "the pipeline finds Peskov"
        per = view.component_style("article--per")
        for e in persons:
            assert rendered_style_of(view, e.start, e.end).color == per.color


async def _visit_all_quotes(app: PresseApp, pilot, name: str) -> list[int]:
    app.reader.panel.select_speaker(name)
    await pilot.pause()
    speaker = next(s for s in app.state.analyses[app.state.current].speakers if s.name == name)
    visited = []
    for expected in speaker.quotes:
        await pilot.press("n")
        await pilot.pause()
        ref = app.reader.selected_ref
        assert ref is not None and ref.index == expected
        q = app.state.analyses[ref.article].quotes[ref.index]
        view = app.reader.view
        assert view.is_offset_visible(q.start), f"quote {expected} scrolled into view"
        assert "article--quote-selected" in view.spans_at(q.start)
        status = app.query_one("#status").plain
        assert f"{name} {len(visited) + 1}/{len(speaker.quotes)}" in status
        visited.append(ref.index)
    return visited


async def test_n_visits_each_quote_of_the_selected_speaker_in_order() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app, pilot)
        speaker = next(s for s in app.state.analyses[0].speakers if s.name == "Dmitri Peskov")
        assert len(speaker.quotes) >= 5
        assert await _visit_all_quotes(app, pilot, "Dmitri Peskov") == speaker.quotes
        # The last quotes are far down: the view scrolled.
        assert app.reader.view.scroll_y > 0
        # N goes back; n past the last one wraps to the first.
        await pilot.press("N")
        assert app.reader.selected_ref.index == speaker.quotes[-2]
        await pilot.press("n", "n")
        assert app.reader.selected_ref.index == speaker.quotes[0]


@pytest.mark.slow
async def test_real_pipeline_n_visits_each_quote_of_each_speaker(seed_analysis) -> None:
    app = seed_app(seed_analysis)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        for speaker in seed_analysis.speakers:
            app.reader.selected_ref = None
            assert await _visit_all_quotes(app, pilot, speaker.name) == speaker.quotes


async def test_c_copies_the_quote_with_its_attribution() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.reader.panel.select_speaker("Dmitri Peskov")
        for _ in range(10):
            await pilot.press("n")
            if app.reader.selected_ref.quote.text == "Rien ne peut être exclu":
                break
        await pilot.press("c")
        assert app.clipboard == RIEN
        await pilot.press("C")
        lines = app.clipboard.splitlines()
        speaker = next(s for s in app.state.analyses[0].speakers if s.name == "Dmitri Peskov")
        assert len(lines) == len(speaker.quotes) and RIEN in lines
        assert all(line.endswith(" — Dmitri Peskov") and line.startswith("« ") for line in lines)


async def test_enter_on_a_quote_in_the_panel_jumps_to_it() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.reader.panel.select_speaker("Bryan Lanza")
        await refreshed(app, pilot)  # the panel puts its cursor on the speaker after a refresh
        tree = app.reader.panel.tree
        tree.focus()
        speaker_node = next(n for n in tree.root.children if n.data == "Bryan Lanza")
        last_leaf = speaker_node.children[-1]
        tree.move_cursor(last_leaf)
        await pilot.press("enter")
        await pilot.pause()
        q = app.state.analyses[0].quotes[last_leaf.data.index]
        assert app.reader.selected_ref.index == last_leaf.data.index
        assert app.reader.view.is_offset_visible(q.start)


async def test_repeat_badge_on_paragraph_7_jumps_to_6() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        badge_y = view.paragraph_y(7)
        assert view.lines[badge_y].kind == BADGE
        assert "repeats §6" in view.render_layout_line(badge_y).text
        view.scroll_to(y=badge_y, animate=False, immediate=True)
        await pilot.pause()
        assert round(view.scroll_y) == badge_y
        await pilot.click(ArticleView, offset=(view.gutter_width + 4, 0))
        await pilot.pause()
        top = round(view.scroll_y)
        assert top < view.paragraph_y(6) + 1 <= top + 3  # paragraph 6 starts at the top of the view
        # The repeated paragraph is dimmed.
        line7 = next(ln for ln in view.lines if ln.paragraph == 7 and ln.kind == TEXT)
        dim = view.component_style("article--repeat")
        strip = view.render_layout_line(view.lines.index(line7))
        assert any(seg.style and seg.style.color == dim.color for seg in strip if seg.text.strip())


async def test_r_collapses_repeats_behind_their_badge() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = len(app.reader.view.lines)
        await pilot.press("r")
        view = app.reader.view
        kinds = {ln.kind for ln in view.lines if ln.paragraph == 7}
        assert TEXT not in kinds and BADGE in kinds
        assert len(view.lines) < before
        await pilot.press("r")
        assert len(view.lines) == before


async def test_help_screen_lists_every_key() -> None:
    app = seed_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = {(b.key_display or b.key) for b in app.screen.bindings}
        assert shown == {(b.key_display or b.key) for b in APP_BINDINGS}
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from presse.tui.screens.error import ErrorScreen
    from presse.tui.screens.prompt import ExportDialog, PathPrompt
    from presse.widgets.search_bar import SearchBar

    for b in [*APP_BINDINGS, *HelpScreen.BINDINGS, *ErrorScreen.BINDINGS, *PathPrompt.BINDINGS,
              *ExportDialog.BINDINGS, *SearchBar.BINDINGS]:
        assert b.id and b.tooltip, b
    ids = [b.id for b in APP_BINDINGS]
    assert len(ids) == len(set(ids))


async def test_toggling_an_entity_type_removes_its_highlights_and_updates_the_legend() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        peskov = next(e for e in app.state.analyses[0].entities if e.text == "Peskov")
        legend = app.query_one("#legend")
        counts = Counter(e.label for e in app.state.analyses[0].entities)
        assert f"person {counts['PER']}" in str(legend.render())
        await pilot.press("1")
        assert "article--per" not in app.reader.view.spans_at(peskov.start)
        assert "PER" in legend.hidden
        await pilot.press("1")
        assert "article--per" in app.reader.view.spans_at(peskov.start)


async def test_clicking_a_highlighted_name_selects_that_speaker() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        lanza = next(e for e in app.state.analyses[0].entities if e.canonical == "Bryan Lanza")
        view.scroll_to_range(lanza.start, lanza.end)
        await pilot.pause()
        y = view.line_of_offset(lanza.start) - round(view.scroll_y)
        x = view.gutter_width + (lanza.start - view.lines[view.line_of_offset(lanza.start)].start) + 1
        await pilot.click(ArticleView, offset=(x + 1, y))  # +1: the view's left padding
        await pilot.pause()
        assert app.reader.selected_speaker == "Bryan Lanza"
        await pilot.press("n")
        assert app.reader.selected_ref.quote.speaker == "Bryan Lanza"


async def test_search_highlights_matches_and_moves_between_them() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"peskov")
        text = app.state.articles[0].text
        expected = [i for i in range(len(text)) if text.startswith("Peskov", i)]
        assert [s for s, _ in app.reader.view.matches] == expected
        await pilot.press("enter")
        assert app.focused is app.reader.view
        first = app.reader.view.current_match
        await pilot.press("right_square_bracket")
        assert app.reader.view.current_match == (first + 1) % len(expected)
        s, _ = app.reader.view.matches[app.reader.view.current_match]
        assert "article--match" in app.reader.view.spans_at(s) and app.reader.view.is_offset_visible(s)
        # Text that looks like a regular expression is searched literally.
        title = app.query_one("#search").border_title
        assert title.startswith(f"{app.reader.view.current_match + 1}/{len(expected)} matches")
        app.reader.search("(.*")
        assert app.reader.view.matches == []


async def test_80x24_is_usable_with_panels_hideable() -> None:
    a = gold_analysis()
    b = gold_analysis(Article(source="other.txt", title="other", text=a.article.text + "\n",
                              paragraphs=a.article.paragraphs))
    app = PresseApp([a.article, b.article], PrecomputedAnalyzer([a, b]), system_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.reader.article_list.display  # narrow: the list starts hidden
        width_with_panel = app.reader.view.size.width
        assert width_with_panel >= 40
        await pilot.press("s")
        assert not app.reader.panel.display
        await pilot.pause()
        assert app.reader.view.size.width > width_with_panel
        await pilot.press("l")
        assert app.reader.article_list.display


# --- collections --------------------------------------------------------------------------------------------


def _two_article_collection() -> tuple[list[Analysis], str]:
    """Two articles quoting the same person (hand-made analyses)."""
    speaker = "Marie Curie"
    analyses = []
    for n, sentences in enumerate([("Un", "Deux"), ("Trois",)]):
        paras = [f"Article {n}, introduction."]
        for s in sentences:
            paras.append(f"« {s} est dit », a déclaré {speaker}.")
        text = "\n\n".join(paras)
        from presse.sources import article_from_text

        article = article_from_text(text, f"art{n}.txt")
        quotes, entities = [], []
        for p in article.paragraphs[1:]:
            ptext = article.paragraph_text(p.index)
            qs = p.start + 2
            qe = p.start + ptext.index(" »")
            quotes.append(Quote(qs, qe, text[qs:qe], p.index, "direct", speaker=speaker))
            es = p.start + ptext.index(speaker)
            entities.append(Entity(es, es + len(speaker), speaker, "PER", speaker, p.index))
        analyses.append(Analysis(article, "hand", entities, quotes,
                                 [Speaker(speaker, "PER", [speaker], list(range(len(quotes))))], []))
    return analyses, speaker


async def test_all_articles_scope_moves_across_articles() -> None:
    analyses, speaker = _two_article_collection()
    app = PresseApp([a.article for a in analyses], PrecomputedAnalyzer(analyses), system_clipboard=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        assert app.reader.scope == "collection"
        app.reader.panel.select_speaker(speaker)
        seen = []
        for _ in range(3):
            await pilot.press("n")
            seen.append((app.state.current, app.reader.selected_ref.quote.text))
        assert seen == [(0, "Un est dit"), (0, "Deux est dit"), (1, "Trois est dit")]
        assert app.reader.view.article is app.state.articles[1]
        await pilot.press("C")
        assert app.clipboard.splitlines() == [f"« {t} » — {speaker}" for t in ("Un est dit", "Deux est dit", "Trois est dit")]


async def test_a_folder_of_articles_is_listed_and_switching_works(tmp_path, nlp) -> None:
    from presse.pipeline import analyze_many

    texts = {
        "dupont.txt": "Le ministre Jean Dupont a parlé à Paris.\n\n« Nous agirons », a déclaré Jean Dupont.",
        "renault.txt": "La société Renault a annoncé des résultats.",
        "merkel.txt": "Angela Merkel était à Berlin.\n\nElle a visité Munich.\n\nPuis Hambourg.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")  # not an article: skipped
    items, errors = plan([str(tmp_path)])
    assert [p.title for p in items] == ["dupont.txt", "merkel.txt", "renault.txt"] and not errors
    analyzer = FunctionAnalyzer(lambda art: next(analyze_many([art], nlp=nlp)))
    app = PresseApp(items, analyzer, system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        articles = app.state.articles
        assert [a.title for a in articles] == ["dupont", "merkel", "renault"]
        assert app.reader.article_list.display
        options = app.reader.article_list.options
        assert options.option_count == 3
        assert all(a is not None for a in app.state.analyses)
        prompt = str(options.get_option_at_index(1).prompt)
        assert articles[1].title in prompt and "quotes" in prompt
        options.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.state.current == 1 and app.reader.view.article is articles[1]
        assert app.query_one("#status").plain.startswith("2/3")
        await pilot.press("greater_than_sign")
        assert app.state.current == 2
        assert sorted({ln.paragraph for ln in app.reader.view.lines}) == list(range(len(articles[2].paragraphs)))
        # Type to filter.
        app.query_one("#article-filter").focus()
        await pilot.press(*"RENA")
        assert [articles[i].title for i in app.reader.article_list.shown] == ["renault"]
        await pilot.press("enter")
        assert app.reader.view.article.title == "renault"


# --- analysis off the UI thread, failures -----------------------------------------------------------------


async def test_text_appears_before_the_analysis_and_highlights_come_after() -> None:
    import threading

    gate, started = threading.Event(), threading.Event()
    analysis = gold_analysis()

    def slow(article: Article) -> Analysis:
        started.set()
        gate.wait(10)
        return analysis

    app = PresseApp([analysis.article], FunctionAnalyzer(slow), system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await asyncio.to_thread(started.wait, 30)  # the article is being analysed
        await laid_out(app, pilot)
        assert len(app.reader.view.lines) > 27  # the text is laid out already
        assert "analysing" in app.query_one("#status").plain
        assert app.reader.view.spans_at(analysis.entities[0].start) == []
        gate.set()
        await settle(app, pilot)
        assert "ready" in app.query_one("#status").plain
        assert app.reader.view.spans_at(analysis.entities[0].start)


async def test_missing_model_is_a_notification_and_the_text_stays() -> None:
    from presse.errors import ModelError

    class NoModel:
        def prepare(self) -> None:
            raise ModelError("cannot load spaCy model 'xx_nothing': not installed")

        def analyze(self, article: Article) -> Analysis:
            raise AssertionError("never called")

    article = load_path(str(SEED))[0]
    app = PresseApp([article], NoModel(), system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "model unavailable" in app.query_one("#status").plain
        assert any("xx_nothing" in str(n.message) for n in app._notifications)
        assert len(app.reader.view.lines) > 27


async def test_unreadable_and_missing_files_are_notifications(tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Un paragraphe.", encoding="utf-8")
    (tmp_path / "empty-dir").mkdir()
    items, errors = plan([str(good), str(tmp_path / "missing.txt"), str(tmp_path / "empty-dir")])
    assert len(items) == 1 and len(errors) == 2
    app = PresseApp(items, None, errors=errors, system_clipboard=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("missing.txt" in m for m in messages)


async def test_no_article_at_all_is_an_error_screen() -> None:
    from presse.tui.screens.error import ErrorScreen

    app = PresseApp([], None, errors=["x.txt: no such file or folder"], system_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_cross_article_repeat_badge_names_the_other_article_and_jumps_there() -> None:
    from presse.sources import article_from_text

    seed = gold_analysis()
    reprinted = seed.article.paragraph_text(12)
    other = article_from_text("Un tout autre début, sans rapport avec le reste du texte.\n\n" + reprinted, "b.txt")
    other_analysis = Analysis(other, "hand", [], [], [], [])
    app = PresseApp([seed.article, other], PrecomputedAnalyzer([seed, other_analysis]), system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        cross = [r for r in app.state.analyses[1].repeats if r.article]
        assert [(r.paragraph, r.same_as, r.article) for r in cross] == [(1, 12, seed.article.id)]
        app.reader.show_article(1)
        await pilot.pause()
        view = app.reader.view
        y = view.paragraph_y(1)
        assert f"«{seed.article.title}» §12" in view.render_layout_line(y).text
        await pilot.click(ArticleView, offset=(view.gutter_width + 4, y - round(view.scroll_y)))
        await pilot.pause()
        assert app.state.current == 0
        assert view.paragraph_y(12) in view.visible_range()


def test_cached_reopen_shows_the_analysis_without_importing_spacy(tmp_path) -> None:
    """The real start-up path (default_analyzer: cache in front of the worker) on a cached article."""
    import subprocess
    import sys

    script = f"""
import asyncio, sys
sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
from tests.test_app import gold_analysis
from presse.nlp import model_id
from presse.tui import analyzer as analyzers
from presse.tui.app import PresseApp
from presse.sources import load_file

cache_dir = {str(tmp_path)!r}
analysis = gold_analysis()
analysis.model = model_id()
cache = analyzers.open_cache(cache_dir, enabled=True)
if type(cache).__name__ == "_NoCache":
    print("NOCACHE"); raise SystemExit(0)
cache.put(analysis)
articles = [load_file({str(SEED)!r})]
app = PresseApp(articles, analyzers.default_analyzer(None, cache_dir, False), system_clipboard=False)

async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.idle.wait(), timeout=60)
        print("QUOTES", len(app.reader.view.analysis.quotes), "STATE", app.state.model_state)
asyncio.run(main())
print("HEAVY", sorted(m for m in ("spacy", "thinc") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    if "NOCACHE" in done.stdout:
        pytest.skip("presse.cache is not available")
    assert f"QUOTES {len(gold_analysis().quotes)} STATE ready" in done.stdout
    assert "HEAVY []" in done.stdout


async def test_theme_change_recolours_entities() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        peskov = next(e for e in app.state.analyses[0].entities if e.text == "Peskov")
        before = rendered_style_of(view, peskov.start, peskov.end).color
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await pilot.pause()
        after_style = view.component_style("article--per")
        after = rendered_style_of(view, peskov.start, peskov.end).color
        assert after == after_style.color and after != before


async def test_command_palette_offers_speakers_export_and_entity_toggles() -> None:
    from presse.tui.app import SpeakerCommands

    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Open file", "Export quotes (markdown)", "Export quotes (csv)", "Export quotes (json)",
                       "Toggle person highlights (PER)", "Keys"):
            assert wanted in titles
        assert any("theme" in t.lower() for t in titles)
        provider = SpeakerCommands(app.screen)
        hits = [h async for h in provider.search("peskov")]
        assert [h.text for h in hits] == ["Jump to speaker Dmitri Peskov"]
        hits[0].command()
        await pilot.pause()
        assert app.reader.selected_speaker == "Dmitri Peskov"
        peskov = next(s for s in app.state.analyses[0].speakers if s.name == "Dmitri Peskov")
        assert app.reader.selected_ref.index == peskov.quotes[0]


async def test_large_article_opens_and_jumps_to_its_last_quote() -> None:
    """5,000 paragraphs (the seed repeated): laid out, the last quote reached with N, the tree capped."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_app", Path(__file__).parent.parent / "bench" / "bench_app.py")
    bench = importlib.util.module_from_spec(spec)
    import sys

    sys.modules.setdefault("bench_app", bench)
    spec.loader.exec_module(bench)
    big = bench.big_analysis(gold_analysis(), 5000)
    app = PresseApp([big.article], PrecomputedAnalyzer([big]), system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        assert {ln.paragraph for ln in view.lines} == set(range(5000))
        speaker = max(big.speakers, key=lambda s: len(s.quotes))
        app.reader.select_speaker(speaker.name)
        await pilot.press("N")
        await pilot.pause()
        last = big.quotes[speaker.quotes[-1]]
        assert app.reader.selected_ref.index == speaker.quotes[-1]
        assert view.is_offset_visible(last.start)
        assert "article--quote-selected" in view.spans_at(last.start)
        await pilot.press("N")
        assert app.reader.selected_ref.index == speaker.quotes[-2]
        from presse.widgets.quotes_panel import MAX_LEAVES

        node = next(n for n in app.reader.panel.tree.root.children if n.data == speaker.name)
        assert len(node.children) == MAX_LEAVES + 1  # and a "… more" line
        view.scroll_to(y=len(view.lines) // 2, animate=False, immediate=True)
        await pilot.pause()
        middle = view.lines[round(view.scroll_y)]
        assert abs(middle.paragraph - 2500) < 100


async def test_g_follows_the_first_repeat_badge_on_screen() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        view.scroll_to(y=view.paragraph_y(7), animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        top = round(view.scroll_y)
        assert top < view.paragraph_y(6) + 1 <= top + 3


async def test_a_folder_lists_at_once_loads_lazily_and_a_bad_file_is_one_notification(tmp_path) -> None:
    """Rows come from `presse.sources.folder_files` (recursive, natural order, hidden skipped) before any
    file is read; each article loads in the loader thread; a file that fails is one notification and its row
    says so, while the others open."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "a10.txt").write_text("Dixième article.", encoding="utf-8")
    (tmp_path / "a2.txt").write_text("Deuxième article.", encoding="utf-8")
    (tmp_path / "sub" / "b1.md").write_text("# Titre B\n\nCorps de B.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("caché", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")  # fails to load: an empty article
    items, errors = plan([str(tmp_path)])
    assert [p.title for p in items] == ["a2.txt", "a10.txt", "empty.txt", "b1.md"] and not errors
    app = PresseApp(items, None, system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        assert [a.title for a in app.state.articles][:2] == ["a2", "a10"] and app.state.articles[3].title == "Titre B"
        failed = [str(n.message) for n in app._notifications if "empty.txt" in str(n.message)]
        assert len(failed) == 1
        assert set(app.state.load_errors) == {2}
        assert "could not load" in str(app.reader.article_list.options.get_option_at_index(2).prompt)
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert app.state.current == 2 and "Could not load" in app.reader.view.display_text
        await pilot.press("greater_than_sign")
        assert app.reader.view.article.title == "Titre B"


async def test_the_visible_article_loads_first(tmp_path, monkeypatch) -> None:
    import threading

    # Each file its own loading job (a job reads files for up to LOAD_SLICE seconds, then the rest waits
    # behind the visible article): the order below is then the priority rule's alone, whatever the timing.
    monkeypatch.setattr("presse.tui.work.LOAD_SLICE", 0)

    for i in range(30):
        (tmp_path / f"art{i}.txt").write_text(f"Article numéro {i}.", encoding="utf-8")
    items, _ = plan([str(tmp_path)])
    order: list[str] = []
    gate = threading.Event()

    def recorded(load, title):
        def run():
            order.append(title)
            if title == "art0.txt":
                gate.wait(10)  # the reader moves to another article meanwhile
            return load()
        return run

    for item in items:
        item.load = recorded(item.load, item.title)
    app = PresseApp(items, None, system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await laid_out(app, pilot)
        assert app.reader.article_list.options.option_count == 30  # listed before anything is read
        app.reader.show_article(17)
        gate.set()
        await settle(app, pilot)
        assert app.reader.view.article.title == "art17"
    assert order[:2] == ["art0.txt", "art17.txt"] and sorted(order) == sorted(p.title for p in items)


@pytest.mark.parametrize("size,count,theme", [((120, 40), 1, None), ((80, 24), 1, None), ((140, 40), 2, None),
                                              ((120, 40), 1, "textual-light")])
async def test_the_first_frame_paints_exactly_what_the_view_then_paints(size, count, theme) -> None:
    """The first frame (one light widget) and the mounted view: same text cells, same styles (no jump)."""
    from presse.widgets.first_frame import FirstFrame, _Unmounted, geometry, view_styles

    analysis = gold_analysis()
    articles = [analysis.article] + [article_from_text("Un autre article.", "autre.txt")] * (count - 1)
    app = PresseApp(articles, PrecomputedAnalyzer([analysis]), system_clipboard=False)
    async with app.run_test(size=size) as pilot:
        assert isinstance(app.screen.children[0], FirstFrame)  # what compose gives: the first frame only
        if theme:
            app.theme = theme
        await settle(app, pilot)
        assert not app.query(FirstFrame)
        assert app.reader.first_frame_paints["analysis"] <= app.reader.view.paint_times["analysis"]
        view = app.reader.view
        region = view.scrollable_content_region
        assert geometry(*size, app.reader._list_shown()) == (region.x, region.width, region.height)
        assert region.y == 1
        base, styles = view_styles(app.get_css_variables())
        assert base == view.rich_style
        for name, style in styles.items():
            assert style == view.component_style(name), name
        frame = _Unmounted(region.width, base, styles)
        frame.lay_out(analysis.article, analysis)
        assert frame.lines == view.lines
        # What the first frame lays out: only the paragraphs of the first screen, the same lines.
        first = _Unmounted(region.width, base, styles)
        first.lay_out(analysis.article, analysis, rows=region.height)
        assert len(first.article.paragraphs) < len(analysis.article.paragraphs)
        assert region.height <= len(first.lines) and first.lines == view.lines[:len(first.lines)]
        for y in range(region.height):
            assert list(frame.render_layout_line(y)) == list(view.render_layout_line(y)), y
            assert list(first.render_layout_line(y)) == list(view.render_layout_line(y)), y


def test_nothing_heavy_is_imported_before_the_first_paint(tmp_path) -> None:
    """`presse FILE` paints its first frame before any of these is imported (subprocess: a clean sys.modules)."""
    import subprocess
    import sys

    heavy = ("spacy", "thinc", "numpy", "trafilatura", "datasketch", "rapidfuzz", "feedparser", "rich.progress",
             "presse.export", "presse.pipeline", "presse.repeats", "presse.collection", "presse.web",
             "presse.feeds", "presse.quotes", "presse.entities", "presse.speakers")
    script = f"""
import asyncio, sys
sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
from presse.tui import analyzer as analyzers
from presse.tui.app import PresseApp
from presse.tui.sourcing import plan
from presse.widgets.first_frame import FirstFrame

items, _ = plan([{str(SEED)!r}])
app = PresseApp([items[0].load()], analyzers.default_analyzer(None, {str(tmp_path)!r}, False), system_clipboard=False)
seen = []
painted = asyncio.Event()
paint = FirstFrame.render_line
def spy(self, y):
    if not seen:
        seen.append(sorted(m for m in sys.modules if m.startswith({heavy!r})))
        painted.set()
    return paint(self, y)
FirstFrame.render_line = spy

async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(painted.wait(), timeout=60)
    print("HEAVY", seen[0])
asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "HEAVY []" in done.stdout, done.stdout


async def test_a_long_list_gets_every_row_after_the_first_screenful(tmp_path) -> None:
    from presse.widgets.article_list import FIRST_ROWS

    for i in range(FIRST_ROWS + 50):
        (tmp_path / f"n{i}.txt").write_text(f"Article {i}.", encoding="utf-8")
    items, _ = plan([str(tmp_path)])
    app = PresseApp(items, None, system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        options = app.reader.article_list.options
        assert options.option_count == FIRST_ROWS + 50
        assert [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in (0, 2, 10, 149)] == [
            "n0", "n2", "n10", "n149"]  # natural order, each title loaded
        app.reader.show_article(140)
        await pilot.pause()
        assert options.highlighted == 140
        app.query_one("#article-filter").focus()
        await pilot.press(*"n14")
        assert app.reader.article_list.shown == [14] + list(range(140, 150))
