"""Event clusters: the events of different reports that tell of one happening.

Two reports can be one happening when they have the same PLOVER type, the same polarity (negated
or not) and kind of modality (what happened and what someone says happened, apart from what will
or might happen), actors that overlap on each side they both name — at the level reports agree
on: "Valdoria", "Port Elara" and "Minister Marenko" all act for Valdoria — and days that
can be the same: a dated report fixes the day, and an undated one that says "on Wednesday" or
"January 26" fits only a happening on such a day. Among the clusters a report is compatible with,
it joins the one whose evidence reads most alike; with none it starts one.

An event whose coordinated sources act on a target ("Canada and the EU sent their replies to
Havana") reports one happening per source: it is a report in each source's cluster, and its own
``cluster`` is its first source's. Parties acting together with no target ("envoys of four
countries met in Paris") did one thing.

Reports are taken in a canonical order (by date, then article, then position), and candidate
clusters come from an index on (type, source actor) (blocking), so the result does not depend
on the order the articles arrived in and no report is compared with every other. As a happening's
reports all have its type, the events are clustered in blocks of whole types (``cluster_by_type``:
on a cluster's nodes under Ray).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sitroom.link.blocks import MapBlocks
from sitroom.link.words import content_words, jaccard
from sitroom.records import OPPOSITION_SECTORS, Actor, Article, Cluster, Event, Timex, stable_id

REPORTED_WINDOW_DAYS = 7  # an event dated only by its report happened within this many days before it
MIN_EVIDENCE_SIMILARITY = 0.08  # two reports of one happening share at least some words
ONE_SIDED_EVIDENCE_SIMILARITY = 0.15  # needed when the two name actors on one side only
NEARBY_CHARS = 600  # reports of one article this close may go on telling one happening
MAX_STORY_CANDIDATES = 300  # the most recent happenings of a story a report with no date is compared with
EVENTS_PER_BLOCK = 10_000  # types are added to a block until it has this many events
STATE_SECTORS = frozenset({"GOV", "MIL", "DIP", "LEG", "JUD", "SPY", "COP"})
_MONTH_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")

Days = tuple[dt.date, dt.date]


def actor_level(actor_id: str, actors: Mapping[str, Actor]) -> str:
    """The actor at the level reports agree on: a country or organisation without its sector, and
    a person who acts for a state or an organisation as that state or organisation. A country's
    rebels or opposition stay apart from it ("country:UKR/REB"): they stand against its state."""
    if actor_id.startswith(("country:", "igo:")):
        base, _, rest = actor_id.partition("/")
        sector = rest.split("/", 1)[0]
        return f"{base}/{sector}" if sector in OPPOSITION_SECTORS else base
    actor = actors.get(actor_id)
    if actor is not None and actor.kind == "person":
        if actor.org:
            return f"igo:{actor.org}"
        if actor.country and actor.sector in STATE_SECTORS:
            return f"country:{actor.country}"
    return actor_id


def interval(event: Event) -> Days | None:
    """The days the happening may have been on: its day when the text dates it; up to a week
    before the report when only the publication date does; unknown (None) otherwise."""
    if event.date and len(event.date) == 10:
        day = dt.date.fromisoformat(event.date)
        if event.date_from == "published":
            return day - dt.timedelta(days=REPORTED_WINDOW_DAYS), day
        return day, day
    return None


def fits(value: str | None, day: dt.date) -> bool:
    """Whether a date the text left open ("XXXX-01-26": a January 26; "XXXX-WXX-3": a Wednesday)
    can be ``day``. Any other value says nothing against it."""
    if not value:
        return True
    if m := _MONTH_DAY.match(value):
        return (day.month, day.day) == (int(m.group(1)), int(m.group(2)))
    if m := _WEEKDAY.match(value):
        return day.isoweekday() == int(m.group(1))
    return True


@dataclass(slots=True)
class Report:
    """One event as a report of one happening: for coordinated sources, one per source."""

    event: Event
    sources: frozenset[str]
    targets: frozenset[str]
    days: Days | None
    open_date: str | None  # the value of a date the text left open, if the event has one
    words: frozenset[str]  # the evidence sentence's content words
    action: frozenset[str]  # the trigger's content words ("passed on its formal reply")
    polarity: tuple[bool, str]


@dataclass(slots=True)
class _Happening:
    # Most happenings have one report: their sets are their first report's (frozen, so shared, not
    # copied) until a second report adds to them. At 10,000 articles empty sets of their own took 28 MB.
    first: Report
    type: str
    polarity: tuple[bool, str]
    sources: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    days: Days | None = None
    open_dates: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    spots: list[tuple[str | None, int]] = field(default_factory=list)  # (article, start) of each report
    members: list[Event] = field(default_factory=list)  # each report's event (once per source it counts for)

    def day(self) -> dt.date | None:
        return self.days[0] if self.days and self.days[0] == self.days[1] else None


def _polarity(event: Event) -> tuple[bool, str]:
    return event.negated, "actual" if event.modality in ("asserted", "reported") else event.modality


def _overlap(days: Days | None, other: Days | None) -> Days | None | bool:
    """The days both allow: the intersection, None when both are unknown, False when disjoint."""
    if days is None:
        return other
    if other is None:
        return days
    lo, hi = max(days[0], other[0]), min(days[1], other[1])
    return (lo, hi) if lo <= hi else False


def _compatible(happening: _Happening, report: Report) -> float | None:
    """How alike the report and the happening read, or None when they cannot be one happening."""
    event = report.event
    if happening.type != event.type or happening.polarity != report.polarity:
        return None
    days = _overlap(happening.days, report.days)
    if days is False:
        return None
    if days and days[0] == days[1] and not all(fits(v, days[0]) for v in happening.open_dates | {report.open_date}):
        return None
    if report.open_date and happening.open_dates and report.open_date not in happening.open_dates:
        return None  # "on Tuesday" and "on Wednesday" are two days
    sides = 0
    for mine, theirs in ((report.sources, happening.sources), (report.targets, happening.targets)):
        if mine and theirs:
            if not mine & theirs:
                return None
            sides += 1
    similarity = jaccard(report.words, happening.words)
    # A report a few sentences from another of the same article, with no actor against it, goes on
    # telling the same happening ("Japan handed over its reply... The letter, received in
    # Seoul on Friday...") however different its words.
    if similarity < (MIN_EVIDENCE_SIMILARITY if sides == 2 else ONE_SIDED_EVIDENCE_SIMILARITY) and not any(
            article == event.article and abs(start - event.start) <= NEARBY_CHARS for article, start in happening.spots):
        return None
    # The same action words ("handed ... reply", "handed over a second reply") weigh
    # more than words shared elsewhere in the sentence.
    same_action = 1.0 if report.action & happening.actions else 0.0
    return similarity + same_action + sides


def _parties(events: Sequence[Event], actors: Mapping[str, Actor]) -> list[tuple[Event, frozenset[str], frozenset[str]]]:
    """Each event with the sources and targets of each report it makes. Coordinated sources
    acting on a target ("Canada and the EU sent their replies to Havana") each did it: one report
    per source; parties that act with no target ("envoys of four countries met") did one thing
    together."""
    parties = []
    for event in events:
        sources = sorted({actor_level(a, actors) for a in event.source})
        targets = frozenset(actor_level(a, actors) for a in event.target)
        groups = [frozenset([source]) for source in sources] if targets and sources else [frozenset(sources)]
        parties.extend((event, group, targets) for group in groups)
    return parties


def _report(event: Event, sources: frozenset[str], targets: frozenset[str], timexes: Mapping[str, Timex]) -> Report:
    timex = timexes.get(event.timex or "")
    open_date = timex.value if timex is not None and not event.date and timex.value.startswith("XXXX") else None
    words = content_words(event.sentence)
    action = content_words(event.sentence[event.trigger[0] - event.start:event.trigger[1] - event.start])
    return Report(event, sources, targets, interval(event), open_date, words, action, _polarity(event))


def cluster_events(events: Sequence[Event], articles: Mapping[str, Article], actors: Mapping[str, Actor],
                   story_of: Mapping[str, str | None] | None = None,
                   timexes: Mapping[str, Timex] | None = None) -> tuple[list[Cluster], dict[str, str]]:
    """The clusters, and each event's cluster id."""
    story_of = story_of or {}
    happenings: list[_Happening] = []
    index: dict[tuple, list[int]] = defaultdict(list)

    def order(party: tuple[Event, frozenset[str], frozenset[str]]):
        event, sources, _ = party
        article = articles.get(event.article or "")
        days = interval(event)
        return (days[1] if days else dt.date.max, article.origin if article else "", event.start, event.id,
                sorted(sources))

    cluster_index: dict[str, int] = {}
    report: Report | None = None
    # Reports are ordered by what their events say and built one at a time, so that their words are
    # held only by the happenings they join (at 10,000 articles, holding every report took 25 MB more).
    for event, sources, targets in sorted(_parties(events, actors), key=order):
        if report is not None and report.event is event:  # another of its coordinated sources: same words
            report = replace(report, sources=sources)
        else:
            report = _report(event, sources, targets, timexes or {})
        story = story_of.get(event.article or "") or ""
        best, best_score = None, -1.0
        if report.sources or report.targets:
            for i in _candidates(index, report, story):
                score = _compatible(happenings[i], report)
                if score is not None and score > best_score:
                    best, best_score = i, score
        if best is None:
            happenings.append(_Happening(report, event.type, report.polarity))
            best = len(happenings) - 1
        _join(happenings[best], report)
        for key in _keys(event.type, report.polarity, report.sources, happenings[best].days, story):
            if not index[key] or index[key][-1] != best:
                index[key].append(best)
        cluster_index.setdefault(event.id, best)  # an event's own cluster: its first source's
    clusters = [_to_cluster(h, articles, story_of) for h in happenings]
    return clusters, {event_id: clusters[i].id for event_id, i in cluster_index.items()}


@dataclass(frozen=True, slots=True)
class EventBlock:
    """The events of one or more types, with the articles, actors, stories and time expressions they
    name: all that clustering them reads."""

    events: list[Event]
    articles: dict[str, Article]
    actors: dict[str, Actor]
    story_of: dict[str, str | None]
    timexes: dict[str, Timex]


def cluster_by_type(events: Sequence[Event], articles: Mapping[str, Article], actors: Mapping[str, Actor],
                    story_of: Mapping[str, str | None], timexes: Mapping[str, Timex],
                    map_blocks: MapBlocks = map) -> tuple[list[Cluster], dict[str, str]]:
    """What ``cluster_events`` gives, the events clustered in blocks of whole types by ``map_blocks``
    (the clusters grouped by block, the blocks in the order of their types' names)."""
    clusters: list[Cluster] = []
    cluster_of: dict[str, str] = {}
    for found, found_of in map_blocks(cluster_block, _blocks(events, articles, actors, story_of, timexes)):
        clusters += found
        cluster_of |= found_of
    return clusters, cluster_of


def cluster_block(block: EventBlock) -> tuple[list[Cluster], dict[str, str]]:
    """The block's clusters (a module's function: Ray sends it by name)."""
    return cluster_events(block.events, block.articles, block.actors, block.story_of, block.timexes)


def _blocks(events: Sequence[Event], articles: Mapping[str, Article], actors: Mapping[str, Actor],
             story_of: Mapping[str, str | None], timexes: Mapping[str, Timex]) -> Iterator[EventBlock]:
    of_type: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        of_type[event.type].append(event)
    types = sorted(of_type)
    while types:
        gathered = of_type.pop(types.pop(0))
        while types and len(gathered) < EVENTS_PER_BLOCK:
            gathered += of_type.pop(types.pop(0))
        reporting = sorted({e.article for e in gathered if e.article})
        yield EventBlock(gathered, {a: articles[a] for a in reporting if a in articles},
                         {a: actors[a] for e in gathered for a in (*e.source, *e.target) if a in actors},
                         {a: story_of.get(a) for a in reporting},
                         {e.timex: timexes[e.timex] for e in gathered if e.timex and e.timex in timexes})


@lru_cache(maxsize=4096)
def _weeks(days: Days) -> frozenset[tuple[int, int]]:
    """The (year, week) of each of the days: a report dated by its publication spans eight, and
    many reports have the same days."""
    lo, hi = days
    return frozenset((lo + dt.timedelta(days=d)).isocalendar()[:2] for d in range(0, (hi - lo).days + 1, 1))


def _keys(event_type: str, polarity: tuple[bool, str], sources: frozenset[str], days: Days | None,
          story: str) -> list[tuple]:
    """Where a happening is found again (blocking): by type and source, under each week its days
    fall in (with its polarity: a report of another is never one of it), and under its story (for
    reports that carry no date; not by polarity there, where only the latest few are compared)."""
    keys = []
    for source in sources or {""}:
        keys.append((event_type, source, "story", story))
        if days is not None:
            keys.extend((event_type, polarity, source, "week", week) for week in _weeks(days))
    return keys


def _candidates(index: dict[tuple, list[int]], report: Report, story: str) -> list[int]:
    """The happenings a report is compared with: those that share its type and a source (or have
    none when it has none) and a week its days fall in, or, for a report with no date, its story
    (the most recent ones there, so that a long story does not make every comparison)."""
    found: set[int] = set()
    for source in report.sources | {""} if report.sources else {""}:
        if report.days is not None:
            for week in _weeks(report.days):
                found.update(index.get((report.event.type, report.polarity, source, "week", week), ()))
            undated = index.get((report.event.type, source, "story", story), ())
            found.update(i for i in undated[-MAX_STORY_CANDIDATES:])
        else:
            found.update(index.get((report.event.type, source, "story", story), ())[-MAX_STORY_CANDIDATES:])
    return sorted(found)


def _join(happening: _Happening, report: Report) -> None:
    happening.members.append(report.event)
    happening.sources = _union(happening.sources, report.sources)
    happening.targets = _union(happening.targets, report.targets)
    days = _overlap(happening.days, report.days)
    happening.days = days if days is not False else happening.days
    if report.open_date:
        happening.open_dates = _union(happening.open_dates, frozenset([report.open_date]))
    happening.words = _union(happening.words, report.words)
    happening.actions = _union(happening.actions, report.action)
    spot = (report.event.article, report.event.start)
    if spot not in happening.spots:
        happening.spots.append(spot)


def _union(held: frozenset[str], added: frozenset[str]) -> frozenset[str]:
    """Both sets, without a new one where one of them already is it (most happenings have one report)."""
    if not held:
        return added
    return held if added <= held else held | added


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
    members = list({e.id: e for e in happening.members}.values())
    article_ids = sorted({e.article for e in members if e.article})
    reports = [articles[a] for a in article_ids if a in articles]
    first = min(reports, key=lambda a: (a.published or "9999", a.origin), default=None)
    date, support, _ = best_date(members, articles)
    stories = Counter(story_of.get(a) for a in article_ids if story_of.get(a))
    return Cluster(
        id=stable_id("cluster", happening.first.event.id, *sorted(happening.first.sources)),
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
