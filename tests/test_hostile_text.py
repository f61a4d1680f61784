"""Article text is data: escape sequences, control characters and markup are never interpreted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presse.safe import printable
from presse.tui.cli import main

HOSTILE = (
    "Le ministre Jean Dupont a déclaré : « \x1b[31mrouge\x1b[0m \x1b]52;c;ZXZpbA==\x07 "
    "\x1b]8;;http://evil.example\x1b\\lien\x1b]8;;\x1b\\ \x1b[2J\x1b[H [bold red]gras[/] "
    "[link=http://evil.example]x[/link] [@click=app.quit]quitter[/] \x9b31m \x07\x08\x0c fin. »\n"
    "Paris, le 3 mai.\n"
)
TERMINAL_CONTROLS = [b"\x1b", b"\x07", b"\x08", b"\x0c", "\x9b".encode("utf-8")]


@pytest.fixture()
def hostile_file(tmp_path: Path) -> Path:
    f = tmp_path / "hostile.txt"
    f.write_text(HOSTILE, encoding="utf-8")
    return f


def test_printable_makes_controls_visible_and_keeps_length() -> None:
    shown = printable(HOSTILE)
    assert len(shown) == len(HOSTILE)
    assert not any(c in shown for c in "\x1b\x07\x08\x0c\x9b")
    assert "[bold red]" in shown and "␛" in shown


def test_text_format_prints_no_terminal_control(capsysbinary, hostile_file: Path) -> None:
    assert main(["analyze", str(hostile_file), "--format", "text"]) == 0
    out = capsysbinary.readouterr().out
    for control in TERMINAL_CONTROLS:
        assert control not in out
    assert b"[bold red]gras[/]" in out or b"Jean Dupont" in out  # markup, when shown, is shown literally


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_formats_escape_every_control_and_round_trip(capsysbinary, hostile_file: Path, fmt: str) -> None:
    assert main(["analyze", str(hostile_file), "--format", fmt]) == 0
    out = capsysbinary.readouterr().out
    for control in TERMINAL_CONTROLS:
        assert control not in out
    assert json.loads(out)["text"] == HOSTILE


def test_bidi_overrides_and_lone_surrogates_are_neutralised() -> None:
    text = "Il a dit \u202eelbirret\u202c et \u2067isolé\u2069 \udcff fin"
    shown = printable(text)
    assert len(shown) == len(text)
    assert not any(c in shown for c in "\u202e\u202c\u2067\u2069\udcff")
    shown.encode("utf-8")  # printable text is always encodable


def test_lone_surrogates_in_an_article_string_do_not_break_the_analysis(analyze_text) -> None:
    from presse.model import Analysis

    analysis = analyze_text("Emmanuel Macron a déclaré : « Bien \udcff sûr. »\n\nParis.\n")
    dumped = analysis.to_json()
    dumped.encode("utf-8")
    assert Analysis.from_json(dumped).article.text == analysis.article.text
