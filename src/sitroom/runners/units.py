"""Units of work for a cluster, planned from the file names alone: a file that holds many articles
(JSON, JSON Lines, a web archive: a shard) is a unit of its own, and consecutive one-article files
form units of ``batch_size``. A unit is read, cut into batches and analysed where it lands, and
its records are written as Parquet files (``part-NNNNNN/TABLE.parquet``) that the store loads.

On one-article files the batches are the local runner's (the same ``batch_size`` files in the
same order), so the line statistics and the results are the same. A batch never spans two
units: where a many-article file stands between others, the local runner's batch may (so such
a mixed input can clean a little differently on the two engines).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.actors import ActorDictionary
from sitroom.ingest import IngestOptions, input_files, read_file
from sitroom.ingest.files import MULTI_DOCUMENT, InputFile
from sitroom.parquet import write_records
from sitroom.pipeline import Processed, StageTimes
from sitroom.records import Actor, Article, Failure, RawDoc, Skipped, content_hash
from sitroom.runners.workers import Setup, analyse, articles_and_failures, batch_jobs
from sitroom.tables import PER_ARTICLE


@dataclass(frozen=True, slots=True)
class Unit:
    index: int
    entries: tuple[InputFile | Failure, ...]  # files in reading order (a path that is missing: its failure)


@dataclass(slots=True)
class UnitResult:
    """What a unit's task hands back; its records are in its Parquet files."""

    index: int
    articles: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    times: StageTimes = field(default_factory=StageTimes)
    origins: list[str] = field(default_factory=list)  # every item's origin, for progress


def plan_units(paths: Iterable[str], options: IngestOptions, batch_size: int) -> list[Unit]:
    units: list[Unit] = []
    run: list[InputFile | Failure] = []

    def close(entries: list[InputFile | Failure]) -> None:
        if entries:
            units.append(Unit(len(units), tuple(entries)))

    for entry in input_files(paths, options):
        if isinstance(entry, InputFile) and entry.kind in MULTI_DOCUMENT:
            close(run)
            run = []
            close([entry])
            continue
        run.append(entry)
        if len(run) == batch_size:
            close(run)
            run = []
    close(run)
    return units


def _items(unit: Unit, options: IngestOptions) -> Iterator[RawDoc | Failure | Skipped]:
    for entry in unit.entries:
        if isinstance(entry, Failure):
            yield entry
        else:
            yield from read_file(entry, options)


def analyse_unit(unit: Unit, setup: Setup, dictionary: ActorDictionary, options: IngestOptions, batch_size: int,
                 stored: Mapping[str, str], out: Path) -> UnitResult:
    """Read, analyse and write one unit. ``stored`` maps the origins stored under this run's
    pipeline key to their content hash: those with the same content are not analysed again."""
    result = UnitResult(unit.index)
    items = list(articles_and_failures(_items(unit, options), result.skipped))
    result.origins.extend(item.origin for item in items)

    def stored_unchanged(raws: list[RawDoc]) -> set[str]:
        return {raw.origin for raw in raws if stored.get(raw.origin) == content_hash(raw.content)}

    processed: list[Processed] = []
    for job in batch_jobs(items, batch_size, stored_unchanged):
        analysed = analyse(job.raws, job.stats, dictionary, setup.published)
        result.times.merge(analysed.times)
        done, failed = analysed.split()
        result.failures.extend(item for item in job.tag if isinstance(item, Failure))
        result.failures.extend(failed)
        result.unchanged += sum(isinstance(item, RawDoc) for item in job.tag) - len(job.raws)
        processed.extend(done)
    with result.times.stage("write"):
        write_unit(out, unit.index, processed)
    result.articles = len(processed)
    return result


def part(out: Path, index: int) -> Path:
    return out / f"part-{index:06d}"


def write_unit(out: Path, index: int, processed: list[Processed]) -> None:
    folder = part(out, index)
    write_records(folder / "articles.parquet", Article, [p.article for p in processed])
    for table in PER_ARTICLE:
        write_records(folder / f"{table.name}.parquet", table.record,
                      [row for p in processed for row in getattr(p, table.name)])
    # Each article's own actors, in its order: the store merges them as one process would.
    write_records(folder / "actors.parquet", Actor, [actor for p in processed for actor in p.actors])
