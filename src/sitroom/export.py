"""Export: the store as JSON Lines files per the data contract in DESIGN.md."""

from __future__ import annotations

from pathlib import Path

from sitroom.store import Store, dumps

# Internal bookkeeping that is not part of the record a user exports.
_ARTICLE_INTERNAL = {"run", "created", "updated", "content_hash"}


def export_jsonl(store: Store, out_dir: Path) -> dict[str, int]:
    """Write OUT/articles.jsonl (and the other tables as later stages add them); returns counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    path = out_dir / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        n = 0
        for row in store.articles():
            handle.write(dumps({k: v for k, v in row.items() if k not in _ARTICLE_INTERNAL}) + "\n")
            n += 1
    counts[path.name] = n
    return counts
