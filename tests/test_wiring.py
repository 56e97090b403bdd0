"""End to end on the example corpus (no ../shared needed): every stage's records reach the store
and the export, and the corpus-level link pass runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import main
from sitroom.tables import EXPORTED

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, list[dict]]:
    work = tmp_path_factory.mktemp("examples")
    db, out = work / "s.duckdb", work / "out"
    invoke("run", str(EXAMPLES / "corpus"), "--actors", str(EXAMPLES / "actors.yaml"), "--db", str(db), "-q")
    invoke("export", "--db", str(db), "--out", str(out))
    return {p.stem: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
            for p in out.glob("*.jsonl")}


def test_every_table_of_the_registry_is_exported_and_filled(exported):
    for table in EXPORTED:
        assert exported.get(table.name), f"{table.name}.jsonl is missing or empty: is its stage wired in?"


def test_every_offset_slices_back_to_its_text(exported):
    texts = {a["id"]: a["text"] for a in exported["articles"]}
    checked = 0
    for table in EXPORTED:
        for record in exported[table.name]:
            if "article" not in record or "start" not in record:
                continue
            text = texts[record["article"]]
            assert 0 <= record["start"] <= record["end"] <= len(text), (table.name, record)
            if "text" in record:
                assert text[record["start"]:record["end"]] == record["text"], (table.name, record)
            for which in ("speaker", "cue"):
                start, end = record.get(f"{which}_start"), record.get(f"{which}_end")
                if start is not None:
                    assert 0 <= start < end <= len(text), (table.name, which, record)
            checked += 1
    assert checked > 50


def test_a_copy_added_in_a_later_run_is_marked_a_duplicate(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES / "corpus", corpus)
    db = tmp_path / "s.duckdb"
    invoke("run", str(corpus), "--db", str(db), "-q")
    shutil.copy(corpus / "001_valdoria_talks.txt", corpus / "zz_copy_of_001.txt")
    invoke("run", str(corpus), "--db", str(db), "-q")
    out = tmp_path / "out"
    invoke("export", "--db", str(db), "--out", str(out))
    articles = {Path(a["origin"]).name: a for a in map(json.loads, (out / "articles.jsonl").read_text().splitlines())}
    assert articles["zz_copy_of_001.txt"]["duplicate_of"] == articles["001_valdoria_talks.txt"]["id"]
    assert articles["001_valdoria_talks.txt"]["duplicate_of"] is None
    assert sum(a["duplicate_of"] is not None for a in articles.values()) == 1


def test_gdelt_export_has_gdelt_columns_and_counts_happenings(tmp_path: Path):
    from sitroom.gdelt import COLUMNS, iter_rows

    db = tmp_path / "s.duckdb"
    invoke("run", str(EXAMPLES / "corpus"), "--actors", str(EXAMPLES / "actors.yaml"), "--db", str(db), "-q")
    happenings, reports = tmp_path / "h.tsv", tmp_path / "r.tsv"
    invoke("export", "--db", str(db), "--format", "gdelt", "--out", str(happenings))
    invoke("export", "--db", str(db), "--format", "gdelt", "--reports", "--out", str(reports))
    rows = list(iter_rows(happenings))
    assert rows and all(len(line.split("\t")) == len(COLUMNS) == 61 for line in happenings.read_text().splitlines())
    for row in rows:
        assert len(row["SQLDATE"]) == 8 and row["EventRootCode"] == row["EventCode"][:2]
        assert row["QuadClass"] in {"1", "2", "3", "4"} and int(row["NumArticles"]) <= int(row["NumMentions"])
    per_report = list(iter_rows(reports))
    assert len(per_report) >= len(rows) and all(r["NumMentions"] == "1" for r in per_report)
    assert sum(int(r["NumMentions"]) for r in rows) >= len(per_report)
