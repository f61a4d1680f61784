"""Quotes and speakers: scaling with the article's length, and hostile runs of quote marks.

    python bench/bench_quotes.py           # 625 → 5,000 paragraphs, plus the hostile paragraphs
    python bench/bench_quotes.py --quick   # 250 → 1,000 paragraphs

The long articles repeat a block made of the seed and the hand-made test articles (tests/data/articles);
the block is parsed once and its spaCy doc copied with `Doc.from_docs`, so only the quote step
(`find_quotes` + `build_speakers`) is timed. The figure that matters is the ratio: doubling the text
should about double the time (ratio ≈ 2), never quadruple it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from presse import nlp as nlp_mod  # noqa: E402
from presse.entities import extract_entities  # noqa: E402
from presse.model import Article  # noqa: E402
from presse.quotemarks import scan  # noqa: E402
from presse.quotes import find_quotes  # noqa: E402
from presse.sources import split_paragraphs  # noqa: E402
from presse.speakers import build_speakers  # noqa: E402
from presse.textnorm import nlp_copy  # noqa: E402


def block() -> str:
    parts = [(ROOT / "seeds" / "kremlin-peskov-trump-call.txt").read_text(encoding="utf-8").replace("\n", "\n\n")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))]
    return "\n\n".join(p.strip() for p in parts) + "\n\n"


def quote_step(text: str, doc) -> tuple[float, int]:
    article = Article(source="bench", title="bench", text=text, paragraphs=split_paragraphs(text))
    entities = extract_entities(article, doc)
    t = time.perf_counter()
    quotes = find_quotes(article, doc, entities)
    build_speakers(quotes, entities, text)
    return time.perf_counter() - t, len(article.paragraphs)


def scaling(nlp, sizes: list[int]) -> None:
    from spacy.tokens import Doc

    text = block()
    base = nlp(nlp_copy(text))
    per_block = len(split_paragraphs(text))
    prev = None
    print(f"{'paragraphs':>10} {'quotes s':>9} {'ms/para':>8} {'ratio':>6}")
    for size in sizes:
        k = max(1, size // per_block)
        big_text = text * k
        doc = Doc.from_docs([base] * k, ensure_whitespace=False)
        assert len(doc.text) == len(big_text)
        # the best of three runs: the machine is shared, the minimum is the least disturbed figure
        seconds, n = min(quote_step(big_text, doc) for _ in range(3))
        ratio = f"{seconds / prev:.2f}" if prev else "-"
        print(f"{n:>10} {seconds:>9.3f} {1000 * seconds / n:>8.3f} {ratio:>6}")
        prev = seconds


def hostile(nlp) -> None:
    cases = {
        "10,000 « in a row": "«" * 10_000,
        "10,000 “ then 10,000 »": "“" * 10_000 + "»" * 10_000,
        "5,000 « a » quotes, one paragraph": "« Il a dit oui », a-t-il dit. " * 5_000,
        "20,000 mixed marks and words": ("‘a ’b «c “d” e» f' 'g \"h\" " * 2_500),
    }
    print(f"{'hostile paragraph':<36} {'chars':>7} {'scan s':>7} {'quotes step s':>13} {'quotes':>6}")
    for name, text in cases.items():
        t = time.perf_counter()
        scan(text, [(0, len(text))])
        scan_s = time.perf_counter() - t
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = nlp(nlp_copy(text))
        article = Article(source="h", title="h", text=text, paragraphs=split_paragraphs(text))
        entities = extract_entities(article, doc)
        t = time.perf_counter()
        quotes = find_quotes(article, doc, entities)
        build_speakers(quotes, entities, text)
        step_s = time.perf_counter() - t
        print(f"{name:<36} {len(text):>7} {scan_s:>7.3f} {step_s:>13.3f} {len(quotes):>6}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    nlp = nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    scaling(nlp, [250, 500, 1000] if args.quick else [625, 1250, 2500, 5000])
    hostile(nlp)


if __name__ == "__main__":
    main()
