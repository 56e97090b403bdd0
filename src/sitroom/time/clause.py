"""The date of a clause: the timex its verb governs, through the dependency parse.

Used by the events stage to date what a verb reports ("met on Wednesday", "said Thursday").
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from sitroom.records import Timex

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MAX_VISIT = 200  # words of a clause looked through for its date: a run-on sentence stays cheap
# How a time expression deep in a clause dates it: as a preposition's object or an adverbial noun phrase.
DATING_DEPS = frozenset({"pobj", "npadvmod", "tmod", "obl", "advmod"})


def date_for_clause(span_or_token: Span | Token, timexes: list[Timex]) -> Timex | None:
    """The timex attached to the verb of a clause through the dependency parse, or None.

    Looks at the verb's own dependents first (``npadvmod``, ``obl``, a preposition's object:
    "met on Wednesday", "said Thursday"), then at the dependents of its subject and object
    ("Wednesday's talks ended"), then anywhere in the clause's own words, nearest first ("delivered
    its response to Russia's demands on March 4", where the parser hangs the date on "demands"). A
    timex inside a different clause (a relative clause, a complement, a coordinated verb) is not taken.
    """
    if not timexes:
        return None
    token = span_or_token.root if hasattr(span_or_token, "root") else span_or_token
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
    verb = token
    by_start = sorted(timexes, key=lambda t: t.start)

    def timex_at(tok: Token) -> Timex | None:
        begin, finish = tok.idx, tok.idx + len(tok.text)
        return next((t for t in by_start if t.start < finish and begin < t.end), None)

    clause_deps = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj"}

    def search(node: Token, depth: int) -> Timex | None:
        for child in node.children:
            if child.dep_ in clause_deps or child.dep_ == "punct":
                continue
            found = timex_at(child)
            if found is not None and found.type in ("DATE", "TIME"):
                return found
            if depth > 0 and child.dep_ in ("prep", "npadvmod", "pobj", "obl", "nmod", "advmod", "tmod", "nsubj", "dobj", "poss", "compound", "pcomp"):
                deeper = search(child, depth - 1)
                if deeper is not None:
                    return deeper
        return None

    found = search(verb, 2) or _in_clause(verb, timex_at, clause_deps)
    if found is not None:
        return found
    # A coordinated verb of the same clause (no subject of its own) with no time expression of its own shares the
    # one of the verb it is coordinated with ("In 2014, Moscow seized X and backed Y": both in 2014), and so does
    # a participle that goes with the verb ("On January 26, they delivered their response, ruling out ..."),
    # unless it moves to the future ("met in January and will meet again"). A clause of its own ("..., and the
    # army withdrew", "after talks ended") does not.
    if any((c.dep_ == "aux" and c.lower_ in FUTURE_WORDS) or c.dep_ in ("nsubj", "nsubjpass", "expl", "mark")
           for c in verb.children):
        return None
    head = verb
    for _ in range(4):
        shares = head.dep_ == "conj" or (head.dep_ == "advcl" and head.tag_ == "VBG" and head.i > head.head.i)
        if not shares or head.head.i == head.i or (head.i != verb.i and any(
                c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for c in head.children)):
            break
        head = head.head
        found = search(head, 2) or _in_clause(head, timex_at, clause_deps)
        if found is not None:
            return found
    return None


FUTURE_WORDS = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})


def _in_clause(verb: Token, timex_at: Callable[[Token], Timex | None], clause_deps: set[str]) -> Timex | None:
    # The parser often hangs a date on a noun deep in the verb's object ("delivered its response to Russia's
    # demands on March 4": "on March 4" under "demands"). Any date in the clause's own words counts, nearest
    # first, leaving out the clauses of other verbs (a relative clause, a complement, a coordinated verb).
    queue, visited = deque([verb]), 0
    while queue and visited < MAX_VISIT:
        node = queue.popleft()
        visited += 1
        for child in node.children:
            if child.dep_ in clause_deps or child.dep_ == "punct":
                continue
            found = timex_at(child)
            if found is not None and found.type in ("DATE", "TIME") and child.dep_ in DATING_DEPS:
                return found  # "on March 4", "in 2014", "Monday"; not "a 2015 peace agreement", which names a thing
            queue.append(child)
    return None
