"""User keymaps: `keymap.toml` in the user config folder rebinds keys by binding id.

    # ~/.config/presse/keymap.toml
    "quotes.next" = "j"
    "quotes.prev" = "k,shift+j"

Binding ids are listed by `?` in the reader (and in tui/bindings.py). A file that cannot be read is
reported in one line and ignored: a bad keymap never keeps the reader from starting.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

KEYMAP_FILE = "keymap.toml"


def keymap_path() -> Path:
    """`$PRESSE_CONFIG_DIR/keymap.toml`, else the user config folder's."""
    override = os.environ.get("PRESSE_CONFIG_DIR")
    if override:
        return Path(override) / KEYMAP_FILE
    from platformdirs import user_config_dir

    return Path(user_config_dir("presse", appauthor=False)) / KEYMAP_FILE


def load_keymap(known_ids: set[str], path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """(binding id -> keys, problems): unknown ids and non-string keys are problems, not errors."""
    path = path or keymap_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: keymap ignored ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        if binding_id not in known_ids:
            problems.append(f"{path}: no key binding has the id {binding_id!r}")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: {binding_id!r} needs keys as a string, such as \"j\" or \"j,down\"")
        else:
            keymap[binding_id] = keys
    return keymap, problems
