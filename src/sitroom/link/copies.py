"""Copies of one story: exact and near duplicates, and syndication families.

- A *near duplicate* carries the same text as another article, up to what a scraper or a site
  changes: line wrapping, page furniture around it, a cut-off end, another headline, paragraphs in
  another order. Test: nearly all word 5-shingles (within paragraphs) of the shorter text are in
  the longer one.
- A *syndication family* is one wire story rewritten by several outlets: other headline,
  paraphrased sentences, paragraphs added or dropped, the same facts. Test: most sentences of the
  shorter text have a counterpart with mostly the same content words in the longer one.

Candidate pairs come from MinHash LSH (datasketch) buckets, never from all pairs; only candidates
are compared exactly. Each group's representative is its most complete member (most words), then
the earliest published, then the first origin, so the result does not depend on the order in
which articles arrived.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sitroom.link.words import ArticleWords, containment, jaccard
from sitroom.records import Article

SHINGLE = 5  # words per shingle: long enough that two different stories rarely share one
NEAR_DUPLICATE_CONTAINMENT = 0.9  # share of the shorter text's shingles found in the longer
SENTENCE_MATCH = 0.5  # content-word Jaccard at which two sentences say the same thing
FAMILY_SHARE = 0.5  # share of the shorter text's sentences with a counterpart in the longer
FAMILY_MIN_SENTENCES = 3  # matched sentences needed, so that two shared quotes do not make a family
NUM_PERM = 128

@dataclass
class Sketch:
    """What copy detection knows of one article."""

    article: Article
    shingles: frozenset[str]
    words: int

    sentence_words: list[frozenset[str]]
    vocabulary: frozenset[str]

    @classmethod
    def of(cls, article: Article, text_words: ArticleWords | None = None) -> Sketch:
        text_words = text_words or ArticleWords.of(article)
        # Shingles stay inside a paragraph, so that paragraphs put in another order, or joined
        # and split another way, leave a text's shingles as they were.
        shingles: set[str] = set()
        for tokens in text_words.paragraphs:
            shingles.update(" ".join(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)))
        shingles.discard("")
        vocabulary = frozenset().union(*text_words.sentences) if text_words.sentences else frozenset()
        return cls(article, frozenset(shingles), sum(map(len, text_words.paragraphs)), text_words.sentences, vocabulary)

    def rank(self) -> tuple:
        """Representative order: the most complete, then the earliest published, then the first origin."""
        return (-self.words, self.article.published or "9999", self.article.origin)


@dataclass(frozen=True, slots=True)
class Copies:
    duplicate_of: dict[str, str]  # near or exact duplicate -> the group's representative
    family: dict[str, str]  # every member of a family of two or more -> the family's representative


def find_copies(articles: Sequence[Article], text_words: Mapping[str, ArticleWords] | None = None) -> Copies:
    text_words = text_words or {}
    sketches = {a.id: Sketch.of(a, text_words.get(a.id)) for a in articles}
    near: list[tuple[str, str]] = []
    rewritten: list[tuple[str, str]] = []
    for a, b in sorted(candidate_pairs(sketches.values())):
        first, second = sketches[a], sketches[b]
        if containment(first.shingles, second.shingles) >= NEAR_DUPLICATE_CONTAINMENT:
            near.append((a, b))
        elif same_wire_story(first, second):
            rewritten.append((a, b))
    duplicates = _groups(near, sketches)
    families = _groups(near + rewritten, sketches)
    return Copies(
        duplicate_of={member: rep for member, rep in duplicates.items() if member != rep},
        family=families,
    )


def _hash(item: bytes) -> int:
    # CRC-32: fast, in C, and the same in every process (Python's own hash is salted per process).
    return zlib.crc32(item)


def candidate_pairs(sketches: Iterable[Sketch]) -> set[tuple[str, str]]:
    """Pairs that share an LSH bucket of word shingles (near duplicates) or of content words
    (rewrites, whose shingles differ): the only pairs compared."""
    from datasketch import MinHash, MinHashLSH  # slow to import (scipy); only the link pass needs it

    sketches = list(sketches)
    template = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_hash)  # permutations drawn once
    pairs: set[tuple[str, str]] = set()
    for features, threshold in ((lambda s: s.shingles, 0.3), (lambda s: s.vocabulary, 0.35)):
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        for sketch in sketches:
            items = features(sketch)
            if not items:
                continue
            minhash = MinHash(num_perm=NUM_PERM, hashfunc=_hash, permutations=template.permutations,
                              scheme=template.scheme)
            minhash.update_batch([item.encode("utf-8") for item in items])
            for other in lsh.query(minhash):
                pairs.add(tuple(sorted((other, sketch.article.id))))
            lsh.insert(sketch.article.id, minhash)
    return pairs


def same_wire_story(a: Sketch, b: Sketch) -> bool:
    """Most sentences of the shorter text have a counterpart in the longer one."""
    shorter, longer = (a, b) if len(a.sentence_words) <= len(b.sentence_words) else (b, a)
    if len(shorter.sentence_words) < FAMILY_MIN_SENTENCES:
        return False
    # Cheap bound first: shared vocabulary limits how many sentences can match.
    if containment(shorter.vocabulary, longer.vocabulary) < FAMILY_SHARE:
        return False
    matched = sum(1 for sentence in shorter.sentence_words
                  if any(jaccard(sentence, other) >= SENTENCE_MATCH for other in longer.sentence_words))
    return matched >= FAMILY_MIN_SENTENCES and matched >= FAMILY_SHARE * len(shorter.sentence_words)


def _groups(pairs: list[tuple[str, str]], sketches: dict[str, Sketch]) -> dict[str, str]:
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
