"""Articles from text: .txt, .md, .html files, folders of them, standard input, bytes of any of these.

`presse.loading` decides what a path or URL is (and loads URLs and feeds); this module builds the
articles. Bytes become text through `presse.decoding`, the same way for files and web pages.

Every loader returns `Article`s whose paragraph offsets index `Article.text`, the text as displayed.

- .txt: the text is the file, minus a leading BOM, with CRLF/CR made LF. Paragraphs are blank-line
  separated blocks; a file with no blank line inside its content has one paragraph per non-empty line.
- .md/.markdown: parsed with markdown-it; each heading, paragraph, list item, quote paragraph, code block
  and table row becomes one plain-text paragraph (markup dropped), joined by a blank line.
- .html/.htm: main text extracted by trafilatura (navigation, footers... dropped), one paragraph per block.
- Titles: see `title_from_first_block` and `title_from_name`. The headline is paragraph 0 of every
  article, as in a .txt file: an HTML page's title, a Markdown front-matter title (`with_headline`).
"""

from __future__ import annotations

import logging
import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .decoding import decode, decode_with_repairs
from .errors import SourceError
from .model import Article, Paragraph

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
# What a folder contributes (feeds are read only when named explicitly).
FOLDER_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

STDIN = "-"
STDIN_TITLE = "stdin"

# A first block is a title when it is one line of at most this many words...
TITLE_MAX_WORDS = 15
TITLE_MAX_CHARS = 200
# ...that does not end like a sentence or a clause (closing quotes and brackets are looked through).
_FINAL_PUNCTUATION = frozenset(".!?…:;,")
_CLOSERS = re.compile(r"[\s\"'»”’)\]}]+$")  # closing quotes, brackets and French spacing

# A blank line: a line holding nothing but whitespace (newline excluded). Runs of them are one separator.
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_LINE_BREAK = re.compile(r"\n")
_BLANK_LINES_INSIDE = re.compile(r"\n[^\S\n]*\n[\s]*")
_SPACES = re.compile(r"\s+")
_LOOKS_LIKE_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------
# Paragraphs and titles


def split_paragraphs(text: str) -> list[Paragraph]:
    """Blank-line separated blocks; with no blank line inside the content, one paragraph per non-empty line.

    Offsets exclude the whitespace around each block, so text[start:end] is the stripped block.
    """
    first, last = _content_span(text)
    if first >= last:
        return []
    separator = _BLANK_LINES if _BLANK_LINES.search(text, first, last) else _LINE_BREAK
    paragraphs: list[Paragraph] = []
    pos = first
    for match in [*separator.finditer(text, first, last), None]:
        end = match.start() if match else last
        start, stop = _stripped_span(text, pos, end)
        if start < stop:
            paragraphs.append(Paragraph(len(paragraphs), start, stop))
        pos = match.end() if match else last
    return paragraphs


def _content_span(text: str) -> tuple[int, int]:
    """[first, last) of the text without leading and trailing whitespace."""
    stripped_left = len(text) - len(text.lstrip())
    return stripped_left, len(text.rstrip())


def _stripped_span(text: str, start: int, end: int) -> tuple[int, int]:
    block = text[start:end]
    left = len(block) - len(block.lstrip())
    return start + left, start + len(block.rstrip())


def title_from_first_block(block: str) -> str | None:
    """The first block as a title: one line, at most TITLE_MAX_WORDS words, no final punctuation."""
    block = block.strip()
    if not block or "\n" in block or len(block) > TITLE_MAX_CHARS:
        return None
    if len(block.split()) > TITLE_MAX_WORDS or not any(ch.isalnum() for ch in block):
        return None
    if _CLOSERS.sub("", block)[-1:] in _FINAL_PUNCTUATION:
        return None
    return _SPACES.sub(" ", block)


def title_from_name(source: str) -> str:
    """A readable title from a file name: the stem, underscores and dashes made spaces."""
    if source == STDIN:
        return STDIN_TITLE
    stem = Path(source.rstrip("/\\")).stem or source
    readable = _SPACES.sub(" ", stem.replace("_", " ").replace("-", " ")).strip()
    return readable or stem


def _choose_title(first_block: str | None, source: str) -> str:
    return (first_block and title_from_first_block(first_block)) or title_from_name(source)


def _from_blocks(blocks: Iterable[str]) -> tuple[str, list[Paragraph]]:
    """Join plain-text blocks with a blank line; one paragraph per non-empty block."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for raw in blocks:
        # A blank line inside a block would split it on a later .txt round trip: keep one line break.
        block = _BLANK_LINES_INSIDE.sub("\n", raw.strip())
        if not block:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(block)
        paragraphs.append(Paragraph(len(paragraphs), pos, pos + len(block)))
        pos += len(block)
    return "".join(parts), paragraphs


def article_from_blocks(blocks: Iterable[str], source: str, title: str | None = None) -> Article:
    """An article whose paragraphs are these plain-text blocks, joined by a blank line."""
    text, paragraphs = _from_blocks(blocks)
    return Article(source=source, title=title or title_from_name(source), text=text, paragraphs=paragraphs)


# A headline already among the first blocks (after a kicker or a date line, say) is left where it is.
HEADLINE_SEARCH_BLOCKS = 3


def with_headline(blocks: list[str], headline: str | None) -> list[str]:
    """The blocks with `headline` first, as a .txt article has it, unless one of the first blocks is it.

    Extractors (trafilatura) and feeds keep the headline apart from the body; a speaker named only
    there would be lost to the analysis.
    """
    if not headline or not headline.strip():
        return blocks
    key = _comparable(headline)
    if any(_comparable(block) == key for block in blocks[:HEADLINE_SEARCH_BLOCKS]):
        return blocks
    return [_SPACES.sub(" ", headline).strip(), *blocks]


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def _label(source: str) -> str:
    return "standard input" if source == STDIN else source


# ---------------------------------------------------------------------------------------------------
# Plain text


def normalize_text(text: str) -> str:
    """The displayed text of a .txt source: leading BOM dropped, CRLF and CR made LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def article_from_text(text: str, source: str) -> Article:
    """A .txt article from its decoded text (empty text gives an article with no paragraph)."""
    text = normalize_text(text)
    paragraphs = split_paragraphs(text)
    first = text[paragraphs[0].start : paragraphs[0].end] if paragraphs else None
    return Article(source=source, title=_choose_title(first, source), text=text, paragraphs=paragraphs)


# ---------------------------------------------------------------------------------------------------
# Markdown


def article_from_markdown(markdown: str, source: str) -> Article:
    """A Markdown article: `# heading` is the title; blocks become plain-text paragraphs."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark", {"maxNesting": MARKDOWN_MAX_NESTING})
    parser.enable(["table", "strikethrough"]).use(front_matter_plugin)
    markdown = normalize_text(markdown)
    try:
        tokens = parser.parse(markdown)
    except RecursionError:
        tokens = None
    if tokens is None or max((t.level for t in tokens), default=0) >= MARKDOWN_MAX_NESTING - 2:
        # Nested past markdown-it's limit, where it stops reading without a word: plain text loses nothing.
        return article_from_text(markdown, source)
    blocks, h1, meta = _markdown_blocks(tokens)
    declared = meta.pop("title", None)
    if h1 is None and any(b.strip() for b in blocks):
        blocks = with_headline(blocks, declared)  # a `# heading` is already a block
    text, paragraphs = _from_blocks(blocks)
    first = text[paragraphs[0].start : paragraphs[0].end] if paragraphs else None
    title = declared or h1 or _choose_title(first, source)
    return Article(source=source, title=title, text=text, paragraphs=paragraphs, meta=meta)


# markdown-it stops reading (silently) at its nesting limit: 20 levels by default, a list nested 10 deep.
# Deeper than this, a Markdown file is read as plain text.
MARKDOWN_MAX_NESTING = 100


def _markdown_blocks(tokens: list[Any]) -> tuple[list[str], str | None, dict[str, str]]:
    """(plain-text blocks, first level-1 heading, front-matter title/date/author)."""
    blocks: list[str] = []
    h1: str | None = None
    meta: dict[str, str] = {}
    row: list[str] | None = None  # cells of the table row being read
    heading_tag: str | None = None
    for token in tokens:
        kind = token.type
        if kind == "front_matter":
            meta = _front_matter(token.content)
        elif kind == "heading_open":
            heading_tag = token.tag
        elif kind == "heading_close":
            heading_tag = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append(" | ".join(cell for cell in row or [] if cell))
            row = None
        elif kind == "inline":
            content = _markdown_inline(token.children or [])
            if row is not None:
                row.append(content.strip())
                continue
            if heading_tag == "h1" and h1 is None and content.strip():
                h1 = _SPACES.sub(" ", content).strip()
            blocks.append(content)
        elif kind in ("fence", "code_block"):
            blocks.append(token.content)
        elif kind == "html_block":
            blocks.append(_html_fragment_text(token.content))
    return blocks, h1, meta


def _markdown_inline(children: list[Any]) -> str:
    """Inline markup made plain: text and code kept, markers, images and raw HTML tags dropped."""
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")  # a wrapped line: the paragraph reads as one line, as rendered
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)


def _front_matter(content: str) -> dict[str, str]:
    """title/date/author from YAML front matter written as simple `key: value` lines."""
    found: dict[str, str] = {}
    for line in content.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        value = value.strip().strip("\"'").strip()
        if sep and value and key in ("title", "date", "author"):
            found.setdefault(key, value)
    return found


def _html_fragment_text(fragment: str) -> str:
    """The text of a raw HTML block inside Markdown (scripts and styles dropped)."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    return root.text_content()


# ---------------------------------------------------------------------------------------------------
# HTML

_TRAFILATURA_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "row", "list", "table", "div", "graphic"})


def article_from_html(html: str | bytes, source: str, url: str | None = None) -> Article:
    """The main text of a web page as an article (trafilatura): one paragraph per text block.

    Title from the page's metadata (else its <title>, else the first-block and file-name rules);
    date, author, site name and URL go into `meta` when known.
    """
    if isinstance(html, bytes):
        html = text_of(html, source)
    html = normalize_text(html)
    document = _extract_html(html, source, url)
    blocks = _trafilatura_blocks(document.body) if document is not None and document.body is not None else []
    if not any(block.strip() for block in blocks):
        # lxml's parser stops at 255 nested elements and trafilatura then sees no text: parse again
        # without that limit, and past lxml's hard limit too, read the blocks with the standard library.
        document = _extract_html(html, source, url, deep=True) or document
        blocks = _trafilatura_blocks(document.body) if document is not None and document.body is not None else []
        if not any(block.strip() for block in blocks):
            blocks = _plain_html_blocks(html)
    blocks = _restore_adjacent_repeats(blocks, html)
    if not any(block.strip() for block in blocks):
        raise SourceError(f"no article text found in {_label(source)}")
    page_title = _SPACES.sub(" ", (document.title or "") if document is not None else "").strip()
    headline = page_title or _html_title_element(html)
    text, paragraphs = _from_blocks(with_headline(blocks, headline))
    first = text[paragraphs[0].start : paragraphs[0].end]
    title = headline or _choose_title(first, source)
    meta: dict[str, Any] = {}
    for key, attr in (("date", "date"), ("author", "author"), ("site", "sitename")):
        value = getattr(document, attr, None)
        if value:
            meta[key] = str(value)
    page_url = url or getattr(document, "url", None)
    if page_url:
        meta["url"] = page_url
    return Article(source=source, title=title, text=text, paragraphs=paragraphs, meta=meta)


def _extract_html(html: str, source: str, url: str | None, deep: bool = False) -> Any:
    import trafilatura

    # lxml refuses str input that declares its own encoding (XHTML): the text is already decoded.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html, count=1)
    try:
        page: Any = html
        if deep:
            from lxml.html import HTMLParser, fromstring

            parser = HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
                                huge_tree=True)
            page = fromstring(html, parser=parser)
        return trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as error:  # noqa: BLE001 - hostile markup must become one line, not a traceback
        raise SourceError(f"{_label(source)}: cannot read this HTML ({type(error).__name__})") from error


_PLAIN_BLOCK_TAGS = frozenset({"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr",
                               "article", "section", "td", "th", "pre"})


def _plain_html_blocks(html: str) -> list[str]:
    """The text of a page, block by block, by the standard library's event parser (no nesting limit):
    the last resort when the page is nested too deep for lxml. Scripts and styles are dropped."""
    from html.parser import HTMLParser

    blocks: list[str] = []
    current: list[str] = []
    skipping = 0

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        if text:
            blocks.append(text)
        current.clear()

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            nonlocal skipping
            if tag in ("script", "style", "head", "title"):
                skipping += 1
            elif tag in _PLAIN_BLOCK_TAGS:
                flush()

        def handle_endtag(self, tag: str) -> None:
            nonlocal skipping
            if tag in ("script", "style", "head", "title"):
                skipping = max(0, skipping - 1)
            elif tag in _PLAIN_BLOCK_TAGS:
                flush()

        def handle_data(self, data: str) -> None:
            if not skipping:
                current.append(data)

    reader = Reader(convert_charrefs=True)
    reader.feed(html)
    reader.close()
    flush()
    return blocks


def _trafilatura_blocks(body: Any) -> list[str]:
    """Text blocks of trafilatura's cleaned tree: paragraphs, headings, list items, quotes, table rows."""
    from lxml import etree

    blocks: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            blocks.append("".join(buffer))
            buffer.clear()

    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _TRAFILATURA_BLOCKS:
                flush()
            elif tag == "lb":
                buffer.append("\n")
            elif tag == "cell" and "".join(buffer).strip():
                buffer.append(" | ")
            if element.text and tag != "body":
                buffer.append(element.text)
        else:
            if tag in _TRAFILATURA_BLOCKS:
                flush()
            if element.tail and element is not body:
                buffer.append(element.tail)
    flush()
    return blocks


_LEAF_BLOCKS = ("p", "li", "blockquote", "pre", "dd", "td", "h1", "h2", "h3", "h4", "h5", "h6")


def _restore_adjacent_repeats(blocks: list[str], html: str) -> list[str]:
    """Put back the copies of a paragraph that the page repeats back to back.

    trafilatura drops a block equal to the one before it (it takes it for an extraction artefact),
    but a paragraph the page itself repeats is content: presse reports repeated paragraphs.
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return blocks
    page_runs: dict[str, int] = {}
    previous, run = None, 0
    for element in root.iter(*_LEAF_BLOCKS):
        if any(isinstance(d.tag, str) and d.tag in _LEAF_BLOCKS for d in element.iterdescendants()):
            continue  # a container: its leaf blocks are counted instead
        text = " ".join(element.text_content().split())
        run = run + 1 if text and text == previous else 1
        previous = text
        if run > 1:
            page_runs[text] = max(page_runs.get(text, 1), run)
    if not page_runs:
        return blocks
    restored: list[str] = []
    i = 0
    while i < len(blocks):
        key, j = " ".join(blocks[i].split()), i
        while j < len(blocks) and " ".join(blocks[j].split()) == key:
            j += 1
        restored.extend([blocks[i]] * max(j - i, page_runs.get(key, 0)))
        i = j
    return restored


def _html_title_element(html: str) -> str | None:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    title = root.findtext(".//title")
    if not title:
        return None
    return _SPACES.sub(" ", title).strip() or None


def looks_like_html(text: str) -> bool:
    """Markup from its first character, with an html, head, body or doctype tag near the start."""
    return text.lstrip()[:1] == "<" and bool(_LOOKS_LIKE_HTML.search(text[:4096]))


# ---------------------------------------------------------------------------------------------------
# Bytes to text


def text_of(data: bytes, source: str, charset: str | None = None) -> str:
    """The text of a source's bytes (`presse.decoding.decode`); binary data is a SourceError."""
    decoded = decode(data, charset)
    if decoded.binary:
        raise SourceError(f"{_label(source)}: binary file, not an article")
    return decoded.text


# ---------------------------------------------------------------------------------------------------
# Files, folders, standard input


# An article is a few kilobytes; a 5,000-paragraph one about 1 MB. Past this, a file is not an article
# (and spaCy would take many minutes on it): refuse it at once rather than hang.
MAX_SOURCE_BYTES = 20 * 1024 * 1024


def _too_large(label: str, size: int) -> SourceError:
    return SourceError(
        f"{label}: too large for an article ({size / 1024 / 1024:.0f} MB; the limit is "
        f"{MAX_SOURCE_BYTES // 1024 // 1024} MB)"
    )


def read_source_bytes(path: str) -> bytes:
    """The bytes of a file, opened read-only; OS errors become SourceError naming the path.

    Opened without blocking, then checked: a FIFO nobody writes to would block `open` for ever and
    /dev/zero never ends. Only regular files are read, and a pipe that already has a writer (a
    shell's process substitution, `<(cmd)`).
    """
    try:
        handle = open(path, "rb", buffering=0, opener=_open_without_blocking)  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file or folder") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror or error})") from None
    with handle:
        fd = handle.fileno()
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise SourceError(f"{path}: is a folder")
            if stat.S_ISFIFO(mode):
                # Opened, so no longer blocking: a pipe with no writer now reads end-of-file at once.
                os.set_blocking(fd, True)
                data = _read_at_most(handle, MAX_SOURCE_BYTES + 1)
                if not data:
                    raise SourceError(f"{path}: a pipe with nothing written to it, not a regular file")
            elif stat.S_ISREG(mode):
                data = _read_at_most(handle, MAX_SOURCE_BYTES + 1)
            else:
                raise SourceError(f"{path}: not a regular file")
        except PermissionError:
            raise SourceError(f"{path}: permission denied") from None
        except OSError as error:
            raise SourceError(f"{path}: cannot read ({error.strerror or error})") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large(path, len(data))
    return data


def _open_without_blocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))


def _read_at_most(handle: Any, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = handle.read(min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def article_from_bytes(
    data: bytes, source: str, kind: str | None = None, charset: str | None = None, url: str | None = None
) -> Article:
    """An article from raw bytes (a file, standard input, a web page's body).

    kind is "txt", "md" or "html" (None: HTML if it looks so, else text); `charset` is one declared
    outside the bytes (an HTTP header); `url` is the page's address, for HTML.
    """
    decoded, repaired = decode_with_repairs(data, charset)
    if decoded.binary:
        raise SourceError(f"{_label(source)}: binary file, not an article")
    text = decoded.text
    if not text.strip():
        raise SourceError(f"{_label(source)}: empty article")
    if kind == "html" or (kind is None and looks_like_html(text)):
        article = article_from_html(text, source, url=url)
    elif kind == "md":
        article = article_from_markdown(text, source)
    else:
        article = article_from_text(text, source)
    if not article.paragraphs:
        raise SourceError(f"{_label(source)}: empty article")
    if repaired:
        article.meta[REPAIRED_LINES] = list(repaired)
    return article


# Article.meta key: the source's lines that were not UTF-8 in a UTF-8 file (read as cp1252), to be said.
REPAIRED_LINES = "repaired_lines"


def repaired_notice(article: Article) -> str | None:
    """`FILE: lines 3, 7 were not UTF-8 (read as cp1252)`, or None when every line was."""
    lines = article.meta.get(REPAIRED_LINES)
    if not lines:
        return None
    shown = ", ".join(str(n) for n in lines[:10]) + (", …" if len(lines) > 10 else "")
    return f"{_label(article.source)}: line{'s' if len(lines) > 1 else ''} {shown} {'were' if len(lines) > 1 else 'was'} not UTF-8 (read as cp1252)"


def load_file(path: str) -> Article:
    """One .txt/.md/.html file (another suffix: read as text, or as HTML if it looks like HTML)."""
    suffix = Path(path).suffix.lower()
    kind = (
        "txt" if suffix in TEXT_SUFFIXES
        else "md" if suffix in MARKDOWN_SUFFIXES
        else "html" if suffix in HTML_SUFFIXES
        else None
    )
    return article_from_bytes(read_source_bytes(path), path, kind)


def load_stdin() -> Article:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise SourceError("standard input is not available")
    try:
        data = stream.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        raise SourceError(f"standard input: cannot read ({error.strerror or error})") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large("standard input", len(data))
    return article_from_bytes(data, STDIN, None)


def load_folder(path: str) -> list[Article]:
    """Every supported file under a folder, natural order; unreadable files are skipped (logged)."""
    articles: list[Article] = []
    skipped: list[str] = []
    for file in folder_files(path):
        try:
            articles.append(load_file(file))
        except SourceError as error:
            log.warning("skipped %s", error)
            skipped.append(str(error))
    if not articles:
        detail = f" (skipped {len(skipped)}: {skipped[0]}{'; …' if len(skipped) > 1 else ''})" if skipped else ""
        raise SourceError(f"{path}: no articles found (.txt, .md, .html){detail}")
    return articles


def folder_files(path: str) -> list[str]:
    """Supported files under `path`, recursively, hidden files and folders skipped, natural order.

    Iterative (a folder 1,000 levels deep is no RecursionError); folder links are not followed, and
    a file link only when it stays inside the folder opened (`passwd.txt -> /etc/passwd` is not read);
    only regular files are listed (a FIFO would block, a device never end).
    """
    found: list[tuple[list[tuple[Any, ...]], str]] = []
    root = os.path.realpath(path)
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            # The folder itself unreadable is an error; an unreadable subfolder is skipped.
            if folder == path:
                raise SourceError(f"{path}: cannot list folder ({error.strerror or error})") from None
            log.warning("skipped %s: %s", folder, error.strerror)
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                if Path(entry.name).suffix.lower() not in FOLDER_SUFFIXES or not _regular_inside(entry, root):
                    continue
            except OSError as error:
                log.warning("skipped %s: %s", entry.path, error.strerror)
                continue
            relative = os.path.relpath(entry.path, path)
            found.append(([natural_key(part) for part in Path(relative).parts], entry.path))
    found.sort()
    return [full for _, full in found]


def _regular_inside(entry: os.DirEntry[str], root: str) -> bool:
    """A regular file, reached by a link only when the link stays inside `root`."""
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        if os.path.commonpath([root, target]) != root:
            log.warning("skipped %s: a link to outside the folder", entry.path)
            return False
    if not entry.is_file():  # follows the link: a link to a folder is not a file
        return False
    if not stat.S_ISREG(entry.stat().st_mode):
        log.warning("skipped %s: not a regular file", entry.path)
        return False
    return True


def is_url(path: str) -> bool:
    """An http(s) URL rather than a path: the one test every loader uses (cheap: no web import)."""
    return path.lower().startswith(("http://", "https://"))


def natural_key(name: str) -> tuple[Any, ...]:
    """Sort key: case-insensitive, digit runs compared as numbers (file2 before file10)."""
    parts = re.split(r"(\d+)", name.casefold())
    return (*(int(part) if index % 2 else part for index, part in enumerate(parts)), name)
