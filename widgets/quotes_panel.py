"""The quotes panel: speakers (name, count), each opening to its quotes (first words).

The app hands down `SpeakerEntry` lists (this article, or the whole collection); the panel posts
`SpeakerSelected` and `QuoteChosen` up. Terms are dimmed; indirect speech is dimmed, in italics and marked
"reported:" (a paraphrase, not the speaker's words).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from presse.widgets.items import NO_SPEAKER, REPORTED, QuoteRef, SpeakerEntry
from presse.widgets.text import one_line

FIRST_WORDS = 7
MAX_LEAVES = 100  # per speaker in the tree; n / N still visit every quote


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    words = one_line(text).split(" ")
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


class QuotesPanel(Vertical):
    """Speakers and their quotes."""

    DEFAULT_CSS = """
    QuotesPanel { height: 1fr; }
    QuotesPanel > #quotes-scope { height: 1; padding: 0 1; }
    QuotesPanel > Tree { height: 1fr; }
    """

    @dataclass
    class SpeakerSelected(Message):
        name: str | None

    @dataclass
    class QuoteChosen(Message):
        ref: QuoteRef

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[SpeakerEntry] = []
        self.selected_speaker: str | None = None
        self.scope = "article"
        self._speaker_nodes: dict[str, TreeNode] = {}
        self._quote_nodes: dict[tuple[int, int], TreeNode] = {}
        self._filled: set[str] = set()
        # A quote's trail badges across the collection ("also in 4 articles", …): the screen sets it.
        self.trail_badges: Callable[[QuoteRef], list[str]] = lambda ref: []

    def compose(self) -> ComposeResult:
        yield Static(id="quotes-scope", markup=False)
        tree: Tree[object] = Tree(Text("Speakers"), id="quotes-tree")
        tree.show_root = False
        tree.auto_expand = False
        tree.guide_depth = 2
        yield tree

    @property
    def tree(self) -> Tree[object]:
        return self.query_one("#quotes-tree", Tree)

    def show(self, entries: list[SpeakerEntry], scope: str, state: str = "") -> None:
        """Replace the speakers; keeps the selected speaker open if it is still there."""
        self.entries = entries
        self.scope = scope
        scope_text = "this article" if scope == "article" else "all articles"
        header = Text.assemble(("Quotes · ", "bold"), (scope_text, "bold"))
        if state:
            header.append(f"  {state}", style="dim")
        self.query_one("#quotes-scope", Static).update(header)
        tree = self.tree
        tree.clear()
        self._speaker_nodes.clear()
        self._quote_nodes.clear()
        self._filled: set[str] = set()
        for entry in entries:
            label = Text(one_line(entry.name), style="bold" if entry.name != NO_SPEAKER else "italic")
            label.append(f"  {len(entry.refs)}", style="dim")
            node = tree.root.add(label, data=entry.name, allow_expand=bool(entry.refs))
            self._speaker_nodes[entry.name] = node
        if self.selected_speaker not in self._speaker_nodes:
            self.selected_speaker = None
        else:
            self._fill(self.selected_speaker)
            self._speaker_nodes[self.selected_speaker].expand()

    def _fill(self, name: str) -> None:
        """Add a speaker's quotes under it: only when it opens (thousands of quotes stay cheap)."""
        if name in self._filled or name not in self._speaker_nodes:
            return
        self._filled.add(name)
        node = self._speaker_nodes[name]
        refs = self.refs_of(name)
        for ref in refs[:MAX_LEAVES]:
            self._quote_nodes[(ref.article, ref.index)] = node.add_leaf(self._quote_label(ref), data=ref)
        if len(refs) > MAX_LEAVES:
            node.add_leaf(Text(f"… {len(refs) - MAX_LEAVES} more: n / N visit them", style="dim italic"))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        event.stop()
        if isinstance(event.node.data, str):
            self._fill(event.node.data)

    def _quote_label(self, ref: QuoteRef) -> Text:
        """`§4 C'est complètement faux.`; indirect speech, a paraphrase, reads `§2 reported: il n'avait …`."""
        q = ref.quote
        dim = q.kind in ("indirect", "term")
        label = Text(style="dim" if dim else "")
        if self.scope == "collection" and ref.article_title:
            label.append(f"{first_words(ref.article_title, 3)} ", style="italic")
        label.append(f"§{q.paragraph} ", style="dim")
        if q.kind == "indirect":
            label.append(f"{REPORTED}: ", style="bold")
            label.append(first_words(q.text), style="italic")
            return label
        label.append(first_words(q.text))
        if q.kind != "direct":
            label.append(f" ({q.kind})", style="dim")
        if ref.copies > 1:
            label.append(f" ×{ref.copies}", style="bold")
        if badges := self.trail_badges(ref):
            label.append(" ⇄ " + " · ".join(badges), style="italic")
        return label

    def refs_of(self, name: str | None) -> list[QuoteRef]:
        for entry in self.entries:
            if entry.name == name:
                return entry.refs
        return []

    def select_speaker(self, name: str | None, post: bool = True) -> None:
        """Open `name` (closing the others) and put the cursor on it."""
        self.selected_speaker = name
        for other, node in self._speaker_nodes.items():
            if other != name:
                node.collapse()
        node = self._speaker_nodes.get(name or "")
        if node is not None:
            self._fill(node.data)
            node.expand()
            self.call_after_refresh(self.tree.move_cursor, node)
        if post:
            self.post_message(self.SpeakerSelected(name))

    def highlight_quote(self, ref: QuoteRef) -> None:
        for entry in self.entries:
            if any(r.article == ref.article and r.index == ref.index for r in entry.refs):
                self._fill(entry.name)
                break
        node = self._quote_nodes.get((ref.article, ref.index))
        if node is not None:
            if node.parent is not None:
                node.parent.expand()
            self.call_after_refresh(self.tree.move_cursor, node)

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        data = event.node.data
        if isinstance(data, QuoteRef):
            self.post_message(self.QuoteChosen(data))
        elif isinstance(data, str):
            if data == self.selected_speaker and event.node.is_expanded:
                event.node.collapse()
                return
            self.select_speaker(data)
