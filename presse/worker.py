"""The analysis subprocess: `python -m presse.worker --model NAME`.

The reader keeps its UI thread free by running spaCy in this process (loading the French model spends
seconds compiling regexes while holding the GIL). Protocol, one JSON object per line, UTF-8:

- on start, after loading the model: `{"ready": "<model id>"}`, or `{"error": "...", "fatal": true}` and exit 2;
- each request on stdin is an article (`article_to_dict`); the answer on stdout is `Analysis.to_dict()`
  (it has a "schema" key), or `{"error": "...", "id": "<article id>"}` when that article failed.

End of stdin ends the process.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import IO, Any

from .errors import PresseError
from .model import Article, Paragraph

EXIT_FATAL = 2


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "source": article.source,
        "title": article.title,
        "text": article.text,
        "paragraphs": [asdict(p) for p in article.paragraphs],
        "id": article.id,
        "meta": article.meta,
    }


def article_from_dict(d: dict[str, Any]) -> Article:
    return Article(
        source=str(d["source"]),
        title=str(d["title"]),
        text=str(d["text"]),
        paragraphs=[Paragraph(**p) for p in d["paragraphs"]],
        id=str(d.get("id") or ""),
        meta=dict(d.get("meta") or {}),
    )


def _send(out: IO[str], obj: dict[str, Any]) -> None:
    # ensure_ascii: the pipe carries pure ASCII, whatever the locale or the text (lone surrogates included).
    out.write(json.dumps(obj, ensure_ascii=True) + "\n")
    out.flush()


def serve(model: str, inp: IO[str], out: IO[str]) -> int:
    """Answer requests from `inp` until it ends; returns the exit code."""
    from . import nlp as nlp_mod
    from .pipeline import analyze_many

    try:
        nlp = nlp_mod.load(model)
        _send(out, {"ready": nlp_mod.model_id(model)})
    except PresseError as exc:
        _send(out, {"error": str(exc), "fatal": True})
        return EXIT_FATAL
    for line in inp:
        if not line.strip():
            continue
        article_id = None
        try:
            request = json.loads(line)
            article_id = request.get("id")
            article = article_from_dict(request)
            (analysis,) = list(analyze_many([article], model=model, nlp=nlp))
            _send(out, analysis.to_dict())
        except Exception as exc:  # noqa: BLE001 - one bad article must not end the service
            _send(out, {"error": f"{type(exc).__name__}: {exc}", "id": article_id})
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m presse.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    from .nlp import DEFAULT_MODEL

    # Pipes in binary-safe UTF-8, whatever the locale says.
    inp = open(sys.stdin.fileno(), encoding="utf-8", errors="surrogateescape", closefd=False)
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)
    try:
        return serve(args.model or DEFAULT_MODEL, inp, out)
    except (BrokenPipeError, KeyboardInterrupt):
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
