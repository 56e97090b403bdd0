"""The events stage: from each sentence, the political events it reports, coded in PLOVER and CAMEO.

``code_events`` is pure (no store, no global state beyond the lexicon read once per process). Per sentence:

1. triggers: the words that name acts (``triggers.py``): verbs, light verb + noun, event nouns that take
   place, adjectives of readiness; frames absorb the act they are about ("threatened to break relations");
2. roles: source, target and place from the parse and the actors stage's mentions (``participants.py`` reads
   them for a trigger, over the parse helpers of ``roles.py``; ``context.py`` holds what the document shares);
3. clause: negation, future, condition, quote or verb of saying (``modality.py``);
4. coding rules that need all three (docs/events.md, "Coding rules"):
   - an act of force announced for the future by its own side, or under a condition, is a threat: "Hanoi
     will take countermeasures if Beijing persists" is THREATEN (conditional), not COERCE;
   - a cooperative act so announced is a promise: "the rebels said they would release him" is AGREE;
   - a cooperative act its own side says it will not do is a refusal: "we won't compromise" is REJECT;
   - "X said Y must/should ..." is X's demand on Y (REQUEST);
   - events inside a quote or reported by a verb of saying carry ``claimed_by``, the speaker's actor;
5. the date from the time expression attached to the clause, else the publication date; a confidence
   (``evidence.py``, with the evidence sentence and the place words).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from sitroom.docviews import span_tokens, views
from sitroom.events import plover
from sitroom.events.context import Document, same_side
from sitroom.events.evidence import confidence, depths, event_date, evidence_span, place_span, place_words, subtree_span
from sitroom.events.modality import DEONTIC_AUX, analyse
from sitroom.events.participants import (claimant_of, claimant_span, condition_party, names_speaker, pronoun_actors,
                                         source_of, target_of, unsaid_doer)
from sitroom.events.roles import (FIRST_PERSON, THIRD_PERSON, Party, conjuncts, kids, phrase_party, phrase_span,
                                  place_of, prep_objects, subject_token, tokens_between)
from sitroom.events.spans import act_words, off_the_act
from sitroom.events.triggers import Finder, Trigger, Triggers, frame_code
from sitroom.records import Actor, Event, Mention, Quote, Timex, stable_id

log = logging.getLogger(__name__)


def code_events(article_id: str | None, text: str, doc: Doc, mentions: list[Mention], quotes: list[Quote],
                timexes: list[Timex], published: str | None, actors: dict[str, Actor] | None = None) -> list[Event]:
    """The events the text reports, in text order. ``doc`` is the parse of ``text``; mentions, quotes and
    timexes are the other stages' records for it; ``published`` (YYYY-MM-DD) dates events the text leaves
    undated; ``actors`` (by id) gives places their country. Never raises: a sentence the rules cannot
    handle gives no events."""
    try:
        context = Document(article_id, text, doc, mentions, quotes, timexes, published, actors)
    except Exception:  # a stage never raises; a broken input gives no events
        log.debug("events: could not index the document", exc_info=True)
        return []
    events: list[Event] = []
    for sent in views(doc).sents:
        try:
            found = _code_sentence(sent, context)
        except Exception:
            log.debug("events: sentence at %d skipped", sent.start_char, exc_info=True)
            found = []
        events.extend(found)
        context.remember(found)
        context.sentence_number += 1
        with_source = [e for e in found if e.source]
        if with_source:
            context.previous_sources = list(with_source[0].source)
        elif "\n" in text[sent.start_char:sent.end_char + 2]:
            context.previous_sources = []  # a new paragraph starts afresh
    return events


# Words that may stand for a party of an act though no actor is resolved for them.
PERSONAL_PRONOUNS = FIRST_PERSON | THIRD_PERSON | {"him", "her", "he", "she"}


def _code_sentence(sent: Span, context: Document) -> list[Event]:
    context.sent, context.root = sent, sent.root
    finder = Finder(context.lex, sent, lambda token: bool(phrase_party(token, context.index).actors)
                    or token.lower_ in PERSONAL_PRONOUNS)
    found: list[Trigger] = []
    for token in span_tokens(sent):
        found.extend(finder.at(token))
    if not found:
        return _spoken_demands(sent, Triggers([]), context)
    triggers = Triggers(found)
    depth = depths(sent)
    absorbed: set[int] = set()  # ids of triggers that are part of another event
    dropped: set[int] = set()
    for trigger in sorted(found, key=lambda t: -depth.get(t.anchor.i, 0)):  # inner frames first
        if trigger.kind == "adjective" and trigger.anchor.dep_ in ("oprd", "acomp", "amod", "ccomp") and any(
                triggers.by_anchor.get(h.i) not in (None, trigger) and triggers.by_anchor[h.i].kind != "adjective"
                for h in (trigger.anchor.head, trigger.anchor.head.head)):
            absorbed.add(id(trigger))  # "leaving the way open": the verb's event already says it
            continue
        if trigger.sense.frame is None:
            if trigger.sense.needs == "complement":
                dropped.add(id(trigger))
            continue
        where, act = finder.complement(trigger, triggers)
        if act is not None and not _frame_holds(trigger, act, context):
            act = None
        trigger.complement, trigger.act = where, act
        # An offer, a promise or a refusal holds all it is about, even when the lexicon names none of it as an
        # act ("offering to share radar data, set up a hotline ... and discuss troop ceilings").
        content = act is not None or (trigger.sense.frame in ("intent", "reject") and where is not None
                                      and where.pos_ in ("VERB", "AUX") and where.i > trigger.anchor.i)
        if act is not None:
            trigger.cameo = frame_code(trigger)
        elif trigger.sense.needs == "complement" and not _addressee(trigger, context) and not (
                trigger.sense.frame == "intent" and where is not None and where.pos_ in ("VERB", "AUX")):
            dropped.add(id(trigger))  # "promised to democratize": a promise, whatever the lexicon knows of the act
            continue  # "declined to comment on ...": what it holds is not its content
        if content:
            # What a frame is about is part of it: the act, the acts coordinated with it and the acts in its
            # clause ("demanding that NATO reduce its presence, including ending all cooperation").
            scope = subtree_span(where) if where is not None else None
            for other in found:
                if other is trigger:
                    continue
                host = _stray_infinitive_host(other.anchor)
                inside = scope is not None and (scope[0] <= other.anchor.i <= scope[1] or (
                    host is not None and scope[0] <= host.i <= scope[1]))
                if other is act or (inside and other.anchor != trigger.anchor and not _separate(other.anchor, where)):
                    absorbed.add(id(other))
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
    return _complete_targets(events, context)


def _complete_targets(events: list[Event], context: Document) -> list[Event]:
    """Targets the sentence gives through another of its events, or by where things happen.

    - A protest names whom it is against through its purpose ("demonstrated ... calling for independence from
      Iraq"): it takes the target of a demand, accusation or protest by the same doers in the sentence.
    - Force used by the same doers in one sentence is used on the same people ("opened fire to disperse the
      demonstrators, killing one person and arresting 12").
    - A protest against no one named, or its end ("called off the strike"), is against the government of the
      country it takes place in, or else of the protesters' own country (PLOVER's and the GSR's reading of
      domestic protest).
    """
    found = []
    for event in events:
        if not event.target and event.type == "AGREE" and event.cameo.startswith("03"):
            # Offering and asking in one sentence address one party: "reaffirmed a willingness not to station
            # rockets and requested matching pledges from Peru" is an offer to Peru.
            donor = next((e for e in events if e.type == "REQUEST" and e.target and set(e.source) & set(event.source)
                          and not set(e.target) & set(event.source)), None)
            if donor is not None:
                event = replace(event, target=list(donor.target), target_spans=list(donor.target_spans),
                                target_unresolved=[])
        if not event.target and event.type in ("PROTEST", "ASSAULT", "COERCE"):
            kinds = ("REQUEST", "ACCUSE", "PROTEST", "REJECT") if event.type == "PROTEST" else ("ASSAULT", "COERCE")
            donor = next((e for e in events if e is not event and e.target and e.type in kinds
                          and ((set(e.source) & set(event.source)) or
                               (not e.source and not event.source and e.source_unresolved == event.source_unresolved))), None)
            if donor is not None:
                event = replace(event, target=list(donor.target), target_spans=list(donor.target_spans),
                                target_unresolved=[])
        if (event.type == "PROTEST" or event.cameo.startswith("082")) and not event.target:
            countries = {context.index.country_of(a) for a in event.source} - {None}
            country = event.location_country or (countries.pop() if len(countries) == 1 else None)
            if country:
                # The words: the government where the sentence names it ("called off the strike after an agreement
                # with the Brazilian government"), else none.
                named = _government_named(event, country, context)
                actor = named.actor if named is not None and named.actor else context.country_actor(country)
                spans = [[named.start, named.end]] if named is not None else []
                event = replace(event, target=[actor], target_spans=spans, target_unresolved=[])
        found.append(event)
    return found


def _government_named(event: Event, country: str, context: Document) -> Mention | None:
    """A mention of the country's government in the event's sentence, not among the doers' words."""
    for token in tokens_between(context.index.doc, event.start, event.end):
        mention = context.index.by_token.get(token.i)
        if mention is not None and mention.actor == f"country:{country}/GOV" and mention.start < mention.end \
                and not any(a <= mention.start < b for a, b in event.source_spans):
            return mention
    return None


def _target_in_words(trigger: Trigger, target: Party, source: Party, context: Document) -> Party:
    """Whom an act is aimed at when its role words name no one, read off the words that say what it is about:

    - an actor inside the target phrase or its clauses ("suspended part of a military aid programme for Bosnia",
      "ended mediation between militias in Tripoli", "assistance to the US-led war", "lifted sanctions imposed
      on Eritrea");
    - an actor in what an offer, refusal, demand or threat is about ("willing to send material to help defend
      Saudi Arabia", "refused to allow United Nations planes to land");
    - for a protest, an actor in its purpose ("blocked a road to show their disapproval of the United States'
      policies", "in defiance of Chinese authorities"); for aid, an actor in what it is given for ("gave 2
      million euros to promote investment in Ethiopia").
    Actors on the doer's side do not count."""
    doc = trigger.anchor.doc
    ranges = []
    asked = trigger.act is not None and trigger.act.sense.frame in ("appeal", "demand", "intent")
    for start, end in target.unresolved:
        words = tokens_between(doc, start, end)
        if words:
            # the phrase with its clauses: "lifted sanctions imposed on Eritrea", "the ban they imposed on aid
            # agencies"; not the content of a call or an offer ("rejected a call to exclude Ukraine")
            head = next((w for w in words if not (start <= w.head.idx < end) or w.head == w), words[0])
            if asked:
                ranges.append((words[0].i, words[-1].i))
            else:
                ranges.append((min(words[0].i, head.left_edge.i), max(words[-1].i, head.right_edge.i)))
    if trigger.sense.frame is not None and trigger.complement is not None and not (
            trigger.sense.frame == "reject" and asked):
        # (A refusal of a call or an offer is aimed at who made it, not at whom the call is about: "rejected a
        # call to exclude Ukraine".)
        ranges.append((trigger.complement.left_edge.i, trigger.complement.right_edge.i))
    kind = plover_type_of(trigger, trigger.cameo)
    if kind == "PROTEST":
        ranges.append((trigger.anchor.i + 1, trigger.anchor.right_edge.i))
    if trigger.cameo.startswith("045"):  # "launched a mediation effort to resolve the rift between Qatar and ..."
        ranges.append((trigger.head.i + 1, trigger.anchor.right_edge.i))
    if kind == "AID":  # "gave 2 million euros to promote investment in Ethiopia", "to help Haiti cope"
        ranges.extend((c.left_edge.i, c.right_edge.i) for c in kids(trigger.anchor)
                      if c.dep_ in ("advcl", "xcomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in kids(c)))
    for number, (first, last) in enumerate(ranges):
        found = _named_between(doc, first, last, source.actors, context)
        if found.actors:
            if number < len(target.unresolved) and int(trigger.cameo[:2]) in (17, 18, 19, 20):
                found.spans = [target.unresolved[number]]  # force is used on the whole ("a base in Borno state")
            if kind in ("AID", "SUPPORT"):
                found = _rebels_helped(found, doc[first:last + 1], context)
            return found
    return target


def _rebels_helped(found: Party, words: Span, context: Document) -> Party:
    """Help for a country's rebels goes to the rebels, not to the country where they fight: "armed a separatist
    war in Moldova's east" aids Moldova's rebels (CAMEO codes rebels by the country they fight in)."""
    if not any(w.lower_ in context.rebel_words or w.lemma_.lower() in context.rebel_words for w in words):
        return found
    actors = []
    for actor in found.actors:
        code = context.index.country_of(actor)
        state = actor.startswith("country:") and ("/" not in actor or actor.endswith("/GOV"))
        actors.append(context.rebels_of(code) if state and code else actor)
    return Party(actors, list(found.spans), list(found.unresolved), list(found.tokens))


def _named_between(doc: Doc, first: int, last: int, doers: list[str], context: Document) -> Party:
    """The first actor named in tokens first..last (bounded), other than the doers and their own state (a
    commission or the people of the doers' country count: "declined to resign despite pressure by the
    country's anti-corruption commission")."""
    index = context.index
    own = {index.country_of(a) for a in doers} - {None}
    for i in range(first, min(last, first + WORDS_LOOKED_AT) + 1):
        mention = index.by_token.get(i)
        if mention is None or mention.actor is None or mention.actor in doers:
            continue
        state = mention.actor.startswith("country:") and mention.actor.split("/")[0][8:] in own and (
            "/" not in mention.actor or mention.actor.endswith(("/GOV", "/MIL")))
        if state:
            continue
        found = Party([mention.actor], [_phrase_of(doc[i], mention)], [], [doc[i]])
        # and those coordinated with it ("sanctions against both India and Pakistan")
        head = doc[max(i, _mention_end(doc, mention))]
        for other in conjuncts(head)[1:]:
            named = index.by_token.get(other.i)
            if named is not None and named.actor and named.actor not in doers and named.actor not in found.actors:
                found.add(Party([named.actor], [_phrase_of(other, named)], [], [other]))
        return found
    return Party()


def _mention_end(doc: Doc, mention: Mention) -> int:
    """The index of a mention's last token (its head in English noun phrases)."""
    words = tokens_between(doc, mention.start, mention.end)
    return words[-1].i if words else 0


def _phrase_of(word: Token, mention: Mention) -> list[int]:
    """The words naming an actor found inside a longer phrase: the noun phrase its mention heads ("a programme
    for Bosnia": "Bosnia"; "protesters in southern Nepal"), else the mention."""
    head = word
    while head.head != head and mention.start <= head.head.idx < mention.end:
        head = head.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("pobj", "dobj", "nsubj", "conj", "appos"):
        return phrase_span(head, named=True)
    return [mention.start, mention.end]


def _said_in(quote: Quote, word: Token) -> bool:
    """Whether the clause of ``word`` is what the quote reports. A quote in quotation marks holds all its words;
    an indirect one only the clause its verb of saying governs: in "Although Chile has denied plans to strike,
    Canada is worried by Chile gathering ships" the gathering is no claim of Chile's."""
    if quote.kind != "indirect" or quote.cue_start is None:
        return True
    doc = word.doc
    cue = next((t for t in doc[max(0, word.i - 200):word.i + 200] if t.idx == quote.cue_start), None)
    if cue is None:
        return True
    return cue == word or any(ancestor == cue for ancestor in word.ancestors)


# CAMEO codes of measures a state takes on its own territory: ease (081x), threaten (132x) or impose (172x)
# restrictions on political freedoms, bans on parties, curfews, states of emergency or martial law.
DOMESTIC_MEASURES = ("081", "132", "172")
WORDS_LOOKED_AT = 60  # words of a phrase or clause searched for the actor an act is aimed at
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _definite(noun: Token) -> bool:
    """"the meeting", "this week's talks", "Thursday's meeting": a noun that points at something known."""
    for child in kids(noun):
        if child.dep_ == "det":
            return child.lower_ in DEFINITE
        if child.dep_ == "poss" and (child.ent_type_ in ("DATE", "TIME") or child.lower_ in DEFINITE):
            return True
    return False


def _stray_infinitive_host(verb: Token) -> Token | None:
    """The infinitive a bare verb belongs to when the parser hung it elsewhere: in "offered to fund and train
    teachers and send medicine", "send" (a base form with no "to", no modal and no subject of its own) cannot be
    coordinated with "offered", nor be a clause of its own; it continues the nearest "to"-infinitive before it."""
    if verb.dep_ not in ("conj", "ccomp", "parataxis", "dep", "advcl") or verb.tag_ != "VB" or any(
            c.dep_ in ("aux", "nsubj", "nsubjpass") for c in kids(verb)):
        return None
    if verb.dep_ == "conj" and verb.head.tag_ == "VB":  # "..., look into methods ..., and talk": the list goes on
        return _stray_infinitive_host(verb.head)
    for i in range(verb.i - 1, min(verb.i, verb.head.i), -1):
        candidate = verb.doc[i]
        if candidate.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(candidate)):
            return candidate
    return None


TIME_WORDS = frozenset({"after", "before", "since", "following", "during", "while", "when", "until", "amid", "despite"})


def _separate(token: Token, scope_head: Token) -> bool:
    """An act hanging from the frame's clause by a phrase of time ("open to visiting Peru ... after speaking
    with its president", "offered to host weapons after being sanctioned") happened on its own."""
    while token != scope_head and token.head != token:
        if token.lower_ in TIME_WORDS and token.dep_ in ("prep", "mark"):
            return True
        if any(c.dep_ == "mark" and c.lower_ in TIME_WORDS for c in kids(token)):
            return True
        token = token.head
    return False


def _frame_holds(trigger: Trigger, act: Trigger, context: Document) -> bool:
    """A warning or threat is about the speaker's own act ("warned that Moscow would retaliate"); a warning
    about what someone else may do ("warned that Russia may invade") is a statement, and the act it reports
    is coded on its own as the speaker's claim."""
    if trigger.sense.frame != "threaten":
        return True
    if not act.cameo.startswith("13") and int(act.cameo[:2]) < 14 and not act.cameo.startswith("16"):
        return False
    speaker = source_of(trigger, context).actors
    doer = source_of(act, context).actors
    return not doer or not speaker or same_side(speaker, doer, context.index)


def _addressee(trigger: Trigger, context: Document) -> bool:
    """"urged Russia to ...", "warned Russia": an actor addressed counts as the frame's complement."""
    for child in kids(trigger.anchor):
        if child.dep_ in ("dobj", "dative") and phrase_party(child, context.index, owners=False).actors:
            return True
    return False


def _event(trigger: Trigger, sent: Span, context: Document) -> Event | None:
    index, lex = context.index, context.lex
    clause_word = trigger.anchor
    if trigger.kind == "adjective" and trigger.anchor.dep_ in ("acomp", "oprd") and trigger.anchor.head != trigger.anchor:
        clause_word = trigger.anchor.head  # "is ready to": the copula carries tense and negation
    negatable = not (trigger.kind == "occurrence" and trigger.anchor.lemma_.lower() in lex.outcome_verbs) \
        and trigger.kind != "setting"
    own_type = plover_type_of(trigger, trigger.cameo)  # the trigger's own type, before any coding rule changes its code
    clause = analyse(clause_word, trigger.head if trigger.is_noun else None, lex, negatable, asks=own_type == "REQUEST")
    quote = context.quotes.around(trigger.head.idx)
    if quote is not None and not _said_in(quote, clause_word):
        quote = None
    source = source_of(trigger, context, clause, quote)
    target = target_of(trigger, context, clause)
    if not target.actors:
        for token in target.tokens:  # "we were promised a reply", said Marenko: Marenko is the target
            if token.lower_ in FIRST_PERSON:
                actors = pronoun_actors(token, clause, quote, context)
                target.add(Party(actors, [[token.idx, token.idx + len(token.text)]] * len(actors), [], []))
    if trigger.kind == "light" and trigger.anchor.lemma_.lower() in lex.receiving_verbs and not trigger.cameo.startswith("086"):
        # "Havana received written replies from Ottawa": Ottawa replied to Havana.
        givers = Party()
        # "from" may hang on a noun of the phrase: "received written replies to its proposals from Ottawa"
        holders = [trigger.anchor, trigger.head] + [o for w in (trigger.head, trigger.anchor) for p in kids(w)
                                                    if p.dep_ == "prep" and p.lower_ != "from"
                                                    for o in kids(p) if o.dep_ == "pobj"]
        for holder in holders:
            for obj in prep_objects(holder, ("from",)):
                givers.add(phrase_party(obj, index))
        source, target = givers, source
        inverted = True
    else:
        inverted = False
    place, place_country, place_actors = place_of(place_words(trigger), index)
    target = target.without(source.actors)
    handed = trigger.kind == "light" and trigger.anchor.lemma_.lower() in lex.transfer_verbs
    protest = own_type == "PROTEST"
    if protest:
        target = target.without(place_actors)  # "blocked streets in Lima": the streets' city is no target
    promised = trigger.sense.frame == "intent" and trigger.act is not None  # made to someone, not to the place
    if not target.actors and place_actors and (trigger.sense.type not in ("CONSULT",) or handed) and not promised \
            and not trigger.cameo.startswith("036") and not place_actors & set(source.actors) and not (
                protest and (not source.actors or same_side(place_actors, source.actors, index))):
        # Where no one else is named, an act done in a country is done to it ("lifted a curfew in
        # Montenegro", "evacuate settlements in the Gaza Strip", "dispatched inspectors to ... Iran"); a reply
        # handed over in a capital is handed to its government ("the letter handed over in Ankara"). Protesters
        # in their own country (or known only by where they are) protest whom the sentence names (below), else
        # their government, not the place.
        # The words: the people or things force is used on, with their place ("killed 75 people in eastern
        # Syria"); for other acts the place itself ("a ceasefire in Afghanistan": Afghanistan).
        force_used = int(trigger.cameo[:2]) in (17, 18, 19, 20)
        words = target.unresolved[0] if target.unresolved and force_used else place_span(place, sent)
        target = Party(sorted(place_actors), [words] * len(place_actors), [], [])
    if not target.actors:
        target = _target_in_words(trigger, target, Party(source.actors + sorted(place_actors)), context)
    evidence = evidence_span(context.text, sent, trigger.head.idx)
    if quote is not None and not (evidence[0] <= quote.start < evidence[1] or quote.start <= evidence[0] < quote.end):
        quote = None
    if clause.speech is not None and not evidence[0] <= clause.speech.idx < evidence[1]:
        # A claim does not run on across a paragraph break the parser ran over.
        clause.speech = clause.speech_subject = None
    if clause.hypothesis:
        # A hypothesis is not a report: an act inside an if-clause ("sanctions if Morocco sends troops": the
        # sending is the threat's condition, read there as its target), asked about ("whether to resume"),
        # feared, or named as a pretext or a possibility ("a pretext to open fire").
        return None
    claimant = claimant_of(clause, quote, index, [clause_word, context.root])
    cameo, negated = trigger.cameo, clause.negated
    modality = clause.modality(quote is not None or claimant is not None)

    # Coding rules that need the clause and the actors together (module docstring, point 4).
    root = int(cameo[:2])
    if not source.actors and claimant is not None and not inverted and (
            names_speaker(trigger, lex) or unsaid_doer(trigger, claimant, index)):
        source = Party([claimant], [claimant_span(clause, quote, sent)], [], [])
        if quote is None and clause.speech_subject is not None:
            speakers = phrase_party(clause.speech_subject, index)  # "the administration and the EU reminded Cuba"
            if claimant in speakers.actors:
                source = speakers
    own_claim = claimant is not None and bool(source.actors) and same_side([claimant], source.actors, index)
    force = root == 14 or root >= 16
    if clause.deontic and claimant is not None and source.actors and not own_claim:
        cameo = plover.frame_code("demand", cameo)
        target, source = source, Party([claimant], [claimant_span(clause, quote, sent)], [], [])
        # The demand is made, whatever it asks: "Russia should not invade," said X is a demand, not none.
        claimant, modality, negated = None, "asserted", False
    elif clause.deontic and claimant is None:
        # "the garrison should be reduced", "the alliance would need to consent": an obligation no one is said to voice is
        # neither a report of the act nor anyone's demand.
        return None
    elif clause.drill and (force or root == 15) and not negated:
        cameo = "150"  # "rehearsed artillery fire during the exercise": an exercise, not an attack
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
        source = Party(sorted(place_actors), [place_span(place, sent)] * len(place_actors), [], [])
    if cameo == "150" and (len({index.country_of(a) for a in source.actors} - {None}) > 1 or target.actors):
        cameo = "062"  # war games held by, or with, several states are military cooperation
    if cameo.startswith("042") and not target.actors and place_actors:
        # "arrived in Amman on a visit": Jordan is visited
        target = Party(sorted(place_actors), [place_span(place, sent)] * len(place_actors), [], [])
    if cameo.startswith("13") and not target.actors:
        target = condition_party(clause_word, index)  # "sanctions if Morocco sends troops" -> Morocco
        if not target.actors and trigger.act is not None:
            target = condition_party(trigger.act.anchor, index)
    target = target.without(source.actors)
    if not target.actors and cameo.startswith(DOMESTIC_MEASURES):
        # A curfew, a state of emergency, martial law, restrictions on political life imposed, threatened or
        # eased by a state, with no one else named, fall on its own people ("lifted the state of emergency").
        countries = {index.country_of(a) for a in source.actors} - {None}
        if len(countries) == 1:
            # The words: where it applies ("a state of emergency in northern parts of the country"), else those it
            # falls on ("restrictions on millions of workers"), if named.
            where = [o for w in place_words(trigger) + [c for c in kids(trigger.anchor) if c.dep_ == "dobj"]
                     for o in prep_objects(w, ("in",))]
            at = phrase_span(where[0]) if where else target.unresolved[0] if target.unresolved else \
                [trigger.anchor.idx, trigger.anchor.idx]
            target = Party([f"country:{countries.pop()}/CVL"], [at], [], [])

    earlier = None
    if not source.actors and not target.actors and trigger.is_noun and _definite(trigger.head):
        # "The meeting will last three hours", "Thursday's meeting took place in Vienna": the meeting told of a
        # few sentences before, with its parties; no words here name them, so their spans are the words that
        # named them there.
        earlier = context.recalled([trigger.sense.type])
        if earlier is not None:
            source = Party(list(earlier.source), _recalled_spans(earlier.source, earlier.source, earlier.source_spans,
                                                                 trigger.head, context), [], [])
            parties = [a for a in earlier.target if a not in earlier.source]
            target = Party(parties, _recalled_spans(parties, earlier.target, earlier.target_spans, trigger.head, context),
                           [], [])
    if trigger.kind in ("verb", "light", "adjective") and not source and not target.actors:
        return None  # no doer, no one done to: a general remark ("such deals aren't reached quickly")
    if not source.actors and not target.actors and (trigger.kind in ("occurrence", "setting", "movement", "noun")
                                                      or (trigger.anchor.dep_ == "acl" and trigger.anchor.tag_ == "VBN")):
        # A named act no actor takes part in ("months of negotiation have produced nothing", "the question of
        # troops gathered near the frontier") tells a reader nothing of who did what.
        return None
    target = off_the_act(target, act_words(trigger, index, lex.nouns), index, lex.nouns)  # "lifted its blockade of Peru": Peru, not the blockade
    aimed = trigger.act.cameo if trigger.act is not None and cameo.startswith("13") else cameo
    if int(aimed[:2]) in (17, 18, 19, 20):
        # Force is used on people or things where they are: "stormed a police headquarters in eastern
        # Afghanistan", though the parser hangs the place on the verb.
        target = Party(list(target.actors), [_with_place(s, sent) for s in target.spans],
                       [_with_place(s, sent) for s in target.unresolved], list(target.tokens),
                       [_with_place(s, sent) for s in target.beside])
    code = plover.lookup(cameo)
    if code is None:
        return None
    plover_type = trigger.sense.type if cameo == trigger.sense.cameo else code.type
    if plover_type is None:
        return None
    mode = trigger.sense.mode if cameo == trigger.sense.cameo else code.mode
    date, date_from, timex = event_date(clause_word, sent, context)
    if earlier is not None and date_from != "text" and earlier.date_from == "text":
        date, date_from, timex = earlier.date, earlier.date_from, earlier.timex  # the same meeting, the same day
    doc = sent.doc
    first, last = sorted((trigger.first, trigger.last))
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    evidence_start, evidence_end = evidence_span(context.text, sent, start)
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
        source_spans=_worded(source.spans),
        target_spans=_worded(target.spans),
        source_unresolved=list(source.unresolved) if not source.actors else _beside(source),
        target_unresolved=list(target.unresolved) if not target.actors else _beside(target),
        date=date,
        date_from=date_from,
        timex=timex,
        negated=negated,
        modality=modality,
        claimed_by=claimant,
        location=place,
        location_country=place_country,
        confidence=confidence(trigger, sent, source, target),
    )


def _recalled_spans(actors: list[str], named: list[str], spans: list[list[int]], word: Token,
                    context: Document) -> list[list[int]]:
    """The words that named recalled parties: the earlier event's span for each (where it had one for every
    actor), else the last mention of the actor before ``word``."""
    if len(named) == len(spans):
        by_actor = dict(zip(named, spans))
        return [list(by_actor[a]) for a in actors]
    return [context.named_before(a, word) for a in actors]


WHERE_PREPS = frozenset({"in", "near", "at", "across", "outside", "inside", "around"})


def _with_place(span: list[int], sent: Span) -> list[int]:
    """A role's words with the place phrase right after them ("positions" + "in eastern Syria"), where that
    phrase names a place (bounded: a place phrase, not a clause)."""
    if span[0] >= span[1]:
        return span
    doc = sent.doc
    words = tokens_between(doc, span[1] - 1, span[1])  # the role's last word, found without walking the sentence
    if not words or words[-1].i + 1 >= sent.end:
        return span
    after = doc[words[-1].i + 1]
    if after.lower_ not in WHERE_PREPS or after.dep_ != "prep":
        return span
    objects = [o for o in kids(after) if o.dep_ == "pobj"]
    if not objects:
        return span
    last = after.i
    for token in doc[after.i + 1:min(objects[0].right_edge.i, after.i + 12, sent.end - 1) + 1]:
        if token.is_punct and token.text not in ("'", "’", "-") or (token.dep_ == "prep" and token.lower_ != "of"):
            break  # the place's own words, not what is said of it ("in western Kabul, the seventh attack")
        last = token.i
    words = doc[after.i:last + 1]
    if not any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in words) or any(t.pos_ in ("VERB", "AUX") for t in words):
        return span
    return [span[0], max(span[1], doc[last].idx + len(doc[last].text))]


def _beside(party: Party) -> list[list[int]]:
    """The phrases naming no known actor that the role's words coordinate with known ones ("attacks on the Syrian
    army and its ally, a militia"), where they overlap no actor's words."""
    return [list(s) for s in party.beside if s in party.unresolved and s[0] < s[1]
            and not any(a < s[1] and s[0] < b for a, b in party.spans)]


def _worded(spans: list[list[int]]) -> list[list[int]]:
    """The spans that point at words. An actor no words name (the government a protest is against, a meeting's
    parties never named) has none: a span is left out rather than pointing at nothing."""
    return [list(s) for s in spans if s[0] < s[1]]


def plover_type_of(trigger: Trigger, cameo: str) -> str | None:
    if cameo == trigger.sense.cameo:
        return trigger.sense.type
    code = plover.lookup(cameo)
    return code.type if code else None


def _spoken_demands(sent: Span, triggers: Triggers, context: Document) -> list[Event]:
    """"X said Y must/should ..." with no act named in the clause: X's demand on Y (REQUEST 100)."""
    lex, index = context.lex, context.index
    found = []
    governed = {t.anchor.head.i for t in triggers.items}
    for token in span_tokens(sent):
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
            if not speaker.actors or not addressee.actors or same_side(speaker.actors, addressee.actors, index):
                continue
            sense = lex.verbs["demand"][0].senses[0]
            trigger = Trigger(clause_head, clause_head, modal.i, clause_head.i, sense, "100", "verb")
            date, date_from, timex = event_date(token, sent, context)
            first, last = min(modal, clause_head, key=lambda t: t.i), max(modal, clause_head, key=lambda t: t.i)
            start, end = first.idx, last.idx + len(last.text)
            evidence_start, evidence_end = evidence_span(context.text, sent, start)
            code = plover.lookup("100")
            assert code is not None
            found.append(Event(
                id=stable_id("event", context.id_base, start, end, "REQUEST"), article=context.article,
                sentence=context.text[evidence_start:evidence_end],
                start=evidence_start, end=evidence_end, trigger=[start, end],
                type="REQUEST", mode=None, cameo="100", intensity=code.goldstein,
                source=speaker.actors, target=addressee.actors, source_spans=speaker.spans,
                target_spans=addressee.spans, date=date, date_from=date_from, timex=timex, modality="asserted",
                confidence=round(max(0.05, confidence(trigger, sent, speaker, addressee) - 0.1), 2),
            ))
    return found
