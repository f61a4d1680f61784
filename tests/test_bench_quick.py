"""bench/run.py --quick keeps working: one table with every ratio, measured in the same run."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

RUN = ROOT / "bench" / "run.py"


def load_runner():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_quick_run_prints_one_table_with_every_ratio() -> None:
    done = subprocess.run([sys.executable, str(RUN), "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "Machine: " in out and "Python " in out
    rows = [line for line in out.splitlines() if re.match(r"\| \d+ \|", line)]
    by_ratio: dict[str, list[list[str]]] = {}
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        by_ratio.setdefault(cells[0], []).append(cells)
    assert sorted(by_ratio, key=int) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    for ratio, cells_list in by_ratio.items():
        for cells in cells_list:
            assert "error" not in cells[5], f"ratio {ratio} failed: {cells}"
            if cells[2] == "n/a":  # allowed only for a benchmark file that is not there
                assert "missing" in cells[5]
            else:
                assert float(cells[2].split()[0]) > 0
    for ratio in ("1", "6", "10"):  # these rows always measure (7 needs the dask extra)
        assert all(cells[2] != "n/a" for cells in by_ratio[ratio])
    assert by_ratio["6"][0][2].endswith("MB")


def test_write_replaces_only_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = load_runner()
    readme = tmp_path / "README.md"
    monkeypatch.setattr(runner, "README", readme)
    runner.write_readme("first table")
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks") and "first table" in text
    readme.write_text(text + "\n## Repeats\n\nA section another benchmark appended.\n", encoding="utf-8")
    runner.write_readme("second table")
    text = readme.read_text(encoding="utf-8")
    assert "second table" in text and "first table" not in text
    assert text.count(runner.START) == 1 and "A section another benchmark appended." in text


def test_rows_from_other_benchmarks_are_normalised() -> None:
    runner = load_runner()
    row = runner.as_row({"ratio": 2, "name": "warm", "value": "1.25", "goal": "≤ 1.5", "detail": "x"})
    assert (row.ratio, row.value, row.met) == ("2", 1.25, True)
    assert runner.as_row({"ratio": "6", "name": "rss", "value": 700, "goal": "", "detail": ""}).met is None
    assert runner.placeholder("4", "n/a (bench_repeats missing)").value is None
