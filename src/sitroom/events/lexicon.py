"""The event lexicon: verbs and nouns that name political acts, read once from ``events/data/*.yaml``.

``verbs.yaml`` and ``nouns.yaml`` are written for an analyst to review (their headers say what every field
means); this module turns them into lookup tables and checks them: a CAMEO code the tables do not know, a
frame that does not exist or a PLOVER type/mode override the codebook lacks stops the load with the file and
key named, so a slip in the data is found by the first test, not by a user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from sitroom.events import plover


class LexiconError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Sense:
    """One meaning of a verb or noun: the act it names and how to find its parts."""

    cameo: str
    type: str
    mode: str | None
    frame: str | None = None
    targets: tuple[str, ...] = ("object",)  # "object" and/or prepositions
    objects: frozenset[str] | None = None  # the sense needs one of these object lemmas
    needs: str | None = None  # complement | object | intransitive | light | modifier
    requires: frozenset[str] = frozenset()  # modifiers asked for by needs: modifier
    weight: float = 0.6
    modifiers: dict[str, str] = field(default_factory=dict)  # noun modifier lemma -> CAMEO code
    light: dict[str, str] = field(default_factory=dict)  # light verb lemma -> CAMEO code
    of: str = "target"  # what an "of" phrase names (nouns): source | target | theme
    plural: bool = False  # the noun names the act in the plural only ("talks", "sanctions", "ties")
    ignore: bool = False  # this use names no act ("met its obligations"): stop looking


@dataclass(frozen=True, slots=True)
class Entry:
    """A lexicon key: a head lemma plus the words that must go with it."""

    lemma: str
    extra: tuple[str, ...]  # verbs: particles/prepositions; nouns: modifiers before the head
    senses: tuple[Sense, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[Entry, ...]]  # by lemma, entries with more extra words first
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    speech: frozenset[str]
    transparent: dict[str, str]  # verb lemma -> modality of its complement
    transparent_nouns: dict[str, str]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]  # "the meeting took place": a negation negates the event
    outcome_verbs: frozenset[str]  # "the meeting did not yield results": the meeting still took place
    receiving_verbs: frozenset[str]
    transfer_verbs: frozenset[str]
    movement_verbs: frozenset[str]
    quantity_nouns: frozenset[str]
    hypothetical: frozenset[str]
    target_preps: dict[str, tuple[str, ...]]  # PLOVER type -> default target prepositions


class _WordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.1 reads the words on/off/yes/no as booleans; in a lexicon "on" is a preposition. Only
    true/false are booleans here."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    """A key written twice would silently drop the first entry: stop with the line instead."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise LexiconError(f"line {key_node.start_mark.line + 1}: {key!r} is already defined on line {seen[key]}; "
                               "make one entry with a list of senses")
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_WordLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("sitroom.events").joinpath("data", name).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_WordLoader)  # noqa: S506 - a SafeLoader subclass
    except LexiconError as exc:
        raise LexiconError(f"{name}: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top")
    return data


def _words(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: expected a list of words")
    return frozenset(v.lower() for v in value)


def _sense(raw: Any, where: str) -> Sense:
    if isinstance(raw, str):
        raw = {"cameo": raw}
    if isinstance(raw, dict) and raw.get("ignore") is True:
        if "object" not in raw:
            raise LexiconError(f"{where}: an ignored use needs the objects it applies to")
        return Sense(cameo="", type="", mode=None, objects=_words(raw["object"], f"{where}: object"), ignore=True)
    if not isinstance(raw, dict) or "cameo" not in raw:
        raise LexiconError(f"{where}: a sense needs a CAMEO code (cameo: \"120\")")
    unknown = set(raw) - {"cameo", "type", "mode", "frame", "target", "object", "needs", "requires", "weight",
                          "modifiers", "light", "of", "plural", "ignore"}
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {sorted(unknown)}")
    cameo = str(raw["cameo"])
    code = plover.lookup(cameo)
    if code is None:
        raise LexiconError(f"{where}: CAMEO code {cameo!r} is not in the tables")
    plover_type = raw.get("type") or code.type
    if plover_type not in plover.TYPES:
        raise LexiconError(f"{where}: CAMEO {cameo} has no PLOVER type; give one with type:")
    mode = raw.get("mode", code.mode if plover_type == code.type else None)
    if mode is not None and plover.valid_mode(plover_type, mode) is None:
        raise LexiconError(f"{where}: {mode!r} is not a PLOVER mode of {plover_type}")
    frame = raw.get("frame")
    if frame is not None and frame not in plover.FRAMES:
        raise LexiconError(f"{where}: unknown frame {frame!r} (one of {', '.join(plover.FRAMES)})")
    for key in ("modifiers", "light"):
        for word, other in (raw.get(key) or {}).items():
            if plover.lookup(str(other)) is None:
                raise LexiconError(f"{where}: {key} {word}: CAMEO code {other!r} is not in the tables")
    targets = raw.get("target", ["object"])
    return Sense(
        cameo=cameo, type=plover_type, mode=mode, frame=frame,
        targets=tuple(str(t) for t in targets),
        objects=_words(raw["object"], f"{where}: object") if "object" in raw else None,
        needs=raw.get("needs"),
        requires=_words(raw["requires"], f"{where}: requires") if "requires" in raw else frozenset(),
        weight=float(raw.get("weight", 0.6)),
        modifiers={str(k).lower(): str(v) for k, v in (raw.get("modifiers") or {}).items()},
        light={str(k).lower(): str(v) for k, v in (raw.get("light") or {}).items()},
        of=str(raw.get("of", "target")),
        plural=bool(raw.get("plural", False)),
    )


def _entries(section: dict[str, Any], file: str, head_last: bool) -> dict[str, tuple[Entry, ...]]:
    by_head: dict[str, list[Entry]] = {}
    for key, value in section.items():
        words = str(key).lower().split()
        where = f"{file}: {key}"
        raws = value if isinstance(value, list) else [value]
        senses = tuple(_sense(raw, where) for raw in raws)
        head, extra = (words[-1], tuple(words[:-1])) if head_last else (words[0], tuple(words[1:]))
        by_head.setdefault(head, []).append(Entry(head, extra, senses))
    return {head: tuple(sorted(entries, key=lambda e: -len(e.extra))) for head, entries in by_head.items()}


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The shipped lexicon, read and checked once per process."""
    verbs, nouns = _read("verbs.yaml"), _read("nouns.yaml")
    preps = {}
    for plover_type, words in (verbs.get("target_preps") or {}).items():
        if plover_type not in plover.TYPES:
            raise LexiconError(f"verbs.yaml: target_preps: unknown PLOVER type {plover_type}")
        preps[plover_type] = tuple(sorted(_words(words, f"verbs.yaml: target_preps: {plover_type}")))
    modalities = {"future", "asserted", "negated", "improbable", "attempt", "posture", "deontic", "drill"}
    transparent = {str(k): str(v) for k, v in (verbs.get("transparent") or {}).items()}
    transparent_nouns = {str(k): str(v) for k, v in (nouns.get("transparent_nouns") or {}).items()}
    for name, table in (("verbs.yaml: transparent", transparent), ("nouns.yaml: transparent_nouns", transparent_nouns)):
        for word, modality in table.items():
            if modality not in modalities:
                raise LexiconError(f"{name}: {word}: modality must be one of {sorted(modalities)}")
    return Lexicon(
        verbs=_entries(verbs.get("verbs") or {}, "verbs.yaml", head_last=False),
        nouns=_entries(nouns.get("nouns") or {}, "nouns.yaml", head_last=True),
        adjectives=_entries(verbs.get("adjectives") or {}, "verbs.yaml: adjectives", head_last=False),
        speech=_words(verbs.get("speech") or [], "verbs.yaml: speech"),
        transparent=transparent,
        transparent_nouns=transparent_nouns,
        light_verbs=_words(nouns.get("light_verbs") or [], "nouns.yaml: light_verbs"),
        occurrence_verbs=_words(nouns.get("occurrence_verbs") or [], "nouns.yaml: occurrence_verbs"),
        outcome_verbs=_words(nouns.get("outcome_verbs") or [], "nouns.yaml: outcome_verbs"),
        receiving_verbs=_words(nouns.get("receiving_verbs") or [], "nouns.yaml: receiving_verbs"),
        transfer_verbs=_words(nouns.get("transfer_verbs") or [], "nouns.yaml: transfer_verbs"),
        movement_verbs=_words(nouns.get("movement_verbs") or [], "nouns.yaml: movement_verbs"),
        quantity_nouns=_words(nouns.get("quantity_nouns") or [], "nouns.yaml: quantity_nouns"),
        hypothetical=_words(verbs.get("hypothetical") or [], "verbs.yaml: hypothetical"),
        target_preps=preps,
    )
