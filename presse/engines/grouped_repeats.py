"""Cross-article repeats grouped by the engine: no process holds the whole collection index.

The local path (`presse.collection.CollectionIndex`) walks the collection in order with one index in
memory. Here the same answer is reached with group-bys, each of which a Dask bag can shuffle across
the cluster (`DaskEngine.cross_repeats`); the functions below are the plain steps it maps:

1. `paragraph_records`: every paragraph long enough, first copy within its article, with its place in
   the collection (`Order`: partition, article, paragraph: the local path's insertion order).
2. by text hash (`exact_group`): the first place is the original, every later one an exact repeat;
   originals long enough go on to the near step (as in the local path, where exact copies never do).
3. by MinHash band key (`band_entries`, then `bucket_pairs`): candidate pairs, as `NearIndex` would
   propose them; a bucket stops taking paragraphs at `BUCKET_CAP`, as there.
4. candidate pairs joined with both texts (two group-bys on `Order`) and confirmed by the same rule,
   `presse.repeats.near_similarity`.
5. `resolve`: the confirmed pairs, few, in order: each paragraph takes its earliest confirmed
   candidate that is not itself a near repeat (the local index does not keep those).

One difference is known: the local index counts a bucket's cap in *indexed* paragraphs, this one in
near-step paragraphs (matched ones included); they differ only for a band value shared by more than
64 paragraphs one of which is a near repeat, and there the candidate was a common phrase anyway.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import numpy as np

from ..lsh import BUCKET_CAP, NearIndex, Signer
from ..model import Article, Repeat
from ..repeats import MIN_EXACT_WORDS, MIN_WORDS, ParagraphText, near_similarity

Order = tuple[int, int, int]  # (partition, article in partition, paragraph): the collection order


class Para(NamedTuple):
    order: Order
    article: str
    source: str
    hash: bytes
    near: bool  # long enough for the near step
    text: str


class Found(NamedTuple):
    """A repeat found: paragraph `order` of article `article` repeats `earlier`."""

    order: Order
    article: str
    earlier: Order
    earlier_article: str
    earlier_source: str
    kind: str
    similarity: float


def article_orders(seq: int, articles: Sequence[Article]) -> list[tuple[str, tuple[int, int]]]:
    return [(a.id, (seq, pos)) for pos, a in enumerate(articles)]


def paragraph_records(seq: int, articles: Sequence[Article], duplicates: frozenset[tuple[int, int]] = frozenset()) -> list[Para]:
    """The paragraphs the collection step looks at; `duplicates`: (seq, position) of articles whose
    text came earlier in the collection (skipped, as the local index skips an id it has seen)."""
    out: list[Para] = []
    for pos, article in enumerate(articles):
        if (seq, pos) in duplicates:
            continue
        first_here: set[bytes] = set()
        for p in article.paragraphs:
            raw = article.paragraph_text(p.index)
            text = ParagraphText(raw)
            if text.n_words < MIN_EXACT_WORDS or text.hash in first_here:
                continue
            first_here.add(text.hash)
            out.append(Para((seq, pos, p.index), article.id, article.source, text.hash, text.n_words >= MIN_WORDS, raw))
    return out


def exact_group(places: Iterable[Para]) -> tuple[list[Found], Para | None]:
    """One text hash's places: exact repeats of the first, and the first if it goes on to the near step."""
    first, *later = sorted(places)
    found = [Found(p.order, p.article, first.order, first.article, first.source, "exact", 1.0) for p in later]
    return found, first if first.near else None


def band_entries(records: Iterable[Para]) -> list[tuple[tuple[int, int], Order, str]]:
    """((band, band key), order, article) for each band of each record: one numpy pass for all."""
    records = list(records)  # a bag partition may be an iterator
    if not records:
        return []
    index = NearIndex(Signer())
    keys = index.band_keys(index.signer.signatures([ParagraphText(r.text) for r in records]))
    return [((band, key), r.order, r.article) for r, row in zip(records, keys, strict=True) for band, key in enumerate(row)]


def bucket_pairs(members: Iterable[tuple[Order, str]], cap: int = BUCKET_CAP) -> list[tuple[Order, Order]]:
    """(earlier, later) candidate pairs of one bucket, from different articles: a paragraph meets the
    ones before it while the bucket holds fewer than `cap` (then it is a common phrase: skipped)."""
    ordered = sorted(members)[:cap]
    return [(e, q) for i, (q, q_article) in enumerate(ordered) for e, e_article in ordered[:i] if e_article != q_article]


def resolve(exact: Iterable[Found], confirmed: Iterable[Found]) -> dict[str, list[Repeat]]:
    """Per article id, its repeats (by paragraph): exact ones, and each near-step paragraph's earliest
    confirmed candidate that is not itself a near repeat, walking the collection in order."""
    candidates: dict[Order, list[Found]] = defaultdict(list)
    for f in confirmed:
        candidates[f.order].append(f)
    matched: dict[Order, Found] = {}
    for order in sorted(candidates):
        for f in sorted(candidates[order], key=lambda f: f.earlier):
            if f.earlier not in matched:
                matched[order] = f
                break
    found: dict[str, dict[int, Repeat]] = defaultdict(dict)
    for f in (*exact, *matched.values()):
        found[f.article][f.order[2]] = Repeat(
            paragraph=f.order[2], same_as=f.earlier[2], kind=f.kind, similarity=f.similarity,  # type: ignore[arg-type]
            article=f.earlier_article, source=f.earlier_source,
        )
    return {aid: [reps[k] for k in sorted(reps)] for aid, reps in found.items()}


def confirm_group(order: Order, members: Iterable[tuple]) -> Iterator[Found]:
    """One later paragraph's text and its candidates (with their texts): the confirmed ones."""
    here: Para | None = None
    earlier: list[Para] = []
    for m in members:
        if m[0] == "text":
            here = m[1]
        else:
            earlier.append(m[1])
    if here is None:
        return
    text = ParagraphText(here.text)
    for e in earlier:
        similarity = near_similarity(ParagraphText(e.text), text)
        if similarity is not None:
            yield Found(here.order, here.article, e.order, e.article, e.source, "near", similarity)


def find_grouped(partitions: Sequence[tuple[int, Sequence[Article]]]) -> dict[str, list[Repeat]]:
    """The same steps in this process, plain dicts for the group-bys (the reference for the engine's)."""
    seen: dict[str, tuple[int, int]] = {}
    duplicates: set[tuple[int, int]] = set()
    for seq, articles in partitions:
        for aid, place in article_orders(seq, articles):
            if aid in seen:
                duplicates.add(place)
            else:
                seen[aid] = place
    records = [r for seq, arts in partitions for r in paragraph_records(seq, arts, frozenset(duplicates))]
    by_hash: dict[bytes, list[Para]] = defaultdict(list)
    for r in records:
        by_hash[r.hash].append(r)
    exact: list[Found] = []
    near: list[Para] = []
    for group in by_hash.values():
        found, original = exact_group(group)
        exact.extend(found)
        if original is not None:
            near.append(original)
    buckets: dict[tuple[int, int], list[tuple[Order, str]]] = defaultdict(list)
    for key, order, article in band_entries(near):
        buckets[key].append((order, article))
    pairs = {pair for members in buckets.values() if len(members) > 1 for pair in bucket_pairs(members)}
    by_order = {r.order: r for r in near}
    groups: dict[Order, list[tuple]] = defaultdict(list)
    for e, q in pairs:
        groups[q].append(("earlier", by_order[e]))
    confirmed = [f for q, members in groups.items() for f in confirm_group(q, [("text", by_order[q]), *members])]
    return resolve(exact, confirmed)


# -- small steps for the engine's bag (module-level: pickled by reference to the workers) ----------


def records_of(part: tuple[int, Sequence[Article]], duplicates: frozenset[tuple[int, int]]) -> list[Para]:
    return paragraph_records(part[0], part[1], duplicates)


def orders_of(part: tuple[int, Sequence[Article]]) -> list[tuple[str, tuple[int, int]]]:
    return article_orders(part[0], part[1])


def later_copies(group: tuple[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """An article id's places after the first: duplicates of an earlier text."""
    return sorted(group[1])[1:]


def append_place(acc: list[tuple[int, int]], item: tuple[str, tuple[int, int]]) -> list[tuple[int, int]]:
    return [*acc, item[1]]


def exact_of(group: tuple[bytes, list[Para]]) -> tuple[list[Found], Para | None]:
    return exact_group(group[1])


def bucket_of(group: tuple[tuple[int, int], list[tuple[tuple[int, int], Order, str]]]) -> list[tuple[Order, Order]]:
    members = group[1]
    return bucket_pairs([(order, article) for _, order, article in members]) if len(members) > 1 else []


def as_text(record: Para) -> tuple[Order, tuple[str, Para]]:
    return record.order, ("text", record)


def as_request(pair: tuple[Order, Order]) -> tuple[Order, tuple[str, Order]]:
    return pair[0], ("wanted by", pair[1])


def send_earlier(group: tuple[Order, list[tuple[Order, tuple]]]) -> list[tuple[Order, tuple[str, Para]]]:
    """An earlier paragraph's text, sent to each later paragraph it is a candidate of (once each)."""
    text = next((m[1] for _, m in group[1] if m[0] == "text"), None)
    wanted = {m[1] for _, m in group[1] if m[0] == "wanted by"}
    return [] if text is None else [(q, ("earlier", text)) for q in sorted(wanted)]


def confirm_of(group: tuple[Order, list[tuple[Order, tuple]]]) -> list[Found]:
    members = [m for _, m in group[1]]
    if not any(m[0] == "earlier" for m in members):
        return []
    unique = {m[1].order: m for m in members if m[0] == "earlier"}
    return list(confirm_group(group[0], [m for m in members if m[0] == "text"] + list(unique.values())))


# -- the band step in numpy: per partition one array of band keys, per band one task ---------------
# (a bag group-by of 32 small tuples per paragraph costs ~50 µs each on this machine; arrays, ~nothing)


def pack(order: Order) -> int:
    seq, pos, paragraph = order
    return (seq << 40) | (pos << 24) | paragraph


def unpack(value: int) -> Order:
    return value >> 40, (value >> 24) & 0xFFFF, value & 0xFFFFFF


def sign_partition(records: Iterable[Para]) -> tuple[np.ndarray, np.ndarray]:
    """(band keys: bands x n uint64, packed orders: n int64) of one partition's near-step paragraphs."""
    records = list(records)
    index = NearIndex(Signer())
    if not records:
        return np.zeros((index.bands, 0), dtype=np.uint64), np.zeros(0, dtype=np.int64)
    keys = index.band_key_array(index.signer.signatures([ParagraphText(r.text) for r in records]))
    return np.ascontiguousarray(keys.T), np.array([pack(r.order) for r in records], dtype=np.int64)


def band_column(signed: tuple[np.ndarray, np.ndarray], band: int) -> tuple[np.ndarray, np.ndarray]:
    keys, orders = signed
    return keys[band], orders


def band_pairs(*columns: tuple[np.ndarray, np.ndarray], cap: int = BUCKET_CAP) -> np.ndarray:
    """Candidate pairs (earlier, later: packed orders) of one band over every partition."""
    keys = np.concatenate([k for k, _ in columns]) if columns else np.zeros(0, dtype=np.uint64)
    orders = np.concatenate([o for _, o in columns]) if columns else np.zeros(0, dtype=np.int64)
    if len(keys) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    by = np.lexsort((orders, keys))
    keys, orders = keys[by], orders[by]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    ends = np.append(starts[1:], len(keys))
    pairs: list[tuple[int, int]] = []
    for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
        members = [(int(o), int(o) >> 24) for o in orders[start:end]]
        pairs.extend(bucket_pairs(members, cap))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def pairs_as_requests(pairs: np.ndarray) -> list[tuple[Order, tuple[str, Order]]]:
    return [(unpack(int(e)), ("wanted by", unpack(int(q)))) for e, q in pairs]


def split_pairs(pairs: np.ndarray, parts: int) -> list[np.ndarray]:
    """A band's pairs split by later paragraph (its hash), so one pair found in several bands meets
    its copies in the same `unique_pairs` task."""
    slot = (pairs[:, 1] * 0x9E3779B1 >> 7) % parts if len(pairs) else np.zeros(0, dtype=np.int64)
    return [pairs[slot == s] for s in range(parts)]


def unique_pairs(*slices: np.ndarray) -> list[tuple[Order, tuple[str, Order]]]:
    """The distinct pairs of one slot over every band, as text requests to the earlier paragraph."""
    pairs = np.unique(np.concatenate(slices), axis=0) if slices else np.zeros((0, 2), dtype=np.int64)
    return pairs_as_requests(pairs)
