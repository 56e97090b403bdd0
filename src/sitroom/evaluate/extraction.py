"""`sitroom eval extraction`: article-body extraction from HTML on the Scrapinghub benchmark.

The metric is the benchmark's own: word 4-gram shingles (``\\w+`` tokens, counted with
multiplicity); per page, true/false positives and false negatives are normalised to sum to 1 so
long pages weigh no more than short ones; precision and recall are averaged over pages (skipping
pages where they are undefined) and F1 is taken from the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from sitroom.datasets import data_option
from sitroom.evaluate._table import print_table
from sitroom.evaluate._metrics import PRF

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised to sum to 1."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fp) if tp + fp else 0.0


def _page_recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fn) if tp + fn else 0.0


def score(pages: list[tuple[float, float, float]]) -> PRF:
    precision = statistics.mean(_page_precision(*p) for p in pages if p[0] + p[1] > 0)
    recall = statistics.mean(_page_recall(*p) for p in pages if p[0] + p[2] > 0)
    return PRF.of(precision, recall)


def sitroom_body(html: str) -> str:
    """sitroom's HTML path: trafilatura with sitroom's options, then the clean stage."""
    from sitroom.clean import clean
    from sitroom.ingest.html import read_html

    try:
        raw = read_html(html, "page")
    except ValueError:
        return ""
    return clean(raw).text


def trafilatura_body(html: str) -> str:
    """Plain trafilatura, default settings: the peer."""
    import trafilatura

    return trafilatura.extract(html) or ""


SYSTEMS: dict[str, Callable[[str], str]] = {"sitroom": sitroom_body, "trafilatura": trafilatura_body}


def evaluate(data: Path) -> dict[str, dict[str, float]]:
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: gzip.open(data / "html" / f"{key}.html.gz").read().decode("utf-8", errors="replace") for key in gold}
    results: dict[str, dict[str, float]] = {}
    for name, extract in SYSTEMS.items():
        started = time.perf_counter()
        counts = [page_counts(gold[key].get("articleBody", ""), extract(html)) for key, html in pages.items()]
        results[name] = {**score(counts).as_dict(), "pages": len(counts), "seconds": round(time.perf_counter() - started, 1)}
    return results


@click.command(name="extraction")
@data_option("data", "extraction", "scrapinghub", what="the folder holding ground-truth.json and html/*.html.gz")
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON object.")
def command(data: Path, as_json: bool) -> None:
    """Article-body extraction from HTML: sitroom vs plain trafilatura (word 4-gram shingle P/R/F1)."""
    if not (data / "ground-truth.json").exists():
        raise click.UsageError(f"{data}: no ground-truth.json; point --data at the Scrapinghub benchmark folder")
    results = evaluate(data)
    if as_json:
        click.echo(json.dumps(results))
        return
    click.echo(f"{next(iter(results.values()))['pages']} pages from {data}")
    rows = [[name, f"{r['precision']:.4f}", f"{r['recall']:.4f}", f"{r['f1']:.4f}", f"{r['seconds']:.1f}"]
            for name, r in results.items()]
    print_table("Scrapinghub article-extraction benchmark: article body", ("system", "precision", "recall", "F1",
                                                                           "seconds"), rows,
                "precision/recall: word 4-gram shingles of the extracted body against the gold body, normalised per\n"
                "page and averaged over pages; F1 of the two averages.\n"
                "sitroom: trafilatura with sitroom's options, then the clean stage; trafilatura: its default settings.")
