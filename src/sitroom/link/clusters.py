"""Event clusters: the events of different reports that tell of one happening.

Two events can be one happening when they have the same PLOVER type, the same polarity (negated
or not) and kind of modality (what happened and what someone says happened, apart from what will
or might happen), actors that overlap on each side they both name — at the level reports agree
on: "the US", "Washington" and "Secretary Blinken" all act for the United States — and dates that
can be the same day. Among the clusters an event is compatible with, it joins the one whose
evidence reads most alike; with no compatible cluster it starts one.

Events are taken in a canonical order (by date, then article, then position), and candidate
clusters come from an index on (type, source actor) (blocking), so the result does not depend
on the order the articles arrived in and no event is compared with every other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sitroom.link.copies import content_words, jaccard
from sitroom.records import Actor, Article, Cluster, Event, stable_id

REPORTED_WINDOW_DAYS = 7  # an event dated only by its report happened within this many days before it
MIN_EVIDENCE_SIMILARITY = 0.15  # needed when the two events name actors on one side only
STATE_SECTORS = frozenset({"GOV", "MIL", "DIP", "LEG", "JUD", "SPY", "COP"})


def actor_level(actor_id: str, actors: Mapping[str, Actor]) -> str:
    """The actor at the level reports agree on: a country or organisation without its sector, and
    a person who acts for a state or an organisation as that state or organisation."""
    if actor_id.startswith(("country:", "igo:")):
        return actor_id.split("/", 1)[0]
    actor = actors.get(actor_id)
    if actor is not None and actor.kind == "person":
        if actor.org:
            return f"igo:{actor.org}"
        if actor.country and actor.sector in STATE_SECTORS:
            return f"country:{actor.country}"
    return actor_id


def interval(event: Event, article: Article | None) -> tuple[dt.date, dt.date] | None:
    """The days the happening may have been on: its day when the text dates it; up to a week
    before the report when only the publication date does; unknown (None) otherwise."""
    if event.date and len(event.date) == 10:
        day = dt.date.fromisoformat(event.date)
        if event.date_from == "published":
            return day - dt.timedelta(days=REPORTED_WINDOW_DAYS), day
        return day, day
    return None


@dataclass(slots=True)
class _Happening:
    first: Event
    type: str
    polarity: tuple[bool, str]
    sources: set[str]
    targets: set[str]
    days: tuple[dt.date, dt.date] | None
    words: frozenset[str]
    members: list[Event] = field(default_factory=list)


def _polarity(event: Event) -> tuple[bool, str]:
    return event.negated, "actual" if event.modality in ("asserted", "reported") else event.modality


def _overlap(days: tuple[dt.date, dt.date] | None, other: tuple[dt.date, dt.date] | None):
    """The days both allow: the intersection, None when either is unknown, False when disjoint."""
    if days is None:
        return other
    if other is None:
        return days
    lo, hi = max(days[0], other[0]), min(days[1], other[1])
    return (lo, hi) if lo <= hi else False


def _compatible(happening: _Happening, sources: set[str], targets: set[str], event: Event,
                days: tuple[dt.date, dt.date] | None, words: frozenset[str]) -> float | None:
    """How alike the event and the happening read, or None when they cannot be one happening."""
    if happening.type != event.type or happening.polarity != _polarity(event):
        return None
    if _overlap(happening.days, days) is False:
        return None
    both_sides = 0
    for mine, theirs in ((sources, happening.sources), (targets, happening.targets)):
        if mine and theirs:
            if not mine & theirs:
                return None
            both_sides += 1
    similarity = jaccard(words, happening.words)
    if both_sides < 2 and similarity < MIN_EVIDENCE_SIMILARITY:
        return None  # one side alone agrees: the evidence must too
    return similarity + both_sides


def cluster_events(events: Sequence[Event], articles: Mapping[str, Article], actors: Mapping[str, Actor],
                   story_of: Mapping[str, str | None] | None = None) -> tuple[list[Cluster], dict[str, str]]:
    """The clusters, and each event's cluster id."""
    story_of = story_of or {}
    happenings: list[_Happening] = []
    index: dict[tuple[str, str], list[int]] = defaultdict(list)

    def order(event: Event):
        days = interval(event, articles.get(event.article or ""))
        article = articles.get(event.article or "")
        return (days[1] if days else dt.date.max, article.origin if article else "", event.start, event.id)

    for event in sorted(events, key=order):
        sources = {actor_level(a, actors) for a in event.source}
        targets = {actor_level(a, actors) for a in event.target}
        days = interval(event, articles.get(event.article or ""))
        words = content_words(event.sentence)
        best, best_score = None, -1.0
        if sources or targets:
            keys = {(event.type, s) for s in sources} or {(event.type, "")}
            for i in sorted({i for key in keys for i in index[key]} | set(index[(event.type, "")])):
                score = _compatible(happenings[i], sources, targets, event, days, words)
                if score is not None and score > best_score:
                    best, best_score = i, score
        if best is None:
            happenings.append(_Happening(event, event.type, _polarity(event), set(), set(), days, words))
            best = len(happenings) - 1
        happening = happenings[best]
        happening.members.append(event)
        happening.sources |= sources
        happening.targets |= targets
        overlap = _overlap(happening.days, days)
        happening.days = overlap if overlap is not False else happening.days
        happening.words = happening.words | words
        for s in sources or {""}:
            if best not in index[(event.type, s)]:
                index[(event.type, s)].append(best)
    clusters = [_to_cluster(h, articles, story_of) for h in happenings]
    cluster_of = {event.id: cluster.id for cluster, h in zip(clusters, happenings) for event in h.members}
    return clusters, cluster_of


def best_date(members: Sequence[Event], articles: Mapping[str, Article]) -> tuple[str | None, int, Event | None]:
    """The date most reports that date the happening from their text give (reports whose own
    publication date was only inferred count when no other report dates it), how many give it,
    and the first event that gives it."""
    dated = [e for e in members if e.date and e.date_from == "text"]
    firm = [e for e in dated if (a := articles.get(e.article or "")) is None or a.published_from != "inferred"]
    pool = firm or dated
    if not pool:
        return None, 0, None
    votes = Counter(e.date for e in pool)
    date, support = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return date, support, next(e for e in pool if e.date == date)


def _to_cluster(happening: _Happening, articles: Mapping[str, Article], story_of: Mapping[str, str | None]) -> Cluster:
    members = happening.members
    article_ids = sorted({e.article for e in members if e.article})
    reports = [articles[a] for a in article_ids if a in articles]
    first = min(reports, key=lambda a: (a.published or "9999", a.origin), default=None)
    date, support, _ = best_date(members, articles)
    stories = Counter(story_of.get(a) for a in article_ids if story_of.get(a))
    return Cluster(
        id=stable_id("cluster", happening.first.id),
        type=happening.type,
        source=sorted(happening.sources),
        target=sorted(happening.targets),
        date=date,
        date_support=support,
        events=sorted(e.id for e in members),
        articles=article_ids,
        outlets=sorted({a.outlet or a.origin for a in reports}),
        first_report=first.id if first else None,
        story=stories.most_common(1)[0][0] if stories else None,
    )
