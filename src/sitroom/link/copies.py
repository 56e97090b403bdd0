"""Copies of one story: exact and near duplicates, and syndication families.

- A *near duplicate* carries the same text as another article, up to what a scraper or a site
  changes: line wrapping, page furniture around it, a cut-off end, another headline, paragraphs in
  another order. Test: nearly all word 5-shingles (within paragraphs) of the shorter text are in
  the longer one.
- A *syndication family* is one wire story rewritten by several outlets: other headline,
  paraphrased sentences, paragraphs added or dropped, the same facts. Test: most sentences of the
  shorter text have a counterpart with mostly the same content words in the longer one.

Candidate pairs come from MinHash LSH buckets (``minhash``), never from all pairs; only candidates
are compared exactly, in blocks of pairs that each carry what their comparisons read (``blocks``:
on a cluster's nodes under Ray). Each group's representative is its most complete member (most
words), then the earliest published, then the first origin, so the result does not depend on the
order in which articles arrived.

What is kept of each article while the corpus is compared is small (``Sketch``, from its stored
``features``): its shingles and words as arrays of hashes and its MinHash signatures. Its
sentences are read from its text only when it is a candidate for a family, with the block of pairs
it is in (``texts_of``); they are then held as arrays of word ids (``SentenceWords``), so that all
of a pair's sentences are compared in a few array operations rather than pair by pair.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from sitroom.link import minhash
from sitroom.link.blocks import MapBlocks, runs_of
from sitroom.link.features import features_of, hashes, signature
from sitroom.link.words import content_words, sentences
from sitroom.records import Article, LinkFeatures

NEAR_DUPLICATE_CONTAINMENT = 0.9  # share of the shorter text's shingles found in the longer
SENTENCE_MATCH = 0.5  # content-word Jaccard at which two sentences say the same thing
FAMILY_SHARE = 0.5  # share of the shorter text's sentences with a counterpart in the longer
FAMILY_MIN_SENTENCES = 3  # matched sentences needed, so that two shared quotes do not make a family
SHINGLE_THRESHOLD, VOCABULARY_THRESHOLD = 0.3, 0.35  # LSH: Jaccard at which a pair becomes a candidate
# Pairs compared in one block: by their sketches, and (fewer: their texts go with them) by their sentences.
SKETCH_PAIRS_PER_BLOCK, SENTENCE_PAIRS_PER_BLOCK = 10_000, 1_000


@dataclass(frozen=True, slots=True)
class Content:
    """What comparing two articles reads of each (a block of pairs carries this, not the sketches)."""

    # Sorted distinct hashes of its shingles and of its sentences' content words (``features``).
    shingles: np.ndarray
    vocabulary: np.ndarray
    sentences: int  # sentences of four words or more


@dataclass(frozen=True, slots=True)
class Sketch:
    """What copy detection keeps of one article."""

    article: Article
    content: Content
    words: int
    shingle_signature: np.ndarray | None  # MinHash signatures (None for an empty set)
    vocabulary_signature: np.ndarray | None

    @classmethod
    def of(cls, article: Article, features: LinkFeatures | None = None) -> Sketch:
        """The article's sketch, from its stored features (read from its text when not given)."""
        features = features or features_of(article)
        return cls(article, Content(hashes(features.shingles), hashes(features.vocabulary), features.sentences),
                   features.words, signature(features.shingle_signature), signature(features.vocabulary_signature))

    def rank(self) -> tuple:
        """Representative order: the most complete, then the earliest published, then the first origin."""
        return (-self.words, self.article.published or "9999", self.article.origin)


@dataclass(frozen=True, slots=True)
class SentenceWords:
    """An article's sentences by their content words: every (word, sentence) entry, sorted by
    word, the words as ids of one vocabulary shared by a block's articles."""

    words: np.ndarray  # word ids, sorted
    sentence: np.ndarray  # the sentence of each entry
    sizes: np.ndarray  # each sentence's number of distinct content words

    @classmethod
    def of(cls, text: str, vocabulary: dict[str, int]) -> SentenceWords:
        sets = [content_words(s) for s in sentences(text)]
        ids = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for words in sets for w in words), np.int32)
        sizes = np.fromiter(map(len, sets), np.int32, len(sets))
        order = np.argsort(ids, kind="stable")
        return cls(ids[order], np.repeat(np.arange(len(sets), dtype=np.int32), sizes)[order], sizes)


Texts = Callable[[Sequence[Article]], Iterable[tuple[str, str]]]  # the articles' (id, text), in any order


def own_texts(articles: Sequence[Article]) -> Iterator[tuple[str, str]]:
    return ((article.id, article.text) for article in articles)


@dataclass(frozen=True, slots=True)
class AlikePairs:
    """The compared pairs found to be copies. What decides them is the articles' texts alone, never
    their dates, so a second link pass over the same texts (after dating some articles from other
    reports) groups them afresh without comparing again."""

    near: tuple[tuple[str, str], ...] = ()  # near or exact duplicates
    rewritten: tuple[tuple[str, str], ...] = ()  # one wire story, rewritten
    compared: str = ""  # which articles were compared (``_compared``): other articles are compared afresh


@dataclass(frozen=True, slots=True)
class Copies:
    duplicate_of: dict[str, str]  # near or exact duplicate -> the group's representative
    family: dict[str, str]  # every member of a family of two or more -> the family's representative
    alike: AlikePairs = AlikePairs()  # the pairs they were grouped from


def find_copies(articles: Sequence[Article], sketches: Mapping[str, Sketch] | None = None,
                texts_of: Texts = own_texts, alike: AlikePairs | None = None,
                map_blocks: MapBlocks = map) -> Copies:
    """``texts_of`` reads articles' texts, for the few whose sentences are compared (the link
    pass holds articles without their texts). ``alike``: the pairs an earlier pass over the same
    texts found, grouped again (by the articles' ranks now) instead of comparing; if the articles
    are not those it compared, they are compared afresh, in blocks run by ``map_blocks``."""
    sketches = {a.id: (sketches or {}).get(a.id) or Sketch.of(a) for a in articles}
    if alike is None or alike.compared != _compared(sketches):
        alike = _compare(sketches, texts_of, map_blocks)
    duplicates = _groups(alike.near, sketches)
    families = _groups(alike.near + alike.rewritten, sketches)
    return Copies(
        duplicate_of={member: rep for member, rep in duplicates.items() if member != rep},
        family=families,
        alike=alike,
    )


@dataclass(frozen=True, slots=True)
class PairBlock:
    """Candidate pairs, in order, with their articles' contents (and, to compare their sentences,
    their texts): all that comparing them reads."""

    pairs: Sequence[tuple[str, str]]
    contents: Mapping[str, Content]
    texts: Mapping[str, str] = field(default_factory=dict)


def _compare(sketches: Mapping[str, Sketch], texts_of: Texts, map_blocks: MapBlocks) -> AlikePairs:
    """Every candidate pair compared: near duplicates first; then, of the pairs whose counts and
    vocabularies allow it, rewrites of one wire story, by their sentences. Blocks of pairs are
    compared apart and their findings joined in the pairs' order, so the pairs found are the same
    however the blocks are run."""
    def block(pairs: Sequence[tuple[str, str]], with_texts: bool = False) -> PairBlock:
        ids = sorted({i for pair in pairs for i in pair})
        return PairBlock(pairs, {i: sketches[i].content for i in ids},
                         dict(texts_of([sketches[i].article for i in ids])) if with_texts else {})

    near: list[tuple[str, str]] = []
    by_sentence: list[tuple[str, str]] = []
    for found_near, found_by_sentence in map_blocks(compare_sketches, map(
            block, runs_of(sorted(candidate_pairs(sketches.values())), SKETCH_PAIRS_PER_BLOCK))):
        near += found_near
        by_sentence += found_by_sentence
    rewritten = [pair for found in map_blocks(compare_sentences, (
        block(pairs, with_texts=True) for pairs in runs_of(by_sentence, SENTENCE_PAIRS_PER_BLOCK))) for pair in found]
    return AlikePairs(tuple(near), tuple(rewritten), _compared(sketches))


def compare_sketches(block: PairBlock) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The block's near duplicates, and its pairs left to compare by their sentences."""
    near, by_sentence = [], []
    for a, b in block.pairs:
        first, second = block.contents[a], block.contents[b]
        if containment(first.shingles, second.shingles) >= NEAR_DUPLICATE_CONTAINMENT:
            near.append((a, b))
        elif may_share_wire_story(first, second):
            by_sentence.append((a, b))
    return near, by_sentence


def compare_sentences(block: PairBlock) -> list[tuple[str, str]]:
    """The block's pairs that are one wire story rewritten."""
    vocabulary: dict[str, int] = {}  # the block's own: ids are compared only within a pair
    read = {article_id: SentenceWords.of(text, vocabulary) for article_id, text in block.texts.items()}
    return [(a, b) for a, b in block.pairs if same_wire_story(block.contents[a], block.contents[b], read[a], read[b])]


def _compared(sketches: Mapping[str, Sketch]) -> str:
    """A digest of the articles and their texts' sizes: what pairs found alike hold for."""
    digest = hashlib.sha256()
    for article_id in sorted(sketches):
        digest.update(f"{article_id}:{sketches[article_id].words}:{sketches[article_id].content.sentences}\n".encode())
    return digest.hexdigest()


def candidate_pairs(sketches: Iterable[Sketch]) -> set[tuple[str, str]]:
    """Pairs that share an LSH bucket of word shingles (near duplicates) or of content words
    (rewrites, whose shingles differ): the only pairs compared."""
    sketches = list(sketches)
    pairs: set[tuple[str, str]] = set()
    for signature_of, threshold in ((lambda s: s.shingle_signature, SHINGLE_THRESHOLD),
                                    (lambda s: s.vocabulary_signature, VOCABULARY_THRESHOLD)):
        signed = [s for s in sketches if signature_of(s) is not None]
        if signed:
            pairs |= minhash.candidate_pairs([s.article.id for s in signed],
                                             np.stack([signature_of(s) for s in signed]), threshold)
    return pairs


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """The share of the smaller set of hashes found in the larger one."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(np.intersect1d(small, large, assume_unique=True)) / len(small) if len(small) else 0.0


def may_share_wire_story(a: Content, b: Content) -> bool:
    """What the two contents allow: enough sentences in the shorter text, and enough shared
    vocabulary, which bounds how many sentences can match."""
    shorter, longer = (a, b) if a.sentences <= b.sentences else (b, a)
    return (shorter.sentences >= FAMILY_MIN_SENTENCES
            and containment(shorter.vocabulary, longer.vocabulary) >= FAMILY_SHARE)


def same_wire_story(a: Content, b: Content, a_words: SentenceWords, b_words: SentenceWords) -> bool:
    """Of two articles that ``may_share_wire_story``: most sentences of the shorter text have a
    counterpart in the longer one (``a_words``, ``b_words``: their sentences' content words)."""
    if a.sentences > b.sentences:
        a, b, a_words, b_words = b, a, b_words, a_words
    matched = matched_sentences(a_words, b_words)
    return matched >= FAMILY_MIN_SENTENCES and matched >= FAMILY_SHARE * a.sentences


def matched_sentences(shorter: SentenceWords, longer: SentenceWords) -> int:
    """How many of the shorter text's sentences have a counterpart in the longer: a sentence whose
    content words have a Jaccard similarity of SENTENCE_MATCH or more with theirs. Every pair of
    sentences at once: the words both share, counted per pair from the entries they share."""
    first = np.searchsorted(longer.words, shorter.words, "left")
    counts = np.searchsorted(longer.words, shorter.words, "right") - first
    total = int(counts.sum())
    if not total:
        return 0
    # Each shorter entry repeated once per longer entry of the same word: (its sentence, theirs).
    partner = np.repeat(first - (np.cumsum(counts) - counts), counts) + np.arange(total)  # the longer entry
    rows, columns = len(shorter.sizes), len(longer.sizes)
    cells = np.repeat(shorter.sentence, counts).astype(np.int64) * columns + longer.sentence[partner]
    shared = np.bincount(cells, minlength=rows * columns).reshape(rows, columns)
    small = np.minimum.outer(shorter.sizes, longer.sizes)
    large = np.maximum.outer(shorter.sizes, longer.sizes)
    with np.errstate(divide="ignore", invalid="ignore"):  # two empty sentences: 0/0, not alike
        alike = (large > 0) & (small >= SENTENCE_MATCH * large) & (shared / (small + large - shared) >= SENTENCE_MATCH)
    return int(np.count_nonzero(alike.any(axis=1)))


def _groups(pairs: Iterable[tuple[str, str]], sketches: Mapping[str, Sketch]) -> dict[str, str]:
    """Connected groups of the pairs: each member -> the group's representative."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    members: dict[str, list[str]] = {}
    for x in list(parent):
        members.setdefault(root(x), []).append(x)
    group_of: dict[str, str] = {}
    for group in members.values():
        representative = min(group, key=lambda i: sketches[i].rank())
        for member in group:
            group_of[member] = representative
    return group_of
