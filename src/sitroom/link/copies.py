"""Copies of one story: exact and near duplicates, and syndication families.

- A *near duplicate* carries the same text as another article, up to what a scraper or a site
  changes: line wrapping, page furniture around it, a cut-off end, another headline, paragraphs in
  another order. Test: nearly all word 5-shingles (within paragraphs) of the shorter text are in
  the longer one.
- A *syndication family* is one wire story rewritten by several outlets: other headline,
  paraphrased sentences, paragraphs added or dropped, the same facts. Test: most sentences of the
  shorter text have a counterpart with mostly the same content words in the longer one.

Candidate pairs come from MinHash LSH buckets (``minhash``), never from all pairs; only candidates
are compared exactly. Each group's representative is its most complete member (most words), then
the earliest published, then the first origin, so the result does not depend on the order in
which articles arrived.

What is kept of each article while the corpus is compared is small (``Sketch``, from its stored
``features``): its shingles and words as arrays of hashes and its MinHash signatures. Its
sentences are read from its text only when it is a candidate for a family.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sitroom.link import minhash
from sitroom.link.features import features_of, hashes, signature
from sitroom.link.words import content_words, sentences
from sitroom.records import Article, LinkFeatures

NEAR_DUPLICATE_CONTAINMENT = 0.9  # share of the shorter text's shingles found in the longer
SENTENCE_MATCH = 0.5  # content-word Jaccard at which two sentences say the same thing
FAMILY_SHARE = 0.5  # share of the shorter text's sentences with a counterpart in the longer
FAMILY_MIN_SENTENCES = 3  # matched sentences needed, so that two shared quotes do not make a family
SHINGLE_THRESHOLD, VOCABULARY_THRESHOLD = 0.3, 0.35  # LSH: Jaccard at which a pair becomes a candidate


@dataclass(frozen=True, slots=True)
class Sketch:
    """What copy detection keeps of one article."""

    article: Article
    # Sorted distinct hashes of its shingles and of its sentences' content words (``features``).
    shingles: np.ndarray
    vocabulary: np.ndarray
    words: int
    sentences: int  # sentences of four words or more
    shingle_signature: np.ndarray | None  # MinHash signatures (None for an empty set)
    vocabulary_signature: np.ndarray | None

    @classmethod
    def of(cls, article: Article, features: LinkFeatures | None = None) -> Sketch:
        """The article's sketch, from its stored features (read from its text when not given)."""
        features = features or features_of(article)
        return cls(article, hashes(features.shingles), hashes(features.vocabulary), features.words,
                   features.sentences, signature(features.shingle_signature), signature(features.vocabulary_signature))

    def rank(self) -> tuple:
        """Representative order: the most complete, then the earliest published, then the first origin."""
        return (-self.words, self.article.published or "9999", self.article.origin)


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
                text_of: Callable[[Article], str] = lambda article: article.text,
                alike: AlikePairs | None = None) -> Copies:
    """``text_of`` reads an article's text, for the few whose sentences are compared (the link
    pass holds articles without their texts). ``alike``: the pairs an earlier pass over the same
    texts found, grouped again (by the articles' ranks now) instead of comparing; if the articles
    are not those it compared, they are compared afresh."""
    sketches = {a.id: (sketches or {}).get(a.id) or Sketch.of(a) for a in articles}
    if alike is None or alike.compared != _compared(sketches):
        alike = _compare(sketches, text_of)
    duplicates = _groups(alike.near, sketches)
    families = _groups(alike.near + alike.rewritten, sketches)
    return Copies(
        duplicate_of={member: rep for member, rep in duplicates.items() if member != rep},
        family=families,
        alike=alike,
    )


def _compare(sketches: Mapping[str, Sketch], text_of: Callable[[Article], str]) -> AlikePairs:
    """Every candidate pair compared: near duplicates, then rewrites of one wire story."""

    @lru_cache(maxsize=256)  # pairs come sorted, so an article's candidates mostly follow each other
    def sentence_words(article_id: str) -> list[frozenset[str]]:
        return [content_words(s) for s in sentences(text_of(sketches[article_id].article))]

    near: list[tuple[str, str]] = []
    rewritten: list[tuple[str, str]] = []
    for a, b in sorted(candidate_pairs(sketches.values())):
        first, second = sketches[a], sketches[b]
        if containment(first.shingles, second.shingles) >= NEAR_DUPLICATE_CONTAINMENT:
            near.append((a, b))
        elif same_wire_story(first, second, sentence_words):
            rewritten.append((a, b))
    return AlikePairs(tuple(near), tuple(rewritten), _compared(sketches))


def _compared(sketches: Mapping[str, Sketch]) -> str:
    """A digest of the articles and their texts' sizes: what pairs found alike hold for."""
    digest = hashlib.sha256()
    for article_id in sorted(sketches):
        digest.update(f"{article_id}:{sketches[article_id].words}:{sketches[article_id].sentences}\n".encode())
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


def same_wire_story(a: Sketch, b: Sketch, sentence_words: Callable[[str], list[frozenset[str]]]) -> bool:
    """Most sentences of the shorter text have a counterpart in the longer one (``sentence_words``:
    article id -> its sentences' content words)."""
    shorter, longer = (a, b) if a.sentences <= b.sentences else (b, a)
    if shorter.sentences < FAMILY_MIN_SENTENCES:
        return False
    # Cheap bound first: shared vocabulary limits how many sentences can match.
    if containment(shorter.vocabulary, longer.vocabulary) < FAMILY_SHARE:
        return False

    def enough(matched: int) -> bool:
        return matched >= FAMILY_MIN_SENTENCES and matched >= FAMILY_SHARE * shorter.sentences

    longer_sentences = sentence_words(longer.article.id)
    shorter_sentences = sentence_words(shorter.article.id)
    matched = 0
    for i, sentence in enumerate(shorter_sentences):
        if any(_alike(sentence, other) for other in longer_sentences):
            matched += 1
            if enough(matched):
                return True
        elif not enough(matched + len(shorter_sentences) - i - 1):  # not even if all the rest matched
            return False
    return False


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sentences' content words have a Jaccard similarity of SENTENCE_MATCH or more.
    The similarity is at most the ratio of the sizes, so most pairs are ruled out without
    building a set; the union's size follows from the intersection's."""
    small, large = (len(a), len(b)) if len(a) <= len(b) else (len(b), len(a))
    if not large or small < SENTENCE_MATCH * large:
        return False
    shared = len(a & b)
    return shared / (small + large - shared) >= SENTENCE_MATCH


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
