"""Fetching pages from a real HTTP server on 127.0.0.1: redirects, errors, limits, charsets, re-fetch."""

from __future__ import annotations

import json

import gzip
import socket
from pathlib import Path

import pytest

from presse import __version__, loading, web
from presse.decoding import decode
from presse.errors import SourceError
from tests.webserver import LocalServer, Response, server  # noqa: F401 - `server` is a fixture

WEB = Path(__file__).parent / "data" / "web"
HTML = {"Content-Type": "text/html; charset=utf-8"}

# A short French page with accents everywhere, so a wrong decoding shows.
PAGE = """<!DOCTYPE html>
<html><head>{meta}<title>Écoles : la rentrée décalée</title></head>
<body><nav><a href="/">Accueil</a> <a href="/societe">Société</a></nav>
<article><h1>Écoles : la rentrée décalée</h1>
<p>La rentrée des élèves de l’académie a été décalée d’une semaine à cause des travaux de rénovation énergétique des écoles élémentaires.</p>
<p>« Nous préférons attendre que les bâtiments soient prêts », a déclaré la rectrice, Hélène Garnier, mercredi à Besançon.</p>
<p>Les familles concernées recevront un courrier détaillé avant la fin de la semaine, précise le rectorat dans un communiqué.</p>
</article><footer>© Le Quotidien</footer></body></html>"""


def page(meta: str = "") -> str:
    return PAGE.format(meta=meta)


def fails(match: str):
    return pytest.raises(SourceError, match=match)


# --------------------------------------------------------------------------- redirects


def test_a_redirect_chain_is_followed_to_the_article(server: LocalServer) -> None:
    server.add("/old", Response(301, headers={"Location": "/moved"}))
    server.add("/moved", Response(302, headers={"Location": "/2024/ecoles.html"}))
    final = server.add("/2024/ecoles.html", Response(200, page().encode(), HTML))

    (article,) = loading.load_url(server.url("/old"))

    assert article.title == "Écoles : la rentrée décalée"
    assert "rectrice, Hélène Garnier" in article.text
    assert "Accueil" not in article.text and "©" not in article.text  # boilerplate dropped
    assert article.meta["url"] == server.url("/old")
    assert article.meta["final_url"] == final
    assert [r.path for r in server.requests] == ["/old", "/moved", "/2024/ecoles.html"]


def test_a_redirect_loop_is_one_clear_error(server: LocalServer) -> None:
    server.add("/a", Response(302, headers={"Location": "/b"}))
    server.add("/b", Response(301, headers={"Location": "/a"}))
    with fails(r"^http://127\.0\.0\.1:\d+/a: redirect loop"):
        web.fetch(server.url("/a"))
    assert len(server.requests) == 2


def test_too_many_redirects_stops_at_the_limit(server: LocalServer) -> None:
    for i in range(5):
        server.add(f"/hop{i}", Response(302, headers={"Location": f"/hop{i + 1}"}))
    server.add("/hop5", Response(200, page().encode(), HTML))
    with fails(r"too many redirects \(more than 3\)$"):
        web.fetch(server.url("/hop0"), max_redirects=3)
    assert len(server.requests) == 4
    assert web.fetch(server.url("/hop0"), max_redirects=5).final_url == server.url("/hop5")


# --------------------------------------------------------------------------- failures


def test_http_errors_are_one_line(server: LocalServer) -> None:
    server.add("/boom", Response(500, b"oops", {"Content-Type": "text/plain"}))
    with fails(r"^http://127\.0\.0\.1:\d+/missing: HTTP 404 Not Found$"):
        loading.load_url(server.url("/missing"))
    with fails(r": HTTP 500 Internal Server Error$"):
        loading.load_url(server.url("/boom"))


def test_a_slow_server_times_out(server: LocalServer) -> None:
    server.add("/slow", Response(200, page().encode(), HTML, delay=2.0))
    with fails(r"/slow: timed out after 0\.5 s$"):
        web.fetch(server.url("/slow"), timeout=0.5)


def test_connection_refused_is_one_line() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with fails(r"connection refused$"):
        web.fetch(f"http://127.0.0.1:{port}/x", timeout=2)


def test_not_a_web_url() -> None:
    with fails(r"^ftp://example\.org/a: not an http\(s\) URL$"):
        web.fetch("ftp://example.org/a")


def test_a_page_that_is_neither_html_nor_a_feed_is_refused(server: LocalServer) -> None:
    server.add("/photo.png", Response(200, b"\x89PNG\r\n\x1a\n" + bytes(200), {"Content-Type": "image/png"}))
    with fails(r"/photo\.png: not an HTML page or a feed \(image/png\)$"):
        loading.load_url(server.url("/photo.png"))


def test_a_page_without_article_text_is_refused(server: LocalServer) -> None:
    server.add("/empty", Response(200, b"<html><head><title>Vid\xc3\xa9o</title></head><body><script>play()</script><video src='v.mp4'></video></body></html>", HTML))
    with fails(r"no article text"):
        loading.load_url(server.url("/empty"))


# --------------------------------------------------------------------------- size cap


def test_a_declared_oversized_page_is_refused_before_reading(server: LocalServer) -> None:
    server.add("/big", Response(200, b"<p>" + b"a" * 300_000 + b"</p>", HTML))
    with fails(r"/big: the page is too large \(more than 100 KB\)$"):
        web.fetch(server.url("/big"), max_bytes=100 * 1024)


def test_an_undeclared_oversized_stream_is_cut(server: LocalServer) -> None:
    # No Content-Length: the body streams until the cap is crossed (8 MB sent, cap 5 MB by default).
    server.add("/stream", Response(200, b"<p>bla bla</p>", HTML, stream_chunk=64 * 1024, stream_total=8 * 1024 * 1024))
    with fails(r"/stream: the page is too large \(more than 5 MB\)$"):
        web.fetch(server.url("/stream"))
    server.add("/small", Response(200, b"<p>bla</p>", HTML, stream_chunk=1024, stream_total=50 * 1024))
    assert len(web.fetch(server.url("/small")).body) == 50 * 1024


def test_gzip_is_decoded_and_a_compression_bomb_is_capped(server: LocalServer) -> None:
    server.add("/gz", Response(200, gzip.compress(page().encode()), {**HTML, "Content-Encoding": "gzip"}))
    assert web.fetch(server.url("/gz")).text() == page()
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros in ~20 KB
    server.add("/bomb", Response(200, bomb, {**HTML, "Content-Encoding": "gzip"}))
    with fails(r"/bomb: the page is too large"):
        web.fetch(server.url("/bomb"))


# --------------------------------------------------------------------------- charsets


def test_header_says_latin1_but_the_utf8_body_and_meta_win(server: LocalServer) -> None:
    body = page('<meta charset="utf-8">').encode("utf-8")
    server.add("/p", Response(200, body, {"Content-Type": "text/html; charset=iso-8859-1"}))
    (article,) = loading.load_url(server.url("/p"))
    assert "La rentrée des élèves de l’académie" in article.text
    assert "Ã" not in article.text


def test_header_says_utf8_but_the_latin1_body_and_meta_win(server: LocalServer) -> None:
    text = page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    server.add("/p", Response(200, text.encode("cp1252"), {"Content-Type": "text/html; charset=UTF-8"}))
    (article,) = loading.load_url(server.url("/p"))
    assert "La rentrée des élèves de l’académie" in article.text
    assert "\ufffd" not in article.text


def test_no_declared_charset_is_detected(server: LocalServer) -> None:
    server.add("/p", Response(200, page().encode("cp1252"), {"Content-Type": "text/html"}))
    (article,) = loading.load_url(server.url("/p"))
    assert "« Nous préférons attendre que les bâtiments soient prêts »" in article.text


def test_a_bom_beats_every_declaration() -> None:
    body = b"\xef\xbb\xbf" + page('<meta charset="iso-8859-1">').encode("utf-8")
    text, codec, _ = decode(body, "iso-8859-1")
    assert codec == "utf-8" and "rentrée" in text and not text.startswith("\ufeff")


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    # 0x92 is ’ in windows-1252 but an invisible C1 control in strict ISO-8859-1.
    text = decode(b"<p>l\x92acad\xe9mie</p>", "ISO-8859-1").text
    assert text == "<p>l’académie</p>"


# --------------------------------------------------------------------------- request and re-fetch


def test_the_request_says_who_we_are(server: LocalServer) -> None:
    server.add("/p", Response(200, page().encode(), HTML))
    web.fetch(server.url("/p"))
    assert server.requests[0].headers["user-agent"] == f"presse/{__version__}"


def _conditional(etag: str, last_modified: str, body: bytes):
    def answer(headers: dict[str, str]) -> Response:
        if headers.get("if-none-match") == etag or headers.get("if-modified-since") == last_modified:
            return Response(304, headers={"ETag": etag})
        return Response(200, body, {**HTML, "ETag": etag, "Last-Modified": last_modified})

    return answer


def test_refetch_with_etag_or_last_modified_reports_not_modified(server: LocalServer) -> None:
    lm = "Tue, 12 Nov 2024 08:00:00 GMT"
    url = server.add("/p", _conditional('"v1"', lm, page().encode()))
    first = web.fetch(url)
    assert (first.status, first.etag, first.last_modified, first.not_modified) == (200, '"v1"', lm, False)
    again = web.fetch(url, etag=first.etag)
    assert again.not_modified and again.status == 304
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    by_date = web.fetch(url, last_modified=lm)
    assert by_date.not_modified and server.requests[2].headers["if-modified-since"] == lm
    changed = web.fetch(url, etag='"v0"')
    assert not changed.not_modified and changed.body == page().encode()


def test_refresh_article_returns_none_when_not_modified(server: LocalServer) -> None:
    url = server.add("/p", _conditional('"v1"', "Tue, 12 Nov 2024 08:00:00 GMT", page().encode()))
    (article,) = loading.load_url(url)
    assert article.meta["etag"] == '"v1"' and article.meta["fetched_at"].endswith("Z")
    assert loading.refresh_article(article) is None
    server.add("/p", _conditional('"v2"', "Wed, 13 Nov 2024 08:00:00 GMT", page().replace("mercredi", "jeudi").encode()))
    updated = loading.refresh_article(article)
    assert updated is not None and "jeudi à Besançon" in updated.text and updated.meta["etag"] == '"v2"'


class DictStore:
    """The page-store interface of presse.cache.AnalysisCache, in memory."""

    def __init__(self) -> None:
        self.pages: dict[str, object] = {}

    def get_page(self, url: str):
        return self.pages.get(url)

    def put_page(self, url, etag, last_modified, body, headers=None) -> None:
        from types import SimpleNamespace

        self.pages[url] = SimpleNamespace(url=url, etag=etag, last_modified=last_modified, body=body, headers=headers or {}, fetched=0.0)


def test_a_page_store_serves_stored_pages_and_refreshes_conditionally(server: LocalServer) -> None:
    url = server.add("/p", _conditional('"v1"', "Tue, 12 Nov 2024 08:00:00 GMT", page().encode()))
    store = DictStore()
    first = web.fetch(url, store=store)
    assert url in store.pages and not first.from_cache
    again = web.fetch(url, store=store)
    assert again.from_cache and again.body == first.body and again.content_type == "text/html"
    assert len(server.requests) == 1  # no request at all
    refreshed = web.fetch(url, store=store, refresh=True)
    assert refreshed.not_modified and refreshed.body == first.body  # 304: the stored body
    assert server.requests[-1].headers["if-none-match"] == '"v1"'


def test_pages_are_kept_in_the_analysis_cache(server: LocalServer, tmp_path: Path) -> None:
    from presse.cache import AnalysisCache

    url = server.add("/p", _conditional('"v1"', "Tue, 12 Nov 2024 08:00:00 GMT", page().encode()))
    with AnalysisCache.open(tmp_path) as cache:
        (article,) = loading.load_url(url, store=cache)
    with AnalysisCache.open(tmp_path) as cache:
        (again,) = loading.load_url(url, store=cache)
        assert loading.refresh_article(again, store=cache) is None
    assert again.text == article.text and again.meta["final_url"] == url
    assert len(server.requests) == 2 and server.requests[1].headers["if-none-match"] == '"v1"'


# --------------------------------------------------------------------------- the command line


def test_presse_analyze_on_a_missing_page_is_one_line_and_exit_2(server: LocalServer, capsys) -> None:
    from presse.tui.cli import main

    assert main(["analyze", server.url("/nope.html"), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err == f"presse: {server.url('/nope.html')}: HTTP 404 Not Found\n"


def test_importing_web_and_feeds_stays_cheap() -> None:
    import subprocess
    import sys

    code = (
        "import sys, presse.web, presse.feeds\n"
        "print(sorted(m for m in ('trafilatura', 'feedparser', 'charset_normalizer', 'lxml', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    assert out.stdout.strip() == "[]"


def test_non_ascii_urls_are_percent_encoded_and_control_characters_refused(server: LocalServer) -> None:
    server.add("/actualit%C3%A9s/%C3%A9cole.html", Response(200, page().encode(), HTML))
    (article,) = loading.load_url(server.url("/actualités/école.html"))
    assert "rentrée" in article.text and article.meta["url"] == server.url("/actualités/école.html")
    with fails(r"not a valid URL") as info:
        web.fetch(server.url("/a\x1b[31m b"))
    assert "\x1b" not in str(info.value)
    with fails(r"not an http\(s\) URL$"):
        web.fetch("http://127.0.0.1:99999999/x")


def test_non_web_charsets_are_ignored() -> None:
    # UTF-7 (refused by browsers) and text-transforming codecs are not charsets: the bytes decide.
    body = page().encode("utf-8")
    for label in ("utf-7", "unicode_escape", "rot13", "no-such-charset"):
        text, codec, _ = decode(body, label)
        assert codec == "utf-8" and "rentrée" in text, label


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    body=st.binary(max_size=600) | st.text(max_size=300).map(lambda t: f"<meta charset='latin-1'>{t}".encode("utf-8")),
    label=st.sampled_from([None, "utf-8", "iso-8859-1", "utf-16", "shift_jis", "bogus", "utf-7", ""]),
)
def test_any_bytes_decode_and_classify_without_error(body: bytes, label: str | None) -> None:
    text, codec, _ = decode(body, label)
    assert isinstance(text, str) and codec
    assert web.page_kind("text/html", body) in ("html", "feed", "text", "other")
    assert web.page_kind("", body) in ("html", "feed", "text", "other")


def test_presse_analyze_keeps_fetched_pages_and_refetches_conditionally(server: LocalServer, capsys) -> None:
    from presse.tui.cli import main

    url = server.add("/p", _conditional('"v1"', "Tue, 12 Nov 2024 08:00:00 GMT", page().encode()))
    assert main(["analyze", url, "--format", "jsonl"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["analyze", url, "--format", "jsonl"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["text"] == first["text"] and again["entities"] == first["entities"]  # the stored page, from a 304
    assert len(server.requests) == 2
    assert "if-none-match" not in server.requests[0].headers
    assert server.requests[1].headers["if-none-match"] == '"v1"'
