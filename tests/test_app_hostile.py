"""Hostile article text in the reader: escapes, control characters and markup are shown, never obeyed."""

from __future__ import annotations

from presse.model import Analysis, Entity, Quote, Speaker
from presse.sources import article_from_text
from presse.tui.analyzer import PrecomputedAnalyzer
from presse.tui.app import PresseApp
from presse.widgets.article_view import ArticleView
from tests.test_app import settle

ESC = "\x1b"
HOSTILE_PARAS = [
    "Couleur \x1b[31mrouge\x1b[0m et presse-papiers \x1b]52;c;SGVsbG8=\x07 et lien \x1b]8;;http://x\x1b\\ici\x1b]8;;\x1b\\.",
    "Balises [bold red]criardes[/] et [@click=app.quit]clic[/] et [link=http://x]lien[/link], C1 \x9b2J.",
    "« [@click=app.quit]Je quitte[/] \x1b[2J », a déclaré [bold]Evil[/bold].",
]
SPEAKER = "[bold]Evil[/bold]"


def hostile_analysis() -> Analysis:
    text = "\n\n".join(HOSTILE_PARAS)
    article = article_from_text(text, "[red]evil[/red]\x1b[2J.txt")
    article.title = "[@click=app.quit]titre\x1b[5m"
    p = article.paragraphs[2]
    ptext = article.paragraph_text(2)
    qs, qe = p.start + 2, p.start + ptext.index(" »")
    es = p.start + ptext.index(SPEAKER)
    quote = Quote(qs, qe, text[qs:qe], 2, "direct", speaker=SPEAKER)
    entity = Entity(es, es + len(SPEAKER), SPEAKER, "PER", SPEAKER, 2)
    return Analysis(article, "hand", [entity], [quote], [Speaker(SPEAKER, "PER", [SPEAKER], [0])], [])


def screen_text(app: PresseApp) -> str:
    """Every rendered line of the current screen, as plain text."""
    lines = []
    for widget in app.screen.walk_children(with_self=True):
        if not widget.display or not widget.size.area:
            continue
        for y in range(widget.size.height):
            try:
                lines.append("".join(seg.text for seg in widget.render_line(y)))
            except Exception:  # noqa: BLE001 - containers without lines
                break
    return "\n".join(lines)


async def test_hostile_text_is_shown_literally_and_never_interpreted() -> None:
    a = hostile_analysis()
    app = PresseApp([a.article], PrecomputedAnalyzer([a]), system_clipboard=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        body = "\n".join(view.render_layout_line(y).text for y in range(len(view.lines)))
        assert ESC not in body and "\x9b" not in body and "\x07" not in body
        assert "␛[31mrouge␛[0m" in body
        assert "[bold red]criardes[/]" in body and "[@click=app.quit]clic[/]" in body
        assert "[link=http://x]lien[/link]" in body
        # The speaker's name (markup-like) is highlighted as a person and listed literally.
        assert SPEAKER in body
        tree_labels = [str(n.label) for n in app.reader.panel.tree.root.children]
        assert any(SPEAKER in label for label in tree_labels)
        status = app.query_one("#status").plain
        assert "[@click=app.quit]titre␛[5m" in status and ESC not in status
        everything = screen_text(app)
        assert ESC not in everything and "[bold red]criardes[/]" in everything
        # Clicking the fake [@click=app.quit] text does nothing but a (literal) click.
        y = view.line_of_offset(a.article.text.index("[@click")) - round(view.scroll_y)
        await pilot.click(ArticleView, offset=(view.gutter_width + 30, y))
        await pilot.pause()
        assert app.is_running
        # The copied quote and its notification are printable and literal.
        app.reader.panel.select_speaker(SPEAKER)
        await pilot.press("n", "c")
        assert ESC not in app.clipboard
        assert app.clipboard == f"« [@click=app.quit]Je quitte[/] ␛[2J » — {SPEAKER}"
        note = str(app._notifications.last.message) if hasattr(app._notifications, "last") else \
            str(list(app._notifications)[-1].message)
        assert "[@click=app.quit]" in note and ESC not in note
        assert app.is_running


async def test_hostile_titles_in_the_article_list() -> None:
    a = hostile_analysis()
    b_article = article_from_text("Un autre article.", "autre.txt")
    app = PresseApp([a.article, b_article], PrecomputedAnalyzer([a]), system_clipboard=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        prompt = str(app.reader.article_list.options.get_option_at_index(0).prompt)
        assert "[@click=app.quit]titre␛[5m" in prompt and ESC not in prompt
        assert app.is_running
