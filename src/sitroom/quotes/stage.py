"""The quotes stage for one article: quotations tied to cues, indirect quotes, runs of quotes."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from sitroom.docviews import views
from sitroom.quotemarks import DOUBLE_MARKS
from sitroom.records import Mention, Quote, stable_id
from sitroom.quotes.layout import (
    Layout,
    adjacent_cue,
    dash_byline,
    dependency_cue,
    speaker_beside_cue,
    speakers_cue,
)
from sitroom.quotes.cues import SUBJECT_DEPS, own_subject
from sitroom.quotes.marks import (
    SCARE_QUOTE_MAX_WORDS,
    Quotation,
    find_quotations,
    framed_as_speech,
    is_title,
    is_utterance,
    sentence_like,
    word_count,
)
from sitroom.quotes.spans import clip_to_paragraph, complement_span, indirect_spans, only_marks, trim_end
from sitroom.quotes.speakers import Attribution, attribute, set_speaker


def extract_attributions(text: str, doc: Doc | None, mentions: Sequence[Mention] = ()) -> list[Attribution]:
    """All quotes of one article with speaker, cue and their offsets, in text order."""
    if not text or not text.strip():
        return []
    quotations = find_quotations(text)
    if doc is None or views(doc).text != text:
        # No usable parse: quotes are still found, speakers are not guessed.
        return [Attribution(q.start, q.end, "direct") for q in quotations if word_count(text[q.start : q.end]) > SCARE_QUOTE_MAX_WORDS]
    layout = Layout(doc, text, quotations)
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
    text: str, q: Quotation, qi: int, layout: Layout, mentions: Sequence[Mention], used_cues: set[int]
) -> Attribution | None:
    """The quote record for one quotation, or None for a scare quote or a title.

    ``used_cues`` collects the cue tokens taken, so that they give no second, indirect record.
    """
    words = word_count(text[q.start : q.end])
    title = is_title(text, q)
    attribution = Attribution(q.start, q.end, "direct")
    dep = None if title else dependency_cue(layout, qi)
    if dep is not None:
        cue, child = dep
        c_start, c_end = complement_span(child)
        c_start, _ = clip_to_paragraph(text, q.start, c_start, c_end)
        outside = text[c_start : q.start] + text[q.end : max(c_end, q.end)]
        if c_start < q.start and not only_marks(outside):
            # Quoted words inside reported speech ("X said she hopes to sign “within a few weeks.”").
            attribution.kind = "mixed"
            attribution.start = c_start
            attribution.end = trim_end(text, c_start, max(c_end, q.end))
        words, speaker = speakers_cue(layout, cue)
        attribute(attribution, words, mentions, text, "dependency", quoted=layout.quoted, speaker_cue=speaker)
    else:
        # A fragment of one to three words is a quote only when a speech verb governs it or
        # it is a whole utterance of its own ("“Ready?” she asked").
        short_fragment = words <= SCARE_QUOTE_MAX_WORDS and not is_utterance(text, q)
        adjacent_ok = not (short_fragment or title) and framed_as_speech(text, q)
        cue = adjacent_cue(layout, qi, text, q) if adjacent_ok else None
        if cue is not None:
            words, speaker = speakers_cue(layout, cue)
            attribute(attribution, words, mentions, text, "adjacent", quoted=layout.quoted, speaker_cue=speaker)
        elif (byline := dash_byline(layout, qi, q)) is not None:
            dash, name, (cue_start, cue_end) = byline
            attribute(attribution, dash, mentions, text, "byline", subject=name)
            attribution.cue, attribution.cue_start, attribution.cue_end = text[cue_start:cue_end], cue_start, cue_end
            return attribution
        elif words <= SCARE_QUOTE_MAX_WORDS or title or not sentence_like(text, q):
            return None  # a scare quote or a title, not somebody's words
        else:
            return attribution  # somebody's words; whose, a later pass may tell
    used_cues.add(cue.i)
    if attribution.speaker_start is None:
        # The parse gave the cue no usable subject: look beside it ("“…,” Chief Ann Roe said").
        beside = speaker_beside_cue(layout, qi, cue)
        if beside is not None and not layout.quoted(beside.i):
            set_speaker(attribution, beside, mentions, text)
    return attribution


def _indirect(
    text: str, doc: Doc, layout: Layout, used_cues: set[int], mentions: Sequence[Mention]
) -> list[Attribution]:
    """Speech verbs with a clausal complement and no quotation mark in it: indirect quotes."""
    found: list[Attribution] = []
    for tok in views(doc).tokens:
        if tok.i in used_cues or layout.quote_of[tok.i] != -1:
            continue
        for start, end in indirect_spans(tok, text):
            start, end = clip_to_paragraph(text, tok.idx, start, end)
            end = trim_end(text, start, end)
            if end <= start or word_count(text[start:end]) < 2:
                continue
            if any(ch in DOUBLE_MARKS for ch in text[start:end]):
                continue  # quoted words inside: handled as a direct or mixed quote
            attribution = Attribution(start, end, "indirect")
            # A subjectless cue the parse coordinated with a reported clause is its speaker's next act
            # (a cue with a subject of its own keeps it here: its indirect words are its own).
            speaker = tok if own_subject(tok, SUBJECT_DEPS, layout.quoted) else speakers_cue(layout, tok)[1]
            found.append(attribute(attribution, tok, mentions, text, "indirect", quoted=layout.quoted,
                                   speaker_cue=speaker))
    return found


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

