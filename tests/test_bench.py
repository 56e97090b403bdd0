"""`sitroom bench`: the sections run and the JSON line carries the throughput numbers."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sitroom.cli import main


def test_throughput_json_is_one_line_with_the_numbers(shared):
    corpus = shared("corpus", "ukraine-2022-01")
    result = CliRunner().invoke(main, ["bench", "--corpus", str(corpus), "--articles", "6", "--workers", "1",
                                       "--no-ray", "--only", "throughput", "--json"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output.strip().splitlines()[-1])
    for key in ("articles", "words", "seconds", "words_per_s", "spacy_words_per_s", "ratio", "peak_rss_mb",
                "ray_speedup"):
        assert key in numbers, key
    assert numbers["articles"] == 6 and numbers["words"] > 100 and numbers["stored"] == 6
    assert {"clean", "nlp", "time", "actors", "quotes", "events", "store", "link"} <= set(numbers["stage_seconds"])
    assert numbers["ratio"] > 0 and numbers["cpu_ratio"] > 0 and numbers["peak_rss_mb"] > 50
    assert numbers["ray_speedup"] is None and numbers["spacy_speedup"] is None  # --no-ray
    assert list(numbers["spacy_seconds_by_processes"]) == ["1"]


def test_stages_section_prints_the_events_stage_against_the_parse(shared):
    corpus = shared("corpus", "ukraine-2022-01")
    result = CliRunner().invoke(main, ["bench", "--corpus", str(corpus), "--only", "stages", "--repeat", "1",
                                       "--rounds", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert "ratio events / spaCy parse:" in result.output and "ratio nlp+actors / spaCy:" in result.output
    stages = json.loads(result.output.strip().splitlines()[-1])["stages"]
    assert stages["events"] > 0 and stages["events_seconds"] > 0
    # The ratio is of the unrounded seconds: the rounded ones give it to within a rounding step.
    assert abs(stages["events_ratio"] - stages["events_seconds"] / stages["spacy_seconds"]) < 0.005


_INVENTED = [
    "Valdor rejects Kestria's offer\n\nThe foreign minister of Valdor, Anna Brik, said on Monday that Valdor "
    "rejected the offer of talks from Kestria.\n\nKestria had demanded that Valdor withdraw its troops from the "
    "border by Friday.\n\nThe United Nations called on both sides to meet in Geneva next week.\n",
    "Orrin sends aid to Valdor\n\nOrrin said on Tuesday it would send food and medicine to Valdor after the "
    "floods.\n\nThe president of Orrin, Tomas Vell, met the Valdor ambassador in the capital.\n\nKestria "
    "criticised the visit and threatened to close its airspace to Orrin's planes.\n",
    "Talks in Geneva\n\nDelegations from Kestria and Valdor met in Geneva on Wednesday for the first time in "
    "a year.\n\nA spokesman for Kestria said the talks were useful but that no agreement had been reached.\n\n"
    "Valdor promised to release ten prisoners before the next round.\n",
]


def test_link_section_links_synthetic_corpora_of_each_size():
    from sitroom.bench import link

    numbers, lines = link.measure(_INVENTED, [10, 30])
    assert [row["articles"] for row in numbers["sizes"]] == [10, 30]
    small, large = numbers["sizes"]
    assert 0 < small["events"] < large["events"] and large["stories"] >= 1
    assert small["seconds"] == 0 or abs(numbers["ratio"] - large["seconds"] / small["seconds"]) < 0.5
    assert all(row["records_mb"] > 0 and row["link_peak_mb"] >= 0 for row in numbers["sizes"])
    assert any(line.startswith("link      30 articles") and "MB more at its peak" in line for line in lines), lines


def test_report_section_times_a_given_database(tmp_path):
    examples = Path(__file__).resolve().parents[1] / "examples"
    db = tmp_path / "x.duckdb"
    run = CliRunner().invoke(main, ["run", str(examples / "corpus"), "--db", str(db), "--quiet", "--no-report",
                                    "--workers", "1"])
    assert run.exit_code == 0, run.output
    result = CliRunner().invoke(main, ["bench", "--corpus", str(examples / "corpus"), "--data", str(tmp_path),
                                       "--report", "--db", str(db), "--requests", "10", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])["report"]
    assert report["report_bytes"] > 1000 and report["dashboard_requests"] == 10
    assert "dashboard GET /api/events over loopback, 10 requests" in result.output


def test_ray_is_timed_in_pairs_and_its_speed_up_is_the_pairs_median(shared):
    corpus = shared("corpus", "ukraine-2022-01")
    result = CliRunner().invoke(main, ["bench", "--corpus", str(corpus), "--articles", "4", "--workers", "1",
                                       "--ray-pairs", "2", "--only", "throughput", "--json"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output.strip().splitlines()[-1])
    pairs = numbers["ray_pairs"]
    assert len(pairs) == 2 and all(p["1"] > 0 and p["2"] > 0 for p in pairs)
    assert all(abs(p["speedup"] - p["1"] / p["2"]) < 0.01 for p in pairs)  # of the unrounded seconds
    assert abs(numbers["ray_speedup"] - (pairs[0]["speedup"] + pairs[1]["speedup"]) / 2) < 0.002
    assert sorted(numbers["ray_seconds"]) == ["1", "2"] and list(numbers["spacy_seconds_by_processes"]) == ["1", "2"]
    assert "the median of the pairs'" in result.output


def test_ray_pairs_alternate_their_order_and_the_bare_parses_run_once_each(monkeypatch):
    # The order of the passes (each in a fresh process), recorded instead of run: pairs go 1, 2
    # then 2, 1, so that a machine that slows or speeds up through the bench favours neither side.
    from sitroom.bench import throughput

    calls = []

    def recorded(function, *args):
        if function is throughput.pipeline_run:  # (folder, db, workers[, engine])
            calls.append((args[3] if len(args) > 3 else "local", args[2]))
        else:  # spacy_run (texts, processes)
            calls.append(("bare", args[1]))
        seconds = {("ray", 1): 3.0, ("ray", 2): 2.0}.get(calls[-1], 1.0)
        return {"seconds": seconds, "stages": {}, "stored": 2, "failed": 0, "ray_start_seconds": float(len(calls)),
                "rss_main_mb": 1.0, "rss_worker_mb": 1.0, "cpu_seconds": 1.0, "docs": 2}

    monkeypatch.setattr(throughput, "in_fresh_process", recorded)
    numbers, _ = throughput.measure(["Kestria closed its border on Monday."], 2, 2, ray_pairs=3)
    assert calls == [("local", 2), ("bare", 2),
                     ("ray", 1), ("bare", 1), ("ray", 2),
                     ("ray", 2), ("ray", 1),
                     ("ray", 1), ("ray", 2)]
    assert numbers["ray_speedup"] == 1.5 and len(numbers["ray_pairs"]) == 3
    # Ray's start, each worker count's median over the pairs (its runs were the 3rd, 7th and 8th
    # passes on one worker, the 5th, 6th and 9th on two).
    assert numbers["ray_start_seconds"] == {"1": 7.0, "2": 6.0}


def test_end_to_end_and_bare_run_in_pairs_in_turn_and_the_lower_median_pair_counts(monkeypatch):
    # Recorded, not run: four pairs go run, bare, then bare, run, ...; the ratios 0.5, 1.0, 0.25 and 0.8
    # have the lower median 0.5, so the first pair's numbers are reported; memory is the largest run's.
    from sitroom.bench import throughput

    calls = []
    run_seconds = iter([2.0, 1.0, 4.0, 1.25])

    def recorded(function, *args):
        calls.append("run" if function is throughput.pipeline_run else "bare")
        seconds = next(run_seconds) if calls[-1] == "run" else 1.0
        return {"seconds": seconds, "stages": {"nlp": seconds}, "stored": 2, "failed": 0, "ray_start_seconds": 0.0,
                "rss_main_mb": 10 * seconds, "rss_worker_mb": 1.0, "cpu_seconds": seconds, "docs": 2}

    monkeypatch.setattr(throughput, "in_fresh_process", recorded)
    numbers, lines = throughput.measure(["Kestria closed its border on Monday."], 2, 2, ray_pairs=0, ratio_pairs=4)
    assert calls == ["run", "bare", "bare", "run", "run", "bare", "bare", "run"]
    assert [p["ratio"] for p in numbers["ratio_pairs"]] == [0.5, 1.0, 0.25, 0.8]
    assert numbers["ratio"] == 0.5 and numbers["seconds"] == 2.0 and numbers["stage_seconds"] == {"nlp": 2.0}
    assert numbers["peak_rss_mb"] == 40 and numbers["ray_speedup"] is None
    assert any("0.500, 1.000, 0.250, 0.800, the lower median taken" in line for line in lines)
