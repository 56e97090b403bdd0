"""How the link pass scales: seconds and memory to link synthetic corpora of growing size.

The base records come from one real run of the stages over a few articles (no store); the
corpora are made of their paragraphs (``records``: as ``sitroom.synthetic.texts`` draws them, each
paragraph bringing its mentions, time expressions and events along, offsets moved to where the
paragraph now stands and dates moved with the article's new publication date), so every size has
the same mix of text, actors and events, made without parsing again. Candidate pairs come from
blocking, so ten times the articles should cost far less than a hundred times the seconds
(these corpora reuse few paragraphs, so more of their pairs are candidates than in real news).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitroom.actors import ActorDictionary
from sitroom.link import Corpus, link
from sitroom.link.features import features_of
from sitroom.pipeline import Processed, line_stats, process_batch
from sitroom.records import Article, Event, Mention, RawDoc, Timex, stable_id
from sitroom.synthetic import PARAGRAPHS_PER_ARTICLE, paragraph_spans


def base_corpus(texts: Sequence[str], dictionary: ActorDictionary | None = None):
    """(corpus, mentions, timexes) of the texts run through the per-article stages."""
    raws = [RawDoc(origin=f"base/{i:04d}.txt", content=text, kind="text") for i, text in enumerate(texts)]
    done = [p for p in process_batch(raws, line_stats(raws), dictionary or ActorDictionary.load())
            if isinstance(p, Processed)]
    actors = {actor.id: actor for p in done for actor in p.actors}
    corpus = Corpus(
        [p.article for p in done],
        {p.article.id: Counter(m.actor for m in p.mentions if m.actor) for p in done},
        actors,
        frozenset(m.text for p in done for m in p.mentions if m.actor),
        [e for p in done for e in p.events],
        {t.id: t for p in done for t in p.timexes},
    )
    return corpus, [m for p in done for m in p.mentions], [t for p in done for t in p.timexes]


def link_once(base: tuple[Corpus, list[Mention], list[Timex]], n: int, seed: int = 0) -> dict:
    """Seconds and memory to link a synthetic corpus of ``n`` articles made from ``base`` (what
    ``base_corpus`` returns). Run it in a fresh process, so that the peak memory is its own."""
    link(records(*base, 20, seed=seed))  # warm-up: imports not counted
    corpus = records(*base, n, seed=seed)
    # As after a run: each article's features were read on the workers and stored, and the link
    # pass reads them once.
    features = [features_of(article) for article in corpus.articles]
    corpus = replace(corpus, features=_drained(features))
    before = _memory_mb("VmRSS")
    started = time.perf_counter()
    updates = link(corpus)
    seconds = time.perf_counter() - started
    return {"articles": n, "events": len(corpus.events), "seconds": round(seconds, 2),
            "stories": len(updates.stories), "clusters": len(updates.clusters),
            "records_mb": round(before), "link_peak_mb": round(_memory_mb("VmHWM") - before)}


def _drained(items: list) -> Iterator:
    """The items, each let go as it is read."""
    items.reverse()
    while items:
        yield items.pop()


def _memory_mb(field: str) -> float:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM), in MB; 0 where the
    system has no /proc (the figures are then missing, not wrong)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0.0
    return int(status.split(f"{field}:")[1].split()[0]) / 1024


@dataclass(slots=True)
class _Paragraph:
    article: Article
    start: int
    end: int
    events: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)


def records(base: Corpus, mentions: Sequence[Mention], timexes: Sequence[Timex], n: int, seed: int = 0,
            start: dt.date = dt.date(2022, 1, 1), days: int = 365) -> Corpus:
    """A corpus of ``n`` synthetic articles' records, published over ``days`` days from ``start``."""
    rng = random.Random(seed)
    paragraphs = []
    for article in base.articles:
        for s, e in paragraph_spans(article.text):
            paragraphs.append(_Paragraph(article, s, e))
    by_article: dict[str, list[_Paragraph]] = {}
    for p in paragraphs:
        by_article.setdefault(p.article.id, []).append(p)

    def place(article_id: str | None, offset: int) -> _Paragraph | None:
        return next((p for p in by_article.get(article_id or "", []) if p.start <= offset < p.end), None)

    for event in base.events:
        if (p := place(event.article, event.start)) is not None:
            p.events.append(event)
    for mention in mentions:
        if (p := place(mention.article, mention.start)) is not None:
            p.mentions.append(mention)
    for timex in timexes:
        if (p := place(timex.article, timex.start)) is not None:
            p.timexes.append(timex)

    articles, events, counts, new_timexes = [], [], {}, {}
    for i in range(n):
        article_id = stable_id("synthetic", seed, i)
        published = start + dt.timedelta(days=rng.randrange(days))
        chosen = rng.sample(paragraphs, min(len(paragraphs), rng.randint(*PARAGRAPHS_PER_ARTICLE)))
        parts, position, actor_counts = [], 0, Counter()
        for p in chosen:
            shift = position - p.start
            moved = _moved_timexes(p.timexes, article_id, shift)
            new_timexes.update({t.id: t for t in moved.values()})
            for event in p.events:
                events.append(_moved_event(event, article_id, shift, published, moved, rng))
            actor_counts.update(m.actor for m in p.mentions if m.actor)
            parts.append(p.article.text[p.start:p.end])
            position += p.end - p.start + 2
        counts[article_id] = actor_counts
        articles.append(Article(id=article_id, origin=f"synthetic/{i:06d}.txt", text="\n\n".join(parts),
                                title=f"Report {i}", published=published.isoformat(), published_from="metadata"))
    return Corpus(articles, counts, base.actors, base.mention_texts, events, new_timexes)


def _moved_timexes(timexes: Sequence[Timex], article_id: str, shift: int) -> dict[str, Timex]:
    return {t.id: replace(t, id=stable_id(article_id, t.id), article=article_id, start=t.start + shift,
                          end=t.end + shift) for t in timexes}


def _moved_event(event: Event, article_id: str, shift: int, published: dt.date, timexes: dict[str, Timex],
                 rng: random.Random) -> Event:
    """The event in its new article: a day the text gave moves to a day or three before the new
    publication date; any other date becomes the publication date."""
    if event.date_from == "text" and event.date and len(event.date) == 10:
        date, date_from = (published - dt.timedelta(days=rng.randint(0, 3))).isoformat(), "text"
    else:
        date, date_from = published.isoformat(), "published"
    timex = timexes.get(event.timex or "")
    return replace(event, id=stable_id(article_id, event.id), article=article_id, start=event.start + shift,
                   end=event.end + shift, trigger=[event.trigger[0] + shift, event.trigger[1] + shift],
                   date=date, date_from=date_from, timex=timex.id if timex else None, date_source=None, cluster=None)
