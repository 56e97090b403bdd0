"""Stories: articles about one unfolding matter, clustered by shared salient terms and actors
within a window of time.

Each article is a TF-IDF vector of its content words (title counted twice) and a set of its
salient actors. In a canonical order (dated articles by date, then undated ones; ties by
origin) each article joins the most similar story or starts one: "a new article joins an existing
story or starts one". The order depends only on the articles, never on when they arrived, so
adding articles one run at a time gives the same stories as one run over all of them.

Candidate stories come from an inverted index over each story's top terms (blocking): an
article is compared with the stories that share one of its top terms, not with all stories.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sitroom.link.copies import content_words, stem_of, words
from sitroom.records import Article, Story, stable_id

JOIN_SIMILARITY = 0.3  # combined similarity at which an article joins a story
TERM_WEIGHT, ACTOR_WEIGHT = 0.8, 0.2
WINDOW_DAYS = 14  # a dated article joins a story only within this many days of its dated articles
TOP_TERMS = 12  # terms of an article (and of a story) used for blocking and labels
SALIENT_ACTORS = 6  # the most mentioned actors of an article


@dataclass(slots=True)
class Profile:
    """What story clustering knows of one article."""

    article: Article
    terms: dict[str, float]  # TF-IDF weights, L2-normalised
    actors: frozenset[str]
    day: dt.date | None
    surface: dict[str, str] = field(default_factory=dict)  # term (a stem) -> the word most written for it


@dataclass(slots=True)
class _Story:
    seed: Profile
    members: list[Profile] = field(default_factory=list)
    centroid: Counter = field(default_factory=Counter)
    actor_counts: Counter = field(default_factory=Counter)
    days: list[dt.date] = field(default_factory=list)

    def add(self, profile: Profile) -> None:
        self.members.append(profile)
        self.centroid.update(profile.terms)
        self.actor_counts.update(profile.actors)
        if profile.day:
            self.days.append(profile.day)

    def top_terms(self, n: int = TOP_TERMS) -> list[str]:
        return [term for term, _ in sorted(self.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def profiles(articles: Sequence[Article], actors_of: Mapping[str, Counter]) -> list[Profile]:
    """TF-IDF over the given articles (each story-relevant article once: copies excluded by the
    caller), and each article's salient actors from its mention counts."""
    counts = {a.id: Counter(_terms(a)) for a in articles}
    document_frequency = Counter(term for terms in counts.values() for term in terms)
    n = len(articles)
    result = []
    for article in articles:
        # Smoothed IDF (+1): in a small store every term is in few articles, and plain IDF would
        # reward only words of one article; this keeps shared vocabulary counting.
        weights = {term: (1 + math.log(tf)) * (1 + math.log((1 + n) / (1 + document_frequency[term])))
                   for term, tf in counts[article.id].items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        salient = [actor for actor, _ in sorted(actors_of.get(article.id, Counter()).items(),
                                                key=lambda kv: (-kv[1], kv[0]))[:SALIENT_ACTORS]]
        day = dt.date.fromisoformat(article.published) if article.published else None
        result.append(Profile(article, {t: w / norm for t, w in weights.items() if w > 0}, frozenset(salient), day,
                              _surface_forms(article.text, set(weights))))
    return result


def _surface_forms(text: str, stems: set[str]) -> dict[str, str]:
    seen: dict[str, Counter] = defaultdict(Counter)
    for word in words(text):
        stem = stem_of(word)
        if stem in stems:
            seen[stem][word] += 1
    return {stem: counts.most_common(1)[0][0] for stem, counts in seen.items()}


def _terms(article: Article) -> list[str]:
    title = list(content_words(article.title or ""))
    return [t for t in list(content_words_counted(article.text)) + title * 2 if len(t) > 2 and not t.isdigit()]


def content_words_counted(text: str) -> list[str]:
    """Content words with repeats, paragraph by paragraph (content_words gives a set)."""
    return [word for paragraph in text.split("\n\n") for word in content_words(paragraph)]


def name_words(mention_texts: Iterable[str]) -> frozenset[str]:
    """The content words that name actors ("russia", "nato", "blinken"): labels leave them to the
    actors and show what the story is about."""
    return frozenset().union(*(content_words(text) for text in mention_texts)) if mention_texts else frozenset()


def cluster(items: Sequence[Profile], actor_names: Mapping[str, str] | None = None,
            naming_words: frozenset[str] = frozenset()) -> list[Story]:
    ordered = sorted(items, key=lambda p: (p.day is None, p.day or dt.date.min, p.article.origin))
    stories: list[_Story] = []
    index: dict[str, set[int]] = defaultdict(set)  # top term -> stories that have it
    for profile in ordered:
        top = sorted(profile.terms, key=lambda t: (-profile.terms[t], t))[:TOP_TERMS]
        candidates = sorted(set().union(*(index[t] for t in top))) if top else []
        best, best_score = None, JOIN_SIMILARITY
        for i in candidates:
            score = similarity(profile, stories[i])
            if score >= best_score and _in_window(profile, stories[i]):
                best, best_score = i, score
        if best is None:
            stories.append(_Story(seed=profile))
            best = len(stories) - 1
        stories[best].add(profile)
        for term in stories[best].top_terms():
            index[term].add(best)
    return [_to_story(story, actor_names or {}, naming_words) for story in stories]


def similarity(profile: Profile, story: _Story) -> float:
    norm = math.sqrt(sum(w * w for w in story.centroid.values())) or 1.0
    terms = sum(w * story.centroid.get(t, 0.0) for t, w in profile.terms.items()) / norm
    story_actors = {a for a, _ in story.actor_counts.most_common(SALIENT_ACTORS * 2)}
    union = profile.actors | story_actors
    actors = len(profile.actors & story_actors) / len(union) if union else 0.0
    return TERM_WEIGHT * terms + ACTOR_WEIGHT * actors


def _in_window(profile: Profile, story: _Story) -> bool:
    if profile.day is None or not story.days:
        return True  # an undated article, or a story of undated ones: no date evidence against it
    return min(story.days) - dt.timedelta(days=WINDOW_DAYS) <= profile.day <= max(story.days) + dt.timedelta(days=WINDOW_DAYS)


def _to_story(story: _Story, actor_names: Mapping[str, str], naming_words: frozenset[str]) -> Story:
    days = sorted(story.days)
    return Story(
        id=stable_id("story", story.seed.article.id),
        label=label(story, actor_names, naming_words),
        articles=sorted(p.article.id for p in story.members),
        first_date=days[0].isoformat() if days else None,
        last_date=days[-1].isoformat() if days else None,
    )


def label(story: _Story, actor_names: Mapping[str, str], naming_words: frozenset[str]) -> str:
    """Its three most mentioned actors and four most weighted terms that are not actor names,
    e.g. "Russia, United States, NATO: response, demands, talks, security"."""
    actors = [actor_names.get(a, _readable(a))
              for a, _ in sorted(story.actor_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    surface = {}
    for member in story.members:
        surface = member.surface | surface
    terms = [surface.get(t, t) for t in story.top_terms(TOP_TERMS * 2) if t not in naming_words][:4]
    return f"{', '.join(actors)}: {', '.join(terms)}" if actors else ", ".join(terms)


def _readable(actor_id: str) -> str:
    """An actor label from its id alone: person:antony-blinken -> Antony Blinken, igo:NATO -> NATO."""
    kind, _, rest = actor_id.partition(":")
    return rest.replace("-", " ").title() if kind == "person" else rest.split("/")[0]
