"""The publication date, decided once (sitroom.time.published), on pages and evidence written here."""

from __future__ import annotations

import datetime as dt

from sitroom.clean import clean_with_lines
from sitroom.records import Article, DateEvidence, DateLine, RawDoc
from sitroom.time import date_article, decide_from_evidence, extract_timexes, find_candidates

STORY = [
    "Officials in Norvania said on Tuesday that the border crossing at Eskel would reopen after a long closure.",
    "The envoys signed the customs accord on March 3, 2026 in Lindmark and met again yesterday to review it.",
]
TEXT = "\n\n".join(STORY)


def page(*lines: str, **raw) -> RawDoc:
    return RawDoc(origin="/tmp/page.txt", content="\n\n".join(lines), kind="text", **raw)


def article(text: str = TEXT) -> Article:
    return Article(id="a", origin="/tmp/page.txt", text=text)


# --- order of precedence ------------------------------------------------------------------------

ABOVE = DateLine(1, "2026-05-09", "above title")
NEXT_TO_STORY = DateLine(3, "2026-03-05", "before story")
DATELINE = DateLine(5, "2026-03-04", "dateline")


def test_the_source_declared_date_comes_first():
    evidence = DateEvidence(declared="March 6, 2026", date_lines=(ABOVE, NEXT_TO_STORY), dateline=DATELINE)
    decision = decide_from_evidence(evidence, stated="2026-01-01")
    assert (decision.published, decision.published_from) == ("2026-03-06", "metadata")
    assert "declared by the source as 'March 6, 2026'" == decision.note
    assert decision.page_date is None


def test_a_date_line_next_to_the_story_comes_before_the_dateline_and_the_user():
    evidence = DateEvidence(declared="not a date", date_lines=(ABOVE, NEXT_TO_STORY), dateline=DATELINE)
    decision = decide_from_evidence(evidence, stated="2026-01-01")
    assert (decision.published, decision.published_from) == ("2026-03-05", "metadata")
    assert decision.note == "line 3, next to the story, gives the date"
    assert decision.page_date == "2026-05-09"  # recorded, not used


def test_a_labelled_date_line_is_used_wherever_it_stands():
    labelled = DateLine(9, "2026-03-07", "in story", labelled=True)
    decision = decide_from_evidence(DateEvidence(date_lines=(DateLine(8, "2026-02-01", "in story"), labelled)))
    assert (decision.published, decision.published_from) == ("2026-03-07", "metadata")


def test_the_dateline_comes_before_the_user():
    decision = decide_from_evidence(DateEvidence(date_lines=(ABOVE,), dateline=DATELINE), stated="2026-01-01")
    assert (decision.published, decision.published_from) == ("2026-03-04", "text")
    assert decision.note == "the story's dateline, line 5"


def test_the_user_comes_before_inference_from_the_text():
    dated, timexes = date_article(article(), DateEvidence(), stated="2026-03-10")
    assert (dated.published, dated.published_from) == ("2026-03-10", "user")
    assert dated.published_note == "stated by the user as '2026-03-10'"
    # relative expressions are read against the stated date, not an inferred one
    assert {t.text: t.value for t in timexes}["yesterday"] == "2026-03-09"
    assert {t.anchor for t in timexes} == {"2026-03-10"}


def test_inference_from_the_text_comes_last():
    dated, timexes = date_article(article())
    assert (dated.published, dated.published_from) == ("2026-03-03", "inferred")
    assert "inferred (low)" in dated.published_note
    assert {t.text: t.value for t in timexes}["yesterday"] == "2026-03-02"


# --- the user's stated date -----------------------------------------------------------------------


def test_a_stated_date_is_used_for_undated_inputs_only():
    dated, _ = date_article(article(), DateEvidence(declared="2026-03-06"), stated="2026-03-10")
    assert (dated.published, dated.published_from) == ("2026-03-06", "metadata")


def test_a_stated_date_that_is_not_a_date_is_noted_and_the_text_decides():
    dated, _ = date_article(article(), DateEvidence(), stated="sometime soon")
    assert dated.published_from == "inferred"
    assert "the stated date 'sometime soon' is not a date sitroom understands; not used" in dated.published_note


def test_a_stated_date_keeps_the_notes_on_what_was_not_used():
    decision = decide_from_evidence(DateEvidence(date_lines=(ABOVE,)), stated="10 March 2026")
    assert (decision.published, decision.published_from) == ("2026-03-10", "user")
    assert decision.note.startswith("line 1, above the headline, shows 2026-05-09")
    assert decision.note.endswith("stated by the user as '10 March 2026'")
    assert decision.page_date == "2026-05-09"


# --- the page date --------------------------------------------------------------------------------


def test_a_page_date_above_the_headline_is_not_used():
    result = clean_with_lines(page("Saturday, May 9, 2026", "Eskel crossing to reopen", *STORY))
    assert result.dates.date_lines == (DateLine(1, "2026-05-09", "above title"),)
    dated, _ = date_article(result.article, result.dates)
    assert dated.page_date == "2026-05-09"
    assert dated.published != "2026-05-09"
    assert "above the headline, shows 2026-05-09" in dated.published_note and "not used" in dated.published_note


def test_a_page_date_that_conflicts_with_the_story_is_noted():
    result = clean_with_lines(page("Tuesday, November 15, 2022", "Eskel crossing to reopen", *STORY))
    dated, _ = date_article(result.article, result.dates)
    assert dated.page_date == "2022-11-15"
    assert "page date conflicts with the story: page date 2022-11-15 is before every full date" in dated.published_note


def test_a_page_date_that_agrees_with_the_story_is_not_flagged():
    result = clean_with_lines(page("Thursday, March 5, 2026", "Eskel crossing to reopen", *STORY))
    dated, _ = date_article(result.article, result.dates)
    assert dated.page_date == "2026-03-05" and "conflicts" not in dated.published_note


# --- clean gathers, time decides; nothing is mutated -----------------------------------------------


def test_clean_gathers_the_evidence_and_decides_nothing():
    result = clean_with_lines(page("Saturday, May 9, 2026", "Eskel crossing to reopen", "3 min read | 05.05.2026",
                                   *STORY, "Updated 06.05.2026", published="yesterday"))
    built = result.article
    assert (built.published, built.published_from, built.published_note, built.page_date) == (None, None, None, None)
    assert result.dates.declared == "yesterday" and result.dates.declared_by == "source"
    assert [(d.line, d.date, d.place, d.labelled) for d in result.dates.date_lines] == [
        (1, "2026-05-09", "above title", False),
        (5, "2026-05-05", "before story", False),
        (11, "2026-05-06", "in story", True),
    ]
    decision = decide_from_evidence(result.dates)
    assert (decision.published, decision.note) == ("2026-05-05", "line 5, next to the story, gives the date")


def test_html_metadata_is_evidence_of_the_page():
    raw = RawDoc("p.html", "\n".join(["Eskel crossing to reopen", *STORY]), "html", published="2026-03-06")
    result = clean_with_lines(raw)
    assert result.dates == DateEvidence(declared="2026-03-06", declared_by="page")
    assert decide_from_evidence(result.dates).note == "the page's metadata gives '2026-03-06'"


def test_date_article_returns_a_new_record_and_leaves_the_old_one_as_it_was():
    built = article()
    before = Article(**{name: getattr(built, name) for name in built.__dataclass_fields__})
    dated, _ = date_article(built, DateEvidence(declared="2026-03-06"))
    assert dated is not built and dated.published == "2026-03-06"
    assert built == before


def test_spans_found_once_give_the_same_timexes_for_every_anchor():
    candidates = find_candidates(TEXT)
    for anchor in (None, dt.date(2026, 3, 3), dt.date(2026, 3, 10)):
        assert extract_timexes("a", TEXT, anchor, None, candidates) == extract_timexes("a", TEXT, anchor)
    # spans of another text are not used
    assert extract_timexes("a", TEXT, None, None, find_candidates("On Monday.")) == extract_timexes("a", TEXT, None)
