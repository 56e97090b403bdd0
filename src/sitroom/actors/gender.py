"""Evidence of a person's gender, for pronoun agreement: from the article's words and the dictionary.

Only what the text or the dictionary states counts: an honorific right before the name, a
gendered title or apposition ("Congresswoman", "a spokeswoman for ..."), earlier unambiguous
pronoun links. First names are never used.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitroom.actors.state import Resolution
from sitroom.actors.words import HONORIFIC_GENDER, POSSESSIVE, ROLE_NOUN_GENDER, SEGMENT_STOPS


def stated_genders(doc: Doc, start: int, end: int, prefix: list[Token],
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


def known_gender(state: Resolution, actor: str | None) -> str | None:
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
