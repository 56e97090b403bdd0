"""Clean: from a page's text lines to the story, its title, outlet, author and the evidence for
its publication date.

Scraped text brings the page along: menus, comment forms, captions, repeated headlines, widgets.
Each line gets a verdict from evidence that generalises across sites, in this order:

1. its *shape*: a story line reads like prose (long enough, ends like a sentence, has function
   words); menus, widgets and labels do not;
2. generic *web-furniture cues* (comment forms, "related" blocks, advertisement markers, app and
   newsletter promotion, photo credits, copyright lines, author and site blurbs);
3. *repeats*: a line printed twice, or a short line contained in another kept line (pull quotes);
4. *corpus statistics*: a short or non-prose line found on several otherwise different pages of
   the batch is template (``LineStats``);
5. *position*: the story is the run of prose lines; non-prose lines before it (but the title) and
   after it are page furniture, while short lines inside it (subheadings) are kept.

A long line that a furniture cue would drop whole is first cut into its sentences, each judged on
its own (``cut_flattened``): a page flattened to one line holds its story and its footer together.

Dates found in page furniture are recorded with where they stand (above the headline, between
it and the story, inside or after the story), together with the date the source declared and a
dateline opening the story (``DateEvidence``). Clean reads them with the shared date grammar but
decides nothing: the publication date is decided in one place, ``sitroom.time.published``, and
the Article is built here with its publication fields unset.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sitroom.records import Article, DateEvidence, DateLine, RawDoc, content_hash
from sitroom.time.grammar import FoundDate, find_dates
from sitroom.time.patterns import folds_apart

# ----------------------------------------------------------------------------- line features

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
                         "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*", re.UNICODE)
_TERMINAL = re.compile(r"[.!?\u2026:;][\s\"'\u201d\u2019)\]]*$|[\"\u201d]\s*$")
_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|org|net|co\.uk|news|info)\b", re.I)

# Closed-class English words; their density tells running prose from labels and menus.
STOPWORDS = frozenset("""a about above after against all also although an and any are as at be because been before
being between both but by can could did do does during each either for from had has have he her here hers him his how
i if in into is it its itself just may me might more most must my no nor not of off on once only or other our out over
own same she should so some such than that the their them then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your""".split())


def input_lines(content: str) -> list[str]:
    """The input's lines as a user numbers them: split on newlines only (str.splitlines would
    also split on form feeds and Unicode separators and shift every later line number)."""
    return content.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def normalise(line: str) -> str:
    """The form two lines are compared in: Unicode-normalised, quotes and dashes folded, spaces
    collapsed, lower case. Two copies of a headline that differ only in a curly apostrophe match."""
    text = unicodedata.normalize("NFKC", line).translate(_QUOTES)
    return " ".join(text.split()).lower()


@dataclass(slots=True)
class Line:
    """One input line, or one sentence of a long line that had to be cut (see ``cut_flattened``)."""

    number: int  # 1-based line number in the input
    text: str  # stripped
    norm: str
    words: list[str]
    prose: bool = False  # reads like a sentence of a story (see is_prose)
    verdict: str = "keep"  # "keep" or the reason it is dropped
    is_title: bool = False
    part: int = 0  # 0: the whole input line; 1, 2, ...: its sentences, where it was cut

    @property
    def n_words(self) -> int:
        return len(self.words)

    @property
    def dropped(self) -> bool:
        return self.verdict != "keep"


def _make_line(number: int, text: str, part: int = 0) -> Line:
    text = text.strip()
    words = _WORD.findall(text)
    return Line(number, text, normalise(text), words, prose=is_prose(text, words), part=part)


# A line this long that a furniture cue would drop may hold a story too (a page flattened to one
# line): it is cut into sentences first. Shorter lines are furniture or prose as they stand.
FURNITURE_CUT_MIN_WORDS = 25
_SENTENCE_BREAK = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00a9])")


def cut_flattened(line: Line) -> list[Line]:
    """A long line a furniture cue would drop whole, cut into its sentences so that each gets its
    own verdict (a page flattened to one line holds its story and its footer together); other
    lines as they are, so that a paragraph is judged as a paragraph."""
    # Only cues that stand for a few words of the line (a copyright notice, a newsletter offer)
    # cut it; an author or site blurb is the whole line.
    if line.n_words < FURNITURE_CUT_MIN_WORDS or _furniture_reason(line) not in {"furniture", "promotion"}:
        return [line]
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(line.text)]
    pieces = [line.text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line.text)])]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2:
        return [line]
    return [_make_line(line.number, piece, part) for part, piece in enumerate(pieces, 1)]


def is_prose(text: str, words: list[str]) -> bool:
    """Reads like a sentence of a story: long enough, ends like a sentence, has function words."""
    n = len(words)
    if n < 6:
        return False
    stop_share = sum(w.lower() in STOPWORDS for w in words) / n
    if stop_share < 0.12:
        return False
    return bool(_TERMINAL.search(text)) or n >= 18


# ----------------------------------------------------------------------------- furniture cues

@dataclass(frozen=True, slots=True)
class _Cues:
    """Cues matched against a line's ``norm``, which is in lower case: written in lower case and
    matched as written (Python's engine tries case-insensitive words letter by letter, at every
    position, where it compares plain ones at once: half the time). A line with a character that
    lower case keeps and a case-insensitive letter matches (a dotless "ı") is matched
    case-insensitively (``time.patterns.folds_apart``, which the date rules heed too)."""

    plain: re.Pattern[str]
    insensitive: re.Pattern[str]

    def _for(self, norm: str) -> re.Pattern[str]:
        return self.insensitive if folds_apart(norm) else self.plain

    def match(self, norm: str) -> re.Match[str] | None:
        return self._for(norm).match(norm)

    def search(self, norm: str) -> re.Match[str] | None:
        return self._for(norm).search(norm)

    def finditer(self, norm: str) -> Iterator[re.Match[str]]:
        return self._for(norm).finditer(norm)


def _rx(*patterns: str) -> _Cues:
    joined = "|".join(f"(?:{p})" for p in patterns)
    return _Cues(re.compile(joined), re.compile(joined, re.I))


# Whole short lines that are labels, widgets or navigation (matched on the normalised line).
_SHORT_FURNITURE = _rx(
    r"^(related|recommended|popular|trending|latest|more|top|recent|other|editor'?s?)\s+(articles?|news|posts?|stories|"
    r"videos?|reads?|picks?|headlines?)\b",
    r"^more (on|from|in|about) (this|the)\b", r"^(see|read) more\b", r"^you (may|might) (also )?like\b",
    r"^-*\s*advert(isement)?s?\b", r"^(sponsored|promoted)( content| stories)?\b", r"^ad$",
    r"^(menu|search|home|skip to (main )?content|back to top|top of page|print|email|share|comments?|log ?in|"
    r"sign ?in|sign ?up|register|subscribe|stay connected|follow us|(change |select )?edition|next|previous)\b.{0,20}$",
    r"^(weather\s*:?\s*)?[+-]?\d+(\.\d+)?\s*°?\s*[cf]$",  # a weather widget's temperature
    r"^\d+\s*min(ute)?s?\.?(\s*read\b|\s*$|\s+\d)",  # reading time, often with the date beside it
    r"^(tags?|topics?|filed under|categor(y|ies))\s*:",
    r"^(share|tweet|email|whatsapp|facebook|twitter|linkedin|telegram|reddit)(\s*[|/,]\s*\w+)*$",
)

# Cues that mark a line as furniture at any length: at its start, or anywhere in it. (Two patterns, so
# that a search does not try the cues that can only stand at the start at every position of the line.)
_FURNITURE_START = _rx(
    r"^(read|see) also\b", r"^also read\b", r"^(related|read more|more)\s*:",
    r"^(photo|image|picture|video|graphic)s?( credit)?s?\s*:", r"^(©|\(c\)|copyright\b)",
)
_FURNITURE_ANYWHERE = _rx(
    r"\ball rights reserved\b",
    r"\b(your email address will not be published|required fields are marked|please enter your (comment|name|email)|"
    r"leave a (reply|comment)|post a comment|comments are closed|be the first to comment)\b",
    r"\b(getty images|shutterstock|ap photo|afp photo|reuters/)\b",
)

# Promotion of the site itself; two different cues are needed on a long line.
_PROMO = _rx(r"\b(newsletters?|sign up|subscribe|inbox|mobile app|new app|download (here|now|the app|our app)|"
             r"app store|google play|push notifications|follow us|free trial)\b")

# A blurb about the author or about the site, usually after the story.
_BIO = _rx(
    r"\b(is|was) (a|an|the)( [\w-]+){0,4} (journalist|reporter|writer|editor|correspondent|columnist|contributor|"
    r"freelancer|blogger|author)\b",
    r"\b(is|was) (currently )?(the |a )?(lead|senior|staff|chief|contributing|managing) (writer|reporter|editor)\b",
    r"\b(is|was) an? ([\w-]+ ){0,3}(news|media) (portal|website|site|outlet|platform|company|network)\b",
)

# A photo credit line: how it starts, or how it ends (two patterns, as for the furniture cues).
_CREDIT_START = _rx(r"^(photo|image|picture)s?( credit)?s?\s*:", r"^\((ap|afp|reuters|getty|epa)\b")
_CREDIT_END = _rx(r"(getty images|/ap|/afp|/reuters)\)?$")


def _furniture_reason(line: Line) -> str | None:
    # The cheap tests on the line's shape go before the patterns they guard.
    if _FURNITURE_START.match(line.norm) or _FURNITURE_ANYWHERE.search(line.norm):
        return "furniture"
    if not line.prose and line.n_words <= 12 and _SHORT_FURNITURE.search(line.norm):
        return "furniture"
    promo = {m.group(0) for m in _PROMO.finditer(line.norm)}
    if len(promo) >= 2 or (promo and line.n_words <= 12):
        return "promotion"
    if line.n_words <= 60 and _BIO.search(line.norm):
        return "bio"
    if (line.n_words <= 12 or not line.prose) and _URL.search(line.text):
        return "link"
    return None


# ----------------------------------------------------------------------------- dates
# Full dates are read with the time stage's grammar (find_dates), so that a date is read the
# same way wherever it stands.

def _is_date_line(line: Line) -> FoundDate | None:
    """A short line that is mostly a date (with perhaps a reading time, a label or a byline)."""
    if line.n_words > 14 or line.prose:
        return None
    dates = find_dates(line.text)
    return dates[0] if dates else None


# ----------------------------------------------------------------------------- corpus statistics

@dataclass(slots=True)
class LineStats:
    """How many otherwise different pages of a batch carry each line.

    A line that recurs on several pages is site template (menus, widgets, sign-offs). Pages that
    are copies of each other (syndication) share their story lines too, so a page whose text is
    mostly shared with other pages does not count as evidence of template.
    """

    template: frozenset[str] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_pages: int = 2, max_shared: float = 0.5) -> "LineStats":
        pages = [[normalise(t) for t in input_lines(text) if t.strip()] for text in texts]
        page_freq: Counter[str] = Counter()
        for norms in pages:
            page_freq.update(set(norms))
        evidence: Counter[str] = Counter()
        for norms in pages:
            total = sum(map(len, norms)) or 1
            shared = [norm for norm in norms if page_freq[norm] >= min_pages]
            if sum(map(len, shared)) / total < max_shared:
                evidence.update(set(shared))
        template = {norm for norm, n in evidence.items() if n >= min_pages}
        return cls(frozenset(template))

    def is_template(self, line: Line) -> bool:
        # Long prose shared by two pages is more likely the same wire paragraph than template.
        return line.norm in self.template and (line.n_words <= 8 or not line.prose)


# ----------------------------------------------------------------------------- the stage

@dataclass(slots=True)
class CleanResult:
    article: Article  # publication fields unset: sitroom.time.published decides them from ``dates``
    lines: list[Line] = field(default_factory=list)  # every non-blank input line with its verdict
    dates: DateEvidence = DateEvidence()  # what the page says about its own date


def clean(raw: RawDoc, stats: LineStats | None = None) -> Article:
    """The cleaned article, its publication fields unset (``clean_with_lines`` gives the evidence)."""
    return clean_with_lines(raw, stats).article


def clean_with_lines(raw: RawDoc, stats: LineStats | None = None) -> CleanResult:
    lines = [_make_line(i, t) for i, t in enumerate(input_lines(raw.content), 1) if t.strip()]
    lines = [piece for line in lines for piece in cut_flattened(line)]
    stats = stats or LineStats()

    if raw.kind == "html":
        return _clean_extracted(raw, lines)

    # 1-4: what each line is, on its own evidence.
    date_lines: list[tuple[Line, FoundDate]] = []
    for line in lines:
        found = _is_date_line(line)
        if found is not None:
            line.verdict = "date"
            date_lines.append((line, found))
        elif (reason := _furniture_reason(line)) is not None:
            line.verdict = reason
        elif stats.is_template(line):
            line.verdict = "template"
    _mark_captions(lines)

    # 5: the story is the run of prose lines; what stands outside it and is not prose is furniture.
    prose = [i for i, line in enumerate(lines) if not line.dropped and line.prose]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    for i, line in enumerate(lines):
        # An author or site blurb reads like prose; it is one only where no story follows it.
        if line.verdict == "bio" and i < last:
            line.verdict = "keep"
    title_index = _choose_title(raw, lines, first)
    if title_index is not None:
        lines[title_index].is_title = True
        lines[title_index].verdict = "title"
        if title_index == first:
            prose = prose[1:]
            first = prose[0] if prose else len(lines)
    for i, line in enumerate(lines):
        if not line.dropped and (i < first or i > last) and not line.prose:
            line.verdict = "header" if i < first else "footer"
    title = lines[title_index].text if title_index is not None else _clean_declared(raw.title)
    _mark_repeats(lines, title)

    kept = [line for line in lines if not line.dropped]
    dates = _date_evidence(raw, lines, date_lines, title_index, kept)
    article = _article(raw, lines, title, outlet=raw.outlet or _find_outlet(lines),
                       author=raw.author or _find_author(lines),
                       title_line=lines[title_index].number if title_index is not None else None)
    return CleanResult(article, lines, dates)


def _article(raw: RawDoc, lines: list[Line], title: str | None, outlet: str | None, author: str | None,
             title_line: int | None = None) -> Article:
    """The article made of the lines that were kept."""
    kept = [line for line in lines if not line.dropped]
    kept_numbers = sorted({line.number for line in kept})
    return Article(
        id=raw.id, origin=raw.origin, text=_paragraphs(kept), title=title, outlet=outlet,
        url=raw.url, author=author, kept_lines=kept_numbers,
        # A line cut into sentences is kept when any of them is (``explain`` shows the others).
        dropped_lines=sorted({line.number for line in lines if line.dropped} - set(kept_numbers)),
        title_line=title_line, content_hash=content_hash(raw.content))


def _paragraphs(kept: list[Line]) -> str:
    """The kept lines as paragraphs: one per input line (the kept sentences of a cut line
    together), separated by a blank line."""
    paragraphs: list[list[str]] = []
    number = None
    for line in kept:
        if line.part and line.number == number:
            paragraphs[-1].append(line.text)
        else:
            paragraphs.append([line.text])
        number = line.number
    return "\n\n".join(" ".join(sentences) for sentences in paragraphs)


def _clean_extracted(raw: RawDoc, lines: list[Line]) -> CleanResult:
    """Text that trafilatura extracted from HTML: it has already chosen the main content by the
    page's structure, which is better evidence than line shape, so only unambiguous furniture
    (labels, promotion, copies of the headline) is removed here."""
    title = _clean_declared(raw.title)
    title_norm = normalise(title) if title else None
    for line in lines:
        if title_norm and line.norm == title_norm:
            line.verdict = "title"
        elif (reason := _furniture_reason(line)) in ("furniture", "promotion"):
            line.verdict = reason
    article = _article(raw, lines, title, outlet=raw.outlet, author=raw.author)
    return CleanResult(article, lines, DateEvidence(declared=raw.published, declared_by="page"))


def _clean_declared(title: str | None) -> str | None:
    return " ".join(title.split()) if title and title.strip() else None


def _choose_title(raw: RawDoc, lines: list[Line], first_prose: int) -> int | None:
    """The headline's line: the declared title if the text carries it, else the first line before
    the story that could be a headline, else a short opening line set apart like a headline."""
    declared = _clean_declared(raw.title)
    if declared:
        target = normalise(declared)
        for i, line in enumerate(lines[: max(first_prose + 1, 1) + 3]):
            if line.norm == target:
                return i
        return None
    for i, line in enumerate(lines[:first_prose]):
        if not line.dropped and 2 <= line.n_words <= 25 and not line.text.endswith((",", ";")):
            return i
    if first_prose < len(lines) and first_prose == 0 and len(lines) > 1:
        line = lines[0]
        capitalised = sum(w[:1].isupper() for w in line.words) / max(line.n_words, 1)
        if line.n_words <= 20 and (not line.text.endswith(".") or "?" in line.text or "!" in line.text or capitalised >= 0.5):
            return 0
    return None


def _mark_captions(lines: list[Line]) -> None:
    """A photo caption is the line just above a credit line (and a copy of it just above that:
    pages often print the alt text and the caption)."""
    for i, line in enumerate(lines):
        if not (_CREDIT_START.match(line.norm) or _CREDIT_END.search(line.norm)):
            continue
        if line.verdict == "keep":
            line.verdict = "caption"
        if i >= 1 and lines[i - 1].verdict == "keep":
            lines[i - 1].verdict = "caption"
            if i >= 2 and lines[i - 2].norm == lines[i - 1].norm:
                lines[i - 2].verdict = "caption"


def _mark_repeats(lines: list[Line], title: str | None) -> None:
    """Later copies of a line (the headline printed twice, a paragraph repeated) and short lines
    contained in a longer kept line (pull quotes, standfirsts that repeat the story)."""
    seen: set[str] = {normalise(title)} if title else set()
    for line in lines:
        if line.norm in seen and not line.is_title:
            line.verdict = "repeat"
        seen.add(line.norm)
    kept_long = [line for line in lines if not line.dropped]
    for line in lines:
        if line.dropped or not 4 <= line.n_words <= 40:
            continue
        core = line.norm.strip("\"' .")
        if any(other is not line and other.n_words > line.n_words and core in other.norm for other in kept_long):
            line.verdict = "repeat"


_PUBLISHED_LABEL = re.compile(r"\b(published|posted|first published|updated|last updated)\b", re.I)


def _date_evidence(raw: RawDoc, lines: list[Line], date_lines: list[tuple[Line, FoundDate]], title_index: int | None,
                   kept: Sequence[Line]) -> DateEvidence:
    """Each date line with where it stands relative to the headline and the story, and a dateline
    opening the story; what they mean is decided in sitroom.time.published."""
    title_number = lines[title_index].number if title_index is not None else None
    story_start = kept[0].number if kept else None
    found_lines = []
    for line, found in date_lines:
        if title_number is not None and line.number < title_number:
            place = "above title"
        elif story_start is None or line.number < story_start:
            place = "before story"
        else:
            place = "in story"
        found_lines.append(DateLine(line.number, found.value.isoformat(), place,
                                    labelled=bool(_PUBLISHED_LABEL.search(line.text))))
    dateline = None
    if kept:
        # A dateline opening the story ("CITY, Jan. 26, 2022 -") dates it from the text itself.
        found_in_text = [f for f in find_dates(kept[0].text[:80]) if f.start < 50]
        if found_in_text:
            dateline = DateLine(kept[0].number, found_in_text[0].value.isoformat(), "dateline")
    return DateEvidence(declared=raw.published, date_lines=tuple(found_lines), dateline=dateline)


_NAME = r"(?P<name>(?:[A-Z][\w&'.-]*)(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&'.-]*){0,5})"
_OUTLET_PATTERNS = [
    re.compile(rf"^(?:the\s+)?{_NAME}\s+is\s+an?\s+(?:[\w-]+\s+){{0,3}}(?:news|media)\b", re.I),
    re.compile(rf"\b(?:the\s+)?{_NAME}\s+has\s+a\s+new\s+(?:mobile\s+)?app\b"),
    re.compile(rf"\bget\s+(?:the\s+)?{_NAME}\s+delivered\s+to\s+your\s+inbox\b", re.I),
    re.compile(rf"\b(?:writer|reporter|editor|correspondent|columnist|journalist)\s+(?:for|at|with)\s+(?:the\s+)?{_NAME}"),
]


def _find_outlet(lines: list[Line]) -> str | None:
    """The outlet where the page names itself: a site blurb, an app or newsletter promotion, an author bio."""
    for pattern in _OUTLET_PATTERNS:
        for line in lines:
            if not line.dropped:
                continue
            m = pattern.search(line.text)
            if m:
                name = re.sub(r"^(?:the|The)\s+", "", m.group("name")).strip(" .")
                if 1 <= len(name.split()) <= 6:
                    return name
    return None


_BYLINE = re.compile(r"^(?:by|written by|author:?)\s+(?P<name>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\b")


def _find_author(lines: list[Line]) -> str | None:
    """A byline ("By Jane Doe"), or the name line printed just above an author bio."""
    for line in lines:
        m = _BYLINE.match(line.text)
        if m and line.n_words <= 8:
            return m.group("name")
    for i, line in enumerate(lines):
        if line.verdict == "bio" and i > 0:
            above = lines[i - 1]
            if 2 <= above.n_words <= 4 and all(w[:1].isupper() for w in above.words) and not _TERMINAL.search(above.text):
                return above.text
    return None
