"""Same-length text transforms: what spaCy sees must keep every offset of what the user sees."""

from __future__ import annotations

import re

# Typographic apostrophes that fr_core_news_* mis-tokenizes (it tags "n’", "qu’" as people).
_APOSTROPHES = "’ʼ′`´"
# ‘ is a quote mark, except between two letters (aujourd‘hui) or after an elidable word (l‘armée).
_LEFT_QUOTE_AS_APOSTROPHE = re.compile(r"(?<=\w)‘(?=\w)")
_TRANSLATE = str.maketrans({c: "'" for c in _APOSTROPHES})


def nlp_copy(text: str) -> str:
    """A copy of `text`, of the same length, with every apostrophe made ASCII for spaCy."""
    out = text.translate(_TRANSLATE)
    out = _LEFT_QUOTE_AS_APOSTROPHE.sub("'", out)
    assert len(out) == len(text)
    return out
