"""What the stages read of a spaCy Doc many times, built once per Doc.

spaCy rebuilds these on every access: ``Doc.text`` joins the text of every token, ``Doc.sents``
walks every token and ``Doc.ents`` makes new Spans, and ``doc[i]`` or a loop over a Doc makes a
new Token object each time. The time, actors, quotes and events stages read the same Doc one
after the other, each of them many times, so the views of the last Doc asked about are kept.
One Doc is held (so that its identity check is safe and memory stays flat); Docs are never
changed after the parse, so the views stay true. Each view is built on first use (a Doc made
without a parser has no sentences, and asking for its text must not fail for that).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class DocViews:
    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self._text = text

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The Doc's tokens: ``tokens[i]`` is ``doc[i]``."""
        return tuple(self.doc)

    @cached_property
    def heads(self) -> list[int]:
        """Each token's head, as an index: ``heads[i]`` is ``doc[i].head.i`` (``Token.head`` makes a new Token)."""
        # Read as one array of offsets from each token (stored unsigned). The attribute by its name:
        # importing spaCy's constants would import spaCy where only the time grammar is needed (the
        # link pass reads dates with it, in a process of its own).
        return (self.doc.to_array("HEAD").view(np.int64) + np.arange(len(self.doc))).tolist()

    @cached_property
    def hyphens(self) -> list[int]:
        """The indexes of the tokens that are a hyphen ("-"), in order (read from one array, not
        from each token's text)."""
        doc = self.doc
        return np.flatnonzero(doc.to_array("ORTH") == doc.vocab.strings["-"]).tolist()

    @cached_property
    def sents(self) -> tuple[Span, ...]:
        return tuple(self.doc.sents)

    @cached_property
    def ents(self) -> tuple[Span, ...]:
        return tuple(self.doc.ents)


class _LastDoc:
    def __init__(self) -> None:
        self.views: DocViews | None = None  # replaced as a whole, so a reader never sees another Doc's views

    def of(self, doc: Doc, text: str | None = None) -> DocViews:
        views = self.views
        if views is None or views.doc is not doc:
            views = DocViews(doc, text)
            self.views = views
        return views


_LAST = _LastDoc()


def views(doc: Doc) -> DocViews:
    """The text, tokens, sentences and entities of ``doc``, each built once, for the last Doc asked about."""
    return _LAST.of(doc)


def parsed_from(doc: Doc, text: str) -> None:
    """``doc`` is the parse of ``text``: its views take that text, rather than join the Doc's
    tokens again (a Doc's text is the text it was made from, exactly: 0.35 ms an article)."""
    _LAST.of(doc, text)


def span_tokens(span: Span) -> tuple[Token, ...]:
    """The tokens of ``span`` (a sentence, say), from its Doc's views: a loop over a Span makes new Tokens."""
    return views(span.doc).tokens[span.start:span.end]
