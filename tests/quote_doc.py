"""Hand-built spaCy Docs for attribution unit tests, without the model (as spaCy's tests/lang/fr do).

A sentence is written as tokens `word/POS/head/dep[/lemma[/morph]]`, one space between tokens; `head` is
the index of the head token in the whole text (a token heading itself is a root). Names are given as
(first token, last token + 1, label): they become the consolidated entities the attribution reads.
A token `¶` (not part of the text) starts a new paragraph.
"""

from __future__ import annotations

from presse.model import Article, Entity, Paragraph

NO_SPACE_BEFORE = {",", ".", ")"}


def build(tokens: str, names: list[tuple[int, int, str]] = ()):
    """(article, doc, entities) for one paragraph, or several separated by `¶`."""
    import spacy
    from spacy.tokens import Doc

    rows, breaks = [], []
    for t in tokens.split():
        if t == "¶":
            breaks.append(len(rows))
            continue
        rows.append(t.split("/"))
    words = [r[0].replace("_", " ") for r in rows]
    spaces = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        spaces.append(nxt is not None and nxt not in NO_SPACE_BEFORE and not nxt.startswith("-") and not w.endswith("'"))
    doc = Doc(
        spacy.blank("fr").vocab,
        words=words,
        spaces=spaces,
        pos=[r[1] for r in rows],
        heads=[int(r[2]) for r in rows],
        deps=[r[3] for r in rows],
        lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in rows],
        morphs=[r[5] if len(r) > 5 else "" for r in rows],
    )
    text = doc.text
    starts = [0, *(doc[i].idx for i in breaks)]
    ends = [*(doc[i - 1].idx + len(doc[i - 1].text) for i in breaks), len(text)]
    paragraphs = [Paragraph(k, a, b) for k, (a, b) in enumerate(zip(starts, ends))]
    article = Article(source="test", title="", text=text, paragraphs=paragraphs)
    entities = []
    for a, b, label in names:
        start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        para = next(p.index for p in paragraphs if p.start <= start < p.end + 1)
        entities.append(Entity(start, end, text[start:end], label, text[start:end], para))  # type: ignore[arg-type]
    return article, doc, entities
