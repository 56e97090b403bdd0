"""Where the evaluations and the benchmark find their data: the project's ``shared`` folder
(evaluation data sets and the reference corpus) beside the checkout, wherever the command is run
from. ``SITROOM_SHARED`` names another folder; ``--data`` on each command names the data set itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

_CHECKOUT = Path(__file__).resolve().parents[2]  # src/sitroom/datasets.py -> the checkout (editable install)


def shared_root() -> Path:
    """$SITROOM_SHARED, else the ``shared`` folder beside the checkout, else ../shared from here."""
    if os.environ.get("SITROOM_SHARED"):
        return Path(os.environ["SITROOM_SHARED"])
    beside_checkout = _CHECKOUT.parent / "shared"
    return beside_checkout if beside_checkout.is_dir() else Path.cwd().parent / "shared"


def data_option(*parts: str, what: str, flag: str = "--data", name: str = "data"):
    """A click option for a data set's folder that defaults to shared/<parts...> and says which
    folder to give when that is missing."""
    default_text = "shared/" + "/".join(parts) + " beside the checkout"

    def resolve(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
        path = value if value is not None else shared_root().joinpath(*parts)
        if not path.exists():
            hint = "" if value is not None else " or set SITROOM_SHARED to the folder holding corpus/ and data/"
            raise click.BadParameter(f"{path} not found: pass {flag} with {what}{hint}", ctx=ctx, param=param)
        return path

    return click.option(flag, name, type=click.Path(path_type=Path), default=None, callback=resolve,
                        help=f"{what[0].upper()}{what[1:]} [default: {default_text}]")
