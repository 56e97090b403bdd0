"""`sitroom run --workers N`: batches analysed on N processes store exactly what one process stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.actors import ActorDictionary
from sitroom.clean import LineStats
from sitroom.cli import main
from sitroom.records import RawDoc
from sitroom.runners import workers
from sitroom.runners.units import part, write_unit
from sitroom.runners.workers import BatchJob, Setup, WorkerPool, analyse_batches
from sitroom.store import Store
from sitroom.tables import TABLES

TOWNS = ["Orrin", "Kestria", "Valdor", "Mirrow", "Tessel", "Brann", "Oskel", "Lunmark", "Pellam"]


def invented_corpus(folder: Path) -> Path:
    """Nine articles of one invented site: a shared menu and sign-off (template, found only through
    the batch's line statistics), each with its own story; one empty file that fails."""
    folder.mkdir()
    for i, town in enumerate(TOWNS):
        neighbour = TOWNS[(i + 1) % len(TOWNS)]
        (folder / f"{i:02d}_{town.lower()}.txt").write_text(
            f"Home | World | Sport | Weather\n"
            f"{town} council approves new bridge\n"
            f"The council of {town} voted on Monday to build a bridge to {neighbour}, the mayor said.\n"
            f"\"We have waited twenty years for this,\" Mayor Anna {neighbour}sen told reporters in {town}.\n"
            f"The ministry of transport said on January {i + 3}, 2022 that it would pay half of the cost.\n"
            f"Sign up for our newsletter\n", encoding="utf-8")
    (folder / "99_empty.txt").write_text("", encoding="utf-8")
    return folder


def run_and_export(corpus: Path, db: Path, *options: str) -> dict[str, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(corpus), "--db", str(db), "--json", *options])
    assert result.exit_code == 1, result.output  # the empty file fails, the rest is stored
    assert json.loads(result.stdout.splitlines()[-1])["articles"] == len(TOWNS)
    out = db.with_suffix(".out")
    assert runner.invoke(main, ["export", "--db", str(db), "--out", str(out)]).exit_code == 0
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(out.glob("*.jsonl"))}


def test_two_workers_store_what_one_stores(tmp_path):
    corpus = invented_corpus(tmp_path / "corpus")
    one = run_and_export(corpus, tmp_path / "one.duckdb", "--workers", "1", "--batch-size", "3")
    two = run_and_export(corpus, tmp_path / "two.duckdb", "--workers", "2", "--batch-size", "3")
    assert one == two
    articles = [json.loads(line) for line in one["articles.jsonl"].splitlines()]
    # The batch's line statistics did their work: the shared menu is gone from every story.
    assert all("Home | World" not in a["text"] for a in articles)
    assert one["mentions.jsonl"] and one["timexes.jsonl"]


def _job(tag: int, text: str) -> BatchJob[int]:
    return BatchJob([RawDoc(f"doc{tag}", text, "text")], LineStats(), tag)


def test_results_come_back_in_input_order_from_the_pool():
    story = "Orrin news\n\nThe mayor of Orrin spoke on Monday about the harbour and the ferries to Kestria.\n"
    texts = [story * (1 + i % 3) for i in range(6)]
    jobs = [_job(i, text) for i, text in enumerate(texts)]
    with WorkerPool(2) as pool:
        results = list(analyse_batches(jobs, Setup(), ActorDictionary.load(), pool))
    assert [tag for tag, _ in results] == list(range(6))
    assert [r.results[0].article.origin for _, r in results] == [f"doc{i}" for i in range(6)]
    assert all(r.times.seconds["nlp"] > 0 for _, r in results)


def test_one_batch_stays_in_this_process(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for one batch")

    monkeypatch.setattr(workers, "_on_pool", no_pool)
    pool = WorkerPool(4)
    results = list(analyse_batches([_job(0, "Orrin\n\nThe mayor of Orrin spoke on Monday.\n")], Setup(),
                                   ActorDictionary.load(), pool))
    assert not pool.started
    assert len(results) == 1


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_workers_must_be_a_positive_number(value, tmp_path):
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--workers", value])
    assert result.exit_code == 2


def _tables(store: Store) -> dict[str, list[tuple]]:
    """Every table's rows in the order they were inserted, without when they were written."""
    return {table.name: store.con.execute(
        f"SELECT * {'EXCLUDE (created, updated)' if table.name == 'articles' else ''} FROM {table.name} ORDER BY rowid"
    ).fetchall() for table in TABLES}


def test_a_unit_read_from_parquet_stores_what_its_records_store(tmp_path):
    """The Ray engine's driver has DuckDB read each unit's Parquet files into the store; that
    must store what saving the same records does, a replaced article included."""
    corpus = invented_corpus(tmp_path / "corpus")
    raws = [RawDoc(str(path), path.read_text(encoding="utf-8"), "text") for path in sorted(corpus.glob("0*.txt"))]
    dictionary = ActorDictionary.load()

    def analysed(docs: list[RawDoc]) -> list:
        return workers.analyse(docs, LineStats(), dictionary, None).split()[0]

    first = analysed(raws)
    assert len({actor.id for p in first for actor in p.actors}) < sum(len(p.actors) for p in first)  # merged
    changed = [RawDoc(raws[0].origin, raws[0].content.replace("bridge", "tunnel"), "text"), *raws[1:3]]
    with Store(tmp_path / "saved.duckdb") as saved, Store(tmp_path / "loaded.duckdb") as loaded:
        for index, batch in enumerate([first, analysed(changed)]):
            said = saved.save_articles([(p.article, p.records(), p.actors) for p in batch], "run", "key")
            write_unit(tmp_path / "units", index, batch)
            assert loaded.load_articles(part(tmp_path / "units", index), "run", "key") == said
            assert _tables(loaded) == _tables(saved)
        assert said == ["updated"] * 3
        assert any("tunnel" in text for (text,) in loaded.con.execute("SELECT text FROM articles").fetchall())
        created, updated = loaded.con.execute("SELECT created, updated FROM articles WHERE origin = ?",
                                              [raws[0].origin]).fetchone()
        assert created < updated  # replaced in place: first stored then, updated now
        assert loaded.load_articles(part(tmp_path / "units", 0), "run", "key") == ["updated"] * len(first)
