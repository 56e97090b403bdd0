"""The possessors pass: "his advisers", "Domić's aides", "the president's office" are an actor of
the possessor's government or organisation, never the possessor.

A plural noun for people in office ("advisers", "diplomats", "troops": a title word with a
sector), or a noun for a body ("office", "government", "campaign"), whose possessor is an actor
(one of the article's people, or a country or body) names a body of the possessor's country
(``country:XKE/GOV``) or organisation (``igo:NCOMPACT/GOV``), in the noun's sector or else the
possessor's. Where that is unknown, the words get a mention of no actor, so that nothing later
takes the possessor for them.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.actors.people import person_actor
from sitroom.actors.state import Resolution
from sitroom.actors.titles import sector_title
from sitroom.actors.words import BODY_NOUNS


def resolve_possessed_groups(state: Resolution) -> None:
    """Pass (after the pronouns): people in office and bodies owned by an actor ("his advisers",
    "the president's office").

    Reads the mentions of every earlier pass (pronouns included), the people's roles and the
    title lexicon. Adds a mention over the noun and the words between it and the possessor."""
    owner_at = {i: m.actor for m in state.mentions if m.actor for i in range(m.start, m.end)}
    for token in state.tokens:
        if token.pos_ != "NOUN" or state.taken[token.i]:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss" and c.i in owner_at), None)
        if owner is None:
            continue
        title = sector_title(state, token)
        people = token.tag_ == "NNS" and title is not None and title.sector is not None and title.role is None
        if not (people or token.lemma_.lower() in BODY_NOUNS):
            continue
        start = _after_possessor(owner)
        if state.free(start, token.i + 1):
            sector = title.sector if title is not None and title.sector else None
            state.add(start, token.i + 1, "TITLE", _body_of(state, owner_at[owner.i], sector), root=token.i)


def _after_possessor(owner: Token) -> int:
    """The first token after the possessor and its "'s"."""
    end = owner.right_edge.i + 1
    doc = owner.doc
    while end < len(doc) and doc[end].dep_ == "case":
        end += 1
    return end


def _body_of(state: Resolution, owner_id: str, sector: str | None) -> str | None:
    """The actor for the people in ``sector`` (else the owner's own sector) of the owner's country
    or organisation: a person's, or a country's or body's; None where unknown."""
    dictionary = state.dictionary
    person = state.people.get(owner_id)
    owner = person_actor(state, person) if person is not None else state.actors.get(owner_id)
    if owner is None:
        return None
    sector = sector or owner.sector
    if sector is None:
        return None
    if owner.org and f"igo:{owner.org}" in dictionary.actors:
        return state.use_actor(dictionary.group_actor(f"igo:{owner.org}", sector))
    if owner.country and f"country:{owner.country}" in dictionary.actors:
        return state.use_actor(dictionary.group_actor(f"country:{owner.country}", sector))
    return None
