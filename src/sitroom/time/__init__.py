"""The ``time`` stage: temporal expressions, their TimeML values, and the publication date.

    patterns.py   the vocabulary and one regular expression per kind of expression
    values.py     TimeML value arithmetic (granularity, bounds, shifting; calendar facts)
    readings.py   what each rule's match means, read in context (anchor, tense, focus)
    grammar.py    the shared date grammar: expressions found and read in a text; full dates
                  and declared date strings read for the clean stage
    tense.py      the tense of the verb governing an expression (spaCy parse or nearby words)
    resolve.py    an article's Timex records, resolved against its publication date
    published.py  the publication date, decided once, from the page's evidence and the text
    clause.py     the timex a clause's verb governs (for the events stage)
"""

from sitroom.time.clause import date_for_clause
from sitroom.time.grammar import (
    Candidates,
    FoundDate,
    find_candidates,
    find_dates,
    parse_declared_date,
    read_expressions,
)
from sitroom.time.published import (
    PublicationDate,
    date_article,
    decide_from_evidence,
    infer_publication_date,
    page_date_conflicts,
    redate,
)
from sitroom.time.resolve import extract_timexes, find_timexes
from sitroom.time.values import value_bounds, value_granularity

__all__ = [
    "Candidates",
    "FoundDate",
    "PublicationDate",
    "date_article",
    "date_for_clause",
    "decide_from_evidence",
    "extract_timexes",
    "find_candidates",
    "find_dates",
    "find_timexes",
    "infer_publication_date",
    "page_date_conflicts",
    "parse_declared_date",
    "read_expressions",
    "redate",
    "value_bounds",
    "value_granularity",
]
