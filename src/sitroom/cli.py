"""The command line: thin click commands that compose the stages, the runner and the store.

Exit codes of ``sitroom run``: 0 every input was read and stored; 1 some inputs failed (each is
listed and recorded in the ``failures`` table; every good input was still stored); 2 bad usage
(an unknown option, no PATH); 3 the database could not be opened or written; 4 the spaCy
model is not installed.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import click

from sitroom import evaluate

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_STORE, EXIT_NO_MODEL = 0, 1, 2, 3, 4
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
        return {"bench": "sitroom.bench", "code": "sitroom.code"}


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

    from sitroom.actors import ActorDictionary, DictionaryError
    from sitroom.ingest import IngestOptions, JsonFields, count_inputs
    from sitroom.nlp import ModelMissing
    from sitroom.records import content_hash, stable_id
    from sitroom.runners.local import run_local
    from sitroom.store import Store, StoreError

    db_path = Path(os.path.abspath(db))
    ingest = IngestOptions(JsonFields(text_field, title_field, url_field, date_field), int(max_size * 1024 * 1024),
                           exclude=frozenset({db_path, db_path.with_name(db_path.name + ".wal")}))
    try:
        dictionary = ActorDictionary.load(actors_file)
    except (DictionaryError, OSError) as exc:
        raise click.BadParameter(str(exc), param_hint="--actors") from None
    # What the stored results were made with: another version or dictionary reprocesses the inputs.
    pipeline_key = stable_id(version("sitroom"), content_hash(actors_file.read_text(encoding="utf-8")) if actors_file else "")
    show_progress = not quiet and not as_json and sys.stderr.isatty()
    try:
        with Store(db) as store, _progress(show_progress, lambda: count_inputs(paths, ingest)) as advance:
            summary = run_local(list(paths), store, ingest, batch_size=batch_size, force=force, on_document=advance,
                                dictionary=dictionary, pipeline_key=pipeline_key)
    except (StoreError, duckdb.Error) as exc:
        click.echo(f"error: {exc}".splitlines()[0], err=True)
        sys.exit(EXIT_STORE)
    except ModelMissing as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_NO_MODEL)
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
@db_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write the JSONL files to.")
def export(db: str, out_dir: str) -> None:
    """Write the database as JSON Lines per the data contract: OUT/articles.jsonl, ...

    One JSON object per line; dates are ISO strings (YYYY-MM-DD). See README.md for the fields.
    """
    from sitroom.export import export_jsonl
    from sitroom.store import Store, StoreError

    try:
        with Store(db, read_only=True) as store:
            counts = export_jsonl(store, Path(out_dir))
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)
    for name, n in counts.items():
        click.echo(f"{Path(out_dir) / name}: {n} records")


@main.group(cls=_EvalGroup, name="eval")
def eval_group() -> None:
    """Score sitroom against a labelled data set and print the numbers."""


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--all", "show_all", is_flag=True, help="Show kept lines too (by default only what was dropped).")
def explain(path: str, show_all: bool) -> None:
    """Show how cleaning treats one input file: each line's verdict, the title, the outlet and
    the evidence for the publication date. Nothing is stored."""
    from sitroom.clean import clean_with_lines
    from sitroom.ingest import read_paths
    from sitroom.records import RawDoc

    for item in read_paths([path]):
        if not isinstance(item, RawDoc):
            click.echo(f"failed: {item.error}", err=True)
            sys.exit(EXIT_SOME_FAILED)
        result = clean_with_lines(item)
        article = result.article
        click.echo(f"{item.origin}")
        click.echo(f"  title:     {article.title!r} (line {article.title_line})")
        click.echo(f"  outlet:    {article.outlet or '-'}    author: {article.author or '-'}")
        click.echo(f"  published: {article.published or '-'} ({article.published_from or 'no evidence'}): "
                   f"{article.published_note}")
        click.echo(f"  kept {len(article.kept_lines)} lines, dropped {len(article.dropped_lines)}")
        for line in result.lines:
            if show_all or line.dropped:
                click.echo(f"  {line.number:>5} {line.verdict:<10} {line.text[:100]}")


def _open_read_only(db: str):
    from sitroom.store import Store, StoreError

    try:
        return Store(db, read_only=True)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)


@main.command(name="actors")
@db_option
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
    click.echo(f"{'mentions':>8} {'articles':>8}  {'id':<32} {'kind':<8} {'country':<7} {'org':<6} name / role")
    for r in rows:
        role = f" ({r['role']})" if r["role"] else ""
        click.echo(f"{r['mentions']:>8} {r['articles']:>8}  {r['id'][:32]:<32} {r['kind'] or '':<8} "
                   f"{r['country'] or '':<7} {r['org'] or '':<6} {r['name']}{role}")
    click.echo(f"{len(rows)} actors")


@main.command(name="quotes")
@db_option
@click.option("--speaker", help="Speaker name (or part of it) as written or as resolved.")
@click.option("--actor", help="Speaker actor id, e.g. person:antony-blinken (see `sitroom actors`).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only quotes from articles published on or after this day.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def quotes_command(db: str, speaker: str | None, actor: str | None, since, as_json: bool) -> None:
    """Print the quotes found, with speaker, outlet and date."""
    from sitroom.store import dumps

    with _open_read_only(db) as store:
        rows = store.quotes_listing(speaker, actor, since.date().isoformat() if since else None)
    for r in rows:
        if as_json:
            click.echo(dumps(r))
            continue
        who = r["speaker_name"] or r["speaker_text"] or "(unknown speaker)"
        when = r["published"].isoformat() if r["published"] else "undated"
        click.echo(f"{who} [{r['kind']}, {r['cue'] or '-'}] — {r['outlet'] or 'unknown outlet'}, {when}")
        click.echo(f"    {r['text']}")
    if not as_json:
        click.echo(f"{len(rows)} quotes")
