"""``sitroom bench``: how fast sitroom is, in sections that each print their numbers.

* ``throughput``: the whole pipeline end to end on a synthetic corpus of ``--articles`` articles
  and ``--workers`` processes, against a bare spaCy pass over the same texts on as many
  processes; each stage's time; peak memory; Ray on one and two workers (``bench/throughput.py``).
* ``stages``: the cost the actors and events stages add to the spaCy parse (``bench/stages.py``).
* ``link``: the corpus-level link pass on synthetic corpora of 1,000 and 10,000 articles' records,
  and how its time grows (``bench/link.py``).
* ``report``: the situation report built after a run of the reference corpus, its size, and the
  dashboard's event list over loopback (``bench/report.py``; ``--report`` runs only this one).

A new section is a module with a ``measure`` function returning its numbers and its lines, and
an entry in ``SECTIONS``. Every section prints its lines; with ``--json`` the last line printed is
one JSON object: the throughput numbers at the top level, every section's numbers under its name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from sitroom.command import cores
from sitroom.datasets import data_option


@dataclass(frozen=True)
class Options:
    corpus: Path  # the reference corpus
    data: Path  # the shared data folder (PolNeAR texts are under quotes/polnear-dev/text)
    articles: int
    workers: int
    ray_pairs: int  # throughput section: Ray runs on one and two workers, so many times in turn (0: no Ray)
    ratio_pairs: int  # throughput section: the end-to-end run and the bare parse, so many times in turn
    repeat: int
    rounds: int
    batch_size: int
    link_sizes: tuple[int, ...] = (1000, 10000)
    db: Path | None = None  # report section: time this database's report instead of running the corpus
    requests: int = 300  # report section: requests in the dashboard loop


def _base_texts(options: Options) -> list[str]:
    """The texts synthetic corpora are made of: the reference corpus and the PolNeAR texts."""
    from sitroom.bench import throughput

    texts = throughput.read_texts([options.corpus, options.data / "quotes" / "polnear-dev" / "text"])
    if not texts:
        raise click.ClickException(f"{options.corpus}: no .txt files to build the corpus from; pass --corpus FOLDER")
    return texts


def _throughput(options: Options) -> tuple[dict, list[str]]:
    from sitroom.bench import throughput

    return throughput.measure(_base_texts(options), options.articles, options.workers, options.ray_pairs,
                              options.ratio_pairs)


def _stages(options: Options) -> tuple[dict, list[str]]:
    from sitroom.bench import stages, throughput

    texts = throughput.read_texts([options.corpus])
    if not texts:
        raise click.ClickException(f"{options.corpus}: no .txt files to time; pass --corpus FOLDER")
    return stages.measure(texts * options.repeat, options.rounds, options.batch_size)


def _link(options: Options) -> tuple[dict, list[str]]:
    from sitroom.bench import link

    # The same base as the throughput section: paragraphs of a few articles only would make every
    # synthetic article a near copy of every other, and the link pass compare them all.
    return link.measure(_base_texts(options), options.link_sizes)


def _report(options: Options) -> tuple[dict, list[str]]:
    from sitroom.bench import report

    return report.measure(options.corpus, options.db, options.requests)


SECTIONS: dict[str, tuple[str, Callable[[Options], tuple[dict, list[str]]]]] = {
    "throughput": ("End to end against a bare spaCy pass", _throughput),
    "stages": ("Stage costs: nlp + actors, and the events stage, against spaCy alone", _stages),
    "link": ("The link pass as the corpus grows", _link),
    "report": ("The situation report and the dashboard", _report),
}


@click.command(name="bench")
@data_option("corpus", "ukraine-2022-01", what="a folder of .txt articles (or one file)", flag="--corpus", name="corpus")
@data_option("data", what="the shared data folder (for the PolNeAR texts)", flag="--data", name="data")
@click.option("--articles", type=click.IntRange(1), default=500, show_default=True,
              help="Articles in the synthetic corpus of the throughput section.")
@click.option("--workers", type=click.IntRange(1), default=cores(), show_default="this machine's cores",
              help="Processes for the end-to-end run and the bare spaCy pass.")
@click.option("--ray/--no-ray", "with_ray", default=True, show_default=True,
              help="Also time the Ray engine on 1 and 2 workers (throughput section).")
@click.option("--ray-pairs", type=click.IntRange(1), default=1, show_default=True,
              help="Throughput section: time Ray on 1 and 2 workers this many times in turn (the speed-up is "
                   "the median of the pairs'; none with --no-ray).")
@click.option("--ratio-pairs", type=click.IntRange(1), default=1, show_default=True,
              help="Throughput section: run end to end and parse bare this many times in turn (the ratio is the "
                   "pair's whose ratio is the lower median).")
@click.option("--only", "only", multiple=True, type=click.Choice(sorted(SECTIONS)),
              help="Run only this section (repeatable).")
@click.option("--repeat", type=click.IntRange(1), default=4, show_default=True,
              help="Stages section: parse this many copies of the texts.")
@click.option("--rounds", type=click.IntRange(1), default=3, show_default=True,
              help="Stages section: best of this many rounds.")
@click.option("--batch-size", type=click.IntRange(1), default=16, show_default=True,
              help="Stages section: nlp.pipe batch size.")
@click.option("--link-sizes", type=click.IntRange(1), multiple=True, default=(1000, 10000), show_default=True,
              help="Link section: corpus sizes (articles) to link (repeatable).")
@click.option("--report", is_flag=True, help="Run only the report section (as --only report).")
@click.option("--db", type=click.Path(exists=True, path_type=Path),
              help="Report section: time this database's report instead of running the corpus first.")
@click.option("--requests", type=click.IntRange(10, 5000), default=300, show_default=True,
              help="Report section: requests in the dashboard loop (it stops after 60 s whatever the count).")
@click.option("--json", "as_json", is_flag=True, help="End with the numbers as one JSON object on the last line.")
def command(corpus: Path, data: Path, articles: int, workers: int, with_ray: bool, ray_pairs: int,
            ratio_pairs: int, only: tuple[str, ...], repeat: int, rounds: int, batch_size: int,
            link_sizes: tuple[int, ...], report: bool, db: Path | None, requests: int, as_json: bool) -> None:
    """Time sitroom: end to end against a bare spaCy pass (throughput), what the actors and events
    stages cost, how the link pass scales, and the situation report and dashboard."""
    if report:
        only = (*only, "report")
    options = Options(corpus, data, articles, workers, ray_pairs if with_ray else 0, ratio_pairs, repeat, rounds,
                      batch_size, tuple(sorted(link_sizes)), db, requests)
    numbers: dict = {}
    for name, (title, measure) in SECTIONS.items():
        if only and name not in only:
            continue
        result, lines = measure(options)
        numbers[name] = result
        click.echo(f"== {title} ==")
        for line in lines:
            click.echo(line)
        click.echo()
    if as_json:
        click.echo(json.dumps({**numbers.get("throughput", {}), **numbers}))
