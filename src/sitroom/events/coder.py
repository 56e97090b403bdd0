"""The events stage: from each sentence, the political events it reports, coded in PLOVER and CAMEO.

``code_events`` is pure (no store, no global state beyond the lexicon read once per process). Per sentence:

1. triggers: the words that name acts (``triggers.py``): verbs, light verb + noun, event nouns that take
   place, adjectives of readiness; frames absorb the act they are about ("threatened to break relations");
2. roles: source, target and place from the parse and the actors stage's mentions (``roles.py``);
3. clause: negation, future, condition, quote or verb of saying (``modality.py``);
4. coding rules that need all three (the README's "coding rules"):
   - an act of force announced for the future by its own side, or under a condition, is a threat: "Moscow
     will take retaliatory measures if the West continues" is THREATEN (conditional), not COERCE;
   - a cooperative act so announced is a promise: "the rebels said they would release him" is AGREE;
   - a cooperative act its own side says it will not do is a refusal: "we won't compromise" is REJECT;
   - "X said Y must/should ..." is X's demand on Y (REQUEST);
   - events inside a quote or reported by a verb of saying carry ``claimed_by``, the speaker's actor;
5. the date from the time expression attached to the clause, else the publication date; a confidence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from sitroom.events import lexicon as lexicon_module
from sitroom.events import plover
from sitroom.events.lexicon import Lexicon
from sitroom.events.modality import CONDITION_MARKS, DEONTIC_AUX, Clause, Quotes, analyse
from sitroom.events.roles import (FIRST_PERSON, THIRD_PERSON, Mentions, Party, controller, is_passive, kids, owner_party,
                                  phrase_party, phrase_span, place_of, prep_objects, speaker_for, subject_token,
                                  surface_coordination)
from sitroom.events.triggers import Finder, Trigger, Triggers, frame_code
from sitroom.records import Actor, Event, Mention, Quote, Timex, content_hash, stable_id
from sitroom.time import date_for_clause

log = logging.getLogger(__name__)

GOVERNMENT_SECTORS = frozenset({"GOV", "MIL", "DIP", "LEG", "SPY", "JUD"})
DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?")
LONG_SENTENCE, VERY_LONG_SENTENCE = 60, 150  # tokens


class _Document:
    """What every sentence of one document shares: mentions by token, quotes by offset, time expressions."""

    def __init__(self, article_id: str | None, text: str, doc: Doc, mentions: list[Mention], quotes: list[Quote],
                 timexes: list[Timex], published: str | None, actors: dict[str, Actor] | None) -> None:
        self.article = article_id
        self.text = text  # Doc.text rebuilds the whole text on each call: slice this instead
        # Event ids: the article's id, or for a text coded on its own (`sitroom code`) the text's hash.
        self.id_base = article_id or content_hash(text)[:16]
        self.lex: Lexicon = lexicon_module.load()
        self.index = Mentions(doc, mentions, actors)
        self.quotes = Quotes(quotes)
        self.timexes = sorted(timexes, key=lambda t: t.start)
        self.timex_starts = [t.start for t in self.timexes]
        self.published = published
        # The doers of the last sentence's events: an unresolved "they" at the start of the next sentence
        # most often continues them ("... envoys met in Paris. They agreed to meet again").
        self.previous_sources: list[str] = []
        self.sentence_sources: list[str] = []  # the doers of this sentence's events so far
        # The sentence being coded and its root, found once: Token.sent and Span.root scan the sentence.
        self.sent: Span | None = None
        self.root: Token | None = None

    def timexes_in(self, sent: Span) -> list[Timex]:
        import bisect

        lo = bisect.bisect_left(self.timex_starts, sent.start_char)
        hi = bisect.bisect_left(self.timex_starts, sent.end_char)
        return self.timexes[lo:hi]


def code_events(article_id: str | None, text: str, doc: Doc, mentions: list[Mention], quotes: list[Quote],
                timexes: list[Timex], published: str | None, actors: dict[str, Actor] | None = None) -> list[Event]:
    """The events the text reports, in text order. ``doc`` is the parse of ``text``; mentions, quotes and
    timexes are the other stages' records for it; ``published`` (YYYY-MM-DD) dates events the text leaves
    undated; ``actors`` (by id) gives places their country. Never raises: a sentence the rules cannot
    handle gives no events."""
    try:
        context = _Document(article_id, text, doc, mentions, quotes, timexes, published, actors)
    except Exception:  # a stage never raises; a broken input gives no events
        log.debug("events: could not index the document", exc_info=True)
        return []
    events: list[Event] = []
    for sent in doc.sents:
        try:
            found = _code_sentence(sent, context)
        except Exception:
            log.debug("events: sentence at %d skipped", sent.start_char, exc_info=True)
            found = []
        events.extend(found)
        with_source = [e for e in found if e.source]
        if with_source:
            context.previous_sources = list(with_source[0].source)
        elif "\n" in text[sent.start_char:sent.end_char + 2]:
            context.previous_sources = []  # a new paragraph starts afresh
    return events


def _code_sentence(sent: Span, context: _Document) -> list[Event]:
    context.sent, context.root = sent, sent.root
    finder = Finder(context.lex, sent, lambda token: bool(phrase_party(token, context.index).actors)
                    or token.lower_ in FIRST_PERSON | THIRD_PERSON | {"him", "her", "he", "she"})
    found: list[Trigger] = []
    for token in sent:
        found.extend(finder.at(token))
    if not found:
        return _spoken_demands(sent, Triggers([]), context)
    triggers = Triggers(found)
    depth = _depths(sent)
    absorbed: set[int] = set()  # ids of triggers that are part of another event
    dropped: set[int] = set()
    for trigger in sorted(found, key=lambda t: -depth.get(t.anchor.i, 0)):  # inner frames first
        if trigger.kind == "adjective" and trigger.anchor.dep_ in ("oprd", "acomp", "amod", "ccomp") and any(
                triggers.by_anchor.get(h.i) not in (None, trigger) and triggers.by_anchor[h.i].kind != "adjective"
                for h in (trigger.anchor.head, trigger.anchor.head.head)):
            absorbed.add(id(trigger))  # "leaving the door open": the verb's event already says it
            continue
        if trigger.sense.frame is None:
            if trigger.sense.needs == "complement":
                dropped.add(id(trigger))
            continue
        where, act = finder.complement(trigger, triggers)
        if act is not None and not _frame_holds(trigger, act, context):
            act = None
        trigger.complement, trigger.act = where, act
        if act is not None:
            trigger.cameo = frame_code(trigger)
            # What a frame is about is part of it: the act, the acts coordinated with it and the acts in its
            # clause ("demanding that NATO reduce its presence, including ending all cooperation").
            scope = _subtree_span(where) if where is not None else None
            for other in found:
                if other is trigger:
                    continue
                if other is act or (scope is not None and scope[0] <= other.anchor.i <= scope[1]
                                    and other.anchor != trigger.anchor and not _separate(other.anchor, where)):
                    absorbed.add(id(other))
        elif trigger.sense.needs == "complement" and not _addressee(trigger, context) and not (
                trigger.sense.frame == "intent" and where is not None and where.pos_ in ("VERB", "AUX")):
            dropped.add(id(trigger))  # "promised to democratize": a promise, whatever the lexicon knows of the act
    events = []
    seen: set[tuple[int, int, str]] = set()
    context.sentence_sources = []
    for trigger in sorted(found, key=lambda t: (t.first, t.last)):
        if id(trigger) in absorbed or id(trigger) in dropped:
            continue
        event = _event(trigger, sent, context)
        if event is None:
            continue
        if event.source and not context.sentence_sources:
            context.sentence_sources = list(event.source)
        signature = (event.trigger[0], event.trigger[1], event.type)
        if signature not in seen:
            seen.add(signature)
            events.append(event)
    events.extend(_spoken_demands(sent, triggers, context))
    return _borrow_purpose_targets(events)


def _borrow_purpose_targets(events: list[Event]) -> list[Event]:
    """A protest names whom it is against through its purpose ("demonstrated ... calling for independence
    from Iraq", "staged demonstrations to demand reforms by Suharto's government"): a protest with no target
    takes that of a demand, accusation or protest by the same doers in the sentence."""
    from dataclasses import replace

    found = []
    for event in events:
        if event.type == "PROTEST" and not event.target:
            donor = next((e for e in events if e is not event and e.target and e.type in ("REQUEST", "ACCUSE", "PROTEST", "REJECT")
                          and ((set(e.source) & set(event.source)) or
                               (not e.source and not event.source and e.source_unresolved == event.source_unresolved))), None)
            if donor is not None:
                event = replace(event, target=list(donor.target), target_spans=list(donor.target_spans),
                                target_unresolved=[])
        found.append(event)
    return found


def _evidence(text: str, sent: Span, offset: int) -> tuple[int, int]:
    """The evidence sentence: the parser's sentence, cut at line breaks (a paragraph break always ends a
    sentence, though the parser sometimes runs on across one), trimmed of surrounding space."""
    start, end = sent.start_char, sent.end_char
    before = text.rfind("\n", start, offset)
    after = text.find("\n", offset, end)
    start = before + 1 if before >= 0 else start
    end = after if after >= 0 else end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _subtree_span(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


TIME_WORDS = frozenset({"after", "before", "since", "following", "during", "while", "when", "until", "amid", "despite"})


def _separate(token: Token, scope_head: Token) -> bool:
    """An act hanging from the frame's clause by a phrase of time ("open to visiting Russia ... after speaking
    with Putin", "offered to host weapons after being sanctioned") happened on its own."""
    while token != scope_head and token.head != token:
        if token.lower_ in TIME_WORDS and token.dep_ in ("prep", "mark"):
            return True
        if any(c.dep_ == "mark" and c.lower_ in TIME_WORDS for c in kids(token)):
            return True
        token = token.head
    return False


def _frame_holds(trigger: Trigger, act: Trigger, context: _Document) -> bool:
    """A warning or threat is about the speaker's own act ("warned that Moscow would retaliate"); a warning
    about what someone else may do ("warned that Russia may invade") is a statement, and the act it reports
    is coded on its own as the speaker's claim."""
    if trigger.sense.frame != "threaten":
        return True
    if not act.cameo.startswith("13") and int(act.cameo[:2]) < 14 and not act.cameo.startswith("16"):
        return False
    speaker = _source(trigger, context).actors
    doer = _source(act, context).actors
    return not doer or not speaker or _same_side(speaker, doer, context.index)


def _addressee(trigger: Trigger, context: _Document) -> bool:
    """"urged Russia to ...", "warned Russia": an actor addressed counts as the frame's complement."""
    for child in kids(trigger.anchor):
        if child.dep_ in ("dobj", "dative") and phrase_party(child, context.index, owners=False).actors:
            return True
    return False


def _event(trigger: Trigger, sent: Span, context: _Document) -> Event | None:
    index, lex = context.index, context.lex
    clause_word = trigger.anchor
    if trigger.kind == "adjective" and trigger.anchor.dep_ in ("acomp", "oprd") and trigger.anchor.head != trigger.anchor:
        clause_word = trigger.anchor.head  # "is ready to": the copula carries tense and negation
    negatable = not (trigger.kind == "occurrence" and trigger.anchor.lemma_.lower() in lex.outcome_verbs) \
        and trigger.kind != "setting"
    clause = analyse(clause_word, trigger.head if trigger.is_noun else None, lex, negatable)
    quote = context.quotes.around(trigger.head.idx)
    source = _source(trigger, context, clause, quote)
    target = _target(trigger, context, clause)
    if not target.actors:
        for token in target.tokens:  # "we were promised an answer", said Lavrov: Lavrov is the target
            if token.lower_ in FIRST_PERSON:
                actors = _pronoun_actors(token, clause, quote, context)
                target.add(Party(actors, [[token.idx, token.idx + len(token.text)]] * len(actors), [], []))
    if trigger.kind == "light" and trigger.anchor.lemma_.lower() in lex.receiving_verbs and not trigger.cameo.startswith("086"):
        # "the Kremlin received written responses from Washington": Washington responded to the Kremlin.
        givers = Party()
        holders = [trigger.anchor, trigger.head] + [o for p in kids(trigger.head) if p.dep_ == "prep"
                                                    for o in kids(p) if o.dep_ == "pobj"]
        for holder in holders:
            for obj in prep_objects(holder, ("from",)):
                givers.add(phrase_party(obj, index))
        source, target = givers, source
        inverted = True
    else:
        inverted = False
    place, place_country, place_actors = place_of(_place_words(trigger), index)
    target = target.without(source.actors)
    if not target.actors and place_actors and trigger.sense.type not in ("CONSULT",) and not trigger.cameo.startswith("036") \
            and not place_actors & set(source.actors):
        # Where no one else is named, an act done in a country is done to it ("lifted a curfew in
        # Montenegro", "evacuate settlements in the Gaza Strip", "dispatched inspectors to ... Iran").
        # The words: the object that holds the place ("killed 75 people in eastern Syria"), else the place.
        place_span = target.unresolved[0] if target.unresolved else _place_span(place, sent)
        target = Party(sorted(place_actors), [place_span] * len(place_actors), [], [])
    evidence = _evidence(context.text, sent, trigger.head.idx)
    if quote is not None and not (evidence[0] <= quote.start < evidence[1] or quote.start <= evidence[0] < quote.end):
        quote = None
    if clause.speech is not None and not evidence[0] <= clause.speech.idx < evidence[1]:
        # A claim does not run on across a paragraph break the parser ran over.
        clause.speech = clause.speech_subject = None
    claimant = _claimant(clause, quote, index, [clause_word, context.root])
    cameo, negated = trigger.cameo, clause.negated
    modality = clause.modality(quote is not None or claimant is not None)

    # Coding rules that need the clause and the actors together (module docstring, point 4).
    root = int(cameo[:2])
    if not source.actors and claimant is not None and not inverted and (
            _names_speaker(trigger, lex) or _unsaid_doer(trigger, claimant, index)):
        source = Party([claimant], [_claimant_span(clause, quote, sent)], [], [])
    own_claim = claimant is not None and bool(source.actors) and _same_side([claimant], source.actors, index)
    force = root == 14 or root >= 16
    if clause.deontic and claimant is not None and source.actors and not own_claim:
        cameo = plover.frame_code("demand", cameo)
        target, source = source, Party([claimant], [_claimant_span(clause, quote, sent)], [], [])
        claimant, modality = None, "asserted"
    elif clause.deontic and claimant is None:
        modality = "conditional"  # "NATO forces should be reduced": wanted, not done
    elif clause.posture and (force or root in (15, 19, 20)) and not negated:
        cameo = "150"  # "prepared to resume shelling": readiness for force is a show of force
    elif not negated and root not in (2, 10, 13) and (
            (4 <= root <= 8 and source.actors and trigger.kind not in ("occurrence", "setting") and not clause.imagined
             and ((clause.future and (own_claim or (claimant is None and root != 4)))
                  or clause.has_condition or (clause.conditional and own_claim)))
            or ((force or root == 15) and clause.has_condition)
            or (force and own_claim and (clause.future or clause.conditional))
            or (force and claimant is None and clause.future and not clause.conditional)):
        # Cooperation announced for the future is a promise ("will provide aid", "said they would release");
        # force announced by its own side, or under a condition, is a threat ("will take measures if ...").
        cameo = plover.frame_code("threaten" if force or root == 15 else "intent", cameo)
    elif negated and clause.future and own_claim and 3 <= root <= 8:
        cameo, negated = plover.frame_code("reject", cameo), False  # "we won't compromise"
    if not source.actors and plover_type_of(trigger, cameo) == "PROTEST" and place_actors:
        # Protesters are coded by the country they protest in ("demonstrators in Baghdad").
        source = Party(sorted(place_actors), [_place_span(place, sent)] * len(place_actors), [], [])
    if cameo == "150" and (len({index.country_of(a) for a in source.actors} - {None}) > 1 or target.actors):
        cameo = "062"  # war games held by, or with, several states are military cooperation
    if cameo.startswith("042") and not target.actors and place_actors:
        target = Party(sorted(place_actors), [], [], [])  # "arrived in Amman on a visit": Jordan is visited
        target.spans = [[0, 0]] * len(target.actors)
    if cameo.startswith("13") and not target.actors:
        target = _condition_party(clause_word, index)  # "sanctions if Russia sends troops" -> Russia
        if not target.actors and trigger.act is not None:
            target = _condition_party(trigger.act.anchor, index)
    target = target.without(source.actors)

    if trigger.kind in ("verb", "light", "adjective") and not source and not target.actors:
        return None  # no doer, no one done to: a general remark ("such deals aren't reached quickly")
    code = plover.lookup(cameo)
    if code is None:
        return None
    plover_type = trigger.sense.type if cameo == trigger.sense.cameo else code.type
    if plover_type is None:
        return None
    mode = trigger.sense.mode if cameo == trigger.sense.cameo else code.mode
    date, date_from, timex = _date(clause_word, sent, context)
    doc = sent.doc
    first, last = sorted((trigger.first, trigger.last))
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    evidence_start, evidence_end = _evidence(context.text, sent, start)
    return Event(
        id=stable_id("event", context.id_base, start, end, plover_type),
        article=context.article,
        sentence=context.text[evidence_start:evidence_end],
        start=evidence_start,
        end=evidence_end,
        trigger=[start, end],
        type=plover_type,
        mode=plover.valid_mode(plover_type, mode),
        cameo=cameo,
        intensity=code.goldstein,
        source=list(source.actors),
        target=list(target.actors),
        source_spans=list(source.spans),
        target_spans=list(target.spans),
        source_unresolved=list(source.unresolved) if not source.actors else [],
        target_unresolved=list(target.unresolved) if not target.actors else [],
        date=date,
        date_from=date_from,
        timex=timex,
        negated=negated,
        modality=modality,
        claimed_by=claimant,
        location=place,
        location_country=place_country,
        confidence=_confidence(trigger, sent, source, target),
    )


def _source(trigger: Trigger, context: _Document, clause: Clause | None = None, quote: Quote | None = None) -> Party:
    """Who does it: the clause's subject (with actors the parse split off it: "the US and NATO rejected");
    for an event noun, its owner ("Russia's demands", "talks between X and Y"); a pronoun the actors stage
    left open stands for the speaker, the country just named ("Russia ... it") or the last sentence's doers
    ("they")."""
    index = context.index
    anchor = trigger.anchor
    party = Party()
    if trigger.kind == "adjective":
        anchor = anchor.head if anchor.dep_ in ("acomp", "amod", "oprd") else anchor
    subject = None if trigger.kind == "occurrence" else subject_token(anchor)
    if subject is not None and subject != trigger.head:
        party = phrase_party(subject, index)
        for extra in surface_coordination(subject, index, anchor.sent.start if context.sent is None else context.sent.start):
            party.add(phrase_party(extra, index, owners=False))
        if not party.actors and subject.lemma_.lower() in GROUPINGS and any(
                c.dep_ == "det" and c.lower_ == "the" for c in kids(subject)):
            # "the alliance", "the bloc": the organisation last named before it
            actor = _last_named(subject, index, "igo:")
            if actor is not None:
                party = Party([actor], [[subject.left_edge.idx, subject.idx + len(subject.text)]], [], [subject])
        if not party.actors and subject.lower_ in FIRST_PERSON | THIRD_PERSON:
            actors = _pronoun_actors(subject, clause, quote, context)
            if actors:
                span = [subject.idx, subject.idx + len(subject.text)]
                party = Party(actors, [span] * len(actors), [], [subject])
    elif anchor.dep_ == "acl" and anchor.tag_ == "VBN" and trigger.sense.type in ("MOBILIZE", "RETREAT"):
        party = phrase_party(anchor.head, index)  # "100,000 Russian forces massed on the border"
    if not party.actors and trigger.sense.type in ("MOBILIZE", "RETREAT") and not trigger.is_noun:
        # "moved troops", "NATO forces should be reduced": the forces' owner moves them.
        theme = _object_party(trigger.anchor, index)
        if theme.actors:
            party = theme
    if not party.actors and trigger.is_noun:
        owners = owner_party(trigger.head, index, trigger.sense.of)
        for obj in prep_objects(trigger.head, ("between",)):
            owners.add(phrase_party(obj, index))
        if owners.actors:
            party = owners
    return party


GROUPINGS = frozenset({"alliance", "bloc", "organization", "organisation", "union"})


def _last_named(word: Token, index: Mentions, prefix: str, reach: int = 300) -> str | None:
    """The actor of the given kind named last before ``word`` (within ``reach`` tokens)."""
    for i in range(word.i - 1, max(-1, word.i - reach), -1):
        actor = index.by_token.get(i)
        if actor is not None and actor.actor is not None and actor.actor.startswith(prefix):
            return actor.actor
    return None


def _pronoun_actors(pronoun: Token, clause: Clause | None, quote: Quote | None, context: _Document) -> list[str]:
    index = context.index
    word = pronoun.lower_
    if word == "it" and pronoun.head.lemma_ == "be" and _extraposed(pronoun.head, context.lex):
        return []  # "it is worthwhile to continue": no one
    speech_subject = clause.speech_subject if clause is not None else None
    actor = speaker_for(pronoun, quote, speech_subject, index)
    if actor is None and word in FIRST_PERSON:
        actor = _sentence_speaker(context.sent, context) if context.sent is not None else None  # a quote left without a speaker
    if actor is not None:
        return [actor]
    if word in ("it", "its"):
        # "Russia insists it has no plans": the nearest country or organisation named before it.
        first = context.sent.start if context.sent is not None else 0
        for token in reversed(pronoun.doc[max(first, pronoun.i - 40):pronoun.i]):
            found = index.actor_at(token)
            if found is not None and found.startswith(("country:", "igo:")):
                return [found]
    if word == "they" and context.sentence_sources:
        return list(context.sentence_sources)  # "a meeting of envoys ... did not yield results, but they will meet"
    main_clause = pronoun.dep_ == "nsubj" and (pronoun.head.dep_ == "ROOT" or pronoun.head.head.dep_ == "ROOT")
    if word == "they" and main_clause:
        return list(context.previous_sources)
    return []


def _extraposed(copula: Token, lex: Lexicon) -> bool:
    """"it is worthwhile to continue", "it is unclear whether": "it" stands for the clause after. With an
    adjective of readiness or likelihood ("it is willing to", "it is likely to") "it" is someone."""
    for child in kids(copula):
        if child.dep_ in ("acomp", "attr"):
            word = child.lemma_.lower()
            if word in lex.adjectives or word in lex.transparent:
                return False
            if any(g.dep_ in ("xcomp", "ccomp") for g in kids(child)):
                return True
        if child.dep_ in ("xcomp", "ccomp", "csubj"):
            return True
    return False


def _sentence_speaker(sent: Span, context: _Document) -> str | None:
    for token in sent[:200]:  # a speech verb near the quote; a run-on sentence is not searched to its end
        if token.pos_ == "VERB" and token.lemma_.lower() in context.lex.speech:
            subject = subject_token(token)
            if subject is not None:
                found = phrase_party(subject, context.index, owners=False)
                if found.actors:
                    return found.actors[0]
    return None


def _target(trigger: Trigger, context: _Document, clause: Clause | None = None) -> Party:
    """Whom it is done to, where the sense says to look; a frame's complement gives the target where the
    frame names none ("urged Russia to", "demanded that the US cancel", "requested assurances that NATO
    ...", "rejected calls by Belarus")."""
    index, lex = context.index, context.lex
    sense = trigger.sense
    party = Party()
    frame = sense.frame
    if frame in ("appeal", "demand"):
        addressee = Party()
        if not trigger.is_noun and phrase_party(_direct_object(trigger.anchor), index, owners=False).actors:
            addressee = _object_party(trigger.anchor, index)  # "urged Russia to": not "requested assurances"
        for obj in prep_objects(trigger.anchor, ("on", "upon", "to")):
            addressee.add(phrase_party(obj, index))
        where = trigger.complement
        if where is None and not trigger.is_noun:
            where = next((c for c in kids(trigger.anchor) if c.dep_ == "dobj"), None)
        if not addressee.actors and where is not None:
            for obj in prep_objects(where, ("from",)):
                addressee.add(phrase_party(obj, index))  # "asked for commitments from Russia"
            clauses = [where] if where.pos_ in ("VERB", "AUX") else \
                [c for c in kids(where) if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX")]
            for verb in clauses:
                subject = subject_token(verb)
                if subject is not None:
                    addressee.add(phrase_party(subject, index))
        if addressee.actors:
            return addressee
        if trigger.act is not None and trigger.act.kind == "noun":
            doer = _source(trigger.act, context)  # "demanded the withdrawal of Serbian forces": Serbia is asked
            if doer.actors:
                return doer
        if trigger.act is not None:  # "called for sanctions against Nigeria": whom the act is aimed at
            aimed = _target(trigger.act, context)
            if aimed.actors:
                return aimed
    if frame == "reject" and trigger.act is not None and trigger.act.sense.frame is not None:
        owners = owner_party(trigger.act.head, index, "source", whole=True)
        if owners.actors:
            return owners
    specs = list(sense.targets)
    if specs == ["object"]:
        specs += list(lex.target_preps.get(sense.type, ()))
    words = [trigger.anchor] + ([trigger.head] if trigger.is_noun else [])
    if not trigger.is_noun:
        words += [c for c in kids(trigger.anchor) if c.dep_ == "dobj"]  # "imposed sanctions on Iran"
    for spec in specs:
        if spec == "object":
            if not trigger.is_noun and sense.type != "MOBILIZE":
                party.add(_object_party(trigger.anchor, index))
            continue
        for word in words:
            for obj in prep_objects(word, (spec,)):
                found = phrase_party(obj, index)
                if not found.actors:
                    owners = owner_party(obj, index, whole=True)
                    found = owners if owners.actors else found
                party.add(found)
    if trigger.is_noun and trigger.sense.of == "target":
        for obj in prep_objects(trigger.head, ("of",)):
            party.add(phrase_party(obj, index))
    if trigger.kind == "light":
        for child in kids(trigger.anchor):
            if child.dep_ == "dative":  # "gave the Ivory Coast 5 million dollars of aid"
                party.add(phrase_party(child, index))
        if subject_token(trigger.anchor) is not None:  # "hosted a meeting between X and Y": X and Y are hosted
            for obj in prep_objects(trigger.head, ("between",)):
                party.add(phrase_party(obj, index))
    if not party.actors and sense.type in ("MOBILIZE", "PROTEST", "THREATEN"):
        for purpose in prep_objects(trigger.anchor, ("for",)):  # "mobilized reservists for a war against Iraq"
            for obj in prep_objects(purpose, ("against", "on", "with")):
                party.add(phrase_party(obj, index))
    if not party.actors and trigger.act is not None and frame in ("intent", "threaten", "reject"):
        party.add(_target(trigger.act, context))
    if not party.actors and frame == "threaten" and clause is not None and clause.has_condition:
        party.add(_condition_party(trigger.anchor, index))
    return party


def _condition_party(verb: Token, index: Mentions) -> Party:
    """The doer of a threat's condition is its target: "sanctions if Russia sends troops" -> Russia."""
    for child in kids(verb):
        if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in kids(child)):
            subject = subject_token(child)
            if subject is not None:
                found = phrase_party(subject, index)
                if found.actors:
                    return found
    return Party()


def _direct_object(verb: Token) -> Token:
    return next((c for c in kids(verb) if c.dep_ in ("dobj", "dative")), verb)


def _object_party(verb: Token, index: Mentions) -> Party:
    """The direct object's actors, or those of its owner ("rejected the Kremlin's demands")."""
    party = Party()
    passive = any(c.dep_ == "auxpass" for c in kids(verb))
    if passive and not any(c.dep_ == "nsubjpass" for c in kids(verb)):
        undergoer = controller(verb)  # "after being sanctioned by the West": the one sanctioned
        if undergoer is not None:
            party.add(phrase_party(undergoer, index))
    for child in kids(verb):
        if child.dep_ in ("dobj", "dative") or (passive and child.dep_ == "nsubjpass"):
            found = phrase_party(child, index, owners=False)
            if not found.actors:
                owners = owner_party(child, index, whole=True)  # "rejected the Kremlin's demands"
                found = owners if owners.actors else phrase_party(child, index)
            party.add(found)
    return party


def _place_words(trigger: Trigger) -> list[Token]:
    words = [trigger.anchor]
    if trigger.is_noun:
        words.append(trigger.head)
    if trigger.act is not None:  # "agreed to set up a centre in Tokyo": where the promised act happens
        words += _place_words(trigger.act)
    elif trigger.complement is not None and trigger.complement.pos_ in ("VERB", "AUX"):
        words.append(trigger.complement)
    return words


def _place_span(place: str | None, sent: Span) -> list[int]:
    if place:
        at = sent.text.find(place)
        if at >= 0:
            return [sent.start_char + at, sent.start_char + at + len(place)]
    return [sent.start_char, sent.start_char]


def _claimant(clause: Clause, quote: Quote | None, index: Mentions, words: list[Token] | None = None) -> str | None:
    if quote is not None:
        return quote.speaker
    if clause.speech_subject is not None:
        party = phrase_party(clause.speech_subject, index)
        return party.actors[0] if party.actors else None
    for word in words or ():  # "..., according to Lavrov": on the clause's verb or the sentence's root
        for holder in (word,):
            for according in kids(holder):
                if according.dep_ == "prep" and according.lower_ == "according":
                    for obj in prep_objects(according, ("to",)):
                        party = phrase_party(obj, index)
                        if party.actors:
                            return party.actors[0]
    return None


def _claimant_span(clause: Clause, quote: Quote | None, sent: Span) -> list[int]:
    if quote is not None and quote.speaker_start is not None and quote.speaker_end is not None:
        return [quote.speaker_start, quote.speaker_end]
    subject = clause.speech_subject
    if subject is not None:
        return [subject.left_edge.idx, subject.idx + len(subject.text)]
    return [sent.start_char, sent.start_char]


def plover_type_of(trigger: Trigger, cameo: str) -> str | None:
    if cameo == trigger.sense.cameo:
        return trigger.sense.type
    code = plover.lookup(cameo)
    return code.type if code else None


def _unsaid_doer(trigger: Trigger, claimant: str, index: Mentions) -> bool:
    """"(the US said) no compromises will be made": an act named by a noun in an agentless passive, claimed
    by a government's voice, is that government's act. Analysts and reporters speak for no one."""
    if trigger.kind != "light" or not is_passive(trigger.anchor) or subject_token(trigger.anchor) is not None:
        return False
    actor = index.actors.get(claimant)
    if actor is None:
        return claimant.startswith(("country:", "igo:"))
    return actor.kind in ("country", "igo") or (actor.sector in GOVERNMENT_SECTORS and actor.country is not None)


def _names_speaker(trigger: Trigger, lex: Lexicon) -> bool:
    """The clause's subject is a pronoun standing for the speaker ("we", "I", "it" after "Russia said"),
    not the "it" of "it is worthwhile to"."""
    subject = subject_token(trigger.anchor)
    if subject is None or subject.lower_ not in FIRST_PERSON | THIRD_PERSON:
        return False
    return not (subject.lower_ == "it" and subject.head.lemma_ == "be" and _extraposed(subject.head, lex))


def _same_side(first: Iterable[str], second: Iterable[str], index: Mentions) -> bool:
    """Two sets of actors on one side: an actor in common, or the same country (Lavrov and Moscow)."""
    first, second = list(first), list(second)
    if set(first) & set(second):
        return True
    countries = {index.country_of(a) for a in first} - {None}
    return bool(countries & ({index.country_of(a) for a in second} - {None}))


def _date(word: Token, sent: Span, context: _Document) -> tuple[str | None, str | None, str | None]:
    """(date, date_from, timex id): the date of the time expression attached to the event's clause; else
    the publication date. A vague expression ("recently", "in the coming days") or one the text could not
    place leaves the date open rather than claiming the publication day; its id is kept all the same, so
    that the link stage can date it from other reports."""
    timex = date_for_clause(word, context.timexes_in(sent)) if context.timexes else None
    if timex is not None:
        found = DATE_VALUE.match(timex.value)
        if found:
            return found.group(0), "text", timex.id
        if timex.value != "PRESENT_REF":
            return None, None, timex.id
    if context.published:
        return context.published, "published", None
    return None, None, None


def _confidence(trigger: Trigger, sent: Span, source: Party, target: Party) -> float:
    """How sure the coder is, 0-1: the lexicon sense's weight, raised when the parse found who did it and to
    whom, lowered for long sentences (where parses go wrong) and for nouns without a light verb."""
    score = trigger.sense.weight
    score += 0.15 if source.actors else 0.05 if source.unresolved else -0.1
    score += 0.1 if target.actors else 0.0
    if trigger.act is not None:
        score += 0.05
    if trigger.kind in ("occurrence", "movement"):
        score -= 0.05
    length = len(sent)
    if length > VERY_LONG_SENTENCE:
        score -= 0.3
    elif length > LONG_SENTENCE:
        score -= 0.15
    if not any(t.pos_ == "VERB" for t in sent):
        score -= 0.2
    return round(min(0.95, max(0.05, score)), 2)


def _depths(sent: Span) -> dict[int, int]:
    """Each token's distance from the sentence root, in one pass (iterative, so a 5,000-word sentence stays
    linear and within the recursion limit)."""
    depth: dict[int, int] = {}
    children: dict[int, list[int]] = {}
    roots = []
    for token in sent:
        if token.head == token or not (sent.start <= token.head.i < sent.end):
            roots.append(token.i)
        else:
            children.setdefault(token.head.i, []).append(token.i)
    stack = [(r, 0) for r in roots]
    while stack:
        i, d = stack.pop()
        if i in depth:
            continue
        depth[i] = d
        stack.extend((c, d + 1) for c in children.get(i, ()))
    return depth


def _has_speech(sent: Span, lex: Lexicon) -> bool:
    return any(t.lemma_.lower() in lex.speech for t in sent if t.pos_ == "VERB")


def _spoken_demands(sent: Span, triggers: Triggers, context: _Document) -> list[Event]:
    """"X said Y must/should ..." with no act named in the clause: X's demand on Y (REQUEST 100)."""
    lex, index = context.lex, context.index
    found = []
    governed = {t.anchor.head.i for t in triggers.items}
    for token in sent:
        if token.pos_ != "VERB" or token.lemma_.lower() not in lex.speech:
            continue
        for clause_head in kids(token):
            if clause_head.dep_ not in ("ccomp", "parataxis") or triggers.named_at(clause_head) is not None:
                continue
            addressee_token = subject_token(clause_head)
            modal = next((c for c in kids(clause_head) if c.dep_ == "aux" and c.lower_ in DEONTIC_AUX), None)
            if modal is None or addressee_token is None or modal.i < addressee_token.i:
                continue  # no demand, or an inverted "Should Russia decide", which is a condition
            if clause_head.i in governed:
                continue
            speaker_token = subject_token(token)
            if speaker_token is None:
                continue
            quote = context.quotes.around(clause_head.idx)
            speaker = phrase_party(speaker_token, index)
            if not speaker.actors and quote is not None and quote.speaker:
                speaker = Party([quote.speaker], [[speaker_token.idx, speaker_token.idx + len(speaker_token.text)]], [], [])
            addressee = phrase_party(addressee_token, index)
            if not speaker.actors or not addressee.actors or _same_side(speaker.actors, addressee.actors, index):
                continue
            sense = lex.verbs["demand"][0].senses[0]
            trigger = Trigger(clause_head, clause_head, modal.i, clause_head.i, sense, "100", "verb")
            date, date_from, timex = _date(token, sent, context)
            first, last = min(modal, clause_head, key=lambda t: t.i), max(modal, clause_head, key=lambda t: t.i)
            start, end = first.idx, last.idx + len(last.text)
            code = plover.lookup("100")
            assert code is not None
            found.append(Event(
                id=stable_id("event", context.id_base, start, end, "REQUEST"), article=context.article,
                sentence=context.text[_evidence(context.text, sent, start)[0]:_evidence(context.text, sent, start)[1]],
                start=_evidence(context.text, sent, start)[0], end=_evidence(context.text, sent, start)[1], trigger=[start, end],
                type="REQUEST", mode=None, cameo="100", intensity=code.goldstein,
                source=speaker.actors, target=addressee.actors, source_spans=speaker.spans,
                target_spans=addressee.spans, date=date, date_from=date_from, timex=timex, modality="asserted",
                confidence=round(max(0.05, _confidence(trigger, sent, speaker, addressee) - 0.1), 2),
            ))
    return found
