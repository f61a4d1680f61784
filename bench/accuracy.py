"""Who said what, measured on gold: quote P/R/F1, speaker accuracy, a table per sieve, the misses.

    python bench/accuracy.py                     # the gold kept in tests/data (dev set, seed, test articles)
    python bench/accuracy.py tests/data/gold/dev # one or more gold folders
    python bench/accuracy.py --input-ext html    # analyse the .html pages instead of the .txt
    python bench/accuracy.py --json              # the totals as one JSON object

Every article is analysed in this one process (the model loads once, no cache), as `presse analyze`
reads it, and scored by the shared scorer's rules (tests/data/score.py): a quote is found when its span
overlaps a gold quote with IoU >= 0.6, its speaker is right when it matches an acceptable speaker by
full name or surname; `quote_ignore` spans, indirect speech and terms are not scored. Loading and
scoring live in tests/goldset.py, shared with the gold tests (tests/test_gold.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from presse import nlp as nlp_mod  # noqa: E402
from presse.safe import printable  # noqa: E402
from tests import goldset  # noqa: E402
from tests.goldset import INVENTED, MISSED, NO_SPEAKER, RIGHT, WRONG_SPEAKER, Outcome, Totals  # noqa: E402

MISS_KINDS = (NO_SPEAKER, WRONG_SPEAKER, MISSED, INVENTED)
SNIPPET = 50  # characters of a quote shown in the misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, metavar="GOLD_FOLDER",
                        help="*.gold.json folders or NAME.json + NAME.txt folders (default: the gold in tests/data)")
    parser.add_argument("--input-ext", choices=("txt", "html"), default="txt",
                        help="analyse NNNNN.html instead of NNNNN.txt (where there is one)")
    parser.add_argument("--json", action="store_true", help="print the totals as one JSON object")
    args = parser.parse_args(argv)
    folders = args.folders or list(goldset.DEFAULT_FOLDERS)
    try:
        golds = [g for folder in folders for g in goldset.load_folder(folder, args.input_ext)]
    except (ValueError, OSError) as error:
        print(f"accuracy: {error}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    nlp = nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    outcomes = [o for gold, analysis in goldset.analyse(golds, nlp) for o in goldset.score_article(gold, analysis)]
    seconds = time.perf_counter() - started
    fallbacks = sum((g.path.suffix if g.path else ".txt") != "." + args.input_ext for g in golds)

    if args.json:
        print(json.dumps(as_json(outcomes, args.input_ext), ensure_ascii=False))
        return 0
    print(f"{len(golds)} articles from {len(folders)} folder(s), input .{args.input_ext}"
          + (f" ({fallbacks} with no .{args.input_ext}: their .txt)" if fallbacks else "")
          + f", {nlp_mod.model_id()}, analysed and scored in {seconds:.1f} s\n")
    print_folders(outcomes, [goldset.folder_label(Path(f)) for f in folders])
    print_sieves(outcomes)
    print_misses(outcomes)
    return 0


def by_folder(outcomes: list[Outcome]) -> dict[str, Totals]:
    folders: dict[str, list[Outcome]] = {}
    for o in outcomes:
        folders.setdefault(o.folder, []).append(o)
    return {name: Totals.of(group) for name, group in folders.items()}


def sieve_counts(outcomes: Iterable[Outcome]) -> dict[str, Counter[str]]:
    """Per sieve: the gold quotes it decided (right, wrong, no speaker) and the quotes it invented."""
    table: dict[str, Counter[str]] = {}
    for o in outcomes:
        if o.sieve is not None:
            table.setdefault(o.sieve, Counter())[o.kind] += 1
    return dict(sorted(table.items(), key=lambda item: -sum(item[1].values())))


def as_json(outcomes: list[Outcome], input_ext: str) -> dict:
    key = lambda kind: kind.replace(" ", "_")  # noqa: E731
    sieves = {}
    for name, c in sieve_counts(outcomes).items():
        sieves[name] = dict(decided=c[RIGHT] + c[WRONG_SPEAKER] + c[NO_SPEAKER], right=c[RIGHT],
                            wrong=c[WRONG_SPEAKER], no_speaker=c[NO_SPEAKER], invented=c[INVENTED])
    kinds = Counter(o.kind for o in outcomes)
    return dict(
        input_ext=input_ext,
        all=Totals.of(outcomes).as_dict(),
        folders={name: t.as_dict() for name, t in by_folder(outcomes).items()},
        sieves=sieves,
        misses={key(kind): kinds[kind] for kind in MISS_KINDS},
    )


def print_folders(outcomes: list[Outcome], order: list[str]) -> None:
    totals = by_folder(outcomes)
    rows = [(name, totals[name]) for name in order if name in totals] + [("all", Totals.of(outcomes))]
    print("| gold | quotes | quote P | quote R | quote F1 | speaker accuracy |")
    print("|---|---|---|---|---|---|")
    for name, t in rows:
        p, r, f = t.quote_prf
        print(f"| {name} | {t.gold} | {p:.3f} | {r:.3f} | {f:.3f} | {t.speaker_acc:.3f} ({t.speaker_right}/{t.gold}) |")
    print()


def print_sieves(outcomes: list[Outcome]) -> None:
    """`decided`: gold quotes found whose speaker this sieve gave; `invented`: quotes not in the gold."""
    print("| sieve | decided | right | wrong | no speaker | invented |")
    print("|---|---|---|---|---|---|")
    for name, c in sieve_counts(outcomes).items():
        decided = c[RIGHT] + c[WRONG_SPEAKER] + c[NO_SPEAKER]
        print(f"| {printable(name)} | {decided} | {c[RIGHT]} | {c[WRONG_SPEAKER]} | {c[NO_SPEAKER]} | {c[INVENTED]} |")
    print()


def print_misses(outcomes: list[Outcome]) -> None:
    for kind in MISS_KINDS:
        misses = [o for o in outcomes if o.kind == kind]
        print(f"{kind}: {len(misses)}")
        for o in misses:
            text = o.text if len(o.text) <= SNIPPET else o.text[:SNIPPET] + "…"
            line = f"  {o.folder}/{o.article} «{text}»"
            if kind != MISSED:
                line += f" [{o.sieve}] got {o.got!r}"
            if kind != INVENTED:
                line += f", expected {' | '.join(o.expected)}"
            print(printable(line))
        print()


if __name__ == "__main__":
    sys.exit(main())
