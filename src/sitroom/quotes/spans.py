"""Content spans: a cue's complement, clipped to its paragraph and trimmed."""

from __future__ import annotations

from spacy.tokens import Token
from sitroom.quotes.cues import is_according, is_cue_verb


def complement_span(child: Token) -> tuple[int, int]:
    """The complement's words, without a dangling conjunction or adverb at the end ("…, but also")
    and without a participial cue that follows it."""
    toks = [t for t in child.subtree]
    # "… was mixed, noting that …": a participial cue inside is a report of its own; cut there.
    inner_cues = [t.i for t in toks if t.dep_ == "advcl" and t.tag_ == "VBG" and is_cue_verb(t) and t.i > child.i]
    if inner_cues:
        toks = [t for t in toks if t.i < min(inner_cues)]
    while len(toks) > 1 and (toks[-1].dep_ in {"cc", "punct"} or toks[-1].dep_ == "advmod" and toks[-2].dep_ in {"cc", "punct"}):
        toks.pop()
    first, last = toks[0], toks[-1]
    return first.idx, last.idx + len(last)


def only_marks(text: str) -> bool:
    return all(not c.isalnum() for c in text)


def trim_end(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation and spaces at the end of a content span (quote marks stay)."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return end


def clip_to_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Keep a span inside the paragraph that holds ``anchor`` (a parse may run across lines)."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end == -1 else para_end
    start, end = max(start, para_start), min(end, para_end)
    while start < end and text[start].isspace():
        start += 1
    return start, max(start, end)


def _span_without(head: Token, inner: Token) -> tuple[int, int]:
    """From the first to the last word of ``head``'s subtree that is not in ``inner``'s subtree
    (an inner phrase in the middle stays inside the span)."""
    skip = {t.i for t in inner.subtree}
    toks = [t for t in head.subtree if t.i not in skip and not (t.is_punct or t.is_space)]
    if not toks:
        return 0, 0
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _merge_touching(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join spans with nothing but spaces between them (one clause the parser cut in two)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def indirect_spans(tok: Token, text: str) -> list[tuple[int, int]]:
    """Candidate content spans for an indirect quote whose cue is ``tok``."""
    if is_according(tok):
        return [_span_without(tok.head, tok)] if tok.head.i != tok.i else []
    if not is_cue_verb(tok):
        return []
    # Every clausal complement: "X said Y warned that …" reports what Y said as well.
    complements = [c for c in tok.children if c.dep_ == "ccomp"]
    if complements:
        return _merge_touching(sorted(complement_span(c) for c in complements), text)
    if tok.dep_ == "parataxis" and tok.head.pos_ in {"VERB", "AUX"}:
        # "The plan, she said, would work": the clause around the parenthetical cue.
        return [_span_without(tok.head, tok)]
    return []
