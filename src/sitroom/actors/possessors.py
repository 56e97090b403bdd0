"""The possessors pass: "his advisers", "Domić's aides" are an actor of the possessor's government
or organisation, never the possessor.

A plural noun for people in office ("advisers", "diplomats", "troops": a title word with a
sector) whose possessor is one of the article's people names a body of that person's country
(``country:XKE/GOV``) or organisation (``igo:NCOMPACT/GOV``), in the noun's sector. Where the
possessor's country and organisation are unknown, the words get a mention of no actor, so that
nothing later takes the possessor for them.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.actors.people import person_actor
from sitroom.actors.state import Resolution
from sitroom.actors.titles import sector_title


def resolve_possessed_groups(state: Resolution) -> None:
    """Pass (after the pronouns): plural office nouns owned by a person ("his advisers").

    Reads the person mentions of every earlier pass (pronouns included), the people's roles and
    the title lexicon. Adds a mention over the noun and the words between it and the possessor."""
    person_at = {i: m.actor for m in state.mentions if m.actor and m.actor.startswith("person:")
                 for i in range(m.start, m.end)}
    for token in state.doc:
        if token.tag_ != "NNS" or state.taken[token.i]:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss" and c.i in person_at), None)
        title = sector_title(state, token) if owner is not None else None
        if owner is None or title is None or title.sector is None or title.role is not None:
            continue
        start = _after_possessor(owner)
        if not state.free(start, token.i + 1):
            continue
        state.add(start, token.i + 1, "TITLE", _body_of(state, person_at[owner.i], title.sector), root=token.i)


def _after_possessor(owner: Token) -> int:
    """The first token after the possessor and its "'s"."""
    end = owner.right_edge.i + 1
    doc = owner.doc
    while end < len(doc) and doc[end].dep_ == "case":
        end += 1
    return end


def _body_of(state: Resolution, person_id: str, sector: str) -> str | None:
    """The actor for the people in ``sector`` of a person's country or organisation, or None."""
    person = state.people.get(person_id)
    if person is None:
        return None
    actor = person_actor(state, person)
    dictionary = state.dictionary
    if actor.org and f"igo:{actor.org}" in dictionary.actors:
        return state.use_actor(dictionary.group_actor(f"igo:{actor.org}", sector))
    if actor.country and f"country:{actor.country}" in dictionary.actors:
        return state.use_actor(dictionary.group_actor(f"country:{actor.country}", sector))
    return None
