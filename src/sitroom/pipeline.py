"""What the stages do to a batch of documents, in order; runners decide where it runs.

``process_batch`` takes the RawDocs of one batch and yields, per document, everything the stages
made of it (``Processed``) or a ``Failure``. One bad document never stops the others.

    clean ─► nlp (spaCy, the whole batch through nlp.pipe) ─► time ─► actors ─► quotes ─► events
                                                                                   ─► link features

and, once all batches of a run are stored, the corpus-level ``link`` stage over everything stored
(``sitroom.link``; the runner calls it, and runs ``redate_batch`` for the articles it dates).

Clean gathers the evidence for the publication date; time decides it (sitroom.time.published)
before actors, because the date decides which time-bounded roles apply; quotes come last because
speakers are resolved through mentions; events last because their sources, targets and claims
come from mentions and quotes. The link features (what the link pass compares texts by) are read
here too, so that this work is spread over the workers and the link pass reads no texts. Each
stage returns new records; none is changed after it is built.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from sitroom import nlp
from sitroom.actors import ActorDictionary, resolve
from sitroom.clean import LineStats, clean_with_lines
from sitroom.docviews import parsed_from
from sitroom.quotes import extract_quotes
from sitroom.events import code_events
from sitroom.link.clusters import actor_level
from sitroom.link.features import features_of
from sitroom.records import Actor, Article, DateEvidence, Event, Failure, LinkFeatures, Mention, Quote, RawDoc, Timex
from sitroom.tables import PER_ARTICLE
from sitroom.time import date_article, redate


@dataclass(slots=True)
class Processed:
    article: Article
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    link_features: list[LinkFeatures] = field(default_factory=list)  # one: what linking compares it by

    def records(self) -> dict[str, list[Any]]:
        """The per-article rows, by store table (each per-article table is a field of this name)."""
        return {table.name: getattr(self, table.name) for table in PER_ARTICLE}


@dataclass(slots=True)
class StageTimes:
    """Seconds spent in each stage (summed over documents, and over processes when merged), for
    ``sitroom bench`` and the run summary. Timing costs a clock read per stage and document."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def merge(self, other: StageTimes) -> None:
        for name, seconds in other.seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds


def line_stats(raws: Sequence[RawDoc]) -> LineStats:
    """Corpus-level line statistics over the already-extracted texts of a batch."""
    return LineStats.from_texts(raw.content for raw in raws if raw.kind == "text")


def process_batch(raws: Sequence[RawDoc], stats: LineStats, dictionary: ActorDictionary,
                  stated: str | None = None, times: StageTimes | None = None) -> Iterator[Processed | Failure]:
    """Every stage for a batch of documents. ``stated`` is the publication date the user gave for
    inputs that carry none; ``times``, when given, gathers the seconds of each stage."""
    times = times if times is not None else StageTimes()
    articles: list[Article] = []
    evidence: dict[str, DateEvidence] = {}
    for raw in raws:
        try:
            with times.stage("clean"):
                cleaned = clean_with_lines(raw, stats)
        except Exception as exc:  # a stage bug on one document must not lose the others
            yield Failure(raw.origin, "clean", f"{raw.origin}: cleaning failed ({type(exc).__name__}: {exc})")
            continue
        if not cleaned.article.text.strip():
            yield Failure(raw.origin, "clean", f"{raw.origin}: no story text left after removing page furniture; "
                                               f"is it an article page?")
            continue
        articles.append(cleaned.article)
        evidence[cleaned.article.id] = cleaned.dates
    yield from _analyse_parsed(articles, dictionary,
                               lambda article, doc: date_article(article, evidence[article.id], doc, stated), times)


def redate_batch(articles: Sequence[Article], dates: Mapping[str, tuple[str, str]],
                 dictionary: ActorDictionary) -> Iterator[Processed | Failure]:
    """The stages again for stored articles that the link stage dated from other reports
    (article id -> (publication date, the evidence in words))."""
    yield from _analyse_parsed(articles, dictionary, lambda article, doc: redate(article, *dates[article.id], doc),
                               StageTimes())


def _analyse_parsed(articles: Sequence[Article], dictionary: ActorDictionary,
                    dating: Callable[[Article, Doc], tuple[Article, list[Timex]]],
                    times: StageTimes) -> Iterator[Processed | Failure]:
    with times.stage("nlp"):
        docs = _parse(articles)
    for article, doc in zip(articles, docs):
        if isinstance(doc, str):
            yield Failure(article.origin, "nlp", f"{article.origin}: {doc}")
            continue
        parsed_from(doc, article.text)
        try:
            with times.stage("time"):
                dated, timexes = dating(article, doc)
            yield analyse_dated(dated, timexes, doc, dictionary, times)
        except Exception as exc:
            yield Failure(article.origin, "nlp", f"{article.origin}: analysis failed ({type(exc).__name__}: {exc})")


def _actors_named_by_events(events: Sequence[Event], actors: Sequence[Actor], dictionary: ActorDictionary) -> list[Actor]:
    """The actors events name that no mention did: a country's state or its rebels, which the coder
    gives a deed of their country's words ("armed the separatists in Moldova's east": Moldova's
    rebels), and the country or organisation a person acts for, which names the person's side of a
    happening. Each is stored like any other, so that every actor id a record names is an actor."""
    known = {actor.id: actor for actor in actors}
    added: dict[str, Actor] = {}
    for event in events:
        for actor_id in event.source + event.target:
            for named in (actor_id, actor_level(actor_id, known)):
                if named not in known and named not in added and (actor := dictionary.actor_of(named)):
                    added[named] = actor
    return list(added.values())


def analyse(article: Article, doc: Doc, dictionary: ActorDictionary, dates: DateEvidence = DateEvidence(),
            stated: str | None = None) -> Processed:
    """The stages after the parse, for one article (``doc`` is the parse of ``article.text``,
    ``dates`` what the clean stage found about its publication date)."""
    # Dates first: the publication date decides which time-bounded roles apply.
    article, timexes = date_article(article, dates, doc, stated)
    return analyse_dated(article, timexes, doc, dictionary)


def analyse_dated(article: Article, timexes: list[Timex], doc: Doc, dictionary: ActorDictionary,
                  times: StageTimes | None = None) -> Processed:
    """The stages after the publication date is decided and the time expressions are read."""
    times = times if times is not None else StageTimes()
    with times.stage("actors"):
        mentions, actors = resolve(article, doc, dictionary)
    with times.stage("quotes"):
        quotes = extract_quotes(article.id, article.text, doc, mentions)
    with times.stage("events"):
        events = code_events(article.id, article.text, doc, mentions, quotes, timexes, article.published,
                             {actor.id: actor for actor in actors})
        actors = actors + _actors_named_by_events(events, actors, dictionary)
    with times.stage("features"):
        features = features_of(article)
    return Processed(article, mentions, actors, quotes, timexes, events, [features])


def _parse(articles: Sequence[Article]) -> list[Doc | str]:
    """All texts through nlp.pipe at once; if that fails, one by one, so one bad text costs one doc
    (which then gets, instead of a Doc, the reason it could not be parsed)."""
    texts = [article.text for article in articles]
    nlp.load()  # a missing model is a set-up problem for the whole run, not a bad document
    try:
        return list(nlp.parse(texts))
    except Exception:
        docs: list[Doc | str] = []
        for text in texts:
            try:
                docs.append(next(nlp.parse([text])))
            except Exception as exc:
                docs.append(_unparsable(text, exc))
        return docs


def _unparsable(text: str, exc: Exception) -> str:
    """Why spaCy could not parse a text, and what to do about it, in one line."""
    limit = nlp.load().max_length
    if len(text) > limit:
        breaks = len(re.findall(r"[.!?](?:\s|$)", text))
        if breaks * 2000 < len(text):  # prose has a sentence break every few hundred characters
            found = "no sentence breaks" if not breaks else f"only {breaks} sentence breaks"
            shape = f", with {found} (records run together, or a table flattened to text?)"
        else:
            shape = ""
        return (f"the cleaned text is {len(text):,} characters, over spaCy's limit of {limit:,} for one "
                f"document{shape}; split the input into one article per file or record")
    return f"spaCy could not parse the text ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}); report this input"
