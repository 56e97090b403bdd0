"""Quote speakers and spans a new user trips over (issue 10, items 1-7), on invented text run
through the actors stage and the quotes stage, with the example corpus's invented countries."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom import nlp
from sitroom.actors import ActorDictionary, resolve
from sitroom.quotes import extract_quotes
from sitroom.records import Article, Quote

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def invented() -> ActorDictionary:
    """The shipped dictionary plus Valdoria (XVA), Kestria (XKE), Ilsa Marenko (Valdoria's foreign
    minister) and Aurel Domić (Kestria's president)."""
    return ActorDictionary.load(EXAMPLES / "actors.yaml")


def quotes_of(text: str, dictionary: ActorDictionary) -> list[Quote]:
    doc = next(nlp.parse([text]))
    article = Article(id="a1", origin="test", text=text, published="2025-03-02")
    mentions, _ = resolve(article, doc, dictionary)
    return extract_quotes("a1", text, doc, mentions)


def only(quotes: list[Quote], containing: str) -> Quote:
    found = [q for q in quotes if containing in q.text]
    assert len(found) == 1, f"expected one quote containing {containing!r}, got {quotes}"
    return found[0]


def none_with(quotes: list[Quote], containing: str) -> bool:
    return not any(containing in q.text for q in quotes)


# 1 ------------------------------------------------------------------------------- a cited source

@pytest.mark.parametrize("text", [
    "Ilsa Marenko said early reports from the Kestrian ministry indicate “there is room to talk.”",
    "Ilsa Marenko said on Friday that a letter from Kestria states ‘the border stays shut until spring.’",
    "Ilsa Marenko told reporters the latest figures from the Kestrian army show “no sign of a pullback.”",
])
def test_a_source_cited_inside_the_speakers_words_is_not_the_speaker(text: str, invented) -> None:
    quote = [q for q in quotes_of(text, invented) if q.kind != "indirect" or "“" in q.text or "‘" in q.text][-1]
    assert quote.speaker == "person:ilsa-marenko", quote
    assert quote.speaker_text == "Ilsa Marenko" and quote.cue in {"said", "told"}


# 2 ------------------------------------------------------------------------------- the possessor

def test_the_possessors_advisers_speak_not_the_possessor(invented) -> None:
    text = "Aurel Domić spoke to the nation on Monday. His advisers have cautioned that the talks may fail."
    quote = only(quotes_of(text, invented), "talks may fail")
    assert quote.speaker_text == "His advisers"
    assert quote.speaker == "country:XKE/GOV"  # the advisers of Kestria's president: Kestria's government


def test_according_to_his_office_is_his_government(invented) -> None:
    text = "Kestrian President Aurel Domić welcomed the plan on Monday, according to his office."
    quote = only(quotes_of(text, invented), "welcomed the plan")
    assert quote.speaker_text == "his office" and quote.speaker == "country:XKE/GOV"


@pytest.mark.parametrize("text, words", [
    ("Jon Halden’s aides said that the plan would fail within a month.", "Jon Halden’s aides"),
    ("Aurel Domić spoke on Monday. His supporters said that the vote had been stolen.", "His supporters"),
])
def test_whoever_the_possessors_people_are_they_are_not_the_possessor(text: str, words: str, invented) -> None:
    quote = [q for q in quotes_of(text, invented) if q.kind == "indirect"][0]
    assert quote.speaker_text == words
    assert quote.speaker is None  # nobody the article names: not Halden, not Domić


# 3 ------------------------------------------------------------------------------- according to

@pytest.mark.parametrize("text", [
    "Kestria has agreed to hold “talks without conditions,” according to Ilsa Marenko.",
    "In a note sent on Monday, Kestria has promised to “withdraw every unit,” according to Ilsa Marenko.",
    "According to Ilsa Marenko, Kestria has pledged to reopen the border crossings by the end of May.",
])
def test_according_to_names_the_source_over_the_clauses_subject(text: str, invented) -> None:
    quotes = quotes_of(text, invented)
    assert quotes and all(q.speaker == "person:ilsa-marenko" for q in quotes), quotes
    assert all(q.cue.lower() == "according to" for q in quotes)


@pytest.mark.parametrize("text, speaker", [
    ("“We have waited long enough,” the minister said in an interview, according to the Valdorian news agency.",
     "the minister"),
    ("“We have waited long enough,” Ilsa Marenko told a radio station, according to the Valdorian news agency.",
     "Ilsa Marenko"),
])
def test_according_to_an_outlet_leaves_the_speaker_who_said_the_words(text: str, speaker: str, invented) -> None:
    # A plain verb of saying names who said the words; "according to" names who reported them.
    assert only(quotes_of(text, invented), "waited long").speaker_text == speaker


# 4 ------------------------------------------------------------------------------- subordinate clauses

def test_a_denial_in_a_subordinate_clause_does_not_report_the_main_clause(invented) -> None:
    text = ("Although Valdoria has denied intentions to annex Kestria, Britain and France are worried "
            "about Valdoria moving tanks near Kestria and holding a series of large naval drills.")
    quotes = quotes_of(text, invented)
    assert none_with(quotes, "are worried"), quotes
    denial = [q for q in quotes if q.cue == "has denied"]
    assert all(q.text == "intentions to annex Kestria" and q.speaker == "country:XVA" for q in denial), denial


# 5 ------------------------------------------------------------------------------- only sources speak

@pytest.mark.parametrize("text", [
    "The focus was on repeating that the border must stay open.",
    "The pressure suggests the government will fall before the summer.",
    "The timing of the visit indicates that both sides want a deal.",
])
def test_a_subject_that_cannot_say_anything_makes_no_quote(text: str, invented) -> None:
    assert quotes_of(text, invented) == []


@pytest.mark.parametrize("text, source", [
    ("The letter says the border will close on Friday.", "The letter"),
    ("A statement from the ministry said that the talks would go on.", "A statement from the ministry"),
    ("The Kestrian ministry said the border would reopen on Friday.", "The Kestrian ministry"),
    ("Its report warns that the harvest will fail.", "Its report"),
])
def test_documents_statements_and_organisations_speak(text: str, source: str, invented) -> None:
    quotes = quotes_of(text, invented)
    assert len(quotes) == 1 and quotes[0].speaker_text == source, quotes


# 6 ------------------------------------------------------------------------------- pronoun speakers

def test_it_speaks_for_the_country_before_it(invented) -> None:
    text = "Kestria rejected the offer on Monday. It said that the talks had been a sham from the start."
    quote = only(quotes_of(text, invented), "sham")
    assert quote.speaker_text == "It" and quote.speaker == "country:XKE"


def test_he_speaks_for_the_one_man_before_him(invented) -> None:
    text = ("Oren Talvik, the Kestrian envoy, was upbeat about the talks, which he called a first step. "
            "He also admitted that the border remained a problem.")
    assert only(quotes_of(text, invented), "border remained").speaker == "person:oren-talvik"


def test_a_pronoun_with_no_agreeing_antecedent_stays_null_with_its_words(invented) -> None:
    text = "Kestria and Valdoria traded blame on Monday. It said that the talks had been a sham."
    quote = only(quotes_of(text, invented), "sham")
    assert quote.speaker is None and quote.speaker_text == "It" and quote.cue == "said"


def test_said_it_had_counted_is_an_indirect_quote_of_the_country(invented) -> None:
    text = ("Valdoria said it had counted 100,000 Kestrian troops near its frontier and accused Kestria "
            "of holding “a knife to our throats.”")
    quotes = quotes_of(text, invented)
    counted = only(quotes, "had counted")
    assert counted.speaker == "country:XVA" and counted.cue == "said" and counted.kind in {"indirect", "mixed"}
    assert only(quotes, "a knife to our throats").speaker == "country:XVA"


# 7 ------------------------------------------------------------------------------- where spans end

def test_narration_after_but_is_not_part_of_the_quote(invented) -> None:
    text = "Valdoria has said the troops are not a threat but has refused calls to pull them back."
    quote = only(quotes_of(text, invented), "not a threat")
    assert quote.text == "the troops are not a threat"


@pytest.mark.parametrize("text", [
    "Ilsa Marenko said the border would stay closed. The ministry did not say for how long.",
    "Ilsa Marenko said the border would stay closed The ministry did not say for how long.",  # a lost full stop
])
def test_a_new_sentence_is_not_part_of_the_quote(text: str, invented) -> None:
    quote = only(quotes_of(text, invented), "border would stay")
    assert quote.text == "the border would stay closed"


def test_a_bracket_the_span_opens_closes_in_it(invented) -> None:
    text = "Ilsa Marenko said the border would stay closed (for now). The ministry gave no date."
    assert only(quotes_of(text, invented), "border would stay").text == "the border would stay closed (for now)"
