"""The pronouns pass: he/she/him/his/her/hers linked to a person, and a subject "it" to a country
or organisation, when one candidate stands out.

The reporter's "he" is never a name inside quoted words; candidates of the other gender (as far
as the article and the dictionary say, see :mod:`sitroom.actors.gender`) are ruled out; "it"
takes only one singular actor that is not a person. A paragraph break ends a pronoun's sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitroom.actors.gender import known_gender
from sitroom.actors.state import Resolution, TokenMention
from sitroom.actors.words import COLLECTIVE_TITLES, PRONOUN_GENDER, REPORTING_VERBS
from sitroom.docviews import views
from sitroom.quotemarks import quoted_spans

PRONOUN_LOOKBACK_SENTENCES = 2


def resolve_pronouns(state: Resolution) -> None:
    """Pass: personal pronouns -> the actor they most likely mean (see :func:`resolve_personal`
    for he/she/him/his/her/hers and :func:`resolve_it` for "it")."""
    resolve_personal(state)
    resolve_it(state)


def resolve_personal(state: Resolution) -> None:
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
    sentence_of = state.sentence_of
    by_sentence: dict[int, list[TokenMention]] = {}
    for m in person_mentions:
        by_sentence.setdefault(sentence_of[m.start], []).append(m)
    quoted = _quoted_tokens(doc)
    words_of: dict[int, list[int]] = {}
    for token in state.tokens:
        if not (token.is_space or token.is_punct):
            words_of.setdefault(sentence_of[token.i], []).append(token.i)
    quoted_only = {k for k, words in words_of.items() if all(i in quoted for i in words)}
    for token in state.tokens:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or state.taken[token.i] or token.pos_ != "PRON":
            continue
        in_quote = token.i in quoted
        k = sentence_of[token.i]
        window = [m for m in by_sentence.get(k, []) if m.end <= token.i and _may_refer(doc, m, quoted, in_quote)]
        same_sentence = bool(window)
        back, counted = 1, 0
        while not window and counted < PRONOUN_LOOKBACK_SENTENCES and k - back >= 0:
            window = [m for m in by_sentence.get(k - back, []) if _may_refer(doc, m, quoted, in_quote)]
            # A sentence of somebody's quoted words does not take the reporter further away
            # ("X said. “…” “…,” he said": he is X).
            counted += 0 if k - back in quoted_only else 1
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


# Verbs whose subject "it" stands for nothing ("it seems", "it emerged that", "it takes time").
EMPTY_IT_VERBS = frozenset({"seem", "appear", "take", "matter", "look", "sound", "feel", "happen", "emerge",
                            "follow", "turn", "rain", "mean", "cost"})
COPULAS = frozenset({"be", "'s", "’s", "become", "remain"})
NON_PERSON_KINDS = frozenset({"country", "igo", "org", "group"})


def resolve_it(state: Resolution) -> None:
    """Pass: "it" as a subject -> the one country or organisation it means, where the sentence
    says so: the subject (or owner) of the clause it is said in ("Kestria said it would …",
    "Russia's claims that it is not a party"), else, for an "it" that opens its sentence, the
    subject of the sentence before ("Kestria rejected the offer. It said …"). Only a singular actor
    that is not a person counts ("Kestria and Valdoria …" does not); an "it" that stands for
    nothing ("it is clear that", "it emerged that") is left alone, and so is one whose clause
    has another subject ("a person said it came to ten pages": the document, not an actor).

    Reads the mentions of every earlier pass and their actors; adds PRON mentions."""
    doc = state.doc
    body_at = {m.root: m for m in state.mentions if _singular_body(state, m)}
    if not body_at:
        return
    sentence_of = state.sentence_of
    subject_of_sentence: dict[int, TokenMention | None] = {}
    for token in state.tokens:
        if token.dep_ == "nsubj" and token.head.dep_ == "ROOT":
            subject_of_sentence.setdefault(sentence_of[token.i], body_at.get(token.i))
    for token in state.tokens:
        if token.lower_ != "it" or token.pos_ != "PRON" or state.taken[token.i] or not _refers(token):
            continue
        chosen = _governing_body(token, body_at)
        if chosen is None and _opens_sentence(token):
            chosen = subject_of_sentence.get(sentence_of[token.i] - 1)
        if chosen is not None and chosen.actor is not None:
            state.add(token.i, token.i + 1, "PRON", chosen.actor, root=token.i)


def _refers(token: Token) -> bool:
    """Whether a subject "it" stands for something: not the empty "it" of "it is clear that",
    "it's up to", "it seems", "it emerged that", "it was reported that"."""
    head = token.head
    if token.dep_ != "nsubj" or head.pos_ not in {"VERB", "AUX"}:  # "it was said that …": empty
        return False
    lemma = head.lemma_.lower()
    if lemma in EMPTY_IT_VERBS:
        return False
    if lemma in COPULAS or head.lower_ in COPULAS:
        return any(c.dep_ == "attr" for c in head.children) and not any(
            c.dep_ in {"ccomp", "xcomp", "csubj", "relcl"} for c in head.children)  # "it is a party", not a cleft
    # "it emerged that …", "it remains to be seen": a clause that is the real subject.
    return lemma in REPORTING_VERBS or not any(c.dep_ in {"ccomp", "csubj"} for c in head.children)


def _governing_body(token: Token, body_at: dict[int, TokenMention]) -> TokenMention | None:
    """The singular body that is the subject (or the owner, for a noun) of the nearest clause
    above the one "it" is said in; None when that clause's subject is something else."""
    node = token.head
    for _ in range(8):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            subject = next((c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None:
                return body_at.get(subject.i)
        elif node.pos_ in {"NOUN", "PROPN"}:
            owner = next((c for c in node.children if c.dep_ in {"poss", "amod", "compound"} and c.i in body_at), None)
            if owner is not None:
                return body_at[owner.i]
    return None


def _opens_sentence(token: Token) -> bool:
    """Whether "it" is the subject of its sentence's main verb, before it ("It said …")."""
    head = token.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head.dep_ == "ROOT" and token.i < head.i


def _singular_body(state: Resolution, mention: TokenMention) -> bool:
    """A mention of one country, organisation or group (not a person, not several: "officials",
    "Kestria and Valdoria")."""
    actor = state.actors.get(mention.actor) if mention.actor else None
    if actor is None or actor.kind not in NON_PERSON_KINDS or mention.label == "PRON":
        return False
    root = state.doc[mention.root]
    if root.tag_ in {"NNS", "NNPS"} or root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        return False
    # "the Kestrian envoy" is a sector of Kestria but one person: "he" or "she", not "it".
    lemma = root.lemma_.lower()
    return lemma in COLLECTIVE_TITLES or lemma not in state.dictionary.titles


def _only_named_person(window: list[TokenMention]) -> str | None:
    """The person of a pronoun's window when it names one person only (pronoun links aside)."""
    actors = {m.actor for m in window}
    if len(actors) == 1 and any(m.label != "PRON" for m in window):
        return next(iter(actors))
    return None


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indexes of the tokens inside quoted passages (the quotation marks included)."""
    quoted: set[int] = set()
    spans = quoted_spans(views(doc).text)
    k = 0
    for token in views(doc).tokens:
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
