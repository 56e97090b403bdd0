"""The quotes stage: direct, indirect and mixed quotes with their speakers and cues.

Input is one article's cleaned text, its spaCy parse and the actors stage's mentions; output is
``Quote`` records whose ``start``/``end`` delimit the quoted *content* in the article text.

How it works, in three passes:

1. Quotation marks are paired on the characters, not on spaCy tokens, so that the rules of news
   typography hold whatever the tokenizer does: straight and curly double marks (and single-mark
   quotes outside double ones), a quote never crosses a paragraph break, and an opening mark with
   no closing one before the next paragraph's opening mark is a quote that goes on into the next
   paragraph (the two parts become one quote).
2. Each quote is tied to a speech cue ("said", "told", "according to", ...): first through the
   dependency tree (the quote sits inside the cue's complement, as in partial quotes), then by
   adjacency within the quote's sentence frame ("“…,” X said", "X said: “…”"). A quote with no
   cue of its own continues the previous speaker's run when it follows it in the same paragraph
   or opens the next one. Short scare quotes with no cue are left out.
3. Speech verbs with a clausal complement that holds no quotation mark give indirect quotes
   ("X warned that …", "…, officials said"), as does a parenthetical cue ("The plan, she said,
   would work": the clause around it, cue included), and "according to X" gives the clause it
   is attached to. Spans never leave the cue's paragraph.

Speakers are resolved through the actors stage: ``Quote.speaker`` is the actor of the mention
that covers the speaker's head word (or overlaps the speaker words); nothing is guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitroom import lexicons
from sitroom.quotemarks import DOUBLE_MARKS, QUOTE_MARKS, double_quote_parts, is_space, paragraph_end
from sitroom.records import Mention, Quote, stable_id

# Lemmas of verbs that report speech or writing, from the shared lexicon (cognition verbs such as
# "think" are left out there: they attribute opinions, not words).
SPEECH_VERBS: frozenset[str] = frozenset(w for w in lexicons.words("reporting_verbs") if " " not in w)
# Phrasal cues: verb lemma + particle ("pointed out", "went on").
PHRASAL_SPEECH_VERBS: frozenset[tuple[str, str]] = frozenset(
    (verb, particle) for verb, particle in (w.split() for w in lexicons.words("reporting_verbs") if " " in w)
)

SENTENCE_END = {".", "!", "?"}
_BYLINE_RE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([^\n]{2,60}?)[ \t\u00a0.]*(?:\n|$)")
SCARE_QUOTE_MAX_WORDS = 3
FRAME_MAX_TOKENS = 40
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
TITLE_FUNCTION_WORDS = {"a", "an", "the", "of", "with", "and", "or", "for", "to", "in", "on", "at", "by", "from", "as"}


@dataclass(slots=True, frozen=True)
class Quotation:
    """A stretch of text between quotation marks, marks included.

    ``closed`` is False when no closing mark was found before the paragraph ended (the quote
    is cut at the paragraph's end); a quote that runs over several paragraphs is one Quotation
    whose ``parts`` are the per-paragraph pieces.
    """

    start: int
    end: int
    closed: bool
    parts: tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Attribution:
    """A quote with every offset the stage found; ``to_quote`` turns it into the record."""

    start: int
    end: int
    kind: str  # "direct" | "indirect" | "mixed"
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None  # actor id
    via: str = "none"  # how the cue was found: dependency | adjacent | byline | continuation | indirect | none


# ---------------------------------------------------------------------------------------------
# 1. Quotation marks


def _single_quote_parts(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int, bool, bool]]:
    """Quotes in single marks outside double quotes, where they cannot be apostrophes.

    An opening mark must start a word; the closing one must end a word and follow sentence
    punctuation or end the paragraph, which keeps plural possessives ("the players' union") out.
    """

    def inside_taken(i: int) -> bool:
        return any(s <= i < e for s, e in taken)

    parts: list[tuple[int, int, bool, bool]] = []
    resume = 0  # after a quote is found, the search goes on behind its closing mark
    for opening in _SINGLE_OPENING.finditer(text):  # only the marks are looked at, not every character
        i = opening.start()
        if i < resume:
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if (is_space(before) or before in "([—–") and after.isalpha() and not inside_taken(i):
            para_end = paragraph_end(text, i)
            for j in range(i + 2, para_end):
                if text[j] not in "’'":
                    continue
                nxt = text[j + 1] if j + 1 < len(text) else ""
                if text[j - 1].isalpha() and nxt.isalpha():
                    continue  # an apostrophe inside a word
                if not (is_space(nxt) or nxt in ",.;:!?)—–"):
                    continue
                if text[j - 1] in ".,!?…" or j + 1 == para_end:
                    if len(text[i + 1 : j].split()) >= 3:
                        parts.append((i, j + 1, True, False))
                    resume = j + 1
                    break
    return parts


_SINGLE_OPENING = re.compile("[‘']")


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in ``text`` with its marks; multi-paragraph quotes joined into one."""
    double = double_quote_parts(text)
    single = _single_quote_parts(text, [(s, e) for s, e, _, _ in double])
    pieces = sorted(double + single)
    quotations: list[Quotation] = []
    run: list[tuple[int, int, bool, bool]] = []
    for piece in pieces:
        if run and not _opens_next_paragraph(text, run[-1][1], piece[0]):
            quotations.append(_join(run))  # the expected next part never came
            run = []
        run.append(piece)
        if not piece[3]:  # the quote does not go on into the next paragraph
            quotations.append(_join(run))
            run = []
    if run:
        quotations.append(_join(run))
    return quotations


def _opens_next_paragraph(text: str, end: int, start: int) -> bool:
    between = text[end:start]
    return between.count("\n") >= 1 and not between.strip()


def _join(run: list[tuple[int, int, bool, bool]]) -> Quotation:
    return Quotation(run[0][0], run[-1][1], run[-1][2], tuple((s, e) for s, e, _, _ in run))


# ---------------------------------------------------------------------------------------------
# 2. Cues and speakers on the parse


def _is_cue_verb(tok: Token) -> bool:
    """A verb that reports speech: in the lexicon, or a phrasal one with its particle."""
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    return any((lemma, c.lower_) in PHRASAL_SPEECH_VERBS for c in tok.children if c.dep_ == "prt")


def _is_according(tok: Token) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def _cue_span(cue: Token) -> tuple[int, int]:
    """The cue verb with its auxiliaries, negation and particle ("has not said", "pointed out")."""
    if _is_according(cue):
        to = cue.doc[cue.i + 1]
        return cue.idx, to.idx + len(to)
    toks = [cue] + [c for c in cue.children if c.dep_ in {"aux", "auxpass", "neg", "prt"}]
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    # Keep the cue contiguous: an auxiliary separated by the subject ("said X" vs "did X say") is dropped.
    if any(t.dep_ in SUBJECT_DEPS for t in cue.doc[first.i : last.i]):
        first = cue
    return first.idx, last.idx + len(last)


def _own_subject(verb: Token, deps: set[str], quoted: Callable[[int], bool]) -> Token | None:
    """The verb's subject nearest to it, skipping stray symbols the tagger took for nouns and
    words inside quotations (a word of somebody's quoted speech is not who speaks it)."""
    subjects = [
        c for c in verb.children if c.dep_ in deps and any(ch.isalnum() for ch in c.text) and not quoted(c.i)
    ]
    if not subjects:
        return None
    subject = min(subjects, key=lambda c: abs(c.i - verb.i))
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head  # "Smith, who said …"
    return subject


def _never(_: int) -> bool:
    return False


def _subject_of(cue: Token, quoted: Callable[[int], bool] = _never) -> Token | None:
    """The speaker token of a cue: its subject, the agent of a passive, the noun a participle
    describes ("footage of X saying"), or the subject of a governing verb ("X declined to say")."""
    if _is_according(cue):
        to = cue.doc[cue.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    subject = _own_subject(cue, {"nsubj", "csubj"}, quoted)
    if subject is not None:
        return subject
    for child in cue.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    if cue.dep_ in {"acl", "relcl"} and cue.head.pos_ in {"NOUN", "PROPN"}:
        return cue.head
    head = cue.head
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and head.dep_ == "ccomp" and _is_cue_verb(head.head):
        # "X said [the talks were mixed], noting that …": the parser hangs the participle on the
        # reported clause; it belongs to the reporting verb.
        subject = _own_subject(head.head, SUBJECT_DEPS, quoted)
        if subject is not None:
            return subject
    # "X smiled and said", "X was quoted as saying", "X sings before asking": climb to a subject.
    node = cue
    for _ in range(4):
        # A subjectless ccomp is most often a second verb the parser hung on the first one.
        if node.dep_ not in {"xcomp", "conj", "advcl", "pcomp", "prep", "ccomp"} or node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            subject = _own_subject(node, SUBJECT_DEPS, quoted)
            if subject is not None:
                return subject
    return None


def _speaker_span(head: Token, text: str) -> tuple[int, int]:
    """The speaker's words: the noun phrase up to its head, plus name parts and modifiers after it
    up to the first comma (an appositive or a relative clause is left out)."""
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head)
    first = head.left_edge
    last = head
    for child in head.rights:
        if child.dep_ in {"punct", "appos", "relcl", "acl", "cc", "conj"} or child.is_punct:
            break
        if child.dep_ in {"compound", "flat", "amod", "prep", "nummod", "npadvmod"}:
            last = child.right_edge
    # Never start with punctuation or quotation marks, never reach into another paragraph.
    while first.i < head.i and (first.is_punct or first.is_quote or "\n" in text[first.idx : head.idx]):
        first = first.doc[first.i + 1]
    while last.i > head.i and "\n" in text[head.idx : last.idx + len(last)]:
        last = last.doc[last.i - 1]
    return first.idx, last.idx + len(last)


def _mention_actor(mentions: Sequence[Mention], head: Token, start: int, end: int, text: str) -> str | None:
    """Actor of the mention covering the speaker's head word, else of one overlapping the speaker.
    (``text`` is the doc's text, passed in: ``Doc.text`` joins every token again on each call.)"""
    covering = [m for m in mentions if m.start <= head.idx < m.end]
    # A person in the possessive is not the speaker: "Putin's spokesman said" is the spokesman.
    overlapping = [m for m in mentions if m.start < end and start < m.end
                   and not (m.actor and m.actor.startswith("person:") and _possessive_at(text, m.end))]
    for group in (covering, overlapping):
        with_actor = [m for m in group if m.actor]
        if with_actor:
            # The shortest mention is the most specific one ("Roe" within a longer title span).
            return min(with_actor, key=lambda m: m.end - m.start).actor
    return None


def _possessive_at(text: str, end: int) -> bool:
    return text[end:end + 2] in ("'s", "’s") or text[end - 2:end] in ("'s", "’s")


def _attribute(
    attribution: Attribution,
    cue: Token,
    mentions: Sequence[Mention],
    text: str,
    via: str,
    subject: Token | None = None,
    quoted: Callable[[int], bool] | None = None,
) -> Attribution:
    cue_start, cue_end = _cue_span(cue) if subject is None else (cue.idx, cue.idx + len(cue))
    attribution.cue, attribution.cue_start, attribution.cue_end = text[cue_start:cue_end], cue_start, cue_end
    attribution.via = via
    if subject is None:
        subject = _subject_of(cue, quoted or _never)
    if subject is not None and quoted is not None and quoted(subject.i):
        subject = None  # a word inside somebody's quoted words is not who speaks them
    if subject is not None:
        _set_speaker(attribution, subject, mentions, text)
    return attribution


def _set_speaker(attribution: Attribution, head: Token, mentions: Sequence[Mention], text: str) -> None:
    s, e = _speaker_span(head, text)
    attribution.speaker_start, attribution.speaker_end = s, e
    attribution.speaker_text = text[s:e]
    attribution.speaker = _mention_actor(mentions, head, s, e, text)


def _speaker_beside_cue(layout: "_Layout", qi: int, cue: Token) -> Token | None:
    """When the parse gives the cue no subject: the words between the quote and the cue
    ("“…,” Chief Ann Roe said"), or a name right after it ("“…,” said Ann Roe")."""
    toks = layout.tokens_of[qi]
    if not toks or cue.i <= toks[-1].i:
        return None
    between = [t for t in layout.doc[toks[-1].i + 1 : cue.i] if not t.is_space]
    if between:
        group: list[Token] = []
        for tok in between:
            if tok.text == ",":
                if group:
                    break
                continue
            group.append(tok)
        heads = [t for t in group if t.pos_ in {"PROPN", "NOUN", "PRON"}]
        return heads[-1] if heads and len(group) <= 10 else None
    after: list[Token] = []
    for tok in layout.doc[cue.i + 1 : cue.i + 8]:
        if tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
            after.append(tok)
        elif after:
            break
    return after[-1] if after else None


# ---------------------------------------------------------------------------------------------
# Quote ↔ cue association


class _Layout:
    """Token-level facts about the article that the association rules need."""

    def __init__(self, doc: Doc, text: str, quotations: Sequence[Quotation]) -> None:
        self.doc = doc
        self.text = text  # Doc.text is rebuilt from the tokens on every access
        self.quote_of: list[int] = [-1] * len(doc)  # index of the quotation a token lies in
        self.tokens_of: list[list[Token]] = []
        starts = [t.idx for t in doc]
        for qi, q in enumerate(quotations):
            # Tokens overlapping the quotation: from the one holding its first character on.
            first = max(0, bisect.bisect_right(starts, q.start) - 1)
            last = bisect.bisect_left(starts, q.end)
            toks = [t for t in doc[first:last] if t.idx < q.end and t.idx + len(t) > q.start]
            self.tokens_of.append(toks)
            for t in toks:
                self.quote_of[t.i] = qi

    def quoted(self, i: int) -> bool:
        return self.quote_of[i] != -1

    def paragraph_break_between(self, a: Token, b: Token) -> bool:
        return "\n" in self.text[a.idx : b.idx]

    def frame(self, qi: int, side: str) -> list[Token]:
        """Tokens next to quotation ``qi`` on one side, up to the sentence end, another quote or
        a paragraph break; nearest first."""
        toks = self.tokens_of[qi]
        if not toks:
            return []
        step = 1 if side == "right" else -1
        i = toks[-1].i + 1 if side == "right" else toks[0].i - 1
        prev = toks[-1] if side == "right" else toks[0]
        out: list[Token] = []
        while 0 <= i < len(self.doc) and len(out) < FRAME_MAX_TOKENS:
            tok = self.doc[i]
            if tok.is_space:
                i += step
                continue
            if self.quote_of[i] != -1:
                break
            a, b = (prev, tok) if side == "right" else (tok, prev)
            if self.paragraph_break_between(a, b):
                # "X continued:¶“…”": a paragraph ending in a colon introduces the quote.
                if not (side == "left" and not out and tok.text == ":"):
                    break
            if side == "left" and tok.text in SENTENCE_END:
                break
            out.append(tok)
            if side == "right" and tok.text in SENTENCE_END:
                break
            prev, i = tok, i + step
        return out


def _word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _content_tokens(toks: Iterable[Token]) -> list[Token]:
    return [t for t in toks if not (t.is_punct or t.is_space)]


def _dependency_cue(layout: _Layout, qi: int) -> tuple[Token, Token] | None:
    """The nearest speech cue above the quote in the tree, outside any quote, with the cue's
    child on the path (the complement that holds the quote)."""
    toks = _content_tokens(layout.tokens_of[qi])
    best: tuple[int, Token, Token] | None = None
    for tok in toks:
        outside = tok
        while layout.quote_of[outside.i] == qi and outside.head.i != outside.i:
            outside = outside.head
        if layout.quote_of[outside.i] == qi:
            continue
        child, node, hops = _top_quote_token(tok, qi, layout), outside, 0
        while hops < 6 and not layout.paragraph_break_between(*sorted((node, tok), key=lambda t: t.i)):
            cue = _source_cue(node) if layout.quote_of[node.i] == -1 else None
            if cue is not None:
                if best is None or hops < best[0]:
                    best = (hops, cue, child)
                break
            if node.head.i == node.i or node.dep_ in {"relcl", "acl"} and hops > 0:
                break
            child, node, hops = node, node.head, hops + 1
    return (best[1], best[2]) if best else None


def _source_cue(node: Token) -> Token | None:
    """The cue a clause on the quote's path gives. "According to X" attached to it names the
    source outright ("The aim, according to X, is to “…”"), and wins over a speech verb unless
    that verb has a person for subject ("the lack of offers, according to X, suggests “…”")."""
    according = next((c for c in node.children if c.dep_ == "prep" and _is_according(c)), None)
    if according is not None and _subject_of(according) is not None:
        subject = _own_subject(node, {"nsubj", "csubj"}, _never) if _is_cue_verb(node) else None
        if subject is None or subject.pos_ not in {"PROPN", "PRON"}:
            return according
    if _is_cue_verb(node) or _is_according(node):
        return node
    return None


def _top_quote_token(tok: Token, qi: int, layout: _Layout) -> Token:
    while tok.head.i != tok.i and layout.quote_of[tok.head.i] == qi:
        tok = tok.head
    return tok


def _adjacent_cue(layout: _Layout, qi: int, text: str, q: Quotation) -> Token | None:
    """A speech cue in the quote's own sentence frame: "“…,” X said" or "X said: “…”"."""
    right = layout.frame(qi, "right")
    left = layout.frame(qi, "left")

    def first_cue(frame: list[Token]) -> Token | None:
        for tok in frame:
            if _is_cue_verb(tok) or _is_according(tok):
                return tok
        return None

    right_cue, left_cue = first_cue(right), first_cue(left)
    inner_end = text[q.start : q.end].rstrip(QUOTE_MARKS + " ")
    ends_open = inner_end.endswith((",", "—", "–", "-")) or (right and right[0].text == ",")
    if right_cue is not None and (ends_open or left_cue is None):
        return right_cue
    if left_cue is not None:
        return left_cue
    return right_cue


def _dash_byline(layout: _Layout, qi: int, q: Quotation) -> tuple[Token, Token, tuple[int, int]] | None:
    """“…” ― Name: a dash after the quote, then a short capitalised name that ends the
    paragraph. Returns the dash token, the name's last word (the speaker's head) and the
    dash's own characters (the cue)."""
    text = layout.text
    match = _BYLINE_RE.match(text, q.end)
    if match is None:
        return None
    dash = layout.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
    name = layout.doc.char_span(match.start(2), match.end(2), alignment_mode="expand")
    if dash is None or name is None:
        return None
    words = [t for t in name if t.is_alpha]
    if not words or len(words) > 6 or not all(t.text[:1].isupper() or len(t) <= 3 for t in words):
        return None
    return dash[-1], words[-1], (match.start(1), match.end(1))


def _complement_span(child: Token) -> tuple[int, int]:
    """The complement's words, without a dangling conjunction or adverb at the end ("…, but also")
    and without a participial cue that follows it."""
    toks = [t for t in child.subtree]
    # "… was mixed, noting that …": a participial cue inside is a report of its own; cut there.
    inner_cues = [t.i for t in toks if t.dep_ == "advcl" and t.tag_ == "VBG" and _is_cue_verb(t) and t.i > child.i]
    if inner_cues:
        toks = [t for t in toks if t.i < min(inner_cues)]
    while len(toks) > 1 and (toks[-1].dep_ in {"cc", "punct"} or toks[-1].dep_ == "advmod" and toks[-2].dep_ in {"cc", "punct"}):
        toks.pop()
    first, last = toks[0], toks[-1]
    return first.idx, last.idx + len(last)


def _only_marks(text: str) -> bool:
    return all(not c.isalnum() for c in text)


# ---------------------------------------------------------------------------------------------
# 3. The stage


def extract_attributions(text: str, doc: Doc | None, mentions: Sequence[Mention] = ()) -> list[Attribution]:
    """All quotes of one article with speaker, cue and their offsets, in text order."""
    if not text or not text.strip():
        return []
    quotations = find_quotations(text)
    if doc is None or doc.text != text:
        # No usable parse: quotes are still found, speakers are not guessed.
        return [Attribution(q.start, q.end, "direct") for q in quotations if _word_count(text[q.start : q.end]) > SCARE_QUOTE_MAX_WORDS]
    layout = _Layout(doc, text, quotations)
    used_cues: set[int] = set()
    results = [
        found
        for qi, q in enumerate(quotations)
        if (found := _attribute_quotation(text, q, qi, layout, mentions, used_cues)) is not None
    ]
    results.extend(_indirect(text, doc, layout, used_cues, mentions))
    results = sorted(_drop_nested(results), key=lambda a: (a.start, a.end))
    _continue_runs(results, text)
    return results


def _attribute_quotation(
    text: str, q: Quotation, qi: int, layout: _Layout, mentions: Sequence[Mention], used_cues: set[int]
) -> Attribution | None:
    """The quote record for one quotation, or None for a scare quote or a title.

    ``used_cues`` collects the cue tokens taken, so that they give no second, indirect record.
    """
    words = _word_count(text[q.start : q.end])
    title = _is_title(text, q)
    attribution = Attribution(q.start, q.end, "direct")
    dep = None if title else _dependency_cue(layout, qi)
    if dep is not None:
        cue, child = dep
        c_start, c_end = _complement_span(child)
        c_start, _ = _clip_to_paragraph(text, q.start, c_start, c_end)
        outside = text[c_start : q.start] + text[q.end : max(c_end, q.end)]
        if c_start < q.start and not _only_marks(outside):
            # Quoted words inside reported speech ("X said she hopes to sign “within a few weeks.”").
            attribution.kind = "mixed"
            attribution.start = c_start
            attribution.end = _trim_end(text, c_start, max(c_end, q.end))
        _attribute(attribution, cue, mentions, text, "dependency", quoted=layout.quoted)
    else:
        # A fragment of one to three words is a quote only when a speech verb governs it or
        # it is a whole utterance of its own ("“Ready?” she asked").
        short_fragment = words <= SCARE_QUOTE_MAX_WORDS and not _utterance(text, q)
        adjacent_ok = not (short_fragment or title) and _framed_as_speech(text, q)
        cue = _adjacent_cue(layout, qi, text, q) if adjacent_ok else None
        if cue is not None:
            _attribute(attribution, cue, mentions, text, "adjacent", quoted=layout.quoted)
        elif (byline := _dash_byline(layout, qi, q)) is not None:
            dash, name, (cue_start, cue_end) = byline
            _attribute(attribution, dash, mentions, text, "byline", subject=name)
            attribution.cue, attribution.cue_start, attribution.cue_end = text[cue_start:cue_end], cue_start, cue_end
            return attribution
        elif words <= SCARE_QUOTE_MAX_WORDS or title or not _sentence_like(text, q):
            return None  # a scare quote or a title, not somebody's words
        else:
            return attribution  # somebody's words; whose, a later pass may tell
    used_cues.add(cue.i)
    if attribution.speaker_start is None:
        # The parse gave the cue no usable subject: look beside it ("“…,” Chief Ann Roe said").
        beside = _speaker_beside_cue(layout, qi, cue)
        if beside is not None and not layout.quoted(beside.i):
            _set_speaker(attribution, beside, mentions, text)
    return attribution


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation and spaces at the end of a content span (quote marks stay)."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return end


def _inner(text: str, q: Quotation) -> str:
    return text[q.start : q.end].strip(QUOTE_MARKS + " \n")


def _utterance(text: str, q: Quotation) -> bool:
    """Short words said as a whole: a capital first letter and closing punctuation inside."""
    inner = _inner(text, q)
    return inner[:1].isupper() and inner.endswith((".", "!", "?", ","))


def _is_title(text: str, q: Quotation) -> bool:
    """A name or title in quotation marks ("“Evening Roundup”", "“Tea and Tactics.”")."""
    words = [w for w in _inner(text, q).rstrip(".,!?").split() if any(c.isalpha() for c in w)]
    if not words or len(words) > 5:
        return False
    content = [w for i, w in enumerate(words) if i == 0 or w.lower() not in TITLE_FUNCTION_WORDS]
    return all(w[:1].isupper() for w in content) and not (len(words) == 1 and _inner(text, q).endswith(("!", "?")))


def _framed_as_speech(text: str, q: Quotation) -> bool:
    """Typography that sets a quote off as somebody's words: a capital first letter, or a
    colon or comma before it, or a comma closing it ("X said, “…”", "“…,” X said")."""
    inner = _inner(text, q)
    before = _preceding(text, q.start, 1, skip=" \t\u00a0\n\r")  # "X continued:¶“…”" counts
    return inner[:1].isupper() or before in (":", ",") or inner.endswith(",")


def _preceding(text: str, pos: int, n: int, skip: str = " \t\u00a0") -> str:
    """The ``n`` characters before ``pos``, the characters in ``skip`` (by default spaces, not
    line breaks) passed over."""
    i = pos
    while i > 0 and text[i - 1] in skip:
        i -= 1
    return text[max(0, i - n) : i]


def _sentence_like(text: str, q: Quotation) -> bool:
    """A quote that stands as a sentence of its own: it starts with a capital letter or a
    paragraph, rather than sitting inside a sentence as a name or a title."""
    inner = text[q.start : q.end].strip(QUOTE_MARKS + " ")
    if not inner:
        return False
    before = _preceding(text, q.start, 2)
    starts_paragraph = before[-1:] in ("", "\n")
    after_sentence = before[-1:] in SENTENCE_END | {":", "—", "–"} or (
        before[:1] in SENTENCE_END and before[-1:] in set(QUOTE_MARKS)
    )
    titlecase = all(w[:1].isupper() for w in inner.split() if w[:1].isalpha() and len(w) > 3)
    if titlecase and not inner.endswith((".", "!", "?")):
        return False  # "The Book of Small Things": a title
    return inner[:1].isupper() and (starts_paragraph or after_sentence or inner.endswith((".", "!", "?", ",")))


def _continues(text: str, previous_end: int, start: int) -> bool:
    """A quote continues the run of the attribution ending at ``previous_end``: it follows it in
    the same paragraph, or it opens the very next paragraph."""
    between = text[previous_end:start]
    if "\n" not in between:
        return True
    pieces = between.split("\n")
    return all(not p.strip() for p in pieces[1:])


def _continue_runs(attributions: list[Attribution], text: str) -> None:
    """Quotes with no cue of their own take the speaker of the attribution just before them
    ("X added, “…” “…”", "X said ….¶“…”"); the first of a run keeps its own."""
    for i, current in enumerate(attributions):
        if current.via != "none" or current.kind != "direct":
            continue
        earlier = [a for a in attributions[:i] if a.end <= current.start]
        if not earlier:
            continue
        before = max(earlier, key=lambda a: a.end)
        if before.cue is not None and _continues(text, before.end, current.start):
            _carry(current, before)


def _carry(attribution: Attribution, previous: Attribution) -> None:
    attribution.speaker = previous.speaker
    attribution.speaker_text = previous.speaker_text
    attribution.speaker_start, attribution.speaker_end = previous.speaker_start, previous.speaker_end
    attribution.cue, attribution.cue_start, attribution.cue_end = previous.cue, previous.cue_start, previous.cue_end
    attribution.via = "continuation"


def _indirect_spans(tok: Token, text: str) -> list[tuple[int, int]]:
    """Candidate content spans for an indirect quote whose cue is ``tok``."""
    if _is_according(tok):
        return [_span_without(tok.head, tok)] if tok.head.i != tok.i else []
    if not _is_cue_verb(tok):
        return []
    # Every clausal complement: "X said Y warned that …" reports what Y said as well.
    complements = [c for c in tok.children if c.dep_ == "ccomp"]
    if complements:
        return _merge_touching(sorted(_complement_span(c) for c in complements), text)
    if tok.dep_ == "parataxis" and tok.head.pos_ in {"VERB", "AUX"}:
        # "The plan, she said, would work": the clause around the parenthetical cue.
        return [_span_without(tok.head, tok)]
    return []


def _merge_touching(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join spans with nothing but spaces between them (one clause the parser cut in two)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _indirect(
    text: str, doc: Doc, layout: _Layout, used_cues: set[int], mentions: Sequence[Mention]
) -> list[Attribution]:
    """Speech verbs with a clausal complement and no quotation mark in it: indirect quotes."""
    found: list[Attribution] = []
    for tok in doc:
        if tok.i in used_cues or layout.quote_of[tok.i] != -1:
            continue
        for start, end in _indirect_spans(tok, text):
            start, end = _clip_to_paragraph(text, tok.idx, start, end)
            end = _trim_end(text, start, end)
            if end <= start or _word_count(text[start:end]) < 2:
                continue
            if any(ch in DOUBLE_MARKS for ch in text[start:end]):
                continue  # quoted words inside: handled as a direct or mixed quote
            attribution = Attribution(start, end, "indirect")
            found.append(_attribute(attribution, tok, mentions, text, "indirect", quoted=layout.quoted))
    return found


def _clip_to_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Keep a span inside the paragraph that holds ``anchor`` (a parse may run across lines)."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end == -1 else para_end
    start, end = max(start, para_start), min(end, para_end)
    while start < end and text[start].isspace():
        start += 1
    return start, max(start, end)


def _span_without(head: Token, inner: Token) -> tuple[int, int]:
    """From the first to the last word of ``head``'s subtree that is not in ``inner``'s subtree
    (an inner phrase in the middle stays inside the span)."""
    skip = {t.i for t in inner.subtree}
    toks = [t for t in head.subtree if t.i not in skip and not (t.is_punct or t.is_space)]
    if not toks:
        return 0, 0
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _drop_nested(attributions: list[Attribution]) -> list[Attribution]:
    """One record per cue and content: an indirect quote inside a quote of the same cue goes."""
    kept: list[Attribution] = []
    for a in sorted(attributions, key=lambda a: (a.start, -(a.end - a.start))):
        duplicate = any(
            k.start <= a.start and a.end <= k.end and (k.cue_start == a.cue_start or a.kind == "indirect" and k.kind != "indirect")
            for k in kept
        )
        if not duplicate:
            kept.append(a)
    return kept


def to_quote(article_id: str, text: str, attribution: Attribution) -> Quote:
    return Quote(
        id=stable_id(article_id, attribution.start, attribution.end),
        article=article_id,
        start=attribution.start,
        end=attribution.end,
        text=text[attribution.start : attribution.end],
        kind=attribution.kind,
        speaker=attribution.speaker,
        speaker_text=attribution.speaker_text,
        cue=attribution.cue,
        speaker_start=attribution.speaker_start,
        speaker_end=attribution.speaker_end,
        cue_start=attribution.cue_start,
        cue_end=attribution.cue_end,
    )


def extract_quotes(article_id: str, text: str, doc: Doc, mentions: list[Mention]) -> list[Quote]:
    """The quotes stage for one article: ``Quote`` records in text order (see module docs)."""
    quotes: list[Quote] = []
    seen: set[str] = set()
    for attribution in extract_attributions(text, doc, mentions):
        quote = to_quote(article_id, text, attribution)
        if quote.id not in seen:  # two cues on one content span give one record
            seen.add(quote.id)
            quotes.append(quote)
    return quotes


__all__ = [
    "Attribution",
    "Quotation",
    "SPEECH_VERBS",
    "extract_attributions",
    "extract_quotes",
    "find_quotations",
    "to_quote",
]
