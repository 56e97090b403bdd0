"""The link pass over a stored database, as the runners run it: in a process of its own.

The pass holds every article's records at once (``sitroom.link``), so it is the runner's largest
working set, and what a process has held it keeps: Python's allocator and DuckDB's cache of the
blocks it read. Run apart, that memory goes back to the system when the pass ends, and the second
pass (after dating articles from other reports) starts from nothing, not from what the first left.
Nothing this module imports imports spaCy (the pass reads dates with the time stage's grammar,
and the time package comes with it, but none of it needs spaCy to be imported): the process starts
in a third of a second, where spaCy's import alone took two thirds (a test checks it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from sitroom.link import NOT_READ, Corpus, LinkUpdates, link
from sitroom.link.blocks import MapBlocks
from sitroom.link.copies import AlikePairs
from sitroom.store import Store


def link_database(path: Path, alike: AlikePairs | None = None, map_blocks: MapBlocks = map) -> LinkUpdates:
    """What the link pass decides over the database at ``path`` (opened read-only: the runner
    writes the updates); ``alike``: the copies an earlier pass over the same texts found;
    ``map_blocks``: how the parts that split into blocks run (``link.blocks``)."""
    try:
        return _link(path, alike, map_blocks, lightly=True)
    except duckdb.OutOfMemoryException:  # a read that needed more than DuckDB keeps to (none did up to 50,000 articles)
        return _link(path, alike, map_blocks, lightly=False)


def _link(path: Path, alike: AlikePairs | None, map_blocks: MapBlocks, lightly: bool) -> LinkUpdates:
    with Store(path, read_only=True) as store, _collecting_rarely():
        if lightly:
            store.scan_lightly()
        return link(corpus_of(store, alike), map_blocks)


@contextmanager
def _collecting_rarely() -> Iterator[None]:
    """Python's cycle collector, rarely. The pass makes hundreds of thousands of records that live
    until it ends and refer to no other in a cycle; counting allocations, the collector went
    through them some 2,000 times at 10,000 articles (1.4 s of a 17 s pass, for nothing freed)."""
    before = gc.get_threshold()
    gc.set_threshold(100 * before[0], *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def corpus_of(store: Store, alike: AlikePairs | None = None) -> Corpus:
    """What the link pass reads: the articles without their texts (it compares their stored
    features, and reads the few texts whose sentences it compares), and the events without the
    fields it does not read."""
    return Corpus(list(store.records("articles", stand_ins=NOT_READ["articles"])),
                  store.actor_counts(), {actor.id: actor for actor in store.records("actors")},
                  store.mention_texts(),
                  store.records("events", originals_only=False, stand_ins=NOT_READ["events"]),
                  store.timexes_of_events(), store.records("link_features", order="", originals_only=False),
                  lambda articles: store.texts_of(a.id for a in articles), alike)
