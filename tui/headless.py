"""`presse analyze` and `presse index`: the analysis without the reader."""

from __future__ import annotations

import argparse
import sys

from presse import nlp, pipeline, report, sources
from presse.errors import PresseError


def run_analyze(args: argparse.Namespace) -> int:
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


def run_index(args: argparse.Namespace) -> int:
    raise PresseError("presse index is not available yet")
