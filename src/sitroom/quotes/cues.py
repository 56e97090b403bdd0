"""Speech cues on the parse: which words report speech, the cue's words, its subject (the
speaker's head word) and the speaker's words around that head."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from sitroom import lexicons


# Lemmas of verbs that report speech or writing, from the shared lexicon (cognition verbs such as
# "think" are left out there: they attribute opinions, not words).
SPEECH_VERBS: frozenset[str] = frozenset(w for w in lexicons.words("reporting_verbs") if " " not in w)
# Phrasal cues: verb lemma + particle ("pointed out", "went on").
PHRASAL_SPEECH_VERBS: frozenset[tuple[str, str]] = frozenset(
    (verb, particle) for verb, particle in (w.split() for w in lexicons.words("reporting_verbs") if " " in w)
)
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}


def is_cue_verb(tok: Token) -> bool:
    """A verb that reports speech: in the lexicon, or a phrasal one with its particle."""
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    return any((lemma, c.lower_) in PHRASAL_SPEECH_VERBS for c in tok.children if c.dep_ == "prt")


def is_according(tok: Token) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def cue_span(cue: Token) -> tuple[int, int]:
    """The cue verb with its auxiliaries, negation and particle ("has not said", "pointed out")."""
    if is_according(cue):
        to = cue.doc[cue.i + 1]
        return cue.idx, to.idx + len(to)
    toks = [cue] + [c for c in cue.children if c.dep_ in {"aux", "auxpass", "neg", "prt"}]
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    # Keep the cue contiguous: an auxiliary separated by the subject ("said X" vs "did X say") is dropped.
    if any(t.dep_ in SUBJECT_DEPS for t in cue.doc[first.i : last.i]):
        first = cue
    return first.idx, last.idx + len(last)


def own_subject(verb: Token, deps: set[str], quoted: Callable[[int], bool]) -> Token | None:
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


def nothing_quoted(_: int) -> bool:
    return False


def subject_of(cue: Token, quoted: Callable[[int], bool] = nothing_quoted) -> Token | None:
    """The speaker token of a cue: its subject, the agent of a passive, the noun a participle
    describes ("footage of X saying"), or the subject of a governing verb ("X declined to say")."""
    if is_according(cue):
        to = cue.doc[cue.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    subject = own_subject(cue, {"nsubj", "csubj"}, quoted)
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
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and head.dep_ == "ccomp" and is_cue_verb(head.head):
        # "X said [the talks were mixed], noting that …": the parser hangs the participle on the
        # reported clause; it belongs to the reporting verb.
        subject = own_subject(head.head, SUBJECT_DEPS, quoted)
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
            subject = own_subject(node, SUBJECT_DEPS, quoted)
            if subject is not None:
                return subject
    return None


def speaker_span(head: Token, text: str) -> tuple[int, int]:
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
