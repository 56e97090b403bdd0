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
# Plain verbs of saying ("said", "told", "wrote"): their subject speaks, so "according to X" beside
# one names who reported the words (an outlet), not who said them.
SAYING_VERBS: frozenset[str] = lexicons.words("reporting_verbs", tag="speaker")
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Common nouns that can be the source of words (people, bodies, documents), and common nouns that
# cannot ("the focus", "the pressure"); see can_speak.
SPEAKING_NOUNS: frozenset[str] = lexicons.words("speaking_nouns")
NON_SPEAKING_NOUNS: frozenset[str] = lexicons.words("non_speaking_nouns")
PERSON_NOUNS: frozenset[str] = lexicons.words("speaking_nouns", tag="person")
PERSONAL_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they", "me", "him", "her", "us", "them", "who"})
# Endings of abstract nouns ("tension", "weakness", "uncertainty", "reluctance", "development").
ABSTRACT_ENDINGS = ("ness", "ity", "ism", "tion", "sion", "ance", "ence", "ancy", "ency", "ment", "ure", "hood",
                    "ing")
# Endings of nouns for people and their roles ("lawmaker", "negotiator", "analyst", "Kremlinologist").
PERSON_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants", "man", "men",
                  "woman", "women", "person", "people", "ee", "ees", "eer", "eers", "crat", "crats")
# Pronouns that point at a thing or a fact, not at someone who speaks ("this suggests ...").
NON_SPEAKING_PRONOUNS = frozenset({"this", "there", "everything", "nothing", "something", "anything"})


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
        return verb.head  # "Holt, who said …"
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
    if cue.dep_ in {"acl", "relcl"} and cue.head.pos_ in {"NOUN", "PROPN"} and can_speak(cue.head):
        return cue.head  # "footage of X saying", "a statement saying"; not "a conference announcing"
    head = cue.head
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and head.dep_ == "ccomp" and is_cue_verb(head.head):
        # "X said [the talks were mixed], noting that …": the parser hangs the participle on the
        # reported clause; it belongs to the reporting verb.
        subject = own_subject(head.head, SUBJECT_DEPS, quoted)
        if subject is not None:
            return subject
    # "X smiled and said", "X was quoted as saying", "X sings before asking": climb to a subject;
    # also from a participle on a noun that cannot speak ("she said at a conference announcing").
    node = cue
    climbing = {"xcomp", "conj", "advcl", "pcomp", "prep", "ccomp"}
    if cue.dep_ == "acl":
        climbing |= {"acl", "pobj"}
    for _ in range(5):
        # A subjectless ccomp is most often a second verb the parser hung on the first one.
        if node.dep_ not in climbing or node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            subject = own_subject(node, SUBJECT_DEPS, quoted)
            if subject is not None:
                return subject  # one that cannot speak ("the emphasis lay on repeating") makes no quote
    return None


def can_speak(subject: Token) -> bool:
    """Whether a cue's subject is something that can say anything: a name, a personal pronoun, a
    number or quantifier standing for people ("the two", "both"), or a common noun for people, a
    body or written words ("officials", "the ministry", "the letter"). "The focus", "the
    pressure", "the timing" cannot: common nouns listed as non-speaking, or abstract by their
    ending ("the tension", "the weakness"), unless listed as speaking ("the administration")."""
    if subject.pos_ == "PRON":
        return subject.lower_ not in NON_SPEAKING_PRONOUNS
    if subject.pos_ != "NOUN" or subject.ent_type_:
        return True  # names, and "the two", "both", "many": people the parse does not name
    lemma, lower = subject.lemma_.lower(), subject.lower_
    if lemma in SPEAKING_NOUNS or lower in SPEAKING_NOUNS:
        return True
    if lemma in NON_SPEAKING_NOUNS or lower in NON_SPEAKING_NOUNS:
        return False
    return lower.endswith(PERSON_ENDINGS) or not lemma.endswith(ABSTRACT_ENDINGS)


def is_person(subject: Token) -> bool:
    """A subject that names or stands for people: a person's name, a personal pronoun, a noun for
    people and their roles ("officials", "the negotiator")."""
    if subject.pos_ == "PRON":
        return subject.lower_ in PERSONAL_PRONOUNS
    if subject.pos_ == "PROPN" or subject.ent_type_:
        return subject.ent_type_ == "PERSON"
    lemma, lower = subject.lemma_.lower(), subject.lower_
    if lemma in PERSON_NOUNS or lower in PERSON_NOUNS:
        return True
    listed = SPEAKING_NOUNS | NON_SPEAKING_NOUNS  # bodies, documents and things ("the letter")
    return lemma not in listed and lower not in listed and lower.endswith(PERSON_ENDINGS)


def has_possible_source(cue: Token, quoted: Callable[[int], bool] = nothing_quoted) -> bool:
    """A cue whose subject (if the parse gives one) can say anything: "the letter says" yes,
    "the pressure suggests" no. A cue with no subject found keeps its chance."""
    if is_according(cue):
        return True  # "according to X" names a source by its very words
    subject = subject_of(cue, quoted)
    return subject is None or can_speak(subject)


def reporting_cue(cue: Token) -> Token | None:
    """The cue whose speaker speaks the words of ``cue`` too, or None:

    - a cue whose subject is not a person (a report, a body, a country) and whose clause is what
      an earlier cue reports: in "X said [early reports from the ministry indicate “…”]" the
      reports are a source X cites, and X speaks;
    - a cue with no subject, coordinated with a verb of what another cue reports: the parse hung
      the speaker's second act on the reported clause ("X said [it had counted … and accused Y of
      “…”]": X accused).
    """
    subject = own_subject(cue, SUBJECT_DEPS, nothing_quoted)
    if subject is None:
        node = cue
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node is cue or node.dep_ != "ccomp":
            return None
    elif cue.dep_ == "ccomp" and cue.head.i < cue.i and not is_person(subject):
        node = cue  # a person who "told" or "warned" the speaker said the words; a report did not
    else:
        return None
    outer = node.head
    if is_cue_verb(outer) and own_subject(outer, SUBJECT_DEPS, nothing_quoted) is not None \
            and has_possible_source(outer):
        return outer
    return None


def coordinated_cue(tok: Token, root: Token) -> bool:
    """A cue verb with no subject of its own coordinated inside a reported clause whose verb is
    ``root``: the speaker's next act, not part of what was reported (see :func:`reporting_cue`)."""
    if tok.dep_ != "conj" or tok.i <= root.i or not is_cue_verb(tok) or own_subject(tok, SUBJECT_DEPS, nothing_quoted):
        return False
    # Only an act that reports words of its own (a clause, or words in quotation marks) is cut off.
    own_words = any(c.dep_ == "ccomp" for c in tok.children) or any(
        t.is_quote and t.text not in {"'", "’"} for t in tok.subtree)
    return own_words and reporting_cue(tok) is not None


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
