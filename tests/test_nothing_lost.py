"""Nothing is lost: sources are never written, and the cache writes only inside its own folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from presse.tui.cli import main

ARTICLES = {
    "a.txt": "Titre\n\nLe maire Jean Dupont a déclaré : « Nous ouvrirons l’école. »\n",
    "b.md": "# Un titre\n\nLa ministre a *affirmé* : « Rien n’est décidé », selon [l’AFP](http://x).\n",
    "c.html": "<html><head><title>Page</title></head><body><article><p>« Tout va bien », a dit Marie Curie.</p>"
    "<p>Le texte continue ici avec une deuxième phrase assez longue pour être gardée.</p></article></body></html>",
}


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def _all_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_sources_are_byte_identical_and_untouched_after_analysis(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, content in ARTICLES.items():
        (folder / name).write_text(content, encoding="utf-8")
    os.utime(folder / "a.txt", ns=(1_000_000_000, 1_000_000_000))  # an old mtime: any write would show
    before = _snapshot(folder)
    for argv in (["analyze", str(folder)], ["analyze", str(folder), "--format", "text"], ["index", str(folder), "--processes", "1"]):
        assert main(argv) == 0, capsys.readouterr().err
    assert _snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(ARTICLES)


def test_the_cache_writes_only_inside_its_folder(tmp_path: Path) -> None:
    home, work, cache = tmp_path / "home", tmp_path / "work", tmp_path / "cache"
    for d in (home, work):
        d.mkdir()
    article = work / "article.txt"
    article.write_text(ARTICLES["a.txt"], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PRESSE_"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PRESSE_CACHE_DIR=str(cache))
    code = "import sys; from presse.tui.cli import main; sys.exit(main(sys.argv[1:]))"
    for _ in range(2):  # once to fill the cache, once to read it
        run = subprocess.run(
            [sys.executable, "-c", code, "analyze", str(article), "--format", "json"],
            cwd=work, env=env, capture_output=True, text=True,
        )
        assert run.returncode == 0, run.stderr
    assert _all_files(work) == {"article.txt"}
    assert _all_files(home) == set()
    assert _all_files(cache), "the cache was not used"
