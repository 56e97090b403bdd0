"""Reading every supported input kind, and every kind of bad input, through the real readers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sitroom.ingest import IngestOptions, JsonFields, read_paths
from sitroom.records import Failure, RawDoc

BODY = ("The council of Orrin met on Monday to discuss the harbour dispute with Velmark.\n\n"
        "“We will not give up our fishing rights,” said Mayor Tove Lind.")
HTML = f"""<!DOCTYPE html><html><head><title>Orrin council meets</title>
<meta property="og:site_name" content="Orrin Gazette"><meta property="article:published_time" content="2026-02-03">
</head><body><nav><a href="/">Home</a></nav><article><h1>Orrin council meets</h1>
<p>The council of Orrin met on Monday to discuss the harbour dispute with Velmark, which has dragged on for a year.</p>
<p>“We will not give up our fishing rights,” said Mayor Tove Lind after the meeting, which lasted four hours.</p>
</article></body></html>"""


def read(*paths: Path, **options) -> tuple[list[RawDoc], list[Failure]]:
    items = list(read_paths([str(p) for p in paths], IngestOptions(**options)))
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, Failure)]


def test_text_html_json_jsonl_and_their_gzips(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"text": BODY, "title": "One"}, {"text": BODY + " Again.", "title": "Two"}]))
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": BODY, "date": "2026-02-03", "url": "https://x.example/d"}) + "\n\n")
    sub = tmp_path / "nested" / "deeper"
    sub.mkdir(parents=True)
    with gzip.open(sub / "e.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write(BODY)
    with gzip.open(sub / "f.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": BODY}) + "\n")
    (tmp_path / ".hidden.txt").write_text(BODY)
    docs, failures = read(tmp_path)
    assert failures == []
    by_name = {Path(d.origin.split("#")[0]).name: d for d in docs}
    assert sorted(by_name) == ["a.txt", "b.html", "c.json", "d.jsonl", "e.txt.gz", "f.jsonl.gz"]
    assert len(docs) == 7  # c.json holds two articles
    html = by_name["b.html"]
    assert html.kind == "html" and html.title == "Orrin council meets" and html.outlet == "Orrin Gazette"
    assert html.published == "2026-02-03" and "fishing rights" in html.content and "Home" not in html.content
    jsonl = by_name["d.jsonl"]
    assert jsonl.published == "2026-02-03" and jsonl.url == "https://x.example/d" and jsonl.origin.endswith("#L1")
    assert {d.title for d in docs if d.origin.split("#")[0].endswith("c.json")} == {"One", "Two"}
    assert all(Path(d.origin.split("#")[0]).is_absolute() for d in docs)


def test_globs_and_custom_json_fields(tmp_path: Path):
    (tmp_path / "x.jsonl").write_text(json.dumps({"body": BODY, "headline": "H", "when": "3 Feb 2026"}) + "\n")
    (tmp_path / "y.txt").write_text(BODY)
    docs, failures = read(Path(str(tmp_path / "*.jsonl")), fields=JsonFields(text="body", title="headline", date="when"))
    assert failures == [] and len(docs) == 1
    assert (docs[0].title, docs[0].published) == ("H", "3 Feb 2026")
    _, missing = read(tmp_path / "x.jsonl")
    assert len(missing) == 1 and "--text-field" in missing[0].error and "body" in missing[0].error


def test_encodings_bom_cp1252_utf16(tmp_path: Path):
    (tmp_path / "bom.txt").write_bytes("\ufeff".encode("utf-8") + BODY.encode("utf-8"))
    (tmp_path / "latin.txt").write_bytes("Le café de la place fermé à Orrin, dit le maire. " .encode("cp1252") * 3)
    (tmp_path / "wide.txt").write_bytes(BODY.encode("utf-16"))
    docs, failures = read(tmp_path)
    assert failures == []
    text = {Path(d.origin).name: d.content for d in docs}
    assert text["bom.txt"].startswith("The council")
    assert "café" in text["latin.txt"] and "fermé" in text["latin.txt"]
    assert text["wide.txt"] == BODY


def test_each_bad_input_is_one_clear_failure_and_good_files_still_read(tmp_path: Path):
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "broken_utf8.txt").write_bytes("“Quoted” words".encode("utf-8") + b" and a bad byte \xff here.")
    full = gzip.compress(BODY.encode("utf-8") * 50)
    (tmp_path / "truncated.txt.gz").write_bytes(full[: len(full) // 2])
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # a sparse 100 MB file
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "bad.jsonl").write_text(json.dumps({"text": BODY}) + "\n{not json\n")
    docs, failures = read(tmp_path, tmp_path / "missing.txt")
    assert sorted(Path(d.origin.split("#")[0]).name for d in docs) == ["bad.jsonl", "good.txt"]
    reasons = {Path(f.origin.split("#")[0]).name: f.error for f in failures}
    expected = {
        "empty.txt": "empty file", "binary.txt": "binary file", "broken_utf8.txt": "invalid UTF-8",
        "truncated.txt.gz": "truncated or corrupt gzip", "notes.docx": "unknown file type", "huge.txt": "100.0 MB",
        "dangling.txt": "broken symbolic link", "missing.txt": "no such file", "bad.jsonl": "invalid JSON",
    }
    assert set(reasons) == set(expected)
    for name, phrase in expected.items():
        assert phrase in reasons[name], (name, reasons[name])
        assert "\n" not in reasons[name] and name in reasons[name]


def test_truncated_jsonl_gzip_keeps_records_before_the_break(tmp_path: Path):
    lines = "".join(json.dumps({"text": f"{BODY} Number {i}."}) + "\n" for i in range(2000))
    data = gzip.compress(lines.encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: int(len(data) * 0.8)])
    docs, failures = read(tmp_path)
    assert len(docs) > 100 and len(failures) == 1 and "truncated" in failures[0].error
