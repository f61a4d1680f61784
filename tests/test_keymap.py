"""User keymaps rebind keys by binding id; a bad file is reported, never fatal."""

from __future__ import annotations

from pathlib import Path

from presse.tui.bindings import APP_BINDINGS
from presse.tui.keymap import keymap_path, load_keymap

IDS = {b.id for b in APP_BINDINGS if b.id}


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    assert all(b.id and b.tooltip for b in APP_BINDINGS)
    assert len(IDS) == len(APP_BINDINGS)


def test_keymap_rebinds_known_ids_and_reports_the_rest(tmp_path: Path) -> None:
    f = tmp_path / "keymap.toml"
    f.write_text('"quotes.next" = "j"\n"quotes.prev" = "k,shift+j"\n"no.such" = "x"\n"app.help" = 3\n', encoding="utf-8")
    keymap, problems = load_keymap(IDS, f)
    assert keymap == {"quotes.next": "j", "quotes.prev": "k,shift+j"}
    assert len(problems) == 2 and "no.such" in problems[0] and "app.help" in problems[1]


def test_missing_and_broken_keymaps(tmp_path: Path) -> None:
    assert load_keymap(IDS, tmp_path / "none.toml") == ({}, [])
    broken = tmp_path / "keymap.toml"
    broken.write_text("this is = = not toml", encoding="utf-8")
    keymap, problems = load_keymap(IDS, broken)
    assert keymap == {} and len(problems) == 1 and "keymap ignored" in problems[0]


def test_config_dir_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PRESSE_CONFIG_DIR", str(tmp_path))
    assert keymap_path() == tmp_path / "keymap.toml"


async def test_a_user_keymap_rebinds_next_quote_in_the_app() -> None:
    from tests.test_app import seed_app, settle

    app = seed_app(keymap={"quotes.next": "j"})
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.reader.panel.select_speaker("Dmitri Peskov")
        await pilot.press("j")
        first = app.reader.selected_ref
        assert first is not None and first.quote.speaker == "Dmitri Peskov"
        await pilot.press("n")  # n no longer moves: it was rebound to j
        assert app.reader.selected_ref == first
        await pilot.press("j")
        assert app.reader.selected_ref != first
