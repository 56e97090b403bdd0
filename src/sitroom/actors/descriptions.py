"""People known by their description: "Name, who runs the Institute for X in <capital>,", "Name, a
senior member of Valdoria's Senate,". Where no title says whom a person serves, the words that
describe them may still name a country (and a body with a sector): the person's country, known
from the description (``country_from = "description"``).

The story's own country (``country_from = "context"``) is the fallback for office-holders whose
words name none: see :meth:`~sitroom.actors.state.Resolution.story_country`.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.actors.state import Context, Resolution
from sitroom.actors.words import MOTION_VERBS, SEGMENT_STOPS

MAX_DESCRIPTION_TOKENS = 20
# After these a country is not the person's: "an envoy to Valdoria", "a critic of Kestria".
NOT_THEIRS = frozenset({"to", "toward", "towards", "against", "with", "on", "about", "over", "into", "between",
                        "pro", "anti", "visiting", "visited", "critic", "opponent"})
# Description verbs of going somewhere: "who flew to Kestria City" says nothing of whom they serve.
GOING_VERBS = MOTION_VERBS | frozenset({"visit", "tour", "leave", "reach"})


def description_after(state: Resolution, end: int) -> list[Token]:
    """The words that describe the person whose name ends at ``end``: ", who …" or ", a/an/the …"
    up to the next comma, full stop or quotation mark (none: empty)."""
    doc = state.doc
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in {"who", "a", "an", "the", "who's"}:
        return []
    words = []
    for token in doc[end + 1:min(len(doc), end + 1 + MAX_DESCRIPTION_TOKENS)]:
        if token.text in SEGMENT_STOPS or token.is_space:
            break
        words.append(token)
    return words


def describe(state: Resolution, words: list[Token]) -> Context:
    """The country (and sector) a description names as the person's: the first country, capital
    or national body in it ("a senior member of Kestria's Senate" -> the country, LEG), not one
    the person goes to or is set against ("who flew to Kestria City", "a critic of Valdoria")."""
    context = Context()
    if any(t.lemma_.lower() in GOING_VERBS and t.pos_ == "VERB" for t in words):
        return context
    for k, token in enumerate(words):
        match = state.match_at.get(token.i)
        if match is None or match[0] != token.i:
            continue
        before = {w.lower_ for w in words[max(0, k - 2):k]}
        if before & NOT_THEIRS:
            continue
        actor = state.dictionary.actors.get(match[2].actor)
        if actor is None or actor.kind != "country" or not actor.country:
            continue
        context.country, context.country_from = actor.country, "description"
        break
    for token in words:  # the body the person belongs to gives the sector ("Senate": LEG)
        title = state.dictionary.titles.get(token.lower_)
        if title is not None and title.sector and title.role is None and token.i not in state.match_at:
            context.sector = title.sector
            break
    return context
