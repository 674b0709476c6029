"""Soft anchoring: anchor=0 is plain training bit for bit; large anchors hold merged words at r; nothing
else is pulled; frozen words stay bit-identical; the callback saves with the model."""
from __future__ import annotations

import numpy as np
import pytest

from gensim_transfer import compat, transfer_init
from gensim_transfer.adapt import adapt, stable_hash
from gensim_transfer.anchor import SoftAnchor, check_anchor, pull_toward

from .corpus import lee_sentences
from .test_adapt import SMALL, write_bin

RUN = dict(SMALL, hashfxn=stable_hash)


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences(0, 120)


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory, sentences):
    """Vectors for every other frequent corpus word (so that some corpus words are not merged)."""
    from collections import Counter

    counts = Counter(w for s in sentences for w in s)
    words = [w for w, c in counts.most_common() if c >= SMALL["min_count"]][::2]
    vectors = np.random.RandomState(11).uniform(-0.5, 0.5, (len(words), SMALL["size"])).astype(np.float32)
    path = write_bin(tmp_path_factory.mktemp("anchor") / "vectors.bin", words, vectors)
    return {"path": path, "by_word": dict(zip(words, vectors))}


def _rows(model, words):
    index = compat.key_to_index(model)
    return np.array([index[w] for w in words], dtype=np.int64)


def _train(sentences, pretrained, **kw):
    params = dict(RUN)
    params.update(kw)
    return adapt(sentences, pretrained["path"], **params)


@pytest.mark.parametrize("kind", ["word2vec", "doc2vec"])
def test_anchor_zero_is_plain_training_bit_for_bit(kind, sentences, pretrained):
    plain, _ = _train(sentences, pretrained, model=kind, epochs=3)
    anchored, report = _train(sentences, pretrained, model=kind, epochs=3, anchor=0)
    assert report.anchor == 0.0
    assert np.array_equal(compat.wv(plain).vectors, compat.wv(anchored).vectors)
    # The helper with anchor=0 is a no-op too.
    model, _ = _train(sentences, pretrained, model=kind, epochs=3, callbacks=[_Later(0.0)])
    assert np.array_equal(compat.wv(plain).vectors, compat.wv(model).vectors)


class _Later:
    """Stands for a SoftAnchor built inside adapt's callbacks (the merge happens in adapt)."""

    def __init__(self, anchor):
        self.anchor = anchor
        self.inner = None

    def on_train_begin(self, model):
        words = [w for w in compat.index_to_key(model)]
        self.inner = SoftAnchor(model, words, self.anchor)

    def on_epoch_end(self, model):
        self.inner.on_epoch_end(model)

    def __getattr__(self, name):  # the other callback hooks: nothing to do
        return lambda *args: None


def test_one_epoch_pull_is_the_proximal_step_exactly_and_touches_only_merged_words(sentences, pretrained):
    # With one epoch the only pull is after training: every other word trained exactly as without anchoring.
    plain, plain_report = _train(sentences, pretrained, epochs=1)
    anchored, report = _train(sentences, pretrained, epochs=1, anchor=1.0)
    merged = report.transfer.matched_words()
    missing = report.transfer.missing_words()
    assert merged and missing and merged == plain_report.transfer.matched_words()
    r = np.array([pretrained["by_word"][w] for w in merged], dtype=np.float32)
    trained = compat.wv(plain).vectors[_rows(plain, merged)]
    expected = r + (trained - r) * np.float32(0.5)
    assert np.array_equal(compat.wv(anchored).vectors[_rows(anchored, merged)], expected)
    assert np.array_equal(compat.wv(anchored).vectors[_rows(anchored, missing)],
                          compat.wv(plain).vectors[_rows(plain, missing)])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_large_anchor_keeps_merged_words_near_their_pretrained_vectors(workers, sentences, pretrained):
    model, report = _train(sentences, pretrained, epochs=3, anchor=1e6, workers=workers)
    merged = report.transfer.matched_words()
    r = np.array([pretrained["by_word"][w] for w in merged])
    after = compat.wv(model).vectors[_rows(model, merged)]
    assert np.abs(after - r).max() < 1e-5
    free, _ = _train(sentences, pretrained, epochs=3, workers=workers)
    assert np.abs(compat.wv(free).vectors[_rows(free, merged)] - r).max() > 1e-3
    # Words the file lacks trained normally (they moved from their random start).
    assert report.drift.cosine["min"] > 0.999999


def test_anchoring_pulls_monotonically_with_its_strength(sentences, pretrained):
    distances = []
    for anchor in (0.0, 0.1, 1.0, 10.0):
        model, report = _train(sentences, pretrained, epochs=3, anchor=anchor)
        merged = report.transfer.matched_words()
        r = np.array([pretrained["by_word"][w] for w in merged])
        distances.append(float(np.linalg.norm(compat.wv(model).vectors[_rows(model, merged)] - r)))
    assert distances == sorted(distances, reverse=True) and distances[-1] < distances[0] / 5


def test_frozen_words_stay_bit_identical_with_any_anchor(sentences, pretrained):
    model, report = _train(sentences, pretrained, epochs=2, lockf=0.0, anchor=0.5)
    merged = report.transfer.matched_words()
    r = np.array([pretrained["by_word"][w] for w in merged])
    assert np.array_equal(compat.wv(model).vectors[_rows(model, merged)], r)


def test_the_helper_skips_words_whose_lock_factor_is_zero(sentences, pretrained):
    model = compat_model(sentences)
    report = transfer_init(model, pretrained["path"], lockf=1.0)
    merged = report.matched_words()
    frozen, free = merged[: len(merged) // 2], merged[len(merged) // 2:]
    compat.lock_factors(model)[_rows(model, frozen)] = 0.0
    anchor = SoftAnchor(model, merged, anchor=1.0)
    assert anchor.nbytes == len(merged) * (SMALL["size"] * 4 + 8)
    model.train(sentences, total_examples=model.corpus_count, epochs=2, callbacks=[anchor])
    assert anchor.epochs_pulled == 2
    r_frozen = np.array([pretrained["by_word"][w] for w in frozen])
    assert np.array_equal(compat.wv(model).vectors[_rows(model, frozen)], r_frozen)
    r_free = np.array([pretrained["by_word"][w] for w in free])
    assert not np.array_equal(compat.wv(model).vectors[_rows(model, free)], r_free)


def compat_model(sentences, kind=None):
    from gensim.models import Word2Vec

    model = Word2Vec(**compat.model_kwargs(Word2Vec, **RUN))
    model.build_vocab(sentences)
    return model


def test_fasttext_anchors_the_per_word_vectors(sentences, pretrained):
    """FastText: the anchor holds the per-word rows the merge wrote (solved so that the composed vector is the
    file's, gensim_transfer/subwords.py); the n-gram buckets train as their lock factors say."""
    from gensim.models import FastText

    model = FastText(**compat.model_kwargs(FastText, bucket=2000, min_n=3, max_n=4, **RUN))
    model.build_vocab(sentences)
    report = transfer_init(model, pretrained["path"], lockf=1.0)
    merged = report.matched_words()
    rows = _rows(model, merged)
    after_merge = compat.word_vectors(model)[rows].copy()
    anchor = SoftAnchor(model, merged, anchor=1e6)
    model.train(sentences, total_examples=len(sentences), epochs=2, callbacks=[anchor])
    assert np.abs(compat.word_vectors(model)[rows] - after_merge).max() < 1e-5


def test_a_model_trained_with_the_helper_saves_and_loads(tmp_path, sentences, pretrained):
    from gensim.models import Word2Vec

    model = compat_model(sentences)
    report = transfer_init(model, pretrained["path"], lockf=1.0)
    model.train(sentences, total_examples=model.corpus_count, epochs=1,
                callbacks=[SoftAnchor(model, report.matched_words(), 2.0)])
    model.save(str(tmp_path / "m.model"))
    loaded = Word2Vec.load(str(tmp_path / "m.model"))
    assert np.array_equal(compat.wv(loaded).vectors, compat.wv(model).vectors)


def test_pull_toward_is_the_documented_formula():
    vectors = np.array([[3.0, 1.0], [5.0, 5.0], [1.0, 1.0]], dtype=np.float32)
    reference = np.array([[1.0, 1.0], [0.0, 0.0]], dtype=np.float32)
    pull_toward(vectors, np.array([0, 2]), reference, 3.0)
    assert vectors.tolist() == [[1.5, 1.0], [5.0, 5.0], [0.25, 0.25]]


@pytest.mark.parametrize("bad, error", [(-0.1, ValueError), (float("nan"), ValueError), (float("inf"), ValueError),
                                        ("strong", TypeError), (True, TypeError), (None, TypeError)])
def test_bad_anchors_are_refused_before_anything_happens(bad, error, sentences, pretrained):
    with pytest.raises(error, match="anchor must be"):
        check_anchor(bad)
    with pytest.raises(error, match="anchor must be"):
        _train(sentences, pretrained, epochs=1, anchor=bad)


def test_unknown_words_are_refused_by_the_helper(sentences):
    model = compat_model(sentences)
    with pytest.raises(KeyError, match="zzznotaword"):
        SoftAnchor(model, ["the", "zzznotaword"], 1.0)


def test_the_report_says_the_anchor(sentences, pretrained):
    _, report = _train(sentences, pretrained, epochs=1, anchor=1.0)
    assert report.as_dict()["anchor"] == 1.0
    assert "anchor=1: each epoch keeps 50%" in str(report)
