"""What the link pass compares an article by (``LinkFeatures``), read from its text once, when its
other stages run: on the workers, in parallel, and stored with its records. The link pass then
reads these compact rows, not every stored text, and an article stored by an earlier run is not
read again when a later run links.

- for copies: the hashes of its word 5-shingles (within paragraphs, so that paragraphs put in
  another order leave them as they were) and of its sentences' content words, their MinHash
  signatures, and its counts of words and sentences;
- for stories: its content words with how many paragraphs use each (the title counted twice),
  and how each is most written.
"""

from __future__ import annotations

import sys
from collections import Counter

import numpy as np

from sitroom.link import minhash
from sitroom.link.words import ArticleWords
from sitroom.records import Article, LinkFeatures

SHINGLE = 5  # words per shingle: long enough that two different stories rarely share one
_HASH = np.dtype("<u4")  # CRC-32 values, stored in four bytes


def features_of(article: Article) -> LinkFeatures:
    text_words = ArticleWords.of(article)
    shingles: set[str] = set()
    for tokens in text_words.paragraphs:
        shingles.update(" ".join(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)))
    shingles.discard("")
    vocabulary = frozenset().union(*text_words.sentences) if text_words.sentences else frozenset()
    shingle_hashes, vocabulary_hashes = _hashes(shingles), _hashes(vocabulary)
    story = text_words.terms_only()
    return LinkFeatures(
        article.id, sum(map(len, text_words.paragraphs)), len(text_words.sentences),
        shingle_hashes.astype(_HASH).tobytes(), vocabulary_hashes.astype(_HASH).tobytes(),
        _signature(shingle_hashes), _signature(vocabulary_hashes),
        " ".join(f"{term}:{n}:{story.surface[term]}" if term in story.surface else f"{term}:{n}"
                 for term, n in story.terms.items()))


def hashes(data: bytes) -> np.ndarray:
    """Stored hashes as an array (sorted and distinct, as stored)."""
    return np.frombuffer(data, dtype=_HASH)


def signature(data: bytes) -> np.ndarray | None:
    """A stored MinHash signature, or None for an empty set."""
    return np.frombuffer(data, dtype=minhash.SIGNATURE) if data else None


def story_terms(terms: str) -> ArticleWords:
    """What story clustering reads of the article (as ``ArticleWords.terms_only``), from its
    features' ``terms``."""
    counts, surface = Counter(), {}
    for entry in terms.split():
        term, n, *written = entry.split(":")
        term = sys.intern(term)  # one copy of each stem however many articles use it
        counts[term] = int(n)
        if written:
            surface[term] = sys.intern(written[0])
    return ArticleWords([], [], counts, surface)


def _hashes(items: set[str] | frozenset[str]) -> np.ndarray:
    return np.unique(minhash.item_hashes(items))


def _signature(item_hashes: np.ndarray) -> bytes:
    return minhash.signature(item_hashes).tobytes() if len(item_hashes) else b""
