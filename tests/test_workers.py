"""`sitroom run --workers N`: batches analysed on N processes store exactly what one process stores."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.actors import ActorDictionary
from sitroom.clean import LineStats
from sitroom.cli import main
from sitroom.config import RunConfig
from sitroom.records import Failure, RawDoc
from sitroom.runners import local, workers
from sitroom.runners.local import run_local
from sitroom.runners.units import part, write_unit
from sitroom.runners.workers import BatchJob, Setup, WorkerFailed, WorkerPool, analyse_batches
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


def test_two_workers_store_what_one_stores(tmp_path, monkeypatch):
    corpus = invented_corpus(tmp_path / "corpus")
    one = run_and_export(corpus, tmp_path / "one.duckdb", "--workers", "1", "--batch-size", "3")
    # The store written in several groups (of two batches or more) rather than once at the end.
    monkeypatch.setattr(local, "WRITE_GROUP_ARTICLES", 4)
    written, save_articles = [], Store.save_articles
    monkeypatch.setattr(Store, "save_articles", lambda store, items, *args: written.append(len(items))
                        or save_articles(store, items, *args))
    two = run_and_export(corpus, tmp_path / "two.duckdb", "--workers", "2", "--batch-size", "3")
    assert written == [6, 3]
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
            assert loaded.load_articles([part(tmp_path / "units", index)], "run", "key") == said
            assert _tables(loaded) == _tables(saved)
        assert said == ["updated"] * 3
        assert any("tunnel" in text for (text,) in loaded.con.execute("SELECT text FROM articles").fetchall())
        created, updated = loaded.con.execute("SELECT created, updated FROM articles WHERE origin = ?",
                                              [raws[0].origin]).fetchone()
        assert created < updated  # replaced in place: first stored then, updated now
        assert loaded.load_articles([part(tmp_path / "units", 0)], "run", "key") == ["updated"] * len(first)
    # Several units in one write (the driver loads them so): what saving their records at once stores.
    with Store(tmp_path / "saved2.duckdb") as saved, Store(tmp_path / "loaded2.duckdb") as loaded:
        halves = [first[:2], first[2:]]
        for index, batch in enumerate(halves):
            write_unit(tmp_path / "units2", index, batch)
        said = saved.save_articles([(p.article, p.records(), p.actors) for p in first], "run", "key")
        folders = [part(tmp_path / "units2", index) for index in (0, 1)]
        assert loaded.load_articles(folders, "run", "key") == said == ["new"] * len(first)
        assert _tables(loaded) == _tables(saved)


def _spawned_workers() -> list[int]:
    """The worker processes this process started (``spawn``: each runs ``spawn_main``)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and b"spawn_main" in command:
            found.append(int(pid))
    return found


def test_a_worker_killed_mid_run_loses_nothing(tmp_path, monkeypatch):
    # The out-of-memory killer (here: this test) ends a worker while batches are in flight on the
    # pool: they are analysed again, the pool is started again, and the run stores what it would have.
    corpus = invented_corpus(tmp_path / "corpus")
    killed: list[int] = []

    def kill_a_worker_once(origin: str) -> None:
        if not killed and (pids := _spawned_workers()):
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    analysed_alone = []
    alone = WorkerPool.alone

    def counted(pool, function, *args):
        analysed_alone.append(args[1])
        return alone(pool, function, *args)

    monkeypatch.setattr(WorkerPool, "alone", counted)
    config = RunConfig.create([str(corpus)], tmp_path / "killed.duckdb", workers=2, batch_size=1)
    with Store(config.db) as store:
        summary = run_local(config, store, on_document=kill_a_worker_once)
    assert killed and analysed_alone  # the batches lost with the worker were analysed again
    assert [f.stage for f in summary.failures] == ["ingest"]  # the empty file alone
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--db", str(config.db), "--out", str(tmp_path / "killed.out")]).exit_code == 0
    killed_export = {p.name: p.read_text(encoding="utf-8") for p in sorted((tmp_path / "killed.out").glob("*.jsonl"))}
    assert killed_export == run_and_export(corpus, tmp_path / "one.duckdb", "--workers", "1", "--batch-size", "1")


def _dies_on_poison(setup: Setup, raws: list[RawDoc], stats: LineStats):
    """A worker's batch analysis that ends its process on a document named "poison" (as the
    out-of-memory killer or a crash in native code would), else the workers' own."""
    if any(raw.origin == "poison" for raw in raws):
        os._exit(1)
    return workers._analyse_in_worker(setup, raws, stats)


def test_a_batch_that_kills_its_worker_every_time_fails_alone():
    story = "Orrin news\n\nThe mayor of Orrin spoke on Monday about the harbour and the ferries to Kestria.\n"
    jobs = [_job(i, story) for i in range(5)]
    jobs[2] = BatchJob([RawDoc("poison", story, "text")], LineStats(), 2)
    with WorkerPool(2, analyse=_dies_on_poison) as pool:
        results = list(analyse_batches(jobs, Setup(), ActorDictionary.load(), pool))
    assert [tag for tag, _ in results] == list(range(5))
    poisoned = results[2][1].results
    assert len(poisoned) == 1 and isinstance(poisoned[0], Failure)
    assert (poisoned[0].origin, poisoned[0].stage) == ("poison", "worker") and "analysed alone" in poisoned[0].error
    assert [r.results[0].article.origin for i, (_, r) in enumerate(results) if i != 2] == ["doc0", "doc1", "doc3", "doc4"]


def test_workers_that_die_whatever_they_analyse_stop_the_run():
    # Too little memory for the model, say: every batch kills its worker, alone too. When the first
    # few all do, the run stops with the reason, rather than trying every batch twice.
    story = "Orrin news\n\nThe mayor of Orrin spoke on Monday.\n"
    jobs = [BatchJob([RawDoc("poison", story, "text")], LineStats(), i) for i in range(6)]
    with WorkerPool(2, analyse=_dies_on_poison) as pool:
        with pytest.raises(WorkerFailed, match=f"each of the first {workers.DEATHS_BEFORE_ANY_BATCH} batches"):
            list(analyse_batches(jobs, Setup(), ActorDictionary.load(), pool))


def test_poison_batches_side_by_side_after_a_good_one_do_not_stop_the_run():
    story = "Orrin news\n\nThe mayor of Orrin spoke on Monday about the harbour.\n"
    jobs = [_job(i, story) for i in range(6)]
    for i in (1, 2, 3):
        jobs[i] = BatchJob([RawDoc("poison", story, "text")], LineStats(), i)
    with WorkerPool(2, analyse=_dies_on_poison) as pool:
        results = list(analyse_batches(jobs, Setup(), ActorDictionary.load(), pool))
    assert [tag for tag, _ in results] == list(range(6))
    assert [type(r.results[0]).__name__ for _, r in results] == ["Processed", "Failure", "Failure", "Failure",
                                                                   "Processed", "Processed"]


def _redate_dies_on_poison(setup: Setup, articles: list, dates: dict):
    """A worker's analysis of articles dated from other reports that ends its process on one named
    "poison", else the workers' own."""
    if any(article.origin == "poison" for article in articles):
        os._exit(1)
    return workers._redate_in_worker(setup, articles, dates)


def _dated_articles() -> tuple[list, dict[str, tuple[str, str]]]:
    """Three stored-like articles, undated, the second named "poison", and a date for each."""
    story = "Orrin news\n\nThe mayor of Orrin spoke about the harbour, and said on Tuesday that ferries to Kestria resume.\n"
    raws = [RawDoc(origin, story.replace("Orrin", town), "text") for origin, town in
            (("doc0", "Orrin"), ("poison", "Tessel"), ("doc2", "Brann"))]
    processed, failed = workers.analyse(raws, LineStats(), ActorDictionary.load(), None).split()
    assert not failed and all(p.article.published is None for p in processed)
    articles = [p.article for p in processed]
    return articles, {article.id: ("2022-01-12", "dated from other reports") for article in articles}


def test_articles_dated_from_other_reports_that_kill_their_worker_keep_their_records(monkeypatch):
    # On the run's workers, a chunk at a time: the chunk that kills its worker, alone too, is not
    # redone; the others are, in order, and nothing stops the run.
    articles, dates = _dated_articles()
    monkeypatch.setattr(workers, "REDATE_CHUNK", 1)
    with WorkerPool(2, redate=_redate_dies_on_poison) as pool:
        pool.submit(os.getpid).result()  # the run's workers, started by its batches
        redone = workers.redate(articles, dates, Setup(), ActorDictionary.load(), pool)
    assert [r.article.origin if not isinstance(r, Failure) else r.origin for r in redone] == ["doc0", "poison", "doc2"]
    assert [r.article.published for r in redone if not isinstance(r, Failure)] == ["2022-01-12", "2022-01-12"]
    assert redone[1].stage == "worker" and "keeps its stored records" in redone[1].error
    # Chunks of two: the chunk that dies takes its other article with it, which keeps its records too.
    monkeypatch.setattr(workers, "REDATE_CHUNK", 2)
    with WorkerPool(2, redate=_redate_dies_on_poison) as pool:
        pool.submit(os.getpid).result()
        redone = workers.redate(articles, dates, Setup(), ActorDictionary.load(), pool)
    assert [type(r).__name__ for r in redone] == ["Failure", "Failure", "Processed"]
    assert redone[2].article.origin == "doc2" and redone[2].article.published == "2022-01-12"
    # Not on the run's workers (none were started: Ray's runner, say): on a process of its own.
    monkeypatch.setattr(workers.nlp, "loaded", lambda: False)
    alone = workers.redate(articles, dates, Setup(), ActorDictionary.load(), WorkerPool(2, redate=_redate_dies_on_poison))
    assert [type(r).__name__ for r in alone] == ["Failure"] * 3
    fine = workers.redate(articles[::2], dates, Setup(), ActorDictionary.load(), WorkerPool(2, redate=_redate_dies_on_poison))
    assert [r.article.published for r in fine] == ["2022-01-12", "2022-01-12"]


def test_a_run_stopped_by_ctrl_c_keeps_what_it_had_analysed(tmp_path):
    """Analysed articles wait to be written in groups; Ctrl-C writes the waiting group, so the
    articles analysed before it are stored (as the message on Ctrl-C says) and not analysed again."""
    corpus = invented_corpus(tmp_path / "corpus")
    seen: list[str] = []

    def ctrl_c_after_two_batches(origin: str) -> None:
        seen.append(origin)
        if len(seen) == 6:
            raise KeyboardInterrupt

    config = RunConfig.create([str(corpus)], tmp_path / "stopped.duckdb", workers=1, batch_size=3)
    with Store(config.db) as store:
        with pytest.raises(KeyboardInterrupt):
            run_local(config, store, on_document=ctrl_c_after_two_batches)
        assert sorted(origin for (origin,) in store.con.execute("SELECT origin FROM articles").fetchall()) == sorted(seen)
        again = run_local(config, store)
    assert (again.unchanged, again.new) == (6, 3)


def test_a_write_group_keeps_input_order_and_writes_before_an_origin_comes_again(monkeypatch):
    monkeypatch.setattr(local, "WRITE_GROUP_ARTICLES", 3)
    writes: list[tuple[list[str], list[str]]] = []

    def write(items: list[str], failures: list[Failure]) -> None:
        writes.append((items, [f.origin for f in failures]))

    with local.WriteGroup[str](write) as group:
        group.add(["a"], 1, [], ["a"])
        group.add(["b"], 1, [Failure("c", "clean", "no text")], ["b", "c"])
        group.add(["a again"], 1, [], ["a"])  # its origin waits already: the group so far is written first
        group.add(["d", "e"], 2, [], ["d", "e"])  # three articles: written
        group.add([], 0, [Failure("f", "ingest", "empty")], ["f"])
    assert writes == [(["a", "b"], ["c"]), (["a again", "d", "e"], []), ([], ["f"])]

    # A run that stops with an error writes what waits, and its own error is the one raised, even
    # when that write fails too.
    writes.clear()
    with pytest.raises(KeyError):
        with local.WriteGroup[str](write) as group:
            group.add(["g"], 1, [], ["g"])
            raise KeyError("stopped")
    assert writes == [(["g"], [])]

    def broken(items: list[str], failures: list[Failure]) -> None:
        raise OSError("disk full")

    with pytest.raises(KeyboardInterrupt):
        with local.WriteGroup[str](broken) as group:
            group.add(["h"], 1, [], ["h"])
            raise KeyboardInterrupt
