"""The date rules' first-character guards (``time.patterns._rule(first=...)``) and the words they
need (``needs=...``) are written by hand for speed; each guarded rule must find exactly what its
pattern alone finds, and every match of a rule must hold the words it needs."""

from __future__ import annotations

import re
from pathlib import Path

from sitroom.time.grammar import find_candidates
from sitroom.time.patterns import RULES, _in_lowercase, lowered_faithfully

ROOT = Path(__file__).resolve().parents[1]
SHARED_TIME = ROOT.parent / "shared" / "data" / "time" / "tbaq"
INVENTED = ("On Monday, 3 March 2025, the talks of the early 1990s, mid-2020 and the twenty-first of May "
            "resumed; by Q3 or H2, the fall, 10:30 a.m. EST, two weeks ago, the past decade, "
            "last night's meeting, the year two thousand and five, '90s, 2024-05-01T09:00, 5/6/2024. They meet "
            "every other Tuesday, twice a month, 3 times a year and on Sundays; the bulletin goes out daily, Saturdays too. Yesterday, early today and tonight.")
NEEDED = ("At midnight on Christmas Eve, or 9 pm on New Year's Day, the 19th century ended; by year-end, "
          "this morning, in the spring of nineteen ninety-nine, the 1990s and the twenties, Q3 2024 and "
          "the second half of 2023, on 1.2.2024, 12/31/1999 or 1999-12-31, and by Easter Sunday. In the week "
          "of March 3, sales in the 2023 fiscal quarter beat the year-earlier quarter and the same period "
          "a year ago.")


def _texts() -> list[str]:
    texts = [INVENTED, NEEDED] + [p.read_text(encoding="utf-8", errors="replace")
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


def test_every_match_holds_the_words_its_rule_needs():
    texts = _texts()
    needing = [rule for rule in RULES if rule.needs is not None or rule.needs_as_written is not None]
    assert needing
    for text in texts:  # and so no rule that could match a text was skipped
        assert [c[:3] for c in find_candidates(text).spans] == _every_rules_matches(text)
    for rule in needing:
        found = 0
        for text in texts:
            lowered = lowered_faithfully(text)
            assert lowered is not None and len(lowered) == len(text)
            matches = list(rule.pattern.finditer(text))
            if not rule.may_match(text, lowered):
                assert not matches, rule.name  # the text is skipped: it must hold nothing for the rule
            for m in matches:
                if rule.needs is not None:
                    assert rule.needs.search(lowered, m.start(), m.end()), (rule.name, m.group(0))
                if rule.needs_as_written is not None:
                    assert rule.needs_as_written.search(text, m.start(), m.end()), (rule.name, m.group(0))
            found += len(matches)
        assert found, rule.name  # the texts exercise every guarded rule


def test_a_text_lowercasing_cannot_keep_to_case_insensitive_matching_is_searched_by_every_rule():
    # "ı" (dotless i) and "ſ" (long s) match "i" and "s" case-insensitively but lowercase to
    # themselves: a rule's needs searched in such a text lowercased could miss a match
    for text in ("Earlier this week, the Kremlın said talks went well.", "Three dayſ ago the talks began."):
        lowered = lowered_faithfully(text)
        assert lowered is None
        assert all(rule.may_match(text, lowered) for rule in RULES if rule.needs_as_written is None)
        assert [c[:3] for c in find_candidates(text).spans] == _every_rules_matches(text)
    assert "ago" in [c[2] for c in find_candidates("Three dayſ ago the talks began.").spans]


def _every_rules_matches(text: str) -> list[tuple[int, int, str]]:
    """What ``find_candidates`` must find: every rule's matches, no rule skipped."""
    return [(m.start(), m.end(), rule.name) for rule in RULES for m in rule.pattern.finditer(text) if m.end() > m.start()]


def test_a_rule_is_searched_lowercased_only_where_every_letter_of_it_is_case_insensitive():
    assert _in_lowercase(r"(?i:\bThe\s+[A-Z]x(?P<Unit>\d))") == r"(?:\bthe\s+[a-z]x(?P<Unit>\d))"
    assert _in_lowercase(r"(?i:a)B") is None and _in_lowercase(r"(?i:a(?-i:B))") is None
    assert _in_lowercase(r"(?i:[A-Z(]x)") == r"(?:[a-z(]x)" and _in_lowercase(r"(?i:a)[A)]") is None  # brackets in a class
    # where lower case and the engine's case-insensitive matching may differ: left as written
    assert _in_lowercase(r"(?i:\x41b)") is None and _in_lowercase("(?i:\u03c3)") is None
    assert _in_lowercase(r"(?i:(?P<a>x)(?P=a))") is None
    lowered = {rule.name for rule in RULES if rule.lowered is not None}
    assert {"duration", "vague", "ago", "relative_unit"} <= lowered
    assert not lowered & {"month", "weekday", "mdy", "dmy", "holiday", "set", "clock", "year", "decade", "quarter", "iso"}
    # where case tells (a month, a weekday, a holiday, a decade's "s") and where it does not
    text = "The may talks held monday ran TWO WEEKS AGO, Several Years after christmas in the 1990S and the 1990s."
    assert [c[:3] for c in find_candidates(text).spans] == _every_rules_matches(text)
    assert {"ago", "duration", "decade"} <= {c[2] for c in find_candidates(text).spans}
