"""The table registry holds the store, the records and the export together."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.store import Store
from sitroom.tables import TABLES


def test_each_table_has_exactly_its_record_fields_and_bookkeeping(tmp_path: Path):
    with Store(tmp_path / "s.duckdb") as store:
        for table in TABLES:
            columns = store.columns(table.name)
            assert columns, f"{table.name}: no such table in the store's schema"
            assert len(columns) == len(set(columns))
            assert set(columns) == set(table.fields) | set(table.bookkeeping), table.name
            assert not set(table.fields) & set(table.bookkeeping), table.name


def test_per_article_tables_point_at_their_article():
    for table in TABLES:
        if table.per_article:
            assert "article" in table.fields, table.name


@pytest.mark.parametrize("db", ["example_db", "reference_db"])
def test_every_actor_a_record_names_is_stored(db, request):
    """An event's source or target, a happening's sides, a mention's or a quote's speaker: each is
    an actor of the store, so that a user can join any of them to actors.jsonl (the coder names a
    country's rebels or its state where no mention did)."""
    with Store(request.getfixturevalue(db), read_only=True) as store:
        named = store.con.execute("""
            SELECT DISTINCT actor FROM (
                SELECT unnest(source) AS actor FROM events UNION ALL SELECT unnest(target) FROM events
                UNION ALL SELECT unnest(source) FROM clusters UNION ALL SELECT unnest(target) FROM clusters
                UNION ALL SELECT actor FROM mentions UNION ALL SELECT speaker FROM quotes
                UNION ALL SELECT claimed_by FROM events)
            WHERE actor IS NOT NULL AND actor NOT IN (SELECT id FROM actors)""").fetchall()
        assert named == []
        assert store.count("events") > 0


def test_the_country_or_organisation_a_person_acts_for_is_stored_with_the_happening(tmp_path: Path):
    """A happening's sides are countries and organisations: where the text names only people, the
    country or organisation each acts for is stored as an actor all the same."""
    from click.testing import CliRunner

    from sitroom.cli import main

    text = tmp_path / "talks.txt"
    text.write_text("Alliance chief meets envoy\nSecretary-General Jens Stoltenberg met Foreign Minister Sergey "
                    "Lavrov in Brussels on Monday, officials said.\n", encoding="utf-8")
    db = tmp_path / "talks.duckdb"
    assert CliRunner().invoke(main, ["run", str(text), "--db", str(db), "--no-report"]).exit_code == 0
    with Store(db, read_only=True) as store:
        actors = {actor.id for actor in store.records("actors")}
        assert not any(m.actor in ("igo:NATO", "country:RUS") for m in store.records("mentions"))
        (happening,) = store.records("clusters")
        assert happening.source == ["igo:NATO"] and happening.target == ["country:RUS"]
        assert {"igo:NATO", "country:RUS"} <= actors
