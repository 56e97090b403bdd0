"""The command line: thin click commands that compose the stages, the runner and the store.

Exit codes of ``sitroom run``: 0 every input was read and stored; 1 some inputs failed (each is
listed and recorded in the ``failures`` table; the others were stored); 2 bad usage (an
unknown option, no PATH); 3 the database could not be opened or written; 4 the spaCy model is
not installed; 5 worker processes kept dying (see the README's "When a worker dies") or the Ray
cluster could not be used.
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
from sitroom.command import (EXIT_INTERRUPTED, EXIT_NO_MODEL, EXIT_OK, EXIT_SOME_FAILED, EXIT_STORE, EXIT_USAGE,
                             EXIT_WORKERS, cores, db_option, open_read_only, read_db_option)



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
        module, _, attribute = module.partition(":")  # "module" or "module:attribute" (default: command)
        return getattr(importlib.import_module(module), attribute or "command")


class _MainGroup(_LazyGroup):
    def lazy_commands(self) -> dict[str, str]:
        listings = {name: f"sitroom.listings:{name}_command"
                    for name in ("actors", "articles", "events", "failures", "quotes", "report", "summary")}
        return {"bench": "sitroom.bench", "code": "sitroom.code", "serve": "sitroom.serve:command", **listings}

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


def _scale_options(command: Callable) -> Callable:
    """`run`'s options for where it runs (processes, Ray) and which web-archive records it reads."""
    options = [
        click.option("--workers", type=click.IntRange(min=1), default=cores(), show_default="this machine's cores",
                     help="Processes that parse and analyse (with --engine ray: Ray workers). The results do "
                          "not depend on it."),
        click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
                     help="local: processes on this machine; ray: Ray Data tasks, one file or WARC per task, "
                          "results as Parquet, then stored and linked here."),
        click.option("--address", help="With --engine ray: the cluster to join (`auto` for the one `ray start` "
                                       "began); by default a Ray instance on this machine."),
        click.option("--parquet", type=click.Path(file_okay=False, path_type=Path),
                     help="With --engine ray: the Parquet directory to write (default: DB's name with .parquet)."),
        click.option("--include-host", "include_hosts", multiple=True, metavar="HOST",
                     help="Read web-archive records only from this host and its subdomains (repeatable)."),
        click.option("--exclude-host", "exclude_hosts", multiple=True, metavar="HOST",
                     help="Leave out web-archive records from this host and its subdomains (repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


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
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]),
              help="The publication date (YYYY-MM-DD) of inputs that carry none (published_from = user).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--no-report", is_flag=True, help="Do not write the situation report (DB.html) at the end.")
@_scale_options
def run(paths: tuple[str, ...], db: str, text_field: str, title_field: str, url_field: str, date_field: str,
        max_size: float, batch_size: int, actors_file: Path | None, force: bool, published, quiet: bool,
        as_json: bool, no_report: bool, workers: int, engine: str, address: str | None, parquet: Path | None,
        include_hosts: tuple[str, ...], exclude_hosts: tuple[str, ...]) -> None:
    """Read, clean and store the articles under PATH... (files, directories, globs).

    Reads .txt, .html/.htm, .json (an object or a list), .jsonl and web archives (.warc), each
    optionally gzipped. Re-running on the same input adds nothing; a changed file replaces its
    article. A document that cannot be read is listed, recorded in the `failures` table, and
    the run goes on.

    Exit status: 0 all stored; 1 some inputs failed (the rest stored); 2 bad usage; 3 database
    error; 4 the spaCy model is not installed; 5 a worker process died or Ray failed.
    """
    import duckdb

    from sitroom.actors import DictionaryError
    from sitroom.config import RunConfig
    from sitroom.ingest import JsonFields, count_inputs
    from sitroom.nlp import ModelMissing
    from sitroom.runners.local import run_local
    from sitroom.runners.workers import WorkerFailed
    from sitroom.store import Store, StoreError

    config = RunConfig.create(paths, db, fields=JsonFields(text_field, title_field, url_field, date_field),
                              max_bytes=int(max_size * 1024 * 1024), actors_file=actors_file,
                              batch_size=batch_size, force=force,
                              published=published.date().isoformat() if published else None,
                              workers=workers, engine=engine, address=address,
                              parquet=parquet.absolute() if parquet else None,
                              include_hosts=include_hosts, exclude_hosts=exclude_hosts)
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
            if config.engine == "ray":
                from sitroom.runners.ray_data import run_ray

                summary = run_ray(config, store, on_document=advance)
            else:
                summary = run_local(config, store, on_document=advance)
            counts = store.counts()
    except (StoreError, duckdb.Error) as exc:
        click.echo(f"error: {exc}".splitlines()[0], err=True)
        sys.exit(EXIT_STORE)
    except ModelMissing as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_NO_MODEL)
    except WorkerFailed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_WORKERS)
    db_path = config.db
    report = None if no_report else _write_report(str(db_path))
    if as_json:
        click.echo(json.dumps({
            "run": summary.run_id, "db": str(db_path), "articles": summary.stored, "new": summary.new,
            "updated": summary.updated, "unchanged": summary.unchanged, "seconds": round(summary.seconds, 3),
            "skipped": dict(summary.skipped),
            "failures": [{"origin": f.origin, "stage": f.stage, "error": f.error} for f in summary.failures],
            "counts": counts, "report": str(report) if report else None}))
    elif not quiet:
        click.echo(f"{summary.stored} articles stored ({summary.new} new, {summary.updated} updated, "
                   f"{summary.unchanged} unchanged), {len(summary.failures)} failed, in {summary.seconds:.1f}s")
        if summary.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in summary.skipped.most_common())
            click.echo(f"{sum(summary.skipped.values())} web-archive records skipped as no article ({reasons})")
        click.echo(f"database: {db_path} (run {summary.run_id})")
        from sitroom.listings import summary_line

        click.echo(f"holds: {summary_line(counts)}")
        if report:
            click.echo(f"report: {report}")
    for failure in summary.failures if not as_json else []:
        click.echo(f"failed: {failure.error}", err=True)
    sys.exit(EXIT_SOME_FAILED if summary.failures else EXIT_OK)


def _write_report(db: str) -> Path | None:
    """The situation report beside the database; a report that cannot be written is said, and
    the run's result stands."""
    from sitroom.listings import default_report_path, write_report_file

    try:
        return write_report_file(db, default_report_path(db))[0]
    except SystemExit:  # said already (the database or the file could not be opened)
        return None
    except Exception as exc:  # a report that fails must not fail the run that stored everything
        click.echo(f"warning: the situation report could not be written ({type(exc).__name__}: {exc}); "
                   f"the run's records are stored: try `sitroom report --db {db}`", err=True)
        return None


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
@click.option("--out", "out_dir", required=True, type=click.Path(),
              help="Folder to write the JSONL files to (for --format gdelt: a .tsv file, or a folder).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "gdelt"]), default="jsonl", show_default=True,
              help="jsonl: every table per the data contract; gdelt: the events as a GDELT 2.0 event table.")
@click.option("--reports", is_flag=True, help="With --format gdelt: one row per report (event), not per happening.")
def export(db: str, out_dir: str, fmt: str, reports: bool) -> None:
    """Write the database as JSON Lines per the data contract (OUT/articles.jsonl, ...), or the
    events as a GDELT 2.0 event table (tab-separated, GDELT's 61 columns; README.md says which
    are filled).

    One JSON object per line; dates are ISO strings (YYYY-MM-DD). A copy of an article (a
    duplicate, or another member of its syndication family) is exported as an article, but its
    mentions, quotes, timexes and events are its representative's and are not repeated.
    """
    out = Path(out_dir)
    with open_read_only(db) as store:
        if fmt == "gdelt":
            from sitroom.gdelt import export_gdelt

            target = out if out.suffix in (".tsv", ".csv", ".txt") else out / "gdelt_events.tsv"
            n = export_gdelt(store, target, reports=reports)
            click.echo(f"{target}: {n} {'events' if reports else 'happenings'}")
            return
        from sitroom.export import export_jsonl

        counts = export_jsonl(store, out)
    for name, n in counts.items():
        click.echo(f"{out / name}: {n} records")


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
    from sitroom.records import RawDoc, Skipped
    from sitroom.time import decide_from_evidence

    failed = shown = False
    for number, item in enumerate(read_paths([path]), start=1):
        if record is not None and number != record:
            continue
        shown = True
        if isinstance(item, Skipped):
            click.echo(f"{item.origin}\n  skipped: {item.reason}")
            continue
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
