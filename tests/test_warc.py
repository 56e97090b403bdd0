"""Web archives: the HTML pages of response records read through the HTML path; images, errors,
cut records and left-out hosts counted and skipped. The archives are written here, with
FastWARC, from invented pages."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("fastwarc", reason="FastWARC is not installed (pip install fastwarc)")

from fastwarc.stream_io import GzipWriter  # noqa: E402
from fastwarc.warc import WarcRecord, WarcRecordType  # noqa: E402

from sitroom.cli import main  # noqa: E402
from sitroom.ingest import IngestOptions, read_paths  # noqa: E402
from sitroom.ingest.warc import host_allowed  # noqa: E402
from sitroom.records import Failure, RawDoc, Skipped  # noqa: E402

STORY = """<html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>The harbour authority of Orrin said on Tuesday that the northern pier would reopen to ferries next week,
after three months of repairs paid for by the regional council.</p>
<p>Mayor Ilse Varant told reporters that the work had cost more than planned because storms in the winter
had damaged the sea wall a second time, and that the council would ask the ministry for help.</p>
<p>Ferry companies welcomed the news and said they would restore the morning crossing to Kestria as soon
as the pier was open, while fishermen asked for a berth of their own.</p>
</article><footer>Copyright Orrin Daily</footer></body></html>"""


def _record(url: str, body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8",
            truncated: str | None = None, record_type: WarcRecordType = WarcRecordType.response) -> WarcRecord:
    record = WarcRecord()
    record.init_headers(record_type, record_urn=f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}".encode())
    record.headers["WARC-Target-URI"] = url
    if truncated:
        record.headers["WARC-Truncated"] = truncated
    if record_type == WarcRecordType.response:
        record.headers["Content-Type"] = "application/http; msgtype=response"
        reason = "OK" if status == 200 else "Not Found"
        body = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    record.set_bytes_content(body)
    return record


def write_warc(path: Path, records: list[WarcRecord]) -> Path:
    if path.name.endswith(".gz"):
        with GzipWriter(open(path, "wb")) as stream:
            for record in records:
                record.write(stream)
    else:
        with open(path, "wb") as stream:
            for record in records:
                record.write(stream)
    return path


def crawl() -> list[WarcRecord]:
    return [
        _record("https://example.org/", b"", record_type=WarcRecordType.warcinfo),
        _record("https://news.orrin.example/harbour", STORY.format(title="Orrin harbour to reopen").encode()),
        _record("https://www.kestria.example/pier", STORY.format(title="Kestria ferries return").encode("cp1252"),
                content_type="text/html; charset=windows-1252"),
        _record("https://news.orrin.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        _record("https://news.orrin.example/gone", b"<html><body>Not here</body></html>", status=404),
        _record("https://news.orrin.example/long", STORY.format(title="Cut").encode()[:300], truncated="length"),
        _record("https://ads.example.net/page", STORY.format(title="Advertising").encode()),
    ]


def _read(path: Path, **hosts) -> list[RawDoc | Failure | Skipped]:
    return list(read_paths([str(path)], IngestOptions(**hosts)))


def test_html_responses_are_read_and_the_rest_counted_as_skipped(tmp_path):
    items = _read(write_warc(tmp_path / "crawl.warc.gz", crawl()))
    docs = [i for i in items if isinstance(i, RawDoc)]
    skipped = sorted(i.reason for i in items if isinstance(i, Skipped))
    assert [d.url for d in docs] == ["https://news.orrin.example/harbour", "https://www.kestria.example/pier",
                                     "https://ads.example.net/page"]
    assert all(d.kind == "html" and "northern pier" in d.content for d in docs)
    assert docs[0].title == "Orrin harbour to reopen"
    assert skipped == ["not HTML", "status not 200", "truncated"]
    assert not [i for i in items if isinstance(i, Failure)]
    # A record's origin is the archive and its record id: stable across runs, distinct per record.
    assert len({d.origin for d in docs}) == 3 and all("crawl.warc.gz#urn:uuid:" in d.origin for d in docs)


def test_the_server_charset_decides_how_a_page_reads(tmp_path):
    page = STORY.format(title="Café reopens on the quay").encode("cp1252")
    items = _read(write_warc(tmp_path / "one.warc", [_record("https://orrin.example/cafe", page,
                                                              content_type="text/html; charset=windows-1252")]))
    assert items[0].title == "Café reopens on the quay"


def test_host_filters_cover_subdomains(tmp_path):
    path = write_warc(tmp_path / "crawl.warc", crawl())
    only_orrin = [i for i in _read(path, include_hosts=("orrin.example",)) if isinstance(i, RawDoc)]
    assert [d.url for d in only_orrin] == ["https://news.orrin.example/harbour"]
    without_ads = _read(path, exclude_hosts=("example.net",))
    assert [d.url for d in without_ads if isinstance(d, RawDoc)] == ["https://news.orrin.example/harbour",
                                                                      "https://www.kestria.example/pier"]
    assert sum(isinstance(i, Skipped) and i.reason == "host left out" for i in without_ads) == 1
    assert host_allowed("https://WWW.Orrin.Example./x", ("orrin.example",), ())
    assert not host_allowed("https://notorrin.example/x", ("orrin.example",), ())


def test_an_archive_cut_short_keeps_the_records_before_the_cut(tmp_path):
    whole = write_warc(tmp_path / "whole.warc", crawl()[:3]).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[:-200])
    items = _read(cut)
    assert [i.url for i in items if isinstance(i, RawDoc)] == ["https://news.orrin.example/harbour"]
    assert [i.reason for i in items if isinstance(i, Skipped)] == ["truncated"]


def test_records_without_their_record_id_are_named_by_where_they_start(tmp_path):
    """WARC-Record-ID is required, but an archive that leaves it out must not give two pages one
    origin (the store keeps one article per origin)."""
    path = write_warc(tmp_path / "no-ids.warc", crawl()[1:3])
    path.write_bytes(re.sub(rb"WARC-Record-ID: [^\r]*\r\n", b"", path.read_bytes()))
    origins = [i.origin for i in _read(path) if isinstance(i, RawDoc)]
    assert len(set(origins)) == 2 and all(re.search(r"#offset:\d+$", origin) for origin in origins)


def test_a_page_without_an_article_is_skipped_not_failed(tmp_path):
    index = b"<html><head><title>Orrin</title></head><body><div><img src='/logo.png'></div></body></html>"
    items = _read(write_warc(tmp_path / "index.warc", [_record("https://orrin.example/", index)]))
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [("Skipped", "no article text")]


def test_a_file_that_is_no_archive_is_one_failure(tmp_path):
    bad = tmp_path / "notes.warc"
    bad.write_text("these are not web-archive records\n" * 5)
    items = _read(bad)
    assert len(items) == 1 and isinstance(items[0], Failure) and "notes.warc" in items[0].error


def test_run_stores_the_pages_and_reports_what_it_skipped(tmp_path):
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "crawl.warc.gz", crawl())
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--db", str(db), "--json",
                                       "--exclude-host", "ads.example.net"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles"] == 2
    assert summary["skipped"] == {"not HTML": 1, "status not 200": 1, "truncated": 1, "host left out": 1}
    again = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--db", str(db), "--json",
                                      "--exclude-host", "ads.example.net"])
    assert json.loads(again.stdout)["unchanged"] == 2
