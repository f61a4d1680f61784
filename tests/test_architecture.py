"""The domain (`presse`) never imports Textual, and cached work never needs spaCy to be imported."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
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
