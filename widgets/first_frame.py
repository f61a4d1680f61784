"""The reader's first frame: the article's first screenful, painted before the real layout is mounted.

Mounting the line-API article view, its scrollbars and the side panels costs several times a one-`Static`
app (Textual's own `Log` too). So the app's first frame is this one light widget: it lays out and renders
the article with the article view's own code (an unmounted `ArticleView` at the width the real one will
have), in the exact cells the real view will paint, highlights included when the analysis is known.
The real layout replaces it right after that first paint, without any text moving.

The geometry mirrors styles/presse.tcss (list 30 cells, quotes panel 34% within 26..48, view padding and
scrollbar) and the colours mirror its ArticleView rules; tests compare both with the mounted view.
"""

from __future__ import annotations

import time

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from presse.model import Analysis, Article

from .article_view import ArticleView

LIST_WIDTH = 30  # #article-list { width: 30 }
PANEL_SHARE, PANEL_MIN, PANEL_MAX = 34, 26, 48  # #quotes-panel { width: 34%; min-width: 26; max-width: 48 }
VIEW_PADDING = 1  # ArticleView { padding: 0 1 }
SCROLLBAR = 2  # Textual's default scrollbar-size-vertical
TOP_ROWS, BOTTOM_ROWS = 1, 2  # the legend above; the status line and footer below


def geometry(width: int, height: int, with_list: bool) -> tuple[int, int, int]:
    """(x of the view's text area, its width, its height) once the panels are mounted."""
    left = LIST_WIDTH if with_list else 0
    panel = min(max(width * PANEL_SHARE // 100, PANEL_MIN), PANEL_MAX)
    view = width - left - panel
    return left + VIEW_PADDING, max(view - 2 * VIEW_PADDING - SCROLLBAR, 1), max(height - TOP_ROWS - BOTTOM_ROWS, 0)


def view_styles(variables: dict[str, str]) -> tuple[Style, dict[str, Style]]:
    """The focused article view's base style and component styles, from the theme's CSS variables."""

    def color(name: str) -> Color:
        return Color.parse(variables[name])

    foreground = color("foreground")
    background = color("surface").tint(foreground.with_alpha(0.03))  # ArticleView:focus background-tint

    def over(value: str) -> Color:
        """A theme colour as painted over the view's background (`auto N%`: contrasting text at N%)."""
        if value.startswith("auto"):
            alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
            return background + background.get_contrast_text(alpha)
        return background + Color.parse(value)

    def tinted(name: str, alpha: float) -> Color:
        return background + color(name).with_alpha(alpha)

    base = Style(color=foreground.rich_color, bgcolor=background.rich_color)
    styles = {  # mirrors styles/presse.tcss (a test compares with the mounted view)
        "article--gutter": Style(color=over(variables["text-muted"]).rich_color),
        "article--per": Style(color=color("entity-per").rich_color, bold=True),
        "article--loc": Style(color=color("entity-loc").rich_color),
        "article--org": Style(color=color("entity-org").rich_color),
        "article--misc": Style(color=color("entity-misc").rich_color),
        "article--quote": Style(italic=True, bgcolor=tinted("primary", 0.15).rich_color),
        "article--quote-dim": Style(italic=True),
        "article--repeat": Style(color=over(variables["text-disabled"]).rich_color),
        "article--badge": Style(color=color("text-warning").rich_color, bgcolor=tinted("warning", 0.15).rich_color,
                                bold=True),
        "article--title": Style(bold=True),
    }
    return base, styles


class _Unmounted(ArticleView):
    """The article view's layout and line rendering, never mounted: a fixed width and given styles."""

    def __init__(self, width: int, base: Style, styles: dict[str, Style]) -> None:
        super().__init__()
        self._fixed_width = width
        self._base = base
        self._styles.update(styles)
        self._paragraph_count = 0

    @property
    def gutter_width(self) -> int:
        return len(str(max(self._paragraph_count - 1, 0))) + 2  # as the view's, for the whole article

    @property
    def scrollable_content_region(self) -> Region:
        return Region(0, 0, self._fixed_width, 1)

    @property
    def rich_style(self) -> Style:
        return self._base

    def refresh(self, *args: object, **kwargs: object) -> Widget:
        return self

    def lay_out(self, article: Article, analysis: Analysis | None, rows: int | None = None) -> None:
        """Lay out the article, or (`rows`) only enough paragraphs to fill that many lines."""
        from dataclasses import replace

        from presse.safe import printable

        from .article_view import not_single_cell

        self._paragraph_count = len(article.paragraphs)
        if rows is not None:
            # A line holds at most `width` characters: paragraphs holding rows × width characters (or
            # `rows` paragraphs: each takes a blank line too) fill the screen. A 5,000-paragraph article
            # costs what its first screen does.
            needed, chars, count = rows * self._fixed_width, 0, 0
            for p in article.paragraphs:
                if chars >= needed or count >= rows:
                    break
                chars += p.end - p.start
                count += 1
            article = replace(article, paragraphs=article.paragraphs[:count])
        self.article = article
        self.display_text = printable(article.text).replace("\t", " ")
        self._odd_chars = not_single_cell(self.display_text)
        self._set_analysis(analysis)
        self._relayout(force=True)


class FirstFrame(Widget):
    """Full screen; paints only the article's text area (the rest is the screen until the panels come)."""

    DEFAULT_CSS = "FirstFrame { width: 1fr; height: 1fr; }"

    def __init__(self, article: Article, analysis: Analysis | None, with_list: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.analysis = analysis
        self.with_list = with_list
        self._view: _Unmounted | None = None
        self._laid_for: tuple[int, int] | None = None
        # When text was first painted, and text with its analysis (perf_counter), as ArticleView.paint_times.
        self.paint_times: dict[str, float] = {}

    def show(self, article: Article, analysis: Analysis | None) -> None:
        self.article, self.analysis = article, analysis
        self._laid_for = None
        self.refresh()

    def _prepare(self) -> tuple[int, int, int]:
        width, height = self.size
        x, text_width, rows = geometry(width, height, self.with_list)
        if self._laid_for != (width, height):
            base, styles = view_styles(self.app.get_css_variables())
            self._view = _Unmounted(text_width, base, styles)
            self._view.lay_out(self.article, self.analysis, rows)
            self._laid_for = (width, height)
        return x, text_width, rows

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        x, text_width, rows = self._prepare()
        view = self._view
        if view is None or not TOP_ROWS <= y < TOP_ROWS + rows:
            return Strip.blank(width)
        if view._lines:
            now = time.perf_counter()
            self.paint_times.setdefault("text", now)
            if view.analysis is not None:
                self.paint_times.setdefault("analysis", now)
        base = view.rich_style
        line = view.render_layout_line(y - TOP_ROWS).crop_extend(0, text_width, base)
        pad = Segment(" " * VIEW_PADDING, base)
        right = Segment(" " * (VIEW_PADDING + SCROLLBAR), base)
        strip = Strip.join([Strip([Segment(" " * (x - VIEW_PADDING)), pad]), line, Strip([right])])
        return strip.crop_extend(0, width, None)
