"""The actor dictionary: countries, IGOs, groups, people with time-bounded roles, title words.

The dictionary is data (``data/*.csv|yaml`` shipped with the package) and users add to it with
``--actors FILE`` (YAML with the same sections, or a CSV). Every problem in a file is reported as
``FILE:LINE: problem`` in a :class:`DictionaryError`, so a user can fix it without reading code.

Nothing here knows about spaCy: the resolver turns :attr:`ActorDictionary.aliases` into a
PhraseMatcher once per vocabulary.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from sitroom.records import Actor

T = TypeVar("T")

COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")
ORG_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECTORS = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LAB LEG REF ELI AGR JRN NGO MOS UAF ENV HRI".split()
)
ACTOR_KINDS = frozenset({"country", "igo", "person", "org", "group"})
SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "PTY": "party",
    "COP": "police", "JUD": "judiciary", "SPY": "intelligence", "MED": "medical", "EDU": "education",
    "BUS": "business", "CRM": "criminals", "CVL": "civilians", "LAB": "labour", "LEG": "legislature",
    "REF": "refugees", "ELI": "elites", "AGR": "agriculture", "JRN": "media", "NGO": "NGO",
    "MOS": "religious", "UAF": "unaffiliated", "ENV": "environment", "HRI": "human rights",
}
COUNTRY_COLUMNS = ("code", "name", "aliases", "adjectives", "demonyms", "capital", "seats", "places")
ENTRY_COLUMNS = ("kind", "name", "aliases", "country", "org", "sector", "role", "start", "end", "gender")
GENDERS = frozenset({"m", "f"})


class DictionaryError(ValueError):
    """A malformed dictionary file; the message is ``FILE:LINE: problem``."""


# Letters that Unicode does not decompose into a base letter plus an accent.
_TRANSLITERATE = str.maketrans({"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "ß": "ss",
                                "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ı": "i", "Þ": "Th", "þ": "th"})


def ascii_fold(text: str) -> str:
    """The text in ASCII letters: accents dropped (NFC or NFD alike), "Đ" -> "D", "ß" -> "ss"."""
    return unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    """A normalised name for ids: accents dropped, lower case, words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def person_key(name: str) -> str:
    """The id part of a person: the name without initials ("Anna K. Weber" -> anna-weber)."""
    words = [w for w in re.split(r"\s+", name.strip()) if w and not re.fullmatch(r"[A-Z]\.?|[A-Z]\.[A-Z]\.?", w)]
    return slug(" ".join(words))


def surname(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w.lower().rstrip(".") not in {"jr", "sr", "ii", "iii"}]
    return words[-1] if words else name


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    sector: str | None = None
    country: str | None = None  # the state the role is held for, when it differs from the person's
    org: str | None = None  # IGO code when the role is held in an IGO
    start: str | None = None  # YYYY-MM-DD, inclusive
    end: str | None = None

    def active(self, on: str | None) -> bool:
        if on is None:
            return True
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(slots=True)
class Person:
    id: str
    name: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    gender: str | None = None  # "m" or "f" where stated in the dictionary; used only to rule out pronouns

    def role_at(self, on: str | None) -> Role | None:
        """The role held on the given day; with no date, the most recent role (the article is
        assumed recent rather than historical)."""
        if on is None:
            return max(self.roles, key=lambda r: r.start or "", default=None)
        active = [r for r in self.roles if r.active(on)]
        return max(active, key=lambda r: r.start or "", default=None)


@dataclass(frozen=True, slots=True)
class Alias:
    """What a phrase in text names. ``how`` says how it was listed (name, adj, demonym, capital,
    seat, place, igo, igo-seat, group, person) because that decides metonymy and sector."""

    actor: str
    how: str
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Title:
    sector: str | None
    role: str | None = None
    country: str | None = None


@dataclass(slots=True)
class ActorDictionary:
    actors: dict[str, Actor] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    former_words: frozenset[str] = frozenset()
    igo_seats: dict[str, list[str]] = field(default_factory=dict)  # "Brussels" -> ["NATO", "EU"]
    members: dict[str, list[str]] = field(default_factory=dict)  # IGO code -> member codes (with @dates)
    country_names: dict[str, str] = field(default_factory=dict)  # alpha-3 -> name
    # Structures built from the entries (matchers, indexes), kept until the entries change.
    cache: dict[str, tuple[object, Any]] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, what: str, build: Callable[[], T], owner: object = None) -> T:
        """``build()``, made once per dictionary (and per ``owner``, such as a spaCy vocabulary)."""
        hit = self.cache.get(what)
        if hit is not None and hit[0] is owner:
            return hit[1]
        value = build()
        self.cache[what] = (owner, value)
        return value

    @classmethod
    def load(cls, extra: Path | None = None) -> ActorDictionary:
        """The shipped dictionary (parsed once per process), plus the entries of ``extra``."""
        if extra is None:
            return _default()
        merged = _default().copy()
        load_file(merged, Path(extra))
        return merged

    def copy(self) -> ActorDictionary:
        return ActorDictionary(
            actors=dict(self.actors), aliases=dict(self.aliases), people=dict(self.people),
            titles=dict(self.titles), former_words=self.former_words,
            igo_seats={k: list(v) for k, v in self.igo_seats.items()}, members=dict(self.members),
            country_names=dict(self.country_names),
        )

    # lookups used by the resolver -------------------------------------------------------------
    def surnames(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for person in self.people.values():
            for name in [person.name, *person.aliases]:
                ids = index.setdefault(surname(name), [])
                if person.id not in ids:
                    ids.append(person.id)
        return index

    def fuzzy(self, text: str, kinds: frozenset[str]) -> Alias | None:
        """The one alias of the given kinds within one edit of ``text`` (a dropped, added,
        changed or swapped letter: "Afganistan", "Phillippines"); None when none or several.
        Only for words of six letters or more, where one edit rarely makes another name."""
        if len(text) < 6:
            return None
        index = self._fuzzy_index()
        found: dict[str, Alias] = {}
        key = text[0].lower()
        for size in (len(text) - 1, len(text), len(text) + 1):
            for alias_text, alias in index.get((key, size), ()):
                lower, other = text.lower(), alias_text.lower()
                # "Indiana" is not "Indian" with a typo: a word that only adds a last letter is another word.
                if lower.startswith(other) or other.startswith(lower):
                    continue
                if alias.how in kinds and _within_one_edit(lower, other):
                    found[alias.actor] = alias
        return next(iter(found.values())) if len(found) == 1 else None

    def _fuzzy_index(self) -> dict[tuple[str, int], list[tuple[str, Alias]]]:
        def build() -> dict[tuple[str, int], list[tuple[str, Alias]]]:
            index: dict[tuple[str, int], list[tuple[str, Alias]]] = {}
            for alias_text, alias in self.aliases.items():
                if len(alias_text) >= 5:
                    index.setdefault((alias_text[0].lower(), len(alias_text)), []).append((alias_text, alias))
            return index

        return self.derived("fuzzy-index", build)

    def group_actor(self, base: str, sector: str) -> Actor:
        """The actor for a sector of a country or IGO ("country:RUS/MIL"), made on first use."""
        actor_id = f"{base}/{sector}"
        known = self.actors.get(actor_id)
        if known is not None:
            return known
        parent = self.actors[base]
        return Actor(
            id=actor_id, name=f"{parent.name} ({SECTOR_NAMES.get(sector, sector)})", kind="group",
            country=parent.country, org=parent.org, sector=sector, country_from=parent.country_from,
        )

    def actor_of(self, actor_id: str) -> Actor | None:
        """The dictionary's actor of this id, a sector of one included ("country:UKR/REB"); None for
        an id it cannot make (a person or group only a text names)."""
        known = self.actors.get(actor_id)
        if known is not None:
            return known
        base, _, sector = actor_id.partition("/")
        return self.group_actor(base, sector) if sector in SECTOR_NAMES and base in self.actors else None

    def add_alias(self, text: str, alias: Alias, override: bool) -> None:
        text = text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        known = self.aliases.get(text)
        # A place name never hides a name, capital or seat listed elsewhere (Tripoli: LBY's capital).
        if text and (known is None or override or (known.how == "place" and alias.how != "place")):
            self.aliases[text] = alias
            self.cache.clear()


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of at most one, without building the full table."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


@lru_cache(maxsize=1)
def _default() -> ActorDictionary:
    dictionary = ActorDictionary()
    data = resources.files("sitroom.actors") / "data"
    for name in ("countries.csv", "igos.yaml", "groups.yaml", "people.yaml", "titles.yaml"):
        with resources.as_file(data / name) as path:
            load_file(dictionary, path, override=False)
    return dictionary


# ------------------------------------------------------------------------------------------
# file loading and validation


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that records each mapping's 1-based line as the key ``__line__``. It parses
    with libyaml where PyYAML has it (its wheels do): the shipped dictionary took 0.9 s to load in
    Python, in every worker process."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text, so that a bad date is reported with its line by the checks below.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_file(dictionary: ActorDictionary, path: Path, override: bool = True) -> None:
    """Add the entries of one dictionary file; raise DictionaryError naming file and line."""
    dictionary.cache.clear()  # what was built from the old entries no longer holds
    if not path.is_file():
        raise DictionaryError(f"{path}: no such file (an actor dictionary is a .yaml or .csv file)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{path}: cannot read as UTF-8 text: {exc}") from exc
    if path.suffix.lower() in {".csv", ".tsv"}:
        _load_csv(dictionary, path, text, override)
    elif path.suffix.lower() in {".yaml", ".yml"}:
        _load_yaml(dictionary, path, text, override)
    else:
        raise DictionaryError(f"{path}: unknown dictionary format {path.suffix!r}; use .yaml, .yml or .csv")


def _load_yaml(dictionary: ActorDictionary, path: Path, text: str, override: bool) -> None:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DictionaryError(f"{path}:{line}: not valid YAML: {problem}") from exc
    if data is None:
        return
    name = path.name
    # The shipped files each hold one section; a user file names its sections.
    if isinstance(data, list):
        section = {"igos.yaml": "igos", "people.yaml": "people", "groups.yaml": "groups"}.get(name)
        if section is None:
            raise DictionaryError(
                f"{path}:1: a list at the top level; name the section: countries, igos, people, groups or titles"
            )
        data = {section: data, "__line__": 1}
    if not isinstance(data, dict):
        raise DictionaryError(f"{path}:1: expected a mapping of sections (countries, igos, people, groups, titles)")
    known = {"countries", "igos", "people", "groups", "titles", "former", "__line__"}
    for key in data:
        if key not in known:
            raise DictionaryError(f"{path}:{data['__line__']}: unknown section {key!r}; expected one of "
                                  "countries, igos, people, groups, titles, former")
    for section, add in (("countries", _add_country), ("igos", _add_igo), ("groups", _add_group),
                         ("people", _add_person)):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise DictionaryError(f"{path}:{data['__line__']}: section {section!r} must be a list of entries")
        for entry in entries:
            line = entry.get("__line__", data["__line__"]) if isinstance(entry, dict) else data["__line__"]
            if not isinstance(entry, dict):
                raise DictionaryError(f"{path}:{line}: each {section} entry must be a mapping, got {entry!r}")
            try:
                _check_keys(entry, ALLOWED_KEYS[section])
                add(dictionary, entry, override)
            except _Problem as problem:
                raise DictionaryError(f"{path}:{problem.line or line}: {problem}") from None
    titles = data.get("titles") or {}
    if not isinstance(titles, dict):
        raise DictionaryError(f"{path}:{data['__line__']}: 'titles' must map a title to {{sector, role}}")
    for phrase, spec in titles.items():
        if phrase == "__line__":
            continue
        line = spec.get("__line__", titles.get("__line__", 1)) if isinstance(spec, dict) else titles.get("__line__", 1)
        try:
            dictionary.titles[str(phrase).lower()] = _title(spec)
        except _Problem as problem:
            raise DictionaryError(f"{path}:{line}: title {phrase!r}: {problem}") from None
    former = data.get("former")
    if former is not None:
        if not isinstance(former, list) or not all(isinstance(w, str) for w in former):
            raise DictionaryError(f"{path}:{data['__line__']}: 'former' must be a list of words")
        dictionary.former_words = dictionary.former_words | {w.lower() for w in former}


def _load_csv(dictionary: ActorDictionary, path: Path, text: str, override: bool) -> None:
    rows = list(csv.reader(text.splitlines(), delimiter="\t" if path.suffix.lower() == ".tsv" else ","))
    if not rows:
        return
    header = tuple(h.strip().lower() for h in rows[0])
    if header[: len(COUNTRY_COLUMNS)] == COUNTRY_COLUMNS:
        add, columns = _add_country, COUNTRY_COLUMNS
    elif header[:2] == ("kind", "name") and set(header) <= set(ENTRY_COLUMNS):
        add, columns = _add_csv_entry, header
    else:
        raise DictionaryError(
            f"{path}:1: unknown header {','.join(header)!r}; expected {','.join(COUNTRY_COLUMNS)} "
            f"(countries) or kind,name followed by any of {','.join(ENTRY_COLUMNS[2:])}"
        )
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            raise DictionaryError(f"{path}:{number}: {len(row)} fields, the header has {len(columns)}")
        entry: dict[str, Any] = {col: row[i].strip() if i < len(row) else "" for i, col in enumerate(columns)}
        for col in ("aliases", "adjectives", "demonyms", "capital", "seats", "places"):
            if col in entry:
                entry[col] = [part.strip() for part in entry[col].split("|") if part.strip()]
        try:
            add(dictionary, entry, override)
        except _Problem as problem:
            raise DictionaryError(f"{path}:{number}: {problem}") from None


class _Problem(Exception):
    """One entry's problem, turned into FILE:LINE: problem by the caller (``line`` when the
    problem sits on a line of its own inside the entry, such as one role of a person)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


ALLOWED_KEYS = {
    "countries": frozenset(COUNTRY_COLUMNS),
    "igos": frozenset({"code", "name", "aliases", "sector", "seats", "members"}),
    "groups": frozenset({"name", "kind", "aliases", "country", "org", "sector", "people"}),
    "people": frozenset({"name", "aliases", "country", "roles", "gender"}),
}


def _check_keys(entry: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(k for k in entry if k != "__line__" and k not in allowed)
    if unknown:
        raise _Problem(f"unknown field {unknown[0]!r}; expected {', '.join(sorted(allowed))}")


def _text_list(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise _Problem(f"{key!r} must be a list of names")
    return [str(v).strip() for v in value if str(v).strip()]


def _code(value: Any, what: str, pattern: re.Pattern[str]) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not pattern.match(value):
        raise _Problem(f"{what} {value!r} is not a valid code")
    return value


def _sector(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in SECTORS:
        raise _Problem(f"unknown sector {value!r}; expected one of {' '.join(sorted(SECTORS))}")
    return str(value)


def _date(value: Any, what: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise _Problem(f"{what} {value!r} is not a date (YYYY-MM-DD)")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _Problem(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None
    return value


def _gender(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in GENDERS:
        raise _Problem(f"gender {value!r}: expected m or f (or leave it out)")
    return str(value)


def _require_name(entry: dict[str, Any]) -> str:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _Problem("missing 'name'")
    return name.strip()


def _add_country(dictionary: ActorDictionary, entry: dict[str, Any], override: bool) -> None:
    code = _code(entry.get("code"), "country code", COUNTRY_CODE)
    if code is None:
        raise _Problem("missing 'code' (ISO 3166 alpha-3, e.g. RUS)")
    name = _require_name(entry)
    actor_id = f"country:{code}"
    aliases = _text_list(entry, "aliases")
    dictionary.actors[actor_id] = Actor(id=actor_id, name=name, kind="country", country=code, aliases=aliases,
                                         country_from="dictionary")
    dictionary.country_names[code] = name
    for text in [name, *aliases]:
        dictionary.add_alias(text, Alias(actor_id, "name"), override)
    for text in _text_list(entry, "adjectives"):
        dictionary.add_alias(text, Alias(actor_id, "adj"), override)
    for text in _text_list(entry, "demonyms"):
        dictionary.add_alias(text, Alias(actor_id, "demonym"), override)
    for text in _text_list(entry, "capital"):
        dictionary.add_alias(text, Alias(actor_id, "capital", "GOV"), override)
    for text in _text_list(entry, "seats"):
        place, _, sector = text.partition(":")
        dictionary.add_alias(place, Alias(actor_id, "seat", _sector(sector.strip() or "GOV")), override)
    for text in _text_list(entry, "places"):
        dictionary.add_alias(text, Alias(actor_id, "place"), False)


def _add_igo(dictionary: ActorDictionary, entry: dict[str, Any], override: bool) -> None:
    code = _code(entry.get("code"), "IGO code", ORG_CODE)
    if code is None:
        raise _Problem("missing 'code' (e.g. NATO)")
    name = _require_name(entry)
    actor_id = f"igo:{code}"
    sector = _sector(entry.get("sector"))
    aliases = _text_list(entry, "aliases")
    members = _text_list(entry, "members")
    for member in members:
        country, _, since = member.partition("@")
        _code(country, "member", COUNTRY_CODE)
        for part in since.split(".."):
            _date(part, f"membership date of {country}")
    dictionary.actors[actor_id] = Actor(id=actor_id, name=name, kind="igo", org=code, sector=sector, aliases=aliases)
    dictionary.members[code] = members
    for text in [name, *aliases]:
        dictionary.add_alias(text, Alias(actor_id, "igo"), override)
    for seat in _text_list(entry, "seats"):
        dictionary.igo_seats.setdefault(seat, []).append(code)


def _add_group(dictionary: ActorDictionary, entry: dict[str, Any], override: bool) -> None:
    name = _require_name(entry)
    kind = entry.get("kind") or "group"
    if kind not in {"org", "group"}:
        raise _Problem(f"kind {kind!r}: groups are 'org' or 'group'")
    country = _code(entry.get("country"), "country", COUNTRY_CODE)
    actor_id = f"{kind}:{slug(name)}"
    aliases = _text_list(entry, "aliases")
    dictionary.actors[actor_id] = Actor(
        id=actor_id, name=name, kind=kind, country=country, org=_code(entry.get("org"), "org", ORG_CODE),
        sector=_sector(entry.get("sector")), aliases=aliases, country_from="dictionary" if country else None,
    )
    # A people ("Kurds") is named like a demonym: "Iraqi Kurds" are Iraq's people.
    how = "people" if entry.get("people") in (True, "true", "yes", "1") else "group"
    for text in [name, *aliases]:
        dictionary.add_alias(text, Alias(actor_id, how), override)


def _add_person(dictionary: ActorDictionary, entry: dict[str, Any], override: bool) -> None:
    name = _require_name(entry)
    country = _code(entry.get("country"), "country", COUNTRY_CODE)
    gender = _gender(entry.get("gender"))
    roles_in = entry.get("roles") or []
    if not isinstance(roles_in, list):
        raise _Problem("'roles' must be a list of {title, sector, start, end}")
    roles = []
    for spec in roles_in:
        if not isinstance(spec, dict) or not isinstance(spec.get("title"), str):
            raise _Problem(f"role {spec!r} needs a 'title'")
        try:
            _check_keys(spec, frozenset({"title", "sector", "country", "org", "start", "end"}))
            start, end = _date(spec.get("start"), "start"), _date(spec.get("end"), "end")
            if start and end and end < start:
                raise _Problem(f"role {spec['title']!r} ends ({end}) before it starts ({start})")
            roles.append(Role(
                title=spec["title"], sector=_sector(spec.get("sector")),
                country=_code(spec.get("country"), "role country", COUNTRY_CODE),
                org=_code(spec.get("org"), "role org", ORG_CODE), start=start, end=end,
            ))
        except _Problem as problem:
            raise _Problem(str(problem), problem.line or spec.get("__line__")) from None
    actor_id = f"person:{person_key(name)}"
    aliases = _text_list(entry, "aliases")
    dictionary.people[actor_id] = Person(id=actor_id, name=name, country=country, aliases=aliases, roles=roles,
                                         gender=gender)
    for text in [name, *aliases]:
        dictionary.add_alias(text, Alias(actor_id, "person"), override)


def _add_csv_entry(dictionary: ActorDictionary, entry: dict[str, Any], override: bool) -> None:
    kind = entry.get("kind")
    if kind not in ACTOR_KINDS - {"country"}:
        raise _Problem(f"kind {kind!r}: a CSV entry is igo, person, org or group (countries use the countries header)")
    if kind == "person":
        role = entry.get("role")
        roles = [{"title": role, "sector": entry.get("sector"), "org": entry.get("org"),
                  "start": entry.get("start"), "end": entry.get("end")}] if role else []
        _add_person(dictionary, {**entry, "roles": roles}, override)
    elif kind == "igo":
        _add_igo(dictionary, {**entry, "code": entry.get("org")}, override)
    else:
        _add_group(dictionary, entry, override)


def _title(spec: Any) -> Title:
    if not isinstance(spec, dict):
        raise _Problem("expected {sector: ..., role: ...}")
    return Title(sector=_sector(spec.get("sector")), role=spec.get("role"),
                 country=_code(spec.get("country"), "country", COUNTRY_CODE))
