"""Batches analysed on worker processes, handed back in input order.

The runner cuts the batches (in input order, so that each batch's line statistics are what one
process would see) and writes every result itself: workers only run ``process_batch``, so the
store keeps one writer and a run on N workers stores what a run on one stores. Each worker
loads the spaCy model and the actor dictionary once. At most ``2 * workers`` batches are in
flight, so memory stays bounded whatever the size of the input.

Workers are started with ``spawn`` (a fresh interpreter): forking a process that holds a
DuckDB connection and its threads is not safe. A run whose input fits in one batch has nothing
to share and stays in this process. The articles the link stage dates after the batches
(``redate``) are analysed again on a worker too.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from sitroom import nlp
from sitroom.actors import ActorDictionary
from sitroom.clean import LineStats
from sitroom.pipeline import Processed, StageTimes, line_stats, process_batch, redate_batch
from sitroom.records import Article, Failure, RawDoc, Skipped

T = TypeVar("T")


class WorkerFailed(RuntimeError):
    """A worker process died (killed, out of memory); the message says what to do."""


@dataclass(frozen=True, slots=True)
class Setup:
    """What a worker needs to analyse like the runner would: the same dictionary and stated date."""

    actors_file: Path | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class BatchJob(Generic[T]):
    raws: list[RawDoc]  # the documents to analyse (the batch less what is stored unchanged)
    stats: LineStats  # the whole batch's line statistics
    tag: T  # the runner's own record of the batch, handed back with its result


@dataclass(slots=True)
class BatchResult:
    results: list[Processed | Failure] = field(default_factory=list)
    times: StageTimes = field(default_factory=StageTimes)

    def split(self) -> tuple[list[Processed], list[Failure]]:
        """The analysed documents and the failures, each in input order."""
        processed = [r for r in self.results if not isinstance(r, Failure)]
        return processed, [r for r in self.results if isinstance(r, Failure)]


def articles_and_failures(items: Iterable[RawDoc | Failure | Skipped], skipped: Counter) -> Iterator[RawDoc | Failure]:
    """What goes into batches (both runners): archive records that are no article are counted
    in ``skipped``, not batched."""
    for item in items:
        if isinstance(item, Skipped):
            skipped[item.reason] += 1
        else:
            yield item


def batch_jobs(items: Iterable[RawDoc | Failure], size: int,
               stored_unchanged: Callable[[list[RawDoc]], set[str]]) -> Iterator[BatchJob[list[RawDoc | Failure]]]:
    """Batches of ``size`` items in input order, each as a job: its documents less those
    ``stored_unchanged`` names (origins already stored from the same content), with the line
    statistics of the whole batch (unchanged pages are evidence too); the tag is the batch."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        raws = [item for item in batch if isinstance(item, RawDoc)]
        unchanged = stored_unchanged(raws)
        yield BatchJob([raw for raw in raws if raw.origin not in unchanged], line_stats(raws), batch)


def analyse(raws: list[RawDoc], stats: LineStats, dictionary: ActorDictionary, published: str | None) -> BatchResult:
    times = StageTimes()
    results = list(process_batch(raws, stats, dictionary, published, times))
    return BatchResult(results, times)


_loaded: dict[Setup, ActorDictionary] = {}  # in a worker: the dictionary of its setup, loaded once


def _analyse_in_worker(setup: Setup, raws: list[RawDoc], stats: LineStats) -> BatchResult:
    if setup not in _loaded:
        _loaded[setup] = ActorDictionary.load(setup.actors_file)
    return analyse(raws, stats, _loaded[setup], setup.published)


def analyse_batches(jobs: Iterable[BatchJob[T]], setup: Setup, dictionary: ActorDictionary,
                    workers: int) -> Iterator[tuple[T, BatchResult]]:
    """Each job's tag with its result, in the order of ``jobs``; on ``workers`` processes when
    there is more than one batch, else here (with ``dictionary``, already loaded)."""
    iterator = iter(jobs)
    first = next(iterator, None)
    if first is None:
        return
    second = next(iterator, None)
    jobs_again = chain([first] if second is None else [first, second], iterator)
    if workers <= 1 or second is None:
        for job in jobs_again:
            yield job.tag, analyse(job.raws, job.stats, dictionary, setup.published)
        return
    yield from _on_pool(jobs_again, setup, workers)


def _on_pool(jobs: Iterator[BatchJob[T]], setup: Setup, workers: int) -> Iterator[tuple[T, BatchResult]]:
    pending: deque[tuple[T, Future | BatchResult]] = deque()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        for job in jobs:
            # A batch with nothing to analyse (all stored unchanged) needs no worker, but keeps its place.
            pending.append((job.tag, pool.submit(_analyse_in_worker, setup, job.raws, job.stats) if job.raws
                            else BatchResult()))
            while len(pending) >= 2 * workers:
                yield _done(pending.popleft())
        while pending:
            yield _done(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def redate(articles: Sequence[Article], dates: Mapping[str, tuple[str, str]], setup: Setup,
           dictionary: ActorDictionary, workers: int) -> list[Processed | Failure]:
    """``redate_batch`` for the articles the link stage dated: here when the model is loaded here
    already (one worker, or a run of one batch), else on a worker process of its own, so that the
    runner, which holds the link pass's records, does not load the spaCy model as well."""
    if workers <= 1 or nlp.loaded():
        return list(redate_batch(articles, dates, dictionary))
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return _result(pool.submit(_redate_in_worker, setup, list(articles), dict(dates)))


def _redate_in_worker(setup: Setup, articles: list[Article], dates: dict[str, tuple[str, str]]) -> list[Processed | Failure]:
    if setup not in _loaded:
        _loaded[setup] = ActorDictionary.load(setup.actors_file)
    return list(redate_batch(articles, dates, _loaded[setup]))


def _done(item: tuple[T, Future | BatchResult]) -> tuple[T, BatchResult]:
    tag, result = item
    return tag, result if isinstance(result, BatchResult) else _result(result)


def _result(future: Future) -> Any:
    try:
        return future.result()
    except BrokenProcessPool:
        raise WorkerFailed("a worker process died (out of memory, or killed); run again with fewer --workers "
                           "or a smaller --batch-size") from None
