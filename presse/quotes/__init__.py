"""Quotations and who said them: quote marks scanned in the text, then attribution in two stages.

Stage 1 (`sieves`): quote -> the mention of its speaker, by small sieves tried in order (`SIEVES`).
Stage 2 (`resolution`, `pronouns`, `people`): mention -> speaker (a pronoun to its antecedent, a
description to the person or body it stands for). `finder.find_quotes` runs both for one article.
"""

from .finder import find_quotes

__all__ = ["find_quotes"]
