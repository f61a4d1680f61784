"""Article sources: files (.txt .md .html), folders, standard input. (Minimal: .txt only for now.)"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import SourceError
from .model import Article, Paragraph

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Blank-line separated blocks; with no blank line, one paragraph per non-empty line."""
    sep = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    paragraphs: list[Paragraph] = []
    pos = 0
    for m in [*sep.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        stripped = block.strip()
        if stripped:
            s = pos + (len(block) - len(block.lstrip()))
            paragraphs.append(Paragraph(len(paragraphs), s, s + len(block.rstrip()) - (len(block) - len(block.lstrip()))))
        pos = m.end() if m else len(text)
    return paragraphs


def article_from_text(text: str, source: str) -> Article:
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    paragraphs = split_paragraphs(text)
    return Article(source=source, title=Path(source).stem, text=text, paragraphs=paragraphs)


def load_path(path: str) -> list[Article]:
    p = Path(path)
    if not p.exists():
        raise SourceError(f"{path}: no such file or folder")
    return [article_from_text(p.read_text(encoding="utf-8"), str(p))]


def load_paths(paths: list[str]) -> list[Article]:
    return [a for path in paths for a in load_path(path)]
