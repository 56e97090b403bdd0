"""An article's temporal expressions as Timex records, resolved against its publication date.

The grammar reads the expressions; here the spaCy parse, when there is one, gives the tense of
the verb governing each (a past verb points back, a future one forward: "met on Wednesday",
"will meet on Wednesday"), and each expression becomes a ``Timex`` with a stable id.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sitroom.docviews import views
from sitroom.records import Timex, stable_id
from sitroom.time.grammar import Candidates, Expression, read_expressions
from sitroom.time.tense import tense_in

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_timexes(
    text: str, anchor: dt.date | None, doc: Doc | None = None, candidates: Candidates | None = None
) -> list[Expression]:
    """(start, end, type, value) for every temporal expression in ``text``, in text order.

    ``candidates``, when given, are ``find_candidates(text)``: the spans found once, for a text
    read against more than one anchor.
    """
    if candidates is not None and candidates.text != text:
        candidates = None  # spans of another text would point at the wrong words
    return read_expressions(candidates or text, anchor, tense_in(text, doc))


def extract_timexes(
    article_id: str, text: str, anchor: dt.date | None, doc: Doc | None = None, candidates: Candidates | None = None
) -> list[Timex]:
    """Temporal expressions of an article with TimeML values resolved against ``anchor``.

    ``anchor`` is the publication date (or None: relative expressions then stay underspecified);
    ``doc``, when given, is the spaCy parse of the same ``text`` and gives the tense of the verb
    governing each expression; ``candidates`` are the spans found once (see ``find_timexes``).
    Same text and anchor, same result.
    """
    if doc is not None and views(doc).text != text:
        doc = None  # a parse of another text would point at the wrong words
    anchor_text = anchor.isoformat() if anchor else None
    return [
        Timex(
            id=stable_id(article_id, start, end),
            article=article_id,
            start=start,
            end=end,
            text=text[start:end],
            type=kind,
            value=value,
            anchor=anchor_text,
        )
        for start, end, kind, value in find_timexes(text, anchor, doc, candidates)
    ]

