"""Quotation marks paired on the characters, and what the typography around a quotation says.

Quotes are paired on the characters, not on spaCy tokens, so that the rules of news typography
hold whatever the tokenizer does: straight and curly double marks (and single-mark quotes outside
double ones), a quote never crosses a paragraph break, and an opening mark with no closing one
before the next paragraph's opening mark is a quote that goes on into the next paragraph (the two
parts become one quote).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.quotemarks import QUOTE_MARKS, double_quote_parts, is_space, paragraph_end


SENTENCE_END = {".", "!", "?"}
SCARE_QUOTE_MAX_WORDS = 3
TITLE_FUNCTION_WORDS = {"a", "an", "the", "of", "with", "and", "or", "for", "to", "in", "on", "at", "by", "from", "as"}


@dataclass(slots=True, frozen=True)
class Quotation:
    """A stretch of text between quotation marks, marks included.

    ``closed`` is False when no closing mark was found before the paragraph ended (the quote
    is cut at the paragraph's end); a quote that runs over several paragraphs is one Quotation
    whose ``parts`` are the per-paragraph pieces.
    """

    start: int
    end: int
    closed: bool
    parts: tuple[tuple[int, int], ...]


def _single_quote_parts(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int, bool, bool]]:
    """Quotes in single marks outside double quotes, where they cannot be apostrophes.

    An opening mark must start a word; the closing one must end a word and follow sentence
    punctuation or end the paragraph, which keeps plural possessives ("the players' union") out.
    """

    def inside_taken(i: int) -> bool:
        return any(s <= i < e for s, e in taken)

    parts: list[tuple[int, int, bool, bool]] = []
    resume = 0  # after a quote is found, the search goes on behind its closing mark
    for opening in _SINGLE_OPENING.finditer(text):  # only the marks are looked at, not every character
        i = opening.start()
        if i < resume:
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if (is_space(before) or before in "([—–") and after.isalpha() and not inside_taken(i):
            para_end = paragraph_end(text, i)
            for j in range(i + 2, para_end):
                if text[j] not in "’'":
                    continue
                nxt = text[j + 1] if j + 1 < len(text) else ""
                if text[j - 1].isalpha() and nxt.isalpha():
                    continue  # an apostrophe inside a word
                if not (is_space(nxt) or nxt in ",.;:!?)—–"):
                    continue
                if text[j - 1] in ".,!?…" or j + 1 == para_end:
                    if len(text[i + 1 : j].split()) >= 3:
                        parts.append((i, j + 1, True, False))
                    resume = j + 1
                    break
    return parts


_SINGLE_OPENING = re.compile("[‘']")


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in ``text`` with its marks; multi-paragraph quotes joined into one."""
    double = double_quote_parts(text)
    single = _single_quote_parts(text, [(s, e) for s, e, _, _ in double])
    pieces = sorted(double + single)
    quotations: list[Quotation] = []
    run: list[tuple[int, int, bool, bool]] = []
    for piece in pieces:
        if run and not _opens_next_paragraph(text, run[-1][1], piece[0]):
            quotations.append(_join(run))  # the expected next part never came
            run = []
        run.append(piece)
        if not piece[3]:  # the quote does not go on into the next paragraph
            quotations.append(_join(run))
            run = []
    if run:
        quotations.append(_join(run))
    return quotations


def _opens_next_paragraph(text: str, end: int, start: int) -> bool:
    between = text[end:start]
    return between.count("\n") >= 1 and not between.strip()


def _join(run: list[tuple[int, int, bool, bool]]) -> Quotation:
    return Quotation(run[0][0], run[-1][1], run[-1][2], tuple((s, e) for s, e, _, _ in run))


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _inner(text: str, q: Quotation) -> str:
    return text[q.start : q.end].strip(QUOTE_MARKS + " \n")


def is_utterance(text: str, q: Quotation) -> bool:
    """Short words said as a whole: a capital first letter and closing punctuation inside."""
    inner = _inner(text, q)
    return inner[:1].isupper() and inner.endswith((".", "!", "?", ","))


def is_title(text: str, q: Quotation) -> bool:
    """A name or title in quotation marks ("“Evening Roundup”", "“Tea and Tactics.”")."""
    words = [w for w in _inner(text, q).rstrip(".,!?").split() if any(c.isalpha() for c in w)]
    if not words or len(words) > 5:
        return False
    content = [w for i, w in enumerate(words) if i == 0 or w.lower() not in TITLE_FUNCTION_WORDS]
    return all(w[:1].isupper() for w in content) and not (len(words) == 1 and _inner(text, q).endswith(("!", "?")))


def framed_as_speech(text: str, q: Quotation) -> bool:
    """Typography that sets a quote off as somebody's words: a capital first letter, or a
    colon or comma before it, or a comma closing it ("X said, “…”", "“…,” X said")."""
    inner = _inner(text, q)
    before = _preceding(text, q.start, 1, skip=" \t\u00a0\n\r")  # "X continued:¶“…”" counts
    return inner[:1].isupper() or before in (":", ",") or inner.endswith(",")


def _preceding(text: str, pos: int, n: int, skip: str = " \t\u00a0") -> str:
    """The ``n`` characters before ``pos``, the characters in ``skip`` (by default spaces, not
    line breaks) passed over."""
    i = pos
    while i > 0 and text[i - 1] in skip:
        i -= 1
    return text[max(0, i - n) : i]


def sentence_like(text: str, q: Quotation) -> bool:
    """A quote that stands as a sentence of its own: it starts with a capital letter or a
    paragraph, rather than sitting inside a sentence as a name or a title."""
    inner = text[q.start : q.end].strip(QUOTE_MARKS + " ")
    if not inner:
        return False
    before = _preceding(text, q.start, 2)
    starts_paragraph = before[-1:] in ("", "\n")
    after_sentence = before[-1:] in SENTENCE_END | {":", "—", "–"} or (
        before[:1] in SENTENCE_END and before[-1:] in set(QUOTE_MARKS)
    )
    titlecase = all(w[:1].isupper() for w in inner.split() if w[:1].isalpha() and len(w) > 3)
    if titlecase and not inner.endswith((".", "!", "?")):
        return False  # "The Book of Small Things": a title
    return inner[:1].isupper() and (starts_paragraph or after_sentence or inner.endswith((".", "!", "?", ",")))
