"""Names that are not actors of the story: page credits, commodities and indices, treaties, and
pairs written with a hyphen (two actors, not one).

- :func:`block_credits` (a pass, before the people pass): bylines ("By Jan Weiss"), photo credits
  ("Photo: Jan Weiss/Reuters", "(Photo by …)"), agency credits ("(Reporting by …; Editing by …)")
  and the reporters' credit at the end ("Mira Holt reported from Port Elara.") name people who
  wrote or photographed the story, not people in it: no pass makes an actor of their words.
- :func:`names_no_actor`: an organisation-like name that is a commodity or an index ("Brent
  crude", "the Dow Jones index") or a treaty ("the Orrin Accord": a topic, not an actor).
- :func:`hyphen_pairs`: "the Marenko-Domić talks", "the Harlan-Vost meeting": each side is an
  actor of its own; a hyphenated name ("Holtz-Eakin") stays one.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from sitroom.actors.names import dictionary_surnames, name_key
from sitroom.actors.state import Resolution
from sitroom.docviews import views

# Credits that open a sentence or a bracket: whoever follows wrote, edited or photographed it.
_CREDIT_OPENER = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|written|editing|edited|compiled|photos?|photographs?|"
    r"pictures?|images?|video|graphics?|illustrations?)\s+(?:by|:)|^\(?\s*(?:photos?|photographs?|pictures?|images?|"
    r"credit|video)\s*:", re.I)
_BYLINE = re.compile(r"^by\s+", re.I)
# "Mira Holt reported from Port Elara and Jan Weiss from Kestria City.", "Oleg Brand contributed reporting."
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
_END_CREDIT = re.compile(
    rf"^{_NAME}(?:(?:,\s*|,?\s+and\s+){_NAME})*\s+(?:reported|contributed|provided|compiled|wrote|prepared)\b"
    r".*\b(?:report|reporting|research|from)\b")
_NAME_WORDS = frozenset({"and", "of", "the", "for", "in", "at", "with", "from"})

# A name right before one of these is a commodity or a market index ("Brent crude", "Dow Jones index").
MARKET_NOUNS = frozenset({"crude", "futures", "index", "indices", "indexes", "blend", "benchmark"})
# Names that stand for a commodity or an index whatever follows them.
MARKET_NAMES = frozenset({"Brent", "WTI", "Urals", "Dow", "Dow Jones", "Nasdaq", "S&P", "S&P 500", "FTSE", "FTSE 100",
                          "Nikkei", "Hang Seng", "DAX", "CAC 40", "Stoxx", "MOEX", "RTS"})
# The last word of a treaty's name: what the parties agreed is a topic, not an actor.
TREATY_WORDS = frozenset({"treaty", "accord", "accords", "agreement", "agreements", "pact", "protocol",
                          "protocols", "convention", "charter", "memorandum", "declaration", "doctrine"})
# Nouns a pair of names modifies ("the Marenko-Domić talks", "the Valdoria-Kestria border").
PAIR_NOUNS = frozenset({"talks", "talk", "meeting", "meetings", "summit", "deal", "agreement", "accord", "pact",
                        "border", "relations", "ties", "war", "conflict", "dialogue", "call", "axis", "negotiations",
                        "contacts", "rivalry", "format", "channel", "line", "alliance", "treaty", "partnership",
                        "feud", "standoff", "encounter", "exchange", "summitry", "détente", "detente", "split"})


def block_credits(state: Resolution) -> None:
    """Pass (before the people pass): every token of a credit sentence (``state.sentences``, cut at
    paragraph breaks) is taken, its names by mentions of no actor, so that no pass makes an actor
    of them."""
    last_paragraph = state.text.rstrip().rfind("\n") + 1
    for start, end in state.sentences:
        words = state.text_of(start, end).strip()
        if not words or not _is_credit(words, at_end=state.tokens[start].idx >= last_paragraph):
            continue
        for ent in state.ents:
            if start <= ent.start and ent.end <= end and state.free(ent.start, ent.end):
                state.add(ent.start, ent.end, ent.label_, None)
        state.block(start, end)


def _is_credit(words: str, at_end: bool) -> bool:
    if _CREDIT_OPENER.match(words):
        return True
    if _BYLINE.match(words):
        rest = [w for w in re.findall(r"[\w’'.-]+", words[3:]) if w.lower() not in _NAME_WORDS]
        return 0 < len(rest) <= 8 and all(w[:1].isupper() for w in rest)  # "By Jan Weiss", not "By Monday, …"
    return at_end and bool(_END_CREDIT.match(words))


def names_no_actor(span: Span) -> bool:
    """An organisation-like name that is a commodity, an index or a treaty."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    last = span[-1]
    name = span.text[4:] if span.text.lower().startswith("the ") else span.text
    return name in MARKET_NAMES or last.lower_ in MARKET_NOUNS or last.lower_ in TREATY_WORDS or (
        after is not None and after.lower_ in MARKET_NOUNS)


def hyphen_pairs(state: Resolution) -> list[tuple[int, int]]:
    """The two sides of each pair of names written with a hyphen, as token indexes: capitalised
    words joined by "-" without spaces, before a noun a pair modifies ("talks", "border") or both
    known by name. A hyphenated name ("Holtz-Eakin") is no pair."""
    tokens = state.tokens
    pairs = []
    for i in views(state.doc).hyphens:
        hyphen = tokens[i]
        if i == 0 or i + 1 >= len(tokens):
            continue
        left, right = tokens[i - 1], tokens[i + 1]
        if left.whitespace_ or hyphen.whitespace_ or not (_name_word(left.text) and _name_word(right.text)):
            continue
        before = tokens[i - 2] if i >= 2 else None
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        if _continues_name(before, left) or _continues_name(after, right):
            continue  # "Jean-Bertrand Aristide", "Zia-Ul-Haq": one name
        if (after is not None and after.lower_ in PAIR_NOUNS) or (_known(state, left.i) and _known(state, right.i)):
            pairs.append((left.i, right.i))
    return pairs


def _continues_name(neighbour: Token | None, side: Token) -> bool:
    """Whether the word next to a side of a pair carries its name on: another hyphen, or a
    capitalised word right beside it."""
    if neighbour is None:
        return False
    joined = not (neighbour.whitespace_ if neighbour.i < side.i else side.whitespace_)
    return neighbour.text == "-" and joined or _name_word(neighbour.text) and neighbour.pos_ == "PROPN"


def _name_word(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text.replace("’", "").replace("'", "").isalpha()


def _known(state: Resolution, i: int) -> bool:
    return i in state.match_at or name_key(state.doc[i].text) in dictionary_surnames(state.dictionary)
