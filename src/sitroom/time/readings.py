"""What each rule's match means: a TimeML (type, value), read in its context.

One reader per rule of ``patterns``. A reader sees the match and a ``Context``: the text, the
anchor (the publication date, or None: relative expressions then stay underspecified), the tense
of the verb governing the expression, and the date last in focus, against which anaphoric
expressions ("the following day", "a year earlier", "the quarter") are read. A reader returns
None to drop a match that is not a date after all ("May" the verb, "the March for ...").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitroom.time.patterns import (
    DAY_WORDS,
    DECADE_WORDS,
    MONTH_ABBR,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    RULES_BY_NAME,
    SEASONS,
    UNIT_CODES,
    WEEKDAYS,
)
from sitroom.time.tense import Tense
from sitroom.time.values import (
    choose_quarter_year,
    choose_year_for,
    duration_value,
    holiday_date,
    parse_number,
    quarter_of,
    relative_value,
    safe_date,
    shift_quarter,
    shift_value,
    spelled_year,
    unit_word,
    value_at,
    value_bounds,
    value_granularity,
    week_value,
    weekday_date,
    weekend_value,
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


@dataclass(slots=True)
class Context:
    """What a reader may look at besides its match; the focus changes as the text is read."""

    text: str
    anchor: dt.date | None
    tense_of: Tense  # the tense of the verb governing start:end
    focus: str | None = None  # last specific DATE value mentioned (for anaphora)
    focus_quarter: str | None = None
    used_focus: bool = False  # set by a reader whose value came from the focus, not the text

    def tense(self, start: int, end: int) -> str | None:
        return self.tense_of(start, end)

    def remember(self, value: str) -> None:
        grain = value_granularity(value)
        if grain == "other":
            return
        self.focus = value
        if grain == "quarter":
            self.focus_quarter = value


Reader = Callable[[re.Match[str], Context], tuple[str, str] | None]


# --------------------------------------------------------------------------------------------
# readers: one per rule; each returns (type, value) or None to drop the match


def _read_iso(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    day = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    if m["hh"]:
        return "TIME", f"{day.isoformat()}T{m['hh']}:{m['mm']}"
    return "DATE", day.isoformat()


def _read_numeric(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    month, day_num = int(m["m"]), int(m["d"])
    if m.re is RULES_BY_NAME["mdy_slash"].pattern and month > 12 >= day_num:
        month, day_num = day_num, month  # 27/01/2022 written day first
    day = safe_date(int(m["y"]), month, day_num)
    return ("DATE", day.isoformat()) if day else None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _read_month_day(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    month = _month_number(m["mon"])
    digits = re.match(r"\d+", m["d"])
    day_num = int(digits.group(0)) if digits else DAY_WORDS[" ".join(m["d"].lower().split())]
    if m["y"]:
        day = safe_date(int(m["y"]), month, day_num)
        return ("DATE", day.isoformat()) if day else None
    if safe_date(2000, month, day_num) is None:  # 2000 is a leap year: Feb 29 passes
        return None
    weekday_name = m.groupdict().get("wd")
    if weekday_name and ctx.anchor is not None:
        # a weekday with the date picks the year where they agree, nearest the anchor
        weekday = WEEKDAYS[weekday_name.lower().rstrip(".")]
        for year in sorted((ctx.anchor.year, ctx.anchor.year - 1, ctx.anchor.year + 1), key=lambda y: abs(y - ctx.anchor.year)):
            day = safe_date(year, month, day_num)
            if day and day.isoweekday() == weekday:
                return "DATE", day.isoformat()
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}-{day_num:02d}"
    year = choose_year_for(month, day_num, ctx.anchor, ctx.tense(m.start(), m.end()))
    day = safe_date(year, month, day_num)
    return ("DATE", day.isoformat()) if day else None


def _read_week_of(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    """"the week of March 6": the ISO week holding that day."""
    resolved = _read_month_day(m, ctx)
    if resolved is None:
        return None
    if value_granularity(resolved[1]) != "day":
        return "DATE", "XXXX-WXX"
    return "DATE", week_value(dt.date.fromisoformat(resolved[1]))


def _may_is_month(m: re.Match[str], ctx: Context) -> bool:
    """'May' is a month only with a day or year, or after a word that introduces a date."""
    if m["y"] or m["yrel"] or m["fuzz"] or m["rel"]:
        return True
    return bool(_MAY_CONTEXT_BEFORE.search(ctx.text[max(0, m.start() - 20) : m.start()]))


def _read_month(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    name = m["mon"]
    if name.rstrip(".").lower() == "may" and not _may_is_month(m, ctx):
        return None
    if not name.endswith(".") and name.lower() in MONTH_ABBR and not m["y"]:
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
        year = choose_year_for(month, None, ctx.anchor, ctx.tense(m.start(), m.end()))
    return "DATE", f"{year:04d}-{month:02d}"


def _read_weekday(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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
        value = weekday_date(weekday, base, direction).isoformat()
    if pod:
        return "TIME", f"{value}T{pod}"
    return "DATE", value


def _read_clock(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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


def _read_clock_word(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    day = _day_word_value(m["day"], ctx, m)
    return "TIME", f"{day}T{'12:00' if m['word'].lower() == 'noon' else '24:00'}"


def _day_word_value(word: str | None, ctx: Context, m: re.Match[str]) -> str:
    if ctx.anchor is None:
        return "XXXX-XX-XX"
    if not word:
        return ctx.anchor.isoformat()
    lowered = word.lower()
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if lowered in offsets:
        return (ctx.anchor + dt.timedelta(days=offsets[lowered])).isoformat()
    tense = ctx.tense(m.start(), m.end())
    return weekday_date(WEEKDAYS[lowered.rstrip(".")], ctx.anchor, tense if tense in ("past", "future") else "none").isoformat()


def _read_deictic_day(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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


def _read_this_pod(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    pod = PARTS_OF_DAY[m["pod"].lower()]
    if m["rel"].lower() == "this":
        day = ctx.anchor.isoformat() if ctx.anchor else "XXXX-XX-XX"
    elif ctx.focus and value_granularity(ctx.focus) == "day":
        day = ctx.focus[:10]
    else:
        return None
    return "TIME", f"{day}T{pod}"



def _read_ago(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    unit = unit_word(m["unit"])
    direction = m["dir"].lower()
    if direction in ("before", "after"):
        return "DURATION", duration_value(m["n"], None, unit)  # "two days after the vote": an offset
    amount = parse_number(m["n"])
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
        shifted = shift_value(ctx.focus_quarter, "year", steps)
        if shifted:
            ctx.used_focus = True
            return "DATE", shifted
    if direction in ("earlier", "later"):
        # relative to the time in focus: "a day later", "two months earlier"
        if ctx.focus and value_granularity(ctx.focus) in ("day", "month", "quarter", "week") and unit in ("year", "month", "quarter", "day", "week"):
            shifted = shift_value(ctx.focus, unit, steps)
            if shifted:
                ctx.used_focus = True
                return "DATE", shifted
    if ctx.anchor is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    return "DATE", relative_value(ctx.anchor, unit, steps)


def _same_sentence_or_near(ctx: Context, m: re.Match[str]) -> bool:
    """True when the expression compares with a period the text is talking about."""
    before = ctx.text[max(0, m.start() - 250) : m.start()].lower()
    return bool(re.search(r"quarter|period|three months|nine months|six months|year-earlier|year-ago", before))


_DEICTIC_STEP = {
    "this": 0, "the current": 0, "the same": 0, "that": 0, "the": 0, "last": -1, "the previous": -1,
    "the preceding": -1, "the past": -1, "the last": -1, "this past": -1, "next": 1, "the coming": 1,
    "the following": 1, "the next": 1, "this coming": 1,
}  # fmt: skip



_ANAPHORIC_RELS = {"the same", "that", "the previous", "the preceding", "the following", "the next"}


def _read_relative_unit(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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
        return "DATE", relative_value(ctx.anchor, unit, 0) if ctx.anchor else "XXXX"
    if rel in ("the past", "the last", "the next", "the coming") and unit not in ("weekend", "day"):
        if unit in ("decade", "century"):
            return "DURATION", "P10Y" if unit == "decade" else "P100Y"
        if not (rel in ("the past", "the last") and unit == "year" and fuzz == ""):
            return "DURATION", f"P1{UNIT_CODES[unit]}"
    if rel in ("the latest", "the most recent"):
        unit = "quarter" if unit == "period" else unit
        if ctx.anchor is not None and unit == "quarter":
            return "DATE", "{:04d}-Q{}".format(*shift_quarter(*quarter_of(ctx.anchor), -1))
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
            value = value_at(bounds[0], unit)
            if step:
                value = shift_value(value, unit, step) or value
            return "DATE", value
    if unit == "day":
        if ctx.anchor is None:
            return "DATE", "XXXX-XX-XX"
        return "DATE", (ctx.anchor + dt.timedelta(days=step)).isoformat()
    if ctx.anchor is None:
        return "DATE", {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX"}.get(unit, "XXXX")
    if unit == "weekend":
        if rel in ("last", "this past", "the past", "the last", "the previous"):
            return "DATE", weekend_value(ctx.anchor, "last")
        if rel in ("next", "this coming", "the coming", "the next", "the following"):
            return "DATE", weekend_value(ctx.anchor, "next")
        tense = ctx.tense(m.start(), m.end())
        return "DATE", weekend_value(ctx.anchor, tense if tense in ("past", "future") else "none")
    if unit == "quarter" and rel in ("the", "that", "the same"):
        # "the quarter" in a report on results is the last completed quarter
        return "DATE", "{:04d}-Q{}".format(*shift_quarter(*quarter_of(ctx.anchor), -1))
    return "DATE", relative_value(ctx.anchor, unit, step)


def _read_year_end(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    if ctx.anchor is None:
        return "DATE", "XXXX"
    rel = (m["rel"] or "").strip().lower()
    return "DATE", f"{ctx.anchor.year + {'last': -1, 'next': 1}.get(rel, 0):04d}"


def _read_year_period(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    year = int(m["y"])
    if ctx.focus_quarter:
        ctx.used_focus = True
        return "DATE", f"{year:04d}{ctx.focus_quarter[4:]}"
    return "DATE", f"{year:04d}"


_ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _read_quarter(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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
            year = choose_quarter_year(quarter if kind == "quarter" else quarter * 2, ctx.anchor)
    return "DATE", f"{year:04d}-{code}"



def _read_comparison(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    """"the year-earlier period", "year-ago", "the quarter a year ago": the focus, a year back."""
    ctx.used_focus = True
    unit = (m["unit"] or m["unit2"] or "").lower()
    if unit == "year":
        base = ctx.focus or (ctx.anchor.isoformat() if ctx.anchor else None)
        return "DATE", f"{int(base[:4]) - 1:04d}" if base else "XXXX"
    if unit in ("quarter", "period", ""):
        base = ctx.focus_quarter
        if base is None and unit == "quarter" and ctx.anchor is not None:
            base = "{:04d}-Q{}".format(*shift_quarter(*quarter_of(ctx.anchor), -1))
        base = base or ctx.focus
    else:
        base = ctx.focus
    if base is None:
        return "DATE", f"{ctx.anchor.year - 1:04d}" if ctx.anchor else "XXXX"
    return "DATE", shift_value(base, "year", -1) or f"{int(base[:4]) - 1:04d}"


def _year_looks_like_count(m: re.Match[str], ctx: Context) -> bool:
    if m["fuzz"] or m["fiscal"]:
        return False
    after = ctx.text[m.end() : m.end() + 30]
    if _COUNT_NOUN_AFTER.match(after):
        return True
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"(?:no\.|number|page|pp?\.|flight|route|room|article|resolution|section)\s*$", before):
        return True
    return False


def _read_year(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    if _year_looks_like_count(m, ctx):
        return None
    year = int(m["y"])
    fiscal = (m["fiscal"] or "").strip().upper()
    if fiscal == "FY":
        return "DATE", f"FY{year:04d}"
    return "DATE", f"{year:04d}"


def _read_decade(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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


def _read_century(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    word = m["ord"].lower()
    number = int(re.match(r"\d+", word).group(0)) if word[0].isdigit() else ORDINALS.get(word)
    if not number:
        return None
    return "DATE", f"{number - 1:02d}"


def _read_spelled_year(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    year = spelled_year(m["sy"])
    if year is None or not 1600 <= year <= 2099:
        return None
    if m["mon"]:
        return "DATE", f"{year:04d}-{_month_number(m['mon']):02d}"
    return "DATE", f"{year:04d}"


def _read_season(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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
    if m["sy"] and spelled_year(m["sy"]):
        return "DATE", f"{spelled_year(m['sy']):04d}-{code}"
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
        year = choose_year_for(season_month, None, ctx.anchor, ctx.tense(m.start(), m.end()))
    return "DATE", f"{year:04d}-{code}"



def _read_holiday(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    name = m["name"]
    if m["y"]:
        day = holiday_date(name, int(m["y"]))
        return ("DATE", day.isoformat()) if day else None
    if ctx.anchor is None:
        return None
    rel = (m["rel"] or "").lower()
    candidates = [d for d in (holiday_date(name, y) for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)) if d]
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


def _read_vague(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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



def _read_duration(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
    rel = (m["rel"] or "").lower()
    if m["n"] is None and rel not in ("the past", "the last", "the next", "the first", "the coming", "another", "past", "last", "next", "first"):
        return None
    if m["n"] is None and rel in ("last", "next", "past", "first", "the"):
        return None  # "last week" is a date; handled by the relative rule
    if m.group(0).lower().endswith("-old"):
        return None
    return "DURATION", duration_value(m["n"], m["n2"], m["unit"])


def _read_set(m: re.Match[str], ctx: Context) -> tuple[str, str] | None:
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


READERS: dict[str, Reader] = {
    "iso": _read_iso, "dmy_num": _read_numeric, "mdy_slash": _read_numeric, "mdy": _read_month_day,
    "dmy": _read_month_day, "week_of": _read_week_of, "month": _read_month, "weekday": _read_weekday, "clock": _read_clock,
    "clock_word": _read_clock_word, "deictic_day": _read_deictic_day, "this_pod": _read_this_pod,
    "ago": _read_ago, "relative_unit": _read_relative_unit, "quarter": _read_quarter,
    "comparison": _read_comparison, "year_period": _read_year_period, "year_end": _read_year_end, "year": _read_year, "decade": _read_decade,
    "century": _read_century, "spelled_year": _read_spelled_year, "season": _read_season,
    "holiday": _read_holiday, "vague": _read_vague, "duration": _read_duration, "set": _read_set,
}  # fmt: skip
