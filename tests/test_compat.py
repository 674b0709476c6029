"""gensim_transfer.compat against real models of the installed gensim (no mocks)."""
from __future__ import annotations

import collections

import numpy as np
import pytest

from gensim_transfer import compat, formats, transfer_init
from gensim_transfer.errors import TransferError

from .corpus import corpus_for, lee_sentences, make_model, random_vectors, train, write_word2vec

KINDS = ["word2vec", "fasttext", "doc2vec"]


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences()


# --- keyword spelling -----------------------------------------------------------------------------------
@pytest.mark.parametrize("old, new", compat.RENAMED_MODEL_KWARGS)
def test_model_kwargs_accepts_both_spellings_and_returns_the_installed_one(old, new):
    installed, other = (new, old) if compat.GENSIM_4 else (old, new)
    assert compat.model_kwargs(**{other: 5}) == {installed: 5}
    assert compat.model_kwargs(**{installed: 5}) == {installed: 5}
    assert compat.model_kwargs(**{old: 5, new: 5}) == {installed: 5}  # same value twice is harmless


def test_model_kwargs_for_doc2vec_uses_the_spelling_its_constructor_wants():
    from gensim.models import Doc2Vec

    out = compat.model_kwargs(Doc2Vec, size=7, iter=2, docvecs=None)
    assert set(out) == {"vector_size", "epochs", "dv" if compat.GENSIM_4 else "docvecs"}
    model = Doc2Vec(**compat.model_kwargs(Doc2Vec, size=7, iter=2))
    assert compat.vector_size(model) == 7 and model.epochs == 2


def test_model_kwargs_conflicting_spellings_name_both():
    with pytest.raises(TypeError, match=r"size=10.*vector_size=20|vector_size=20.*size=10"):
        compat.model_kwargs(size=10, vector_size=20)


def test_model_kwargs_passes_other_keywords_through():
    assert compat.model_kwargs(min_count=3, sg=1, window=4) == {"min_count": 3, "sg": 1, "window": 4}


@pytest.mark.parametrize("kind", KINDS)
def test_model_kwargs_build_a_model_with_the_requested_settings(kind, sentences):
    model = make_model(kind, sentences[:50], size=12, iter=3)
    assert compat.vector_size(model) == 12
    assert model.wv.vectors.shape[1] == 12
    assert model.epochs == 3


def test_one_major_only_keywords():
    # The value that matches the other major's only behaviour is dropped; any other value is an error.
    name, value = ("compatible_hash", True) if compat.GENSIM_4 else ("shrink_windows", True)
    assert compat.model_kwargs(**{name: value}) == {}
    with pytest.raises(TypeError, match=name):
        compat.model_kwargs(**{name: not value})


def test_corpus_kwargs():
    wanted = "corpus_iterable" if compat.GENSIM_4 else None
    out = compat.corpus_kwargs(corpus_iterable=[["a"]])
    if wanted:
        assert out == {"corpus_iterable": [["a"]]}
    else:
        assert list(out) in (["sentences"], ["documents"])
    with pytest.raises(TypeError, match="sentences"):
        compat.corpus_kwargs(sentences=[["a"]], corpus_iterable=[["b"]])


# --- vocabulary and vectors -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_vocabulary_accessors_agree_with_the_corpus_and_gensim_lookups(kind, sentences):
    model = make_model(kind, sentences)
    counts = collections.Counter(w for s in sentences for w in s)
    words = compat.index_to_key(model)
    index = compat.key_to_index(model)
    expected_vocab = {w for w, c in counts.items() if c >= 2}
    assert set(words) == expected_vocab
    assert len(index) == len(words)
    assert all(index[w] == i for i, w in enumerate(words))
    for word in ["the", "government", words[-1]]:
        assert compat.word_count(model, word) == counts[word]
        # gensim's own lookup returns the row compat says is the word's
        np.testing.assert_array_equal(model.wv[word], model.wv.vectors[index[word]])
    with pytest.raises(KeyError):
        compat.word_count(model, "not-a-word-in-lee")


@pytest.mark.parametrize("kind", KINDS)
def test_accessors_take_keyed_vectors_too(kind, sentences):
    model = make_model(kind, sentences[:80])
    kv = model.wv
    assert compat.wv(model) is kv and compat.wv(kv) is kv
    assert list(compat.index_to_key(kv)) == list(compat.index_to_key(model))
    assert compat.vector_size(kv) == compat.vector_size(model)
    with pytest.raises(TypeError):
        compat.wv(object())


@pytest.mark.parametrize("kind", KINDS)
def test_word_vectors_is_the_matrix_training_updates(kind, sentences):
    model = make_model(kind, sentences, **({"dbow_words": 1, "dm": 0} if kind == "doc2vec" else {}))
    matrix = compat.word_vectors(model)
    assert matrix.shape == (len(compat.index_to_key(model)), compat.vector_size(model))
    before = matrix.copy()
    train(model, kind, sentences, epochs=1)
    after = compat.word_vectors(model)
    assert (before != after).any(axis=1).mean() > 0.9  # nearly every word moved
    if kind == "fasttext":
        # the per-word matrix, not the composed one queries read (which also has n-gram parts)
        assert not np.array_equal(after, model.wv.vectors)


def test_set_word_count(sentences):
    model = make_model("word2vec", sentences[:50])
    compat.set_word_count(model, "the", 12345)
    assert compat.word_count(model, "the") == 12345


def test_keyed_vectors_from_keeps_order_and_values():
    words = ["alpha", "beta", "gamma"]
    vectors = random_vectors(3, 5)
    kv = compat.keyed_vectors_from(words, vectors)
    assert list(compat.index_to_key(kv)) == words
    for i, w in enumerate(words):
        np.testing.assert_array_equal(kv[w], vectors[i])
    with pytest.raises(ValueError):
        compat.keyed_vectors_from(words, vectors[:2])


def test_normed_vectors(sentences):
    model = make_model("word2vec", sentences[:50])
    normed = compat.normed_vectors(model)
    np.testing.assert_allclose(np.linalg.norm(normed, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(normed[3] * np.linalg.norm(model.wv.vectors[3]), model.wv.vectors[3], rtol=1e-5)


# --- lock factors ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_lock_factors_full_length_float32_and_live(kind, sentences):
    model = make_model(kind, sentences[:100])
    locks = compat.lock_factors(model)
    assert locks.dtype == np.float32
    assert locks.shape == (len(compat.index_to_key(model)),)
    assert np.all(locks == 1.0)
    locks[5] = 0.25
    assert compat.lock_factors(model)[5] == np.float32(0.25)  # the same live array, not a copy


def test_set_lock_factors_scalar_array_mapping(sentences):
    model = make_model("word2vec", sentences[:100])
    n = len(compat.index_to_key(model))
    compat.set_lock_factors(model, 0.5)
    assert np.all(compat.lock_factors(model) == 0.5)
    values = np.linspace(0, 1, n, dtype=np.float32)
    compat.set_lock_factors(model, values)
    np.testing.assert_array_equal(compat.lock_factors(model), values)
    compat.set_lock_factors(model, {"the": 0.0, "and": 0.75})
    index = compat.key_to_index(model)
    assert compat.lock_factors(model)[index["the"]] == 0.0
    assert compat.lock_factors(model)[index["and"]] == np.float32(0.75)
    with pytest.raises(KeyError, match="no-such-word"):
        compat.set_lock_factors(model, {"no-such-word": 0.0, "the": 1.0})
    assert compat.lock_factors(model)[index["the"]] == 0.0  # unchanged by the failed call
    with pytest.raises(ValueError, match="one lock per word"):
        compat.set_lock_factors(model, np.ones(n + 1))
    with pytest.raises(TypeError):
        compat.lock_factors(model.wv)


TRAINING_MODES = [
    pytest.param(dict(sg=1, hs=0, negative=5), id="sg-neg"),
    pytest.param(dict(sg=1, hs=1, negative=0), id="sg-hs"),
    pytest.param(dict(sg=0, hs=0, negative=5), id="cbow-neg"),
    pytest.param(dict(sg=0, hs=1, negative=0), id="cbow-hs"),
]
DOC2VEC_MODES = [
    pytest.param(dict(dm=1, hs=0, negative=5), id="dm-neg"),
    pytest.param(dict(dm=1, hs=1, negative=0), id="dm-hs"),
    pytest.param(dict(dm=0, dbow_words=1, hs=0, negative=5), id="dbow-words-neg"),
    pytest.param(dict(dm=0, dbow_words=1, hs=1, negative=0), id="dbow-words-hs"),
]


def _check_locks_during_training(kind, params, sentences):
    model = make_model(kind, sentences, **params)
    index = compat.key_to_index(model)
    frozen, free = ["the", "government", "said"], ["to", "police", "people"]
    compat.set_lock_factors(model, {w: 0.0 for w in frozen})
    before = compat.word_vectors(model).copy()
    train(model, kind, sentences, epochs=2)
    after = compat.word_vectors(model)
    for w in frozen:
        np.testing.assert_array_equal(after[index[w]], before[index[w]], err_msg="frozen word %r moved" % w)
    for w in free:
        assert not np.array_equal(after[index[w]], before[index[w]]), "free word %r did not train" % w


@pytest.mark.parametrize("params", TRAINING_MODES)
@pytest.mark.parametrize("kind", ["word2vec", "fasttext"])
def test_set_lock_factors_really_freezes_during_training(kind, params, sentences):
    _check_locks_during_training(kind, params, sentences)


@pytest.mark.parametrize("params", DOC2VEC_MODES)
def test_doc2vec_word_locks_really_freeze_during_training(params, sentences):
    _check_locks_during_training("doc2vec", params, sentences)


def test_partial_lock_scales_the_update(sentences):
    # lockf multiplies each update: a word at 0.5 moves, but less than the same word at 1.0 would.
    moves = []
    for lock in (1.0, 0.5):
        model = make_model("word2vec", sentences, sg=1, hs=0, negative=5)
        row = compat.key_to_index(model)["government"]
        compat.set_lock_factors(model, {"government": lock})
        before = compat.word_vectors(model)[row].copy()
        train(model, "word2vec", sentences, epochs=1)
        moves.append(np.linalg.norm(compat.word_vectors(model)[row] - before))
    assert 0 < moves[1] < moves[0]


def test_lock_factors_fit_detects_a_short_array_and_lock_factors_repairs_it(sentences):
    model = make_model("word2vec", sentences[:100])
    n = len(compat.index_to_key(model))
    owner, name = compat._lock_owner(model)
    short = np.ones(n - 10, dtype=np.float32)
    short[0] = 0.0
    setattr(owner, name, short)  # what gensim 4.x leaves after build_vocab(update=True) on a locked model
    assert not compat.lock_factors_fit(model)
    locks = compat.lock_factors(model)
    assert compat.lock_factors_fit(model)
    assert locks.shape == (n,) and locks[0] == 0.0 and np.all(locks[1:] == 1.0)


def test_active_paths_mentions_versions():
    paths = compat.active_paths()
    assert paths["gensim"] == str(compat.GENSIM_VERSION)
    assert set(paths) >= {"numpy", "lock factors", "vocabulary"}


def test_corpus_for_doc2vec_tags_are_unique(sentences):
    docs = corpus_for("doc2vec", sentences[:5])
    assert [d.tags for d in docs] == [[0], [1], [2], [3], [4]]


# --- words that are not str ------------------------------------------------------------------------------
def _model_with_duplicate_word_file(tmp_path, sentences):
    """A Word2Vec whose vocabulary is a KeyedVectors loaded from a file with a duplicate word: gensim 4.x
    leaves None in index_to_key for it (3.8.3 drops the duplicate; there None is put in by hand)."""
    from gensim.models import KeyedVectors

    model = make_model("word2vec", sentences[:50])
    path = tmp_path / "dup.txt"
    path.write_text("3 16\n" + "".join("%s %s\n" % (w, " ".join(["0.5"] * 16)) for w in ("the", "said", "the")),
                    encoding="utf8")
    loaded = KeyedVectors.load_word2vec_format(str(path))
    words = compat.index_to_key(loaded)
    if compat.GENSIM_4:
        assert words == ["the", "said", None]  # gensim's own behaviour, the reason for the check
    else:
        assert words == ["the", "said"]
        words.append(None)
    model.wv = loaded
    return model


def test_a_none_vocabulary_word_is_named_by_its_index_with_the_reason(tmp_path, sentences):
    model = _model_with_duplicate_word_file(tmp_path, sentences)
    with pytest.raises(TransferError, match=r"vocabulary word at index 2 of 3 is None.*occurs twice in the file"):
        compat.checked_vocabulary(model)
    path = write_word2vec(tmp_path / "v.bin", ["the", "said"], random_vectors(2, 16), binary=True)
    before = model.wv.vectors.copy()
    with pytest.raises(TransferError, match="index 2 of 3 is None"):
        transfer_init(model, path)
    np.testing.assert_array_equal(model.wv.vectors, before)  # refused before anything changed


def test_checked_vocabulary_names_other_non_str_words_and_passes_str_ones(sentences):
    model = make_model("word2vec", sentences[:50])
    assert compat.checked_vocabulary(model) == list(compat.index_to_key(model))
    compat.index_to_key(model)[4] = 17
    with pytest.raises(TransferError, match=r"index 4 of \d+ is 17, not a str$"):
        compat.checked_vocabulary(model)


@pytest.mark.parametrize("encoding, errors", [("utf8", "strict"), ("utf8", "replace"), ("utf-16", "strict")])
def test_read_vectors_names_a_word_that_is_not_a_str(tmp_path, encoding, errors):
    path = write_word2vec(tmp_path / "v.bin", ["a", "b"], random_vectors(2, 4), binary=True)
    with pytest.raises(TypeError, match=r"word at index 1 of 3 is None \(a NoneType\); words must be str"):
        formats.read_vectors(path, ["a", None, "b"], encoding=encoding, unicode_errors=errors)
    with pytest.raises(TypeError, match=r"word at index 2 of 3 is b'b' \(a bytes\)"):
        formats.read_vectors(path, ["a", "a", b"b"])


# --- which models train word vectors ---------------------------------------------------------------------
@pytest.mark.parametrize("kind, params, expected", [
    ("word2vec", dict(sg=0), True),
    ("fasttext", dict(sg=1), True),
    ("doc2vec", dict(dm=1), True),
    ("doc2vec", dict(dm=0, dbow_words=1), True),
    ("doc2vec", dict(dm=0), False),
])
def test_trains_word_vectors_agrees_with_real_training(kind, params, expected, sentences):
    model = make_model(kind, sentences[:100], **params)
    assert compat.trains_word_vectors(model) is expected
    before = compat.word_vectors(model).copy()
    train(model, kind, sentences[:100], epochs=1)
    assert (not np.array_equal(compat.word_vectors(model), before)) is expected


def test_doc_lock_factors_are_live_and_one_per_document():
    sentences = lee_sentences(0, 30)
    model = make_model("doc2vec", sentences, dm=1)
    locks = compat.doc_lock_factors(model)
    assert locks.shape == (30,) and np.all(locks == 1.0)
    locks[0] = 0.0
    before = model.dv[0].copy() if compat.GENSIM_4 else model.docvecs[0].copy()
    train(model, "doc2vec", sentences)
    after = model.dv[0] if compat.GENSIM_4 else model.docvecs[0]
    assert np.array_equal(after, before)
    assert compat.doc_lock_factors(model)[0] == 0.0


def test_ngram_lock_factors_one_per_bucket():
    model = make_model("fasttext", lee_sentences(0, 30), bucket=50)
    locks = compat.ngram_lock_factors(model)
    assert locks.shape[0] == 50 and np.all(locks == 1.0)
    assert np.shares_memory(compat.ngram_lock_factors(model), locks)  # the live array (3.8: a view), not a copy


def test_similarity_unseen_docs_on_every_line():
    sentences = lee_sentences(0, 30)
    model = make_model("doc2vec", sentences)
    similarity = compat.similarity_unseen_docs(model, sentences[0], sentences[1], epochs=3)
    assert -1.0 <= similarity <= 1.0
