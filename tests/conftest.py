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
