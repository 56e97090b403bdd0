"""The model's two rule-based components as lookup tables: the same annotations, computed once
per distinct token instead of once per token.

``en_core_web_sm``'s ``attribute_ruler`` runs spaCy's Matcher, 179 patterns with predicates
written in Python, over every token, and its ``lemmatizer`` works out most lemmas token by token
(spaCy caches only some of them). Together they took about a quarter of a parse of news text
(5.2–6.4 s of 19.4–21.0 s on 300 articles). What each writes is a function of a few attributes
the earlier components set:

- the ruler's of TAG, LOWER, DEP and IS_SPACE (its patterns read nothing else), and of the
  neighbouring tokens' for its few patterns of two tokens;
- the lemmatizer's of ORTH, POS and MORPH (spaCy's own cache key).

So each distinct combination goes through the component's own rules once and is looked up
after. ``use_tables`` swaps the tables in where a model's rules are of the kinds handled here and
leaves its stock components otherwise; a test checks that every token of a corpus comes out the
same either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.lang.en.lemmatizer import EnglishLemmatizer

# Lemmatizers whose lemmas depend on ORTH, POS and MORPH alone (their rules read nothing else).
LEMMATIZERS = (Lemmatizer, EnglishLemmatizer)

# A process keeps at most this many distinct tokens per table, then starts again: bounded memory
# over any corpus, while news text repeats its tokens far within it.
MAX_KEYS = 100_000

RULER_READS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what the ruler's patterns may test
RULER_WRITES = [POS, MORPH, LEMMA, TAG, DEP]  # what its rules may set


def use_tables(nlp: Language) -> Language:
    """The pipeline with its attribute ruler and lemmatizer replaced by tables that give the same
    annotations, where they can be (the components keep their names)."""
    for name, component in list(nlp.pipeline):
        table = None
        if isinstance(component, AttributeRuler):
            table = AttributeTable.of(component)
        elif type(component) in LEMMATIZERS and component.mode == "rule" and not component.overwrite:
            table = LemmaTable(component)
        if table is not None:
            # spaCy puts components in through its registry of factories, which keeps the last table
            # registered under a name: harmless, as a process builds its pipeline once (nlp.load).
            factory = f"sitroom_{name}_table"
            Language.component(factory, func=table)
            nlp.replace_pipe(name, factory)
    return nlp


class AttributeTable:
    """An ``AttributeRuler`` as a table from a token's (TAG, LOWER, DEP, IS_SPACE) to what its
    one-token rules set, plus its longer patterns matched over the table's per-token tests.

    As in the ruler, every pattern is matched against the attributes as they were before any rule
    applied, and where several rules set the same attribute of a token the later rule wins."""

    def __init__(self, strings: StringStore, single: list[tuple[int, list[Check], list[tuple[int, int]]]],
                 longer: list[tuple[int, list[list[Check]], int, list[tuple[int, int]]]]):
        self.strings = strings
        self.single = single  # (rule, checks, (column, value) set) in rule order
        self.longer = longer  # (rule, checks per token, index of the token it sets, what it sets)
        # Which one-token patterns, and which tokens' tests of the longer ones, can hold for a tag or
        # a lowercase form: most test one of them for equality, so a new combination goes through a
        # few dozen tests, not all.
        self._single_index = _TestIndex([checks for _, checks, _ in single])
        self._longer_tests = [token for _, tokens, _, _ in longer for token in tokens]  # the columns of _passes
        self._longer_index = _TestIndex(self._longer_tests)
        self._clear()

    @classmethod
    def of(cls, ruler: AttributeRuler) -> AttributeTable | None:
        """The table for a ruler, or None where one of its patterns or attributes is of a kind not
        handled here (operators, other token attributes)."""
        strings = ruler.vocab.strings
        single, longer = [], []
        try:
            for rule, attrs in enumerate(ruler.attrs):
                sets = [(RULER_WRITES.index(attr), value) for attr, value in attrs.items()]
                for pattern in ruler.matcher.get(str(rule))[1]:
                    checks = [[Check.of(name, wanted, strings) for name, wanted in spec.items()] for spec in pattern]
                    if not -len(checks) <= ruler.indices[rule] < len(checks):
                        return None  # the ruler itself raises on such a match
                    if len(checks) == 1:
                        single.append((rule, checks[0], sets))
                    else:
                        longer.append((rule, checks, ruler.indices[rule] % len(checks), sets))
        except (ValueError, TypeError):
            return None
        return cls(strings, single, longer)

    def _clear(self) -> None:
        self._ids: dict[tuple[int, ...], int] = {}
        self._rules = np.full((1024, len(RULER_WRITES)), -1, dtype=np.int64)  # the rule that sets each column, or -1
        self._values = np.zeros((1024, len(RULER_WRITES)), dtype=np.uint64)
        self._passes = np.zeros((1024, sum(len(c) for _, c, _, _ in self.longer)), dtype=bool)

    def _add(self, key: tuple[int, ...]) -> int:
        """The row of a combination not seen before, worked out by the ruler's rules."""
        row = len(self._ids)
        if row == len(self._rules):
            self._rules, self._values, self._passes = (
                np.concatenate([a, np.full_like(a, fill)]) for a, fill in
                ((self._rules, -1), (self._values, 0), (self._passes, False)))
        for rule, checks, sets in map(self.single.__getitem__, self._single_index.candidates(key)):
            if all(check(key, self.strings) for check in checks):
                for column, value in sets:
                    self._rules[row, column], self._values[row, column] = rule, value
        for column in self._longer_index.candidates(key):  # the others stay False
            self._passes[row, column] = all(check(key, self.strings) for check in self._longer_tests[column])
        self._ids[key] = row
        return row

    def __call__(self, doc: Doc) -> Doc:
        # A document without tags or a parse reads them as 0, in the Matcher as here.
        if not len(doc):
            return doc
        if len(self._ids) >= MAX_KEYS:
            self._clear()  # between documents: a document's rows stay valid while it is read
        read = doc.to_array(list(RULER_READS))
        ids = self._ids
        rows = np.fromiter((ids[key] if key in ids else self._add(key) for key in zip(*read.T.tolist())),
                           dtype=np.int64, count=len(doc))
        rules, values = self._rules[rows], self._values[rows]
        self._match_longer(self._passes[rows], rules, values)
        doc.from_array(RULER_WRITES, np.where(rules >= 0, values, doc.to_array(RULER_WRITES)))
        return doc

    def _match_longer(self, passes: np.ndarray, rules: np.ndarray, values: np.ndarray) -> None:
        """Apply the patterns of several tokens: each token's tests come from the table, and a
        match sets its token where no later rule has set the same attribute."""
        n, first = len(passes), 0
        for rule, tokens, index, sets in self.longer:
            length, column = len(tokens), first  # the pattern's tests are columns column..column+length-1
            first += length
            if n < length:
                continue
            matched = passes[:n - length + 1, column].copy()
            for offset in range(1, length):
                matched &= passes[offset:n - length + 1 + offset, column + offset]
            for start in np.flatnonzero(matched).tolist():
                for column, value in sets:
                    if rules[start + index, column] <= rule:
                        rules[start + index, column], values[start + index, column] = rule, value


class _TestIndex:
    """Which of a list of token tests (each a list of ``Check``) can pass for a key, by the tag or
    lowercase form that a test requires; tests that require neither are candidates for every key."""

    def __init__(self, tests: list[list[Check]]):
        self.by_value: dict[tuple[int, int], list[int]] = {}
        self.unindexed: list[int] = []
        for position, checks in enumerate(tests):
            values = next((c.values for c in checks if c.column in (0, 1) and c.values is not None), None)
            if values is None:
                self.unindexed.append(position)
            for value in values or ():
                self.by_value.setdefault(value, []).append(position)

    def candidates(self, key: tuple[int, ...]) -> list[int]:
        """The positions of the tests that may pass for ``key``, in order."""
        return sorted(self.unindexed + self.by_value.get((0, key[0]), []) + self.by_value.get((1, key[1]), []))


class LemmaTable:
    """A rule-mode ``Lemmatizer`` as a table from (ORTH, POS, MORPH) to the lemma its rules give;
    like it, it lemmatizes only tokens without a lemma yet (the attribute ruler sets some)."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._checked = False

    def __call__(self, doc: Doc) -> Doc:
        if not self._checked:
            # The first document goes through the component itself, which checks that its lookup
            # tables are there (and says so as spaCy does where they are not).
            self._checked = True
            return self.lemmatizer(doc)
        if not len(doc):
            return doc
        found = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.flatnonzero(found[:, 3] == 0)
        if not len(todo):
            return doc
        if len(self._lemmas) >= MAX_KEYS:
            self._lemmas = {}
            self.lemmatizer.cache.clear()  # spaCy's own cache under this one, filled by the misses
        lemmas, strings = self._lemmas, doc.vocab.strings
        for i, key in zip(todo.tolist(), map(tuple, found[todo, :3].tolist())):
            lemma = lemmas.get(key)
            if lemma is None:
                lemma = lemmas[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            found[i, 3] = lemma
        doc.from_array([LEMMA], found[:, 3:])
        return doc


@dataclass(frozen=True, slots=True)
class Check:
    """One token test of a pattern, as the Matcher reads it: equality, IN, NOT_IN or REGEX on one of
    ``RULER_READS`` (``column``)."""

    column: int
    among: frozenset[int] = frozenset()  # equality and IN: the hashes that pass; NOT_IN: those that fail
    negated: bool = False
    pattern: re.Pattern | None = None

    @property
    def values(self) -> frozenset[tuple[int, int]] | None:
        """(column, hash) of every value that can pass, where there are only those."""
        return None if self.negated or self.pattern else frozenset((self.column, h) for h in self.among)

    def __call__(self, key: tuple[int, ...], strings: StringStore) -> bool:
        if self.pattern is not None:
            return bool(self.pattern.search(strings[key[self.column]]))
        return (key[self.column] in self.among) != self.negated

    @classmethod
    def of(cls, name: str, wanted: object, strings: StringStore) -> Check:
        column = RULER_READS.index(name)
        if isinstance(wanted, dict):
            if len(wanted) != 1:
                raise ValueError(f"more than one operator: {wanted}")
            (operator, value), = wanted.items()
            if operator in ("IN", "NOT_IN"):
                if not isinstance(value, (list, tuple)):
                    raise TypeError(f"{operator} wants a list: {value!r}")
                return cls(column, frozenset(_hash(v, strings) for v in value), negated=operator == "NOT_IN")
            if operator == "REGEX":
                return cls(column, pattern=re.compile(value))
            raise ValueError(f"operator not handled: {operator}")
        return cls(column, frozenset([_hash(wanted, strings)]))


def _hash(value: object, strings: StringStore) -> int:
    """A pattern's value as the token's attribute holds it: a string's hash, a flag's 0 or 1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return strings.add(value)
    raise TypeError(f"value not handled: {value!r}")
