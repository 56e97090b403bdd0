"""Link: the corpus-level pass, run once after all batches of a run over everything stored.

The other stages see one article at a time; linking compares articles with each other. It is a
pure function from the stored records to the updates it decides (``LinkUpdates``), which the
runner writes back; it never touches the store itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sitroom.records import Article, content_hash


@dataclass(frozen=True, slots=True)
class LinkUpdates:
    duplicate_of: dict[str, str | None] = field(default_factory=dict)  # article id -> its original, or None


def link(articles: Iterable[Article]) -> LinkUpdates:
    """What links the stored articles, given in the order they were first stored."""
    return LinkUpdates(duplicate_of=exact_duplicates(articles))


def exact_duplicates(articles: Iterable[Article]) -> dict[str, str | None]:
    """Each article id -> the id of the first article (in the given order) with the same cleaned
    text under another origin, or None for that first one: an identical story is one story."""
    first_with_text: dict[str, str] = {}
    duplicate_of: dict[str, str | None] = {}
    for article in articles:
        original = first_with_text.setdefault(content_hash(article.text), article.id)
        duplicate_of[article.id] = original if original != article.id else None
    return duplicate_of
