"""The shared date grammar: temporal expressions found in a text and read as TimeML values.

Every rule of ``patterns`` proposes candidate spans; of overlapping candidates the longest is
read (by its rule's reader in ``readings``), and one its reader rejects gives way to the
shorter candidates inside it. Values are read against an optional anchor; without one, relative
expressions stay underspecified (``XXXX-XX-XX``) and full dates keep their value. Where a date
string is read (a page's date line, a date a source declares), it is read here, so that a date
is read the same way wherever it stands.

* DATE: ``2022-01-26``, ``2022-01``, ``2022-W05``, ``2022-W05-WE``, ``2022-Q3``, ``2022-H1``,
  ``2022-SU``, ``2022``, ``199`` (a decade), ``19`` (a century), ``PRESENT_REF``, ``PAST_REF``,
  ``FUTURE_REF``; without an anchor, relative expressions stay underspecified (``XXXX-XX-XX``,
  ``XXXX-WXX-3``...).
* TIME: a date with a time of day (``2022-01-26T15:00``, ``2022-01-26TNI``).
* DURATION: ``P2Y``, ``P20Y`` (two decades), ``PT48H``, ``PXD`` (a few days).
* SET: ``XXXX-WXX-1`` (every Monday), ``P1W`` (weekly).

A value never claims more than the text says: "last week" is a week, "in February" a month.
The result depends only on the text, the anchor and the tense given, never on the day it runs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sitroom.time.patterns import RULE_RANK, RULES, lowered_faithfully
from sitroom.time.readings import READERS, Context
from sitroom.time.tense import Tense, tense_from_words

# words kept out of a span's edges (the rules match them to read the context)
_LEADING_WORDS = re.compile(r"^(?:(?:on|by|until|since|at|around|about)\s+)", re.I)

Candidate = tuple[int, int, str, re.Match[str]]  # start, end, rule name, the rule's match
Expression = tuple[int, int, str, str]  # start, end, type, value


@dataclass(frozen=True, slots=True)
class Candidates:
    """Every rule's matches in one text: found once, read against as many anchors as needed."""

    text: str
    spans: tuple[Candidate, ...]


def find_candidates(text: str) -> Candidates:
    found = []
    lowered = lowered_faithfully(text)
    for rule in RULES:
        if not rule.may_match(text, lowered):
            continue  # no match can be without the words it needs (see patterns._rule)
        if rule.lowered is not None and lowered is not None:
            # found in the lowercased text, each match then made in the text at its place (the
            # readers read the words as written)
            matches = (rule.pattern.match(text, place.start()) for place in rule.lowered.finditer(lowered))
        else:
            matches = rule.pattern.finditer(text)
        for match in matches:
            if match.end() > match.start():
                found.append((match.start(), match.end(), rule.name, match))
    return Candidates(text, tuple(found))


def _non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    """Longest spans first; a candidate overlapping a kept one is dropped."""
    ordered = sorted(candidates, key=lambda c: (-(c[1] - c[0]), RULE_RANK[c[2]], c[0]))
    kept: list[Candidate] = []
    for candidate in ordered:
        if all(candidate[1] <= k[0] or candidate[0] >= k[1] for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c[0])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading prepositions and trailing punctuation or possessives from a span."""
    lead = _LEADING_WORDS.match(text[start:end])
    if lead and lead.end() < end - start:
        start += lead.end()
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def _read_candidates(candidates: list[Candidate], ctx: Context, results: list[Expression]) -> None:
    """Read the longest non-overlapping candidates in text order; a rejected one gives way to
    the shorter readings inside it ("May" the verb inside "May the", a name inside a phrase)."""
    for start, end, name, match in _non_overlapping(candidates):
        ctx.used_focus = False
        try:
            reading = READERS[name](match, ctx)
        except (ValueError, KeyError, OverflowError, TypeError, AttributeError, IndexError):
            reading = None  # an odd string is skipped, never raised out of the stage
        if reading is None:
            inner = [c for c in candidates if start <= c[0] and c[1] <= end and (c[0], c[1], c[2]) != (start, end, name)]
            if inner:
                _read_candidates(inner, ctx, results)
            continue
        kind, value = reading
        trimmed_start, trimmed_end = _trim(ctx.text, start, end)
        if trimmed_end <= trimmed_start:
            continue
        results.append((trimmed_start, trimmed_end, kind, value))
        if kind == "DATE" and not ctx.used_focus:
            ctx.remember(value)  # a date the text names becomes the reference for anaphora


def read_expressions(text: str | Candidates, anchor: dt.date | None = None, tense: Tense | None = None) -> list[Expression]:
    """(start, end, type, value) for every temporal expression in the text, in text order.

    ``text`` is the text or its ``find_candidates``; ``anchor`` the date relative expressions are
    read against; ``tense`` gives the tense of the verb governing a span (by default the nearest
    tense cue in the sentence).
    """
    found = text if isinstance(text, Candidates) else find_candidates(text)
    if not found.text:
        return []
    ctx = Context(text=found.text, anchor=anchor, tense_of=tense or _words_tense(found.text))
    results: list[Expression] = []
    _read_candidates(list(found.spans), ctx, results)
    results.sort(key=lambda r: r[0])
    return results


def _words_tense(text: str) -> Tense:
    return lambda start, end: tense_from_words(text, start, end)


# --------------------------------------------------------------------------------------------
# reading date strings (what the clean stage needs)


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: dt.date
    start: int
    end: int


_FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def find_dates(text: str) -> list[FoundDate]:
    """Full calendar dates (day, month and year) written in the text, in order."""
    return [FoundDate(dt.date.fromisoformat(value[:10]), start, end)
            for start, end, kind, value in read_expressions(text)
            if kind in ("DATE", "TIME") and _FULL_DAY.match(value)]


def parse_declared_date(value: str) -> dt.date | None:
    """A publication date as a source declared it (JSON field, HTML metadata)."""
    dates = find_dates(value)
    if dates:
        return dates[0].value
    import dateparser  # slow to import; needed only for unusual declared formats

    # Absolute forms only: "yesterday" must not become the day sitroom happens to run.
    parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
                                               "PARSERS": ["timestamp", "absolute-time"]})
    return parsed.date() if parsed else None
