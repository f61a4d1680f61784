"""A collection to test quote trails on, built in code from the real articles of tests/data/articles.

No new annotation: each article's NAME.json (its gold quotes and speakers) says which quote to change.
For each source article, three copies as another outlet would print it: one quote trimmed at its ends,
one quote reworded by one or two words (one when the quote is short, two from 14 words), and every
mention of its speaker replaced by another source's speaker (re-credited). Articles of tests/data that
quote the same people on other subjects are added unchanged: their statements must stay apart.

Originals are written as `1-NAME.txt`, copies as `2-NAME-CHANGE.txt`, so the folder's order puts every
original before its copies.

    python -m tests.trail_collection DIR     # write the collection into DIR, run `presse quotes` on it, print the figures
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from presse.repeats import normalize

ARTICLES = Path(__file__).parent / "data" / "articles"

# (source article, articles quoting the same speaker on other subjects)
SOURCES: list[tuple[str, list[str]]] = [
    ("agriculture-salon", ["afp-seisme", "soldat-sahel"]),
    ("budget-le-maire", ["assemblee-debat"]),
    ("lemonde-agriculteurs", ["echanges-adresse"]),
    ("ecoles-marseille", ["municipales-marseille"]),
    ("discours-long", ["direct-ukraine"]),
    ("ukraine-telegram", ["direct-ukraine"]),
    ("radio-matinale", []),  # one speaker, three statements in one article
    ("retraites-borne", []),
    ("bce-taux", []),
]
Change = Literal["trimmed", "reworded", "recredited"]
CHANGES: tuple[Change, ...] = ("trimmed", "reworded", "recredited")
MIN_CHANGED_QUOTE_WORDS = 9  # enough words that a trimmed copy keeps at least 6
# A quote of this many words is reworded by two words (12 left shared: trail.SHARED_PER_CHANGE), a
# shorter one by one.
TWO_WORDS_FROM = 14
# Words put in place of a quote's word when rewording (lowercase, no fact: a rewording, not a new fact).
SUBSTITUTES = ("vraiment", "clairement", "surtout", "également")


@dataclass(frozen=True, slots=True)
class Plant:
    copy: str  # file name of the copy
    change: Change
    original: str  # file name of the original
    quote: str  # the quote as the original prints it
    printed: str  # the quote as the copy prints it
    speaker: str  # who the original credits it to
    new_speaker: str | None  # re-credited copies: who the copy credits every quote of `speaker` to


def gold(name: str) -> dict:
    return json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))


def text_of(name: str) -> str:
    return (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")


def chosen_quote(name: str, speakers_elsewhere: set[str]) -> tuple[str, str]:
    """(quote, speaker): the first long direct quote of a named speaker, one quoted elsewhere if any."""
    text = text_of(name)
    fits = [
        (q["text"], q["speaker"])
        for q in gold(name)["quotes"]
        if q["kind"] == "direct" and q.get("speaker") and q["speaker"][:1].isupper() and len(q["speaker"].split()) >= 2
        and len(normalize(q["text"]).split()) >= MIN_CHANGED_QUOTE_WORDS and q["text"] in text and q["speaker"] in text
    ]
    preferred = [f for f in fits if f[1] in speakers_elsewhere]
    if not (preferred or fits):
        raise ValueError(f"{name}: no quote to change")
    return (preferred or fits)[0]


def trim(quote: str, k: int) -> str:
    """Two words cut at the start (even k) or at the end (odd k)."""
    words = quote.split(" ")
    return " ".join(words[2:] if k % 2 == 0 else words[:-2]).rstrip(",;:")


def reword(quote: str, rng: random.Random) -> str:
    """One or two inner words (lowercase, 4+ letters) replaced by other lowercase words."""
    words = quote.split(" ")
    n = 2 if len(normalize(quote).split()) >= TWO_WORDS_FROM else 1
    eligible = [i for i in range(1, len(words) - 1) if re.fullmatch(r"[a-zà-ÿ]{4,}", words[i]) and words[i] not in SUBSTITUTES]
    for i in sorted(rng.sample(eligible, n)):
        words[i] = rng.choice([s for s in SUBSTITUTES if s != words[i]])
    return " ".join(words)


def recredit(text: str, speaker: str, other: str) -> str:
    """Every mention of `speaker` (full name, then the name without its first word) made `other`'s."""
    text = re.sub(rf"\b{re.escape(speaker)}\b", other, text)
    surname, other_surname = speaker.split(" ", 1)[1], other.split(" ", 1)[1]
    return re.sub(rf"\b{re.escape(surname)}\b", other_surname, text)


def build(folder: Path, seed: int = 15) -> list[Plant]:
    """Write the collection into `folder`; return what was planted."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    unrelated = sorted({u for _, others in SOURCES for u in others} - {s for s, _ in SOURCES})
    for name in [s for s, _ in SOURCES] + unrelated:
        (folder / f"1-{name}.txt").write_text(text_of(name), encoding="utf-8")
    chosen = []
    for name, others in SOURCES:
        elsewhere = {q.get("speaker") for o in others for q in gold(o)["quotes"]}
        chosen.append((name, *chosen_quote(name, elsewhere)))
    plants = []
    for k, (name, quote, speaker) in enumerate(chosen):
        text = text_of(name)
        for change in CHANGES:
            copy = f"2-{name}-{change}.txt"
            new_speaker = None
            if change == "trimmed":
                printed = trim(quote, k)
                body = text.replace(quote, printed, 1)
            elif change == "reworded":
                printed = reword(quote, rng)
                body = text.replace(quote, printed, 1)
            else:
                new_speaker = next(s for _, _, s in chosen[k + 1 :] + chosen[:k] if s.split()[-1] != speaker.split()[-1])
                printed = quote
                body = recredit(text, speaker, new_speaker)
            assert body != text, (name, change)
            (folder / copy).write_text(body, encoding="utf-8")
            plants.append(Plant(copy, change, f"1-{name}.txt", quote, printed, speaker, new_speaker))
    return plants


# -- scoring `presse quotes` rows against what was planted --------------------------------------------


@dataclass(slots=True)
class Figures:
    articles: int = 0
    quotes: int = 0
    clustered: int = 0  # quotes with a cluster
    clusters: int = 0
    shared: int = 0  # clusters printed more than once
    planted: dict[str, int] = field(default_factory=dict)  # by change
    right_cluster: dict[str, int] = field(default_factory=dict)  # planted copies in their original's cluster
    reworded_altered: int = 0
    recredited_disputed: int = 0  # re-credited copies credited to the new speaker, in a disputed cluster
    first_is_original: int = 0  # planted clusters whose first appearance is the original
    merged: list[list[str]] = field(default_factory=list)  # clusters holding two statements
    split: list[str] = field(default_factory=list)  # statements spread over two clusters
    false_altered: list[str] = field(default_factory=list)
    false_disputed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # planted quotes not found by the analysis

    def lines(self) -> list[str]:
        out = [f"{self.articles} articles, {self.quotes} quotes, {self.clustered} with a trail, {self.clusters} clusters "
               f"({self.shared} printed more than once)"]
        for change, n in self.planted.items():
            out.append(f"{change}: {self.right_cluster.get(change, 0)}/{n} planted copies in their original's cluster")
        n_re, n_cr = self.planted.get("reworded", 0), self.planted.get("recredited", 0)
        out.append(f"reworded flagged altered: {self.reworded_altered}/{n_re}; re-credited and disputed: {self.recredited_disputed}/{n_cr}")
        out.append(f"first appearance is the original: {self.first_is_original}/{len(SOURCES)}")
        out.append(f"clusters merging two statements: {len(self.merged)}; statements split: {len(self.split)}; "
                   f"altered but not reworded: {len(self.false_altered)}; disputed but not re-credited: {len(self.false_disputed)}; "
                   f"planted quotes not found by the analysis: {len(self.missed)}")
        return out


def evaluate(rows: list[dict], plants: list[Plant]) -> Figures:
    """Figures of `presse quotes --format jsonl` rows (as dicts) on the collection `plants` came from."""
    from presse.trail import same_speaker

    fig = Figures(articles=len({r["article"] for r in rows}), quotes=len(rows))
    by_file: dict[str, list[dict]] = {}
    for r in rows:
        by_file.setdefault(Path(r["source"]).name, []).append(r)

    def row(file: str, quote: str) -> dict | None:
        return next((r for r in by_file.get(file, []) if normalize(r["text"]) == normalize(quote)), None)

    statement: dict[int, str] = {}  # id(row) -> the statement it prints (the original's normalised words)
    for r in rows:
        statement[id(r)] = normalize(r["text"])
    expected_altered: set[int] = set()
    expected_disputed: set[str] = set()
    for p in plants:
        fig.planted[p.change] = fig.planted.get(p.change, 0) + 1
        original, copy = row(p.original, p.quote), row(p.copy, p.printed)
        if original is None or copy is None or copy["cluster"] is None:
            fig.missed.append(f"{p.copy}: « {p.printed} »")
            continue
        statement[id(copy)] = normalize(p.quote)
        if copy["cluster"] == original["cluster"]:
            fig.right_cluster[p.change] = fig.right_cluster.get(p.change, 0) + 1
        if p.change == "reworded":
            expected_altered.add(id(copy))
            fig.reworded_altered += bool(copy["altered"])
        if p.change == "recredited":
            fig.recredited_disputed += bool(copy["disputed"] and copy["speaker"] and same_speaker(copy["speaker"], p.new_speaker))
            fig.first_is_original += bool(original["first"])
            # Every quote the original credits to the speaker is re-credited in this copy.
            for r in by_file[p.copy]:
                before = row(p.original, r["text"])
                if before and before["speaker"] and r["speaker"] and not same_speaker(before["speaker"], r["speaker"]):
                    expected_disputed.add(normalize(r["text"]))
    clusters: dict[int, list[dict]] = {}
    for r in rows:
        if r["cluster"] is not None:
            clusters.setdefault(r["cluster"], []).append(r)
    fig.clustered = sum(len(v) for v in clusters.values())
    fig.clusters = len(clusters)
    fig.shared = sum(len(v) > 1 for v in clusters.values())
    where: dict[str, set[int]] = {}
    for number, members in clusters.items():
        said = sorted({statement[id(r)] for r in members})
        if len(said) > 1:
            fig.merged.append(said)
        for s in said:
            where.setdefault(s, set()).add(number)
        if members[0]["disputed"] and not expected_disputed & set(said):
            fig.false_disputed.append(said[0])
    fig.split = sorted(s for s, numbers in where.items() if len(numbers) > 1)
    fig.false_altered = [f"{Path(r['source']).name}: {r['text']}" for r in rows if r["altered"] and id(r) not in expected_altered]
    return fig


def run(folder: Path, cache_dir: Path) -> tuple[list[Plant], list[dict]]:
    """Build the collection in `folder` and run `presse quotes --format jsonl` on it (analyses cached in `cache_dir`)."""
    import io
    from contextlib import redirect_stdout

    from presse.tui.cli import main as cli

    plants = build(folder)
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli(["quotes", str(folder), "--format", "jsonl", "--cache-dir", str(cache_dir)])
    if code != 0:
        raise RuntimeError(f"presse quotes exited {code}")
    return plants, [json.loads(line) for line in out.getvalue().splitlines()]


def main(argv: list[str]) -> int:
    import tempfile

    folder = Path(argv[0])
    with tempfile.TemporaryDirectory() as cache:
        plants, rows = run(folder, Path(cache))
    for p in plants:
        print(f"{p.copy}: {p.change}: « {p.printed} » ({p.new_speaker or p.speaker})")
    print("\n".join(evaluate(rows, plants).lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
