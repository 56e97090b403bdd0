"""Dates carried across articles: what one report of a happening dates fixes what another leaves open.

1. An event with no date of its own, or only its report's publication date, takes the date its
   cluster's other reports give from their text (``date_from = cluster``, ``date_source`` naming
   the article that gave it); the other events of its article that the same time expression dates take it too.
2. An undated article whose relative expressions ("on Wednesday", "last week") date events that
   other reports date outright gets a publication date: the days at which each such expression
   names the day the other reports give are found by reading it against each candidate day, and
   when every expression allows some common day, the earliest is taken (the article reports them
   as done, so it cannot be older; news is written soon after). When the expressions disagree,
   the article stays undated and the conflict is stated. Nothing is ever averaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sitroom.link.clusters import best_date
from sitroom.records import Article, Cluster, Event, Timex
from sitroom.time import read_expressions

SEARCH_DAYS = 10  # candidate publication days searched on each side of a happening's date
WEEK_REACH_DAYS = 6  # the widest span of consistent days taken as a date (what "on Wednesday" allows)
CONFLICT_NOTE = "other reports date happenings it tells of, but"
BOUND_NOTE = "other reports date happenings it tells of: written on or after"


@dataclass(frozen=True, slots=True)
class Redating:
    published: str | None  # the inferred publication date, or None where the evidence conflicts
    note: str


def carry_dates(events: Sequence[Event], clusters: Sequence[Cluster], cluster_of: Mapping[str, str],
                articles: Mapping[str, Article]) -> tuple[dict[str, Event], list[Cluster]]:
    """Events whose date a cluster fixes, as new records (event id -> event), and the clusters with
    the dates so carried: an event of coordinated sources ("Canada and the EU sent their
    replies on March 3") belongs to one cluster per source, and a date one of them fixes is
    the date of the others' happenings too (their ``date_support`` stays the count of reports
    that date them from their own text)."""
    by_id = {e.id: e for e in events}
    dated: dict[str, tuple[str, str | None]] = {}  # cluster id -> (date, the article of the report that gave it)
    for cluster in clusters:
        date, _, giver = best_date([by_id[i] for i in cluster.events if i in by_id], articles)
        if date is not None and giver is not None:
            dated[cluster.id] = (date, giver.article)
    clusters_of: dict[str, list[str]] = {}
    for cluster in clusters:
        for event_id in cluster.events:
            clusters_of.setdefault(event_id, []).append(cluster.id)
    changed: dict[str, Event] = {}

    def carry(source: dict[str, tuple[str, str | None]]) -> None:
        for event in events:
            if (event.date_from == "text" and event.date) or event.id in changed:
                continue  # a report dates itself
            own = cluster_of.get(event.id)
            for cluster_id in sorted(clusters_of.get(event.id, []), key=lambda c: c != own):  # its own first
                found = source.get(cluster_id)
                if found is not None:
                    changed[event.id] = replace(event, date=found[0], date_from="cluster", date_source=found[1])
                    break

    carry(dated)
    # Events of one article that one time expression dates are on one day: a date carried to one of them is the
    # others' too ("On January 26, they delivered their response, ruling out ...": the delivery's happening is
    # dated by other reports, the refusal's by none).
    by_timex = {(e.article, e.timex): changed[e.id] for e in events if e.id in changed and e.timex}
    for event in events:
        if event.id in changed or not event.timex or (event.date_from == "text" and event.date):
            continue
        donor = by_timex.get((event.article, event.timex))
        if donor is not None:
            changed[event.id] = replace(event, date=donor.date, date_from="cluster", date_source=donor.date_source)
    # A happening no report dates, whose coordinated reports took one date from the others', is on
    # that date: its other reports take it too (once; dates only ever come from a report's text).
    second: dict[str, tuple[str, str | None]] = {}
    result = []
    for cluster in clusters:
        if cluster.date is None:
            carried = {changed[i].date: changed[i] for i in cluster.events if i in changed}
            if len(carried) == 1:
                date, event = next(iter(carried.items()))
                cluster = replace(cluster, date=date)
                second[cluster.id] = (date, event.date_source)
        result.append(cluster)
    carry(second)
    return changed, result


def infer_publication_dates(events: Sequence[Event], clusters: Sequence[Cluster], cluster_of: Mapping[str, str],
                            articles: Mapping[str, Article], timexes: Mapping[str, Timex]) -> dict[str, Redating]:
    """For each undated article whose relative expressions date happenings other reports date:
    its inferred publication date, or the conflict (article id -> Redating)."""
    by_id = {e.id: e for e in events}
    cluster_date: dict[str, tuple[str, Event]] = {}
    for cluster in clusters:
        date, _, giver = best_date([by_id[i] for i in cluster.events if i in by_id], articles)
        if date and giver and len(date) == 10:
            cluster_date[cluster.id] = (date, giver)
    constraints: dict[str, list[tuple[str, set[dt.date]]]] = {}
    for event in events:
        article = articles.get(event.article or "")
        if article is None or article.published or event.timex not in timexes:
            continue
        found = cluster_date.get(cluster_of.get(event.id, ""))
        if found is None or found[1].article == event.article:
            continue
        date, giver = found
        timex = timexes[event.timex]
        if timex.value[:1].isdigit():
            continue  # an absolute date says nothing about when the article was written
        days = _anchors(event, timex, dt.date.fromisoformat(date))
        source = articles.get(giver.article or "")
        where = Path(source.origin).name if source else giver.article
        constraints.setdefault(article.id, []).append(
            (f"'{timex.text}' ({event.type.lower()}) is {date} per {where}", days))
    return {article_id: _decide(found) for article_id, found in sorted(constraints.items())}


def _anchors(event: Event, timex: Timex, day: dt.date) -> set[dt.date]:
    """The publication days at which the expression, read in its sentence, names ``day``. The
    event's modality gives the tense: what will happen lies ahead of the report, anything else
    (done, or reported as done) behind it or on its day."""
    offset = timex.start - event.start
    tense = "future" if event.modality == "future" else "past"
    result = set()
    # Only the side of the day the tense allows: "on January 26" reads as that day from the days
    # before it too, but an article that tells it as done was not written before it.
    deltas = range(-SEARCH_DAYS, 1) if tense == "future" else range(0, SEARCH_DAYS + 1)
    for delta in deltas:
        anchor = day + dt.timedelta(days=delta)
        values = {value for start, _, _, value in read_expressions(event.sentence, anchor, lambda s, e: tense)
                  if start == offset}
        if day.isoformat() in values:
            result.add(anchor)
    return result


def _span(days: set[dt.date]) -> str:
    return f"{min(days)}..{max(days)}" if days else "no day"


def _decide(constraints: list[tuple[str, set[dt.date]]]) -> Redating:
    common = set.intersection(*(days for _, days in constraints))
    evidence = "; ".join(f"{what} (written {_span(days)})" for what, days in constraints)
    if common and (max(common) - min(common)).days <= WEEK_REACH_DAYS:
        day = min(common)
        return Redating(day.isoformat(), f"inferred from other reports of the same happenings: {evidence}; "
                                         f"consistent publication days {_span(common)}, the earliest taken")
    if common:  # "on January 26" only says the article is not older: a bound, noted, never used
        return Redating(None, f"{BOUND_NOTE} {min(common)}: {evidence}; too wide to date it, left undated")
    return Redating(None, f"{CONFLICT_NOTE} its expressions disagree on when it was written: {evidence}; "
                          f"left undated")
