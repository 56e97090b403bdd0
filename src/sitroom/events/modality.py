"""Is it said to have happened? Negation, modality and whose claim an event is, from the clause around it.

- negated: a "not"/"never" on the verb or on a verb that passes the event down ("did not decide to"),
  "no" on an event noun ("made no concessions"), a verb of failing ("failed to reach"), or a denial of the
  clause ("Moscow denies that ...");
- future: "will", "shall", "going to", a verb of intending ("plans to"), "would" reporting a future in the
  past ("said it would");
- conditional: "may/might/could", "would" outside reported speech, an event inside an if/unless clause,
  or an event carrying such a clause ("will take measures if ..."; ``has_condition``);
- reported: inside a quote (the quotes stage's spans) or the complement of a verb of saying.

One field holds the modality, so the strongest reading wins: conditional, then future, then reported. Who
claims it (``claimed_by``) is kept apart from the modality, so a reported future is still a claim.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Token

from sitroom.events.lexicon import Lexicon
from sitroom.events.roles import conj_head, kids, small_clause_participle
from sitroom.records import Quote

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})  # "wo" is the first half of "won't"
POSSIBLE_AUX = frozenset({"may", "might", "could"})
WOULD_AUX = frozenset({"would", "'d"})
DEONTIC_AUX = frozenset({"must", "should"})
CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
DENIALS = frozenset({"deny", "dispute", "refute"})
HYPOTHESIS, MODAL = "hypothesis", "modal"  # how an act is imagined (see _imagined)
# Verbs of making possible: what something would allow or could enable someone to do is a possibility, not an
# act anyone is said to do or commit to.
ENABLING = frozenset({"allow", "enable", "permit", "let", "help", "facilitate", "empower"})
# Words of supposing whose verb asserts: "the claim that they attacked" and "reports that jets bombed the town"
# suppose, "they claimed that they had attacked" reports the speaker's claim (coded, with claimed_by).
ASSERTING_VERBS = frozenset({"claim", "report"})
PREVENTING = frozenset({"keep", "prevent", "stop", "deter", "bar", "block", "discourage", "dissuade", "ban",
                        "prohibit", "restrain"})


@dataclass(slots=True)
class Clause:
    negated: bool = False
    future: bool = False
    conditional: bool = False  # a hypothesis: may/might/could, or inside an if-clause
    has_condition: bool = False  # carries an if/unless clause of its own (a threat or a conditional promise)
    deontic: bool = False  # must/should: a demand when someone says it
    posture: bool = False  # "prepared to resume shelling": getting ready for force is a show of force
    drill: bool = False  # "rehearsed artillery fire during the exercise": force rehearsed, a show of force
    imagined: bool = False  # in the scope of a fear, a "whether", an if-clause, a "could": nobody commits to it
    hypothesis: bool = False  # imagined by the words themselves (if, whether, a fear, a pretext): not a report
    speech: Token | None = None  # the verb of saying whose complement the clause is
    speech_subject: Token | None = None

    def modality(self, quoted: bool) -> str:
        if self.conditional or self.has_condition:
            return "conditional"
        if self.future:
            return "future"
        if quoted or self.speech is not None:
            return "reported"
        return "asserted"


class Quotes:
    """The quotes stage's spans, searchable by offset."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
        self.starts = [q.start for q in self.quotes]

    def around(self, offset: int) -> Quote | None:
        """The innermost quote whose span holds the offset."""
        found = None
        at = bisect.bisect_right(self.starts, offset)
        for quote in reversed(self.quotes[max(0, at - 8):at]):  # quotes do not nest deeply
            if quote.start <= offset < quote.end and (found is None or quote.end - quote.start < found.end - found.start):
                found = quote
        return found


def chain(anchor: Token, lexicon: Lexicon) -> list[Token]:
    """The anchor and the words above it that only pass the event down: "plans to", "decided to", "the
    decision to", a verb coordinated with it that lends its auxiliaries ("can't and won't give way")."""
    tokens = [anchor]
    token = anchor
    for _ in range(5):
        head = token.head
        if head == token:
            break
        if token.dep_ == "xcomp" or (token.dep_ in ("advcl", "ccomp") and _infinitive(token)):
            if head.lemma_.lower() in lexicon.transparent:
                tokens.append(head)
                token = head
                if head.pos_ == "ADJ" and head.head != head:  # "is likely to", "is reluctant to"
                    tokens.append(head.head)
                    token = head.head
                continue
        if token.dep_ == "acl" and head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.transparent_nouns:
            tokens.append(head)
            if head.head != head and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
                tokens.append(head.head)
                token = head.head
                continue
            break
        if token.dep_ == "conj" and not any(c.dep_ in ("aux", "neg", "nsubj", "nsubjpass") for c in kids(token)):
            head = conj_head(token)  # "as long as Chile pulls back its ships and promises to halt": with "pulls"
            tokens.append(head)
            token = head
            continue
        if small_clause_participle(token):  # "didn't see its demands met": not met
            tokens.append(head)
            token = head
            continue
        break
    return tokens


def analyse(anchor: Token, noun: Token | None, lexicon: Lexicon, negatable: bool = True, asks: bool = False) -> Clause:
    """Negation, tense, condition and reporting verb of the clause ``anchor`` heads (``noun``: the event
    noun when the act is named by one; ``negatable``: whether a "not" on the anchor negates the act, which
    it does not for "the meeting did not yield results"; ``asks``: the act is a request, whose if-clause after
    it says what is asked for: "lobbied for a waiver if there is a plan to freeze the banks" asks for a
    conditional exemption, and the pushing is asserted)."""
    clause = Clause()
    tokens = chain(anchor, lexicon)
    negations = 0
    would = False
    for token in tokens:
        subject = next((c for c in kids(token) if c.dep_ in ("nsubj", "nsubjpass")), None)
        for child in kids(token):
            word = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "advmod" and word == "never"):
                negations += 1
            elif child.dep_ in ("aux", "auxpass"):
                if word in FUTURE_AUX:
                    clause.future = True
                elif word in POSSIBLE_AUX:
                    clause.conditional = True
                elif word in WOULD_AUX:
                    would = True  # decided below: a reported future or a hypothesis
                elif word in DEONTIC_AUX:
                    # "Chile should withdraw" is a demand; "Should Chile choose to" is a condition.
                    if subject is not None and child.i < subject.i:
                        clause.conditional = True
                    else:
                        clause.deontic = True
            elif child.dep_ == "mark" and word in CONDITION_MARKS:
                clause.conditional = True
        if subject is not None and subject != noun and _no_one(subject):  # "not a single ally is ready"
            negations += 1
        if token != anchor:
            modality = lexicon.transparent.get(token.lemma_.lower())
            if token.pos_ == "NOUN":
                modality = lexicon.transparent_nouns.get(token.lemma_.lower())
                if any(c.dep_ == "det" and c.lower_ == "no" for c in kids(token)):
                    negations += 1  # "has no plans to strike"
            if modality == "attempt":  # "tried to" happened; "tries to" has not yet
                modality = "asserted" if token.tag_ in ("VBD", "VBN") else "future"
            if modality == "posture":
                clause.posture = clause.future = True
            if modality == "drill":
                clause.drill = True
            if modality == "deontic":
                clause.deontic = True
            if modality == "future":
                clause.future = True
            elif modality == "negated":
                negations += 1
            elif modality == "improbable":  # "is unlikely to accept": probably not
                clause.conditional = True
                negations += 1
    if any(_in_drills(token) for token in tokens):
        clause.drill = True
    if noun is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in kids(noun)):
        negations += 1  # "made no concessions"
    if anchor.lemma_.lower() in DENIALS and noun is not None:
        negations += 1  # "denied any intention to strike"
    negations += sum(1 for token in tokens[1:] if token.lemma_.lower() in DENIALS)  # "denied plans to attack"
    if not negatable:
        negations = 0
    top = tokens[-1]
    clause.has_condition = any(_is_condition(c) and not (asks and c.i > anchor.i) for t in tokens for c in kids(t))
    clause.speech, clause.speech_subject = _speech(top, lexicon)
    # A denial negates the clause it governs ("denies it means to strike"), not every clause the
    # parser happens to hang below it.
    denied = clause.speech is not None and top.dep_ in ("ccomp", "parataxis") and top.head == clause.speech
    readings = [_imagined(token, lexicon) for token in tokens]  # "decide whether to resume": each step counts
    if any(readings):
        clause.conditional = clause.imagined = True
        # "could afford to station soldiers" is a possibility still told of; "if Chile moves troops" is not told.
        clause.hypothesis = HYPOTHESIS in readings
    if denied and clause.speech is not None and clause.speech.lemma_.lower() in DENIALS:
        negations += 1
    if would:
        # "said it would" reports a future; a bare "would" is a hypothesis.
        if clause.speech is None:
            clause.conditional = True
        else:
            clause.future = True
    clause.negated = negations % 2 == 1
    return clause


DRILL_NOUNS = frozenset({"drill", "exercise", "game", "wargame", "maneuver", "manoeuvre", "simulation", "rehearsal"})


def _in_drills(word: Token) -> bool:
    """"fired shells during the exercise", "in the manoeuvres": the act belongs to an exercise."""
    for prep in kids(word):
        if prep.dep_ != "prep" or prep.lower_ not in ("as", "in", "during"):
            continue
        for obj in kids(prep):
            if obj.dep_ != "pobj":
                continue
            if obj.lemma_.lower() in DRILL_NOUNS:
                return True
            if obj.lower_ == "part" and any(o.lemma_.lower() in DRILL_NOUNS for p in kids(obj) if p.lower_ == "of"
                                            for o in kids(p) if o.dep_ == "pobj"):
                return True
    return False


def _no_one(subject: Token) -> bool:
    for child in kids(subject):
        if child.dep_ == "det" and child.lower_ == "no":
            return True
        if child.dep_ in ("det", "advmod", "neg") and child.lower_ == "not":
            return True
        if child.dep_ == "det" and child.lower_ == "a" and any(g.lower_ == "not" for g in kids(subject)):
            return True
    return subject.lower_ in ("nobody", "none", "neither")


def _is_condition(child: Token) -> bool:
    """An if/unless clause ("if Beijing persists"), "as long as", "provided that", "in case of a blockade"."""
    if child.dep_ == "advcl":
        if any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in kids(child)):
            return True
        if child.head.lower_ == "long" and any(g.dep_ == "mark" and g.lower_ == "as" for g in kids(child)):
            return True  # "as long as Chile pulls back"
        words = " ".join(t.lower_ for t in child.doc[child.left_edge.i:child.left_edge.i + 3])
        return words.startswith(("as long as", "in case", "on condition"))
    if child.dep_ == "prep" and child.lower_ == "in":  # "in case of a blockade", "in the event of a raid"
        return any(g.dep_ == "pobj" and g.lower_ in ("case", "event") for g in kids(child))
    return False


def _imagined(top: Token, lexicon: Lexicon) -> str:
    """The clause lies in the scope of a word of fearing, supposing or asking whether ("fears that Rabat
    would send troops", "a pretext to open fire", "whether to keep negotiating"), or inside an
    if-clause ("if Ottawa turns down its requests"): HYPOTHESIS; or hangs from a verb of possibility ("could afford
    to station"): MODAL; else "". A verb of saying ends the search: what is said is a claim, not a hypothesis."""
    token = top
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS | {"whether"} for c in kids(token)):
            return HYPOTHESIS
        if token.dep_ == "advcl" and _is_condition(token):
            return HYPOTHESIS
        head = conj_head(token)
        if head == token:
            return ""
        if token.dep_ == "relcl":
            return ""  # "the soldiers it has massed": a relative clause tells of the noun whatever is said of it
        if token.dep_ in ("prep", "mark") and token.lower_ in ("after", "since", "following"):
            return ""  # "(to help ease tensions) after speaking with X": what went before is told as done
        lemma = head.lemma_.lower()
        if lemma in lexicon.hypothetical and token.dep_ not in ("nsubj", "nsubjpass", "conj", "relcl") and not (
                head.pos_ == "VERB" and lemma in ASSERTING_VERBS) and not _reduced_relative(token):
            return HYPOTHESIS
        if token.dep_ == "pcomp" and head.lower_ == "from" and head.head.lemma_.lower() in PREVENTING:
            return HYPOTHESIS  # "keep Serbia from joining the EU": prevented, not done
        if token.dep_ in ("advcl", "acl") and _infinitive(token) and head.lemma_ == "be" and any(
                c.dep_ == "attr" and c.lemma_.lower() in lexicon.hypothetical for c in kids(head)):
            return HYPOTHESIS  # "the UN is the proper place to settle"
        if lemma in lexicon.speech and token.dep_ in ("ccomp", "parataxis"):
            return ""
        if lemma in ENABLING and token.dep_ in ("xcomp", "ccomp") and (_infinitive(head) or any(
                c.dep_ == "aux" and c.lower_ in POSSIBLE_AUX | WOULD_AUX for c in kids(head))):
            return HYPOTHESIS  # "exits that would allow Peru to withdraw", "to enable talks to resume"
        if any(c.dep_ == "aux" and c.lower_ in POSSIBLE_AUX | WOULD_AUX for c in kids(head)) and \
                token.dep_ in ("xcomp", "ccomp"):
            return MODAL
        token = head
    return ""


def _reduced_relative(token: Token) -> bool:
    """A participle that describes its noun ("claims rejected by Ukraine"), not a clause of its own with a
    subject ("claims that its troops had shelled the town")."""
    return token.dep_ == "acl" and token.tag_ in ("VBN", "VBG") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in kids(token))


def _speech(top: Token, lexicon: Lexicon) -> tuple[Token | None, Token | None]:
    """The verb of saying the clause is reported by, and that verb's subject: the nearest ancestor that is
    the complement of a verb of saying ("Chile said [the talks Peru has proposed were useful]")."""
    from sitroom.events.roles import disagrees, subject_token

    token = top
    for _ in range(12):
        head = token.head
        if head == token:
            return None, None
        if token.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in kids(token)):
            inherited = subject_token(head)
            if inherited is not None and disagrees(token, inherited) and head.head != head:
                # "Chile has said the ships are no danger but has turned down calls": the refusal goes with
                # "has said", not inside what was said.
                token = head.head
                continue
        if token.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in lexicon.speech and not _subordinate_speech(
                head, token):
            return head, subject_token(head)
        token = head
    return None, None


SUBORDINATORS = frozenset({"although", "though", "while", "whereas", "because", "since", "as", "if", "when", "after",
                           "before", "unless", "despite"})


def _subordinate_speech(verb: Token, clause: Token) -> bool:
    """A verb of saying in a subordinate clause does not govern the main clause the parser hung on it: in
    "Although Chile has denied plans to strike, Canada is worried by Chile gathering ships" what follows
    the comma is the writer's, not Chile's denial."""
    if not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS and c.i < verb.i for c in kids(verb)):
        return False
    return any(t.text == "," for t in verb.doc[verb.i + 1:clause.left_edge.i])


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(verb))
