"""The publication date, decided once, here.

The clean stage gathers what a page says about its date (``DateEvidence``: the date the source
declared, each date line with where it stands, a dateline opening the story); this module decides
``published``, ``published_from``, ``published_note`` and ``page_date`` from that evidence, a date
the user stated, and the dates the text itself writes out. In order of precedence:

1. the source's metadata: a date the input declares (a JSON field, HTML metadata) -> ``metadata``;
2. a date line next to the story: one labelled as the publication date ("Published ..."), or
   the first between the headline and the story -> ``metadata``;
3. the story's dateline ("CITY, Jan. 26, 2022 -") -> ``text``;
4. a date the user stated for undated inputs -> ``user``;
5. a date inferred from the text's own full dates, when the evidence places the writing at it
   (a lower bound is noted, never used) -> ``inferred``;
6. for an article still undated after a run, a date inferred from other reports of the same
   happenings: the link stage finds the publication dates at which the article's own relative
   expressions ("on Wednesday") name the days those reports give, and ``redate`` applies it
   -> ``inferred``, the evidence in the note.

A date line above the headline is the page's display date (site headers show the current day on
every page): it is kept as ``page_date`` and never used, and the note says when it conflicts with
the story. ``published_note`` always says, in words, which evidence was used and what was not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sitroom.records import Article, DateEvidence, Timex
from sitroom.time.grammar import find_candidates, parse_declared_date
from sitroom.time.patterns import WEEKDAYS
from sitroom.time.resolve import extract_timexes
from sitroom.time.values import value_granularity

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class PublicationDate:
    """The decision, with the words that explain it."""

    published: str | None = None  # YYYY-MM-DD
    published_from: str | None = None  # "metadata" | "text" | "user" | "inferred" | None
    note: str = "no publication date found"
    page_date: str | None = None  # a date the page displays that is not the publication date

    def applied_to(self, article: Article) -> Article:
        """A copy of ``article`` with this decision's fields."""
        return replace(article, published=self.published, published_from=self.published_from,
                       published_note=self.note, page_date=self.page_date)


def decide_from_evidence(evidence: DateEvidence, stated: str | None = None) -> PublicationDate:
    """Steps 1 to 4 of the order above: what the page and the user say, before the text's own dates
    are weighed. ``stated`` is a date the user gave for inputs that carry none."""
    notes: list[str] = []
    from_page = evidence.declared_by == "page"
    if evidence.declared:
        declared = parse_declared_date(evidence.declared)
        if declared:
            note = (f"the page's metadata gives '{evidence.declared}'" if from_page
                    else f"declared by the source as '{evidence.declared}'")
            return PublicationDate(declared.isoformat(), "metadata", note)
        notes.append(f"the page's metadata gives '{evidence.declared}', not a date sitroom understands" if from_page
                     else f"the source declares '{evidence.declared}', which is not a date sitroom understands")
    page_date = None
    chosen = None
    for line in evidence.date_lines:
        if line.labelled:
            chosen = chosen or line  # labelled as the publication date, wherever it stands
        elif line.place == "above title":
            page_date = page_date or line.date
            notes.append(f"line {line.line}, above the headline, shows {line.date}: the page's display date (site "
                         f"headers show the current day), not the article's; not used")
        elif line.place == "before story":
            chosen = chosen or line  # between the headline and the story: the article's metadata
        else:
            notes.append(f"line {line.line}, inside or after the story, shows {line.date} with no label; not used")
    if chosen is not None:
        return PublicationDate(chosen.date, "metadata", f"line {chosen.line}, next to the story, gives the date", page_date)
    if evidence.dateline is not None:
        line = evidence.dateline
        return PublicationDate(line.date, "text", f"the story's dateline, line {line.line}", page_date)
    if stated:
        day = parse_declared_date(stated)
        if day:
            return PublicationDate(day.isoformat(), "user", "; ".join([*notes, f"stated by the user as '{stated}'"]),
                                   page_date)
        notes.append(f"the stated date '{stated}' is not a date sitroom understands; not used")
    return PublicationDate(None, None, "; ".join(notes) or "no publication date found", page_date)


def date_article(article: Article, evidence: DateEvidence = DateEvidence(), doc: Doc | None = None,
                 stated: str | None = None) -> tuple[Article, list[Timex]]:
    """The article with its publication date decided, and its time expressions resolved against it.

    ``article`` is as the clean stage built it (its publication fields are not read); ``evidence``
    what clean found on the page; ``doc`` the spaCy parse of ``article.text``; ``stated`` a date
    the user gave for undated inputs. When nothing but the text dates the article, the date its
    own full dates support is inferred (step 5), and the expressions are read again against it.
    """
    decision = decide_from_evidence(evidence, stated)
    # The spans are found once; only their values depend on the anchor.
    candidates = find_candidates(article.text)
    anchor = dt.date.fromisoformat(decision.published) if decision.published else None
    timexes = extract_timexes(article.id, article.text, anchor, doc, candidates)
    if anchor is None:
        inferred, confidence, note = infer_publication_date(article.text, timexes)
        decision = replace(decision, note="; ".join(filter(None, [decision.note, note])))
        # A lower bound is noted, not used: only a date the evidence places the writing at is.
        if inferred is not None and confidence in ("medium", "low"):
            decision = replace(decision, published=inferred, published_from="inferred")
            timexes = extract_timexes(article.id, article.text, dt.date.fromisoformat(inferred), doc, candidates)
    if decision.page_date:
        conflict = page_date_conflicts(decision.page_date, timexes, article.text)
        if conflict:
            decision = replace(decision, note=f"{decision.note}; page date conflicts with the story: {conflict}")
    return decision.applied_to(article), timexes


# --------------------------------------------------------------------------------------------
# the text's own evidence


def _is_explicit_day(timex: Timex) -> bool:
    """A day the text spells out in full (with its year), not one resolved from a relative phrase."""
    return timex.type == "DATE" and value_granularity(timex.value) == "day" and bool(re.search(r"\b\d{4}\b", timex.text))


def _is_date_line(text: str, timex: Timex) -> bool:
    """True when the date stands on a line of its own: page furniture, not the story's words."""
    line_start = text.rfind("\n", 0, timex.start) + 1
    line_end = text.find("\n", timex.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return len(line.strip(" \t-–—|,.")) <= len(timex.text) + 3


_DEICTIC_WORDS = re.compile(
    r"(?i)\b(?:today|yesterday|tomorrow|tonight|last night|this week|last week|"
    + "|".join(w for w in WEEKDAYS if w.endswith("day"))
    + r")\b"
)


def _story_and_line_dates(text: str, timexes: list[Timex]) -> tuple[list[dt.date], list[dt.date]]:
    story, lines = set(), set()
    for timex in timexes:
        if _is_explicit_day(timex):
            day = dt.date.fromisoformat(timex.value[:10])
            (lines if text and _is_date_line(text, timex) else story).add(day)
    return sorted(story), sorted(lines)


def infer_publication_date(text: str, timexes: list[Timex]) -> tuple[str | None, str, str]:
    """A publication date from the text itself when the metadata has none:
    (YYYY-MM-DD or None, confidence, note). Confidence is ``medium`` or ``low`` for a date the
    evidence places the writing at, ``bound`` for a lower bound only, ``none`` for no date.

    ``timexes`` are the article's timexes (extracted with or without an anchor: only dates the
    text writes out in full, with their year, are used). The latest full date in the story is a
    lower bound (a story reports what has happened); relative words ("yesterday", "on
    Wednesday", "last week") say it was written within days of that. A date standing on a line
    of its own (a page's date line) is used when it agrees with the story, or alone, with low
    confidence. The note says which evidence was used and how sure it is.
    """
    story, lines = _story_and_line_dates(text, timexes)
    deictic = sum(1 for t in timexes if _DEICTIC_WORDS.search(t.text) and not re.search(r"\d{4}", t.text))
    if story:
        latest = story[-1]
        agreeing = [d for d in lines if 0 <= (d - latest).days <= 14]
        if agreeing:
            return agreeing[0].isoformat(), "medium", (
                f"inferred (medium): date line {agreeing[0]} agrees with the story's latest full date {latest}"
            )
        if deictic:
            return latest.isoformat(), "low", (
                f"inferred (low): latest full date in the story is {latest}; {deictic} relative "
                "expression(s) place the writing within days of it"
            )
        return latest.isoformat(), "bound", f"inferred (low): latest full date in the story is {latest}, a lower bound only"
    if lines:
        return lines[-1].isoformat(), "bound", (
            f"inferred (low): only a date line ({lines[-1]}) on the page, which may be the page's own date"
        )
    return None, "none", "no full date in the text: publication date left unknown"


def page_date_conflicts(page_date: str | dt.date | None, timexes: list[Timex], text: str = "") -> str | None:
    """Why a page's date cannot be the article's publication date, or None when nothing conflicts.

    Conflicts: the page date is more than a day before every full date the story writes out, or
    it lies more than 60 days after the latest of them while the story speaks of "yesterday",
    weekdays or "last week" (a page refreshed or re-dated long after the story). With ``text``,
    dates standing on a line of their own (the page's date line) are not counted as the story's.
    """
    if page_date is None:
        return None
    try:
        page = page_date if isinstance(page_date, dt.date) else dt.date.fromisoformat(str(page_date)[:10])
    except ValueError:
        return f"page date {page_date!r} is not a date"
    explicit, _ = _story_and_line_dates(text, timexes)
    if not explicit:
        return None
    latest = explicit[-1]
    deictic = any(_DEICTIC_WORDS.search(t.text) and not re.search(r"\d{4}", t.text) for t in timexes)
    if page < explicit[0] - dt.timedelta(days=1):
        return f"page date {page} is before every full date in the story (earliest {explicit[0]})"
    if deictic and (page - latest).days > 60:
        return (
            f"page date {page} is {(page - latest).days} days after the latest date in the story ({latest}), "
            "which speaks of days relative to its own"
        )
    return None



def redate(article: Article, published: str, note: str, doc: Doc | None = None) -> tuple[Article, list[Timex]]:
    """Step 6: an undated article dated from other reports of what it tells (``note`` says how),
    with its time expressions read again against that date."""
    if article.published:
        raise ValueError(f"{article.origin}: already dated {article.published}; only undated articles are redated")
    decision = PublicationDate(published, "inferred", "; ".join(filter(None, [article.published_note, note])),
                               article.page_date)
    timexes = extract_timexes(article.id, article.text, dt.date.fromisoformat(published), doc)
    return decision.applied_to(article), timexes
