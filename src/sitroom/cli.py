"""The command line: thin click commands that compose the stages, the runner and the store.

Exit codes of ``sitroom run``: 0 every input was read and stored; 1 some inputs failed (each is
listed and recorded in the ``failures`` table; every good input was still stored); 2 bad usage
(an unknown option, no PATH); 3 the database could not be opened or written; 4 the spaCy
model is not installed.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

import click

from sitroom import evaluate

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_STORE, EXIT_NO_MODEL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
DEFAULT_DB = "sitroom.duckdb"


class _LazyGroup(click.Group):
    """A group some of whose commands live in modules (as a click command named ``command``)
    imported only when used, so that `sitroom --help` does not load spaCy."""

    def lazy_commands(self) -> dict[str, str]:  # command name -> module
        return {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_commands()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = self.lazy_commands().get(name)
        if module is None:
            return super().get_command(ctx, name)
        return importlib.import_module(module).command


class _MainGroup(_LazyGroup):
    def lazy_commands(self) -> dict[str, str]:
        return {"bench": "sitroom.bench"}

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # 130 (128 + SIGINT), the shell's convention; 1 means "some inputs failed".
            click.echo("\ninterrupted: what was stored before is kept; run the command again to go on", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


class _EvalGroup(_LazyGroup):
    """``sitroom eval TARGET``: each target is the module sitroom.evaluate.TARGET."""

    def lazy_commands(self) -> dict[str, str]:
        return {m.name: f"sitroom.evaluate.{m.name}" for m in pkgutil.iter_modules(evaluate.__path__)
                if not m.name.startswith("_")}


@click.group(cls=_MainGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="sitroom")
def main() -> None:
    """sitroom: a sourced record of a political crisis from news coverage.

    Start with `sitroom run PATH...` (it writes sitroom.duckdb), then `sitroom export --out DIR`.
    """


db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                         help="The DuckDB file to write (created if missing).")
read_db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                              help="The DuckDB file to read (written by `sitroom run`; never changed).")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--text-field", default="text", show_default=True, help="JSON/JSONL key holding the article text.")
@click.option("--title-field", default="title", show_default=True, help="JSON/JSONL key holding the title.")
@click.option("--url-field", default="url", show_default=True, help="JSON/JSONL key holding the URL.")
@click.option("--date-field", default="date", show_default=True, help="JSON/JSONL key holding the publication date.")
@click.option("--max-size", default=25.0, show_default=True, type=click.FloatRange(min=0.001),
              help="Largest single document to read, in MB (.jsonl files are streamed whatever their size).")
@click.option("--batch-size", default=50, show_default=True, type=click.IntRange(min=1),
              help="Documents processed together (line statistics are gathered per batch).")
@click.option("--actors", "actors_file", type=click.Path(dir_okay=False, path_type=Path),
              help="An actor dictionary (YAML or CSV) to use beside the shipped one; see README.md.")
@click.option("--force", is_flag=True, help="Reprocess inputs that are unchanged since the last run.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def run(paths: tuple[str, ...], db: str, text_field: str, title_field: str, url_field: str, date_field: str,
        max_size: float, batch_size: int, actors_file: Path | None, force: bool, quiet: bool, as_json: bool) -> None:
    """Read, clean and store the articles under PATH... (files, directories, globs).

    Reads .txt, .html/.htm, .json (an object or a list) and .jsonl, each optionally gzipped.
    Re-running on the same input adds nothing; a changed file replaces its article. A document
    that cannot be read is listed, recorded in the `failures` table, and the run goes on.

    Exit status: 0 all stored; 1 some inputs failed (the rest stored); 2 bad usage; 3 database
    error; 4 the spaCy model is not installed.
    """
    import duckdb

    from sitroom.actors import DictionaryError
    from sitroom.config import RunConfig
    from sitroom.ingest import JsonFields, count_inputs
    from sitroom.nlp import ModelMissing
    from sitroom.runners.local import run_local
    from sitroom.store import Store, StoreError

    config = RunConfig.create(paths, db, fields=JsonFields(text_field, title_field, url_field, date_field),
                              max_bytes=int(max_size * 1024 * 1024), actors_file=actors_file,
                              batch_size=batch_size, force=force)
    try:
        config.dictionary  # a malformed dictionary is bad usage: stop before anything is written
        config.pipeline_key
    except (DictionaryError, OSError) as exc:
        raise click.BadParameter(str(exc), param_hint="--actors") from None
    if not count_inputs(paths, config.ingest):
        # Nothing to read (a mistyped path, an empty folder): say so before any database is created.
        from sitroom.ingest import read_paths

        for failure in read_paths(paths, config.ingest):
            click.echo(f"failed: {failure.error}", err=True)
        click.echo(f"error: no input file found under {' '.join(paths)}; check the paths (nothing was written)",
                   err=True)
        sys.exit(EXIT_USAGE)
    show_progress = not quiet and not as_json and sys.stderr.isatty()
    try:
        with Store(config.db) as store, _progress(show_progress, lambda: count_inputs(paths, config.ingest)) as advance:
            summary = run_local(config, store, on_document=advance)
    except (StoreError, duckdb.Error) as exc:
        click.echo(f"error: {exc}".splitlines()[0], err=True)
        sys.exit(EXIT_STORE)
    except ModelMissing as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_NO_MODEL)
    db_path = config.db
    if as_json:
        click.echo(json.dumps({
            "run": summary.run_id, "db": str(db_path), "articles": summary.stored, "new": summary.new,
            "updated": summary.updated, "unchanged": summary.unchanged, "seconds": round(summary.seconds, 3),
            "failures": [{"origin": f.origin, "stage": f.stage, "error": f.error} for f in summary.failures]}))
    elif not quiet:
        click.echo(f"{summary.stored} articles stored ({summary.new} new, {summary.updated} updated, "
                   f"{summary.unchanged} unchanged), {len(summary.failures)} failed, in {summary.seconds:.1f}s")
        click.echo(f"database: {db_path} (run {summary.run_id})")
    for failure in summary.failures if not as_json else []:
        click.echo(f"failed: {failure.error}", err=True)
    sys.exit(EXIT_SOME_FAILED if summary.failures else EXIT_OK)


class _progress:
    """A rich progress bar on stderr over the input files, or nothing when not wanted (then the
    inputs are not counted either)."""

    def __init__(self, enabled: bool, count: Callable[[], int]) -> None:
        self.enabled, self.count = enabled, count
        self._files: set[str] = set()

    def __enter__(self):
        if not self.enabled:
            return lambda origin: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeRemainingColumn(), transient=True)
        self._bar.start()
        task = self._bar.add_task("files", total=self.count())

        def advance(origin: str) -> None:
            path = origin.split("#", 1)[0]  # records of one JSON file count once
            if path not in self._files:
                self._files.add(path)
                self._bar.update(task, completed=len(self._files))
        return advance

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._bar.stop()


@main.command()
@read_db_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write the JSONL files to.")
def export(db: str, out_dir: str) -> None:
    """Write the database as JSON Lines per the data contract: OUT/articles.jsonl, ...

    One JSON object per line; dates are ISO strings (YYYY-MM-DD). See README.md for the fields.
    """
    from sitroom.export import export_jsonl

    with _open_read_only(db) as store:
        counts = export_jsonl(store, Path(out_dir))
    for name, n in counts.items():
        click.echo(f"{Path(out_dir) / name}: {n} records")


@main.group(cls=_EvalGroup, name="eval")
def eval_group() -> None:
    """Score sitroom against a labelled data set and print the numbers."""


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--all", "show_all", is_flag=True, help="Show kept lines too (by default only what was dropped).")
@click.option("--record", type=click.IntRange(min=1), help="In a .json/.jsonl file, only the Nth record (from 1).")
def explain(path: str, show_all: bool, record: int | None) -> None:
    """Show how cleaning treats one input file (each record of a JSON or JSONL file): each line's
    verdict, the title, the outlet and the evidence for the publication date. Nothing is stored."""
    from sitroom.clean import clean_with_lines
    from sitroom.ingest import read_paths
    from sitroom.records import RawDoc
    from sitroom.time import decide_from_evidence

    failed = shown = False
    for number, item in enumerate(read_paths([path]), start=1):
        if record is not None and number != record:
            continue
        shown = True
        if not isinstance(item, RawDoc):
            click.echo(f"failed: {item.error}", err=True)
            failed = True
            continue
        result = clean_with_lines(item)
        # What the page says about its date (no inference from the story's own dates: no parse here).
        article = decide_from_evidence(result.dates).applied_to(result.article)
        if article.title_line is not None:
            title_from = f"line {article.title_line}"
        else:
            title_from = "declared by the source" if item.title else "no title found"
        click.echo(f"{item.origin}")
        click.echo(f"  title:     {article.title!r} ({title_from})")
        click.echo(f"  outlet:    {article.outlet or '-'}    author: {article.author or '-'}")
        click.echo(f"  published: {article.published or '-'} ({article.published_from or 'no evidence'}): "
                   f"{article.published_note}")
        click.echo(f"  kept {len(article.kept_lines)} lines, dropped {len(article.dropped_lines)}")
        for line in result.lines:
            if show_all or line.dropped:
                where = f"{line.number}.{line.part}" if line.part else str(line.number)  # a sentence of a cut line
                click.echo(f"  {where:>5} {line.verdict:<10} {line.text[:100]}")
    if record is not None and not shown:
        raise click.BadParameter(f"{path} holds fewer than {record} records", param_hint="--record")
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


READ_WAIT_SECONDS = 5.0  # how long a read command waits for a run that is writing the database


def _open_read_only(db: str):
    from sitroom.store import Store, StoreError

    try:
        return Store(db, read_only=True, wait=READ_WAIT_SECONDS)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)


@main.command(name="actors")
@read_db_option
@click.option("--kind", type=click.Choice(["country", "igo", "person", "org", "group"]), help="Only actors of this kind.")
@click.option("--country", help="Only actors of this country (ISO 3166 alpha-3, e.g. RUS).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def actors_command(db: str, kind: str | None, country: str | None, as_json: bool) -> None:
    """List the actors found, with how often and in how many articles they are mentioned."""
    from sitroom.store import dumps

    with _open_read_only(db) as store:
        rows = store.actors_with_counts(kind, country)
    if as_json:
        for row in rows:
            click.echo(dumps(row))
        return
    width = max([len(r["id"]) for r in rows] + [2])  # whole ids: they are what --actor and the exports take
    click.echo(f"{'mentions':>8} {'articles':>8}  {'id':<{width}} {'kind':<8} {'country':<7} {'org':<6} name / role")
    for r in rows:
        role = f" ({r['role']})" if r["role"] else ""
        click.echo(f"{r['mentions']:>8} {r['articles']:>8}  {r['id']:<{width}} {r['kind'] or '':<8} "
                   f"{r['country'] or '':<7} {r['org'] or '':<6} {r['name']}{role}")
    click.echo(f"{len(rows)} actors")


@main.command(name="quotes")
@read_db_option
@click.option("--speaker", help="Speaker name (or part of it) as written or as resolved.")
@click.option("--actor", help="Speaker actor id, e.g. person:antony-blinken (see `sitroom actors`).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only quotes from articles published on or after this day.")
@click.option("--include-undated", is_flag=True, help="With --since, keep quotes of articles whose date is unknown.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def quotes_command(db: str, speaker: str | None, actor: str | None, since, include_undated: bool,
                   as_json: bool) -> None:
    """Print the quotes found, with speaker, outlet and date. A story that several files carry
    (duplicates) is listed once, with the other outlets as further reports."""
    from sitroom.store import dumps

    with _open_read_only(db) as store:
        listing = store.quotes_listing(speaker, actor, since.date().isoformat() if since else None, include_undated)
    for r in listing.rows:
        if as_json:
            click.echo(dumps(r))
            continue
        who = r["speaker_name"] or r["speaker_text"] or "(unknown speaker)"
        when = r["published"].isoformat() if r["published"] else "undated"
        also = f" (also: {', '.join(r['also_reported_by'])})" if r["also_reported_by"] else ""
        click.echo(f"{who} [{r['kind']}, {r['cue'] or '-'}] — {r['outlet'] or 'unknown outlet'}, {when}{also}")
        click.echo(f"    {r['text']}")
    if not as_json:
        click.echo(f"{len(listing.rows)} quotes")
    _say_undated(listing.undated_left_out, "quotes")


def _say_undated(left_out: int, what: str) -> None:
    if left_out:
        click.echo(f"note: {left_out} {what} of articles with no known date were left out by the date filter; "
                   f"add --include-undated to list them", err=True)
