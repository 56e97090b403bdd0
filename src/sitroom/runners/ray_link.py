"""The link pass's process on Ray (``LinkProcess``, an actor) and its blocks as Ray tasks
(``map_on_ray``).

The actor's process imports what it is sent: this module and ``runners.link_pass``. So this
module imports nothing that imports spaCy (a test checks it): through ``runners.ray_data`` the
pass's process imported spaCy and the model's code before doing any work (the pass over 1,000
articles took 3.0-4.1 s on Ray where it took 1.3-1.8 s in a process of the runner's; without
them 1.9-2.6 s). The driver's side (starting the actor, its errors) is ``ray_data.LinkOnRay``.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

# The most blocks in flight however large the cluster: they wait in the object store of the pass's node.
MAX_BLOCKS_IN_FLIGHT = 32


def map_on_ray(function: Callable[[Any], Any], blocks: Iterable[Any]) -> Iterator[Any]:
    """``link.blocks.MapBlocks`` on Ray: each block a task, on any node; the results in the blocks'
    order. A block is made only when one of the cluster's CPUs can take it (one more waits; at most
    MAX_BLOCKS_IN_FLIGHT), so the pass holds no more blocks than that. A lone block runs here:
    sending it would only add the trip (a small corpus's blocks are one each). A block is not
    tried again: its function is deterministic, and one that killed its process would again."""
    import ray

    blocks = iter(blocks)
    started = list(itertools.islice(blocks, 2))
    if len(started) < 2:
        yield from map(function, started)
        return
    remote = ray.remote(num_cpus=1, max_retries=0)(function)
    ahead = min(int(ray.cluster_resources().get("CPU", 1)) + 1, MAX_BLOCKS_IN_FLIGHT)
    running: deque = deque()
    try:
        for block in itertools.chain(started, blocks):
            running.append(remote.remote(block))
            if len(running) >= ahead:
                yield ray.get(running.popleft())
        while running:
            yield ray.get(running.popleft())
    finally:  # a block failed, or the pass stopped taking results: the blocks still running are not needed
        for task in running:
            ray.cancel(task, force=True)


class LinkProcess:
    """A Ray actor: a process for one link pass, which imports what the pass needs when it starts
    (it may start before the pass is wanted)."""

    def __init__(self) -> None:
        import sitroom.runners.link_pass  # noqa: F401

    def link(self, link_pass: Callable[..., Any], *args: Any) -> Any:
        """``link_pass(*args, map_on_ray)``: ``link_pass`` is ``link_pass.link_database`` (the tests'
        own, to make it die)."""
        return link_pass(*args, map_on_ray)
