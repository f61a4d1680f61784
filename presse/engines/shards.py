"""An index folder (`presse index --output DIR`): analyses as `presse.analysis/1` JSON-lines shards.

    DIR/presse-index.json      what wrote it: {"schema": "presse.index/1", "model": ..., "analyzer": ...}
    DIR/part-000000.jsonl      one partition's analyses, one JSON object a line, collection order
    DIR/part-000000.sources    the sources that partition read (JSON strings, one a line): resuming skips them

A shard appears whole or not at all: it is written under a hidden temporary name and renamed (its
`.sources` first, so a shard never exists without it). Shards are read in name order, which is the
order the partitions were planned in. Cross-article repeats belong to the collection, not to a text:
shards hold each article's own analysis (as the cache does); the reader adds them when it opens the folder.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import PresseError, SourceError
from ..model import Analysis, Article, json_dumps

log = logging.getLogger(__name__)

MANIFEST = "presse-index.json"
INDEX_SCHEMA = "presse.index/1"
_SHARD = re.compile(r"^part-(\d{6,})\.jsonl$")


def is_index_folder(path: str | os.PathLike[str]) -> bool:
    return os.path.isfile(os.path.join(path, MANIFEST))


def shard_name(seq: int) -> str:
    return f"part-{seq:06d}.jsonl"


def sources_name(seq: int) -> str:
    return f"part-{seq:06d}.sources"


def shard_seqs(folder: str | os.PathLike[str]) -> list[int]:
    """The partitions written to `folder` (whole shards only), in order."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(int(m.group(1)) for m in map(_SHARD.match, names) if m)


def read_manifest(folder: str | os.PathLike[str]) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(folder, MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise PresseError(f"{folder}: unreadable {MANIFEST} ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != INDEX_SCHEMA:
        raise PresseError(f"{folder}: {MANIFEST} is not a {INDEX_SCHEMA} manifest")
    return data


def prepare_output(folder: str | os.PathLike[str], model_id: str, analyzer: str) -> None:
    """Create `folder` (or check it holds analyses by the same model and analyzer) and its manifest."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise PresseError(f"{folder}: not a folder")
    manifest = read_manifest(path)
    if manifest is not None:
        if (manifest.get("model"), manifest.get("analyzer")) != (model_id, analyzer):
            raise PresseError(
                f"{folder} holds analyses by {manifest.get('model')} (analyzer {manifest.get('analyzer')}), "
                f"not {model_id} (analyzer {analyzer}): choose another --output folder"
            )
        return
    if path.is_dir() and any(not n.startswith(".") for n in os.listdir(path)):
        raise PresseError(f"{folder}: not empty and not a presse index folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        write_atomic(path / MANIFEST, json.dumps({"schema": INDEX_SCHEMA, "model": model_id, "analyzer": analyzer}) + "\n")
    except OSError as exc:
        raise PresseError(f"{folder}: cannot write ({exc.strerror or exc})") from None


def done_sources(folder: str | os.PathLike[str]) -> set[str]:
    """The sources already in whole shards of `folder`: a new run skips them."""
    done: set[str] = set()
    for seq in shard_seqs(folder):
        try:
            with open(Path(folder, sources_name(seq)), encoding="utf-8") as handle:
                done.update(json.loads(line) for line in handle if line.strip())
        except (OSError, ValueError) as exc:  # a shard without its list: its sources run again
            log.warning("%s: %s", sources_name(seq), exc)
    return done


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` under a hidden temporary name in the same folder, then rename it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_shard(folder: str | os.PathLike[str], seq: int, analyses: Iterable[Analysis], sources: Iterable[str]) -> Path:
    """One partition's shard, atomically: its sources list first, then the analyses."""
    path = Path(folder)
    write_atomic(path / sources_name(seq), "".join(json_dumps(s) + "\n" for s in sources))
    shard = path / shard_name(seq)
    write_atomic(shard, "".join(a.to_json() + "\n" for a in analyses))
    return shard


def read_shard(path: str | os.PathLike[str]) -> Iterator[Analysis]:
    """The analyses of one shard; a line that is not a `presse.analysis/1` object is a SourceError."""
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield Analysis.from_json(line)
            except (ValueError, KeyError, TypeError) as exc:
                raise SourceError(f"{path}:{number}: not a presse.analysis/1 line ({exc})") from None


def read_index(folder: str | os.PathLike[str]) -> Iterator[Analysis]:
    """Every analysis of an index folder, in collection order."""
    for seq in shard_seqs(folder):
        yield from read_shard(Path(folder, shard_name(seq)))


def load_index_folder(folder: str | os.PathLike[str], store: Any = None) -> list[Article]:
    """The articles of an index folder. With `store` (the analysis cache) and a manifest naming this
    analyzer, the analyses go into it too, so opening the folder does not analyse anything again."""
    from .. import analyzer_version

    manifest = read_manifest(folder) or {}
    seed = store is not None and getattr(store, "enabled", False) and manifest.get("analyzer") == analyzer_version()
    articles: list[Article] = []
    batch: list[Analysis] = []
    for analysis in read_index(folder):
        articles.append(analysis.article)
        if seed:
            batch.append(analysis)
            if len(batch) >= 500:
                store.put_many(batch)
                batch.clear()
    if seed and batch:
        store.put_many(batch)
    if not articles:
        raise SourceError(f"{folder}: the index folder holds no analysis yet")
    return articles
