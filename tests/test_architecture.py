"""The domain (`presse`) never imports Textual, and cached work never needs spaCy to be imported."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import presse

ROOT = Path(__file__).resolve().parent.parent


# Installed under `presse` but not the domain: the application, its widgets, package data.
NOT_DOMAIN = {"tui", "widgets", "styles", "seeds", "__main__"}


def _all_presse_modules() -> list[str]:
    """The domain's modules: presse's own folder (the application is mapped in from tui/ and widgets/)."""
    return sorted(f"presse.{m.name}" for m in pkgutil.iter_modules(presse.__path__) if m.name not in NOT_DOMAIN)


def test_every_domain_module_imports_without_textual() -> None:
    modules = _all_presse_modules()
    assert "presse.model" in modules and len(modules) >= 8
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'presse.tui', 'presse.widgets')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"presse imports {out.stdout.strip()}"


def test_importing_the_domain_does_not_import_spacy() -> None:
    modules = _all_presse_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('spacy' in sys.modules, 'thinc' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False False"


def test_import_linter_contracts_hold(tmp_path) -> None:
    """The domain never imports Textual; the application sits above its widgets above the domain; no
    import cycle between presse's modules. Checked on the installed layout: an editable install maps
    tui/ and widgets/ in at import time, which import-linter's graph builder cannot see, so the package
    is laid out as a wheel would be."""
    layout = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(layout), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(layout)}
    out = subprocess.run([str(lint), str(ROOT / "pyproject.toml")], capture_output=True, text=True,
                         cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert {c["type"] for c in contracts} >= {"forbidden", "layers", "acyclic_siblings"}
    report = " ".join(out.stdout.split())  # long names wrap
    for contract in contracts:
        assert f"{contract['name']} KEPT" in report, contract["name"]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in report
