"""The people pass: names of people, the titles and appositions around them, surnames.

PERSON entities and dictionary names become people; the title before a name ("Estonian Defense
Minister Ilsa Marenko") and the apposition around it ("Tomas Vell, a spokesman for ...") give
role, sector, country and organisation. Surnames and "Mr. X" link to the full name in the same
article (accents aside, and also where the recogniser gave the surname no label, another label
or a noun tag), else to a unique dictionary person.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from sitroom.actors.dictionary import Role
from sitroom.actors.descriptions import describe, description_after
from sitroom.actors.gender import stated_genders
from sitroom.actors.nonactors import hyphen_pairs
from sitroom.actors.names import (
    capitalised_word,
    dictionary_surnames,
    full_name_person,
    name_key,
    surname_holders,
    surname_person,
)
from sitroom.actors.state import Context, Match, PersonState, Resolution
from sitroom.actors.titles import (
    apposition,
    is_title_word,
    parse_title,
    person_title,
    role_key,
    segment,
    title_phrase,
    title_prefix,
)
from sitroom.actors.words import HONORIFICS, NAMED_LABELS, NATIONAL_SECTORS, ONLY_PLACE_PREPS, PLACE_NOUNS, POSSESSIVE
from sitroom.records import Actor

# A name found in the text: (first token, end token, the dictionary's person id or None).
NameCore = tuple[int, int, str | None]


def resolve_people(state: Resolution, matches: list[Match]) -> None:
    """Pass: the article's people.

    Reads the parse, the dictionary ``matches`` (``state.match_at`` filled from them) and the
    dictionary. Adds PERSON mentions (title before the name included), registers the people in
    ``state.people`` with what their titles and appositions say (``state.full_names``,
    ``state.person_tokens``), and records apposition titles in ``state.title_links`` for the
    titles pass. A bare surname that two of the article's people share is a PERSON mention of
    no actor."""
    surnames = dictionary_surnames(state.dictionary)
    cores = find_names(state, matches, surnames)
    persons, ambiguous = _link_names(state, cores, surnames)
    for start, end, person_id in persons:
        for i in range(start, end):
            state.person_tokens[i] = person_id
    for start, end, person_id in persons:
        if state.free(start, end):
            _add_person_mention(state, start, end, person_id)
    for i in ambiguous:  # a person, but which one the article does not say: left unresolved
        if state.free(i, i + 1):
            state.add(i, i + 1, "PERSON", None)


# finding names ------------------------------------------------------------------------------------

def find_names(state: Resolution, matches: list[Match], surnames: dict[str, list[str]]) -> list[NameCore]:
    """The names of people in the text, in text order, without their titles: dictionary people,
    PERSON entities, names the recogniser missed or mislabelled. ``surnames``: see
    :func:`~sitroom.actors.names.dictionary_surnames`."""
    cores: list[NameCore] = [(start, end, alias.actor) for start, end, alias in matches if alias.how == "person"]
    article_surnames: set[str] = set()  # surname keys (see name_key) of full names in the article
    cores += _entity_names(state, article_surnames)
    cores += _unlabelled_apposed_names(state, article_surnames)
    cores += _mislabelled_names(state, article_surnames, surnames)
    cores = _split_pairs(state, cores)
    return sorted(c for c in cores if state.free(c[0], c[1]))  # not in a page credit


def _split_pairs(state: Resolution, cores: list[NameCore]) -> list[NameCore]:
    """"The Marenko-Domić talks": a name across a pair's hyphen is two names, one a side (a side
    the dictionary knows as a place is left to the places pass)."""
    sides = {i for pair in hyphen_pairs(state) for i in pair}
    if not sides:
        return cores
    kept = [c for c in cores if not any(c[0] <= i < c[1] for i in sides)]
    return kept + [(i, i + 1, None) for i in sorted(sides) if i not in state.match_at
                   or state.match_at[i][2].how == "person"]


def _entity_names(state: Resolution, article_surnames: set[str]) -> list[NameCore]:
    """PERSON entities outside dictionary matches, trimmed to the name; adds the surnames of
    full names to ``article_surnames``."""
    doc = state.doc
    cores: list[NameCore] = []
    for ent in state.ents:
        if ent.label_ == "PERSON" and "\n" not in ent.text and not _names_a_place(ent):
            start, end = _name_core(state, ent.start, ent.end)
            if start < end and doc[end - 1].pos_ == "PROPN" and not any(
                    i in state.match_at for i in range(start, end)):
                cores.append((start, end, None))
                if end - start > 1:
                    article_surnames.add(name_key(doc[end - 1].text))
    return cores


def _names_a_place(ent: Span) -> bool:
    """A name the recogniser called a person that the syntax places: "the town of X", or a one-word
    name after a preposition only of place ("fighting near X"; "near X's house" is a person's)."""
    root = ent.root
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_NOUNS:
        return True
    return prep.lower_ in ONLY_PLACE_PREPS and len(ent) == 1 and not any(c.dep_ == "case" for c in root.children)


def _unlabelled_apposed_names(state: Resolution, article_surnames: set[str]) -> list[NameCore]:
    """A name the entity recogniser missed, followed by a person apposition ("Name Surname, a ...
    envoy"); adds its surname to ``article_surnames``."""
    doc = state.doc
    cores: list[NameCore] = []
    entity_tokens = {i for ent in state.ents for i in range(ent.start, ent.end)}
    for start, end in _unlabelled_names(state.tokens, entity_tokens | set(state.match_at)):
        if any(is_title_word(state, t) or t.lower_ in HONORIFICS for t in doc[start:end]):
            continue
        after = segment(doc, end + 1, doc[start].sent.end) if end < len(doc) and doc[end].text == "," else []
        if after and person_title(state, after):
            cores.append((start, end, None))
            article_surnames.add(name_key(doc[end - 1].text))
    return cores


def _mislabelled_names(state: Resolution, article_surnames: set[str],
                       surnames: dict[str, list[str]]) -> list[NameCore]:
    """Names the recogniser labelled as something else: a known surname labelled ORG or GPE
    ("Marenko"), a name inside an ORG after "representative of", a titled name labelled ORG
    ("Vice-President Name Surname"). A known name wins over the label."""
    doc = state.doc
    cores: list[NameCore] = []
    for ent in state.ents:
        if ent.label_ in {"ORG", "GPE", "NORP", "LOC"} and ent.end - ent.start == 1:
            key = name_key(ent.text)
            if (key in article_surnames or key in surnames) and ent.start not in state.match_at:
                cores.append((ent.start, ent.end, None))
        elif ent.label_ == "ORG" and ent.end - ent.start >= 3:
            split = _title_then_name(state, ent)
            if split is not None:
                cores.append((split, ent.end, None))
        if ent.label_ in {"ORG", "GPE", "NORP"} and 2 <= ent.end - ent.start <= 3 and ent.start > 0 \
                and is_title_word(state, doc[ent.start - 1]) and doc[ent.start - 1].is_title \
                and all(t.pos_ == "PROPN" and t.is_title and t.i not in state.match_at for t in ent):
            cores.append((ent.start, ent.end, None))  # "Vice-President Moody Awori" labelled ORG
            # Later entities of this loop see it: a surname labelled ORG after its full name links.
            article_surnames.add(name_key(doc[ent.end - 1].text))
    return cores


def _unlabelled_names(tokens: Sequence[Token], skip: set[int]) -> list[tuple[int, int]]:
    """Runs of 2-3 capitalised proper nouns outside entities and dictionary matches."""
    runs, i = [], 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and j - i < 4 and j not in skip and tokens[j].pos_ == "PROPN" and tokens[j].is_title:
            j += 1
        if 2 <= j - i <= 3:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _name_core(state: Resolution, start: int, end: int) -> tuple[int, int]:
    """The name inside a PERSON entity, without honorifics, titles or a possessive ending."""
    doc = state.doc
    while start < end and (doc[start].lower_ in HONORIFICS or is_title_word(state, doc[start])
                           or start in state.match_at or doc[start].lower_ in {"the", "."}):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _title_then_name(state: Resolution, ent: Span) -> int | None:
    """An ORG entity such as "Valdoria Ilsa Marenko" after "representative of": the name part."""
    doc = state.doc
    if ent.start == 0 or doc[ent.start - 1].lower_ not in {"of", "for"}:
        return None
    first = state.match_at.get(ent.start)
    if first is None or first[2].how not in {"name", "igo"}:
        return None
    tail = doc[first[1]:ent.end]
    if 2 <= len(tail) <= 3 and all(t.is_title and t.pos_ == "PROPN" and t.i not in state.match_at for t in tail):
        return first[1]
    return None


# linking names to people ---------------------------------------------------------------------------

def _link_names(state: Resolution, cores: list[NameCore],
                surnames: dict[str, list[str]]) -> tuple[list[tuple[int, int, str]], list[int]]:
    """The person each name means, as (start, end, person id) in text order, and the tokens of
    bare surnames that two of the article's people share (which one is meant the text does not say)."""
    doc = state.doc
    # Full names first, so that a surname before its full name ("Marenko visits" in a headline) links.
    persons: list[tuple[int, int, str]] = []
    for start, end, known in cores:
        if end - start > 1 or known is not None:
            person_id = full_name_person(state, doc[start:end].text, known)
            state.full_names.append((start, person_id))
            persons.append((start, end, person_id))
    for start, end, known in cores:
        if end - start == 1 and known is None:
            persons.append((start, end, surname_person(state, doc[start].text, start, surnames)))
    # Surnames of this article's full names that the recogniser tagged as a noun, gave no label
    # ("Vell added", "Domić said") or labelled oddly: linked only when one person has that surname.
    ambiguous: list[int] = []
    holders = surname_holders(state)
    for i in _lone_surnames(state, {i for s, e, _ in cores for i in range(s, e)}, holders):
        ids = holders[name_key(doc[i].text)]
        if len(ids) == 1:
            persons.append((i, i + 1, ids[0]))
        else:
            ambiguous.append(i)
    persons.sort()
    return persons, ambiguous


def _lone_surnames(state: Resolution, covered: set[int], holders: dict[str, list[str]]) -> list[int]:
    """Tokens, outside ``covered`` and dictionary matches, that are a bare surname of one of the
    article's full names: capitalised, alone in their entity (any name label) or in no entity,
    and not part of a longer capitalised name ("the Vell Institute")."""
    doc = state.doc
    entity_of = {i: ent for ent in state.ents for i in range(ent.start, ent.end)}
    found = []
    for token in state.tokens:
        i = token.i
        if i in covered or i in state.match_at or token.pos_ not in {"PROPN", "NOUN"} \
                or not capitalised_word(token.text) or name_key(token.text) not in holders:
            continue
        ent = entity_of.get(i)
        if ent is not None:
            if ent.label_ not in NAMED_LABELS:
                continue
            start, end = _name_core(state, ent.start, ent.end) if ent.label_ == "PERSON" else (ent.start, ent.end)
            while start < end and doc[start].lower_ == "the":
                start += 1
            if (start, end) != (i, i + 1):
                continue
        elif _in_capitalised_run(state, token):
            continue
        found.append(i)
    return found


def _in_capitalised_run(state: Resolution, token: Token) -> bool:
    """Whether a word outside entities has a capitalised name word next to it; a title or
    honorific before it ("President Domić", "Mr. Domić") does not count."""
    doc = state.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "PROPN" and capitalised_word(nxt.text):
        return True
    prev = doc[token.i - 1] if token.i > token.sent.start else None
    return prev is not None and prev.pos_ == "PROPN" and capitalised_word(prev.text) \
        and not is_title_word(state, prev) and prev.lower_ not in HONORIFICS


# one person mention ----------------------------------------------------------------------------------

def _add_person_mention(state: Resolution, start: int, end: int, person_id: str) -> None:
    """The mention of a name with the title before it; what the title and the apposition say
    goes to the person, and the apposition's title words are linked to the person."""
    doc = state.doc
    prefix_start, prefix = title_prefix(state, start)
    context = parse_title(state, prefix, appositive=False) if prefix else Context()
    appositive = apposition(state, start, end)
    if appositive is not None:
        context.merge(parse_title(state, appositive, appositive=True))
        phrase = title_phrase(state, appositive)
        for token in phrase:
            state.title_links[token.i] = (person_id, phrase[-1].i + 1)
    else:
        # "Name, who runs the Institute for X in <capital>,", "Name, a senior member of Y's Senate,"
        context.merge(describe(state, description_after(state, end)))
    person = state.people[person_id]
    if context.title is not None and person.title_sentence is None:
        sentence = doc[start].sent
        person.title_sentence = (sentence.start, sentence.end)
    person.context.merge(context)
    person.surfaces.append(doc[start:end].text)
    person.genders |= stated_genders(doc, start, end, prefix, appositive)
    state.add(prefix_start, end, "PERSON", person_id, root=end - 1)


# the person's actor record ---------------------------------------------------------------------------

def person_actor(state: Resolution, person: PersonState) -> Actor:
    """The ``Actor`` of one of the article's people: the dictionary's role at the article's date
    (the one the article's title names, if several), else what the article's words say."""
    context = person.context
    entry = person.entry
    role: Role | None = None
    if entry is not None:
        active = [r for r in entry.roles if r.active(state.published)]
        matching = [r for r in active if context.role and role_key(state, r.title) == context.role]
        role = (matching or [entry.role_at(state.published)])[0] if (matching or active or
                                                                     state.published is None) else None
    country, country_from = (entry.country, "dictionary") if entry and entry.country else \
        (context.country, context.country_from)
    if country is None and entry is None and context.org is None and person.title_sentence is not None \
            and (context.sector in NATIONAL_SECTORS or context.former):
        # An office-holder whose words name no country serves the one of the sentence, else of
        # the story ("an official of the ruling party" in a story set in one country).
        country = state.sentence_country(*person.title_sentence) or state.story_country()
        country_from = "context" if country else None
    org = (role.org if role else None) or context.org
    title = role.title if role else context.title
    sector = "ELI" if context.former else ((role.sector if role else None) or context.sector)
    aliases = sorted({s for s in person.surfaces if s != person.name} | set(entry.aliases if entry else []))
    return Actor(id=person.id, name=person.name, kind="person", country=country, org=org, role=title,
                 sector=sector, aliases=aliases, country_from=country_from if country else None)
