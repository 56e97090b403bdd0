"""Records as Parquet: one Arrow schema per record class, read from its fields' types (the Ray
engine's workers hand their results to the store this way: DuckDB reads the files into its tables).

The mapping is plain: ``str`` is a string, ``int`` a 64-bit integer, ``float`` a double, ``bool``
a boolean, ``bytes`` binary, ``list[X]`` a list of X; ``X | None`` the same type, nullable.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
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
def schema(record: type) -> pa.Schema:
    """The schema of a record class."""
    hints = typing.get_type_hints(record)
    return pa.schema([pa.field(f.name, arrow_type(hints[f.name])) for f in fields(record)])


def write_records(path: Path, record: type, rows: Iterable[Any]) -> int:
    """Write records of one class to one Parquet file; returns how many."""
    rows = list(rows)
    columns = {f.name: [getattr(row, f.name) for row in rows] for f in fields(record)}
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pydict(columns, schema=schema(record)), path)
    return len(rows)
