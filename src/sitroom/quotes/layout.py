"""Which cue a quotation belongs to: through the dependency tree, by adjacency in the quote's
sentence frame, or a dash byline after it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from sitroom.docviews import views
from sitroom.quotemarks import QUOTE_MARKS
from sitroom.quotes.cues import (
    SAYING_VERBS,
    SUBJECT_DEPS,
    can_speak,
    has_possible_source,
    is_according,
    is_cue_verb,
    nothing_quoted,
    own_subject,
    reporting_cue,
    subject_of,
)
from sitroom.quotes.marks import Quotation, SENTENCE_END


_BYLINE_RE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([^\n]{2,60}?)[ \t\u00a0.]*(?:\n|$)")
FRAME_MAX_TOKENS = 40


class Layout:
    """Token-level facts about the article that the association rules need."""

    def __init__(self, doc: Doc, text: str, quotations: Sequence[Quotation]) -> None:
        self.doc = doc
        self.text = text  # Doc.text is rebuilt from the tokens on every access
        self.tokens = views(doc).tokens  # doc[i] makes a new Token on every access
        self.heads = views(doc).heads  # and Token.head too
        self._line_starts = [m.end() for m in re.finditer("\n", text)]
        self.quote_of: list[int] = [-1] * len(doc)  # index of the quotation a token lies in
        self.tokens_of: list[list[Token]] = []
        starts = [t.idx for t in self.tokens]
        for qi, q in enumerate(quotations):
            # Tokens overlapping the quotation: from the one holding its first character on.
            first = max(0, bisect.bisect_right(starts, q.start) - 1)
            last = bisect.bisect_left(starts, q.end)
            toks = [t for t in self.tokens[first:last] if t.idx < q.end and t.idx + len(t) > q.start]
            self.tokens_of.append(toks)
            for t in toks:
                self.quote_of[t.i] = qi

    def quoted(self, i: int) -> bool:
        return self.quote_of[i] != -1

    def paragraph_break_between(self, a: Token, b: Token) -> bool:
        """Whether a line break stands between the two tokens (in either order)."""
        return self.line_of(a) != self.line_of(b)

    def line_of(self, token: Token) -> int:
        """How many line breaks come before the token."""
        return bisect.bisect_right(self._line_starts, token.idx)

    def frame(self, qi: int, side: str) -> list[Token]:
        """Tokens next to quotation ``qi`` on one side, up to the sentence end, another quote or
        a paragraph break; nearest first."""
        toks = self.tokens_of[qi]
        if not toks:
            return []
        step = 1 if side == "right" else -1
        i = toks[-1].i + 1 if side == "right" else toks[0].i - 1
        prev = toks[-1] if side == "right" else toks[0]
        out: list[Token] = []
        while 0 <= i < len(self.doc) and len(out) < FRAME_MAX_TOKENS:
            tok = self.tokens[i]
            if tok.is_space:
                i += step
                continue
            if self.quote_of[i] != -1:
                break
            a, b = (prev, tok) if side == "right" else (tok, prev)
            if self.paragraph_break_between(a, b):
                # "X continued:¶“…”": a paragraph ending in a colon introduces the quote.
                if not (side == "left" and not out and tok.text == ":"):
                    break
            if side == "left" and tok.text in SENTENCE_END:
                break
            out.append(tok)
            if side == "right" and tok.text in SENTENCE_END:
                break
            prev, i = tok, i + step
        return out


def _content_tokens(toks: Iterable[Token]) -> list[Token]:
    return [t for t in toks if not (t.is_punct or t.is_space)]


def dependency_cue(layout: Layout, qi: int) -> tuple[Token, Token] | None:
    """The nearest speech cue above the quote in the tree, outside any quote, with the cue's
    child on the path (the complement that holds the quote)."""
    toks = _content_tokens(layout.tokens_of[qi])
    best: tuple[int, Token, Token] | None = None
    heads, walked = layout.heads, set()
    for tok in toks:
        outside = tok.i
        while layout.quote_of[outside] == qi and heads[outside] != outside:
            outside = heads[outside]
        if layout.quote_of[outside] == qi:
            continue
        child = _top_quote_token(tok, qi, layout)
        # The walk below depends on where it starts and on the token's line only (for the breaks it
        # may not cross): the quote's other tokens mostly share both, and would walk it again.
        if (start := (outside, child.i, layout.line_of(tok))) in walked:
            continue
        walked.add(start)
        node, hops = layout.tokens[outside], 0
        while hops < 6 and not layout.paragraph_break_between(node, tok):
            cue = _source_cue(node) if layout.quote_of[node.i] == -1 else None
            if cue is not None:
                if best is None or hops < best[0]:
                    best = (hops, cue, child)
                break
            if heads[node.i] == node.i or node.dep_ in {"relcl", "acl"} and hops > 0:
                break
            child, node, hops = node, layout.tokens[heads[node.i]], hops + 1
    return (best[1], best[2]) if best else None


def _source_cue(node: Token) -> Token | None:
    """The cue a clause on the quote's path gives. "According to X" attached to it names the
    source outright, over the clause's subject ("The aim, according to X, is to “…”", "Y has agreed
    to “…”, according to X"), except beside a plain verb of saying whose subject speaks ("Y said
    “…”, according to the agency": Y said the words, the agency reported them). A cue whose
    subject cannot say anything ("the pressure suggests") is no cue."""
    according = next((c for c in node.children if c.dep_ == "prep" and is_according(c)), None)
    if according is not None and subject_of(according) is not None:
        saying = is_cue_verb(node) and node.lemma_.lower() in SAYING_VERBS
        subject = own_subject(node, {"nsubj", "csubj"}, nothing_quoted) if saying else None
        if subject is None or not can_speak(subject):
            return according
    if is_according(node) or is_cue_verb(node) and has_possible_source(node):
        return node
    return None


def _top_quote_token(tok: Token, qi: int, layout: Layout) -> Token:
    i, heads = tok.i, layout.heads
    while heads[i] != i and layout.quote_of[heads[i]] == qi:
        i = heads[i]
    return layout.tokens[i]


def adjacent_cue(layout: Layout, qi: int, text: str, q: Quotation) -> Token | None:
    """A speech cue in the quote's own sentence frame: "“…,” X said" or "X said: “…”"."""
    right = layout.frame(qi, "right")
    left = layout.frame(qi, "left")

    def first_cue(frame: list[Token]) -> Token | None:
        for tok in frame:
            if is_according(tok) or is_cue_verb(tok) and has_possible_source(tok, layout.quoted):
                return tok
        return None

    right_cue, left_cue = first_cue(right), first_cue(left)
    inner_end = text[q.start : q.end].rstrip(QUOTE_MARKS + " ")
    ends_open = inner_end.endswith((",", "—", "–", "-")) or (right and right[0].text == ",")
    if right_cue is not None and (ends_open or left_cue is None):
        return right_cue
    if left_cue is not None:
        return left_cue
    return right_cue


def dash_byline(layout: Layout, qi: int, q: Quotation) -> tuple[Token, Token, tuple[int, int]] | None:
    """“…” ― Name: a dash after the quote, then a short capitalised name that ends the
    paragraph. Returns the dash token, the name's last word (the speaker's head) and the
    dash's own characters (the cue)."""
    text = layout.text
    match = _BYLINE_RE.match(text, q.end)
    if match is None:
        return None
    dash = layout.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
    name = layout.doc.char_span(match.start(2), match.end(2), alignment_mode="expand")
    if dash is None or name is None:
        return None
    words = [t for t in name if t.is_alpha]
    if not words or len(words) > 6 or not all(t.text[:1].isupper() or len(t) <= 3 for t in words):
        return None
    return dash[-1], words[-1], (match.start(1), match.end(1))


def speakers_cue(layout: Layout, cue: Token) -> tuple[Token, Token]:
    """The cue whose words to record and the cue whose subject speaks, for a cue found for some
    words. Where another cue in the paragraph reports this one's clause ("X said [reports
    indicate “…”]"), that cue is both: X said it. Where the cue has no subject and the parse
    coordinated it with what another cue reports ("X said [… and accused Y of “…”]"), the cue's
    own words stay and the other cue's subject speaks (see
    :func:`~sitroom.quotes.cues.reporting_cue`). Otherwise the cue is both."""
    outer = reporting_cue(cue)
    if outer is None or layout.quoted(outer.i) or layout.paragraph_break_between(outer, cue):
        return cue, cue
    if own_subject(cue, SUBJECT_DEPS, nothing_quoted) is None:
        return cue, outer
    return outer, outer


def speaker_beside_cue(layout: "Layout", qi: int, cue: Token) -> Token | None:
    """When the parse gives the cue no subject: the words between the quote and the cue
    ("“…,” Chief Ann Roe said"), or a name right after it ("“…,” said Ann Roe")."""
    toks = layout.tokens_of[qi]
    if not toks or cue.i <= toks[-1].i:
        return None
    between = [t for t in layout.doc[toks[-1].i + 1 : cue.i] if not t.is_space]
    if between:
        group: list[Token] = []
        for tok in between:
            if tok.text == ",":
                if group:
                    break
                continue
            group.append(tok)
        heads = [t for t in group if t.pos_ in {"PROPN", "NOUN", "PRON"}]
        return heads[-1] if heads and len(group) <= 10 else None
    after: list[Token] = []
    for tok in layout.doc[cue.i + 1 : cue.i + 8]:
        if tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
            after.append(tok)
        elif after:
            break
    return after[-1] if after else None
