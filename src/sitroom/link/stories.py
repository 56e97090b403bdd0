"""Stories: articles about one unfolding matter, clustered by shared salient terms and actors
within a window of time.

Each article is a TF-IDF vector of its content words (title counted twice) and a set of its
salient actors. In a canonical order (dated articles by date, then undated ones; ties by
origin) each article joins the most similar story or starts one: "a new article joins an existing
story or starts one". The order depends only on the articles, never on when they arrived, so
adding articles one run at a time gives the same stories as one run over all of them.

Candidate stories come from an inverted index over each story's top terms (blocking): an
article is compared with the stories that share one of its top terms, not with all stories, and
with all of them at once (``_Dots``).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from sitroom.link.words import ArticleWords, content_words
from sitroom.records import Article, Story, stable_id

JOIN_SIMILARITY = 0.3  # combined similarity at which an article joins a story
TERM_WEIGHT, ACTOR_WEIGHT = 0.8, 0.2
WINDOW_DAYS = 14  # a dated article joins a story only within this many days of its dated articles
TOP_TERMS = 12  # terms of an article (and of a story) used for blocking and labels
SALIENT_ACTORS = 6  # the most mentioned actors of an article


@dataclass(slots=True)
class Profile:
    """What story clustering knows of one article. Its terms are two parallel sequences, not a
    dict: the link pass holds a profile per article, and this takes a quarter of the memory."""

    article: Article
    terms: tuple[str, ...]  # its content words (stems), each once, heaviest first (ties by term)
    weights: array  # their TF-IDF weights, L2-normalised
    actors: frozenset[str]
    day: dt.date | None
    surface: dict[str, str] = field(default_factory=dict)  # term -> the word most written for it, where they differ


class _Vocabulary:
    """Every term of the articles clustered, numbered: a story's centroid is held as arrays of term
    numbers and weights, not as a dict by term."""

    def __init__(self, profiles: Sequence[Profile]):
        self.number: dict[str, int] = {}
        for profile in profiles:
            for term in profile.terms:
                self.number.setdefault(term, len(self.number))
        self.terms = list(self.number)  # number -> term

    def ids_of(self, profile: Profile) -> np.ndarray:
        return np.fromiter(map(self.number.__getitem__, profile.terms), np.int32, len(profile.terms))


@dataclass(slots=True)
class _Story:
    seed: Profile
    vocabulary: _Vocabulary
    members: list[Profile] = field(default_factory=list)
    # The centroid (the sum of the members' term weights): its term numbers, sorted, and their weights.
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    surface: dict[str, str] = field(default_factory=dict)  # term -> as its first member wrote it, where they differ
    norm_sq: float = 0.0  # the centroid's squared length, kept as members join
    top: dict[str, float] = field(default_factory=dict)  # ``top_terms()`` and their weights, kept as members join
    actor_counts: Counter = field(default_factory=Counter)
    salient_actors: frozenset[str] = frozenset()
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def add(self, profile: Profile, ids: np.ndarray | None = None) -> None:
        """The member joins; ``ids``: its terms' numbers (``_Vocabulary.ids_of``), where known."""
        self.members.append(profile)
        ids = self.vocabulary.ids_of(profile) if ids is None else ids
        order = np.argsort(ids)
        sorted_ids, sorted_weights = ids[order], np.frombuffer(profile.weights)[order]
        before = np.zeros(len(ids))  # each of the member's terms' weight in the centroid before it joined
        if len(self.members) == 1:
            self.ids, self.weights = sorted_ids, sorted_weights  # a copy (fancy indexing), not the profile's buffer
        else:
            merged = np.union1d(self.ids, sorted_ids)
            summed = np.zeros(len(merged))
            summed[np.searchsorted(merged, self.ids)] = self.weights
            at = np.searchsorted(merged, sorted_ids)
            before[order] = summed[at]
            summed[at] += sorted_weights
            self.ids, self.weights = merged, summed
        # In the member's term order, one term at a time: the same sums as adding its weights to a dict by term.
        after: dict[str, float] = {}
        for term, weight, old in zip(profile.terms, profile.weights, before.tolist()):
            if not old and term in profile.surface:  # the first member to use a term says how it is written
                self.surface[term] = profile.surface[term]
            after[term] = old + weight
            self.norm_sq += (old + weight) ** 2 - old * old
        if len(self.members) == 1:  # its weights are the profile's, whose terms come heaviest first
            self.top = {term: after[term] for term in profile.terms[:TOP_TERMS]}
        else:
            # Only the member's terms gained weight, so no other term can have entered the top ones; and of
            # the member's, only one at least as heavy as the lightest of those (which only gained) can.
            current = {term: after.get(term, weight) for term, weight in self.top.items()}
            floor = min(current.values()) if len(current) == TOP_TERMS else 0.0
            weight_of = current | {term: weight for term, weight in after.items() if weight >= floor}
            self.top = {term: weight_of[term] for term in heapq.nsmallest(
                TOP_TERMS, weight_of, key=lambda term: (-weight_of[term], term))}
        self.actor_counts.update(profile.actors)
        # Ties broken by id: most_common would break them by insertion order, which follows the
        # iteration of a set of strings and so changes from one process to the next.
        self.salient_actors = frozenset(a for a, _ in heapq.nsmallest(
            SALIENT_ACTORS * 2, self.actor_counts.items(), key=lambda kv: (-kv[1], kv[0])))
        if profile.day:
            self.first_day = min(filter(None, (self.first_day, profile.day)))
            self.last_day = max(filter(None, (self.last_day, profile.day)))

    @property
    def centroid(self) -> dict[str, float]:
        """The centroid by term (made when asked: the clustering reads the arrays)."""
        return dict(zip(map(self.vocabulary.terms.__getitem__, self.ids.tolist()), self.weights.tolist()))

    def top_terms(self, n: int = TOP_TERMS) -> list[str]:
        if n == TOP_TERMS:
            return list(self.top)
        centroid = self.centroid
        return heapq.nsmallest(n, centroid, key=lambda term: (-centroid[term], term))


def profiles(articles: Sequence[Article], actors_of: Mapping[str, Counter],
             terms_of: Callable[[Article], ArticleWords]) -> list[Profile]:
    """TF-IDF over the given articles (each story-relevant article once: copies excluded by the
    caller), and each article's salient actors from its mention counts. ``terms_of`` gives an
    article's story terms (as ``ArticleWords.terms_only``)."""
    # Each article's term counts are held as two parallel sequences until the document frequencies
    # are known, not as a Counter per article (which held some 20 MB more at 10,000 articles).
    counted: list[tuple[tuple[str, ...], array, dict[str, str]] | None] = []
    document_frequency: Counter = Counter()
    for article in articles:
        words = terms_of(article)
        document_frequency.update(words.terms.keys())
        counted.append((tuple(words.terms), array("I", words.terms.values()), words.surface))
    n = len(articles)
    # Smoothed IDF (+1): in a small store every term is in few articles, and plain IDF would
    # reward only words of one article; this keeps shared vocabulary counting.
    idf = {term: 1 + math.log((1 + n) / (1 + df)) for term, df in document_frequency.items()}
    result = []
    for i, article in enumerate(articles):
        terms, counts, surface = counted[i]
        counted[i] = None  # let go as its profile replaces it
        weights = {term: (1 + math.log(tf)) * idf[term] for term, tf in zip(terms, counts)}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        salient = [actor for actor, _ in sorted(actors_of.get(article.id, Counter()).items(),
                                                key=lambda kv: (-kv[1], kv[0]))[:SALIENT_ACTORS]]
        day = dt.date.fromisoformat(article.published) if article.published else None
        ranked = sorted(((t, w / norm) for t, w in weights.items() if w > 0), key=lambda tw: (-tw[1], tw[0]))
        result.append(Profile(article, tuple(t for t, _ in ranked), array("d", (w for _, w in ranked)),
                              frozenset(salient), day, surface))
    return result


def name_words(mention_texts: Iterable[str]) -> frozenset[str]:
    """The content words that name actors ("kestria", "nato", "marenko"): labels leave them to the
    actors and show what the story is about."""
    return frozenset().union(*(content_words(text) for text in mention_texts)) if mention_texts else frozenset()


def cluster(items: Sequence[Profile], actor_names: Mapping[str, str] | None = None,
            naming_words: frozenset[str] = frozenset()) -> list[Story]:
    ordered = sorted(items, key=lambda p: (p.day is None, p.day or dt.date.min, p.article.origin))
    stories: list[_Story] = []
    vocabulary = _Vocabulary(ordered)
    dots = _Dots(len(vocabulary.terms))
    index: dict[str, set[int]] = defaultdict(set)  # top term -> stories that have it
    for profile in ordered:
        top = profile.terms[:TOP_TERMS]
        candidates = [i for i in sorted(set().union(*(index[t] for t in top))) if _in_window(profile, stories[i])]
        best, best_score = None, JOIN_SIMILARITY
        term_ids = vocabulary.ids_of(profile)
        for i, dot in zip(candidates, dots(term_ids, profile.weights, [stories[i] for i in candidates])):
            terms = _terms_part(dot, stories[i])
            if terms + ACTOR_WEIGHT < best_score:
                continue  # not even with every actor shared (most candidates): their actors are not compared
            score = terms + _actors_part(profile, stories[i])
            if score >= best_score:
                best, best_score = i, score
        if best is None:
            stories.append(_Story(profile, vocabulary))
            best = len(stories) - 1
        stories[best].add(profile, term_ids)
        for term in stories[best].top:
            index[term].add(best)
    return [_to_story(story, actor_names or {}, naming_words) for story in stories]


# How alike an article and a story are: the cosine of its terms with the story's centroid (its dot
# product with the centroid, from ``_Dots``), and the overlap of their salient actors.

def _terms_part(dot: float, story: _Story) -> float:
    return TERM_WEIGHT * (dot / (math.sqrt(story.norm_sq) or 1.0))


def _actors_part(profile: Profile, story: _Story) -> float:
    union = profile.actors | story.salient_actors
    return ACTOR_WEIGHT * (len(profile.actors & story.salient_actors) / len(union) if union else 0.0)


class _Dots:
    """An article's dot products with all its candidate stories' centroids in a few array
    operations: its weights are laid out over the vocabulary once, and the candidates' terms read
    from there. The link pass's innermost loop, done by term in Python (a dict lookup for each of
    the article's terms, for each candidate), took 10 s of its 23 at 10,000 articles. The products
    are summed in term-number order, not in the article's as that loop summed them, so a sum can
    differ from its in the last bit; the stories decided were the same on every store compared (a
    test compares the two ways)."""

    def __init__(self, vocabulary_size: int):
        self.laid_out = np.zeros(vocabulary_size)  # the current article's weights by term number, else 0

    def __call__(self, ids: np.ndarray, weights: array, stories: Sequence[_Story]) -> list[float]:
        """The dot products of an article's term weights (its terms' numbers ``ids``) with the stories' centroids."""
        if not stories:
            return []
        self.laid_out[ids] = np.frombuffer(weights)
        try:
            starts = np.cumsum([0] + [len(story.ids) for story in stories[:-1]])
            products = self.laid_out[np.concatenate([story.ids for story in stories])] * np.concatenate(
                [story.weights for story in stories])
            # A candidate shares a top term with the article: none is empty, and so no segment.
            return np.add.reduceat(products, starts).tolist()
        finally:
            self.laid_out[ids] = 0.0


def _in_window(profile: Profile, story: _Story) -> bool:
    if profile.day is None or story.first_day is None:
        return True  # an undated article, or a story of undated ones: no date evidence against it
    reach = dt.timedelta(days=WINDOW_DAYS)
    return story.first_day - reach <= profile.day <= story.last_day + reach


def _to_story(story: _Story, actor_names: Mapping[str, str], naming_words: frozenset[str]) -> Story:
    return Story(
        id=stable_id("story", story.seed.article.id),
        label=label(story, actor_names, naming_words),
        articles=sorted(p.article.id for p in story.members),
        first_date=story.first_day.isoformat() if story.first_day else None,
        last_date=story.last_day.isoformat() if story.last_day else None,
    )


def label(story: _Story, actor_names: Mapping[str, str], naming_words: frozenset[str]) -> str:
    """Its three most mentioned actors and four most weighted terms that are not actor names,
    e.g. "Russia, United States, NATO: response, demands, talks, security"."""
    actors = [actor_names.get(a, _readable(a))
              for a, _ in sorted(story.actor_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    terms = [story.surface.get(t, t) for t in story.top_terms(TOP_TERMS * 2) if t not in naming_words][:4]
    return f"{', '.join(actors)}: {', '.join(terms)}" if actors else ", ".join(terms)


def _readable(actor_id: str) -> str:
    """An actor label from its id alone: person:ilsa-marenko -> Ilsa Marenko, igo:NATO -> NATO."""
    kind, _, rest = actor_id.partition(":")
    return rest.replace("-", " ").title() if kind == "person" else rest.split("/")[0]
