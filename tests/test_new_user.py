"""What a new user trips over: odd inputs, read commands, listings and exit codes (issue: new user)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import main
from sitroom.ingest import read_paths
from sitroom.ingest.files import decode, reads_naturally
from sitroom.records import Failure, RawDoc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STORY = ("The envoys of Valdoria and Kestria resumed their talks in Orrin on Monday after a pause of three weeks.\n\n"
         "Both delegations said the harbour dispute would top the agenda when they meet again next month.\n")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ----------------------------------------------------------------------------- stray bytes

def test_stray_bytes_in_an_english_file_never_become_another_script():
    damaged = (STORY * 5).encode("ascii").replace(b"talks", b"ta\xeblks", 2).replace(b"pause", b"pa\xe4\xf1se", 1)
    try:
        text, encoding = decode(damaged, "x.txt")
    except Exception as exc:  # failing is allowed; mojibake is not
        assert "invalid UTF-8 at byte" in str(exc) and "re-save it as UTF-8" in str(exc)
        return
    assert reads_naturally(text), (encoding, text[:120])
    assert not any("CYRILLIC" in __import__("unicodedata").name(c, "") for c in text), encoding


def test_real_legacy_encodings_still_decode():
    russian = "Переговоры в Женеве возобновились в понедельник после паузы. "
    assert decode(russian.encode("cp1251") * 10, "r.txt")[0].startswith(russian)
    assert "café" in decode("Le café est très chaud à Genève, déjà à midi. ".encode("latin-1") * 8, "f.txt")[0]


def test_mixed_scripts_inside_words_do_not_read_naturally():
    assert not reads_naturally("The tаlks in Оrrin rеsumed" * 3 + " cafй наш")  # Cyrillic letters in Latin words
    assert reads_naturally("Le café à Genève; переговоры в Женеве")


# ----------------------------------------------------------------------------- clear reasons

def test_bad_json_line_names_line_column_and_problem(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "fine line of text"}\n{"text": "a\tb"}\n{"text": "x"\n')
    failures = [item for item in read_paths([str(path)]) if isinstance(item, Failure)]
    assert len(failures) == 2
    assert "line 2, column" in failures[0].error and "control character" in failures[0].error
    assert "escaped" in failures[0].error and not failures[0].error.rstrip(";").endswith(" at")
    assert "line 3, column" in failures[1].error and "expecting" in failures[1].error


def test_text_over_the_parser_limit_says_why_and_what_to_do():
    from sitroom.pipeline import _parse
    from sitroom.records import Article

    docs = _parse([Article(id="a", origin="a", text="word " * 220_000),
                   Article(id="b", origin="b", text="The mayor spoke. The council listened.")])
    assert isinstance(docs[0], str) and "over spaCy's limit" in docs[0] and "no sentence breaks" in docs[0]
    assert "split the input" in docs[0]
    assert not isinstance(docs[1], str)


# ----------------------------------------------------------------------------- read commands, run checks

def test_read_commands_never_create_a_database(tmp_path: Path):
    db = tmp_path / "typo.duckdb"
    for command in (["actors"], ["quotes"], ["export", "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, [*command, "--db", str(db)])
        assert result.exit_code == 3 and "no such database" in result.output
        assert not db.exists()
    assert "to read" in run("quotes", "--help").output and "created if missing" not in run("actors", "--help").output


def test_a_mistyped_input_path_creates_nothing(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "articels"), "--db", str(db)])
    assert result.exit_code == 2 and "no such file or directory" in result.output and "nothing was written" in result.output
    assert not db.exists()


def test_read_commands_wait_for_a_running_writer_then_say_so(tmp_path: Path, monkeypatch):
    import sitroom.command as cli

    db = tmp_path / "s.duckdb"
    run("run", str(EXAMPLES / "corpus" / "001_valdoria_talks.txt"), "--db", str(db), "-q")
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               f"print('ready', flush=True); time.sleep(2.5)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setattr(cli, "READ_WAIT_SECONDS", 0.3)
        busy = CliRunner().invoke(main, ["quotes", "--db", str(db)])
        assert busy.exit_code == 3 and "is writing the database" in busy.output and "try again" in busy.output
        monkeypatch.setattr(cli, "READ_WAIT_SECONDS", 10.0)
        started = time.monotonic()
        waited = CliRunner().invoke(main, ["quotes", "--db", str(db)])
        assert waited.exit_code == 0 and time.monotonic() - started > 0.5, waited.output
    finally:
        holder.wait(timeout=10)


def test_ctrl_c_exits_130(tmp_path: Path, monkeypatch):
    import sitroom.runners.local as local

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(local, "run_local", interrupted)
    result = CliRunner().invoke(main, ["run", str(EXAMPLES / "corpus"), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 130 and "interrupted" in result.output


def test_explain_a_jsonl_file_record_by_record(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps({"text": STORY, "title": f"Talks resume, part {i}"}) for i in (1, 2)) + "\n")
    both = run("explain", str(path))
    assert both.output.count("feed.jsonl#L") == 2 and "line None" not in both.output
    assert "declared by the source" in both.output
    second = run("explain", "--record", "2", str(path))
    assert second.output.count("feed.jsonl#L") == 1 and "part 2" in second.output
    assert CliRunner().invoke(main, ["explain", "--record", "3", str(path)]).exit_code == 2


def test_actors_listing_prints_whole_ids(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    run("run", str(EXAMPLES / "corpus"), "--actors", str(EXAMPLES / "actors.yaml"), "--db", str(db), "-q")
    listing = run("actors", "--db", str(db), "--json")
    ids = [json.loads(line)["id"] for line in listing.output.splitlines()]
    longest = max(ids, key=len)
    assert len(longest) > 20 and longest in run("actors", "--db", str(db)).output


# ----------------------------------------------------------------------------- listings

def _corpus_with_dated_and_undated(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    quote = "“We will not give up our fishing rights,” said Mayor Tove Lind of Orrin.\n\n"
    (corpus / "dated.txt").write_text("Orrin holds firm\n\nPublished March 2, 2026\n\n" + STORY + "\n" + quote)
    other = ("Farmers in the Velmark valley blocked the northern highway for a second day over grain prices.\n\n"
             "“We cannot sell below cost,” said Anja Holt, who leads the growers' union.\n\n"
             "The ministry of agriculture said it would meet the union's delegates later in the week.\n")
    (corpus / "undated.txt").write_text("Valley farmers block highway\n\n" + other)
    return corpus


def test_a_date_filter_says_how_many_undated_records_it_left_out(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    run("run", str(_corpus_with_dated_and_undated(tmp_path)), "--db", str(db), "-q")
    filtered = run("quotes", "--db", str(db), "--since", "2026-01-01")
    assert "2 quotes\n" in filtered.stdout and "undated" not in filtered.stdout
    assert "2 quotes of articles with no known date were left out" in filtered.stderr
    assert "--include-undated" in filtered.output
    everything = run("quotes", "--db", str(db), "--since", "2026-01-01", "--include-undated")
    assert "4 quotes" in everything.output and "left out" not in everything.output


def test_a_duplicate_adds_a_report_not_records(tmp_path: Path):
    corpus = _corpus_with_dated_and_undated(tmp_path)
    db = tmp_path / "s.duckdb"
    run("run", str(corpus), "--db", str(db), "-q")
    before = run("quotes", "--db", str(db), "--json").output.splitlines()
    mentions_before = {json.loads(l)["id"]: json.loads(l)["mentions"] for l in run("actors", "--db", str(db), "--json").output.splitlines()}
    shutil.copy(corpus / "dated.txt", corpus / "dated_copy.txt")
    run("run", str(corpus), "--db", str(db), "-q")
    after = [json.loads(line) for line in run("quotes", "--db", str(db), "--json").output.splitlines()]
    assert len(after) == len(before)
    copied = next(q for q in after if q["also_reported_by"])
    assert copied["also_reported_by"] == [str(corpus / "dated_copy.txt")]
    mentions_after = {json.loads(l)["id"]: json.loads(l)["mentions"] for l in run("actors", "--db", str(db), "--json").output.splitlines()}
    assert mentions_after == mentions_before
    out = tmp_path / "out"
    run("export", "--db", str(db), "--out", str(out))
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    copy_id = next(a["id"] for a in articles if a["origin"].endswith("dated_copy.txt"))
    for name in ("quotes", "mentions", "timexes"):
        assert all(r["article"] != copy_id for r in map(json.loads, (out / f"{name}.jsonl").read_text().splitlines()))
