"""Triggers: the words of a sentence that name a political act, with the lexicon sense that codes them.

A trigger is found in one of these shapes (the lexicon says which words take part):

- a verb of the lexicon, with its particle or preposition where the entry has one ("rejected", "called on",
  "pulled ... out of", "put troops on alert");
- a light verb with an event noun as its object ("held talks", "delivered a written response", "went on
  strike"); the noun names the act, the verb carries subject, tense and negation;
- an event noun as the subject of a verb of occurrence ("the meeting took place", "talks were held",
  "the meeting will last three hours");
- an event noun as the purpose of a movement ("flew to Lithuania for joint exercises");
- an adjective of readiness with an act as complement ("ready to give up on negotiation", "open to talks");
- a meeting noun as the setting of what its doers did ("at parallel talks in Rome, the envoys agreed ...",
  "during a phone conversation with X, Trudeau warned ...": the talks and the conversation took place).

Frames: a trigger whose sense has a frame (promise, appeal, demand, refusal, threat) takes the act it is about
as complement ("agreed to release", "threatened to break relations", "rejected calls for aid"); the pair is one
event whose code comes from frames.tsv, and the complement is not coded again on its own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitroom.docviews import views
from sitroom.events import plover
from sitroom.events.lexicon import Entry, Lexicon, Sense
from sitroom.events.roles import conjuncts, kids, small_clause_participle

PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dobj", "npadvmod", "acomp", "oprd", "dative", "agent"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
COMPLEMENT_PREPS = frozenset({"for", "to", "on", "of", "against", "about", "into", "in"})
LIGHT_PREPS = frozenset({"in", "on", "into", "under"})  # "engaged in talks", "went on strike", "put under investigation"
SETTING_PREPS = frozenset({"in", "during", "at"})


@dataclass(slots=True)
class Trigger:
    anchor: Token  # the verb (or adjective) whose clause gives subject, tense, negation and date
    head: Token  # the word that names the act: the verb itself, or the event noun
    first: int  # token index of the first trigger word
    last: int  # token index of the last trigger word
    sense: Sense
    cameo: str  # the code after modifiers, light verbs and frames
    kind: str  # verb | light | occurrence | movement | adjective | setting | noun
    complement: Token | None = None  # where the act a frame is about stands
    act: "Trigger | None" = None  # the complement's own trigger (or a bare noun act), absorbed into this one

    @property
    def is_noun(self) -> bool:
        return self.head.i != self.anchor.i


class Triggers:
    """A sentence's triggers, found by the word that names the act or by the verb that carries it."""

    def __init__(self, items: list[Trigger]) -> None:
        self.items = items
        self.by_head = {t.head.i: t for t in items}
        self.by_anchor: dict[int, Trigger] = {}
        for trigger in items:
            if trigger.kind != "setting":
                self.by_anchor.setdefault(trigger.anchor.i, trigger)

    def named_at(self, token: Token) -> Trigger | None:
        return self.by_anchor.get(token.i) or self.by_head.get(token.i)


class Finder:
    """Trigger finding for one sentence; the lexicon and the hyphenated words are looked up once."""

    def __init__(self, lexicon: Lexicon, sent: Span, names_actor: Callable[[Token], bool]) -> None:
        self.lex = lexicon
        self.sent = sent
        self.names_actor = names_actor  # does this phrase name a known actor (roles.phrase_party)
        self.joined: dict[int, tuple[str, int]] = _hyphenated(sent)  # head token -> (joined lemma, first token)

    # ---- lookups -------------------------------------------------------------------------------------

    def lemma(self, token: Token) -> str:
        joined = self.joined.get(token.i)
        return joined[0] if joined else token.lemma_.lower()

    def first_index(self, token: Token) -> int:
        joined = self.joined.get(token.i)
        return joined[1] if joined else token.i

    def modifiers(self, noun: Token) -> set[str]:
        words = set()
        for child in kids(noun):
            if child.dep_ in MODIFIER_DEPS:
                words.add(child.lemma_.lower())
                words.add(child.lower_)
        if noun.i in self.joined:
            words.add(self.sent.doc[self.joined[noun.i][1]].lower_)
        return words

    def verb_sense(self, verb: Token) -> tuple[Entry, Sense, Token | None] | None:
        """The first sense of the verb's entries whose particles and conditions hold, with the object the
        conditions looked at."""
        entries = self.lex.verbs.get(self.lemma(verb))
        if not entries:
            return None
        particles = _particles(verb)
        for entry in entries:
            if not all(word in particles for word in entry.extra):
                continue
            obj = _object(verb, entry.extra)
            for sense in entry.senses:
                if self._applies(verb, sense, obj):
                    return None if sense.ignore else (entry, sense, obj)
        return None

    def _applies(self, verb: Token, sense: Sense, obj: Token | None) -> bool:
        if sense.objects is not None:
            if obj is None or not (_object_words(obj) & sense.objects):
                return False
        if sense.needs == "object" and obj is None:
            return False
        if sense.needs == "intransitive" and any(c.dep_ == "dobj" for c in kids(verb)):
            return False
        if sense.needs == "actor-object" and obj is not None and not self.names_actor(obj):
            return False
        if sense.needs == "clause" and not any(c.dep_ in ("ccomp", "parataxis") for c in kids(verb)) \
                and verb.dep_ != "parataxis":
            return False
        if sense.needs == "addressee":
            if obj is not None and self.names_actor(obj):
                return True
            return any(c.dep_ in ("ccomp", "xcomp") and any(g.dep_ in ("nsubj", "nsubjpass") for g in kids(c))
                       for c in kids(verb))
        return True

    def event_noun(self, token: Token) -> Token:
        """The noun that names the act: "a series of drills" -> drills."""
        if token.lemma_.lower() in self.lex.quantity_nouns and self.noun_sense_plain(token) is None:
            for prep in kids(token):
                if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):  # "tons of aid", "$5 million in aid"
                    for obj in kids(prep):
                        if obj.dep_ == "pobj":
                            return obj
        return token

    def noun_sense_plain(self, noun: Token) -> Entry | None:
        entries = self.lex.nouns.get(self.lemma(noun))
        return entries[0] if entries else None

    def noun_sense(self, noun: Token, context: str, light: str | None = None) -> tuple[Sense, str] | None:
        """The sense of an event noun in a context (light | occurrence | movement | complement) and its code."""
        if noun.pos_ not in ("NOUN", "PROPN") and not (noun.pos_ == "NUM" and noun.ent_type_ == "MONEY"):
            return None  # (a sum of money, "gave $2 million", is tagged a number)
        if noun.ent_type_ in ("DATE", "TIME"):
            return None  # a month is not an act: "imposed in March" names no march
        entries = self.lex.nouns.get(self.lemma(noun)) or self.lex.nouns.get(noun.lower_)
        if not entries:
            return None
        mods = self.modifiers(noun)
        if context != "light":  # "the deployment of peacekeeping troops": the theme's words count too
            for prep in kids(noun):
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in kids(prep):
                        if obj.dep_ == "pobj":
                            mods |= self.modifiers(obj) | {obj.lemma_.lower()}
        # A singular "talk" is an event when someone travels for it or it is the setting ("for talk on ...").
        plural = noun.tag_ in ("NNS", "NNPS") or noun.lower_.endswith("s") or context in ("movement", "setting")
        for entry in entries:
            if entry.extra and not set(entry.extra) <= mods:
                continue
            for sense in entry.senses:
                if sense.plural and not plural:
                    continue
                if sense.needs in ("light", "listed") and context not in ("light", "complement", "setting"):
                    continue
                if sense.needs == "listed" and (light or "") not in sense.light:
                    continue  # "gave $2 million": money is aid only when given
                if sense.needs == "modifier" and not (mods & sense.requires):
                    continue
                code = sense.light.get(light or "", sense.cameo)
                for word in sorted(mods):
                    if word in sense.modifiers:
                        code = sense.modifiers[word]
                        break
                return sense, code
        return None

    # ---- shapes --------------------------------------------------------------------------------------

    def at(self, token: Token) -> list[Trigger]:
        """The triggers anchored at ``token`` (verbs and adjectives; nouns are reached from them)."""
        found: list[Trigger] = []
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "acomp"):  # "seized territory" describes
            trigger = self._verb(token)
            if trigger is not None:
                found.append(trigger)
            setting = self._setting(token)
            if setting is not None and not (setting.sense.type == "ASSAULT" and trigger is not None
                                            and trigger.sense.type != "ASSAULT"):
                # An attack named beside another kind of act is what the act is about, not where its doers
                # were: "police detained suspects in the bombing" did not bomb.
                found.append(setting)
        elif token.pos_ == "ADJ" or (token.tag_ == "VBN" and token.dep_ == "acomp"):
            if token.dep_ == "amod" and not any(c.dep_ in ("prep", "xcomp") for c in kids(token)):
                return found  # "an open door": attributive, no act named
            trigger = self._adjective(token)
            if trigger is not None:
                found.append(trigger)
        return found

    def _verb(self, verb: Token) -> Trigger | None:
        found = self.verb_sense(verb)
        light = self._light_object(verb)
        if found is not None:
            entry, sense, obj = found
            # A light verb with an event noun as object ("handed over its response") is coded by the noun,
            # unless the verb's own sense asks for that object or takes it as its complement.
            if light is None or sense.frame is not None or sense.objects is not None:
                last = max([verb.i, *(c.i for c in kids(verb) if c.dep_ in ("prt",) or
                                      (c.lower_ in entry.extra and c.dep_ in PARTICLE_DEPS))])
                if sense.objects is not None and obj is not None and obj.i > verb.i:
                    last = max(last, obj.i)
                return Trigger(verb, verb, self.first_index(verb), last, sense, sense.cameo, "verb")
        if light is not None:
            noun, sense, code = light
            return Trigger(verb, noun, min(verb.i, self.first_index(noun)), max(verb.i, noun.i), sense, code, "light")
        occurrence = self._occurrence(verb)
        if occurrence is not None:
            return occurrence
        return self._movement(verb)

    def _light_object(self, verb: Token) -> tuple[Token, Sense, str] | None:
        lemma = self.lemma(verb)
        if lemma not in self.lex.light_verbs:
            return None
        objects = [self.event_noun(c) for c in kids(verb) if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ == "NOUN":
            objects.append(verb.head)  # "the letter handed over in Ankara by the ambassador"
        if any(c.dep_ == "agent" for c in kids(verb)):
            # "the contents of the dossier presented ... by the ambassador", parsed as the subject of "presented"
            for subject in (c for c in kids(verb) if c.dep_ == "nsubj"):
                objects.append(subject)
                objects.extend(o for p in kids(subject) if p.dep_ == "prep" and p.lower_ == "of"
                               for o in kids(p) if o.dep_ == "pobj")
        if not objects or any(o.lemma_ == "part" for o in objects):
            objects += [self.event_noun(o) for p in kids(verb) if p.dep_ == "prep" and p.lower_ in LIGHT_PREPS
                        for o in kids(p) if o.dep_ == "pobj"]
        elif all(self.names_actor(o) for o in objects):
            # "provided Egypt with $50 billion in military assistance": the recipient is the object
            objects += [self.event_noun(o) for p in kids(verb) if p.dep_ == "prep" and p.lower_ == "with"
                        for o in kids(p) if o.dep_ == "pobj"]
        for obj in objects:
            for candidate in conjuncts(obj):  # "aircraft, vehicles, weapons and other equipment"
                found = self.noun_sense(candidate, "light", lemma)
                if found is not None:
                    return candidate, *found
        return None

    def _occurrence(self, verb: Token) -> Trigger | None:
        lemma = self.lemma(verb)
        if lemma not in self.lex.occurrence_verbs | self.lex.outcome_verbs:
            return None
        if lemma == "take" and not any(c.lemma_ == "place" for c in kids(verb)):
            return None
        for child in kids(verb):
            if child.dep_ in ("nsubj", "nsubjpass"):
                child = self.event_noun(child)
                found = self.noun_sense(child, "occurrence")
                if found is not None:
                    sense, code = found
                    return Trigger(verb, child, self.first_index(child), child.i, sense, code, "occurrence")
        return None

    def _movement(self, verb: Token) -> Trigger | None:
        if self.lemma(verb) not in self.lex.movement_verbs:
            return None
        for prep in kids(verb):
            if prep.dep_ == "prep" and prep.lower_ in ("for", "to", "on"):  # "for talks", "on a visit"
                for obj in kids(prep):
                    if obj.dep_ == "pobj":
                        found = self.noun_sense(obj, "movement")
                        if found is not None:
                            sense, code = found
                            return Trigger(verb, obj, self.first_index(obj), obj.i, sense, code, "movement")
        return None

    def _setting(self, verb: Token) -> Trigger | None:
        """A meeting the verb's doers were at: "At parallel talks in Rome, the envoys agreed ..."."""
        subjects = [c for c in kids(verb) if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return None
        named = any(self.names_actor(c) for c in subjects)
        for prep in kids(verb):
            if prep.dep_ == "prep" and prep.lower_ in SETTING_PREPS:
                for obj in kids(prep):
                    if obj.dep_ != "pobj":
                        continue
                    obj = self.event_noun(obj)
                    found = self.noun_sense(obj, "setting")
                    if found is not None and found[0].type in ("CONSULT", "PROTEST", "ASSAULT") and (
                            named or found[0].type == "ASSAULT"):  # "died in fighting between X and Y"
                        sense, code = found
                        return Trigger(verb, obj, self.first_index(obj), obj.i, sense, code, "setting")
        return None

    def _adjective(self, adjective: Token) -> Trigger | None:
        entries = self.lex.adjectives.get(adjective.lemma_.lower()) or self.lex.adjectives.get(adjective.lower_)
        if not entries:
            return None
        sense = entries[0].senses[0]
        return Trigger(adjective, adjective, adjective.i, adjective.i, sense, sense.cameo, "adjective")

    # ---- frames --------------------------------------------------------------------------------------

    def complement(self, trigger: Trigger, triggers: "Triggers") -> tuple[Token | None, Trigger | None]:
        """Where the act a frame trigger is about stands, and that act as a trigger (its own, or one made
        for a bare event noun such as the object of "demanded the withdrawal")."""
        word = trigger.head if trigger.is_noun else trigger.anchor
        candidates = _complement_candidates(word, trigger.is_noun)
        if trigger.kind == "light":  # "reiterated its demand today that Israel ease": the clause hangs on the verb
            candidates += [c for c in kids(trigger.anchor) if c.dep_ == "ccomp" and c.i > word.i and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in kids(c))]
        for token in candidates:
            if trigger.sense.objects is not None and token.dep_ in ("dobj", "nsubjpass"):
                # "reached an agreement": the object is the act itself; "a consensus to exchange" has an act
                token = next((c for c in kids(token) if c.dep_ in ("acl", "relcl") and _infinitive(c)), None)
                if token is None:
                    continue
            # "prepared to listen ... and take part in genuine dialogue": a coordinated act counts too.
            for candidate in (token, *[c for c in kids(token) if c.dep_ == "conj" and c.pos_ in ("VERB", "NOUN")]):
                act = self.act_at(candidate, triggers)
                if act is not None:
                    return token, act
        # A clause with no act is still a complement ("warned that ...", "asked not to be named").
        for child in kids(word):
            if child.dep_ in ("xcomp", "ccomp") or (child.dep_ in ("advcl", "acl") and _infinitive(child)):
                return child, None
        return None, None

    def act_at(self, token: Token, triggers: "Triggers", depth: int = 0) -> Trigger | None:
        """The act named at ``token``: its own trigger, a transparent verb's complement ("decided to
        withdraw"), or an event noun ("the withdrawal")."""
        if depth > 3:
            return None
        own = triggers.named_at(token)
        if own is not None:
            return own
        if token.pos_ == "AUX" or token.lemma_ == "be":  # "it is ready to give up on negotiation"
            for child in kids(token):
                if child.dep_ in ("acomp", "attr"):
                    own = triggers.named_at(child)
                    if own is not None:
                        return own
        token = self.event_noun(token)
        if token.pos_ in ("VERB", "AUX") and self.lemma(token) in self.lex.transparent:
            for child in kids(token):
                if child.dep_ in ("xcomp", "ccomp"):
                    return self.act_at(child, triggers, depth + 1)
        if token.pos_ == "NOUN" and self.lemma(token) in self.lex.transparent_nouns:
            for child in kids(token):
                if child.dep_ == "acl" or (child.dep_ == "prep" and child.lower_ == "of"):
                    inner = child if child.dep_ == "acl" else next((o for o in kids(child) if o.dep_ in ("pobj", "pcomp")), None)
                    if inner is not None:
                        return self.act_at(inner, triggers, depth + 1)
        found = self.noun_sense(token, "complement")
        if found is not None:
            sense, code = found
            noun_trigger = Trigger(token, token, self.first_index(token), token.i, sense, code, "noun")
            if sense.frame is not None:  # "rejected calls for aid": the calls are about aid
                where, inner = self.complement(noun_trigger, triggers)
                noun_trigger.complement, noun_trigger.act = where, inner
            return noun_trigger
        return None


def frame_code(trigger: Trigger) -> str:
    """The code of a frame trigger given its act: a promise to release (0353), a threat to break relations
    (1313). An act that is itself of the frame's kind keeps its code ("warned it is prepared to walk away from talks"
    is the threat of the readiness)."""
    frame = trigger.sense.frame
    if frame is None:
        return trigger.cameo
    act = trigger.act
    if act is None:
        return trigger.cameo
    inner = act.act.cameo if act.act is not None and act.sense.frame is not None else None
    code = act.cameo
    if frame == "threaten" and code.startswith("13"):
        return code
    if any(c.dep_ == "neg" for c in kids(act.anchor)):
        # A promise or demand not to use force is about de-escalation ("a pledge not to station
        # rockets", "demanded that the EU not enlarge"); a promise not to cooperate is a refusal.
        force = int(code[:2]) >= 14
        if frame == "intent":
            return "0356" if force else plover.frame_code("reject", code)
        if frame in ("appeal", "demand"):
            return plover.frame_code(frame, "087") if force else trigger.cameo
        return trigger.cameo
    if frame == "reject" and act.sense.frame in ("appeal", "demand", "intent"):
        # Rejecting a request or an offer: the refusal is about what was asked or offered.
        return plover.frame_code("reject", inner) if inner else trigger.cameo
    return plover.frame_code(frame, code)


def _complement_candidates(word: Token, noun: bool) -> list[Token]:
    found: list[Token] = []
    for child in kids(word):
        if child.dep_ in ("xcomp", "ccomp", "dobj", "nsubjpass") or (
                child.dep_ in ("advcl", "acl", "relcl") and _infinitive(child)):
            found.append(child)
        elif noun and child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in kids(child)):
            found.append(child)  # "its demand that Israel ease restrictions"
        elif child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS:
            found.extend(o for o in kids(child) if o.dep_ in ("pobj", "pcomp"))
        elif child.dep_ == "prt":
            for prep in kids(child):
                if prep.dep_ == "prep":
                    found.extend(o for o in kids(prep) if o.dep_ in ("pobj", "pcomp"))
    if not noun:
        # "called on Arabs to unite": the infinitive may hang from the addressee.
        for child in kids(word):
            if child.dep_ in ("dobj", "pobj") or (child.dep_ == "prep" and child.lower_ in ("on", "upon")):
                holders = [child] if child.dep_ != "prep" else [o for o in kids(child) if o.dep_ == "pobj"]
                for holder in holders:
                    found.extend(c for c in kids(holder) if c.dep_ in ("acl", "relcl") and _infinitive(c))
    return found


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(verb))


def _particles(verb: Token) -> set[str]:
    words = set()
    for child in kids(verb):
        if child.dep_ in PARTICLE_DEPS:
            words.add(child.lower_)
            words.add(child.lemma_.lower())
            if child.dep_ == "prt":
                words.update(g.lower_ for g in kids(child) if g.dep_ == "prep")
    return words


def _object(verb: Token, extra: tuple[str, ...]) -> Token | None:
    """The object a sense's conditions look at: the object of the entry's last preposition ("put ... on
    alert" -> alert), else the direct object (the subject of a passive)."""
    if extra:
        for child in kids(verb):
            if child.dep_ == "prep" and child.lower_ == extra[-1]:
                objects = [o for o in kids(child) if o.dep_ == "pobj"]
                if objects:
                    if objects[0].lower_ in ("which", "whom", "that") and verb.dep_ == "relcl":
                        return verb.head  # "the accord, from which Japan has withdrawn"
                    return objects[0]
    for child in kids(verb):
        if child.dep_ in ("dobj", "nsubjpass"):
            if child.lower_ in ("that", "which", "whom") and verb.dep_ == "relcl":
                return verb.head  # "the drafts that Russia released": the drafts
            return child
    if verb.dep_ == "relcl" and verb.head.pos_ == "NOUN" and any(
            c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who") for c in kids(verb)):
        if not any(c.dep_ == "prep" for c in kids(verb)):
            return verb.head  # the object gap of a relative clause
    if small_clause_participle(verb) or (verb.tag_ == "VBN" and verb.dep_ in ("ccomp", "oprd", "xcomp")):
        subject = next((c for c in kids(verb) if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject  # "didn't see its demands met": the demands are what is met
    for child in kids(verb):
        if child.dep_ == "prt":
            for prep in kids(child):
                if prep.dep_ == "prep":
                    objects = [o for o in kids(prep) if o.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    return None


def _object_words(obj: Token) -> set[str]:
    """The words an object condition may match: the object, its coordinated objects, its compound
    modifiers and the object of its "of" ("state of emergency")."""
    words = {obj.lemma_.lower(), obj.lower_}
    for child in kids(obj):
        if child.dep_ in ("conj", "compound"):  # "its envoys and their families", "peacekeeping force"
            words.update((child.lemma_.lower(), child.lower_))
        elif child.dep_ == "prep" and child.lower_ == "of":
            words.update(o.lemma_.lower() for o in kids(child) if o.dep_ == "pobj")
    return words


def _hyphenated(sent: Span) -> dict[int, tuple[str, int]]:
    """Words the tokenizer splits at a hyphen ("build-up", "cease-fire", "de-escalate"): the head token of
    each, with the joined form (last part lemmatised) and the first token."""
    tokens = views(sent.doc).tokens
    joined = {}
    hyphens = views(sent.doc).hyphens
    for i in hyphens[bisect_left(hyphens, sent.start):bisect_left(hyphens, sent.end)]:
        token = tokens[i]
        if token.i == sent.start or token.i + 1 >= sent.end:
            continue
        left, right = tokens[token.i - 1], tokens[token.i + 1]
        if left.whitespace_ or token.whitespace_ or not left.is_alpha or not right.is_alpha:
            continue
        head = left if right.head == left or right.head == token else right
        joined[head.i] = (f"{left.lower_}-{right.lemma_.lower()}", left.i)
    return joined
