"""Synthetic corpora for benchmarks: many distinct articles made from a few real ones.

Each synthetic article is a run of paragraphs drawn from several base articles, so that no two are
copies of each other (nothing deduplicates away) while every sentence is real news prose. The same
paragraphs with their records make corpora for the link stage (``sitroom.bench.link_corpora.records``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

PARAGRAPHS_PER_ARTICLE = (6, 14)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split("\n\n"):
        if part.strip():
            spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans


def texts(base: Sequence[str], n: int, seed: int = 0) -> list[str]:
    """``n`` articles of paragraphs drawn from the base texts (a title line, then the paragraphs)."""
    rng = random.Random(seed)
    pool = [text[s:e] for text in base for s, e in paragraph_spans(text)]
    out = []
    for i in range(n):
        chosen = rng.sample(pool, min(len(pool), rng.randint(*PARAGRAPHS_PER_ARTICLE)))
        out.append(f"Report {i}: " + chosen[0].split(".")[0][:80] + "\n\n" + "\n\n".join(chosen) + "\n")
    return out
