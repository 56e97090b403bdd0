"""The shared state of one article's resolution, which every pass reads and adds to.

A pass is a function ``(state, ...) -> None``: it looks only at tokens earlier passes left free
(:meth:`Resolution.free`) and adds mentions with :meth:`Resolution.add`, which takes the tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from sitroom.actors.dictionary import ActorDictionary, Alias, Person
from sitroom.docviews import views
from sitroom.records import Actor

def paragraph_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The parser's sentences as token ranges, cut where a line break stands inside one (the parser
    sometimes runs a sentence on into the next paragraph, after a closing quotation mark); spaces
    at either end left out."""
    ranges: list[tuple[int, int]] = []
    tokens = views(doc).tokens
    for sent in views(doc).sents:
        start = None
        for token in tokens[sent.start:sent.end]:
            if token.is_space:
                if "\n" in token.text and start is not None:
                    ranges.append((start, token.i))
                    start = None
                continue
            if start is None:
                start = token.i
            end = token.i + 1
        if start is not None:
            ranges.append((start, end))
    return ranges


def sentence_numbers(doc: Doc, sentences: list[tuple[int, int]]) -> dict[int, int]:
    """Token -> the number of its sentence in ``sentences`` (:func:`paragraph_sentences`), so that a
    pronoun's reach does not cross a paragraph break the parser missed. Spaces belong to the
    sentence before them."""
    numbers: dict[int, int] = {}
    for k, (start, end) in enumerate(sentences):
        for i in range(start, end):
            numbers[i] = k
    k = 0
    for i in range(len(doc)):
        k = numbers.setdefault(i, k)
    return numbers


# A dictionary phrase found in the text: (first token, end token, the alias it matched).
Match = tuple[int, int, Alias]


@dataclass(slots=True)
class Context:
    """What the words around a name say about the person."""

    title: str | None = None
    sector: str | None = None
    role: str | None = None  # canonical role key from the title lexicon
    country: str | None = None
    country_from: str | None = None  # "title" | "description" (see Actor.country_from)
    org: str | None = None
    former: bool = False

    def merge(self, other: Context) -> None:
        """Fill the fields still unknown from ``other``."""
        for name in ("title", "sector", "role", "org"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        if self.country is None:
            self.country, self.country_from = other.country, other.country_from
        self.former = self.former or other.former


@dataclass(slots=True)
class PersonState:
    """One person as seen in this article."""

    id: str
    name: str
    entry: Person | None
    context: Context = field(default_factory=Context)
    surfaces: list[str] = field(default_factory=list)
    title_sentence: tuple[int, int] | None = None  # token span of the sentence that gave the title
    genders: set[str] = field(default_factory=set)  # from honorifics and gendered titles in the article
    pronoun_genders: set[str] = field(default_factory=set)  # from unambiguous pronoun links (weaker)


@dataclass(frozen=True, slots=True)
class TokenMention:
    """A mention found so far, on token offsets; the driver turns it into a ``Mention`` record."""

    start: int
    end: int
    label: str
    actor: str | None
    root: int  # token index that stands for the mention in the parse (subject tests)


class Resolution:
    """The state of one article's resolution: token occupancy, dictionary matches, people,
    actors and mentions."""

    def __init__(self, doc: Doc, dictionary: ActorDictionary, published: str | None) -> None:
        self.doc = doc
        # The parse's tokens and entities, made once (spaCy makes new objects on every access).
        self.text = views(doc).text
        self.tokens = views(doc).tokens
        self.ents = views(doc).ents
        self.dictionary = dictionary
        self.published = published
        self.taken = bytearray(len(doc))
        self.mentions: list[TokenMention] = []
        self.actors: dict[str, Actor] = {}
        self.people: dict[str, PersonState] = {}
        self.full_names: list[tuple[int, str]] = []  # (token index, person id) of full-name mentions
        self.title_links: dict[int, tuple[str, int]] = {}  # apposition title token -> (person, title end)
        self.match_at: dict[int, Match] = {}  # token -> dictionary match covering it
        self.person_tokens: dict[int, str] = {}  # token -> person id of the name it is part of
        self.peoples: list[tuple[TokenMention, str | None]] = []  # people mentions and their head's sector
        # The article's sentences (cut at paragraph breaks) and each token's sentence number, which
        # several passes read: computed once here.
        self.sentences = paragraph_sentences(doc)
        self.sentence_of = sentence_numbers(doc, self.sentences)

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text``, cut from the document's text (a Span joins its tokens' texts)."""
        if start >= end:
            return ""
        last = self.tokens[end - 1]
        return self.text[self.tokens[start].idx:last.idx + len(last)]

    def free(self, start: int, end: int) -> bool:
        """Whether no mention holds any token of ``start:end`` yet."""
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, label: str, actor: str | None, root: int | None = None) -> None:
        """A mention of ``actor`` (None: a name no actor stands for) over ``start:end``; takes the tokens."""
        self.mentions.append(TokenMention(start, end, label, actor, end - 1 if root is None else root))
        for i in range(start, end):
            self.taken[i] = 1

    def block(self, start: int, end: int) -> None:
        """Take the tokens ``start:end`` without a mention: words no pass may make an actor of."""
        for i in range(start, end):
            self.taken[i] = 1

    def relink(self, mention: TokenMention, actor: str | None) -> TokenMention:
        """Point an earlier mention at another actor (a later pass knows better); mentions are not
        changed in place, the new one takes the old one's place in ``mentions``."""
        new = replace(mention, actor=actor)
        at = next(i for i, m in enumerate(self.mentions) if m is mention)
        self.mentions[at] = new
        return new

    def use_actor(self, actor: Actor) -> str:
        """Register ``actor`` (the first one registered under an id wins) and return its id."""
        self.actors.setdefault(actor.id, actor)
        return actor.id

    def note_matches(self, matches: list[Match]) -> None:
        """Record which dictionary match covers each token."""
        for start, end, alias in matches:
            for i in range(start, end):
                self.match_at[i] = (start, end, alias)

    def story_country(self) -> str | None:
        """The country the story is set in: the one that more than half of the article's mentions
        of countries and their bodies name (at least two of them); None for a story about several."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            actor = self.actors.get(m.actor) if m.actor and not m.actor.startswith("person:") else None
            if actor is not None and actor.kind in {"country", "group"} and actor.country:
                counts[actor.country] = counts.get(actor.country, 0) + 1
        if not counts:
            return None
        country, top = max(counts.items(), key=lambda kv: kv[1])
        return country if top >= 2 and top * 2 > sum(counts.values()) else None

    def sentence_country(self, start: int, end: int) -> str | None:
        """The one country the tokens ``start:end`` (a sentence) name, for an office-holder it does
        not qualify ("President X said on Monday that Ruritania ..."): news style leaves the
        country of the story implicit."""
        countries = set()
        for m in self.mentions:
            if start <= m.start < end and m.actor and not m.actor.startswith("person:"):
                actor = self.actors.get(m.actor)
                if actor is not None and actor.kind in {"country", "group"} and actor.country:
                    countries.add(actor.country)
        return countries.pop() if len(countries) == 1 else None
