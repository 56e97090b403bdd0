"""The words of a target: what the coder reports as ``target_spans`` and ``target_unresolved``.

The role readers (``participants.py``) find a target through the phrase that holds it; these helpers trim
that phrase to the words that name the party:

- ``off_the_act``: the act is not its own target. Where the phrase found is the act itself or holds its
  word ("lifted its blockade of Peru", "agreed to a ceasefire in Bolivia", "signed a trade agreement"), the
  target's words are the party's own phrase after it ("Peru", "Bolivia"), and a phrase naming no one else
  ("the strike" of "will not end the strike") is no target at all.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

from sitroom.events.roles import QUANTITY_HEADS, RELATIONAL_NOUNS, Mentions, Party, kids, tokens_between
from sitroom.events.triggers import Trigger

# Measures and things granted that the object of a verb names as the act ("lifted the ban", "declared a state
# of emergency", "suspended aid deliveries", "asked for help", "allowed the return of"), besides the event
# nouns of the lexicon.
MEASURES = frozenset({"ban", "curb", "restriction", "control", "limit", "embargo", "tariff", "penalty", "blackout",
                      "censorship", "emergency", "siege", "state", "law", "delivery", "shipment", "flight", "link",
                      "border", "help", "condolence", "access", "return"})
# The prepositions that name the other side of an agreement, talks or ties ("a deal with Peru"); the others
# name what it is about ("agreement on a prisoner exchange").
SIDES = frozenset({"with", "between", "by", "from"})
MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})
# The prepositions that tie a party to an act named by a noun: "a blockade of Peru", "accusations by the
# opposition", "a ceasefire in Bolivia", "sanctions against Chile", "talks with Peru".
PARTY_PREPS = frozenset({"of", "by", "from", "in", "against", "on", "with", "to", "for", "between", "at", "around",
                         "near", "across", "inside", "outside", "over", "into", "throughout"})


def act_words(trigger: Trigger, index: Mentions, event_nouns: Collection[str]) -> list[Token]:
    """The nouns that name the act and the act it is about: the trigger's noun ("held talks"), an event noun
    or a measure among the trigger's words ("lifted the blockade", "declared a state of emergency"), the act's
    own ("agreed to a ceasefire"). A noun modifying another names a kind of thing ("aid workers"), not the act."""
    found: list[Token] = []
    current: Trigger | None = trigger
    while current is not None and len(found) < 8:
        doc = current.head.doc
        first, last = sorted((current.first, current.last))
        # the object that made the verb's sense, wherever it stands ("sanctions against Iran were lifted")
        objects = [c for c in kids(current.anchor) if c.dep_ in ("dobj", "nsubjpass")]
        for word in [current.head, *doc[first:last + 1], *objects]:
            named = word == current.head or word.lemma_.lower() in event_nouns or word.lemma_.lower() in MEASURES
            if named and word.pos_ == "NOUN" and word.dep_ not in MODIFIERS and word not in found \
                    and index.actor_at(word) is None:
                found.append(word)
        current = current.act
    return found


def off_the_act(party: Party, acts: list[Token], index: Mentions, event_nouns: Collection[str]) -> Party:
    """``party`` with its words trimmed off the act's own words (module docstring). An actor named before the
    act's noun keeps the words up to it ("the Kremlin's demands": the owner of the demands)."""
    if not acts:
        return party
    doc = acts[0].doc
    spans = []
    for actor, span in zip(party.actors, party.spans):
        # An actor no word of the phrase names (a country's people a curfew falls on) is read as words alone.
        named = any(index.actor_at(t) == actor for t in tokens_between(doc, span[0], span[1]))
        trimmed = _party_words(span, acts, doc, index, event_nouns, actor if named else None)
        if trimmed is None and not named and _holds(span, acts, doc):
            trimmed = [span[0], span[0]]  # only the act is named: no words name the party (left out, as "no span")
        spans.append(trimmed or span)
    unresolved: list[list[int]] = []
    for span in party.unresolved:
        trimmed = _party_words(span, acts, doc, index, event_nouns, None) if _holds(span, acts, doc) else span
        if trimmed is not None and trimmed not in unresolved:
            unresolved.append(trimmed)
    beside = [s for s in party.beside if s in unresolved or not _holds(s, acts, doc)]
    return Party(list(party.actors), spans, unresolved, list(party.tokens), beside)


def _holds(span: list[int], acts: list[Token], doc: Doc) -> bool:
    return any(span[0] <= act.idx < span[1] for act in acts)


def _party_words(span: list[int], acts: list[Token], doc: Doc, index: Mentions, event_nouns: Collection[str],
                 actor: str | None) -> list[int] | None:
    """The words of the party inside a phrase that holds the act's noun: the object of the first preposition
    after the noun that ties a party to it (for an actor, the one holding its mention), cut to the phrase
    found; None where no such words follow the noun."""
    words = tokens_between(doc, span[0], span[1])
    named = [w for w in words if w in acts]
    if not named:
        return None
    act = named[0]
    inside = {w.i for w in words}
    for word in words:
        if word.i <= act.i or word.dep_ not in ("pobj", "pcomp") or word.head.lower_ not in PARTY_PREPS:
            continue
        if word.pos_ not in ("NOUN", "PROPN", "PRON", "NUM") or not _tied_to(word.head, named):
            continue  # "accusations of meddling in the vote": what the act is about, not a party
        if word.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
            continue
        if word.pos_ == "NOUN" and word.lower_ not in QUANTITY_HEADS and (
                word.lemma_.lower() in event_nouns or word.lemma_.lower() in MEASURES):
            continue  # "offers of peace talks by the government": another act, not a party
        if actor is None and word.head.lower_ == "of" and word.pos_ != "PROPN":
            continue  # "a state of emergency", "the lifting of restrictions": the act's own words
        if actor is None and word.head.lower_ not in SIDES and any(a.lemma_.lower() in RELATIONAL_NOUNS for a in named):
            continue  # "reached agreement on a prisoner exchange": what the parties agree on, not a party
        if actor is not None and not any(index.actor_at(t) == actor for t in word.subtree if t.i in inside):
            continue
        if actor is None and index.actor_at(word) is not None:
            continue  # that phrase names someone known: it is no unresolved party
        return _own_words(word, inside)
    return None


def _tied_to(prep: Token, acts: list[Token]) -> bool:
    """The preposition hangs on the act's noun or on a noun of its phrase, not inside a clause about it."""
    word = prep.head
    for _ in range(8):
        if word in acts:
            return True
        if word.pos_ in ("VERB", "AUX") or word.head == word:
            return False
        word = word.head
    return False


def _own_words(noun: Token, inside: set[int]) -> list[int]:
    """A noun's phrase without its clauses, appositions and prepositional phrases other than "of", within
    the words of the phrase it was found in ("Hodeidah, a major port": "Hodeidah")."""
    doc = noun.doc
    start, end = noun.left_edge.i, noun.i
    for child in kids(noun):
        if child.i > noun.i and (child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of")):
            end = max(end, child.right_edge.i)
    start = max(start, min(inside))
    end = min(end, max(inside))
    while start < end and (doc[start].is_punct or doc[start].pos_ == "ADP"):
        start += 1
    while end > start and doc[end].is_punct:
        end -= 1
    return [doc[start].idx, doc[end].idx + len(doc[end].text)]
