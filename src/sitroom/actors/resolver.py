"""Resolve the actor mentions of one parsed article to canonical actors.

:func:`resolve` runs passes over one shared :class:`~sitroom.actors.state.Resolution`; each
pass only looks at tokens earlier passes left free:

1. dictionary phrases (:mod:`~sitroom.actors.matches`: PhraseMatcher on exact token text), and
   page credits blocked (:mod:`~sitroom.actors.nonactors`: bylines, photo and reporting credits);
2. people (:mod:`~sitroom.actors.people`): PERSON entities and dictionary names, with the title
   before the name and the apposition around it giving role, sector, country and organisation;
   surnames and "Mr. X" link to the full name in the same article, else to a unique dictionary
   person;
3. countries, IGOs and groups (:mod:`~sitroom.actors.places`): capitals and seats of power are the
   government when they act and the country when they are a place; a country word that modifies
   a sector noun makes a sector actor, or a person when the noun is a title we can link;
4. apposition titles (:mod:`~sitroom.actors.holders`), then the other named entities
   (:mod:`~sitroom.actors.matches`: organisations get ``org:`` actors, unknown places no actor);
5. titles standing alone ("the top Valdorian diplomat") and pronouns (:mod:`~sitroom.actors.pronouns`)
   that can be linked without ambiguity; the reporter's "he" is never a name inside quoted words;
   "it" only to one country or organisation;
6. office-holders a person owns ("his advisers": :mod:`~sitroom.actors.possessors`) as a body of
   that person's government or organisation, never the person;
7. peoples ("Kurds") placed in the one country their sentence names.

Actor ids are stable across articles: ``country:RUS``, ``country:RUS/MIL``, ``igo:NATO``,
``person:ilsa-marenko``, ``org:<slug>``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from sitroom.actors.dictionary import ActorDictionary
from sitroom.actors.holders import resolve_titles
from sitroom.actors.matches import find_dictionary_matches, resolve_other_entities
from sitroom.actors.nonactors import block_credits
from sitroom.actors.people import person_actor, resolve_people
from sitroom.actors.places import place_peoples, resolve_place_and_group_matches
from sitroom.actors.possessors import resolve_possessed_groups
from sitroom.actors.pronouns import resolve_pronouns
from sitroom.actors.state import Resolution
from sitroom.records import Actor, Article, Mention


def resolve(article: Article, doc: Doc, dictionary: ActorDictionary | None = None) -> tuple[list[Mention], list[Actor]]:
    """Mentions (named, title and pronoun) of the article's actors, and the actors they refer to.

    ``doc`` is the spaCy parse of ``article.text``; ``article.published`` (YYYY-MM-DD or None)
    decides which time-bounded roles apply. Never raises on ordinary odd text.
    """
    dictionary = dictionary or ActorDictionary.load()
    if len(doc) == 0:
        return [], []
    state = Resolution(doc, dictionary, article.published)
    matches = find_dictionary_matches(state)
    block_credits(state)
    resolve_people(state, matches)
    resolve_place_and_group_matches(state, matches)
    resolve_titles(state, linked_only=True)
    resolve_other_entities(state)
    resolve_titles(state, linked_only=False)
    resolve_pronouns(state)
    resolve_possessed_groups(state)
    place_peoples(state)
    tokens = state.tokens
    mentions = [
        Mention(
            article=article.id, start=tokens[m.start].idx, end=tokens[m.end - 1].idx + len(tokens[m.end - 1]),
            text=state.text_of(m.start, m.end), label=m.label, actor=m.actor,
        )
        for m in sorted(state.mentions, key=lambda m: m.start)
    ]
    return mentions, finish_actors(state)


def finish_actors(state: Resolution) -> list[Actor]:
    """The actors the mentions refer to: people built from what the article says of them, and
    organisations the dictionary does not know given the one country of their sentence."""
    actors = dict(state.actors)
    for person in state.people.values():
        if not any(m.actor == person.id for m in state.mentions):
            continue
        actors[person.id] = person_actor(state, person)
    for m in state.mentions:
        actor = actors.get(m.actor) if m.actor else None
        if actor is not None and actor.kind == "org" and actor.country is None and actor.org is None \
                and actor.id not in state.dictionary.actors:
            sentence = state.doc[m.start].sent
            country = state.sentence_country(sentence.start, sentence.end)
            if country is not None:
                actors[actor.id] = replace(actor, country=country, country_from="context")
    used = {m.actor for m in state.mentions if m.actor}
    return [actor for actor_id, actor in actors.items() if actor_id in used]
