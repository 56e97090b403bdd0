"""Planted copies for ``sitroom eval link``: each base article copied the ways scrapers and
syndication copy news — exactly, re-wrapped, with page furniture around it, paragraphs
shuffled, cut off, under another headline, paraphrased, or rewritten — so that copy detection
can be scored against a known answer.

The paraphrase rules are written here, independently of the detector: word substitutions an
editor makes, contractions, attribution moved to the front, numbers written out.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# Kinds whose copy carries the same text (the detector should call them duplicates), and kinds
# whose copy is the same story in other words (the same syndication family, not a duplicate).
DUPLICATE_KINDS = ("exact", "rewrapped", "boilerplate", "shuffled", "truncated", "headline")
FAMILY_KINDS = ("paraphrased", "rewritten")

_TOP_FURNITURE = ["Home | World | Politics | Business | Tech | Opinion", "Subscribe", "Menu", "Search",
                  "Breaking News Alert: sign up for our newsletter"]
_BOTTOM_FURNITURE = ["Share this article", "Related Stories", "Leave a Reply", "Your email address will not be published.",
                     "Comments are closed.", "© 2026 Example Media Group. All rights reserved."]
_EXTRA_PARAGRAPHS = [
    "The developments were being closely watched by markets in the region, analysts said.",
    "Officials did not respond to requests for further comment on Friday.",
    "The situation remains fluid, and more talks are expected in the coming weeks, observers noted.",
    "This story has been updated with additional reporting.",
]
_HEADLINE_PREFIXES = ["UPDATE: ", "Analysis: ", "What we know: ", "Explainer: "]

# word -> replacements an editor might choose ("|" between alternatives; one is drawn each time)
_SYNONYMS = {
    "said": "stated|noted|remarked", "says": "states|notes", "told": "informed|briefed", "talks": "negotiations|discussions", "meeting": "session|gathering",
    "meetings": "sessions", "officials": "authorities|policymakers", "official": "representative", "government": "administration|cabinet",
    "country": "nation|state", "countries": "nations|states", "troops": "soldiers|personnel", "forces": "troops", "warned": "cautioned|alerted",
    "demands": "requests|conditions", "demand": "request", "response": "reply|answer", "responses": "replies", "however": "but|still",
    "big": "large", "large": "big", "help": "assist", "began": "started", "start": "begin", "ended": "finished",
    "announced": "declared", "plan": "proposal", "plans": "proposals", "buy": "purchase", "show": "demonstrate",
    "showed": "demonstrated", "important": "significant", "major": "significant", "need": "require",
    "needs": "requires", "rules": "regulations", "agreement": "accord", "deal": "agreement", "leader": "head",
    "leaders": "heads", "people": "individuals|persons", "many": "numerous", "about": "roughly|some", "around": "approximately",
    "more than": "over", "after": "following|once", "before": "prior to", "because": "as", "tried": "attempted",
    "try": "attempt", "asked": "requested", "got": "received", "get": "obtain", "likely": "probably",
    "quickly": "rapidly", "support": "backing", "criticized": "condemned", "campaign": "election effort",
    "voters": "electorate", "candidate": "nominee", "election": "vote|poll", "week": "seven days", "month": "four weeks",
    "wants": "seeks", "want": "seek", "think": "believe", "thinks": "believes", "called": "described",
    "made": "produced", "make": "produce", "went": "headed", "going": "heading", "left": "departed",
    "added": "continued|went on", "reported": "stated", "report": "account", "new": "fresh|novel", "old": "former",
    "former": "ex-", "top": "senior", "senior": "high-ranking", "military": "armed forces", "war": "conflict",
    "attack": "assault", "border": "frontier", "crisis": "emergency", "tensions": "strains", "concerns": "worries",
    "possible": "potential", "expected": "anticipated", "continue": "carry on", "continued": "carried on",
    "move": "step", "decision": "ruling", "issue": "matter", "issues": "matters", "problem": "difficulty",
    "problems": "difficulties", "Tuesday": "Tuesday", "days": "days", "public": "open", "news": "reports",
    "state": "government", "vote": "ballot", "votes": "ballots", "win": "victory", "won": "secured",
    "lost": "was defeated in", "national": "nationwide", "speech": "address", "claimed": "asserted",
    "claims": "assertions", "security": "safety", "including": "among them", "recent": "latest",
    "during": "in the course of", "against": "versus", "between": "among", "while": "whereas", "but": "yet",
    "very": "", "also": "", "still": "", "just": "", "already": "", "really": "",
}
_CONTRACTIONS = {"did not": "didn't", "does not": "doesn't", "do not": "don't", "is not": "isn't",
                 "are not": "aren't", "will not": "won't", "cannot": "can't", "it is": "it's", "was not": "wasn't"}
_NUMBERS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}


@dataclass(frozen=True, slots=True)
class Planted:
    name: str  # a unique name for the planted document
    text: str
    source: str  # the base article it was made from (itself for a base article)
    kind: str  # "base" or one of the copy kinds


def paragraphs(text: str) -> tuple[str, list[str]]:
    """(title, body paragraphs) of a text whose first non-blank line is its headline."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return (parts[0], parts[1:]) if parts else ("", [])


def join(title: str, body: list[str]) -> str:
    return "\n\n".join([title, *body]) + "\n"


def copy(text: str, kind: str, rng: random.Random) -> str:
    title, body = paragraphs(text)
    if kind == "exact":
        return text
    if kind == "rewrapped":  # other paragraphing: neighbouring paragraphs joined, blank lines single
        merged = [" ".join(body[i:i + 2]) for i in range(0, len(body), 2)]
        return title + "\n" + "\n".join(merged) + "\n"
    if kind == "boilerplate":
        top = rng.sample(_TOP_FURNITURE, 3)
        bottom = rng.sample(_BOTTOM_FURNITURE, 3)
        return "\n\n".join([*top, title, *body, *bottom]) + "\n"
    if kind == "shuffled":
        body = body[:]
        rng.shuffle(body)
        return join(title, body)
    if kind == "truncated":
        return join(title, body[:max(2, round(len(body) * 0.6))])
    if kind == "headline":
        return join(rng.choice(_HEADLINE_PREFIXES) + paraphrase(title, rng), body)
    if kind == "paraphrased":
        return join(title, [paraphrase(p, rng) for p in body])
    if kind == "rewritten":
        body = [paraphrase(p, rng) for p in body]
        if len(body) > 4:
            del body[rng.randrange(1, len(body))]  # a paragraph dropped
        body.insert(rng.randrange(1, len(body) + 1) if body else 0, rng.choice(_EXTRA_PARAGRAPHS))
        return join(rng.choice(_HEADLINE_PREFIXES) + paraphrase(title, rng), body)
    raise ValueError(f"unknown copy kind {kind!r}")


def paraphrase(text: str, rng: random.Random, rate: float = 0.8) -> str:
    """The text in an editor's other words: each rule applies where it can, at ``rate``."""
    def substitute(table: dict[str, str], text: str) -> str:
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")\b", re.I)

        def replace(m: re.Match[str]) -> str:
            word = m.group(0)
            options = table.get(word.lower())
            if options is None or rng.random() > rate:
                return word
            new = rng.choice(options.split("|"))
            return new[:1].upper() + new[1:] if word[0].isupper() else new
        return re.sub(r"  +", " ", pattern.sub(replace, text))

    text = substitute(_SYNONYMS, text)
    text = substitute(_CONTRACTIONS, text)
    text = substitute(_NUMBERS, text)
    # "On Wednesday, X did Y."  ->  "X did Y on Wednesday."
    text = re.sub(r"(^|(?<=[.!?] ))((?:On|In|At|By|After|During|Since) [^,]{3,40}), ([a-z]?[^.!?]{10,}?)([.!?])",
                  lambda m: f"{m.group(1)}{m.group(3)[:1].upper()}{m.group(3)[1:]} {m.group(2)[:1].lower()}{m.group(2)[1:]}{m.group(4)}",
                  text)
    # “Quote,” Name said.  ->  Name said: “Quote.”
    return re.sub(r"^[“\"](.+?),[”\"] ((?:[A-Z][\w.-]+ ){0,2}[A-Z][\w.-]+) (said|stated)\.$",
                  lambda m: f"{m.group(2)} {m.group(3)}: “{m.group(1)}.”", text)


def plant(base: list[tuple[str, str]], seed: int = 0, copies_per_article: int = 3) -> list[Planted]:
    """The base articles and, for each, copies of kinds drawn in turn so that every kind is planted
    about equally often."""
    rng = random.Random(seed)
    kinds = list(DUPLICATE_KINDS + FAMILY_KINDS)
    planted = [Planted(name, text, name, "base") for name, text in base]
    turn = 0
    for name, text in base:
        for i in range(copies_per_article):
            kind = kinds[turn % len(kinds)]
            turn += 1
            planted.append(Planted(f"{name}~{kind}{i}", copy(text, kind, rng), name, kind))
    return planted
