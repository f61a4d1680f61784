"""The trail of a quote across a collection: where else a statement was printed, and where it was changed.

Direct quotes of a collection that are the same statement are grouped in a `QuoteCluster`, with the
partial quotes of at least `MIN_WORDS` words (an outlet that trims a sentence often weaves what is left
into its own: « jusqu'au bout de cette réforme », a-t-elle dit, is a partial quote of the same statement):

- exact: the same words once marks, case, spacing and punctuation are normalised (a hash);
- trimmed: one is a run of the other's words (an outlet kept less of the sentence);
- near: a few words changed inside the part both print (at most one per `SHARED_PER_CHANGE` shared
  words, and no conflicting facts: "24 heures" / "48 heures" are two statements, as for paragraphs).
  Strict on purpose: communiqués share stock sentences (« Une enquête a été ouverte pour déterminer
  l'origine du sinistre » / « Une enquête interne a été ouverte pour comprendre l'origine du sinistre »,
  two bodies in tests/data: 10 shared words, 2 changed), and a false "altered" or "credited to X
  elsewhere" accuses an outlet wrongly; a missed rewording only leaves a trail unshown.

Copies must share at least `MIN_SHARED_WORDS` words, `MIN_SHARED_CONTENT_WORDS` of them content words:
a run of function words (« je ne sais pas si ») is in everyone's mouth, not a statement.

Candidates come from the machinery of cross-article repeats (`presse.lsh`): bottom-2 sketches of word
2-grams (quotes are short: 3-grams leave a six-word quote with one word changed almost no shared
shingle), banded in a `NearIndex` (see `BANDS`). A long quote is signed as overlapping windows of
`WINDOW` words, so a trimmed copy meets the window it was cut from; the windows of one quote are one
group of the index, never candidates of each other. A candidate is then confirmed by `relation` (a
word-level alignment, difflib). Exact copies never reach the LSH. Cost is near-linear in the number of
quotes (bench/bench_trail.py).

Each cluster knows its earliest appearance (the article's date from `meta` when every appearance has
one, else the collection order), its variants, which variants are `altered` (words differ from an
earlier faithful variant beyond punctuation, case and trimming at the ends; the earliest is faithful, and
so is a later one that only trims faithful ones) and whether it is `disputed`
(credited to two named speakers that are not the same person). Everything here is plain data, built
from analyses only: a collection read from the cache gets its trails without spaCy.

    index = QuoteIndex()
    index.add_many(analyses)        # in collection order; may be called again with more articles
    trails = index.trails()
    trails.cluster_of(article_id, quote_index)
"""

from __future__ import annotations

import email.utils
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher
from typing import Any, Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from .lsh import NearIndex, Signer
from .model import Analysis, Quote
from .repeats import fact_tokens, facts_conflict, normalize, text_hash
from .textnorm import fold

SCHEMA = "presse.trails/1"

# Terms are nobody's and indirect speech is the outlet's own wording: no trail. Partial quotes are
# trimmed statements (those under MIN_WORDS words, "passage en force", get none either).
CLUSTERED_KINDS = frozenset({"direct", "partial"})
# Shorter quotes ("C'est faux", "Non") are said by everyone: they get no trail at all.
MIN_WORDS = 4
# A trimmed or reworded copy must share this many words with the other,
MIN_SHARED_WORDS = 5
# and this many of them content words (not in FUNCTION_WORDS): a run of function words with a word or
# two between them (« je ne sais pas si », « à la fin de la ») is in everyone's mouth, not a statement.
# (bench_trail: the one cluster merging two different statements at 100k quotes was such a run.)
MIN_SHARED_CONTENT_WORDS = 2
# French closed-class words as `normalize` leaves them (elisions split: « qu'il » -> "qu il"):
# articles, determiners, pronouns, prepositions, conjunctions, negation, and the forms of avoir and être.
FUNCTION_WORDS = frozenset(
    """le la les l un une des du de d au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre
    vos leur leurs quel quelle quels quelles je j tu il elle on nous vous ils elles me m te t se s lui y en moi
    toi soi eux ça cela ceci c qui que qu quoi dont où lequel laquelle lesquels lesquelles à dans par pour sur
    sous avec sans chez entre vers contre depuis pendant avant après et ou mais donc or ni car si comme quand
    lorsque lorsqu puisque puisqu jusqu ne n pas plus tout tous toute toutes très aussi est sont était étaient
    été être a ai as avons avez ont avait avaient avoir eu sera seront serait seraient fut soit""".split()
)
# Two copies trimmed differently at both ends (neither inside the other) must share this many words
# and this share of the shorter one: a common phrase at the end of one and the start of the other is not
# a statement.
MIN_OVERLAP_WORDS = 8
OVERLAP_SHARE = 0.6
# "A few words changed": at most one changed word per this many shared words (so a change needs at
# least this many shared words; 4 merged the two stock sentences quoted above).
SHARED_PER_CHANGE = 6
# Long quotes are signed as windows of WINDOW words every STRIDE words: a trimmed copy of 5 words lies
# inside one window of its original, so their 2-gram Jaccard is at least 4/9.
WINDOW = 10
STRIDE = 5
SHINGLE_WORDS = 2
# LSH: a bottom-2 sketch (`lsh.Signer(bottom=2)`): for each of NUM_PERM permutations, the two smallest
# shingle values, one band each. Two windows share a band only when the two smallest values of their
# union are both shared: with I shared 2-grams of U, probability C(I, 2) / C(U, 2) per band, so a
# candidate with probability 1 - (1 - C(I, 2) / C(U, 2))**20: 99 % for a 7-word quote with a middle word
# changed (4 of 8), 97 % for 5 words trimmed out of a window (4 of 9), 20 % for two windows sharing two
# stock 2-grams out of 14, and never for windows sharing a single one. MinHash's 2-row bands (each row
# its own permutation) let one shared 2-gram fill both rows: at 100k quotes those made 83,000 candidates
# the rules turned away, 12,600 now. 2-grams of two function words (« de la », « il y ») are not signed
# at all. A bucket holding BUCKET_CAP windows is a stock phrase and grows no more: the candidates per
# quote stay bounded as the collection grows. Measured on bench_trail (10k and 100k quotes): 16 MinHash
# bands of 2 rows took 5.1 s for 100k quotes and 13x the time of 10k; this 3.4 s and 11.5x.
NUM_PERM = 20
BANDS = 20
BUCKET_CAP = 6
# A variant is compared with at most this many earlier faithful variants to decide whether it is altered.
MAX_ALTERED_REFERENCES = 8
# Speakers' names compared loosely: transliterations (Zelensky / Zelenski) are one person.
SAME_NAME_RATIO = 85.0

Relation = Literal["exact", "trimmed", "near"]
# An appearance's relation to the cluster's earliest one; "linked" when it joined through another copy.
FirstRelation = Literal["first", "exact", "trimmed", "near", "linked"]


# -- comparing two quotes --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two quotes' words aligned (`opcodes`), ends apart."""

    shared: int  # words equal on both sides
    shared_content: int  # of which not in FUNCTION_WORDS
    changed: int  # words replaced, added or removed inside the part both print
    trimmed_a: int  # words of a outside the common part (cut by the other at its ends)
    trimmed_b: int


def align(a: Sequence[str], b: Sequence[str]) -> Alignment:
    """Shared, changed and trimmed words of two word lists.

    A leading or trailing insertion or deletion is trimming; a leading or trailing replacement (both
    sides have other words there) is a change for the words it pairs, trimming for the rest: two
    copies of one sentence cut at different places agree on every word they both print.
    """
    ops = opcodes(a, b)
    shared = shared_content = changed = trimmed_a = trimmed_b = 0
    last = len(ops) - 1
    for k, (tag, a1, a2, b1, b2) in enumerate(ops):
        la, lb = a2 - a1, b2 - b1
        if tag == "equal":
            shared += la
            shared_content += content_words(a[a1:a2])
        elif k == 0 or k == last:
            paired = min(la, lb)
            changed += paired
            trimmed_a += la - paired
            trimmed_b += lb - paired
        else:
            changed += max(la, lb)
    return Alignment(shared, shared_content, changed, trimmed_a, trimmed_b)


def content_words(words: Iterable[str]) -> int:
    return sum(w not in FUNCTION_WORDS for w in words)


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes: longest common runs first, so a trimmed copy aligns with the run it was cut
    from (a minimal edit script, rapidfuzz's, may match a stray "nous" at the start instead)."""
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def contains(longer: str, shorter: str) -> bool:
    """True when the normalised words of `shorter` are a run of those of `longer`."""
    return f" {shorter} " in f" {longer} "


def relation(a: str, b: str, facts_a: frozenset[str] | None = None, facts_b: frozenset[str] | None = None) -> Relation | None:
    """How the normalised quote `b` relates to `a`: the same words, a trimmed copy, a near copy, or None.

    `facts_a`, `facts_b`: `repeats.fact_tokens` of the raw texts; a near pair whose facts conflict is
    two statements (not checked when not given).
    """
    if a == b:
        return "exact"
    wa, wb = a.split(), b.split()
    shorter, longer = (a, b) if len(wa) <= len(wb) else (b, a)
    if min(len(wa), len(wb)) >= MIN_SHARED_WORDS and contains(longer, shorter):
        shorter_words = wa if len(wa) <= len(wb) else wb
        return "trimmed" if content_words(shorter_words) >= MIN_SHARED_CONTENT_WORDS else None
    # Whatever the case below, the shared words are a common subsequence of at least this many words:
    # the longest one (rapidfuzz, ~1 µs) turns most LSH candidates away before difflib's alignment (~20 µs).
    if LCSseq.similarity(wa, wb) < max(MIN_SHARED_WORDS, OVERLAP_SHARE * min(len(wa), len(wb))):
        return None
    al = align(wa, wb)
    if al.shared < MIN_SHARED_WORDS or al.changed > al.shared // SHARED_PER_CHANGE:
        return None
    if al.shared_content < MIN_SHARED_CONTENT_WORDS:
        return None
    if al.trimmed_a and al.trimmed_b:  # cut differently at the ends: they must overlap a lot
        if al.shared < MIN_OVERLAP_WORDS or al.shared < OVERLAP_SHARE * min(len(wa), len(wb)):
            return None
    if al.changed == 0:
        return "trimmed"
    if facts_a is not None and facts_b is not None and facts_conflict(facts_a, facts_b):
        return None
    return "near"


def same_speaker(a: str, b: str) -> bool:
    """Whether two speakers' names name one person: the same name folded, a surname alone, or a spelling."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    wa, wb = fa.split(), fb.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if short and short[-1] == long_[-1] and set(short) <= set(long_):
        return True
    return fuzz.ratio(fa, fb) >= SAME_NAME_RATIO


def is_named(speaker: str | None) -> bool:
    """A name (capitalised), not a description (« un habitant », « le ministère »): only names can
    dispute a quote; a description may stand for anyone, so it never contradicts a name."""
    return bool(speaker) and speaker[:1].isupper()  # type: ignore[index]


# -- dates -----------------------------------------------------------------------------------------

DATE_KEYS = ("date", "published")


def article_date(meta: dict[str, Any]) -> datetime | None:
    """The article's date from its `meta` (`date` from the page or front matter, `published` from a
    feed), as an aware UTC datetime; None when absent or unreadable."""
    for key in DATE_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            parsed = parse_date(value.strip())
            if parsed is not None:
                return parsed
    return None


def parse_date(value: str) -> datetime | None:
    """ISO 8601 (a date alone is its midnight UTC) or RFC 2822; None otherwise."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


# -- the result: plain, JSON-serialisable ----------------------------------------------------------


@dataclass(slots=True)
class Appearance:
    """One printing of a statement: a quote of one article."""

    article: str  # the article's id
    source: str
    title: str
    date: str | None  # the article's date as its source gives it
    order: int  # the article's place in the collection
    quote: int  # index into that article's Analysis.quotes
    paragraph: int
    start: int
    end: int
    text: str
    speaker: str | None
    variant: int  # index into QuoteCluster.variants
    relation: FirstRelation  # to the cluster's earliest appearance
    altered: bool  # its words differ from an earlier faithful variant beyond trimming


@dataclass(slots=True)
class QuoteCluster:
    id: int  # 1, 2, ... in the order of the clusters' earliest appearances
    appearances: list[Appearance]  # earliest first
    variants: list[str]  # each distinct wording, as first printed, earliest first
    speakers: list[str]  # the named speakers it is credited to, one per person, first seen first
    articles: int  # distinct articles printing it
    altered: bool
    disputed: bool
    dated: bool  # the earliest appearance was chosen by date (every appearance has one)

    @property
    def first(self) -> Appearance:
        return self.appearances[0]

    def other_speakers(self, speaker: str | None) -> list[str]:
        """The named speakers the statement is credited to elsewhere (not `speaker`)."""
        return [s for s in self.speakers if not (speaker and same_speaker(s, speaker))]


@dataclass(slots=True)
class Trails:
    clusters: list[QuoteCluster] = field(default_factory=list)
    _where: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self._where:
            for c, cluster in enumerate(self.clusters):
                for k, a in enumerate(cluster.appearances):
                    self._where.setdefault((a.article, a.quote), (c, k))

    def cluster_of(self, article: str, quote: int) -> QuoteCluster | None:
        """The cluster of quote number `quote` of the article with id `article` (None: no trail)."""
        found = self._where.get((article, quote))
        return self.clusters[found[0]] if found else None

    def appearance_of(self, article: str, quote: int) -> Appearance | None:
        found = self._where.get((article, quote))
        return self.clusters[found[0]].appearances[found[1]] if found else None

    def shared(self) -> list[QuoteCluster]:
        """The clusters printed more than once."""
        return [c for c in self.clusters if len(c.appearances) > 1]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "clusters": [asdict(c) for c in self.clusters]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Trails:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema={d.get('schema')!r})")
        clusters = []
        for c in d["clusters"]:
            appearances = [Appearance(**a) for a in c["appearances"]]
            clusters.append(QuoteCluster(**{**c, "appearances": appearances}))
        return cls(clusters)


def badges(cluster: QuoteCluster | None, appearance: Appearance | None) -> list[str]:
    """What the reader shows next to a quote: "also in 4 articles", "altered elsewhere", "credited to X elsewhere"."""
    if cluster is None or appearance is None or len(cluster.appearances) < 2:
        return []
    out: list[str] = []
    others = len({a.article for a in cluster.appearances if a.article != appearance.article})
    if others:
        out.append(f"also in {others} article{'s' if others != 1 else ''}")
    if cluster.altered:  # this printing changed an earlier one's words, or another printing did
        out.append("altered here" if appearance.altered else "altered elsewhere")
    elsewhere = cluster.other_speakers(appearance.speaker) if is_named(appearance.speaker) else []
    if elsewhere and cluster.disputed:
        out.append("credited to " + ", ".join(elsewhere[:2]) + (" …" if len(elsewhere) > 2 else "") + " elsewhere")
    return out


# -- a word-level diff for the trail view ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffPart:
    tag: Literal["equal", "insert", "delete", "replace"]
    old: str  # the earliest appearance's words ("" for an insertion)
    new: str  # this appearance's words ("" for a deletion)


def word_diff(reference: str, text: str) -> list[DiffPart]:
    """`text` against `reference`, word by word, words as printed; punctuation and case do not differ."""
    old, new = _printed_words(reference), _printed_words(text)
    keys_old, keys_new = [normalize(w) for w in old], [normalize(w) for w in new]
    return [
        DiffPart(tag, " ".join(old[a1:a2]), " ".join(new[b1:b2]))  # type: ignore[arg-type]
        for tag, a1, a2, b1, b2 in opcodes(keys_old, keys_new)
    ]


def _printed_words(text: str) -> list[str]:
    """Whitespace-separated words, a mark or dash standing alone (« –) joined to the next word (at the
    end, to the previous one): punctuation never makes a word of its own in the diff."""
    words: list[str] = []
    pending = ""
    for token in text.split():
        if not normalize(token):
            pending = f"{pending} {token}".strip()
        else:
            words.append(f"{pending} {token}".strip())
            pending = ""
    if pending:
        if words:
            words[-1] += " " + pending
        else:
            words.append(pending)
    return words


# -- building the clusters -------------------------------------------------------------------------


@dataclass(slots=True)
class _ArticleInfo:
    id: str
    source: str
    title: str
    date: str | None
    when: datetime | None
    order: int


class _Item:
    """One clustered quote. Slots: a collection of 100k quotes keeps 100k of them."""

    __slots__ = ("article", "index", "quote", "norm", "_facts")

    def __init__(self, article: int, index: int, quote: Quote, norm: str) -> None:
        self.article = article
        self.index = index
        self.quote = quote
        self.norm = norm
        self._facts: frozenset[str] | None = None

    @property
    def facts(self) -> frozenset[str]:
        if self._facts is None:
            self._facts = fact_tokens(self.quote.text)
        return self._facts


class _Window:
    """Words of a quote (or of a window of a long one), as `collection.Signer` reads them."""

    __slots__ = ("words", "n_words")

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.n_words = len(words)


def windows(words: list[str], size: int = WINDOW, stride: int = STRIDE) -> list[list[str]]:
    """The whole quote when short, else windows of `size` words every `stride`, the last one at the end."""
    if len(words) <= size:
        return [words]
    starts = list(range(0, len(words) - size + 1, stride))
    if starts[-1] != len(words) - size:
        starts.append(len(words) - size)
    return [words[s : s + size] for s in starts]


class QuoteIndex:
    """The direct and partial quotes of the analyses added so far, grouped by statement; incremental.

    `add_many` can be called as articles arrive (in collection order); `trails()` builds the clusters.
    Exact copies are grouped by hash; the others are signed in batches and matched by LSH, then
    confirmed by `relation`; confirmed pairs join their groups (union-find).
    """

    def __init__(self) -> None:
        self._near = NearIndex(Signer(num_perm=NUM_PERM, shingle=SHINGLE_WORDS, common=FUNCTION_WORDS, bottom=2), bands=BANDS, bucket_cap=BUCKET_CAP)
        self._articles: list[_ArticleInfo] = []
        self._article_ids: set[str] = set()
        self._items: list[_Item] = []
        self._parent: list[int] = []
        self._exact: dict[bytes, int] = {}
        self._owner: list[int] = []  # window serial -> item
        self._memo: dict[tuple[int, int], bool] = {}

    def __len__(self) -> int:
        return len(self._items)

    def add(self, analysis: Analysis) -> None:
        self.add_many([analysis])

    def add_many(self, analyses: Iterable[Analysis]) -> None:
        """Index the quotes of `analyses` (an article already indexed, same id, is skipped)."""
        with collector_paused():
            self._add_many(analyses)

    def _add_many(self, analyses: Iterable[Analysis]) -> None:
        for analysis in analyses:
            article = analysis.article
            if article.id in self._article_ids:
                continue
            self._article_ids.add(article.id)
            serial = len(self._articles)
            date = next((str(article.meta[k]) for k in DATE_KEYS if article.meta.get(k)), None)
            self._articles.append(
                _ArticleInfo(article.id, article.source, article.title, date, article_date(article.meta), serial)
            )
            for index, quote in enumerate(analysis.quotes):
                if quote.kind in CLUSTERED_KINDS:
                    self._add_quote(serial, index, quote)
            if self._near.due:
                self._match()
        self._match()

    def _add_quote(self, article: int, index: int, quote: Quote) -> None:
        norm = normalize(quote.text)
        words = norm.split()
        if len(words) < MIN_WORDS:
            return
        item = len(self._items)
        self._items.append(_Item(article, index, quote, norm))
        self._parent.append(item)
        key = text_hash(norm)
        earlier = self._exact.get(key)
        if earlier is not None:
            self._union(earlier, item)  # an exact copy: its windows are its original's
            return
        self._exact[key] = item
        if len(words) < MIN_SHARED_WORDS:
            return  # exact copies only
        for window in windows(words):
            self._near.add(len(self._owner), _Window(window), group=item)
            self._owner.append(item)

    def _match(self) -> None:
        self._near.match(self._confirm)
        self._memo.clear()

    def _confirm(self, earlier_window: int, window: int) -> float | None:
        a, b = self._owner[earlier_window], self._owner[window]
        if a == b:
            return None  # two windows of one quote
        if self._find(a) == self._find(b):
            return 1.0  # already one statement (through another window or copy)
        same = self._memo.get((a, b))
        if same is None:
            ia, ib = self._items[a], self._items[b]
            found = relation(ia.norm, ib.norm)  # facts only for a near pair: most candidates are not
            same = found is not None and not (found == "near" and facts_conflict(ia.facts, ib.facts))
            self._memo[(a, b)] = same
        if not same:
            return None
        self._union(a, b)
        return 1.0

    def _find(self, item: int) -> int:
        parent = self._parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    # -- the clusters ------------------------------------------------------------------------------

    def trails(self) -> Trails:
        with collector_paused():
            return self._trails()

    def _trails(self) -> Trails:
        groups: dict[int, list[int]] = {}
        for item in range(len(self._items)):
            groups.setdefault(self._find(item), []).append(item)
        built = [self._cluster(members) for members in groups.values()]
        built.sort(key=lambda c: (c.first.order, c.first.quote))
        for n, cluster in enumerate(built, start=1):
            cluster.id = n
        return Trails(built)

    def _cluster(self, members: list[int]) -> QuoteCluster:
        items = [self._items[m] for m in members]
        infos = [self._articles[i.article] for i in items]
        dated = all(info.when is not None for info in infos)
        order = sorted(
            range(len(items)),
            key=lambda k: ((infos[k].when, infos[k].order, items[k].index) if dated else (infos[k].order, items[k].index)),
        )
        items = [items[k] for k in order]
        infos = [infos[k] for k in order]

        variant_of: dict[str, int] = {}
        variant_items: list[_Item] = []
        for item in items:
            if item.norm not in variant_of:
                variant_of[item.norm] = len(variant_items)
                variant_items.append(item)
        altered_variants = self._altered(variant_items)

        first = items[0]
        appearances = []
        speakers: list[str] = []
        for item, info in zip(items, infos, strict=True):
            q = item.quote
            variant = variant_of[item.norm]
            appearances.append(
                Appearance(
                    article=info.id, source=info.source, title=info.title, date=info.date, order=info.order,
                    quote=item.index, paragraph=q.paragraph, start=q.start, end=q.end, text=q.text,
                    speaker=q.speaker, variant=variant, relation=self._first_relation(first, item),
                    altered=altered_variants[variant],
                )
            )
            if q.speaker is not None and is_named(q.speaker):
                _add_speaker(speakers, q.speaker)
        return QuoteCluster(
            id=0,
            appearances=appearances,
            variants=[v.quote.text for v in variant_items],
            speakers=speakers,
            articles=len({a.article for a in appearances}),
            altered=any(altered_variants),
            disputed=len(speakers) > 1,
            dated=dated,
        )

    def _altered(self, variants: list[_Item]) -> list[bool]:
        """Per variant (earliest first): whether it changes words of an earlier faithful variant.

        The earliest is the reference; a later variant is faithful when it only trims the faithful ones
        before it. Compared with faithful variants only: a trimmed copy printed after a reworded one
        trims the original, it does not alter the rewording.
        """
        altered: list[bool] = []
        faithful: list[_Item] = []
        for v in variants:
            changed = any(relation(u.norm, v.norm, u.facts, v.facts) == "near" for u in faithful[:MAX_ALTERED_REFERENCES])
            altered.append(changed)
            if not changed:
                faithful.append(v)
        return altered

    def _first_relation(self, first: _Item, item: _Item) -> FirstRelation:
        if item is first:
            return "first"
        return relation(first.norm, item.norm, first.facts, item.facts) or "linked"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while building (restored after, as it was).

    Indexing allocates hundreds of thousands of small objects that live on (items, band buckets,
    appearances); the collector rescans them as they pile up, which made the work superlinear
    (measured on bench_trail's 10k and 30k quotes: ×3.85 for ×3 with it, ×3.2 paused). They hold no
    cycles: nothing is left for the collector to find.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _add_speaker(speakers: list[str], name: str) -> None:
    """Add `name` unless the person is there; the fuller name stands for a person (Lagarde -> Christine Lagarde)."""
    for k, known in enumerate(speakers):
        if same_speaker(known, name):
            if len(name) > len(known):
                speakers[k] = name
            return
    speakers.append(name)


def find_trails(analyses: Iterable[Analysis]) -> Trails:
    """The quote clusters of `analyses` (in collection order)."""
    index = QuoteIndex()
    index.add_many(analyses)
    return index.trails()
