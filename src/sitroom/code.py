"""``sitroom code FILE [--out FILE]``: code sentences or short texts into events without a store.

The way political scientists feed PETRARCH: one item per line, each coded on its own, JSON Lines out.

- ``.txt``: one item a line; its id is the line number (1, 2, ...);
- ``.tsv``: ``id<TAB>text[<TAB>date]``;
- ``.jsonl``: ``{"id": ..., "text": ..., "date": ...}`` (``date`` optional, ``YYYY-MM-DD``).

Out, one line per item in input order: ``{"id", "text", "events": [...]}``, each event with the fields of the
data contract's events table (offsets into that item's ``text``; ``article`` and ``cluster`` null). A bad line
gets one line on stderr (``FILE:LINE: what is wrong``) and is left out; the run goes on. Blank lines are not
items. Exit status: 0 every line coded, 1 some lines were bad, 2 bad usage (unknown file kind), 4 the spaCy
model is not installed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from sitroom.command import EXIT_NO_MODEL, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from sitroom.records import Article, Event, content_hash

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from sitroom.pipeline import Processed

KINDS = (".txt", ".tsv", ".jsonl")


@dataclass(frozen=True, slots=True)
class Item:
    id: Any  # as the input gives it: a line number, a TSV string, a JSON scalar
    text: str
    date: str | None
    line: int


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    problem: str


def read_items(path: Path, lines: Iterable[str]) -> Iterator[Item | BadLine]:
    """The items of an input file by its kind (``path`` decides; ``lines`` are its lines)."""
    kind = path.suffix.lower()
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        if kind == ".txt":
            yield Item(number, line, None, number)
        elif kind == ".tsv":
            parts = line.split("\t")
            if len(parts) < 2 or not parts[1].strip():
                yield BadLine(number, "expected id<TAB>text[<TAB>date]")
                continue
            if len(parts) > 3:
                yield BadLine(number, f"{len(parts)} tab-separated fields; expected id<TAB>text[<TAB>date]")
                continue
            date = parts[2].strip() if len(parts) == 3 and parts[2].strip() else None
            yield _checked(Item(parts[0], parts[1], date, number))
        else:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadLine(number, f"not JSON ({exc.msg})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
                yield BadLine(number, 'expected an object with "id" and a "text" string')
                continue
            if isinstance(record["id"], (dict, list)):
                yield BadLine(number, '"id" must be a string or a number')
                continue
            date = record.get("date")
            if date is not None and not isinstance(date, str):
                yield BadLine(number, '"date" must be a string YYYY-MM-DD')
                continue
            yield _checked(Item(record["id"], record["text"], date or None, number))


def _checked(item: Item) -> Item | BadLine:
    if item.date is not None:
        try:
            dt.date.fromisoformat(item.date)
        except ValueError:
            return BadLine(item.line, f"date {item.date!r} is not YYYY-MM-DD")
    if not item.text.strip():
        return BadLine(item.line, "empty text")
    return item


def code_texts(items: Iterable[Item], dictionary: Any = None, batch_size: int = 64) -> Iterator[tuple[Item, list[Event]]]:
    """Each item with its events: parse (in batches), actors, quotes, time expressions, events. An item whose
    analysis fails gets no events rather than stopping the others."""
    for item, _, _, events in analyse_texts(items, dictionary, batch_size):
        yield item, events


def analyse_texts(items: Iterable[Item], dictionary: Any = None,
                  batch_size: int = 64) -> Iterator[tuple[Item, Doc, Processed | None, list[Event]]]:
    """``code_texts`` with what the events were made from: the parse and the other stages' records (for
    the evaluations)."""
    from sitroom import nlp
    from sitroom.actors import ActorDictionary
    from sitroom.pipeline import analyse

    dictionary = dictionary or ActorDictionary.load()
    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        for item, doc in zip(batch, nlp.parse([item.text for item in batch])):
            # Ids from the text, as for an event coded without an article: the same words, the same ids.
            article = Article(id=content_hash(item.text)[:16], origin=f"item:{item.id}", text=item.text)
            try:
                # The item's date is the date its words are read against, as a user states it for a run.
                processed = analyse(article, doc, dictionary, stated=item.date)
                events = [dataclasses.replace(e, article=None) for e in processed.events]  # no article here
            except Exception:  # a stage bug on one item must not lose the others
                processed, events = None, []
            yield item, doc, processed, events


def event_record(event: Event) -> dict[str, Any]:
    """An event as the contract's events table has it."""
    return dataclasses.asdict(event)


def _write(out: TextIO, item: Item, events: list[Event]) -> None:
    out.write(json.dumps({"id": item.id, "text": item.text, "events": [event_record(e) for e in events]},
                         ensure_ascii=False) + "\n")


@click.command(name="code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write the JSON Lines here instead of standard output.")
def command(file: Path, out_path: Path | None) -> None:
    """Code each sentence or short text of FILE into events (JSON Lines out).

    FILE is .txt (one item a line; ids 1, 2, ... by line), .tsv (id<TAB>text[<TAB>date]) or .jsonl
    ({"id", "text", "date"?}). A date (YYYY-MM-DD) dates the events the text leaves undated.
    """
    if file.suffix.lower() not in KINDS:
        click.echo(f"{file}: unknown kind {file.suffix or '(none)'!r}; give a .txt, .tsv or .jsonl file", err=True)
        sys.exit(EXIT_USAGE)
    from sitroom import nlp

    try:
        nlp.load()
    except nlp.ModelMissing as exc:
        click.echo(f"sitroom code: {exc}", err=True)
        sys.exit(EXIT_NO_MODEL)
    bad = 0

    def good_items(lines: Iterable[str]) -> Iterator[Item]:
        nonlocal bad
        for entry in read_items(file, lines):
            if isinstance(entry, BadLine):
                bad += 1
                click.echo(f"{file}:{entry.line}: {entry.problem}; line skipped", err=True)
            else:
                yield entry

    try:
        with file.open(encoding="utf-8", errors="strict") as source:
            out = out_path.open("w", encoding="utf-8") if out_path else sys.stdout
            try:
                for item, events in code_texts(good_items(source)):
                    _write(out, item, events)
            finally:
                if out_path:
                    out.close()
    except UnicodeDecodeError as exc:
        click.echo(f"{file}: not UTF-8 text (byte {exc.start}); save it as UTF-8", err=True)
        sys.exit(EXIT_SOME_FAILED)
    sys.exit(EXIT_SOME_FAILED if bad else EXIT_OK)
