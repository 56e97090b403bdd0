"""Link: the corpus-level pass, run once after all batches of a run over everything stored.

The other stages see one article at a time; linking compares articles with each other:

1. copies (``copies``): exact and near duplicates, and syndication families (one wire story
   rewritten by several outlets), each with a representative; the other members are further
   reports of it and add no records of their own;
2. stories (``stories``): articles about one unfolding matter, clustered by shared terms and
   actors within a window of time;
3. event clusters (``clusters``): the events of different reports that tell of one happening;
4. dates across articles (``dates``): a happening one report dates dates it in the others, and an
   undated article whose relative dates then agree gets a publication date (applied by the
   runner, which runs the article's stages again with it).

It is a pure function from the stored records (``Corpus``) to the updates it decides
(``LinkUpdates``); the runner reads the one and writes the other. Comparing copies and clustering
happenings run in blocks that carry what they read (``blocks``), here or, under Ray, as tasks. Every decision depends on
the records only, never on the order they arrived in, so linking after each of several runs
gives what linking once after all of them gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sitroom.link.blocks import MapBlocks
from sitroom.link.clusters import cluster_by_type
from sitroom.link.copies import AlikePairs, Sketch, Texts, find_copies, own_texts
from sitroom.link.dates import BOUND_NOTE, CONFLICT_NOTE, Redating, carry_dates, infer_publication_dates
from sitroom.link.features import features_of, story_terms
from sitroom.link.stories import cluster, name_words, profiles
from sitroom.records import Actor, Article, Cluster, Event, LinkFeatures, Story, Timex


# What linking never reads of the stored articles and events, with the value each record may carry
# instead: the runner leaves these fields in the store rather than holding them for the whole corpus
# (an article's text is read again only where ``Corpus.texts_of`` is called for it).
NOT_READ: dict[str, dict[str, object]] = {
    "articles": {"text": "", "kept_lines": [], "dropped_lines": []},
    "events": {"end": 0, "mode": None, "cameo": "", "intensity": None, "source_spans": [], "target_spans": [],
               "claimed_by": None, "location": None, "location_country": None, "confidence": 0.0, "cluster": None,
               "source_unresolved": [], "target_unresolved": []},
}


@dataclass(frozen=True, slots=True)
class Corpus:
    """What linking reads: every stored article, its events, and the actors they name."""

    articles: Sequence[Article]  # with their texts, or without them where ``texts_of`` reads them
    actor_counts: Mapping[str, Counter] = field(default_factory=dict)  # article id -> actor id -> mentions
    actors: Mapping[str, Actor] = field(default_factory=dict)
    mention_texts: frozenset[str] = frozenset()  # every distinct text that names an actor
    # Read once, when linking reaches them (after copies and stories, whose working sets are gone by then).
    events: Iterable[Event] = ()
    timexes: Mapping[str, Timex] = field(default_factory=dict)  # the time expressions events are dated by
    # Read once, in any order; an article without them has them read from its text.
    features: Iterable[LinkFeatures] = ()
    texts_of: Texts = own_texts  # articles' texts, for records read without them
    # The copies an earlier pass over the same texts found (its ``LinkUpdates.alike``): grouped
    # again rather than compared again, as nothing that decides them has changed.
    alike: AlikePairs | None = None


@dataclass(frozen=True, slots=True)
class ArticleLinks:
    duplicate_of: str | None = None  # the exact or near duplicate's representative
    family: str | None = None  # the syndication family's representative (itself for the representative)
    story: str | None = None
    published_note: str | None = None  # the article's note, where linking has something to add to it


@dataclass(frozen=True, slots=True)
class EventLinks:
    cluster: str | None
    date: str | None
    date_from: str | None
    date_source: str | None


@dataclass(frozen=True, slots=True)
class LinkUpdates:
    articles: dict[str, ArticleLinks] = field(default_factory=dict)  # every article id -> its links
    stories: list[Story] = field(default_factory=list)
    events: dict[str, EventLinks] = field(default_factory=dict)  # every event id -> its cluster and date
    clusters: list[Cluster] = field(default_factory=list)
    redate: dict[str, Redating] = field(default_factory=dict)  # undated article -> a date from other reports, or why not
    features: list[LinkFeatures] = field(default_factory=list)  # those read from texts here, to be stored
    alike: AlikePairs = AlikePairs()  # the pairs found to be copies, for a second pass over the same texts


def link(corpus: Corpus, map_blocks: MapBlocks = map) -> LinkUpdates:
    """``map_blocks`` runs the parts that split into blocks (``blocks``): here, or on Ray."""
    # What copies and stories compare is read from the articles' features, not their texts.
    by_id = {a.id: a for a in corpus.articles}
    sketches: dict[str, Sketch] = {}
    story_text: dict[str, str] = {}  # the features' terms as stored, parsed as stories weigh them

    def read(article: Article, features: LinkFeatures) -> None:
        sketches[article.id] = Sketch.of(article, features)
        story_text[article.id] = features.terms

    for features in corpus.features:
        if features.article in by_id:
            read(by_id[features.article], features)
    unread = [a for a in corpus.articles if a.id not in sketches]
    position = {a.id: i for i, a in enumerate(unread)}
    missing = sorted((features_of(replace(by_id[article_id], text=text)) for article_id, text in corpus.texts_of(unread)),
                     key=lambda features: position[features.article])
    for features in missing:
        read(by_id[features.article], features)
    del by_id
    copies = find_copies(corpus.articles, sketches, corpus.texts_of, corpus.alike, map_blocks)
    del sketches
    # A family's members are reports of its representative: only representatives and articles
    # of their own form stories and tell events; the members follow their representative.
    representative = {a.id: copies.family.get(a.id, a.id) for a in corpus.articles}
    originals = [a for a in corpus.articles if representative[a.id] == a.id]
    stories = _stories(corpus, originals, story_text)
    del story_text
    story_of = {article: story.id for story in stories for article in story.articles}
    links = {a.id: ArticleLinks(copies.duplicate_of.get(a.id), copies.family.get(a.id), story_of.get(representative[a.id]))
             for a in corpus.articles}
    members: dict[str, list[str]] = {}
    for article_id, article_links in links.items():
        if article_links.story:
            members.setdefault(article_links.story, []).append(article_id)
    published = {a.id: a.published for a in corpus.articles}
    stories = [_with_reports(story, sorted(members[story.id]), published) for story in stories]
    event_links, clusters, redate = _happenings(corpus, originals, representative, story_of, map_blocks)
    for article in corpus.articles:
        # Where other reports conflict over when it was written, or only bound it, the note says so;
        # what an earlier pass said is replaced, never repeated.
        found = redate.get(article.id)
        added = found.note if found is not None and found.published is None else None
        note = "; ".join(filter(None, [_without_conflict(article.published_note), added])) or None
        if note != article.published_note:
            links[article.id] = replace(links[article.id], published_note=note)
    return LinkUpdates(links, stories, event_links, clusters, redate, missing, copies.alike)


def _stories(corpus: Corpus, originals: Sequence[Article], story_text: Mapping[str, str]) -> list[Story]:
    coarse = {article: _coarse_counts(counts) for article, counts in corpus.actor_counts.items()}
    names = {actor.id: actor.name for actor in corpus.actors.values() if coarse_actor(actor.id) == actor.id}
    return cluster(profiles(originals, coarse, lambda article: story_terms(story_text[article.id])), names,
                   name_words(corpus.mention_texts))


def _happenings(corpus: Corpus, originals: Sequence[Article], representative: Mapping[str, str],
                story_of: Mapping[str, str],
                map_blocks: MapBlocks) -> tuple[dict[str, EventLinks], list[Cluster], dict[str, Redating]]:
    """Event clusters over the originals' events, the dates they carry, and the publication dates
    they give undated articles."""
    by_id = {a.id: a for a in corpus.articles}
    original_ids = {a.id for a in originals}
    events = [_as_coded(e, by_id.get(e.article or "")) for e in corpus.events if e.article in original_ids]
    clusters, cluster_of = cluster_by_type(events, by_id, corpus.actors, story_of, corpus.timexes, map_blocks)
    copies_of: dict[str, list[Article]] = {}
    for article in corpus.articles:
        if representative[article.id] != article.id:
            copies_of.setdefault(representative[article.id], []).append(article)
    clusters = [_with_copies(c, copies_of, by_id) for c in clusters]
    carried, clusters = carry_dates(events, clusters, cluster_of, by_id)
    event_links = {}
    for event in events:
        final = carried.get(event.id, event)
        event_links[event.id] = EventLinks(cluster_of.get(event.id), final.date, final.date_from, final.date_source)
    return event_links, clusters, infer_publication_dates(events, clusters, cluster_of, by_id, corpus.timexes)


def _without_conflict(note: str | None) -> str | None:
    """The note as the stages wrote it, without what an earlier link pass added."""
    for added in (CONFLICT_NOTE, BOUND_NOTE):
        if note and added in note:
            note = note[:note.index(added)].rstrip("; ") or None
    return note


def _with_copies(cluster: Cluster, copies_of: Mapping[str, list[Article]], articles: Mapping[str, Article]) -> Cluster:
    """A happening's reports include the copies of the articles that report it (a syndicated copy
    is one more outlet that reported it), though a copy's events are its representative's."""
    extra = [copy for article in cluster.articles for copy in copies_of.get(article, [])]
    if not extra:
        return cluster
    reports = [articles[a] for a in cluster.articles if a in articles] + extra
    first = min(reports, key=lambda a: (a.published or "9999", a.origin))
    return replace(cluster, articles=sorted(a.id for a in reports), first_report=first.id,
                   outlets=sorted({a.outlet or a.origin for a in reports}))


def _as_coded(event: Event, article: Article | None) -> Event:
    """The event as its stage coded it: a date an earlier link pass carried over from its cluster is
    taken back (such an event had none from its text: only its report's publication date, if any),
    so that every pass decides afresh."""
    if event.date_from != "cluster":
        return event
    published = article.published if article else None
    return replace(event, date=published, date_from="published" if published else None, date_source=None)


def _with_reports(story: Story, articles: list[str], published: Mapping[str, str | None]) -> Story:
    """The story with all its articles, copies included, and their dates."""
    days = sorted(d for d in (published[a] for a in articles) if d)
    return replace(story, articles=articles, first_date=days[0] if days else story.first_date,
                   last_date=days[-1] if days else story.last_date)


def coarse_actor(actor_id: str) -> str:
    """The actor at the level stories compare them: a country or organisation without its sector
    (country:RUS/GOV -> country:RUS), people as themselves."""
    return actor_id.split("/", 1)[0] if actor_id.startswith(("country:", "igo:")) else actor_id


def _coarse_counts(counts: Mapping[str, int]) -> Counter:
    coarse: Counter = Counter()
    for actor, n in counts.items():
        coarse[coarse_actor(actor)] += n
    return coarse
