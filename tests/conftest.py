from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def _shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: this test needs the project's shared data beside the checkout (../shared)")
    return path


@pytest.fixture(scope="session")
def shared() -> Callable[..., Path]:
    """``shared("data", "quotes")``: a path under ../shared, or a skip saying what is missing (a user's
    fresh clone has no ../shared)."""
    return _shared_path


@pytest.fixture
def corpus_dir(shared) -> Path:
    return shared("corpus", "ukraine-2022-01")


def _run_into(db: Path, *args: str) -> Path:
    from click.testing import CliRunner

    from sitroom.cli import main

    result = CliRunner().invoke(main, ["run", *args, "--db", str(db), "--quiet", "--no-report"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory) -> Path:
    """A database built from the reference corpus (once per test session), or a skip."""
    corpus = _shared_path("corpus", "ukraine-2022-01")
    return _run_into(tmp_path_factory.mktemp("reference") / "ukraine.duckdb", str(corpus))


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    """A database built from the invented example corpus (it ships with the project)."""
    return _run_into(tmp_path_factory.mktemp("example") / "example.duckdb", str(EXAMPLES / "corpus"),
                     "--actors", str(EXAMPLES / "actors.yaml"))
