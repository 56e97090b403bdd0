"""Actors a new user trips over (issue 10, items 8-10): things that are not actors, collective
nouns by role, people known by their description, and where an actor's country comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom import nlp
from sitroom.actors import ActorDictionary, resolve
from sitroom.records import Actor, Article, Mention
from sitroom.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def invented() -> ActorDictionary:
    """The shipped dictionary plus the example corpus's invented countries (Valdoria, Kestria)."""
    return ActorDictionary.load(EXAMPLES / "actors.yaml")


def run(text: str, dictionary: ActorDictionary, published: str | None = "2025-03-02") -> tuple[list[Mention], dict[str, Actor]]:
    doc = next(nlp.parse([text]))
    mentions, actors = resolve(Article(id="a1", origin="test", text=text, published=published), doc, dictionary)
    return mentions, {a.id: a for a in actors}


def actor_of(mentions: list[Mention], actors: dict[str, Actor], words: str) -> Actor | None:
    found = [m for m in mentions if words in m.text]
    assert found, f"no mention containing {words!r} in {[m.text for m in mentions]}"
    return actors.get(found[0].actor) if found[0].actor else None


# ----------------------------------------------------------------------------- where a country comes from

def test_country_from_says_how_each_country_is_known(invented: ActorDictionary) -> None:
    text = ("Ilsa Marenko met Kestrian Defence Minister Oren Talvik in Port Elara on Monday. "
            "Mira Sallas, a spokeswoman for the Kestrian government, said the talks went well.")
    mentions, actors = run(text, invented)
    assert actors["person:ilsa-marenko"].country == "XVA"
    assert actors["person:ilsa-marenko"].country_from == "dictionary"
    assert actors["person:oren-talvik"].country == "XKE" and actors["person:oren-talvik"].country_from == "title"
    assert actors["person:mira-sallas"].country == "XKE"
    assert actors["person:mira-sallas"].country_from == "description"
    assert all((a.country is None) == (a.country_from is None) for a in actors.values())


def test_store_adds_country_from_and_keeps_it_with_the_country_it_explains(tmp_path: Path, monkeypatch) -> None:
    import sitroom.store as store_module

    db = tmp_path / "s.duckdb"
    migrations = store_module.MIGRATIONS
    monkeypatch.setattr(store_module, "MIGRATIONS", migrations[:2])  # a database of the schema before
    Store(db).close()
    monkeypatch.setattr(store_module, "MIGRATIONS", migrations)
    first = Actor(id="person:oren-talvik", name="Oren Talvik", kind="person")
    known = Actor(id="person:oren-talvik", name="Oren Talvik", kind="person", country="XKE", country_from="title")
    other = Actor(id="person:oren-talvik", name="Oren Talvik", kind="person", country="XVA", country_from="context")
    with Store(db) as store:
        assert "country_from" in store.columns("actors")
        for actor in (first, known, other):
            store._upsert_actors([actor])
        row = store.con.execute("SELECT country, country_from FROM actors").fetchall()
    assert row == [("XKE", "title")]  # a later sighting fills gaps, never replaces what was known


# ----------------------------------------------------------------------------- "it" (item 6)

@pytest.mark.parametrize("text, actor", [
    ("Kestria said it would reopen the border crossings on Friday.", "country:XKE"),
    ("Kestria rejected the offer on Monday. It accused Valdoria of stalling the talks.", "country:XKE"),
    ("Valdoria, rejecting Kestrian claims that it keeps no troops at the border, said it would go on watching.",
     None),  # two bodies, two "it"s: checked one by one below
])
def test_it_means_the_country_whose_clause_it_is_said_in(text: str, actor: str | None, invented) -> None:
    mentions, _ = run(text, invented)
    its = [m for m in mentions if m.text.lower() == "it"]
    if actor is not None:
        assert [m.actor for m in its] == [actor]
    else:
        assert [m.actor for m in its] == ["country:XKE", "country:XVA"]


@pytest.mark.parametrize("text", [
    "It is clear that Kestria wants a deal before the summer.",
    "It emerged on Monday that Valdoria had sent a letter to Kestria.",
    "Kestria and Valdoria traded blame on Monday. It said that the talks had failed.",
    "The Kestrian envoy said it came to ten pages.",  # the document, which is no actor
    "Kestrian officials met on Monday. It said that the talks had failed.",  # plural: not "it"
])
def test_it_stays_unresolved_without_one_agreeing_body(text: str, invented) -> None:
    mentions, _ = run(text, invented)
    assert not [m for m in mentions if m.text.lower() == "it" and m.actor]


# ----------------------------------------------------------------------------- a person's people (item 2)

def test_a_persons_advisers_are_their_government_not_the_person(invented) -> None:
    text = "Aurel Domić spoke on Monday. His advisers met in Port Elara. Ilsa Marenko’s diplomats stayed at home."
    mentions, actors = run(text, invented)
    assert actor_of(mentions, actors, "advisers").id == "country:XKE/GOV"  # Domić: Kestria's president
    assert actor_of(mentions, actors, "diplomats").id == "country:XVA/GOV"  # Marenko: Valdoria's minister


# ----------------------------------------------------------------------------- the reporter's "he" (item 6)

@pytest.mark.parametrize("text", [
    "Oren Talvik, the Kestrian envoy, arrived on Monday. “We came to listen.” “We will not leave.” "
    "“Nor will we give in,” he said.",
    "Oren Talvik, the Kestrian envoy, said, “We are done.”\n\nPetr Aldan was upbeat about the talks, which he "
    "called a step forward. He also conceded that they had not settled the border.",
])
def test_he_reaches_back_over_quoted_sentences_but_not_over_paragraphs(text: str, invented) -> None:
    mentions, _ = run(text, invented)
    pronouns = [m.actor for m in mentions if m.label == "PRON"]
    expected = "person:oren-talvik" if "give in" in text else "person:petr-aldan"
    assert pronouns and all(actor == expected for actor in pronouns), pronouns


# ----------------------------------------------------------------------------- not actors (item 8)

@pytest.mark.parametrize("text, words", [
    ("Oil prices rose as Brent crude futures gained 3 percent in London.", "Brent"),
    ("Brent crude rose 2 percent on Monday and the Dow Jones index fell, as traders watched the talks.", "Dow"),
    ("Both sides disagree over how to read the Minsk Accord, Kestria said.", "Accord"),
])
def test_commodities_indices_and_treaties_are_no_actors(text: str, words: str, invented) -> None:
    mentions, actors = run(text, invented)
    assert not any(words in a.name for a in actors.values()), actors
    assert all(m.actor is None for m in mentions if words in m.text)


@pytest.mark.parametrize("text, expected", [
    ("The Marenko-Domić talks in Port Elara made no progress.", {"person:ilsa-marenko", "person:aurel-domic"}),
    ("The Harlan-Vost talks in Port Elara made no progress.", {"person:harlan", "person:vost"}),
])
def test_a_pair_written_with_a_hyphen_is_two_actors(text: str, expected: set[str], invented) -> None:
    mentions, actors = run(text, invented)
    assert expected <= {m.actor for m in mentions}, mentions
    assert not any("-" in a.name for a in actors.values() if a.kind in {"person", "org"}), actors


@pytest.mark.parametrize("text, person", [
    ("Analyst Mira Holtz-Eakin said the talks would fail.", "person:mira-holtz-eakin"),
    ("Kestrian President Jean-Marc Talvik said the talks would fail.", "person:jean-marc-talvik"),
])
def test_hyphenated_names_stay_one_person(text: str, person: str, invented) -> None:
    mentions, actors = run(text, invented)
    assert person in actors, actors


def test_reporters_credited_at_the_end_are_no_actors(invented) -> None:
    text = ("Kestria and Valdoria resumed their talks in Port Elara on Monday after a pause of three weeks.\n\n"
            "Mira Holt reported from Port Elara and Jan Weiss from Kestria City. Oleg Brand contributed reporting.")
    mentions, actors = run(text, invented)
    for name in ("Holt", "Weiss", "Brand"):
        assert not any(name in a.name for a in actors.values()), actors
    assert {"country:XKE", "country:XVA"} <= set(actors)


@pytest.mark.parametrize("text", [
    "By Jan Weiss and Mira Holt\n\nKestria and Valdoria resumed their talks on Monday.",
    "Kestria and Valdoria resumed their talks on Monday.\n\n(Reporting by Mira Holt in Port Elara; Editing by Jan Weiss)",
    "Kestria and Valdoria resumed their talks on Monday.\n\nThe envoys met in Port Elara. "
    "(Photo by Jan Weiss for The Kestrian Times)",
])
def test_a_byline_and_a_photo_credit_are_no_actors(text: str, invented) -> None:
    mentions, actors = run(text, invented)
    assert not any(name in a.name for a in actors.values() for name in ("Holt", "Weiss", "Times")), actors
    assert {"country:XKE", "country:XVA"} <= set(actors)


# ----------------------------------------------------------------------------- collective nouns by role (item 9)

@pytest.mark.parametrize("text, words, actor", [
    ("The Kestrians rejected the offer on Monday.", "Kestrians", "country:XKE/GOV"),
    ("The Valdorians said on Friday that the talks were over.", "Valdorians", "country:XVA/GOV"),
    ("Kestrians protested in the streets of Kestria City on Sunday.", "Kestrians", "country:XKE/CVL"),
    ("The Kestrians of the southern valley said the harvest had failed.", "Kestrians", "country:XKE/CVL"),
])
def test_a_people_that_acts_as_a_state_is_its_government(text: str, words: str, actor: str, invented) -> None:
    mentions, actors = run(text, invented)
    assert actor_of(mentions, actors, words).id == actor


@pytest.mark.parametrize("text", [
    "Kestria-backed separatists in eastern Valdoria shelled the town of Orrin.",
    "Kestrian-backed rebels attacked Valdorian army posts on Sunday.",
])
def test_backed_insurgents_are_rebels_of_the_country_they_fight_in(text: str, invented) -> None:
    mentions, actors = run(text, invented)
    rebels = actor_of(mentions, actors, "backed")
    assert rebels.country == "XVA" and rebels.sector == "REB", rebels
    assert rebels.role is not None and "XKE" in rebels.role  # the backer, as CAMEO records it
    assert "country:XKE/REB" not in actors


# ----------------------------------------------------------------------------- people known by description (item 10)

@pytest.mark.parametrize("text, person, country, country_from", [
    ("Mara Dalen, who runs the Institute for Regional Studies in Kestria City, said the talks were over.",
     "person:mara-dalen", "XKE", "description"),
    ("Petr Aldan, a senior member of Kestria’s Senate, said the talks were over.",
     "person:petr-aldan", "XKE", "description"),
    ("Kestria held elections on Sunday, and Kestrian voters backed the opposition. Petr Aldan, an official of "
     "the ruling party, said the result would stand.", "person:petr-aldan", "XKE", "context"),
])
def test_people_known_by_their_description_get_its_country(text: str, person: str, country: str,
                                                           country_from: str, invented) -> None:
    _, actors = run(text, invented)
    assert actors[person].country == country and actors[person].country_from == country_from, actors[person]


def test_a_description_of_where_someone_went_gives_no_country(invented) -> None:
    _, actors = run("Petr Aldan, who flew to Kestria City on Monday, said the talks were over.", invented)
    assert actors["person:petr-aldan"].country is None
