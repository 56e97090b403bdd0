"""The closed word lists the actors passes consult (grammar words, honorifics, gendered nouns).

Kept in one place so that a reader can review them together; the open lists (countries, people,
titles) are the dictionary's data files, and word lists other stages share are in
:mod:`sitroom.lexicons`.
"""

from __future__ import annotations

from sitroom import lexicons

# Entity labels ---------------------------------------------------------------------------------

NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Dictionary words inside these entities are not actor mentions ("the 1990 Port Elara Treaty").
OPAQUE_LABELS = frozenset({"LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "DATE", "TIME", "MONEY", "LANGUAGE"})

# Names and titles ------------------------------------------------------------------------------

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "gen", "lt", "col", "adm",
                        "sen", "rep", "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "lt.", "col.", "adm.",
                        "sen.", "rep.", "gov."})
# Words that may sit inside a title before a name ("Deputy Chief of ...", "the top ...").
TITLE_FILLERS = frozenset({"deputy", "vice", "chief", "acting", "interim", "first", "top", "senior", "head",
                           "of", "to", "for", "-", "general", "high", "representative"})
CONNECTORS = frozenset({"of", "to", "for", "-"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# A title or apposition ends at these.
SEGMENT_STOPS = frozenset({",", ".", ";", ":", "(", ")", "“", "”", '"', "—", "–", "?", "!"})
# In an apposition, a country after these is where the person is, not whom they serve.
NOT_AFFILIATION_PREPS = frozenset({"in", "at", "on", "with", "against", "near", "over", "about", "between"})
# "Ambassador to Russia" serves the country that sent them, not Russia.
POSTED_TITLES = frozenset({"ambassador", "envoy", "delegate", "representative"})
# Title nouns that name a body, not one person: an apposition headed by one is not a person's title.
COLLECTIVE_TITLES = frozenset({
    "government", "administration", "cabinet", "regime", "leadership", "parliament", "congress", "senate",
    "assembly", "legislature", "military", "army", "navy", "police", "court", "judiciary", "opposition",
    "party", "population", "delegation", "ministry", "union", "company", "media", "television",
    "intelligence", "force", "forces", "troop", "troops", "militia", "university", "school", "hospital",
    "newspaper", "gang", "people", "authorities", "kremlin",
})
# Nouns for the body an office-holder leads or belongs to: "his office" speaks for his government.
BODY_NOUNS = frozenset({"office", "government", "administration", "cabinet", "ministry", "campaign", "team",
                        "staff", "delegation", "entourage", "camp"})
# Sectors of office-holders who serve a country (their country may come from the sentence).
NATIONAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})

# Places and groups -----------------------------------------------------------------------------

# A capital after these is a place ("talks in Moscow"), elsewhere it stands for the government.
LOCATION_PREPS = frozenset({"in", "at", "to", "from", "near", "into", "outside", "across", "toward", "towards",
                            "inside", "around", "via", "throughout", "within", "between", "through"})
MOTION_VERBS = frozenset({"go", "travel", "fly", "return", "move", "arrive", "come", "head", "deploy",
                          "flee", "evacuate", "relocate", "drive", "sail", "march", "walk"})
# Of those, the ones a person named alone is never the object of: fighting goes on "near" a town, while
# people are trusted "in" and gathered "around" ("confidence in X", "the circle around X").
ONLY_PLACE_PREPS = frozenset({"near", "outside"})
# Nouns of a settled place: "the town of X" names a place, whatever label the recogniser gave X.
PLACE_NOUNS = frozenset({"town", "city", "village", "settlement", "port", "region", "province", "district",
                         "oblast", "county", "municipality", "suburb", "capital", "island", "valley", "hamlet"})
# Nouns that take their sector from the word before them ("rebel leaders", "intelligence officials").
GENERIC_HEADS = frozenset({"leader", "leaders", "official", "officials", "chief", "chiefs", "member", "members",
                           "group", "groups", "wing", "spokesman", "spokeswoman", "personnel", "units", "unit",
                           "agents", "agent", "sources", "source", "figures", "organization",
                           "organisation", "organizations", "organisations", "movement", "faction"})
# "Kestria-backed rebels": the country backs them; they belong to the country they fight in.
BACKING_WORDS = frozenset({"backed", "supported", "sponsored", "funded", "armed", "allied", "aligned", "trained",
                           "financed"})
# What states do: a people that does it ("the Kestrians rejected the offer") stands for its
# government (CAMEO practice); speech verbs count too (the reporting verbs lexicon).
STATE_ACT_VERBS = lexicons.words("reporting_verbs") | frozenset({
    "reject", "accept", "propose", "offer", "negotiate", "sign", "ratify", "recognize", "recognise", "refuse",
    "threaten", "deploy", "invade", "sanction", "expel", "withdraw", "respond", "retaliate", "veto", "annex",
    "mobilize", "mobilise", "host", "summon", "condemn", "welcome", "approve", "suspend", "cancel", "resume",
    "sever", "restore", "impose", "lift", "ban", "order", "request", "invite", "dispatch", "recall", "boycott",
})
# A sector noun followed by these and a country belongs to that country ("rebels in Darfur").
GROUP_PREPS = frozenset({"of", "in", "throughout", "across", "from"})

# Pronouns and gender ---------------------------------------------------------------------------

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
# Evidence of a person's gender in the article itself: an honorific right before the name, or a
# gendered noun in the title before it or the apposition around it. First names are never used.
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "sir": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
                    "miss": "f", "lady": "f", "madam": "f", "madame": "f", "dame": "f"}
ROLE_NOUN_GENDER = {
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "congressman": "m",
    "congresswoman": "f", "businessman": "m", "businesswoman": "f", "councilman": "m", "councilwoman": "f",
    "assemblyman": "m", "assemblywoman": "f", "policeman": "m", "policewoman": "f", "king": "m", "queen": "f",
    "prince": "m", "princess": "f", "emperor": "m", "empress": "f", "duke": "m", "duchess": "f",
    "baron": "m", "baroness": "f", "wife": "f", "husband": "m", "widow": "f", "widower": "m", "mother": "f",
    "father": "m", "daughter": "f", "son": "m", "sister": "f", "brother": "m", "grandmother": "f",
    "grandfather": "m", "aunt": "f", "uncle": "m", "niece": "f", "nephew": "m", "woman": "f", "man": "m",
    "actress": "f", "girlfriend": "f", "boyfriend": "m",
}
# Verbs whose subject is the speaker of what is reported ("he added"; see the lexicon file).
REPORTING_VERBS = lexicons.words("reporting_verbs", tag="speaker")
