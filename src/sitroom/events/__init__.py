"""The events stage: who did what to whom, when and where, coded in PLOVER with CAMEO codes.

``code_events`` (coder.py) is the entry point; the lexicon (data/verbs.yaml, data/nouns.yaml) and the
CAMEO/PLOVER tables (data/*.tsv, plover.py) are data an analyst can review.
"""

from sitroom.events.coder import code_events

__all__ = ["code_events"]
