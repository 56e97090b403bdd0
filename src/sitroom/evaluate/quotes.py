"""``sitroom eval quotes``: the quotes stage against PolNeAR attributions, beside textacy.

Data: a directory with ``text/NAME.txt`` and brat ``attributions/NAME_ANNOTATOR.ann`` files
(Source / Cue / Content text-bound annotations, joined by ``E`` lines; a span may be
discontinuous, fragments separated by ``;``). Where several annotators labelled one text, the
annotation file that sorts first is used, so every text counts once.

Both systems read the same spaCy parse (``sitroom.nlp.parse``, en_core_web_sm).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from sitroom.datasets import data_option
from sitroom.evaluate._metrics import PRF, ratio
from sitroom.evaluate._table import print_table
from sitroom.quotemarks import DOUBLE_MARKS

Span = tuple[int, int]

DIRECT_MARKS = DOUBLE_MARKS + "‘"  # content that opens with one of these is a direct quote

DEFINITION = """\
Matching (character offsets, end exclusive):
  item       one attribution: its content span(s) and, where given, its speaker span(s).
  direct     an item whose content begins (after spaces) with a double quotation mark or ‘.
             The direct rows compare direct gold with direct system items only; the all rows
             compare every gold attribution with every system item (direct, mixed, indirect).
  match      a system item and a gold item match when their content spans share >= 1 character.
  precision  system items that match some gold item / system items.
  recall     gold items matched by some system item / gold items.
  speaker    over recalled gold items that have a Source: the matching system item with the
             largest content overlap has a speaker span sharing >= 1 character with the Source.
             A system item without a speaker counts as wrong.
  chars P/R  content characters (spaces excluded) in both / in system items, / in gold items.
  textacy    textacy.extract.triples.direct_quotations(doc); it refuses a document with an odd
             number of quotation marks (ValueError): such a document gives it no items.
  gold       a text labelled by several annotators counts once, with the .ann file sorting first.
"""


@dataclass(slots=True)
class Item:
    content: list[Span]
    speaker: list[Span] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content)


@dataclass(slots=True)
class Tally:
    system: int = 0
    system_matched: int = 0
    gold: int = 0
    gold_matched: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0
    chars_system: int = 0
    chars_gold: int = 0
    chars_both: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict[str, float | int]:
        p = ratio(self.system_matched, self.system)
        r = ratio(self.gold_matched, self.gold)
        cp = ratio(self.chars_both, self.chars_system)
        cr = ratio(self.chars_both, self.chars_gold)
        return {
            "system": self.system,
            "gold": self.gold,
            "precision": p,
            "recall": r,
            "f1": PRF.of(p, r).f1,
            "speaker_accuracy": ratio(self.speaker_correct, self.speaker_total),
            "speaker_n": self.speaker_total,
            "char_precision": cp,
            "char_recall": cr,
            "char_f1": PRF.of(cp, cr).f1,
        }


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def is_direct(text: str, item: Item) -> bool:
    start = item.start
    while start < len(text) and text[start].isspace():
        start += 1
    return start < len(text) and text[start] in DIRECT_MARKS


def _chars(text: str, items: Sequence[Item]) -> set[int]:
    return {i for item in items for s, e in item.content for i in range(s, e) if not text[i].isspace()}


def score_document(text: str, gold: Sequence[Item], system: Sequence[Item]) -> Tally:
    tally = Tally(system=len(system), gold=len(gold))
    tally.system_matched = sum(1 for s in system if any(_overlap(s.content, g.content) for g in gold))
    for g in gold:
        overlaps = [(_overlap(s.content, g.content), s) for s in system]
        overlaps = [(n, s) for n, s in overlaps if n > 0]
        if not overlaps:
            continue
        tally.gold_matched += 1
        if g.speaker:
            tally.speaker_total += 1
            best = max(overlaps, key=lambda pair: pair[0])[1]
            tally.speaker_correct += int(_overlap(best.speaker, g.speaker) > 0)
    sys_chars, gold_chars = _chars(text, system), _chars(text, gold)
    tally.chars_system, tally.chars_gold, tally.chars_both = len(sys_chars), len(gold_chars), len(sys_chars & gold_chars)
    return tally


# ---------------------------------------------------------------------------------------------
# Reading the data


_SPAN_RE = re.compile(r"^(\S+) (.+)$")


def read_brat(path: Path) -> list[Item]:
    """Attributions of one brat file: content fragments (Content and Content2) and Source spans."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            match = _SPAN_RE.match(fields[1])
            if not match:
                continue
            label, raw = match.groups()
            fragments = [tuple(int(x) for x in frag.split()) for frag in raw.split(";")]
            spans[fields[0]] = (label, [(s, e) for s, e in fragments])
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg))
    items: list[Item] = []
    for event in events:
        content = [frag for role in ("Content", "Content2") if role in event and event[role] in spans for frag in spans[event[role]][1]]
        if not content:
            continue
        source = spans[event["Source"]][1] if event.get("Source") in spans else []
        items.append(Item(content=sorted(content), speaker=source))
    return items


def load_dataset(data: Path, limit: int | None) -> list[tuple[str, str, list[Item]]]:
    texts = data / "text"
    anns = data / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise click.ClickException(f"{data}: expected text/ and attributions/ folders (PolNeAR layout)")
    chosen: dict[str, Path] = {}
    for ann in sorted(anns.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    docs = []
    for name, ann in sorted(chosen.items()):
        text_path = texts / f"{name}.txt"
        if not text_path.exists():
            continue
        docs.append((name, text_path.read_text(encoding="utf-8"), read_brat(ann)))
    return docs[:limit] if limit else docs


# ---------------------------------------------------------------------------------------------
# The two systems


def sitroom_items(text: str, doc: object) -> list[Item]:
    from sitroom.quotes import extract_attributions

    items = []
    for a in extract_attributions(text, doc, []):  # type: ignore[arg-type]
        speaker = [(a.speaker_start, a.speaker_end)] if a.speaker_start is not None and a.speaker_end is not None else []
        items.append(Item(content=[(a.start, a.end)], speaker=speaker))
    return items


def textacy_items(doc: object) -> tuple[list[Item], bool]:
    """textacy's direct quotations; False when it refused the document."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))  # type: ignore[arg-type]
    except ValueError:
        return [], False
    items = []
    for triple in triples:
        speaker = [(t.idx, t.idx + len(t)) for t in triple.speaker]
        items.append(Item(content=[(triple.content.start_char, triple.content.end_char)], speaker=speaker))
    return items, True


def _split(text: str, items: Sequence[Item]) -> list[Item]:
    return [i for i in items if is_direct(text, i)]


@click.command(name="quotes")
@data_option("data", "quotes", "polnear-dev", what="the PolNeAR folder holding text/ and attributions/")
@click.option("--limit", type=int, default=None, help="Score only the first N texts.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
def command(data: Path, limit: int | None, as_json: bool) -> None:
    """Quote content and speaker scores on PolNeAR, sitroom beside textacy."""
    from sitroom.nlp import parse

    docs = load_dataset(data, limit)
    if not docs:
        raise click.ClickException(f"{data}: no text with attributions found")
    tallies = {(system, subset): Tally() for system in ("sitroom", "textacy") for subset in ("direct", "all")}
    textacy_refused = 0
    for (name, text, gold), doc in zip(docs, parse(text for _, text, _ in docs)):
        systems = {"sitroom": sitroom_items(text, doc)}
        systems["textacy"], accepted = textacy_items(doc)
        textacy_refused += int(not accepted)
        for system, items in systems.items():
            tallies[(system, "all")].add(score_document(text, gold, items))
            tallies[(system, "direct")].add(score_document(text, _split(text, gold), _split(text, items)))
    result = {
        "data": str(data),
        "documents": len(docs),
        "textacy_refused_documents": textacy_refused,
        "scores": {f"{system}/{subset}": tally.scores() for (system, subset), tally in tallies.items()},
    }
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{len(docs)} documents from {data}; textacy refused {textacy_refused} (odd quotation marks)")
    rows = []
    for subset in ("direct", "all"):
        for system in ("sitroom", "textacy"):
            s = tallies[(system, subset)].scores()
            rows.append([subset, system, str(s["gold"]), str(s["system"]), f"{s['precision']:.3f}",
                         f"{s['recall']:.3f}", f"{s['f1']:.3f}", f"{s['speaker_accuracy']:.3f}", str(s["speaker_n"]),
                         f"{s['char_precision']:.3f}", f"{s['char_recall']:.3f}", f"{s['char_f1']:.3f}"])
    print_table("PolNeAR attributions: quote content and speaker",
                ("subset", "system", "gold", "sys", "P", "R", "F1", "spkACC", "(n)", "charP", "charR", "charF1"),
                rows, DEFINITION, text_columns=2)
