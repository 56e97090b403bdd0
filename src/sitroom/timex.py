"""The ``time`` stage: temporal expressions and their calendar values (TimeML semantics).

Expressions are found with rules (regular expressions over the cleaned text) and given TimeML
values relative to an anchor, the article's publication date:

* DATE: ``2022-01-26``, ``2022-01``, ``2022-W05``, ``2022-W05-WE``, ``2022-Q3``, ``2022-H1``,
  ``2022-SU``, ``2022``, ``199`` (a decade), ``19`` (a century), ``PRESENT_REF``, ``PAST_REF``,
  ``FUTURE_REF``; without an anchor, relative expressions stay underspecified (``XXXX-XX-XX``,
  ``XXXX-WXX-3``...).
* TIME: a date with a time of day (``2022-01-26T15:00``, ``2022-01-26TNI``).
* DURATION: ``P2Y``, ``P20Y`` (two decades), ``PT48H``, ``PXD`` (a few days).
* SET: ``XXXX-WXX-1`` (every Monday), ``P1W`` (weekly).

A value never claims more than the text says: "last week" is a week, "in February" a month.
Weekdays and months without a year are placed by the tense of the verb that governs them (from
the spaCy parse when one is given, else from words around them): a past verb points back, a
future one forward. Anaphoric expressions ("the following day", "a year earlier", "the
quarter") are resolved against the last date the article mentioned. The result depends only on
the text and the anchor, never on the day it runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitroom.records import Timex, stable_id

try:  # spaCy is only needed for the parse-based helpers; type hints stay strings.
    from spacy.tokens import Doc, Span, Token
except ImportError:  # pragma: no cover - spaCy is a dependency of the project
    Doc = Span = Token = object  # type: ignore[misc,assignment]

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
_MONTH_ABBR = [m for m in MONTHS if m not in _MONTH_FULL]
MONTH = rf"(?:(?:{_title_or_upper(_MONTH_FULL)})\b|(?:{_title_or_upper(_MONTH_ABBR)})(?:\.|\b))"
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
class _Rule:
    name: str
    pattern: re.Pattern[str]


def _rule(name: str, pattern: str, flags: int = 0) -> _Rule:
    return _Rule(name, re.compile(pattern, flags))


RULES: tuple[_Rule, ...] = (
    _rule("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<hh>\d{2}):(?P<mm>\d{2}))?\b"),
    _rule("dmy_num", r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b"),
    _rule("mdy_slash", r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b"),
    _rule(
        "mdy",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?i:(?:last|next|this|this past|this coming)\s+)?(?:(?i:the\s+)?{FUZZ})?(?P<mon>{MONTH})\s*(?P<d>{DAY_NUM})\b(?!:\d)"
        rf"(?:(?:,\s*|\s+)(?P<y>{YEAR4})\b)?",
    ),
    _rule(
        "dmy",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?i:the\s+)?(?P<d>{DAY_NUM})(?:\s+of)?\s+(?P<mon>{MONTH})"
        rf"(?:,?\s+(?P<y>{YEAR4})\b)?",
    ),
    _rule(
        "week_of",
        rf"(?i:\bthe\s+week\s+of\s+)(?P<mon>{MONTH})\s*(?P<d>{DAY_NUM})\b(?:,?\s+(?P<y>{YEAR4})\b)?",
    ),
    _rule(
        "month",
        rf"(?i:(?P<fuzz>{FUZZ})?(?:(?P<rel>last|next|this|this past|this coming|the coming|the past|coming|past)\s+)?)"
        rf"(?P<mon>{MONTH})(?:(?:,?\s+(?:of\s+)?)(?P<y>{YEAR4})\b"
        r"|\s+(?P<yrel>(?i:(?:of\s+)?(?:this|last|next) year)))?",
    ),
    _rule(
        "weekday",
        rf"(?i:(?P<rel>last|next|this|this past|this coming|the previous|the following|the next|early|late"
        r"|earlier|later|on|by|until|since)\s+)?"
        rf"(?P<wd>{WEEKDAY})(?P<poss>'s|’s)?(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?",
    ),
    _rule(
        "clock",
        r"(?i:\b(?:at\s+|around\s+|about\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
        r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|local time)\b)?,?"
        rf"(?:\s+(?P<day>today|yesterday|tomorrow|(?-i:{WEEKDAY}))\b)?)",
    ),
    _rule(
        "clock_word",
        rf"(?i:\b(?P<word>noon|midnight)(?:\s+(?P<day>today|yesterday|tomorrow|(?-i:{WEEKDAY})))?)",
    ),
    _rule(
        "deictic_day",
        r"(?i:\b(?:(?P<fuzz>early|late|earlier|later)\s+)?(?P<word>the day before yesterday|the day after tomorrow"
        r"|today|yesterday|tomorrow|tonight|last night)(?P<poss>'s|’s)?\b"
        r"(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?)",
    ),
    _rule(
        "this_pod",
        r"(?i:\b(?:(?:earlier|later)\s+)?(?P<rel>this|that|the)\s+(?P<pod>morning|afternoon|evening)\b)",
    ),
    _rule(
        "ago",
        rf"(?i:\b(?:(?:nearly|almost|about|some|more than|over|around|roughly|just|only|barely|less than)\s+)?"
        rf"(?P<n>{NUM}|{VAGUE})[- ](?P<unit>{UNIT})s?\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|from now|hence)\b)",
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
    ),
    _rule("year_end", r"(?i:\b(?:the\s+)?(?P<rel>this\s+|last\s+|next\s+)?year(?:-end|\s+end|'s\s+end|’s\s+end)\b)"),
    _rule(
        "year_period",
        r"(?i:\bthe\s+(?P<y>(?:19|20)\d\d)\s+(?:fiscal\s+)?(?P<kind>quarter|period)\b)",
    ),
    _rule(
        "quarter",
        r"(?i:\b(?:(?P<rel>this|last|next|the|its|their)\s+)?(?:(?P<yr>\d{4})\s+|(?P<yrel>this|last|next) year's\s+)?"
        r"(?:(?P<cmp>year-earlier|year-ago|comparable|year earlier|prior-year|latest)\s+)?(?:fiscal[- ])?"
        r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|first two|last two)[- ](?:fiscal[- ])?(?P<kind>quarters|quarter|half|period)\b"
        r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>\d{4})\b|\s+(?P<yrel2>of\s+(?:this|last|next) year|(?:this|last|next) year))?)"
        r"|\b(?P<q>Q[1-4])(?:\s+(?P<qy>\d{4}))?\b|\b(?P<h>H[12])\s+(?P<hy>\d{4})\b",
    ),
    _rule(
        "comparison",
        r"(?i:\b(?:(?:the|a|its|their)\s+)?(?:(?:same|comparable|corresponding|like)\s+)?"
        r"(?:(?P<adj>year-earlier|year-ago|year earlier|prior-year|previous-year|last year's)\s+)"
        r"(?:(?:third|second|first|fourth)\s+)?(?P<unit>quarter|period|month|week|year)?"
        r"|\b(?:the\s+)?(?:(?:same|comparable|corresponding|like)\s+)?(?P<unit2>quarter|period|month)\s+(?:of\s+)?(?:a\s+year\s+(?:ago|earlier)|last\s+year)\b"
        r"|\b(?:the\s+)?(?P<adj2>year-earlier|year-ago)\b)",
    ),
    _rule(
        "year",
        rf"(?:(?i:(?P<fuzz>{FUZZ}))|(?i:(?P<fiscal>fiscal|FY|calendar|the year)\s*)|(?<![\w$£€#.,/-]))(?P<y>{YEAR4})"
        r"(?![\d%]|,\d|\.\d|\s*(?:percent|per cent|GMT|UTC|hours|hrs|local time)\b)(?!-\d)",
    ),
    _rule("decade", rf"(?i:\b(?:the\s+)?(?P<fuzz>early|mid|late|the early|the mid|the late)?[- ]?)(?P<dec>1[6-9]\d|20\d)0'?s\b|\b(?:the\s+)?(?i:(?P<fuzz2>early|mid|late)[- ]?)?'(?P<dec2>\d)0s\b|(?i:\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)"),
    _rule(
        "century",
        r"(?i:\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<ord>\d{1,2}(?:st|nd|rd|th)|first|second|nineteenth|twentieth|twenty-first|eighteenth|seventeenth)[- ]century\b)",
    ),
    _rule("spelled_year", rf"(?i:\b(?:the year\s+)?(?:(?P<mon>{MONTH})\s+)?(?P<sy>{SPELLED_YEAR})\b)"),
    _rule(
        "season",
        r"(?i:\b(?:(?P<fuzz>early|late|mid)[- ]?)?(?:(?P<rel>this|last|next|this past|this coming|the|that|the coming|the past)\s+)?"
        r"(?:(?P<fuzz2>early|late|mid)[- ]?)?(?P<season>spring|summer|fall|autumn|winter)"
        rf"(?:\s+(?:of\s+)?(?:(?P<y>\d{{4}})\b|(?P<sy>{SPELLED_YEAR})\b))?)",
    ),
    _rule(
        "holiday",
        r"\b(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>Orthodox Christmas|Christmas Eve|Christmas Day|Christmas"
        r"|New Year's Eve|New Year's Day|New Year’s Eve|New Year’s Day|Thanksgiving Day|Thanksgiving"
        r"|Independence Day|Election Day|Valentine's Day|Halloween|Easter Sunday|Easter)\b"
        r"(?:\s+(?P<y>\d{4})\b)?",
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
    ),
    _rule(
        "duration",
        rf"(?i:\b(?:(?P<rel>the past|the last|the next|the first|the coming|the final|the previous|past|last|next|first|another|the)\s+)?"
        rf"(?:(?P<n>{NUM}|{VAGUE}|a couple of)(?:\s+(?:or|to)\s+(?P<n2>{NUM}))?[- ])?(?P<unit>{UNIT})s?"
        r"(?:-long|-old)?\b)",
    ),
    _rule(
        "set",
        rf"(?i:\b(?:(?P<every>every|each)\s+(?:other\s+)?(?P<unit>day|week|month|year|quarter|morning|night|evening|(?-i:{WEEKDAY_FULL}))"
        r"|(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly)"
        r"|(?P<freq>once|twice|three times|four times|\d+ times)\s+(?:a|per|every|each)\s+(?P<unit2>day|week|month|year|quarter)"
        rf"|(?:on\s+)?(?P<wds>(?-i:{WEEKDAY_FULL}))s\b)\b)",
    ),
)

# words that may follow a four-digit number counting things rather than naming a year
_COUNT_NOUN_AFTER = re.compile(
    r"\s+(?!levels\b|dollars\b|prices\b|figures\b|terms\b|rates\b|standards\b|numbers\b|elections\b|results\b"
    r"|earnings\b|sales\b|games\b|olympics\b|does\b|goes\b|seems\b|marks\b|means\b|remains\b|sees\b"
    r"|protests\b|talks\b|accords\b|agreements\b|events\b)[a-z]{3,}s\b"
)
_MAY_CONTEXT_BEFORE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|during|of|last|next|this|early|late|mid|before|after|from|through|to|between"
    r"|and|or|on|for|end|beginning|start|middle|late-|early-|mid-))[\s-]*$"
)

# --------------------------------------------------------------------------------------------
# calendar helpers


def _week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_number(text: str) -> float | None:
    """'two' -> 2, 'twenty-four' -> 24, '48' -> 48; vague quantities -> None."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", words[0]) and len(words) == 1:
        return float(words[0])
    joined = " ".join(words)
    if joined in NUMBER_WORDS:
        return float(NUMBER_WORDS[joined])
    total = 0.0
    for word in words:
        if word not in NUMBER_WORDS:
            return None
        value = NUMBER_WORDS[word]
        total = total * value if value == 100 else total + value
    return total


def _spelled_year(text: str) -> int | None:
    words = text.lower().replace("-", " ").replace(" and ", " ").split()
    if len(words) >= 2 and words[0] in ("nineteen", "eighteen") and words[1] != "hundred":
        rest = _parse_number(" ".join(words[1:]))
        return None if rest is None else NUMBER_WORDS[words[0]] * 100 + int(rest)
    if words[:2] == ["two", "thousand"]:
        rest = _parse_number(" ".join(words[2:])) if len(words) > 2 else 0
        return None if rest is None else 2000 + int(rest)
    return None


def value_granularity(value: str) -> str:
    """The unit a DATE value is precise to: day, week, month, quarter, half, season, year, decade..."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", value):
        return "day"
    if re.fullmatch(r"\d{4}-W\d{1,2}(-WE)?", value):
        return "week"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        return "quarter"
    if re.fullmatch(r"\d{4}-H[12]", value):
        return "half"
    if re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", value):
        return "season"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    return "other"


def value_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a DATE value covers, or None for underspecified values."""
    match = re.match(r"(\d{4})", value)
    if not match:
        return None
    year = int(match.group(1))
    grain = value_granularity(value)
    if grain == "day":
        day = dt.date.fromisoformat(value[:10])
        return day, day
    if grain == "week":
        week = int(value.split("-W")[1][:2].rstrip("-"))
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        return monday, monday + dt.timedelta(days=6)
    if grain == "month":
        month = int(value[5:7])
        first = dt.date(year, month, 1)
        following = dt.date(*_shift_month(year, month, 1), 1)
        return first, following - dt.timedelta(days=1)
    if grain == "quarter":
        quarter = int(value[-1])
        first = dt.date(year, 3 * quarter - 2, 1)
        following = dt.date(*_shift_month(year, 3 * quarter - 2, 3), 1)
        return first, following - dt.timedelta(days=1)
    if grain == "half":
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if value.endswith("H1") else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if grain in ("year", "season"):
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


# --------------------------------------------------------------------------------------------
# tense of the verb that governs an expression


_FUTURE_GOVERNORS = {
    "expect", "plan", "schedule", "due", "set", "intend", "hope", "aim", "prepare", "agree", "promise",
    "vow", "pledge", "threaten", "propose", "want", "seek", "decide", "likely", "going", "slate",
}  # fmt: skip
_FUTURE_WORDS = re.compile(
    r"\b(?:will|'ll|’ll|shall|going to|gonna|is to|are to|expected to|scheduled|slated|set to|due to|plans? to"
    r"|intends? to|upcoming|to be held)\b",
    re.I,
)
_PAST_WORDS = re.compile(r"\b(?:said|was|were|had|did|told|added|announced|\w{3,}ed)\b", re.I)


_FUTURE_LEMMAS = {"expect", "schedule", "plan", "slate", "due", "set", "intend", "propose", "aim", "postpone", "delay"}
_FORWARD_PREPOSITIONS = {"until", "till", "through", "by"}


def _tense_from_parse(doc: Doc, start: int, end: int) -> str | None:
    """past / future / present, or None, for the verb governing the words at start:end."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    possessive = token.dep_ == "poss" or token.text.endswith(("'s", "’s"))
    preposition = None
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        if preposition is None and token.dep_ == "pobj" and token.head.dep_ == "prep":
            preposition = token.head.lower_
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return "past" if possessive else None
    tense = _verb_tense(token)
    if token.lemma_.lower() in _FUTURE_LEMMAS and token.tag_ in ("VBN", "VB", "VBZ", "VBP") and tense != "future":
        tense = "future"  # "is expected in December", "a summit set for April"
    forward = preposition in _FORWARD_PREPOSITIONS
    if tense == "perfect":
        return "future" if forward else "past"
    if tense in (None, "present") and forward:
        return "future"
    if preposition == "since":
        return "past"
    if possessive and tense in (None, "present"):
        return "past"  # "Friday's vote": an event already named
    return tense


def _verb_tense(verb: Token, depth: int = 0) -> str | None:
    if depth > 4:
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries} | {a.lemma_.lower() for a in auxiliaries}
    if words & {"will", "shall", "'ll", "’ll", "wo", "gon"}:
        return "future"
    head = verb.head
    if any(a.lower_ == "to" for a in auxiliaries) and head is not verb:
        if head.lemma_.lower() in _FUTURE_GOVERNORS or any(c.lower_ in ("will", "'ll", "shall") for c in head.children):
            return "future"
        return _verb_tense(head, depth + 1) if head.pos_ in ("VERB", "AUX", "ADJ") else None
    if words & {"would", "could", "might", "may", "should", "must", "can"}:
        return None
    if not auxiliaries and verb.tag_ in ("VBG", "VBN", "VB") and verb.dep_ in ("advcl", "acl", "xcomp", "conj", "relcl"):
        if head is not verb and head.pos_ in ("VERB", "AUX"):
            return _verb_tense(head, depth + 1)  # "its stock slumped, closing Friday at": the head's tense
        return None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if verb.tag_ == "VBN" and words & {"have", "has", "'ve"}:
        return "perfect"
    if verb.tag_ in ("VBZ", "VBP", "VBG", "VBN") or words & {"be", "is", "are", "am"}:
        return "present"
    return None


def _tense_from_words(text: str, start: int, end: int) -> str | None:
    """Without a parse: the nearest tense cue in the sentence around the expression."""
    left = max(text.rfind(mark, 0, start) for mark in ".;:!?\n") + 1
    right_candidates = [i for i in (text.find(mark, end) for mark in ".;:!?\n") if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    best: tuple[int, str] | None = None
    for regex, tense in ((_FUTURE_WORDS, "future"), (_PAST_WORDS, "past")):
        for match in regex.finditer(text, left, right):
            # the verb usually comes first ("met on Wednesday"): cues after the expression weigh less
            distance = start - match.end() if match.end() <= start else 2 * (match.start() - end)
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else None


# --------------------------------------------------------------------------------------------
# resolution context


@dataclass(slots=True)
class _Context:
    text: str
    anchor: dt.date | None
    doc: Doc | None
    focus: str | None = None  # last specific DATE value mentioned (for anaphora)
    focus_quarter: str | None = None
    used_focus: bool = False  # set by a resolver whose value came from the focus, not the text

    def tense(self, start: int, end: int) -> str | None:
        if self.doc is None:
            return _tense_from_words(self.text, start, end)
        try:
            return _tense_from_parse(self.doc, start, end)
        except (ValueError, IndexError, AttributeError):  # a parse out of line with the text
            return _tense_from_words(self.text, start, end)

    def remember(self, value: str) -> None:
        grain = value_granularity(value)
        if grain == "other":
            return
        self.focus = value
        if grain == "quarter":
            self.focus_quarter = value


Resolver = Callable[[re.Match[str], _Context], tuple[str, str] | None]


TENSE_REACH_DAYS = 300


def _choose_year_for(month: int, day: int | None, anchor: dt.date, tense: str | None) -> int:
    """The year that places month(-day) nearest the anchor, in the direction the tense points."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        first = _safe_date(year, month, day or 1) or dt.date(year, month, 1)
        last = first if day else dt.date(*_shift_month(year, month, 1), 1) - dt.timedelta(days=1)
        if last < anchor:
            distance = (anchor - last).days
        elif first > anchor:
            distance = -(first - anchor).days
        else:
            distance = 0
        candidates.append((year, distance))  # distance > 0: in the past
    # the tense decides only within about ten months: "said ... Dec. 7" in late October is
    # more likely a coming date reported in the past tense than one eleven months back
    if tense == "past":
        past = [(abs(d), y) for y, d in candidates if d >= 0 and abs(d) < TENSE_REACH_DAYS]
        if past:
            return min(past)[1]
    if tense == "future":
        future = [(abs(d), y) for y, d in candidates if d <= 0 and abs(d) < TENSE_REACH_DAYS]
        if future:
            return min(future)[1]
    return min((abs(d), -d, y) for y, d in candidates)[2]


def _weekday_date(weekday: int, anchor: dt.date, direction: str) -> dt.date:
    back = (anchor.isoweekday() - weekday) % 7
    if direction == "past":
        return anchor - dt.timedelta(days=back)
    if direction == "last":
        return anchor - dt.timedelta(days=back or 7)
    forward = (weekday - anchor.isoweekday()) % 7
    if direction == "future":
        return anchor + dt.timedelta(days=forward)
    if direction == "next":
        return anchor + dt.timedelta(days=forward or 7)
    if direction == "nearest":
        return anchor - dt.timedelta(days=back) if back <= 3 else anchor + dt.timedelta(days=forward)
    # no tense: news mostly reports what happened, so the past wins unless the day is close ahead
    return anchor - dt.timedelta(days=back) if back <= 4 else anchor + dt.timedelta(days=forward)


# --------------------------------------------------------------------------------------------
# resolvers: one per rule; each returns (type, value) or None to drop the match


def _resolve_iso(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    if m["hh"]:
        return "TIME", f"{day.isoformat()}T{m['hh']}:{m['mm']}"
    return "DATE", day.isoformat()


def _resolve_numeric(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    month, day_num = int(m["m"]), int(m["d"])
    if m.re is RULES_BY_NAME["mdy_slash"].pattern and month > 12 >= day_num:
        month, day_num = day_num, month  # 27/01/2022 written day first
    day = _safe_date(int(m["y"]), month, day_num)
    return ("DATE", day.isoformat()) if day else None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _resolve_month_day(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    month = _month_number(m["mon"])
    digits = re.match(r"\d+", m["d"])
    day_num = int(digits.group(0)) if digits else DAY_WORDS[" ".join(m["d"].lower().split())]
    if m["y"]:
        day = _safe_date(int(m["y"]), month, day_num)
        return ("DATE", day.isoformat()) if day else None
    if _safe_date(2000, month, day_num) is None:  # 2000 is a leap year: Feb 29 passes
        return None
    weekday_name = m.groupdict().get("wd")
    if weekday_name and ctx.anchor is not None:
        # a weekday with the date picks the year where they agree, nearest the anchor
        weekday = WEEKDAYS[weekday_name.lower().rstrip(".")]
        for year in sorted((ctx.anchor.year, ctx.anchor.year - 1, ctx.anchor.year + 1), key=lambda y: abs(y - ctx.anchor.year)):
            day = _safe_date(year, month, day_num)
            if day and day.isoweekday() == weekday:
                return "DATE", day.isoformat()
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}-{day_num:02d}"
    year = _choose_year_for(month, day_num, ctx.anchor, ctx.tense(m.start(), m.end()))
    day = _safe_date(year, month, day_num)
    return ("DATE", day.isoformat()) if day else None


def _resolve_week_of(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    """"the week of March 6": the ISO week holding that day."""
    resolved = _resolve_month_day(m, ctx)
    if resolved is None:
        return None
    if value_granularity(resolved[1]) != "day":
        return "DATE", "XXXX-WXX"
    return "DATE", _week_value(dt.date.fromisoformat(resolved[1]))


def _may_is_month(m: re.Match[str], ctx: _Context) -> bool:
    """'May' is a month only with a day or year, or after a word that introduces a date."""
    if m["y"] or m["yrel"] or m["fuzz"] or m["rel"]:
        return True
    return bool(_MAY_CONTEXT_BEFORE.search(ctx.text[max(0, m.start() - 20) : m.start()]))


def _resolve_month(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    name = m["mon"]
    if name.rstrip(".").lower() == "may" and not _may_is_month(m, ctx):
        return None
    if not name.endswith(".") and name.lower() in _MONTH_ABBR and not m["y"]:
        return None  # an abbreviation without its dot is more often a name ("Jan", "Mar") than a month
    if not (m["y"] or m["yrel"] or m["rel"] or m["fuzz"]) and re.match(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", ctx.text[m.end() : m.end() + 20]):
        return None  # a name: "the March for ...", "the March of the ..."
    month = _month_number(name)
    if m["y"]:
        return "DATE", f"{int(m['y']):04d}-{month:02d}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    rel = (m["rel"] or "").lower()
    yrel = (m["yrel"] or "").lower()
    if yrel:
        shift = -1 if "last" in yrel else 1 if "next" in yrel else 0
        return "DATE", f"{ctx.anchor.year + shift:04d}-{month:02d}"
    if rel in ("last", "past", "this past", "the past"):
        year = ctx.anchor.year if month < ctx.anchor.month else ctx.anchor.year - 1
    elif rel in ("next", "coming", "this coming", "the coming"):
        year = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
    elif rel == "this":
        year = ctx.anchor.year
    else:
        year = _choose_year_for(month, None, ctx.anchor, ctx.tense(m.start(), m.end()))
    return "DATE", f"{year:04d}-{month:02d}"


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    weekday = WEEKDAYS[m["wd"].lower().rstrip(".")]
    rel = (m["rel"] or "").lower()
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    if ctx.anchor is None:
        value = f"XXXX-WXX-{weekday}"
    else:
        if rel in ("last", "this past", "the previous"):
            direction = "last"
        elif rel in ("next", "this coming", "the following", "the next"):
            direction = "next"
        else:
            tense = ctx.tense(m.start("wd"), m.end("wd"))
            direction = tense if tense in ("past", "future") else "none"
            if tense == "present":
                direction = "nearest"  # "talks open Monday" (ahead), "the index compared with Wednesday" (back)
        base = ctx.anchor
        if rel in ("the previous", "the following", "the next") and ctx.focus and value_granularity(ctx.focus) == "day":
            base = dt.date.fromisoformat(ctx.focus[:10])
        value = _weekday_date(weekday, base, direction).isoformat()
    if pod:
        return "TIME", f"{value}T{pod}"
    return "DATE", value


def _resolve_clock(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    hour = int(m["h"])
    ampm = m["ampm"].lower().replace(".", "")
    if hour > 12:
        return None
    if ampm == "pm" and hour != 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    minutes = m["min"] or "00"
    day = _day_word_value(m["day"], ctx, m)
    return "TIME", f"{day}T{hour:02d}:{minutes}"


def _resolve_clock_word(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    day = _day_word_value(m["day"], ctx, m)
    return "TIME", f"{day}T{'12:00' if m['word'].lower() == 'noon' else '24:00'}"


def _day_word_value(word: str | None, ctx: _Context, m: re.Match[str]) -> str:
    if ctx.anchor is None:
        return "XXXX-XX-XX"
    if not word:
        return ctx.anchor.isoformat()
    lowered = word.lower()
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if lowered in offsets:
        return (ctx.anchor + dt.timedelta(days=offsets[lowered])).isoformat()
    tense = ctx.tense(m.start(), m.end())
    return _weekday_date(WEEKDAYS[lowered.rstrip(".")], ctx.anchor, tense if tense in ("past", "future") else "none").isoformat()


def _resolve_deictic_day(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    word = " ".join(m["word"].lower().split())
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "last night": -1, "tomorrow": 1,
               "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip
    if ctx.anchor is None:
        value = {"today": "PRESENT_REF", "tonight": "PRESENT_REF"}.get(word, "XXXX-XX-XX")
        return ("TIME" if word in ("tonight", "last night") else "DATE"), value
    day = (ctx.anchor + dt.timedelta(days=offsets[word])).isoformat()
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    if word in ("tonight", "last night"):
        return "TIME", f"{day}TNI"
    if pod:
        return "TIME", f"{day}T{pod}"
    return "DATE", day


def _resolve_this_pod(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    pod = PARTS_OF_DAY[m["pod"].lower()]
    if m["rel"].lower() == "this":
        day = ctx.anchor.isoformat() if ctx.anchor else "XXXX-XX-XX"
    elif ctx.focus and value_granularity(ctx.focus) == "day":
        day = ctx.focus[:10]
    else:
        return None
    return "TIME", f"{day}T{pod}"


def _unit_word(unit: str) -> str:
    unit = unit.lower()
    return "century" if unit.startswith("centur") else unit


def _shift_value(value: str, unit: str, amount: int) -> str | None:
    """Move a DATE value by whole units, keeping its granularity."""
    grain = value_granularity(value)
    if grain == "other":
        return None
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(unit)
    days = {"day": 1, "week": 7}.get(unit)
    if grain == "day":
        day = dt.date.fromisoformat(value[:10])
        if days:
            return (day + dt.timedelta(days=days * amount)).isoformat()
        year, month = _shift_month(day.year, day.month, (months or 0) * amount)
        return (_safe_date(year, month, day.day) or dt.date(year, month, 28)).isoformat()
    bounds = value_bounds(value)
    if bounds is None:
        return None
    first = bounds[0]
    if days and grain == "week":
        return _week_value(first + dt.timedelta(days=days * amount))
    if months is None:
        return None
    if grain == "month":
        return "{:04d}-{:02d}".format(*_shift_month(first.year, first.month, months * amount))
    if grain == "quarter" and months % 3 == 0:
        return "{:04d}-Q{}".format(*_shift_quarter(first.year, int(value[-1]), months // 3 * amount))
    if months % 12 == 0:
        return f"{first.year + months // 12 * amount:04d}{value[4:]}"
    return None


def _value_at(day: dt.date, unit: str) -> str:
    """The calendar unit containing ``day``."""
    if unit == "day":
        return day.isoformat()
    if unit in ("week",):
        return _week_value(day)
    if unit == "weekend":
        return _week_value(day) + "-WE"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "quarter":
        return "{:04d}-Q{}".format(*_quarter_of(day))
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def _relative_value(anchor: dt.date, unit: str, steps: int) -> str:
    if unit in ("day",):
        return (anchor + dt.timedelta(days=steps)).isoformat()
    if unit in ("week", "weekend"):
        return _value_at(anchor + dt.timedelta(weeks=steps), unit)
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, steps)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        return "{:04d}-Q{}".format(*_shift_quarter(*_quarter_of(anchor), steps))
    if unit == "decade":
        return f"{anchor.year // 10 + steps:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + steps:02d}"
    return f"{anchor.year + steps:04d}"


def _resolve_ago(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    unit = _unit_word(m["unit"])
    direction = m["dir"].lower()
    if direction in ("before", "after"):
        return "DURATION", _duration_value(m["n"], None, unit)  # "two days after the vote": an offset
    amount = _parse_number(m["n"])
    sign = -1 if direction in ("ago", "earlier") else 1
    if amount is None or amount != int(amount) or unit in ("second", "minute", "hour"):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    steps = sign * int(amount)
    if unit == "decade":
        unit, steps = "year", steps * 10
    if unit == "century":
        unit, steps = "year", steps * 100
    if unit == "year" and abs(steps) == 1 and ctx.focus_quarter and _same_sentence_or_near(ctx, m):
        # "profit rose from a year ago / a year earlier" in a quarterly report: the same quarter
        shifted = _shift_value(ctx.focus_quarter, "year", steps)
        if shifted:
            ctx.used_focus = True
            return "DATE", shifted
    if direction in ("earlier", "later"):
        # relative to the time in focus: "a day later", "two months earlier"
        if ctx.focus and value_granularity(ctx.focus) in ("day", "month", "quarter", "week") and unit in ("year", "month", "quarter", "day", "week"):
            shifted = _shift_value(ctx.focus, unit, steps)
            if shifted:
                ctx.used_focus = True
                return "DATE", shifted
    if ctx.anchor is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    return "DATE", _relative_value(ctx.anchor, unit, steps)


def _same_sentence_or_near(ctx: _Context, m: re.Match[str]) -> bool:
    """True when the expression compares with a period the text is talking about."""
    before = ctx.text[max(0, m.start() - 250) : m.start()].lower()
    return bool(re.search(r"quarter|period|three months|nine months|six months|year-earlier|year-ago", before))


_DEICTIC_STEP = {
    "this": 0, "the current": 0, "the same": 0, "that": 0, "the": 0, "last": -1, "the previous": -1,
    "the preceding": -1, "the past": -1, "the last": -1, "this past": -1, "next": 1, "the coming": 1,
    "the following": 1, "the next": 1, "this coming": 1,
}  # fmt: skip


def _weekend_value(anchor: dt.date, direction: str) -> str:
    weekday = anchor.isoweekday()
    if weekday >= 6:
        this_weekend = anchor
    elif direction in ("future", "next") or (direction == "none" and weekday >= 4):
        this_weekend = anchor + dt.timedelta(days=6 - weekday)
    else:
        this_weekend = anchor - dt.timedelta(days=weekday + 1)  # the Saturday just gone
    if direction == "next" and weekday >= 6:
        this_weekend += dt.timedelta(days=7)
    if direction == "last" and weekday >= 6:
        this_weekend -= dt.timedelta(days=7)
    return _week_value(this_weekend) + "-WE"


_ANAPHORIC_RELS = {"the same", "that", "the previous", "the preceding", "the following", "the next"}


def _resolve_relative_unit(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    rel = " ".join(m["rel"].lower().split())
    unit = m["unit"].lower()
    fuzz = " ".join((m["fuzz"] or "").lower().split())
    if unit == "period" and rel not in ("the latest", "the most recent"):
        return None
    if rel in ("the", "the fiscal") and re.match(r"\s+(?:ended|ending|that ended|which ended)\b", ctx.text[m.end() : m.end() + 20]):
        return None  # "the year ended March 31": the date that follows names the period
    if unit == "day" and not (rel in _ANAPHORIC_RELS - {"the next"} or (rel == "the" and fuzz in ("earlier in", "later in"))):
        return None
    if rel == "the" and unit in ("year", "week", "month") and not fuzz and not m["fiscal"]:
        before = ctx.text[max(0, m.start() - 16) : m.start()].lower()
        if not re.search(r"\b(?:for|of|during|throughout|through|in)\s+$", before) or m["poss"]:
            return None  # a bare "the year" is mostly not a date ("the year's best"); "for the year" is
        return "DATE", _relative_value(ctx.anchor, unit, 0) if ctx.anchor else "XXXX"
    if rel in ("the past", "the last", "the next", "the coming") and unit not in ("weekend", "day"):
        if unit in ("decade", "century"):
            return "DURATION", "P10Y" if unit == "decade" else "P100Y"
        if not (rel in ("the past", "the last") and unit == "year" and fuzz == ""):
            return "DURATION", f"P1{UNIT_CODES[unit]}"
    if rel in ("the latest", "the most recent"):
        unit = "quarter" if unit == "period" else unit
        if ctx.anchor is not None and unit == "quarter":
            return "DATE", "{:04d}-Q{}".format(*_shift_quarter(*_quarter_of(ctx.anchor), -1))
        if ctx.anchor is not None and unit == "year" and m["fiscal"]:
            return "DATE", f"{ctx.anchor.year - 1:04d}"  # the latest fiscal year is a closed one
        rel = "the"
    step = _DEICTIC_STEP.get(rel, 0)
    if rel == "the" and unit in ("decade", "century") and not fuzz:
        return None
    if rel == "this" and unit == "century":
        return "DURATION", "P100Y"  # TimeML reads "this century" as the span of a hundred years
    if unit == "quarter" and rel in ("the", "that", "the same") and ctx.focus_quarter:
        ctx.used_focus = True
        return "DATE", ctx.focus_quarter
    if rel in _ANAPHORIC_RELS and ctx.focus:
        bounds = value_bounds(ctx.focus)
        grain_order = ["day", "week", "month", "quarter", "half", "season", "year"]
        grain = value_granularity(ctx.focus)
        wanted = "year" if unit in ("decade", "century") else ("week" if unit == "weekend" else unit)
        if bounds and grain in grain_order and grain_order.index(grain) <= grain_order.index(wanted):
            value = _value_at(bounds[0], unit)
            if step:
                value = _shift_value(value, unit, step) or value
            return "DATE", value
    if unit == "day":
        if ctx.anchor is None:
            return "DATE", "XXXX-XX-XX"
        return "DATE", (ctx.anchor + dt.timedelta(days=step)).isoformat()
    if ctx.anchor is None:
        return "DATE", {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX"}.get(unit, "XXXX")
    if unit == "weekend":
        if rel in ("last", "this past", "the past", "the last", "the previous"):
            return "DATE", _weekend_value(ctx.anchor, "last")
        if rel in ("next", "this coming", "the coming", "the next", "the following"):
            return "DATE", _weekend_value(ctx.anchor, "next")
        tense = ctx.tense(m.start(), m.end())
        return "DATE", _weekend_value(ctx.anchor, tense if tense in ("past", "future") else "none")
    if unit == "quarter" and rel in ("the", "that", "the same"):
        # "the quarter" in a report on results is the last completed quarter
        return "DATE", "{:04d}-Q{}".format(*_shift_quarter(*_quarter_of(ctx.anchor), -1))
    return "DATE", _relative_value(ctx.anchor, unit, step)


def _resolve_year_end(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    if ctx.anchor is None:
        return "DATE", "XXXX"
    rel = (m["rel"] or "").strip().lower()
    return "DATE", f"{ctx.anchor.year + {'last': -1, 'next': 1}.get(rel, 0):04d}"


def _resolve_year_period(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    year = int(m["y"])
    if ctx.focus_quarter:
        ctx.used_focus = True
        return "DATE", f"{year:04d}{ctx.focus_quarter[4:]}"
    return "DATE", f"{year:04d}"


_ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _resolve_quarter(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    if m["q"]:
        quarter = int(m["q"][1])
        year = int(m["qy"]) if m["qy"] else None
        kind = "quarter"
    elif m["h"]:
        return "DATE", f"{int(m['hy']):04d}-{m['h']}"
    else:
        ordinal = " ".join(m["ord"].lower().split())
        kind = m["kind"].lower()
        if kind == "quarters":  # "the first two quarters" is the first half
            if ordinal not in ("first two", "last two"):
                return None
            kind, ordinal = "half", "first" if ordinal == "first two" else "second"
        if ordinal == "last" and kind == "half":
            if not m["y"]:
                return None  # "the last half of the '80s": not a half of a year
            ordinal = "second"
        if ordinal not in _ORDINAL_QUARTER:
            return None
        quarter = _ORDINAL_QUARTER[ordinal]
        if kind == "period":
            kind = "quarter"
        if kind == "half" and quarter > 2:
            return None
        year = int(m["y"] or m["yr"]) if (m["y"] or m["yr"]) else None
        yrel = (m["yrel"] or m["yrel2"] or "").lower()
        if year is None and yrel and ctx.anchor:
            year = ctx.anchor.year + (-1 if "last" in yrel else 1 if "next" in yrel else 0)
    code = f"Q{quarter}" if kind == "quarter" else f"H{quarter}"
    comparison = (m["cmp"] or "").lower() if "cmp" in m.groupdict() and m["cmp"] else ""
    if year is None:
        if ctx.focus and comparison in ("year-earlier", "year-ago", "year earlier", "prior-year"):
            focus_year = int(ctx.focus[:4])
            ctx.used_focus = True
            year = focus_year - 1
        elif ctx.anchor is None:
            return "DATE", f"XXXX-{code}"
        else:
            year = _choose_quarter_year(quarter if kind == "quarter" else quarter * 2, ctx.anchor)
    return "DATE", f"{year:04d}-{code}"


def _choose_quarter_year(quarter: int, anchor: dt.date) -> int:
    """A quarter named without a year: this year's unless it lies more than a quarter ahead."""
    _, current = _quarter_of(anchor)
    return anchor.year if quarter <= current + 1 else anchor.year - 1


def _resolve_comparison(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    """"the year-earlier period", "year-ago", "the quarter a year ago": the focus, a year back."""
    ctx.used_focus = True
    unit = (m["unit"] or m["unit2"] or "").lower()
    if unit == "year":
        base = ctx.focus or (ctx.anchor.isoformat() if ctx.anchor else None)
        return "DATE", f"{int(base[:4]) - 1:04d}" if base else "XXXX"
    if unit in ("quarter", "period", ""):
        base = ctx.focus_quarter
        if base is None and unit == "quarter" and ctx.anchor is not None:
            base = "{:04d}-Q{}".format(*_shift_quarter(*_quarter_of(ctx.anchor), -1))
        base = base or ctx.focus
    else:
        base = ctx.focus
    if base is None:
        return "DATE", f"{ctx.anchor.year - 1:04d}" if ctx.anchor else "XXXX"
    return "DATE", _shift_value(base, "year", -1) or f"{int(base[:4]) - 1:04d}"


def _year_looks_like_count(m: re.Match[str], ctx: _Context) -> bool:
    if m["fuzz"] or m["fiscal"]:
        return False
    after = ctx.text[m.end() : m.end() + 30]
    if _COUNT_NOUN_AFTER.match(after):
        return True
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"(?:no\.|number|page|pp?\.|flight|route|room|article|resolution|section)\s*$", before):
        return True
    return False


def _resolve_year(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    if _year_looks_like_count(m, ctx):
        return None
    year = int(m["y"])
    fiscal = (m["fiscal"] or "").strip().upper()
    if fiscal == "FY":
        return "DATE", f"FY{year:04d}"
    return "DATE", f"{year:04d}"


def _resolve_decade(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    if m["dec"]:
        return "DATE", m["dec"]
    if m["dec2"]:
        century = ctx.anchor.year // 100 if ctx.anchor else 19
        decade = int(m["dec2"])
        if ctx.anchor and century * 100 + decade * 10 > ctx.anchor.year:
            century -= 1
        return "DATE", f"{century:02d}{decade}"
    decade = DECADE_WORDS[m["word"].lower()]
    if ctx.anchor is None:
        return "DATE", f"XX{decade}"
    century = ctx.anchor.year // 100
    if century * 100 + decade * 10 > ctx.anchor.year:
        century -= 1
    return "DATE", f"{century:02d}{decade}"


def _resolve_century(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    word = m["ord"].lower()
    number = int(re.match(r"\d+", word).group(0)) if word[0].isdigit() else ORDINALS.get(word)
    if not number:
        return None
    return "DATE", f"{number - 1:02d}"


def _resolve_spelled_year(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    year = _spelled_year(m["sy"])
    if year is None or not 1600 <= year <= 2099:
        return None
    if m["mon"]:
        return "DATE", f"{year:04d}-{_month_number(m['mon']):02d}"
    return "DATE", f"{year:04d}"


def _resolve_season(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    word = m["season"].lower()
    rel = (m["rel"] or "").lower()
    if not (m["y"] or m["sy"] or rel or m["fuzz"] or m["fuzz2"]):
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:in|during|since|until|by|over|through|into)\s+$", before) or word == "fall":
            return None
    if word == "fall" and not (m["y"] or m["sy"] or rel in ("this", "last", "next", "this past", "this coming", "the coming", "the past") or re.search(r"\b(?:in|during|since|until|by|over|through)\s+the\s+$", ctx.text[max(0, m.start() - 16) : m.start()].lower())):
        return None
    if rel == "the" and not (m["y"] or m["sy"]) and word != "fall":
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:in|during|since|until|by|over|through|of|into)\s+$", before):
            return None
    code = SEASONS[word]
    if m["sy"] and _spelled_year(m["sy"]):
        return "DATE", f"{_spelled_year(m['sy']):04d}-{code}"
    if m["y"]:
        return "DATE", f"{int(m['y']):04d}-{code}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}"
    season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
    current = ctx.anchor.year
    if rel in ("last", "this past", "the past"):
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        year = current if start_month + 2 < ctx.anchor.month else current - 1
    elif rel in ("next", "this coming", "the coming"):
        year = current if season_month > ctx.anchor.month else current + 1
    elif rel == "this" or code == "WI":
        year = current
    else:
        year = _choose_year_for(season_month, None, ctx.anchor, ctx.tense(m.start(), m.end()))
    return "DATE", f"{year:04d}-{code}"


def _holiday_date(name: str, year: int) -> dt.date | None:
    name = name.replace("’", "'")
    fixed = {
        "Christmas": (12, 25), "Christmas Day": (12, 25), "Christmas Eve": (12, 24), "Orthodox Christmas": (1, 7),
        "New Year's Day": (1, 1), "New Year's Eve": (12, 31), "Independence Day": (7, 4), "Halloween": (10, 31),
        "Valentine's Day": (2, 14),
    }  # fmt: skip
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name.startswith("Thanksgiving"):
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(4 - first.isoweekday()) % 7 + 21)
    if name == "Election Day":
        first = dt.date(year, 11, 2)  # the Tuesday after the first Monday
        return first + dt.timedelta(days=(2 - first.isoweekday()) % 7)
    if name.startswith("Easter"):
        # anonymous Gregorian computus
        a, b, c = year % 19, year // 100, year % 100
        d, e = divmod(b, 4)
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = divmod(c, 4)
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        m_ = (a + 11 * h + 22 * l_) // 451
        month, day = divmod(h + l_ - 7 * m_ + 114, 31)
        return dt.date(year, month, day + 1)
    return None


def _resolve_holiday(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    name = m["name"]
    if m["y"]:
        day = _holiday_date(name, int(m["y"]))
        return ("DATE", day.isoformat()) if day else None
    if ctx.anchor is None:
        return None
    rel = (m["rel"] or "").lower()
    candidates = [d for d in (_holiday_date(name, y) for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)) if d]
    if rel == "last":
        candidates = [d for d in candidates if d < ctx.anchor] or candidates
        return "DATE", max(candidates).isoformat()
    if rel == "next":
        candidates = [d for d in candidates if d > ctx.anchor] or candidates
        return "DATE", min(candidates).isoformat()
    tense = ctx.tense(m.start(), m.end())
    if tense == "past":
        candidates = [d for d in candidates if d <= ctx.anchor] or candidates
    elif tense == "future":
        candidates = [d for d in candidates if d >= ctx.anchor] or candidates
    return "DATE", min(candidates, key=lambda d: abs((d - ctx.anchor).days)).isoformat()


_VAGUE_VALUES = {
    "right now": "PRESENT_REF", "just now": "PRESENT_REF", "now": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF", "recent": "PAST_REF",
    "in the past": "PAST_REF", "the past": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "earlier": "PAST_REF", "once": "PAST_REF", "the near future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF", "the future": "FUTURE_REF",
    "future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "the long run": "FUTURE_REF",
    "the short run": "FUTURE_REF", "eventually": "FUTURE_REF",
}  # fmt: skip


def _resolve_vague(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    word = " ".join(m["word"].lower().split())
    if word in ("in the meantime", "meanwhile", "once"):
        return None
    if word == "earlier" and not (m.start() == 0 or ctx.text[max(0, m.start() - 2) : m.start()].strip() in ("", "\n")):
        return None  # only a sentence-opening "Earlier," points at an unnamed past time
    if word == "in the past":
        return "DATE", "PAST_REF"
    if word.startswith("recent "):
        return "DATE", "PAST_REF"
    if "coming" in word:
        return "DATE", "FUTURE_REF"
    if word in ("future", "current"):
        # adjectives: only where they qualify a time or a state of affairs, not a name ("Future Group")
        if m["word"][0].isupper() and m.start() > 0 and ctx.text[m.start() - 1] not in "\n\"“ ":
            return None
    return "DATE", _VAGUE_VALUES[word]


def _duration_value(n: str | None, n2: str | None, unit: str) -> str:
    unit = _unit_word(unit)
    if n is None:
        amount: float | None = 1
    elif n.lower() in VAGUE_NUMBERS:
        amount = None
    else:
        amount = _parse_number(n)
    if n2 is not None:
        amount = None  # "two or three years": a range of lengths
    if unit in ("decade", "century"):
        factor = 10 if unit == "decade" else 100
        return f"P{int(amount * factor)}Y" if amount is not None else "PXY"
    if unit == "weekend":
        return "P1WE" if amount == 1 else (f"P{int(amount)}WE" if amount else "PXWE")
    code = UNIT_CODES[unit]
    if unit == "quarter":
        code = "Q"
    prefix = "PT" if unit in ("second", "minute", "hour") else "P"
    if amount is None:
        return f"{prefix}X{code}"
    if amount != int(amount):
        smaller = {"year": (12, "M"), "day": (24, "H"), "hour": (60, "M"), "month": (None, None)}.get(unit)
        if smaller and smaller[0]:
            return f"{'PT' if smaller[1] in ('H', 'M') and unit != 'year' else 'P'}{int(amount * smaller[0])}{smaller[1]}"
        return f"{prefix}X{code}"
    return f"{prefix}{int(amount)}{code}"


def _resolve_duration(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    rel = (m["rel"] or "").lower()
    if m["n"] is None and rel not in ("the past", "the last", "the next", "the first", "the coming", "another", "past", "last", "next", "first"):
        return None
    if m["n"] is None and rel in ("last", "next", "past", "first", "the"):
        return None  # "last week" is a date; handled by the relative rule
    if m.group(0).lower().endswith("-old"):
        return None
    return "DURATION", _duration_value(m["n"], m["n2"], m["unit"])


def _resolve_set(m: re.Match[str], ctx: _Context) -> tuple[str, str] | None:
    if m["wds"]:
        return "SET", f"XXXX-WXX-{WEEKDAYS[m['wds'].lower()]}"
    if m["adv"]:
        adv = m["adv"].lower()
        return "SET", {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
                       "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}[adv]  # fmt: skip
    unit = (m["unit"] or m["unit2"] or "").lower()
    if unit.title() in {w.title() for w in WEEKDAYS}:
        return "SET", f"XXXX-WXX-{WEEKDAYS[unit]}"
    if unit in PARTS_OF_DAY:
        return "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}"
    code = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P3M"}[unit]
    return "SET", code


RULES_BY_NAME = {rule.name: rule for rule in RULES}
RESOLVERS: dict[str, Resolver] = {
    "iso": _resolve_iso, "dmy_num": _resolve_numeric, "mdy_slash": _resolve_numeric, "mdy": _resolve_month_day,
    "dmy": _resolve_month_day, "week_of": _resolve_week_of, "month": _resolve_month, "weekday": _resolve_weekday, "clock": _resolve_clock,
    "clock_word": _resolve_clock_word, "deictic_day": _resolve_deictic_day, "this_pod": _resolve_this_pod,
    "ago": _resolve_ago, "relative_unit": _resolve_relative_unit, "quarter": _resolve_quarter,
    "comparison": _resolve_comparison, "year_period": _resolve_year_period, "year_end": _resolve_year_end, "year": _resolve_year, "decade": _resolve_decade,
    "century": _resolve_century, "spelled_year": _resolve_spelled_year, "season": _resolve_season,
    "holiday": _resolve_holiday, "vague": _resolve_vague, "duration": _resolve_duration, "set": _resolve_set,
}  # fmt: skip
# on equal spans the earlier rule wins; longer spans always win
_RULE_RANK = {rule.name: rank for rank, rule in enumerate(RULES)}

# words kept out of a span's edges (the rules match them to read the context)
_LEADING_WORDS = re.compile(r"^(?:(?:on|by|until|since|at|around|about)\s+)", re.I)


# --------------------------------------------------------------------------------------------
# public API


Candidate = tuple[int, int, str, re.Match[str]]


def _candidates(text: str) -> list[Candidate]:
    found = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), match.end(), rule.name, match))
    return found


def _non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    """Longest spans first; a candidate overlapping a kept one is dropped."""
    ordered = sorted(candidates, key=lambda c: (-(c[1] - c[0]), _RULE_RANK[c[2]], c[0]))
    kept: list[Candidate] = []
    for candidate in ordered:
        if all(candidate[1] <= k[0] or candidate[0] >= k[1] for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c[0])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading prepositions and trailing punctuation or possessives from a span."""
    lead = _LEADING_WORDS.match(text[start:end])
    if lead and lead.end() < end - start:
        start += lead.end()
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def _resolve_candidates(candidates: list[Candidate], ctx: _Context, results: list[tuple[int, int, str, str]]) -> None:
    """Resolve the longest non-overlapping candidates in text order; a rejected one gives way to
    the shorter readings inside it ("May" the verb inside "May the", a name inside a phrase)."""
    for start, end, name, match in _non_overlapping(candidates):
        ctx.used_focus = False
        try:
            resolved = RESOLVERS[name](match, ctx)
        except (ValueError, KeyError, OverflowError, TypeError, AttributeError, IndexError):
            resolved = None  # an odd string is skipped, never raised out of the stage
        if resolved is None:
            inner = [c for c in candidates if start <= c[0] and c[1] <= end and (c[0], c[1], c[2]) != (start, end, name)]
            if inner:
                _resolve_candidates(inner, ctx, results)
            continue
        kind, value = resolved
        trimmed_start, trimmed_end = _trim(ctx.text, start, end)
        if trimmed_end <= trimmed_start:
            continue
        results.append((trimmed_start, trimmed_end, kind, value))
        if kind == "DATE" and not ctx.used_focus:
            ctx.remember(value)  # a date the text names becomes the reference for anaphora


def find_timexes(text: str, anchor: dt.date | None, doc: Doc | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value) for every temporal expression in ``text``, in text order."""
    if not text:
        return []
    ctx = _Context(text=text, anchor=anchor, doc=doc)
    results: list[tuple[int, int, str, str]] = []
    _resolve_candidates(_candidates(text), ctx, results)
    results.sort(key=lambda r: r[0])
    return results


def extract_timexes(
    article_id: str, text: str, anchor: dt.date | None, doc: Doc | None = None
) -> list[Timex]:
    """Temporal expressions of an article with TimeML values resolved against ``anchor``.

    ``anchor`` is the publication date (or None: relative expressions then stay underspecified);
    ``doc``, when given, is the spaCy parse of the same ``text`` and gives the tense of the verb
    governing each expression. Same text and anchor, same result.
    """
    if doc is not None and doc.text != text:
        doc = None  # a parse of another text would point at the wrong words
    anchor_text = anchor.isoformat() if anchor else None
    return [
        Timex(
            id=stable_id(article_id, start, end),
            article=article_id,
            start=start,
            end=end,
            text=text[start:end],
            type=kind,
            value=value,
            anchor=anchor_text,
        )
        for start, end, kind, value in find_timexes(text, anchor, doc)
    ]


def _is_explicit_day(timex: Timex) -> bool:
    """A day the text spells out in full (with its year), not one resolved from a relative phrase."""
    return timex.type == "DATE" and value_granularity(timex.value) == "day" and bool(re.search(r"\b\d{4}\b", timex.text))


def _is_date_line(text: str, timex: Timex) -> bool:
    """True when the date stands on a line of its own: page furniture, not the story's words."""
    line_start = text.rfind("\n", 0, timex.start) + 1
    line_end = text.find("\n", timex.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return len(line.strip(" \t-–—|,.")) <= len(timex.text) + 3


_DEICTIC_WORDS = re.compile(
    r"(?i)\b(?:today|yesterday|tomorrow|tonight|last night|this week|last week|"
    + "|".join(w for w in WEEKDAYS if w.endswith("day"))
    + r")\b"
)


def _story_and_line_dates(text: str, timexes: list[Timex]) -> tuple[list[dt.date], list[dt.date]]:
    story, lines = set(), set()
    for timex in timexes:
        if _is_explicit_day(timex):
            day = dt.date.fromisoformat(timex.value[:10])
            (lines if text and _is_date_line(text, timex) else story).add(day)
    return sorted(story), sorted(lines)


def infer_publication_date(text: str, timexes: list[Timex]) -> tuple[str | None, str, str]:
    """A publication date from the text itself when the metadata has none:
    (YYYY-MM-DD or None, confidence, note). Confidence is ``medium`` or ``low`` for a date the
    evidence places the writing at, ``bound`` for a lower bound only, ``none`` for no date.

    ``timexes`` are the article's timexes (extracted with or without an anchor: only dates the
    text writes out in full, with their year, are used). The latest full date in the story is a
    lower bound (a story reports what has happened); relative words ("yesterday", "on
    Wednesday", "last week") say it was written within days of that. A date standing on a line
    of its own (a page's date line) is used when it agrees with the story, or alone, with low
    confidence. The note says which evidence was used and how sure it is.
    """
    story, lines = _story_and_line_dates(text, timexes)
    deictic = sum(1 for t in timexes if _DEICTIC_WORDS.search(t.text) and not re.search(r"\d{4}", t.text))
    if story:
        latest = story[-1]
        agreeing = [d for d in lines if 0 <= (d - latest).days <= 14]
        if agreeing:
            return agreeing[0].isoformat(), "medium", (
                f"inferred (medium): date line {agreeing[0]} agrees with the story's latest full date {latest}"
            )
        if deictic:
            return latest.isoformat(), "low", (
                f"inferred (low): latest full date in the story is {latest}; {deictic} relative "
                "expression(s) place the writing within days of it"
            )
        return latest.isoformat(), "bound", f"inferred (low): latest full date in the story is {latest}, a lower bound only"
    if lines:
        return lines[-1].isoformat(), "bound", (
            f"inferred (low): only a date line ({lines[-1]}) on the page, which may be the page's own date"
        )
    return None, "none", "no full date in the text: publication date left unknown"


def page_date_conflicts(page_date: str | dt.date | None, timexes: list[Timex], text: str = "") -> str | None:
    """Why a page's date cannot be the article's publication date, or None when nothing conflicts.

    Conflicts: the page date is more than a day before every full date the story writes out, or
    it lies more than 60 days after the latest of them while the story speaks of "yesterday",
    weekdays or "last week" (a page refreshed or re-dated long after the story). With ``text``,
    dates standing on a line of their own (the page's date line) are not counted as the story's.
    """
    if page_date is None:
        return None
    try:
        page = page_date if isinstance(page_date, dt.date) else dt.date.fromisoformat(str(page_date)[:10])
    except ValueError:
        return f"page date {page_date!r} is not a date"
    explicit, _ = _story_and_line_dates(text, timexes)
    if not explicit:
        return None
    latest = explicit[-1]
    deictic = any(_DEICTIC_WORDS.search(t.text) and not re.search(r"\d{4}", t.text) for t in timexes)
    if page < explicit[0] - dt.timedelta(days=1):
        return f"page date {page} is before every full date in the story (earliest {explicit[0]})"
    if deictic and (page - latest).days > 60:
        return (
            f"page date {page} is {(page - latest).days} days after the latest date in the story ({latest}), "
            "which speaks of days relative to its own"
        )
    return None


def date_for_clause(span_or_token: Span | Token, timexes: list[Timex]) -> Timex | None:
    """The timex attached to the verb of a clause through the dependency parse, or None.

    Looks at the verb's own dependents first (``npadvmod``, ``obl``, a preposition's object:
    "met on Wednesday", "said Thursday"), then at the dependents of its subject and object
    ("Wednesday's talks ended"). A timex inside a different clause is not taken.
    """
    if not timexes:
        return None
    token = span_or_token.root if hasattr(span_or_token, "root") else span_or_token
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
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

    return search(verb, 2)
