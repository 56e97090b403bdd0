"""How the link pass scales: seconds to link synthetic corpora of growing size.

The base records come from one real run of the stages over a few articles (no store); the
corpora are made of their paragraphs (``sitroom.synthetic.records``), so every size has the same
mix of text, actors and events. Candidate pairs come from blocking, so ten times the articles
should cost about ten times the seconds, not a hundred.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence

from sitroom.actors import ActorDictionary
from sitroom.link import Corpus, link
from sitroom.pipeline import Processed, line_stats, process_batch
from sitroom.records import RawDoc
from sitroom.synthetic import records


def base_corpus(texts: Sequence[str], dictionary: ActorDictionary | None = None):
    """(corpus, mentions, timexes) of the texts run through the per-article stages."""
    raws = [RawDoc(origin=f"base/{i:04d}.txt", content=text, kind="text") for i, text in enumerate(texts)]
    done = [p for p in process_batch(raws, line_stats(raws), dictionary or ActorDictionary.load())
            if isinstance(p, Processed)]
    actors = {actor.id: actor for p in done for actor in p.actors}
    corpus = Corpus(
        [p.article for p in done],
        {p.article.id: Counter(m.actor for m in p.mentions if m.actor) for p in done},
        actors,
        frozenset(m.text for p in done for m in p.mentions if m.actor),
        [e for p in done for e in p.events],
        {t.id: t for p in done for t in p.timexes},
    )
    return corpus, [m for p in done for m in p.mentions], [t for p in done for t in p.timexes]


def scaling(texts: Sequence[str], sizes: Sequence[int], seed: int = 0) -> list[dict]:
    """Seconds to link a synthetic corpus of each size (best of one run each; the sizes differ
    by orders of magnitude, far more than the machine's noise)."""
    base, mentions, timexes = base_corpus(texts)
    results = []
    for n in sizes:
        corpus = records(base, mentions, timexes, n, seed=seed)
        started = time.perf_counter()
        updates = link(corpus)
        seconds = time.perf_counter() - started
        results.append({"articles": n, "events": len(corpus.events), "seconds": round(seconds, 2),
                        "stories": len(updates.stories), "clusters": len(updates.clusters)})
    return results
