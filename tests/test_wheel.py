"""The artifact users get: the wheel, installed (not editable) in a fresh virtualenv, used from elsewhere.

Every test here runs against that install, from a folder outside the checkout, with no PYTHONPATH: what
the source tree has but the wheel misses fails here (tui.screens once did: ?, o and e crashed the
installed reader while every other test passed).

Installing spaCy and its model into a second virtualenv takes minutes, so the wheel goes in with
`--no-deps` and a `.pth` file puts this interpreter's site-packages after the fresh one for the
dependencies. Python does not process a `.pth` file inside a folder that a `.pth` file adds, so the
development install's editable finder stays off; `test_modules_load_from_the_fresh_install` checks it.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest

import presse

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).with_name("drive_installed_app.py")
DEPENDENCIES_PTH = "zz_presse_test_dependencies.pth"
PALETTE_ENTRIES = ("Keys", "Open file", "Export quotes (markdown)")  # as in drive_installed_app.py
# What the wheel is built from, as a fresh clone has it (the folders come from setup.py).
BUILD_FILES = ("pyproject.toml", "setup.py", "README.md")


def installed_folders() -> dict[str, str]:
    """setup.py's mapping, installed package name -> repository folder, read without running setup.py."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "FOLDERS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no FOLDERS mapping")


def package_data() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]


def expected_files() -> set[str]:
    """Every module and package-data file of the source folders, as a path under site-packages."""
    data = package_data()
    expected: set[str] = set()
    for package, folder in installed_folders().items():
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(ROOT / folder)
            owner = ".".join([package, *relative.parent.parts])
            if path.suffix == ".py" or any(fnmatch(path.name, p) for p in data.get(owner, [])):
                expected.add("/".join([*package.split("."), *relative.parts]))
    return expected


@dataclass(frozen=True)
class Install:
    python: Path
    bin: Path
    site: Path
    elsewhere: Path  # a working folder outside the checkout
    config: Path  # an empty user config folder: no keymap of the person running the tests

    def env(self, cache: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        return {**env, "PRESSE_CACHE_DIR": str(cache), "PRESSE_CONFIG_DIR": str(self.config)}

    def run(self, args: list[str | Path], cache: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=self.elsewhere,
                              env=self.env(cache), timeout=timeout)


def run_ok(args: list[str | Path], **kw) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return done


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Install:
    base = tmp_path_factory.mktemp("wheel")
    # A copy as a fresh clone has it: setuptools ships whatever an earlier build left in build/lib.
    source = base / "source"
    source.mkdir()
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, source / name)
    for folder in {f.split("/")[0] for f in installed_folders().values()}:
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = base / "dist"
    run_ok([sys.executable, "-m", "build", "--wheel", "--outdir", dist, source], cwd=base)
    (wheel,) = dist.glob("presse-*.whl")

    venv = base / "venv"
    run_ok([sys.executable, "-m", "venv", "--without-pip", venv], cwd=base)
    python = venv / "bin" / "python"
    run_ok([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index",
            wheel], cwd=base)
    site = Path(run_ok([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       cwd=base).stdout.strip())
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / DEPENDENCIES_PTH).write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    elsewhere = base / "elsewhere"
    config = base / "config"
    elsewhere.mkdir()
    config.mkdir()
    return Install(python, venv / "bin", site, elsewhere, config)


@pytest.fixture(scope="module")
def sample(install: Install, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """`presse analyze` on the bundled sample, as installed; its cache then serves the app test."""
    cache = tmp_path_factory.mktemp("cache")
    (seed,) = (install.site / "presse" / "seeds").glob("*.txt")
    done = install.run([install.bin / "presse", "analyze", seed], cache)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout), cache


def test_every_source_file_is_installed_under_presse_and_nothing_else(install: Install) -> None:
    top = sorted(p.name for p in install.site.iterdir() if p.name != DEPENDENCIES_PTH)
    assert top == ["presse", f"presse-{presse.__version__}.dist-info"]
    installed = {
        p.relative_to(install.site).as_posix()
        for p in (install.site / "presse").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    expected = expected_files()
    assert {"presse/tui/screens/help.py", "presse/styles/presse.tcss"} <= expected
    assert any(f.startswith("presse/seeds/") and f.endswith(".txt") for f in expected)
    assert installed == expected


def test_modules_load_from_the_fresh_install(install: Install, tmp_path: Path) -> None:
    """Every installed module imports from the fresh site-packages; the checkout and its editable install
    are out of sight; the repository's folder names are not importable."""
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import presse\n"
        "names = [m.name for m in pkgutil.walk_packages(presse.__path__, 'presse.') if not m.name.endswith('__main__')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "files = {n: sys.modules[n].__file__ for n in ['presse', *names]}\n"
        "editable = sorted(m for m in sys.modules if 'editable' in m)\n"
        "print(json.dumps({'files': files, 'editable': editable}))\n"
    )
    done = install.run([install.python, "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = json.loads(done.stdout)
    assert loaded["editable"] == []
    modules = {f for f in expected_files() if f.endswith(".py") and not f.endswith("__main__.py")}
    assert len(loaded["files"]) == len(modules)
    assert all(Path(f).is_relative_to(install.site) for f in loaded["files"].values()), loaded["files"]
    for folder in ("tui", "widgets", "styles", "seeds"):
        missing = install.run([install.python, "-c", f"import {folder}"], tmp_path)
        assert missing.returncode != 0 and f"No module named '{folder}'" in missing.stderr


def test_version_and_help(install: Install, tmp_path: Path) -> None:
    version = install.run([install.bin / "presse", "--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"presse {presse.__version__}"
    helped = install.run([install.bin / "presse", "--help"], tmp_path)
    assert helped.returncode == 0, helped.stderr
    for option in ("--cache-dir", "--no-cache", "--model", "analyze", "index"):
        assert option in helped.stdout


def test_analyze_prints_the_bundled_samples_quotes(sample: tuple[dict, Path]) -> None:
    result, _ = sample
    assert result["schema"] == "presse.analysis/1"
    assert result["quotes"] and result["speakers"]
    for quote in result["quotes"]:
        assert result["text"][quote["start"]:quote["end"]] == quote["text"]


def test_installed_reader_opens_its_screens_and_palette_entries(install: Install, sample: tuple[dict, Path],
                                                                  tmp_path: Path) -> None:
    """`presse` with no path (the bundled sample), headless: ?, o, e and three palette entries open a
    screen and escape closes it; n then c copy a quote of the sample; q quits with 0."""
    result, cache = sample
    driver = install.elsewhere / DRIVER.name
    shutil.copy2(DRIVER, driver)
    done = install.run([install.python, driver], cache)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    opened = dict(ln.removeprefix("step: ").rsplit(" opened ", 1) for ln in done.stdout.splitlines()
                  if ln.startswith("step: ") and " opened " in ln)
    # Each key and its palette entry open the same screen of the reader's own (the driver checks that).
    assert list(opened) == ["question_mark", "o", "e", *(f"palette {t!r}" for t in PALETTE_ENTRIES)]
    for key, title in zip(("question_mark", "o", "e"), PALETTE_ENTRIES):
        assert opened[key] == opened[f"palette {title!r}"]
    assert len(set(opened.values())) == 3
    (copied,) = [json.loads(ln.removeprefix("copied: ")) for ln in done.stdout.splitlines()
                 if ln.startswith("copied: ")]
    assert any(q["text"] in copied and q["speaker"] and q["speaker"] in copied for q in result["quotes"])


def test_import_linter_contracts_hold_on_the_install(install: Install, tmp_path: Path) -> None:
    """The domain never imports Textual; the application sits above its widgets above the domain; no
    import cycle between presse's modules. Checked on the installed package: an editable install maps
    tui/ and widgets/ in at import time, which import-linter's graph builder cannot see."""
    lint = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    out = install.run([install.python, "-c", lint, "--config", ROOT / "pyproject.toml"], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert {c["type"] for c in contracts} >= {"forbidden", "layers", "acyclic_siblings"}
    report = " ".join(out.stdout.split())  # long names wrap
    for contract in contracts:
        assert f"{contract['name']} KEPT" in report, contract["name"]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in report
