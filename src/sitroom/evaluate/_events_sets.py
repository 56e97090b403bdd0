"""Readers for the data sets of ``sitroom eval events``: ConfliBERT classes and BIO spans, ngec-synthetic
stories, and the hand-labelled reference sample (offsets into the cleaned articles, no text)."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitroom.records import Article, Event

NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|'s|'S|n't|'re|'ve|'ll|'d|'m|’s|”)$")
NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "#"}
APOSTROPHES = frozenset({"’", "'"})


def conflibert_classes(path: Path) -> list[tuple[str, str]]:
    """(sentence, class) pairs; the class is the last tab-separated field."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            text, label = line.rsplit("\t", 1)
            if label.strip() in ("0", "1", "2", "3", "4") and text.strip():
                rows.append((text, label.strip()))
    return rows


@dataclass(slots=True)
class SpanSentence:
    """A ConfliBERT BIO sentence detokenised into text, each token with its character span."""

    text: str
    spans: list[tuple[int, int]]
    tags: list[str]

    def tagged(self, role: str) -> set[int]:
        return {i for i, tag in enumerate(self.tags) if tag[2:] == role}

    def tokens_in(self, start: int, end: int) -> set[int]:
        return {i for i, (a, b) in enumerate(self.spans) if a < end and start < b}


def conflibert_spans(path: Path) -> list[SpanSentence]:
    sentences: list[SpanSentence] = []
    tokens: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if tokens:
                sentences.append(_detokenise(tokens))
                tokens = []
            continue
        word, _, tag = line.rpartition(" ")
        tokens.append((word, tag))
    return sentences


def _detokenise(tokens: list[tuple[str, str]]) -> SpanSentence:
    text, spans, tags = "", [], []
    previous = ""
    for number, (word, tag) in enumerate(tokens):
        # A possessive split in two tokens ("Yemen", "’", "s") is written as one: "Yemen’s".
        following = tokens[number + 1][0] if number + 1 < len(tokens) else ""
        possessive = (word in APOSTROPHES and following in ("s", "S")) or (previous in APOSTROPHES and word in ("s", "S"))
        # A number split at its separators ("88", ",", "550", ",", "000"; "3", ".", "6") is written as one.
        earlier = tokens[number - 2][0] if number >= 2 else ""
        grouped = (word in (",", ".") and previous.isdigit() and _groups(word, following)) or (
            previous in (",", ".") and earlier.isdigit() and word.isdigit() and _groups(previous, word))
        if text and not possessive and not grouped and not NO_SPACE_BEFORE.match(word) \
                and previous not in NO_SPACE_AFTER:
            text += " "
        spans.append((len(text), len(text) + len(word)))
        text += word
        tags.append(tag)
        previous = word
    return SpanSentence(text, spans, tags)


def _groups(separator: str, digits: str) -> bool:
    """Whether ``digits`` continue a number after ``separator``: three digits after a thousands comma ("88,550"),
    any digits after a decimal point ("3.6"); not the year after a day ("July 7, 2017")."""
    return digits.isdigit() and (len(digits) == 3 if separator == "," else True)


def ngec_stories(folder: Path) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("text") and row.get("label"):
                    texts.append(row["text"])
                    labels.append(row["label"])
    return texts, labels


# ---- the reference sample -----------------------------------------------------------------------------------

def side(actor_id: str, actors: dict[str, Any]) -> str:
    """What the reference sample compares: the country of an actor (a person or a ministry counts as its
    state: person:sergey-lavrov and country:RUS/GOV are both RUS), else its organisation or its id."""
    actor = actors.get(actor_id)
    if actor is not None and getattr(actor, "org", None):
        return str(actor.org)  # NATO's secretary general speaks for NATO, not for Norway
    if actor is not None and getattr(actor, "country", None):
        return str(actor.country)
    base = actor_id.split("/", 1)[0]
    if base.startswith("country:"):
        return base[8:]
    if base.startswith("igo:"):
        return base[4:]
    return base


@dataclass(slots=True)
class ReferenceEvent:
    type: str
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    date: str | None = None

    def matches(self, event: Event, level: str, actors: dict[str, Any]) -> bool:
        if event.type != self.type:
            return False
        if level == "type":
            return True
        if self.source and not {side(a, actors) for a in self.source} & {side(a, actors) for a in event.source}:
            return False
        if self.target and not {side(a, actors) for a in self.target} & {side(a, actors) for a in event.target}:
            return False
        return self.date is None or event.date == self.date

    def describe(self) -> str:
        return f"{self.type} {','.join(self.source) or '-'} -> {','.join(self.target) or '-'} {self.date or ''}".strip()


@dataclass(slots=True)
class ReferenceSentence:
    start: int
    end: int
    check: str  # the first 8 hex digits of the sentence's sha1: says whether the cleaned text still matches
    events: list[ReferenceEvent]

    def matches(self, text: str) -> bool:
        return sentence_check(text[self.start:self.end]) == self.check


def sentence_check(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:8]


def reference_labels(path: Path) -> dict[str, list[ReferenceSentence]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[str, list[ReferenceSentence]] = {}
    for name, sentences in (data.get("articles") or {}).items():
        found[name] = [
            ReferenceSentence(
                int(s["sentence"][0]), int(s["sentence"][1]), str(s["check"]),
                [ReferenceEvent(e["type"], list(e.get("source") or []), list(e.get("target") or []), e.get("date"))
                 for e in s.get("events") or []])
            for s in sentences]
    return found


def reference_articles(corpus: Path, dictionary: Any) -> dict[str, tuple[Article, list[Event], Any, dict[str, Any]]]:
    """Each article of the corpus by file name: the cleaned article, its events, its parse, its actors."""
    from sitroom import nlp
    from sitroom.clean import clean_with_lines
    from sitroom.ingest import read_paths
    from sitroom.pipeline import analyse, line_stats
    from sitroom.records import RawDoc

    raws = [r for r in read_paths([str(corpus)]) if isinstance(r, RawDoc)]
    stats = line_stats(raws)
    cleaned = [clean_with_lines(raw, stats) for raw in raws]
    found = {}
    for result, doc in zip(cleaned, nlp.parse([c.article.text for c in cleaned])):
        processed = analyse(result.article, doc, dictionary, result.dates)  # the run's stages, dates decided
        found[Path(processed.article.origin).name] = (processed.article, processed.events, doc,
                                                      {a.id: a for a in processed.actors})
    return found
