"""Every key of the reader, in one place: each Binding has an id and a tooltip (the help screen lists them).

The palette's key is the app's own binding (it replaces Textual's, so the footer says "Commands"); the others
are the reader screen's, where `app.` actions are the app's (leaving, dialogs, refreshing a page).
"""

from __future__ import annotations

from textual.binding import Binding

ENTITY_KEYS = {"1": "PER", "2": "LOC", "3": "ORG", "4": "MISC"}

APP_BINDINGS: list[Binding] = [
    Binding("q", "app.quit", "Quit", id="app.quit", tooltip="Leave the reader"),
    Binding("question_mark", "app.help", "Help", key_display="?", id="app.help", tooltip="List every key"),
    Binding("slash", "search", "Search", key_display="/", id="article.search", tooltip="Search the article text"),
    Binding("right_square_bracket", "match(1)", "Next match", key_display="]", show=False,
            id="article.match_next", tooltip="Go to the next search match"),
    Binding("left_square_bracket", "match(-1)", "Prev match", key_display="[", show=False,
            id="article.match_prev", tooltip="Go to the previous search match"),
    Binding("n", "quote(1)", "Next quote", id="quotes.next",
            tooltip="Jump to the next quote of the selected speaker"),
    Binding("N", "quote(-1)", "Prev quote", key_display="N", id="quotes.prev",
            tooltip="Jump to the previous quote of the selected speaker"),
    Binding("c", "copy_quote", "Copy", id="quotes.copy",
            tooltip="Copy the selected quote with its attribution"),
    Binding("C", "copy_speaker", "Copy all", key_display="C", show=False, id="quotes.copy_all",
            tooltip="Copy every quote of the selected speaker, one per line"),
    Binding("t", "trail", "Trail", show=False, id="quotes.trail",
            tooltip="The selected quote across the open articles: every printing, who it is credited to, what changed"),
    Binding("a", "toggle_scope", "This/all", id="quotes.scope",
            tooltip="Quotes of this article or of all open articles"),
    Binding("r", "toggle_repeats", "Repeats", id="article.repeats", tooltip="Collapse or show repeated paragraphs"),
    Binding("g", "follow_repeat", "First occurrence", show=False, id="article.follow_repeat",
            tooltip="From the first repeated paragraph on screen, go to where it first appeared"),
    Binding("1", "toggle_label('PER')", "Persons", show=False, id="entities.per", tooltip="Show or hide persons"),
    Binding("2", "toggle_label('LOC')", "Places", show=False, id="entities.loc", tooltip="Show or hide places"),
    Binding("3", "toggle_label('ORG')", "Organisations", show=False, id="entities.org",
            tooltip="Show or hide organisations"),
    Binding("4", "toggle_label('MISC')", "Other", show=False, id="entities.misc",
            tooltip="Show or hide other entities"),
    Binding("l", "toggle_panel('article-list')", "List", id="panels.list", tooltip="Show or hide the article list"),
    Binding("s", "toggle_panel('quotes-panel')", "Speakers", id="panels.quotes",
            tooltip="Show or hide the speakers and quotes panel"),
    Binding("greater_than_sign", "article(1)", "Next article", key_display=">", show=False,
            id="articles.next", tooltip="Open the next article of the list"),
    Binding("less_than_sign", "article(-1)", "Prev article", key_display="<", show=False,
            id="articles.prev", tooltip="Open the previous article of the list"),
    Binding("u", "app.refresh_article", "Refresh", show=False, id="article.refresh",
            tooltip="Fetch a web article again; only a changed page replaces it (ETag/Last-Modified)"),
    Binding("o", "app.open_file", "Open", show=False, id="app.open", tooltip="Open a file, folder or URL"),
    Binding("e", "app.export", "Export", show=False, id="quotes.export",
            tooltip="Export quotes as Markdown, CSV or JSON"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette",
            tooltip="Command palette: open, jump to speaker, export, entity types, theme"),
]

PALETTE_BINDINGS = [b for b in APP_BINDINGS if b.action == "command_palette"]
SCREEN_BINDINGS = [b for b in APP_BINDINGS if b not in PALETTE_BINDINGS]
