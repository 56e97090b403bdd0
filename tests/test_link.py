"""The link stage on invented articles: copies, families, stories, and the same result however the
articles arrive."""

from __future__ import annotations

import json
import math
import os
import pickle
import random
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import main
from sitroom.config import RunConfig
from sitroom.link import Corpus, LinkUpdates, link
from sitroom.link.copies import SENTENCE_MATCH, SentenceWords, Sketch, find_copies, matched_sentences
from sitroom.link.features import features_of, story_terms
from sitroom.link.stories import (ACTOR_WEIGHT, JOIN_SIMILARITY, TERM_WEIGHT, TOP_TERMS, Profile, _in_window,
                                  _Story, _Vocabulary, cluster, profiles)
from sitroom.link.words import ArticleWords, content_words, jaccard, sentences
from sitroom.records import Article
from sitroom.runners import workers
from sitroom.runners.link_pass import corpus_of
from sitroom.runners.local import link_stored
from sitroom.store import Store

HARBOUR = [
    "Valdoria and Kestria reopened talks on the disputed Orrin harbour on Monday after a three-week pause.",
    "The foreign ministers of both countries met for four hours in the Lindmark border town of Tessel.",
    "Valdorian Foreign Minister Ilsa Marenko said the two sides had agreed to freeze new construction in the harbour.",
    "Kestria had demanded guarantees that Valdorian patrol boats would stay out of the northern channel.",
    "Marenko told reporters that a written proposal would be delivered to the Kestrian government within a week.",
    "Fishing crews from both countries have been kept out of the harbour since the dispute flared in the spring.",
    "The talks are expected to resume in Tessel next month, officials from both delegations said.",
]
FARMERS = [
    "Farmers in the Velmark valley blocked the northern highway for a second day on Tuesday over grain prices.",
    "The growers' union said hundreds of tractors had parked across four lanes near the town of Brisk.",
    "Union leader Anja Holt said farmers could not keep selling wheat below the cost of growing it.",
    "The Velmark agriculture ministry offered to meet the union's delegates later in the week.",
    "Police said traffic was being diverted through the hill roads, adding hours to journeys.",
    "The blockade is the largest protest in the valley since the drought three years ago.",
]


def article(id_: str, paragraphs: list[str], title: str = "Report", published: str | None = None) -> Article:
    return Article(id=id_, origin=f"/in/{id_}.txt", text="\n\n".join(paragraphs), title=title, published=published)


def paraphrased(paragraphs: list[str]) -> list[str]:
    swaps = {"said": "stated", "talks": "negotiations", "met": "gathered", "agreed": "consented",
             "demanded": "sought", "told reporters": "informed journalists", "delivered": "handed over",
             "expected": "due", "freeze": "halt", "both": "the two"}
    out = []
    for p in paragraphs:
        for old, new in swaps.items():
            p = p.replace(old, new)
        out.append(p)
    return out


def test_copies_duplicates_and_families():
    original = article("a", HARBOUR, published="2026-03-02")
    reordered = article("b", HARBOUR[3:] + HARBOUR[:3], title="Harbour talks resume")
    cut_off = article("c", HARBOUR[:4])
    rewritten = article("d", paraphrased(HARBOUR[:6]) + ["Analysts said the deal remained fragile."])
    other = article("e", FARMERS)
    copies = find_copies([other, rewritten, cut_off, reordered, original])
    assert copies.duplicate_of == {"b": "a", "c": "a"}  # the most complete, then the earliest, represents
    assert {k: v for k, v in copies.family.items()} == {"a": "a", "b": "a", "c": "a", "d": "a"}
    assert "e" not in copies.family


def test_sentences_match_as_comparing_them_pair_by_pair_would():
    # The copies stage compares all sentences of two texts in a few array operations; the answer must
    # be the one a comparison of every pair of sentences gives, sets of content words and all.
    rng = random.Random(7)
    vocabulary = ("harbour ministers talks Kestria Valdoria navy port Elara fishing quota envoy treaty "
                  "ceasefire border convoy grain tariff reply letter").split()

    def text() -> str:
        # Sentences of four to nine words: repeated words, and some sentences of function words only.
        return " ".join(" ".join(rng.choice(vocabulary + ["the", "of", "and", "was"]) for _ in range(rng.randint(4, 9)))
                        .capitalize() + "." for _ in range(rng.randint(0, 12)))

    def pair_by_pair(shorter: str, longer: str) -> int:
        theirs = [content_words(s) for s in sentences(longer)]
        return sum(any(jaccard(mine, other) >= SENTENCE_MATCH for other in theirs)
                   for mine in (content_words(s) for s in sentences(shorter)))

    seen: dict[str, int] = {}
    counts = []
    for _ in range(300):
        shorter, longer = text(), text()
        expected = pair_by_pair(shorter, longer)
        assert matched_sentences(SentenceWords.of(shorter, seen), SentenceWords.of(longer, seen)) == expected
        counts.append(expected)
    assert min(counts) == 0 and max(counts) >= 5  # both ends reached


def test_a_second_pass_groups_the_copies_the_first_found_without_comparing_again():
    # After dating articles from other reports the runner links again over the same texts, handing on
    # the pairs the first pass found; only the articles' ranks (their dates) may have changed.
    articles = [article("a", HARBOUR), article("b", HARBOUR[3:] + HARBOUR[:3]), article("c", HARBOUR[:4]),
                article("d", paraphrased(HARBOUR[:6]) + ["Analysts said the deal remained fragile."]),
                article("e", FARMERS)]
    first = link(Corpus(articles))
    assert first.alike.near and first.alike.rewritten

    def unread(articles: Sequence[Article]) -> list[tuple[str, str]]:
        assert not articles, "a text was read to compare copies again"
        return []

    dated = [replace(a, text="", published="2026-03-01") if a.id == "b" else a for a in articles]
    again = link(Corpus(dated, features=[features_of(a) for a in articles], texts_of=unread, alike=first.alike))
    assert again.alike == first.alike
    assert again.articles["a"].duplicate_of == "b"  # the earliest of the most complete now represents
    assert again.articles == link(Corpus([replace(a, published="2026-03-01") if a.id == "b" else a
                                          for a in articles])).articles
    # Pairs found over other articles are not taken on trust: with one more article, all are compared.
    more = articles + [article("f", paraphrased(HARBOUR[1:]) + ["Analysts said the deal remained fragile."])]
    assert link(Corpus(more, alike=first.alike)).articles == link(Corpus(more)).articles
    assert link(Corpus(more, alike=first.alike)).articles["f"].family == "a"


def test_stored_features_read_back_as_the_text_reads():
    text = article("a", HARBOUR + ["Kestria’s navy: the ministers' talks, talking and talked; 2026's 3rd round."],
                   title="Talks’ progress in Tessel")
    features = features_of(text)
    assert story_terms(features.terms) == ArticleWords.of(text).terms_only()
    assert Sketch.of(text, features).words == sum(len(p) for p in ArticleWords.of(text).paragraphs)


def test_stored_features_do_not_depend_on_the_process_that_read_them():
    # Workers are processes with their own string hashing: what one stores must be what another would.
    script = ("import json, sys; from sitroom.link.features import features_of; from sitroom.records import Article; "
              "a = json.loads(sys.argv[1]); print(features_of(Article(**a)).terms)")
    text = json.dumps({"id": "a", "origin": "/in/a.txt", "text": "\n\n".join(HARBOUR + FARMERS),
                       "title": "Harbour talks resume as farmers block the highway"})
    terms = {subprocess.run([sys.executable, "-c", script, text], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(terms) == 1 and len(next(iter(terms)).split()) > 50


def test_the_link_pass_process_does_not_import_spacy():
    # The pass runs in a fresh process after every run (twice when it dates articles): importing
    # spaCy there took a second of each. It reads dates with the time grammar alone. On Ray the
    # process is an actor's, which imports what it is sent: its class, and the pass.
    from sitroom.runners import ray_data

    sent = pickle.dumps((ray_data.LinkProcess, ray_data.link_database))
    script = ("import pickle, sys; process, _ = pickle.loads(sys.stdin.buffer.read()); process(); "
              "from sitroom.time import read_expressions; "
              "print(sorted(m for m in ('spacy', 'thinc', 'sitroom.nlp') if m in sys.modules)); "
              "print(read_expressions('on 3 March 2026')[0][3])")
    out = subprocess.run([sys.executable, "-c", script], input=sent, capture_output=True, check=True).stdout
    assert out.decode().split("\n")[:2] == ["[]", "2026-03-03"]


def test_the_representative_does_not_depend_on_arrival_order():
    texts = [article("x", HARBOUR), article("y", HARBOUR + ["An extra closing line was added by one outlet."])]
    assert find_copies(texts).duplicate_of == find_copies(texts[::-1]).duplicate_of == {"x": "y"}


def test_stories_keep_different_matters_apart_and_copies_follow_their_representative():
    corpus = Corpus([article("h1", HARBOUR, published="2026-03-02"),
                     article("h2", paraphrased(HARBOUR)[2:] + ["Both capitals welcomed the progress."],
                             published="2026-03-03"),
                     article("h3", HARBOUR[1:], published="2026-03-02"),
                     article("f1", FARMERS, published="2026-03-03")])
    updates = link(corpus)
    story = {a: links.story for a, links in updates.articles.items()}
    assert story["h1"] == story["h2"] == story["h3"] != story["f1"]
    assert updates.articles["h3"].duplicate_of == "h1"
    assert len(updates.stories) == 2
    harbour = next(s for s in updates.stories if "h1" in s.articles)
    assert harbour.articles == ["h1", "h2", "h3"] and (harbour.first_date, harbour.last_date) == ("2026-03-02", "2026-03-03")


def test_a_story_keeps_its_top_terms_as_a_look_at_all_its_terms_finds_them():
    # Stories keep their heaviest terms up to date as members join, looking only at the member's terms.
    texts = [HARBOUR, paraphrased(HARBOUR), FARMERS, HARBOUR[2:] + FARMERS[:2], FARMERS[1:] + HARBOUR[:1]]
    members = profiles([article(str(i), paragraphs) for i, paragraphs in enumerate(texts)], {},
                       lambda a: story_terms(features_of(a).terms))
    story = _Story(members[0], _Vocabulary(members))
    for profile in members:
        story.add(profile)
        centroid = story.centroid
        everything = sorted(centroid, key=lambda term: (-centroid[term], term))
        assert story.top_terms() == everything[:TOP_TERMS]
        assert story.top_terms(TOP_TERMS * 2) == everything[:TOP_TERMS * 2]


def test_stories_scored_all_at_once_are_those_scored_one_at_a_time():
    # Clustering computes an article's similarity to all its candidate stories in a few array
    # operations, and passes over those its actors cannot lift to the threshold; the stories must
    # be those of scoring each candidate on its own, term by term from its centroid.
    rng = random.Random(3)
    matters = [HARBOUR, paraphrased(HARBOUR), FARMERS, [p.replace("Velmark", "Orrin") for p in FARMERS]]
    actors = ["country:VAL", "country:KES", "person:ilsa-marenko", "person:anja-holt", "igo:UN"]
    articles, counts = [], {}
    for i in range(120):
        paragraphs = rng.sample(rng.choice(matters), rng.randint(2, 6)) + rng.sample(HARBOUR + FARMERS, rng.randint(0, 2))
        # Dated over five months, so that one matter makes several stories, and some undated.
        day = (date(2026, 1, 1) + timedelta(days=rng.randint(0, 150))).isoformat() if rng.random() < 0.8 else None
        articles.append(article(f"a{i:03d}", paragraphs, published=day))
        counts[f"a{i:03d}"] = Counter({actor: rng.randint(1, 4) for actor in rng.sample(actors, rng.randint(0, 3))})
    items = profiles(articles, counts, lambda a: story_terms(features_of(a).terms))

    def similarity(profile: Profile, story: _Story) -> float:
        centroid = story.centroid
        dot = sum(weight * centroid.get(term, 0.0) for term, weight in zip(profile.terms, profile.weights))
        union = profile.actors | story.salient_actors
        actors = len(profile.actors & story.salient_actors) / len(union) if union else 0.0
        return TERM_WEIGHT * (dot / (math.sqrt(story.norm_sq) or 1.0)) + ACTOR_WEIGHT * actors

    def one_at_a_time() -> list[list[str]]:
        ordered = sorted(items, key=lambda p: (p.day is None, p.day or date.min, p.article.origin))
        stories: list[_Story] = []
        vocabulary = _Vocabulary(ordered)
        index: dict[str, set[int]] = {}
        for profile in ordered:
            candidates = sorted(set().union(*(index.get(t, set()) for t in profile.terms[:TOP_TERMS])))
            scored = [(similarity(profile, stories[i]), i) for i in candidates if _in_window(profile, stories[i])]
            best = max((s for s in scored if s[0] >= JOIN_SIMILARITY), default=None)  # ties: the later story
            if best is None:
                stories.append(_Story(profile, vocabulary))
            chosen = best[1] if best else len(stories) - 1
            stories[chosen].add(profile)
            for term in stories[chosen].top_terms():
                index.setdefault(term, set()).add(chosen)
        return sorted(sorted(p.article.id for p in story.members) for story in stories)

    expected = one_at_a_time()
    assert len(expected) >= 4 and max(map(len, expected)) >= 10  # stories that grew, and more than one
    assert sorted(story.articles for story in cluster(items)) == expected


def _inputs(tmp_path: Path) -> Path:
    """Two reports of the harbour talks, a copy, another matter, and two reports of one reply."""
    files = {"harbour1.txt": HARBOUR, "harbour2.txt": paraphrased(HARBOUR), "farmers.txt": FARMERS,
             "harbour_copy.txt": HARBOUR[2:]}
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, paragraphs in files.items():
        (inputs / name).write_text(f"Title of {name}\n\n" + "\n\n".join(paragraphs) + "\n")
    (inputs / "reply_undated.txt").write_text(REPLY_UNDATED)
    (inputs / "reply_dated.txt").write_text(REPLY_DATED)
    return inputs


def _linked(db: Path) -> dict:
    """What the link pass decided, as exported."""
    tables = _exported(db)
    return {"links": sorted((a["origin"], a["published"], a["duplicate_of"], a["family"], a["story"])
                            for a in tables["articles"]),
            "stories": tables["stories"], "clusters": tables["clusters"],
            "events": sorted((e["id"], e["cluster"], e["date"], e["date_from"]) for e in tables["events"])}


def test_adding_articles_one_run_at_a_time_links_as_one_run(tmp_path: Path):
    inputs = _inputs(tmp_path)
    linked = _linked
    once = tmp_path / "once.duckdb"
    _run([inputs], once)
    stepwise = tmp_path / "stepwise.duckdb"
    for name in ("reply_undated.txt", "farmers.txt", "harbour_copy.txt", "harbour2.txt", "reply_dated.txt",
                 "harbour1.txt"):
        _run([inputs / name], stepwise)
    assert linked(once) == linked(stepwise)
    assert len(linked(once)["stories"]) >= 2 and any(len(c["articles"]) > 1 for c in linked(once)["clusters"])


REPLY_DATED = ("Valdoria hands Kestria its reply\n\nPublished March 5, 2026\n\n"
               "On March 4, 2026, Valdoria delivered its written response to the demands of Kestria.\n\n"
               "The document was handed to the Kestrian foreign minister in Tessel by the Valdorian ambassador.\n")
REPLY_UNDATED = ("Kestria studies Valdorian reply\n\n"
                 "On Wednesday, Valdoria delivered its written response to the demands of Kestria, officials said.\n\n"
                 "Kestria's foreign minister said his government would study the document before deciding.\n")


def test_the_link_pass_reads_stored_features_not_every_text(tmp_path: Path, monkeypatch):
    inputs = _inputs(tmp_path)
    db = tmp_path / "s.duckdb"
    _run([inputs], db)
    linked = _linked(db)
    read: list[str] = []
    texts_of = Store.texts_of

    def counted(store: Store, ids) -> list[tuple[str, str]]:
        read.extend(ids := list(ids))
        return list(texts_of(store, ids))

    monkeypatch.setattr(Store, "texts_of", counted)
    config = RunConfig.create([str(inputs)], db)
    with Store(db) as store:
        articles = store.count("articles")
        assert store.count("link_features") == articles == 6
        link(corpus_of(store))  # as the runner's link process reads it
        assert 0 < len(read) < articles  # only texts whose sentences are compared: the rewritten report's family
        # A store written before features were stored: each text is read instead, to the same
        # result, and what was read is stored for the next pass (by the runner, whose pass runs apart).
        store.con.execute("DELETE FROM link_features")
        read.clear()
        link(corpus_of(store))
        assert len(set(read)) == articles
        link_stored(store, config, "again")
        assert store.count("link_features") == articles
        read.clear()
        link(corpus_of(store))
        assert 0 < len(read) < articles
    assert _linked(db) == linked
    assert "link_features" not in _exported(db)  # the store's working data, not part of the export


def test_the_fields_the_link_pass_leaves_unread_do_not_change_what_it_decides(tmp_path: Path):
    """The runner reads articles and events without the fields in ``NOT_READ``: linking with every
    field read must decide the same (a field the pass starts to read must leave that list)."""
    inputs = _inputs(tmp_path)
    db = tmp_path / "s.duckdb"
    _run([inputs], db)
    with Store(db) as store:
        full = Corpus(list(store.records("articles")), store.actor_counts(),
                      {actor.id: actor for actor in store.records("actors")}, store.mention_texts(),
                      list(store.records("events", originals_only=False)), store.timexes_of_events(),
                      store.records("link_features", originals_only=False))
        assert any(e.source_spans and e.cameo for e in full.events)  # the events carry what the pass leaves unread
        assert link(full) == link(corpus_of(store))


def test_the_link_pass_in_blocks_decides_as_in_one(tmp_path: Path, monkeypatch):
    """Copies' pairs and events compared in blocks of one pair and one type, each block and its
    result sent as a copy (as to another node): the same updates as in one block each."""
    db = tmp_path / "s.duckdb"
    _run([_inputs(tmp_path)], db)
    with Store(db, read_only=True) as store:
        whole = link(corpus_of(store))
        monkeypatch.setattr("sitroom.link.copies.SKETCH_PAIRS_PER_BLOCK", 1)
        monkeypatch.setattr("sitroom.link.copies.SENTENCE_PAIRS_PER_BLOCK", 1)
        monkeypatch.setattr("sitroom.link.clusters.EVENTS_PER_BLOCK", 1)
        sent: Counter = Counter()

        def elsewhere(function, blocks):
            for block in blocks:
                sent[type(block).__name__] += 1
                yield pickle.loads(pickle.dumps(function(pickle.loads(pickle.dumps(block)))))

        blocked = link(corpus_of(store), elsewhere)
    assert sent["PairBlock"] >= 3 and sent["EventBlock"] >= 3
    assert whole.alike.rewritten and len(whole.clusters) > 3
    # The clusters come grouped by block: the store lists them by date and id.
    assert _clusters_by_id(blocked) == _clusters_by_id(whole)


def _clusters_by_id(updates: LinkUpdates) -> LinkUpdates:
    return replace(updates, clusters=sorted(updates.clusters, key=lambda c: c.id))


def _run(paths: list[Path], db: Path, *extra: str) -> None:
    actors = Path(__file__).resolve().parents[1] / "examples" / "actors.yaml"
    result = CliRunner().invoke(main, ["run", *map(str, paths), "--db", str(db), "--actors", str(actors), "-q", *extra])
    assert result.exit_code == 0, result.output


def _exported(db: Path) -> dict[str, list[dict]]:
    out = db.with_suffix("")
    CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(out)], catch_exceptions=False)
    return {p.stem: [json.loads(line) for line in p.read_text().splitlines()] for p in out.glob("*.jsonl")}


@pytest.mark.parametrize("options", [
    ("--workers", "1"),
    ("--workers", "2", "--batch-size", "1"),  # the runner has no model: analysed again on the run's workers
])
def test_an_undated_report_is_dated_by_a_dated_report_of_the_same_happening(tmp_path: Path, options: tuple[str, ...]):
    (tmp_path / "dated.txt").write_text(REPLY_DATED)
    (tmp_path / "undated.txt").write_text(REPLY_UNDATED)
    db = tmp_path / "s.duckdb"
    _run([tmp_path / "dated.txt", tmp_path / "undated.txt"], db, *options)
    tables = _exported(db)
    articles = {Path(a["origin"]).name: a for a in tables["articles"]}
    undated = articles["undated.txt"]
    assert (undated["published"], undated["published_from"]) == ("2026-03-04", "inferred")
    assert "'Wednesday'" in undated["published_note"] and "per dated.txt" in undated["published_note"]
    # Its expressions were read again against that date: the delivery is dated from its own text now.
    reply = [e for e in tables["events"] if e["type"] == "CONSULT" and e["article"] == undated["id"]]
    assert reply and all(e["date"] == "2026-03-04" for e in reply)
    cluster = next(c for c in tables["clusters"] if undated["id"] in c["articles"])
    assert cluster["articles"] == sorted([undated["id"], articles["dated.txt"]["id"]]) and cluster["date"] == "2026-03-04"

def _redating_dies(setup, articles, dates):
    """A worker's analysis of the articles dated from other reports that ends its process (as the
    out-of-memory killer would), every time."""
    os._exit(1)


def test_a_report_whose_redating_kills_its_worker_stays_undated_and_the_run_links_the_rest(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(workers, "_redate_in_worker", _redating_dies)  # the run's pool takes it as its workers' own
    (tmp_path / "dated.txt").write_text(REPLY_DATED)
    (tmp_path / "undated.txt").write_text(REPLY_UNDATED)
    db = tmp_path / "s.duckdb"
    actors = Path(__file__).resolve().parents[1] / "examples" / "actors.yaml"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "dated.txt"), str(tmp_path / "undated.txt"), "--db", str(db),
                                       "--actors", str(actors), "--workers", "2", "--batch-size", "1", "--json"])
    assert result.exit_code == 1, result.output  # a failure recorded, not a stopped run
    tables = _exported(db)
    articles = {Path(a["origin"]).name: a for a in tables["articles"]}
    assert articles["undated.txt"]["published"] is None  # its stored records, as the stages first made them
    with Store(db) as store:
        failures = store.failures()
    assert [(Path(f["origin"]).name, f["stage"]) for f in failures] == [("undated.txt", "worker")]
    assert "keeps its stored records" in failures[0]["error"]
    assert [f["stage"] for f in json.loads(result.stdout.splitlines()[-1])["failures"]] == ["worker"]  # the summary says so
    assert tables["clusters"] and tables["stories"]  # linked all the same



def test_a_stated_publication_date_dates_undated_inputs_only(tmp_path: Path):
    (tmp_path / "dated.txt").write_text(REPLY_DATED)
    (tmp_path / "other.txt").write_text("Farmers block the highway\n\n" + "\n\n".join(FARMERS) + "\n")
    db = tmp_path / "s.duckdb"
    _run([tmp_path], db, "--published", "2026-03-08")
    articles = {Path(a["origin"]).name: a for a in _exported(db)["articles"]}
    assert (articles["other.txt"]["published"], articles["other.txt"]["published_from"]) == ("2026-03-08", "user")
    assert (articles["dated.txt"]["published"], articles["dated.txt"]["published_from"]) == ("2026-03-05", "metadata")


def test_a_syndicated_copy_is_one_more_report_of_each_happening_it_tells(tmp_path: Path):
    (tmp_path / "a_reply.txt").write_text(REPLY_DATED)
    (tmp_path / "b_copy.txt").write_text(REPLY_DATED.replace("Valdoria hands Kestria its reply", "Reply delivered"))
    db = tmp_path / "s.duckdb"
    _run([tmp_path], db)
    tables = _exported(db)
    ids = {Path(a["origin"]).name: a["id"] for a in tables["articles"]}
    assert {e["article"] for e in tables["events"]} == {ids["a_reply.txt"]}  # the copy adds no events of its own
    reply = next(c for c in tables["clusters"] if c["type"] == "CONSULT")
    by_id = {e["id"]: e for e in tables["events"]}
    assert reply["articles"] == sorted(ids.values())
    assert {by_id[e]["article"] for e in reply["events"]} == {ids["a_reply.txt"]}
