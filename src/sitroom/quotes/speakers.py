"""Who speaks: the ``Attribution`` a quote becomes, and its speaker resolved through the actors
stage's mentions (nothing is guessed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from sitroom.records import Mention
from sitroom.quotes.cues import cue_span, nothing_quoted, speaker_span, subject_of


@dataclass(slots=True)
class Attribution:
    """A quote with every offset the stage found; ``sitroom.quotes.stage.to_quote`` turns it into the record."""

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


def _mention_actor(mentions: Sequence[Mention], head: Token, start: int, end: int, text: str) -> str | None:
    """Actor of the mention covering the speaker's head word, else of one overlapping the speaker.
    (``text`` is the doc's text, passed in: ``Doc.text`` joins every token again on each call.)"""
    covering = [m for m in mentions if m.start <= head.idx < m.end]
    # The possessor is not the speaker: "Domić's spokesman said", "his advisers said" is who they
    # are (the actors stage may know: their government), never the possessor.
    owners = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in head.children if c.dep_ == "poss"]
    overlapping = [m for m in mentions if m.start < end and start < m.end
                   and not any(s <= m.start and m.end <= e for s, e in owners)
                   and not (m.actor and m.actor.startswith("person:") and _possessive_at(text, m.end))]
    for group in (covering, overlapping):
        with_actor = [m for m in group if m.actor]
        if with_actor:
            # The shortest mention is the most specific one ("Roe" within a longer title span).
            return min(with_actor, key=lambda m: m.end - m.start).actor
    return None


def _possessive_at(text: str, end: int) -> bool:
    return text[end:end + 2] in ("'s", "’s") or text[end - 2:end] in ("'s", "’s")


def attribute(
    attribution: Attribution,
    cue: Token,
    mentions: Sequence[Mention],
    text: str,
    via: str,
    subject: Token | None = None,
    quoted: Callable[[int], bool] | None = None,
    speaker_cue: Token | None = None,
) -> Attribution:
    """Fill in the cue's words and the speaker: ``subject`` when given (a byline's name), else the
    subject of ``speaker_cue`` (a cue the speaker's words hang on, see
    :func:`~sitroom.quotes.cues.reporting_cue`), else of ``cue``."""
    cue_start, cue_end = cue_span(cue) if subject is None else (cue.idx, cue.idx + len(cue))
    attribution.cue, attribution.cue_start, attribution.cue_end = text[cue_start:cue_end], cue_start, cue_end
    attribution.via = via
    if subject is None:
        subject = subject_of(speaker_cue or cue, quoted or nothing_quoted)
    if subject is not None and quoted is not None and quoted(subject.i):
        subject = None  # a word inside somebody's quoted words is not who speaks them
    if subject is not None:
        set_speaker(attribution, subject, mentions, text)
    return attribution


def set_speaker(attribution: Attribution, head: Token, mentions: Sequence[Mention], text: str) -> None:
    s, e = speaker_span(head, text)
    attribution.speaker_start, attribution.speaker_end = s, e
    attribution.speaker_text = text[s:e]
    attribution.speaker = _mention_actor(mentions, head, s, e, text)
