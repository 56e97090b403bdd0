"""The events stage on the reference corpus (../shared): the main happenings of January 2022 come out, and
the hand-labelled sample still points at the same sentences of the cleaned articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.actors import ActorDictionary
from sitroom.evaluate import _events_sets as sets
from sitroom.records import Event

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "events_reference.yaml"


@pytest.fixture(scope="module")
def articles(shared) -> dict:
    return sets.reference_articles(shared("corpus", "ukraine-2022-01"), ActorDictionary.load())


def happened(events: list[Event], actors: dict, plover_type: str, source: str | None = None,
             target: str | None = None, location: str | None = None) -> bool:
    for event in events:
        if event.type != plover_type or event.negated:
            continue
        if source and source not in {sets.side(a, actors) for a in event.source}:
            continue
        if target and target not in {sets.side(a, actors) for a in event.target}:
            continue
        if location and event.location != location:
            continue
        return True
    return False


@pytest.mark.parametrize("name, plover_type, source, target, location", [
    ("000_bc8b47b74214114a.txt", "CONSULT", "NATO", "RUS", None),  # the written responses delivered to Moscow
    ("002_e5edd54b057312d5.txt", "CONSULT", "USA", "RUS", None),
    ("001_997d0466002064fc.txt", "CONSULT", "NATO", None, None),  # the NATO-Russia Council meeting
    ("004_9fdf1d788987902f.txt", "CONSULT", None, None, "Vienna"),  # the OSCE meeting
    ("003_7d16baccb0432d61.txt", "CONSULT", "FRA", None, "Paris"),  # the Paris talks
    ("004_9fdf1d788987902f.txt", "REQUEST", "RUS", "NATO", None),  # Russia's demands
    ("003_7d16baccb0432d61.txt", "THREATEN", "RUS", None, None),  # its warnings
    ("002_e5edd54b057312d5.txt", "MOBILIZE", "RUS", "UKR", None),  # the troop build-up
    ("002_e5edd54b057312d5.txt", "MOBILIZE", "USA", None, None),  # US troops put on alert
    ("003_7d16baccb0432d61.txt", "RETREAT", "GBR", "UKR", None),  # the embassy drawdowns
    ("002_e5edd54b057312d5.txt", "THREATEN", "USA", "RUS", None),  # sanctions threatened
])
def test_main_happenings_come_out(articles, name, plover_type, source, target, location):
    article, events, _, actors = articles[name]
    assert happened(events, actors, plover_type, source, target, location)


def test_dated_article_dates_its_events(articles):
    article, events, _, _ = articles["002_e5edd54b057312d5.txt"]
    assert article.published == "2022-01-27"
    assert all(e.date is None or e.date.startswith(("2022", "2014")) for e in events)
    delivered = [e for e in events if e.type == "CONSULT" and e.date == "2022-01-26"]
    assert delivered, "the response delivered on Wednesday, 26 January"


def test_every_event_points_at_its_words(articles):
    for article, events, _, _ in articles.values():
        for event in events:
            assert article.text[event.start:event.end] == event.sentence
            assert event.start <= event.trigger[0] < event.trigger[1] <= event.end
            for start, end in event.source_spans + event.target_spans:  # real words, or no span at all
                assert 0 <= start < end <= len(article.text) and article.text[start:end].strip()
            assert 0.0 <= event.confidence <= 1.0


def test_the_hand_labelled_sample_still_matches_the_cleaned_text(articles):
    labels = sets.reference_labels(FIXTURE)
    sentences = [(name, s) for name, found in labels.items() for s in found]
    matching = sum(1 for name, s in sentences if s.matches(articles[name][0].text))
    assert matching >= 0.8 * len(sentences), "cleaning changed: relabel tests/fixtures/events_reference.yaml offsets"


def test_eval_events_on_the_reference_sample(shared):
    from sitroom.cli import main

    result = CliRunner().invoke(main, ["eval", "events", "--only", "reference", "--corpus",
                                       str(shared("corpus", "ukraine-2022-01")), "--reference", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout and "baseline" in result.stdout


def test_eval_events_finds_its_data_from_any_directory(shared, tmp_path, monkeypatch):
    from sitroom.cli import main

    shared("corpus", "ukraine-2022-01")  # skips where the shared data is missing
    monkeypatch.chdir(tmp_path)  # the defaults are found from the checkout, not from here
    result = CliRunner().invoke(main, ["eval", "events", "--only", "reference"])
    assert result.exit_code == 0, result.output
    assert "hand-labelled sentences" in result.stdout
