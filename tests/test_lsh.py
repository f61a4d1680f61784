"""presse.lsh on hand-made texts: bottom-2 sketches, common words, the band tables, groups, batches."""

from __future__ import annotations

import numpy as np
import pytest

from presse.lsh import MAX_KEY, MIN_BATCH, NearIndex, Signer, _BandTable


class Text:
    def __init__(self, text: str) -> None:
        self.words = text.split()
        self.n_words = len(self.words)


def permuted_shingles(signer: Signer, text: Text) -> np.ndarray:
    """(distinct shingles, num_perm): the permuted hash of each of the text's shingles, one at a time."""
    hashes, _ = signer.shingle_hashes([text])
    distinct = np.unique(hashes).astype(np.uint64)
    return ((distinct[:, None] * signer._a[None, :].astype(np.uint64) + signer._b[None, :]) & 0xFFFFFFFF).astype(np.uint32)


@pytest.mark.parametrize(
    "text",
    [
        "le ministre a annoncé une réforme des retraites pour le printemps prochain",
        "la réforme la réforme la réforme",  # repeated shingles count once
        "deux mots",  # a single shingle: no second value
    ],
)
def test_bottom_2_keeps_each_permutations_two_smallest_distinct_values(text: str) -> None:
    signer = Signer(num_perm=8, shingle=2, bottom=2)
    (signature,) = signer.signatures([Text(text)])
    values = np.sort(permuted_shingles(signer, Text(text)), axis=0)
    assert np.array_equal(signature[0::2], values[0])
    second = values[1] if len(values) > 1 else np.full(8, 0xFFFFFFFF, dtype=np.uint32)
    assert np.array_equal(signature[1::2], second)


def test_bottom_2_bands_are_shared_only_through_two_shared_shingles() -> None:
    signer = Signer(num_perm=64, shingle=2, bottom=2)
    index = NearIndex(signer, bands=64)
    rng = np.random.default_rng(7)
    one_shared = 0
    for n in range(200):  # windows sharing exactly one 2-gram ("porte parole")
        a = Text(f"a{n} b{n} porte parole c{n} d{n} e{n}")
        b = Text(f"x{n} y{n} porte parole z{n} v{n} {rng.integers(1000)}")
        keys = index.band_key_array(signer.signatures([a, b]))
        one_shared += int((keys[0] == keys[1]).sum())
    assert one_shared == 0
    original = Text("nous ne laisserons personne de côté et nous tiendrons parole")
    trimmed = Text("personne de côté et nous tiendrons")
    keys = index.band_key_array(signer.signatures([original, trimmed]))
    assert (keys[0] == keys[1]).sum() >= 4  # 4 of 9 shingles shared: C(4,2)/C(9,2) = 1/6 of the bands


def test_shingles_of_common_words_only_are_not_signed_unless_a_text_has_nothing_else() -> None:
    common = frozenset({"de", "la", "il", "y", "a"})
    signer = Signer(num_perm=16, shingle=2, common=common)
    plain = Signer(num_perm=16, shingle=2)
    texts = [Text("de la maison bleue"), Text("il y a"), Text("maison bleue")]
    _, counts = signer.shingle_hashes(texts)
    assert counts.tolist() == [2, 2, 1]  # "de la" dropped; "il y a" keeps both of its own
    _, plain_counts = plain.shingle_hashes(texts)
    assert plain_counts.tolist() == [3, 2, 1]
    with_stock, without = signer.signatures([Text("de la maison bleue"), Text("la maison bleue")])
    assert np.array_equal(with_stock, without)


def test_band_table_finds_the_first_key_of_every_band_key_like_a_dict() -> None:
    rng = np.random.default_rng(11)
    table, reference, serial = _BandTable(), {}, 0
    for size in [3, 50, 700, 20, 4000, 9000, 5]:  # runs merged, the filter of seen keys regrown
        wanted = rng.integers(0, 1 << 20, 2 * size, dtype=np.int64).astype(np.uint64)  # small: many repeats
        expected = np.array([reference.get(int(k), -1) for k in wanted])
        assert np.array_equal(table.lookup(np.sort(wanted))[np.argsort(np.argsort(wanted, kind="stable"), kind="stable")], expected)
        assert np.array_equal(table.lookup(wanted), expected)  # unsorted look-ups too
        new = np.array(sorted({int(k) for k in wanted} - reference.keys())[:size], dtype=np.uint64)
        values = np.arange(serial, serial + len(new), dtype=np.int64)
        rng.shuffle(values)
        table.add(new, values)
        reference.update(zip(new.tolist(), values.tolist(), strict=True))
        serial += len(new)
    assert table.entries == len(reference) and len(table.seen) >= 8 * len(reference)


def test_texts_of_one_group_are_never_candidates_of_each_other() -> None:
    calls: list[tuple[int, int]] = []

    def accept(earlier: int, key: int) -> float:
        calls.append((earlier, key))
        return 1.0

    index = NearIndex(Signer(num_perm=16, shingle=2, bottom=2), bands=16)
    same = "la commission européenne présentera son plan pour le climat mardi"
    for key in range(3):  # three windows of one quote, the same words
        index.add(key, Text(same), group=0)
    index.add(3, Text(same), group=3)  # a copy in another quote
    found = index.match(accept)
    assert calls == [(0, 3)] and found == {3: (0, 1.0)}
    index.add(4, Text(same), group=4)  # a later batch: the group's first text stands for it
    assert index.match(accept) == {4: (0, 1.0)}


def test_what_is_found_does_not_depend_on_the_batches() -> None:
    rng = np.random.default_rng(5)
    vocabulary = [f"w{k}" for k in range(300)]
    texts, groups = [], []
    for k in range(900):
        if k > 50 and rng.random() < 0.3:  # a copy of an earlier text with a word changed
            words = texts[int(rng.integers(k))].words.copy()
            words[int(rng.integers(len(words)))] = str(rng.choice(vocabulary))
        else:
            words = list(rng.choice(vocabulary, size=int(rng.integers(4, 12))))
        texts.append(Text(" ".join(words)))
        groups.append(k // 3)  # three texts a group, as a long quote's windows
    accept = lambda earlier, key: 1.0 if (earlier + key) % 3 else None  # noqa: E731 - a deterministic rule

    def run(batch: int) -> dict[int, tuple[int, float]]:
        index = NearIndex(Signer(num_perm=16, shingle=2, bottom=2), bands=16, bucket_cap=6)
        found: dict[int, tuple[int, float]] = {}
        for key, (text, group) in enumerate(zip(texts, groups, strict=True)):
            index.add(key, text, group=group)
            if index.pending >= batch and key % 3 == 2:  # a group is matched in one batch
                found.update(index.match(accept))
        found.update(index.match(accept))
        return found

    one_at_a_time, all_at_once = run(3), run(len(texts))
    assert one_at_a_time == all_at_once and len(all_at_once) > 100


def test_keys_must_fit_beside_a_band_key() -> None:
    index = NearIndex()
    with pytest.raises(ValueError):
        index.add(MAX_KEY + 1, Text("un deux trois quatre"))
    with pytest.raises(ValueError):
        index.add(-1, Text("un deux trois quatre"))


def test_batches_grow_with_the_index() -> None:
    index = NearIndex(Signer(num_perm=16, shingle=2), bands=16)
    for key in range(MIN_BATCH - 1):
        index.add(key, Text(f"mot{key} autre{key} encore{key}"))
    assert not index.due
    index.add(MIN_BATCH - 1, Text("un deux trois"))
    assert index.due
    index.match(lambda earlier, key: None)
    index.indexed = 8 * MIN_BATCH  # as if 8 batches were indexed: the next one is twice as large
    for key in range(MIN_BATCH, 2 * MIN_BATCH):
        index.add(key, Text(f"mot{key} autre{key} encore{key}"))
    assert not index.due
    for key in range(2 * MIN_BATCH, 3 * MIN_BATCH):
        index.add(key, Text(f"mot{key} autre{key} encore{key}"))
    assert index.due
