"""The wheel ships the styles and the bundled seeds (the reader needs both at run time)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_contains_styles_and_seeds(tmp_path) -> None:
    pytest.importorskip("build")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = tmp_path.glob("presse-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for tcss in (ROOT / "styles").glob("*.tcss"):
        assert f"presse/styles/{tcss.name}" in names
    assert "presse/styles/presse.tcss" in names
    for seed in (ROOT / "seeds").glob("*.txt"):
        assert f"presse/seeds/{seed.name}" in names
    assert "presse/tui/app.py" in names and "presse/widgets/article_view.py" in names and "presse/worker.py" in names
