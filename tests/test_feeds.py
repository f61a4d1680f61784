"""RSS/Atom feeds served by a real HTTP server on 127.0.0.1 (and from local files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presse import feeds, loading
from presse.errors import SourceError
from presse.model import Article
from tests.conftest import score
from tests.webserver import (  # noqa: F401 - `server` and `site` are fixtures
    RAIL_PATH, SEED_PATH, LocalServer, Response, server, site, site_fixture_bytes,
)

DROUGHT_PATH = "/planete/2024/11/12/secheresse-restrictions.html"  # never served: its content is in the feed
SEED_TITLE = "Poutine dément avoir parlé avec Trump"


def test_read_feed_lists_the_entries(site: LocalServer) -> None:
    feed = feeds.read_feed(site.url("/feed.xml"))
    assert feed.title == "Le Quotidien du Monde – À la une"
    assert [e.title for e in feed.entries] == [
        SEED_TITLE,
        "Grève à la SNCF : le trafic reste perturbé mardi",
        "Sécheresse : les restrictions d’eau prolongées dans le Sud-Ouest",
    ]
    assert [e.link for e in feed.entries] == [site.url(p) for p in (SEED_PATH, RAIL_PATH, DROUGHT_PATH)]
    assert [e.published for e in feed.entries] == ["2024-11-11T13:32:00Z", "2024-11-12T06:05:00Z", "2024-11-12T09:40:00Z"]
    assert feed.entries[0].content_html is None and feed.entries[0].author == "Claire Dumont"
    assert [feeds.has_full_content(e) for e in feed.entries] == [False, False, True]
    assert len(site.requests) == 1  # listing fetches nothing but the feed


def test_a_feed_url_loads_every_article_using_full_content_when_present(site: LocalServer) -> None:
    errors: list[str] = []
    articles = loading.load_url(site.url("/feed.xml"), on_error=errors.append)
    assert errors == []
    assert [a.title for a in articles] == [e.title for e in feeds.read_feed(site.url("/feed.xml")).entries]
    seed, rail, drought = articles
    assert seed.meta["final_url"] == site.url(SEED_PATH) and seed.meta["feed"] == site.url("/feed.xml")
    assert seed.meta["author"] == "Claire Dumont" and seed.meta["published"] == "2024-11-11T13:32:00Z"
    assert "a déclaré Peskov" in seed.text and "Mentions légales" not in seed.text
    assert "Marion Leclerc" in rail.text and len(rail.paragraphs) == 6
    # The third entry's article is the feed's content:encoded: its page was never requested.
    assert drought.meta.get("from_feed_content") is True and len(drought.paragraphs) == 6
    assert drought.paragraph_text(2).startswith("« Les nappes phréatiques restent à un niveau très bas")
    # Fetched page or feed content, the headline is paragraph 0, as in a .txt article.
    assert [a.paragraph_text(0) for a in articles] == [a.title for a in articles]
    assert DROUGHT_PATH not in [r.path for r in site.requests]


def test_a_dead_entry_is_reported_once_and_the_others_load(site: LocalServer) -> None:
    errors: list[str] = []
    articles = feeds.load_feed(site.url("/societe.atom"), on_error=errors.append)
    assert [a.title for a in articles] == ["Grève à la SNCF : le trafic reste perturbé mardi", SEED_TITLE]
    assert len(errors) == 1
    assert "Un article retiré du site" in errors[0]
    assert errors[0].endswith(site.url("/societe/2024/11/12/article-retire.html") + ": HTTP 404 Not Found")


def test_the_default_report_is_one_stderr_line_per_failed_entry(site: LocalServer, capsys) -> None:
    articles = loading.load_url(site.url("/societe.atom"))
    assert len(articles) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("presse: feed entry “Un article retiré du site”")
    assert "HTTP 404 Not Found" in lines[0]


def test_an_entry_title_cannot_carry_terminal_escapes(capsys) -> None:
    entry = feeds.FeedEntry(title="Titre\x1b[2J piégé", link=None, published=None, content_html=None, feed="f.xml")
    feed = feeds.Feed(source="f.xml", title="f", entries=[entry])
    assert feeds.load_entries(feed) == []
    err = capsys.readouterr().err
    assert "\x1b" not in err and "␛[2J" in err and err.count("\n") == 1


def test_a_local_feed_file(site: LocalServer, tmp_path: Path) -> None:
    from presse.loading import load_path

    path = tmp_path / "une.rss"
    path.write_bytes(site_fixture_bytes("feed.xml", site.url("")))
    articles = load_path(str(path))  # the dispatcher: .rss → feeds.load_feed
    assert [a.title for a in articles][0] == SEED_TITLE and len(articles) == 3
    assert articles[0].meta["feed"] == str(path)


def test_a_feed_that_is_not_xml_is_one_clear_error(server: LocalServer, tmp_path: Path) -> None:
    server.add("/rss", Response(200, b"Service temporarily unavailable, try later", {"Content-Type": "application/rss+xml"}))
    with pytest.raises(SourceError, match=r"^http://127\.0\.0\.1:\d+/rss: not an RSS/Atom feed"):
        loading.load_url(server.url("/rss"))
    with pytest.raises(SourceError, match=r"/rss: not an RSS/Atom feed"):
        feeds.read_feed(server.url("/rss"))
    notes = tmp_path / "notes.xml"
    notes.write_text("des notes, pas un flux\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"notes\.xml: not an RSS/Atom feed"):
        feeds.load_feed(str(notes))
    with pytest.raises(SourceError, match=r"nothing\.atom: no such file"):
        feeds.load_feed(str(tmp_path / "nothing.atom"))


def _entry(content: str | None, link: str | None = "http://example.invalid/a") -> feeds.FeedEntry:
    return feeds.FeedEntry(title="Titre", link=link, published=None, content_html=content, feed="f.xml")


def test_a_teaser_content_fetches_the_page_and_full_content_does_not() -> None:
    fetched: list[str] = []

    def fetcher(link: str) -> Article:
        from presse.sources import article_from_text

        fetched.append(link)
        return article_from_text("Le texte complet de la page.", link)

    teaser = "<p>Le gouvernement a présenté mercredi son projet de loi de finances…</p>"
    article = feeds.entry_article(_entry(teaser), fetcher=fetcher)
    assert fetched == ["http://example.invalid/a"] and article.text == "Le texte complet de la page."
    full = "".join(f"<p>Paragraphe {i} : le ministre a détaillé les mesures prévues pour l’année prochaine.</p>" for i in range(12))
    article = feeds.entry_article(_entry(full), fetcher=fetcher)
    assert fetched == ["http://example.invalid/a"] and len(article.paragraphs) == 13  # the headline, then 12
    assert article.paragraph_text(0) == "Titre"
    assert article.title == "Titre" and article.meta["url"] == "http://example.invalid/a"


def test_an_entry_without_link_uses_whatever_content_it_has() -> None:
    article = feeds.entry_article(_entry("<p>Brève : un séisme<br>de magnitude 4 ressenti à Nice.</p>", link=None))
    assert article.text == "Titre\nBrève : un séisme\nde magnitude 4 ressenti à Nice."
    with pytest.raises(SourceError, match="neither a link nor any content"):
        feeds.entry_article(_entry(None, link=None))


def without_headline(analysis: dict) -> dict:
    """A page's analysis in the frame of its text file, which has no headline: what was found in
    paragraph 0 left out, paragraph numbers one lower (the scorer maps offsets itself)."""
    headline_end = analysis["paragraphs"][1]["start"]
    assert analysis["text"][:headline_end].strip() == analysis["title"]
    repeats = [{**r, "paragraph": r["paragraph"] - 1, "same_as": r["same_as"] - 1}
               for r in analysis["repeats"] if r["same_as"] > 0]
    return {**analysis, "entities": [e for e in analysis["entities"] if e["start"] >= headline_end],
            "quotes": [q for q in analysis["quotes"] if q["start"] >= headline_end], "repeats": repeats}


@pytest.mark.slow
def test_presse_analyze_on_a_served_feed_finds_the_seed_as_from_the_text_file(site: LocalServer, seed_analysis, capsys) -> None:
    """Must show: `presse analyze http://127.0.0.1:PORT/feed.xml` lists the three articles, and the
    seed's analysis from its HTML page scores as the analysis of the text file (offsets mapped)."""
    from presse.tui.cli import main

    assert main(["analyze", site.url("/feed.xml"), "--format", "json", "--no-cache"]) == 0
    out = capsys.readouterr()
    analyses = json.loads(out.out)
    assert [a["title"] for a in analyses] == [
        SEED_TITLE,
        "Grève à la SNCF : le trafic reste perturbé mardi",
        "Sécheresse : les restrictions d’eau prolongées dans le Sud-Ouest",
    ]
    seed = analyses[0]
    assert seed["meta"]["final_url"] == site.url(SEED_PATH)
    from_feed, from_file = score(without_headline(seed)), score(seed_analysis.to_dict())
    for metric in ("entity_p", "entity_r", "entity_f1", "quote_p", "quote_r", "quote_f1", "speaker_acc"):
        assert from_feed[metric] == pytest.approx(from_file[metric], abs=0.01), metric
    for count in ("repeats_found", "repeats_false"):
        assert from_feed[count] == from_file[count], count
    assert from_feed["must_fail"] == from_file["must_fail"]


def test_relative_links_resolve_against_the_feed_url(site: LocalServer) -> None:
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Relatif</title>
    <item><title>Grève</title><link>{RAIL_PATH}</link></item></channel></rss>"""
    site.add("/rubrique/relatif.xml", Response(200, rss.encode(), {"Content-Type": "application/rss+xml"}))
    (article,) = loading.load_url(site.url("/rubrique/relatif.xml"))
    assert article.meta["final_url"] == site.url(RAIL_PATH) and "Marion Leclerc" in article.text


def test_refresh_of_a_feed_content_article_rereads_the_feed(site: LocalServer) -> None:
    feed_url = site.url("/feed.xml")
    (_, _, drought) = loading.load_url(feed_url)
    assert loading.refresh_article(drought) is None  # same feed, same content
    changed = site_fixture_bytes("feed.xml", site.url("")).replace("fin du mois".encode(), "mi-décembre".encode())
    site.add("/feed.xml", Response(200, changed, {"Content-Type": "application/rss+xml"}))
    fresh = loading.refresh_article(drought)
    assert fresh is not None and "jusqu’à la mi-décembre" in fresh.text
    assert fresh.meta["entry_id"] == drought.meta["entry_id"] == "planete-secheresse-20241112"
    assert DROUGHT_PATH not in [r.path for r in site.requests]
