"""The command line: thin click commands that compose the stages, the runner and the store."""

from __future__ import annotations

import importlib
import pkgutil

import click

from sitroom import evaluate


class _LazyEvalGroup(click.Group):
    """``sitroom eval TARGET``: each target is the module sitroom.evaluate.TARGET, imported on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(m.name for m in pkgutil.iter_modules(evaluate.__path__) if not m.name.startswith("_"))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        return importlib.import_module(f"sitroom.evaluate.{name}").command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitroom")
def main() -> None:
    """sitroom: a sourced record of a political crisis from news coverage."""


@main.group(cls=_LazyEvalGroup, name="eval")
def eval_group() -> None:
    """Score sitroom against a labelled data set and print the numbers."""
