"""The ``report`` section of ``sitroom bench`` (also ``sitroom bench --report``): how long the
situation report takes to build after a run, how big it is, and how fast the dashboard answers
the event list.

The dashboard is measured over loopback with a bounded loop: a fixed number of requests, one at a
time, stopped early after a time limit, against a server this process starts and stops.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DASHBOARD_TARGET_MS = 200.0
REPORT_TARGET_S = 5.0
REPORT_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReportTiming:
    run_seconds: float | None  # the `sitroom run` that built the database (None: an existing one)
    report_seconds: float  # read the store, build every view, write the HTML file
    report_bytes: int
    markdown_seconds: float
    requests: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    def as_dict(self) -> dict:
        return {"run_seconds": self.run_seconds, "report_seconds": round(self.report_seconds, 3),
                "report_bytes": self.report_bytes, "report_target_seconds": REPORT_TARGET_S,
                "report_max_bytes": REPORT_MAX_BYTES, "markdown_seconds": round(self.markdown_seconds, 3),
                "dashboard_requests": self.requests, "dashboard_events_p50_ms": round(self.p50_ms, 2),
                "dashboard_events_p99_ms": round(self.p99_ms, 2), "dashboard_events_max_ms": round(self.max_ms, 2),
                "dashboard_target_p99_ms": DASHBOARD_TARGET_MS}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def build_database(corpus: Path, db: Path) -> float:
    from click.testing import CliRunner

    from sitroom.cli import main

    started = time.perf_counter()
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db), "--quiet", "--no-report"])
    if result.exit_code not in (0, 1):
        raise RuntimeError(f"sitroom run failed: {result.output.strip()}")
    return time.perf_counter() - started


def time_report(db: Path, out_dir: Path) -> tuple[float, int, float]:
    """Seconds and bytes of the HTML report, and seconds of the Markdown one, each from the store."""
    from sitroom.report import load_snapshot, write_report
    from sitroom.store import Store

    timings = []
    for fmt in ("html", "md"):
        started = time.perf_counter()
        with Store(db, read_only=True) as store:
            snapshot = load_snapshot(store)
        path = write_report(snapshot, out_dir / f"report.{fmt}", fmt, database=str(db))
        timings.append((time.perf_counter() - started, path.stat().st_size))
    return timings[0][0], timings[0][1], timings[1][0]


def time_dashboard(db: Path, requests: int = 300, limit_seconds: float = 60.0) -> list[float]:
    """Milliseconds of each GET /api/events (pages and filters in turn) over loopback."""
    import uvicorn

    from sitroom.serve import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the dashboard did not start")
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}/api/events"
        queries = ["", "?page=2", "?reports=true", "?type=REQUEST", "?actor=RUS&include_undated=true"]
        for query in queries:  # warm-up: the snapshot is loaded by the first request
            _get(base + query, ok_statuses=(200, 400, 404))
        durations: list[float] = []
        stop = time.monotonic() + limit_seconds
        for i in range(requests):
            if time.monotonic() > stop:
                break
            started = time.perf_counter()
            _get(base + queries[i % len(queries)], ok_statuses=(200, 400, 404))
            durations.append((time.perf_counter() - started) * 1000)
        return durations
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _get(url: str, ok_statuses: tuple[int, ...]) -> None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as exc:  # a filter the corpus has nothing for is still an answer
        if exc.code not in ok_statuses:
            raise


def bench_report(corpus: Path, db: Path | None = None, requests: int = 300) -> ReportTiming:
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as folder:
        work = Path(folder)
        run_seconds = None
        if db is None:
            db = work / "bench.duckdb"
            run_seconds = round(build_database(corpus, db), 3)
        report_seconds, size, markdown_seconds = time_report(db, work)
        durations = time_dashboard(db, requests)
    return ReportTiming(run_seconds, report_seconds, size, markdown_seconds, len(durations),
                        _percentile(durations, 0.5), _percentile(durations, 0.99), max(durations))


def measure(corpus: Path, db: Path | None, requests: int) -> tuple[dict, list[str]]:
    """The numbers, and the lines that say them."""
    timing = bench_report(corpus, db, requests)
    lines = []
    if timing.run_seconds is not None:
        lines.append(f"sitroom run {corpus}: {timing.run_seconds:.2f}s (not counted)")
    lines.append(f"report (read store, build views, write HTML): {timing.report_seconds:7.3f}s "
                 f"(target < {REPORT_TARGET_S:.0f}s), {timing.report_bytes / 1024:.0f} KB "
                 f"(target < {REPORT_MAX_BYTES // (1024 * 1024)} MB); Markdown {timing.markdown_seconds:.3f}s")
    lines.append(f"dashboard GET /api/events over loopback, {timing.requests} requests: p50 {timing.p50_ms:.1f} ms, "
                 f"p99 {timing.p99_ms:.1f} ms, max {timing.max_ms:.1f} ms (target p99 < {DASHBOARD_TARGET_MS:.0f} ms)")
    return timing.as_dict(), lines
