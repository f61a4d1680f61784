"""The analysis cache: finished analyses (and fetched pages) in one SQLite file under the user cache folder.

An analysis is keyed by the article id (sha256 of its text), the model id (`fr_core_news_md-3.8.0`) and
`presse.analyzer_version()`, so a new model or a new analyzer never serves stale results. Reading the cache
never imports spaCy. The cache is an optimisation: when it cannot be used it says so once (`notice`) and
the program runs without it; a damaged file is moved aside (same folder, timestamped name) and rebuilt.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import analyzer_version
from .errors import ModelError
from .model import Analysis, Article, text_id

ENV_CACHE_DIR = "PRESSE_CACHE_DIR"
DB_NAME = "presse-cache.sqlite3"
# Bump when the tables change: an older file is then dropped and rebuilt (it is only a cache).
SCHEMA_VERSION = "1"
BUSY_TIMEOUT_MS = 10_000
_MODEL_ID = re.compile(r"-\d+(\.\d+)*([.-]?\w+)?$")  # `name-3.8.0`: already a model id

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS analyses (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    analyzer TEXT NOT NULL,
    json TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (article_id, model, analyzer)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    body BLOB NOT NULL,
    headers TEXT NOT NULL,
    fetched REAL NOT NULL
);
"""


def default_cache_dir() -> Path:
    """`PRESSE_CACHE_DIR`, else the platform's user cache folder (~/.cache/presse on Linux)."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("presse", appauthor=False))


@functools.lru_cache(maxsize=16)
def model_key(model: str) -> str:
    """The model part of the key: `fr_core_news_md` -> `fr_core_news_md-3.8.0`; an id is kept as is."""
    if _MODEL_ID.search(model):
        return model
    from .nlp import model_id

    return model_id(model)


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched source, for conditional requests (ETag / Last-Modified) and offline reopening."""

    url: str
    etag: str | None
    last_modified: str | None
    body: bytes
    headers: dict[str, str]
    fetched: float


@dataclass(slots=True)
class CacheStats:
    hits: int = 0
    misses: int = 0
    writes: int = 0


@dataclass(eq=False)
class AnalysisCache:
    """Use `AnalysisCache.open(...)`. Thread-safe: one connection, used under a lock."""

    path: Path | None
    enabled: bool
    notice: str | None = None
    stats: CacheStats = field(default_factory=CacheStats)
    _conn: sqlite3.Connection | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, cache_dir: str | os.PathLike[str] | None = None, enabled: bool = True) -> AnalysisCache:
        """The cache in `cache_dir` (default: `default_cache_dir()`); never raises: see `notice`."""
        if not enabled:
            return cls(path=None, enabled=False)
        try:
            folder = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
        except Exception as exc:  # noqa: BLE001 - no home folder, odd platform: run without cache
            return cls.disabled(f"analysis cache off: no cache folder ({exc})")
        cache = cls(path=folder / DB_NAME, enabled=True)
        cache._connect()
        return cache

    @classmethod
    def disabled(cls, notice: str | None = None) -> AnalysisCache:
        return cls(path=None, enabled=False, notice=notice)

    def _connect(self) -> None:
        assert self.path is not None
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError("folder is not writable")
        except OSError as exc:
            self._disable(f"analysis cache off: cannot write to {folder} ({_reason(exc)})")
            return
        try:
            self._conn = self._open_db()
        except sqlite3.OperationalError as exc:  # unable to open, read-only, locked for too long...
            self._close_quietly()
            self._disable(f"analysis cache off: cannot open {self.path} ({_reason(exc)})")
        except sqlite3.DatabaseError as exc:
            # Not a database, truncated, wrong format: keep it for inspection, start again.
            self._close_quietly()
            self._move_aside(exc)
            if not self.enabled:
                return
            try:
                self._conn = self._open_db()
            except (sqlite3.Error, OSError) as exc2:
                self._close_quietly()
                self._disable(f"analysis cache off: cannot create {self.path} ({_reason(exc2)})")
        except (sqlite3.Error, OSError) as exc:
            self._close_quietly()
            self._disable(f"analysis cache off: cannot open {self.path} ({_reason(exc)})")

    def _open_db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None)
        self._conn = conn
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # WAL: readers (the app) never wait for the writer (an index run), and a crash keeps the file sound.
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot use WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            if row is not None:  # an older layout: a cache, so drop and rebuild
                conn.executescript("DROP TABLE analyses; DROP TABLE pages;" + _SCHEMA)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return conn

    def _move_aside(self, exc: BaseException) -> None:
        """Rename the damaged file (and its WAL companions) in place: `NAME.corrupt-YYYYmmddTHHMMSS`."""
        assert self.path is not None
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.rename(aside.with_name(aside.name + suffix))
        except OSError as exc2:
            self._disable(f"analysis cache off: {self.path} is unreadable ({_reason(exc)}) and cannot be moved ({_reason(exc2)})")
            return
        self.notice = f"analysis cache was unreadable ({_reason(exc)}): moved to {aside.name} and rebuilt"

    def _disable(self, notice: str) -> None:
        self.enabled = False
        self.notice = notice
        self._close_quietly()

    def _close_quietly(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self._close_quietly()

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- guarded access --------------------------------------------------------------------------

    def _run(self, work: Any, default: Any) -> Any:
        """Run `work(conn)` under the lock; damage found on the way moves the file aside, once."""
        if not self.enabled or self._conn is None:
            return default
        with self._lock:
            for attempt in (1, 2):
                if self._conn is None:
                    return default
                try:
                    return work(self._conn)
                except sqlite3.OperationalError as exc:
                    if _is_busy(exc):  # another process holds the lock too long: skip this once, stay on
                        return default
                    if attempt == 2 or _is_environment(exc):  # read-only file, full disk...: stop using it
                        self._disable(f"analysis cache off: cannot use {self.path} ({_reason(exc)})")
                        return default
                    self._recover(exc)  # e.g. a table gone missing: rebuild
                except sqlite3.DatabaseError as exc:  # malformed page found late: move aside and rebuild
                    if attempt == 2:
                        self._disable(f"analysis cache off: {self.path} keeps failing ({_reason(exc)})")
                        return default
                    self._recover(exc)
            return default

    def _recover(self, exc: BaseException) -> None:
        self._close_quietly()
        self._move_aside(exc)
        if self.enabled:
            try:
                self._conn = self._open_db()
            except (sqlite3.Error, OSError) as exc2:
                self._close_quietly()
                self._disable(f"analysis cache off: cannot create {self.path} ({_reason(exc2)})")

    # -- analyses --------------------------------------------------------------------------------

    def _lookup_key(self, model: str) -> str | None:
        """The model part of a lookup, or None when nothing can be found (cache off, model unknown)."""
        if not self.enabled:
            return None
        try:
            return model_key(model)
        except ModelError:
            return None

    def get(self, article_id: str, model: str, article: Article | None = None) -> Analysis | None:
        """The cached analysis of the text `article_id` by `model` (a name or an id), or None.

        The same text may have been cached from another file: pass `article` to get the analysis
        of this copy (its source, title and meta; the offsets are the same since the text is).
        """
        key = self._lookup_key(model)
        if key is None:
            return None
        row = self._run(
            lambda c: c.execute(
                "SELECT json FROM analyses WHERE article_id=? AND model=? AND analyzer=?",
                (article_id, key, analyzer_version()),
            ).fetchone(),
            None,
        )
        if row is None:
            self.stats.misses += 1
            return None
        analysis = self._decode(article_id, key, row[0])
        if analysis is None:
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return with_article(analysis, article) if article is not None else analysis

    def get_many(self, article_ids: Iterable[str], model: str) -> dict[str, Analysis]:
        """The cached analyses among `article_ids`, by id (one query per 500 ids)."""
        key = self._lookup_key(model)
        if key is None:
            return {}
        ids = list(dict.fromkeys(article_ids))
        found: dict[str, Analysis] = {}
        for article_id, text in self._rows_for_ids("article_id, json", ids, key):
            analysis = self._decode(article_id, key, text)
            if analysis is not None:
                found[article_id] = analysis
        self.stats.hits += len(found)
        self.stats.misses += len(ids) - len(found)
        return found

    def _decode(self, article_id: str, key: str, text: str) -> Analysis | None:
        """The analysis in a row, or None for a row that is damaged or from an incompatible writer:
        that row is dropped, so the article is analysed again and the row rewritten."""
        try:
            analysis = Analysis.from_json(text)
            check_sound(analysis, article_id)
            return analysis
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            self._run(
                lambda c: c.execute(
                    "DELETE FROM analyses WHERE article_id=? AND model=? AND analyzer=?", (article_id, key, analyzer_version())
                ),
                None,
            )
            return None

    def cached_ids(self, article_ids: Iterable[str], model: str) -> set[str]:
        """Which of `article_ids` have an analysis by `model` (no decoding: for resuming an index)."""
        key = self._lookup_key(model)
        if key is None:
            return set()
        return {row[0] for row in self._rows_for_ids("article_id", list(dict.fromkeys(article_ids)), key)}

    def _rows_for_ids(self, columns: str, ids: list[str], key: str) -> Iterator[tuple[Any, ...]]:
        """`columns` of the analyses of `ids` by model `key`, queried in chunks under SQLite's variable limit."""
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            yield from self._run(
                lambda c, chunk=chunk, marks=marks: c.execute(
                    f"SELECT {columns} FROM analyses WHERE model=? AND analyzer=? AND article_id IN ({marks})",
                    (key, analyzer_version(), *chunk),
                ).fetchall(),
                [],
            )

    def contains(self, article_id: str, model: str) -> bool:
        key = self._lookup_key(model)
        if key is None:
            return False
        row = self._run(
            lambda c: c.execute(
                "SELECT 1 FROM analyses WHERE article_id=? AND model=? AND analyzer=?", (article_id, key, analyzer_version())
            ).fetchone(),
            None,
        )
        return row is not None

    def put(self, analysis: Analysis) -> bool:
        return self.put_many([analysis]) == 1

    def put_many(self, analyses: Iterable[Analysis]) -> int:
        """Store analyses (one transaction); how many were kept: 0 when the cache is off or the write
        failed (read-only file, full disk: `notice` then says why). Cross-article repeats depend on
        the collection: not stored."""
        if not self.enabled:
            return 0
        now = time.time()
        rows = [(a.article.id, a.model, analyzer_version(), _article_only(a).to_json(), now) for a in analyses]
        if not rows:
            return 0

        def write(c: sqlite3.Connection) -> int:
            with _transaction(c):
                c.executemany("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?)", rows)
            return len(rows)

        kept = int(self._run(write, 0))
        self.stats.writes += kept
        return kept

    def count(self) -> int:
        row = self._run(lambda c: c.execute("SELECT count(*) FROM analyses").fetchone(), (0,))
        return int(row[0])

    # -- fetched pages ---------------------------------------------------------------------------

    def get_page(self, url: str) -> Page | None:
        row = self._run(
            lambda c: c.execute("SELECT url, etag, last_modified, body, headers, fetched FROM pages WHERE url=?", (url,)).fetchone(),
            None,
        )
        if row is None:
            return None
        try:
            headers = json.loads(row[4])
        except ValueError:
            headers = {}
        return Page(url=row[0], etag=row[1], last_modified=row[2], body=bytes(row[3]), headers=headers, fetched=row[5])

    def put_page(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        values = (url, etag, last_modified, sqlite3.Binary(body), json.dumps(dict(headers or {})), time.time())

        def write(c: sqlite3.Connection) -> None:
            with _transaction(c):
                c.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)", values)

        self._run(write, None)


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT (autocommit connection): takes the write lock up front, waits on busy."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            # SQLite may already have rolled back (disk full): a failing ROLLBACK must not hide the reason.
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass


_ENTITY_LABELS = frozenset({"PER", "LOC", "ORG", "MISC"})
_QUOTE_KINDS = frozenset({"direct", "partial", "term", "indirect"})
_REPEAT_KINDS = frozenset({"exact", "near", "paraphrase"})


def check_sound(analysis: Analysis, article_id: str) -> None:
    """Raise ValueError unless every offset and index of a cached analysis points inside it.

    The cache file can be damaged or written by something else: a row read back is data from
    outside, and an out-of-range offset would crash every run that reads it (IndexError).
    """
    article = analysis.article
    n = len(article.text)
    if article.id != article_id or text_id(article.text) != article_id:
        raise ValueError("the text does not match its id")
    paragraphs = article.paragraphs
    previous_end = 0
    for i, p in enumerate(paragraphs):
        _check_span(p.start, p.end, n)
        if p.index != i or p.start < previous_end:
            raise ValueError(f"paragraph {i} out of order")
        previous_end = p.end
    count = len(paragraphs)
    for e in analysis.entities:
        _check_span(e.start, e.end, n)
        _check_index(e.paragraph, count)
        if e.label not in _ENTITY_LABELS or not isinstance(e.canonical, str) or not isinstance(e.text, str):
            raise ValueError("bad entity")
    for q in analysis.quotes:
        _check_span(q.start, q.end, n)
        _check_index(q.paragraph, count)
        if q.kind not in _QUOTE_KINDS or not isinstance(q.text, str):
            raise ValueError("bad quote")
        if q.speaker_start is not None or q.speaker_end is not None:
            _check_span(q.speaker_start, q.speaker_end, n)
    for sp in analysis.speakers:
        if not isinstance(sp.name, str) or not isinstance(sp.aliases, list):
            raise ValueError("bad speaker")
        for qi in sp.quotes:
            _check_index(qi, len(analysis.quotes))
    for r in analysis.repeats:
        _check_index(r.paragraph, count)
        if r.article is None:
            _check_index(r.same_as, count)
        if r.kind not in _REPEAT_KINDS or not isinstance(r.similarity, (int, float)):
            raise ValueError("bad repeat")


def _check_span(start: object, end: object, n: int) -> None:
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= n:
        raise ValueError(f"span {start!r}..{end!r} outside the text")


def _check_index(i: object, count: int) -> None:
    if type(i) is not int or not 0 <= i < count:
        raise ValueError(f"index {i!r} out of range")


def with_article(analysis: Analysis, article: Article) -> Analysis:
    """`analysis` (of the same text) attached to `article`: this copy's source, title and meta."""
    if article.id != analysis.article.id:
        raise ValueError("with_article: the article's text differs from the analysed text")
    analysis.article = article
    return analysis


def _article_only(analysis: Analysis) -> Analysis:
    """The analysis without cross-article repeats (those belong to a collection, not to the text)."""
    if all(r.article is None for r in analysis.repeats):
        return analysis
    from dataclasses import replace

    return replace(analysis, repeats=[r for r in analysis.repeats if r.article is None])


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_environment(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return any(word in text for word in ("readonly", "read-only", "disk", "unable to open", "permission", "full"))


def _reason(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0] or type(exc).__name__
