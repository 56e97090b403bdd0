"""``sitroom eval link``: how well the link stage finds copies, and what it links on the
reference corpus.

1. Planted copies. The reference corpus and the PolNeAR dev texts are the base articles; each gets
   copies of the kinds in ``_plant`` (exact, re-wrapped, page furniture added, paragraphs
   shuffled, cut off, another headline: duplicates; paraphrased or rewritten: the same
   syndication family). Everything goes through the clean stage, as a run would, then through
   copy detection. Scored over pairs of documents: a predicted duplicate (or family) pair is right
   when both come from the same base article; recall is over all such pairs. Pairs predicted
   across different base articles are listed: they are stories merged that must not be.
2. The reference corpus through the whole pipeline: the stories found, with their articles.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import click

from sitroom.clean import clean_with_lines
from sitroom.datasets import data_option, shared_root
from sitroom.evaluate._metrics import PRF, ratio
from sitroom.evaluate._plant import DUPLICATE_KINDS, FAMILY_KINDS, Planted, plant
from sitroom.link.copies import find_copies
from sitroom.pipeline import line_stats
from sitroom.records import RawDoc
from sitroom.time import decide_from_evidence


def base_articles(corpus: Path, polnear: Path | None) -> list[tuple[str, str]]:
    files = sorted(corpus.glob("*.txt"))
    if polnear is not None:
        files += sorted((polnear / "text").glob("*.txt"))
    return [(f.stem, f.read_text(encoding="utf-8")) for f in files]


def detect(planted: list[Planted]) -> tuple[dict[str, str], dict[str, str]]:
    """Clean every planted document as one batch, then find copies: (duplicate groups, families),
    each as name -> its group's representative name."""
    raws = [RawDoc(origin=p.name, content=p.text, kind="text") for p in planted]
    stats = line_stats(raws)
    articles = []
    for raw in raws:
        cleaned = clean_with_lines(raw, stats)
        articles.append(decide_from_evidence(cleaned.dates).applied_to(cleaned.article))
    copies = find_copies(articles)
    name_of = {a.id: a.origin for a in articles}
    duplicates = {name_of[a]: name_of[r] for a, r in copies.duplicate_of.items()}
    duplicates.update({r: r for r in set(duplicates.values())})
    families = {name_of[a]: name_of[r] for a, r in copies.family.items()}
    return duplicates, families


def pairs_of(groups: dict[str, str]) -> set[tuple[str, str]]:
    members = defaultdict(list)
    for name, representative in groups.items():
        members[representative].append(name)
    return {tuple(sorted(pair)) for group in members.values() for pair in itertools.combinations(group, 2)}


def score(planted: list[Planted], duplicates: dict[str, str], families: dict[str, str]) -> dict:
    source = {p.name: p.source for p in planted}
    kind = {p.name: p.kind for p in planted}
    by_source = defaultdict(list)
    for p in planted:
        by_source[p.source].append(p.name)
    gold_family = {tuple(sorted(pair)) for names in by_source.values() for pair in itertools.combinations(names, 2)}
    gold_duplicate = {pair for pair in gold_family if all(kind[n] in ("base",) + DUPLICATE_KINDS for n in pair)}
    result = {}
    for task, gold, predicted in (("duplicates", gold_duplicate, pairs_of(duplicates)),
                                  ("families", gold_family, pairs_of(families))):
        right = predicted & gold
        result[task] = {**PRF.of(ratio(len(right), len(predicted)), ratio(len(right), len(gold))).as_dict(),
                        "gold_pairs": len(gold), "predicted_pairs": len(predicted),
                        "across_base_articles": sorted(p for p in predicted if source[p[0]] != source[p[1]])}
    # Per kind: is each copy linked to its base article the way its kind says it should be?
    per_kind = {}
    for k in DUPLICATE_KINDS + FAMILY_KINDS:
        copies = [p for p in planted if p.kind == k]
        groups = duplicates if k in DUPLICATE_KINDS else families
        found = sum(1 for p in copies if p.name in groups and groups.get(p.name) == groups.get(p.source))
        per_kind[k] = {"planted": len(copies), "found": found, "recall": round(ratio(found, len(copies)), 4)}
    result["per_kind"] = per_kind
    return result


def reference_links(corpus: Path) -> dict:
    """Run the whole pipeline on the reference corpus and report the stories."""
    from sitroom.config import RunConfig
    from sitroom.runners.local import run_local
    from sitroom.store import Store

    with tempfile.TemporaryDirectory() as work:
        config = RunConfig.create([str(corpus)], Path(work) / "ref.duckdb")
        with Store(config.db) as store:
            run_local(config, store)
            titles = {a.id: (Path(a.origin).name[:3], a.title, a.published) for a in store.records("articles")}
            stories = [
                {"id": s.id, "label": s.label, "first_date": s.first_date, "last_date": s.last_date,
                 "articles": [f"{titles[a][0]} {titles[a][2] or 'undated'}: {titles[a][1]}" for a in s.articles]}
                for s in store.records("stories")]
            events = {e.id: e for e in store.records("events")}
            clusters = []
            for c in store.records("clusters"):
                if len(c.articles) < 2:
                    continue
                reports = [events[i] for i in c.events if i in events]
                clusters.append({
                    "id": c.id, "type": c.type, "source": c.source, "target": c.target, "date": c.date,
                    "date_support": c.date_support, "articles": [titles[a][0] for a in c.articles],
                    "reports": [{"article": titles[e.article][0], "date": e.date, "date_from": e.date_from,
                                 "trigger": e.sentence[e.trigger[0] - e.start:e.trigger[1] - e.start]}
                                for e in reports]})
            undated = {titles[a.id][0]: (a.published, a.published_from) for a in store.records("articles")}
    return {"stories": stories, "clusters": clusters, "articles": undated}


@click.command(name="link")
@data_option("corpus", "ukraine-2022-01", what="the reference corpus folder", flag="--corpus", name="corpus")
@click.option("--polnear", type=click.Path(path_type=Path), default=None,
              help="PolNeAR dev folder (text/*.txt) for more base articles [default: shared/data/quotes/polnear-dev]; "
                   "'none' to leave it out.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the planted copies.")
@click.option("--copies", "copies_per_article", type=click.IntRange(1, 8), default=3, show_default=True,
              help="Copies planted per base article.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the tables.")
def command(corpus: Path, polnear: Path | None, seed: int, copies_per_article: int, as_json: bool) -> None:
    """Score copy detection on planted copies, and show the stories found on the reference corpus."""
    if polnear is None:
        polnear = shared_root() / "data" / "quotes" / "polnear-dev"
        polnear = polnear if polnear.is_dir() else None
    elif str(polnear) == "none":
        polnear = None
    base = base_articles(corpus, polnear)
    planted = plant(base, seed=seed, copies_per_article=copies_per_article)
    duplicates, families = detect(planted)
    scores = score(planted, duplicates, families)
    result = {"base_articles": len(base), "documents": len(planted), **scores, **reference_links(corpus)}
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"Planted copies: {len(base)} base articles, {len(planted) - len(base)} copies "
               f"({copies_per_article} each, seed {seed}), cleaned as one batch.")
    click.echo(f"{'task':<12} {'P':>7} {'R':>7} {'F1':>7} {'gold pairs':>11} {'predicted':>10} {'across':>7}")
    for task in ("duplicates", "families"):
        r = scores[task]
        click.echo(f"{task:<12} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} {r['gold_pairs']:>11} "
                   f"{r['predicted_pairs']:>10} {len(r['across_base_articles']):>7}")
    click.echo("\nPer copy kind (found = linked to its base article as a duplicate, or for the last two as family):")
    for k, r in scores["per_kind"].items():
        click.echo(f"  {k:<12} {r['found']:>4}/{r['planted']:<4} {r['recall']:.4f}")
    for task in ("duplicates", "families"):
        for a, b in scores[task]["across_base_articles"][:10]:
            click.echo(f"  merged across base articles ({task}): {a}  <->  {b}")
    click.echo("\nStories on the reference corpus:")
    for story in result["stories"]:
        dates = f"{story['first_date'] or '?'} .. {story['last_date'] or '?'}"
        click.echo(f"  {story['id']}  [{dates}]  {story['label']}")
        for line in story["articles"]:
            click.echo(f"      {line}")
    click.echo("\nHappenings reported by several articles (event clusters), on the reference corpus:")
    for c in result["clusters"]:
        click.echo(f"  {c['type']:<9} {','.join(c['source']) or '-'} -> {','.join(c['target']) or '-'}  "
                   f"date {c['date'] or '?'} ({c['date_support']} reports date it)  articles {' '.join(c['articles'])}")
        for r in c["reports"]:
            click.echo(f"      {r['article']} {r['date'] or 'undated':<10} ({r['date_from'] or '-'}) \"{r['trigger']}\"")
    click.echo("\nPublication dates on the reference corpus: " + ", ".join(
        f"{name} {date or 'undated'}{f' ({how})' if how else ''}" for name, (date, how) in sorted(result["articles"].items())))
    click.echo("\nPairs: a duplicate pair is right when both documents come from one base article and neither is a "
               "paraphrase; a family pair when both come from one base article.")
