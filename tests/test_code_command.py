"""`sitroom code FILE [--out FILE]`: input formats, output lines, bad lines and exit status."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sitroom.cli import main
from sitroom.code import BadLine, Item, read_items

CONTRACT_FIELDS = {"id", "article", "sentence", "start", "end", "trigger", "type", "mode", "cameo", "intensity",
                   "source", "target", "source_spans", "target_spans", "date", "date_from", "negated", "modality",
                   "claimed_by", "location", "confidence", "cluster"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["code", *args])
    return result.exit_code, result.stdout, result.stderr


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_txt_items_get_line_numbers(tmp_path: Path):
    path = tmp_path / "items.txt"
    path.write_text("Norway rejected the proposal of Sweden.\n\nJapan and Australia held talks in Geneva.\n", encoding="utf-8")
    status, out, _ = run(str(path))
    assert status == 0
    records = lines(out)
    assert [r["id"] for r in records] == [1, 3]  # blank lines are not items
    event = records[0]["events"][0]
    assert CONTRACT_FIELDS <= set(event)
    assert event["type"] == "REJECT" and event["article"] is None and event["cluster"] is None
    text = records[0]["text"]
    assert text[event["trigger"][0]:event["trigger"][1]] == "rejected"
    assert text[event["start"]:event["end"]] == event["sentence"]


def test_tsv_with_dates_and_bad_lines(tmp_path: Path):
    path = tmp_path / "items.tsv"
    path.write_text("a\tNorway recalled its ambassador from Sweden.\t2022-01-27\n"
                    "b\n"
                    "c\tPeru rejected the offer.\t27/01/2022\n"
                    "d\tPeru rejected the offer.\n", encoding="utf-8")
    status, out, err = run(str(path))
    assert status == 1  # some lines were bad; the good ones are still coded, in order
    assert [r["id"] for r in lines(out)] == ["a", "d"]
    assert lines(out)[0]["events"][0]["date"] == "2022-01-27"
    assert f"{path}:2:" in err and f"{path}:3:" in err and "YYYY-MM-DD" in err


def test_jsonl_in_and_out_file(tmp_path: Path):
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "Chile condemned the attack on Peru.", "date": "2022-01-27"}) + "\n"
                    + "not json\n"
                    + json.dumps({"text": "no id"}) + "\n", encoding="utf-8")
    out_path = tmp_path / "out.jsonl"
    status, out, err = run(str(path), "--out", str(out_path))
    assert status == 1 and out == ""
    records = lines(out_path.read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [7]
    assert records[0]["events"][0]["type"] == "ACCUSE"
    assert ":2: not JSON" in err and ":3:" in err


def test_unknown_kind_is_bad_usage(tmp_path: Path):
    path = tmp_path / "items.csv"
    path.write_text("a,b\n", encoding="utf-8")
    status, _, err = run(str(path))
    assert status == 2 and ".txt, .tsv or .jsonl" in err


def test_missing_file_is_bad_usage(tmp_path: Path):
    status, _, _ = run(str(tmp_path / "absent.txt"))
    assert status == 2


def test_reader_checks_fields():
    entries = list(read_items(Path("x.tsv"), ["1\ttext\t2022-02-30", "2\t \t", "3\ta\tb\tc", "4\tfine"]))
    assert [type(e) for e in entries] == [BadLine, BadLine, BadLine, Item]
    assert entries[3] == Item("4", "fine", None, 4)


def test_text_without_events_still_gets_a_line(tmp_path: Path):
    path = tmp_path / "items.txt"
    path.write_text("The weather was mild.\n", encoding="utf-8")
    status, out, _ = run(str(path))
    assert status == 0 and lines(out) == [{"id": 1, "text": "The weather was mild.", "events": []}]
