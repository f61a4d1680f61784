"""The pipeline: long articles go through spaCy in slices and come back as one analysis."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from presse import pipeline
from presse.sources import article_from_text


@given(
    paragraphs=st.lists(st.text(alphabet="ab \n", min_size=0, max_size=60), min_size=1, max_size=30),
    limit=st.integers(min_value=8, max_value=200),
)
def test_chunks_cover_the_text_contiguously_within_the_limit(paragraphs: list[str], limit: int) -> None:
    text = "x" + "\n\n".join(paragraphs) + "y"
    article = article_from_text(text, "t.txt")
    bounds = pipeline.chunk_bounds(article, limit)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_, end), (start, _) in zip(bounds, bounds[1:]):
        assert end == start
    assert all(0 < e - s <= limit for s, e in bounds)


def test_chunks_cut_between_paragraphs_when_they_fit() -> None:
    text = "\n\n".join(["mot " * 10] * 6)
    article = article_from_text(text, "t.txt")
    starts = {p.start for p in article.paragraphs}
    for _, end in pipeline.chunk_bounds(article, 120)[:-1]:
        assert end in starts


def test_a_long_article_is_analysed_in_slices_with_offsets_into_the_whole_text(nlp, monkeypatch) -> None:
    paragraph = "Emmanuel Macron a rencontré Olaf Scholz à Berlin pour parler de l’Europe."
    text = "\n\n".join([paragraph] * 40)
    article = article_from_text(text, "long.txt")
    whole = next(pipeline.analyze_many([article], nlp=nlp))
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 500)
    assert len(pipeline.chunk_bounds(article, 500)) > 5
    sliced = next(pipeline.analyze_many([article, article_from_text("Paris.", "p.txt")], nlp=nlp))
    assert [(e.start, e.end, e.text) for e in sliced.entities] == [(e.start, e.end, e.text) for e in whole.entities]
    assert sum(e.text == "Macron" or e.text == "Emmanuel Macron" for e in sliced.entities) == 40
