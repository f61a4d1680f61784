"""Same-length text transforms: what spaCy sees must keep every offset of what the user sees."""

from __future__ import annotations

import re
import unicodedata

# Typographic apostrophes that fr_core_news_* mis-tokenizes (it tags "n’", "qu’" as people):
# right single quotation mark, modifier letter apostrophe, prime, grave and acute accents used
# as apostrophes on some keyboards, fullwidth apostrophe.
_APOSTROPHES = "’ʼ′`´＇"
# ‘ is an opening quote mark, except between two letters, where it is an apostrophe typed with
# the wrong key (aujourd‘hui, l‘armée, qu‘il). Letters only: digits and "_" do not elide.
_LEFT_QUOTE_AS_APOSTROPHE = re.compile(r"(?<=[^\W\d_])‘(?=[^\W\d_])")
# Lone surrogates (possible in a Python str, never in decoded bytes) make spaCy fail: U+FFFD instead.
_SURROGATE = re.compile("[\ud800-\udfff]")
# spaCy's tokenizer is quadratic in the length of a run without spaces (its prefix/suffix search): 8,000
# asterisks take seconds, 100,000 apostrophes minutes. Such runs are never words, so the copy keeps their
# first and last symbols and blanks the rest (same length; what the user sees is untouched): spaCy sees
# three tokens, not one per symbol (100,000 of them cost the tagger and parser ~30 s).
PUNCTUATION_RUN = 32
_LONG_PUNCTUATION = re.compile(rf"[^\w\s]{{{PUNCTUATION_RUN},}}")


def nlp_copy(text: str) -> str:
    """A copy of `text`, of the same length, with every apostrophe made ASCII for spaCy.

    Each replacement is one character for one character, so an offset in the copy is the
    same offset in `text`.
    """
    # str.replace per present character: far cheaper than str.translate with a dict on long texts.
    out = _LEFT_QUOTE_AS_APOSTROPHE.sub("'", text) if "‘" in text else text
    for apostrophe in _APOSTROPHES:
        if apostrophe in out:
            out = out.replace(apostrophe, "'")
    out = _SURROGATE.sub("\ufffd", out)
    out = _LONG_PUNCTUATION.sub(_break_run, out)
    if len(out) != len(text):  # cannot happen: every substitution is one char for one char
        raise AssertionError("nlp_copy changed the text length")
    return out


def _break_run(m: re.Match[str]) -> str:
    run = m.group()
    return run[0] + " " * (len(run) - 2) + run[-1]


def fold(text: str) -> str:
    """Accent-folded, lowercased, ASCII-apostrophe, single-spaced: a key to compare names."""
    decomposed = unicodedata.normalize("NFKD", nlp_copy(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
