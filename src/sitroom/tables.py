"""The one list of record tables: each table's name, the record class of its rows and how it is
stored and exported. The store, the export and the tests read this list, so adding a table means
adding a record class, a migration and one line here.

A table's columns are its record's fields plus the table's ``bookkeeping`` columns (what the
store keeps about a row, never part of the exported record); a test holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sitroom.records import Actor, Article, Cluster, Event, LinkFeatures, Mention, Quote, Story, Timex


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # the store's table and the export's file stem (``NAME.jsonl``)
    record: type  # the dataclass of one row
    per_article: bool  # rows belong to one article and are replaced whenever it is
    order: str  # ORDER BY of listings and the export, so that exports are reproducible
    bookkeeping: tuple[str, ...] = ()  # store-only columns, not fields of the record
    not_exported: frozenset[str] = frozenset()  # record fields kept out of the export
    exported: bool = True  # False: the store's working data, not part of the data contract

    @property
    def fields(self) -> list[str]:
        return [f.name for f in fields(self.record)]


TABLES: tuple[Table, ...] = (
    Table("articles", Article, per_article=False, order="origin",
          bookkeeping=("text_hash", "pipeline_key", "run", "created", "updated"),
          not_exported=frozenset({"content_hash"})),
    Table("actors", Actor, per_article=False, order="id"),
    Table("mentions", Mention, per_article=True, order='article, "start"'),
    Table("quotes", Quote, per_article=True, order='article, "start"'),
    Table("timexes", Timex, per_article=True, order='article, "start"'),
    Table("events", Event, per_article=True, order='article, "start", trigger, id'),
    Table("stories", Story, per_article=False, order="first_date NULLS LAST, id"),
    Table("clusters", Cluster, per_article=False, order="date NULLS LAST, id"),
    Table("link_features", LinkFeatures, per_article=True, order="article", exported=False),
)
EXPORTED: tuple[Table, ...] = tuple(table for table in TABLES if table.exported)

BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
BY_RECORD: dict[type, Table] = {table.record: table for table in TABLES}
PER_ARTICLE: tuple[Table, ...] = tuple(table for table in TABLES if table.per_article)
