"""The listings an analyst reads on the command line: articles, failures, events (happenings, or
every report with --reports), quotes, actors, the store's summary, and the situation report.

Every listing prints a table by default, or ``--format csv`` (a header, then one row per record)
or ``--format jsonl`` (one JSON object per record, every field; ``--json`` is its alias). A
listing with a date filter says on stderr how many undated records it left out.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from sitroom import command
from sitroom.events.plover import TYPES
from sitroom.store import dumps, to_json_value

FORMATS = ("table", "csv", "jsonl")


def format_option(command):
    command = click.option("--json", "as_json", is_flag=True, help="Same as --format jsonl.")(command)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="table (for reading), csv, or jsonl (one JSON object per record, every field).")(command)


def _day_option(name: str, text: str):
    return click.option(name, type=click.DateTime(["%Y-%m-%d"]), help=text)


since_option = _day_option("--since", "Only records dated on or after this day (YYYY-MM-DD).")
until_option = _day_option("--until", "Only records dated on or before this day (YYYY-MM-DD).")
undated_option = click.option("--include-undated", is_flag=True,
                              help="With --since/--until, keep the records whose date is unknown.")


def _day(value) -> str | None:
    return value.date().isoformat() if value else None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v) for v in value)
    return str(to_json_value(value))


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str, int]], fmt: str, what: str,
         fields: Sequence[str] | None = None, blank: dict[str, str] | None = None) -> None:
    """Print the rows: a table of ``columns`` (key, header, width; width 0 takes the rest of the
    line; ``blank`` says what an empty cell of a column means), CSV of ``fields`` (default: the
    columns' keys), or every field as JSON Lines."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(dumps(row))
        return
    if fmt == "csv":
        names = list(fields or [key for key, _, _ in columns])
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(row.get(name)) for name in names])
        click.echo(buffer.getvalue(), nl=False)
        return
    click.echo("  ".join(_fit(header, width) for _, header, width in columns).rstrip())
    for row in rows:
        click.echo("  ".join(_fit(_cell(row.get(key)) or (blank or {}).get(key, ""), width)
                             for key, _, width in columns).rstrip())
    click.echo(f"{len(rows)} {what}")


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    if not width:
        return text
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)


def _fmt(fmt: str, as_json: bool) -> str:
    return "jsonl" if as_json else fmt


# ----------------------------------------------------------------------------- articles, failures, summary

@click.command(name="articles")
@command.read_db_option
@since_option
@until_option
@undated_option
@click.option("--outlet", help="Only articles of this outlet (as `sitroom articles` names it).")
@format_option
def articles_command(db: str, since, until, include_undated: bool, outlet: str | None, fmt: str, as_json: bool) -> None:
    """List the articles: title, outlet, publication date and how it was found (metadata, text,
    inferred, user), quotes and events. A copy (duplicate or syndicated) names its original and
    shares its records."""
    with command.open_read_only(db) as store:
        listing = store.articles_listing(_day(since), _day(until), outlet, include_undated)
    emit(listing.rows, [("published", "published", 10), ("published_from", "how", 8), ("quotes", "quotes", 6),
                        ("events", "events", 6), ("outlet", "outlet", 22), ("copy_of", "copy of", 16),
                        ("title", "title", 0)], _fmt(fmt, as_json), "articles",
         fields=["id", "title", "outlet", "published", "published_from", "published_note", "page_date", "url", "origin",
                 "story", "copy_of", "quotes", "events", "kept_lines", "dropped_lines"],
         blank={"published": "undated", "published_from": "-", "outlet": "(unknown)"})
    command.say_undated(listing.undated_left_out, "articles", of_articles=False)


@click.command(name="failures")
@command.read_db_option
@click.option("--run", "run_id", help="Only the failures of this run (its id is printed by `sitroom run`).")
@format_option
def failures_command(db: str, run_id: str | None, fmt: str, as_json: bool) -> None:
    """List the inputs that could not be read or processed, and why."""
    with command.open_read_only(db) as store:
        rows = store.failures(run_id)
    emit(rows, [("recorded", "recorded", 19), ("stage", "stage", 8), ("error", "what failed and why", 0)],
         _fmt(fmt, as_json), "failures", fields=["run", "origin", "stage", "error", "recorded"])


@click.command(name="summary")
@command.read_db_option
@format_option
def summary_command(db: str, fmt: str, as_json: bool) -> None:
    """How many articles (undated, copies), actors, quotes, events, happenings (clusters),
    stories and failures the database holds."""
    with command.open_read_only(db) as store:
        counts = store.counts()
    fmt = _fmt(fmt, as_json)
    if fmt == "table":
        click.echo(summary_line(counts))
        return
    emit([counts], [(k, k, 0) for k in counts], fmt, "summary")


def summary_line(counts: dict[str, int]) -> str:
    return (f"{counts['articles']} articles ({counts['undated_articles']} undated, {counts['copies']} copies), "
            f"{counts['actors']} actors, {counts['quotes']} quotes ({counts['unresolved_speakers']} unresolved speakers), "
            f"{counts['events']} events in {counts['clusters']} happenings (clusters), {counts['stories']} stories, "
            f"{counts['failures']} failures")


# ----------------------------------------------------------------------------- events

@click.command(name="events")
@command.read_db_option
@click.option("--source", help="Only events this actor is a source of: an id (country:RUS), a code (RUS, NATO) or a name.")
@click.option("--target", help="Only events this actor is a target of (as --source).")
@click.option("--type", "kind", type=click.Choice(sorted(TYPES), case_sensitive=False),
              help="Only events of this PLOVER type.")
@since_option
@until_option
@undated_option
@click.option("--reports", is_flag=True, help="List every report (event), not the happenings they report.")
@format_option
def events_command(db: str, source: str | None, target: str | None, kind: str | None, since, until,
                   include_undated: bool, reports: bool, fmt: str, as_json: bool) -> None:
    """List the happenings (event clusters: one per thing that happened, however many reports
    tell of it), newest first; with --reports, every event as each sentence reports it.

    A happening is dated by its reports' text, or else by its first report's publication
    ("reported"); one with neither is undated."""
    from sitroom.link.clusters import actor_level
    from sitroom.report.snapshot import FilterError, resolve_actor

    with command.open_read_only(db) as store:
        actors = {a.id: a for a in store.records("actors")}
        chosen = {}
        for name, ref in (("--source", source), ("--target", target)):
            if ref:
                try:
                    chosen[name] = actor_level(resolve_actor(ref, actors), actors)
                except FilterError as exc:
                    raise click.BadParameter(str(exc), param_hint=name) from None
        kind = kind.upper() if kind else None
        names = {a.id: a.name for a in actors.values()}
        if reports:
            # An event names actors at any level (a minister, a ministry): every actor of the chosen level counts.
            members = {side: [a for a in actors if actor_level(a, actors) == level] for side, level in chosen.items()}
            listing = store.events_listing(members.get("--source", ()), members.get("--target", ()), kind,
                                           _day(since), _day(until), include_undated)
        else:
            listing = store.clusters_listing(chosen.get("--source"), chosen.get("--target"), kind, _day(since),
                                             _day(until), include_undated)
    fmt = _fmt(fmt, as_json)
    for row in listing.rows:
        row["who"] = " + ".join(names.get(a, a) for a in row["source"]) or "—"
        row["whom"] = " + ".join(names.get(a, a) for a in row["target"]) or "—"
        # "denies it plans to invade": the table must not read as an assault
        row["what"] = f"not {row['type']}" if row["negated"] else row["type"]
    if reports:
        emit(listing.rows, [("day", "date", 10), ("what", "type", 13), ("cameo", "cameo", 5), ("modality", "modality", 11),
                            ("who", "source", 22), ("whom", "target", 22), ("outlet", "outlet", 18),
                            ("sentence", "sentence", 0)], fmt, "events (reports)",
             fields=["id", "day", "date_from", "type", "mode", "cameo", "intensity", "source", "target", "negated",
                     "modality", "claimed_by", "location", "confidence", "cluster", "article", "outlet", "title",
                     "start", "end", "sentence"], blank={"day": "undated"})
    else:
        for row in listing.rows:
            row["reports"], row["n_outlets"] = len(row["events"]), len(row["outlets"])
        emit(listing.rows, [("day", "date", 10), ("date_how", "dated by", 8), ("what", "type", 13),
                            ("who", "source", 24), ("whom", "target", 24), ("n_outlets", "outlets", 7),
                            ("reports", "reports", 7), ("sentence", "first report", 0)], fmt, "happenings",
             fields=["id", "day", "date_how", "type", "negated", "source", "target", "date_support", "reports", "n_outlets",
                     "outlets", "articles", "first_report", "first_outlet", "first_title", "story", "sentence"],
             blank={"day": "undated"})
    command.say_undated(listing.undated_left_out, "events" if reports else "happenings", of_articles=False)


# ----------------------------------------------------------------------------- quotes, actors

@click.command(name="quotes")
@command.read_db_option
@click.option("--speaker", help="Speaker name (or part of it) as written or as resolved.")
@click.option("--actor", help="Speaker actor id, e.g. person:ilsa-marenko (see `sitroom actors`).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only quotes from articles published on or after this day.")
@until_option
@click.option("--include-undated", is_flag=True, help="With --since/--until, keep quotes of articles whose date is unknown.")
@format_option
def quotes_command(db: str, speaker: str | None, actor: str | None, since, until, include_undated: bool, fmt: str,
                   as_json: bool) -> None:
    """Print the quotes found, with speaker, article title, outlet and date; a speaker the quotes
    stage could not resolve is marked as such. A story that several files carry (duplicates) is
    listed once, with the other outlets as further reports."""
    with command.open_read_only(db) as store:
        listing = store.quotes_listing(speaker, actor, _day(since), include_undated, _day(until))
    fmt = _fmt(fmt, as_json)
    if fmt != "table":
        for r in listing.rows:
            r["speaker_resolved"] = r["speaker"] is not None
        emit(listing.rows, [], fmt, "quotes", fields=["id", "article", "speaker", "speaker_name", "speaker_resolved",
                                                      "speaker_text", "kind", "cue", "title", "outlet", "published",
                                                      "start", "end", "text", "also_reported_by"])
    else:
        for r in listing.rows:
            who = r["speaker_name"] or (f"(unresolved speaker: {r['speaker_text']})" if r["speaker_text"]
                                        else "(unresolved speaker)")
            when = r["published"].isoformat() if r["published"] else "undated"
            also = f" (also: {', '.join(r['also_reported_by'])})" if r["also_reported_by"] else ""
            click.echo(f"{who} [{r['kind']}, {r['cue'] or '-'}] — {r['outlet'] or 'unknown outlet'}, {when}: "
                       f"{r['title'] or '(untitled)'}{also}")
            click.echo(f"    {r['text']}")
        click.echo(f"{len(listing.rows)} quotes")
    command.say_undated(listing.undated_left_out, "quotes")


@click.command(name="actors")
@command.read_db_option
@click.option("--kind", type=click.Choice(["country", "igo", "person", "org", "group"]), help="Only actors of this kind.")
@click.option("--country", help="Only actors of this country (ISO 3166 alpha-3, e.g. RUS).")
@format_option
def actors_command(db: str, kind: str | None, country: str | None, fmt: str, as_json: bool) -> None:
    """List the actors found, with how often and in how many articles they are mentioned."""
    with command.open_read_only(db) as store:
        rows = store.actors_with_counts(kind, country)
    fmt = _fmt(fmt, as_json)
    if fmt != "table":
        emit(rows, [], fmt, "actors", fields=["id", "name", "kind", "country", "org", "role", "sector", "aliases",
                                              "mentions", "articles"])
        return
    width = max([len(r["id"]) for r in rows] + [2])  # whole ids: they are what --actor and the exports take
    click.echo(f"{'mentions':>8} {'articles':>8}  {'id':<{width}} {'kind':<8} {'country':<7} {'org':<6} name / role")
    for r in rows:
        role = f" ({r['role']})" if r["role"] else ""
        click.echo(f"{r['mentions']:>8} {r['articles']:>8}  {r['id']:<{width}} {r['kind'] or '':<8} "
                   f"{r['country'] or '':<7} {r['org'] or '':<6} {r['name']}{role}")
    click.echo(f"{len(rows)} actors")


# ----------------------------------------------------------------------------- the situation report

@click.command(name="report")
@command.read_db_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: the database's name with .html or .md).")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True,
              help="html: one self-contained page (opens offline); md: Markdown.")
def report_command(db: str, out: Path | None, fmt: str) -> None:
    """Write the situation report: positions of the main actors (what each demands, offers,
    rejects, threatens, agrees to) with their evidence, the timeline and what changed, the
    conflict–cooperation chart, the actor network, who said what, and the sources."""
    out = out or default_report_path(db, fmt)
    path, seconds = write_report_file(db, out, fmt)
    click.echo(f"report: {path} ({path.stat().st_size / 1024:.0f} KB, {seconds:.2f}s)")


def default_report_path(db: str, fmt: str = "html") -> Path:
    return Path(db).with_suffix(".html" if fmt == "html" else ".md")


def write_report_file(db: str, out: Path, fmt: str = "html") -> tuple[Path, float]:
    """Write the report of the database; returns the path and the seconds it took."""
    import time

    from sitroom.report import load_snapshot, write_report

    started = time.perf_counter()
    with command.open_read_only(db) as store:
        snapshot = load_snapshot(store)
    try:
        path = write_report(snapshot, out, fmt, database=db)
    except OSError as exc:
        click.echo(f"error: cannot write the report to {out}: {exc.strerror or exc}; pick another --out", err=True)
        sys.exit(command.EXIT_USAGE)
    return path, time.perf_counter() - started
