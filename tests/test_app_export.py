"""Quotes out of the reader: presse/export.py writers and the app's export command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from presse import export
from presse.model import Analysis, Quote, Speaker
from presse.sources import article_from_text
from tests.test_app import gold_analysis, seed_app, settle


def tricky_analysis() -> Analysis:
    text = '« Un, "deux"\net trois », dit =HYPERLINK("x"). « [lien](http://x) *gras* # titre » \x1b[31m'
    article = article_from_text(text, "t.txt")
    q1 = Quote(2, 22, text[2:22], 0, "direct", speaker="Jean, dit \"Jo\"")
    s2 = text.index("[lien]")
    e2 = text.index(" »", s2)
    q2 = Quote(s2, e2, text[s2:e2], 0, "partial", speaker=None)
    return Analysis(article, "hand", [], [q1, q2], [Speaker(q1.speaker, "PER", [], [0])], [])


def test_quote_line_is_the_documented_attribution() -> None:
    a = gold_analysis()
    rien = next(q for q in a.quotes if q.text == "Rien ne peut être exclu")
    assert export.quote_line(rien) == "« Rien ne peut être exclu » — Dmitri Peskov"
    assert export.quote_line(Quote(0, 3, "a\nb\x1b", 0, "direct")) == "« a b␛ »"


def indirect_analysis() -> Analysis:
    """A speaker with a quotation and a paraphrase of what he said (indirect speech), and a paraphrase by nobody."""
    text = ("« Rien ne peut être exclu », a déclaré Jean Valmont.\n\n"
            "Il a ajouté que les dirigeants voulaient une défaite.\n\nOn dit que tout change.")
    article = article_from_text(text, "t.txt")
    quotes = []
    for part, who, kind in [("Rien ne peut être exclu", "Jean Valmont", "direct"),
                            ("les dirigeants voulaient une défaite", "Jean Valmont", "indirect"),
                            ("tout change", None, "indirect")]:
        start = text.index(part)
        quotes.append(Quote(start, start + len(part), part, article.paragraph_at(start), kind, speaker=who))
    return Analysis(article, "hand", [], quotes, [Speaker("Jean Valmont", "PER", [], [0, 1])], [])


def test_indirect_speech_is_never_copied_or_exported_inside_quotation_marks() -> None:
    a = indirect_analysis()
    direct, reported, nobody = a.quotes
    assert export.quote_line(direct) == "« Rien ne peut être exclu » — Jean Valmont"
    assert export.quote_line(reported) == "Jean Valmont (reported): les dirigeants voulaient une défaite"
    assert export.quote_line(nobody) == "(reported): tout change"
    md = export.to_markdown([a])
    assert "- « Rien ne peut être exclu » (§0, direct)" in md
    assert "- reported: les dirigeants voulaient une défaite (§1, indirect)" in md
    assert "- reported: tout change (§2, indirect)" in md
    assert "« les dirigeants" not in md and "« tout" not in md
    rows = list(csv.DictReader(io.StringIO(export.to_csv([a]), newline="")))
    assert [(r["kind"], r["quote"]) for r in rows] == [
        ("direct", "Rien ne peut être exclu"), ("indirect", "les dirigeants voulaient une défaite"),
        ("indirect", "tout change")]
    data = json.loads(export.to_json([a]))
    assert [(r["kind"], r["text"], r["speaker"]) for r in data][1:] == [
        ("indirect", "les dirigeants voulaient une défaite", "Jean Valmont"), ("indirect", "tout change", None)]
    assert not any("«" in r["text"] or "»" in r["text"] for r in data)


def test_csv_round_trips_commas_quotes_and_newlines_and_defuses_formulas() -> None:
    a = tricky_analysis()
    rows = list(csv.reader(io.StringIO(export.to_csv([a]), newline="")))
    assert rows[0] == ["title", "source", "paragraph", "speaker", "kind", "quote", "start", "end"]
    assert rows[1][3] == 'Jean, dit "Jo"'
    assert rows[1][5] == 'Un, "deux" et trois'
    assert len(rows) == 3
    formula = Analysis(a.article, "hand", [], [Quote(0, 1, "=1+1", 0, "direct", speaker="@x")], [], [])
    row = list(csv.reader(io.StringIO(export.to_csv([formula]))))[1]
    assert row[5] == "'=1+1" and row[3] == "'@x"


def test_markdown_escapes_and_json_is_exact() -> None:
    a = tricky_analysis()
    md = export.to_markdown([a])
    assert "\\[lien\\]\\(http://x\\) \\*gras\\* \\# titre" in md
    assert "\x1b" not in md and "## (unattributed) (1)" in md
    rows = json.loads(export.to_json([a]))
    assert [r["text"] for r in rows] == [q.text for q in a.quotes]
    assert rows[0]["speaker"] == 'Jean, dit "Jo"' and rows[1]["speaker"] is None
    with pytest.raises(ValueError):
        export.render([a], "xml")


def test_write_creates_a_new_file_and_never_overwrites_one(tmp_path, monkeypatch) -> None:
    a = gold_analysis()
    target = export.write([a], "json", tmp_path / "q.json")
    assert target == tmp_path / "q.json"
    assert len(json.loads(target.read_text(encoding="utf-8"))) == len(a.quotes)
    before = target.read_bytes()
    with pytest.raises(FileExistsError):
        export.write([a], "csv", target)
    assert target.read_bytes() == before
    with pytest.raises(ValueError):
        export.write([a], "xml", tmp_path / "q.xml")
    assert not (tmp_path / "q.xml").exists()  # a bad format leaves no empty file behind
    with pytest.raises(OSError):
        export.write([a], "csv", tmp_path / "no-such-folder" / "q.csv")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert export.write([a], "markdown", "~/q.md") == tmp_path / "q.md"


async def test_app_exports_article_quotes_and_never_overwrites(tmp_path) -> None:
    app = seed_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        target = tmp_path / "q.csv"
        assert app.export_quotes("csv", "article", str(target)) == target
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
        assert len(rows) - 1 == len(app.state.analyses[0].quotes)
        assert ["Dmitri Peskov", "Rien ne peut être exclu"] in [[r[3], r[5]] for r in rows]
        before = target.read_bytes()
        assert app.export_quotes("markdown", "article", str(target)) is None
        assert target.read_bytes() == before
        # Through the dialog: format json, default scope.
        await pilot.press("e")
        await pilot.pause()
        from textual.widgets import Input, RadioButton

        app.screen.query_one("#export-format").query(RadioButton)[2].value = True
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value.endswith(".json")
        path_input.value = str(tmp_path / "q.json")
        path_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert len(json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))) == len(app.state.analyses[0].quotes)
