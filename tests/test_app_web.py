"""The reader on URLs and feeds, served by a real HTTP server on 127.0.0.1 (issue 8, the app's side)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from presse.cache import AnalysisCache
from presse.nlp import DEFAULT_MODEL
from tests.test_app import laid_out, settle
from tests.webserver import (  # noqa: F401 - `server` and `site` are fixtures
    HTML, SEED_PATH, WEB, LocalServer, Response, server, site,
)
from presse.tui import analyzer as analyzers
from presse.tui.app import PARAPHRASE_OFF, PresseApp, speaker_count
from presse.tui.sourcing import Pending, is_placeholder, plan

FEED_TITLES = [
    "Poutine dément avoir parlé avec Trump",
    "Grève à la SNCF : le trafic reste perturbé mardi",
    "Sécheresse : les restrictions d’eau prolongées dans le Sud-Ouest",
]


@pytest.fixture
def analyzer(nlp, tmp_path) -> Iterator[analyzers.CachedAnalyzer]:
    """spaCy in this process (the session model) behind a real analysis cache, which also keeps pages."""
    from presse.nlp import model_id

    cache = AnalysisCache.open(cache_dir=str(tmp_path / "cache"))
    a = analyzers.CachedAnalyzer(analyzers.InProcessAnalyzer(nlp=nlp), cache, model_id(DEFAULT_MODEL))
    yield a
    a.close()


def open_app(paths: list[str], analyzer) -> PresseApp:
    items, errors = plan(paths, analyzers.page_store(analyzer))
    assert not errors
    return PresseApp(items, analyzer, system_clipboard=False)


@pytest.mark.slow
async def test_a_served_feed_lists_its_entries_and_the_seed_finds_its_quotes_and_speakers(
        site: LocalServer, analyzer, seed_analysis) -> None:
    app = open_app([site.url("/feed.xml")], analyzer)
    assert len(app.state.articles) == 1 and is_placeholder(app.state.articles[0])  # nothing fetched before the UI opens
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert [a.title for a in app.state.articles] == FEED_TITLES
        assert app.reader.article_list.display and app.reader.article_list.options.option_count == 3
        seed = app.state.analyses[0]
        assert seed is not None and seed.article.meta["final_url"] == site.url(SEED_PATH)
        assert sorted(s.name for s in seed.speakers) == sorted(s.name for s in seed_analysis.speakers)
        assert len(seed.quotes) == len(seed_analysis.quotes)
        assert all(a is not None for a in app.state.analyses)
        prompt = str(app.reader.article_list.options.get_option_at_index(0).prompt)
        assert FEED_TITLES[0] in prompt and f"{len(seed.quotes)} quotes" in prompt
        assert f"{speaker_count(seed)} speakers" in prompt
        assert not [n for n in app._notifications if n.severity == "error"]
        # Fetched pages were kept with their analyses: the seed page is in the cache.
        assert analyzer.cache.get_page(site.url(SEED_PATH)) is not None


async def test_a_dead_entry_is_one_notification_and_the_others_open(site: LocalServer) -> None:
    app = PresseApp(plan([site.url("/societe.atom")])[0], None, system_clipboard=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert len(app.state.articles) == 3
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "404" in errors[0]
        assert set(app.state.load_errors) == {1}
        assert "could not load" in str(app.reader.article_list.options.get_option_at_index(1).prompt)
        assert "Marion Leclerc" in app.state.articles[0].text  # the rail strike page, fetched
        assert not is_placeholder(app.state.articles[2]) and app.state.articles[2].meta["final_url"] == site.url(SEED_PATH)
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert app.state.current == 2 and app.reader.view.article.title == "Poutine dément avoir parlé avec Trump"


def _conditional(pages: list[bytes], etag_of=lambda i: f'"v{i}"'):
    """A page answering 304 to If-None-Match with its current ETag; `pages[-1]` is the current body."""

    def handle(headers: dict[str, str]) -> Response:
        version = len(pages) - 1
        if headers.get("if-none-match") == etag_of(version):
            return Response(304, b"", {"ETag": etag_of(version)})
        return Response(200, pages[-1], {**HTML, "ETag": etag_of(version)})

    return handle


@pytest.mark.slow
async def test_refresh_says_not_modified_then_replaces_a_changed_page(server: LocalServer, nlp) -> None:
    seed_html = (WEB / "seed.html").read_bytes()
    pages = [seed_html]
    url = server.add("/article.html", _conditional(pages))
    app = open_app([url], analyzers.InProcessAnalyzer(nlp=nlp))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        first = app.state.analyses[0]
        assert first is not None and first.quotes and app.state.articles[0].meta["etag"] == '"v0"'
        await pilot.press("u")
        await settle(app, pilot)
        assert any("Not modified" in str(n.message) for n in app._notifications)
        assert server.requests[-1].headers.get("if-none-match") == '"v0"'
        assert app.state.analyses[0] is first  # nothing re-analysed
        # The page changes: a new paragraph with a new quote.
        addition = "<p>« Nous ne céderons pas », a affirmé Jean Valmont, porte-parole du ministère.</p>"
        last = "vous êtes livré à vous-même.”</p>".encode()
        assert seed_html.count(last) == 1
        pages.append(seed_html.replace(last, last + addition.encode()))
        await pilot.press("u")
        await settle(app, pilot)
        assert any("Updated" in str(n.message) for n in app._notifications)
        assert "Nous ne céderons pas" in app.reader.view.display_text
        second = app.state.analyses[0]
        assert second is not None and second is not first and second.article is app.state.articles[0]
        assert "Nous ne céderons pas" in "".join(q.text for q in second.quotes)


async def test_refresh_on_a_local_file_says_it_cannot(tmp_path) -> None:
    path = tmp_path / "local.txt"
    path.write_text("Un article local.", encoding="utf-8")
    items, _ = plan([str(path)])
    app = PresseApp(items, None, system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        assert any("Only articles from the web" in str(n.message) for n in app._notifications)


async def test_a_url_opens_at_once_in_a_fetching_state(server: LocalServer) -> None:
    import threading

    gate = threading.Event()

    def slow(headers: dict[str, str]) -> Response:
        gate.wait(10)
        return Response(200, (WEB / "seed.html").read_bytes(), HTML)

    url = server.add("/slow.html", slow)
    (item,) = plan([url])[0]
    assert isinstance(item, Pending) and item.fetching
    app = PresseApp([item], None, system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(app, pilot)  # the page is still being fetched
        assert "fetching" in app.reader.view.display_text and "fetching" in app.query_one("#status").plain
        gate.set()
        await settle(app, pilot)
        assert app.reader.view.article.title == "Poutine dément avoir parlé avec Trump"


async def test_paraphrase_detection_off_is_said_quietly(monkeypatch, tmp_path) -> None:
    import presse.tui.app

    monkeypatch.setattr(presse.tui.app, "paraphrase_available", lambda: False)
    path = tmp_path / "local.txt"
    path.write_text("Un article local.", encoding="utf-8")
    app = PresseApp(plan([str(path)])[0], None, system_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.query_one("#legend").tooltip == PARAPHRASE_OFF
        await pilot.press("question_mark")
        await pilot.pause()
        assert "paraphrase detection off" in str(app.screen.query_one("#help-notes").render())
