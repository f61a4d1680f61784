"""Indirect speech in the reader: a paraphrase is marked "reported" in the panel and in copies, never put
inside « » as if the speaker had said those words."""

from __future__ import annotations

from presse.tui.analyzer import PrecomputedAnalyzer
from presse.tui.app import PresseApp
from presse.widgets.items import NO_SPEAKER
from tests.test_app import refreshed, settle
from tests.test_app_export import indirect_analysis

DIRECT = "« Rien ne peut être exclu » — Jean Valmont"
REPORTED = "Jean Valmont (reported): les dirigeants voulaient une défaite"


async def test_the_panel_marks_indirect_speech_apart_and_copies_say_reported() -> None:
    a = indirect_analysis()
    app = PresseApp([a.article], PrecomputedAnalyzer([a]), system_clipboard=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.reader.select_speaker("Jean Valmont")
        await refreshed(app, pilot)
        node = next(n for n in app.reader.panel.tree.root.children if n.data == "Jean Valmont")
        quoted, reported = (leaf.label for leaf in node.children)
        assert quoted.plain == "§0 Rien ne peut être exclu" and quoted.style == ""
        assert reported.plain == "§1 reported: les dirigeants voulaient une défaite"
        # Apart: dimmed, the paraphrase in italics after a bold "reported:".
        words = reported.plain.index("les")
        assert reported.style == "dim"
        assert any(s.start == words and s.style == "italic" for s in reported.spans)
        await pilot.press("n", "c")
        assert app.clipboard == DIRECT
        await pilot.press("n", "c")
        assert app.clipboard == REPORTED
        assert str(list(app._notifications)[-1].message) == f"Copied {REPORTED}"
        await pilot.press("C")
        assert app.clipboard.splitlines() == [DIRECT, REPORTED]
        # Indirect speech nobody could be found for: under "(no speaker)", still no quotation marks.
        app.reader.select_speaker(NO_SPEAKER)
        await pilot.press("n", "c")
        assert app.clipboard == "(reported): tout change"
        assert not any(mark in app.clipboard for mark in "«»")
