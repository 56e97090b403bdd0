"""The time stage: temporal expressions and their TimeML values, on sentences written here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitroom.records import Timex, stable_id
from sitroom.time import (
    date_for_clause,
    extract_timexes,
    infer_publication_date,
    page_date_conflicts,
    value_bounds,
    value_granularity,
)

THURSDAY = dt.date(2022, 1, 27)  # a Thursday
WEEKDAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@pytest.fixture(scope="module")
def nlp():
    from sitroom.nlp import ModelMissing, load

    try:
        return load()
    except ModelMissing as missing:  # pragma: no cover - the lock installs the model
        pytest.skip(f"spaCy English model not installed: {missing}")


def values(text: str, anchor: dt.date | None = THURSDAY, doc=None) -> dict[str, tuple[str, str]]:
    """{expression text: (type, value)} for a sentence."""
    return {t.text: (t.type, t.value) for t in extract_timexes("a1", text, anchor, doc)}


def value_of(text: str, expression: str, anchor: dt.date | None = THURSDAY, doc=None) -> str:
    found = values(text, anchor, doc)
    assert expression in found, f"{expression!r} not found in {found}"
    return found[expression][1]


# --- weekdays: the tense of the governing verb picks the direction --------------------------


@pytest.mark.parametrize("with_parse", [False, True])
def test_weekday_past_points_back_future_forward(with_parse, nlp):
    past = "Ministers from Arlandia met on Wednesday in Vell."
    future = "Ministers from Arlandia will meet on Wednesday in Vell."
    past_doc = nlp(past) if with_parse else None
    future_doc = nlp(future) if with_parse else None
    assert value_of(past, "Wednesday", doc=past_doc) == "2022-01-26"
    assert value_of(future, "Wednesday", doc=future_doc) == "2022-02-02"


def test_weekday_same_day_as_anchor_in_past_tense_is_the_anchor(nlp):
    text = "The envoy said Thursday that talks had stalled."
    assert value_of(text, "Thursday", doc=nlp(text)) == "2022-01-27"


def test_last_and_next_weekday():
    assert value_of("They spoke last Friday.", "last Friday") == "2022-01-21"
    assert value_of("They speak again next Monday.", "next Monday") == "2022-01-31"


def test_weekday_with_part_of_day_is_a_time():
    assert values("Crowds gathered Wednesday night outside the hall.")["Wednesday night"] == ("TIME", "2022-01-26TNI")


# --- deictic days, weeks, months, years ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "expected"),
    [
        ("The letter arrived yesterday.", "yesterday", "2022-01-26"),
        ("The council meets today.", "today", "2022-01-27"),
        ("A reply is due tomorrow.", "tomorrow", "2022-01-28"),
        ("Troops moved last week.", "last week", "2022-W03"),
        ("Talks resume this week.", "this week", "2022-W04"),
        ("Prices rose this month.", "this month", "2022-01"),
        ("A summit is planned next year.", "next year", "2023"),
        ("The plan was drafted a month ago.", "a month ago", "2021-12"),
        ("The border closed two weeks ago.", "two weeks ago", "2022-W02"),
        ("The treaty was signed three years ago.", "three years ago", "2019"),
        ("Inflation fell last year.", "last year", "2021"),
        ("He will travel later this month.", "later this month", "2022-01"),
    ],
)
def test_relative_expressions(sentence, expression, expected):
    assert value_of(sentence, expression) == expected


def test_vague_references():
    found = values("The alliance is now divided, and recently it has met less.")
    assert found["now"] == ("DATE", "PRESENT_REF")
    assert found["recently"] == ("DATE", "PAST_REF")
    assert values("Nobody knows what the future holds.")["the future"] == ("DATE", "FUTURE_REF")


# --- months, month-days, seasons, years --------------------------------------------------------


def test_month_day_without_year_takes_the_nearest_year():
    assert value_of("On January 26 the envoys met.", "January 26") == "2022-01-26"
    assert value_of("The vote is set for Feb. 3.", "Feb. 3") == "2022-02-03"


def test_month_alone_keeps_month_granularity(nlp):
    text = "Exercises will take place in February."
    assert value_of(text, "February", doc=nlp(text)) == "2022-02"
    assert value_of("Troops must leave by mid-February.", "mid-February") == "2022-02"
    assert value_of("The dispute began in late December.", "late December") == "2021-12"


def test_may_the_verb_is_not_a_month():
    assert "May" not in values("May the talks succeed, she said.")
    assert values("Elections are due in May.")["May"] == ("DATE", "2022-05")


def test_seasons():
    assert value_of("Drills were held last summer.", "last summer") == "2021-SU"
    assert value_of("Tension rose in the spring of 2014.", "the spring of 2014") == "2014-SP"
    assert "fall" not in values("Prices fall when demand drops.")


def test_years_and_decades():
    assert value_of("The peninsula was annexed in 2014.", "2014") == "2014"
    assert value_of("The accord dates from the 1990s.", "the 1990s") == "199"
    assert value_of("Growth slowed in mid-2019.", "mid-2019") == "2019"
    assert "2000" not in values("Some 2000 troops crossed the river.")


def test_quarters_and_comparisons():
    anchor = dt.date(1989, 10, 27)
    text = "Profit in the third quarter rose 5% from a year earlier."
    found = values(text, anchor)
    assert found["the third quarter"] == ("DATE", "1989-Q3")
    assert found["a year earlier"] == ("DATE", "1988-Q3")


def test_weekday_written_with_its_date_fixes_the_year():
    # 26 January fell on a Wednesday in 2022, not in 2021 or 2023
    assert value_of("Wednesday, January 26 was tense.", "Wednesday, January 26", dt.date(2021, 12, 1)) == "2022-01-26"


def test_week_of_and_holidays():
    assert value_of("Drills are planned for the week of Feb. 14.", "the week of Feb. 14") == "2022-W07"
    assert value_of("Orthodox Christmas passed quietly.", "Orthodox Christmas", dt.date(2022, 1, 10)) == "2022-01-07"


# --- full dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expression", "expected"),
    [
        ("Archived on 27.01.2022 at noon.", "27.01.2022", "2022-01-27"),
        ("The note was sent Jan. 26, 2022, to Moskva.", "Jan. 26, 2022", "2022-01-26"),
        ("Filed 2022-01-26 by the desk.", "2022-01-26", "2022-01-26"),
        ("Wednesday, January 26, 2022 was cold.", "Wednesday, January 26, 2022", "2022-01-26"),
        ("The pact of 5 December 1994 was cited.", "5 December 1994", "1994-12-05"),
        ("Posted 01/26/2022 in the evening.", "01/26/2022", "2022-01-26"),
    ],
)
def test_full_dates(sentence, expression, expected):
    assert value_of(sentence, expression, anchor=None) == expected


# --- durations and sets are kept as such, not as dates -----------------------------------------


def test_durations():
    found = values("The dispute has lasted two decades and the siege went on for over two years.")
    assert found["two decades"] == ("DURATION", "P20Y")
    assert found["two years"] == ("DURATION", "P2Y")
    assert values("Talks ran for 48 hours.")["48 hours"] == ("DURATION", "PT48H")
    assert values("Over the past three months, prices doubled.")["the past three months"] == ("DURATION", "P3M")


def test_sets():
    assert values("Monitors report every Monday.")["every Monday"] == ("SET", "XXXX-WXX-1")
    assert values("The council meets weekly.")["weekly"] == ("SET", "P1W")
    assert values("Patrols pass twice a day.")["twice a day"] == ("SET", "P1D")


# --- the turn of a year and ISO week 53 ---------------------------------------------------------


def test_turn_of_the_year():
    monday = dt.date(2022, 1, 3)
    assert value_of("The talks collapsed on December 30.", "December 30", monday) == "2021-12-30"
    assert value_of("Shelling resumed last week.", "last week", monday) == "2021-W52"
    assert value_of("He resigned last Friday.", "last Friday", monday) == "2021-12-31"
    assert value_of("Sales fell last month.", "last month", monday) == "2021-12"
    assert value_of("Sales will rise next month.", "next month", dt.date(2021, 12, 15)) == "2022-01"
    assert value_of("A vote is expected on Jan. 4.", "Jan. 4", dt.date(2021, 12, 29)) == "2022-01-04"


def test_iso_week_53():
    saturday = dt.date(2021, 1, 2)  # ISO 2020-W53
    assert value_of("Talks resumed this week.", "this week", saturday) == "2020-W53"
    assert value_of("Talks stalled last week.", "last week", dt.date(2021, 1, 5)) == "2020-W53"
    assert value_of("Talks stalled last week.", "last week", dt.date(2021, 1, 11)) == "2021-W01"
    assert value_bounds("2020-W53") == (dt.date(2020, 12, 28), dt.date(2021, 1, 3))
    assert value_granularity("2020-W53") == "week"


# --- without an anchor, relative values stay underspecified ------------------------------------


def test_no_anchor_leaves_relative_values_underspecified():
    found = values("Envoys met on Wednesday and yesterday, and will meet in February.", anchor=None)
    assert found["Wednesday"] == ("DATE", "XXXX-WXX-3")
    assert found["yesterday"] == ("DATE", "XXXX-XX-XX")
    assert found["February"] == ("DATE", "XXXX-02")
    assert all(t.anchor is None for t in extract_timexes("a", "on Wednesday", None))


# --- records, determinism, odd input ---------------------------------------------------------------


def test_records_carry_offsets_ids_and_anchor():
    text = "Envoys met on Wednesday."
    (timex,) = extract_timexes("article-9", text, THURSDAY)
    assert text[timex.start : timex.end] == timex.text == "Wednesday"
    assert timex.id == stable_id("article-9", timex.start, timex.end)
    assert timex.anchor == "2022-01-27"
    assert timex.article == "article-9"


def test_same_article_gives_same_values_whatever_the_day():
    text = "Talks were held yesterday, last week and on Wednesday; more are due next month."
    first = extract_timexes("a", text, THURSDAY)
    second = extract_timexes("a", text, THURSDAY)
    assert first == second
    assert [t.value for t in first] == ["2022-01-26", "2022-W03", "2022-01-26", "2022-02"]


@pytest.mark.parametrize("text", ["", " ", "((((", "“unbalanced quote", "on 99/99/9999 and 31.02.2022", "May", "'s"])
def test_odd_text_never_raises(text):
    for anchor in (THURSDAY, None):
        for timex in extract_timexes("odd", text, anchor):
            assert 0 <= timex.start < timex.end <= len(text)


def test_a_parse_of_another_text_is_ignored(nlp):
    text = "Envoys met on Wednesday."
    assert extract_timexes("a", text, THURSDAY, nlp("Something else entirely.")) == extract_timexes("a", text, THURSDAY)


# --- publication date, page date, clause date -----------------------------------------------------


def test_infer_publication_date_from_the_latest_full_date():
    text = "The note of Jan. 20, 2022 was answered on Jan. 26, 2022. Officials met yesterday."
    value, _, note = infer_publication_date(text, extract_timexes("a", text, None))
    assert value == "2022-01-26"
    assert "inferred" in note
    assert infer_publication_date("No dates here.", []) == (None, "none", "no full date in the text: publication date left unknown")


def test_page_date_conflicts_with_the_story():
    text = "The note of Jan. 26, 2022 was answered. Officials met on Wednesday."
    timexes = extract_timexes("a", text, None)
    assert page_date_conflicts("2022-01-27", timexes) is None
    assert "after the latest date" in (page_date_conflicts("2022-12-09", timexes) or "")
    assert "before every full date" in (page_date_conflicts("2021-06-01", timexes) or "")
    assert page_date_conflicts(None, timexes) is None


def test_date_for_clause_follows_the_dependency_parse(nlp):
    text = "The envoys met on Wednesday in Vell, and the army withdrew."
    doc = nlp(text)
    timexes = extract_timexes("a", text, THURSDAY, doc)
    met = next(t for t in doc if t.text == "met")
    withdrew = next(t for t in doc if t.text == "withdrew")
    found = date_for_clause(met, timexes)
    assert found is not None and found.value == "2022-01-26"
    assert date_for_clause(withdrew, timexes) is None
    assert date_for_clause(doc[0:5], []) is None


def test_date_for_clause_returns_a_timex_record(nlp):
    text = "Rebels said Tuesday that they had left."
    doc = nlp(text)
    found = date_for_clause(next(t for t in doc if t.text == "said"), extract_timexes("a", text, THURSDAY, doc))
    assert isinstance(found, Timex) and found.text == "Tuesday" and found.value == "2022-01-25"


# --- the reference corpus ---------------------------------------------------------------------------


def test_reference_corpus_offsets_and_weekdays(shared):
    files = sorted(shared("corpus", "ukraine-2022-01").glob("*.txt"))
    anchor = dt.date(2022, 1, 27)
    weekday_values = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        timexes = extract_timexes(file.stem, text, anchor)
        assert timexes, f"no temporal expression found in {file.name}"
        for timex in timexes:
            assert text[timex.start : timex.end] == timex.text
            if timex.type == "DATE" and timex.text in WEEKDAY_NAMES:
                weekday_values.append(dt.date.fromisoformat(timex.value))
    assert weekday_values
    assert all(abs((value - anchor).days) <= 7 for value in weekday_values)


def test_values_never_depend_on_the_clock():
    package = Path(__file__).resolve().parents[1] / "src" / "sitroom" / "time"
    sources = sorted(package.glob("*.py"))
    assert len(sources) > 1
    for file in sources:
        source = file.read_text(encoding="utf-8")
        assert "today()" not in source and "now()" not in source and "time.time" not in source, file.name


def test_a_date_line_alone_is_weak_evidence_and_not_the_story():
    text = "Friday, December 9, 2022\n\nEnvoys met on Wednesday. The note of Jan. 26, 2022 was answered."
    timexes = extract_timexes("a", text, None)
    value, _, note = infer_publication_date(text, timexes)
    assert value == "2022-01-26" and "story" in note
    assert "after the latest date" in (page_date_conflicts("2022-12-09", timexes, text) or "")
    only_line = "Friday, December 9, 2022\n\nEnvoys met on Wednesday."
    value, confidence, note = infer_publication_date(only_line, extract_timexes("b", only_line, None))
    assert value == "2022-12-09" and confidence == "bound" and "date line" in note



def test_date_for_clause_finds_a_date_the_parser_hung_on_the_object(nlp):
    text = "Vell delivered its response to Dornia's demands on Wednesday."
    doc = nlp(text)
    timexes = extract_timexes("a", text, THURSDAY, doc)
    found = date_for_clause(next(t for t in doc if t.text == "delivered"), timexes)
    assert found is not None and found.value == "2022-01-26"
    # A date in the clause of another verb is that verb's: not the delivery's.
    text = "Vell delivered its response to the demands that Dornia made on Wednesday."
    doc = nlp(text)
    timexes = extract_timexes("a", text, THURSDAY, doc)
    assert date_for_clause(next(t for t in doc if t.text == "delivered"), timexes) is None


def test_date_for_clause_leaves_a_year_that_names_a_thing(nlp):
    text = "Vell held fresh talks on a dormant 2016 border treaty."
    doc = nlp(text)
    timexes = extract_timexes("a", text, THURSDAY, doc)
    assert date_for_clause(next(t for t in doc if t.text == "held"), timexes) is None
