"""The tense of the verb that governs a temporal expression: past, future, present or None.

Weekdays, months and seasons without a year are placed by it: a past verb points back, a future
one forward. From the spaCy parse when there is one, else from the nearest tense cue in the
sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy objects are only passed through here
    from spacy.tokens import Doc, Token

Tense = Callable[[int, int], str | None]  # (start, end) of an expression -> its governing verb's tense


_FUTURE_GOVERNORS = {
    "expect", "plan", "schedule", "due", "set", "intend", "hope", "aim", "prepare", "agree", "promise",
    "vow", "pledge", "threaten", "propose", "want", "seek", "decide", "likely", "going", "slate",
}  # fmt: skip
_FUTURE_WORDS = re.compile(
    r"\b(?:will|'ll|’ll|shall|going to|gonna|is to|are to|expected to|scheduled|slated|set to|due to|plans? to"
    r"|intends? to|upcoming|to be held)\b",
    re.I,
)
_PAST_WORDS = re.compile(r"\b(?:said|was|were|had|did|told|added|announced|\w{3,}ed)\b", re.I)


_FUTURE_LEMMAS = {"expect", "schedule", "plan", "slate", "due", "set", "intend", "propose", "aim", "postpone", "delay"}
_FORWARD_PREPOSITIONS = {"until", "till", "through", "by"}


def tense_from_parse(doc: Doc, start: int, end: int) -> str | None:
    """past / future / present, or None, for the verb governing the words at start:end."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    possessive = token.dep_ == "poss" or token.text.endswith(("'s", "’s"))
    preposition = None
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        if preposition is None and token.dep_ == "pobj" and token.head.dep_ == "prep":
            preposition = token.head.lower_
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return "past" if possessive else None
    tense = _verb_tense(token)
    if token.lemma_.lower() in _FUTURE_LEMMAS and token.tag_ in ("VBN", "VB", "VBZ", "VBP") and tense != "future":
        tense = "future"  # "is expected in December", "a summit set for April"
    forward = preposition in _FORWARD_PREPOSITIONS
    if tense == "perfect":
        return "future" if forward else "past"
    if tense in (None, "present") and forward:
        return "future"
    if preposition == "since":
        return "past"
    if possessive and tense in (None, "present"):
        return "past"  # "Friday's vote": an event already named
    return tense


def _verb_tense(verb: Token, depth: int = 0) -> str | None:
    if depth > 4:
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries} | {a.lemma_.lower() for a in auxiliaries}
    if words & {"will", "shall", "'ll", "’ll", "wo", "gon"}:
        return "future"
    head = verb.head
    if any(a.lower_ == "to" for a in auxiliaries) and head.i != verb.i:
        if head.lemma_.lower() in _FUTURE_GOVERNORS or any(c.lower_ in ("will", "'ll", "shall") for c in head.children):
            return "future"
        return _verb_tense(head, depth + 1) if head.pos_ in ("VERB", "AUX", "ADJ") else None
    if words & {"would", "could", "might", "may", "should", "must", "can"}:
        return None
    if not auxiliaries and verb.tag_ in ("VBG", "VBN", "VB") and verb.dep_ in ("advcl", "acl", "xcomp", "conj", "relcl"):
        if head.i != verb.i and head.pos_ in ("VERB", "AUX"):
            return _verb_tense(head, depth + 1)  # "its stock slumped, closing Friday at": the head's tense
        return None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if verb.tag_ == "VBN" and words & {"have", "has", "'ve"}:
        return "perfect"
    if verb.tag_ in ("VBZ", "VBP", "VBG", "VBN") or words & {"be", "is", "are", "am"}:
        return "present"
    return None


def tense_from_words(text: str, start: int, end: int) -> str | None:
    """Without a parse: the nearest tense cue in the sentence around the expression."""
    left = max(text.rfind(mark, 0, start) for mark in ".;:!?\n") + 1
    right_candidates = [i for i in (text.find(mark, end) for mark in ".;:!?\n") if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    best: tuple[int, str] | None = None
    for regex, tense in ((_FUTURE_WORDS, "future"), (_PAST_WORDS, "past")):
        for match in regex.finditer(text, left, right):
            # the verb usually comes first ("met on Wednesday"): cues after the expression weigh less
            distance = start - match.end() if match.end() <= start else 2 * (match.start() - end)
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else None



def tense_in(text: str, doc: Doc | None = None) -> Tense:
    """The tense finder for ``text``: from ``doc`` (its spaCy parse) when given, else from words."""

    def tense(start: int, end: int) -> str | None:
        if doc is None:
            return tense_from_words(text, start, end)
        try:
            return tense_from_parse(doc, start, end)
        except (ValueError, IndexError, AttributeError):  # a parse out of line with the text
            return tense_from_words(text, start, end)

    return tense
