"""The trail of a quote in the reader (issue 15): badges, the trail screen, jumping to another article's quote.

The collection is tests/trail_collection.py's (real articles of tests/data/articles, copies with a quote
trimmed, reworded or re-credited, and articles quoting the same people on other subjects), analysed from each
article's gold quotes: no model is loaded, so these test the reader, not the pipeline.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presse.loading import load_path
from presse.model import Analysis, Quote, Speaker
from presse.trail import same_speaker
from presse.tui.analyzer import PrecomputedAnalyzer
from presse.tui.app import PresseApp
from presse.tui.screens.trail import TrailScreen
from presse.widgets.article_view import TRAIL
from presse.widgets.items import QuoteRef
from presse.widgets.trail_list import ADDED, REMOVED, TrailList
from tests.test_app import refreshed, settle
from tests.trail_collection import SOURCES, Plant, build, gold

NAME = re.compile(r"^[12]-(?P<name>.+?)(?:-(?:trimmed|reworded|recredited))?\.txt$")


def gold_analyses(folder: Path, plants: list[Plant]) -> list[Analysis]:
    """Each file of the collection analysed from its original's gold quotes, as the copy prints them."""
    by_copy = {p.copy: p for p in plants}
    analyses = []
    for path in sorted(folder.glob("*.txt")):
        (article,) = load_path(str(path))
        plant = by_copy.get(path.name)
        quotes: list[Quote] = []
        speakers: dict[str, Speaker] = {}
        pos = 0
        for q in gold(NAME.match(path.name)["name"])["quotes"]:
            text, speaker = q["text"], q.get("speaker")
            if plant is not None and text == plant.quote:
                text = plant.printed
            if plant is not None and plant.new_speaker and speaker and same_speaker(speaker, plant.speaker):
                speaker = plant.new_speaker
            start = article.text.find(text, pos)
            if start < 0:
                continue
            pos = start + len(text)
            quotes.append(Quote(start, pos, text, article.paragraph_at(start), q["kind"], speaker, cue="gold"))
            if speaker:
                speakers.setdefault(speaker, Speaker(speaker, "PER", [], [])).quotes.append(len(quotes) - 1)
        analyses.append(Analysis(article, "gold", [], quotes, list(speakers.values()), []))
    return analyses


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> tuple[list[Analysis], list[Plant]]:
    folder = tmp_path_factory.mktemp("trail-app")
    plants = build(folder)
    return gold_analyses(folder, plants), plants


def trail_app(analyses: list[Analysis]) -> PresseApp:
    return PresseApp([a.article for a in analyses], PrecomputedAnalyzer(analyses), system_clipboard=False)


def position(analyses: list[Analysis], file: str) -> int:
    return next(i for i, a in enumerate(analyses) if Path(a.article.source).name == file)


def quote_index(analysis: Analysis, text: str) -> int:
    return next(i for i, q in enumerate(analysis.quotes) if q.text == text)


def has_trail(app: PresseApp, index: int, qi: int) -> bool:
    return app.state.trail_of(QuoteRef(index, qi, app.state.analyses[index].quotes[qi])) is not None


def reworded(plants: list[Plant]) -> Plant:
    return next(p for p in plants if p.change == "reworded" and p.original == "1-bce-taux.txt")


async def show_original(app: PresseApp, pilot, analyses: list[Analysis], plant: Plant) -> tuple[int, int]:
    """Once the app settled, show the article the planted copy was made from: its index and the planted quote's."""
    await settle(app, pilot)
    original = position(analyses, plant.original)
    app.reader.show_article(original)
    await refreshed(app, pilot)
    return original, quote_index(analyses[original], plant.quote)


async def test_a_quote_printed_elsewhere_carries_badges_in_the_article_and_the_panel(collection) -> None:
    analyses, plants = collection
    plant = reworded(plants)
    app = trail_app(analyses)
    async with app.run_test(size=(140, 40)) as pilot:
        original, qi = await show_original(app, pilot, analyses, plant)
        view = app.reader.view
        badges = view.trail_badges()
        # The original, its trimmed, reworded and re-credited copies: three other articles print it.
        assert "also in 3 articles" in badges[qi] and "altered elsewhere" in badges[qi]
        assert any(line.kind == TRAIL and line.start == qi for line in view.lines)
        # A quote printed only here has no badge.
        alone = [i for i, q in enumerate(analyses[original].quotes) if not has_trail(app, original, i)]
        assert alone and not set(alone) & set(badges)
        # The reworded copy is "altered here"; the panel's label of that quote says so.
        copy = position(analyses, plant.copy)
        app.reader.show_article(copy)
        await refreshed(app, pilot)
        cqi = quote_index(analyses[copy], plant.printed)
        assert "altered here" in app.reader.view.trail_badges()[cqi]
        app.reader.panel.select_speaker(plant.speaker)
        await refreshed(app, pilot)
        labels = [str(node.label) for node in app.reader.panel._quote_nodes.values()]
        assert any("altered here" in label for label in labels)


async def test_t_opens_the_trail_with_a_word_diff_and_enter_jumps_to_that_article(collection) -> None:
    analyses, plants = collection
    plant = reworded(plants)
    app = trail_app(analyses)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        original = position(analyses, plant.original)
        app.reader.show_article(original)
        app.reader.goto_ref(app.state.quote_ref(quote_index(analyses[original], plant.quote)))
        await pilot.press("t")
        await refreshed(app, pilot)
        assert isinstance(app.screen, TrailScreen)
        trail = app.screen.query_one(TrailList)
        sources = [Path(a.source).name for a in trail.cluster.appearances]
        assert sources[0] == plant.original and sorted(sources[1:]) == sorted(
            p.copy for p in plants if p.original == plant.original)
        assert trail.option_count == 4 and trail.highlighted == 0
        # The reworded printing shows the words it replaced struck out and its own in reverse.
        k = sources.index(plant.copy)
        prompt = trail.get_option_at_index(k).prompt
        removed = {prompt.plain[s.start:s.end] for s in prompt.spans if str(s.style) == REMOVED}
        added = {prompt.plain[s.start:s.end] for s in prompt.spans if str(s.style) == ADDED}
        changed_old = {w for w, v in zip(plant.quote.split(), plant.printed.split()) if w != v}
        changed_new = {v for w, v in zip(plant.quote.split(), plant.printed.split()) if w != v}
        assert changed_old == removed and changed_new == added
        # Enter on it: that article opens at that quote.
        for _ in range(k):
            await pilot.press("down")
        await pilot.press("enter")
        await refreshed(app, pilot)
        assert not isinstance(app.screen, TrailScreen)
        copy = position(analyses, plant.copy)
        assert app.state.current == copy
        ref = app.reader.selected_ref
        assert ref is not None and (ref.article, ref.quote.text) == (copy, plant.printed)
        assert app.reader.view.is_offset_visible(ref.quote.start)
        # t on a quote printed nowhere else says so; Escape closes an open trail.
        alone = next(i for i in range(len(analyses[copy].quotes)) if not has_trail(app, copy, i))
        app.reader.goto_ref(app.state.quote_ref(alone))
        await pilot.press("t")
        await refreshed(app, pilot)
        assert not isinstance(app.screen, TrailScreen)
        app.reader.goto_ref(ref)
        await pilot.press("t")
        await refreshed(app, pilot)
        assert isinstance(app.screen, TrailScreen)
        await pilot.press("escape")
        await refreshed(app, pilot)
        assert not isinstance(app.screen, TrailScreen) and app.state.current == copy


async def test_the_recredited_copy_says_who_else_it_is_credited_to(collection) -> None:
    analyses, plants = collection
    plant = next(p for p in plants if p.change == "recredited")
    app = trail_app(analyses)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        copy = position(analyses, plant.copy)
        app.reader.show_article(copy)
        await refreshed(app, pilot)
        badges = app.reader.view.trail_badges()[quote_index(analyses[copy], plant.quote)]
        assert f"credited to {plant.speaker} elsewhere" in badges


async def test_all_articles_lists_a_speakers_statement_once_with_its_count(collection) -> None:
    analyses, plants = collection
    plant = reworded(plants)  # the original, trimmed and reworded copies credit it to the same speaker
    app = trail_app(analyses)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await refreshed(app, pilot)
        refs = app.reader.panel.refs_of(plant.speaker)
        mine = [r for r in refs if app.state.trail_of(r) and app.state.trail_of(r)[0].first.text == plant.quote]
        assert len(mine) == 1 and mine[0].copies == 3
        clusters = [app.state.trail_of(r)[0].id for r in refs if app.state.trail_of(r)]
        assert len(clusters) == len(set(clusters))
        every = sum(1 for a in analyses for q in a.quotes if q.speaker == plant.speaker)
        assert len(refs) < every  # this article scope lists every printing; all articles, each statement once


async def test_trails_built_as_analyses_arrive_equal_trails_built_at_once(collection) -> None:
    from presse.trail import find_trails

    analyses, _ = collection
    app = trail_app(analyses)
    jobs = []
    start_job = app.find_trails

    def recorded(job):
        jobs.append(job)
        return start_job(job)

    app.find_trails = recorded
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        expected = find_trails(analyses)
        # Analyses come one message at a time: a first job indexes some, later ones add the rest to its index.
        assert len(jobs) >= 2 and jobs[0].index is None and any(job.index is not None for job in jobs[1:])
        assert sum(len(job.analyses) for job in jobs) == len(analyses)

        def groups(trails) -> set[frozenset[tuple[str, int]]]:
            return {frozenset((a.article, a.quote) for a in c.appearances) for c in trails.clusters}

        assert len(expected.shared()) >= len(SOURCES)  # every planted statement at least
        assert groups(app.state.trails) == groups(expected)


async def test_a_click_on_a_trail_badge_selects_the_quote_and_opens_its_trail(collection) -> None:
    analyses, plants = collection
    plant = reworded(plants)
    app = trail_app(analyses)
    async with app.run_test(size=(140, 40)) as pilot:
        _, qi = await show_original(app, pilot, analyses, plant)
        view = app.reader.view
        y = next(y for y, line in enumerate(view.lines) if line.kind == TRAIL and line.start == qi)
        assert y < view.scrollable_content_region.height  # on screen without scrolling: a short article
        await pilot.click(view, offset=(view.gutter_width + 2, y))
        await refreshed(app, pilot)
        assert isinstance(app.screen, TrailScreen)
        assert app.reader.selected_ref is not None and app.reader.selected_ref.index == qi
        assert app.screen.query_one(TrailList).highlighted == 0  # the original is the earliest printing


async def test_the_trail_shows_hostile_text_as_text() -> None:
    from presse.sources import article_from_text

    said = "Nous [bold red]refusons[/] tout \x1b[31m recul sur la réforme des retraites"
    analyses = []
    for n, words in enumerate((said, said.replace("tout", "aucun"))):
        text = f"Titre [link=x]{n}[/link]\n\n« {words} », a dit Jean Dupont."
        a = article_from_text(text, f"hostile-{n}.txt")
        start = a.text.index(words)
        analyses.append(Analysis(a, "hand", [], [Quote(start, start + len(words), words, 1, "direct", "Jean Dupont")],
                                 [Speaker("Jean Dupont", "PER", [], [0])], []))
    app = trail_app(analyses)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        app.reader.goto_ref(app.state.quote_ref(0))
        await pilot.press("t")
        await refreshed(app, pilot)
        trail = app.screen.query_one(TrailList)
        plain = [trail.get_option_at_index(k).prompt.plain for k in range(trail.option_count)]
        assert "[bold red]refusons[/]" in plain[0] and "[link=x]0[/link]" in plain[0]
        assert "\x1b" not in "".join(plain) and "␛" in plain[0]
        assert "aucun" in plain[1]
