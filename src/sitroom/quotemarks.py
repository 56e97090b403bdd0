"""Quotation marks: which glyphs open and close quotes, and where double-quoted passages run.

Shared by the quotes stage (which attributes the passages) and the actors stage (which must not
take a pronoun's antecedent from inside someone else's quoted words).
"""

from __future__ import annotations

import re

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
DOUBLE_MARKS = OPENING_DOUBLE + CLOSING_DOUBLE + STRAIGHT_DOUBLE
SINGLE_MARKS = "‘’'"
QUOTE_MARKS = DOUBLE_MARKS + SINGLE_MARKS
_MARK_OR_NEWLINE = re.compile(f"[\n{re.escape(DOUBLE_MARKS)}]")


def is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def mark_role(text: str, i: int) -> str:
    """``open``, ``close`` or ``either`` for the mark at ``i``, from its glyph and its neighbours."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    opens_by_context = (is_space(before) or before in "([{—–-/" + OPENING_DOUBLE) and not is_space(after)
    closes_by_context = not is_space(before) and (is_space(after) or after in ",.;:!?)]}…—–-" + CLOSING_DOUBLE)
    mark = text[i]
    if before in ("", "\n", "\r"):
        return "open"  # a mark that begins a paragraph opens a quote, whatever its glyph
    if mark in OPENING_DOUBLE:
        # A curly opening mark used as a closing one (bad smart-quote conversion) shows by context.
        return "close" if closes_by_context and not opens_by_context else "open"
    if mark in CLOSING_DOUBLE:
        return "open" if opens_by_context and not closes_by_context else "close"
    if opens_by_context and not closes_by_context:
        return "open"
    if closes_by_context and not opens_by_context:
        return "close"
    return "either"


def _family(mark: str) -> str:
    return "straight" if mark == STRAIGHT_DOUBLE else "curly"


def paragraph_end(text: str, pos: int) -> int:
    """End of the paragraph holding ``pos``, trailing spaces left out."""
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def _next_paragraph_opens_quote(text: str, newline: int) -> bool:
    j = newline
    while j < len(text) and text[j].isspace():
        j += 1
    return j < len(text) and text[j] in OPENING_DOUBLE + STRAIGHT_DOUBLE and mark_role(text, j) != "close"


def double_quote_parts(text: str) -> list[tuple[int, int, bool, bool]]:
    """Pieces ``(start, end, closed, continues)`` between double marks, one paragraph at most each.

    ``continues``: the piece is unclosed and the next paragraph opens with a quotation mark,
    the newspaper convention for a quote that goes on.
    """
    parts: list[tuple[int, int, bool, bool]] = []
    stack: list[str] = []  # families of the open marks, outermost first
    open_at = -1
    for mark in _MARK_OR_NEWLINE.finditer(text):  # only these characters matter: skip to them
        i, ch = mark.start(), mark.group()
        if ch == "\n":
            if stack:
                end = paragraph_end(text, open_at)
                parts.append((open_at, end, False, _next_paragraph_opens_quote(text, i)))
                stack.clear()
            continue
        role, family = mark_role(text, i), _family(ch)
        if not stack:
            if role != "close":
                stack.append(family)
                open_at = i
            continue  # a stray closing mark with nothing open is ignored
        if role == "open" and family != stack[-1]:
            stack.append(family)  # a nested quote written with the other kind of marks
        elif role == "open" and ch != STRAIGHT_DOUBLE:
            # Same kind of mark opening again: the previous quote lost its closing mark.
            end = i
            while end > open_at and text[end - 1].isspace():
                end -= 1
            parts.append((open_at, end, False, False))
            stack[:] = [family]
            open_at = i
        else:
            while len(stack) > 1 and stack[-1] != family:
                stack.pop()
            stack.pop()
            if not stack:
                parts.append((open_at, i + 1, True, False))
    if stack:
        parts.append((open_at, paragraph_end(text, open_at), False, False))
    return [p for p in parts if p[1] > p[0] + 1]




def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every double-quoted passage, marks included, at most one paragraph each."""
    return [(start, end) for start, end, _, _ in double_quote_parts(text)]
