"""The whole main job on the reference corpus: every stage's records stored, listed and exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import main

CONTRACT = {
    "articles": {"id", "origin", "outlet", "title", "published", "published_from", "text", "kept_lines",
                 "dropped_lines", "duplicate_of", "story"},
    "mentions": {"article", "start", "end", "text", "label", "actor"},
    "actors": {"id", "name", "kind", "country", "org", "role", "aliases"},
    "quotes": {"id", "article", "start", "end", "text", "kind", "speaker", "speaker_text", "cue"},
    "timexes": {"id", "article", "start", "end", "text", "type", "value", "anchor"},
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, shared):
    corpus = shared("corpus", "ukraine-2022-01")
    work = tmp_path_factory.mktemp("job")
    db = work / "ukraine.duckdb"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(corpus), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 5
    out = work / "out"
    assert runner.invoke(main, ["export", "--db", str(db), "--out", str(out)]).exit_code == 0
    tables = {p.stem: [json.loads(line) for line in p.read_text().splitlines()] for p in out.glob("*.jsonl")}
    return db, tables


def test_every_table_follows_the_contract(exported):
    _, tables = exported
    for name, fields in CONTRACT.items():
        assert tables[name], name
        for record in tables[name]:
            assert fields <= set(record), (name, fields - set(record))


def test_offsets_point_into_the_cleaned_text(exported):
    _, tables = exported
    texts = {a["id"]: a["text"] for a in tables["articles"]}
    for name in ("quotes", "timexes", "mentions"):
        for record in tables[name]:
            assert texts[record["article"]][record["start"]:record["end"]] == record["text"], (name, record)


def test_speaker_and_cue_offsets_point_at_their_words(exported):
    _, tables = exported
    texts = {a["id"]: a["text"] for a in tables["articles"]}
    with_speaker = [q for q in tables["quotes"] if q["speaker_start"] is not None]
    assert with_speaker
    for q in with_speaker:
        assert texts[q["article"]][q["speaker_start"]:q["speaker_end"]] == q["speaker_text"]
    for q in tables["quotes"]:
        if q["cue_start"] is not None:
            assert q["cue"].split()[-1] in texts[q["article"]][q["cue_start"]:q["cue_end"]]


def test_speakers_and_actors_are_linked(exported):
    db, tables = exported
    actors = {a["id"]: a for a in tables["actors"]}
    speakers = {actors[q["speaker"]]["name"] for q in tables["quotes"] if q["speaker"]}
    for name in ("Antony Blinken", "Jens Stoltenberg", "Sergei Ryabkov", "Andriy Yermak"):
        assert name in speakers
    result = CliRunner().invoke(main, ["actors", "--db", str(db), "--kind", "person", "--country", "RUS"])
    assert result.exit_code == 0 and "Vladimir Putin" in result.output and "Antony Blinken" not in result.output
    result = CliRunner().invoke(main, ["quotes", "--db", str(db), "--speaker", "Stoltenberg"])
    assert result.exit_code == 0 and "Jens Stoltenberg" in result.output and "0 quotes" not in result.output


def test_weekdays_resolved_against_the_publication_date(exported):
    _, tables = exported
    dated = next(a for a in tables["articles"] if a["published"] == "2022-01-27")
    wednesdays = [t for t in tables["timexes"] if t["article"] == dated["id"] and t["text"].lower() == "wednesday"]
    assert wednesdays and {t["value"] for t in wednesdays} == {"2022-01-26"}


def test_inferred_publication_date_anchors_the_relative_dates(tmp_path):
    from sitroom.records import Article
    from sitroom.time import date_article

    text = ("The envoys signed the accord on March 3, 2026 in Lindmark. On Tuesday they met again, "
            "and the ministers will meet next week.")
    undated = Article(id="a", origin="a", text=text)
    article, timexes = date_article(undated)
    assert (article.published, article.published_from) == ("2026-03-03", "inferred")
    assert "inferred (low)" in article.published_note
    assert {t.text: t.value for t in timexes}["Tuesday"] == "2026-03-03"
    assert undated.published is None and undated.published_note is None  # a new record, the old one untouched
    bound_only, _ = date_article(Article(id="b", origin="b", text="The accord was signed on March 3, 2026 in Lindmark."))
    assert bound_only.published is None and "lower bound" in bound_only.published_note
