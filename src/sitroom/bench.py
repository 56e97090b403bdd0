"""``sitroom bench``: what the actors stage adds to the cost of the spaCy parse.

The same texts go through a spaCy-only pass (``nlp.pipe``) and through the nlp + actors stages
(the same pipe, then :func:`sitroom.actors.resolve` on every doc). Model and dictionary loading
happen before timing; each pass runs ``--rounds`` times and the fastest round counts, because the
machine is shared and the slowest rounds measure other people's work.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from sitroom import nlp
from sitroom.actors import ActorDictionary, resolve
from sitroom.datasets import data_option
from sitroom.records import Article



def read_texts(corpus: Path) -> list[str]:
    files = sorted(p for p in corpus.glob("*.txt") if p.is_file()) if corpus.is_dir() else [corpus]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def spacy_pass(texts: list[str], batch_size: int) -> float:
    started = time.perf_counter()
    for _ in nlp.parse(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def actors_pass(texts: list[str], batch_size: int, dictionary: ActorDictionary) -> tuple[float, float, int]:
    """Seconds for parse + resolve, seconds spent in resolve alone, mentions found."""
    started = time.perf_counter()
    resolving = 0.0
    mentions = 0
    for i, (text, doc) in enumerate(zip(texts, nlp.parse(texts, batch_size=batch_size))):
        before = time.perf_counter()
        found, _ = resolve(Article(id=str(i), origin="bench", text=text, published=None), doc, dictionary)
        resolving += time.perf_counter() - before
        mentions += len(found)
    return time.perf_counter() - started, resolving, mentions


@click.command(name="bench")
@data_option("corpus", "ukraine-2022-01", what="a folder of .txt articles (or one file)", flag="--corpus", name="corpus")
@click.option("--repeat", type=click.IntRange(1), default=4, show_default=True,
              help="Parse this many copies of the texts.")
@click.option("--rounds", type=click.IntRange(1), default=3, show_default=True, help="Best of this many rounds.")
@click.option("--batch-size", type=click.IntRange(1), default=16, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@click.option("--report", is_flag=True,
              help="Instead: time the situation report after `sitroom run` on the corpus, its size, and the "
                   "dashboard's event list (p50/p99 over a bounded loop of requests on loopback).")
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --report: time this database's report instead of running the corpus first.")
@click.option("--requests", type=click.IntRange(10, 5000), default=300, show_default=True,
              help="With --report: requests in the dashboard loop (it stops after 60 s whatever the count).")
def command(corpus: Path, repeat: int, rounds: int, batch_size: int, as_json: bool, report: bool, db: Path | None,
            requests: int) -> None:
    """Time a spaCy-only pass against nlp + actors over the same texts (or, with --report, the
    situation report and the dashboard)."""
    if report:
        _bench_report(corpus, db, requests, as_json)
        return
    texts = read_texts(corpus)
    if not texts:
        raise click.ClickException(f"{corpus}: no .txt files to time; pass --corpus FOLDER")
    texts = texts * repeat
    started = time.perf_counter()
    nlp.load()
    dictionary = ActorDictionary.load()
    # Warm-up: builds the PhraseMatcher and touches every lazy structure once.
    actors_pass(texts[:1], batch_size, dictionary)
    loading = time.perf_counter() - started
    spacy_times, actor_times, resolve_times, mentions = [], [], [], 0
    for _ in range(rounds):
        spacy_times.append(spacy_pass(texts, batch_size))
        total, resolving, mentions = actors_pass(texts, batch_size, dictionary)
        actor_times.append(total)
        resolve_times.append(resolving)
    spacy_s, actors_s, resolve_s = min(spacy_times), min(actor_times), min(resolve_times)
    words = sum(len(t.split()) for t in texts)
    result = {
        "docs": len(texts), "words": words, "rounds": rounds, "load_seconds": round(loading, 3),
        "spacy_seconds": round(spacy_s, 3), "spacy_docs_per_s": round(len(texts) / spacy_s, 2),
        "nlp_actors_seconds": round(actors_s, 3), "nlp_actors_docs_per_s": round(len(texts) / actors_s, 2),
        "actors_only_seconds": round(resolve_s, 3), "mentions": mentions,
        "ratio": round(actors_s / spacy_s, 3),
    }
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{len(texts)} docs ({words} words), best of {rounds} rounds; loading {loading:.2f}s not counted")
    click.echo(f"spaCy only:    {spacy_s:7.3f}s  {len(texts) / spacy_s:7.2f} docs/s")
    click.echo(f"nlp + actors:  {actors_s:7.3f}s  {len(texts) / actors_s:7.2f} docs/s  "
               f"(resolve alone {resolve_s:.3f}s, {mentions} mentions)")
    click.echo(f"ratio nlp+actors / spaCy: {actors_s / spacy_s:.3f} (target <= 1.2)")


def _bench_report(corpus: Path, db: Path | None, requests: int, as_json: bool) -> None:
    from sitroom.report.timing import DASHBOARD_TARGET_MS, REPORT_MAX_BYTES, REPORT_TARGET_S, bench_report

    timing = bench_report(corpus, db, requests)
    if as_json:
        click.echo(json.dumps(timing.as_dict(), indent=2))
        return
    if timing.run_seconds is not None:
        click.echo(f"sitroom run {corpus}: {timing.run_seconds:.2f}s (not counted)")
    click.echo(f"report (read store, build views, write HTML): {timing.report_seconds:7.3f}s "
               f"(target < {REPORT_TARGET_S:.0f}s), {timing.report_bytes / 1024:.0f} KB "
               f"(target < {REPORT_MAX_BYTES // (1024 * 1024)} MB); Markdown {timing.markdown_seconds:.3f}s")
    click.echo(f"dashboard GET /api/events over loopback, {timing.requests} requests: p50 {timing.p50_ms:.1f} ms, "
               f"p99 {timing.p99_ms:.1f} ms, max {timing.max_ms:.1f} ms (target p99 < {DASHBOARD_TARGET_MS:.0f} ms)")
