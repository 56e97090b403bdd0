"""Who did it, to whom, and whose claim it is: the coder's reading of roles for one trigger, built on the
parse-level helpers of ``roles.py`` and on what the document holds (``context.Document``).

- ``source_of``: the clause's subject, coordinated subjects the parse split off, "the alliance" for the
  organisation last named, pronouns for the speaker or the country just named, an event noun's owner;
- ``target_of``: the object or the prepositional objects the lexicon names, the addressee of an appeal, the
  doer of a demanded act, the condition of a threat;
- ``claimant_of``: the speaker of the quote or of the verb of saying the event is reported by.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitroom.events.context import DOCUMENT_NOUNS, GOVERNMENT_SECTORS, Document
from sitroom.events.lexicon import Lexicon
from sitroom.events.modality import CONDITION_MARKS, Clause
from sitroom.events.roles import (FIRST_PERSON, THIRD_PERSON, Mentions, Party, agent_object, controller, is_passive, kids,
                                  owner_party,
                                  small_clause_participle,
                                  phrase_party, prep_objects, speaker_for, subject_token, surface_coordination)
from sitroom.events.triggers import Trigger
from sitroom.records import Quote

def source_of(trigger: Trigger, context: Document, clause: Clause | None = None, quote: Quote | None = None) -> Party:
    """Who does it: the clause's subject (with actors the parse split off it: "Canada and the EU rejected");
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
        speaker = speaker_for(subject, quote, clause.speech_subject, index) if (
            clause is not None and subject.lower_ in ("it", "they") and clause.speech_subject is not None) else None
        if speaker is not None and speaker not in party.actors and speaker.startswith(("country:", "igo:")):
            # "Iran has said it would choose ... in the light of the replies it had asked for": in what a country
            # says, "it" is the country itself, whatever a nearer name suggests.
            party = Party([speaker], [[subject.idx, subject.idx + len(subject.text)]], [], [subject])
        for extra in surface_coordination(subject, index, anchor.sent.start if context.sent is None else context.sent.start):
            party.add(phrase_party(extra, index, owners=False))
        if not party.actors and subject.lemma_.lower() in GROUPINGS and any(
                c.dep_ == "det" and c.lower_ == "the" for c in kids(subject)):
            # "the alliance", "the bloc": the organisation last named before it
            actor = last_named(subject, index, "igo:")
            if actor is not None:
                party = Party([actor], [[subject.left_edge.idx, subject.idx + len(subject.text)]], [], [subject])
        if not party.actors and subject.lemma_.lower() in PARTIES and subject.tag_ in ("NNS", "NNPS") and any(
                c.dep_ in ("det", "nummod", "predet") for c in kids(subject)):
            # "the parties", "both sides", "the two delegations": those of the meeting told of just before
            earlier = context.recalled(("CONSULT", "AGREE", "COOPERATE"), reach=4)
            if earlier is not None:
                actors = list(dict.fromkeys(earlier.source + earlier.target))
                span = [subject.left_edge.idx, subject.idx + len(subject.text)]
                party = Party(actors, [span] * len(actors), [], [subject])
        owner = next((c for c in kids(subject) if c.dep_ == "poss" and c.lower_ in ("their", "its", "his", "her")),
                     None) if not party.actors else None
        if owner is not None:
            # "(Bosnian Serbs said) their forces had completed their withdrawal": the forces of those "their" names
            actors = pronoun_actors(owner, clause, quote, context)
            if actors:
                span = [subject.left_edge.idx, subject.idx + len(subject.text)]
                party = Party(actors, [span] * len(actors), [], [subject])
        if not party.actors and subject.lower_ in FIRST_PERSON | THIRD_PERSON | PERSONAL:
            actors = pronoun_actors(subject, clause, quote, context)
            if actors:
                span = [subject.idx, subject.idx + len(subject.text)]
                party = Party(actors, [span] * len(actors), [], [subject])
        if clause is not None and clause.speech_subject is not None and subject.lower_ in ("it", "they", "he", "she"):
            party = _worded_by_speaker(party, subject, clause.speech_subject, index)
    elif anchor.dep_ == "acl" and anchor.tag_ == "VBN" and trigger.sense.type in ("MOBILIZE", "RETREAT"):
        party = phrase_party(anchor.head, index)  # "40,000 Chilean troops gathered near the frontier"
    if trigger.kind == "setting":
        # Everyone the verb names was at the meeting: "representatives of X and Y - joined by officials of Z - agreed"
        for child in kids(anchor):
            if child.dep_ in ("nsubj", "nsubjpass"):
                party.add(phrase_party(child, index))
            elif child.dep_ == "agent":
                obj = agent_object(child)
                if obj is not None:
                    party.add(phrase_party(obj, index))
    if not party.actors and (trigger.sense.type == "MOBILIZE" or trigger.cameo.startswith("087")) and not trigger.is_noun:
        # "moved troops", "NATO forces should be reduced": the forces' owner moves them (not so for a release:
        # "prisoners were released" says nothing of who released them).
        theme = object_party(trigger.anchor, index)
        if theme.actors:
            party = theme
    if not party.actors and (trigger.is_noun or trigger.kind == "noun"):
        moved = trigger.sense.type in ("RETREAT", "MOBILIZE")  # "the withdrawal of Serbian forces from Bosnia"
        owners = owner_party(trigger.head, index, "theme" if moved else trigger.sense.of, origins=not moved)
        for holder in _described_by(trigger.head):
            for obj in prep_objects(holder, ("between",)):
                owners.add(phrase_party(obj, index))
        if owners.actors:
            party = owners
    return party


def _worded_by_speaker(party: Party, pronoun: Token, speaker: Token, index: Mentions) -> Party:
    """"Bangladesh says it will not accept ...": where "it" is the one saying so, the words that name the doer
    are the speaker's, not the pronoun (a pronoun names no one). Kept as it is where the pronoun stands for
    someone else or cannot stand for the speaker ("he" for a country)."""
    if speaker.sent != pronoun.sent or speaker.i > pronoun.i:
        return party
    said = phrase_party(speaker, index)
    if not said:
        return party
    personal = pronoun.lower_ in ("he", "she")
    if said.actors:
        if any(_is_person(a, index) != personal for a in said.actors if pronoun.lower_ != "they"):
            return party
        if party.actors and set(party.actors) <= set(said.actors):
            spans = [said.spans[said.actors.index(a)] for a in party.actors]
            return Party(list(party.actors), spans, [], list(party.tokens), list(party.beside))
        return party
    if party.actors or not party.unresolved:
        return party
    return Party([], [], list(said.unresolved), list(party.tokens))  # "Action Against Hunger says it ..."


def _described_by(noun: Token) -> list[Token]:
    """The noun and the nouns of its apposition that say what it is: "Friday's meeting, the final one of four
    rounds between Chile and Peru" (the sessions hold the parties)."""
    found = [noun]
    for child in kids(noun):
        if child.dep_ == "appos":
            found.append(child)
            found.extend(o for p in kids(child) if p.dep_ == "prep" and p.lower_ == "of" for o in kids(p)
                         if o.dep_ == "pobj")
    return found


PERSONAL = frozenset({"he", "she", "him", "her", "his"})
PRONOUN_REACH = 60  # tokens back where "he" or "she" may find the person it stands for
PARTIES = frozenset({"party", "side", "participant", "delegation", "negotiator", "envoy"})
GROUPINGS = frozenset({"alliance", "bloc", "organization", "organisation", "union"})


def last_named(word: Token, index: Mentions, prefix: str, reach: int = 300) -> str | None:
    """The actor of the given kind named last before ``word`` (within ``reach`` tokens). For an organisation,
    someone holding its office names it too ("NATO's secretary general ... the alliance")."""
    for i in range(word.i - 1, max(-1, word.i - reach), -1):
        mention = index.by_token.get(i)
        if mention is None or mention.actor is None:
            continue
        if mention.actor.startswith(prefix):
            return mention.actor
        actor = index.actors.get(mention.actor)
        if prefix == "igo:" and actor is not None and actor.kind == "person" and actor.org:
            return f"igo:{actor.org}"
    return None


def pronoun_actors(pronoun: Token, clause: Clause | None, quote: Quote | None, context: Document) -> list[str]:
    index = context.index
    word = pronoun.lower_
    if word == "it" and pronoun.head.lemma_ == "be" and extraposed(pronoun.head, context.lex):
        return []  # "it is sensible to carry on": no one
    speech_subject = clause.speech_subject if clause is not None else None
    actor = speaker_for(pronoun, quote, speech_subject, index)
    if actor is None and word in FIRST_PERSON:
        actor = sentence_speaker(context.sent, context) if context.sent is not None else None  # a quote left without a speaker
    if actor is not None:
        return [actor]
    if word in ("it", "its"):
        first = context.sent.start if context.sent is not None else 0
        document = _document_announced(pronoun, first, context)
        if document is not None:
            # "the memo restates points made by Chile and its partners: It rejects ...": "it" is the
            # document, and what it does its author does; an author the text does not give is left open.
            return _author_of(document, context)
        # "Chile insists it has no such intention": the nearest country or organisation named before it.
        for token in reversed(pronoun.doc[max(first, pronoun.i - 40):pronoun.i]):
            found = index.actor_at(token)
            if found is not None and found.startswith(("country:", "igo:")):
                return [found]
    if word in PERSONAL:
        # "Despite saying that he wanted ..., Domić proposed": the one who says it; else the person named last
        # before it, in this sentence or the one before ("Vell spoke ... However, he opposed").
        if speech_subject is not None:
            said_by = phrase_party(speech_subject, index, owners=False).actors
            if said_by and _is_person(said_by[0], index):
                return said_by[:1]
        root = context.root
        main_subject = subject_token(root) if root is not None else None
        if main_subject is not None and main_subject.i > pronoun.i:
            # An opening phrase speaks of the sentence's subject before naming it: "Despite saying ... that he
            # wanted ..., Domić proposed".
            said_by = phrase_party(main_subject, index, owners=False).actors
            if said_by and _is_person(said_by[0], index):
                return said_by[:1]
        found = last_named(pronoun, index, "person:", reach=PRONOUN_REACH)
        if found is not None:
            return [found]
    if word == "they" and context.sentence_sources:
        return list(context.sentence_sources)  # "a meeting of envoys ... settled nothing, but they will convene again"
    main_clause = pronoun.dep_ == "nsubj" and (pronoun.head.dep_ == "ROOT" or pronoun.head.head.dep_ == "ROOT")
    if word == "they" and main_clause:
        return list(context.previous_sources)
    return []


def _document_announced(pronoun: Token, first: int, context: Document) -> Token | None:
    """The document whose content "it" opens, after a colon: "the response sticks to earlier points: It rejects
    ..."; the subject of the clause before the colon, a document noun naming no actor."""
    doc = pronoun.doc
    if pronoun.i == first or doc[pronoun.i - 1].text not in (":", ";", "-", "—"):
        return None
    colon = pronoun.i - 1
    for token in doc[first:colon]:
        if token.dep_ in ("nsubj", "nsubjpass") and token.lemma_.lower() in DOCUMENT_NOUNS \
                and context.index.actor_at(token) is None and token.head.i < colon:
            return token
    return None


def _author_of(document: Token, context: Document) -> list[str]:
    """Who wrote or gave a document: its owner ("the US response", "the report by NATO"), else the giver of the
    document an earlier event of the text delivered ("The document delivered in Moscow by the ambassador")."""
    owners = owner_party(document, context.index, "source", whole=True)
    if owners.actors:
        return owners.actors[:1]
    earlier = context.recalled_document()
    return list(earlier.source[:1]) if earlier is not None else []


def _is_person(actor_id: str, index: Mentions) -> bool:
    actor = index.actors.get(actor_id)
    return actor.kind == "person" if actor is not None else actor_id.startswith("person:")


def extraposed(copula: Token, lex: Lexicon) -> bool:
    """"it is sensible to carry on", "it is unclear whether": "it" stands for the clause after. With an
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


def sentence_speaker(sent: Span, context: Document) -> str | None:
    for token in sent[:200]:  # a speech verb near the quote; a run-on sentence is not searched to its end
        if token.pos_ == "VERB" and token.lemma_.lower() in context.lex.speech:
            subject = subject_token(token)
            if subject is not None:
                found = phrase_party(subject, context.index, owners=False)
                if found.actors:
                    return found.actors[0]
    return None


def target_of(trigger: Trigger, context: Document, clause: Clause | None = None) -> Party:
    """Whom it is done to, where the sense says to look; a frame's complement gives the target where the
    frame names none ("urged Russia to", "demanded that the US cancel", "requested assurances that NATO
    ...", "rejected calls by Belarus")."""
    index, lex = context.index, context.lex
    sense = trigger.sense
    party = Party()
    frame = sense.frame
    if frame in ("appeal", "demand"):
        addressee = Party()
        if not trigger.is_noun and phrase_party(direct_object(trigger.anchor), index, owners=False).actors:
            addressee = object_party(trigger.anchor, index)  # "urged Russia to": not "requested assurances"
        for obj in prep_objects(trigger.anchor, ("on", "upon", "to")):
            addressee.add(phrase_party(obj, index))
        where = trigger.complement
        if where is None and not trigger.is_noun:
            where = next((c for c in kids(trigger.anchor) if c.dep_ == "dobj"), None)
        moved = trigger.act is not None and trigger.act.sense.type in ("RETREAT", "MOBILIZE")
        if not addressee.actors and where is not None and not moved:  # "the withdrawal of forces from X": a place
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
            doer = source_of(trigger.act, context)  # "demanded the withdrawal of Serbian forces": Serbia is asked
            if doer.actors:
                return doer
        if trigger.act is not None:  # "called for sanctions against Nigeria": whom the act is aimed at
            aimed = target_of(trigger.act, context)
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
    if trigger.is_noun and trigger.head.dep_ == "conj":  # "launched air and artillery strikes on X": "on" is on "air"
        words.append(trigger.head.head)
    if trigger.is_noun:  # "provided 3.5 million euros in humanitarian funding to Peru": "to" is on what the sum is
        words += [o for p in kids(trigger.head) if p.dep_ == "prep" and p.lower_ == "in" for o in kids(p)
                  if o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME", "GPE", "LOC")]
    if not trigger.is_noun:
        words += [c for c in kids(trigger.anchor) if c.dep_ == "dobj"]  # "imposed sanctions on Iran"
        doc = trigger.anchor.doc
        words += [o for i in range(trigger.first, trigger.last + 1) if doc[i].dep_ == "prep"
                  for o in kids(doc[i]) if o.dep_ == "pobj"]  # "reneged on his commitment to the people"
    for spec in specs:
        if spec == "object":
            if not trigger.is_noun and sense.type != "MOBILIZE":
                party.add(object_party(trigger.anchor, index))
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
        supplied = trigger.head.head.lower_ == "with" and trigger.head.head.head == trigger.anchor
        for child in kids(trigger.anchor):
            if child.dep_ == "dative":  # "gave the Ivory Coast 5 million dollars of aid"
                party.add(phrase_party(child, index))
            elif child.dep_ == "dobj" and (supplied or (child.i < trigger.head.i and child != trigger.head and not
                                                        trigger.head.is_ancestor(child))):
                # "provided Egypt with $50 billion"; "has given Peru over $50 million" (two objects, the first
                # the recipient, though the parser did not call it a dative)
                party.add(phrase_party(child, index))
        if subject_token(trigger.anchor) is not None:  # "hosted a meeting between X and Y": X and Y are hosted
            for obj in prep_objects(trigger.head, ("between",)):
                party.add(phrase_party(obj, index))
    if not party.actors and sense.type in ("MOBILIZE", "PROTEST", "THREATEN"):
        for purpose in prep_objects(trigger.anchor, ("for",)):  # "mobilized reservists for a war against Iraq"
            for obj in prep_objects(purpose, ("against", "on", "with")):
                party.add(phrase_party(obj, index))
    if not party.actors and trigger.act is not None and frame in ("intent", "threaten", "reject"):
        party.add(target_of(trigger.act, context))
    if not party.actors and frame == "threaten" and clause is not None and clause.has_condition:
        party.add(condition_party(trigger.anchor, index))
    if not party.actors and frame == "reject":
        # "declined to resign despite growing pressure by the commission": a refusal of those who press for it
        for word in (trigger.anchor, trigger.complement or trigger.anchor):
            for obj in prep_objects(word, ("despite",)):
                party.add(owner_party(obj, index, "source"))
    return party


def condition_party(verb: Token, index: Mentions) -> Party:
    """The doer of a threat's condition is its target: "sanctions if Morocco sends troops" -> Morocco."""
    for child in kids(verb):
        if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in kids(child)):
            subject = subject_token(child)
            if subject is not None:
                found = phrase_party(subject, index)
                if found.actors:
                    return found
    return Party()


def direct_object(verb: Token) -> Token:
    return next((c for c in kids(verb) if c.dep_ in ("dobj", "dative")), verb)


def object_party(verb: Token, index: Mentions) -> Party:
    """The direct object's actors, or those of its owner ("rejected the Kremlin's demands")."""
    party = Party()
    passive = any(c.dep_ == "auxpass" for c in kids(verb)) or is_passive(verb)
    if passive and not any(c.dep_ == "nsubjpass" for c in kids(verb)):
        # "after being sanctioned by Canada": the one sanctioned; "Chile's claims - rejected by Peru": the claims
        if small_clause_participle(verb):  # "didn't see its demands met": the demands
            undergoer = next((c for c in kids(verb) if c.dep_ == "nsubj"), None)
        else:
            undergoer = verb.head if verb.dep_ == "acl" else _described_object(verb) or controller(verb)
        if undergoer is not None and undergoer.pos_ not in ("PROPN", "PRON") and not phrase_party(
                undergoer, index, owners=False).actors:
            owners = owner_party(undergoer, index, whole=True)  # "Russia's claims": Russia
            if owners.actors:
                party.add(owners)
                undergoer = None
        if undergoer is not None:
            party.add(phrase_party(undergoer, index))
    objects = [c for c in kids(verb) if c.dep_ in ("dobj", "dative") or (passive and c.dep_ == "nsubjpass")]
    for particle in kids(verb):  # "kidnapped up to 16 advisers": "up to" counts, the advisers are the object
        if particle.dep_ == "prt" and particle.lower_ == "up":
            objects += [o for p in kids(particle) if p.lower_ == "to" for o in kids(p) if o.dep_ == "pobj"]
    for child in objects:
        found = phrase_party(child, index, owners=False)
        if not found.actors:
            owners = owner_party(child, index, whole=True)  # "rejected the Kremlin's demands"
            found = owners if owners.actors else phrase_party(child, index)
        party.add(found)
    return party


def _described_object(participle: Token) -> Token | None:
    """The object a passive participle describes when the parser hung the participle on the verb instead: in
    "would weaken Chile's claims - rejected by Peru -", the claims are what is rejected."""
    if participle.dep_ != "advcl" or participle.head == participle:
        return None
    for obj in kids(participle.head):
        if obj.dep_ == "dobj" and obj.i < participle.i and all(
                t.is_punct for t in participle.doc[obj.right_edge.i + 1:participle.i]):
            return obj
    return None


def claimant_of(clause: Clause, quote: Quote | None, index: Mentions, words: list[Token] | None = None) -> str | None:
    if quote is not None:
        return quote.speaker
    if clause.speech_subject is not None:
        party = phrase_party(clause.speech_subject, index)
        return party.actors[0] if party.actors else None
    for word in words or ():  # "..., according to Marenko": on the clause's verb or the sentence's root
        for holder in (word,):
            for according in kids(holder):
                if according.dep_ == "prep" and according.lower_ == "according":
                    for obj in prep_objects(according, ("to",)):
                        party = phrase_party(obj, index)
                        if party.actors:
                            return party.actors[0]
    return None


def claimant_span(clause: Clause, quote: Quote | None, sent: Span) -> list[int]:
    if quote is not None and quote.speaker_start is not None and quote.speaker_end is not None:
        return [quote.speaker_start, quote.speaker_end]
    subject = clause.speech_subject
    if subject is not None:
        return [subject.left_edge.idx, subject.idx + len(subject.text)]
    return [sent.start_char, sent.start_char]


def unsaid_doer(trigger: Trigger, claimant: str, index: Mentions) -> bool:
    """"(Canada said) no concessions will be granted": an act named by a noun in an agentless passive, claimed
    by a government's voice, is that government's act. Analysts and reporters speak for no one."""
    if trigger.kind != "light" or not is_passive(trigger.anchor) or subject_token(trigger.anchor) is not None:
        return False
    actor = index.actors.get(claimant)
    if actor is None:
        return claimant.startswith(("country:", "igo:"))
    return actor.kind in ("country", "igo") or (actor.sector in GOVERNMENT_SECTORS and actor.country is not None)


def names_speaker(trigger: Trigger, lex: Lexicon) -> bool:
    """The clause's subject is a pronoun standing for the speaker ("we", "I", "it" after "Russia said"),
    not the "it" of "it is sensible to"."""
    subject = subject_token(trigger.anchor)
    if subject is None or subject.lower_ not in FIRST_PERSON | THIRD_PERSON:
        return False
    return not (subject.lower_ == "it" and subject.head.lemma_ == "be" and extraposed(subject.head, lex))
