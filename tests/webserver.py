"""A real HTTP server on 127.0.0.1 for the web and feed tests (http.server in a thread).

Routes are plain data (status, headers, body, delay) or a callable for conditional answers;
every request is recorded so tests can check what the client sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    # Sent without Content-Length, in chunks of this many bytes (0: all at once with a length).
    stream_chunk: int = 0
    stream_total: int = 0  # with stream_chunk: keep sending until this many bytes


Handler = Callable[[dict[str, str]], Response]


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[Request] = []
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append(Request(self.path, headers))
                route = server.routes.get(self.path)
                if route is None:
                    route = Response(404, b"<html><body>Not here</body></html>", {"Content-Type": "text/html"})
                elif callable(route):
                    route = route(headers)
                try:
                    self._send(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size cap, timeout): expected

            def _send(self, r: Response) -> None:
                if r.delay:
                    time.sleep(r.delay)
                self.send_response(r.status)
                for k, v in r.headers.items():
                    self.send_header(k, v)
                if r.stream_chunk:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    sent = 0
                    chunk = (r.body or b"x") * (r.stream_chunk // max(1, len(r.body or b"x")) + 1)
                    while sent < r.stream_total:
                        piece = chunk[: min(r.stream_chunk, r.stream_total - sent)]
                        self.wfile.write(piece)
                        sent += len(piece)
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(r.body)))
                self.end_headers()
                self.wfile.write(r.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Response | Handler) -> str:
        self.routes[path] = route
        return self.url(path)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    s = LocalServer()
    s.thread.start()
    try:
        yield s
    finally:
        s.httpd.shutdown()
        s.httpd.server_close()


# --- a small news site served from tests/data/web: two article pages, an RSS feed of three entries (one
# with its full content), an Atom feed with a dead link. Shared by the feed tests and the app's.

WEB = Path(__file__).parent / "data" / "web"
HTML = {"Content-Type": "text/html; charset=utf-8"}
SEED_PATH = "/international/2024/11/11/poutine-dement-appel-trump.html"
RAIL_PATH = "/societe/2024/11/12/greve-sncf.html"


def site_fixture_bytes(name: str, base: str) -> bytes:
    """A fixture file with `{base}` replaced by the server's address."""
    return (WEB / name).read_text(encoding="utf-8").replace("{base}", base).encode("utf-8")


@pytest.fixture
def site(server: LocalServer) -> Iterator[LocalServer]:
    base = server.url("")
    server.add(SEED_PATH, Response(200, (WEB / "seed.html").read_bytes(), HTML))
    server.add(RAIL_PATH, Response(200, (WEB / "rail.html").read_bytes(), HTML))
    server.add("/feed.xml", Response(200, site_fixture_bytes("feed.xml", base), {"Content-Type": "application/rss+xml"}))
    server.add("/societe.atom", Response(200, site_fixture_bytes("feed-one-missing.atom", base),
                                         {"Content-Type": "application/atom+xml"}))
    yield server
