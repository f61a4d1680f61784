"""Property tests over the whole analysis: random text never breaks it and every result is well-formed.

A few hundred examples run by default; set PRESSE_FUZZ_EXAMPLES=10000 for the long run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presse import pipeline
from presse.model import Analysis
from presse.sources import article_from_text

EXAMPLES = int(os.environ.get("PRESSE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

QUOTE_MARKS = ["«", "»", "« ", " »", "“", "”", "„", "‘", "’", "‹", "›", '"', "'", "\u00a0", "\u202f"]
WORDS = [
    "Poutine", "Peskov", "a", "déclaré", "dit", "selon", "que", "l’OTAN", "qu’il", "n’a", "Le", "Kremlin",
    "il", "elle", "Paris", "Emmanuel", "Macron", ",", ".", ":", "—", "-t-il", "c’est", "faux", "aujourd’hui",
]
PIECES = st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(WORDS), st.text(max_size=6))
PARAGRAPH = st.lists(PIECES, min_size=0, max_size=40).map(lambda parts: " ".join(parts))
ARTICLE = st.lists(PARAGRAPH, min_size=1, max_size=8).map(
    lambda ps: "\n".join(ps) if len(ps) % 2 else "\n\n".join(ps)
)


def _check(analysis: Analysis) -> None:
    text = analysis.article.text
    n = len(text)
    paragraphs = analysis.article.paragraphs
    for p in paragraphs:
        assert 0 <= p.start <= p.end <= n
    for e in analysis.entities:
        assert 0 <= e.start < e.end <= n
        assert text[e.start : e.end] == e.text
        para = paragraphs[e.paragraph]
        assert para.start <= e.start and e.end <= para.end
    spans = sorted((q.start, q.end) for q in analysis.quotes)
    for (_, end_a), (start_b, _) in zip(spans, spans[1:]):
        assert end_a <= start_b, "quotes overlap"
    for q in analysis.quotes:
        assert 0 <= q.start < q.end <= n
        assert text[q.start : q.end] == q.text
        para = paragraphs[q.paragraph]
        assert para.start <= q.start and q.end <= para.end
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= n
    for sp in analysis.speakers:
        assert all(0 <= i < len(analysis.quotes) for i in sp.quotes)
    for r in analysis.repeats:
        if r.article is None:
            assert 0 <= r.same_as < r.paragraph < len(paragraphs), "repeats point backwards"
        assert 0.0 <= r.similarity <= 1.0
    assert Analysis.from_json(analysis.to_json()) == analysis


def _analyze(nlp, text: str) -> Analysis | None:
    try:
        article = article_from_text(text, "fuzz.txt")
    except Exception as exc:  # an empty article is refused by the source, which is its documented behaviour
        from presse.errors import SourceError

        assert isinstance(exc, SourceError)
        assert not text.strip()
        return None
    return next(pipeline.analyze_many([article], nlp=nlp))


@FUZZ
@given(text=ARTICLE)
def test_random_articles_analyse_to_well_formed_results(nlp, text: str) -> None:
    analysis = _analyze(nlp, text)
    if analysis is not None:
        _check(analysis)


@FUZZ
@given(text=st.text(min_size=1, max_size=300))
def test_random_unicode_analyses_to_well_formed_results(nlp, text: str) -> None:
    analysis = _analyze(nlp, text)
    if analysis is not None:
        _check(analysis)
