"""Export: the store as JSON Lines files per the data contract in DESIGN.md."""

from __future__ import annotations

from pathlib import Path

from sitroom.store import Store, dumps

# Internal bookkeeping that is not part of the record a user exports.
_ARTICLE_INTERNAL = {"run", "created", "updated", "content_hash"}


def export_jsonl(store: Store, out_dir: Path) -> dict[str, int]:
    """Write OUT/articles.jsonl, actors.jsonl, mentions.jsonl, quotes.jsonl and timexes.jsonl;
    returns the record count of each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "articles": ({k: v for k, v in row.items() if k not in _ARTICLE_INTERNAL} for row in store.articles()),
        "actors": store.table_rows("actors"),
        "mentions": store.table_rows("mentions"),
        "quotes": store.table_rows("quotes"),
        "timexes": store.table_rows("timexes"),
    }
    counts: dict[str, int] = {}
    for name, rows in tables.items():
        path = out_dir / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            n = 0
            for row in rows:
                handle.write(dumps(row) + "\n")
                n += 1
        counts[path.name] = n
    return counts
