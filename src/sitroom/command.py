"""What every command shares: its exit statuses, the ``--db`` options, opening the store to read,
and the notes it prints on stderr. The CLI and the command modules (listings, serve, code) import
this, never each other."""

from __future__ import annotations

import os
import sys

import click

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_STORE, EXIT_NO_MODEL, EXIT_WORKERS, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 5, 130
DEFAULT_DB = "sitroom.duckdb"
READ_WAIT_SECONDS = 5.0  # how long a read command waits for a run that is writing the database

db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                         help="The DuckDB file to write (created if missing).")
read_db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(),
                              help="The DuckDB file to read (written by `sitroom run`; never changed), or the "
                                   "Parquet directory a run with --engine ray wrote.")


def cores() -> int:
    """The cores this process may run on (the default number of worker processes)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def open_read_only(db: str):
    """The store, opened to read (waiting a few seconds for a run that is writing it); a missing or
    foreign database ends the command with one line and exit status 3."""
    from sitroom.store import Store, StoreError

    try:
        return Store(db, read_only=True, wait=READ_WAIT_SECONDS)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)


def say_undated(left_out: int, what: str, of_articles: bool = True) -> None:
    """The note a listing with a date filter prints when it left undated records out."""
    if left_out:
        whose = " of articles" if of_articles else ""
        click.echo(f"note: {left_out} {what}{whose} with no known date were left out by the date filter; "
                   f"add --include-undated to list them", err=True)
