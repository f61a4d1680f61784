"""User keymaps: `keymap.toml` in the user config folder rebinds keys by binding id.

    # ~/.config/presse/keymap.toml
    "quotes.next" = "j"
    "quotes.prev" = "k,shift+j"

Binding ids are listed by `?` in the reader (and in tui/bindings.py). A file that cannot be read is
reported in one line and ignored: a bad keymap never keeps the reader from starting.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

from presse.safe import printable, printable_line

KEYMAP_FILE = "keymap.toml"
# A keymap is a few lines: anything bigger is not one (and /dev/zero must not be read to the end).
MAX_KEYMAP_BYTES = 64 * 1024


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
    shown = printable_line(str(path))
    try:
        data = tomllib.loads(read_small_file(path, MAX_KEYMAP_BYTES))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {}, [f"{shown}: keymap ignored ({printable_line(why)})"]
    except RecursionError:  # tomllib recurses once per nesting level
        return {}, [f"{shown}: keymap ignored (nested too deep)"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        if binding_id not in known_ids:
            problems.append(f"{shown}: no key binding has the id {printable_line(repr(binding_id))}")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{shown}: {binding_id!r} needs keys as a string, such as \"j\" or \"j,down\"")
        elif printable(keys) != keys or "\n" in keys:
            problems.append(f"{shown}: {binding_id!r} has control characters in its keys {printable_line(repr(keys))}")
        else:
            keymap[binding_id] = keys
    return keymap, problems


def read_small_file(path: Path, limit: int) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes, opened without blocking.

    A FIFO would block `open` until a writer comes, and a device such as /dev/zero never ends: only
    regular files are read, and never more than `limit` bytes.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"larger than {limit // 1024} KB")
    return data.decode("utf-8")
