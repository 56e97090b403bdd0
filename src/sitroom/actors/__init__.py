"""The actors stage: mentions of people, countries, IGOs and groups resolved to canonical actors."""

from sitroom.actors.dictionary import ActorDictionary, DictionaryError
from sitroom.actors.resolver import resolve

__all__ = ["ActorDictionary", "DictionaryError", "resolve"]
