"""Quote trails on a collection built from real articles (tests/trail_collection.py), through `presse quotes`.

Copies of nine articles of tests/data/articles with one quote trimmed, one reworded by one or two words,
or every quote of a speaker credited to another speaker; and articles quoting the same people on other
subjects. The rows of `presse quotes --format jsonl` are scored against what was planted.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.test_headless import run_fresh
from tests.trail_collection import CHANGES, SOURCES, Figures, Plant, evaluate, run


@pytest.fixture(scope="module")
def collection(nlp, tmp_path_factory) -> tuple[Path, Path, list[Plant], list[dict]]:
    folder = tmp_path_factory.mktemp("trail") / "articles"
    cache = tmp_path_factory.mktemp("trail-cache")
    plants, rows = run(folder, cache)
    return folder, cache, plants, rows


@pytest.fixture(scope="module")
def figures(collection) -> Figures:
    _, _, plants, rows = collection
    return evaluate(rows, plants)


def test_the_collection_is_what_the_test_claims(collection) -> None:
    folder, _, plants, rows = collection
    assert len(plants) == len(SOURCES) * len(CHANGES)
    files = {Path(r["source"]).name for r in rows}
    assert {p.copy for p in plants} <= files and {p.original for p in plants} <= files
    unrelated = {f"1-{u}.txt" for _, others in SOURCES for u in others} - {p.original for p in plants}
    assert unrelated and unrelated <= files
    reworded = [p for p in plants if p.change == "reworded"]
    assert {len(p.quote.split()) - sum(a == b for a, b in zip(p.quote.split(), p.printed.split())) for p in reworded} == {1, 2}


def test_every_planted_copy_is_in_its_original_cluster(figures: Figures) -> None:
    assert figures.missed == []
    assert figures.right_cluster == figures.planted == {change: len(SOURCES) for change in CHANGES}


def test_every_reworded_copy_is_altered_and_nothing_else(figures: Figures) -> None:
    assert figures.reworded_altered == len(SOURCES)
    assert figures.false_altered == []


def test_every_recredited_copy_is_disputed_and_nothing_else(figures: Figures) -> None:
    assert figures.recredited_disputed == len(SOURCES)
    assert figures.false_disputed == []


def test_no_cluster_merges_two_statements_and_none_is_split(figures: Figures) -> None:
    assert figures.merged == []
    assert figures.split == []
    assert figures.shared > len(SOURCES)  # the unchanged quotes of every copy are trails too


def test_the_original_is_the_first_appearance(figures: Figures) -> None:
    assert figures.first_is_original == len(SOURCES)


def test_same_speaker_other_subjects_stay_apart(collection) -> None:
    """Articles quoting a source's speaker on another subject share no cluster with that source."""
    _, _, _, rows = collection
    cluster_files: dict[int, set[str]] = {}
    for r in rows:
        if r["cluster"] is not None:
            cluster_files.setdefault(r["cluster"], set()).add(Path(r["source"]).name)
    for source, others in SOURCES:
        for other in others:
            if other == source or other in dict(SOURCES):
                continue
            together = [c for c, files in cluster_files.items() if f"1-{source}.txt" in files and f"1-{other}.txt" in files]
            assert together == [], (source, other)


def test_csv_and_markdown_from_the_cache_without_spacy(collection) -> None:
    folder, cache, _, rows = collection
    done = run_fresh(["quotes", str(folder), "--format", "csv", "--cache-dir", str(cache)], cache)
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    assert len(table) == len(rows)
    for line, row in zip(table, rows, strict=True):
        assert line["article"] == row["article"] and int(line["start"]) == row["start"]
        assert line["cluster"] == ("" if row["cluster"] is None else str(row["cluster"]))
        for flag in ("first", "altered", "disputed"):
            assert line[flag] == {None: "", True: "true", False: "false"}[row[flag]]
    markdown = run_fresh(["quotes", str(folder), "--format", "markdown", "--cache-dir", str(cache)], cache)
    assert markdown.returncode == 0, markdown.stderr
    lines = markdown.stdout.splitlines()
    assert lines[0].startswith("| source | article | paragraph |") and len(lines) == 2 + len(rows)
    jsonl = run_fresh(["quotes", str(folder), "--format", "jsonl", "--cache-dir", str(cache)], cache)
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == rows


def test_quotes_bad_input_is_one_line(tmp_path: Path, capsys) -> None:
    from presse.tui.cli import main

    assert main(["quotes", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing" in err
