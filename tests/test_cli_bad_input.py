"""Bad input gives a readable result or one clear line on stderr (exit 2), never a traceback."""

from __future__ import annotations

import builtins
import io
import json
import os
import pathlib
from pathlib import Path

import pytest

from presse.tui.cli import main

SENTENCE = "Emmanuel Macron a déclaré : « Nous tiendrons bon. »\n"


def run(capsysbinary, *argv: str) -> tuple[int, bytes, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8", "replace")


def assert_one_clear_line(code: int, err: str, *words: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("presse: ")
    assert "Traceback" not in err
    for w in words:
        assert w.lower() in lines[0].lower()


def analysis_of(out: bytes) -> dict:
    return json.loads(out.decode("utf-8"))


def test_missing_path(capsysbinary, tmp_path: Path) -> None:
    code, out, err = run(capsysbinary, "analyze", str(tmp_path / "nope.txt"))
    assert_one_clear_line(code, err, "nope.txt")
    assert out == b""


def test_folder_with_no_articles(capsysbinary, tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    code, _, err = run(capsysbinary, "analyze", str(tmp_path))
    assert_one_clear_line(code, err, str(tmp_path.name))


def test_permission_denied(capsysbinary, tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(SENTENCE, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real_open, real_io_open = builtins.open, io.open

        def deny(file, *args, **kwargs):
            if str(file) == str(locked):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", deny)
        monkeypatch.setattr(io, "open", deny)
        monkeypatch.setattr(pathlib.Path, "open", lambda self, *a, **k: deny(self, *a, **k))
        assert real_io_open is not None
    code, _, err = run(capsysbinary, "analyze", str(locked))
    assert_one_clear_line(code, err, "locked.txt", "permission")


def test_binary_file_is_refused(capsysbinary, tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 40)
    code, _, err = run(capsysbinary, "analyze", str(f))
    assert_one_clear_line(code, err, "photo.txt", "binary")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n  "], ids=["empty", "whitespace"])
def test_empty_article_is_refused(capsysbinary, tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "blank.txt"
    f.write_bytes(content)
    code, _, err = run(capsysbinary, "analyze", str(f))
    assert_one_clear_line(code, err, "blank.txt", "empty")


@pytest.mark.parametrize(
    "encoded",
    [
        SENTENCE.encode("cp1252"),
        SENTENCE.encode("latin-1"),
        b"\xff\xfe" + SENTENCE.encode("utf-16-le"),
        b"\xfe\xff" + SENTENCE.encode("utf-16-be"),
        b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"),
    ],
    ids=["cp1252", "latin-1", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_encodings_are_decoded(capsysbinary, tmp_path: Path, encoded: bytes) -> None:
    f = tmp_path / "article.txt"
    f.write_bytes(encoded)
    code, out, err = run(capsysbinary, "analyze", str(f))
    assert code == 0, err
    assert analysis_of(out)["text"].strip() == SENTENCE.strip()


def test_invalid_utf8_bytes_give_a_readable_result(capsysbinary, tmp_path: Path) -> None:
    f = tmp_path / "broken.txt"
    f.write_bytes(SENTENCE.encode("utf-8") + b"Il a ajout\xe9 \xff\xfe des mots. " + SENTENCE.encode("utf-8"))
    code, out, err = run(capsysbinary, "analyze", str(f))
    assert code == 0, err
    text = analysis_of(out)["text"]
    assert "Emmanuel Macron" in text and "des mots" in text


def test_html_with_only_scripts_and_styles(capsysbinary, tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><head><style>p{}</style><script>var a = 1;</script></head><body><script>x()</script></body></html>")
    code, out, err = run(capsysbinary, "analyze", str(f))
    assert "Traceback" not in err
    if code == 0:  # a readable (empty) result is acceptable too
        assert "var a" not in analysis_of(out)["text"]
    else:
        assert_one_clear_line(code, err, "empty.html")


def test_truncated_html_gives_a_readable_result(capsysbinary, tmp_path: Path) -> None:
    body = "".join(f"<p>{SENTENCE.strip()} Paragraphe numéro {i} de l’article.</p>" for i in range(8))
    f = tmp_path / "cut.html"
    f.write_text(f"<html><head><title>Coupé</title></head><body><article>{body}"[:-40], encoding="utf-8")
    code, out, err = run(capsysbinary, "analyze", str(f))
    assert code == 0, err
    assert "Nous tiendrons bon" in analysis_of(out)["text"]


def test_unbalanced_quote_marks_everywhere(capsysbinary, tmp_path: Path) -> None:
    f = tmp_path / "marks.txt"
    f.write_text("« Il a dit “ non » et ‘ puis ” « encore\n« » “ ‘ ’ ” ' \" «\n" + SENTENCE, encoding="utf-8")
    code, out, err = run(capsysbinary, "analyze", str(f))
    assert code == 0, err
    assert analysis_of(out)["paragraphs"]


def test_ten_thousand_opening_guillemets(capsysbinary, tmp_path: Path) -> None:
    f = tmp_path / "guillemets.txt"
    f.write_text("«" * 10_000 + "\n" + SENTENCE, encoding="utf-8")
    code, out, err = run(capsysbinary, "analyze", str(f), "--format", "text")
    assert code == 0, err
    assert out


def test_a_fifty_megabyte_file_gets_one_clear_line(capsysbinary, tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        block = (SENTENCE * 200 + "\n").encode("utf-8")
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(block)
    code, _, err = run(capsysbinary, "analyze", str(f))
    assert_one_clear_line(code, err, "huge.txt", "too")


def test_a_single_line_of_a_megabyte(capsysbinary, tmp_path: Path) -> None:
    f = tmp_path / "line.txt"
    word = "anticonstitutionnellement" * 8  # few, long tokens: the size is what is tested
    f.write_text(" ".join([word] * (1_000_000 // (len(word) + 1))) + " " + SENTENCE.strip(), encoding="utf-8")
    code, out, err = run(capsysbinary, "analyze", str(f), "--format", "jsonl")
    assert code == 0, err
    result = analysis_of(out)
    assert len(result["paragraphs"]) == 1 and len(result["text"]) > 990_000
