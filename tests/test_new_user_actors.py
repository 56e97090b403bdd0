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
