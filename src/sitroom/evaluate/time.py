"""``sitroom eval time``: temporal expressions (TIMEX3 of type DATE) on TimeBank + AQUAINT (TBAQ).

Each ``.tml`` file is read as TimeML: the tags are stripped from the ``<TEXT>`` element to get the
plain text, and every gold TIMEX3 keeps its character offsets in that text. The document creation
time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``) is the anchor for both systems and is
never scored itself.

Scores, for gold TIMEX3 of type DATE only:

* extraction: a system DATE matches a gold DATE when their spans overlap (relaxed match, one to
  one, first come first served). P = matched system / all system DATEs, R = matched gold / all
  gold DATEs.
* value accuracy: over the matched gold DATEs, the share whose system value equals the gold value
  (after writing week numbers without a leading zero, ``1998-W08`` == ``1998-W8``).
* value F1: TempEval-3 style, value-correct matches counted against all system and all gold DATEs.

Rows: ``sitroom`` (``sitroom.time.extract_timexes`` with the spaCy parse; with ``--no-parse``
also ``sitroom-noparse``, the same rules with the tense read from nearby words) and ``dateparser``
(``dateparser.search.search_dates`` with ``RELATIVE_BASE`` at the creation time; each found
string is given the granularity dateparser itself reports for it: year, month, week or day).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import time as _clock
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

from sitroom.datasets import data_option
from sitroom.evaluate._metrics import PRF, ratio
from sitroom.evaluate._table import print_table

WEEKDAY_WORDS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TmlDoc:
    name: str
    text: str
    dct: dt.date | None
    timexes: list[GoldTimex] = field(default_factory=list)


@dataclass(slots=True)
class Prediction:
    start: int
    end: int
    text: str
    value: str


def parse_tml(source: str, name: str = "") -> TmlDoc:
    """Plain text of ``<TEXT>`` with gold TIMEX3 offsets, and the creation date."""
    dct = None
    for attrs in re.findall(r"<TIMEX3([^>]*)>", source):
        parsed = dict(_ATTR.findall(attrs))
        if parsed.get("functionInDocument") == "CREATION_TIME":
            dct = _date_or_none(parsed.get("value", ""))
            break
    body_match = re.search(r"<TEXT>(.*)</TEXT>", source, re.S)
    body = body_match.group(1) if body_match else ""
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        out.append(chunk)
        length += len(chunk)
        position = tag.end()
        closing, tag_name = tag.group(1) == "/", tag.group(2)
        if tag_name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if attrs.get("functionInDocument") == "CREATION_TIME":
                continue
            text_so_far = "".join(out)
            timexes.append(
                GoldTimex(start, length, text_so_far[start:length], attrs.get("type", ""), attrs.get("value", ""))
            )
    out.append(html.unescape(body[position:]))
    return TmlDoc(name=name, text="".join(out), dct=dct, timexes=timexes)


def _date_or_none(value: str) -> dt.date | None:
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def load_tml_dir(path: Path) -> list[TmlDoc]:
    docs = []
    for file in sorted(path.rglob("*.tml")):
        docs.append(parse_tml(file.read_text(encoding="utf-8", errors="replace"), file.relative_to(path).as_posix()))
    return docs


def canonical_value(value: str) -> str:
    """Values written one way: week numbers without a leading zero."""
    return re.sub(r"-W0(\d)", r"-W\1", value.strip())


@dataclass(slots=True)
class Tally:
    system: int = 0
    gold: int = 0
    matched: int = 0
    value_correct: int = 0

    def as_dict(self) -> dict[str, float | int]:
        p, r = ratio(self.matched, self.system), ratio(self.matched, self.gold)
        f = PRF.of(p, r).f1
        acc = ratio(self.value_correct, self.matched)
        vf = PRF.of(ratio(self.value_correct, self.system), ratio(self.value_correct, self.gold)).f1
        return {
            "system": self.system,
            "gold": self.gold,
            "matched": self.matched,
            "value_correct": self.value_correct,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "value_accuracy": round(acc, 4),
            "value_f1": round(vf, 4),
        }


@dataclass(slots=True)
class Outcome:
    """Matches and misses of one system on one document, kept for error listings."""

    matched: list[tuple[GoldTimex, Prediction]] = field(default_factory=list)
    missed: list[GoldTimex] = field(default_factory=list)
    spurious: list[Prediction] = field(default_factory=list)


def score_document(gold: list[GoldTimex], predictions: list[Prediction]) -> Outcome:
    gold_dates = sorted((g for g in gold if g.type == "DATE"), key=lambda g: g.start)
    outcome = Outcome()
    used: set[int] = set()
    for pred in sorted(predictions, key=lambda p: p.start):
        partner = next(
            (i for i, g in enumerate(gold_dates) if i not in used and g.start < pred.end and pred.start < g.end), None
        )
        if partner is None:
            outcome.spurious.append(pred)
        else:
            used.add(partner)
            outcome.matched.append((gold_dates[partner], pred))
    outcome.missed = [g for i, g in enumerate(gold_dates) if i not in used]
    return outcome


def add_outcome(tallies: dict[str, Tally], outcome: Outcome) -> None:
    def is_weekday(text: str) -> bool:
        return bool(WEEKDAY_WORDS.search(text))

    for subset, keep in (("overall", lambda _t: True), ("weekday", is_weekday)):
        tally = tallies[subset]
        matched = [(g, p) for g, p in outcome.matched if keep(g.text)]
        tally.matched += len(matched)
        tally.value_correct += sum(canonical_value(g.value) == canonical_value(p.value) for g, p in matched)
        tally.gold += len(matched) + sum(1 for g in outcome.missed if keep(g.text))
        # a system DATE counts for the weekday subset when it or its gold partner names a weekday
        tally.system += len(matched) + sum(1 for p in outcome.spurious if keep(p.text))
    return None


def sitroom_predictions(docs: list[TmlDoc], use_parse: bool = True) -> list[list[Prediction]]:
    from sitroom.time import extract_timexes

    if use_parse:
        from sitroom.nlp import parse

        parses: Iterable = parse(d.text for d in docs)
    else:
        parses = [None] * len(docs)
    results = []
    for doc, parsed in zip(docs, parses, strict=True):
        timexes = extract_timexes(doc.name, doc.text, doc.dct, parsed)
        results.append([Prediction(t.start, t.end, t.text, t.value) for t in timexes if t.type == "DATE"])
    return results


_DATEPARSER_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d", "time": "%Y-%m-%d"}


def dateparser_predictions(docs: list[TmlDoc]) -> list[list[Prediction]]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    results = []
    for doc in docs:
        if doc.dct is None:
            results.append([])
            continue
        base = dt.datetime.combine(doc.dct, dt.time(12, 0))
        settings = {"RELATIVE_BASE": base}
        found = search_dates(doc.text, languages=["en"], settings=settings) or []
        period_parser = DateDataParser(languages=["en"], settings=settings)
        predictions: list[Prediction] = []
        cursor = 0
        for substring, when in found:
            start = doc.text.find(substring, cursor)
            if start < 0:
                continue
            cursor = start + len(substring)
            period = "day"
            try:
                data = period_parser.get_date_data(substring)
                period = data.period or "day"
            except Exception:  # dateparser raises assorted errors on odd strings; the day is kept
                pass
            if period == "week":
                year, week, _ = when.isocalendar()
                value = f"{year}-W{week:02d}"
            else:
                value = when.strftime(_DATEPARSER_FORMATS.get(period, "%Y-%m-%d"))
            predictions.append(Prediction(start, cursor, substring, value))
        results.append(predictions)
    return results


def evaluate(docs: list[TmlDoc], predictions: Iterable[list[Prediction]]) -> tuple[dict[str, Tally], list[Outcome]]:
    tallies = {"overall": Tally(), "weekday": Tally()}
    outcomes = []
    for doc, preds in zip(docs, predictions, strict=True):
        outcome = score_document(doc.timexes, preds)
        add_outcome(tallies, outcome)
        outcomes.append(outcome)
    return tallies, outcomes


def _print_table(results: dict[str, dict[str, dict[str, float | int]]], seconds: dict[str, float]) -> None:
    rows = [
        [system, subset, str(row["gold"]), str(row["system"]), f"{row['precision']:.3f}", f"{row['recall']:.3f}",
         f"{row['f1']:.3f}", f"{row['value_accuracy']:.3f}", f"{row['value_f1']:.3f}",
         f"{seconds[system]:.1f}" if subset == "overall" else ""]
        for system, by_subset in results.items() for subset, row in by_subset.items()
    ]
    print_table(
        "TBAQ, TIMEX3 type DATE (creation time excluded)",
        ("system", "subset", "gold", "sys", "P", "R", "F1", "value acc", "value F1", "seconds"), rows,
        "P/R/F1: relaxed span match (overlap), one to one, system DATEs against gold DATEs.\n"
        "value acc: of the gold DATEs matched, the share whose value equals gold (W08 == W8).\n"
        "value F1: value-correct matches against all system and all gold DATEs (TempEval-3 style).\n"
        "weekday: gold DATEs whose text names a weekday, and unmatched system DATEs that name one.\n"
        "dateparser: search_dates with RELATIVE_BASE = creation time; value at the period it reports.",
        text_columns=2)


def _print_errors(docs: list[TmlDoc], outcomes: list[Outcome], limit: int) -> None:
    rows = []
    for doc, outcome in zip(docs, outcomes, strict=True):
        for gold, pred in outcome.matched:
            if canonical_value(gold.value) != canonical_value(pred.value):
                rows.append(f"VALUE  {doc.name} dct={doc.dct} {gold.text!r} gold={gold.value} sys={pred.value} ({pred.text!r})")
        for gold in outcome.missed:
            rows.append(f"MISSED {doc.name} dct={doc.dct} {gold.text!r} gold={gold.value} ctx={doc.text[max(0, gold.start - 40):gold.end + 30]!r}")
        for pred in outcome.spurious:
            rows.append(f"EXTRA  {doc.name} {pred.text!r} sys={pred.value} ctx={doc.text[max(0, pred.start - 40):pred.end + 30]!r}")
    for row in rows[:limit]:
        click.echo(row)


@click.command(name="time")
@data_option("data", "time", "tbaq", what="the TBAQ folder of .tml files", name="data_path")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--errors", default=0, show_default=True, help="Also list up to N sitroom errors (value, missed, extra).")
@click.option("--no-dateparser", is_flag=True, help="Score sitroom alone.")
@click.option("--no-parse", is_flag=True, help="Also score sitroom without the spaCy parse (tense from nearby words).")
def command(data_path: Path, as_json: bool, errors: int, no_dateparser: bool, no_parse: bool) -> None:
    """Temporal expressions: sitroom against dateparser on TimeBank + AQUAINT (TBAQ) DATE timexes."""
    if not data_path.is_dir():
        raise click.ClickException(f"{data_path}: not a folder of .tml files; pass --data with the TBAQ folder")
    docs = load_tml_dir(data_path)
    if not docs:
        raise click.ClickException(f"{data_path}: no .tml files found; pass --data with the TBAQ folder")
    systems: dict[str, Callable[[list[TmlDoc]], list[list[Prediction]]]] = {"sitroom": sitroom_predictions}
    if no_parse:
        systems["sitroom-noparse"] = lambda d: sitroom_predictions(d, use_parse=False)
    if not no_dateparser:
        systems["dateparser"] = dateparser_predictions
    results: dict[str, dict[str, dict[str, float | int]]] = {}
    seconds: dict[str, float] = {}
    sitroom_outcomes: list[Outcome] = []
    for name, predict in systems.items():
        began = _clock.perf_counter()
        tallies, outcomes = evaluate(docs, predict(docs))
        seconds[name] = _clock.perf_counter() - began
        results[name] = {subset: tally.as_dict() for subset, tally in tallies.items()}
        if name == "sitroom":
            sitroom_outcomes = outcomes
    if as_json:
        click.echo(json.dumps({"data": str(data_path), "documents": len(docs), "results": results, "seconds": seconds}, indent=2))
    else:
        click.echo(f"{len(docs)} documents from {data_path}")
        _print_table(results, seconds)
    if errors:
        _print_errors(docs, sitroom_outcomes, errors)
