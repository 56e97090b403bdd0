"""What the report and the dashboard read: every record they show, loaded from the store once,
and the filters a reader narrows it with.

The views (``sitroom.report.views``) are pure functions of a ``Snapshot``; the store is read
here and nowhere else in the package. A filtered snapshot is a snapshot too, so every view
means the same thing filtered or not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sitroom.events.plover import TYPES
from sitroom.link.clusters import actor_level
from sitroom.records import Actor, Article, Cluster, Event, Quote, Story
from sitroom.store import Store

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every record a view may show. ``events`` and ``quotes`` are those of original articles
    (a copy's are its representative's); ``articles`` holds copies too."""

    articles: Mapping[str, Article]
    actors: Mapping[str, Actor]
    events: Mapping[str, Event]
    clusters: tuple[Cluster, ...]
    quotes: tuple[Quote, ...]
    stories: tuple[Story, ...]
    failures: tuple[dict[str, Any], ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)
    # The articles the filters leave in view (None: all). ``articles`` always holds every
    # article, so that a kept event's evidence can be shown whatever its outlet.
    in_view: frozenset[str] | None = None

    def articles_in_view(self) -> list[Article]:
        return [a for i, a in self.articles.items() if self.in_view is None or i in self.in_view]

    def name(self, actor_id: str | None) -> str:
        if actor_id is None:
            return "(unknown)"
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def short_name(self, actor_id: str) -> str:
        """A name that fits a chart label: an organisation's code ("NATO"), else the name."""
        if actor_id.startswith("igo:") and "/" not in actor_id:
            return actor_id.split(":", 1)[1]
        return self.name(actor_id)

    def level(self, actor_id: str) -> str:
        """The actor at the level clusters keep: a country or organisation without its sector."""
        return actor_level(actor_id, self.actors)

    def outlet(self, article_id: str | None) -> str:
        article = self.articles.get(article_id or "")
        if article is None:
            return "(unknown article)"
        return article.outlet or "(unknown outlet)"


def load_snapshot(store: Store) -> Snapshot:
    """Read every record the views need (one pass over each table)."""
    articles = {a.id: a for a in store.records("articles")}
    return Snapshot(
        articles=articles,
        actors={a.id: a for a in store.records("actors")},
        events={e.id: e for e in store.records("events")},
        clusters=tuple(store.records("clusters")),
        quotes=tuple(store.records("quotes")),
        stories=tuple(store.records("stories")),
        failures=tuple(store.failures()),
        counts=store.counts(),
    )


def cluster_day(cluster: Cluster, snapshot: Snapshot) -> tuple[str | None, str | None]:
    """The happening's day and how it is known: ``text`` (its reports date it), ``reported``
    (its first report's publication date: it happened then or shortly before), or (None, None)."""
    if cluster.date and _DAY.match(cluster.date):
        return cluster.date, "text"
    first = snapshot.articles.get(cluster.first_report or "")
    if first is not None and first.published:
        return first.published, "reported"
    return None, None


class FilterError(ValueError):
    """A filter value that names nothing in the database, or is not well formed; the message
    says which and what is allowed."""


def resolve_actor(ref: str, actors: Mapping[str, Actor]) -> str:
    """An actor id from what a reader types: an id (``country:RUS``), an ISO code (``RUS``), an
    organisation's code (``NATO``) or a name (``Russia``, case ignored)."""
    ref = ref.strip()
    if ref in actors:
        return ref
    for candidate in (f"country:{ref.upper()}", f"igo:{ref.upper()}"):
        if candidate in actors:
            return candidate
    by_name = [a.id for a in actors.values() if a.name.lower() == ref.lower()]
    if len(by_name) == 1:
        return by_name[0]
    raise FilterError(f"unknown actor {ref[:80]!r}: give an actor id (country:RUS), a country code (RUS), "
                      f"an organisation (NATO) or a name as `sitroom actors` lists it")


def parse_day(value: str, what: str) -> str:
    """A YYYY-MM-DD day, checked."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat() if _DAY.match(value.strip()) else _bad_day(value, what)
    except ValueError:
        return _bad_day(value, what)


def _bad_day(value: str, what: str) -> str:
    raise FilterError(f"{what}: {value[:40]!r} is not a date; use YYYY-MM-DD, e.g. 2022-01-26")


@dataclass(frozen=True, slots=True)
class Filters:
    """What a reader narrows the views to. Actors are ids at the cluster level (``country:RUS``);
    ``source`` and ``target`` together are a dyad. Dates are inclusive YYYY-MM-DD days; records
    with no known date stay unless ``include_undated`` is false and a date bound is given."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    story: str | None = None
    include_undated: bool = False

    def active(self) -> bool:
        return any(getattr(self, name) for name in ("actor", "source", "target", "type", "since", "until",
                                                     "outlet", "story"))

    @classmethod
    def parse(cls, snapshot: Snapshot, **values: str | None) -> "Filters":
        """Filters from a reader's strings, each checked against the snapshot (FilterError says
        what is wrong)."""
        clean = {k: (v.strip() if isinstance(v, str) else v) or None for k, v in values.items()}
        found: dict[str, Any] = {}
        for name in ("actor", "source", "target"):
            if clean.get(name):
                found[name] = snapshot.level(resolve_actor(clean[name], snapshot.actors))
        if clean.get("type"):
            kind = clean["type"].upper()
            if kind not in TYPES:
                raise FilterError(f"unknown event type {clean['type'][:40]!r}: one of {', '.join(TYPES)}")
            found["type"] = kind
        for name in ("since", "until"):
            if clean.get(name):
                found[name] = parse_day(clean[name], name)
        if found.get("since") and found.get("until") and found["since"] > found["until"]:
            raise FilterError(f"since ({found['since']}) is after until ({found['until']})")
        if clean.get("outlet"):
            outlets = {a.outlet for a in snapshot.articles.values() if a.outlet}
            match = next((o for o in sorted(outlets) if o.lower() == clean["outlet"].lower()), None)
            if match is None:
                raise FilterError(f"unknown outlet {clean['outlet'][:80]!r}: one of {', '.join(sorted(outlets)) or 'none'}")
            found["outlet"] = match
        if clean.get("story"):
            if clean["story"] not in {s.id for s in snapshot.stories}:
                raise FilterError(f"unknown story {clean['story'][:40]!r}: see the story list (GET /api/meta)")
            found["story"] = clean["story"]
        found["include_undated"] = bool(values.get("include_undated"))
        return cls(**found)


def _in_range(day: str | None, filters: Filters) -> bool:
    if day is None:
        return filters.include_undated or not (filters.since or filters.until)
    day = day[:10]
    return (not filters.since or day >= filters.since) and (not filters.until or day <= filters.until)


def filter_snapshot(snapshot: Snapshot, filters: Filters) -> Snapshot:
    """The snapshot narrowed to what the filters allow: clusters (and the events that report
    them), quotes (by their article's outlet, story and date, and their speaker), articles (by
    outlet, story and date). The actor filters narrow happenings to those the actor (or dyad) is
    a party to, and quotes to its speakers'."""
    if not filters.active():
        return snapshot
    articles = frozenset(i for i, a in snapshot.articles.items()
                         if (not filters.outlet or a.outlet == filters.outlet)
                         and (not filters.story or a.story == filters.story) and _in_range(a.published, filters))

    def cluster_ok(cluster: Cluster) -> bool:
        parties = set(cluster.source) | set(cluster.target)
        return ((not filters.actor or filters.actor in parties)
                and (not filters.source or filters.source in cluster.source)
                and (not filters.target or filters.target in cluster.target)
                and (not filters.type or cluster.type == filters.type)
                and (not filters.outlet or filters.outlet in cluster.outlets)
                and (not filters.story or cluster.story == filters.story)
                and _in_range(cluster_day(cluster, snapshot)[0], filters))

    clusters = tuple(c for c in snapshot.clusters if cluster_ok(c))
    kept_events = {e for c in clusters for e in c.events}
    events = {i: e for i, e in snapshot.events.items() if i in kept_events}
    speakers = {filters.actor, filters.source} - {None}

    def quote_ok(quote: Quote) -> bool:
        if quote.article not in articles:
            return False
        return not speakers or (quote.speaker is not None and snapshot.level(quote.speaker) in speakers)

    quotes = tuple(q for q in snapshot.quotes if quote_ok(q))
    return replace(snapshot, in_view=articles, events=events, clusters=clusters, quotes=quotes)
