"""`sitroom run --engine ray`: the per-article stages on Ray Data (a local Ray instance here),
the records through Parquet into the store, the link pass after them; and the Parquet directory
it leaves opens as a read-only store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray[data]')")

from sitroom.cli import main  # noqa: E402
from sitroom.ingest import IngestOptions  # noqa: E402
from sitroom.records import Failure  # noqa: E402
from sitroom.runners import local  # noqa: E402
from sitroom.runners.units import plan_units  # noqa: E402
from sitroom.runners.link_pass import link_database  # noqa: E402
from sitroom.runners.ray_link import map_on_ray  # noqa: E402
from sitroom.runners.ray_data import LinkOnRay, UnitAnalyser  # noqa: E402
from sitroom.store import Store, StoreError  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (starting one takes seconds).

    Ray's driver prints what its raylets report (a worker that died, say) on whatever standard
    output is when the report arrives. A run of the CLI keeps them off its output: its Ray ends,
    and the thread that prints them with it, while standard output is standard error. This Ray
    outlives each run, so a report from one run can arrive while the next prints its summary; here
    they go to standard error whenever they come."""
    from ray._private import worker

    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=128 * 1024 * 1024)
    except Exception as exc:  # no shared memory, ports refused: an environment without Ray
        pytest.skip(f"Ray cannot start here ({type(exc).__name__}: {exc})")
    print_report = worker.print_to_stdstream
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worker, "print_to_stdstream",
                      lambda data, *args, **kw: print_report({**data, "is_err": True}, *args, **kw))
        yield
        ray.shutdown()


def _run_and_export(corpus: Path, db: Path, *options: str) -> dict[str, bytes]:
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(corpus), "--db", str(db), "--json", "--batch-size", "2", *options])
    assert result.exit_code == 0, result.output
    out = db.with_suffix(".out")
    assert runner.invoke(main, ["export", "--db", str(db), "--out", str(out)]).exit_code == 0
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl"))}


def test_ray_and_one_and_two_workers_store_the_same_reference_corpus(tmp_path, shared, local_ray, monkeypatch):
    corpus = shared("corpus", "ukraine-2022-01")
    one = _run_and_export(corpus, tmp_path / "one.duckdb", "--workers", "1")
    monkeypatch.setattr(local, "WRITE_GROUP_ARTICLES", 3)  # the others write the store in two groups
    loaded, load_articles = [], Store.load_articles
    monkeypatch.setattr(Store, "load_articles", lambda store, folders, *args: loaded.append(len(folders))
                        or load_articles(store, folders, *args))
    two = _run_and_export(corpus, tmp_path / "two.duckdb", "--workers", "2")
    on_ray = _run_and_export(corpus, tmp_path / "ray.duckdb", "--engine", "ray", "--workers", "2")
    assert one == two == on_ray
    # Units of two articles, written in two groups: one of two units and one of one (which comes first
    # depends on the order units come back in: when the last unit but one does, the driver writes
    # those it has stored).
    assert sorted(loaded) == [1, 2]
    assert json.loads(one["events.jsonl"].splitlines()[0])["article"]
    # The Parquet directory the Ray run left is the same store.
    out = tmp_path / "from-parquet"
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "ray.parquet"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl"))} == one
    assert not (tmp_path / "ray.parquet" / "stages").exists()  # the units' files are gone once stored


def test_a_second_ray_run_finds_everything_unchanged(tmp_path, local_ray):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, town in enumerate(["Orrin", "Kestria", "Valdor"]):
        (corpus / f"{i}.txt").write_text(f"{town} opens its harbour\n\nThe mayor of {town} said on Monday that the "
                                         f"harbour would open to ferries from {town} next week.\n", encoding="utf-8")
    (corpus / "bad.json").write_text("{not json", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["run", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--engine", "ray", "--json"])
    assert first.exit_code == 1, first.output  # the bad file fails alone
    summary = json.loads(first.stdout)  # what Ray logs goes to stderr
    assert summary["new"] == 3 and len(summary["failures"]) == 1 and "bad.json" in summary["failures"][0]["origin"]
    again = runner.invoke(main, ["run", str(corpus), "--db", str(tmp_path / "s.duckdb"), "--engine", "ray", "--json"])
    assert json.loads(again.stdout)["unchanged"] == 3


def test_the_link_pass_runs_on_ray_with_its_blocks_as_tasks_and_decides_as_here(tmp_path, shared, local_ray,
                                                                               monkeypatch):
    corpus = shared("corpus", "ukraine-2022-01")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    here = local.link_in_own_process(db)
    assert here.clusters and here.stories
    assert LinkOnRay()(db) == here
    # Blocks of one pair and one event type, each a Ray task: the same decisions.
    monkeypatch.setattr("sitroom.link.copies.SKETCH_PAIRS_PER_BLOCK", 1)
    monkeypatch.setattr("sitroom.link.clusters.EVENTS_PER_BLOCK", 1)
    sent: list[str] = []

    def counted(function, blocks):
        return map_on_ray(function, (sent.append(type(block).__name__) or block for block in blocks))

    assert _clusters_by_id(link_database(db, None, counted)) == _clusters_by_id(here)
    assert sent.count("EventBlock") >= 3


def test_a_link_pass_or_block_that_dies_on_ray_ends_the_run_with_one_line(tmp_path, local_ray):
    from sitroom.runners.workers import WorkerFailed

    def killed(*args):
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would

    def blocks_killed(path, alike, map_blocks):
        return list(map_blocks(killed, [1, 2]))

    def blocks_failing(path, alike, map_blocks):
        return list(map_blocks(lambda block: int("not a number"), [1, 2]))

    for link_pass in (killed, blocks_killed):
        with pytest.raises(WorkerFailed) as failed:
            LinkOnRay(link_pass)(tmp_path / "s.duckdb")
        assert "the link pass failed on Ray" in str(failed.value) and "\n" not in str(failed.value)
    # A block's own error is raised as itself, as when the pass runs here.
    with pytest.raises(ValueError, match="not a number"):
        LinkOnRay(blocks_failing)(tmp_path / "s.duckdb")


HARBOUR_TALKS = [
    "Envoys of Orrin and Tessaly met in the port city of Varn on Tuesday to discuss the disputed harbour.",
    "The Orrin delegation asked for a joint patrol of the northern channel during the fishing season.",
    "Tessaly's foreign minister said her government would answer the proposal in writing within a week.",
    "Both sides agreed to keep their coast guard vessels out of the channel until the answer arrives.",
    "Fishing crews from the two countries have been barred from the harbour since the spring.",
    "A second round of talks is planned for next month in the Tessalian capital, officials said.",
]


def test_copies_compared_in_blocks_on_ray_are_those_found_here(local_ray, monkeypatch):
    from sitroom.link.copies import find_copies
    from sitroom.records import Article

    def report(id_: str, paragraphs: list[str]) -> Article:
        return Article(id=id_, origin=f"/in/{id_}.txt", text="\n\n".join(paragraphs), title="Harbour talks")

    swaps = {"said": "stated", "met": "gathered", "asked for": "sought", "agreed": "consented", "planned": "due"}
    rewritten = list(HARBOUR_TALKS)
    for old, new in swaps.items():
        rewritten = [paragraph.replace(old, new) for paragraph in rewritten]
    articles = [report("original", HARBOUR_TALKS), report("cut", HARBOUR_TALKS[1:]), report("rewrite", rewritten),
                report("other", ["The harbour of Varn reopened to ferries after a storm damaged its main pier."] * 3)]
    here = find_copies(articles)
    assert here.alike.near and here.alike.rewritten
    monkeypatch.setattr("sitroom.link.copies.SKETCH_PAIRS_PER_BLOCK", 1)
    monkeypatch.setattr("sitroom.link.copies.SENTENCE_PAIRS_PER_BLOCK", 1)
    sent: list[int] = []

    def counted(function, blocks):
        return map_on_ray(function, (sent.append(len(block.pairs)) or block for block in blocks))

    assert find_copies(articles, map_blocks=counted) == here
    assert len(sent) >= 4 and set(sent) == {1}


def test_blocks_run_as_ray_tasks_in_their_order_and_a_lone_block_here(local_ray):
    def square_where(n: int) -> tuple[int, int]:
        return n * n, os.getpid()

    found = list(map_on_ray(square_where, iter(range(7))))
    assert [n for n, _ in found] == [n * n for n in range(7)]
    assert os.getpid() not in {pid for _, pid in found}
    assert list(map_on_ray(square_where, [3])) == [(9, os.getpid())]
    assert list(map_on_ray(square_where, [])) == []


def _clusters_by_id(updates):
    return replace(updates, clusters=sorted(updates.clusters, key=lambda c: c.id))


def test_fewer_units_than_workers_start_no_idle_actors(tmp_path, local_ray):
    # One unit of work: one actor loads the model, not one per worker with nothing to do (Ray Data
    # warns of those on the run's output).
    (tmp_path / "one.txt").write_text("Orrin opens its harbour\n\nThe mayor said the harbour would open.\n")
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["run", str(tmp_path / "one.txt"), "--db", str(tmp_path / "s.duckdb"),
                                           "--engine", "ray", "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 1
    assert not [w for w in warned if "concurrent actors" in str(w.message)]


def test_once_fewer_units_are_out_than_actors_the_driver_does_what_waits_for_the_end(
        tmp_path, local_ray, monkeypatch):
    # The last unit on one of two actors leaves the other idle: when the last unit but one comes back,
    # the driver starts the link pass's process and writes what it holds, not after the last unit.
    from sitroom.runners import ray_data

    (tmp_path / "in").mkdir()
    for i in range(5):
        (tmp_path / "in" / f"{i}.txt").write_text(f"Orrin opens harbour {i}\n\nThe mayor said harbour {i} would open.\n")
    happened: list[str] = []
    start, result_from_json = ray_data.LinkOnRay.start, ray_data._result_from_json
    monkeypatch.setattr(ray_data.LinkOnRay, "start",
                        lambda link: happened.append("start" if link.process is None else "started") or start(link))
    monkeypatch.setattr(ray_data, "_result_from_json", lambda text: happened.append("back") or result_from_json(text))
    summary, stored = _run_ray_with(UnitAnalyser, tmp_path / "in", tmp_path / "s.duckdb")
    assert len(stored) == 5 and not summary.failures
    assert happened == ["back"] * 4 + ["start", "back", "started"]  # the pass finds its process started


def test_ray_workers_here_import_this_sitroom_though_another_comes_first(tmp_path):
    # Another sitroom first on the import path (an older install, say): the command imports this
    # one, and so must the workers of the Ray it starts; its own environment is left as it was.
    decoy = tmp_path / "elsewhere" / "sitroom"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('the other sitroom')\n", encoding="utf-8")
    import sitroom

    here = str(Path(sitroom.__file__).resolve().parent.parent)
    script = (f"import os, sys; sys.path.insert(0, {here!r}); import ray; "
              "from sitroom.runners.ray_data import start_local_ray; start_local_ray(1); "
              "where = ray.remote(lambda: __import__('sitroom').__file__); "
              "print(ray.get(where.remote())); print(os.environ['PYTHONPATH']); ray.shutdown()")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(decoy.parent)})
    assert result.returncode == 0, result.stderr[-2000:]
    imported, environment = result.stdout.split("\n")[:2]
    assert Path(imported).resolve() == Path(sitroom.__file__).resolve()
    assert environment == str(decoy.parent)


def test_what_ray_prints_during_a_run_goes_to_standard_error(tmp_path, local_ray, capsys):
    # Ray prints its processes' reports ("(raylet) A worker died ...") on standard output, from a
    # thread of its own, whenever they come: during a run they must not land in `run --json`'s output.
    from sitroom.config import RunConfig
    from sitroom.runners.ray_data import _ray

    with _ray(RunConfig.create([str(tmp_path)], tmp_path / "s.duckdb", engine="ray")):
        print("(raylet) as Ray's listener prints")
    print("the summary")
    out, err = capsys.readouterr()
    assert out == "the summary\n" and err == "(raylet) as Ray's listener prints\n"


def test_units_follow_the_local_batches_and_give_each_shard_its_own(tmp_path):
    for name in ["a.txt", "b.txt", "c.txt", "d.jsonl", "e.txt", "f.warc.gz"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    units = plan_units([str(tmp_path), str(tmp_path / "missing.txt")], IngestOptions(), batch_size=2)
    names = [[e.path.name if not isinstance(e, Failure) else "missing" for e in u.entries] for u in units]
    assert names == [["a.txt", "b.txt"], ["c.txt"], ["d.jsonl"], ["e.txt"], ["f.warc.gz"], ["missing"]]
    assert [u.index for u in units] == list(range(6))


def test_a_parquet_directory_opens_read_only_and_only_if_it_is_one(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.start_run(["x"], "0")
        store.write_parquet(tmp_path / "p")
    with Store(tmp_path / "p", read_only=True) as store:
        assert store.count("runs") == 1 and store.count("articles") == 0
        assert "published" in store.columns("articles")
    with pytest.raises(StoreError, match="read-only"):
        Store(tmp_path / "p")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="not a sitroom Parquet directory"):
        Store(tmp_path / "empty", read_only=True)


def _articles(folder: Path) -> list[Path]:
    """Five one-article files, in input order; the first is named "poison"."""
    folder.mkdir()
    texts = {"0_poison.txt": "Valdoria talks resume\n\nEnvoys of Valdoria met in Port Elara on Tuesday.\n",
             "a.txt": "Kestria closes its border\n\nThe interior minister of Kestria closed the border on Monday.\n",
             "b.txt": "Tessel hosts a summit\n\nThe mayor of Tessel said the summit would open on Friday.\n",
             "c.txt": "Orrin opens its harbour\n\nThe harbour of Orrin opened to ferries from Kestria on Sunday.\n",
             "d.txt": "Marenkivka votes\n\nVoters in Marenkivka chose a new council on Saturday, officials said.\n"}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in texts]


def _run_ray_with(analyser, corpus: Path, db: Path):
    """A Ray run of the folder, one file a unit, on actors of class ``analyser``; it fails the
    test rather than hang where a unit is tried again without end."""
    from sitroom.config import RunConfig
    from sitroom.runners.ray_data import run_ray

    def hung(*_):
        raise TimeoutError("the Ray run did not end in 240 s")

    config = RunConfig.create([str(corpus)], db, workers=2, engine="ray", batch_size=1)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(240)
    try:
        with Store(db) as store:
            summary = run_ray(config, store, analyser=analyser)
            return summary, sorted(a.origin for a in store.records("articles"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# Ray's workers cannot import this module: Ray sends its classes by value (the runner's own process,
# which analyses a lost unit again, imports it by name).
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])


class DiesOnPoison(UnitAnalyser):
    """An actor whose process ends on a unit with a file named "poison" (as the out-of-memory
    killer or a crash in native code would end it). At module level: the unit is analysed again
    on a process of the runner's, which imports it by name."""

    def __call__(self, batch):
        if any("poison" in entries for entries in batch["entries"]):
            os._exit(1)
        return super().__call__(batch)


class DiesOnceOnPoison(UnitAnalyser):
    """The same, the first time only (a file beside it says it has)."""

    def __call__(self, batch):
        for entries in batch["entries"]:
            for _, path, *_ in json.loads(entries):
                marker = Path(path + ".died")
                if "poison" in path and not marker.exists():
                    marker.touch()
                    os._exit(1)
        return super().__call__(batch)


def test_a_unit_whose_actor_dies_on_every_try_is_recorded_and_the_run_goes_on(tmp_path, local_ray):
    # Out of memory or a crash in native code kills the actor's process, and with it the unit queued
    # next on that actor. Both are analysed again, on a process beside the runner: the healthy
    # one is stored, the one that kills that process too is a failure (Ray Data's own default tried
    # it again without end). They come first, with more units than actors, so that another unit is
    # queued behind them; there are as many as stop a run whose every unit dies, but units analysed
    # on Ray show that it is not every unit.
    from sitroom.runners.ray_data import LOST
    from sitroom.runners.workers import DEATHS_BEFORE_ANY_BATCH

    files = _articles(tmp_path / "in")
    for i in range(1, DEATHS_BEFORE_ANY_BATCH):
        files[i] = files[i].rename(files[i].with_name(f"{files[i].stem}_poison.txt"))
    poisons, healthy = files[:DEATHS_BEFORE_ANY_BATCH], files[DEATHS_BEFORE_ANY_BATCH:]
    summary, stored = _run_ray_with(DiesOnPoison, tmp_path / "in", tmp_path / "s.duckdb")
    assert stored == [str(f) for f in healthy]
    assert [(f.origin, f.stage, f.error) for f in summary.failures] == [(str(f), "worker", LOST) for f in poisons]
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert [f["origin"] for f in store.failures(summary.run_id)] == [str(f) for f in poisons]


class AlwaysDies(UnitAnalyser):
    """An actor whose process ends on every unit (too little memory for the model, say)."""

    def __call__(self, batch):
        os._exit(1)


def test_actors_that_die_whatever_they_analyse_stop_the_run(tmp_path, local_ray):
    # Every unit kills its actor on Ray and the process it is analysed again on: when the first few
    # all do, the run stops with the reason (exit status 5), as the local runner's does, rather than
    # try each unit of an archive again, one at a time.
    from sitroom.runners.workers import DEATHS_BEFORE_ANY_BATCH, WorkerFailed

    _articles(tmp_path / "in")
    with pytest.raises(WorkerFailed, match=f"each of the first {DEATHS_BEFORE_ANY_BATCH} batches"):
        _run_ray_with(AlwaysDies, tmp_path / "in", tmp_path / "s.duckdb")


def test_a_unit_that_raises_is_recorded_with_its_error_and_the_run_goes_on(tmp_path, local_ray):
    # A fault outside the stages (here: the unit's records cannot be written, their folder lies
    # under a file) fails the unit's files with the error; the run ends as usual.
    from sitroom.runners.ray_data import UnitAnalyser

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")

    class CannotWrite(UnitAnalyser):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.out = blocker / "stages"

    files = _articles(tmp_path / "in")
    summary, stored = _run_ray_with(CannotWrite, tmp_path / "in", tmp_path / "s.duckdb")
    assert stored == []
    assert sorted(f.origin for f in summary.failures) == sorted(str(f) for f in files)
    assert all("NotADirectoryError" in f.error for f in summary.failures)


def test_a_unit_whose_actor_dies_once_is_analysed_again(tmp_path, local_ray):
    files = _articles(tmp_path / "in")
    summary, stored = _run_ray_with(DiesOnceOnPoison, tmp_path / "in", tmp_path / "s.duckdb")
    assert Path(str(files[0]) + ".died").exists()
    assert stored == sorted(str(f) for f in files) and summary.failures == []


def test_actors_that_cannot_start_end_the_run_with_their_cause(tmp_path, local_ray):
    # A node without sitroom, say: every actor dies in its constructor. The run ends (it does not
    # wait for actors that never come) with one line that names the error at the end of Ray's trace.
    from sitroom.runners.ray_data import UnitAnalyser
    from sitroom.runners.workers import WorkerFailed

    class CannotStart(UnitAnalyser):
        def __init__(self, *args, **kwargs):
            raise ModuleNotFoundError("No module named 'sitroom_on_this_node'")

    _articles(tmp_path / "in")
    with pytest.raises(WorkerFailed) as failed:
        _run_ray_with(CannotStart, tmp_path / "in", tmp_path / "s.duckdb")
    message = str(failed.value)
    assert "\n" not in message and "\x1b" not in message
    assert "ModuleNotFoundError: No module named 'sitroom_on_this_node'" in message
