"""Batches analysed on worker processes, handed back in input order.

The runner cuts the batches (in input order, so that each batch's line statistics are what one
process would see) and writes every result itself: workers only run ``process_batch``, so the
store keeps one writer and a run on N workers stores what a run on one stores. Each worker
loads the spaCy model and the actor dictionary once. At most ``2 * workers`` batches are in
flight, so memory stays bounded whatever the size of the input.

Workers are started with ``spawn`` (a fresh interpreter): forking a process that holds a
DuckDB connection and its threads is not safe. A run whose input fits in one batch has nothing
to share and stays in this process. The pool (``WorkerPool``) lasts the whole run: the articles
the link stage dates after the batches (``redate``) are analysed again on its workers, whose
model is loaded already.
"""

from __future__ import annotations

import logging
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


# Batches that killed even the process they were analysed alone on, with none analysed yet: then
# workers die whatever they analyse (too little memory for one model, a broken install), and the
# run stops rather than try every batch twice.
DEATHS_BEFORE_ANY_BATCH = 3
log = logging.getLogger(__name__)


class WorkerPool:
    """A run's worker processes: started when a second batch shows there is work to share, and
    kept until the run ends (``with WorkerPool(n) as pool``) for the articles the link stage
    dates after the batches. ``analyse`` and ``redate``: what a worker runs on a batch, and on the
    articles dated so (the tests' own, to make a worker die)."""

    def __init__(self, workers: int, analyse: Callable[[Setup, list[RawDoc], LineStats], BatchResult] | None = None,
                 redate: Callable[[Setup, list[Article], dict[str, tuple[str, str]]], list[Processed | Failure]] | None = None
                 ) -> None:
        self.workers = workers
        self.analyse = analyse or _analyse_in_worker
        self.redate = redate or _redate_in_worker
        self.analysed = 0  # batches analysed, on the pool or alone
        self.deaths = 0  # batches that killed even the process they were analysed alone on (``again``)
        self._executor: ProcessPoolExecutor | None = None
        self._alone: WorkerPool | None = None  # one process beside the pool, for batches lost with a worker

    @property
    def started(self) -> bool:
        return self._executor is not None

    def submit(self, function: Callable[..., Any], *args: Any) -> Future:
        """``function(*args)`` on a worker; when a worker has died, the pool is started again
        (what was in flight on it comes back broken)."""
        if self._executor is not None:
            try:
                return self._executor.submit(function, *args)
            except BrokenProcessPool:
                self.close()
        self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._executor.submit(function, *args)

    def alone(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` on a process beside the pool, one call at a time; it is kept for
        the next call (each loads the model) until ``close_alone``, or until it dies
        (``WorkerFailed``)."""
        if self._alone is None:
            self._alone = WorkerPool(1)
        try:
            return _result(self._alone.submit(function, *args))
        except WorkerFailed:
            self.close_alone()
            raise

    def again(self, function: Callable[..., T], *args: Any, failed: Callable[[], T]) -> T:
        """What a dead worker lost, ``function(*args)``, run again ``alone``. If that process dies
        too, ``failed()`` stands for the result and the run goes on; unless nothing has been
        analysed yet and this is the ``DEATHS_BEFORE_ANY_BATCH``th such death: then every worker
        dies whatever it is given (too little memory for the model?), and the run stops
        (``WorkerFailed``) rather than try all that is left twice."""
        try:
            result = self.alone(function, *args)
        except WorkerFailed:
            self.deaths += 1
            if not self.analysed and self.deaths >= DEATHS_BEFORE_ANY_BATCH:
                raise WorkerFailed(f"worker processes died on each of the first {self.deaths} batches, even analysed "
                                   f"one at a time (too little memory for the model?); run again with fewer --workers "
                                   f"or a smaller --batch-size") from None
            return failed()
        self.analysed += 1
        return result

    def close_alone(self) -> None:
        if self._alone is not None:
            self._alone.close()
            self._alone = None

    def close(self) -> None:
        self.close_alone()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def analyse_batches(jobs: Iterable[BatchJob[T]], setup: Setup, dictionary: ActorDictionary,
                    pool: WorkerPool) -> Iterator[tuple[T, BatchResult]]:
    """Each job's tag with its result, in the order of ``jobs``; on the pool's workers when there
    is more than one batch and more than one worker, else here (with ``dictionary``, loaded)."""
    iterator = iter(jobs)
    first = next(iterator, None)
    if first is None:
        return
    second = next(iterator, None)
    jobs_again = chain([first] if second is None else [first, second], iterator)
    if pool.workers <= 1 or second is None:
        for job in jobs_again:
            yield job.tag, analyse(job.raws, job.stats, dictionary, setup.published)
        return
    yield from _on_pool(jobs_again, setup, pool)


def _on_pool(jobs: Iterator[BatchJob[T]], setup: Setup, pool: WorkerPool) -> Iterator[tuple[T, BatchResult]]:
    pending: deque[tuple[BatchJob[T], Future | BatchResult]] = deque()

    def first_done() -> tuple[T, BatchResult]:
        job, result = pending.popleft()
        if isinstance(result, BatchResult):
            return job.tag, result
        if not _broken(result):
            pool.analysed += 1
            return job.tag, result.result()
        # A worker died (out of memory, killed, a crash in native code), and every batch in flight
        # on the pool with it. They are analysed again one at a time on a process beside the pool:
        # one that kills that process too fails alone, and the run goes on.
        lost_too = [i for i, (_, other) in enumerate(pending) if isinstance(other, Future) and _broken(other)]
        log.warning("a worker process died (out of memory, or killed?): the %d batch(es) in flight with it are "
                    "analysed again, one at a time", 1 + len(lost_too))
        again = _analysed_again(job, setup, pool)
        for i in lost_too:
            pending[i] = (pending[i][0], _analysed_again(pending[i][0], setup, pool))
        pool.close_alone()
        return job.tag, again

    try:
        for job in jobs:
            # A batch with nothing to analyse (all stored unchanged) needs no worker, but keeps its place.
            pending.append((job, pool.submit(pool.analyse, setup, job.raws, job.stats) if job.raws else BatchResult()))
            while len(pending) >= 2 * pool.workers:
                yield first_done()
        while pending:
            yield first_done()
    finally:
        for _, result in pending:  # stopped early: what has not started is not run
            if isinstance(result, Future):
                result.cancel()


def _broken(future: Future) -> bool:
    """Whether the batch was lost with its pool (waits for it to end)."""
    return isinstance(future.exception(), BrokenProcessPool)


def _analysed_again(job: BatchJob[T], setup: Setup, pool: WorkerPool) -> BatchResult:
    """The batch analysed again beside the pool; if that dies too, its documents are failures."""
    error = ("the worker process analysing its batch died, and again when the batch was analysed alone (out of "
             "memory, killed, or a crash): nothing of it is stored; run it again with fewer --workers or a "
             "smaller --batch-size")
    return pool.again(pool.analyse, setup, job.raws, job.stats,
                      failed=lambda: BatchResult([Failure(raw.origin, "worker", error) for raw in job.raws]))


# Articles per job when the link stage's dated articles go back to the workers (a day of news can
# date hundreds: spread over the workers, not all on one).
REDATE_CHUNK = 50


def redate(articles: Sequence[Article], dates: Mapping[str, tuple[str, str]], setup: Setup,
           dictionary: ActorDictionary, pool: WorkerPool) -> list[Processed | Failure]:
    """``redate_batch`` for the articles the link stage dated, in input order: on the pool's
    workers when they were started (their model is loaded), in chunks of ``REDATE_CHUNK``; here
    when the model is loaded here (one worker, or a run of one batch); else on a worker process
    of its own, so that the runner, which holds the link pass's records, does not load the spaCy
    model as well. A worker that dies takes the pool's unfinished chunks with it (all are in flight
    at once): they are analysed again one at a time on a process beside the pool, and a chunk that
    kills that process too is not redone (a ``Failure`` each): its articles keep their stored
    records, undated, and the run goes on to link what it has."""
    if pool.started:
        chunks = [(chunk, {a.id: dates[a.id] for a in chunk})
                  for chunk in (list(articles[i:i + REDATE_CHUNK]) for i in range(0, len(articles), REDATE_CHUNK))]
        futures = [pool.submit(pool.redate, setup, *chunk) for chunk in chunks]
        try:
            return [result for chunk, future in zip(chunks, futures) for result in _redated(chunk, future, setup, pool)]
        finally:
            for future in futures:  # stopped by an error: what has not started is not run
                future.cancel()
            pool.close_alone()
    if pool.workers <= 1 or nlp.loaded():
        return list(redate_batch(articles, dates, dictionary))
    try:
        return in_own_process(pool.redate, setup, list(articles), dict(dates))
    except WorkerFailed:
        return _not_redated(articles)


def _redated(chunk: tuple[list[Article], dict[str, tuple[str, str]]], future: Future, setup: Setup,
             pool: WorkerPool) -> list[Processed | Failure]:
    """A chunk's results (its articles and their dates), analysed again alone if its worker died."""
    if not _broken(future):
        return future.result()
    log.warning("a worker process died (out of memory, or killed?) analysing %d article(s) dated from other "
                "reports: they are analysed again, alone", len(chunk[0]))
    return pool.again(pool.redate, setup, *chunk, failed=lambda: _not_redated(chunk[0]))


def _not_redated(articles: Sequence[Article]) -> list[Failure]:
    log.warning("%d article(s) dated from other reports killed the process analysing them again: they keep "
                "their stored records, undated", len(articles))
    error = ("dated from other reports, but the process analysing it again died (out of memory, killed, or a "
             "crash): it keeps its stored records, undated")
    return [Failure(article.origin, "worker", error) for article in articles]


def in_own_process(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` on a fresh process, ended when it returns (with all it held)."""
    with WorkerPool(1) as own:
        return _result(own.submit(function, *args))


def _redate_in_worker(setup: Setup, articles: list[Article], dates: dict[str, tuple[str, str]]) -> list[Processed | Failure]:
    if setup not in _loaded:
        _loaded[setup] = ActorDictionary.load(setup.actors_file)
    return list(redate_batch(articles, dates, _loaded[setup]))


def _result(future: Future) -> Any:
    try:
        return future.result()
    except BrokenProcessPool:
        raise WorkerFailed("a worker process died (out of memory, or killed); run again with fewer --workers "
                           "or a smaller --batch-size") from None
