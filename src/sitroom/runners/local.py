"""Run the pipeline on this machine, batch by batch (on ``config.workers`` processes), writing
to the store as it goes (several batches at a time); then the corpus-level link pass over everything stored."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Generic, TypeVar

from sitroom.config import RunConfig
from sitroom.ingest import read_paths
from sitroom.link import LinkUpdates
from sitroom.link.copies import AlikePairs
from sitroom.pipeline import Processed, StageTimes
from sitroom.records import Actor, Article, Failure, RawDoc, content_hash
from sitroom.runners.link_pass import link_database
from sitroom.runners.workers import (Setup, WorkerPool, analyse_batches, articles_and_failures, batch_jobs, in_own_process,
                                     redate)
from sitroom.store import Store

T = TypeVar("T")
log = logging.getLogger(__name__)
SavedArticle = tuple[Article, dict[str, list[Any]], list[Actor]]  # what ``Store.save_articles`` takes of each

# Analysed articles are written in groups of at least this many. A write costs about 45 ms (a
# statement per table and a commit) whatever its size: at 10,000 articles, writing each batch of 50
# as it came took the runner 17 CPU seconds, beside the workers, and groups of 500 took 8.
WRITE_GROUP_ARTICLES = 500


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
    skipped: Counter = field(default_factory=Counter)  # web-archive records that are no article, by reason
    times: StageTimes = field(default_factory=StageTimes)  # seconds per stage (workers' summed)

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged


def _timed(items: Iterable[T], times: StageTimes, stage: str) -> Iterator[T]:
    """The items, the time spent producing them counted as ``stage``."""
    iterator = iter(items)
    while True:
        with times.stage(stage):
            item = next(iterator, None)
        if item is None:
            return
        yield item


class WriteGroup(Generic[T]):
    """Analysed work waiting to be written, and its failures: written together (``write``) once it
    holds ``WRITE_GROUP_ARTICLES`` articles, before work of an origin already waiting (the later
    replaces the earlier, as batch by batch), and when the group's block ends, however it ends.
    Work is analysed in input order and written in it."""

    def __init__(self, write: Callable[[list[T], list[Failure]], None]) -> None:
        self.write, self.size = write, WRITE_GROUP_ARTICLES
        self.items: list[T] = []
        self.failures: list[Failure] = []
        self.origins: set[str] = set()
        self.articles = 0

    def add(self, items: Iterable[T], articles: int, failures: Iterable[Failure], origins: Iterable[str]) -> None:
        """``items`` holding ``articles`` analysed articles, and ``failures``; ``origins``: all of their origins."""
        origins = set(origins)
        if not origins.isdisjoint(self.origins):
            self.flush()
        self.items.extend(items)
        self.failures.extend(failures)
        self.origins |= origins
        self.articles += articles
        if self.articles >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.items or self.failures:
            items, failures = self.items, self.failures
            self.items, self.failures, self.origins, self.articles = [], [], set(), 0
            self.write(items, failures)

    def __enter__(self) -> WriteGroup[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.flush()
            return
        # The run stops (Ctrl-C, workers that keep dying, an error): what was analysed is written if it
        # can be, so that "what was stored before is kept" covers it, and the run's own error is the one raised.
        waiting = self.articles
        try:
            self.flush()
        except Exception as exc:
            log.warning("the %d analysed article(s) waiting to be stored when the run stopped could not be: %s",
                        waiting, exc)


def store_batch(store: Store, summary: RunSummary, save: Callable[[], list[str]], failures: list[Failure]) -> None:
    """Failures, and analysed articles (``save`` stores them and says which are new and which
    updated), into the store and the summary (both runners)."""
    with summary.times.stage("store"):
        outcomes = save()
        record_failures(store, summary, failures)
    summary.new += outcomes.count("new")
    summary.updated += outcomes.count("updated")


def record_failures(store: Store, summary: RunSummary, failures: list[Failure]) -> None:
    store.add_failures(summary.run_id, failures)
    summary.failures.extend(failures)


# The link pass over the database at a path, apart from the runner (which releases the store
# meanwhile); given the copies an earlier pass over the same texts found.
LinkApart = Callable[[Path, AlikePairs | None], LinkUpdates]


def link_in_own_process(path: Path, alike: AlikePairs | None = None) -> LinkUpdates:
    """The link pass in a process of its own (``runners.link_pass``). At 10,000 articles, run in
    the runner, it took the runner to 586 MB, its second pass starting 180 MB above the first;
    apart, the link process peaked at 377 MB and the runner at 352 MB."""
    return in_own_process(link_database, path, alike)


def finish_run(store: Store, config: RunConfig, summary: RunSummary, started: float,
               pool: WorkerPool | None = None, link_apart: LinkApart = link_in_own_process) -> None:
    """The link pass over everything stored, then the run's record (both runners; ``pool``: the
    run's workers, if it has any; ``link_apart``: where the pass runs)."""
    with summary.times.stage("link"):
        summary.redated, failures = link_stored(store, config, summary.run_id, pool, link_apart)
    record_failures(store, summary, failures)
    summary.seconds = time.perf_counter() - started
    store.finish_run(summary.run_id, summary.new, summary.updated, summary.unchanged, len(summary.failures))


def link_stored(store: Store, config: RunConfig, run_id: str, pool: WorkerPool | None = None,
                link_apart: LinkApart = link_in_own_process) -> tuple[int, list[Failure]]:
    """The corpus-level link pass over everything stored. When it dates undated articles from other
    reports of what they tell, their stages run again with that date (their relative expressions
    then resolve; on ``pool``'s workers where it has started them), and linking runs once more.
    Returns how many articles were dated so, and the failures of those whose stages could not run
    again (they keep their stored records, undated)."""
    updates = _linked(store, link_apart)
    dates = {article: (found.published, found.note) for article, found in updates.redate.items() if found.published}
    if not dates:
        store.apply_links(updates)
        return 0, []
    # The pass runs again once these articles are dated, deciding afresh from the stored records, so
    # this one's decisions are not written (at 10,000 articles that took 8 s) nor held meanwhile.
    # Only the copies it found are handed on: dating changes no text, so they stand (comparing them
    # took 7.5 s of a 43 s pass at 10,000 articles).
    alike = updates.alike
    del updates
    articles = list(store.records("articles", ids=list(dates)))
    results = redate(articles, dates, Setup(config.actors_file, config.published), config.dictionary,
                     pool or WorkerPool(config.workers))
    redone = [p for p in results if isinstance(p, Processed)]
    store.save_articles([(p.article, p.records(), p.actors) for p in redone], run_id, config.pipeline_key)
    store.apply_links(_linked(store, link_apart, alike))
    return len(redone), [f for f in results if isinstance(f, Failure)]


def _linked(store: Store, link_apart: LinkApart, alike: AlikePairs | None = None) -> LinkUpdates:
    """The link pass apart, the store released to it meanwhile."""
    with store.released():
        return link_apart(store.path, alike)


def run_local(config: RunConfig, store: Store, on_document: Callable[[str], None] | None = None) -> RunSummary:
    """Ingest, process and store everything ``config`` names, then link what is stored.
    ``on_document`` is called with each document's origin once it is analysed (for progress; it is
    stored with its ``WriteGroup``). An input
    already stored from the same content under the same pipeline key is skipped unless
    ``config.force``. Batches are analysed on ``config.workers`` processes; this process reads,
    cuts the batches and writes the store, so the result does not depend on the number of workers."""
    started = time.perf_counter()
    run_id = store.start_run(list(config.paths), version("sitroom"))
    summary = RunSummary(run_id, str(store.path))
    items = _timed(articles_and_failures(read_paths(config.paths, config.ingest), summary.skipped),
                   summary.times, "ingest")

    def stored_unchanged(raws: list[RawDoc]) -> set[str]:
        known = {} if config.force else store.known_hashes([raw.origin for raw in raws])
        return {raw.origin for raw in raws if known.get(raw.origin) == (content_hash(raw.content), config.pipeline_key)}

    jobs = batch_jobs(items, config.batch_size, stored_unchanged)
    setup = Setup(config.actors_file, config.published)

    def write(saved: list[SavedArticle], failures: list[Failure]) -> None:
        store_batch(store, summary, lambda: store.save_articles(saved, run_id, config.pipeline_key), failures)

    with WorkerPool(config.workers) as pool:
        with WriteGroup[SavedArticle](write) as group:
            for batch, analysed in analyse_batches(jobs, setup, config.dictionary, pool):
                summary.times.merge(analysed.times)
                summary.unchanged += sum(isinstance(item, RawDoc) for item in batch) - len(analysed.results)
                processed, failed = analysed.split()
                group.add([(p.article, p.records(), p.actors) for p in processed], len(processed),
                          [item for item in batch if isinstance(item, Failure)] + failed, [item.origin for item in batch])
                if on_document:
                    for item in batch:
                        on_document(item.origin)
        finish_run(store, config, summary, started, pool)
    return summary
