"""Every `sitroom eval` prints one layout: what was read, a titled table, then what the columns mean."""

from __future__ import annotations

from click.testing import CliRunner

from sitroom.cli import main
from sitroom.evaluate._table import print_table


def test_the_shared_table_has_a_title_columns_rows_and_notes_after(capsys):
    print_table("Made-up scores", ("system", "F1"), [["mine", "0.500"]], "F1: invented for this test.")
    out = capsys.readouterr().out
    assert out.index("Made-up scores") < out.index("system") < out.index("mine") < out.index("F1: invented")
    assert "┃ system" in out and "0.500 │" in out  # text left, numbers right, in rich's box


def test_eval_quotes_prints_the_shared_layout(shared):
    data = shared("data", "quotes", "polnear-dev")
    result = CliRunner().invoke(main, ["eval", "quotes", "--data", str(data), "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2 documents from")
    assert "PolNeAR attributions" in lines[1] and "┏" in lines[2]
    assert result.output.index("└") < result.output.index("Matching (character offsets")
