"""Office-holders: which person a title without a name stands for.

"the Russian president" is the person of the article, or of the dictionary at the article's
date, who holds that office for Russia; "the president" alone links only when one person of the
article holds the role. The titles pass (:func:`resolve_titles`) adds those title mentions.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.actors.names import full_name_person
from sitroom.actors.state import PersonState, Resolution
from sitroom.actors.titles import role_key, sector_title


def resolve_titles(state: Resolution, linked_only: bool) -> None:
    """Pass: title nouns that stand for a person.

    Reads ``state.title_links`` (apposition titles found by the people pass), the people found so
    far and the dictionary. Adds TITLE mentions: apposition titles, and (unless ``linked_only``)
    role titles after "the" when one person of the article holds that role."""
    for token in state.tokens:
        if state.taken[token.i] or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if linked_only and token.i not in state.title_links:
            continue
        if token.i in state.title_links:
            person_id, title_end = state.title_links[token.i]
            start = min(_determiner_start(token), token.i)
            if state.free(start, title_end):
                state.add(start, title_end, "TITLE", person_id, root=token.i)
            continue
        role = _standalone_role(state, token)
        linked = _holder(state, role, None, None) if role is not None else None
        if linked is not None:
            start = _determiner_start(token)
            if state.free(start, token.i + 1):
                state.add(start, token.i + 1, "TITLE", linked, root=token.i)


def _standalone_role(state: Resolution, token: Token) -> str | None:
    """The role of a noun that is a role title used on its own ("the spokesman said"): not part of
    a name ("President Name"), not a vague role ("leader", "minister") and not qualified by what
    follows ("the president of Armenia" is not the article's president)."""
    doc = state.doc
    title = sector_title(state, token)
    if title is None or title.role is None or title.role in {"leader", "minister"}:
        return None
    if token.dep_ == "compound" or (token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ == "PERSON"):
        return None
    if not any(child.lower_ in {"the"} for child in token.children):
        return None
    if any(child.dep_ == "prep" and child.lower_ in {"of", "for"} for child in token.children):
        return None
    return title.role


def _determiner_start(token: Token) -> int:
    """Where the noun phrase of a title starts: its determiner and modifiers included."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in {"det", "amod", "compound"} and child.i < start:
            start = child.i
    return start


def link_title(state: Resolution, head: Token, actor_id: str) -> str | None:
    """A person title modified by a country ("the Russian president", "Ukraine's president") ->
    the person of this article, or of the dictionary at the article's date, who holds it."""
    title = sector_title(state, head)
    if title is None or title.role is None or title.role in {"leader"}:
        return None
    if head.i + 1 < len(state.doc) and state.doc[head.i + 1].ent_type_ == "PERSON":
        return None
    actor = state.dictionary.actors.get(actor_id)
    country = actor.country if actor is not None else None
    org = actor.org if actor is not None and actor.kind == "igo" else None
    return _holder(state, title.role, country, org)


def _holder(state: Resolution, role: str, country: str | None, org: str | None) -> str | None:
    """The one person holding ``role`` for ``country``/``org``: article people first, then the dictionary."""
    in_article = [person.id for person in state.people.values() if _holds(state, person, role, country, org)]
    if len(set(in_article)) == 1:
        return in_article[0]
    if in_article or (country is None and org is None):
        return None
    holders = []
    for entry in state.dictionary.people.values():
        for r in entry.roles:
            if role_key(state, r.title) == role and r.active(state.published) and \
                    (r.org == org if org else (r.org is None and (r.country or entry.country) == country)):
                holders.append(entry.id)
    if state.published is None or len(set(holders)) != 1:
        return None
    return full_name_person(state, state.dictionary.people[holders[0]].name, holders[0])


def _holds(state: Resolution, person: PersonState, role: str, country: str | None, org: str | None) -> bool:
    """Whether an article's person holds ``role`` for ``country``/``org`` (None: any)."""
    context = person.context
    if person.entry is not None:
        r = person.entry.role_at(state.published)
        if r is not None and role_key(state, r.title) == role:
            return (r.org == org) if org else (r.org is None and (r.country or person.entry.country) == country
                                                   or country is None)
    if context.role == role and not context.former:
        return (context.org == org) if org else (context.country == country or country is None)
    return False
