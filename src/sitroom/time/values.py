"""TimeML value arithmetic: what a value covers, moving it by whole units, and the calendar
facts the readers need (ISO weeks, quarters, holidays, number words).

Pure functions of their arguments: nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import re

from sitroom.time.patterns import NUMBER_WORDS, UNIT_CODES, VAGUE_NUMBERS


# --------------------------------------------------------------------------------------------
# calendar


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def holiday_date(name: str, year: int) -> dt.date | None:
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

# --------------------------------------------------------------------------------------------
# numbers and units


def parse_number(text: str) -> float | None:
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


def spelled_year(text: str) -> int | None:
    words = text.lower().replace("-", " ").replace(" and ", " ").split()
    if len(words) >= 2 and words[0] in ("nineteen", "eighteen") and words[1] != "hundred":
        rest = parse_number(" ".join(words[1:]))
        return None if rest is None else NUMBER_WORDS[words[0]] * 100 + int(rest)
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(words[2:])) if len(words) > 2 else 0
        return None if rest is None else 2000 + int(rest)
    return None


def unit_word(unit: str) -> str:
    unit = unit.lower()
    return "century" if unit.startswith("centur") else unit


def duration_value(n: str | None, n2: str | None, unit: str) -> str:
    unit = unit_word(unit)
    if n is None:
        amount: float | None = 1
    elif n.lower() in VAGUE_NUMBERS:
        amount = None
    else:
        amount = parse_number(n)
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

# --------------------------------------------------------------------------------------------
# what a DATE value covers, and moving it


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
        following = dt.date(*shift_month(year, month, 1), 1)
        return first, following - dt.timedelta(days=1)
    if grain == "quarter":
        quarter = int(value[-1])
        first = dt.date(year, 3 * quarter - 2, 1)
        following = dt.date(*shift_month(year, 3 * quarter - 2, 3), 1)
        return first, following - dt.timedelta(days=1)
    if grain == "half":
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if value.endswith("H1") else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if grain in ("year", "season"):
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def shift_value(value: str, unit: str, amount: int) -> str | None:
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
        year, month = shift_month(day.year, day.month, (months or 0) * amount)
        return (safe_date(year, month, day.day) or dt.date(year, month, 28)).isoformat()
    bounds = value_bounds(value)
    if bounds is None:
        return None
    first = bounds[0]
    if days and grain == "week":
        return week_value(first + dt.timedelta(days=days * amount))
    if months is None:
        return None
    if grain == "month":
        return "{:04d}-{:02d}".format(*shift_month(first.year, first.month, months * amount))
    if grain == "quarter" and months % 3 == 0:
        return "{:04d}-Q{}".format(*shift_quarter(first.year, int(value[-1]), months // 3 * amount))
    if months % 12 == 0:
        return f"{first.year + months // 12 * amount:04d}{value[4:]}"
    return None


def value_at(day: dt.date, unit: str) -> str:
    """The calendar unit containing ``day``."""
    if unit == "day":
        return day.isoformat()
    if unit in ("week",):
        return week_value(day)
    if unit == "weekend":
        return week_value(day) + "-WE"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "quarter":
        return "{:04d}-Q{}".format(*quarter_of(day))
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def relative_value(anchor: dt.date, unit: str, steps: int) -> str:
    if unit in ("day",):
        return (anchor + dt.timedelta(days=steps)).isoformat()
    if unit in ("week", "weekend"):
        return value_at(anchor + dt.timedelta(weeks=steps), unit)
    if unit == "month":
        year, month = shift_month(anchor.year, anchor.month, steps)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        return "{:04d}-Q{}".format(*shift_quarter(*quarter_of(anchor), steps))
    if unit == "decade":
        return f"{anchor.year // 10 + steps:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + steps:02d}"
    return f"{anchor.year + steps:04d}"

# --------------------------------------------------------------------------------------------
# placing a date that names no year near the anchor


TENSE_REACH_DAYS = 300


def choose_year_for(month: int, day: int | None, anchor: dt.date, tense: str | None) -> int:
    """The year that places month(-day) nearest the anchor, in the direction the tense points."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        first = safe_date(year, month, day or 1) or dt.date(year, month, 1)
        last = first if day else dt.date(*shift_month(year, month, 1), 1) - dt.timedelta(days=1)
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


def weekday_date(weekday: int, anchor: dt.date, direction: str) -> dt.date:
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


def weekend_value(anchor: dt.date, direction: str) -> str:
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
    return week_value(this_weekend) + "-WE"


def choose_quarter_year(quarter: int, anchor: dt.date) -> int:
    """A quarter named without a year: this year's unless it lies more than a quarter ahead."""
    _, current = quarter_of(anchor)
    return anchor.year if quarter <= current + 1 else anchor.year - 1
