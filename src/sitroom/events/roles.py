"""Who does what to whom: the source, target and place of an event from the dependency parse.

The actors themselves come from the actors stage (``Mention.actor``); this module only finds which words of
the sentence fill which role and reads the actors off the mentions under those words:

- the source is the subject of the event's clause: the agent of a passive ("was rejected by X"), the
  controller of an infinitive ("urged X to withdraw": X withdraws; "agreed to withdraw": the subject does), the
  subject of the verb a participle or a coordinated verb hangs from ("..., ruling out any compromise"), the noun
  a relative clause describes; for an event noun, its owner ("Russia's demands", "the US response",
  "demands from Moscow", "a meeting of envoys from X and Y", "talks between X and Y");
- the target is the object or a prepositional object the sense names ("met with X", "sanctions on X"); an
  object that is not an actor gives its owner ("rejected the Kremlin's demands" -> the Kremlin);
- coordination gives several actors ("Canada and the EU rejected ...", "Hungarian and Romanian officials");
- a place in "in/at <place>" is where it happened, not a target.

A phrase with no known actor is kept as an unresolved span (the words are there; the actor dictionary
does not know them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from sitroom.docviews import views
from sitroom.records import Actor, Mention, Quote

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Children that leave a noun phrase's core: what the phrase says about its head, not the head itself.
OUTSIDE_CORE = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "prep", "parataxis", "ccomp",
                          "dep", "mark", "npadvmod", "meta"})
CORE_PREPS = frozenset({"of"})  # "representatives of Russia", "the government of Ukraine"
OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
OWNER_PREPS = frozenset({"of", "by", "from"})
PLACE_PREPS = frozenset({"in", "at"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
THIRD_PERSON = frozenset({"it", "they", "them", "its", "their"})
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
MAX_PHRASE = 40  # tokens of one argument phrase looked at; keeps a run-on sentence linear
MAX_CHILDREN = 40  # dependents of one word looked at: a run-on list can hang hundreds on one verb
# Verbs whose object is the doer of their infinitive ("urged Russia to withdraw", "wants the EU to refuse");
# with other verbs the subject is ("visited Russia to help": the visitor helps).
OBJECT_CONTROL = frozenset({"urge", "ask", "want", "call", "encourage", "order", "force", "compel", "allow",
                            "permit", "persuade", "press", "invite", "tell", "require", "expect", "need", "lead",
                            "get", "enable", "push", "pressure", "pressurize", "implore", "beg", "instruct",
                            "direct", "authorize", "help", "advise", "warn", "challenge", "oblige", "prompt"})
NON_PLACE_PREFIXES = ("group:", "person:", "org:")  # a city standing for an IGO ("Brussels") is still a place
# Words that make "to" part of something else than a recipient: "according to X" names a source of news.
NOT_PREPOSITIONS = frozenset({"according", "due", "thanks", "owing", "prior", "addition", "contrary", "regard", "as",
                              "along"})  # "along with talks with Canada": besides, not with whom


@dataclass(slots=True)
class Party:
    """The actors (and unresolved words) filling one role."""

    actors: list[str] = field(default_factory=list)
    spans: list[list[int]] = field(default_factory=list)  # [start, end] per actor, parallel to actors
    unresolved: list[list[int]] = field(default_factory=list)  # phrases naming no known actor
    tokens: list[Token] = field(default_factory=list)  # the head tokens found (for checks and confidence)
    # phrases naming no known actor coordinated with ones that do ("the Syrian army and its ally, a militia")
    beside: list[list[int]] = field(default_factory=list)

    def add(self, other: "Party") -> None:
        for actor, span in zip(other.actors, other.spans):
            if actor not in self.actors:
                self.actors.append(actor)
                self.spans.append(span)
        for span in other.unresolved:
            if span not in self.unresolved and span not in self.spans:
                self.unresolved.append(span)
        self.tokens.extend(t for t in other.tokens if t not in self.tokens)
        self.beside.extend(s for s in other.beside if s not in self.beside)

    def without(self, actors: Iterable[str]) -> "Party":
        drop = set(actors)
        keep = [(a, s) for a, s in zip(self.actors, self.spans) if a not in drop]
        return Party([a for a, _ in keep], [s for _, s in keep], list(self.unresolved), list(self.tokens),
                     list(self.beside))

    def __bool__(self) -> bool:
        return bool(self.actors or self.unresolved)


class _Children:
    """Each word's dependents, listed in one pass over the document. spaCy's Token.children walks the whole
    stretch between a word's outermost dependents, so on a run-on sentence (hundreds of coordinated verbs on
    one root) every lookup would cost the sentence; this keeps the stage linear. The lists hold the Token
    objects themselves (at most MAX_CHILDREN each), so that a lookup makes no new ones."""

    def __init__(self) -> None:
        # The last document seen and its lists, swapped as one tuple (held, so identity checks are safe).
        self.state: tuple[Doc | None, list[list[Token]]] = (None, [])

    def of(self, token: Token) -> list[Token]:
        doc = token.doc
        seen, lists = self.state
        if doc is not seen:
            tokens = views(doc).tokens
            lists = [[] for _ in range(len(doc))]
            for i, head in enumerate(views(doc).heads):
                if head != i and len(lists[head]) < MAX_CHILDREN:
                    lists[head].append(tokens[i])
            self.state = (doc, lists)
        return lists[token.i]


_CHILDREN = _Children()


def kids(token: Token) -> Iterator[Token]:
    """A word's dependents in text order, at most MAX_CHILDREN of them (natural sentences stay far below)."""
    return iter(_CHILDREN.of(token))


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens overlapping [start, end) (spaCy's char_span refuses some spans, such as one that is all
    whitespace)."""
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except (IndexError, ValueError):
        span = None
    if span is not None:
        return list(span)
    return [t for t in doc if t.idx < end and start < t.idx + len(t.text)] if end > start else []


class Mentions:
    """The actors stage's mentions indexed by token, built once per document."""

    def __init__(self, doc: Doc, mentions: list[Mention], actors: dict[str, Actor] | None) -> None:
        self.doc = doc
        self.actors = actors or {}
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            for token in tokens_between(doc, mention.start, mention.end):
                current = self.by_token.get(token.i)
                # Where mentions overlap, the longer one names the phrase ("US officials" over "US").
                if current is None or (current.end - current.start) < (mention.end - mention.start):
                    self.by_token[token.i] = mention

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def actor_at(self, token: Token) -> str | None:
        mention = self.by_token.get(token.i)
        return mention.actor if mention is not None else None

    def country_of(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        if actor is not None:
            return actor.country
        # Without the actor table, country ids carry the code: country:RUS, country:RUS/GOV.
        if actor_id.startswith("country:"):
            return actor_id[8:11]
        return None


def core_tokens(head: Token) -> list[Token]:
    """The noun phrase headed by ``head`` without its clauses, appositions, coordinated phrases and
    prepositional phrases other than "of" ("the last ISIS bastion of the region", not "who fought there").
    Coordination inside a modifier stays ("the Turkish and Greek sides")."""
    found: list[Token] = []
    stack = [head]
    while stack and len(found) < MAX_PHRASE:
        token = stack.pop()
        found.append(token)
        for child in kids(token):
            if child.dep_ in ("conj", "cc") and token != head:
                stack.append(child)
                continue
            if child.dep_ in OUTSIDE_CORE and not (child.dep_ == "prep" and child.lower_ in CORE_PREPS):
                continue
            stack.append(child)
    return sorted(found, key=lambda t: t.i)


def conjuncts(head: Token) -> list[Token]:
    """The head and the phrases coordinated with it ("the US and NATO" -> US, NATO)."""
    seen = [head]
    stack = [head]
    while stack and len(seen) < 12:
        token = stack.pop()
        for child in kids(token):
            if child.dep_ == "conj" and child not in seen and not _subject_of_next(child):
                seen.append(child)
                stack.append(child)
    return seen


def _subject_of_next(noun: Token) -> bool:
    """A phrase the parser coordinated with the one before it, though it is the subject of the verb right after
    it, which has none: "denied plans to attack Peru, the United States and Canada are concerned"."""
    doc = noun.doc
    after = noun.right_edge.i + 1
    if after >= len(doc) or doc[after].tag_ not in ("VBZ", "VBP", "VBD", "MD"):
        return False
    verb = doc[after].head if doc[after].dep_ in ("aux", "auxpass") or doc[after].tag_ == "MD" else doc[after]
    if verb.dep_ in ("relcl", "conj", "xcomp", "acl") or verb.pos_ not in ("VERB", "AUX"):
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in kids(verb))


def _span(tokens: list[Token]) -> list[int]:
    first, last = tokens[0], tokens[-1]
    return [first.idx, last.idx + len(last.text)]


CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp"})


def phrase_span(head: Token, named: bool = False) -> list[int]:
    """[start, end] of the words filling a role: the whole phrase ``head`` heads ("the Croatian government's
    request for revocation", "at least 75 people in eastern Syria", "people who had fled to the Golan"), without
    the phrases coordinated with it (each conjunct has its own span), without the clauses of its apposition
    ("Tantan, the Minister of Interior who told governors ...") and without punctuation at its edges. A phrase
    headed by a name (``named``, a proper noun naming an actor) ends with the name, its "of" phrase and its
    apposition ("President Erdogan of Turkey", not "Evo Morales in virtue of the situation")."""
    doc = head.doc
    start = head.left_edge.i
    end = head.i
    actor_head = named
    named = named and head.pos_ == "PROPN"
    for child in kids(head):
        if child.dep_ in ("conj", "cc") or child.i < head.i:
            continue
        if child.dep_ in CLAUSE_DEPS:
            continue  # clauses about the phrase are not the phrase ("a Lebanese man who crossed ...")
        if named and child.dep_ == "appos" and child.pos_ == "NOUN":
            continue  # "Haifa, the third largest city": what is said of the name, not the name
        if actor_head and child.dep_ == "prep" and child.lower_ == "of" and not _names_someone(child):
            continue  # "accused the army of mass killings": the charge the parser hung on the actor
        if named and not (child.dep_ in ("appos", "punct", "compound", "flat") or (
                child.dep_ == "prep" and child.lower_ == "of")):
            continue
        if child.dep_ == "punct" and child.text != ")" and not any(
                c.i > child.i and c.dep_ not in ("conj", "cc", "punct") for c in kids(head)):
            continue
        end = max(end, _clause_free_end(child))
    if end + 1 < len(doc) and doc[end + 1].text == ")" and sum(t.text == "(" for t in doc[start:end + 1]) > sum(
            t.text == ")" for t in doc[start:end + 1]):
        end += 1  # the bracket an acronym opened closes with it, wherever the parser hung it
    while end > start and doc[end].is_punct and not (doc[end].text == ")" and any(
            t.text == "(" for t in doc[start:end])):  # "the Central African Republic (CAR)" keeps its bracket
        end -= 1
    while start < end and doc[start].is_punct:
        start += 1
    return [doc[start].idx, doc[end].idx + len(doc[end].text)]


def _names_someone(prep: Token) -> bool:
    """An "of" phrase that names someone, as part of a name ("the government of Ukraine", "Minister of Foreign
    Affairs", "the centre of the Russian branch"): its noun or a word before it is a name."""
    return any(w.pos_ == "PROPN" or w.ent_type_ in ("GPE", "NORP", "ORG", "LOC")
               for o in kids(prep) if o.dep_ == "pobj" for w in o.doc[o.left_edge.i:o.i + 1])


def _clause_free_end(token: Token) -> int:
    """The last word of ``token``'s subtree that no clause holds (bounded)."""
    end, stack, seen = token.i, [token], 0
    while stack and seen < MAX_PHRASE:
        word = stack.pop()
        seen += 1
        end = max(end, word.i)
        stack.extend(c for c in kids(word) if c.dep_ not in CLAUSE_DEPS)
    return end


def phrase_party(head: Token, index: Mentions, owners: bool = True) -> Party:
    """The actors named by a noun phrase and its coordinated phrases, each with the span of its phrase.

    An actor at the head names the phrase ("Russia", "US officials", "he"). Otherwise the actors among the
    phrase's modifiers do ("Senior Hungarian and Romanian officials", "the Kremlin's demands", "envoys from
    Russia and Ukraine") when ``owners`` is set; a phrase with none is unresolved."""
    party = Party()
    for conjunct in conjuncts(head):
        if conjunct.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PUNCT") or conjunct.lower_ in RELATIVE:
            continue
        core = core_tokens(conjunct)
        own = index.actor_at(conjunct)
        span = phrase_span(conjunct, named=own is not None)
        found: list[str] = []
        if own is not None:
            found.append(own)
            # "Senior EU and Chilean officials": a modifier coordinated with the head's own actor word.
            for token in core:
                actor = index.actor_at(token)
                if actor is not None and actor not in found and (
                        token.dep_ == "conj" or any(c.dep_ == "conj" for c in kids(token))):
                    found.append(actor)
        elif owners:
            for token in core:
                actor = index.actor_at(token)
                if actor is not None and actor not in found:
                    found.append(actor)
            if not found:
                found.extend(a for a in _described_actors(conjunct, index) if a not in found)
        for actor in found:
            if actor not in party.actors:
                party.actors.append(actor)
                party.spans.append(span)
        counted = conjunct.lower_ in QUANTITY_HEADS and any(c.dep_ == "prep" and c.lower_ == "of" for c in kids(conjunct))
        if not found and (counted or (  # "hundreds of banks": a number of someone
                conjunct.pos_ in ("NOUN", "PROPN", "PRON") and conjunct.lower_ not in ("there", "here")
                and conjunct.ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"))):
            party.unresolved.append(span)
        party.tokens.append(conjunct)
    if party.actors:
        party.beside = list(party.unresolved)  # every unresolved phrase here is a conjunct of a known one
    return party


QUANTITY_HEADS = frozenset({"tens", "hundreds", "thousands", "millions", "dozens", "scores", "some", "many", "most",
                            "group", "groups", "members", "member", "part", "one", "third", "half", "number", "majority",
                            "hundred", "thousand", "million", "dozen", "score", "band", "crowd", "contingent", "unit"})
# Participles that tie a group to its place or patron ("a newspaper based in Beirut", "workers affiliated with
# the union", "militants loyal to X").
TYING_WORDS = frozenset({"base", "affiliate", "link", "loyal", "belong", "station", "operate", "close", "allied",
                         "connect", "tie", "back"})


def _described_actors(noun: Token, index: Mentions) -> list[str]:
    """Actors a phrase with no actor of its own is tied to: "Doctors from two American aid groups", "Rebels in
    the Ivory Coast", "Tens of thousands of students throughout Indonesia", "a newspaper based in Beirut"."""
    found: list[str] = []
    if noun.pos_ not in ("NOUN", "PRON", "NUM", "DET", "ADJ") and not noun.lower_ in QUANTITY_HEADS:
        return found
    for child in kids(noun):
        if child.dep_ == "prep" and child.lower_ == "of" and (noun.lower_ in QUANTITY_HEADS or noun.pos_ in ("NUM", "PRON", "DET")):
            for obj in kids(child):
                if obj.dep_ == "pobj":
                    inner = phrase_party(obj, index)
                    found.extend(a for a in inner.actors if a not in found)
        elif child.dep_ == "prep" and child.lower_ in ("from", "by", "in", "throughout", "across", "inside", "within"):
            for obj in kids(child):
                if obj.dep_ == "pobj":
                    inner = phrase_party(obj, index, owners=child.lower_ in ("from", "by", "within"))
                    found.extend(a for a in inner.actors if a not in found and
                                 (child.lower_ in ("from", "by") or a.startswith("country:") or
                                  (child.lower_ == "within" and a.startswith("igo:"))))  # "an ally within NATO"
        elif child.dep_ in ("acl", "amod") and child.lemma_.lower() in TYING_WORDS:
            for prep in kids(child):
                if prep.dep_ == "prep":
                    for obj in kids(prep):
                        if obj.dep_ == "pobj":
                            found.extend(a for a in phrase_party(obj, index).actors if a not in found)
    return found


RELATIONAL_NOUNS = frozenset({"contact", "relation", "tie", "link", "cooperation", "talk", "trade", "negotiation",
                              "dialogue", "agreement", "deal", "treaty", "border", "exchange"})


def owner_party(noun: Token, index: Mentions, of_role: str = "target", whole: bool = False,
                origins: bool = True) -> Party:
    """The actors a non-actor noun belongs to: "Russia's demands", "the US response", "Russian troops",
    "calls by Belarus's rulers", "an Indian proposal", "all contact with the United States", "crimes committed
    by Croat forces". ``origins``: whether "from" names an owner ("demands from Moscow"), as it does not for a
    movement ("the withdrawal of forces from Bosnia")."""
    party = Party()
    owning = ("by", "from") if origins else ("by",)
    before: set[str] = set()  # actors named before the noun ("the Croatian government's request")
    for child in kids(noun):
        if child.dep_ in OWNER_DEPS:
            found = phrase_party(child, index)
            if child.i < noun.i:
                before.update(found.actors)
            party.add(found)
        elif child.dep_ == "acl" and child.tag_ == "VBN":  # "crimes committed by Croat forces"
            for agent in kids(child):
                if agent.dep_ == "agent":
                    obj = agent_object(agent)
                    if obj is not None:
                        party.add(phrase_party(obj, index))
        elif child.dep_ == "prep" and child.lower_ in owning or (
                child.dep_ == "prep" and child.lower_ == "of" and of_role in ("source", "theme")) or (
                child.dep_ == "prep" and child.lower_ == "with" and noun.lemma_.lower() in RELATIONAL_NOUNS):
            for obj in kids(child):
                if obj.dep_ == "pobj":
                    party.add(phrase_party(obj, index))
    if not party.actors and of_role == "target":
        # "a camp for Congolese refugees", "an aid programme for Bosnia": whom the thing is for
        for child in kids(noun):
            if child.dep_ == "prep" and child.lower_ == "for":
                for obj in kids(child):
                    if obj.dep_ == "pobj":
                        party.add(phrase_party(obj, index, owners=False))
    party.unresolved = []  # an owner phrase without an actor names nobody
    if whole and party.actors:
        # An owner named before the noun: the words up to the noun ("the Croatian government's request");
        # one named after it: its own phrase ("a request from the New York Times": "the New York Times").
        up_to_noun = [noun.left_edge.idx, noun.idx + len(noun.text)]
        party.spans = [up_to_noun if actor in before else span for actor, span in zip(party.actors, party.spans)]
    return party


def prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions under ``token`` whose word is in ``preps`` ("with" -> "talks with X")."""
    wanted = set(preps)
    found = []
    for child in kids(token):
        if child.dep_ not in ("prep", "agent", "dative", "prt"):
            continue
        if child.lower_ in wanted and child.dep_ != "prt":
            objects = [obj for obj in kids(child) if obj.dep_ in ("pobj", "pcomp")]
            if not objects:  # "granted asylum to five officers holed up": the parser took the officers away
                dangling = agent_object(child)
                objects = [dangling] if dangling is not None else []
            found.extend(objects)
        elif child.lower_ not in NOT_PREPOSITIONS:
            # Compound prepositions: "out of Kyiv", "away from the border", "close to Ukraine".
            for inner in kids(child):
                if inner.dep_ == "prep" and inner.lower_ in wanted:
                    found.extend(obj for obj in kids(inner) if obj.dep_ == "pobj")
    return found


# Participles that read as adjectives after "be" ("is opposed to", "is committed to"): not passives.
ADJECTIVAL_PARTICIPLES = frozenset({"oppose", "commit", "prepare", "determine", "dedicate", "involve", "engage",
                                    "interest", "concern", "worry", "satisfy", "disappoint", "resolve"})


# Verbs that take an object and a participle: "didn't see its demands met", "wants the sanctions lifted".
SMALL_CLAUSE_VERBS = frozenset({"see", "have", "get", "want", "need", "like", "find", "leave", "keep", "watch"})


def small_clause_participle(verb: Token) -> bool:
    """"(didn't see) its demands met": a participle with the thing done as its subject (the parser tags some
    VBD), under a verb of seeing or wanting."""
    return (verb.tag_ in ("VBN", "VBD") and verb.dep_ in ("ccomp", "oprd", "xcomp")
            and verb.head.lemma_.lower() in SMALL_CLAUSE_VERBS and any(c.dep_ == "nsubj" for c in kids(verb))
            and not any(c.dep_ in ("aux", "auxpass") for c in kids(verb)))


def is_passive(verb: Token) -> bool:
    if small_clause_participle(verb):
        return True  # the doer of "its demands met" is not named
    if verb.lemma_.lower() in ADJECTIVAL_PARTICIPLES and not any(c.dep_ == "agent" for c in kids(verb)):
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids(verb)):
        return True
    # "the guarantees offered by Japan", "claims - rejected by Peru -": a verb with an agent is a
    # passive participle, whatever the parser made of it (it tags some "presented by" VBD).
    return verb.tag_ in ("VBN", "VBD") and any(c.dep_ == "agent" for c in kids(verb))


def agent_object(agent: Token) -> Token | None:
    """The object of a "by" phrase; where the parser left "by" without one ("delivered ... by US Ambassador X sets
    out", X made the next verb's subject), the noun phrase that starts right after it."""
    objects = [o for o in kids(agent) if o.dep_ == "pobj"]
    if objects:
        return objects[0]
    doc = agent.doc
    found = None
    for token in doc[agent.i + 1:min(len(doc), agent.i + 1 + MAX_PHRASE // 4)]:
        if token.pos_ in ("PROPN", "NOUN", "PRON") and token.left_edge.i == agent.i + 1:
            found = token  # the last such word heads the phrase ("US Ambassador Tom Miller")
    return found


def subject_token(verb: Token, depth: int = 0, passive: bool | None = None) -> Token | None:
    """The word standing for the doer of ``verb``'s clause, following control, coordination, participles
    and relative clauses. A passive's doer is its "by" phrase; an agentless passive names none."""
    if depth > 6:
        return None
    if passive is None:
        passive = is_passive(verb)
    if passive:
        for child in kids(verb):
            if child.dep_ == "agent":
                return agent_object(child)
        return None
    for child in kids(verb):
        if child.dep_ in ("nsubj", "csubj") or (child.dep_ == "nsubjpass" and not is_passive(verb)):
            if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.tag_ == "VBG":  # "Russia massing troops", "Russia's massing of troops": the gerund's subject
        for child in kids(verb):
            if child.dep_ in ("poss", "npadvmod") and child.i < verb.i and child.pos_ in ("PROPN", "NOUN", "PRON"):
                return child
    for child in kids(verb):
        # "representatives of X - joined by officials of Y - agreed": the parser gives the subject to the participle
        if child.dep_ == "advcl" and child.tag_ == "VBN" and child.i < verb.i:
            hidden = next((g for g in kids(child) if g.dep_ == "nsubj" and g.i < child.i), None)
            if hidden is not None:
                return hidden
    return controller(verb, depth)


def controller(verb: Token, depth: int = 0) -> Token | None:
    """The subject a verb without one of its own takes from the words it hangs from."""
    head = verb.head
    if head == verb:
        return None
    if verb.dep_ == "xcomp" or (verb.dep_ in ("advcl", "ccomp") and _is_infinitive(verb)):
        if head.lemma_.lower() in OBJECT_CONTROL:
            for child in kids(head):
                if child.dep_ in ("dobj", "dative") and child.pos_ in ("PROPN", "NOUN", "PRON"):
                    return child
                if child.dep_ == "prep" and child.lower_ in ("on", "upon"):  # "called on Arabs to unite"
                    objects = [o for o in kids(child) if o.dep_ == "pobj"]
                    if objects:
                        return objects[0]
        if head.pos_ == "ADJ" and head.head != head:  # "is ready to abandon": the copula's subject
            return subject_token(head.head, depth + 1)
        return subject_token(head, depth + 1)
    if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBZ", "VBP") and not any(
            c.dep_ == "mark" for c in kids(verb))):
        surface = _surface_subject(verb)
        if surface is not None:
            return surface
    if verb.dep_ == "conj":
        head = conj_head(verb)
        subject = subject_token(head, depth + 1)
        if subject is not None and disagrees(verb, subject):
            # "Chile has said the ships are no danger but has turned down Peruvian calls": "has turned down"
            # cannot go with "the ships"; it continues the clause above, whose subject it agrees with.
            upper = head
            for _ in range(3):
                if upper.dep_ not in ("ccomp", "conj", "parataxis") or upper.head == upper:
                    break
                upper = upper.head
                candidate = subject_token(upper, depth + 1)
                if candidate is not None and not disagrees(verb, candidate):
                    return candidate
        return subject
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"):
        return subject_token(head, depth + 1, passive=False)
    if verb.dep_ == "pcomp":
        if head.head.pos_ == "NOUN":  # "Domić's hope of reaching his goals": the noun's owner
            return next((c for c in kids(head.head) if c.dep_ == "poss"), None)
        return subject_token(head.head, depth + 1, passive=False) if head.head != head else None
    if verb.dep_ in ("acomp", "oprd") and verb.pos_ == "ADJ":  # "she's open to travelling": the copula's subject
        return subject_token(head, depth + 1)
    if verb.dep_ == "relcl":
        return head
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        # "Peru, dismissing Chilean claims"; "issued a declaration demanding that ...": the issuer
        if head.pos_ == "NOUN" and head.dep_ in ("dobj", "attr") and head.head != head and not head.ent_type_:
            governor = subject_token(head.head, depth + 1)
            if governor is not None:
                return governor
        return head
    if verb.dep_ == "acl" and _is_infinitive(verb):
        # "the decision to put troops on alert" (the decision's owner), "it has no intention to strike" (the
        # subject of the verb the noun hangs from).
        if any(c.dep_ in ("poss", "compound", "amod") for c in kids(head)):
            return head
        if head.dep_ in ("dobj", "attr", "pobj", "nsubj") and head.head != head:
            governor = head.head if head.dep_ != "pobj" else head.head.head
            return subject_token(governor, depth + 1) if head.dep_ != "nsubj" else head
        return head
    return None


NOUN_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "CCONJ"})


def _surface_subject(verb: Token) -> Token | None:
    """The noun phrase right before a coordinated verb, after ", and": in "..., frigates headed out for drills in
    the Pacific, and Russian fighter jets and commandos arrived in Pakistan" the parser hangs the jets on "the
    Pacific"; the words still make them the subject of "arrived"."""
    doc = verb.doc
    i = verb.i - 1
    words = []
    while i >= 0 and verb.i - i <= 8 and doc[i].pos_ in NOUN_PHRASE_POS and doc[i].lower_ not in (",",):
        words.append(doc[i])
        i -= 1
    while words and words[-1].pos_ == "CCONJ":  # the ", and" before the phrase is not part of it
        words.pop()
        i += 1
    if not words or not any(w.pos_ in ("NOUN", "PROPN") for w in words) or i < 0:
        return None
    if not (doc[i].lower_ in ("and", ",") or doc[i].pos_ == "CCONJ") or i + 1 > verb.i - 1:
        return None
    heads = [w for w in words if w.pos_ in ("NOUN", "PROPN") and w.dep_ not in ("compound", "poss")]
    if not heads or any(w.head == verb.head and w.dep_ in ("dobj", "nsubj", "attr") for w in heads):
        return None
    return min(heads, key=lambda w: w.i)  # the first head: its conjuncts follow ("jets and paratroopers")


def conj_head(verb: Token) -> Token:
    """The verb a coordinated verb goes with. The parser hangs some on the main verb ("The proposals include
    talks, as long as Chile pulls back its ships and promises to halt"); a finite verb that cannot agree with that
    verb's subject goes with the nearest verb before it whose subject it agrees with ("Chile ... promises")."""
    head = verb.head
    if verb.dep_ != "conj" or verb.tag_ not in ("VBZ", "VBP") or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in kids(verb)):
        return head
    inherited = next((c for c in kids(head) if c.dep_ in ("nsubj", "nsubjpass")), None)
    if inherited is None or not disagrees(verb, inherited):
        return head
    doc = verb.doc
    for i in range(verb.i - 1, max(head.i, verb.i - MAX_PHRASE), -1):
        candidate = doc[i]
        if candidate.pos_ in ("VERB", "AUX") and candidate.tag_ in ("VBZ", "VBD", "VBP"):
            subject = next((c for c in kids(candidate) if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and not disagrees(verb, subject):
                return candidate
    return head


SINGULAR_FORMS = frozenset({"has", "is", "was", "does"})
PLURAL_FORMS = frozenset({"have", "are", "were", "do"})


def disagrees(verb: Token, subject: Token) -> bool:
    """A finite verb whose number cannot go with the subject: "has refused" after "the forces"."""
    finite = next((c for c in kids(verb) if c.dep_ in ("aux", "auxpass") and c.lower_ in SINGULAR_FORMS | PLURAL_FORMS),
                  verb)
    word = finite.lower_
    singular_verb = word in SINGULAR_FORMS or finite.tag_ == "VBZ"
    plural_verb = word in PLURAL_FORMS
    plural_subject = subject.tag_ in ("NNS", "NNPS") or subject.lower_ in ("they", "we") or any(
        c.dep_ == "conj" for c in kids(subject))
    singular_subject = subject.tag_ in ("NN", "NNP") and not plural_subject
    return (singular_verb and plural_subject) or (plural_verb and singular_subject)


def surface_coordination(subject: Token, index: Mentions, sent_start: int) -> list[Token]:
    """Actors coordinated with a subject in the words but not in the parse: the small model often splits
    "after Canada and the EU refused" or "envoys from Chile, Peru, Spain, and Italy met". Walking left
    over "X, Y and" from the subject picks up the actor words the parse attached elsewhere."""
    found: list[Token] = []
    doc = subject.doc
    i = subject.left_edge.i - 1
    if i < sent_start or doc[i].lower_ not in ("and", "or"):
        return found  # a comma alone ends an opening phrase ("Along with Canada and Mexico, Chile held")
    while i >= sent_start and doc[i].lower_ in ("and", "or", ",") and len(found) < 8:  # a list, not a run-on
        i -= 1
        while i >= sent_start and doc[i].lower_ in ("and", "or", ","):
            i -= 1
        if i < sent_start:
            break
        mention = index.at(doc[i])
        if mention is None or mention.actor is None or doc[i].dep_ not in ("pobj", "conj", "appos", "dobj", "nsubj"):
            break
        found.append(doc[i])
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        i = (span.start if span is not None else i) - 1
        while i >= sent_start and doc[i].pos_ == "DET":
            i -= 1
    return found


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(verb)) or verb.tag_ == "VB"


def speaker_for(token: Token, quote: Quote | None, speech_subject: Token | None, index: Mentions) -> str | None:
    """The actor a first-person or unresolved third-person pronoun stands for: the quote's speaker ("we will
    defend ..." said Marenko), or the subject of the verb of saying ("Russia said it would ...")."""
    word = token.lower_
    if word in FIRST_PERSON:
        if quote is not None and quote.speaker:
            return quote.speaker
        if speech_subject is not None:
            return index.actor_at(speech_subject)
    if word in THIRD_PERSON and speech_subject is not None:
        return index.actor_at(speech_subject)
    return None


def place_of(tokens: Iterable[Token], index: Mentions) -> tuple[str | None, str | None, set[str]]:
    """Where an event happened, from "in/at <place>" under its words (a verb's own phrases; anywhere in an
    event noun's phrase: "a meeting of envoys from Russia ... in Paris"): (the place as written, its ISO code,
    the actor ids of the place mention, which are then not targets)."""
    for token in tokens:
        if token.pos_ in ("NOUN", "PROPN"):
            holders = [t for t in core_tokens(token)] + [t for t in _phrase_tokens(token)]
        else:
            # The verb's own phrases, and those of its object ("evacuate settlements in the Gaza Strip").
            holders = [token] + [o for prep in kids(token) if prep.dep_ == "prep" and prep.lower_ == "of"
                                 for o in kids(prep) if o.dep_ == "pobj"] + \
                [c for c in kids(token) if c.dep_ == "dobj"]
        for holder in holders:
            for obj in prep_objects(holder, PLACE_PREPS):
                nested = [p for prep in kids(obj) if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS
                          for p in kids(prep) if p.dep_ == "pobj"]
                named = [c for c in kids(obj) if c.dep_ == "compound"]  # "in Montenegro province"
                for candidate in (obj, *named, *nested):
                    mention = index.at(candidate)
                    if mention is None or mention.actor is None or mention.actor.startswith(NON_PLACE_PREFIXES):
                        continue
                    # A place: a place name, or a city standing for an organisation ("talks in Brussels"),
                    # not the organisation's own name ("a seat in NATO").
                    if mention.label not in PLACE_LABELS and not (mention.text[:1].isupper() and not mention.text.isupper()):
                        continue
                    return mention.text, index.country_of(mention.actor), {mention.actor}
    return None, None, set()


def _phrase_tokens(noun: Token) -> list[Token]:
    """The words of a noun's phrase, clauses left out, prepositional phrases included (bounded)."""
    found: list[Token] = []
    stack = [noun]
    while stack and len(found) < MAX_PHRASE:
        token = stack.pop()
        found.append(token)
        stack.extend(c for c in kids(token) if c.dep_ not in ("relcl", "acl", "advcl", "appos", "punct"))
    return found
