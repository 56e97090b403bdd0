"""The places pass: countries, IGOs, capitals, groups and peoples found by the dictionary.

Capitals and seats of power are the government when they act ("Moscow sent letters") and the
country when they are a place ("in Moscow"); a country word that modifies a sector noun makes a
sector actor ("Russian troops" -> country:RUS/MIL), or a person when the noun is a title we can
link ("the Russian president" -> the president at the article's date). Peoples ("Kurds") are
placed in the one country their sentence names, after every other pass (:func:`place_peoples`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitroom.actors.dictionary import SECTOR_NAMES, Alias
from sitroom.actors.holders import link_title
from sitroom.actors.state import Match, Resolution
from sitroom.actors.titles import sector_title
from sitroom.actors.words import (
    BACKING_WORDS,
    GROUP_PREPS,
    LOCATION_PREPS,
    MOTION_VERBS,
    NAMED_LABELS,
    POSSESSIVE,
    STATE_ACT_VERBS,
)
from sitroom.records import Actor

# Dictionary matches a country word's noun may extend ("Russian troops", "NATO officials").
MODIFIER_KINDS = frozenset({"name", "adj", "demonym", "capital", "place", "igo", "group"})


def resolve_place_and_group_matches(state: Resolution, matches: list[Match]) -> None:
    """Pass: the dictionary matches that are not people (countries, IGOs, capitals, groups, peoples).

    Reads the parse, ``state.match_at``, the people and apposition titles found by the people
    pass. Adds mentions of country, IGO and group actors (sector actors such as
    ``country:RUS/MIL`` for "Russian troops"), TITLE mentions where a country word is part of an
    office-holder's title ("the Russian president"), and notes peoples in ``state.peoples`` for
    :func:`place_peoples`. Matches inside a longer organisation name are left to the entities pass."""
    entity_of: dict[int, Span] = {i: ent for ent in state.ents for i in range(ent.start, ent.end)}
    for start, end, alias in matches:
        if alias.how == "person" or not state.free(start, end):
            continue
        ent = entity_of.get(start)
        if _inside_longer_org(state, ent, start, end):
            continue  # part of a longer organisation name; handled with the entity
        actor_id, label = _match_actor(state, start, end, alias, ent)
        if actor_id is not None:
            _add_match(state, start, end, alias, actor_id, label)


def _inside_longer_org(state: Resolution, ent: Span | None, start: int, end: int) -> bool:
    """Whether a match is part of a longer ORG/FAC entity ("the Ukraine Crisis Media Center"),
    unless the entity is the country plus sector words ("Russian Foreign Ministry")."""
    if ent is None or ent.label_ not in {"ORG", "FAC"}:
        return False
    ent_start = ent.start
    while ent_start < start and state.doc[ent_start].lower_ == "the":
        ent_start += 1
    return (ent_start < start or ent.end > end) and not is_sector_org(state, ent)


def _add_match(state: Resolution, start: int, end: int, alias: Alias, actor_id: str, label: str) -> None:
    """The mention of one country/IGO/group match, with the noun it modifies where that makes a
    title, a people of a country or a sector actor."""
    doc, dictionary = state.doc, state.dictionary
    head = None if _negated_modifier(doc, start) else _modified_noun(state, start, end)
    if head is not None and head.i in state.title_links:
        person_id, title_end = state.title_links[head.i]
        if state.free(start, title_end):
            state.add(start, title_end, "TITLE", person_id, root=head.i)
            return
    if alias.how == "people":
        # A people ("Kurds", "Tamils"): placed in a country later, from its sentence.
        title = sector_title(state, head) if head is not None else None
        state.add(start, end, label, state.use_actor(dictionary.actors[actor_id]), root=end - 1)
        state.peoples.append((state.mentions[-1], title.sector if title else None))
        return
    if start > 0 and doc[start - 1].lower_ == "ethnic" and alias.how in {"adj", "demonym"}:
        state.add(start, end, label, None)  # "ethnic Albanians": a people, not Albania
        return
    if _add_national_people(state, start, alias, actor_id, label, head):
        return
    if head is not None and _add_backed_group(state, start, end, actor_id, label, head):
        return
    if head is not None and alias.how in MODIFIER_KINDS and _add_modified_noun(state, start, end, actor_id,
                                                                               label, head):
        return
    if _names_people(doc, start, end, alias) and dictionary.actors.get(actor_id, None) is not None \
            and dictionary.actors[actor_id].kind == "country":
        # "Libyans", "a Palestinian": people of the country (CAMEO codes them civilians, CVL); a
        # people that acts as a state ("the Kestrians rejected the offer") is its government.
        sector = "GOV" if _acts_as_state(doc[end - 1]) else "CVL"
        actor_id = state.use_actor(dictionary.group_actor(actor_id, sector))
    state.add(start, end, label, actor_id, root=end - 1)


def _add_national_people(state: Resolution, start: int, alias: Alias, actor_id: str, label: str,
                         head: Token | None) -> bool:
    """"Bosnian Serbs": a country word before a people is people of the first country, whatever
    their origin (CVL). Whether it added the mention."""
    people = state.match_at.get(head.i) if head is not None else None
    if head is None or people is None:
        return False
    if people[2].how in {"demonym", "people"} and alias.how in {"adj", "name"} \
            and state.free(start, people[1]) and state.dictionary.actors[actor_id].kind == "country":
        group = state.use_actor(state.dictionary.group_actor(actor_id, "CVL"))
        state.add(start, people[1], label, group, root=head.i)
        return True
    return False


def _add_modified_noun(state: Resolution, start: int, end: int, actor_id: str, label: str, head: Token) -> bool:
    """A country/IGO word and the noun it modifies: a person title we can link ("the Russian
    president"), or a sector ("Russian troops" -> country:RUS/MIL). Whether it added a mention."""
    dictionary = state.dictionary
    linked = link_title(state, head, actor_id)
    title = sector_title(state, head)
    if linked is not None:
        state.add(start, head.i + 1, "TITLE", linked, root=head.i)
        return True
    if title is not None and title.sector and actor_id in dictionary.actors and \
            dictionary.actors[actor_id].kind in {"country", "igo"}:
        group = state.use_actor(dictionary.group_actor(actor_id, title.sector))
        # Extend to the noun unless another actor word sits in between ("US and British forces").
        if state.free(start, head.i + 1) and head.i >= end and \
                not any(i in state.match_at for i in range(end, head.i + 1)):
            state.add(start, head.i + 1, label, group, root=head.i)
        else:
            state.add(start, end, label, group, root=end - 1)
        return True
    return False


def _acts_as_state(root: Token) -> bool:
    """Whether a people word stands for its state: "the Kestrians" (the people as a whole, not
    "Kestrians", "Kestrians of the south") as the subject of what states do: speak, reject,
    negotiate, deploy."""
    verb = root.head
    whole = any(c.dep_ == "det" and c.lower_ == "the" for c in root.children) and not any(
        c.dep_ in {"prep", "relcl", "acl", "amod"} for c in root.children)
    return whole and root.dep_ == "nsubj" and verb.pos_ == "VERB" and verb.lemma_.lower() in STATE_ACT_VERBS


def _add_backed_group(state: Resolution, start: int, end: int, actor_id: str, label: str, head: Token) -> bool:
    """"Kestria-backed separatists in Valdoria": rebels of the country they fight in, with the
    backer in their role (CAMEO codes them by where they fight, not by who backs them). Where
    they fight: the place their noun names ("in eastern Valdoria"), else the one other country
    of the sentence. Whether it added the mention."""
    doc, dictionary = state.doc, state.dictionary
    if end + 1 >= len(doc) or doc[end].text != "-" or doc[end + 1].lower_ not in BACKING_WORDS or head.i <= end:
        return False
    title = sector_title(state, head)
    backer = dictionary.actors.get(actor_id)
    code = backer.country or backer.org if backer is not None else None
    if title is None or title.sector is None or code is None or not state.free(start, head.i + 1):
        return False
    fight, country_from = _where_they_fight(state, head, code)
    backed = f"backed by {backer.name} ({code})"
    sector_name = SECTOR_NAMES.get(title.sector, title.sector)
    if fight is not None:
        name = f"{dictionary.country_names.get(fight, fight)} ({sector_name} {backed})"
        actor = Actor(id=f"country:{fight}/{title.sector}/backed-by-{code}", name=name, kind="group", country=fight,
                      sector=title.sector, role=backed, country_from=country_from)
    else:
        actor = Actor(id=f"group:{title.sector}/backed-by-{code}", name=f"{sector_name} {backed}", kind="group",
                      sector=title.sector, role=backed)
    state.add(start, head.i + 1, label, state.use_actor(actor), root=head.i)
    return True


def _where_they_fight(state: Resolution, head: Token, backer: str) -> tuple[str | None, str | None]:
    """The country a backed group fights in, and how it is known ("description": the place its
    noun names; "context": the one other country of the sentence); (None, None) if unknown."""
    def countries(tokens: list[Token]) -> set[str]:
        found = set()
        for token in tokens:
            match = state.match_at.get(token.i)
            actor = state.dictionary.actors.get(match[2].actor) if match else None
            if actor is not None and actor.kind == "country" and actor.country != backer:
                found.add(actor.country)
        return found

    named = countries([t for c in head.children if c.dep_ == "prep" and c.lower_ in GROUP_PREPS for t in c.subtree])
    if len(named) == 1:
        return named.pop(), "description"
    around = countries(list(head.sent))
    return (around.pop(), "context") if len(around) == 1 else (None, None)


def _negated_modifier(doc: Doc, start: int) -> bool:
    """"anti-Syria journalist", "pro-Kremlin party": the noun is not the country's."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in {"anti", "pro", "non"}


def _names_people(doc: Doc, start: int, end: int, alias: Alias) -> bool:
    """Whether a demonym or adjective names people of the country ("Libyans", "a Palestinian")."""
    root = doc[end - 1]
    if alias.how == "demonym":
        return root.dep_ not in {"compound", "amod", "poss", "nmod"}
    # "a Palestinian was killed": the adjective heads its own noun phrase.
    return (alias.how == "adj" and root.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"}
            and not any(child.dep_ in {"amod", "compound"} and child.i > root.i for child in root.children))


def _match_actor(state: Resolution, start: int, end: int, alias: Alias, ent: Span | None) -> tuple[str | None, str]:
    """The actor a match stands for (registered in the state) and the mention's label: an IGO's
    seat where the sentence names the IGO, the government for a seat of power or a capital that
    acts, else the dictionary's actor."""
    doc, dictionary = state.doc, state.dictionary
    text = doc[start:end].text
    covers = ent is not None and ent.label_ in NAMED_LABELS and ent.end == end and ent.label_ != "PERSON"
    label = ent.label_ if covers else _default_label(alias)
    seats = dictionary.igo_seats.get(text)
    if seats:
        # "Brussels" is NATO or the EU only where the sentence names one of them.
        sentence = doc[start].sent
        named = {m[2].actor for i in range(sentence.start, sentence.end)
                 if (m := state.match_at.get(i)) is not None}
        for code in seats:
            if f"igo:{code}" in named:
                return state.use_actor(dictionary.actors[f"igo:{code}"]), "ORG"
    actor = dictionary.actors.get(alias.actor)
    if actor is None:
        return None, label
    if alias.how == "seat" or (alias.how == "capital" and not _is_place(doc, start, end)):
        return state.use_actor(dictionary.group_actor(alias.actor, alias.sector or "GOV")), label
    return state.use_actor(actor), label


def _default_label(alias: Alias) -> str:
    return {"adj": "NORP", "demonym": "NORP", "people": "NORP", "igo": "ORG", "group": "ORG",
            "seat": "FAC"}.get(alias.how, "GPE")


def _place_prep(prep: Token) -> bool:
    """A preposition that makes its object a place: "in", "near"...; "to" only after a verb of
    motion ("flew to Moscow", but "a letter to Moscow" is addressed to the government)."""
    lower = prep.lower_
    if lower == "to":
        return prep.head.lemma_.lower() in MOTION_VERBS
    return lower in LOCATION_PREPS


def _is_place(doc: Doc, start: int, end: int) -> bool:
    """Whether a capital is used as a place ("in Moscow", "Moscow time") rather than an actor."""
    root = doc[end - 1]
    if root.dep_ == "pobj" and _place_prep(root.head):
        return True
    if start > 0 and doc[start - 1].lower_ in LOCATION_PREPS - {"to"}:
        return True
    if root.dep_ == "conj":  # "in Oslo, Vienna and Rome"
        head = root
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj" and _place_prep(head.head):
            return True
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "out":
        return True
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.i > root.i


def _modified_noun(state: Resolution, start: int, end: int) -> Token | None:
    """The noun a country/IGO word modifies ("Russian troops", "Russia's parliament",
    "officials of Spain and Italy"), or None."""
    doc = state.doc
    token = doc[end - 1]
    while token.dep_ == "conj" and token.head.i != token.i and token.head.i < token.i:
        token = token.head
    if token.dep_ not in {"amod", "compound", "poss", "nmod", "npadvmod"} or token.head.i < end:
        return _prepositional_owner(state, token, start)
    head = token.head
    # Climb modifier chains to the noun phrase's head ("Turkish Kurd refugees"), keeping the
    # nearest sector noun on the way ("Russian military officials" -> officials).
    chain = [head]
    while chain[-1].dep_ in {"compound", "amod", "nmod"} and chain[-1].head.i > chain[-1].i \
            and len(chain) < 4:
        chain.append(chain[-1].head)
    # The sector noun nearest the phrase head, also among the head's other modifiers
    # ("Israeli army bulldozers" -> army, "Israeli police custody" -> police).
    for i in range(chain[-1].i, end - 1, -1):
        head = doc[i]
        if head.pos_ in {"NOUN", "PROPN"} and not state.taken[i] and head.i not in state.person_tokens \
                and i not in state.match_at and sector_title(state, head) is not None and all(
                    doc[k].pos_ in {"ADJ", "NOUN", "PROPN", "PART", "PUNCT", "ADV", "CCONJ", "VERB"}
                    or doc[k].text in POSSESSIVE for k in range(end, i)):
            return head
    # "the government of Sindh province", "doctors from two American aid groups": the phrase
    # the word sits in is the object of "of"/"from"... after a sector noun.
    owner = _prepositional_owner(state, chain[-1], start)
    if owner is not None:
        return owner
    head = chain[0]
    if head.pos_ in {"NOUN", "PROPN"} and not state.taken[head.i] and head.i not in state.person_tokens:
        return head
    return None


def _prepositional_owner(state: Resolution, phrase_head: Token, start: int) -> Token | None:
    """The sector noun whose prepositional phrase holds the word ("officials of France")."""
    if phrase_head.dep_ != "pobj" or phrase_head.head.lower_ not in GROUP_PREPS or phrase_head.head.head.i >= start:
        return None
    head = phrase_head.head.head
    if head.pos_ not in {"NOUN", "PROPN"} or head.i in state.person_tokens or state.taken[head.i]:
        return None
    title = sector_title(state, head)
    # "officials of France" is France's; "troops in Ukraine" need not be Ukraine's.
    if phrase_head.head.lower_ == "of" and title is not None:
        return head
    if title is not None and title.sector not in {"MIL", "GOV", None}:
        return head
    return None


def is_sector_org(state: Resolution, ent: Span) -> bool:
    """An ORG entity that is a country plus sector words ("Russian Foreign Ministry")."""
    rest = [t for t in ent if t.i not in state.match_at and t.lower_ != "the"]
    if not rest or len(rest) > 3:
        return False
    phrase = " ".join(t.lower_ for t in rest)
    titles = state.dictionary.titles
    return phrase in titles or rest[-1].lower_ in titles


def place_peoples(state: Resolution) -> None:
    """Pass (last): a people named in a sentence about one country is that country's people, as
    CAMEO codes them ("Kurds" in a sentence about Turkey -> group:kurds/TUR): Kurds in Iraq and
    in Turkey are different actors. Elsewhere the people stays a country-less group.

    Reads ``state.peoples`` and the country mentions of every pass; relinks those mentions."""
    for mention, sector in state.peoples:
        base = state.dictionary.actors.get(mention.actor or "")
        if base is None:
            continue
        sentence = state.doc[mention.start].sent
        country = state.sentence_country(sentence.start, sentence.end)
        suffix = f"/{sector}" if sector else ""
        if country is None:
            if sector:
                state.relink(mention, state.use_actor(Actor(
                    id=f"{base.id}{suffix}", name=f"{base.name} ({SECTOR_NAMES.get(sector, sector)})",
                    kind="group", sector=sector, aliases=list(base.aliases))))
            continue
        country_name = state.dictionary.country_names.get(country, country)
        actor = Actor(
            id=f"{base.id}/{country}{suffix}", name=f"{base.name} ({country_name})",
            kind="group", country=country, sector=sector, aliases=list(base.aliases), country_from="context",
        )
        state.relink(mention, state.use_actor(actor))
