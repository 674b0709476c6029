"""transfer_init and grow_vocab on real models: bit-exact merges, lock factors through real training."""
from __future__ import annotations

import logging
import warnings

import numpy as np
import pytest

from gensim_transfer import TransferError, compat, formats, grow_vocab, guard, transfer_init
from gensim_transfer.errors import LockFactorWarning, VectorSizeError

from .corpus import corpus_for, lee_sentences, make_model, random_vectors, train, write_word2vec

KINDS = ["word2vec", "fasttext", "doc2vec"]
SIZE = 16


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences()


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory, sentences):
    """A pretrained file: the first 1,500 Lee words (by frequency) plus words the corpus lacks."""
    from collections import Counter

    counts = Counter(w for s in sentences for w in s)
    words = [w for w, _ in counts.most_common(1500)] + ["zzpretrained%d" % i for i in range(200)]
    vectors = random_vectors(len(words), SIZE, seed=11)
    folder = tmp_path_factory.mktemp("pretrained")
    return {
        "words": words,
        "vectors": vectors,
        "by_word": dict(zip(words, vectors)),
        "bin": write_word2vec(folder / "vectors.bin", words, vectors, binary=True),
        "txt": write_word2vec(folder / "vectors.txt", words, vectors, binary=False),
    }


@pytest.fixture(autouse=True)
def _restore_guard():
    yield
    guard.uninstall()


def _row(model, word):
    return compat.key_to_index(model)[word]


# --- the merge itself -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["bin", "txt"])
@pytest.mark.parametrize("kind", KINDS)
def test_merged_vectors_equal_the_file_bit_for_bit(kind, fmt, sentences, pretrained):
    model = make_model(kind, sentences, size=SIZE)
    untouched_before = compat.word_vectors(model).copy()
    report = transfer_init(model, pretrained[fmt], lockf=1.0)
    vocab = list(compat.index_to_key(model))
    in_file = [w for w in vocab if w in pretrained["by_word"]]
    assert report.matched == len(in_file) > 1000
    assert report.vocab_size == len(vocab)
    assert report.records_read == len(pretrained["words"])
    assert report.vector_size == SIZE
    assert report.format == ("word2vec-binary" if fmt == "bin" else "word2vec-text")
    assert report.matched_words() == in_file
    assert report.missing_words() == [w for w in vocab if w not in pretrained["by_word"]]
    for word in in_file:
        if kind == "fasttext":  # the own row is solved so that the composed vector is the file's (subwords.py)
            np.testing.assert_allclose(model.wv[word], pretrained["by_word"][word], rtol=1e-6, atol=1e-7)
            continue
        np.testing.assert_array_equal(compat.word_vectors(model)[_row(model, word)], pretrained["by_word"][word])
        np.testing.assert_array_equal(model.wv[word], pretrained["by_word"][word])  # what queries return
    for word in report.missing_words():
        row = _row(model, word)
        np.testing.assert_array_equal(compat.word_vectors(model)[row], untouched_before[row])
    assert "zzpretrained0" not in compat.key_to_index(model)  # no words added


@pytest.mark.parametrize("kind", KINDS)
def test_lockf_is_set_for_merged_words_only(kind, sentences, pretrained):
    model = make_model(kind, sentences, size=SIZE)
    compat.set_lock_factors(model, {"police": 0.5})  # a word the file... may or may not have
    report = transfer_init(model, pretrained["bin"], lockf=0.0)
    locks = compat.lock_factors(model)
    merged = np.zeros(len(locks), dtype=bool)
    merged[[_row(model, w) for w in report.matched_words()]] = True
    assert np.all(locks[merged] == 0.0)
    others = locks[~merged]
    assert np.all((others == 1.0) | (others == np.float32(0.5)))


def test_same_result_as_gensims_own_intersect(sentences, pretrained):
    """Our merge and gensim's own (text path, which works on every gensim) agree bit for bit."""
    ours = make_model("word2vec", sentences, size=SIZE)
    theirs = make_model("word2vec", sentences, size=SIZE)
    transfer_init(ours, pretrained["txt"], lockf=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        compat.native_intersect_word2vec_format(theirs, pretrained["txt"], binary=False, lockf=0.0)
    np.testing.assert_array_equal(compat.word_vectors(ours), compat.word_vectors(theirs))
    np.testing.assert_array_equal(compat.lock_factors(ours), compat.lock_factors(theirs))


@pytest.mark.skipif(not compat.NATIVE_BINARY_INTERSECT_WORKS, reason="gensim's binary intersect fails on numpy 2")
def test_same_result_as_gensims_own_binary_intersect(sentences, pretrained):
    ours = make_model("word2vec", sentences, size=SIZE)
    theirs = make_model("word2vec", sentences, size=SIZE)
    transfer_init(ours, pretrained["bin"], lockf=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        compat.native_intersect_word2vec_format(theirs, pretrained["bin"], binary=True, lockf=0.0)
    np.testing.assert_array_equal(compat.word_vectors(ours), compat.word_vectors(theirs))
    np.testing.assert_array_equal(compat.lock_factors(ours), compat.lock_factors(theirs))


def test_limit_reads_only_the_first_records(sentences, pretrained):
    model = make_model("word2vec", sentences, size=SIZE)
    report = transfer_init(model, pretrained["bin"], limit=100)
    first = set(pretrained["words"][:100])
    assert report.records_read == 100
    assert set(report.matched_words()) == first & set(compat.index_to_key(model))
    assert report.matched == 100  # the file starts with the corpus's most frequent words


def test_progress_hook_counts_every_record_read(sentences, pretrained, monkeypatch):
    from gensim_transfer.formats import _binary

    monkeypatch.setattr(_binary, "_CHUNK", 4096)  # many chunks, so many calls
    calls = []
    model = make_model("word2vec", sentences, size=SIZE)
    report = transfer_init(model, pretrained["bin"], progress=calls.append)
    assert len(calls) > 10 and all(n > 0 for n in calls)
    assert sum(calls) == report.records_read == len(pretrained["words"])
    calls.clear()
    transfer_init(model, pretrained["txt"], progress=calls.append, limit=700)
    assert sum(calls) == 700


def test_report_text_and_dict(sentences, pretrained, caplog):
    model = make_model("word2vec", sentences, size=SIZE)
    with caplog.at_level(logging.INFO, logger="gensim_transfer"):
        report = transfer_init(model, pretrained["bin"], lockf=1.0)
    text = str(report)
    assert "merged %d of %d" % (report.matched, report.vocab_size) in text
    assert "vectors.bin" in text and "word2vec-binary" in text
    assert text.endswith("(%s scanner)" % formats.scanner())
    data = report.as_dict()
    assert data["matched"] == report.matched and data["format"] == "word2vec-binary"
    assert data["scanner"] == report.scanner == formats.scanner()
    assert 0 < data["coverage"] <= 1
    assert [r.getMessage() for r in caplog.records if r.name == "gensim_transfer.transfer"] == [
        "transfer_init: %s" % report
    ]


# --- refusing bad calls, leaving the model alone ----------------------------------------------------------
def test_vector_size_mismatch_leaves_the_model_unchanged(sentences, pretrained):
    model = make_model("word2vec", sentences, size=SIZE + 1)
    before = model.wv.vectors.copy()
    with pytest.raises(VectorSizeError, match=r"vectors\.bin.*16 dimensions, the model's have 17"):
        transfer_init(model, pretrained["bin"])
    np.testing.assert_array_equal(model.wv.vectors, before)


def test_model_without_vocabulary(pretrained):
    model = make_model("word2vec", None, size=SIZE)
    with pytest.raises(TransferError, match="build_vocab"):
        transfer_init(model, pretrained["bin"])


def test_keyed_vectors_are_refused(sentences, pretrained):
    model = make_model("word2vec", sentences[:50], size=SIZE)
    with pytest.raises(TypeError, match="KeyedVectors"):
        transfer_init(model.wv, pretrained["bin"])


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "frozen"])
def test_bad_lockf(bad, sentences, pretrained):
    model = make_model("word2vec", sentences[:50], size=SIZE)
    with pytest.raises((TypeError, ValueError), match="lockf"):
        transfer_init(model, pretrained["bin"], lockf=bad)


# --- lock factors through real training -----------------------------------------------------------------
MODES = [
    ("word2vec", dict(sg=1, hs=0, negative=5)),
    ("word2vec", dict(sg=1, hs=1, negative=0)),
    ("word2vec", dict(sg=0, hs=0, negative=5)),
    ("word2vec", dict(sg=0, hs=1, negative=0)),
    ("fasttext", dict(sg=1, hs=0, negative=5)),
    ("fasttext", dict(sg=0, hs=1, negative=0)),
    ("doc2vec", dict(dm=1, hs=0, negative=5)),
    ("doc2vec", dict(dm=0, dbow_words=1, hs=1, negative=0)),
]


def _mode_id(mode):
    kind, params = mode
    return kind + "-" + "-".join("%s%s" % kv for kv in params.items())


@pytest.mark.parametrize("kind, params", MODES, ids=[_mode_id(m) for m in MODES])
@pytest.mark.parametrize("lockf", [0.0, 1.0])
def test_merged_words_train_according_to_lockf(kind, params, lockf, sentences, pretrained):
    model = make_model(kind, sentences, size=SIZE, **params)
    report = transfer_init(model, pretrained["bin"], lockf=lockf)
    merged = [_row(model, w) for w in report.matched_words()]
    missing = [_row(model, w) for w in report.missing_words()]
    file_vectors = np.array([pretrained["by_word"][w] for w in report.matched_words()])
    # FastText: the merged words' own rows are solved so that the composed vector is the file's (subwords.py)
    merged_rows = compat.word_vectors(model)[merged].copy()
    if kind != "fasttext":
        np.testing.assert_array_equal(merged_rows, file_vectors)
    train(model, kind, sentences, epochs=2)
    after = compat.word_vectors(model)
    moved = (after[merged] != merged_rows).any(axis=1)
    if kind == "fasttext" and lockf == 0.0:  # frozen own rows and seeded buckets: still the file's vectors
        np.testing.assert_allclose(model.wv.vectors[merged], file_vectors, rtol=1e-5, atol=1e-6)
    if lockf == 0.0:
        assert not moved.any(), "frozen pretrained vectors changed during training"
    else:
        assert moved.mean() > 0.9
    assert missing, "the corpus should have words the file lacks"
    # words the file lacks are free and train either way
    assert compat.lock_factors(model)[missing].min() == 1.0


def test_fasttext_ngrams_are_seeded_from_the_file_and_frozen_with_lockf_0(sentences, pretrained):
    """A word-level file seeds the buckets its words' n-grams reach; the rest keep training (subwords.py)."""
    model = make_model("fasttext", sentences, size=SIZE)
    ngrams_before = model.wv.vectors_ngrams.copy()
    report = transfer_init(model, pretrained["bin"], lockf=0.0)
    assert report.subwords["ngrams"] == "seeded" and report.subwords["seeded_from_words"] == len(pretrained["words"])
    changed = (model.wv.vectors_ngrams != ngrams_before).any(axis=1)
    assert 0 < changed.sum() < len(changed)
    merged = [_row(model, w) for w in report.matched_words()]
    file_vectors = np.array([pretrained["by_word"][w] for w in report.matched_words()])
    np.testing.assert_allclose(model.wv.vectors[merged], file_vectors, rtol=1e-5, atol=1e-6)
    seeded = model.wv.vectors_ngrams[changed].copy()
    train(model, "fasttext", sentences, epochs=1)
    np.testing.assert_array_equal(model.wv.vectors_ngrams[changed], seeded)  # lockf=0: seeded buckets frozen
    assert not np.array_equal(model.wv.vectors_ngrams[~changed], ngrams_before[~changed])  # the others train


# --- vocabulary growth in both orders -------------------------------------------------------------------
def _frozen_and_new_after_training(model, kind, frozen_words, new_words, sentences, pretrained):
    rows_frozen = [_row(model, w) for w in frozen_words]
    rows_new = [_row(model, w) for w in new_words]
    locks = compat.lock_factors(model)
    assert np.all(locks[rows_frozen] == 0.0)
    assert np.all(locks[rows_new] == 1.0)
    new_before = compat.word_vectors(model)[rows_new].copy()
    frozen_before = compat.word_vectors(model)[rows_frozen].copy()
    train(model, kind, sentences, epochs=2)
    after = compat.word_vectors(model)
    expected = np.array([pretrained["by_word"][w] for w in frozen_words])
    np.testing.assert_array_equal(after[rows_frozen], frozen_before)
    if kind == "fasttext":  # own rows solved for the composed vector (subwords.py), which stays the file's
        np.testing.assert_allclose(model.wv.vectors[rows_frozen], expected, rtol=1e-5, atol=1e-6)
    else:
        np.testing.assert_array_equal(after[rows_frozen], expected)
    assert (after[rows_new] != new_before).any(axis=1).all(), "new words must train"


@pytest.mark.parametrize("kind", ["word2vec", "fasttext"])
def test_merge_then_grow_keeps_old_locks_and_frees_new_words(kind, sentences, pretrained):
    first, second = sentences[:150], sentences[150:]
    model = make_model(kind, first, size=SIZE)
    report = transfer_init(model, pretrained["bin"], lockf=0.0)
    frozen = report.matched_words()
    old = set(compat.index_to_key(model))
    added = grow_vocab(model, second)
    new_words = [w for w in compat.index_to_key(model) if w not in old]
    assert added == len(new_words) > 100
    _frozen_and_new_after_training(model, kind, frozen, new_words, sentences, pretrained)


@pytest.mark.parametrize("kind", ["word2vec", "fasttext"])
def test_tutorial_order_grow_then_merge(kind, sentences, pretrained):
    """The tutorial: vocabulary from pretrained words, grow with the corpus, merge, train."""
    model = make_model(kind, None, size=SIZE, min_count=1)
    model.build_vocab([pretrained["words"][:300]])
    added = grow_vocab(model, sentences)
    assert added > 0
    report = transfer_init(model, pretrained["bin"], lockf=0.0)
    assert report.matched >= 300
    in_corpus = {w for s in sentences for w in s}
    corpus_only = [w for w in compat.index_to_key(model) if w not in pretrained["by_word"] and w in in_corpus]
    new_words = corpus_only[:50]
    _frozen_and_new_after_training(model, kind, report.matched_words(), new_words, sentences, pretrained)


@pytest.mark.parametrize("kind", ["word2vec", "fasttext"])
def test_gensims_own_update_after_a_merge_keeps_locks(kind, sentences, pretrained):
    """Users call model.build_vocab(update=True) directly; the guard transfer_init installs keeps locks."""
    model = make_model(kind, sentences[:150], size=SIZE)
    report = transfer_init(model, pretrained["bin"], lockf=0.0)
    assert guard.installed()
    old = set(compat.index_to_key(model))
    model.build_vocab(corpus_for(kind, sentences[150:]), update=True)
    new_words = [w for w in compat.index_to_key(model) if w not in old]
    with warnings.catch_warnings():
        warnings.simplefilter("error", LockFactorWarning)  # fixed at the update: nothing to warn about
        _frozen_and_new_after_training(model, kind, report.matched_words(), new_words, sentences, pretrained)


def test_lock_array_that_no_longer_fits_is_repaired_with_a_warning_before_training(sentences, pretrained):
    model = make_model("word2vec", sentences, size=SIZE)
    report = transfer_init(model, pretrained["bin"], lockf=0.0)
    owner, name = compat._lock_owner(model)
    n = len(compat.index_to_key(model))
    setattr(owner, name, compat.lock_factors(model)[: n - 40].copy())  # as if the last 40 words were new
    with pytest.warns(LockFactorWarning, match="repaired before training"):
        train(model, "word2vec", sentences, epochs=1)
    locks = compat.lock_factors(model)
    assert len(locks) == n and np.all(locks[n - 40:] == 1.0)
    old_merged = [w for w in report.matched_words() if _row(model, w) < n - 40]
    np.testing.assert_array_equal(
        compat.word_vectors(model)[[_row(model, w) for w in old_merged]],
        np.array([pretrained["by_word"][w] for w in old_merged]),
    )


def test_guard_uninstall_restores_gensims_methods():
    from gensim.models import Word2Vec

    owner = next(k for k in Word2Vec.__mro__ if "train" in k.__dict__)
    original = owner.__dict__["train"]
    guard.install()
    assert owner.__dict__["train"] is not original
    guard.install()  # idempotent
    guard.uninstall()
    assert owner.__dict__["train"] is original
    assert not guard.installed()


def test_grow_vocab_on_an_unlocked_model_just_grows(sentences):
    model = make_model("word2vec", sentences[:100], size=SIZE)
    before = len(compat.index_to_key(model))
    assert grow_vocab(model, sentences[100:]) == len(compat.index_to_key(model)) - before > 0
    assert np.all(compat.lock_factors(model) == 1.0)
