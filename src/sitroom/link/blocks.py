"""The parts of the link pass that split into independent blocks, and how blocks are run.

Comparing the copies' candidate pairs (``copies``) and clustering events into happenings
(``clusters``: a happening's reports all have one PLOVER type) each fall into blocks that need
nothing of each other: a block of pairs with the sketches and texts of their articles, and one
event type's events with what they name. Stories do not: an article joins the most alike story
of those before it in time, weighed against every article (``stories``), so they stay whole.

A ``MapBlocks`` runs a function over blocks and gives the results in the blocks' order. Built-in
``map`` runs them here, one after another, taking the next block only when the last is done (so
the pass holds one block at a time); the Ray runner passes one that runs each block as a Ray task,
on any node of the cluster (``runners.ray_link.map_on_ray``). A block therefore carries all that
its function reads, as plain records and arrays: no store, no open file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

Block = TypeVar("Block")
Result = TypeVar("Result")
Item = TypeVar("Item")


class MapBlocks(Protocol):
    def __call__(self, function: Callable[[Block], Result], blocks: Iterable[Block], /) -> Iterable[Result]: ...


def runs_of(items: Sequence[Item], size: int) -> Iterator[Sequence[Item]]:
    """The items in consecutive runs of ``size`` (the last one shorter)."""
    return (items[start:start + size] for start in range(0, len(items), size))
