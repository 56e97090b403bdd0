"""MinHash signatures and LSH banding: which sets are likely to overlap, without comparing all pairs.

A set's MinHash signature is, for each of ``NUM_PERM`` random hash functions, the smallest hash of
its items; two sets agree at a position with probability equal to their Jaccard similarity. The
signature is cut into ``bands`` bands of ``rows`` positions; sets that agree on a whole band are
candidates. The band shape is the one that best separates pairs above the threshold from those
below it (false positives and false negatives weighted alike).

Signatures are computed with numpy for a whole set at once and kept as one row of ``uint32`` per
set (512 bytes); candidates come from sorting each band's keys, so the index holds nothing per
set beyond its signature.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import combinations

import numpy as np

NUM_PERM = 128
_PRIME = np.uint64((1 << 61) - 1)  # a Mersenne prime above every 32-bit hash
_MASK = np.uint64((1 << 32) - 1)
SIGNATURE = np.dtype("<u4")  # a signature's values, as arrays and as stored bytes
_rng = np.random.default_rng(1)  # drawn once: the same permutations in every process and run
# Below 2**32 both, so that hash * a + b stays within 64 bits.
_A = _rng.integers(1, 1 << 32, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, size=NUM_PERM, dtype=np.uint64)


def item_hashes(items: Iterable[str]) -> np.ndarray:
    """CRC-32 of each item: fast, in C, and the same in every process (Python's own hash is
    salted per process, and candidates must not depend on the process)."""
    return np.fromiter((zlib.crc32(item.encode("utf-8")) for item in items), dtype=np.uint64)


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature of a non-empty set of item hashes."""
    permuted = (hashes[:, None] * _A + _B) % _PRIME & _MASK
    return permuted.min(axis=0).astype(SIGNATURE)


@lru_cache(maxsize=None)
def band_shape(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm that minimise the probability of missing a
    pair above the threshold plus that of proposing one below it."""

    steps = 200
    below = (np.arange(steps) + 0.5) / steps * threshold  # midpoints of [0, threshold]
    above = threshold + (np.arange(steps) + 0.5) / steps * (1 - threshold)
    best, best_error = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            proposed_below = 1 - (1 - below ** rows) ** bands
            missed_above = (1 - above ** rows) ** bands
            error = proposed_below.mean() * threshold + missed_above.mean() * (1 - threshold)
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


def candidate_pairs(keys: Sequence[str], signatures: np.ndarray, threshold: float) -> set[tuple[str, str]]:
    """Pairs of keys (each pair sorted) whose signatures (one row per key) agree on a whole band."""
    pairs: set[tuple[str, str]] = set()
    if len(keys) < 2:
        return pairs
    bands, rows = band_shape(threshold, signatures.shape[1])
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows:(band + 1) * rows])
        band_keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(band_keys, kind="stable")
        ordered = band_keys[order]
        # Runs of equal keys in sorted order are the band's buckets.
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        for start, end in zip(starts, ends):
            if end - start > 1:
                members = sorted(keys[i] for i in order[start:end])
                pairs.update(combinations(members, 2))
    return pairs
