"""The domain (`presse`) never imports Textual, and cached work never needs spaCy to be imported."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import presse

ROOT = Path(__file__).resolve().parent.parent


def _all_presse_modules() -> list[str]:
    return sorted(f"presse.{m.name}" for m in pkgutil.iter_modules(presse.__path__) if m.name != "__main__")


def test_every_domain_module_imports_without_textual() -> None:
    modules = _all_presse_modules()
    assert "presse.model" in modules and len(modules) >= 8
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'tui', 'widgets')))\n"
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


def test_import_linter_contract_holds() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "KEPT" in out.stdout
