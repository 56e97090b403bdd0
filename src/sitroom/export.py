"""Export: the store as JSON Lines files per the data contract in DESIGN.md, one file per table
of the registry (``sitroom.tables``)."""

from __future__ import annotations

from pathlib import Path

from sitroom.store import Store, dumps
from sitroom.tables import EXPORTED


def export_jsonl(store: Store, out_dir: Path) -> dict[str, int]:
    """Write OUT/<table>.jsonl for every exported table; returns the record count of each file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in EXPORTED:
        # Fields in the store's column order, so that the files do not change when a record
        # class lists its fields in another order.
        exported = [c for c in store.columns(table.name) if c in table.fields and c not in table.not_exported]
        path = out_dir / f"{table.name}.jsonl"
        n = 0
        with path.open("w", encoding="utf-8") as handle:
            for record in store.records(table):
                handle.write(dumps({name: getattr(record, name) for name in exported}) + "\n")
                n += 1
        counts[path.name] = n
    return counts
