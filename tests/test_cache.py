"""The analysis cache: keys, persistence, damaged and unwritable locations, threads, processes. No spaCy."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from pathlib import Path

import pytest

import presse
from presse import cache as cache_mod
from presse.cache import DB_NAME, AnalysisCache, model_key
from presse.model import Analysis, Entity, Quote, Repeat
from presse.nlp import DEFAULT_MODEL, model_id
from presse.sources import article_from_text

TEXT = "« Rien ne peut être exclu », a déclaré Dmitri Peskov.\n\nLe Kremlin a démenti l'appel."


def make_analysis(text: str = TEXT, source: str = "a.txt", model: str | None = None) -> Analysis:
    article = article_from_text(text, source)
    # Offsets must fit the text: rows pointing outside it are dropped as damaged when read back.
    fits = len(text) >= 56 and len(article.paragraphs) > 1
    return Analysis(
        article=article,
        model=model or model_id(DEFAULT_MODEL),
        entities=[Entity(43, 56, "Dmitri Peskov", "PER", "Dmitri Peskov", 0)] if fits else [],
        quotes=[Quote(0, 23, "« Rien ne peut être exclu »", 0, "direct", "Dmitri Peskov", 43, 56, "déclarer")] if fits else [],
        repeats=[Repeat(1, 0, "near", 0.9)] if fits else [],
    )


def test_round_trip_survives_reopening(tmp_path: Path) -> None:
    analysis = make_analysis()
    with AnalysisCache.open(tmp_path) as cache:
        assert cache.enabled and cache.notice is None
        assert cache.get(analysis.article.id, DEFAULT_MODEL) is None
        cache.put(analysis)
    with AnalysisCache.open(tmp_path) as cache:
        got = cache.get(analysis.article.id, DEFAULT_MODEL)
    assert got is not None
    assert got.to_dict() == analysis.to_dict()
    assert (tmp_path / DB_NAME).is_file()


def test_model_given_by_name_or_id_is_the_same_key(tmp_path: Path) -> None:
    analysis = make_analysis()
    with AnalysisCache.open(tmp_path) as cache:
        cache.put(analysis)
        assert cache.get(analysis.article.id, model_id(DEFAULT_MODEL)) is not None
        assert cache.get(analysis.article.id, DEFAULT_MODEL) is not None
    assert model_key(DEFAULT_MODEL) == model_id(DEFAULT_MODEL)


def test_another_model_version_or_analyzer_version_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = make_analysis()
    with AnalysisCache.open(tmp_path) as cache:
        cache.put(analysis)
        assert cache.get(analysis.article.id, f"{DEFAULT_MODEL}-0.0.1") is None
        assert cache.get(analysis.article.id, "no_such_model_installed") is None
        assert cache.get(analysis.article.id, DEFAULT_MODEL) is not None
        monkeypatch.setattr(presse, "ANALYZER_VERSION", presse.ANALYZER_VERSION + "-next")
        assert cache.get(analysis.article.id, DEFAULT_MODEL) is None


def test_installing_the_paraphrase_encoder_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from presse import paraphrase

    analysis = make_analysis()
    monkeypatch.setattr(paraphrase, "available", lambda: False)
    with AnalysisCache.open(tmp_path) as cache:
        cache.put(analysis)
        assert cache.get(analysis.article.id, DEFAULT_MODEL) is not None
        monkeypatch.setattr(paraphrase, "available", lambda: True)
        assert cache.get(analysis.article.id, DEFAULT_MODEL) is None


def test_other_text_misses_and_same_text_elsewhere_hits_with_its_own_source(tmp_path: Path) -> None:
    analysis = make_analysis(source="first/a.txt")
    copy = article_from_text(TEXT, "second/copy.txt")
    with AnalysisCache.open(tmp_path) as cache:
        cache.put(analysis)
        assert cache.get(article_from_text(TEXT + " Fin.", "b.txt").id, DEFAULT_MODEL) is None
        got = cache.get(copy.id, DEFAULT_MODEL, article=copy)
    assert got is not None and got.article.source == "second/copy.txt"
    assert [q.text for q in got.quotes] == [q.text for q in analysis.quotes]


def test_cross_article_repeats_are_not_stored(tmp_path: Path) -> None:
    analysis = make_analysis()
    analysis.repeats.append(Repeat(0, 3, "exact", 1.0, article="f" * 64, source="other.txt"))
    with AnalysisCache.open(tmp_path) as cache:
        cache.put(analysis)
        got = cache.get(analysis.article.id, DEFAULT_MODEL)
    assert got is not None
    assert [r.article for r in got.repeats] == [None]
    assert len(analysis.repeats) == 2  # the caller's analysis is left alone


def test_get_many_and_cached_ids(tmp_path: Path) -> None:
    analyses = [make_analysis(f"Paragraphe numéro {i}.\n\nSuite {i}.", f"{i}.txt") for i in range(1200)]
    with AnalysisCache.open(tmp_path) as cache:
        cache.put_many(analyses[:700])
        ids = [a.article.id for a in analyses]
        found = cache.get_many(ids, DEFAULT_MODEL)
        assert set(found) == set(ids[:700])
        assert cache.cached_ids(ids, DEFAULT_MODEL) == set(ids[:700])
        assert cache.count() == 700


def test_disabled_cache_does_nothing(tmp_path: Path) -> None:
    cache = AnalysisCache.open(tmp_path, enabled=False)
    cache.put(make_analysis())
    assert not cache.enabled and cache.notice is None
    assert cache.get(make_analysis().article.id, DEFAULT_MODEL) is None
    assert list(tmp_path.iterdir()) == []


def test_env_variable_chooses_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSE_CACHE_DIR", str(tmp_path / "from-env"))
    with AnalysisCache.open() as cache:
        cache.put(make_analysis())
    assert (tmp_path / "from-env" / DB_NAME).is_file()


def test_default_folder_is_the_user_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv("PRESSE_CACHE_DIR", raising=False)
    assert cache_mod.default_cache_dir() == Path(user_cache_dir("presse", appauthor=False))


def test_garbage_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    db.write_bytes(b"this is not a database, just some bytes " * 200)
    before = {p.name for p in tmp_path.iterdir()}
    with AnalysisCache.open(tmp_path) as cache:
        assert cache.enabled
        assert cache.notice is not None and "moved to" in cache.notice
        cache.put(make_analysis())
        assert cache.count() == 1
    asides = [p for p in tmp_path.iterdir() if p.name.startswith(DB_NAME + ".corrupt-")]
    assert len(asides) == 1
    assert asides[0].read_bytes().startswith(b"this is not a database")
    # Nothing written outside the folder, nothing but the new file, its WAL companions, the moved copy.
    assert {p.name for p in tmp_path.iterdir()} - before - {asides[0].name} <= {DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"}


def test_damage_found_later_is_moved_aside(tmp_path: Path) -> None:
    """A file that opens but whose pages are broken: found on first read, recovered once."""
    analyses = [make_analysis(f"Texte {i} " * 200, f"{i}.txt") for i in range(30)]
    with AnalysisCache.open(tmp_path) as cache:
        cache.put_many(analyses)
    db = tmp_path / DB_NAME
    # Fold the WAL into the file, then overwrite the middle pages (the header stays valid).
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):
        data[offset : offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    with AnalysisCache.open(tmp_path) as cache:
        results = [cache.get(a.article.id, DEFAULT_MODEL) for a in analyses]
        assert cache.notice is not None, "damage was not reported"
        assert cache.enabled
        cache.put(analyses[0])
        assert cache.get(analyses[0].article.id, DEFAULT_MODEL) is not None
    assert any(p.name.startswith(DB_NAME + ".corrupt-") for p in tmp_path.iterdir())
    assert all(r is None or r.to_dict() == a.to_dict() for r, a in zip(results, analyses))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_folder_runs_without_cache(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        cache = AnalysisCache.open(folder)
        assert not cache.enabled and cache.notice and "cannot write" in cache.notice
    finally:
        folder.chmod(0o755)


def test_folder_that_is_a_file_runs_without_cache(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    cache = AnalysisCache.open(not_a_folder)
    assert not cache.enabled
    assert cache.notice is not None and "cache off" in cache.notice
    cache.put(make_analysis())  # harmless
    assert not_a_folder.read_text() == "x"


def test_database_path_that_is_a_folder_runs_without_cache(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).mkdir()
    cache = AnalysisCache.open(tmp_path)
    assert not cache.enabled and cache.notice
    assert (tmp_path / DB_NAME).is_dir()


def test_wal_mode(tmp_path: Path) -> None:
    with AnalysisCache.open(tmp_path):
        pass
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_pages(tmp_path: Path) -> None:
    with AnalysisCache.open(tmp_path) as cache:
        assert cache.get_page("https://example.org/a") is None
        cache.put_page("https://example.org/a", '"v1"', "Tue, 24 Nov 2026 01:00:00 GMT", b"<html>\x00\xff</html>", {"Content-Type": "text/html"})
        cache.put_page("https://example.org/a", '"v2"', None, b"<html>2</html>", {})
    with AnalysisCache.open(tmp_path) as cache:
        page = cache.get_page("https://example.org/a")
    assert page is not None
    assert (page.etag, page.last_modified, page.body, page.headers) == ('"v2"', None, b"<html>2</html>", {})


def test_threads_share_one_cache(tmp_path: Path) -> None:
    analyses = [make_analysis(f"Fil {i}.\n\nTexte.", f"{i}.txt") for i in range(200)]
    errors: list[BaseException] = []
    with AnalysisCache.open(tmp_path) as cache:

        def worker(part: list[Analysis]) -> None:
            try:
                for a in part:
                    cache.put(a)
                    assert cache.get(a.article.id, DEFAULT_MODEL) is not None
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(analyses[i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert cache.count() == 200


def _write_from_process(folder: str, start: int, count: int) -> None:
    with AnalysisCache.open(folder) as cache:
        for i in range(start, start + count):
            cache.put(make_analysis(f"Processus {i}.\n\nTexte.", f"{i}.txt"))


def test_processes_write_concurrently_without_damage(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_from_process, args=(str(tmp_path), i * 100, 100)) for i in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    with AnalysisCache.open(tmp_path) as cache:
        assert cache.notice is None
        assert cache.count() == 300
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
