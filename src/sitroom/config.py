"""The configuration of one run: what to read, where to store it and with what, and where it runs
(``workers`` processes here, or a Ray cluster), in one object that every runner receives, so
that none of them rebuilds it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

from sitroom.actors import ActorDictionary
from sitroom.ingest import IngestOptions, JsonFields
from sitroom.ingest.files import DEFAULT_MAX_BYTES
from sitroom.records import content_hash, stable_id


@dataclass(frozen=True)
class RunConfig:
    paths: tuple[str, ...]
    db: Path  # absolute
    fields: JsonFields = JsonFields()
    max_bytes: int = DEFAULT_MAX_BYTES
    actors_file: Path | None = None  # an actor dictionary used beside the shipped one
    batch_size: int = 50
    force: bool = False  # reprocess inputs that are unchanged since the last run
    published: str | None = None  # the publication date of inputs that carry none, as the user states it
    workers: int = 1  # processes that parse and analyse (the store is written by this one)
    engine: str = "local"  # "local" | "ray"
    address: str | None = None  # the Ray cluster to join ("auto": the one `ray start` began); None: a local one
    parquet: Path | None = None  # the Ray engine's Parquet directory (absolute); None: beside the database
    include_hosts: tuple[str, ...] = ()  # WARC records only from these hosts (and their subdomains)
    exclude_hosts: tuple[str, ...] = ()  # WARC records never from these hosts (and their subdomains)

    @classmethod
    def create(cls, paths: tuple[str, ...] | list[str], db: str | Path, **options) -> RunConfig:
        return cls(tuple(paths), Path(os.path.abspath(db)), **options)

    @property
    def ingest(self) -> IngestOptions:
        # The run's own database (its write-ahead log, DuckDB's folder of spilled data, its Parquet
        # directory) is never read as an input.
        own = frozenset({self.db, self.db.with_name(self.db.name + ".wal"), self.db.with_name(self.db.name + ".tmp"),
                         self.parquet_dir})
        return IngestOptions(self.fields, self.max_bytes, exclude=own, include_hosts=self.include_hosts,
                             exclude_hosts=self.exclude_hosts)

    @property
    def parquet_dir(self) -> Path:
        """Where the Ray engine writes its Parquet files: ``--parquet``, or DB's name with ``.parquet``."""
        return self.parquet or self.db.with_suffix(".parquet")

    @cached_property
    def dictionary(self) -> ActorDictionary:
        """The actor dictionary, loaded on first use (DictionaryError or OSError for a bad file)."""
        return ActorDictionary.load(self.actors_file)

    @cached_property
    def pipeline_key(self) -> str:
        """What stored results were made with: another sitroom version, actor dictionary or stated
        publication date reprocesses the inputs."""
        extra = content_hash(self.actors_file.read_text(encoding="utf-8")) if self.actors_file else ""
        return stable_id(version("sitroom"), extra, *([self.published] if self.published else []))
