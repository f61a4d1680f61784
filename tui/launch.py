"""Starting the reader: the paths planned (folders listed, one local file read at once), the analyzer and
the user's keymap chosen, then the App run until it exits."""

from __future__ import annotations

import argparse
from importlib.resources import files
from pathlib import Path

from presse.errors import PresseError

from . import analyzer as analyzers
from .app import PresseApp
from .bindings import APP_BINDINGS
from .sourcing import Pending, plan

# Package data of presse.seeds: the repository's seeds/ folder, installed under `presse` (see setup.py).
BUNDLED_SEEDS = Path(str(files("presse.seeds")))


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
