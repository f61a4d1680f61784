"""What the list and the quotes panel show, as plain data: no Textual here, so the reader's state
(tui/state.py) builds these without importing a widget."""

from __future__ import annotations

from dataclasses import dataclass, field

from presse.model import Quote

NO_SPEAKER = "(no speaker)"
REPORTED = "reported"  # marks indirect speech in the panel, as presse.export does in copies and exports


@dataclass(slots=True)
class ArticleItem:
    """A row of the article list."""

    title: str
    source: str
    quotes: int | None = None  # None: not analysed yet
    speakers: int | None = None
    repeats: int | None = None
    note: str = ""  # instead of the counts: "loading…", "fetching…", "✗ could not load"


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A quote of the collection: article index (in the app's list) and quote index (in its analysis)."""

    article: int
    index: int
    quote: Quote = field(compare=False, hash=False)
    article_title: str = field(default="", compare=False, hash=False)
    copies: int = field(default=1, compare=False, hash=False)  # "all articles": printings of the statement it stands for


@dataclass(slots=True)
class SpeakerEntry:
    """A speaker of the quotes panel and its quotes, in text order."""

    name: str
    label: str
    refs: list[QuoteRef]
