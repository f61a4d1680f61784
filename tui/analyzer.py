"""How the reader gets analyses: a small protocol, and three ways to satisfy it.

The app calls `analyze(article)` from a worker thread, never from the UI thread. An analyzer may also offer
`lookup(article)` (a cheap, spaCy-free answer, e.g. from the cache, tried first for every article),
`prepare()` (load the model; the app shows "loading model…" meanwhile) and `close()`.

- `SubprocessAnalyzer`: the real one, spaCy in `python -m presse.worker` (the UI never holds the GIL for it).
- `InProcessAnalyzer`: spaCy in this process (tests pass the session `nlp`).
- `PrecomputedAnalyzer`: analyses given up front (tests, benchmarks).
- `CachedAnalyzer`: wraps one of them with the analysis cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from presse.errors import ModelError, PresseError
from presse.model import Analysis, Article


@runtime_checkable
class Analyzer(Protocol):
    def analyze(self, article: Article) -> Analysis: ...


def lookup(analyzer: Analyzer, article: Article) -> Analysis | None:
    fn = getattr(analyzer, "lookup", None)
    return fn(article) if fn else None


def prepare(analyzer: Analyzer) -> None:
    fn = getattr(analyzer, "prepare", None)
    if fn:
        fn()


def close(analyzer: Analyzer) -> None:
    fn = getattr(analyzer, "close", None)
    if fn:
        fn()


class FunctionAnalyzer:
    """Any `article -> Analysis` callable."""

    def __init__(self, fn: Callable[[Article], Analysis]) -> None:
        self._fn = fn

    def analyze(self, article: Article) -> Analysis:
        return self._fn(article)


class PrecomputedAnalyzer:
    """Analyses known in advance, by article id; `lookup` answers at once."""

    def __init__(self, analyses: Iterable[Analysis]) -> None:
        self._by_id = {a.article.id: a for a in analyses}

    def lookup(self, article: Article) -> Analysis | None:
        return self._by_id.get(article.id)

    def analyze(self, article: Article) -> Analysis:
        found = self._by_id.get(article.id)
        if found is None:
            raise PresseError(f"no analysis for {article.source}")
        return found


class InProcessAnalyzer:
    """spaCy in this process: `nlp` given (tests) or loaded on `prepare`."""

    def __init__(self, model: str | None = None, nlp: Any = None) -> None:
        from presse import nlp as nlp_mod

        self.model = model or nlp_mod.DEFAULT_MODEL
        self._nlp = nlp
        self._lock = threading.Lock()

    def prepare(self) -> None:
        from presse import nlp as nlp_mod

        with self._lock:
            if self._nlp is None:
                self._nlp = nlp_mod.load(self.model)

    def analyze(self, article: Article) -> Analysis:
        from presse.pipeline import analyze_many

        self.prepare()
        with self._lock:
            return next(analyze_many([article], model=self.model, nlp=self._nlp))


class SubprocessAnalyzer:
    """spaCy in `python -m presse.worker`: JSON lines over pipes, one request at a time."""

    def __init__(self, model: str | None = None, python: str | None = None) -> None:
        from presse.nlp import DEFAULT_MODEL

        self.model = model or DEFAULT_MODEL
        self.model_id: str | None = None
        self._python = python or sys.executable
        self._proc: subprocess.Popen[str] | None = None
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self._lock = threading.Lock()
        self._fatal: str | None = None

    def prepare(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._fatal:
            raise ModelError(self._fatal)
        if self._proc is not None and self._proc.poll() is None:
            return
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self._proc = subprocess.Popen(
            [self._python, "-m", "presse.worker", "--model", self.model],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,  # spaCy's warnings must not reach the terminal the app draws on
            text=True,
            encoding="utf-8",
            env=env,
        )
        first = self._read()
        if "ready" in first:
            self.model_id = str(first["ready"])
            return
        self._fatal = str(first.get("error") or "the analysis worker did not start")
        self._stop()
        raise ModelError(self._fatal)

    def _read(self) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise PresseError(f"the analysis worker stopped{self._stderr_tail()}")
        return json.loads(line)

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            lines = [ln for ln in self._stderr.read().splitlines() if ln.strip()]
        except OSError:
            return ""
        return f": {lines[-1]}" if lines else ""

    def analyze(self, article: Article) -> Analysis:
        from presse.worker import article_to_dict

        with self._lock:
            self._start()
            assert self._proc is not None and self._proc.stdin is not None
            try:
                self._proc.stdin.write(json.dumps(article_to_dict(article), ensure_ascii=True) + "\n")
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError):
                raise PresseError(f"the analysis worker stopped{self._stderr_tail()}") from None
            answer = self._read()
        if "error" in answer:
            raise PresseError(f"{article.source}: {answer['error']}")
        analysis = Analysis.from_dict(answer)
        analysis.article = article  # same text and id; keep the object the app already shows
        return analysis

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def close(self) -> None:
        # No lock: closing stdin also ends a request in progress (its reader sees end of file).
        self._stop()
        self._stderr.close()


# --- the analysis cache -----------------------------------------------------------------------------------


class _NoCache:
    notice: str | None = None

    def get(self, article_id: str, model: str) -> Analysis | None:
        return None

    def put(self, analysis: Analysis) -> None:
        return None


def open_cache(cache_dir: str | None, enabled: bool) -> Any:
    """The analysis cache (`presse.cache.AnalysisCache`) when available, else one that remembers nothing."""
    if not enabled:
        return _NoCache()
    try:
        from presse.cache import AnalysisCache  # type: ignore[import-not-found]
    except ImportError:
        return _NoCache()
    try:
        return AnalysisCache.open(cache_dir=cache_dir, enabled=enabled)
    except Exception as exc:  # noqa: BLE001 - a broken cache means no cache, never a crash
        nocache = _NoCache()
        nocache.notice = f"analysis cache unavailable: {exc}"
        return nocache


class CachedAnalyzer:
    """Answers from the cache without spaCy (`lookup`), else asks `inner` and stores the result."""

    def __init__(self, inner: Analyzer, cache: Any, model_id: str) -> None:
        self.inner = inner
        self.cache = cache
        self.model_id = model_id
        self.notice: str | None = getattr(cache, "notice", None)

    def lookup(self, article: Article) -> Analysis | None:
        try:
            found = self.cache.get(article.id, self.model_id)
        except Exception:  # noqa: BLE001 - a cache miss, whatever went wrong
            return None
        if found is not None:
            found.article = article
        return found or lookup(self.inner, article)

    def prepare(self) -> None:
        prepare(self.inner)

    def analyze(self, article: Article) -> Analysis:
        analysis = self.inner.analyze(article)
        try:
            self.cache.put(analysis)
        except Exception:  # noqa: BLE001 - failing to store is not failing to analyse
            pass
        return analysis

    def close(self) -> None:
        close(self.inner)
        closer = getattr(self.cache, "close", None)
        if closer:
            try:
                closer()
            except Exception:  # noqa: BLE001
                pass


def page_store(analyzer: Analyzer | None) -> Any:
    """The analysis cache behind `analyzer` when it can also keep fetched pages (`get_page`/`put_page`)."""
    cache = getattr(analyzer, "cache", None)
    return cache if hasattr(cache, "get_page") and hasattr(cache, "put_page") else None


def default_analyzer(model: str | None, cache_dir: str | None, no_cache: bool) -> Analyzer:
    """What `presse` uses: the cache in front of the worker subprocess."""
    from presse import nlp as nlp_mod

    name = model or nlp_mod.DEFAULT_MODEL
    worker = SubprocessAnalyzer(name)
    try:
        mid = nlp_mod.model_id(name)
    except ModelError:
        return worker  # the worker will report the missing model
    return CachedAnalyzer(worker, open_cache(cache_dir, enabled=not no_cache), mid)
