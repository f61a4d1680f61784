"""Textual's footer, fitted to the width: compact below 120 columns, and the least used keys left out until
the others fit (quit, help, search, next quote, copy and the two panels stay; every key is in `?`)."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

COMPACT_BELOW = 120
# Left out first when the footer is too narrow, in this order.
DROP_ORDER = ("quote(-1)", "toggle_repeats", "toggle_scope", "copy_quote", "quote(1)", "search")


class ReaderFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=False)
        self._fitted_width = 0

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        width = self.size.width or self.app.size.width
        self.compact = width < COMPACT_BELOW
        pad = 2 if self.compact else 3  # " q Quit " (or "q Quit ") and the gap

        def cells(key: object) -> int:
            if isinstance(key, FooterKey):
                return cell_len(key.key_display) + cell_len(key.description) + pad
            return 0

        palette = [k for k in keys if k.has_class("-command-palette")]
        shown = [k for k in keys if k not in palette]
        room = width - sum(cells(k) for k in palette) - 2
        for action in DROP_ORDER:
            if sum(cells(k) for k in shown) <= room:
                break
            shown = [k for k in shown if not (isinstance(k, FooterKey) and k.action == action)]
        self._fitted_width = width
        self.styles.grid_size_columns = len(shown) + len(palette)
        yield from shown + palette

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_width:
            self.refresh(recompose=True)
