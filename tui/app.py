"""The reader. (Placeholder until the app issue: prints the analysis as text.)"""

from __future__ import annotations

import argparse
from pathlib import Path

BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_app(args: argparse.Namespace) -> int:
    from .headless import run_analyze

    paths = list(args.paths) or [str(BUNDLED_SEEDS)]
    return run_analyze(argparse.Namespace(paths=paths, format="text", model=args.model))
