"""The command palette (ctrl+p): "Jump to speaker …" for each speaker, and the reader's own commands."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from presse.widgets.legend import LABELS, NAMES
from presse.widgets.text import one_line

from .screens.reader import ReaderScreen

if TYPE_CHECKING:
    from .app import PresseApp


class SpeakerCommands(Provider):
    """"Jump to speaker …": every speaker of the quotes panel."""

    def _jumps(self) -> list[tuple[str, Callable[[], None]]]:
        reader = self.screen
        if not isinstance(reader, ReaderScreen):
            return []
        return [(f"Jump to speaker {one_line(e.name)}", partial(reader.jump_to_speaker, e.name))
                for e in reader.speaker_entries()]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, jump in self._jumps():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), jump, text=title)

    async def discover(self) -> Hits:
        for title, jump in self._jumps():
            yield DiscoveryHit(title, jump, text=title)


def reader_commands(app: PresseApp, reader: ReaderScreen) -> Iterable[SystemCommand]:
    """The reader's entries of the palette, after Textual's own (theme, quit, …)."""
    from presse.export import FORMATS  # csv, json: when the palette opens, not before the first paint

    yield SystemCommand("Open file", "Open a file, folder or URL", app.action_open_file)
    for fmt in FORMATS:
        yield SystemCommand(f"Export quotes ({fmt})", "Write the quotes of the article or of all articles",
                            partial(app.action_export, fmt))
    for label in LABELS:
        yield SystemCommand(f"Toggle {NAMES[label]} highlights ({label})", "Show or hide this entity type",
                            partial(reader.action_toggle_label, label))
    yield SystemCommand("Collapse or show repeats", "Hide repeated paragraphs behind their badge",
                        reader.action_toggle_repeats)
    yield SystemCommand("Quotes: this article / all articles", "Switch the quotes panel scope",
                        reader.action_toggle_scope)
    yield SystemCommand("Keys", "List every key", app.action_help)
