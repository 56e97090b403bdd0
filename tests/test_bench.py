"""`sitroom bench`: the sections run and the JSON line carries the throughput numbers."""

from __future__ import annotations

import json

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
    assert numbers["ray_speedup"] is None  # --no-ray
