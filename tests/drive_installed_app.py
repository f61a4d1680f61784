"""Drives the installed reader headless, started exactly as the `presse` command starts it.

Run by the Python of a virtualenv where the wheel is installed (see tests/test_wheel.py), from a folder
outside the checkout: `python drive_installed_app.py [PRESSE ARGS...]`. `App.run` is wrapped to run
headless with an auto pilot, so `presse.tui.cli.main` builds the app the way the command does. The pilot
opens and closes `?`, `o`, `e` and the palette's "Keys", "Open file", "Export quotes (markdown)", visits a
quote with `n`, copies it with `c` and quits with `q`. Each step is printed (`step: ...`) and the copied
text last (`copied: ` and a JSON string); the exit code is the command's.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Tree

# Generous: each wait ends as soon as its condition holds; the bound only turns a hang into a failure.
WAIT_STEPS = 2400
STEP_SECONDS = 0.05
PALETTE_ENTRIES = ("Keys", "Open file", "Export quotes (markdown)")


async def until(pilot: Pilot, holds: Callable[[], bool], what: str) -> None:
    for _ in range(WAIT_STEPS):
        if holds():
            return
        if not pilot.app.is_running:
            raise AssertionError(f"the app stopped while waiting for {what}")
        await pilot.pause(STEP_SECONDS)
    raise AssertionError(f"timed out waiting for {what} (screens: {pilot.app.screen_stack})")


def presse_screen_on_top(app: App) -> bool:
    """A screen of the reader's own (presse.tui...) over the main screen: the modules it needs loaded."""
    return len(app.screen_stack) == 2 and type(app.screen).__module__.startswith("presse.tui")


def speakers_listed(app: App) -> bool:
    """The quotes panel lists speakers: the sample is loaded and analysed."""
    return any(tree.root.children for tree in app.screen.query("#quotes-tree").results(Tree))


async def open_and_close(pilot: Pilot, key: str) -> None:
    app = pilot.app
    await pilot.press(key)
    await until(pilot, lambda: presse_screen_on_top(app), f"a screen after {key!r}")
    print(f"step: {key} opened {type(app.screen).__name__}", flush=True)
    await pilot.press("escape")
    await until(pilot, lambda: len(app.screen_stack) == 1, f"{key!r}'s screen to close")


def runs_presse_code(command: object) -> bool:
    """A palette command of the reader's own (Textual has a "Keys" entry too): defined in presse."""
    function = getattr(command, "func", command)  # functools.partial
    return str(getattr(function, "__module__", "")).startswith("presse.")


def palette_hit_index(app: App, title: str) -> int | None:
    """Where the palette lists the reader's `title`, once its search has finished (None until then)."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return None
    if any(worker.node is palette and not worker.is_finished for worker in app.workers):
        return None  # still searching
    commands = palette.query_one(CommandList)
    hits = [commands.get_option_at_index(i).hit for i in range(commands.option_count)]
    return next((i for i, hit in enumerate(hits) if str(hit.text) == title and runs_presse_code(hit.command)),
                None)


async def palette_entry(pilot: Pilot, title: str) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
    await pilot.press(*title)
    await until(pilot, lambda: palette_hit_index(app, title) is not None, f"{title!r} in the palette")
    commands = app.screen.query_one(CommandList)
    while commands.highlighted != palette_hit_index(app, title):
        await pilot.press("down")
    await pilot.press("enter")
    await until(pilot, lambda: presse_screen_on_top(app), f"the screen of {title!r}")
    print(f"step: palette {title!r} opened {type(app.screen).__name__}", flush=True)
    await pilot.press("escape")
    await until(pilot, lambda: len(app.screen_stack) == 1, f"the screen of {title!r} to close")


async def drive(pilot: Pilot) -> None:
    app = pilot.app
    try:
        await until(pilot, lambda: speakers_listed(app), "speakers")
        print("step: speakers listed", flush=True)
        for key in ("question_mark", "o", "e"):
            await open_and_close(pilot, key)
        for title in PALETTE_ENTRIES:
            await palette_entry(pilot, title)
        await pilot.press("n")
        await pilot.press("c")
        await until(pilot, lambda: bool(app.clipboard), "a copied quote")
        print(f"copied: {json.dumps(app.clipboard, ensure_ascii=False)}", flush=True)
        await pilot.press("q")
    except BaseException:
        traceback.print_exc()
        raise


def main() -> int:
    run = App.run

    def run_headless(app: App, **_: object) -> object:
        return run(app, headless=True, size=(120, 40), auto_pilot=drive)

    App.run = run_headless  # type: ignore[method-assign]
    from presse.tui.cli import main as presse_main

    return presse_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
