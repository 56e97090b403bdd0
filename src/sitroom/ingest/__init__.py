"""Ingest: turn paths (files, directories, globs) into RawDocs, one per article.

``read_paths`` yields a ``RawDoc`` for each article, a ``Failure`` for each input that could
not be read and a ``Skipped`` for each web-archive record that is no article page; it never
raises for a bad file. Readers by kind: plain text (``.txt``), HTML pages (``.html``/``.htm``,
through trafilatura), JSON (one object or a list), JSON Lines and web archives (``.warc``,
streamed, ``warc``), each optionally gzipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitroom.ingest.files import DEFAULT_MAX_BYTES, InputError, InputFile, decode, discover, read_bytes
from sitroom.ingest.html import looks_like_html, read_html
from sitroom.ingest.jsonl import JsonFields, iter_json_records, iter_jsonl_records, record_to_rawdoc
from sitroom.ingest.warc import iter_warc_records
from sitroom.records import Failure, RawDoc, Skipped

__all__ = ["IngestOptions", "JsonFields", "read_paths", "count_inputs", "read_file"]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    fields: JsonFields = JsonFields()
    max_bytes: int = DEFAULT_MAX_BYTES
    exclude: frozenset[Path] = frozenset()  # absolute paths never read (the run's own database)
    include_hosts: tuple[str, ...] = ()  # web-archive records only from these hosts (and subdomains)
    exclude_hosts: tuple[str, ...] = ()  # web-archive records never from these hosts (and subdomains)


def count_inputs(paths: Iterable[str], options: IngestOptions = IngestOptions()) -> int:
    """How many files the paths name (for a progress bar); cheap: no file is opened."""
    return sum(1 for item in discover(paths, options.exclude) if isinstance(item, InputFile))


def read_paths(paths: Iterable[str], options: IngestOptions = IngestOptions()) -> Iterator[RawDoc | Failure | Skipped]:
    for item in input_files(paths, options):
        if isinstance(item, Failure):
            yield item
        else:
            yield from read_file(item, options)


def input_files(paths: Iterable[str], options: IngestOptions = IngestOptions()) -> Iterator[InputFile | Failure]:
    """The files the paths name, each once, in reading order (a missing path as a Failure)."""
    seen: set[str] = set()
    for item in discover(paths, options.exclude):
        if not isinstance(item, InputFile):
            typed, error = item
            yield Failure(os.path.abspath(typed), "ingest", str(error))
            continue
        origin = os.path.abspath(item.path)
        if origin in seen:  # named twice (a file and its folder, overlapping globs): read once
            continue
        seen.add(origin)
        yield item


def read_file(item: InputFile, options: IngestOptions = IngestOptions()) -> Iterator[RawDoc | Failure | Skipped]:
    """The articles of one input file; a problem with the file is a Failure, never an exception."""
    origin = os.path.abspath(item.path)
    try:
        yield from _read_file(item, origin, options)
    except InputError as exc:
        yield Failure(origin, "ingest", str(exc))
    except Exception as exc:  # a reader bug or a library failure must not stop the run
        yield Failure(origin, "ingest", f"{item.path}: unexpected error while reading ({type(exc).__name__}: {exc})")


def _read_file(item: InputFile, origin: str, options: IngestOptions) -> Iterator[RawDoc | Failure | Skipped]:
    if item.kind == "warc":
        yield from iter_warc_records(item, origin, options.max_bytes, options.include_hosts, options.exclude_hosts)
        return
    if item.kind == "jsonl":
        # Streamed line by line, so a large collection is fine; bad lines are failures of their own.
        yield from iter_jsonl_records(item, origin, options.fields, options.max_bytes)
        return
    data = read_bytes(item, options.max_bytes)
    text, _ = decode(data, str(item.path))
    if not text.strip():
        raise InputError(f"{item.path}: only whitespace; nothing to read")
    if item.kind == "json":
        for index, record in iter_json_records(text, str(item.path)):
            yield record_to_rawdoc(record, f"{origin}#{index}", options.fields)
    elif item.kind == "html" or looks_like_html(text):
        try:
            yield read_html(text, origin)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    else:
        yield RawDoc(origin=origin, content=text, kind="text")
