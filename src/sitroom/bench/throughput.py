"""Throughput: the whole pipeline end to end against a bare spaCy pass over the same texts on
the same number of processes (the practical limit of this design), and Ray on one and two
workers.

The corpus is ``synthetic.texts``: articles of paragraphs drawn from the base texts (the
reference corpus and the PolNeAR texts), so none deduplicates away. Every pass runs in a fresh
process, so that one pass's model, caches and memory do not help or burden the next, and its
peak memory is its own: ``peak_rss_mb`` is the largest single process of the end-to-end runs (the
runner, a worker, or the link pass's process), as the operating system counted it.
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sitroom import synthetic

T = TypeVar("T")
SPACY_BATCH = 16  # as sitroom.nlp.parse
RUNNER_STAGES = ("ingest", "store", "link", "parquet")  # timed in the runner, not summed over the workers


def read_texts(paths: list[Path]) -> list[str]:
    """The texts of the .txt files in each folder (in name order), or of each path that is a file;
    a path that is neither adds nothing."""
    files = [f for path in paths for f in (sorted(path.glob("*.txt")) if path.is_dir() else [path])
             if f.is_file()]
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def write_corpus(texts: list[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def _spawned() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def in_fresh_process(function, *args) -> Any:
    """``function(*args)`` in a new interpreter (which may start processes of its own)."""
    with _spawned() as pool:
        return pool.submit(function, *args).result()


def _peaks() -> dict[str, float]:
    """This process's peak resident memory and its largest finished child's, in MB; and the CPU
    seconds of both (which other programs on a shared machine inflate far less than wall time)."""
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rss_main_mb": own.ru_maxrss / divisor, "rss_worker_mb": children.ru_maxrss / divisor,
            "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime}


def pipeline_run(folder: Path, db: Path, workers: int, engine: str = "local") -> dict[str, Any]:
    """One `sitroom run` of the folder into a new database (in a fresh process: see the module)."""
    from sitroom.config import RunConfig
    from sitroom.runners.local import run_local
    from sitroom.store import Store

    config = RunConfig.create([str(folder)], db, workers=workers, engine=engine)
    config.dictionary  # loaded as the CLI loads it, before the run
    with Store(config.db) as store:
        if engine == "ray":
            from sitroom.runners.ray_data import run_ray, start_local_ray

            started = time.perf_counter()
            start_local_ray(workers)
            ray_start = time.perf_counter() - started
            summary = run_ray(config, store)
            import ray

            ray.shutdown()
        else:
            ray_start = 0.0
            summary = run_local(config, store)
    return {"seconds": summary.seconds, "stages": dict(summary.times.seconds), "stored": summary.stored,
            "failed": len(summary.failures), "ray_start_seconds": ray_start, **_peaks()}


def _pipe_share(texts: list[str]) -> int:
    from sitroom import nlp

    return sum(1 for _ in nlp.stock().pipe(texts, batch_size=SPACY_BATCH))


def spacy_run(texts: list[str], workers: int) -> dict[str, Any]:
    """A bare ``nlp.pipe`` over the texts, split in ``workers`` contiguous shares on as many
    processes, each loading the model as the pipeline's workers do; seconds from start to the
    last document. The model runs as it ships: its attribute ruler and lemmatizer as spaCy's
    components, not as the pipeline's tables (``sitroom.nlp_tables``), which give the same
    annotations in less time."""
    share = -(-len(texts) // workers)
    chunks = [texts[i:i + share] for i in range(0, len(texts), share)]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parsed = sum(pool.map(_pipe_share, chunks))
    return {"seconds": time.perf_counter() - started, "docs": parsed, **_peaks()}


def measure(base: list[str], articles: int, workers: int, ray_pairs: int, ratio_pairs: int = 1,
            seed: int = 0) -> tuple[dict, list[str]]:
    """The machine's speed drifts by up to a quarter within minutes on a shared host, so passes to be
    compared run in pairs, in turn, and the pairs' middle counts. ``ratio_pairs``: the end-to-end run
    and the bare parse, so many times (run, bare, then bare, run, ...); the ratio and every number
    beside it are the pair's whose ratio is the lower median (an even count never rounds up), the
    peak memory the largest of all. ``ray_pairs``: Ray on one and two workers, so many times (1, 2,
    then 2, 1, ...; none: 0); the speed-up is the median of the pairs'."""
    texts = synthetic.texts(base, articles, seed)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as work:
        folder = write_corpus(texts, Path(work) / "corpus")
        timed = {"run": lambda i: in_fresh_process(pipeline_run, folder, Path(work) / f"local{i}.duckdb", workers),
                 "bare": lambda i: in_fresh_process(spacy_run, texts, workers)}
        local: list[tuple[dict, dict]] = []  # (the end-to-end run, the bare parse), pair by pair
        for i in range(ratio_pairs):
            passes = {kind: timed[kind](i) for kind in _in_turn(i, ("run", "bare"))}
            local.append((passes["run"], passes["bare"]))
        ratios = [bare["seconds"] / run["seconds"] for run, bare in local]
        run, bare = local[ratios.index(statistics.median_low(ratios))]
        pairs: list[dict[int, dict]] = []
        bares = {workers: bare}
        for i in range(ray_pairs):
            pair: dict[int, dict] = {}
            for n in _in_turn(i, (1, 2)):
                pair[n] = in_fresh_process(pipeline_run, folder, Path(work) / f"ray{i}-{n}.duckdb", n, "ray")
                # What these cores give a bare parse from one process to two, in the same minutes: the
                # yardstick for Ray's speed-up (two busy processes slow each other on some machines).
                if n not in bares:
                    bares[n] = in_fresh_process(spacy_run, texts, n)
            pairs.append(pair)
    seconds, spacy_seconds = run["seconds"], bare["seconds"]
    speedups = [p[1]["seconds"] / p[2]["seconds"] for p in pairs]
    peak_runner, peak_worker = (max(r[key] for r, _ in local) for key in ("rss_main_mb", "rss_worker_mb"))
    result = {
        "articles": articles, "words": words, "workers": workers, "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 2), "words_per_s": round(words / seconds, 1),
        "spacy_seconds": round(spacy_seconds, 2), "spacy_words_per_s": round(words / spacy_seconds, 1),
        "ratio": round(spacy_seconds / seconds, 3),
        "cpu_seconds": round(run["cpu_seconds"], 2), "spacy_cpu_seconds": round(bare["cpu_seconds"], 2),
        "cpu_ratio": round(bare["cpu_seconds"] / run["cpu_seconds"], 3),
        "stage_seconds": {name: round(s, 2) for name, s in run["stages"].items()},
        "peak_rss_mb": round(max(peak_runner, peak_worker)), "peak_rss_runner_mb": round(peak_runner),
        "peak_rss_worker_mb": round(peak_worker), "stored": run["stored"], "failed": run["failed"],
        "ratio_pairs": [{"seconds": round(r["seconds"], 2), "spacy_seconds": round(b["seconds"], 2),
                         "ratio": round(x, 3)} for (r, b), x in zip(local, ratios)],
        # Each worker count's median: with pairs, their quotient need not be the speed-up (the pairs' median).
        "ray_seconds": _medians(pairs, "seconds"),
        "ray_start_seconds": _medians(pairs, "ray_start_seconds"),
        "ray_pairs": [{"1": round(p[1]["seconds"], 2), "2": round(p[2]["seconds"], 2), "speedup": round(x, 3)}
                      for p, x in zip(pairs, speedups)],
        "ray_speedup": round(statistics.median(speedups), 3) if pairs else None,
        "spacy_seconds_by_processes": {str(n): round(b["seconds"], 2) for n, b in sorted(bares.items())},
        "spacy_speedup": round(bares[1]["seconds"] / bares[2]["seconds"], 3) if {1, 2} <= bares.keys() else None,
    }
    return result, _lines(result)


def _in_turn(i: int, pair: tuple[T, T]) -> tuple[T, T]:
    """The ``i``-th pair's order: as given, then reversed, and so on, so that a machine that slows or
    speeds up through the bench favours neither side."""
    return pair if i % 2 == 0 else (pair[1], pair[0])


def _medians(pairs: list[dict[int, dict]], key: str) -> dict[str, float]:
    """``key``'s median over the pairs' runs on one worker and on two (none without pairs)."""
    return {str(n): round(statistics.median(p[n][key] for p in pairs), 2) for n in (1, 2)} if pairs else {}


def _of_pairs(pairs: list[dict]) -> str:
    if len(pairs) == 1:
        return ""
    return f"; the pairs': {', '.join(format(p['ratio'], '.3f') for p in pairs)}, the lower median taken"


def _lines(r: dict) -> list[str]:
    stages = r["stage_seconds"]
    in_workers = sum(s for name, s in stages.items() if name not in RUNNER_STAGES)
    lines = [
        f"{r['articles']} articles ({r['words']:,} words) on {r['workers']} process(es): {r['stored']} stored, "
        f"{r['failed']} failed",
        f"end to end:  {r['seconds']:8.2f}s  {r['articles_per_s']:7.2f} articles/s  {r['words_per_s']:9.1f} words/s",
        f"bare spaCy:  {r['spacy_seconds']:8.2f}s  {'':19}  {r['spacy_words_per_s']:9.1f} words/s  "
        f"(nlp.pipe of the model as it ships, same texts and processes)",
        f"ratio end-to-end / spaCy throughput: {r['ratio']:.3f} (target >= 0.8){_of_pairs(r['ratio_pairs'])}",
        f"CPU seconds: end to end {r['cpu_seconds']:.1f}, bare spaCy {r['spacy_cpu_seconds']:.1f}, ratio "
        f"{r['cpu_ratio']:.3f} (what the pipeline adds in work, whatever else the machine runs)",
        "stage seconds (per-article stages summed over the workers):",
    ]
    for name, s in sorted(stages.items(), key=lambda item: -item[1]):
        share = f"{s / in_workers * 100:5.1f}% of the workers' time" if name not in RUNNER_STAGES \
            else "in the runner"
        lines.append(f"  {name:<8} {s:8.2f}s  {share}")
    lines.append(f"peak RSS: {r['peak_rss_mb']} MB (runner {r['peak_rss_runner_mb']} MB, "
                 f"largest other process (a worker or the link pass) {r['peak_rss_worker_mb']} MB)")
    if r["ray_speedup"] is not None:
        runs = ", ".join(f"{p['1']:.2f}s -> {p['2']:.2f}s (x{p['speedup']:.3f})" for p in r["ray_pairs"])
        median = "" if len(r["ray_pairs"]) == 1 else ", the median of the pairs'"
        lines.append(f"Ray, 1 worker -> 2 workers: {runs}; speed-up {r['ray_speedup']:.3f}{median} "
                     f"(target >= 1.6; starting Ray not counted: {r['ray_start_seconds']['2']:.1f}s)")
        one, two = r["spacy_seconds_by_processes"]["1"], r["spacy_seconds_by_processes"]["2"]
        lines.append(f"bare spaCy on 1 and 2 processes, same texts: {one:.2f}s, {two:.2f}s, speed-up "
                     f"{r['spacy_speedup']:.3f} (what these cores gave a parse meanwhile)")
    return lines
