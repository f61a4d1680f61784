"""`presse analyze` with the cache and `presse index`: same output, no spaCy on cached articles, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from presse.cache import DB_NAME, AnalysisCache
from presse.nlp import DEFAULT_MODEL
from presse.loading import load_paths
from tests.conftest import ROOT, SEED
from presse.tui.cli import main

# Runs the CLI in a fresh interpreter, then checks that neither spaCy nor thinc was imported.
NO_SPACY = """
import sys
from presse.tui.cli import main
rc = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc'))
if heavy:
    print('IMPORTED: ' + ' '.join(heavy[:5]), file=sys.stderr)
    sys.exit(99)
sys.exit(rc)
"""


def run_fresh(args: list[str], cache_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRESSE_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", NO_SPACY, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRESSE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Three articles; the third reprints a paragraph of the first."""
    shared = (
        "La ministre de la Culture a confirmé lundi la fermeture du musée pendant six mois de travaux, "
        "une décision contestée par les syndicats du personnel."
    )
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text(f"Musée fermé\n\n{shared}\n\n« C'est un crève-cœur », a dit la directrice.\n", encoding="utf-8")
    (d / "b.txt").write_text("Grève à la SNCF\n\nLe trafic sera perturbé jeudi, a annoncé la direction.\n", encoding="utf-8")
    (d / "c.txt").write_text(f"Culture\n\nLes travaux commencent en juin.\n\n{shared}\n", encoding="utf-8")
    return d


def test_cached_analyze_prints_the_same_and_never_imports_spacy(nlp, cache_dir: Path, capsys) -> None:
    assert main(["analyze", str(SEED), "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert json.loads(first)["schema"] == "presse.analysis/1"
    assert (cache_dir / DB_NAME).is_file()
    again = run_fresh(["analyze", str(SEED), "--format", "json"], cache_dir)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first
    assert again.stderr == ""


def test_no_cache_neither_reads_nor_writes(nlp, cache_dir: Path, capsys) -> None:
    assert main(["analyze", str(SEED), "--no-cache"]) == 0
    assert len(json.loads(capsys.readouterr().out)["paragraphs"]) == 27
    assert not cache_dir.exists()


def test_cache_dir_option_wins_over_the_environment(nlp, cache_dir: Path, tmp_path: Path, capsys) -> None:
    chosen = tmp_path / "chosen"
    assert main(["analyze", str(SEED), "--cache-dir", str(chosen), "--format", "text"]) == 0
    assert "paragraphs: 27" in capsys.readouterr().out
    assert (chosen / DB_NAME).is_file() and not cache_dir.exists()


def test_damaged_cache_is_one_notice_line_and_the_same_output(nlp, cache_dir: Path, capsys) -> None:
    assert main(["analyze", str(SEED)]) == 0
    expected = capsys.readouterr().out
    (cache_dir / DB_NAME).write_bytes(b"\x00garbage" * 512)
    for suffix in ("-wal", "-shm"):
        (cache_dir / (DB_NAME + suffix)).unlink(missing_ok=True)
    assert main(["analyze", str(SEED)]) == 0
    out, err = capsys.readouterr()
    assert out == expected
    assert len(err.splitlines()) == 1 and err.startswith("presse: analysis cache was unreadable")


def test_unusable_cache_folder_still_analyses(nlp, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["analyze", str(SEED), "--cache-dir", str(blocker)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["id"]
    assert len(err.splitlines()) == 1 and "analysis cache off" in err


def test_analyze_folder_adds_cross_article_repeats(nlp, cache_dir: Path, folder: Path, capsys) -> None:
    assert main(["analyze", str(folder), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_name = {Path(r["source"]).name: r for r in rows}
    assert set(by_name) == {"a.txt", "b.txt", "c.txt"}
    cross = [r for r in by_name["c.txt"]["repeats"] if "article" in r]
    assert [(r["article"], r["kind"], r["same_as"]) for r in cross] == [(by_name["a.txt"]["id"], "exact", 1)]
    assert not [r for row in (by_name["a.txt"], by_name["b.txt"]) for r in row["repeats"] if "article" in r]


def test_index_then_analyze_from_cache_without_spacy(nlp, cache_dir: Path, folder: Path, capsys) -> None:
    assert main(["index", str(folder), "--processes", "1"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("indexed 3 articles into ") and "3 analysed" in out and "1 cross-article repeat" in out
    with AnalysisCache.open(cache_dir) as cache:
        assert cache.count() == 3
    again = run_fresh(["index", str(folder)], cache_dir)
    assert again.returncode == 0, again.stderr
    assert "0 analysed" in again.stdout and "3 already cached" in again.stdout
    shown = run_fresh(["analyze", str(folder / "b.txt"), "--format", "text"], cache_dir)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("# ")


def test_index_resumes_with_new_articles_only(nlp, cache_dir: Path, folder: Path, capsys) -> None:
    assert main(["index", str(folder / "a.txt"), "--processes", "1"]) == 0
    capsys.readouterr()
    assert main(["index", str(folder), "--processes", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 analysed" in out and "1 already cached" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["index", "/no/such/folder"], "no such file"),
        (["index", "{seed}", "--processes", "0"], "--processes must be at least 1"),
        (["index", "{seed}", "--no-cache"], "cannot run with --no-cache"),
        (["index", "{seed}", "--model", "xx_no_such_model"], "not installed"),
        (["analyze", "{seed}", "--model", "xx_no_such_model"], "xx_no_such_model"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, cache_dir: Path, capsys) -> None:
    argv = [a.replace("{seed}", str(SEED)) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("presse: ") and message in err


def test_index_progress_and_summary_in_a_real_process(cache_dir: Path, folder: Path) -> None:
    if shutil.which("presse", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("console script not installed")
    presse = str(Path(sys.executable).parent / "presse")
    # FORCE_COLOR makes rich treat the pipe as a terminal: the progress bar is drawn on stderr.
    env = {**os.environ, "PRESSE_CACHE_DIR": str(cache_dir), "FORCE_COLOR": "1", "COLUMNS": "120"}
    done = subprocess.run([presse, "index", str(folder), "--processes", "1"], capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1 and "3 analysed" in done.stdout
    assert "indexing" in done.stderr and "3/3" in done.stderr and "Traceback" not in done.stderr
    with AnalysisCache.open(cache_dir) as cache:
        assert cache.count() == 3
        assert all(cache.get(a.id, DEFAULT_MODEL) for a in load_paths([str(folder)]))
