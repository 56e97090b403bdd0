"""Which person a name means: name keys, full names, surnames and the dictionary's people.

These helpers register people in the state (:func:`full_name_person`) but add no mentions; the
people and titles passes use them.
"""

from __future__ import annotations

import re
import unicodedata

from sitroom.actors.dictionary import ActorDictionary, ascii_fold, person_key, surname
from sitroom.actors.state import PersonState, Resolution
from sitroom.actors.words import HONORIFICS

PERSON_KINDS = frozenset({"person"})
# Apostrophes inside names, straight, curly or a modifier letter: dropped before comparing (left in,
# ascii_fold would drop the curly one while the straight one became a hyphen: "O-Brien" vs "OBrien").
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`\u00b4")


def name_key(text: str) -> str:
    """A name compared without accents or punctuation ("Domić" in NFC or NFD, "Domic", "O’Brien" and
    "O'Brien" alike). Case is kept: "un-redacted" is not Kim Jong Un, nor a "WALLACE:" transcript
    label any Wallace in particular."""
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_fold(text.translate(_APOSTROPHES))).strip("-")


def capitalised_word(text: str) -> bool:
    """A capitalised word of letters (combining accents, apostrophes and hyphens allowed inside):
    "Domić" in NFC or NFD, "O’Neill"; not "UN", "un" or "2022"."""
    return len(text) > 1 and text[0].isupper() and any(c.islower() for c in text) and all(
        c.isalpha() or c in "'’-" or unicodedata.category(c) == "Mn" for c in text)


def strip_honorific(text: str) -> str:
    """The name without the honorifics before it ("Mr. Name" -> "Name")."""
    words = text.split()
    while words and words[0].lower() in HONORIFICS:
        words = words[1:]
    return " ".join(words) or text


def full_name_person(state: Resolution, text: str, known: str | None) -> str:
    """The id of the person a full name means (``known``: the dictionary's id, if already found),
    registering the person in ``state.people`` the first time."""
    if known is None:
        known = dictionary_person_by_name(state.dictionary, text)
    person_id = known or f"person:{person_key(strip_honorific(text))}"
    if person_id not in state.people:
        entry = state.dictionary.people.get(person_id)
        state.people[person_id] = PersonState(person_id, entry.name if entry else strip_honorific(text), entry)
    return person_id


def dictionary_person_by_name(dictionary: ActorDictionary, text: str) -> str | None:
    """The dictionary person a full name means: an alias, the same key, or a near spelling."""
    alias = dictionary.aliases.get(text)
    if alias is not None and alias.how == "person":
        return alias.actor
    key = f"person:{person_key(text)}"
    if key in dictionary.people:
        return key
    near = dictionary.fuzzy(strip_honorific(text), PERSON_KINDS) if " " in text.strip() else None
    return near.actor if near is not None else None


def dictionary_surnames(dictionary: ActorDictionary) -> dict[str, list[str]]:
    """Dictionary person ids by surname key, so that "Domic" and "Domić" find the same people."""

    def build() -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name, ids in dictionary.surnames().items():
            found = index.setdefault(name_key(name), [])
            found.extend(i for i in ids if i not in found)
        return index

    return dictionary.derived("surname-keys", build)


def surname_holders(state: Resolution) -> dict[str, list[str]]:
    """Surname key -> the distinct people of this article's full-name mentions with that surname."""
    holders: dict[str, list[str]] = {}
    for _, person_id in state.full_names:
        key = name_key(surname(state.people[person_id].name))
        ids = holders.setdefault(key, [])
        if person_id not in ids:
            ids.append(person_id)
    return holders


def surname_person(state: Resolution, text: str, at: int, surnames: dict[str, list[str]]) -> str:
    """A one-word name at token ``at``: the same-surname person of this article nearest before it
    (else after it), else the only dictionary person with that surname (``surnames``: see
    :func:`dictionary_surnames`), else a person known by that word alone."""
    key = name_key(text)
    same = [(i, pid) for i, pid in state.full_names if name_key(surname(state.people[pid].name)) == key]
    before = [pid for i, pid in same if i < at]
    if before:
        return before[-1]
    if same:
        return same[0][1]
    candidates = surnames.get(key, [])
    if candidates:
        chosen = _pick_by_date(state, candidates)
        if chosen is not None:
            return full_name_person(state, state.dictionary.people[chosen].name, chosen)
    return full_name_person(state, text, None)


def _pick_by_date(state: Resolution, candidates: list[str]) -> str | None:
    """The one dictionary person among ``candidates`` who held a role at the article's date."""
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
