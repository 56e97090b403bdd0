"""Records as Parquet: one Arrow schema per record class, read from its fields' types, so that a
record written and read back is the same record (the Ray engine's workers hand their results to
the store this way).

The mapping is plain: ``str`` is a string, ``int`` a 64-bit integer, ``float`` a double, ``bool``
a boolean, ``bytes`` binary, ``list[X]`` a list of X; ``X | None`` the same type, nullable.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

_SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), bytes: pa.binary()}


def arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a record field's annotation."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(kinds) != 1:
            raise TypeError(f"no Arrow type for {annotation}: one type or None only")
        return arrow_type(kinds[0])
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(arrow_type(item))
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    raise TypeError(f"no Arrow type for {annotation}")


@cache
def schema(record: type, extra: tuple[str, ...] = ()) -> pa.Schema:
    """The schema of a record class; ``extra`` names string columns put before its fields."""
    hints = typing.get_type_hints(record)
    columns = [pa.field(name, pa.string()) for name in extra]
    columns += [pa.field(f.name, arrow_type(hints[f.name])) for f in fields(record)]
    return pa.schema(columns)


def write_records(path: Path, record: type, rows: Iterable[Any], extra: dict[str, Sequence[str]] | None = None) -> int:
    """Write records of one class (and ``extra`` string columns, one value per record) to one
    Parquet file; returns how many."""
    rows = list(rows)
    extra = extra or {}
    table_schema = schema(record, tuple(extra))
    columns = {name: list(values) for name, values in extra.items()}
    for f in fields(record):
        columns[f.name] = [getattr(row, f.name) for row in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pydict(columns, schema=table_schema), path)
    return len(rows)


def read_records(path: Path, record: type, extra: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """The records of a file ``write_records`` wrote, each with its ``extra`` column values."""
    names = [f.name for f in fields(record)]
    out = []
    for row in pq.read_table(path).to_pylist():
        out.append((tuple(row[name] for name in extra), record(**{name: row[name] for name in names})))
    return out
