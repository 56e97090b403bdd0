"""The pipeline's speed-ups give every token what the model as it ships gives it: the attribute
ruler and lemmatizer as lookup tables (sitroom.nlp_tables), and the networks' products on numpy's
BLAS with a faster maxout (sitroom.nlp.InferenceOps)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from thinc.api import NumpyOps
from spacy.pipeline import AttributeRuler

from threadpoolctl import threadpool_info, threadpool_limits

from sitroom import nlp, nlp_tables
from sitroom.nlp import InferenceOps, use_inference_ops
from sitroom.nlp_tables import AttributeTable, LemmaTable, use_tables

ROOT = Path(__file__).resolve().parents[1]

# Invented text that reaches the ruler's rarer rules: its patterns of two tokens ("gon na", "got ta",
# "let 's", "ai n't", "y' all", "there is"), pronouns as subject and object, contractions, forms
# dropped with an apostrophe, and runs of whitespace (tokens of their own, some given a head).
RARE = [
    "We're gonna talk, and they've gotta listen, said Ilsa Marenko. Let's see what y'all do.\n\n"
    "It ain't over. I told you: it isn't. Nothin' was agreed, and I'd say they'd   left already.",
    "There is a plan and there were doubts. Valdoria gets nothing; Kestria got something, doin' "
    "what ol' Tomas Vell said 'em. You'll see.  \n \n Did they? Had they? Do it, she said to him.",
    "But the talks in Port Elara, which were held since Monday, went on while Aurel Domić spoke "
    "once, then twice. Whether any of those is enough, nobody knows; everyone asks anyone.",
]


def _tokens(docs) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start)
            for doc in docs for t in doc]


@pytest.fixture(scope="module")
def stock():
    return nlp.stock()


@pytest.fixture(scope="module")
def texts(shared) -> list[str]:
    corpus = shared("corpus", "ukraine-2022-01")
    return RARE + [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]


def test_the_pipeline_runs_the_tables():
    pipeline = nlp.load()
    assert isinstance(pipeline.get_pipe("attribute_ruler"), AttributeTable)
    assert isinstance(pipeline.get_pipe("lemmatizer"), LemmaTable)
    assert pipeline.pipe_names == nlp.stock().pipe_names


def test_every_token_gets_what_the_models_components_give_it(stock, texts):
    tables = use_tables(nlp.stock())
    expected = _tokens(stock.pipe(texts))
    assert _tokens(tables.pipe(texts)) == expected
    # Again, now from the tables' rows rather than from working them out.
    assert _tokens(tables.pipe(texts)) == expected
    assert any(t[4] == "go" and t[0].lower() == "gon" for t in expected)  # a rule of two tokens applied
    assert any(t[0].isspace() and t[5] == "dep" for t in expected)  # the rule that sets DEP applied


def test_the_networks_run_on_numpy_blas_on_one_thread():
    pipeline = nlp.load()
    layers = [layer for _, component in pipeline.pipeline if hasattr(component, "model")
              for layer in component.model.walk()]
    assert len(layers) > 50 and all(isinstance(layer.ops, InferenceOps) and not layer.ops.use_blis for layer in layers)
    # numpy's own BLAS, which thinc calls (scipy, loaded by other tests, brings another, unused here).
    def numpy_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas" and "numpy" in pool["filepath"]]

    assert numpy_threads() == [1]
    with threadpool_limits(limits=2, user_api="blas"):  # as a process starts on two cores
        assert numpy_threads() == [2]
        use_inference_ops(nlp.stock())
        assert numpy_threads() == [1]


def test_the_pipeline_as_run_annotates_every_token_as_the_model_as_it_ships(stock, texts):
    assert _tokens(nlp.load().pipe(texts)) == _tokens(stock.pipe(texts))


def test_the_networks_on_numpy_annotate_invented_text_as_the_model_as_it_ships(stock):
    # Runs without ../shared.
    assert _tokens(use_inference_ops(nlp.stock()).pipe(RARE)) == _tokens(stock.pipe(RARE))


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_maxout_picks_what_thincs_loop_picks(pieces, dtype):
    rng = np.random.default_rng(pieces)
    units = rng.integers(0, 4, size=(300, 7, pieces)).astype(dtype)  # few values: many ties between pieces
    units[::5] = rng.random((60, 7, pieces))
    best, which = InferenceOps().maxout(units)
    expected_best, expected_which = NumpyOps().maxout(units)
    assert best.dtype == expected_best.dtype and which.dtype == expected_which.dtype
    assert np.array_equal(best, expected_best) and np.array_equal(which, expected_which)
    assert pieces == 1 or len(set(which.ravel().tolist())) == pieces


def test_the_rarer_rules_on_invented_text_alone(stock):
    # Runs without ../shared.
    assert _tokens(use_tables(nlp.stock()).pipe(RARE)) == _tokens(stock.pipe(RARE))


def test_tables_stay_bounded_and_right_when_they_start_again(stock, monkeypatch):
    monkeypatch.setattr(nlp_tables, "MAX_KEYS", 40)
    tables = use_tables(nlp.stock())
    assert _tokens(tables.pipe(RARE * 2)) == _tokens(stock.pipe(RARE * 2))
    ruler = tables.get_pipe("attribute_ruler")
    assert len(ruler._ids) < 40 + max(len(doc) for doc in stock.pipe(RARE))  # cleared between documents
    assert len(tables.get_pipe("lemmatizer")._lemmas) <= 40 + max(len(doc) for doc in stock.pipe(RARE))


@pytest.mark.parametrize("without", [["parser"], ["tagger"], ["tagger", "parser"]])
def test_a_document_without_tags_or_a_parse_gets_what_the_ruler_gives_it(stock, without):
    # The Matcher reads a missing TAG or DEP as 0, as the table does.
    tables = use_tables(nlp.stock())
    with stock.select_pipes(disable=without), tables.select_pipes(disable=without):
        assert _tokens(tables.pipe(RARE + ["", " ", "Kestria"])) == _tokens(stock.pipe(RARE + ["", " ", "Kestria"]))


def test_patterns_longer_than_the_document_and_indices_out_of_range():
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}, {"LOWER": "talks"}, {"LOWER": "in"}, {"LOWER": "tessel"}]], {"LEMMA": "x"}, index=-1)
    stock = spacy.blank("en")
    stock.add_pipe("attribute_ruler").add_patterns(ruler.patterns)
    use_tables(blank)
    assert isinstance(blank.get_pipe("attribute_ruler"), AttributeTable)
    for text in ("Talks", "the talks in Tessel resumed", "in Tessel"):
        assert _tokens([blank(text)]) == _tokens([stock(text)])
    # An index outside its pattern: the ruler raises on a match, so no table stands in for it.
    outside = spacy.blank("en").add_pipe("attribute_ruler")
    outside.add([[{"LOWER": "kestria"}]], {"LEMMA": "k"}, index=1)
    assert AttributeTable.of(outside) is None


def test_rules_of_other_kinds_keep_the_stock_component():
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "Kestria", "OP": "+"}]], {"LEMMA": "kestria"})
    assert AttributeTable.of(ruler) is None
    use_tables(blank)
    assert isinstance(blank.get_pipe("attribute_ruler"), AttributeRuler)
