"""PLOVER types and modes, the CAMEO -> PLOVER map, Goldstein values and CAMEO quad classes.

All of it is data shipped in ``events/data/`` (carried over once from the public tables, never read from
elsewhere at run time):

- ``plover_modes.tsv``: the 16 PLOVER 1.0 event types and their modes (PLOVER codebook);
- ``cameo_plover.tsv``: every CAMEO 1.1b3 code with its PLOVER type, mode and context (CAMEO2PLOVER-2021,
  with the departures named in its ``note`` column: appeals (02x) added as REQUEST, 163 as SANCTION);
- ``goldstein.tsv``: the Goldstein conflict-cooperation value of every CAMEO code, from
  ``CAMEO.goldsteinscale.txt`` (the table GDELT distributes), chosen over gdeltPyR's table, which lacks
  31 codes;
- ``frames.tsv``: the codes of promises, appeals, demands, refusals and threats about an act.

CAMEO codes are strings ("0841"): the leading zero matters ("010" is a statement, "10" a demand).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

# The CAMEO quad classes by root code (the CAMEO manual's grouping, as in GDELT's QuadClass):
# 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD_CLASS = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
              **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}
FRAMES = ("intent", "appeal", "demand", "reject", "threaten")


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code and what it means in PLOVER."""

    cameo: str
    type: str | None  # None for CAMEO 01 (public statements), which PLOVER does not code
    mode: str | None
    context: str | None
    goldstein: float | None
    description: str

    @property
    def root(self) -> str:
        return self.cameo[:2]

    @property
    def quad_class(self) -> int | None:
        return QUAD_CLASS.get(self.root)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("sitroom.events").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]  # the first line left is the header


@lru_cache(maxsize=1)
def codes() -> dict[str, Code]:
    """Every CAMEO code in the shipped tables, by code."""
    goldstein = {row[0]: (float(row[1]), row[2]) for row in _rows("goldstein.tsv")}
    plover = {row[0]: row for row in _rows("cameo_plover.tsv")}
    table = {}
    for cameo, (value, description) in goldstein.items():
        row = plover.get(cameo)
        typ = row[1] if row else None
        mode = row[2] if row and len(row) > 2 and row[2] else None
        context = row[3] if row and len(row) > 3 and row[3] else None
        gloss = row[4] if row and len(row) > 4 and row[4] else description
        table[cameo] = Code(cameo, typ, mode, context, value, gloss)
    return table


@lru_cache(maxsize=1)
def modes() -> dict[str, frozenset[str]]:
    """PLOVER type -> its modes (an empty set where the type has none)."""
    found: dict[str, set[str]] = {t: set() for t in TYPES}
    for row in _rows("plover_modes.tsv"):
        if len(row) > 1 and row[1]:
            found[row[0]].add(row[1])
    return {t: frozenset(m) for t, m in found.items()}


@lru_cache(maxsize=1)
def frame_table() -> dict[str, dict[str, str]]:
    """frame -> {act code prefix or "*": resulting CAMEO code}."""
    table: dict[str, dict[str, str]] = {frame: {} for frame in FRAMES}
    for frame, act, code in _rows("frames.tsv"):
        table[frame][act] = code
    return table


def lookup(cameo: str) -> Code | None:
    return codes().get(cameo)


def frame_code(frame: str, act: str | None) -> str:
    """The CAMEO code of a frame ("threaten") about an act ("161" break relations): "1313".

    The longest prefix of the act listed for the frame decides; an act the frame does not list (or none)
    gives the frame's base code. Under an intent frame, an act of conflict (protest, reduced relations,
    coercion, violence: roots 14 and 16-20) is a threat; a show of force (15) offered or promised is military
    cooperation ("offered to host troops").
    """
    table = frame_table()
    if frame == "intent" and act and act[:2].isdigit() and int(act[:2]) >= 14 and act[:2] != "15":
        frame = "threaten"
    rows = table[frame]
    if act:
        for length in range(len(act), 1, -1):
            if act[:length] in rows:
                return rows[act[:length]]
    return rows["*"]


def valid_mode(plover_type: str, mode: str | None) -> str | None:
    """The mode if the PLOVER codebook lists it for the type, else None."""
    return mode if mode and mode in modes().get(plover_type, frozenset()) else None

