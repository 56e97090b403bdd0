"""The main job end to end through the CLI, on a real DuckDB file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from sitroom.cli import main
from sitroom.store import DUCKDB_MEMORY, Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
ARTICLE_FIELDS = {"id", "origin", "outlet", "title", "published", "published_from", "text", "kept_lines",
                  "dropped_lines", "duplicate_of", "story"}


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_run_twice_adds_nothing_and_a_changed_file_is_updated(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    db = tmp_path / "s.duckdb"
    first = invoke("run", str(corpus), "--db", str(db), "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert (summary["articles"], summary["new"], summary["failures"]) == (4, 4, [])
    again = json.loads(invoke("run", str(corpus), "--db", str(db), "--json").output)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 4)

    target = corpus / "001_valdoria_talks.txt"
    target.write_text(target.read_text().replace("six-week freeze", "seven-week freeze"))
    changed = json.loads(invoke("run", str(corpus), "--db", str(db), "--json").output)
    assert (changed["new"], changed["updated"], changed["unchanged"]) == (0, 1, 3)
    with Store(db, read_only=True) as store:
        rows = list(store.records("articles"))
        assert len(rows) == 4
        assert any("seven-week freeze" in r.text for r in rows)
        assert store.count("runs") == 3


def test_identical_story_under_two_names_is_marked_duplicate(tmp_path: Path):
    shutil.copy(EXAMPLES / "001_valdoria_talks.txt", tmp_path / "a.txt")
    shutil.copy(EXAMPLES / "001_valdoria_talks.txt", tmp_path / "b.txt")
    db = tmp_path / "s.duckdb"
    assert invoke("run", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db), "-q").exit_code == 0
    with Store(db, read_only=True) as store:
        rows = {Path(r.origin).name: r for r in store.records("articles")}
    assert rows["a.txt"].duplicate_of is None
    assert rows["b.txt"].duplicate_of == rows["a.txt"].id


def test_bad_inputs_exit_1_listed_and_recorded_while_good_ones_are_stored(tmp_path: Path):
    shutil.copy(EXAMPLES / "001_valdoria_talks.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["run", str(tmp_path), str(tmp_path / "nope.txt"), "--db", str(db)])
    assert result.exit_code == 1
    assert "1 articles stored" in result.output and "3 failed" in result.output
    failed_lines = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert len(failed_lines) == 3
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM failures").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_export_writes_the_data_contract(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    invoke("run", str(EXAMPLES), "--db", str(db), "-q")
    out = tmp_path / "out"
    result = invoke("export", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0 and "4 records" in result.output
    records = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    assert len(records) == 4
    for record in records:
        assert ARTICLE_FIELDS <= set(record)
        assert record["published"] is None or len(record["published"]) == 10
    txt = next(r for r in records if r["origin"].endswith(".txt"))
    assert txt["title"] and txt["kept_lines"] and txt["dropped_lines"] and txt["page_date"] == "2026-03-03"


def test_export_of_a_missing_or_foreign_database_is_one_clear_error(tmp_path: Path):
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 3 and "no such database" in result.output
    foreign = tmp_path / "other.duckdb"
    duckdb.connect(str(foreign)).close()
    result = CliRunner().invoke(main, ["export", "--db", str(foreign), "--out", str(tmp_path / "o")])
    assert result.exit_code == 3 and "not a sitroom database" in result.output


def test_schema_is_created_then_left_alone(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        version = store.schema_version()
        assert version >= 1
    with Store(db) as store:
        assert store.schema_version() == version
    with pytest.raises(StoreError):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_a_released_store_opens_for_another_process_then_writes_again(tmp_path: Path):
    # The runner releases the store while the link pass reads it in a process of its own.
    db = tmp_path / "s.duckdb"

    def elsewhere(read_only: bool) -> str:
        script = ("import sys; from sitroom.store import Store; "
                  "s = Store(sys.argv[1], read_only=sys.argv[2] == 'r'); print(s.count('runs'))")
        done = subprocess.run([sys.executable, "-c", script, str(db), "r" if read_only else "w"],
                              capture_output=True, text=True)
        return done.stdout.strip() or done.stderr.strip().splitlines()[-1]

    with Store(db) as store:
        store.start_run([], "test")
        assert "another process" in elsewhere(read_only=True)  # held: nobody else may open it
        with store.released():
            assert elsewhere(read_only=True) == "1"
            assert "another process" in elsewhere(read_only=False)  # but no other writer gets in
        store.start_run([], "test")  # open for writing again
        assert store.count("runs") == 2
    assert elsewhere(read_only=False) == "2"  # closed: the next writer may


def test_the_writer_keeps_duckdb_small_and_a_transaction_needing_more_runs_again(tmp_path: Path):
    def limit(con: duckdb.DuckDBPyConnection) -> str:
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    with Store(tmp_path / "s.duckdb") as store:
        assert limit(store.con) == limit(duckdb.connect().execute(f"SET memory_limit = '{DUCKDB_MEMORY}'"))
        store.con.execute("SET temp_directory = ''")  # nothing spills to disk: past the limit a query fails
        store.con.execute("SET memory_limit = '1MB'")

        def needs_memory() -> int:
            store.con.execute("CREATE OR REPLACE TABLE big AS SELECT i, repeat('x', 50) AS s FROM range(300000) t(i)")
            return store.con.execute("SELECT count(DISTINCT s || i) FROM big").fetchone()[0]

        with pytest.raises(duckdb.OutOfMemoryException):
            store._rolled_back_on_error(needs_memory)
        assert store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'big'").fetchone()[0] == 0
        assert store._transaction(needs_memory) == 300000
        with store.released():  # the default limit is kept when the store is opened again
            pass
        assert limit(store.con) == limit(duckdb.connect())

    # Writing the store as Parquet too (a table's row group is written whole: at 10,000 articles the
    # articles' needed more than the limit, and a Ray run failed at its end).
    with Store(tmp_path / "p.duckdb") as store:
        store.con.execute("CREATE TABLE big AS SELECT i, repeat('x', 50) || i AS s FROM range(300000) t(i)")
        store.con.execute("SET temp_directory = ''")
        store.con.execute("SET memory_limit = '1MB'")
        store.write_parquet(tmp_path / "p.parquet")
        assert store.memory_limit is None
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'p.parquet' / 'big.parquet'}'").fetchone()[0] == 300000


@pytest.mark.parametrize("command", [[], ["run"], ["export"], ["explain"], ["actors"], ["quotes"], ["bench"], ["eval"],
                                     ["eval", "extraction"], ["eval", "actors"], ["eval", "quotes"], ["eval", "time"]])
def test_help_is_complete(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 4


def test_run_without_paths_is_a_usage_error():
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2 and "PATHS" in result.output


def test_database_of_an_older_schema_is_migrated_on_open(tmp_path: Path, monkeypatch):
    import sitroom.store as store_module

    db = tmp_path / "old.duckdb"
    all_migrations = store_module.MIGRATIONS
    monkeypatch.setattr(store_module, "MIGRATIONS", all_migrations[:1])
    Store(db).close()
    monkeypatch.setattr(store_module, "MIGRATIONS", all_migrations)
    with Store(db, read_only=True) as store:
        assert store.schema_version() == len(all_migrations)
        assert store.count("quotes") == 0


def test_example_actor_dictionary_resolves_the_invented_people(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    result = invoke("run", str(EXAMPLES), "--db", str(db), "--actors", str(ROOT / "examples" / "actors.yaml"), "-q")
    assert result.exit_code == 0
    with Store(db, read_only=True) as store:
        people = {r["name"]: r for r in store.actors_with_counts(kind="person")}
    assert people["Ilsa Marenko"]["country"] == "XVA" and people["Ilsa Marenko"]["mentions"] >= 3
    assert people["Tomas Vell"]["org"] == "NCOMPACT"


def test_malformed_actor_file_is_one_error_naming_file_and_line(tmp_path: Path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("people:\n  - name: Ilsa Marenko\n    country: Valdoria\n")
    result = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", str(tmp_path / "s.duckdb"), "--actors", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3" in result.output or f"{bad}:2" in result.output
    assert not (tmp_path / "s.duckdb").exists()


def test_a_run_with_another_actor_dictionary_reprocesses(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    invoke("run", str(EXAMPLES), "--db", str(db), "-q")
    again = json.loads(invoke("run", str(EXAMPLES), "--db", str(db), "--json",
                              "--actors", str(ROOT / "examples" / "actors.yaml")).output)
    assert (again["updated"], again["unchanged"]) == (4, 0)
    with Store(db, read_only=True) as store:
        people = {r["name"]: r for r in store.actors_with_counts(kind="person")}
    assert people["Ilsa Marenko"]["country"] == "XVA"


def test_a_foreign_duckdb_file_is_refused_not_altered(tmp_path: Path):
    foreign = tmp_path / "theirs.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE articles (x INTEGER)")
    result = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", str(foreign)])
    assert result.exit_code == 3 and "not a sitroom database" in result.output
    with duckdb.connect(str(foreign), read_only=True) as con:
        assert [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == ["articles"]


def test_missing_spacy_model_is_one_clear_error(tmp_path: Path, monkeypatch):
    from sitroom import nlp

    monkeypatch.setattr(nlp, "MODEL_PACKAGES", ("no_such_model_package",))
    nlp.load.cache_clear()
    try:
        result = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", str(tmp_path / "s.duckdb")])
    finally:
        monkeypatch.undo()
        nlp.load.cache_clear()
    assert result.exit_code == 4 and "requirements.lock" in result.output


def test_one_document_breaking_a_stage_fails_alone(monkeypatch):
    from sitroom import pipeline
    from sitroom.actors import ActorDictionary
    from sitroom.clean import LineStats
    from sitroom.records import Failure, RawDoc

    real_resolve = pipeline.resolve

    def resolve(article, doc, dictionary):
        if "Kestria" in article.text:
            raise RuntimeError("boom")
        return real_resolve(article, doc, dictionary)

    monkeypatch.setattr(pipeline, "resolve", resolve)
    raws = [RawDoc(f"doc{i}", text, "text") for i, text in enumerate([
        "Talks in Orrin\n\nThe mayor of Orrin said on Monday that the harbour would reopen next week after repairs.",
        "Kestria news\n\nKestria said on Monday that it would send observers to the valley next week.",
    ])]
    results = list(pipeline.process_batch(raws, LineStats(), ActorDictionary.load()))
    failures = [r for r in results if isinstance(r, Failure)]
    assert len(results) == 2 and len(failures) == 1
    assert failures[0].origin == "doc1" and "boom" in failures[0].error


def test_explain_shows_each_dropped_line_with_its_reason():
    result = invoke("explain", str(EXAMPLES / "001_valdoria_talks.txt"))
    assert result.exit_code == 0
    out = result.output
    assert "title:     'Valdoria and Kestria agree to resume border talks after weeks of tension' (line 4)" in out
    assert "published: 2026-03-02 (metadata)" in out
    verdicts = {line.split()[0]: line.split()[1] for line in out.splitlines()[5:]}
    assert verdicts["1"] == "furniture" and verdicts["2"] == "date" and verdicts["6"] == "repeat"
    assert "10" not in verdicts  # a story line: kept, so not listed without --all
    assert "10" in {line.split()[0] for line in invoke("explain", "--all", str(EXAMPLES / "001_valdoria_talks.txt")).output.splitlines()[5:]}
