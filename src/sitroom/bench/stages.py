"""Stage costs: what the actors and events stages add to the cost of the spaCy parse.

The same texts go through a spaCy-only pass (``nlp.pipe``) and through the nlp + actors stages
(the same pipe, then :func:`sitroom.actors.resolve` on every doc). The events stage is timed on
the docs of that pass, as the pipeline calls it (``pipeline.analyse_dated``): after the dates, the
actors and the quotes of the article, which are made but not counted. Model and dictionary
loading happen before timing; each pass runs ``rounds`` times and the fastest round counts,
because the machine is shared and the slowest rounds measure other people's work.
"""

from __future__ import annotations

import time

from sitroom import nlp
from sitroom.actors import ActorDictionary, resolve
from sitroom.events import code_events
from sitroom.quotes import extract_quotes
from sitroom.records import Article, DateEvidence
from sitroom.time import date_article

ACTORS_TARGET = 1.2  # nlp + actors against the parse alone
EVENTS_TARGET = 0.25  # the events stage against the parse (issue 9)


def spacy_pass(texts: list[str], batch_size: int) -> float:
    started = time.perf_counter()
    for _ in nlp.parse(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def actors_pass(texts: list[str], batch_size: int, dictionary: ActorDictionary) -> tuple[float, float, int, float, int]:
    """Seconds for parse + resolve, seconds in resolve alone, mentions found; seconds in the
    events stage alone and events coded (the other stages before it run uncounted)."""
    started = time.perf_counter()
    resolving = coding = 0.0
    mentions = events = 0
    for i, (text, doc) in enumerate(zip(texts, nlp.parse(texts, batch_size=batch_size))):
        paused = time.perf_counter()
        # Dates first, as the pipeline does (the publication date decides time-bounded roles).
        article, timexes = date_article(Article(id=str(i), origin="bench", text=text, published=None),
                                        DateEvidence(), doc)
        started += time.perf_counter() - paused  # the time stage is not the actors pass
        before = time.perf_counter()
        found, actors = resolve(article, doc, dictionary)
        resolving += time.perf_counter() - before
        mentions += len(found)
        paused = time.perf_counter()
        quotes = extract_quotes(article.id, article.text, doc, found)
        before = time.perf_counter()
        coded = code_events(article.id, article.text, doc, found, quotes, timexes, article.published,
                            {actor.id: actor for actor in actors})
        coding += time.perf_counter() - before
        events += len(coded)
        started += time.perf_counter() - paused  # nor are the quotes and events stages
    return time.perf_counter() - started, resolving, mentions, coding, events


def measure(texts: list[str], rounds: int, batch_size: int) -> tuple[dict, list[str]]:
    """The numbers, and the lines that say them."""
    started = time.perf_counter()
    nlp.load()
    dictionary = ActorDictionary.load()
    # Warm-up: builds the PhraseMatcher and the events lexicon, touches every lazy structure once.
    actors_pass(texts[:1], batch_size, dictionary)
    loading = time.perf_counter() - started
    spacy_times, actor_times, resolve_times, event_times, mentions, events = [], [], [], [], 0, 0
    for _ in range(rounds):
        spacy_times.append(spacy_pass(texts, batch_size))
        total, resolving, mentions, coding, events = actors_pass(texts, batch_size, dictionary)
        actor_times.append(total)
        resolve_times.append(resolving)
        event_times.append(coding)
    spacy_s, actors_s, resolve_s, events_s = min(spacy_times), min(actor_times), min(resolve_times), min(event_times)
    words = sum(len(t.split()) for t in texts)
    result = {
        "docs": len(texts), "words": words, "rounds": rounds, "load_seconds": round(loading, 3),
        "spacy_seconds": round(spacy_s, 3), "spacy_docs_per_s": round(len(texts) / spacy_s, 2),
        "nlp_actors_seconds": round(actors_s, 3), "nlp_actors_docs_per_s": round(len(texts) / actors_s, 2),
        "actors_only_seconds": round(resolve_s, 3), "mentions": mentions,
        "ratio": round(actors_s / spacy_s, 3),
        "events_seconds": round(events_s, 3), "events": events, "events_ratio": round(events_s / spacy_s, 3),
    }
    lines = [
        f"{len(texts)} docs ({words} words), best of {rounds} rounds; loading {loading:.2f}s not counted",
        f"spaCy only:    {spacy_s:7.3f}s  {len(texts) / spacy_s:7.2f} docs/s",
        f"nlp + actors:  {actors_s:7.3f}s  {len(texts) / actors_s:7.2f} docs/s  "
        f"(resolve alone {resolve_s:.3f}s, {mentions} mentions)",
        f"ratio nlp+actors / spaCy: {actors_s / spacy_s:.3f} (target <= {ACTORS_TARGET})",
        f"events stage:  {events_s:7.3f}s  ({events} events coded)",
        f"ratio events / spaCy parse: {events_s / spacy_s:.3f} (target <= {EVENTS_TARGET})",
    ]
    return result, lines
