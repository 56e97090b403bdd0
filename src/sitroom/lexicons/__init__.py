"""Word lists that more than one stage reads, kept once as data files an analyst can review.

Each lexicon is a plain-text file in this folder, ``<name>.txt``: one entry a line (an entry may
be several words: "point out"), ``#`` starts a comment, and an entry may carry tags written
``@tag`` after it. ``words("reporting_verbs")`` is every entry of ``reporting_verbs.txt``;
``words("reporting_verbs", tag="speaker")`` only those tagged ``@speaker``. Files are read once
per process.

Lexicons here:

- ``reporting_verbs``: verbs that report speech (quote cues for the quotes stage; ``@speaker``
  marks those whose subject the actors stage takes for the speaker when it resolves pronouns,
  and the plain verbs of saying whose subject the quotes stage keeps over "according to X").
- ``speaking_nouns``: common nouns that can be the source of words (people, bodies, documents),
  for the quotes stage's test of whether a cue's subject can say anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


class LexiconError(ValueError):
    """A lexicon file that is missing or malformed (a fault of the package, not of the input)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a lexicon: its words and its tags."""

    text: str
    tags: frozenset[str]


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """Every entry of the lexicon ``name``, in file order (read once, then cached)."""
    resource = resources.files(__package__).joinpath(f"{name}.txt")
    if not resource.is_file():
        raise LexiconError(f"no lexicon named {name!r} in {__package__}")
    found: list[Entry] = []
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), start=1):
        content = line.split("#", 1)[0].split()
        if not content:
            continue
        words = [w for w in content if not w.startswith("@")]
        tags = [w[1:] for w in content if w.startswith("@")]
        if not words or content[: len(words)] != words or any(not t for t in tags):
            raise LexiconError(f"{name}.txt line {number}: expected words, then @tags: {line.strip()!r}")
        found.append(Entry(" ".join(words), frozenset(tags)))
    return tuple(found)


@cache
def words(name: str, tag: str | None = None) -> frozenset[str]:
    """The entries of lexicon ``name`` (only those tagged ``@tag`` when ``tag`` is given)."""
    return frozenset(e.text for e in entries(name) if tag is None or tag in e.tags)


__all__ = ["Entry", "LexiconError", "entries", "words"]
