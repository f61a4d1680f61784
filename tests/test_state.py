"""The reader's state on its own (tui/state.py): no app, no Textual, no threads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from presse.model import Analysis, Article, Quote, Repeat, Speaker
from presse.sources import article_from_text
from presse.tui.sourcing import Pending, is_placeholder
from presse.tui.state import AnalysisJob, ReaderState
from presse.widgets.items import NO_SPEAKER

ROOT = Path(__file__).resolve().parent.parent


def article(n: int) -> Article:
    return article_from_text(f"Titre {n}\n\nPremier paragraphe de l'article {n}.", f"a{n}.txt")


def pending(n: int) -> Pending:
    return Pending(f"a{n}.txt", f"a{n}.txt", lambda: article(n))


def analysis(a: Article, quotes: list[tuple[str, str | None]] = (), kind: str = "direct") -> Analysis:
    qs = [Quote(0, 1, text, 1, kind, speaker=who) for text, who in quotes]  # type: ignore[arg-type]
    speakers: dict[str, Speaker] = {}
    for i, q in enumerate(qs):
        if q.speaker:
            speakers.setdefault(q.speaker, Speaker(q.speaker, "PER", [], [])).quotes.append(i)
    return Analysis(a, "hand", [], qs, list(speakers.values()), [])


def test_the_state_imports_no_textual() -> None:
    code = ("import sys, presse.tui.state\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def indices(batch: list[tuple[int, Pending]]) -> list[int]:
    return [index for index, _ in batch]


def test_sources_not_loaded_are_placeholders_loaded_a_batch_at_a_time_the_visible_first() -> None:
    state = ReaderState([pending(n) for n in range(6)])
    assert all(is_placeholder(a) for a in state.articles) and state.row(2).note == "loading…"
    assert indices(state.next_loads(most=2)) == [0, 1]
    assert state.next_loads() == []  # one batch at a time
    state.current = 4
    state.loaded(0, article(0), None)
    assert state.articles[0].title == "Titre 0" and state.next_loads() == []
    state.load_failed(1, "a1.txt: empty")
    assert state.load_errors == {1: "a1.txt: empty"} and state.row(1).note == "✗ could not load"
    assert "Could not load this article: a1.txt: empty" in state.articles[1].text
    state.current = 1
    assert state.status()["counts"] == "could not load" and state.status()["model_state"] == ""
    state.current = 4
    assert indices(state.next_loads(most=2)) == [4, 5]  # the visible one first, then the files after it
    state.loaded(4, article(4), None)
    state.loaded(5, article(5), None)
    assert indices(state.next_loads()) == [2, 3] and not state.all_loaded
    state.loaded(2, article(2), None)
    state.loaded(3, article(3), None)
    assert state.next_loads() == [] and state.all_loaded


def test_sources_a_job_had_no_time_for_go_back_and_the_visible_one_comes_first() -> None:
    state = ReaderState([pending(n) for n in range(4)])
    batch = state.next_loads()
    assert indices(batch) == [0, 1, 2, 3]
    state.loaded(0, article(0), None)
    state.current = 3
    state.returned(batch[1:])
    assert indices(state.next_loads()) == [3] and state.loading == {3}


def test_a_page_to_fetch_is_loaded_alone() -> None:
    web = Pending("page", "https://example.org/a", lambda: article(7), fetching=True)
    state = ReaderState([pending(0), web, pending(2)])
    assert indices(state.next_loads()) == [0, 2]  # the files; the page is not in their batch
    state.loaded(0, article(0), None)
    state.loaded(2, article(2), None)
    assert indices(state.next_loads()) == [1]


def test_a_feed_takes_its_row_and_its_other_entries_follow() -> None:
    state = ReaderState([pending(0), article(9)])
    (index, _), = state.next_loads()
    state.feed_listed(index, [pending(10), pending(11), pending(12)])
    assert len(state.articles) == 4 and [a.title for a in state.articles[2:]] == ["a11.txt", "a12.txt"]
    assert indices(state.next_loads()) == [0, 2, 3]  # the feed's first entry in the feed's row, then the others
    state.loaded(0, article(10), None)
    assert state.articles[0].title == "Titre 10"


def test_the_analysis_lane_looks_up_then_loads_the_model_then_analyses_the_visible_article_first() -> None:
    arts = [article(n) for n in range(4)]
    state = ReaderState(arts)
    state.current = 2
    job = state.next_analysis_job()
    assert job == AnalysisJob("look up", (2, 0, 1, 3)) and state.next_analysis_job() is None  # busy
    state.analysed(1, analysis(arts[1]))  # a cache hit
    state.looked_up([2, 0, 3])
    assert state.next_analysis_job() == AnalysisJob("load model") and state.model_state == "loading model…"
    state.model_loaded()
    assert state.next_analysis_job() == AnalysisJob("analyse", (2,)) and state.model_state == "analysing 1/3"
    assert state.status()["model_state"] == "analysing 1/3"
    state.analysed(2, analysis(arts[2]))
    assert state.status()["model_state"] == "analysing 1/3"  # the article reads "ready" once all are
    assert state.next_analysis_job() == AnalysisJob("analyse", (0,)) and state.model_state == "analysing 2/3"
    state.analysis_failed(0, "boom")
    state.current = 0
    assert state.status()["counts"].endswith("analysis failed")
    assert state.next_analysis_job() == AnalysisJob("analyse", (3,)) and state.model_state == "analysing 3/3"
    state.analysed(3, analysis(arts[3]))
    assert state.next_analysis_job() is None and state.model_state == "ready"
    # An article loaded later needs the model again (already loaded): "analysing 1/1".
    state.add([pending(4)])
    (index, _), = state.next_loads()
    state.loaded(index, article(4), None)
    assert state.next_analysis_job() == AnalysisJob("analyse", (4,)) and state.model_state == "analysing 1/1"


def test_a_missing_model_stops_the_lane_and_no_analyzer_says_so() -> None:
    state = ReaderState([article(0)])
    state.looked_up(list(state.next_analysis_job().indices))
    assert state.next_analysis_job().kind == "load model"
    state.model_unavailable()
    assert state.next_analysis_job() is None and state.model_state == "model unavailable"
    none = ReaderState([article(0)], can_analyse=False)
    assert none.model_state == "no analyzer"
    assert none.next_analysis_job() is None and none.model_state == "no analysis"


def test_a_refresh_replaces_the_article_unless_it_changed_meanwhile() -> None:
    old = article(0)
    state = ReaderState([old])
    state.analysed(0, analysis(old))
    new = article_from_text("Titre neuf\n\nTexte neuf.", "a0.txt")
    assert not state.refreshed(0, "another-id", new, None)
    assert state.refreshed(0, old.id, new, None) and state.articles[0] is new and state.analyses[0] is None
    state.next_analysis_job()  # nothing to look up: the refreshed article waits for the model
    assert state.analysis_job == AnalysisJob("load model")


def test_repeats_across_articles_are_added_once() -> None:
    a, b = article(0), article(1)
    state = ReaderState([a, b])
    state.analysed(0, analysis(a))
    state.analysed(1, analysis(b))
    cross = Repeat(1, 1, "exact", 1.0, article=a.id, source=a.source)
    assert state.set_cross_repeats({b.id: [cross]}) == [1]
    assert state.set_cross_repeats({b.id: [cross]}) == []  # merged already
    assert state.analyses[1].repeats == [cross] and state.row(1).repeats == 1


def test_speakers_most_quoted_first_unattributed_last_and_the_collection_scope() -> None:
    a, b = article(0), article(1)
    state = ReaderState([a, b])
    state.analysed(0, analysis(a, [("un", "Alice"), ("deux", None), ("trois", "Bob"), ("quatre", "Bob")]))
    state.analysed(1, analysis(b, [("cinq", "Alice")]))
    entries = state.speaker_entries("article")
    assert [(e.name, len(e.refs)) for e in entries] == [("Bob", 2), ("Alice", 1), (NO_SPEAKER, 1)]
    everywhere = state.speaker_entries("collection")
    assert [(e.name, [(r.article, r.index) for r in e.refs]) for e in everywhere][0] == ("Alice", [(0, 0), (1, 0)])
    assert state.analyses_in("collection") == state.analyses and state.analyses_in("article") == [state.analyses[0]]
    row = state.row(0)
    assert (row.quotes, row.speakers, row.repeats) == (4, 2, 0)
    status = state.status()
    assert status["position"] == "1/2" and status["counts"] == "2 ¶ · 4 quotes · 2 speakers · 0 repeats"
    assert state.quote_ref(2).quote.text == "trois" and state.quote_ref(9) is None


def test_the_panel_key_changes_with_what_the_panel_shows() -> None:
    a = article(0)
    state = ReaderState([a])
    before = state.panel_key("article")
    assert state.panel_state() == "waiting"
    state.analysed(0, analysis(a, [("un", "Alice")]))
    after = state.panel_key("article")
    assert after != before and state.panel_state() == "" and state.panel_key("collection") != after


# --- quote trails -------------------------------------------------------------------------------------------

STATEMENT = "Nous ne céderons rien sur le fond de cette réforme des retraites"


def run_trail_job(state: ReaderState):
    """What the app's job does with a TrailJob (in a worker there), handed back to the state."""
    from presse.trail import QuoteIndex

    job = state.next_trail_job()
    if job is None:
        return None
    index = job.index if job.index is not None else QuoteIndex()
    index.add_many(job.analyses)
    state.trails_found(index.trails(), job, index)
    return job


def test_trails_wait_for_two_articles_then_add_new_ones_to_the_index() -> None:
    articles = [article(n) for n in range(4)]
    state = ReaderState(articles)
    state.analysed(0, analysis(articles[0], [(STATEMENT, "Élisabeth Borne")]))
    assert state.next_trail_job() is None and state.trails is None  # one article: no trail to find
    state.analysed(1, analysis(articles[1], [(STATEMENT, "Élisabeth Borne")]))
    first = run_trail_job(state)
    assert first is not None and first.index is None and len(first.analyses) == 2
    assert run_trail_job(state) is None  # up to date
    state.analysed(2, analysis(articles[2], [(STATEMENT, "Gabriel Attal")]))
    second = run_trail_job(state)
    assert second is not None and second.index is not None and len(second.analyses) == 1  # only the new one
    cluster, appearance = state.trail_of(state.quote_ref(0))
    assert cluster.articles == 3 and cluster.disputed and appearance.relation == "first"


def test_an_article_before_the_indexed_ones_or_a_replaced_one_rebuilds_the_trails() -> None:
    articles = [article(n) for n in range(4)]
    state = ReaderState(articles)
    for i in (1, 3):
        state.analysed(i, analysis(articles[i], [(STATEMENT, "Élisabeth Borne")]))
    run_trail_job(state)
    state.analysed(0, analysis(articles[0], [(STATEMENT, "Élisabeth Borne")]))
    job = run_trail_job(state)
    assert job.index is None and len(job.analyses) == 3  # the earliest printing is decided in list order
    cluster, _ = state.trail_of(state.quote_ref(0))
    assert cluster.first.order == 0 and cluster.first.article == articles[0].id
    state.refreshed(3, articles[3].id, article(9), analysis(article(9), [(STATEMENT, "Élisabeth Borne")]))
    job = run_trail_job(state)
    assert job.index is None and articles[3].id not in {a.article.id for a in job.analyses}


def test_while_a_trail_job_runs_no_other_starts_and_a_failed_one_is_not_retried() -> None:
    articles = [article(n) for n in range(3)]
    state = ReaderState(articles)
    for i in (0, 1):
        state.analysed(i, analysis(articles[i], [(STATEMENT, "Élisabeth Borne")]))
    job = state.next_trail_job()
    state.analysed(2, analysis(articles[2], [(STATEMENT, "Élisabeth Borne")]))
    assert job is not None and state.next_trail_job() is None  # one at a time
    state.trails_failed(job)
    retry = state.next_trail_job()
    assert retry is not None and retry.index is None and len(retry.analyses) == 3  # the collection changed


def test_all_articles_lists_each_statement_of_a_speaker_once_with_its_count() -> None:
    articles = [article(n) for n in range(3)]
    state = ReaderState(articles)
    other = "Le dialogue social reste la seule voie pour avancer sur ce dossier"
    for i in range(3):
        state.analysed(i, analysis(articles[i], [(STATEMENT, "Élisabeth Borne"), (other, "Élisabeth Borne")][: 2 if i == 0 else 1]))
    run_trail_job(state)
    (entry,) = state.speaker_entries("collection")
    assert [(r.article, r.index, r.copies) for r in entry.refs] == [(0, 0, 3), (0, 1, 1)]
    (entry,) = state.speaker_entries("article")
    assert len(entry.refs) == 2 and all(r.copies == 1 for r in entry.refs)
