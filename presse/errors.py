"""Errors the user caused (bad input) as opposed to bugs: the CLI maps them to exit code 2."""


class PresseError(Exception):
    """Bad input or environment, reported as one clear line."""


class SourceError(PresseError):
    """An article source that cannot be read: missing, unreadable, binary, empty..."""


class ModelError(PresseError):
    """The spaCy model cannot be loaded."""


class OutputError(PresseError):
    """The result cannot be written: standard output full, closed, or in an encoding that cannot show it."""
