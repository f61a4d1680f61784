"""Fetching web pages: bounded in time and size, redirects followed, conditional re-fetch, a page store.

`fetch(url)` gives a `Page` (the body, its content type and charset, ETag/Last-Modified) and knows
nothing of articles: `presse.pages` turns a page into an article, `presse.loading` decides what a
path or URL is. Every failure is a `SourceError` with one clear line, never a traceback.

Only the standard library fetches (urllib): no extra dependency, and full control of redirects,
time and size limits. Importing this module stays cheap on the app's start-up path.
"""

from __future__ import annotations

import codecs
import http.client
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from . import __version__
from .decoding import decode
from .errors import SourceError
from .safe import printable

DEFAULT_TIMEOUT = 10.0  # seconds, for connecting and for each read
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10
USER_AGENT = f"presse/{__version__}"
# A trickling server (one byte per second) never trips the per-read timeout: bound the whole download.
TOTAL_TIME_FACTOR = 3

_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
_XML_TYPES = frozenset({"text/xml", "application/xml"})
_TEXT_TYPES = frozenset({"text/plain"})

PageKind = Literal["html", "feed", "text", "other"]


# --------------------------------------------------------------------------- fetched pages


@dataclass(slots=True)
class Page:
    """A fetched response body with what is needed to decode it and to re-fetch it cheaply."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str  # media type, lower case, no parameters ("" when absent)
    charset: str | None  # from the Content-Type header
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = field(default_factory=lambda: _now())
    not_modified: bool = False  # a conditional re-fetch answered 304: body is the stored one
    from_cache: bool = False  # served by the page store without any request

    @property
    def kind(self) -> PageKind:
        return page_kind(self.content_type, self.body)

    def text(self) -> str:
        """The body decoded as files are (`presse.decoding`), the header's charset as a declaration."""
        return decode(self.body, self.charset).text

    def headers_to_store(self) -> dict[str, str]:
        """What a page store keeps besides the body, ETag and Last-Modified."""
        content_type = self.content_type + (f"; charset={self.charset}" if self.charset else "")
        return {"content-type": content_type, "final-url": self.final_url, "fetched-at": self.fetched_at}


class StoredPage(Protocol):
    """A page as a store gives it back (presse.cache.Page)."""

    url: str
    etag: str | None
    last_modified: str | None
    body: bytes
    headers: dict[str, str]
    fetched: float


class PageStore(Protocol):
    """Where fetched pages are kept between runs, with their analyses (presse.cache.AnalysisCache)."""

    def get_page(self, url: str) -> StoredPage | None: ...

    def put_page(
        self, url: str, etag: str | None, last_modified: str | None, body: bytes, headers: dict[str, str] | None = None
    ) -> None: ...


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _stored_page(store: PageStore | None, url: str) -> Page | None:
    stored = store.get_page(url) if store is not None else None
    if stored is None:
        return None
    headers = {k.lower(): v for k, v in (stored.headers or {}).items()}
    content_type, charset = _parse_content_type(headers.get("content-type", ""))
    fetched_at = headers.get("fetched-at") or datetime.fromtimestamp(stored.fetched, UTC).isoformat()
    return Page(
        url=url,
        final_url=headers.get("final-url") or stored.url or url,
        status=200,
        content_type=content_type,
        charset=charset,
        body=bytes(stored.body),
        etag=stored.etag,
        last_modified=stored.last_modified,
        fetched_at=fetched_at,
    )


def _store_page(store: PageStore | None, page: Page) -> None:
    if store is not None:
        store.put_page(page.url, page.etag, page.last_modified, page.body, page.headers_to_store())


# --------------------------------------------------------------------------- fetching


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by `fetch` itself: its own limit, loop check and error lines."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Deadline:
    """The whole fetch's time limit, headers included: a server dripping its status line and headers a
    byte at a time never trips the per-read timeout, so each connection's socket is shut down when the
    time is up (a blocked read then ends at once)."""

    def __init__(self, at: float) -> None:
        self.at = at
        self._timers: list[threading.Timer] = []

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def watch(self, sock: socket.socket) -> None:
        timer = threading.Timer(max(0.0, self.at - time.monotonic()), _shut_down, (sock,))
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


def _shut_down(sock: socket.socket) -> None:
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the raw socket's, also under TLS
    except OSError:
        pass


def _watched(base: type[http.client.HTTPConnection], deadline: _Deadline) -> type[http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    return Watched


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req, context=self._context)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirect, _DeadlineHTTPHandler(deadline), _DeadlineHTTPSHandler(deadline))


def fetch(
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    store: PageStore | None = None,
    refresh: bool = False,
    deadline: float | None = None,
) -> Page:
    """GET `url`, following redirects; raise `SourceError` (one line) on any failure.

    With `etag`/`last_modified` (or a stored page when `refresh`), the request is conditional and a
    304 answer gives a page with `not_modified=True` (the stored body when there is one).
    With a `store` and no `refresh`, a stored page is returned without any request.
    The whole fetch (connection, headers, body, redirects) ends by `timeout * TOTAL_TIME_FACTOR`,
    or by `deadline` (a `time.monotonic()` value, e.g. a whole feed's) when that comes first.
    """
    stored = _stored_page(store, url)
    if stored is not None and not refresh:
        return replace(stored, from_cache=True, not_modified=False)
    if stored is not None:
        etag = etag or stored.etag
        last_modified = last_modified or stored.last_modified
    _check_url(url)
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
        "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Encoding": "gzip",
        "Accept-Language": "fr,en;q=0.8",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    if deadline is not None and started >= deadline:
        raise SourceError(f"{url}: not fetched, out of time (the deadline for the whole feed has passed)")
    limit = min(time.monotonic() + timeout * TOTAL_TIME_FACTOR, deadline if deadline is not None else float("inf"))
    watch = _Deadline(limit)
    try:
        return _fetch_watched(url, headers, stored, store, timeout, max_bytes, max_redirects, watch)
    except SourceError as exc:
        if watch.passed and "timed out" not in str(exc):  # the socket was shut down under a read: say why
            raise SourceError(f"{url}: timed out after {max(0.0, limit - started):.3g} s (the server answers too slowly)") from None
        raise
    finally:
        watch.cancel()


def _fetch_watched(
    url: str,
    headers: dict[str, str],
    stored: Page | None,
    store: PageStore | None,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    watch: _Deadline,
) -> Page:
    deadline = watch.at
    current, seen = url, {url}
    opener = _opener(watch)
    for _hop in range(max_redirects + 1):
        if watch.passed:
            raise SourceError(f"{url}: timed out")
        response = _open(current, headers, timeout, opener)
        with response:
            status = response.status
            if status in _REDIRECT_CODES:
                current = _next_location(url, current, response.headers.get("Location"), seen)
                continue
            if status == 304:
                return _not_modified(url, current, response, stored)
            if status >= 400:
                reason = response.reason or http.client.responses.get(status, "")
                raise SourceError(f"{url}: HTTP {status} {reason}".rstrip())
            body = _read_body(response, url, max_bytes, timeout, deadline)
            page = _page_from_response(url, current, response, body)
        _store_page(store, page)
        return page
    raise SourceError(f"{url}: too many redirects (more than {max_redirects})")


def _check_url(url: str) -> None:
    if re.search(r"[\x00-\x20\x7f-\x9f]", url):  # spaces and control characters: never sent, never echoed
        raise SourceError(f"{printable(url)!r}: not a valid URL (spaces or control characters)")
    try:
        parts = urllib.parse.urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        ok = False
    if not ok:
        raise SourceError(f"{url}: not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        # Never sent, never echoed: the password would end up in error lines, notices and exports.
        raise SourceError(f"{_shown(url)}: a user name or password in the URL is refused (presse sends no credentials)")


def _shown(url: str) -> str:
    """`url` fit to be shown: its user name and password (if any) replaced by `…`."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc="…@" + parts.netloc.rsplit("@", 1)[1]))


def _wire_url(url: str) -> str:
    """The URL as sent: an internationalised host in IDNA, other non-ASCII characters percent-encoded."""
    if url.isascii():
        return url
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise SourceError(f"{url}: not a valid host name") from None
    netloc = host if parts.port is None else f"{host}:{parts.port}"  # credentials in a URL are not sent

    def quote(part: str) -> str:
        return urllib.parse.quote(part, safe="/%:@!$&'()*+,;=-._~?")

    return urllib.parse.urlunsplit((parts.scheme, netloc, quote(parts.path), quote(parts.query), quote(parts.fragment)))


def _open(url: str, headers: dict[str, str], timeout: float, opener: urllib.request.OpenerDirector) -> Any:
    """The response (an error status is a response too); connection problems become SourceError."""
    request = urllib.request.Request(_wire_url(url), headers=headers)
    try:
        return opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:  # 3xx (no auto-redirect), 304, 4xx, 5xx: read like a response
        return exc
    except urllib.error.URLError as exc:
        raise SourceError(f"{url}: {_network_reason(exc.reason, timeout)}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise SourceError(f"{url}: {_network_reason(exc, timeout)}") from None


def _network_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "cannot find the host (DNS lookup failed)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate rejected ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, http.client.HTTPException):
        return f"bad HTTP response ({type(reason).__name__})"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot connect ({reason.strerror})"
    return f"cannot fetch ({reason})"


def _next_location(url: str, current: str, location: str | None, seen: set[str]) -> str:
    if not location:
        raise SourceError(f"{url}: redirect without a Location header")
    target = urllib.parse.urljoin(current, location.strip())
    _check_url(target)
    if target in seen:
        raise SourceError(f"{url}: redirect loop (back to {target})")
    seen.add(target)
    return target


def _not_modified(url: str, final_url: str, response: Any, stored: Page | None) -> Page:
    now = _now()
    if stored is not None:
        return replace(stored, not_modified=True, from_cache=False, fetched_at=now)
    return Page(
        url=url,
        final_url=final_url,
        status=304,
        content_type="",
        charset=None,
        body=b"",
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        fetched_at=now,
        not_modified=True,
    )


def _page_from_response(url: str, final_url: str, response: Any, body: bytes) -> Page:
    content_type, charset = _parse_content_type(response.headers.get("Content-Type", ""))
    return Page(
        url=url,
        final_url=final_url,
        status=response.status,
        content_type=content_type,
        charset=charset,
        body=body,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
    )


def _parse_content_type(value: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from 'text/html; charset="UTF-8"'; ("", None) when absent."""
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("'\"") or None
    return media.strip().lower(), charset


def _read_body(response: Any, url: str, max_bytes: int, timeout: float, deadline: float) -> bytes:
    """Read at most `max_bytes` (decompressed), chunk by chunk: a huge body is never held whole."""
    too_large = f"{url}: the page is too large (more than {_human_size(max_bytes)})"
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes and not response.headers.get("Content-Encoding"):
        raise SourceError(too_large)
    decoder = _decompressor(url, response.headers.get("Content-Encoding", ""))
    read = getattr(response, "read1", response.read)
    parts: list[bytes] = []
    total = received = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise SourceError(f"{url}: timed out after {timeout * TOTAL_TIME_FACTOR:g} s (download too slow)")
            chunk = read(64 * 1024)
            if not chunk:
                break
            received += len(chunk)
            data = decoder(chunk, max_bytes - total + 1) if decoder else chunk
            total += len(data)
            if total > max_bytes:
                raise SourceError(too_large)
            parts.append(data)
    except (TimeoutError, socket.timeout):
        raise SourceError(f"{url}: timed out after {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise SourceError(f"{url}: {_network_reason(exc, timeout)}") from None
    except zlib.error:
        raise SourceError(f"{url}: the compressed body is corrupt") from None
    if declared.strip().isdigit() and received < int(declared):
        # The connection closed early: half a page must not be analysed and cached as the page.
        raise SourceError(f"{url}: the answer was cut short ({received:,} of {int(declared):,} bytes)")
    return b"".join(parts)


def _decompressor(url: str, encoding: str) -> Callable[[bytes, int], bytes] | None:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise SourceError(f"{url}: unsupported content encoding {encoding!r}")
    # wbits=47: zlib or gzip header, detected. Output is bounded per call so a zip bomb never inflates.
    inflater = zlib.decompressobj(wbits=47)

    def inflate(chunk: bytes, limit: int) -> bytes:
        out = inflater.decompress(chunk, limit)
        while inflater.unconsumed_tail and len(out) <= limit:
            out += inflater.decompress(inflater.unconsumed_tail, limit + 1 - len(out))
        return out

    return inflate


def _human_size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


# --------------------------------------------------------------------------- what the body is

_LEADING_JUNK = re.compile(rb"^(?:\s+|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w.:-]*)")


def _first_tag(body: bytes) -> str | None:
    head = body[:4096]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != codecs.BOM_UTF8:  # crude but enough to see the root tag's ASCII name
                head = head.replace(b"\x00", b"")
            break
    head = head[_LEADING_JUNK.match(head).end() :]  # type: ignore[union-attr]
    m = _FIRST_TAG.match(head)
    return m.group(1).decode("ascii", "replace").lower() if m else None


def page_kind(content_type: str, body: bytes) -> PageKind:
    """html, feed, text or other: the body's root element decides, the Content-Type otherwise."""
    root = _first_tag(body)
    if root in ("rss", "feed", "rdf:rdf"):
        return "feed"
    if root in ("html", "head", "body"):
        return "html"
    if content_type in _FEED_TYPES:
        return "feed"
    if content_type in _HTML_TYPES:
        return "html"
    if content_type in _TEXT_TYPES:
        return "text"
    if content_type in _XML_TYPES or content_type.endswith("+xml"):
        return "other"  # XML that is not a feed
    if content_type in ("", "application/octet-stream") and root is not None:
        return "html"  # untyped markup: let the extractor try
    return "other"
