"""The clean stage on page text written for these tests (invented places and people)."""

from __future__ import annotations

from datetime import date

from sitroom.clean import LineStats, clean, clean_with_lines, find_dates, normalise
from sitroom.records import Article, RawDoc
from sitroom.time import decide_from_evidence

STORY = [
    "Officials in Norvania said on Tuesday that the border crossing at Eskel would reopen next month after a long closure.",
    "“We expect trucks to move again by the end of the month,” said Lena Okoro, a spokeswoman for the Norvanian transport ministry.",
    "The crossing was closed in the autumn after a dispute over customs fees with neighbouring Tashkar.",
]


def page(*lines: str) -> RawDoc:
    return RawDoc(origin="/tmp/page.txt", content="\n\n".join(lines), kind="text")


def dated(raw: RawDoc) -> Article:
    """The cleaned article with the publication date its page's evidence gives (no inference)."""
    result = clean_with_lines(raw)
    return decide_from_evidence(result.dates).applied_to(result.article)


def verdicts(raw: RawDoc, stats: LineStats | None = None) -> dict[str, str]:
    return {line.text: line.verdict for line in clean_with_lines(raw, stats).lines}


def test_story_lines_all_kept_and_furniture_dropped():
    raw = page("Menu", "Norvania to reopen Eskel border crossing", *STORY, "Related Articles", "Leave a Reply",
               "Your email address will not be published.", "- Advertisement -", "Back to top button")
    article = clean(raw)
    assert article.title == "Norvania to reopen Eskel border crossing"
    assert article.text.split("\n\n") == STORY
    assert article.kept_lines == [5, 7, 9]  # page() puts a blank line between lines
    assert article.dropped_lines == [1, 3, 11, 13, 15, 17, 19]
    assert article.title_line == 3


def test_headline_printed_twice_with_different_apostrophes_is_one_title():
    raw = page("Norvania’s border crossing to reopen", "Norvania's border crossing to reopen", *STORY)
    article = clean(raw)
    assert article.title == "Norvania’s border crossing to reopen"
    assert article.text.count("Eskel") == 1
    assert verdicts(raw)["Norvania's border crossing to reopen"] == "repeat"


def test_repeated_paragraph_kept_once():
    raw = page("Eskel crossing to reopen", STORY[0], STORY[0].replace("'", "’"), STORY[1], STORY[0])
    assert clean(raw).text.split("\n\n") == [STORY[0], STORY[1]]


def test_subheading_inside_the_story_is_kept():
    raw = page("Eskel crossing to reopen", STORY[0], "Customs dispute", STORY[1], STORY[2], "Share")
    assert "Customs dispute" in clean(raw).text.split("\n\n")


def test_date_above_the_headline_is_page_date_not_publication_date():
    raw = page("Saturday, May 9, 2026", "Eskel crossing to reopen", *STORY)
    article = dated(raw)
    assert article.published is None and article.published_from is None
    assert article.page_date == "2026-05-09"
    assert "display date" in article.published_note


def test_date_line_between_headline_and_story_is_publication_metadata():
    raw = page("Eskel crossing to reopen", "3 min read | 05.05.2026", *STORY)
    article = dated(raw)
    assert (article.published, article.published_from) == ("2026-05-05", "metadata")
    assert "05.05.2026" not in article.text


def test_declared_date_wins_and_is_normalised():
    raw = RawDoc(origin="x", content="\n".join(STORY), kind="text", published="May 4, 2026", title="Eskel")
    article = dated(raw)
    assert (article.published, article.published_from) == ("2026-05-04", "metadata")


def test_short_story_sentence_with_a_date_is_not_taken_for_a_date_line():
    line = "The vote is set for June 2, 2026."
    raw = page("Eskel crossing to reopen", STORY[0], line, STORY[1])
    assert line in clean(raw).text


def test_caption_and_credit_dropped():
    raw = page("Eskel crossing to reopen", "Trucks queue at the Eskel crossing", "Trucks queue at the Eskel crossing",
               "Photo credit: Norvania Press Agency", *STORY)
    article = clean(raw)
    assert "Trucks queue" not in article.text and "Photo credit" not in article.text
    assert article.text.split("\n\n") == STORY


def test_author_bio_after_story_dropped_and_author_found_but_not_inside_story():
    inside = "Ms. Okoro, who is a former journalist with the state broadcaster, took up her post in March."
    raw = page("Eskel crossing to reopen", STORY[0], inside, STORY[1], "Ivo Brandt",
               "Ivo is a journalist with ten years of experience covering the region.", "Related Articles")
    article = clean(raw)
    assert inside in article.text
    assert "ten years" not in article.text
    assert article.author == "Ivo Brandt"


def test_outlet_from_site_blurb_and_app_promotion():
    blurb = page("Eskel crossing to reopen", *STORY, "Norvania Daily Wire is a digital news website covering the region.")
    assert clean(blurb).outlet == "Norvania Daily Wire"
    promo = page("Eskel crossing to reopen", *STORY,
                 "The Eskel Herald has a new mobile app for your phone. Sign up for our newsletter too.")
    article = clean(promo)
    assert article.outlet == "Eskel Herald"
    assert "mobile app" not in article.text


def test_template_lines_across_different_pages_are_dropped_but_not_syndicated_copies():
    other_story = ["A storm closed the port of Velm on Friday, stranding dozens of ships for two days in the harbour.",
                   "Port officials said repairs to the breakwater would take at least a week to complete."]
    a = "\n".join(["Norvania to reopen crossing", *STORY, "Top Picks Today"])
    b = "\n".join(["Storm closes Velm port", *other_story, "Top Picks Today"])
    c = "\n".join(["Velm port reopens", "The port of Velm reopened on Monday after engineers repaired the damaged breakwater.",
                   "Top Picks Today"])
    copy_of_a = "\n".join(["Norvania to reopen crossing", *STORY])
    stats = LineStats.from_texts([a, b, c, copy_of_a])
    assert "top picks today" in stats.template
    assert normalise(STORY[0]) not in stats.template
    assert clean(RawDoc("a", a, "text"), stats).text.split("\n\n") == STORY


def test_html_extracted_text_keeps_trafilatura_lines_but_drops_headline_copy_and_labels():
    raw = RawDoc("p.html", "\n".join(["Eskel crossing to reopen", *STORY, "Advertisement"]), "html",
                 title="Eskel crossing to reopen", published="2026-05-05")
    article = dated(raw)
    assert article.text.split("\n\n") == STORY
    assert (article.published, article.published_from) == ("2026-05-05", "metadata")


def test_empty_page_gives_empty_text_without_error():
    assert clean(page("Menu", "Related Articles")).text == ""


def test_find_dates_formats():
    values = [f.value for f in find_dates("27.01.2022; Jan. 26, 2022; 2022-01-25; Friday, December 9, 2022; 3rd March 2021")]
    assert values == [date(2022, 1, 27), date(2022, 1, 26), date(2022, 1, 25), date(2022, 12, 9), date(2021, 3, 3)]
    assert find_dates("31.02.2022") == []  # not a real day
    assert find_dates("in December 2022, on Monday") == []  # not a full date


def test_line_numbers_count_newlines_only():
    raw = RawDoc("x", "Eskel crossing to reopen\u2028still the headline\n\n" + STORY[0] + "\x0c\n" + STORY[1], "text")
    article = clean(raw)
    assert article.kept_lines == [3, 4]


def test_relative_declared_date_is_not_resolved_against_today():
    raw = RawDoc("x", "\n".join(STORY), "text", published="yesterday", title="Eskel")
    article = dated(raw)
    assert article.published is None and "yesterday" in article.published_note


# ----------------------------------------------------------------------------- a page flattened to one line (issue 10, item 14)

FOOTER = ("© 2025 The Eskel Herald. All rights reserved. Sign up for our newsletter to get the news in your inbox. "
          "Follow us on the new app.")


def test_a_page_flattened_to_one_line_keeps_its_story_and_drops_its_footer():
    raw = RawDoc(origin="/tmp/flat.txt", content=" ".join(STORY) + " " + FOOTER, kind="text")
    result = clean_with_lines(raw)
    assert result.article.text == " ".join(STORY)  # one paragraph: the line's story sentences, as written
    assert result.article.kept_lines == [1] and result.article.dropped_lines == []
    dropped = [line.text for line in result.lines if line.dropped]
    assert dropped and all(text in FOOTER for text in dropped)


def test_a_long_story_line_with_no_furniture_stays_whole():
    line = " ".join(STORY) + (" Traders in Eskel said the queues of trucks had grown to several kilometres. "
                              "The ministry did not say how many inspectors would staff the crossing.")
    article = clean(page("Norvania to reopen Eskel border crossing", line))
    assert article.text == line


def test_a_cue_written_with_a_dotless_i_is_still_a_cue():
    # the cues are matched as written against a line's lower case, but lower case keeps a dotless
    # "ı", which a case-insensitive "i" matches: such a line is matched case-insensitively
    from sitroom.clean import _furniture_reason, _make_line

    for dotted, dotless in (("Subscribe", "Subscr\u0131be"),
                            ("Mira Castell is a senior reporter at the Harbour Ledger.",
                             "Mira Castell \u0131s a senior reporter at the Harbour Ledger.")):
        assert _furniture_reason(_make_line(1, dotless)) == _furniture_reason(_make_line(1, dotted)) is not None
