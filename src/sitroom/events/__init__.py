"""The events stage: who did what to whom, when and where, coded in PLOVER with CAMEO codes.

``code_events`` (coder.py) is the entry point; the lexicon (data/verbs.yaml, data/nouns.yaml) and the
CAMEO/PLOVER tables (data/*.tsv, plover.py) are data an analyst can review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitroom.events.coder import code_events

__all__ = ["code_events"]


def __getattr__(name: str):
    # The coder loads spaCy: imported when used, so that readers of the PLOVER tables
    # (sitroom.events.plover: the report, the listings) start fast.
    if name == "code_events":
        from sitroom.events.coder import code_events

        return code_events
    raise AttributeError(f"module 'sitroom.events' has no attribute {name!r}")
