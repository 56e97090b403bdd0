"""Reading titles: the title before a name, the apposition around it, and what they say.

"Valdorian Defence Minister Ilsa Marenko" and "Tomas Vell, a spokesman for ..." give the person
a role, sector, country and organisation (:class:`Context`). Titles come from the dictionary's
title lexicon; nothing here adds mentions.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitroom.actors.dictionary import ActorDictionary, Title
from sitroom.actors.state import Context, Resolution
from sitroom.actors.words import (
    COLLECTIVE_TITLES,
    CONNECTORS,
    GENERIC_HEADS,
    HONORIFICS,
    LOCATION_PREPS,
    NOT_AFFILIATION_PREPS,
    POSSESSIVE,
    POSTED_TITLES,
    SEGMENT_STOPS,
    TITLE_FILLERS,
)

MAX_TITLE_TOKENS = 9
MAX_APPOSITION_TOKENS = 22
# The kinds of dictionary match that may sit inside a title ("Kestrian Deputy Foreign Minister").
TITLE_MATCH_KINDS = frozenset({"name", "adj", "demonym", "igo", "capital", "seat", "group"})


# title words -------------------------------------------------------------------------------------

def is_title_word(state: Resolution, token: Token) -> bool:
    """A word of a person title ("minister", "deputy") or a "former" word."""
    lower = token.lower_
    return lower in _title_words(state.dictionary) or lower in state.dictionary.former_words


def _title_words(dictionary: ActorDictionary) -> frozenset[str]:
    def build() -> frozenset[str]:
        found: set[str] = set()
        for phrase, title in dictionary.titles.items():
            # Only words of person titles extend a name to the left (not "troops", "people").
            if title.role is not None or title.sector in {"GOV", "LEG", "JUD", "MIL"}:
                found.update(phrase.replace("-", " - ").split())
        found |= {w for w in TITLE_FILLERS if w not in CONNECTORS}
        return frozenset(found - {"of", "to", "for", "people", "forces", "troops", "military", "army",
                                  "government", "administration", "authorities", "court", "party"})

    return dictionary.derived("title-words", build)


def _title_trigrams(dictionary: ActorDictionary) -> frozenset[str]:
    def build() -> frozenset[str]:
        grams = set()
        for phrase in dictionary.titles:
            words = phrase.split()
            grams.update(" ".join(words[k:k + 3]) for k in range(len(words) - 2))
        return frozenset(grams)

    return dictionary.derived("title-trigrams", build)


def find_title(state: Resolution, tokens: list[Token], first: bool) -> tuple[int, int, Title] | None:
    """The first (or last) title phrase in the tokens, longest phrase at each position."""
    words = [t.lower_ for t in tokens]
    found: list[tuple[int, int, Title]] = []
    i = 0
    while i < len(words):
        hit = None
        for n in (5, 4, 3, 2, 1):
            if i + n > len(words):
                continue
            # "Secretary-General": the hyphenated title is split by the tokenizer; keep it whole.
            phrase = " ".join(words[i:i + n]).replace(" - ", "-")
            title = state.dictionary.titles.get(phrase)
            if title is not None:
                hit = (i, i + n, title)
                break
        if hit is not None:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    if not found:
        return None
    return found[0] if first else found[-1]


def title_phrase(state: Resolution, tokens: list[Token]) -> list[Token]:
    """The tokens of the first title phrase in ``tokens`` (none: empty)."""
    hit = find_title(state, tokens, first=True)
    return tokens[hit[0]:hit[1]] if hit else []


def sector_title(state: Resolution, head: Token) -> Title | None:
    """The title a noun makes, with a modifier where the two make one ("the top Valdorian diplomat",
    "rebel leaders"), or alone ("troops")."""
    doc = state.doc
    titles = state.dictionary.titles
    for child in head.lefts:  # "the top Valdorian diplomat": a modifier and the noun make the title
        if child.dep_ == "amod" and f"{child.lower_} {head.lower_}" in titles:
            return titles[f"{child.lower_} {head.lower_}"]
    if head.i > 0:
        before = doc[head.i - 1]
        pair = f"{before.lower_} {head.lower_}"
        if pair in titles:
            return titles[pair]
        modifier = titles.get(before.lower_)
        if head.lower_ in GENERIC_HEADS and modifier is not None and modifier.sector and \
                before.dep_ in {"compound", "amod"} and before.head.i == head.i and before.i not in state.match_at:
            return Title(sector=modifier.sector)
    return titles.get(head.lower_) or titles.get(head.lemma_.lower() if head.lemma_ else "")


def role_key(state: Resolution, title: str) -> str | None:
    """The canonical role of a title text ("Kremlin spokesman" -> the role of "spokesman")."""
    lowered = title.lower()
    found = state.dictionary.titles.get(lowered)
    if found is not None and found.role:
        return found.role
    # "Kremlin spokesman", "Foreign Ministry spokeswoman": the last words decide.
    words = lowered.split()
    for n in range(len(words) - 1, 0, -1):
        found = state.dictionary.titles.get(" ".join(words[-n:]))
        if found is not None and found.role:
            return found.role
    return None


# the title before a name -------------------------------------------------------------------------

def title_prefix(state: Resolution, start: int) -> tuple[int, list[Token]]:
    """The title words right before the name at ``start`` ("Kestrian Deputy Foreign Minister",
    "Mr."): their first token and the tokens (``start`` and none when there is no title)."""
    doc = state.doc
    sent_start = doc[start].sent.start
    i = start - 1
    first = start
    while i >= sent_start and start - i <= MAX_TITLE_TOKENS and not state.taken[i]:
        token = doc[i]
        match = state.match_at.get(i)
        if match is not None and match[2].how in TITLE_MATCH_KINDS:
            i = match[0] - 1
            first = match[0]
            continue
        lower = token.lower_
        if lower in CONNECTORS and lower != "-" and not _title_connector(state, i, start):
            break  # "a spokesman for [Kestrian President] Name", "an aide to Name": not one title
        if (lower in HONORIFICS or is_title_word(state, token) or lower in CONNECTORS
                or token.text in POSSESSIVE or (token.pos_ == "ADJ" and first < start)):
            first = i
            i -= 1
            continue
        if token.pos_ == "ADJ" and token.is_lower and i - 1 >= sent_start and is_title_word(state, doc[i + 1]):
            first = i
            i -= 1
            continue
        break
    # Drop leading connectors and adjectives that do not belong to a title.
    while first < start and (doc[first].lower_ in CONNECTORS or doc[first].text in POSSESSIVE
                             or (doc[first].pos_ == "ADJ" and doc[first].lower_ not in state.dictionary.former_words
                                 and first not in state.match_at and not is_title_word(state, doc[first]))):
        first += 1
    tokens = list(doc[first:start])
    if not tokens:
        return start, []
    has_title = any(is_title_word(state, t) or t.lower_ in HONORIFICS for t in tokens)
    if not has_title and not is_title_word(state, doc[start]):
        return start, []
    return first, tokens


def _title_connector(state: Resolution, i: int, start: int) -> bool:
    """Whether the "of"/"to"/"for" at ``i`` is inside a title before a name: part of a title phrase
    ("Secretary of State") or joining a title to a bare country ("Ambassador to Russia Name")."""
    doc = state.doc
    if i == 0 or i + 1 >= start:
        return False
    trigram = f"{doc[i - 1].lower_} {doc[i].lower_} {doc[i + 1].lower_}"
    if trigram in _title_trigrams(state.dictionary):
        return True
    match = state.match_at.get(i + 1)
    return (match is not None and match[1] == start and match[2].how in {"name", "igo"}
            and is_title_word(state, doc[i - 1]))


# the apposition around a name --------------------------------------------------------------------

def apposition(state: Resolution, start: int, end: int) -> list[Token] | None:
    """The apposition after a name ("Name, a spokesman for ...,") or before it
    ("Kestria's delegate to the summit, Name"), or "Name of the X Center"."""
    doc = state.doc
    sent = doc[start].sent
    if end < sent.end - 1 and doc[end].text == ",":
        after = segment(doc, end + 1, sent.end)
        if after and person_title(state, after):
            return after
    if end < sent.end - 1 and doc[end].lower_ == "of" and end + 1 in state.match_at or (
            end < sent.end - 1 and doc[end].lower_ == "of" and doc[end + 1].ent_type_ == "ORG"):
        return segment(doc, end, sent.end)
    if start - 2 >= sent.start and doc[start - 1].text == ",":
        i = start - 2
        while i >= sent.start and doc[i].text not in SEGMENT_STOPS and start - i <= MAX_APPOSITION_TOKENS:
            i -= 1
        before = list(doc[i + 1:start - 1])
        if before and person_title(state, before):
            return before
    return None


def segment(doc: Doc, start: int, stop: int) -> list[Token]:
    """The tokens from ``start`` up to a stop mark, a speech verb or a relative pronoun."""
    tokens = []
    for i in range(start, min(stop, start + MAX_APPOSITION_TOKENS)):
        if doc[i].text in SEGMENT_STOPS or doc[i].lower_ in {"said", "says", "told", "who", "which"}:
            break
        tokens.append(doc[i])
    return tokens


def person_title(state: Resolution, words: list[Token]) -> bool:
    """Whether an apposition describes one person: it starts like a noun phrase, names a
    singular person title, and has no verb before that title."""
    if words[0].lower_ in {"who", "which", "that", "and", "but", "or", "said", "says", "while", "as"}:
        return False
    hit = find_title(state, words, first=True)
    if hit is None:
        return False
    head = words[hit[1] - 1]
    if head.lower_ in COLLECTIVE_TITLES or head.tag_ in {"NNS", "NNPS"}:
        return False
    return not any(t.pos_ in {"VERB", "AUX"} for t in words[:hit[0]])


# what a title says -------------------------------------------------------------------------------

def parse_title(state: Resolution, tokens: list[Token], appositive: bool) -> Context:
    """Role, sector, country and organisation from a title (the first title phrase of an
    apposition, the last one of a title before a name)."""
    context = Context()
    hit = find_title(state, tokens, first=appositive)
    title_head = None
    if hit is not None:
        start, end, title = hit
        # Include "deputy"/"first" words right before the phrase in the role text.
        while start > 0 and tokens[start - 1].lower_ in {"deputy", "first", "vice", "acting", "chief", "top"}:
            start -= 1
        context.title = " ".join(t.text for t in tokens[start:end]).replace(" - ", "-")
        context.sector = title.sector
        context.role = title.role
        title_head = tokens[end - 1].lower_
        before = {t.lower_ for t in tokens[:start]} | {tokens[start].lower_.split("-")[0]}
        if before & state.dictionary.former_words or any(t.lower_ in {"ex", "ex-"} for t in tokens[:end]):
            context.former = True
            context.sector = "ELI"
    country, org = _affiliation(state, tokens, title_head if appositive else None)
    context.country = country or (hit[2].country if hit else None)
    context.country_from = None if context.country is None else "description" if appositive else "title"
    context.org = org
    return context


def _affiliation(state: Resolution, tokens: list[Token], title_head: str | None) -> tuple[str | None, str | None]:
    """The first country (or IGO) the words name as the person's own; "to NATO" after an
    ambassador and "in Vienna" are not affiliations."""
    seen: set[int] = set()
    for k, token in enumerate(tokens):
        match = state.match_at.get(token.i)
        person = None
        if match is None:
            person = state.person_tokens.get(token.i)
            if person is None:
                continue
        key = match[0] if match else token.i
        if key in seen:
            continue
        seen.add(key)
        previous = tokens[k - 1].lower_ if k > 0 else ""
        if previous in {"pro", "anti"} or (previous == "-" and k > 1 and tokens[k - 2].lower_ in {"pro", "anti"}):
            continue
        if previous in NOT_AFFILIATION_PREPS or previous in LOCATION_PREPS - {"to", "from"}:
            continue
        if previous == "to" and title_head in POSTED_TITLES:
            continue
        if person is not None:
            entry = state.people[person]
            return entry.context.country or (entry.entry.country if entry.entry else None), None
        alias = match[2]
        actor = state.dictionary.actors.get(alias.actor)
        if alias.how == "person":
            entry = state.dictionary.people.get(alias.actor)
            return (entry.country if entry else None), None
        if actor is None:
            continue
        if actor.kind == "igo":
            return None, actor.org
        if actor.country:
            return actor.country, None
    return None, None
