"""The `presse` command: `presse [PATH|URL ...]` opens the reader, `presse analyze` runs headless.

Exit codes: 0 done, 2 bad input (one line on stderr), 1 internal failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from presse.errors import PresseError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def _analyze_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="analyse articles and print the result (no UI)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, URL, feed, or - for standard input")
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    p.add_argument("--model", default=None, help="spaCy model (default fr_core_news_md)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="presse", description="Read news articles and see who said what.")
    sub = parser.add_subparsers(dest="command")
    _analyze_parser(sub)
    return parser


def run_analyze(args: argparse.Namespace) -> int:
    from presse import nlp, pipeline, report, sources

    model = args.model or nlp.DEFAULT_MODEL
    articles = sources.load_paths(args.paths)
    if not articles:
        raise PresseError("no article found in " + ", ".join(args.paths))
    analyses = list(pipeline.analyze_many(articles, model=model))
    out = sys.stdout
    if args.format == "json":
        if len(analyses) == 1:
            out.write(analyses[0].to_json(indent=2) + "\n")
        else:
            out.write("[\n" + ",\n".join(a.to_json(indent=2) for a in analyses) + "\n]\n")
    elif args.format == "jsonl":
        out.writelines(a.to_json() + "\n" for a in analyses)
    else:
        out.write("\n".join(report.text_report(a) for a in analyses))
    return 0


def run_app(paths: Sequence[str]) -> int:
    # Until the reader exists, print the analysis of the requested articles.
    return run_analyze(argparse.Namespace(paths=list(paths) or [_bundled_seeds()], format="text", model=None))


def _bundled_seeds() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "seeds")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in ("analyze", "-h", "--help"):
        return _guarded(lambda: run_app(argv))
    if not argv:
        return _guarded(lambda: run_app([]))
    args = build_parser().parse_args(argv)
    return _guarded(lambda: run_analyze(args))


def _guarded(run) -> int:  # noqa: ANN001
    try:
        return run()
    except PresseError as exc:
        print(f"presse: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, not a traceback
        print(f"presse: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
