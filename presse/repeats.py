"""Repeated paragraphs within an article: exact, near (a few words edited) and paraphrase (optional).

- exact: the same text once Unicode (NFKC), case, punctuation and whitespace are normalised;
  found by hashing the normalised text, so it is linear in the number of paragraphs.
- near: a rapidfuzz ratio and a word 3-gram Jaccard both above thresholds measured on the seed
  and on hand-made pairs (see `NEAR_RATIO`, `NEAR_JACCARD` and bench/README.md); candidates come
  from MinHash LSH (`presse.lsh.NearIndex`) past `ALL_PAIRS_MAX` paragraphs, so
  a 5,000-paragraph article is not compared all-pairs.
- paraphrase: cosine of a sentence encoder's vectors, only when `presse[paraphrase]` is installed.

A pair whose facts differ is never near nor paraphrase: each side has a number, a date word or a
name that the other lacks ("24 heures" / "48 heures", "Lyon" / "Lille"): a different fact, not a
rewording. A fact on one side only (a name added in an update) is not a conflict.
Paragraphs under `MIN_WORDS` words are only ever exact repeats (see `MIN_EXACT_WORDS`). Each repeat
points to the first occurrence: the strongest kind found (exact, near, paraphrase), then the
earliest paragraph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from . import paraphrase
from .model import Article, Repeat, RepeatKind

# Near and paraphrase need enough words for a few changed ones to be "a few".
MIN_WORDS = 8
# Exact repeats of very short paragraphs ("Lire aussi", "AFP", "Photo : X") are boilerplate, not
# reprinted content: they must still have this many words to be reported.
MIN_EXACT_WORDS = 4
# Measured (bench/bench_repeats.py --pairs, table in bench/README.md): hand-made near pairs score
# ratio >= 85.1 and 3-gram Jaccard >= 0.41 (the seed's 14/8: 95.5 / 0.75); the seed's reworded pair
# (5/0, a paraphrase) 84.9 / 0.26; every other seed pair and same-topic pair <= 55.1 / 0.06.
# Same-template pairs with other facts reach 99.1 / 0.76: only the facts check rejects those.
NEAR_RATIO = 80.0
NEAR_JACCARD = 0.35
SHINGLE = 3  # words per shingle (presse.lsh signs the same)
# Within one article, up to this many paragraphs are compared all-pairs (exact, a few ms);
# beyond, LSH candidates keep it near-linear.
ALL_PAIRS_MAX = 300

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Words that name a quantity or a date: changing one changes the fact, not the wording.
_FACT_WORDS = frozenset(
    """deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt
    trente quarante cinquante soixante septante octante nonante cent cents mille million millions
    milliard milliards lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril
    mai juin juillet août septembre octobre novembre décembre hier demain veille lendemain""".split()
)
_ORDINAL = re.compile(r"\w+ièmes?$")
# A capital after one of these (or at the start) starts a sentence or a quotation: not evidence of
# a name. Apostrophes and hyphens are not here: l'Ukraine, Jean-Pierre.
_SENTENCE_MARKS = frozenset('.!?…:;«»"“”‘()[]—–')
# Names compared loosely: transliterations (Zelensky / Zelenski) are the same person.
_SAME_NAME_RATIO = 80.0


def normalize(text: str) -> str:
    """NFKC, case-folded, every non-word character a space, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text.replace("_", " ")))


def text_hash(normalized: str) -> bytes:
    return hashlib.blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def fact_tokens(text: str) -> frozenset[str]:
    """Numbers, number and date words, and capitalised words inside a sentence (names, acronyms)."""
    text = unicodedata.normalize("NFKC", text)
    facts: set[str] = set(_NUMBER.findall(text))
    previous_end = 0
    for m in _WORD.finditer(text):
        word, gap = m.group(), text[previous_end : m.start()]
        sentence_start = previous_end == 0 or not _SENTENCE_MARKS.isdisjoint(gap)
        previous_end = m.end()
        low = word.casefold()
        if low in _FACT_WORDS or _ORDINAL.match(low):
            facts.add(low)
        elif word[0].isupper() and ((word.isupper() and len(word) > 1) or not sentence_start):
            facts.add(low)
    return frozenset(facts)


def facts_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when each side states a fact the other lacks (24 heures vs 48 heures, Lyon vs Lille).

    A fact present on one side only is an addition (a name added in an update), not a conflict.
    """
    only_a, only_b = a - b, b - a
    if not only_a or not only_b:
        return False
    for x in only_a:
        if x[0].isdigit() or not any(
            not y[0].isdigit() and fuzz.ratio(x, y) >= _SAME_NAME_RATIO for y in only_b
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Scores:
    ratio: float  # rapidfuzz ratio of the normalised texts, 0..100
    jaccard: float  # word 3-gram Jaccard, 0..1


class ParagraphText:
    """One paragraph's normalised forms. Slots, no per-object dict: a collection index keeps 100k."""

    __slots__ = ("raw", "norm", "n_words", "hash", "_facts")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.norm = normalize(raw)
        self.n_words = self.norm.count(" ") + 1 if self.norm else 0
        self.hash = text_hash(self.norm)
        self._facts: frozenset[str] | None = None

    @property
    def words(self) -> list[str]:
        # Not cached: an index of 100k paragraphs keeps only the normalised strings.
        return self.norm.split()

    @property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        return shingles(self.words)

    @property
    def facts(self) -> frozenset[str]:
        if self._facts is None:
            self._facts = fact_tokens(self.raw)
        return self._facts


class ArticleParagraph(ParagraphText):
    """A paragraph of the article being analysed: its shingles are kept once computed, since LSH
    candidates compare a paragraph of a long article with many others (a collection index, which
    holds 100k paragraphs, uses `ParagraphText` and keeps only the normalised strings)."""

    __slots__ = ("_shingles",)

    def __init__(self, raw: str) -> None:
        super().__init__(raw)
        self._shingles: frozenset[tuple[str, ...]] | None = None

    @property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        if self._shingles is None:
            self._shingles = shingles(self.words)
        return self._shingles


def shingles(words: Sequence[str], k: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    if len(words) < k:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + k]) for i in range(len(words) - k + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def scores(a: ParagraphText, b: ParagraphText) -> Scores:
    return Scores(fuzz.ratio(a.norm, b.norm), jaccard(a.shingles, b.shingles))


def near_similarity(a: ParagraphText, b: ParagraphText) -> float | None:
    """The similarity in [0, 1] when `b` is a near repeat of `a`, else None."""
    if min(a.n_words, b.n_words) < MIN_WORDS:
        return None
    # A ratio >= NEAR_RATIO is impossible when the lengths differ too much: skip the work.
    la, lb = len(a.norm), len(b.norm)
    if 200.0 * min(la, lb) / (la + lb) < NEAR_RATIO:
        return None
    ratio = fuzz.ratio(a.norm, b.norm, score_cutoff=NEAR_RATIO)
    if not ratio or jaccard(a.shingles, b.shingles) < NEAR_JACCARD:
        return None
    if facts_conflict(a.facts, b.facts):
        return None
    return round(ratio / 100.0, 4)


_KIND_RANK: dict[RepeatKind, int] = {"exact": 0, "near": 1, "paraphrase": 2}


def find_repeats(article: Article, paraphrases: bool | None = None) -> list[Repeat]:
    """Repeats of earlier paragraphs in `article`, one per repeating paragraph, in paragraph order.

    `paraphrases`: look for reworded paragraphs too (None: when the optional encoder is installed;
    it costs about 8 ms per paragraph, so a batch indexer may prefer False).
    """
    texts = [ArticleParagraph(article.paragraph_text(p.index)) for p in article.paragraphs]
    return find_repeats_in(texts, paraphrases)


def find_repeats_in(texts: Sequence[ParagraphText], paraphrases: bool | None = None) -> list[Repeat]:
    best: dict[int, Repeat] = {}

    def offer(later: int, earlier: int, kind: RepeatKind, similarity: float) -> None:
        if earlier >= later:
            later, earlier = earlier, later
        current = best.get(later)
        key = (_KIND_RANK[kind], earlier)
        if current is None or key < (_KIND_RANK[current.kind], current.same_as):
            best[later] = Repeat(paragraph=later, same_as=earlier, kind=kind, similarity=similarity)

    first_by_hash: dict[bytes, int] = {}
    for i, t in enumerate(texts):
        first = first_by_hash.setdefault(t.hash, i)
        if t.n_words < MIN_EXACT_WORDS:
            continue
        if first != i:
            offer(i, first, "exact", 1.0)

    # Only the first copy of an exact repeat is compared: later copies match what it matches.
    eligible = [i for i, t in enumerate(texts) if t.n_words >= MIN_WORDS and first_by_hash.get(t.hash) == i]
    for i, j, sim in within_article_near(texts, eligible):
        offer(j, i, "near", sim)

    if paraphrases is not False and paraphrase.available():
        for i, j, sim in paraphrase.similar_pairs([t.raw for t in texts], eligible=_paraphrase_eligible(texts)):
            if facts_conflict(texts[i].facts, texts[j].facts):
                continue
            offer(j, i, "paraphrase", sim)
    return [best[k] for k in sorted(best)]


def within_article_near(texts: Sequence[ParagraphText], eligible: Sequence[int]) -> Iterator[tuple[int, int, float]]:
    """(earlier, later, similarity) near repeats inside one article.

    Up to ALL_PAIRS_MAX eligible paragraphs every pair is compared (exact, a few ms); beyond,
    MinHash LSH proposes the candidates so a 5,000-paragraph article stays near-linear.
    """
    if len(eligible) <= ALL_PAIRS_MAX:
        for i, j in combinations(eligible, 2):
            similarity = near_similarity(texts[i], texts[j])
            if similarity is not None:
                yield i, j, similarity
        return
    from .lsh import NearIndex  # numpy and datasketch: only for long articles

    index = NearIndex()
    for i in eligible:
        index.add(i, texts[i])
    matches = index.match(lambda i, j: near_similarity(texts[i], texts[j]))
    for j, (i, similarity) in sorted(matches.items()):
        yield i, j, similarity


# A paraphrase keeps the facts, so it keeps many of the content words. Only paragraphs sharing at
# least this share of their content words (4+ letters) with another one are encoded: on the seed the
# reworded pair shares 0.76, every other pair at most 0.44; 6 of 27 paragraphs get encoded, not 27.
# The encoder is the costliest step after spaCy (bench/README.md), so this is most of its cost saved.
PARAPHRASE_MIN_OVERLAP = 0.4
_CONTENT_WORD_LEN = 4
# Past LEXICAL_ALL_PAIRS eligible paragraphs, a word in more than LEXICAL_POSTINGS_CAP of them ("dans",
# "pour") proposes no candidate pair (it still counts in a proposed pair's overlap): otherwise every
# paragraph of a 5,000-paragraph article is compared with every other through its common words.
LEXICAL_ALL_PAIRS = 300
LEXICAL_POSTINGS_CAP = 48


def _paraphrase_eligible(texts: Sequence[ParagraphText]) -> list[bool]:
    seen: set[bytes] = set()
    out = []
    for t in texts:
        out.append(t.n_words >= MIN_WORDS and t.hash not in seen)
        seen.add(t.hash)
    return _lexically_related(texts, out)


def _lexically_related(texts: Sequence[ParagraphText], eligible: list[bool]) -> list[bool]:
    """Keep the eligible paragraphs whose content words overlap enough with another eligible one.

    Exact up to LEXICAL_ALL_PAIRS eligible paragraphs; beyond, pairs are proposed by their less
    common words only, and a pair's overlap is counted exactly when it could still reach the
    threshold: near-linear in the article's length.
    """
    words = [
        {w for w in t.words if len(w) >= _CONTENT_WORD_LEN} if ok else set() for t, ok in zip(texts, eligible)
    ]
    postings: dict[str, list[int]] = {}
    for i, ws in enumerate(words):
        for w in ws:
            postings.setdefault(w, []).append(i)
    bounded = sum(1 for ws in words if ws) > LEXICAL_ALL_PAIRS
    common = {w for w, ps in postings.items() if len(ps) > LEXICAL_POSTINGS_CAP} if bounded else set()
    n_common = [len(ws & common) for ws in words] if common else [0] * len(words)
    related = [False] * len(texts)
    for i, ws in enumerate(words):
        if not ws or related[i]:
            continue
        shared: dict[int, int] = {}
        for w in ws:
            if w in common:
                continue
            for j in postings[w]:
                if j != i:
                    shared[j] = shared.get(j, 0) + 1
        for j, n in shared.items():
            needed = PARAPHRASE_MIN_OVERLAP * min(len(ws), len(words[j]))
            if common and n < needed <= n + min(n_common[i], n_common[j]):
                n = len(ws & words[j])  # the common words may make up the difference: count exactly
            if n >= needed:
                related[i] = related[j] = True
                break
    return related


def paraphrase_available() -> bool:
    """True when the optional sentence encoder (`presse[paraphrase]`) is installed."""
    return paraphrase.available()
