"""The table registry holds the store, the records and the export together."""

from __future__ import annotations

from pathlib import Path

from sitroom.store import Store
from sitroom.tables import TABLES


def test_each_table_has_exactly_its_record_fields_and_bookkeeping(tmp_path: Path):
    with Store(tmp_path / "s.duckdb") as store:
        for table in TABLES:
            columns = store.columns(table.name)
            assert columns, f"{table.name}: no such table in the store's schema"
            assert len(columns) == len(set(columns))
            assert set(columns) == set(table.fields) | set(table.bookkeeping), table.name
            assert not set(table.fields) & set(table.bookkeeping), table.name


def test_per_article_tables_point_at_their_article():
    for table in TABLES:
        if table.per_article:
            assert "article" in table.fields, table.name
