"""Where the event stands in the text, when it happened and how sure the coder is: the evidence sentence, the
place words, the date from the clause's time expression, the confidence."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from sitroom.docviews import views
from sitroom.events.context import Document
from sitroom.events.roles import Party
from sitroom.events.triggers import Trigger
from sitroom.time import date_for_clause

DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?")


LONG_SENTENCE, VERY_LONG_SENTENCE = 60, 150  # tokens


def evidence_span(text: str, sent: Span, offset: int) -> tuple[int, int]:
    """The evidence sentence: the parser's sentence, cut at line breaks (a paragraph break always ends a
    sentence, though the parser sometimes runs on across one), trimmed of surrounding space."""
    start, end = sent.start_char, sent.end_char
    before = text.rfind("\n", start, offset)
    after = text.find("\n", offset, end)
    start = before + 1 if before >= 0 else start
    end = after if after >= 0 else end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def subtree_span(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


def place_words(trigger: Trigger) -> list[Token]:
    words = [trigger.anchor]
    if trigger.is_noun:
        words.append(trigger.head)
    if trigger.act is not None:  # "agreed to set up a centre in Tokyo": where the promised act happens
        words += place_words(trigger.act)
    elif trigger.complement is not None and trigger.complement.pos_ in ("VERB", "AUX"):
        words.append(trigger.complement)
    return words


def place_span(place: str | None, sent: Span) -> list[int]:
    if place:
        at = sent.text.find(place)
        if at >= 0:
            return [sent.start_char + at, sent.start_char + at + len(place)]
    return [sent.start_char, sent.start_char]


def event_date(word: Token, sent: Span, context: Document) -> tuple[str | None, str | None, str | None]:
    """(date, date_from, timex id): the date of the time expression attached to the event's clause; else
    the publication date. A vague expression ("recently", "in the weeks ahead") or one the text could not
    place leaves the date open rather than claiming the publication day; its id is kept all the same, so
    that the link stage can date it from other reports."""
    timex = date_for_clause(word, context.timexes_in(sent)) if context.timexes else None
    if timex is not None:
        found = DATE_VALUE.match(timex.value)
        if found:
            return found.group(0), "text", timex.id
        if timex.value != "PRESENT_REF":
            return None, None, timex.id
    if context.published:
        return context.published, "published", None
    return None, None, None


def confidence(trigger: Trigger, sent: Span, source: Party, target: Party) -> float:
    """How sure the coder is, 0-1: the lexicon sense's weight, raised when the parse found who did it and to
    whom, lowered for long sentences (where parses go wrong) and for nouns without a light verb."""
    score = trigger.sense.weight
    score += 0.15 if source.actors else 0.05 if source.unresolved else -0.1
    score += 0.1 if target.actors else 0.0
    if trigger.act is not None:
        score += 0.05
    if trigger.kind in ("occurrence", "movement"):
        score -= 0.05
    length = len(sent)
    if length > VERY_LONG_SENTENCE:
        score -= 0.3
    elif length > LONG_SENTENCE:
        score -= 0.15
    if not any(t.pos_ == "VERB" for t in sent):
        score -= 0.2
    return round(min(0.95, max(0.05, score)), 2)


def depths(sent: Span) -> dict[int, int]:
    """Each token's distance from the sentence root, in one pass (iterative, so a 5,000-word sentence stays
    linear and within the recursion limit)."""
    depth: dict[int, int] = {}
    children: dict[int, list[int]] = {}
    roots = []
    heads = views(sent.doc).heads
    for i in range(sent.start, sent.end):
        head = heads[i]
        if head == i or not (sent.start <= head < sent.end):
            roots.append(i)
        else:
            children.setdefault(head, []).append(i)
    stack = [(r, 0) for r in roots]
    while stack:
        i, d = stack.pop()
        if i in depth:
            continue
        depth[i] = d
        stack.extend((c, d + 1) for c in children.get(i, ()))
    return depth
