"""Matches: the dictionary's phrases found in the text, and the recogniser's other named entities.

:func:`find_dictionary_matches` runs first (every later pass reads ``state.match_at``);
:func:`resolve_other_entities` runs after the people and places passes, on the entities they
left: organisations get ``org:`` actors, places the dictionary does not know get no actor.
"""

from __future__ import annotations

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from sitroom.actors.dictionary import ActorDictionary, Alias, slug
from sitroom.actors.nonactors import names_no_actor
from sitroom.actors.places import is_sector_org, resolve_place_and_group_matches
from sitroom.actors.state import Match, Resolution
from sitroom.actors.words import NAMED_LABELS, OPAQUE_LABELS
from sitroom.records import Actor

PLACE_KINDS = frozenset({"name", "adj", "demonym", "capital"})


def find_dictionary_matches(state: Resolution) -> list[Match]:
    """Pass (first): the dictionary's aliases in the text, on exact token text, longest first and
    never inside opaque entities ("the 1990 Port Elara Treaty" is a law, not Washington).

    Reads the parse and the dictionary. Fills ``state.match_at`` and returns the matches in text
    order; adds no mentions."""
    doc = state.doc
    matcher, by_key = _matcher(state.dictionary, doc.vocab)
    spans = [Span(doc, start, end, label=key) for key, start, end in matcher(doc)]
    opaque = {i for ent in state.ents if ent.label_ in OPAQUE_LABELS for i in range(ent.start, ent.end)}
    kept = []
    for span in filter_spans(spans):
        if any(i in opaque for i in range(span.start, span.end)):
            continue
        kept.append((span.start, span.end, by_key[span.label]))
    matches = sorted(kept, key=lambda m: m[0])
    state.note_matches(matches)
    return matches


def _matcher(dictionary: ActorDictionary, vocab: Vocab) -> tuple[PhraseMatcher, dict[int, Alias]]:
    """A PhraseMatcher over every alias, built once per (dictionary, vocabulary)."""

    def build() -> tuple[PhraseMatcher, dict[int, Alias]]:
        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="ORTH")
        by_key: dict[int, Alias] = {}
        for text, alias in dictionary.aliases.items():
            for variant in {text, text.replace("'", "’"), text.replace("’", "'")}:
                name = "ACTOR\x1f" + variant
                by_key[vocab.strings.add(name)] = alias
                matcher.add(name, [tokenizer(variant)])
        return matcher, by_key

    return dictionary.derived("matcher", build, owner=vocab)


def resolve_other_entities(state: Resolution) -> None:
    """Pass: the named entities earlier passes left free.

    Reads the parse's entities, ``state.match_at`` and the dictionary. Adds mentions of sector
    actors for a country plus sector words ("Russian Foreign Ministry" -> country:RUS/GOV), of
    dictionary places spelt a little differently, of ``org:`` actors for other organisations,
    and mentions of no actor for other names; then treats capitalised words the recogniser did
    not label that are near spellings of a country ("Phillippines") as dictionary matches."""
    doc = state.doc
    for ent in state.ents:
        if ent.label_ not in NAMED_LABELS or ent.label_ == "PERSON":
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ == "the":
            start += 1
        if start < end and state.free(start, end):
            _add_entity(state, ent, start, end)
    # Misspelt country names the entity recogniser did not label ("Phillippines military").
    for token in state.tokens:
        if not state.taken[token.i] and token.is_title and token.pos_ == "PROPN" and len(token) >= 6 \
                and token.i not in state.match_at:
            near = state.dictionary.fuzzy(token.text, PLACE_KINDS)
            if near is not None:
                _add_country_word(state, token.i, token.i + 1, near)


def _add_entity(state: Resolution, ent: Span, start: int, end: int) -> None:
    """The mention of one named entity (``start:end``: without a leading "the")."""
    doc, dictionary = state.doc, state.dictionary
    inner = [state.match_at[i] for i in range(start, end) if i in state.match_at]
    if ent.label_ in {"ORG", "FAC"} and inner and is_sector_org(state, ent):
        base = inner[0][2].actor
        rest = [t for t in doc[start:end] if t.i not in state.match_at]
        title = dictionary.titles.get(" ".join(t.lower_ for t in rest)) or dictionary.titles.get(rest[-1].lower_)
        actor = dictionary.actors.get(base)
        if actor is not None and actor.kind in {"country", "igo"} and title and title.sector:
            state.add(start, end, ent.label_, state.use_actor(dictionary.group_actor(base, title.sector)))
            return
    if not inner and ent.label_ in {"ORG", "GPE", "NORP", "LOC"}:
        near = dictionary.fuzzy(doc[start:end].text, PLACE_KINDS)
        if near is not None:
            state.add(start, end, ent.label_, state.use_actor(dictionary.actors[near.actor]))
            return
    if names_no_actor(doc[start:end]):
        state.add(start, end, ent.label_, None)  # "Brent crude", "the Orrin Accord": no actor
        return
    if ent.label_ in {"ORG", "FAC"}:
        actor_id = f"org:{slug(doc[start:end].text)}"
        if actor_id != "org:":
            state.add(start, end, ent.label_, state.use_actor(_org_actor(state, actor_id, doc[start:end].text, inner)))
        return
    state.add(start, end, ent.label_, None)


def _org_actor(state: Resolution, actor_id: str, name: str, inner: list[Match]) -> Actor:
    """An organisation the dictionary does not know, with the first country and IGO its name holds."""
    country = org = None
    for _, _, alias in inner:
        actor = state.dictionary.actors.get(alias.actor)
        if actor is not None and actor.kind == "igo" and org is None:
            org = actor.org
        elif actor is not None and actor.country and country is None:
            country = actor.country
    return Actor(id=actor_id, name=name, kind="org", country=country, org=org,
                 country_from="title" if country else None)


def _add_country_word(state: Resolution, start: int, end: int, alias: Alias) -> None:
    """A country word found late (by spelling): the same treatment as a dictionary match."""
    state.note_matches([(start, end, alias)])
    resolve_place_and_group_matches(state, [(start, end, alias)])
