"""Synthetic corpora for benchmarks: many distinct articles made from a few real ones.

Each synthetic article is a run of paragraphs drawn from several base articles, so that no two are
copies of each other (nothing deduplicates away) while every sentence is real news prose. With the
base articles' records (from one real run of the pipeline) the paragraphs bring their mentions,
time expressions and events along, offsets moved to where the paragraph now stands and dates
moved with the article's new publication date: a corpus of records for the link stage, made
without parsing it again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sitroom.link import Corpus
from sitroom.records import Article, Event, Mention, Timex, stable_id

PARAGRAPHS_PER_ARTICLE = (6, 14)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split("\n\n"):
        if part.strip():
            spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans


def texts(base: Sequence[str], n: int, seed: int = 0) -> list[str]:
    """``n`` articles of paragraphs drawn from the base texts (a title line, then the paragraphs)."""
    rng = random.Random(seed)
    pool = [text[s:e] for text in base for s, e in paragraph_spans(text)]
    out = []
    for i in range(n):
        chosen = rng.sample(pool, min(len(pool), rng.randint(*PARAGRAPHS_PER_ARTICLE)))
        out.append(f"Report {i}: " + chosen[0].split(".")[0][:80] + "\n\n" + "\n\n".join(chosen) + "\n")
    return out


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
