"""Hostile input, part 2 (issue 13): what an adversarial sweep broke. One test (or a few) per case;
every server is on 127.0.0.1 and every wait is bounded."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from presse.batch import CollectionResult, Failure
from presse.model import json_dumps
from presse import safe
from presse.tui import headless
from presse.tui.bindings import APP_BINDINGS
from presse.tui.cli import guarded, main
from presse.tui.keymap import load_keymap
from tests.conftest import ROOT
from tests.rawserver import raw_server, response

ESC, BEL, CSI8 = "\x1b", "\x07", "\x9b"
OSC_TITLE = "\x1b]0;PWNED\x07"
OSC_CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
SENTENCE = "Emmanuel Macron a déclaré : « Nous tiendrons bon. »\n"
IDS = {b.id for b in APP_BINDINGS if b.id}


def assert_inert_line(err: str) -> None:
    """One `presse:` line on stderr carrying no escape, bell or 8-bit CSI."""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("presse: "), err
    assert ESC not in err and BEL not in err and CSI8 not in err, repr(err)


# -- 1. terminal injection --------------------------------------------------------------------------


def test_printable_line_shows_line_breaks_and_controls() -> None:
    shown = safe.printable_line(f"a{OSC_TITLE}\nb\tc\u202e")
    assert "\n" not in shown and ESC not in shown and BEL not in shown and "\u202e" not in shown
    assert shown.startswith("a␛]0;PWNED␇␊b")


@pytest.mark.parametrize("content", [None, b""], ids=["missing", "empty"])
def test_a_file_name_with_escapes_cannot_reach_the_terminal(capsys, tmp_path: Path, content: bytes | None) -> None:
    name = tmp_path / f"a{OSC_TITLE}\nb{OSC_CLIPBOARD}.txt"
    if content is not None:
        name.write_bytes(content)
    assert main(["analyze", str(name)]) == 2
    err = capsys.readouterr().err
    assert_inert_line(err)
    assert "␛]0;PWNED␇␊b" in err


def test_a_skipped_file_name_in_a_folder_cannot_reach_the_terminal(capsys, tmp_path: Path) -> None:
    (tmp_path / f"x{OSC_TITLE}.txt").write_bytes(b"")
    assert main(["analyze", str(tmp_path)]) == 2
    assert_inert_line(capsys.readouterr().err)


def test_the_reader_started_on_such_a_file_name_says_one_inert_line(capsys, tmp_path: Path) -> None:
    assert main([str(tmp_path / f"gone{OSC_TITLE}.txt"), "--no-cache"]) == 2
    assert_inert_line(capsys.readouterr().err)


def test_internal_errors_and_analysis_failures_are_inert(capsys) -> None:
    def boom() -> int:
        raise RuntimeError(f"bad {OSC_CLIPBOARD}\nsecond line")

    assert guarded(boom) == 1
    assert_inert_line(capsys.readouterr().err)
    result = CollectionResult(analyses=[], failures=[Failure(f"f{OSC_TITLE}.txt", f"ValueError: {OSC_CLIPBOARD}\nx")])
    assert headless._report_failures(result) == 1
    assert_inert_line(capsys.readouterr().err)


def test_a_cache_notice_naming_a_hostile_folder_is_inert(capsys, tmp_path: Path) -> None:
    blocker = tmp_path / f"c{OSC_TITLE}\nd"
    blocker.write_text("a file where the cache folder should be")
    cache = headless.open_cache(argparse.Namespace(cache_dir=str(blocker / "sub"), no_cache=False))
    assert not cache.enabled
    assert_inert_line(capsys.readouterr().err)


def test_http_reason_phrase_and_content_type_with_escapes(capsys) -> None:
    reason = response(b"HTTP/1.1 404 \x1b]52;c;ZXZpbA==\x07\x1b]0;PWNED\x07Not Found",
                      {"Content-Length": b"0", "Connection": b"close"}, b"")
    with raw_server(reason) as base:
        assert main(["analyze", base + "/a", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert_inert_line(err)
    assert "PWNED" in err
    body = b"\x89PNG\r\n\x1a\n" + bytes(64)
    odd_type = response(b"HTTP/1.1 200 OK", {"Content-Type": b"image/\x1b]0;PWNED\x07png",
                                               "Content-Length": str(len(body)).encode(), "Connection": b"close"}, body)
    with raw_server(odd_type) as base:
        assert main(["analyze", base + "/b", "--no-cache"]) == 2
    assert_inert_line(capsys.readouterr().err)


def test_json_output_escapes_bidi_overrides_and_c1_controls() -> None:
    out = json_dumps({"t": "a\u202eb\x9bc\u2066d"})
    assert "\u202e" not in out and "\x9b" not in out and "\u2066" not in out
    assert "\\u202e" in out and "\\u009b" in out


def test_a_keymap_key_with_escapes_is_refused_and_reported_inertly(tmp_path: Path) -> None:
    folder = tmp_path / f"cfg{OSC_TITLE}\n"
    folder.mkdir()
    f = folder / "keymap.toml"
    f.write_text('"quotes.next" = "\\u001b[2J"\n"no\\u001b]0;x\\u0007" = "j"\n', encoding="utf-8")
    keymap, problems = load_keymap(IDS, f)
    assert keymap == {}
    assert len(problems) == 2
    for p in problems:
        assert ESC not in p and BEL not in p and "\n" not in p


# -- 2. hangs: the keymap -----------------------------------------------------------------------------


def load_keymap_bounded(path: Path) -> str:
    """`load_keymap(path)` in a child process with a deadline and 1 GB of memory: on failure it would
    block for ever (a FIFO) or read until memory runs out (/dev/zero)."""
    code = f"from pathlib import Path; from presse.tui.keymap import load_keymap; print(load_keymap(set(), Path({str(path)!r})))"

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          preexec_fn=limit_memory)
    assert done.returncode == 0, done.stderr[-500:]
    return done.stdout


def test_a_keymap_that_is_a_fifo_is_ignored_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "keymap.toml"
    os.mkfifo(fifo)
    out = load_keymap_bounded(fifo)
    assert "keymap ignored" in out and "not a regular file" in out


def test_dev_zero_as_a_keymap_is_ignored_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "keymap.toml"
    link.symlink_to("/dev/zero")
    out = load_keymap_bounded(link)
    assert "keymap ignored" in out and "not a regular file" in out


def test_a_huge_keymap_is_ignored(tmp_path: Path) -> None:
    f = tmp_path / "keymap.toml"
    f.write_text("# " + "x" * 200_000 + "\n", encoding="utf-8")
    keymap, problems = load_keymap(IDS, f)
    assert keymap == {} and "keymap ignored" in problems[0]


def test_a_keymap_nested_a_thousand_deep_is_ignored(tmp_path: Path) -> None:
    f = tmp_path / "keymap.toml"
    f.write_text("a = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    keymap, problems = load_keymap(IDS, f)
    assert keymap == {} and len(problems) == 1 and "nested too deep" in problems[0]


# -- 4. output that cannot be written -----------------------------------------------------------------


def cached_article(tmp_path: Path) -> tuple[Path, Path]:
    """A file whose analysis (by a made-up model id) is already cached: `analyze` prints it without spaCy."""
    from presse.cache import AnalysisCache
    from presse.model import Analysis
    from presse.loading import load_path

    f = tmp_path / "article-été.txt"
    f.write_text("Un été à Noël : « Déjà vu », a déclaré Zoé.\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    with AnalysisCache.open(cache_dir) as cache:
        cache.put(Analysis(load_path(str(f))[0], "made_up_model-1.0"))
    return f, cache_dir


def run_cli(args: list[str], cache_dir: Path, stdout: object = subprocess.PIPE, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PRESSE_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "presse.tui.cli", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=environ, cwd=ROOT, timeout=120)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_stdout_to_a_full_device_is_one_clear_line(tmp_path: Path) -> None:
    f, cache_dir = cached_article(tmp_path)
    with open("/dev/full", "w") as full:
        done = run_cli(["analyze", str(f), "--model", "made_up_model-1.0"], cache_dir, stdout=full)
    assert done.returncode == 2, done.stderr
    assert_inert_line(done.stderr)
    assert "cannot write the output" in done.stderr and "No space left" in done.stderr


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_ascii_only_stdout_is_one_clear_line(tmp_path: Path, fmt: str) -> None:
    f, cache_dir = cached_article(tmp_path)
    done = run_cli(["analyze", str(f), "--model", "made_up_model-1.0", "--format", fmt], cache_dir,
                   PYTHONIOENCODING="ascii")
    assert done.returncode == 2, done.stderr
    assert_inert_line(done.stderr)
    assert "output encoding (ascii)" in done.stderr and "internal error" not in done.stderr


# -- 4. a damaged cached row --------------------------------------------------------------------------


def damaged(d: dict, case: str) -> dict:
    if case == "speaker quote index":
        d["speakers"][0]["quotes"] = [99]
    elif case == "paragraph past the text":
        d["paragraphs"][-1]["end"] = 10**9
    elif case == "entity paragraph":
        d["entities"][0]["paragraph"] = 7
    elif case == "repeat index":
        d["repeats"] = [{"paragraph": 0, "same_as": 42, "kind": "exact", "similarity": 1.0}]
    elif case == "quote offset type":
        d["quotes"][0]["start"] = "0"
    elif case == "text swapped":
        d["text"] = d["text"][::-1]
    return d


@pytest.mark.parametrize("case", ["speaker quote index", "paragraph past the text", "entity paragraph",
                                  "repeat index", "quote offset type", "text swapped"])
def test_a_damaged_cached_row_is_dropped_and_analysed_again(tmp_path: Path, case: str) -> None:
    import json
    import sqlite3

    from presse.cache import DB_NAME, AnalysisCache
    from presse.model import Analysis, Entity, Quote, Speaker
    from presse.report import text_report
    from presse.sources import article_from_text

    text = "« Rien ne peut être exclu », a déclaré Dmitri Peskov.\n\nLe Kremlin a démenti l'appel."
    article = article_from_text(text, "a.txt")
    quote = Quote(0, 27, text[:27], 0, "direct", "Dmitri Peskov", 39, 52, "déclarer")
    good = Analysis(article, "m-1.0", [Entity(39, 52, "Dmitri Peskov", "PER", "Dmitri Peskov", 0)], [quote],
                    [Speaker("Dmitri Peskov", "PER", ["Dmitri Peskov"], [0])], [])
    with AnalysisCache.open(tmp_path) as cache:
        cache.put(good)
        assert cache.get(article.id, "m-1.0") is not None
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        (row,) = db.execute("SELECT json FROM analyses").fetchone(),
        db.execute("UPDATE analyses SET json=?", (json.dumps(damaged(json.loads(row[0]), case)),))
    with AnalysisCache.open(tmp_path) as cache:
        got = cache.get(article.id, "m-1.0")
        if got is not None:  # today's main: the bad row is served and crashes its readers
            text_report(got)
            got.article.paragraph_text(max(r.paragraph for r in got.repeats) if got.repeats else 0)
        assert got is None
        assert cache.get_many([article.id], "m-1.0") == {}
        assert not cache.contains(article.id, "m-1.0")  # dropped: the next run analyses it again
        cache.put(good)
        assert cache.get(article.id, "m-1.0") is not None


# -- 6. said, not silent: a cache that stops keeping during `index` -----------------------------------


def small_articles(folder: Path, n: int, filler: int = 0) -> Path:
    """`n` short articles; `filler` words more in each make their cached rows bigger."""
    folder.mkdir()
    for i in range(n):
        extra = " ".join(f"mot{i}x{k}" for k in range(filler))
        (folder / f"{i:02}.txt").write_text(f"Titre {i}\n\nLe maire numéro {i} a déclaré : « Nous verrons bien. »\n\n"
                                            f"{extra}\n", encoding="utf-8")
    return folder


def test_index_into_a_read_only_cache_database_says_so_and_fails(nlp, tmp_path: Path, monkeypatch, capsys) -> None:
    from presse.cache import AnalysisCache

    real_open = AnalysisCache._open_db

    def read_only(self):  # what SQLite does with a database file it may not write (root ignores chmod)
        conn = real_open(self)
        conn.execute("PRAGMA query_only=ON")
        return conn

    monkeypatch.setattr(AnalysisCache, "_open_db", read_only)
    folder = small_articles(tmp_path / "articles", 3)
    code = main(["index", str(folder), "--processes", "1", "--cache-dir", str(tmp_path / "cache")])
    out, err = capsys.readouterr()
    assert code != 0
    assert "readonly" in err and "3 of 3 analyses could not be kept" in err
    assert "nothing kept" in out and "3 analysed" in out


def test_a_disk_filling_up_during_index_is_counted_honestly(nlp, tmp_path: Path) -> None:
    from presse import batch
    from presse.cache import AnalysisCache
    from presse.loading import load_paths
    from presse.tui.headless import _summary

    articles = load_paths([str(small_articles(tmp_path / "articles", 8, filler=800))])
    with AnalysisCache.open(tmp_path / "cache") as cache:
        pages = cache._conn.execute("PRAGMA page_count").fetchone()[0]
        cache._conn.execute(f"PRAGMA max_page_count={pages + 3}")  # SQLITE_FULL, as on a full disk, after a few rows
        result = batch.analyze_collection(articles, cache=cache, processes=1, chunk_size=1, keep=False)
        assert "full" in (cache.notice or "")
        summary = _summary(result, len(articles), cache)
    with AnalysisCache.open(tmp_path / "cache") as cache:
        kept = cache.count()
    assert result.analysed == 8 and 0 < kept < 8
    assert result.unkept == 8 - kept
    assert f"only {kept} of 8 analyses kept" in summary


# -- 5. time on big input ------------------------------------------------------------------------------


def test_a_long_run_of_apostrophes_is_a_few_tokens_for_spacy(nlp) -> None:
    """Not one token per symbol: 100,000 of them cost the tagger and parser ~30 s (issue 13, §2)."""
    from presse.textnorm import nlp_copy

    text = "Il a dit : " + "’'′ʼ" * 25_000 + " fin."
    copy = nlp_copy(text)
    assert len(copy) == len(text)
    assert len(nlp.tokenizer(copy)) < 20


class RecordingNlp:
    """A blank French pipeline (tokenizer + sentencizer) that records the texts of each spaCy call."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.blank("fr")
        self.nlp.add_pipe("sentencizer")
        self.calls: list[int] = []

    def __getattr__(self, name: str):
        return getattr(self.nlp, name)

    def pipe(self, texts, batch_size: int = 16):
        texts = list(texts)  # only as a recorder: the pipeline must hand over bounded batches
        self.calls.append(sum(len(t) for t in texts))
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_a_long_article_streams_through_spacy_in_bounded_batches() -> None:
    """3.2 GB for a 1.1 MB article came from 16 slices of 50,000 characters in one spaCy batch."""
    from presse import pipeline
    from presse.sources import article_from_text

    paras = [f"Le maire numéro {i} a déclaré : « Nous verrons bien ce que nous ferons du budget {i}. »" for i in range(4000)]
    article = article_from_text("Titre\n\n" + "\n\n".join(paras), "long.txt")
    nlp = RecordingNlp()
    (analysis,) = pipeline.analyze_many([article], nlp=nlp)
    assert len(nlp.calls) > 1 and max(nlp.calls) <= 100_000
    assert sum(nlp.calls) == len(article.text)
    # Offsets unchanged: every quote is where its text is, down to the last paragraph.
    assert len(analysis.quotes) == 4000
    assert all(article.text[q.start : q.end] == q.text for q in analysis.quotes)
    assert analysis.quotes[-1].paragraph == 4000


def test_paragraph_shingles_are_built_once_per_paragraph(monkeypatch) -> None:
    """LSH candidates compare a paragraph of a long article with many others: its 3-grams are not
    rebuilt for every pair (866k pairs on a 5,000-paragraph article)."""
    from presse import repeats
    from presse.sources import article_from_text

    base = "Le conseil municipal a voté le budget de la commune pour l'année prochaine après un long débat"
    paras = [f"{base} numéro {i % 40} avec {'des' if i % 2 else 'les'} élus" for i in range(700)]
    article = article_from_text("\n\n".join(paras), "long.txt")
    built = []
    real = repeats.shingles
    monkeypatch.setattr(repeats, "shingles", lambda words, k=repeats.SHINGLE: built.append(1) or real(words, k))
    found = repeats.find_repeats(article, paraphrases=False)
    assert found  # the copies are found
    assert len(built) <= len(article.paragraphs)


# -- 2. hangs: FIFOs; 3. links out of the folder; 4. very deep folders ---------------------------------


def run_bounded(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Python `code` in a child with a deadline: on failure a FIFO blocks it for ever."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_fifo_given_directly_is_one_clear_line(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = run_bounded(f"from presse.tui.cli import main; raise SystemExit(main(['analyze', {str(fifo)!r}, '--no-cache']))")
    assert done.returncode == 2, done.stderr
    assert_inert_line(done.stderr)
    assert "not a regular file" in done.stderr


def test_a_pipe_with_a_writer_is_still_read(tmp_path: Path) -> None:
    """`presse analyze <(cat article.txt)`: the shell's process substitution is a pipe with a writer."""
    from presse.sources import read_source_bytes

    read_end, write_end = os.pipe()
    os.write(write_end, SENTENCE.encode())
    os.close(write_end)
    try:
        assert read_source_bytes(f"/proc/self/fd/{read_end}") == SENTENCE.encode()
    finally:
        os.close(read_end)


def test_a_fifo_inside_a_folder_is_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a-pipe.txt")
    (tmp_path / "b.txt").write_text(SENTENCE, encoding="utf-8")
    done = run_bounded(f"from presse.loading import load_path; print([a.source for a in load_path({str(tmp_path)!r})])")
    assert done.returncode == 0, done.stderr
    assert "b.txt" in done.stdout and "a-pipe" not in done.stdout


def test_a_file_link_leading_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    from presse.loading import load_path

    outside = tmp_path / "secret.txt"
    outside.write_text("Le mot de passe est « hunter2 », a dit l'administrateur.\n", encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # a link inside the folder is fine
    sources = sorted(Path(a.source).name for a in load_path(str(folder)))
    assert sources == ["a.txt", "inside.txt"]


def test_a_folder_990_levels_deep(tmp_path: Path) -> None:
    from presse.loading import load_path

    deep = tmp_path / "top"
    bottom = str(deep)
    os.mkdir(bottom)
    for _ in range(990):  # not Path.mkdir(parents=True): it recurses too
        bottom = os.path.join(bottom, "d")
        os.mkdir(bottom)
    (Path(bottom) / "bottom.txt").write_text(SENTENCE, encoding="utf-8")
    (deep / "top.txt").write_text(SENTENCE, encoding="utf-8")
    names = [Path(a.source).name for a in load_path(str(deep))]
    assert sorted(names) == ["bottom.txt", "top.txt"]


# -- the web: credentials, short answers, slow servers --------------------------------------------------


def test_credentials_in_a_url_are_refused_without_being_echoed(capsys) -> None:
    assert main(["analyze", "http://admin:s3cr3t-pw@127.0.0.1:9/article", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert_inert_line(err)
    assert "s3cr3t-pw" not in err and "admin" not in err
    assert "user name or password" in err


def test_an_answer_shorter_than_its_content_length_is_refused() -> None:
    from presse.errors import SourceError
    from presse.web import fetch

    body = ("<html><body><p>" + "Le maire a parlé. " * 50 + "</p></body></html>").encode()
    short = response(b"HTTP/1.1 200 OK", {"Content-Type": b"text/html; charset=utf-8",
                                          "Content-Length": str(len(body)).encode(), "Connection": b"close"},
                     body[: len(body) // 2])
    with raw_server(short) as base, pytest.raises(SourceError, match="cut short"):
        fetch(base + "/page")


def test_headers_dripped_byte_by_byte_meet_the_whole_fetch_deadline() -> None:
    """Each byte comes well within the 0.5 s read timeout: without an overall deadline the client waits
    for the whole head (200 bytes, 40 s). The whole fetch ends by 3 × 0.5 s: the server sees the client
    leave long before it has sent its head."""
    import threading
    import time

    from presse.errors import SourceError
    from presse.web import fetch

    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nX-Padding: " + b"x" * 140 + b"\r\n\r\n"
    sent = []
    done = threading.Event()

    def drip(conn, request: bytes) -> None:
        try:
            for i in range(len(head)):
                conn.sendall(head[i : i + 1])
                sent.append(i)
                time.sleep(0.2)
        finally:
            done.set()

    with raw_server(drip) as base:
        with pytest.raises(SourceError, match="timed out"):
            fetch(base + "/slow", timeout=0.5)
        assert done.wait(60)  # the client went away: the next byte fails (or the head was all sent)
    assert len(sent) < len(head)


def test_a_feed_of_stalling_entries_has_one_deadline(tmp_path: Path) -> None:
    """8 linked pages that each trickle their body: one after the other they would take 8 × 3 × 0.2 s;
    the whole feed gets 10 × 0.2 s, and the entries left are skipped without a request."""
    import threading
    import time

    from presse.loading import load_path

    requested: list[bytes] = []
    lock = threading.Lock()
    items = "".join(f"<item><title>E{i}</title><link>{{base}}/p{i}</link></item>" for i in range(8))

    def answer(conn, request: bytes) -> None:
        path = request.split(b" ", 2)[1] if request else b""
        if path == b"/feed.xml":
            feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
            body = feed.replace("{base}", base).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
            return
        with lock:
            requested.append(path)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body><p>")
        for _ in range(200):
            conn.sendall(b"x")
            time.sleep(0.1)

    lines: list[str] = []
    with raw_server(answer) as base:
        articles = load_path(base + "/feed.xml", on_error=lines.append, timeout=0.2)
    assert articles == []
    assert len(lines) == 8 and all("skipped" in line for line in lines)
    assert len(requested) < 8, requested
    assert any("out of time" in line for line in lines)


# -- 3. text lost or corrupted without a word -----------------------------------------------------------


def test_one_cp1252_line_in_a_utf8_file_is_repaired_alone_and_said(capsys, tmp_path: Path) -> None:
    from presse.loading import load_path

    f = tmp_path / "mixed.txt"
    f.write_bytes(("Jean Dupont a déclaré : « Conclusion importante. »\n\n").encode()
                  + "Il a ajouté : « Très bien. »\n\n".encode("cp1252")
                  + "Marie Curie a répondu : « Évidemment. »\n".encode())
    (article,) = load_path(str(f))
    assert "déclaré" in article.text and "ajouté : « Très bien. »" in article.text and "Évidemment" in article.text
    assert "Ã" not in article.text
    assert article.meta["repaired_lines"] == [3]
    from presse.tui.headless import load_articles

    load_articles([str(f)])
    err = capsys.readouterr().err
    assert_inert_line(err)
    assert "line 3 was not UTF-8" in err


def test_markdown_nested_past_the_parser_limit_loses_nothing() -> None:
    from presse.sources import article_from_markdown

    outline = "".join("  " * i + f"- point {i}\n" for i in range(60))
    article = article_from_markdown(outline + "\nJean Dupont a déclaré : « Conclusion importante. »\n", "plan.md")
    assert "« Conclusion importante. »" in article.text
    assert "point 59" in article.text
    ten_deep = "".join("  " * i + f"- point {i}\n" for i in range(12)) + "\nLa fin : « Conclusion. »\n"
    article = article_from_markdown(ten_deep, "plan.md")
    assert "« Conclusion. »" in article.text and "- point" not in article.text  # still read as Markdown


@pytest.mark.parametrize("depth", [300, 3000])
def test_html_nested_past_lxml_limit_still_gives_its_text(depth: int) -> None:
    from presse.sources import article_from_html

    paragraph = "<p>Jean Dupont a déclaré : « Conclusion importante. » Un paragraphe assez long pour un article.</p>"
    html = "<html><head><title>Titre</title></head><body>" + "<div>" * depth + paragraph + "</div>" * depth + "</body></html>"
    article = article_from_html(html, "deep.html")
    assert "« Conclusion importante. »" in article.text


# -- 4. exports: written whole or not at all -----------------------------------------------------------


def test_a_json_export_of_a_source_named_in_bad_utf8_is_written(tmp_path: Path) -> None:
    import json

    from presse import export
    from presse.model import Analysis, Quote
    from presse.sources import article_from_text

    source = os.fsdecode(b"/articles/d\xe9clar\xe9.txt")  # not UTF-8: a surrogate escape in the str
    article = article_from_text("« Rien ne peut être exclu », a-t-il dit.\u202e", source)
    analysis = Analysis(article, "m-1.0", quotes=[Quote(0, 27, article.text[:27], 0, "direct", "X")])
    target = export.write([analysis], "json", tmp_path / "quotes.json")
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)[0]["source"] == source  # exact once decoded
    assert "\u202e" not in text


def test_an_export_that_fails_leaves_no_file_behind(tmp_path: Path) -> None:
    from presse import export

    target = tmp_path / "quotes.md"
    with pytest.raises(UnicodeEncodeError):
        export.write_new(target, "texte \ud800 impossible à écrire en UTF-8")
    assert list(tmp_path.iterdir()) == []  # no 0-byte file, no temporary left
    export.write_new(target, "deuxième essai\n")  # the next try is not told "exists"
    assert target.read_text(encoding="utf-8") == "deuxième essai\n"
    with pytest.raises(FileExistsError):
        export.write_new(target, "jamais écrasé\n")
    assert target.read_text(encoding="utf-8") == "deuxième essai\n"
