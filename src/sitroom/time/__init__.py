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

from importlib import import_module
from typing import TYPE_CHECKING

# Where each name is defined. They are imported when first used (``__getattr__``), so that what
# needs only the grammar (the link pass reads other reports' dates with it) does not import the
# modules that read a spaCy parse, nor spaCy with them.
_DEFINED_IN = {
    "date_for_clause": "clause",
    "Candidates": "grammar", "FoundDate": "grammar", "find_candidates": "grammar", "find_dates": "grammar",
    "parse_declared_date": "grammar", "read_expressions": "grammar",
    "PublicationDate": "published", "date_article": "published", "decide_from_evidence": "published",
    "infer_publication_date": "published", "page_date_conflicts": "published", "redate": "published",
    "extract_timexes": "resolve", "find_timexes": "resolve",
    "value_bounds": "values", "value_granularity": "values",
}

if TYPE_CHECKING:
    from sitroom.time.clause import date_for_clause
    from sitroom.time.grammar import (Candidates, FoundDate, find_candidates, find_dates, parse_declared_date,
                                      read_expressions)
    from sitroom.time.published import (PublicationDate, date_article, decide_from_evidence, infer_publication_date,
                                        page_date_conflicts, redate)
    from sitroom.time.resolve import extract_timexes, find_timexes
    from sitroom.time.values import value_bounds, value_granularity


def __getattr__(name: str) -> object:
    if name not in _DEFINED_IN:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_DEFINED_IN[name]}"), name)
    globals()[name] = value  # looked up once
    return value


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
