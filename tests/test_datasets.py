"""Evaluations and the benchmark find their data wherever they are run from."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sitroom.cli import main
from sitroom.datasets import shared_root

ROOT = Path(__file__).resolve().parents[1]


def test_the_shared_folder_is_found_from_another_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("SITROOM_SHARED", raising=False)
    monkeypatch.chdir(tmp_path)
    if (ROOT.parent / "shared").is_dir():
        assert shared_root() == ROOT.parent / "shared"
    else:
        assert shared_root() == tmp_path.parent / "shared"


def test_missing_data_says_which_option_to_give(tmp_path, monkeypatch):
    monkeypatch.setenv("SITROOM_SHARED", str(tmp_path / "nowhere"))
    for command in (["eval", "time"], ["eval", "actors"], ["eval", "quotes"], ["eval", "extraction"], ["bench"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, command
        assert "not found: pass --" in result.output and "SITROOM_SHARED" in result.output, result.output
