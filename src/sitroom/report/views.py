"""The views of the situation report, as typed view models built by pure functions of a
``Snapshot``: positions, the timeline and what changed, the conflict–cooperation series, the
actor network, who said what, and the sources. The HTML and Markdown templates, the dashboard
and its JSON API all show these same models.

Counts are of happenings (event clusters) unless a name says reports (events).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitroom.events import plover
from sitroom.records import Cluster, Event
from sitroom.report.snapshot import Snapshot, cluster_day

# What an actor's happenings say about its position, by PLOVER type (and negation). The coder
# gives an offer and a promise the same codes (CAMEO 03x, PLOVER AGREE), so "offers" holds both.
STANCES = ("demands", "offers", "agrees to", "rejects", "threatens", "denies")
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset({"ACCUSE", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
MAIN_ACTORS = 6
MAIN_DYADS = 6
NETWORK_NODES = 20
LATEST_PERIOD_DAYS = 7


def stance_of(cluster: Cluster, first: Event | None) -> str | None:
    """demands (REQUEST), offers (AGREE: intent to cooperate), agrees to (CONCEDE, a formal
    agreement, a retreat done), rejects (REJECT, or a cooperative act refused), threatens
    (THREATEN), denies (a conflictual act negated: "denies it plans to invade"); else None."""
    negated = first.negated if first is not None else False
    if negated:
        if cluster.type in COOPERATIVE:
            return "rejects"
        return "denies" if cluster.type in CONFLICTUAL or cluster.type == "REJECT" else None
    if cluster.type == "REQUEST":
        return "demands"
    if cluster.type == "AGREE":
        return "offers"
    if cluster.type == "CONCEDE" or (first is not None and first.cameo.startswith("057")):
        return "agrees to"
    if cluster.type == "RETREAT" and first is not None and first.modality in ("asserted", "reported"):
        return "agrees to"
    if cluster.type == "REJECT":
        return "rejects"
    if cluster.type == "THREATEN":
        return "threatens"
    return None


# ----------------------------------------------------------------------------- evidence

@dataclass(frozen=True, slots=True)
class Evidence:
    """One report of a happening: the sentence of an article, where it stands, and who claims it."""

    article: str
    title: str
    outlet: str
    published: str | None
    url: str | None
    sentence: str
    start: int
    end: int
    trigger: tuple[int, int] | None
    event: str | None = None
    claimed_by: str | None = None  # the speaker's name when the report is someone's claim
    quote: str | None = None  # the quote the sentence's trigger stands in, if any
    modality: str = "asserted"
    negated: bool = False


QuoteIndex = dict[str, list]  # article id -> its quotes


def quote_index(snapshot: Snapshot) -> QuoteIndex:
    index: QuoteIndex = defaultdict(list)
    for quote in snapshot.quotes:
        index[quote.article].append(quote)
    return index


def _quote_at(quotes: QuoteIndex, article: str | None, position: int) -> str | None:
    for quote in quotes.get(article or "", ()):
        if quote.start <= position < quote.end:
            return quote.id
    return None


def evidence_of(event: Event, snapshot: Snapshot, quotes: QuoteIndex | None = None) -> Evidence:
    article = snapshot.articles.get(event.article or "")
    trigger = (event.trigger[0], event.trigger[1]) if len(event.trigger) == 2 else None
    return Evidence(
        article=event.article or "", title=(article.title if article else None) or "(untitled)",
        outlet=snapshot.outlet(event.article), published=article.published if article else None,
        url=article.url if article else None, sentence=event.sentence, start=event.start, end=event.end,
        trigger=trigger, event=event.id,
        claimed_by=snapshot.name(event.claimed_by) if event.claimed_by else None,
        quote=_quote_at(quotes if quotes is not None else quote_index(snapshot), event.article, trigger[0] if trigger else event.start),
        modality=event.modality, negated=event.negated)


def _members(cluster: Cluster, snapshot: Snapshot) -> list[Event]:
    return [snapshot.events[i] for i in cluster.events if i in snapshot.events]


def goldstein(cluster: Cluster, snapshot: Snapshot) -> float | None:
    """A happening's Goldstein value: the mean of its reports' (they may code it a little apart)."""
    values = [e.intensity for e in _members(cluster, snapshot) if e.intensity is not None]
    return round(sum(values) / len(values), 2) if values else None


def _description(event: Event | None) -> str:
    code = plover.lookup(event.cameo) if event is not None else None
    return code.description if code else ""


# ----------------------------------------------------------------------------- positions

@dataclass(frozen=True, slots=True)
class Statement:
    """One happening an actor is the source of, read as a position: what it demands, offers..."""

    stance: str
    cluster: str
    type: str
    cameo: str
    description: str  # the CAMEO code's gloss ("Demand that target yield")
    targets: tuple[str, ...]  # names
    target_ids: tuple[str, ...]
    day: str | None
    day_how: str | None  # "text" | "reported" | None
    modality: str
    outlets: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Position:
    actor: str
    name: str
    happenings: int  # clusters it is a party to
    stances: tuple[tuple[str, tuple[Statement, ...]], ...]  # in STANCES order, empty ones left out
    quotes: int  # quotes of its speakers


def main_actors(snapshot: Snapshot, n: int = MAIN_ACTORS) -> list[tuple[str, int]]:
    """The actors party to most happenings (sources count before targets on ties)."""
    parties: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for cluster in snapshot.clusters:
        for actor in set(cluster.source) | set(cluster.target):
            parties[actor] += 1
        sources.update(set(cluster.source))
    ranked = sorted(parties, key=lambda a: (-parties[a], -sources[a], a))
    return [(a, parties[a]) for a in ranked[:n]]


def _sort_key_newest(day: str | None, weight: int, ident: str) -> tuple:
    return (day is None, "" if day is None else _invert(day), -weight, ident)


def _invert(day: str) -> str:
    """A key that sorts days newest first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in day)


def positions(snapshot: Snapshot, n: int = MAIN_ACTORS) -> list[Position]:
    """For each main actor, its happenings as demands, offers, agreements, rejections, threats
    and denials, newest first, each with every report as evidence."""
    speakers = Counter(snapshot.level(q.speaker) for q in snapshot.quotes if q.speaker)
    quotes = quote_index(snapshot)
    result = []
    for actor, count in main_actors(snapshot, n):
        grouped: dict[str, list[Statement]] = defaultdict(list)
        for cluster in snapshot.clusters:
            if actor not in cluster.source:
                continue
            members = _members(cluster, snapshot)
            first = members[0] if members else None
            stance = stance_of(cluster, first)
            if stance is None:
                continue
            day, how = cluster_day(cluster, snapshot)
            modalities = Counter(e.modality for e in members)
            grouped[stance].append(Statement(
                stance=stance, cluster=cluster.id, type=cluster.type, cameo=first.cameo if first else "",
                description=_description(first), targets=tuple(snapshot.name(t) for t in cluster.target),
                target_ids=tuple(cluster.target), day=day, day_how=how,
                modality=modalities.most_common(1)[0][0] if modalities else "asserted",
                outlets=len(cluster.outlets), evidence=tuple(evidence_of(e, snapshot, quotes) for e in members)))
        stances = tuple((s, tuple(sorted(grouped[s], key=lambda st: _sort_key_newest(st.day, len(st.evidence),
                                                                                       st.cluster))))
                        for s in STANCES if grouped.get(s))
        result.append(Position(actor, snapshot.name(actor), count, stances, speakers.get(actor, 0)))
    return result


# ----------------------------------------------------------------------------- timeline

@dataclass(frozen=True, slots=True)
class TimelineItem:
    cluster: str
    day: str | None
    day_how: str | None
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    outlets: int
    reports: int
    goldstein: float | None
    negated: bool
    modality: str
    evidence: Evidence | None  # the first report


@dataclass(frozen=True, slots=True)
class Changes:
    """What the latest period adds to the one before it (periods of LATEST_PERIOD_DAYS days
    ending on the newest dated happening)."""

    period: tuple[str, str] | None
    previous: tuple[str, str] | None
    happenings: int
    happenings_before: int
    goldstein: float
    goldstein_before: float
    by_type: tuple[tuple[str, int, int], ...]  # type, in the period, in the one before
    new_dyads: tuple[str, ...]  # dyads with happenings in the period and none before
    undated: int  # happenings with no known day (not in either period)
    lines: tuple[str, ...]  # the change in words


def timeline(snapshot: Snapshot, limit: int | None = None, offset: int = 0) -> list[TimelineItem]:
    """Happenings newest first (undated last), the most reported first within a day; ``offset``
    and ``limit`` page through them (only the page's items are built)."""
    def key(cluster: Cluster) -> tuple:
        day = cluster_day(cluster, snapshot)[0]
        return _sort_key_newest(day, len(cluster.events) * 100 + len(cluster.outlets), cluster.id)

    ordered = sorted(snapshot.clusters, key=key)
    page = ordered[offset:offset + limit] if limit else ordered[offset:]
    items, quotes = [], quote_index(snapshot)
    for cluster in page:
        members = _members(cluster, snapshot)
        day, how = cluster_day(cluster, snapshot)
        items.append(TimelineItem(
            cluster=cluster.id, day=day, day_how=how, type=cluster.type,
            sources=tuple(snapshot.name(s) for s in cluster.source), targets=tuple(snapshot.name(t) for t in cluster.target),
            outlets=len(cluster.outlets), reports=len(members), goldstein=goldstein(cluster, snapshot),
            negated=bool(members and members[0].negated), modality=members[0].modality if members else "asserted",
            evidence=evidence_of(members[0], snapshot, quotes) if members else None))
    return items


def _dyads(cluster: Cluster) -> Iterable[tuple[str, str]]:
    for source in cluster.source:
        for target in cluster.target:
            if source != target:
                yield source, target


def changes(snapshot: Snapshot, days: int = LATEST_PERIOD_DAYS) -> Changes:
    dated = [(cluster_day(c, snapshot)[0], c) for c in snapshot.clusters]
    undated = sum(1 for d, _ in dated if d is None)
    dated = [(dt.date.fromisoformat(d), c) for d, c in dated if d is not None]
    if not dated:
        return Changes(None, None, 0, 0, 0.0, 0.0, (), (), undated,
                       (f"No happening has a known day ({undated} undated): nothing to compare.",))
    end = max(d for d, _ in dated)
    start = end - dt.timedelta(days=days - 1)
    before_end, before_start = start - dt.timedelta(days=1), start - dt.timedelta(days=days)
    now = [c for d, c in dated if start <= d <= end]
    before = [c for d, c in dated if before_start <= d <= before_end]
    types_now, types_before = Counter(c.type for c in now), Counter(c.type for c in before)
    by_type = tuple((t, types_now[t], types_before[t]) for t in sorted(set(types_now) | set(types_before),
                                                                       key=lambda t: (-types_now[t], t)))
    dyads_before = {d for c in before for d in _dyads(c)}
    new_dyads = sorted({d for c in now for d in _dyads(c)} - dyads_before)
    g_now = sum(goldstein(c, snapshot) or 0.0 for c in now)
    g_before = sum(goldstein(c, snapshot) or 0.0 for c in before)
    label = lambda d: f"{snapshot.short_name(d[0])} → {snapshot.short_name(d[1])}"  # noqa: E731
    lines = [f"{len(now)} happenings from {start} to {end}, against {len(before)} in the {days} days before."]
    rising = [f"{t} {a} (was {b})" for t, a, b in by_type if a > b]
    falling = [f"{t} {a} (was {b})" for t, a, b in by_type if a < b]
    if rising:
        lines.append("More: " + ", ".join(rising[:6]) + ".")
    if falling:
        lines.append("Fewer: " + ", ".join(falling[:6]) + ".")
    lines.append(f"Goldstein sum {g_now:+.1f} (was {g_before:+.1f}): "
                 + ("more cooperative." if g_now > g_before else "more conflictual." if g_now < g_before else "unchanged."))
    if new_dyads:
        lines.append("New pairs: " + ", ".join(label(d) for d in new_dyads[:8]) + ".")
    if undated:
        lines.append(f"{undated} happenings have no known day and are in neither period.")
    return Changes((start.isoformat(), end.isoformat()), (before_start.isoformat(), before_end.isoformat()),
                   len(now), len(before), round(g_now, 2), round(g_before, 2), by_type,
                   tuple(label(d) for d in new_dyads), undated, tuple(lines))


# ----------------------------------------------------------------------------- conflict and cooperation

@dataclass(frozen=True, slots=True)
class DayPoint:
    day: str
    goldstein: float  # the sum over the day's happenings
    quad: tuple[int, int, int, int]  # happenings by QuadClass: verbal/material cooperation, verbal/material conflict
    happenings: int


@dataclass(frozen=True, slots=True)
class DyadSeries:
    source: str
    target: str
    label: str
    happenings: int
    undated: int
    points: tuple[DayPoint, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    days: tuple[str, ...]  # every day from the first to the last dated happening of the series
    series: tuple[DyadSeries, ...]


def _quad(cluster: Cluster, snapshot: Snapshot) -> int | None:
    members = _members(cluster, snapshot)
    code = plover.lookup(members[0].cameo) if members else None
    return code.quad_class if code else None


def conflict_chart(snapshot: Snapshot, n: int = MAIN_DYADS) -> Chart:
    """Daily Goldstein sums and QuadClass counts of the happenings of the main dyads (source →
    target, the pairs with most happenings)."""
    by_dyad: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
    for cluster in snapshot.clusters:
        for dyad in _dyads(cluster):
            by_dyad[dyad].append(cluster)
    main = sorted(by_dyad, key=lambda d: (-len(by_dyad[d]), d))[:n]
    series, all_days = [], set()
    for source, target in main:
        per_day: dict[str, list[Cluster]] = defaultdict(list)
        undated = 0
        for cluster in by_dyad[(source, target)]:
            day = cluster_day(cluster, snapshot)[0]
            if day is None:
                undated += 1
            else:
                per_day[day].append(cluster)
        points = []
        for day in sorted(per_day):
            quad = [0, 0, 0, 0]
            for cluster in per_day[day]:
                q = _quad(cluster, snapshot)
                if q:
                    quad[q - 1] += 1
            points.append(DayPoint(day, round(sum(goldstein(c, snapshot) or 0.0 for c in per_day[day]), 2),
                                   (quad[0], quad[1], quad[2], quad[3]), len(per_day[day])))
        all_days |= set(per_day)
        series.append(DyadSeries(source, target, f"{snapshot.short_name(source)} → {snapshot.short_name(target)}",
                                 len(by_dyad[(source, target)]), undated, tuple(points)))
    days: list[str] = []
    if all_days:
        first, last = dt.date.fromisoformat(min(all_days)), dt.date.fromisoformat(max(all_days))
        days = [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    return Chart(tuple(days), tuple(series))


# ----------------------------------------------------------------------------- network

@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    happenings: int


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    happenings: int  # the edge's weight
    goldstein: float  # mean over its happenings: > 0 cooperation, < 0 conflict
    types: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def network(snapshot: Snapshot, n: int = NETWORK_NODES) -> Network:
    """Who acts on whom: an edge per dyad weighted by happenings, among the n busiest actors."""
    by_dyad: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
    weight: Counter[str] = Counter()
    for cluster in snapshot.clusters:
        for dyad in _dyads(cluster):
            by_dyad[dyad].append(cluster)
            weight[dyad[0]] += 1
            weight[dyad[1]] += 1
    kept = set(sorted(weight, key=lambda a: (-weight[a], a))[:n])
    nodes = tuple(Node(a, snapshot.short_name(a), weight[a]) for a in sorted(kept, key=lambda a: (-weight[a], a)))
    edges = []
    for (source, target), clusters in sorted(by_dyad.items()):
        if source in kept and target in kept:
            values = [g for c in clusters if (g := goldstein(c, snapshot)) is not None]
            edges.append(Edge(source, target, len(clusters), round(sum(values) / len(values), 2) if values else 0.0,
                              tuple(Counter(c.type for c in clusters).most_common())))
    return Network(nodes, tuple(edges))


# ----------------------------------------------------------------------------- who said what

@dataclass(frozen=True, slots=True)
class QuoteItem:
    id: str
    text: str
    kind: str
    cue: str | None
    article: str
    title: str
    outlet: str
    published: str | None
    url: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str | None  # actor id; None for a speaker the quotes stage could not resolve
    name: str  # the actor's name, or the words that name the speaker
    resolved: bool
    quotes: tuple[QuoteItem, ...]


def who_said_what(snapshot: Snapshot) -> list[Speaker]:
    """Quotes by speaker (most quoted first); unresolved speakers are kept apart, under the words
    that name them."""
    groups: dict[tuple[str | None, str], list[QuoteItem]] = defaultdict(list)
    for quote in snapshot.quotes:
        article = snapshot.articles.get(quote.article)
        item = QuoteItem(quote.id, quote.text, quote.kind, quote.cue, quote.article,
                         (article.title if article else None) or "(untitled)", snapshot.outlet(quote.article),
                         article.published if article else None, article.url if article else None,
                         quote.start, quote.end)
        key = (quote.speaker, snapshot.name(quote.speaker)) if quote.speaker else \
            (None, (quote.speaker_text or "(no speaker words)").strip())
        groups[key].append(item)
    speakers = [Speaker(ident, name, ident is not None, tuple(sorted(items, key=lambda q: (q.published or "9", q.article,
                                                                                         q.start))))
                for (ident, name), items in groups.items()]
    speakers.sort(key=lambda s: (not s.resolved, -len(s.quotes), s.name))
    return speakers


# ----------------------------------------------------------------------------- sources

@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    title: str
    outlet: str
    published: str | None
    published_from: str | None  # metadata | text | inferred | user | None
    published_note: str | None
    page_date: str | None
    url: str | None
    origin: str
    kept_lines: int
    dropped_lines: tuple[int, ...]  # input lines dropped as page furniture (the title's among them)
    title_line: int | None
    copy_of: str | None  # the representative whose records this copy shares
    story: str | None
    quotes: int
    events: int


@dataclass(frozen=True, slots=True)
class Family:
    representative: str
    title: str
    members: tuple[tuple[str, str, str], ...]  # (article id, outlet, relation: "duplicate" | "syndicated")


@dataclass(frozen=True, slots=True)
class Sources:
    outlets: tuple[tuple[str, int], ...]
    articles: tuple[ArticleRow, ...]
    undated: tuple[ArticleRow, ...]
    dated_by: tuple[tuple[str, int], ...]  # published_from -> articles
    families: tuple[Family, ...]
    stories: tuple[tuple[str, str, int, str | None, str | None], ...]  # id, label, articles, first, last
    dropped_lines: int
    failures: tuple[tuple[str, str, str], ...]  # origin, stage, error


def sources(snapshot: Snapshot) -> Sources:
    quotes = Counter(q.article for q in snapshot.quotes)
    events = Counter(e.article for e in snapshot.events.values())
    rows = []
    for article in sorted(snapshot.articles_in_view(), key=lambda a: (a.published or "9999", a.origin)):
        copy_of = article.family if article.family and article.family != article.id else article.duplicate_of
        rows.append(ArticleRow(article.id, article.title or "(untitled)", article.outlet or "(unknown outlet)",
                               article.published, article.published_from, article.published_note, article.page_date,
                               article.url, article.origin, len(article.kept_lines), tuple(article.dropped_lines),
                               article.title_line, copy_of, article.story, quotes[article.id], events[article.id]))
    families: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in rows:
        if row.copy_of:
            relation = "duplicate" if snapshot.articles[row.id].duplicate_of else "syndicated"
            families[row.copy_of].append((row.id, row.outlet, relation))
    outlets = Counter(row.outlet for row in rows)
    return Sources(
        outlets=tuple(sorted(outlets.items(), key=lambda o: (-o[1], o[0]))),
        articles=tuple(rows), undated=tuple(r for r in rows if r.published is None or r.published_from == "inferred"),
        dated_by=tuple(sorted(Counter(r.published_from or "unknown" for r in rows).items())),
        families=tuple(Family(rep, snapshot.articles[rep].title or "(untitled)" if rep in snapshot.articles else rep,
                              tuple(members)) for rep, members in sorted(families.items())),
        stories=tuple((s.id, s.label, len(s.articles), s.first_date, s.last_date) for s in snapshot.stories),
        dropped_lines=sum(len(r.dropped_lines) for r in rows),
        failures=tuple((f["origin"], f["stage"], f["error"]) for f in snapshot.failures))


def outlets_of(snapshot: Snapshot) -> Sequence[str]:
    return sorted({a.outlet for a in snapshot.articles.values() if a.outlet})
