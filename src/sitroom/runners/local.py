"""Run the pipeline in this process, batch by batch, writing to the store as it goes; then the
corpus-level link pass over everything stored."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from itertools import islice

from sitroom.config import RunConfig
from sitroom.ingest import read_paths
from sitroom.link import Corpus, link
from sitroom.pipeline import Processed, line_stats, process_batch, redate_batch
from sitroom.records import Failure, RawDoc, content_hash
from sitroom.store import Store


@dataclass(slots=True)
class RunSummary:
    run_id: str
    db: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    redated: int = 0  # undated articles the link stage dated from other reports

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged


def _batches(items: Iterable[RawDoc | Failure], size: int) -> Iterator[list[RawDoc | Failure]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def link_stored(store: Store, config: RunConfig, run_id: str) -> int:
    """The corpus-level link pass over everything stored. When it dates undated articles from other
    reports of what they tell, their stages run again with that date (their relative expressions
    then resolve), and linking runs once more. Returns how many articles were dated so."""
    updates = link(_corpus(store))
    store.apply_links(updates)
    dates = {article: (found.published, found.note) for article, found in updates.redate.items() if found.published}
    if not dates:
        return 0
    articles = [a for a in store.records("articles") if a.id in dates]
    redone = [p for p in redate_batch(articles, dates, config.dictionary) if isinstance(p, Processed)]
    store.save_articles([(p.article, p.records(), p.actors) for p in redone], run_id, config.pipeline_key)
    store.apply_links(link(_corpus(store)))
    return len(redone)


def _corpus(store: Store) -> Corpus:
    return Corpus(list(store.records("articles")), store.actor_counts(),
                  {actor.id: actor for actor in store.records("actors")}, store.mention_texts(),
                  list(store.records("events", originals_only=False)), store.timexes_of_events())


def run_local(config: RunConfig, store: Store, on_document: Callable[[str], None] | None = None) -> RunSummary:
    """Ingest, process and store everything ``config`` names, then link what is stored.
    ``on_document`` is called with each document's origin once it is done (for progress). An input
    already stored from the same content under the same pipeline key is skipped unless
    ``config.force``."""
    started = time.perf_counter()
    run_id = store.start_run(list(config.paths), version("sitroom"))
    summary = RunSummary(run_id, str(store.path))
    for batch in _batches(read_paths(config.paths, config.ingest), config.batch_size):
        raws = [item for item in batch if isinstance(item, RawDoc)]
        failures = [item for item in batch if isinstance(item, Failure)]
        known = {} if config.force else store.known_hashes([raw.origin for raw in raws])
        todo = [raw for raw in raws if known.get(raw.origin) != (content_hash(raw.content), config.pipeline_key)]
        summary.unchanged += len(raws) - len(todo)
        # Statistics over the whole batch, unchanged pages included: they are evidence too.
        processed = []
        for result in process_batch(todo, line_stats(raws), config.dictionary, config.published):
            if isinstance(result, Failure):
                failures.append(result)
            else:
                processed.append(result)
            if on_document:
                on_document(result.origin if isinstance(result, Failure) else result.article.origin)
        outcomes = store.save_articles([(p.article, p.records(), p.actors) for p in processed], run_id,
                                       config.pipeline_key)
        summary.new += outcomes.count("new")
        summary.updated += outcomes.count("updated")
        store.add_failures(run_id, failures)
        summary.failures.extend(failures)
        if on_document:
            done = {raw.origin for raw in todo}
            for item in batch:
                if item.origin not in done:
                    on_document(item.origin)
    summary.redated = link_stored(store, config, run_id)
    summary.seconds = time.perf_counter() - started
    store.finish_run(run_id, summary.new, summary.updated, summary.unchanged, len(summary.failures))
    return summary
