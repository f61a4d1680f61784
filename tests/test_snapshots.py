"""Snapshots of the reader's main screen on the seed (pytest-textual-snapshot).

Deterministic: the analysis is the hand-made gold one (tests/test_app.gold_analysis), given up front, so
the model state reads "ready" and nothing depends on timing. Update with `pytest --snapshot-update`
after checking the SVGs in tests/__snapshots__/ by eye.
"""

from __future__ import annotations

from tests.test_app import gold_analysis, refreshed, settle
from presse.tui.analyzer import PrecomputedAnalyzer
from presse.tui.app import PresseApp

TITLE = "Kremlin: Peskov denies the Trump call"


def seed_app() -> PresseApp:
    analysis = gold_analysis()
    analysis.article.title = TITLE  # fixed: the snapshot must not follow how sources name titles
    return PresseApp([analysis.article], PrecomputedAnalyzer([analysis]), system_clipboard=False)


async def settled(pilot) -> None:
    await settle(pilot.app, pilot)


def test_main_screen_120x40(snap_compare) -> None:
    assert snap_compare(seed_app(), terminal_size=(120, 40), run_before=settled)


def test_main_screen_80x24(snap_compare) -> None:
    assert snap_compare(seed_app(), terminal_size=(80, 24), run_before=settled)


def test_speaker_selected_and_quote_jumped_120x40(snap_compare) -> None:
    async def select_and_jump(pilot) -> None:
        await settled(pilot)
        pilot.app.reader.select_speaker("Dmitri Peskov")
        await pilot.pause()
        await pilot.press("n", "n", "n")
        await refreshed(pilot.app, pilot)  # the quotes tree moves its cursor after a refresh

    assert snap_compare(seed_app(), terminal_size=(120, 40), run_before=select_and_jump)
