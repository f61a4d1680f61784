"""Errors the user caused (bad input) as opposed to bugs: the CLI maps them to exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Callable

from .safe import printable_line


class PresseError(Exception):
    """Bad input or environment, reported as one clear line."""


class SourceError(PresseError):
    """An article source that cannot be read: missing, unreadable, binary, empty..."""


class ModelError(PresseError):
    """The spaCy model cannot be loaded."""


class OutputError(PresseError):
    """The result cannot be written: standard output full, closed, or in an encoding that cannot show it."""


# Receives one line per part of a source that failed while the rest loaded (a feed entry).
OnError = Callable[[str], None]


def report_to_stderr(message: str) -> None:
    """The default `OnError`: one `presse: …` line on standard error, control characters made visible."""
    print(f"presse: {printable_line(message)}", file=sys.stderr)
