"""Run the per-article stages on Ray Data, then store and link here.

    plan units (file names only) ─► Ray Data: one task per unit on a pool of actors, each of which
    loads the spaCy model and the actor dictionary once ─► Parquet files per unit ─► the store
    (DuckDB reads them here, several units at a time, in input order) ─► the link pass, its blocks
    as Ray tasks ─► the whole store as Parquet

The driver (this process) is the store's one writer, as in the local runner. The link pass over
everything stored (``link_stored``) runs beside it in a Ray actor's process (it reads the store;
``LinkOnRay``), started as soon as fewer units are out than actors, and its parts that split into
blocks (comparing copies' candidate pairs, clustering happenings by event type: ``link.blocks``)
run as tasks on any node (``ray_link.map_on_ray``). The Parquet directory it leaves
(``DIR/TABLE.parquet``) opens read-only as a store (``Store(DIR)``), for `report`, `serve`,
`export` and the listings. Without ``config.address`` Ray starts on this machine with
``config.workers`` CPUs; with one (``auto``, or ``ray://HOST:10001``) it joins that cluster,
whose nodes must have sitroom installed and see the input paths and the Parquet directory
(a shared file system).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout, suppress
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sitroom.config import RunConfig
from sitroom.ingest import IngestOptions
from sitroom.ingest.files import InputFile
from sitroom.link import LinkUpdates
from sitroom.link.copies import AlikePairs
from sitroom.pipeline import StageTimes
from sitroom.records import Failure
from sitroom.runners.link_pass import link_database
from sitroom.runners.ray_link import LinkProcess
from sitroom.runners.local import RunSummary, WriteGroup, finish_run, store_batch
from sitroom.runners.units import Unit, UnitResult, analyse_unit, part, plan_units
from sitroom.runners.workers import Setup, WorkerFailed, WorkerPool
from sitroom.store import Store

# Ray's object store holds the units' small summaries (the records go to Parquet files), the link
# pass's blocks in flight (at most 20 MB each) and its result (9 MB at 10,000 articles).
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024


class UnitAnalyser:
    """A Ray Data actor: the model and the dictionary loaded once, then one unit per call."""

    def __init__(self, setup: Setup, options: IngestOptions, batch_size: int, stored: dict[str, str], out: str):
        from sitroom import nlp
        from sitroom.actors import ActorDictionary

        nlp.load()
        self.dictionary = ActorDictionary.load(setup.actors_file)
        self.setup, self.options, self.batch_size, self.stored, self.out = setup, options, batch_size, stored, Path(out)

    def __call__(self, batch: dict) -> dict:
        results = [self._analysed(_unit_from_row(index, entries)) for index, entries in zip(batch["unit"], batch["entries"])]
        return {"unit": [r.index for r in results], "result": [_result_to_json(r) for r in results]}

    def _analysed(self, unit: Unit) -> UnitResult:
        try:
            return analyse_unit(unit, self.setup, self.dictionary, self.options, self.batch_size, self.stored, self.out)
        except Exception as exc:  # outside the stages, which fail one document at a time: its files could not be written, say
            return _failed(unit, f"analysing it on Ray failed ({type(exc).__name__}: {exc})")


def run_ray(config: RunConfig, store: Store, on_document: Callable[[str], None] | None = None,
            analyser: type[UnitAnalyser] = UnitAnalyser) -> RunSummary:
    """What ``run_local`` does, with the per-article stages on Ray; the same records are stored
    (``on_document`` is called as units come back, in input order; they are stored with their
    ``WriteGroup``). ``analyser``: the actor class (the tests' own, to make an actor die)."""
    started = time.perf_counter()
    run_id = store.start_run(list(config.paths), version("sitroom"))
    summary = RunSummary(run_id, str(store.path))
    units = plan_units(config.paths, config.ingest, config.batch_size)
    stages = config.parquet_dir / "stages" / run_id
    stored = {} if config.force else store.hashes_under(config.pipeline_key)
    constructor = {"setup": Setup(config.actors_file, config.published), "options": config.ingest,
                   "batch_size": config.batch_size, "stored": stored, "out": str(stages)}
    with _ray(config), LinkOnRay() as link:
        with WriteGroup(lambda folders, failures: _load_units(folders, failures, store, config, summary)) as group:
            def store_unit(result: UnitResult) -> None:
                _store_unit(result, stages, group, summary, on_document)

            def actors_idle() -> None:
                # What waits for the end is done on the free CPU rather than after the last unit:
                # the link pass's process starts, and the units stored so far are written.
                link.start()
                group.flush()

            next_unit, waiting = _on_ray(config, units, analyser, constructor, store_unit, actors_idle)
            # The units lost with an actor that died (out of memory, killed, a crash: the unit's own doing, or
            # that of the unit before it on the same actor) are analysed again here, one at a time on a
            # process beside this one, as the local runner does (a second Ray dataset for them could stall
            # on the first one's restarting actors).
            with WorkerPool(1) as retry:
                # The units analysed on Ray: deaths now are not every actor's fate.
                retry.analysed = next_unit + len(waiting)
                for unit in units[next_unit:]:
                    result = waiting.pop(unit.index, None)
                    store_unit(_again(unit, analyser, constructor, retry) if result is None else result)
        shutil.rmtree(stages, ignore_errors=True)
        if stages.parent.exists() and not any(stages.parent.iterdir()):
            stages.parent.rmdir()
        finish_run(store, config, summary, started, link_apart=link)
    with summary.times.stage("parquet"):
        store.write_parquet(config.parquet_dir)
    return summary


def _on_ray(config: RunConfig, units: list[Unit], analyser: type[UnitAnalyser], constructor: dict,
            store_unit: Callable[[UnitResult], None], actors_idle: Callable[[], None]) -> tuple[int, dict[int, UnitResult]]:
    """The units through Ray Data, each result handed to ``store_unit`` once those before it have
    been; ``actors_idle`` is called once fewer units are out than actors (one at least, and its
    CPU, has nothing left to do). Returns how many were handed on, and the results that wait
    behind a unit that never came back."""
    import ray.data

    rows = [{"unit": unit.index, "entries": _entries_to_json(unit)} for unit in units]
    # No more actors than units: each loads the model, and Ray Data warns of an idle one. A unit
    # whose actor dies is dropped, not the run, and not tried again on Ray (Ray Data's default
    # tried it without end); see below.
    actors = max(1, min(config.workers, len(rows)))
    with warnings.catch_warnings():
        # Ray 2.60 names no parameter for max_task_retries, and warns that the generic ones are deprecated
        # (to go in Ray 2.64: pyproject keeps Ray below it).
        warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
        dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows))).map_batches(
            analyser, batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1, max_task_retries=0, fn_constructor_kwargs=constructor)
    dataset.context.max_errored_blocks = -1  # this dataset's own, not the process's Ray Data defaults
    # Units finish in any order; each joins the store's next write (``WriteGroup``: several
    # units at once) once those before it have, so that storing overlaps the analysis of the rest.
    waiting: dict[int, UnitResult] = {}
    next_unit = 0
    out = len(rows)  # units not back yet
    try:
        # Each block as it comes: ``iter_rows`` holds one back until the next is ready (it
        # prefetches), which kept every unit from the store until the next one was done (1.2-2.7 s).
        for batch in dataset.iter_batches(batch_size=None, prefetch_batches=0):
            for unit, result in zip(batch["unit"], batch["result"]):
                waiting[int(unit)] = _result_from_json(result)
            before, out = out, out - len(batch["unit"])
            while next_unit in waiting:
                store_unit(waiting.pop(next_unit))
                next_unit += 1
            if out < actors <= before:  # fewer units are out than actors, for the first time
                actors_idle()
    except ray.exceptions.RayError as exc:
        raise _failed_on_ray("the Ray job failed", exc) from None
    return next_unit, waiting


LOST = ("its Ray actor died, and so did the process it was analysed on again (out of memory, killed, or a crash): "
        "nothing of it is stored; run it again with more memory per worker")


def _again(unit: Unit, analyser: type[UnitAnalyser], constructor: dict, retry: WorkerPool) -> UnitResult:
    """A unit lost with its actor, through the actor's own code on ``retry``'s process beside this
    one (kept for the next such unit: it loads the model once); if that dies too, each of its files
    is a failure (what it may have written is not loaded). When the first units of a run all die so
    and none came back from Ray, the run stops (``WorkerPool.again``)."""
    return retry.again(_analyse_here, analyser, constructor, unit.index, _entries_to_json(unit),
                       failed=lambda: _failed(unit, LOST))


def _analyse_here(analyser: type[UnitAnalyser], constructor: dict, index: int, entries: str) -> UnitResult:
    return _result_from_json(analyser(**constructor)({"unit": [index], "entries": [entries]})["result"][0])


def _failed(unit: Unit, error: str) -> UnitResult:
    """Each of the unit's files a failure."""
    failures = [e if isinstance(e, Failure) else Failure(str(e.path), "worker", error) for e in unit.entries]
    return UnitResult(unit.index, failures=failures, origins=[f.origin for f in failures])


def _store_unit(result: UnitResult, stages: Path, group: WriteGroup[Path], summary: RunSummary,
                on_document: Callable[[str], None] | None) -> None:
    """The unit's result into the summary, and its files into the group written next (a failed
    unit's actor may have left some of its files: only a unit with articles is loaded)."""
    summary.times.merge(result.times)
    group.add([part(stages, result.index)] if result.articles else [], result.articles, result.failures,
              result.origins)
    summary.unchanged += result.unchanged
    summary.skipped.update(result.skipped)
    if on_document:
        for origin in result.origins:
            on_document(origin)


def _load_units(folders: list[Path], failures: list[Failure], store: Store, config: RunConfig,
                summary: RunSummary) -> None:
    store_batch(store, summary, lambda: store.load_articles(folders, summary.run_id, config.pipeline_key), failures)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


class LinkOnRay:
    """The link pass on Ray: a call to an actor on this node (the store's), whose process ends with
    the pass (as ``local.link_in_own_process``), its blocks as tasks on any node (``map_on_ray``).
    The actor asks for no CPU: while the blocks run it waits for them, and they take the run's
    CPUs. ``start`` starts its process ahead of the pass, which then need not wait the second or
    so a process takes to start and import; a pass with none waiting starts one. ``link_pass``:
    ``link_database`` (the tests' own, to make it die). As a context manager, it ends a process
    started for a pass that never came (the run failed before it)."""

    def __init__(self, link_pass: Callable[..., LinkUpdates] = link_database) -> None:
        self.link_pass = link_pass
        self.process = None

    def __enter__(self) -> LinkOnRay:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            _end(self.process)
            self.process = None

    def start(self) -> None:
        import ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        if self.process is None:
            here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
            self.process = ray.remote(num_cpus=0, max_restarts=0, max_task_retries=0)(LinkProcess).options(
                scheduling_strategy=here).remote()

    def __call__(self, path: Path, alike: AlikePairs | None = None) -> LinkUpdates:
        import ray

        self.start()
        process, self.process = self.process, None  # one pass a process: a second pass starts afresh
        try:
            return ray.get(process.link.remote(self.link_pass, path, alike))
        except ray.exceptions.RayTaskError as exc:  # raised in the pass or one of its blocks, by the code or by Ray
            cause = exc.cause
            while isinstance(cause, ray.exceptions.RayTaskError):  # a block's, through the pass
                cause = cause.cause
            if isinstance(cause, ray.exceptions.RayError):  # a block's process died
                raise _failed_on_ray("the link pass failed on Ray", cause) from None
            raise cause from None  # the code's own error (a store that cannot be read, say), as locally
        except ray.exceptions.RayError as exc:  # its process died (out of memory, killed) or could not start
            raise _failed_on_ray("the link pass failed on Ray", exc) from None
        finally:
            _end(process)


def _end(process: Any) -> None:
    """An actor's process ended. One already gone is nothing to report: the pass's result, or its
    own error, is what the run says."""
    import ray

    with suppress(Exception):
        ray.kill(process)


@contextmanager
def _ray(config: RunConfig) -> Iterator[None]:
    """Ray for the run: the cluster at ``config.address``, or one on this machine with
    ``config.workers`` CPUs (shut down after the run); one already started is used as it is.
    Meanwhile standard output is standard error: Ray prints what its processes report (a worker
    that died, say) on standard output, where ``run --json`` writes its summary."""
    with redirect_stdout(sys.stderr):
        try:
            import ray
            import ray.data
        except ImportError:
            raise WorkerFailed("Ray is not installed: pip install 'ray[data]' (or run without --engine ray)") from None
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        logging.getLogger("ray").setLevel(logging.WARNING)
        # Ray Data warns, once per process, that the progress bars we turned off are off: noise in a run's output.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        if ray.is_initialized():
            yield
            return
        try:
            if config.address:
                ray.init(address=config.address, logging_level=logging.WARNING, log_to_driver=False)
            else:
                start_local_ray(config.workers)
        except Exception as exc:  # a cluster that is not there, a port in use
            raise WorkerFailed(f"Ray could not start or connect ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0][:200]}); check --address, or run `ray start --head` first"
                               ) from None
        try:
            yield
        finally:
            ray.shutdown()


def _failed_on_ray(what: str, exc: Exception) -> WorkerFailed:
    return WorkerFailed(f"{what} ({type(exc).__name__}: {_cause(exc)}); see the Ray logs")


def _cause(exc: Exception) -> str:
    """A Ray error in one line: what failed, and (where Ray carries a traceback) the error at its
    end, e.g. that an actor could not be created because sitroom is not installed on its node."""
    lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).splitlines() if line.strip()]
    first, last = (lines[0], lines[-1]) if lines else ("", "")
    return first[:200] if last == first else f"{first[:160]} ... {last[:160]}"


def start_local_ray(cpus: int) -> None:
    """A Ray instance on this machine with ``cpus`` CPUs, whose workers import this sitroom."""
    import ray

    # Ray turns token authentication on for a cluster it starts, and says so on every start: noise
    # in a run's output (it stays on).
    logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(logging.ERROR)
    # Ray's processes here inherit this process's environment when ``ray.init`` starts them, and so
    # its workers this import path. (A runtime environment would set it too, but its workers start
    # only when asked for: the actors began their work 1.2-2 s later.)
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = _import_path()
    try:
        ray.init(num_cpus=cpus, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False,
                 object_store_memory=LOCAL_OBJECT_STORE_BYTES)
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def _import_path() -> str:
    """PYTHONPATH for workers on this machine: where this sitroom is imported from comes first, so
    that they run this code even when another sitroom is installed."""
    import sitroom

    here = str(Path(sitroom.__file__).resolve().parent.parent)
    return os.pathsep.join([here] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])


# A unit and its result travel through Ray Data as JSON strings: plain columns, no pickled objects.

def _entries_to_json(unit: Unit) -> str:
    return json.dumps([["file", str(e.path), e.kind, e.gzipped] if isinstance(e, InputFile)
                       else ["failure", e.origin, e.stage, e.error] for e in unit.entries])


def _unit_from_row(index, entries: str) -> Unit:
    decoded = json.loads(entries)
    return Unit(int(index), tuple(InputFile(Path(e[1]), e[2], e[3]) if e[0] == "file" else Failure(*e[1:])
                                  for e in decoded))


def _result_to_json(result: UnitResult) -> str:
    return json.dumps({"index": result.index, "articles": result.articles, "unchanged": result.unchanged,
                       "failures": [asdict(f) for f in result.failures], "skipped": dict(result.skipped),
                       "times": result.times.seconds, "origins": result.origins})


def _result_from_json(text: str) -> UnitResult:
    data = json.loads(text)
    return UnitResult(data["index"], data["articles"], data["unchanged"], [Failure(**f) for f in data["failures"]],
                      Counter(data["skipped"]), StageTimes(data["times"]), data["origins"])
