"""The pronouns pass: he/she/him/his/her/hers linked to a person when one candidate stands out.

The reporter's "he" is never a name inside quoted words; candidates of the other gender (as far
as the article and the dictionary say, see :mod:`sitroom.actors.gender`) are ruled out.
"""

from __future__ import annotations

from spacy.tokens import Doc

from sitroom.actors.gender import known_gender
from sitroom.actors.state import Resolution, TokenMention
from sitroom.actors.words import PRONOUN_GENDER, REPORTING_VERBS
from sitroom.quotemarks import quoted_spans

PRONOUN_LOOKBACK_SENTENCES = 2


def resolve_pronouns(state: Resolution) -> None:
    """Pass: he/she/him/his/her/hers -> the person they most likely mean, when only one candidate
    stands out: a person earlier in the same sentence (its subject first), else the subject person
    of the nearest earlier sentence that names people, or its only person; the subject of a
    reporting verb ("he added") prefers that sentence's main-clause subject to an embedded clause's.

    Reads the person mentions of the earlier passes and the people's gender evidence. Adds PRON
    mentions (each one a candidate for later pronouns) and records in ``pronoun_genders`` the
    gender of pronouns that had one person only in reach.

    Candidates whose known gender (see :func:`~sitroom.actors.gender.known_gender`) disagrees with
    the pronoun are ruled out; candidates of unknown gender stay. The window searched does not
    change with gender: when every person in it is ruled out the pronoun stays unresolved."""
    doc = state.doc
    person_mentions = sorted((m for m in state.mentions if m.actor and m.actor.startswith("person:")),
                             key=lambda m: m.start)
    if not person_mentions:
        return
    sentence_of = {}
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = k
    by_sentence: dict[int, list[TokenMention]] = {}
    for m in person_mentions:
        by_sentence.setdefault(sentence_of[m.start], []).append(m)
    quoted = _quoted_tokens(doc)
    for token in doc:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or state.taken[token.i] or token.pos_ != "PRON":
            continue
        in_quote = token.i in quoted
        k = sentence_of[token.i]
        window = [m for m in by_sentence.get(k, []) if m.end <= token.i and _may_refer(doc, m, quoted, in_quote)]
        same_sentence = bool(window)
        back = 1
        while not window and back <= PRONOUN_LOOKBACK_SENTENCES and k - back >= 0:
            window = [m for m in by_sentence.get(k - back, []) if _may_refer(doc, m, quoted, in_quote)]
            back += 1
        only = _only_named_person(window)
        if only is not None and only in state.people:
            # The only person named in reach: evidence for later pronouns, recorded even where it
            # disagrees, so that a wrong earlier link leaves the gender unknown rather than wrong.
            state.people[only].pronoun_genders.add(gender)
        agreeing = [m for m in window if known_gender(state, m.actor) in {None, gender}]
        # "..., he added": a reporter's attribution carries on the previous sentence's speaker.
        reported = token.dep_ == "nsubj" and token.head.lemma_ in REPORTING_VERBS
        chosen = _pick_antecedent(doc, agreeing, allow_nearest=same_sentence,
                                  main_clause_first=reported and not same_sentence)
        if chosen is None:
            continue
        mention = TokenMention(token.i, token.i + 1, "PRON", chosen, token.i)
        state.mentions.append(mention)
        state.taken[token.i] = 1
        by_sentence.setdefault(k, []).append(mention)
        by_sentence[k].sort(key=lambda m: m.start)


def _only_named_person(window: list[TokenMention]) -> str | None:
    """The person of a pronoun's window when it names one person only (pronoun links aside)."""
    actors = {m.actor for m in window}
    if len(actors) == 1 and any(m.label != "PRON" for m in window):
        return next(iter(actors))
    return None


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indexes of the tokens inside quoted passages (the quotation marks included)."""
    quoted: set[int] = set()
    spans = quoted_spans(doc.text)
    k = 0
    for token in doc:
        while k < len(spans) and spans[k][1] <= token.idx:
            k += 1
        if k < len(spans) and spans[k][0] <= token.idx:
            quoted.add(token.i)
    return quoted


def _may_refer(doc: Doc, mention: TokenMention, quoted: set[int], pronoun_in_quote: bool) -> bool:
    """Whether a person mention may be the antecedent of a pronoun, as far as quotes go.

    The reporter's pronoun ("..., he said") never means a name inside someone's quoted words.
    A pronoun inside quoted words may mean a name in the same or an earlier quote (one speaker
    goes on across paragraphs), but not the speaker of the quote: a speaker says "I", not "he"."""
    if mention.start in quoted:
        return pronoun_in_quote
    if not pronoun_in_quote:
        return True
    root = doc[mention.root]
    return not (root.dep_ == "nsubj" and root.head.lemma_ in REPORTING_VERBS)


def _pick_antecedent(doc: Doc, mentions: list[TokenMention], allow_nearest: bool,
                     main_clause_first: bool = False) -> str | None:
    """The one person that stands out: the only one, else the only subject, else (``allow_nearest``,
    no subject) the nearest; with ``main_clause_first``, the main clause's subject before the subject
    of a clause embedded in it ("A said B had left. ... he added" is A)."""
    if not mentions:
        return None
    distinct = {m.actor for m in mentions}
    if len(distinct) == 1:
        return mentions[0].actor
    subject_mentions = [m for m in mentions if doc[m.root].dep_ in {"nsubj", "nsubjpass"}]
    subjects = {m.actor for m in subject_mentions}
    if len(subjects) == 1:
        return next(iter(subjects))
    if allow_nearest and not subjects:
        return mentions[-1].actor
    if main_clause_first:
        main = {m.actor for m in subject_mentions if doc[m.root].head.dep_ == "ROOT"}
        if len(main) == 1:
            return next(iter(main))
    return None
