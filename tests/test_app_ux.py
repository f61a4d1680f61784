"""The reader as a person uses it (issue 14): keys typed fast, dialogs, search, colours, layout, words.

Keys "typed fast" are sent the way a terminal delivers a paste or `tmux send-keys`: every key event queued
at once by the driver, before the app has handled the first one (`pilot.press` waits between keys).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable

import pytest
from textual import events
from textual.color import Color
from textual.keys import _character_to_key
from textual.widgets import Input

from presse.tui.app import PresseApp
from presse.tui.screens.prompt import ExportDialog, PathPrompt
from tests.test_app import refreshed, seed_app, settle

def type_fast(app: PresseApp, *keys: str | Iterable[str]) -> None:
    """Queue key events all at once, as the terminal driver does for a paste: each argument a key name
    ("enter", "ctrl+u") or text typed character by character."""
    for part in keys:
        named = isinstance(part, str) and len(part) > 1 and part in NAMED_KEYS
        for ch in [part] if named else part:
            key = ch if named or ch.isalnum() else _character_to_key(ch)
            event = events.Key(key, None if named else ch)
            event.set_sender(app)
            app._driver.send_message(event)


NAMED_KEYS = {"enter", "escape", "ctrl+u", "backspace", "tab"}


async def until(pilot, condition, rounds: int = 100) -> bool:
    """Let the app handle its messages until `condition()` holds (True), or give up after `rounds` (False)."""
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause()
    return condition()


# --- input and dialogs --------------------------------------------------------------------------------------


async def test_keys_typed_fast_after_slash_reach_the_search_field() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        bar = app.query_one("#search", Input)
        type_fast(app, "/quand")
        assert await until(pilot, lambda: bar.value == "quand"), bar.value
        await refreshed(app, pilot)
        assert app.is_running and app.return_code is None
        assert app.focused is bar and app.reader.scope == "article"  # `a` was not the scope key


async def test_keys_typed_fast_after_o_reach_the_open_dialog(tmp_path) -> None:
    (tmp_path / "b.txt").write_text("Un autre article, ouvert vite.", encoding="utf-8")
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        type_fast(app, "o", str(tmp_path / "b.txt"), "enter")
        assert await until(pilot, lambda: len(app.state.articles) == 2)
        await settle(app, pilot)
        assert app.reader.view.article.title == "b" and app.is_running


async def test_keys_typed_fast_after_e_reach_the_export_dialog(tmp_path) -> None:
    target = tmp_path / "fast.md"
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        type_fast(app, "e", str(target), "enter")  # the default name is selected: typing replaces it
        assert await until(pilot, target.exists)
        assert not isinstance(app.screen, ExportDialog) and "Rien ne peut" in target.read_text(encoding="utf-8")


async def test_dialogs_open_with_their_field_focused() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for key, dialog, field in (("o", PathPrompt, "#prompt-input"), ("e", ExportDialog, "#export-path")):
            await pilot.press(key)
            await refreshed(app, pilot)
            assert isinstance(app.screen, dialog)
            assert app.focused is app.screen.query_one(field, Input)
            await pilot.press("escape")
            await refreshed(app, pilot)
            assert app.screen is app.reader


async def test_an_open_error_keeps_the_dialog_open_with_the_reason_under_the_field(tmp_path) -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        missing = str(tmp_path / "nulle-part.txt")
        await pilot.press("o", *missing, "enter")
        await refreshed(app, pilot)
        assert isinstance(app.screen, PathPrompt)
        field = app.screen.query_one("#prompt-input", Input)
        error = app.screen.query_one(".dialog-error")
        assert field.value == missing and error.display
        assert "no such file or folder" in str(error.render()) and "nulle-part.txt" in str(error.render())
        assert error.region.y > field.region.y  # under the field
        # Fixed in place: the dialog opens it.
        (tmp_path / "ici.txt").write_text("Un article ici.", encoding="utf-8")
        await pilot.press(*["backspace"] * len("nulle-part.txt"), *"ici.txt")
        assert not error.display  # the reason goes once the field changes
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is app.reader and app.reader.view.article.title == "ici"


async def test_an_export_error_keeps_the_dialog_and_its_choices(tmp_path) -> None:
    from textual.widgets import RadioButton, RadioSet

    taken = tmp_path / "q.json"
    taken.write_text("[]", encoding="utf-8")
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await refreshed(app, pilot)
        app.screen.query_one("#export-format").query(RadioButton)[2].value = True  # json
        await refreshed(app, pilot)
        field = app.screen.query_one("#export-path", Input)
        for path, reason in ((str(taken), "exists: choose another name"),
                             (str(tmp_path / "nul" / "q.json"), "no such folder")):
            field.value = path
            field.focus()
            await pilot.press("enter")
            await refreshed(app, pilot)
            assert isinstance(app.screen, ExportDialog), reason
            error = app.screen.query_one(".dialog-error")
            assert error.display and reason in str(error.render())
            assert app.screen.query_one("#export-format", RadioSet).pressed_button.name == "json"
        assert taken.read_text(encoding="utf-8") == "[]"
        field.value = str(tmp_path / "q2.json")
        await pilot.press("enter")
        await refreshed(app, pilot)
        assert app.screen is app.reader and (tmp_path / "q2.json").exists()
        done = [str(n.message) for n in app._notifications if "Exported" in str(n.message)]
        assert done and str((tmp_path / "q2.json").resolve()) in done[-1]


async def test_the_search_stays_after_enter_and_esc_closes_it_from_the_article() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        bar = app.query_one("#search", Input)
        await pilot.press("slash", *"peskov", "enter")
        assert app.focused is app.reader.view and bar.display and app.reader.view.matches
        await pilot.press("right_square_bracket")
        assert "matches" in bar.border_title
        await pilot.press("escape")
        await refreshed(app, pilot)
        assert not bar.display and app.reader.view.matches == []
        # Esc in the field closes it too, and `/` typed in the field is text.
        await pilot.press("slash", *"1/2")
        assert bar.value == "1/2" and app.focused is bar
        await pilot.press("escape")
        assert not bar.display and app.focused is app.reader.view


async def test_o_and_e_typed_in_the_article_filter_are_text() -> None:
    from tests.test_app import gold_analysis
    from presse.model import Article
    from presse.tui.analyzer import PrecomputedAnalyzer

    a = gold_analysis()
    b = gold_analysis(Article(source="oe.txt", title="oe", text=a.article.text + "\n", paragraphs=a.article.paragraphs))
    app = PresseApp([a.article, b.article], PrecomputedAnalyzer([a, b]), system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        app.query_one("#article-filter").focus()
        await pilot.press("o", "e", "slash")
        assert app.query_one("#article-filter", Input).value == "oe/" and app.screen is app.reader


def test_search_ignores_accents_and_case() -> None:
    from presse.widgets.search_bar import find_all

    text = "Les États-Unis, les ÉTATS, des etats ; la Straße ; e\u0301tats décomposé."
    assert [text[s:e] for s, e in find_all(text, "etats")] == ["États", "ÉTATS", "etats", "e\u0301tats"]
    assert [text[s:e] for s, e in find_all(text, "ÉTATS")] == ["États", "ÉTATS", "etats", "e\u0301tats"]
    assert [text[s:e] for s, e in find_all(text, "strasse")] == ["Straße"]
    assert [text[s:e] for s, e in find_all(text, "décomposé")] == ["décomposé"]
    assert find_all(text, "(.*") == [] and find_all(text, "") == []


async def test_search_in_the_reader_finds_accented_words_typed_without_accents() -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"PRESIDENT")
        text = app.reader.view.display_text
        found = [text[s:e] for s, e in app.reader.view.matches]
        assert found and {w.lower() for w in found} == {"président"}


# --- colour ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_every_article_line_is_drawn_in_the_theme_colours_and_repeats_are_dimmed(theme) -> None:
    """No cell of the article falls back to the terminal's default colours (SGR 39/49), highlighted or not."""
    from presse.widgets.article_view import TEXT

    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        await settle(app, pilot)
        view = app.reader.view
        base = view.rich_style
        assert base.color is not None and base.bgcolor is not None
        for y, line in enumerate(view.lines):
            if line.kind != TEXT:
                continue
            for seg in view.render_layout_line(y):
                if seg.text.strip():
                    assert seg.style is not None and seg.style.color and seg.style.bgcolor, (y, seg)
                    assert not seg.style.color.is_default and not seg.style.bgcolor.is_default, (y, seg)
        # A repeated paragraph's lines without any highlight are dimmed all along.
        repeat = view.component_style("article--repeat").color
        dimmed = [y for y, ln in enumerate(view.lines) if ln.kind == TEXT and ln.paragraph == 7
                  and not any(s < ln.end and e > ln.start for s, e, _ in view._para_spans(7))]
        plain = [y for y, ln in enumerate(view.lines) if ln.kind == TEXT and ln.paragraph == 5
                 and not any(s < ln.end and e > ln.start for s, e, _ in view._para_spans(5))]
        assert plain, "the seed has a line without any highlight"
        for y in plain:
            assert {seg.style.color for seg in list(view.render_layout_line(y))[1:]} == {base.color}
        for y in dimmed:
            assert {seg.style.color for seg in list(view.render_layout_line(y))[1:]} == {repeat}


async def test_four_entity_kinds_have_four_distinct_legible_colours_in_every_theme() -> None:
    from presse.tui.colours import contrast, distance

    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view, legend = app.reader.view, app.query_one("#legend")
        assert len(app.available_themes) >= 20
        for theme in sorted(app.available_themes):
            app.theme = theme
            await refreshed(app, pilot)
            colours = [view.component_style(f"article--{k}").color for k in ("per", "loc", "org", "misc")]
            assert len(set(colours)) == 4, theme
            # The legend shows the same colours.
            assert [legend.get_component_rich_style(f"legend--{k}", partial=True).color
                    for k in ("per", "loc", "org", "misc")] == colours, theme
            if any(c.is_system_defined or c.triplet is None for c in colours):
                continue  # ANSI themes: the terminal's palette decides
            rgb = [Color.from_rich_color(c) for c in colours]
            background = Color.from_rich_color(view.rich_style.bgcolor)
            assert min(distance(a, b) for i, a in enumerate(rgb) for b in rgb[i + 1:]) > 20, theme
            assert min(contrast(c, background) for c in rgb) >= 4.4, theme


# --- layout ---------------------------------------------------------------------------------------------------


def screen_text(app: PresseApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_the_status_keeps_the_speaker_counter_and_shortens_a_long_title_first() -> None:
    from tests.test_app import gold_analysis
    from presse.tui.analyzer import PrecomputedAnalyzer

    analysis = gold_analysis()
    analysis.article.title = "Un titre très long " * 12
    app = PresseApp([analysis.article], PrecomputedAnalyzer([analysis]), system_clipboard=False)
    for size in ((160, 48), (80, 24)):
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            app.reader.select_speaker("Dmitri Peskov")
            await pilot.press("n")
            await refreshed(app, pilot)
            n = len(app.reader.panel.refs_of("Dmitri Peskov"))
            status = screen_text(app)[-2]
            assert f"Dmitri Peskov 1/{n}" in status, (size, status)
            assert "Un titre très long" in status and "…" in status and "ready" in status, (size, status)
        app = PresseApp([analysis.article], PrecomputedAnalyzer([analysis]), system_clipboard=False)


async def test_at_80x24_the_legend_and_the_footer_keep_every_kind_and_the_panel_keys() -> None:
    from textual.widgets._footer import FooterKey

    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        legend = screen_text(app)[0]
        for kind in ("person", "place", "org", "other"):
            assert kind in legend, legend
        assert "4 ■ other 3" in legend  # its count too
        footer = screen_text(app)[-1]
        keys = {k.key: k for k in app.screen.query(FooterKey)}
        for key, words in (("q", "Quit"), ("question_mark", "Help"), ("l", "List"), ("s", "Speakers")):
            assert keys[key].region.right <= 80 and words in footer, footer
        assert "ready" in screen_text(app)[-2]


async def test_the_speakers_panel_ellipsises_long_quotes_without_a_horizontal_scrollbar() -> None:
    from rich.cells import cell_len

    from tests.test_app import _two_article_collection
    from presse.tui.analyzer import PrecomputedAnalyzer

    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.reader.select_speaker("Dmitri Peskov")
        await refreshed(app, pilot)
        tree = app.reader.panel.tree
        assert not tree.show_horizontal_scrollbar
        width = tree.scrollable_content_region.width
        lines = [tree.render_line(y).text.rstrip() for y in range(tree.scrollable_content_region.height)]
        assert any(line.endswith("…") for line in lines)  # cut lines say so
        assert all(cell_len(line) <= width for line in lines)
    analyses, speaker = _two_article_collection()
    for a in analyses:
        a.article.title = "Un titre d'article particulièrement long pour la colonne"
    app = PresseApp([a.article for a in analyses], PrecomputedAnalyzer(analyses), system_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        app.reader.select_speaker(speaker)
        await refreshed(app, pilot)
        tree = app.reader.panel.tree
        leaves = [str(n.label) for n in tree.root.children[0].children]
        assert leaves and all(label.index("§") <= 15 for label in leaves), leaves  # the title gives way


# --- clipboard inside tmux -------------------------------------------------------------------------------------

RIEN = "« Rien ne peut être exclu » — Dmitri Peskov"


async def _copy_rien(app: PresseApp, pilot) -> str:
    """Select the quote «Rien ne peut être exclu», press c; the notification."""
    await settle(app, pilot)
    app.reader.select_speaker("Dmitri Peskov")
    for _ in range(10):
        await pilot.press("n")
        if app.reader.selected_ref.quote.text == "Rien ne peut être exclu":
            break
    await pilot.press("c")
    return str(list(app._notifications)[-1].message)


async def test_c_inside_tmux_hands_the_quote_to_tmux_and_says_so(tmp_path, monkeypatch) -> None:
    """A fake `tmux` on PATH records its arguments and stdin."""
    fake = tmp_path / "bin" / "tmux"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/stdin\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-test/default,1,0")
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        said = await _copy_rien(app, pilot)
    assert (tmp_path / "args").read_text(encoding="utf-8").split() == ["load-buffer", "-w", "-"]
    assert (tmp_path / "stdin").read_text(encoding="utf-8") == RIEN
    assert app.clipboard == RIEN and "tmux buffer" in said


async def test_c_outside_tmux_says_the_terminal_clipboard(monkeypatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        said = await _copy_rien(app, pilot)
    assert "terminal clipboard (OSC 52)" in said and "tmux" not in said


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
async def test_c_in_a_real_tmux_fills_a_paste_buffer(tmp_path, monkeypatch) -> None:
    """A tmux server of its own (a private socket): after `c`, its paste buffer holds the quote."""
    socket = tmp_path / "tmux.sock"
    tmux = ["tmux", "-S", str(socket)]
    subprocess.run([*tmux, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24"], check=True, timeout=30)
    try:
        pid = subprocess.run([*tmux, "display", "-p", "#{pid}"], capture_output=True, text=True, check=True,
                             timeout=30).stdout.strip()
        monkeypatch.setenv("TMUX", f"{socket},{pid},0")  # what tmux sets for the programs it runs
        app = seed_app()
        async with app.run_test(size=(120, 40)) as pilot:
            said = await _copy_rien(app, pilot)
        shown = subprocess.run([*tmux, "show-buffer"], capture_output=True, check=True, timeout=30).stdout
        assert shown.decode("utf-8") == RIEN and "tmux buffer" in said
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=30)


async def test_notifications_leave_the_status_line_visible() -> None:
    from textual.widgets._toast import Toast

    app = seed_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("Une notification assez longue pour tenir sur plusieurs lignes " * 3)
        await refreshed(app, pilot)
        status = app.query_one("#status").region
        toasts = list(app.screen.query(Toast))
        assert toasts and all(t.region.bottom <= status.y for t in toasts)


# --- feedback and words ----------------------------------------------------------------------------------------


def test_index_says_loading_model_until_the_first_analysis_comes() -> None:
    """`presse index` shows "loading model…" on its progress line from the start of the analysis (the model
    loads for seconds) until the first batch is analysed."""
    import io

    from rich.console import Console

    from presse import batch
    from presse.sources import article_from_text
    from presse.tui.headless import _progress
    from tests.test_app import gold_analysis

    articles = [article_from_text(f"Article {i}.", f"a{i}.txt") for i in range(3)]
    out = io.StringIO()
    seen: list[str] = []
    console = Console(file=out, force_terminal=True, width=160, color_system=None)

    def runner(todo):
        seen.append(out.getvalue())  # what the line said while the model was "loading"
        yield [gold_analysis(a) for a in todo], []
        seen.append(out.getvalue())

    with _progress(len(articles), console) as progress:
        batch.analyze_collection(articles, processes=1, progress=progress.advance, keep=False, runner=runner,
                                 cross_article=False, stage=progress.stage)
    assert "0/3" in seen[0] and "loading model…" in seen[0]
    final = out.getvalue()[len(seen[-1]):]  # the line drawn once the batch came
    assert "3/3" in final and "loading model" not in final


def last_message(app: PresseApp) -> str:
    return str(list(app._notifications)[-1].message)


async def test_r_without_repeats_and_arrows_with_one_article_say_so() -> None:
    from tests.test_app import gold_analysis
    from presse.tui.analyzer import PrecomputedAnalyzer

    analysis = gold_analysis()
    analysis.repeats.clear()
    app = PresseApp([analysis.article], PrecomputedAnalyzer([analysis]), system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        assert "No repeated paragraph" in last_message(app) and not app.reader.collapse_repeats
        await pilot.press("greater_than_sign")
        assert "Only one article" in last_message(app)
        await pilot.press("less_than_sign")
        assert "Only one article" in last_message(app) and app.state.current == 0


async def test_the_palette_lists_speakers_before_typing_without_no_speaker_and_one_keys_entry() -> None:
    from textual.command import CommandList

    from tests.test_app import gold_analysis
    from presse.model import Quote
    from presse.tui.analyzer import PrecomputedAnalyzer
    from presse.widgets.items import NO_SPEAKER

    analysis = gold_analysis()
    p = analysis.article.paragraphs[1]
    analysis.quotes.append(Quote(p.start, p.start + 10, analysis.article.text[p.start:p.start + 10], 1, "direct"))
    app = PresseApp([analysis.article], PrecomputedAnalyzer([analysis]), system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert NO_SPEAKER in [e.name for e in app.reader.speaker_entries()]  # the panel lists it
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        await pilot.press("ctrl+p")
        commands = app.screen.query_one(CommandList)
        assert await until(pilot, lambda: commands.option_count > 5)
        await refreshed(app, pilot)
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        jumps = [p for p in prompts if p.startswith("Jump to speaker")]
        assert "Jump to speaker Dmitri Peskov" in jumps and len(jumps) == len(analysis.speakers)
        assert not any(NO_SPEAKER in p for p in prompts)
        assert sum(p.split("\n")[0] == "Keys" for p in prompts) == 1


async def test_help_shows_each_binding_id() -> None:
    from presse.tui.bindings import APP_BINDINGS

    app = seed_app()
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await refreshed(app, pilot)
        shown = "\n".join(screen_text(app))
        for b in APP_BINDINGS:
            assert b.id in shown, b.id


async def test_status_plurals_and_no_empty_segment() -> None:
    from tests.test_app import gold_analysis
    from presse.model import Analysis
    from presse.tui.analyzer import PrecomputedAnalyzer

    full = gold_analysis()
    one = Analysis(full.article, "hand", full.entities, full.quotes[:1],
                   [s for s in full.speakers if 0 in s.quotes][:1], [])
    one.speakers[0].quotes = [0]
    app = PresseApp([one.article], PrecomputedAnalyzer([one]), system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        status = screen_text(app)[-2]
        assert "1 quote · 1 speaker · 0 repeats" in status and "  ·    ·  " not in status


async def test_the_legend_says_loading_until_the_analysis_and_ready_comes_with_it() -> None:
    import asyncio
    import threading

    from tests.test_app import gold_analysis, laid_out
    from presse.tui.analyzer import FunctionAnalyzer

    gate, started = threading.Event(), threading.Event()
    analysis = gold_analysis()

    def slow(article):
        started.set()
        gate.wait(10)
        return analysis

    app = PresseApp([analysis.article], FunctionAnalyzer(slow), system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await asyncio.to_thread(started.wait, 30)
        await laid_out(app, pilot)
        legend, status = screen_text(app)[0], screen_text(app)[-2]
        assert "loading…" in legend and "person 0" not in legend, legend
        assert "ready" not in status and "analysing" in status
        gate.set()
        await settle(app, pilot)
        legend, status = screen_text(app)[0], screen_text(app)[-2]
        assert "loading" not in legend and "person 38" in legend and "ready" in status


async def test_a_dead_url_is_an_error_state_not_a_paragraph_and_never_ready() -> None:
    from presse.errors import PresseError
    from presse.tui.sourcing import Pending

    def dead():
        raise PresseError("http://127.0.0.1:9/mort: connection refused")

    app = PresseApp([Pending("http://127.0.0.1:9/mort", "http://127.0.0.1:9/mort", dead, fetching=True)], None,
                    system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert any("Could not load this article" in line for line in text)
        assert not any("§0" in line for line in text)
        status = text[-2]
        assert "could not load" in status and "ready" not in status and "  ·    ·" not in status
        assert "loading" not in text[0] and "person 0" not in text[0] and "ready" not in text[0]
        assert "could not load" in text[0]  # the quotes panel's header


async def test_arrows_move_within_the_filtered_list() -> None:
    from tests.test_app import gold_analysis
    from presse.model import Article
    from presse.tui.analyzer import PrecomputedAnalyzer

    base = gold_analysis()
    analyses = [gold_analysis(Article(source=f"{name}.txt", title=name, text=base.article.text + "\n" * (i + 1),
                                      paragraphs=base.article.paragraphs))
                for i, name in enumerate(["alpha", "beta", "alpine", "gamma", "alps"])]
    app = PresseApp([a.article for a in analyses], PrecomputedAnalyzer(analyses), system_clipboard=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        app.query_one("#article-filter").focus()
        await pilot.press(*"alp")
        assert app.reader.article_list.shown == [0, 2, 4]
        app.reader.view.focus()
        seen = []
        for _ in range(3):
            await pilot.press("greater_than_sign")
            seen.append(app.state.current)
        assert seen == [2, 4, 0]
        await pilot.press("less_than_sign")
        assert app.state.current == 4


def test_markdown_export_keeps_file_names_readable() -> None:
    from presse import export
    from tests.test_app import gold_analysis

    analysis = gold_analysis()
    analysis.article.source = "articles/kremlin-peskov.v2.txt"
    md = export.to_markdown([analysis])
    assert "Source: articles/kremlin-peskov.v2.txt" in md and "\\." not in md and "\\-" not in md
