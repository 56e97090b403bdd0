"""The extraction evaluation's metric, and a run of the command on a few benchmark pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.evaluate.extraction import command, page_counts, score


def test_page_counts_are_normalised_shingle_overlaps():
    gold = "one two three four five six"
    assert page_counts(gold, gold) == (1.0, 0.0, 0.0)
    tp, fp, fn = page_counts(gold, "one two three four five seven")
    # gold shingles: 3; predicted: 3; shared: 2 -> tp 2, fp 1, fn 1 over 4
    assert (tp, fp, fn) == (0.5, 0.25, 0.25)
    assert page_counts(gold, "") == (0.0, 0.0, 1.0)


def test_score_averages_per_page_and_skips_undefined_pages():
    prf = score([(1.0, 0.0, 0.0), (0.5, 0.25, 0.25), (0.0, 0.0, 1.0)])
    assert prf.precision == pytest.approx((1.0 + 2 / 3) / 2)  # the empty prediction has no precision
    assert prf.recall == pytest.approx((1.0 + 2 / 3 + 0.0) / 3)


def test_command_scores_both_systems_on_real_pages(tmp_path: Path, shared):
    data = shared("data", "extraction", "scrapinghub")
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold)[:5]
    (tmp_path / "html").mkdir()
    for key in keys:
        shutil.copy(data / "html" / f"{key}.html.gz", tmp_path / "html")
    (tmp_path / "ground-truth.json").write_text(json.dumps({k: gold[k] for k in keys}))
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)
    assert set(numbers) == {"sitroom", "trafilatura"}
    for system in numbers.values():
        assert system["pages"] == 5 and 0.5 < system["f1"] <= 1.0
