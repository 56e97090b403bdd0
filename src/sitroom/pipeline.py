"""What the stages do to a batch of documents, in order; runners decide where it runs.

``process_batch`` takes the RawDocs of one batch and yields, per document, everything the stages
made of it (``Processed``) or a ``Failure``. One bad document never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sitroom.clean import LineStats, clean
from sitroom.records import Article, Failure, RawDoc


@dataclass(slots=True)
class Processed:
    article: Article


def line_stats(raws: Sequence[RawDoc]) -> LineStats:
    """Corpus-level line statistics over the already-extracted texts of a batch."""
    return LineStats.from_texts(raw.content for raw in raws if raw.kind == "text")


def process_batch(raws: Sequence[RawDoc], stats: LineStats) -> Iterator[Processed | Failure]:
    for raw in raws:
        try:
            article = clean(raw, stats)
        except Exception as exc:  # a stage bug on one document must not lose the others
            yield Failure(raw.origin, "clean", f"{raw.origin}: cleaning failed ({type(exc).__name__}: {exc})")
            continue
        if not article.text.strip():
            yield Failure(raw.origin, "clean", f"{raw.origin}: no story text left after removing page furniture; "
                                               f"is it an article page?")
            continue
        yield Processed(article)
