"""The quotes stage: direct, indirect and mixed quotes with their speakers and cues.

Input is one article's cleaned text, its spaCy parse and the actors stage's mentions; output is
``Quote`` records whose ``start``/``end`` delimit the quoted *content* in the article text.

How it works, in three passes:

1. Quotation marks are paired on the characters, not on spaCy tokens, so that the rules of news
   typography hold whatever the tokenizer does: straight and curly double marks (and single-mark
   quotes outside double ones), a quote never crosses a paragraph break, and an opening mark with
   no closing one before the next paragraph's opening mark is a quote that goes on into the next
   paragraph (the two parts become one quote).
2. Each quote is tied to a speech cue ("said", "told", "according to", ...): first through the
   dependency tree (the quote sits inside the cue's complement, as in partial quotes), then by
   adjacency within the quote's sentence frame ("“…,” X said", "X said: “…”"). A quote with no
   cue of its own continues the previous speaker's run when it follows it in the same paragraph
   or opens the next one. Short scare quotes with no cue are left out.
3. Speech verbs with a clausal complement that holds no quotation mark give indirect quotes
   ("X warned that …", "…, officials said"), as does a parenthetical cue ("The plan, she said,
   would work": the clause around it, cue included), and "according to X" gives the clause it
   is attached to. Spans never leave the cue's paragraph.

The parts: :mod:`~sitroom.quotes.marks` (pass 1 and the typography around a quotation),
:mod:`~sitroom.quotes.cues` (speech cues and their subjects on the parse),
:mod:`~sitroom.quotes.layout` (pass 2: which cue a quotation belongs to),
:mod:`~sitroom.quotes.spans` (content spans), :mod:`~sitroom.quotes.speakers` (who speaks) and
:mod:`~sitroom.quotes.stage` (the three passes put together).

Speakers are resolved through the actors stage: ``Quote.speaker`` is the actor of the mention
that covers the speaker's head word (or overlaps the speaker words); nothing is guessed.
"""

from sitroom.quotes.cues import PHRASAL_SPEECH_VERBS, SPEECH_VERBS
from sitroom.quotes.marks import Quotation, find_quotations
from sitroom.quotes.speakers import Attribution
from sitroom.quotes.stage import extract_attributions, extract_quotes, to_quote

__all__ = [
    "PHRASAL_SPEECH_VERBS",
    "SPEECH_VERBS",
    "Attribution",
    "Quotation",
    "extract_attributions",
    "extract_quotes",
    "find_quotations",
    "to_quote",
]
