"""The date rules' first-character guards (``time.patterns._rule(first=...)``) are written by hand
for speed; each guarded rule must find exactly what its pattern alone finds."""

from __future__ import annotations

import re
from pathlib import Path

from sitroom.time.patterns import RULES

ROOT = Path(__file__).resolve().parents[1]
SHARED_TIME = ROOT.parent / "shared" / "data" / "time" / "tbaq"
INVENTED = ("On Monday, 3 March 2025, the talks of the early 1990s, mid-2020 and the twenty-first of May "
            "resumed; by Q3 or H2, the fall, 10:30 a.m. EST, two weeks ago, the past decade, "
            "last night's meeting, the year two thousand and five, '90s, 2024-05-01T09:00, 5/6/2024.")


def _texts() -> list[str]:
    texts = [INVENTED] + [p.read_text(encoding="utf-8", errors="replace")
                          for p in sorted((ROOT / "examples" / "corpus").rglob("*")) if p.is_file()]
    if SHARED_TIME.is_dir():  # more text where ../shared is beside the checkout (40 news documents: the
        # unguarded patterns are the slow ones, which is why the guards exist)
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SHARED_TIME.rglob("*.tml"))[:40]]
    return texts


def test_each_guarded_rule_finds_what_its_pattern_alone_finds():
    texts = _texts()
    for rule in RULES:
        if rule.pattern.pattern == rule.unguarded:
            continue
        plain = re.compile(rule.unguarded, rule.pattern.flags)
        for text in texts:
            assert [m.span() for m in rule.pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], rule.name
