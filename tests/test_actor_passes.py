"""The actors passes one at a time, on invented sentences: each test runs only the passes it needs
(see sitroom/actors/resolver.py for their order), and the shared word lists of sitroom.lexicons."""

from __future__ import annotations

import pytest

from sitroom import lexicons, nlp
from sitroom.actors import ActorDictionary
from sitroom.actors.holders import resolve_titles
from sitroom.actors.matches import find_dictionary_matches, resolve_other_entities
from sitroom.actors.names import capitalised_word, name_key
from sitroom.actors.people import resolve_people
from sitroom.actors.places import place_peoples, resolve_place_and_group_matches
from sitroom.actors.pronouns import resolve_pronouns
from sitroom.actors.state import PersonState, Resolution
from sitroom.actors.words import REPORTING_VERBS
from sitroom.quotes import PHRASAL_SPEECH_VERBS, SPEECH_VERBS


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def state_for(text: str, dictionary: ActorDictionary, entities: list[tuple[str, str]] | None = None) -> Resolution:
    """A fresh resolution of ``text``; ``entities`` (words, label) replace the recogniser's entities."""
    doc = next(nlp.parse([text]))
    if entities is not None:
        spans = []
        for words, label in entities:
            start = doc.text.index(words)
            spans.append(doc.char_span(start, start + len(words), label=label))
        doc.ents = spans
    return Resolution(doc, dictionary, "2022-01-20")


def found(state: Resolution) -> dict[str, tuple[str, str | None]]:
    """Mention text -> (label, actor), for the mentions the passes added."""
    return {state.doc[m.start:m.end].text: (m.label, m.actor) for m in state.mentions}


# matches ------------------------------------------------------------------------------------------

def test_dictionary_matches_fill_the_token_index_and_add_no_mentions(dictionary: ActorDictionary) -> None:
    state = state_for("Latvian diplomats flew from Riga to Vilnius.", dictionary)
    matches = find_dictionary_matches(state)
    assert [(state.doc[s:e].text, alias.actor) for s, e, alias in matches] == [
        ("Latvian", "country:LVA"), ("Riga", "country:LVA"), ("Vilnius", "country:LTU")]
    assert state.match_at[0][2].how == "adj" and 1 not in state.match_at
    assert state.mentions == [] and not any(state.taken)


def test_no_dictionary_match_inside_an_opaque_entity(dictionary: ActorDictionary) -> None:
    state = state_for("The envoys cited the Riga Accord of 1991.", dictionary, entities=[("Riga Accord", "LAW")])
    assert find_dictionary_matches(state) == []


def test_other_entities_give_unknown_organisations_an_org_actor_with_their_country(
        dictionary: ActorDictionary) -> None:
    state = state_for("The Polish Widget Makers Guild met on Monday.", dictionary,
                      entities=[("Polish Widget Makers Guild", "ORG")])
    find_dictionary_matches(state)
    resolve_other_entities(state)
    assert found(state) == {"Polish Widget Makers Guild": ("ORG", "org:polish-widget-makers-guild")}
    assert state.actors["org:polish-widget-makers-guild"].country == "POL"


# people -------------------------------------------------------------------------------------------

def test_people_pass_reads_the_title_and_links_the_surname(dictionary: ActorDictionary) -> None:
    state = state_for("Estonian Foreign Minister Henrik Saarsoo met reporters in Tallinn. "
                      "Saarsoo said the talks would go on.", dictionary)
    resolve_people(state, find_dictionary_matches(state))
    assert found(state) == {"Estonian Foreign Minister Henrik Saarsoo": ("PERSON", "person:henrik-saarsoo"),
                            "Saarsoo": ("PERSON", "person:henrik-saarsoo")}
    context = state.people["person:henrik-saarsoo"].context
    assert (context.role, context.sector, context.country) == ("foreign minister", "GOV", "EST")
    assert state.free(11, 12)  # "Tallinn" is left to the places pass


def test_people_pass_records_gender_and_the_apposition_title(dictionary: ActorDictionary) -> None:
    state = state_for("Liis Tamm, a spokeswoman for the ministry, spoke on Monday.", dictionary)
    resolve_people(state, find_dictionary_matches(state))
    person = state.people["person:liis-tamm"]
    assert person.genders == {"f"} and person.context.role == "spokesperson"
    spokeswoman = [t.i for t in state.doc if t.text == "spokeswoman"][0]
    assert state.title_links[spokeswoman] == ("person:liis-tamm", spokeswoman + 1)
    assert found(state) == {"Liis Tamm": ("PERSON", "person:liis-tamm")}  # the title is the titles pass's


def test_names_compare_without_accents_but_with_case() -> None:
    assert name_key("Domić") == name_key("Domic") == "Domic"
    assert name_key("Domić") != name_key("domic")
    assert capitalised_word("Domić") and not capitalised_word("UN") and not capitalised_word("un")


def test_names_compare_alike_whatever_the_apostrophe() -> None:
    # A curly and a straight apostrophe are the same letter of a name; a hyphen is not an apostrophe.
    assert name_key("O’Brien") == name_key("O'Brien") == name_key("O\u02bcBrien")
    assert name_key("O’Brien") != name_key("O-Brien")


# titles -------------------------------------------------------------------------------------------

def test_titles_pass_links_apposition_titles_then_standalone_titles(dictionary: ActorDictionary) -> None:
    state = state_for("Liis Tamm, a spokeswoman for the ministry, spoke on Monday. "
                      "The spokeswoman later said the talks had failed.", dictionary)
    resolve_people(state, find_dictionary_matches(state))
    resolve_titles(state, linked_only=True)
    assert found(state)["a spokeswoman"] == ("TITLE", "person:liis-tamm")
    assert "The spokeswoman" not in found(state)
    resolve_titles(state, linked_only=False)
    assert found(state)["The spokeswoman"] == ("TITLE", "person:liis-tamm")


# places -------------------------------------------------------------------------------------------

def test_places_pass_tells_a_capital_that_acts_from_a_place(dictionary: ActorDictionary) -> None:
    state = state_for("Russian troops massed near the border while Moscow sent a letter to NATO. "
                      "Talks in Moscow ended.", dictionary)
    resolve_place_and_group_matches(state, find_dictionary_matches(state))
    moscow = [(m.label, m.actor) for m in state.mentions if state.doc[m.start:m.end].text == "Moscow"]
    assert moscow == [("GPE", "country:RUS/GOV"), ("GPE", "country:RUS")]
    assert found(state)["Russian troops"] == ("NORP", "country:RUS/MIL")
    assert found(state)["NATO"] == ("ORG", "igo:NATO")


def test_peoples_are_placed_in_the_country_of_their_sentence(dictionary: ActorDictionary) -> None:
    state = state_for("Kurds protested in Turkey on Monday. Kurds also marched.", dictionary)
    resolve_place_and_group_matches(state, find_dictionary_matches(state))
    assert [m.actor for m in state.mentions if m.label == "NORP"] == ["group:kurds", "group:kurds"]
    place_peoples(state)
    assert [m.actor for m in state.mentions if m.label == "NORP"] == ["group:kurds/TUR", "group:kurds"]


# pronouns -----------------------------------------------------------------------------------------

def test_pronouns_pass_alone_on_hand_made_people(dictionary: ActorDictionary) -> None:
    text = "Jaan Kask arrived on Monday. He spoke briefly."
    state = state_for(text, dictionary)
    state.people["person:jaan-kask"] = PersonState("person:jaan-kask", "Jaan Kask", None)
    state.add(0, 2, "PERSON", "person:jaan-kask")
    resolve_pronouns(state)
    assert found(state)["He"] == ("PRON", "person:jaan-kask")

    state = state_for(text, dictionary)  # the same, but the article called the person "Ms."
    state.people["person:jaan-kask"] = PersonState("person:jaan-kask", "Jaan Kask", None, genders={"f"})
    state.add(0, 2, "PERSON", "person:jaan-kask")
    resolve_pronouns(state)
    assert "He" not in found(state)


def test_pronouns_rule_out_the_other_gender_after_the_people_pass(dictionary: ActorDictionary) -> None:
    state = state_for("Mr. Jaan Kask met Ms. Liis Tamm in Riga. She said the talks had failed.", dictionary)
    resolve_people(state, find_dictionary_matches(state))
    resolve_pronouns(state)
    assert found(state)["She"] == ("PRON", "person:liis-tamm")  # Kask, the subject, is a man


# lexicons -----------------------------------------------------------------------------------------

def test_reporting_verbs_lexicon_is_shared_by_quotes_and_actors() -> None:
    verbs = lexicons.words("reporting_verbs")
    assert {"say", "warn", "announce", "point out"} <= verbs
    assert SPEECH_VERBS == {v for v in verbs if " " not in v}
    assert ("point", "out") in PHRASAL_SPEECH_VERBS
    # The verbs whose subject the pronoun rules take for the speaker are quote cues too.
    assert REPORTING_VERBS == lexicons.words("reporting_verbs", tag="speaker")
    assert {"say", "add", "tell"} <= REPORTING_VERBS < SPEECH_VERBS
    assert "announce" not in REPORTING_VERBS


def test_lexicon_entries_are_read_once_and_carry_their_tags() -> None:
    entries = lexicons.entries("reporting_verbs")
    assert entries is lexicons.entries("reporting_verbs")
    by_text = {e.text: e.tags for e in entries}
    assert by_text["say"] == {"speaker"} and by_text["announce"] == frozenset()
    assert all(e.text == e.text.lower() and not e.text.startswith("#") for e in entries)
    with pytest.raises(lexicons.LexiconError):
        lexicons.words("no_such_lexicon")
