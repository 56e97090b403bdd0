"""The dashboard's API and pages without a browser (Starlette's test client), and the listings on
the command line. Bad requests must get a 4xx that says what is wrong, never a 500."""

from __future__ import annotations

import csv
import io
import json

import lxml.html
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitroom.cli import main
from sitroom import serve
from sitroom.report import ViewLimits
from sitroom.serve import create_app, is_loopback


@pytest.fixture(scope="module")
def client(example_db):
    return TestClient(create_app(example_db), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def meta(client):
    return client.get("/api/meta").json()


def test_every_view_has_a_page_and_a_json_endpoint(client, meta):
    for page in ("/", "/summary", "/positions", "/timeline", "/timeline?reports=1", "/chart", "/network", "/quotes",
                 "/sources", "/search?q=talks", "/api"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "text/html" in response.headers["content-type"]
    for endpoint in ("positions", "events", "changes", "chart", "network", "quotes", "sources"):
        response = client.get(f"/api/{endpoint}")
        assert response.status_code == 200 and response.json() is not None, endpoint
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/positions", "/api/articles/{article_id}", "/api/search"} <= set(spec["paths"])
    assert meta["counts"]["articles"] >= 3 and meta["actors"]


def test_long_views_say_what_they_leave_out_and_how_to_narrow_them(example_db, monkeypatch):
    monkeypatch.setattr(serve, "DASHBOARD_LIMITS", ViewLimits(speakers=1, rows=1))
    client = TestClient(create_app(example_db), raise_server_exceptions=False)
    everyone = client.get("/api/quotes", params={"per_page": 500}).json()["items"]  # the API carries every speaker
    assert len(everyone) > 1
    first, second = (client.get("/api/quotes", params={"per_page": 1, "page": n}).json() for n in (1, 2))
    assert first["total"] == second["total"] == first["pages"] == len(everyone)
    assert first["items"] + second["items"] == everyone[:2]
    assert client.get("/api/quotes", params={"per_page": 1, "page": len(everyone) + 1}).status_code == 404
    page = lxml.html.fromstring(client.get("/quotes").text)
    assert len(page.xpath('//div[contains(@class, "speaker")]')) == 1
    notes = [" ".join(p.text_content().split()) for p in page.xpath('//p[contains(@class, "more")]')]
    assert f"{len(everyone) - 1} more speakers not shown here: narrow the view with the filters above" in " ".join(notes)
    sources = lxml.html.fromstring(client.get("/sources").text)
    assert len(sources.xpath('//table[@class="articles"]/tbody/tr')) == 1


def test_the_event_list_pages_and_counts_happenings_or_reports(client):
    happenings = client.get("/api/events", params={"per_page": 2}).json()
    assert happenings["counting"] == "happenings" and len(happenings["items"]) <= 2
    assert happenings["pages"] == -(-happenings["total"] // 2)
    reports = client.get("/api/events", params={"reports": "true", "per_page": 500}).json()
    assert reports["counting"] == "reports" and reports["total"] >= happenings["total"]
    for item in reports["items"]:
        article = client.get(f"/api/articles/{item['article']}").json()
        assert article["text"][item["start"]:item["end"]] == item["sentence"]


def test_filters_narrow_the_api(client, meta):
    everything = client.get("/api/events").json()["total"]
    actor = meta["actors"][0]["id"]
    narrowed = client.get("/api/events", params={"actor": actor}).json()
    assert 0 < narrowed["total"] <= everything
    for item in narrowed["items"]:
        assert meta["actors"][0]["name"] in item["sources"] + item["targets"]


@pytest.mark.parametrize("query, status, words", [
    ({"actor": "Atlantis"}, 400, "unknown actor"),
    ({"source": "x' OR '1'='1"}, 400, "unknown actor"),
    ({"since": "2026-02-30"}, 400, "is not a date"),
    ({"until": "last week"}, 400, "is not a date"),
    ({"since": "2026-03-02", "until": "2026-03-01"}, 400, "is after"),
    ({"type": "ASSAULT; DROP TABLE events"}, 400, "unknown event type"),
    ({"outlet": "'; DELETE FROM articles; --"}, 400, "unknown outlet"),
    ({"story": "../../etc/passwd"}, 400, "unknown story"),
    ({"page": "99999999999999999999"}, 400, "page"),
    ({"page": "0"}, 400, "page"),
    ({"page": "5000"}, 404, "past the last page"),
    ({"per_page": "100000"}, 400, "per_page"),
    ({"page": "two"}, 400, "page"),
])
def test_bad_requests_get_a_clear_4xx(client, query, status, words):
    response = client.get("/api/events", params=query)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]


def test_bad_paths_and_ids_get_a_4xx(client):
    for path, status in (("/api/articles/..%2F..%2Fetc%2Fpasswd", 400), ("/api/articles/not-an-id", 400),
                         ("/api/articles/0123456789abcdef", 404), ("/nothing/here", 404),
                         ("/article/0123456789abcdef", 404), ("/api/search", 400),
                         ("/api/search?q=" + "x" * 500, 400)):
        response = client.get(path)
        assert response.status_code == status, (path, response.text)
        assert response.json()["error"]
    # A page asked for by a browser gets a page that says what is wrong.
    page = client.get("/positions?since=someday", headers={"accept": "text/html"})
    assert page.status_code == 400 and "is not a date" in page.text


def test_sql_in_a_search_is_only_text(client, example_db):
    before = client.get("/api/meta").json()["counts"]
    for q in ("' OR 1=1 --", "%", "_", "talks'; DROP TABLE articles; --"):
        response = client.get("/api/search", params={"q": q})
        assert response.status_code == 200 and response.json()["total"] == 0, q
    assert client.get("/api/search", params={"q": "talks"}).json()["total"] > 0
    assert client.get("/api/meta").json()["counts"] == before


def test_the_article_page_highlights_the_span(client):
    item = client.get("/api/events", params={"reports": "true"}).json()["items"][0]
    page = client.get(f"/article/{item['article']}", params={"start": item["start"], "end": item["end"]})
    assert page.status_code == 200 and '<mark class="evidence" id="highlight">' in page.text
    assert client.get(f"/article/{item['article']}", params={"start": 5, "end": 10 ** 7}).status_code == 400


def test_a_token_guards_every_request(example_db):
    guarded = TestClient(create_app(example_db, token="s3cret"), raise_server_exceptions=False)
    assert guarded.get("/api/meta").status_code == 401
    assert guarded.get("/api/meta", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/api/meta", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    first = guarded.get("/?token=s3cret")
    assert first.status_code == 200 and guarded.get("/positions").status_code == 200  # the cookie carries it


def test_serve_binds_elsewhere_than_loopback_only_with_a_token(example_db):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.7")
    result = CliRunner().invoke(main, ["serve", "--db", str(example_db), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--token" in result.output


# ----------------------------------------------------------------------------- listings

def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_listings_print_table_csv_and_jsonl(example_db):
    db = str(example_db)
    for command in (["articles"], ["events"], ["events", "--reports"], ["quotes"], ["actors"], ["failures"],
                    ["summary"]):
        table = run(*command, "--db", db)
        assert table.exit_code == 0, (command, table.output)
        rows = run(*command, "--db", db, "--format", "csv").output
        parsed = list(csv.reader(io.StringIO(rows)))
        assert parsed and len({len(r) for r in parsed}) == 1, command  # a header and rows of its width
        lines = run(*command, "--db", db, "--format", "jsonl").output.splitlines()
        assert [json.loads(line) for line in lines] == [json.loads(line) for line in
                                                        run(*command, "--db", db, "--json").output.splitlines()]
    articles = [json.loads(line) for line in run("articles", "--db", db, "--format", "jsonl").output.splitlines()]
    assert {"title", "outlet", "published", "published_from", "quotes", "events"} <= set(articles[0])


def test_events_list_happenings_by_default_and_reports_on_request(example_db):
    db = str(example_db)
    happenings = [json.loads(x) for x in run("events", "--db", db, "--json").output.splitlines()]
    reports = [json.loads(x) for x in run("events", "--db", db, "--reports", "--json").output.splitlines()]
    assert len(reports) >= len(happenings) > 0
    source = happenings[0]["source"][0] if happenings[0]["source"] else None
    if source:
        narrowed = [json.loads(x) for x in run("events", "--db", db, "--source", source, "--json").output.splitlines()]
        assert narrowed and all(source in h["source"] for h in narrowed)
    bad = run("events", "--db", db, "--source", "Atlantis")
    assert bad.exit_code == 2 and "unknown actor" in bad.output


def test_a_negated_happening_reads_as_one_in_the_tables(reference_db):
    """"X denies it plans to invade" is coded as a negated assault: a table that printed the
    bare type would read as the strike itself."""
    db = str(reference_db)
    for command in (["events"], ["events", "--reports"]):
        rows = [json.loads(x) for x in run(*command, "--db", db, "--json").output.splitlines()]
        table = run(*command, "--db", db).output.splitlines()[1:-1]
        assert len(table) == len(rows) and any(row["negated"] for row in rows), command
        for row, line in zip(rows, table):
            assert (f"not {row['type']}" in line) == row["negated"], (command, line)
    events = {e["id"]: e for e in (json.loads(x) for x in run("events", "--db", db, "--reports", "--json").output.splitlines())}
    for happening in (json.loads(x) for x in run("events", "--db", db, "--json").output.splitlines()):
        assert {events[i]["negated"] for i in happening["events"] if i in events} <= {happening["negated"]}


def test_a_date_filter_says_how_many_undated_records_it_left_out(reference_db):
    db = str(reference_db)
    for command in (["events"], ["events", "--reports"], ["articles"], ["quotes"]):
        result = run(*command, "--db", db, "--since", "2000-01-01")
        assert result.exit_code == 0
        assert "with no known date were left out" in result.stderr and "--include-undated" in result.stderr, command
        kept = run(*command, "--db", db, "--since", "2000-01-01", "--include-undated", "--json")
        everything = run(*command, "--db", db, "--json")
        assert len(kept.output.splitlines()) == len(everything.output.splitlines()) > 0, command


def test_quotes_show_title_outlet_and_unresolved_speakers(reference_db):
    output = run("quotes", "--db", str(reference_db)).output
    assert "(unresolved speaker" in output
    rows = [json.loads(x) for x in run("quotes", "--db", str(reference_db), "--json").output.splitlines()]
    assert all("title" in r and "outlet" in r and "speaker_resolved" in r for r in rows)
    assert any(not r["speaker_resolved"] for r in rows)


def test_summary_counts_what_the_store_holds(reference_db):
    counts = json.loads(run("summary", "--db", str(reference_db), "--json").output)
    assert counts["articles"] == 5 and counts["clusters"] <= counts["events"]
    assert {"actors", "quotes", "undated_articles", "failures"} <= set(counts)
