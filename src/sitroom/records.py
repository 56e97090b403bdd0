"""The records that flow between pipeline stages.

Every stage takes and returns these plain dataclasses; none of them knows about the store or
the CLI. Offsets (``start``/``end``) are character offsets into ``Article.text``, end exclusive.
Field names follow the data contract in DESIGN.md (the JSONL export writes them as they are).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def stable_id(*parts: object, length: int = 16) -> str:
    """A short, deterministic id from the given parts (same input, same id, on any machine)."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class RawDoc:
    """One article as read from its source, before cleaning.

    ``content`` is always text, one line per paragraph or page element. ``kind`` says where that
    text came from: ``text`` (extracted before it reached us, page furniture and all) or ``html``
    (extracted here from a page by trafilatura). Metadata fields hold what the source
    itself declared (JSON fields, HTML meta tags); the clean stage decides what to trust.
    """

    origin: str
    content: str
    kind: str  # "text" (extracted before it reached us) | "html" (extracted here from a page)
    title: str | None = None
    url: str | None = None
    published: str | None = None  # as declared by the source, not yet normalised
    outlet: str | None = None
    author: str | None = None

    @property
    def id(self) -> str:
        return stable_id(self.origin)


@dataclass(slots=True)
class Failure:
    """A document that could not be read or processed; the run records it and goes on."""

    origin: str
    stage: str
    error: str  # one line: what is wrong and what to do about it


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record of a web archive that is no article by design (an image, a 404, a cut record, a
    host left out): counted by reason, not a failure."""

    origin: str
    reason: str  # "not HTML" | "status not 200" | "truncated" | "host left out" | "no article text"


@dataclass(slots=True)
class Article:
    id: str
    origin: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_from: str | None = None  # "metadata" | "text" | "inferred" | None
    published_note: str | None = None  # the evidence behind ``published``, in words
    page_date: str | None = None  # a date the page displays that is not the publication date
    kept_lines: list[int] = field(default_factory=list)
    dropped_lines: list[int] = field(default_factory=list)
    title_line: int | None = None  # the input line the title was taken from (also in dropped_lines)
    content_hash: str = ""
    duplicate_of: str | None = None  # the exact or near duplicate's original (the link stage decides)
    story: str | None = None
    family: str | None = None  # the representative of the syndication family this article is one of


@dataclass(frozen=True, slots=True)
class DateLine:
    """A date the clean stage found on the page, and where it stands.

    ``place`` is ``above title`` (a site header's display date), ``before story`` (between the
    headline, if any, and the story: the article's metadata), ``in story`` (inside or after the
    story, on a line of its own) or ``dateline`` (opening the story's first line: "CITY, Jan. 26,
    2022 -").
    """

    line: int  # 1-based input line number
    date: str  # YYYY-MM-DD
    place: str
    labelled: bool = False  # the line says it is the publication date ("Published", "Updated")


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """What a page says about its own date, gathered by the clean stage; the time stage decides
    the publication date from it (sitroom.time.published)."""

    declared: str | None = None  # the date string the source declared, as it was declared
    declared_by: str = "source"  # "source" (a field of the input) | "page" (the HTML page's metadata)
    date_lines: tuple[DateLine, ...] = ()  # short lines that are mostly a date, in input order
    dateline: DateLine | None = None


# Sectors that stand against their country's state: CAMEO codes rebels by the country they fight in
# ("country:UKR/REB"), and they are never that country's state.
OPPOSITION_SECTORS = frozenset({"REB", "OPP", "INS", "SEP"})


@dataclass(slots=True)
class Actor:
    """A canonical actor: a country, an intergovernmental organisation, a person, an org or a group."""

    id: str
    name: str
    kind: str  # "country" | "igo" | "person" | "org" | "group"
    country: str | None = None  # ISO 3166 alpha-3
    org: str | None = None  # e.g. "NATO"
    role: str | None = None
    sector: str | None = None  # GOV, MIL, DIP, LEG, ...
    aliases: list[str] = field(default_factory=list)
    # How ``country`` is known (None when it is not): "dictionary" (an actor dictionary entry or a
    # country word it lists), "title" (the title or name: "Valdorian Foreign Minister X"),
    # "description" (what the text says of the actor: "X, a senior member of Valdoria's Senate"),
    # "context" (the country the story or sentence is about).
    country_from: str | None = None


@dataclass(slots=True)
class Mention:
    """A span of an article's text that refers to an actor (or to nothing we could resolve)."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy entity label, or PRON / TITLE for pronoun and title mentions
    actor: str | None = None


@dataclass(slots=True)
class Quote:
    id: str
    article: str
    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect" | "mixed"
    speaker: str | None = None  # actor id
    speaker_text: str | None = None
    cue: str | None = None
    # Where the speaker and cue words stand in the text, so each attribution can be checked.
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass(slots=True)
class Timex:
    id: str
    article: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    anchor: str | None = None  # the date the value was resolved against


@dataclass(slots=True)
class Event:
    """Who did what to whom, when and where, as one sentence reports it (PLOVER-coded).

    ``start``/``end`` are the evidence sentence's offsets and ``trigger`` the [start, end] of the
    words that name the action; ``source_spans``/``target_spans`` hold [start, end] of the words
    naming each source and target actor (none for an actor no words name). ``claimed_by`` is the speaker's actor when the event is
    someone's claim (inside a quote or an indirect quote). ``cluster`` is shared by the reports of
    one happening (filled by the link stage).
    """

    id: str
    article: str | None
    sentence: str
    start: int
    end: int
    trigger: list[int]
    type: str  # PLOVER event type, e.g. REJECT
    mode: str | None
    cameo: str  # CAMEO code as a string, e.g. "1312"
    intensity: float | None  # Goldstein value of the CAMEO code
    source: list[str] = field(default_factory=list)  # actor ids
    target: list[str] = field(default_factory=list)
    source_spans: list[list[int]] = field(default_factory=list)
    target_spans: list[list[int]] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD (or coarser, as the text supports)
    date_from: str | None = None  # "text" | "published" | "cluster" | None
    date_source: str | None = None  # with date_from "cluster": the article whose report gave the date
    timex: str | None = None  # the time expression that dates the clause, even one left unresolved
    negated: bool = False
    modality: str = "asserted"  # "asserted" | "future" | "conditional" | "reported"
    claimed_by: str | None = None
    location: str | None = None  # the place the sentence puts it, as named ("Geneva")
    location_country: str | None = None  # its ISO alpha-3 code ("CHE")
    confidence: float = 0.0
    cluster: str | None = None
    # Argument phrases the parse found but the actors stage resolved to no actor ("protesters", "a car
    # bomb"): [start, end] each, filled only when the role has no actor at all.
    source_unresolved: list[list[int]] = field(default_factory=list)
    target_unresolved: list[list[int]] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    """Articles about one unfolding matter, clustered by the link stage."""

    id: str
    label: str
    articles: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None


@dataclass(slots=True)
class Cluster:
    """One happening, as the events of all its reports tell it (the link stage builds them).

    Actors are at the level reports agree on: countries and organisations without their sector
    (a country's rebels or opposition apart), people as themselves. ``date`` is the date most reports that date the happening give, and
    ``date_support`` how many do; ``first_report`` is the earliest article that reports it.
    """

    id: str
    type: str
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    date: str | None = None
    date_support: int = 0
    events: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_report: str | None = None
    story: str | None = None


@dataclass(slots=True)
class LinkFeatures:
    """What the link stage compares an article by, read from its text with its other stages (in
    parallel, on the workers), so that the link pass reads these compact rows instead of every
    text. Hashes are CRC-32 values as little-endian ``uint32`` bytes (the same in every process).
    """

    article: str
    words: int  # tokens in its paragraphs
    sentences: int  # sentences of four words or more
    shingles: bytes  # sorted distinct hashes of its word 5-shingles (within paragraphs)
    vocabulary: bytes  # sorted distinct hashes of its sentences' content words
    shingle_signature: bytes  # MinHash signatures of the two (empty for an empty set)
    vocabulary_signature: bytes
    # The content words (stems) stories weigh, each with how many paragraphs use it (the title
    # counted twice) and, where it differs, how it is most written: "talk:3:talks russia:5 ...".
    # One string, not three lists: 1,000 rows are stored in 0.14 s instead of 1.28 s.
    terms: str = ""
