"""The date grammar's words and rules: the vocabulary and one regular expression per kind of
temporal expression.

Months and weekdays must be capitalised ("may" the verb is not a month, "march" not March).
A rule only finds candidate spans; what a match means is in ``readings`` (one reader per rule),
and which of overlapping candidates is read is decided in ``grammar``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# vocabulary

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "couple": 2, "a couple of": 2, "half a": 0.5, "half": 0.5,
}  # fmt: skip
VAGUE_NUMBERS = {"several", "few", "a few", "many", "some", "a number of", "numerous"}
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
UNIT_CODES = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# regular expressions (built from the vocabulary; months and weekdays must be capitalised)


def _title_or_upper(words: Iterable[str]) -> str:
    forms = sorted({f for w in words for f in (w.title(), w.upper())}, key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms)


_MONTH_FULL = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
MONTH_ABBR = [m for m in MONTHS if m not in _MONTH_FULL]
MONTH = rf"(?:(?:{_title_or_upper(_MONTH_FULL)})\b|(?:{_title_or_upper(MONTH_ABBR)})(?:\.|\b))"
WEEKDAY_FULL = rf"(?:{_title_or_upper(w for w in WEEKDAYS if w.endswith('day'))})"
WEEKDAY = rf"(?:{WEEKDAY_FULL}\b|(?:{_title_or_upper(w for w in WEEKDAYS if not w.endswith('day'))})\.)"
_ORDINAL_DAYS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth"
    " fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth"
).split()
DAY_WORDS = {word: number for number, word in enumerate(_ORDINAL_DAYS[:20], start=1)} | {"thirtieth": 30}
for _unit, _word in enumerate(_ORDINAL_DAYS[:9], start=1):
    DAY_WORDS[f"twenty-{_word}"] = 20 + _unit
    DAY_WORDS[f"twenty {_word}"] = 20 + _unit
DAY_WORDS["thirty-first"] = DAY_WORDS["thirty first"] = 31
_DAY_WORD_ALT = "|".join(sorted((re.escape(w) for w in DAY_WORDS), key=len, reverse=True))
DAY_NUM = rf"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?|(?i:{_DAY_WORD_ALT}))"
YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"
# lowercased, for the rules' ``needs``: how every month begins, and the words every day word
# ("twenty-first") begins and ends with
_MONTH_START = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DAY_WORD_PARTS = "|".join(sorted({word.split("-")[0].split(" ")[0] for word in DAY_WORDS}, key=len, reverse=True))
_NUM_ALT = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
NUM = rf"(?:\d+(?:\.\d+)?|(?:{_NUM_ALT})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
VAGUE = r"(?:several|a few|few|many|a number of|numerous|some)"
UNIT = r"(?:second|minute|hour|day|week|weekend|month|quarter|year|decade|century|centuries)"
SPELLED_YEAR = (
    r"(?:nineteen|eighteen)[- ](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
    r"|two thousand(?!\s+(?:years|people|troops|dollars|men|women))(?:(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five))?))?"
)
FUZZ = r"(?:(?:early|late|mid|the middle of|the end of|the beginning of|the start of|the close of|the turn of)[- ]?)"


@dataclass(frozen=True, slots=True)
class Words:
    """A rule's needs that are plain words: found with ``str.find``, a few times faster than a
    regular expression of them (``search`` as a pattern's: whether one is within [pos, endpos))."""

    words: tuple[str, ...]

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        return any(text.find(word, pos, endpos) >= 0 for word in self.words)


_PLAIN_WORDS = re.compile(r"[A-Za-z0-9' ]+(?:\|[A-Za-z0-9' ]+)*")


def _needs(pattern: str | None) -> re.Pattern[str] | Words | None:
    if pattern is None:
        return None
    return Words(tuple(pattern.split("|"))) if _PLAIN_WORDS.fullmatch(pattern) else re.compile(pattern)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    unguarded: str  # the pattern without its first-character guard (a test checks both find the same)
    needs: re.Pattern[str] | Words | None = None  # found in every match, lowercased: a text without it is not searched
    needs_as_written: re.Pattern[str] | Words | None = None  # the same, in the text as written (where case tells)
    # The rule for the lowercased text, where every word of it is case-insensitive (see ``_rule``).
    lowered: re.Pattern[str] | None = None

    def may_match(self, text: str, lowered: str | None) -> bool:
        """False where the text cannot hold a match (``lowered``: ``text.lower()``, or None where
        lowering does not keep to the rule's case-insensitive matching: ``lowered_faithfully``)."""
        if self.needs_as_written is not None and not self.needs_as_written.search(text):
            return False
        return self.needs is None or lowered is None or bool(self.needs.search(lowered))


# Python's case-insensitive matching takes these for ASCII letters ("ı" and "İ" for i, "ſ" for s),
# which lowercasing does not make them, and "İ" lowercases to two characters.
_FOLDED_APART = re.compile("[\u0130\u0131\u017f]")


def folds_apart(text: str) -> bool:
    """Whether the text holds a character that lowercasing and case-insensitive matching treat
    apart, so that words found case-insensitively in it may not be found in it lowercased."""
    return _FOLDED_APART.search(text) is not None


def lowered_faithfully(text: str) -> str | None:
    """The text lowercased, where a rule's case-insensitive words are found in it exactly where
    they are in the text (None otherwise: the rules' ``needs`` and ``lowered`` are then not used)."""
    return None if folds_apart(text) else text.lower()


def _rule(name: str, pattern: str, flags: int = 0, first: str | None = None, needs: str | None = None,
          needs_as_written: str | None = None) -> Rule:
    """``first``, where given, is a class of every character a match can begin with: the rule
    becomes ``(?=FIRST)(?:PATTERN)``, which finds the same matches, but Python's regex engine
    rejects most positions of a text at that one test instead of trying each alternative of the
    pattern there (the case-insensitive word lists cost most: they are tried one by one).

    ``needs``, where given, is a pattern that every match of the rule, lowercased, contains a match
    of (the words the rule cannot do without): a text where it is not found cannot hold a match
    and is not searched with the rule, one quick search instead of the rule tried at every word
    (most articles name no century, holiday or spelled-out year). It is searched in the lowercased
    text because a pattern of plain lowercase words is searched fast (Python's engine skips to the
    words' first letters), where the same words case-insensitive are tried at every position.
    ``needs_as_written`` is the same in the text as it is written, for words whose case tells
    ("May" the month, not "may"). A test checks that every match holds its rule's needs.

    A rule whose every letter is case-insensitive also gets ``lowered``: the rule in lowercase
    words matched as written, found in the lowercased text at the same places, in about half the
    time (where the lowercased text keeps to case-insensitive matching: ``lowered_faithfully``)."""
    guarded = rf"(?={first})(?:{pattern})" if first is not None else pattern
    in_lowercase = _in_lowercase(guarded) if "(?i:" in guarded and not flags & re.IGNORECASE else None
    lowered = re.compile(in_lowercase, flags) if in_lowercase is not None else None
    return Rule(name, re.compile(guarded, flags), pattern, _needs(needs), _needs(needs_as_written), lowered)


_CHARACTER_ESCAPES = set("xuUN0123456789")  # \x41, \u0041, \N{...}, octal and backreferences


def _in_lowercase(pattern: str) -> str | None:
    """The pattern with its ``(?i:...)`` groups made plain and their letters lowercase, or None
    where it has a letter to match outside them (group names and escapes such as ``\\b`` are not
    letters to match). On a lowercased text it matches where the pattern matches on the text.
    None too where that is not sure: a letter beyond ASCII (``str.lower`` and the engine's
    case-insensitive matching differ on some), a letter written as an escape, a backreference."""
    out, depth, insensitive_from = [], 0, []  # the depths at which (?i: groups opened
    in_class = False  # within [...], where brackets are characters
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if pattern[i + 1:i + 2] in _CHARACTER_ESCAPES:
                return None
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):  # a "]" first in a class is one of its characters
                step = 2 if pattern[i + 1] == "]" else 3
                out.append(pattern[i:i + step])
                i += step
                continue
        elif pattern.startswith(("(?-i:", "(?P="), i):
            return None
        elif pattern.startswith("(?i:", i):
            depth += 1
            insensitive_from.append(depth)
            out.append("(?:")
            i += 4
            continue
        elif pattern.startswith("(?P<", i):
            depth += 1
            close = pattern.index(">", i) + 1
            out.append(pattern[i:close])
            i = close
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            if insensitive_from and insensitive_from[-1] == depth:
                insensitive_from.pop()
            depth -= 1
        if char.isalpha():
            if not insensitive_from or not char.isascii():
                return None
            char = char.lower()
        out.append(char)
        i += 1
    return "".join(out)


RULES: tuple[Rule, ...] = (
    _rule("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<hh>\d{2}):(?P<mm>\d{2}))?\b", needs=r"\d-\d"),
    _rule("dmy_num", r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b", needs=r"\d\.\d"),
    _rule("mdy_slash", r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b", needs=r"\d/\d"),
    _rule(
        "mdy",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?i:(?:last|next|this|this past|this coming)\s+)?(?:(?i:the\s+)?{FUZZ})?(?P<mon>{MONTH})\s*(?P<d>{DAY_NUM})\b(?!:\d)"
        rf"(?:(?:,\s*|\s+)(?P<y>{YEAR4})\b)?",
        first=r"[MTWFSJAOND]|[elmt][aih]|(?i:[lnt][aeh])",
        needs=rf"{_MONTH_START}[a-z]*\.?\s*(?:\d|{_DAY_WORD_PARTS})",  # the month, then the day
    ),
    _rule(
        "dmy",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?i:the\s+)?(?P<d>{DAY_NUM})(?:\s+of)?\s+(?P<mon>{MONTH})"
        rf"(?:,?\s+(?P<y>{YEAR4})\b)?",
        first=r"[0-9MTWFS]|(?i:[fs][ioe]|t[hew]|e[il]|ni)",
        needs=rf"(?:\d|{_DAY_WORD_PARTS})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH_START}",  # the day, then the month
    ),
    _rule(
        "week_of",
        rf"(?i:\bthe\s+week\s+of\s+)(?P<mon>{MONTH})\s*(?P<d>{DAY_NUM})\b(?:,?\s+(?P<y>{YEAR4})\b)?",
        needs=r"week\s+of",
    ),
    _rule(
        "month",
        rf"(?i:(?P<fuzz>{FUZZ})?(?:(?P<rel>last|next|this|this past|this coming|the coming|the past|coming|past)\s+)?)"
        rf"(?P<mon>{MONTH})(?:(?:,?\s+(?:of\s+)?)(?P<y>{YEAR4})\b"
        r"|\s+(?P<yrel>(?i:(?:of\s+)?(?:this|last|next) year)))?",
        first=r"[JFMASOND]|(?i:[elmtncp][aihoe])",
    ),
    _rule(
        "weekday",
        rf"(?i:(?P<rel>last|next|this|this past|this coming|the previous|the following|the next|early|late"
        r"|earlier|later|on|by|until|since)\s+)?"
        rf"(?P<wd>{WEEKDAY})(?P<poss>'s|’s)?(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?",
        first=r"[MTWFS]|(?i:[lnteobus][aehnyi])",
    ),
    _rule(
        "clock",
        r"(?i:\b(?:at\s+|around\s+|about\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
        r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|local time)\b)?,?"
        rf"(?:\s+(?P<day>today|yesterday|tomorrow|(?-i:{WEEKDAY}))\b)?)",
        needs=r"\d\s*(?:a\.m\.|p\.m\.|am\b|pm\b)",  # the hour's (or minutes') last digit, then am/pm
    ),
    _rule(
        "clock_word",
        rf"(?i:\b(?P<word>noon|midnight)(?:\s+(?P<day>today|yesterday|tomorrow|(?-i:{WEEKDAY})))?)",
        needs=r"noon|midnight",
    ),
    _rule(
        "deictic_day",
        r"(?i:\b(?:(?P<fuzz>early|late|earlier|later)\s+)?(?P<word>the day before yesterday|the day after tomorrow"
        r"|today|yesterday|tomorrow|tonight|last night)(?P<poss>'s|’s)?\b"
        r"(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?)",
        first=r"(?i:[elty])",  # early ... later, the day ..., today ... tonight, yesterday, last night
        needs=r"today|yesterday|tomorrow|tonight|last night",
    ),
    _rule(
        "this_pod",
        r"(?i:\b(?:(?:earlier|later)\s+)?(?P<rel>this|that|the)\s+(?P<pod>morning|afternoon|evening)\b)",
        needs=r"morning|afternoon|evening",
    ),
    _rule(
        "ago",
        rf"(?i:\b(?:(?:nearly|almost|about|some|more than|over|around|roughly|just|only|barely|less than)\s+)?"
        rf"(?P<n>{NUM}|{VAGUE})[- ](?P<unit>{UNIT})s?\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|from now|hence)\b)",
        first=r"\d|(?i:[nasmorjblotfehc])",
        needs=rf"{UNIT}s?\s+(?:or\s+so\s+)?(?:ago|earlier|later|before|after|from now|hence)",
    ),
    _rule(
        "relative_unit",
        r"(?i:\b(?:(?P<fuzz>early|late|earlier|later|mid|the end of|the beginning of|the start of|the rest of"
        r"|the middle of|the remainder of|the balance of|the first half of|the second half of|earlier in|later in)[- ]?\s*)?"
        r"(?P<rel>this|last|next|the past|the last|the coming|the current|the previous|the preceding|the following"
        r"|the next|the same|that|the|this past|this coming|the latest|the most recent)\s+"
        r"(?P<fiscal>(?:fiscal|calendar|financial|full|entire|whole)[- ])?"
        r"(?P<unit>day|week|weekend|month|quarter|period|year|decade|century)\b(?P<poss>'s|’s)?(?!-)"
        r"(?:\s+(?:or so|to date))?)",
        first=r"(?i:[elmtn])",
    ),
    _rule("year_end", r"(?i:\b(?:the\s+)?(?P<rel>this\s+|last\s+|next\s+)?year(?:-end|\s+end|'s\s+end|’s\s+end)\b)",
          needs=r"year(?:-end|\s+end|'s\s+end|’s\s+end)"),
    _rule(
        "year_period",
        r"(?i:\bthe\s+(?P<y>(?:19|20)\d\d)\s+(?:fiscal\s+)?(?P<kind>quarter|period)\b)",
        needs=r"quarter|period",
    ),
    _rule(
        "quarter",
        r"(?i:\b(?:(?P<rel>this|last|next|the|its|their)\s+)?(?:(?P<yr>\d{4})\s+|(?P<yrel>this|last|next) year's\s+)?"
        r"(?:(?P<cmp>year-earlier|year-ago|comparable|year earlier|prior-year|latest)\s+)?(?:fiscal[- ])?"
        r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|first two|last two)[- ](?:fiscal[- ])?(?P<kind>quarters|quarter|half|period)\b"
        r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>\d{4})\b|\s+(?P<yrel2>of\s+(?:this|last|next) year|(?:this|last|next) year))?)"
        r"|\b(?P<q>Q[1-4])(?:\s+(?P<qy>\d{4}))?\b|\b(?P<h>H[12])\s+(?P<hy>\d{4})\b",
        first=r"\d|Q[1-4]|H[12]|(?i:[tlniycpfs][haeotri])",
        needs="quarter|half|period|q1|q2|q3|q4|h1|h2",
    ),
    _rule(
        "comparison",
        r"(?i:\b(?:(?:the|a|its|their)\s+)?(?:(?:same|comparable|corresponding|like)\s+)?"
        r"(?:(?P<adj>year-earlier|year-ago|year earlier|prior-year|previous-year|last year's)\s+)"
        r"(?:(?:third|second|first|fourth)\s+)?(?P<unit>quarter|period|month|week|year)?"
        r"|\b(?:the\s+)?(?:(?:same|comparable|corresponding|like)\s+)?(?P<unit2>quarter|period|month)\s+(?:of\s+)?(?:a\s+year\s+(?:ago|earlier)|last\s+year)\b"
        r"|\b(?:the\s+)?(?P<adj2>year-earlier|year-ago)\b)",
        first=r"(?i:[taisclypqm][\shtaoieru])",
        needs=r"year",  # every one of its forms says "year"
    ),
    _rule(
        "year",
        rf"(?:(?i:(?P<fuzz>{FUZZ}))|(?i:(?P<fiscal>fiscal|FY|calendar|the year)\s*)|(?<![\w$£€#.,/-]))(?P<y>{YEAR4})"
        r"(?![\d%]|,\d|\.\d|\s*(?:percent|per cent|GMT|UTC|hours|hrs|local time)\b)(?!-\d)",
        first=r"[12]|(?i:[elmtfc])",
        needs=YEAR4,
    ),
    _rule("decade", first=r"[- ]?[12]|'|(?i:[temlfsn][wheioa])", pattern=rf"(?i:\b(?:the\s+)?(?P<fuzz>early|mid|late|the early|the mid|the late)?[- ]?)(?P<dec>1[6-9]\d|20\d)0'?s\b|\b(?:the\s+)?(?i:(?P<fuzz2>early|mid|late)[- ]?)?'(?P<dec2>\d)0s\b|(?i:\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
          needs="0s|0's|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"),
    _rule(
        "century",
        r"(?i:\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<ord>\d{1,2}(?:st|nd|rd|th)|first|second|nineteenth|twentieth|twenty-first|eighteenth|seventeenth)[- ]century\b)",
        needs=r"century",
    ),
    _rule("spelled_year", first=r"(?i:[tjfmasondet])", pattern=rf"(?i:\b(?:the year\s+)?(?:(?P<mon>{MONTH})\s+)?(?P<sy>{SPELLED_YEAR})\b)",
          needs=r"nineteen|eighteen|two thousand"),
    _rule(
        "season",
        r"(?i:\b(?:(?P<fuzz>early|late|mid)[- ]?)?(?:(?P<rel>this|last|next|this past|this coming|the|that|the coming|the past)\s+)?"
        r"(?:(?P<fuzz2>early|late|mid)[- ]?)?(?P<season>spring|summer|fall|autumn|winter)"
        rf"(?:\s+(?:of\s+)?(?:(?P<y>\d{{4}})\b|(?P<sy>{SPELLED_YEAR})\b))?)",
        first=r"(?i:[elmtnsfaw])",
        needs=r"spring|summer|fall|autumn|winter",
    ),
    _rule(
        "holiday",
        r"\b(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>Orthodox Christmas|Christmas Eve|Christmas Day|Christmas"
        r"|New Year's Eve|New Year's Day|New Year’s Eve|New Year’s Day|Thanksgiving Day|Thanksgiving"
        r"|Independence Day|Election Day|Valentine's Day|Halloween|Easter Sunday|Easter)\b"
        r"(?:\s+(?P<y>\d{4})\b)?",
        needs_as_written=r"Christmas|New Year|Thanksgiving|Independence Day|Election Day|Valentine|Halloween|Easter",
    ),
    _rule(
        "vague",
        r"(?i:\b(?P<word>right now|just now|now|currently|current|nowadays|these days|at present|presently"
        r"|recently|lately|recent (?:days|weeks|months|years|decades|times|history)"
        r"|in the past|the past|earlier"
        r"|the near future|the immediate future|the foreseeable future|the future"
        r"|the near term|the short term|the long term|the long run|the short run"
        r"|coming (?:days|weeks|months|years|decades)|the coming (?:days|weeks|months|years|decades)"
        r"|in the meantime|meanwhile)\b)",
        first=r"(?i:[rjnctapliem])",
    ),
    _rule(
        "duration",
        rf"(?i:\b(?:(?P<rel>the past|the last|the next|the first|the coming|the final|the previous|past|last|next|first|another|the)\s+)?"
        rf"(?:(?P<n>{NUM}|{VAGUE}|a couple of)(?:\s+(?:or|to)\s+(?P<n2>{NUM}))?[- ])?(?P<unit>{UNIT})s?"
        r"(?:-long|-old)?\b)",
        first=r"\d|(?i:[tplnfaosehcmdwqy][haeinwoul\s-])",
    ),
    _rule(
        "set",
        rf"(?i:\b(?:(?P<every>every|each)\s+(?:other\s+)?(?P<unit>day|week|month|year|quarter|morning|night|evening|(?-i:{WEEKDAY_FULL}))"
        r"|(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly)"
        r"|(?P<freq>once|twice|three times|four times|\d+ times)\s+(?:a|per|every|each)\s+(?P<unit2>day|week|month|year|quarter)"
        rf"|(?:on\s+)?(?P<wds>(?-i:{WEEKDAY_FULL}))s\b)\b)",
        first=r"\d|(?i:[edwmayqhnbotf])|S",  # every, each, daily ... biweekly, once ... four, on, Saturdays, Sundays
        # every alternative begins with a plain letter: the search skips to those letters
        needs="|".join([*(rf"{word}\s+(?:other\s+)?(?:day|week|month|year|quarter|morning|night|evening|mon|tue|wed|thu|fri|sat|sun)"
                          for word in ("every", "each")),
                        "daily", "weekly", "monthly", "annually", "yearly", "quarterly", "hourly", "nightly",
                        *(rf"{word}\s+(?:a|per|every|each)\s" for word in ("once", "twice", "times")),
                        *(f"{day}s" for day in WEEKDAYS if day.endswith("day"))]),
    ),
)


RULES_BY_NAME = {rule.name: rule for rule in RULES}
# on equal spans the earlier rule wins; longer spans always win
RULE_RANK = {rule.name: rank for rank, rule in enumerate(RULES)}
