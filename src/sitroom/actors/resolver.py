"""Resolve the actor mentions of one parsed article to canonical actors.

Order of work (each step only looks at tokens earlier steps left free):

1. dictionary phrases (PhraseMatcher on exact token text, built once per vocabulary);
2. people: PERSON entities and dictionary names, with the title before the name ("Estonian
   Defense Minister Kalle Laanet") and appositions around it ("Dmitry Peskov, a spokesman for
   ...") giving role, sector, country and organisation; surnames and "Mr. X" link to the full
   name in the same article (accents aside, and also where the recogniser gave the surname no
   label, another label or a noun tag), else to a unique dictionary person;
3. countries, IGOs and groups: capitals and seats of power are the government when they act
   ("Moscow sent letters") and the country when they are a place ("in Moscow"); a country word
   that modifies a sector noun makes a sector actor ("Russian troops" -> country:RUS/MIL), or a
   person when the noun is a title we can link ("the Russian president" -> Putin);
4. other named entities (organisations get ``org:`` actors, unknown places no actor);
5. titles standing alone ("the top US diplomat") and pronouns ("he") that can be linked
   without ambiguity; the reporter's "he" is never a name inside quoted words.

Actor ids are stable across articles: ``country:RUS``, ``country:RUS/MIL``, ``igo:NATO``,
``person:sergey-lavrov``, ``org:<slug>``. All work is one pass over tokens, entities and matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from sitroom.actors.dictionary import (
    SECTOR_NAMES,
    ActorDictionary,
    Alias,
    Person,
    Role,
    Title,
    ascii_fold,
    person_key,
    slug,
    surname,
)
from sitroom.quotemarks import quoted_spans
from sitroom.records import Actor, Article, Mention

NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Dictionary words inside these entities are not actor mentions ("the 1949 Washington Treaty").
OPAQUE_LABELS = frozenset({"LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "DATE", "TIME", "MONEY", "LANGUAGE"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "gen", "lt", "col", "adm",
                        "sen", "rep", "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "adm.",
                        "sen.", "rep.", "gov."})
TITLE_FILLERS = frozenset({"deputy", "vice", "chief", "acting", "interim", "first", "top", "senior", "head",
                           "of", "to", "for", "-", "general", "high", "representative"})
CONNECTORS = frozenset({"of", "to", "for", "-"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
# Evidence of a person's gender in the article itself: an honorific right before the name, or a
# gendered noun in the title before it or the apposition around it. First names are never used.
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "sir": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
                    "miss": "f", "lady": "f", "madam": "f", "madame": "f", "dame": "f"}
ROLE_NOUN_GENDER = {
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "congressman": "m",
    "congresswoman": "f", "businessman": "m", "businesswoman": "f", "councilman": "m", "councilwoman": "f",
    "assemblyman": "m", "assemblywoman": "f", "policeman": "m", "policewoman": "f", "king": "m", "queen": "f",
    "prince": "m", "princess": "f", "emperor": "m", "empress": "f", "duke": "m", "duchess": "f",
    "baron": "m", "baroness": "f", "wife": "f", "husband": "m", "widow": "f", "widower": "m", "mother": "f",
    "father": "m", "daughter": "f", "son": "m", "sister": "f", "brother": "m", "grandmother": "f",
    "grandfather": "m", "aunt": "f", "uncle": "m", "niece": "f", "nephew": "m", "woman": "f", "man": "m",
    "actress": "f", "girlfriend": "f", "boyfriend": "m",
}
# A capital after these is a place ("talks in Moscow"), elsewhere it stands for the government.
LOCATION_PREPS = frozenset({"in", "at", "to", "from", "near", "into", "outside", "across", "toward", "towards",
                            "inside", "around", "via", "throughout", "within", "between", "through"})
MOTION_VERBS = frozenset({"go", "travel", "fly", "return", "move", "arrive", "come", "head", "deploy",
                          "flee", "evacuate", "relocate", "drive", "sail", "march", "walk"})
# Nouns that take their sector from the word before them ("rebel leaders", "intelligence officials").
GENERIC_HEADS = frozenset({"leader", "leaders", "official", "officials", "chief", "chiefs", "member", "members",
                           "group", "groups", "wing", "spokesman", "spokeswoman", "personnel", "units", "unit",
                           "agents", "agent", "sources", "source", "figures", "organization",
                           "organisation", "organizations", "organisations", "movement", "faction"})
# A sector noun followed by these and a country belongs to that country ("rebels in Darfur").
GROUP_PREPS = frozenset({"of", "in", "throughout", "across", "from"})
# In an apposition, a country after these is where the person is, not whom they serve.
NOT_AFFILIATION_PREPS = frozenset({"in", "at", "on", "with", "against", "near", "over", "about", "between"})
POSTED_TITLES = frozenset({"ambassador", "envoy", "delegate", "representative"})
SEGMENT_STOPS = frozenset({",", ".", ";", ":", "(", ")", "“", "”", '"', "—", "–", "?", "!"})
MAX_TITLE_TOKENS = 9
MAX_APPOSITION_TOKENS = 22
PRONOUN_LOOKBACK_SENTENCES = 2


@dataclass(slots=True)
class _Context:
    """What the words around a name say about the person."""

    title: str | None = None
    sector: str | None = None
    role: str | None = None  # canonical role key from the title lexicon
    country: str | None = None
    org: str | None = None
    former: bool = False

    def merge(self, other: _Context) -> None:
        for name in ("title", "sector", "role", "country", "org"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        self.former = self.former or other.former


@dataclass(slots=True)
class _PersonState:
    """One person as seen in this article."""

    id: str
    name: str
    entry: Person | None
    context: _Context = field(default_factory=_Context)
    surfaces: list[str] = field(default_factory=list)
    title_sentence: tuple[int, int] | None = None  # token span of the sentence that gave the title
    genders: set[str] = field(default_factory=set)  # from honorifics and gendered titles in the article
    pronoun_genders: set[str] = field(default_factory=set)  # from unambiguous pronoun links (weaker)


@dataclass(slots=True)
class _Mention:
    start: int  # token offsets
    end: int
    label: str
    actor: str | None
    root: int  # token index that stands for the mention in the parse (subject tests)


class _Resolution:
    """The state of one article's resolution: token occupancy, people, actors and mentions."""

    def __init__(self, doc: Doc, dictionary: ActorDictionary, published: str | None) -> None:
        self.doc = doc
        self.dictionary = dictionary
        self.published = published
        self.taken = bytearray(len(doc))
        self.mentions: list[_Mention] = []
        self.actors: dict[str, Actor] = {}
        self.people: dict[str, _PersonState] = {}
        self.full_names: list[tuple[int, str]] = []  # (token index, person id) of full-name mentions
        self.title_links: dict[int, tuple[str, int]] = {}  # apposition title token -> (person, title end)
        self.match_at: dict[int, tuple[int, int, Alias]] = {}  # token -> dictionary match covering it
        self.person_tokens: dict[int, str] = {}  # token -> person id of the name it is part of
        self.peoples: list[tuple[_Mention, str | None]] = []  # people mentions and their head's sector

    # bookkeeping -------------------------------------------------------------------------------
    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, label: str, actor: str | None, root: int | None = None) -> None:
        self.mentions.append(_Mention(start, end, label, actor, end - 1 if root is None else root))
        for i in range(start, end):
            self.taken[i] = 1

    def use_actor(self, actor: Actor) -> str:
        self.actors.setdefault(actor.id, actor)
        return actor.id


def resolve(article: Article, doc: Doc, dictionary: ActorDictionary | None = None) -> tuple[list[Mention], list[Actor]]:
    """Mentions (named, title and pronoun) of the article's actors, and the actors they refer to.

    ``doc`` is the spaCy parse of ``article.text``; ``article.published`` (YYYY-MM-DD or None)
    decides which time-bounded roles apply. Never raises on ordinary odd text.
    """
    dictionary = dictionary or ActorDictionary.load()
    if len(doc) == 0:
        return [], []
    state = _Resolution(doc, dictionary, article.published)
    matches = _dictionary_matches(doc, dictionary)
    for start, end, alias in matches:
        for i in range(start, end):
            state.match_at[i] = (start, end, alias)
    _resolve_people(state, matches)
    _resolve_dictionary_matches(state, matches)
    _resolve_titles(state, linked_only=True)
    _resolve_other_entities(state)
    _resolve_titles(state, linked_only=False)
    _resolve_pronouns(state)
    _place_peoples(state)
    mentions = [
        Mention(
            article=article.id, start=doc[m.start].idx, end=doc[m.end - 1].idx + len(doc[m.end - 1].text),
            text=doc[m.start:m.end].text, label=m.label, actor=m.actor,
        )
        for m in sorted(state.mentions, key=lambda m: m.start)
    ]
    return mentions, _finish_actors(state)


# 1. dictionary phrases ---------------------------------------------------------------------------

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


def _dictionary_matches(doc: Doc, dictionary: ActorDictionary) -> list[tuple[int, int, Alias]]:
    matcher, by_key = _matcher(dictionary, doc.vocab)
    spans = [Span(doc, start, end, label=key) for key, start, end in matcher(doc)]
    opaque = {i for ent in doc.ents if ent.label_ in OPAQUE_LABELS for i in range(ent.start, ent.end)}
    kept = []
    for span in filter_spans(spans):
        if any(i in opaque for i in range(span.start, span.end)):
            continue
        kept.append((span.start, span.end, by_key[span.label]))
    return sorted(kept, key=lambda m: m[0])


# 2. people --------------------------------------------------------------------------------------

def _resolve_people(state: _Resolution, matches: list[tuple[int, int, Alias]]) -> None:
    doc, dictionary = state.doc, state.dictionary
    dictionary_surnames = _surnames(dictionary)
    cores: list[tuple[int, int, str | None]] = []  # (start, end, dictionary person id or None)
    for start, end, alias in matches:
        if alias.how == "person":
            cores.append((start, end, alias.actor))
    matched = {i for s, e, _ in cores for i in range(s, e)}
    article_surnames: set[str] = set()  # surname keys (see _name_key) of full names in the article
    for ent in doc.ents:
        if ent.label_ == "PERSON" and "\n" not in ent.text:
            start, end = _name_core(doc, ent.start, ent.end, state)
            if start < end and doc[end - 1].pos_ == "PROPN" and not any(
                    i in matched or i in state.match_at for i in range(start, end)):
                cores.append((start, end, None))
                if end - start > 1:
                    article_surnames.add(_name_key(doc[end - 1].text))
    # A name the entity recogniser missed, followed by a person apposition ("Name Surname, a ... envoy").
    entity_tokens = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for start, end in _unlabelled_names(doc, entity_tokens | set(state.match_at)):
        if any(_is_title_word(state, t) or t.lower_ in HONORIFICS for t in doc[start:end]):
            continue
        after = _segment(doc, end + 1, doc[start].sent.end) if end < len(doc) and doc[end].text == "," else []
        if after and _person_title(state, after):
            cores.append((start, end, None))
            article_surnames.add(_name_key(doc[end - 1].text))
    # spaCy sometimes labels a known surname ORG or GPE ("Blinken"); a known name wins.
    for ent in doc.ents:
        if ent.label_ in {"ORG", "GPE", "NORP", "LOC"} and ent.end - ent.start == 1:
            key = _name_key(ent.text)
            if (key in article_surnames or key in dictionary_surnames) and ent.start not in state.match_at:
                cores.append((ent.start, ent.end, None))
        elif ent.label_ == "ORG" and ent.end - ent.start >= 3:
            split = _title_then_name(doc, ent, state)
            if split is not None:
                cores.append((split, ent.end, None))
        if ent.label_ in {"ORG", "GPE", "NORP"} and 2 <= ent.end - ent.start <= 3 and ent.start > 0 \
                and _is_title_word(state, doc[ent.start - 1]) and doc[ent.start - 1].is_title \
                and all(t.pos_ == "PROPN" and t.is_title and t.i not in state.match_at for t in ent):
            cores.append((ent.start, ent.end, None))  # "Vice-President Moody Awori" labelled ORG
            article_surnames.add(_name_key(doc[ent.end - 1].text))
    cores.sort()
    # Full names first, so that a surname before its full name ("Blinken visits" in a headline) links.
    persons: list[tuple[int, int, str]] = []  # (start, end, person id)
    for start, end, known in cores:
        if end - start > 1 or known is not None:
            person_id = _full_name_person(state, doc[start:end].text, known)
            state.full_names.append((start, person_id))
            persons.append((start, end, person_id))
    for start, end, known in cores:
        if end - start == 1 and known is None:
            person_id = _surname_person(state, doc[start].text, start, dictionary_surnames)
            persons.append((start, end, person_id))
    # Surnames of this article's full names that the recogniser tagged as a noun, gave no label
    # ("Rathke added", "Domić said") or labelled oddly: linked only when one person has that surname.
    ambiguous: list[int] = []
    holders = _surname_holders(state)
    for i in _lone_surnames(state, {i for s, e, _ in cores for i in range(s, e)}, holders):
        ids = holders[_name_key(doc[i].text)]
        if len(ids) == 1:
            persons.append((i, i + 1, ids[0]))
        else:
            ambiguous.append(i)
    persons.sort()
    for start, end, person_id in persons:
        for i in range(start, end):
            state.person_tokens[i] = person_id
    for start, end, person_id in persons:
        if not state.free(start, end):
            continue
        prefix_start, prefix = _title_prefix(state, start)
        context = _parse_title(state, prefix, appositive=False) if prefix else _Context()
        head = end - 1
        appositive = _apposition(state, start, end)
        if appositive is not None:
            seg_context = _parse_title(state, appositive, appositive=True)
            context.merge(seg_context)
            phrase = _segment_title_tokens(state, appositive)
            for token in phrase:
                state.title_links[token.i] = (person_id, phrase[-1].i + 1)
        person = state.people[person_id]
        if context.title is not None and person.title_sentence is None:
            sentence = doc[start].sent
            person.title_sentence = (sentence.start, sentence.end)
        person.context.merge(context)
        person.surfaces.append(doc[start:end].text)
        person.genders |= _stated_genders(doc, start, end, prefix, appositive)
        state.add(prefix_start, end, "PERSON", person_id, root=head)
    for i in ambiguous:  # a person, but which one the article does not say: left unresolved
        if state.free(i, i + 1):
            state.add(i, i + 1, "PERSON", None)


def _stated_genders(doc: Doc, start: int, end: int, prefix: list[Token],
                    appositive: list[Token] | None) -> set[str]:
    """Genders the words around one name state: "Mr"/"Ms" right before it, a gendered title before it
    ("Congresswoman Name") or a gendered noun heading its apposition ("Name, a spokeswoman for ...",
    also where the apposition holds no title of the lexicon: "Name, a businesswoman,")."""
    found: set[str] = set()
    if start > 0:
        before = doc[start - 1].lower_
        gender = HONORIFIC_GENDER.get(before) or ROLE_NOUN_GENDER.get(before)
        if gender is not None:
            found.add(gender)
    for words in (prefix, appositive or []):
        found |= _role_noun_genders(words)
    for i in range(start, end):  # apposition either way round: "Name, a nurse's widow" / "his wife, Name"
        for child in doc[i].children:
            gender = ROLE_NOUN_GENDER.get(child.lower_)
            if child.dep_ == "appos" and gender is not None:
                found.add(gender)
        head = doc[i].head
        if doc[i].dep_ == "appos" and not (start <= head.i < end) and head.lower_ in ROLE_NOUN_GENDER:
            found.add(ROLE_NOUN_GENDER[head.lower_])
    return found


def _role_noun_genders(words: list[Token]) -> set[str]:
    """Genders of the gendered nouns that describe the person in a title or apposition: those before
    its first preposition ("an aide to the queen" says nothing of the aide), possessors skipped
    ("the king's spokeswoman" is a woman)."""
    found: set[str] = set()
    for k, token in enumerate(words):
        if token.pos_ == "ADP" or token.text in SEGMENT_STOPS:
            break
        possessor = token.dep_ == "poss" or (k + 1 < len(words) and words[k + 1].text in POSSESSIVE)
        gender = None if possessor else HONORIFIC_GENDER.get(token.lower_) or ROLE_NOUN_GENDER.get(token.lower_)
        if gender is not None:
            found.add(gender)
    return found


def _surnames(dictionary: ActorDictionary) -> dict[str, list[str]]:
    """Dictionary person ids by surname key, so that "Domic" and "Domić" find the same people."""

    def build() -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name, ids in dictionary.surnames().items():
            found = index.setdefault(_name_key(name), [])
            found.extend(i for i in ids if i not in found)
        return index

    return dictionary.derived("surname-keys", build)


def _name_key(text: str) -> str:
    """A name compared without accents or punctuation ("Domić" in NFC or NFD, "Domic", "O’Brien" and
    "O'Brien" alike). Case is kept: "un-redacted" is not Kim Jong Un, nor a "WALLACE:" transcript
    label any Wallace in particular."""
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_fold(text)).strip("-")


def _surname_holders(state: _Resolution) -> dict[str, list[str]]:
    """Surname key -> the distinct people of this article's full-name mentions with that surname."""
    holders: dict[str, list[str]] = {}
    for _, person_id in state.full_names:
        key = _name_key(surname(state.people[person_id].name))
        ids = holders.setdefault(key, [])
        if person_id not in ids:
            ids.append(person_id)
    return holders


def _lone_surnames(state: _Resolution, covered: set[int], holders: dict[str, list[str]]) -> list[int]:
    """Tokens, outside ``covered`` and dictionary matches, that are a bare surname of one of the
    article's full names: capitalised, alone in their entity (any name label) or in no entity,
    and not part of a longer capitalised name ("the Rathke Institute")."""
    doc = state.doc
    entity_of = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    found = []
    for token in doc:
        i = token.i
        if i in covered or i in state.match_at or token.pos_ not in {"PROPN", "NOUN"} \
                or not _capitalised_word(token.text) or _name_key(token.text) not in holders:
            continue
        ent = entity_of.get(i)
        if ent is not None:
            if ent.label_ not in NAMED_LABELS:
                continue
            start, end = _name_core(doc, ent.start, ent.end, state) if ent.label_ == "PERSON" else (ent.start, ent.end)
            while start < end and doc[start].lower_ == "the":
                start += 1
            if (start, end) != (i, i + 1):
                continue
        elif _in_capitalised_run(state, token):
            continue
        found.append(i)
    return found


def _capitalised_word(text: str) -> bool:
    """A capitalised word of letters (combining accents, apostrophes and hyphens allowed inside):
    "Domić" in NFC or NFD, "O’Neill"; not "UN", "un" or "2022"."""
    return len(text) > 1 and text[0].isupper() and any(c.islower() for c in text) and all(
        c.isalpha() or c in "'’-" or unicodedata.category(c) == "Mn" for c in text)


def _in_capitalised_run(state: _Resolution, token: Token) -> bool:
    """Whether a word outside entities has a capitalised name word next to it; a title or
    honorific before it ("President Domić", "Mr. Domić") does not count."""
    doc = state.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "PROPN" and _capitalised_word(nxt.text):
        return True
    prev = doc[token.i - 1] if token.i > token.sent.start else None
    return prev is not None and prev.pos_ == "PROPN" and _capitalised_word(prev.text) \
        and not _is_title_word(state, prev) and prev.lower_ not in HONORIFICS


def _unlabelled_names(doc: Doc, skip: set[int]) -> list[tuple[int, int]]:
    """Runs of 2-3 capitalised proper nouns outside entities and dictionary matches."""
    runs, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 4 and j not in skip and doc[j].pos_ == "PROPN" and doc[j].is_title:
            j += 1
        if 2 <= j - i <= 3:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _name_core(doc: Doc, start: int, end: int, state: _Resolution) -> tuple[int, int]:
    """The name inside a PERSON entity, without honorifics, titles or a possessive ending."""
    while start < end and (doc[start].lower_ in HONORIFICS or _is_title_word(state, doc[start])
                           or start in state.match_at or doc[start].lower_ in {"the", "."}):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _title_then_name(doc: Doc, ent: Span, state: _Resolution) -> int | None:
    """An ORG entity such as "Ukraine Yevhen Tsymbalyuk" after "representative of": the name part."""
    if ent.start == 0 or doc[ent.start - 1].lower_ not in {"of", "for"}:
        return None
    first = state.match_at.get(ent.start)
    if first is None or first[2].how not in {"name", "igo"}:
        return None
    tail = doc[first[1]:ent.end]
    if 2 <= len(tail) <= 3 and all(t.is_title and t.pos_ == "PROPN" and t.i not in state.match_at for t in tail):
        return first[1]
    return None


def _full_name_person(state: _Resolution, text: str, known: str | None) -> str:
    if known is None:
        known = _dictionary_person_by_name(state.dictionary, text)
    person_id = known or f"person:{person_key(_strip_honorific(text))}"
    if person_id not in state.people:
        entry = state.dictionary.people.get(person_id)
        state.people[person_id] = _PersonState(person_id, entry.name if entry else _strip_honorific(text), entry)
    return person_id


def _dictionary_person_by_name(dictionary: ActorDictionary, text: str) -> str | None:
    alias = dictionary.aliases.get(text)
    if alias is not None and alias.how == "person":
        return alias.actor
    key = f"person:{person_key(text)}"
    if key in dictionary.people:
        return key
    near = dictionary.fuzzy(_strip_honorific(text), PERSON_KINDS) if " " in text.strip() else None
    return near.actor if near is not None else None


PERSON_KINDS = frozenset({"person"})
PLACE_KINDS = frozenset({"name", "adj", "demonym", "capital"})


def _strip_honorific(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in HONORIFICS:
        words = words[1:]
    return " ".join(words) or text


def _surname_person(state: _Resolution, text: str, at: int, dictionary_surnames: dict[str, list[str]]) -> str:
    """A one-word name: the same-surname person of this article nearest before it (else after it),
    else the only dictionary person with that surname, else a person known by that word alone."""
    key = _name_key(text)
    same = [(i, pid) for i, pid in state.full_names if _name_key(surname(state.people[pid].name)) == key]
    before = [pid for i, pid in same if i < at]
    if before:
        return before[-1]
    if same:
        return same[0][1]
    candidates = dictionary_surnames.get(key, [])
    if candidates:
        chosen = _pick_by_date(state, candidates)
        if chosen is not None:
            return _full_name_person(state, state.dictionary.people[chosen].name, chosen)
    return _full_name_person(state, text, None)


def _pick_by_date(state: _Resolution, candidates: list[str]) -> str | None:
    if len(candidates) == 1:
        return candidates[0]
    people = [state.dictionary.people[c] for c in candidates]
    on = state.published
    active = [p for p in people if any(r.active(on) for r in p.roles)] if on else people
    if len(active) == 1:
        return active[0].id
    if on is None and active:
        # No date: the person whose last role is the most recent (a news text is assumed recent).
        return max(active, key=lambda p: max((r.start or "" for r in p.roles), default="")).id
    return None


def _is_title_word(state: _Resolution, token: Token) -> bool:
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


def _title_prefix(state: _Resolution, start: int) -> tuple[int, list[Token]]:
    """The title words right before a name ("Russian Deputy Foreign Minister", "Mr.")."""
    doc = state.doc
    sent_start = doc[start].sent.start
    i = start - 1
    first = start
    while i >= sent_start and start - i <= MAX_TITLE_TOKENS and not state.taken[i]:
        token = doc[i]
        match = state.match_at.get(i)
        if match is not None and match[2].how in {"name", "adj", "demonym", "igo", "capital", "seat", "group"}:
            i = match[0] - 1
            first = match[0]
            continue
        lower = token.lower_
        if lower in CONNECTORS and lower != "-" and not _title_connector(state, i, start):
            break  # "a spokesman for [Russian President] Name", "an aide to Name": not one title
        if (lower in HONORIFICS or _is_title_word(state, token) or lower in CONNECTORS
                or token.text in POSSESSIVE or (token.pos_ == "ADJ" and first < start)):
            first = i
            i -= 1
            continue
        if token.pos_ == "ADJ" and token.is_lower and i - 1 >= sent_start and _is_title_word(state, doc[i + 1]):
            first = i
            i -= 1
            continue
        break
    # Drop leading connectors and adjectives that do not belong to a title.
    while first < start and (doc[first].lower_ in CONNECTORS or doc[first].text in POSSESSIVE
                             or (doc[first].pos_ == "ADJ" and doc[first].lower_ not in state.dictionary.former_words
                                 and first not in state.match_at and not _is_title_word(state, doc[first]))):
        first += 1
    tokens = list(doc[first:start])
    if not tokens:
        return start, []
    has_title = any(_is_title_word(state, t) or t.lower_ in HONORIFICS for t in tokens)
    if not has_title and not _is_title_word(state, doc[start]):
        return start, []
    return first, tokens


def _title_connector(state: _Resolution, i: int, start: int) -> bool:
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
            and _is_title_word(state, doc[i - 1]))


def _title_trigrams(dictionary: ActorDictionary) -> frozenset[str]:
    def build() -> frozenset[str]:
        grams = set()
        for phrase in dictionary.titles:
            words = phrase.split()
            grams.update(" ".join(words[k:k + 3]) for k in range(len(words) - 2))
        return frozenset(grams)

    return dictionary.derived("title-trigrams", build)


def _apposition(state: _Resolution, start: int, end: int) -> list[Token] | None:
    """The apposition after a name ("Name, a spokesman for ...,") or before it
    ("Russia's representative at the talks, Name"), or "Name of the X Center"."""
    doc = state.doc
    sent = doc[start].sent
    if end < sent.end - 1 and doc[end].text == ",":
        segment = _segment(doc, end + 1, sent.end)
        if segment and _person_title(state, segment):
            return segment
    if end < sent.end - 1 and doc[end].lower_ == "of" and end + 1 in state.match_at or (
            end < sent.end - 1 and doc[end].lower_ == "of" and doc[end + 1].ent_type_ == "ORG"):
        return _segment(doc, end, sent.end)
    if start - 2 >= sent.start and doc[start - 1].text == ",":
        i = start - 2
        while i >= sent.start and doc[i].text not in SEGMENT_STOPS and start - i <= MAX_APPOSITION_TOKENS:
            i -= 1
        segment = list(doc[i + 1:start - 1])
        if segment and _person_title(state, segment):
            return segment
    return None


COLLECTIVE_TITLES = frozenset({
    "government", "administration", "cabinet", "regime", "leadership", "parliament", "congress", "senate",
    "assembly", "legislature", "military", "army", "navy", "police", "court", "judiciary", "opposition",
    "party", "population", "delegation", "ministry", "union", "company", "media", "television",
    "intelligence", "force", "forces", "troop", "troops", "militia", "university", "school", "hospital",
    "newspaper", "gang", "people", "authorities", "kremlin",
})


def _person_title(state: _Resolution, segment: list[Token]) -> bool:
    """Whether an apposition describes one person: it starts like a noun phrase, names a
    singular person title, and has no verb before that title."""
    if segment[0].lower_ in {"who", "which", "that", "and", "but", "or", "said", "says", "while", "as"}:
        return False
    hit = _find_title(state, segment, first=True)
    if hit is None:
        return False
    head = segment[hit[1] - 1]
    if head.lower_ in COLLECTIVE_TITLES or head.tag_ in {"NNS", "NNPS"}:
        return False
    return not any(t.pos_ in {"VERB", "AUX"} for t in segment[:hit[0]])


def _segment(doc: Doc, start: int, stop: int) -> list[Token]:
    tokens = []
    for i in range(start, min(stop, start + MAX_APPOSITION_TOKENS)):
        if doc[i].text in SEGMENT_STOPS or doc[i].lower_ in {"said", "says", "told", "who", "which"}:
            break
        tokens.append(doc[i])
    return tokens


def _find_title(state: _Resolution, tokens: list[Token], first: bool) -> tuple[int, int, Title] | None:
    """The first (or last) title phrase in the tokens, longest phrase at each position."""
    words = [t.lower_ for t in tokens]
    found: list[tuple[int, int, Title]] = []
    i = 0
    while i < len(words):
        hit = None
        for n in (5, 4, 3, 2, 1):
            if i + n > len(words):
                continue
            phrase = " ".join(words[i:i + n]).replace(" - ", "-")
            title = state.dictionary.titles.get(phrase)
            if title is not None:
                hit = (i, i + n, title)
                break
        if hit is not None:
            # "Secretary-General": the hyphenated title is split by the tokenizer; keep it whole.
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    if not found:
        return None
    return found[0] if first else found[-1]


def _segment_title_tokens(state: _Resolution, tokens: list[Token]) -> list[Token]:
    hit = _find_title(state, tokens, first=True)
    return tokens[hit[0]:hit[1]] if hit else []


def _parse_title(state: _Resolution, tokens: list[Token], appositive: bool) -> _Context:
    """Role, sector, country and organisation from a title or an apposition."""
    context = _Context()
    hit = _find_title(state, tokens, first=appositive)
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
    context.org = org
    return context


def _affiliation(state: _Resolution, tokens: list[Token], title_head: str | None) -> tuple[str | None, str | None]:
    """The first country (or IGO) the words name as the person's own; "to NATO" after an
    ambassador and "in Vienna" are not affiliations."""
    seen: set[int] = set()
    for k, token in enumerate(tokens):
        match = state.match_at.get(token.i)
        person = None
        if match is None:
            person = _person_at(state, token.i)
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


def _person_at(state: _Resolution, i: int) -> str | None:
    return state.person_tokens.get(i)


# 3. countries, IGOs, groups ------------------------------------------------------------------------

def _resolve_dictionary_matches(state: _Resolution, matches: list[tuple[int, int, Alias]]) -> None:
    doc, dictionary = state.doc, state.dictionary
    entity_of: dict[int, Span] = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    for start, end, alias in matches:
        if alias.how == "person" or not state.free(start, end):
            continue
        ent = entity_of.get(start)
        ent_start = ent.start if ent is not None else start
        while ent is not None and ent_start < start and doc[ent_start].lower_ == "the":
            ent_start += 1
        if ent is not None and ent.label_ in {"ORG", "FAC"} and (ent_start < start or ent.end > end) \
                and not _is_sector_org(state, ent):
            continue  # part of a longer organisation name; handled with the entity
        actor_id, label = _match_actor(state, start, end, alias, ent)
        if actor_id is None:
            continue
        root = end - 1
        head = None if _negated_modifier(doc, start) else _modified_noun(state, start, end)
        if head is not None and head.i in state.title_links:
            person_id, title_end = state.title_links[head.i]
            if state.free(start, title_end):
                state.add(start, title_end, "TITLE", person_id, root=head.i)
                continue
        if alias.how == "people":
            # A people ("Kurds", "Tamils"): placed in a country later, from its sentence.
            title = _sector_title(state, head) if head is not None else None
            state.add(start, end, label, state.use_actor(dictionary.actors[actor_id]), root=root)
            state.peoples.append((state.mentions[-1], title.sector if title else None))
            continue
        if start > 0 and doc[start - 1].lower_ == "ethnic" and alias.how in {"adj", "demonym"}:
            state.add(start, end, label, None)  # "ethnic Albanians": a people, not Albania
            continue
        people = state.match_at.get(head.i) if head is not None else None
        if people is not None and people[2].how in {"demonym", "people"} and alias.how in {"adj", "name"} \
                and state.free(start, people[1]) and dictionary.actors[actor_id].kind == "country":
            # "Bosnian Serbs": people of the first country, whatever their origin.
            group = state.use_actor(dictionary.group_actor(actor_id, "CVL"))
            state.add(start, people[1], label, group, root=head.i)
            continue
        if head is not None and alias.how in {"name", "adj", "demonym", "capital", "place", "igo", "group"}:
            linked = _link_title(state, head, actor_id)
            title = _sector_title(state, head)
            if linked is not None:
                state.add(start, head.i + 1, "TITLE", linked, root=head.i)
                continue
            if title is not None and title.sector and actor_id in dictionary.actors and \
                    dictionary.actors[actor_id].kind in {"country", "igo"}:
                group = state.use_actor(dictionary.group_actor(actor_id, title.sector))
                # Extend to the noun unless another actor word sits in between ("US and British forces").
                if state.free(start, head.i + 1) and head.i >= end and \
                        not any(i in state.match_at for i in range(end, head.i + 1)):
                    state.add(start, head.i + 1, label, group, root=head.i)
                else:
                    state.add(start, end, label, group, root=root)
                continue
        if _names_people(doc, start, end, alias) and dictionary.actors.get(actor_id, None) is not None \
                and dictionary.actors[actor_id].kind == "country":
            # "Libyans", "a Palestinian": people of the country (CAMEO codes them civilians, CVL).
            actor_id = state.use_actor(dictionary.group_actor(actor_id, "CVL"))
        state.add(start, end, label, actor_id, root=root)


def _negated_modifier(doc: Doc, start: int) -> bool:
    """"anti-Syria journalist", "pro-Kremlin party": the noun is not the country's."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in {"anti", "pro", "non"}


def _names_people(doc: Doc, start: int, end: int, alias: Alias) -> bool:
    root = doc[end - 1]
    if alias.how == "demonym":
        return root.dep_ not in {"compound", "amod", "poss", "nmod"}
    # "a Palestinian was killed": the adjective heads its own noun phrase.
    return (alias.how == "adj" and root.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"}
            and not any(child.dep_ in {"amod", "compound"} and child.i > root.i for child in root.children))


def _match_actor(state: _Resolution, start: int, end: int, alias: Alias, ent: Span | None) -> tuple[str | None, str]:
    doc, dictionary = state.doc, state.dictionary
    text = doc[start:end].text
    covers = ent is not None and ent.label_ in NAMED_LABELS and ent.end == end and ent.label_ != "PERSON"
    label = ent.label_ if covers else _default_label(alias)
    seats = dictionary.igo_seats.get(text)
    if seats:
        # "Brussels" is NATO or the EU only where the sentence names one of them.
        sentence = doc[start].sent
        named = {m[2].actor for i in range(sentence.start, sentence.end)
                 if (m := state.match_at.get(i)) is not None}
        for code in seats:
            if f"igo:{code}" in named:
                return state.use_actor(dictionary.actors[f"igo:{code}"]), "ORG"
    actor = dictionary.actors.get(alias.actor)
    if actor is None:
        return None, label
    if alias.how == "seat" or (alias.how == "capital" and not _is_place(doc, start, end)):
        return state.use_actor(dictionary.group_actor(alias.actor, alias.sector or "GOV")), label
    return state.use_actor(actor), label


def _default_label(alias: Alias) -> str:
    return {"adj": "NORP", "demonym": "NORP", "people": "NORP", "igo": "ORG", "group": "ORG",
            "seat": "FAC"}.get(alias.how, "GPE")


def _place_prep(prep: Token) -> bool:
    """A preposition that makes its object a place: "in", "near"...; "to" only after a verb of
    motion ("flew to Moscow", but "a letter to Moscow" is addressed to the government)."""
    lower = prep.lower_
    if lower == "to":
        return prep.head.lemma_.lower() in MOTION_VERBS
    return lower in LOCATION_PREPS


def _is_place(doc: Doc, start: int, end: int) -> bool:
    """Whether a capital is used as a place ("in Moscow", "Moscow time") rather than an actor."""
    root = doc[end - 1]
    if root.dep_ == "pobj" and _place_prep(root.head):
        return True
    if start > 0 and doc[start - 1].lower_ in LOCATION_PREPS - {"to"}:
        return True
    if root.dep_ == "conj":  # "in Geneva, Brussels and Vienna"
        head = root
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj" and _place_prep(head.head):
            return True
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "out":
        return True
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.i > root.i


def _modified_noun(state: _Resolution, start: int, end: int) -> Token | None:
    """The noun a country/IGO word modifies ("Russian troops", "Russia's parliament",
    "officials of France and Germany"), or None."""
    doc = state.doc
    token = doc[end - 1]
    while token.dep_ == "conj" and token.head.i != token.i and token.head.i < token.i:
        token = token.head
    if token.dep_ in {"amod", "compound", "poss", "nmod", "npadvmod"} and token.head.i >= end:
        head = token.head
        # Climb modifier chains to the noun phrase's head ("Turkish Kurd refugees"), keeping the
        # nearest sector noun on the way ("Russian military officials" -> officials).
        chain = [head]
        while chain[-1].dep_ in {"compound", "amod", "nmod"} and chain[-1].head.i > chain[-1].i \
                and len(chain) < 4:
            chain.append(chain[-1].head)
        # The sector noun nearest the phrase head, also among the head's other modifiers
        # ("Israeli army bulldozers" -> army, "Israeli police custody" -> police).
        for i in range(chain[-1].i, end - 1, -1):
            head = doc[i]
            if head.pos_ in {"NOUN", "PROPN"} and not state.taken[i] and head.i not in state.person_tokens \
                    and i not in state.match_at and _sector_title(state, head) is not None and all(
                        doc[k].pos_ in {"ADJ", "NOUN", "PROPN", "PART", "PUNCT", "ADV", "CCONJ", "VERB"}
                        or doc[k].text in POSSESSIVE for k in range(end, i)):
                return head
        # "the government of Sindh province", "doctors from two American aid groups": the phrase
        # the word sits in is the object of "of"/"from"... after a sector noun.
        owner = _prepositional_owner(state, chain[-1], start)
        if owner is not None:
            return owner
        head = chain[0]
        if head.pos_ in {"NOUN", "PROPN"} and not state.taken[head.i] and head.i not in state.person_tokens:
            return head
        return None
    return _prepositional_owner(state, token, start)


def _prepositional_owner(state: _Resolution, phrase_head: Token, start: int) -> Token | None:
    """The sector noun whose prepositional phrase holds the word ("officials of France")."""
    if phrase_head.dep_ != "pobj" or phrase_head.head.lower_ not in GROUP_PREPS or phrase_head.head.head.i >= start:
        return None
    head = phrase_head.head.head
    if head.pos_ not in {"NOUN", "PROPN"} or head.i in state.person_tokens or state.taken[head.i]:
        return None
    title = _sector_title(state, head)
    # "officials of France" is France's; "troops in Ukraine" need not be Ukraine's.
    if phrase_head.head.lower_ == "of" and title is not None:
        return head
    if title is not None and title.sector not in {"MIL", "GOV", None}:
        return head
    return None


def _sector_title(state: _Resolution, head: Token) -> Title | None:
    doc = state.doc
    titles = state.dictionary.titles
    for child in head.lefts:  # "the top US diplomat": a modifier and the noun make the title
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


def _link_title(state: _Resolution, head: Token, actor_id: str) -> str | None:
    """A person title modified by a country ("the Russian president", "Ukraine's president") ->
    the person of this article, or of the dictionary at the article's date, who holds it."""
    title = _sector_title(state, head)
    if title is None or title.role is None or title.role in {"leader"}:
        return None
    if head.i + 1 < len(state.doc) and state.doc[head.i + 1].ent_type_ == "PERSON":
        return None
    actor = state.dictionary.actors.get(actor_id)
    country = actor.country if actor is not None else None
    org = actor.org if actor is not None and actor.kind == "igo" else None
    return _holder(state, title.role, country, org)


def _holder(state: _Resolution, role: str, country: str | None, org: str | None) -> str | None:
    """The one person holding ``role`` for ``country``/``org``: article people first, then the dictionary."""
    in_article = []
    for person in state.people.values():
        holds = _holds(state, person, role, country, org)
        if holds:
            in_article.append(person.id)
    if len(set(in_article)) == 1:
        return in_article[0]
    if in_article or (country is None and org is None):
        return None
    holders = []
    for entry in state.dictionary.people.values():
        for r in entry.roles:
            if _role_key(state, r.title) == role and r.active(state.published) and \
                    (r.org == org if org else (r.org is None and (r.country or entry.country) == country)):
                holders.append(entry.id)
    if state.published is None or len(set(holders)) != 1:
        return None
    return _full_name_person(state, state.dictionary.people[holders[0]].name, holders[0])


def _holds(state: _Resolution, person: _PersonState, role: str, country: str | None, org: str | None) -> bool:
    context = person.context
    if person.entry is not None:
        r = person.entry.role_at(state.published)
        if r is not None and _role_key(state, r.title) == role:
            return (r.org == org) if org else (r.org is None and (r.country or person.entry.country) == country
                                                   or country is None)
    if context.role == role and not context.former:
        return (context.org == org) if org else (context.country == country or country is None)
    return False


def _role_key(state: _Resolution, title: str) -> str | None:
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


def _is_sector_org(state: _Resolution, ent: Span) -> bool:
    """An ORG entity that is a country plus sector words ("Russian Foreign Ministry")."""
    rest = [t for t in ent if t.i not in state.match_at and t.lower_ != "the"]
    if not rest or len(rest) > 3:
        return False
    phrase = " ".join(t.lower_ for t in rest)
    titles = state.dictionary.titles
    return phrase in titles or rest[-1].lower_ in titles


# 4. other entities ----------------------------------------------------------------------------------

def _resolve_other_entities(state: _Resolution) -> None:
    doc, dictionary = state.doc, state.dictionary
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS or ent.label_ == "PERSON":
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ == "the":
            start += 1
        if start >= end or not state.free(start, end):
            continue
        inner = [state.match_at[i] for i in range(start, end) if i in state.match_at]
        if ent.label_ in {"ORG", "FAC"} and inner and _is_sector_org(state, ent):
            base = inner[0][2].actor
            rest = [t for t in doc[start:end] if t.i not in state.match_at]
            title = dictionary.titles.get(" ".join(t.lower_ for t in rest)) or dictionary.titles.get(rest[-1].lower_)
            actor = dictionary.actors.get(base)
            if actor is not None and actor.kind in {"country", "igo"} and title and title.sector:
                state.add(start, end, ent.label_, state.use_actor(dictionary.group_actor(base, title.sector)))
                continue
        if not inner and ent.label_ in {"ORG", "GPE", "NORP", "LOC"}:
            near = dictionary.fuzzy(doc[start:end].text, PLACE_KINDS)
            if near is not None:
                state.add(start, end, ent.label_, state.use_actor(dictionary.actors[near.actor]))
                continue
        if ent.label_ in {"ORG", "FAC"} or (ent.label_ == "NORP" and inner):
            country = org = None
            for _, _, alias in inner:
                actor = dictionary.actors.get(alias.actor)
                if actor is not None and actor.kind == "igo" and org is None:
                    org = actor.org
                elif actor is not None and actor.country and country is None:
                    country = actor.country
            name = doc[start:end].text
            if ent.label_ in {"ORG", "FAC"}:
                actor_id = f"org:{slug(name)}"
                if actor_id != "org:":
                    state.add(start, end, ent.label_, state.use_actor(
                        Actor(id=actor_id, name=name, kind="org", country=country, org=org)))
                continue
        state.add(start, end, ent.label_, None)
    # Misspelt country names the entity recogniser did not label ("Phillippines military").
    for token in doc:
        if not state.taken[token.i] and token.is_title and token.pos_ == "PROPN" and len(token) >= 6 \
                and token.i not in state.match_at:
            near = dictionary.fuzzy(token.text, PLACE_KINDS)
            if near is not None:
                _add_country_word(state, token.i, token.i + 1, near)


def _add_country_word(state: _Resolution, start: int, end: int, alias: Alias) -> None:
    """A country word found late (by spelling): the same treatment as a dictionary match."""
    for i in range(start, end):
        state.match_at[i] = (start, end, alias)
    _resolve_dictionary_matches(state, [(start, end, alias)])


# 5. titles and pronouns ----------------------------------------------------------------------------

def _resolve_titles(state: _Resolution, linked_only: bool) -> None:
    """Title nouns that stand for a person: apposition titles, and (unless ``linked_only``) role
    titles after "the" when one person of the article holds that role."""
    doc = state.doc
    for token in doc:
        if state.taken[token.i] or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if linked_only and token.i not in state.title_links:
            continue
        if token.i in state.title_links:
            person_id, title_end = state.title_links[token.i]
            start = min(_determiner_start(doc, token), token.i)
            if state.free(start, title_end):
                state.add(start, title_end, "TITLE", person_id, root=token.i)
            continue
        title = _sector_title(state, token)
        if title is None or title.role is None or title.role in {"leader", "minister"}:
            continue
        if token.dep_ == "compound" or (token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ == "PERSON"):
            continue
        if not any(child.lower_ in {"the"} for child in token.children):
            continue
        if any(child.dep_ == "prep" and child.lower_ in {"of", "for"} for child in token.children):
            continue  # "the president of Armenia": qualified by what follows, not the article's president
        linked = _holder(state, title.role, None, None)
        if linked is not None:
            start = _determiner_start(doc, token)
            if state.free(start, token.i + 1):
                state.add(start, token.i + 1, "TITLE", linked, root=token.i)


def _determiner_start(doc: Doc, token: Token) -> int:
    start = token.i
    for child in token.lefts:
        if child.dep_ in {"det", "amod", "compound"} and child.i < start:
            start = child.i
    return start


def _resolve_pronouns(state: _Resolution) -> None:
    """he/she/him/his/her/hers -> the person they most likely mean, when only one candidate stands out:
    a person earlier in the same sentence (its subject first), else the subject person of the
    nearest earlier sentence that names people, or its only person; the subject of a reporting
    verb ("he added") prefers that sentence's main-clause subject to an embedded clause's.

    Candidates whose known gender (see :func:`_known_gender`) disagrees with the pronoun are ruled
    out; candidates of unknown gender stay. The window searched does not change with gender: when
    every person in it is ruled out the pronoun stays unresolved."""
    doc = state.doc
    person_mentions = sorted((m for m in state.mentions if m.actor and m.actor.startswith("person:")),
                             key=lambda m: m.start)
    if not person_mentions:
        return
    sentence_of = {}
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = k
    by_sentence: dict[int, list[_Mention]] = {}
    for m in person_mentions:
        by_sentence.setdefault(sentence_of[m.start], []).append(m)
    quoted = _quoted_tokens(doc)
    for token in doc:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or state.taken[token.i] or token.pos_ != "PRON":
            continue
        in_quote = token.i in quoted
        k = sentence_of[token.i]
        window = [m for m in by_sentence.get(k, []) if m.end <= token.i and _may_refer(doc, m, quoted, in_quote)]
        same_sentence = bool(window)
        back = 1
        while not window and back <= PRONOUN_LOOKBACK_SENTENCES and k - back >= 0:
            window = [m for m in by_sentence.get(k - back, []) if _may_refer(doc, m, quoted, in_quote)]
            back += 1
        only = _only_named_person(window)
        if only is not None and only in state.people:
            # The only person named in reach: evidence for later pronouns, recorded even where it
            # disagrees, so that a wrong earlier link leaves the gender unknown rather than wrong.
            state.people[only].pronoun_genders.add(gender)
        agreeing = [m for m in window if _known_gender(state, m.actor) in {None, gender}]
        # "..., he added": a reporter's attribution carries on the previous sentence's speaker.
        reported = token.dep_ == "nsubj" and token.head.lemma_ in REPORTING_VERBS
        chosen = _pick_antecedent(doc, agreeing, allow_nearest=same_sentence,
                                  main_clause_first=reported and not same_sentence)
        if chosen is None:
            continue
        mention = _Mention(token.i, token.i + 1, "PRON", chosen, token.i)
        state.mentions.append(mention)
        state.taken[token.i] = 1
        by_sentence.setdefault(k, []).append(mention)
        by_sentence[k].sort(key=lambda m: m.start)


def _only_named_person(window: list[_Mention]) -> str | None:
    """The person of a pronoun's window when it names one person only (pronoun links aside)."""
    actors = {m.actor for m in window}
    if len(actors) == 1 and any(m.label != "PRON" for m in window):
        return next(iter(actors))
    return None


def _known_gender(state: _Resolution, actor: str | None) -> str | None:
    """A person's gender where the evidence agrees: the dictionary entry and the article's honorifics
    and gendered titles first, else earlier unambiguous pronoun links; None where unknown or in conflict."""
    person = state.people.get(actor) if actor else None
    entry = person.entry if person is not None else state.dictionary.people.get(actor or "")
    stated = set(person.genders) if person is not None else set()
    if entry is not None and entry.gender is not None:
        stated.add(entry.gender)
    if stated:
        return next(iter(stated)) if len(stated) == 1 else None
    linked = person.pronoun_genders if person is not None else set()
    return next(iter(linked)) if len(linked) == 1 else None


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indexes of the tokens inside quoted passages (the quotation marks included)."""
    quoted: set[int] = set()
    spans = quoted_spans(doc.text)
    k = 0
    for token in doc:
        while k < len(spans) and spans[k][1] <= token.idx:
            k += 1
        if k < len(spans) and spans[k][0] <= token.idx:
            quoted.add(token.i)
    return quoted


REPORTING_VERBS = frozenset({"say", "tell", "add", "state", "note", "explain", "warn", "write", "reply",
                             "insist", "claim", "argue", "stress", "continue", "conclude", "recall", "ask"})


def _may_refer(doc: Doc, mention: _Mention, quoted: set[int], pronoun_in_quote: bool) -> bool:
    """Whether a person mention may be the antecedent of a pronoun, as far as quotes go.

    The reporter's pronoun ("..., he said") never means a name inside someone's quoted words.
    A pronoun inside quoted words may mean a name in the same or an earlier quote (one speaker
    goes on across paragraphs), but not the speaker of the quote: a speaker says "I", not "he"."""
    if mention.start in quoted:
        return pronoun_in_quote
    if not pronoun_in_quote:
        return True
    root = doc[mention.root]
    return not (root.dep_ == "nsubj" and root.head.lemma_ in REPORTING_VERBS)


def _pick_antecedent(doc: Doc, mentions: list[_Mention], allow_nearest: bool,
                     main_clause_first: bool = False) -> str | None:
    """The one person that stands out: the only one, else the only subject, else (``allow_nearest``,
    no subject) the nearest; with ``main_clause_first``, the main clause's subject before the subject
    of a clause embedded in it ("A said B had left. ... he added" is A)."""
    if not mentions:
        return None
    distinct = {m.actor for m in mentions}
    if len(distinct) == 1:
        return mentions[0].actor
    subject_mentions = [m for m in mentions if doc[m.root].dep_ in {"nsubj", "nsubjpass"}]
    subjects = {m.actor for m in subject_mentions}
    if len(subjects) == 1:
        return next(iter(subjects))
    if allow_nearest and not subjects:
        return mentions[-1].actor
    if main_clause_first:
        main = {m.actor for m in subject_mentions if doc[m.root].head.dep_ == "ROOT"}
        if len(main) == 1:
            return next(iter(main))
    return None


# actors ---------------------------------------------------------------------------------------

def _finish_actors(state: _Resolution) -> list[Actor]:
    actors = dict(state.actors)
    for person in state.people.values():
        if not any(m.actor == person.id for m in state.mentions):
            continue
        actors[person.id] = _person_actor(state, person)
    for m in state.mentions:
        actor = actors.get(m.actor) if m.actor else None
        if actor is not None and actor.kind == "org" and actor.country is None and actor.org is None \
                and actor.id not in state.dictionary.actors:
            sentence = state.doc[m.start].sent
            country = _sentence_country(state, sentence.start, sentence.end)
            if country is not None:
                actors[actor.id] = Actor(id=actor.id, name=actor.name, kind=actor.kind, country=country,
                                         org=actor.org, role=actor.role, sector=actor.sector, aliases=actor.aliases)
    used = {m.actor for m in state.mentions if m.actor}
    return [actor for actor_id, actor in actors.items() if actor_id in used]


def _person_actor(state: _Resolution, person: _PersonState) -> Actor:
    context = person.context
    entry = person.entry
    role: Role | None = None
    if entry is not None:
        active = [r for r in entry.roles if r.active(state.published)]
        matching = [r for r in active if context.role and _role_key(state, r.title) == context.role]
        role = (matching or [entry.role_at(state.published)])[0] if (matching or active or
                                                                     state.published is None) else None
    country = (entry.country if entry else None) or context.country
    if country is None and entry is None and context.org is None and person.title_sentence is not None \
            and (context.sector in NATIONAL_SECTORS or context.former):
        country = _sentence_country(state, *person.title_sentence)
    org = (role.org if role else None) or context.org
    title = role.title if role else context.title
    sector = "ELI" if context.former else ((role.sector if role else None) or context.sector)
    aliases = sorted({s for s in person.surfaces if s != person.name} | set(entry.aliases if entry else []))
    return Actor(id=person.id, name=person.name, kind="person", country=country, org=org, role=title,
                 sector=sector, aliases=aliases)


def _place_peoples(state: _Resolution) -> None:
    """A people named in a sentence about one country is that country's people, as CAMEO codes
    them ("Kurds" in a sentence about Turkey -> group:kurds/TUR): Kurds in Iraq and in Turkey
    are different actors. Elsewhere the people stays a country-less group."""
    for mention, sector in state.peoples:
        base = state.dictionary.actors.get(mention.actor or "")
        if base is None:
            continue
        sentence = state.doc[mention.start].sent
        country = _sentence_country(state, sentence.start, sentence.end)
        suffix = f"/{sector}" if sector else ""
        if country is None:
            if sector:
                mention.actor = state.use_actor(Actor(
                    id=f"{base.id}{suffix}", name=f"{base.name} ({SECTOR_NAMES.get(sector, sector)})",
                    kind="group", sector=sector, aliases=list(base.aliases)))
            continue
        actor = Actor(
            id=f"{base.id}/{country}{suffix}", name=f"{base.name} ({state.dictionary.country_names.get(country, country)})",
            kind="group", country=country, sector=sector, aliases=list(base.aliases),
        )
        mention.actor = state.use_actor(actor)


NATIONAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})


def _sentence_country(state: _Resolution, start: int, end: int) -> str | None:
    """The one country a sentence names, for an office-holder it does not qualify ("President X
    said on Monday that Ruritania ..."): news style leaves the country of the story implicit."""
    countries = set()
    for m in state.mentions:
        if start <= m.start < end and m.actor and not m.actor.startswith("person:"):
            actor = state.actors.get(m.actor)
            if actor is not None and actor.kind in {"country", "group"} and actor.country:
                countries.add(actor.country)
    return countries.pop() if len(countries) == 1 else None
