"""The link section: how the corpus-level link pass scales with the corpus.

Synthetic corpora of records (``sitroom.bench.link_corpora``) at two sizes ten times apart; candidate
pairs come from blocking, so the larger should cost about ten times the smaller, not a hundred.
"""

from __future__ import annotations

from collections.abc import Sequence

LINEAR_LIMIT = 10.0  # seconds(10x the articles) / seconds(x): above this, the pass is worse than linear-ish


def measure(texts: Sequence[str], sizes: Sequence[int]) -> tuple[dict, list[str]]:
    from sitroom.bench.throughput import in_fresh_process
    from sitroom.bench.link_corpora import base_corpus, link_once

    # Each size in a fresh process, so that each peak of memory is its own; the sizes differ by
    # orders of magnitude, far more than the machine's noise, so one run each.
    base = base_corpus(texts)
    rows = [in_fresh_process(link_once, base, n) for n in sizes]
    lines = [f"{len(texts)} base articles run through the stages once; corpora of their paragraphs' records"]
    for row in rows:
        lines.append(f"link {row['articles']:>7,} articles ({row['events']:,} events): {row['seconds']:8.2f}s  "
                     f"{row['stories']:,} stories, {row['clusters']:,} happenings; memory: records "
                     f"{row['records_mb']} MB, the pass {row['link_peak_mb']} MB more at its peak")
    result: dict = {"sizes": rows}
    if len(rows) >= 2 and rows[0]["seconds"] > 0:
        growth = rows[-1]["articles"] / rows[0]["articles"]
        ratio = rows[-1]["seconds"] / rows[0]["seconds"]
        result["ratio"] = round(ratio, 2)
        lines.append(f"ratio {rows[-1]['articles']:,} / {rows[0]['articles']:,} articles: {ratio:.2f} "
                     f"(x{growth:.0f} the articles; target <= ~{growth * LINEAR_LIMIT / 10:.0f}, linear-ish)")
    return result, lines
