"""The one layout every ``sitroom eval`` prints: a line saying what was read, a titled table of
the numbers (text columns left-aligned, numbers right-aligned), then what the columns mean."""

from __future__ import annotations

from collections.abc import Sequence


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], notes: str = "",
                text_columns: int = 1) -> None:
    """Print ``rows`` (already formatted cells) under ``columns``; the first ``text_columns``
    columns are text, the others numbers. ``notes`` follow the table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for k, column in enumerate(columns):
        table.add_column(column, justify="left" if k < text_columns else "right")
    for row in rows:
        table.add_row(*row)
    console = Console(width=120)
    console.print(table)
    if notes:
        console.print(notes.rstrip("\n"), highlight=False, markup=False)
