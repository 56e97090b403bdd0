"""``sitroom eval actors``: country and sector of the gold actors in PLOVER_GSR_CAMEO.txt.

For every gold source/target actor (``actorText``, ``code``, ``sector``) the words are found in
the record's ``text``, the sentence goes through the nlp and actors stages, and the mention that
overlaps those words most is compared with the gold codes:

- country: the resolved actor's ``country`` must equal the gold code. CAMEO codes that differ
  from ISO 3166 (``JAP``, ``ITL``) are mapped to ISO first. ``IGO`` counts as right when the actor
  is an IGO or a person holding an IGO role (``org`` set); the other non-state codes (``NGO``,
  ``IMG``, ``ISM``) count as right when the actor is an org or group with no country. Actors with
  no code are left out and counted.
- sector: only actors whose gold sector is a CAMEO sector (the first three letters, so ``CVLalb``
  is ``CVL``; ``CIV`` read as ``CVL``); ``***`` and missing sectors are left out and counted.

Gold words that cannot be found in the text (gold written with "..." or typos) count as wrong.
The records carry a placeholder date, so articles are resolved with no publication date.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from spacy.tokens import Doc

from sitroom import nlp
from sitroom.actors import ActorDictionary, resolve
from sitroom.datasets import data_option
from sitroom.evaluate._table import print_table
from sitroom.records import Actor, Article, Mention

CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA"}
NON_STATE = frozenset({"IGO", "NGO", "IMG", "ISM"})
SECTOR_ALIASES = {"CIV": "CVL"}


@dataclass(slots=True)
class GoldActor:
    record: str
    role: str  # source | target
    text: str
    code: str | None
    sector: str | None


@dataclass(slots=True)
class Judged:
    gold: GoldActor
    found: bool
    mention: str | None
    actor: str | None
    country: str | None
    sector: str | None
    country_ok: bool | None  # None: not scored
    sector_ok: bool | None


def gold_actors(record: dict[str, Any]) -> list[GoldActor]:
    actors = []
    for role in ("source", "target"):
        value = record.get(role)
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            continue  # "" or a stray string: no actor
        for item in value:
            if isinstance(item, dict) and item.get("actorText"):
                actors.append(GoldActor(record=record.get("id", ""), role=role, text=str(item["actorText"]),
                                        code=item.get("code") or None, sector=item.get("sector") or None))
    return actors


def locate(words: str, text: str) -> tuple[int, int] | None:
    """Character span of the gold words in the text: exact, else with free spacing and with
    "..." standing for any words in between."""
    words = words.strip()
    at = text.find(words)
    if at >= 0:
        return at, at + len(words)
    parts = [p for p in re.split(r"\s*\.\.\.?\s*", words) if p]
    pattern = r".{0,80}?".join(r"\s+".join(map(re.escape, part.split())) for part in parts)
    if not pattern:
        return None
    found = re.search(pattern, text, flags=re.S)
    if found:
        return found.start(), found.end()
    # Gold words that skip words of the text ("French warships" for "French and Egyptian warships").
    words_only = words.split()
    if len(words_only) > 1:
        gap = r"\W+(?:\w+\W+){0,3}?"
        found = re.search(gap.join(map(re.escape, words_only)), text)
        if found:
            return found.start(), found.end()
    return None


def first_words(words: str, text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the gold words are not contiguous in the text, the actor is named by their first
    part ("French" of "French ... warships"); otherwise the whole span."""
    start, end = span
    if text[start:end] == words.strip():
        return span
    first = re.split(r"\s*\.\.\.?\s*|\s+", words.strip())[0]
    return start, start + len(first)


def best_mention(mentions: list[Mention], start: int, end: int, doc: Doc) -> Mention | None:
    """Of the mentions overlapping the gold words, the one highest in the parse (the head of the
    gold phrase), then the rightmost (English noun phrases end in their head: "al-Qaeda" in
    "Osama bin Laden's al-Qaeda terror network")."""
    scored = []
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > 0:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            depth = sum(1 for _ in span.root.ancestors) if span is not None else 99
            scored.append((-depth, m.start, overlap, m))
    return max(scored, key=lambda s: s[:3])[3] if scored else None


def judge_country(code: str | None, actor: Actor | None) -> bool | None:
    if code is None:
        return None
    code = CAMEO_TO_ISO.get(code, code)
    if actor is None:
        return False
    if code == "IGO":
        return actor.kind == "igo" or actor.org is not None
    if code in NON_STATE:
        return actor.kind in {"org", "group"} and actor.country is None
    return actor.country == code


def gold_sector(sector: str | None) -> str | None:
    if not sector or sector.startswith("*"):
        return None
    head = sector[:3].upper()
    return SECTOR_ALIASES.get(head, head)


def evaluate(data: Path, dictionary: ActorDictionary) -> tuple[list[Judged], float]:
    records = json.loads((data / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    records = [r for r in records if r.get("event") != "DOCUMENT" and isinstance(r.get("text"), str)]
    started = time.perf_counter()
    judged: list[Judged] = []
    for record, doc in zip(records, nlp.parse(r["text"] for r in records)):
        article = Article(id=record.get("id", ""), origin="plover", text=record["text"], published=None)
        mentions, actors = resolve(article, doc, dictionary)
        by_id = {a.id: a for a in actors}
        for gold in gold_actors(record):
            span = locate(gold.text, record["text"])
            span = first_words(gold.text, record["text"], span) if span else None
            mention = best_mention(mentions, *span, doc) if span else None
            actor = by_id.get(mention.actor) if mention and mention.actor else None
            expected_sector = gold_sector(gold.sector)
            judged.append(Judged(
                gold=gold, found=span is not None, mention=mention.text if mention else None,
                actor=actor.id if actor else None, country=actor.country if actor else None,
                sector=actor.sector if actor else None,
                country_ok=judge_country(gold.code, actor),
                sector_ok=None if expected_sector is None else (actor is not None and actor.sector == expected_sector),
            ))
    return judged, time.perf_counter() - started


def summary(judged: list[Judged]) -> dict[str, Any]:
    def share(items: list[bool]) -> dict[str, Any]:
        return {"right": sum(items), "total": len(items), "share": round(sum(items) / len(items), 4) if items else None}

    country = [j.country_ok for j in judged if j.country_ok is not None]
    sector = [j.sector_ok for j in judged if j.sector_ok is not None]
    state = [j.country_ok for j in judged if j.country_ok is not None and j.gold.code not in NON_STATE]
    igo = [j.country_ok for j in judged if j.gold.code == "IGO"]
    other = [j.country_ok for j in judged if j.gold.code in NON_STATE - {"IGO"}]
    return {
        "gold_actors": len(judged),
        "not_found_in_text": sum(not j.found for j in judged),
        "country": share(country),
        "country_states": share(state),
        "country_igo": share(igo),
        "country_other_non_state": share(other),
        "country_not_scored_no_code": sum(j.country_ok is None for j in judged),
        "sector": share(sector),
        "sector_not_scored": sum(j.sector_ok is None for j in judged),
    }


@click.command(name="actors")
@data_option("data", "events", "plover", what="the folder holding PLOVER_GSR_CAMEO.txt")
@click.option("--actors", "actors_file", type=click.Path(path_type=Path), default=None,
              help="Extra actor dictionary (YAML or CSV).")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@click.option("--errors", is_flag=True, help="List every gold actor sitroom got wrong.")
def command(data: Path, actors_file: Path | None, as_json: bool, errors: bool) -> None:
    """Share of PLOVER GSR gold actors whose country code (and, separately, sector) sitroom assigns."""
    if not (data / "PLOVER_GSR_CAMEO.txt").is_file():
        raise click.ClickException(f"{data / 'PLOVER_GSR_CAMEO.txt'} not found; pass --data FOLDER")
    from sitroom.actors import DictionaryError

    try:
        dictionary = ActorDictionary.load(actors_file)
    except DictionaryError as exc:
        raise click.ClickException(str(exc)) from exc
    judged, seconds = evaluate(data, dictionary)
    result = summary(judged)
    result["seconds"] = round(seconds, 2)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(f"{result['gold_actors']} gold source/target actors from {data} "
                   f"({result['not_found_in_text']} not found verbatim in the text, counted wrong)")
        rows = []
        for key, what in (("country", "country"), ("country_states", "  state codes"),
                          ("country_igo", "  IGO"), ("country_other_non_state", "  NGO/IMG/ISM"), ("sector", "sector")):
            part = result[key]
            if part["total"]:
                rows.append([what, str(part["right"]), str(part["total"]), f"{part['share']:.3f}"])
        print_table("PLOVER GSR actors: country and sector", ("measure", "right", "total", "accuracy"), rows,
                    f"country: the resolved actor's country equals the gold code (CAMEO JAP, ITL read as ISO).\n"
                    f"  IGO: the actor is an IGO or holds an IGO role; NGO/IMG/ISM: an org or group with no country.\n"
                    f"  not scored (no gold code): {result['country_not_scored_no_code']}\n"
                    f"sector: the actor's CAMEO sector equals the gold sector's first three letters (CIV read as CVL).\n"
                    f"  not scored (no gold sector, or '***'): {result['sector_not_scored']}\n"
                    f"time: {seconds:.1f}s for nlp + actors")
    if errors:
        for j in judged:
            if j.country_ok is False or j.sector_ok is False:
                click.echo(f"{j.gold.record}\t{j.gold.text!r}\tgold={j.gold.code}/{j.gold.sector}\t"
                           f"got={j.country}/{j.sector}\tvia {j.mention!r} -> {j.actor}", err=True)
