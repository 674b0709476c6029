"""gensim_transfer.legacy: gensim 3.x's model internals (``model.trainables``, ``model.vocabulary``, FastText's
attributes, ``model.docvecs``' contents), ``hs=0, negative=0``, ``wv.vocab`` equality, and loading models
saved by gensim 3.8.3 (tests/data/gensim383, made by tools/make_gensim383_models.py) and by the installed
gensim, with legacy on and after ``disable()``.

Each test runs on every gensim line: on gensim 3.8.3 these are gensim's own attributes (legacy changes
nothing there), so the same expectations hold for both.
"""
from __future__ import annotations

import contextlib
import os
import warnings

import numpy as np
import pytest
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models.doc2vec import TaggedDocument
from gensim.models.keyedvectors import Doc2VecKeyedVectors
from gensim.test.utils import common_texts

from gensim_transfer import compat, legacy

from .corpus import lee_sentences

SAVED_BY_383 = os.path.join(os.path.dirname(__file__), "data", "gensim383")


@pytest.fixture
def legacy_on():
    legacy.enable()
    try:
        yield
    finally:
        legacy.disable()


@pytest.fixture(scope="module")
def lee():
    return lee_sentences(0, 60)


def _documents(sentences):
    return [TaggedDocument(words, [i]) for i, words in enumerate(sentences)]


@contextlib.contextmanager
def _quiet():
    """Legacy's (and gensim 3.8.3's own) deprecation warnings are expected here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


# ---------------------------------------------------------------------------------------------------------
# model.trainables
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["word2vec", "doc2vec"])
def test_trainables_vectors_lockf_freezes_a_word_in_real_training(legacy_on, lee, kind):
    if kind == "word2vec":
        model = Word2Vec(size=12, min_count=2, workers=1, seed=1, iter=1)
        corpus = lee
    else:
        model = Doc2Vec(size=12, min_count=2, workers=1, seed=1, iter=1, dm=1)
        corpus = _documents(lee)
    model.build_vocab(corpus)
    model.train(corpus, total_examples=model.corpus_count, epochs=1)
    assert model.trainables.vectors_lockf.shape == (len(model.wv.index2word),)
    model.trainables.vectors_lockf[0] = 0.0  # how gensim 3 code froze a word
    before = model.wv.vectors.copy()
    model.train(corpus, total_examples=model.corpus_count, epochs=2)
    assert np.array_equal(model.wv.vectors[0], before[0])
    assert not np.allclose(model.wv.vectors[1:], before[1:])
    assert model.trainables.vectors_lockf[0] == 0.0 and model.trainables.vectors_lockf[1] == 1.0


def test_trainables_holds_the_models_weights(legacy_on, lee):
    model = Word2Vec(lee, size=12, min_count=2, workers=1, seed=1, iter=1, negative=5, hs=1)
    trainables = model.trainables
    assert trainables.syn1neg is model.syn1neg and trainables.syn1 is model.syn1
    assert trainables.syn1neg.shape == (len(model.wv.vocab), 12)
    assert trainables.layer1_size == 12 and trainables.hashfxn is model.hashfxn
    replacement = np.zeros_like(model.syn1neg)
    trainables.syn1neg = replacement
    assert model.syn1neg is replacement


def test_trainables_of_fasttext_and_doc2vec(legacy_on, lee):
    ft = FastText(lee, size=12, min_count=2, workers=1, seed=1, iter=1, bucket=200)
    assert ft.trainables.bucket == ft.wv.bucket == 200
    assert len(ft.trainables.vectors_ngrams_lockf) == 200
    d2v = Doc2Vec(_documents(lee), size=12, min_count=2, workers=1, seed=1, iter=1)
    assert d2v.trainables.vectors_docs_lockf.shape == (len(lee),)


@pytest.mark.skipif(not compat.GENSIM_4, reason="gensim 3.8.3's model.trainables is gensim's own object")
def test_trainables_is_a_view_nothing_is_stored_on_the_model(legacy_on, lee):
    model = Word2Vec(lee, size=12, min_count=2, workers=1, seed=1, iter=1)
    assert model.trainables is not model.trainables  # a fresh view of the model each time
    assert "trainables" not in vars(model) and "vocabulary" not in vars(model)
    with pytest.raises(AttributeError, match="read-only"):
        model.trainables = None
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        model.trainables.nonsense  # noqa: B018


# ---------------------------------------------------------------------------------------------------------
# model.vocabulary (the two checks of gensim 3.8.3's own testMaxFinalVocab)
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("min_count, dropped, total, retained, effective", [(4, 11, 4, 1, 4), (2, 8, 13, 4, 3)])
def test_vocabulary_scan_and_prepare_as_in_gensim_383(legacy_on, min_count, dropped, total, retained, effective):
    model = Word2Vec(size=10, max_final_vocab=4, min_count=min_count, sample=0)
    assert model.vocabulary.scan_vocab(common_texts)[0] == 29
    reported = model.vocabulary.prepare_vocab(wv=model.wv, hs=0, negative=0)
    assert (reported["drop_unique"], reported["retain_total"], reported["num_retained_words"]) == (
        dropped, total, retained)
    assert model.vocabulary.effective_min_count == effective
    assert model.vocabulary.min_count == min_count and model.vocabulary.sample == 0


# ---------------------------------------------------------------------------------------------------------
# FastText, Doc2Vec's docvecs, hs=0 negative=0, wv.vocab equality
# ---------------------------------------------------------------------------------------------------------
def test_fasttext_model_and_wv_attributes(legacy_on, lee):
    model = FastText(lee, size=12, min_count=2, workers=1, seed=1, iter=1, bucket=300, min_n=2, max_n=4)
    assert model.bucket == model.wv.num_ngram_vectors == model.wv.bucket == 300
    assert (model.wv.min_n, model.wv.max_n) == (2, 4)
    assert model.wv.syn0_vocab is model.wv.vectors_vocab
    assert model.wv.syn0_ngrams is model.wv.vectors_ngrams
    assert model.wv.vectors_ngrams.shape == (model.wv.num_ngram_vectors, 12)


def test_docvecs_contents_as_in_gensim_3(legacy_on, lee):
    documents = [TaggedDocument(words, [f"doc{i}"]) for i, words in enumerate(lee)]
    model = Doc2Vec(documents, size=12, min_count=2, workers=1, seed=1, iter=2)
    docvecs = model.docvecs
    assert isinstance(docvecs, Doc2VecKeyedVectors)  # gensim 4: an alias of KeyedVectors
    assert docvecs.vectors_docs.shape == (len(lee), 12)
    assert np.array_equal(docvecs.vectors_docs[3], docvecs["doc3"])
    assert len(docvecs.doctags) == len(lee) and docvecs.doctags["doc3"].offset == 3
    assert docvecs.doctags["doc3"].doc_count == 1 and docvecs.doctags["doc3"].word_count == len(lee[3])
    assert docvecs.offset2doctag[:2] == ["doc0", "doc1"]
    assert docvecs.count == len(lee)
    similarity = docvecs.similarity_unseen_docs(model, lee[0], lee[1])
    assert -1.0 <= similarity <= 1.0
    assert docvecs.most_similar("doc3", topn=1)[0][0] != "doc3"


def test_hs_0_negative_0_trains_nothing_as_in_gensim_3(legacy_on, lee):
    model = Word2Vec(size=12, min_count=2, workers=1, seed=1, hs=0, negative=0)
    model.build_vocab(lee)
    before = model.wv.vectors.copy()
    model.train(lee, total_examples=model.corpus_count, epochs=2)
    assert np.array_equal(model.wv.vectors, before)
    assert model.hs == 0 and model.negative == 0
    with pytest.raises(ValueError, match="total_examples"):  # gensim's other checks still run
        model.train(lee, epochs=2)


def test_vocab_of_a_model_equals_itself_and_a_reset_from_copy(legacy_on, lee):
    model = Word2Vec(lee[:20], size=12, min_count=2, workers=1, seed=1, iter=1)
    assert model.wv.vocab == model.wv.vocab
    other = Word2Vec(lee[20:], size=12, min_count=2, workers=1, seed=1, iter=1)
    assert model.wv.vocab != other.wv.vocab
    other.reset_from(model)
    assert other.wv.vocab == model.wv.vocab


# ---------------------------------------------------------------------------------------------------------
# Loading: models saved by gensim 3.8.3 and by the installed gensim, with legacy on and off
# ---------------------------------------------------------------------------------------------------------
def _load(cls, path):
    with _quiet():
        return cls.load(path)


@pytest.mark.parametrize("cls, name", [(Word2Vec, "word2vec"), (FastText, "fasttext")])
def test_models_saved_by_gensim_383_load_with_legacy_on_and_after_disable(cls, name):
    path = os.path.join(SAVED_BY_383, name + ".model")
    plain = _load(cls, path)
    legacy.enable()
    try:
        with_legacy = _load(cls, path)
        for loaded in (plain, with_legacy):  # gensim 4 upgraded the 3.x internals away, or kept them (3.8.3)
            assert ("trainables" in vars(loaded)) == (not compat.GENSIM_4)
        assert np.array_equal(with_legacy.wv.vectors, plain.wv.vectors)
        assert with_legacy.trainables.vectors_lockf.shape == (len(plain.wv.index2word),)
        assert np.array_equal(with_legacy.trainables.syn1neg, plain.syn1neg)
        # FastText's kernel reads vectors_vocab_lockf (on 3.8.3 a matrix whose flattened [i] is word i's lock)
        locks = "vectors_vocab_lockf" if name == "fasttext" else "vectors_lockf"
        getattr(with_legacy.trainables, locks)[0] = 0.0
        before = with_legacy.wv.vectors_vocab[0].copy() if name == "fasttext" else with_legacy.wv.vectors[0].copy()
        with _quiet():
            with_legacy.train(lee_sentences(0, 20), total_examples=20, epochs=1)
        after = with_legacy.wv.vectors_vocab[0] if name == "fasttext" else with_legacy.wv.vectors[0]
        assert np.array_equal(after, before)
    finally:
        legacy.disable()
    again = _load(cls, path)
    assert np.array_equal(again.wv.vectors, plain.wv.vectors)


@pytest.mark.parametrize("save_with, load_with", [("on", "off"), ("off", "on"), ("on", "on")])
@pytest.mark.parametrize("cls", [Word2Vec, FastText, Doc2Vec])
def test_models_saved_by_the_installed_gensim_load_either_way(tmp_path, lee, cls, save_with, load_with):
    corpus = _documents(lee[:20]) if cls is Doc2Vec else lee[:20]
    path = str(tmp_path / "model")
    if save_with == "on":
        legacy.enable()
    try:
        with _quiet():
            model = cls(corpus, **compat.model_kwargs(cls, size=8, min_count=2, workers=1, seed=1, iter=1))
            model.save(path)
    finally:
        legacy.disable()
    if load_with == "on":
        legacy.enable()
    try:
        loaded = _load(cls, path)
        assert np.array_equal(loaded.wv.vectors, model.wv.vectors)
        if compat.GENSIM_4:
            assert not {"trainables", "vocabulary", "bucket"} & set(vars(loaded))
        if load_with == "on":
            assert np.array_equal(loaded.trainables.syn1neg, model.syn1neg if compat.GENSIM_4 else
                                  model.trainables.syn1neg)
            with _quiet():
                loaded.train(corpus, total_examples=len(corpus), epochs=1)
    finally:
        legacy.disable()


@pytest.mark.skipif(not compat.GENSIM_4, reason="gensim 3.8.3 loads its own Doc2Vec")
def test_doc2vec_saved_by_gensim_383_fails_on_gensim_4_as_without_legacy():
    """gensim 4.0-4.4 cannot load a Doc2Vec saved by 3.8.3 (their upgrade of its document vectors fails);
    legacy does not hide that: the same error type with and without it."""
    path = os.path.join(SAVED_BY_383, "doc2vec.model")
    with pytest.raises(AttributeError):
        _load(Doc2Vec, path)
    legacy.enable()
    try:
        with pytest.raises(AttributeError):
            _load(Doc2Vec, path)
    finally:
        legacy.disable()


def test_vectors_norm_is_none_until_init_sims_and_after_load_as_in_gensim_3(legacy_on, lee, tmp_path):
    model = Word2Vec(lee[:20], size=12, min_count=2, workers=1, seed=1, iter=1)
    model.init_sims()
    normed = model.wv.vectors_norm
    assert np.allclose(np.linalg.norm(normed, axis=1), 1.0, atol=1e-5)
    model.save(str(tmp_path / "model"))
    loaded = _load(Word2Vec, str(tmp_path / "model"))
    assert loaded.wv.vectors_norm is None and loaded.wv.syn0norm is None
    loaded.wv.most_similar(loaded.wv.index2word[0])
    assert np.allclose(loaded.wv.vectors_norm, normed, atol=1e-6)


@pytest.mark.skipif(not compat.GENSIM_4, reason="gensim 3.8.3's FastText attributes are gensim's own")
def test_restored_fasttext_model_attributes_are_read_only(legacy_on, lee):
    model = FastText(lee[:20], size=8, min_count=2, workers=1, seed=1, iter=1, bucket=100)
    for name in ("bucket", "min_n", "max_n", "num_ngram_vectors"):
        with pytest.raises(AttributeError, match="read-only"):
            setattr(model, name, 5)
    assert model.wv.bucket == 100
