"""What the coder of one document shares across its sentences: the lexicon, the actors stage's mentions by token,
the quotes, the time expressions, the doers of the sentence before; and whether two sets of actors are one side."""

from __future__ import annotations

import bisect
from functools import cache
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from sitroom.events import lexicon as lexicon_module
from sitroom.events.lexicon import Lexicon
from sitroom.events.modality import Quotes
from sitroom.events.roles import Mentions
from sitroom.lexicons import words as lexicon_words
from sitroom.records import OPPOSITION_SECTORS, Actor, Event, Mention, Quote, Timex, content_hash

GOVERNMENT_SECTORS = frozenset({"GOV", "MIL", "DIP", "LEG", "SPY", "JUD"})
RECALL_REACH = 12  # sentences: how far back "the meeting" or "the parties" may point
RECALL_WORDS = 600  # tokens: how far back the words naming a recalled party are looked for
DOCUMENT_NOUNS = lexicon_words("speaking_nouns", tag="document")  # "statement", "letter": written words


class Document:
    """What every sentence of one document shares: mentions by token, quotes by offset, time expressions."""

    def __init__(self, article_id: str | None, text: str, doc: Doc, mentions: list[Mention], quotes: list[Quote],
                 timexes: list[Timex], published: str | None, actors: dict[str, Actor] | None) -> None:
        self.article = article_id
        self.text = text  # Doc.text rebuilds the whole text on each call: slice this instead
        # Event ids: the article's id, or for a text coded on its own (`sitroom code`) the text's hash.
        self.id_base = article_id or content_hash(text)[:16]
        self.lex: Lexicon = lexicon_module.load()
        self.rebel_words = rebel_words()
        self.index = Mentions(doc, mentions, actors)
        self.quotes = Quotes(quotes)
        self.timexes = sorted(timexes, key=lambda t: t.start)
        self.timex_starts = [t.start for t in self.timexes]
        self.published = published
        # The doers of the last sentence's events: an unresolved "they" at the start of the next sentence
        # most often continues them ("... envoys met in Paris. They agreed to meet again").
        self.previous_sources: list[str] = []
        self.sentence_sources: list[str] = []  # the doers of this sentence's events so far
        # The sentence being coded and its root, found once: Token.sent and Span.root scan the sentence.
        self.sent: Span | None = None
        self.root: Token | None = None
        # The latest event of each PLOVER type whose doers are known, with its sentence's number: "the meeting",
        # "the parties" a few sentences on are that event and its doers.
        self.sentence_number = 0
        self.recent: dict[str, tuple[int, Event]] = {}
        self.documents: tuple[int, Event] | None = None  # the latest event that delivered a document

    def remember(self, events: list[Event]) -> None:
        for event in events:
            if event.source:
                self.recent[event.type] = (self.sentence_number, event)
                named = self.text[event.trigger[0]:event.trigger[1]].lower().split()
                if any(word in DOCUMENT_NOUNS for word in named):  # "delivered its written response"
                    self.documents = (self.sentence_number, event)

    def recalled_document(self, reach: int = RECALL_REACH) -> Event | None:
        """The latest event with known doers that delivered or made a document ("handed over its response"),
        told at most ``reach`` sentences back."""
        if self.documents is None or self.sentence_number - self.documents[0] > reach:
            return None
        return self.documents[1]

    def country_actor(self, code: str) -> str:
        """The actor id that stands for a country's state, as the actors stage names it: one the document
        already holds (the country, else its government), else the country's canonical id."""
        actors = self.index.actors
        for candidate in _country_ids(code):
            if candidate in actors:
                return candidate
        return f"country:{code}"

    def rebels_of(self, code: str) -> str:
        """The actor id of a country's rebels: one the document holds ("country:UKR/REB/backed-by-RUS"), else
        the plain one."""
        plain = f"country:{code}/REB"
        if plain in self.index.actors:
            return plain
        return next((a for a in sorted(self.index.actors) if a.startswith(plain + "/")), plain)

    def recalled(self, types: Iterable[str], reach: int = RECALL_REACH) -> Event | None:
        """The latest event of these types with known doers, told at most ``reach`` sentences back."""
        found = [self.recent[t] for t in types if t in self.recent
                 and self.sentence_number - self.recent[t][0] <= reach]
        return max(found, key=lambda pair: (pair[0], pair[1].trigger[0]))[1] if found else None

    def named_before(self, actor: str, word: Token) -> list[int]:
        """[start, end] of the last mention of ``actor`` before ``word`` (within RECALL_WORDS tokens): the words
        that named an actor an event here only recalls ("the meeting": its parties); empty if none does."""
        for i in range(word.i - 1, max(-1, word.i - RECALL_WORDS), -1):
            mention = self.index.by_token.get(i)
            if mention is not None and mention.actor == actor:
                return [mention.start, mention.end]
        return [word.idx, word.idx]

    def timexes_in(self, sent: Span) -> list[Timex]:
        lo = bisect.bisect_left(self.timex_starts, sent.start_char)
        hi = bisect.bisect_left(self.timex_starts, sent.end_char)
        return self.timexes[lo:hi]


@cache
def rebel_words() -> frozenset[str]:
    """The title words of the actor dictionary that name rebels ("separatists", "insurgents", "militia")."""
    from sitroom.actors import ActorDictionary

    return frozenset(word for word, title in ActorDictionary.load().titles.items() if title.sector == "REB")


def _country_ids(code: str) -> tuple[str, str]:
    return f"country:{code}", f"country:{code}/GOV"


def same_side(first: Iterable[str], second: Iterable[str], index: Mentions) -> bool:
    """Two sets of actors on one side: an actor in common, or the same country (a foreign minister and her capital) unless one
    set is its rebels or opposition and the other is not (the rebels of Rwanda and Rwanda's president)."""
    first, second = list(first), list(second)
    if set(first) & set(second):
        return True
    countries = {index.country_of(a) for a in first} - {None}
    if not countries & ({index.country_of(a) for a in second} - {None}):
        return False
    return _opposing(first, index) == _opposing(second, index)


def _opposing(actors: list[str], index: Mentions) -> bool:
    """Whether a set of actors is a country's rebels or opposition."""
    for actor_id in actors:
        actor = index.actors.get(actor_id)
        sector = actor.sector if actor is not None else None
        parts = actor_id.split(":", 1)[-1].split("/")[1:]
        if sector in OPPOSITION_SECTORS or any(part in OPPOSITION_SECTORS for part in parts):
            return True
    return False
