"""N-gram buckets for FastText targets: copied from a ``.bin``, seeded from word vectors, locked, trained.

"Equal to the file's vector" for a seeded or per-word merge means to float32 rounding: ``rtol=1e-6`` and
``atol=1e-6`` times the largest absolute value of the file's vectors (the own row is solved in float64 and
rounded to float32, so gensim's float32 recomposition can land an ulp away). Copied merges are bit-exact.
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from gensim.models.fasttext import load_facebook_vectors

from gensim_transfer import compat, subwords
from gensim_transfer.formats._fasttext_bin import compose_vectors, read_fasttext_header

from .corpus import lee_sentences, make_model, train
from .fasttext_files import random_bin

SIZE = 12
SENTENCES = lee_sentences(0, 120)
BUCKET = 2000


def _vocab(model):
    return list(compat.index_to_key(model))


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A .bin whose dictionary holds half of the model's vocabulary plus words the corpus never has."""
    vocab = _vocab(make_model("fasttext", SENTENCES, size=SIZE))
    words = [*vocab[::2], "zebrafish", "quantization", "thermostatic", "unbelievable", "parliamentarian"]
    path = tmp_path_factory.mktemp("ft") / "source.bin"
    path.write_bytes(random_bin(words, SIZE, BUCKET, min_n=3, max_n=4, seed=5))
    return str(path), words


def _copy_plan(model, path, lockf):
    with open(path, "rb") as f:
        info = read_fasttext_header(f, path)
        assert subwords.ngram_layout_agrees(model, info) is None
        copier = subwords.BucketCopier(model)
        rows, own = compose_vectors(f, info, dict(compat.key_to_index(model)), ngram_sink=copier, compose=False)
    return subwords.plan_copied(model, rows, own, copier, lockf)


def _composed(path, model):
    """The file's composed vectors of the model's words it holds: (rows, vectors)."""
    with open(path, "rb") as f:
        info = read_fasttext_header(f, path)
        return compose_vectors(f, info, dict(compat.key_to_index(model)))


def _all_source_vectors(path):
    with open(path, "rb") as f:
        info = read_fasttext_header(f, path)
        rows, vectors = compose_vectors(f, info, {w: i for i, w in enumerate(info.words)})
    return [info.words[r] for r in rows], vectors


def _snapshot(model):
    kv = compat.wv(model)
    return [np.array(a, copy=True) for a in (kv.vectors, kv.vectors_vocab, kv.vectors_ngrams,
                                             compat.lock_factors(model), compat.ngram_lock_factors(model))]


def assert_equal_to_float32_rounding(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6 * float(np.abs(want).max()))


# ------------------------------------------------------------------------------------------------------------
def test_layout_agrees_and_each_disagreement_is_named(source):
    path, _ = source
    with open(path, "rb") as f:
        info = read_fasttext_header(f, path)
    assert subwords.ngram_layout_agrees(make_model("fasttext", SENTENCES, size=SIZE), info) is None
    for kwargs, words in [(dict(min_n=2), "min_n=2"), (dict(max_n=6), "max_n=6"), (dict(bucket=999), "bucket=999")]:
        reason = subwords.ngram_layout_agrees(make_model("fasttext", SENTENCES, size=SIZE, **kwargs), info)
        assert reason.startswith("n-gram settings differ") and words in reason
    assert "not a FastText" in subwords.ngram_layout_agrees(make_model("word2vec", SENTENCES, size=SIZE), info)
    info.bucket = 0
    assert "no n-grams" in subwords.ngram_layout_agrees(make_model("fasttext", SENTENCES, size=SIZE), info)


@pytest.mark.skipif(compat.GENSIM_4, reason="only gensim 3.8 models can use the old non-Facebook n-gram hash")
def test_old_gensim_hash_disagrees(source):
    path, _ = source
    with open(path, "rb") as f:
        info = read_fasttext_header(f, path)
    model = make_model("fasttext", SENTENCES, size=SIZE, compatible_hash=False)
    assert "compatible_hash=False" in subwords.ngram_layout_agrees(model, info)


def test_planning_writes_nothing(source):
    path, _words = source
    model = make_model("fasttext", SENTENCES, size=SIZE)
    before = _snapshot(model)
    _copy_plan(model, path, 0.0)
    seeder = subwords.BucketSeeder(model)
    seeder.add(*_all_source_vectors(path))
    rows, vectors = _composed(path, model)
    subwords.plan_from_words(model, rows, vectors, 0.0, seeder=seeder)
    for a, b in zip(before, _snapshot(model)):
        np.testing.assert_array_equal(a, b)


def test_copied_buckets_make_the_model_compose_like_load_facebook_vectors(source):
    path, words = source
    model = make_model("fasttext", SENTENCES, size=SIZE)
    own_before = np.array(compat.word_vectors(model), copy=True)
    plan = _copy_plan(model, path, 1.0)
    subwords.apply_plan(model, plan)
    ref = load_facebook_vectors(path)
    index = compat.key_to_index(model)
    merged = [w for w in words if w in index]
    assert len(merged) == len(plan.word_rows) > 50
    for word in merged:  # in the vocabulary: own row + copied n-grams, composed by gensim itself
        np.testing.assert_array_equal(model.wv[word], ref[word])
    for word in ["kangaroo", "unseenword", "zebrafishes"]:  # out of both vocabularies: n-grams alone
        np.testing.assert_array_equal(model.wv[word], ref[word])
    np.testing.assert_array_equal(compat.ngram_vectors(model), ref.vectors_ngrams)
    untouched = np.setdiff1d(np.arange(len(index)), plan.word_rows)
    np.testing.assert_array_equal(compat.word_vectors(model)[untouched], own_before[untouched])
    assert plan.report()["ngrams"] == "copied" and plan.report()["ngram_buckets_written"] == BUCKET


def test_lockf_zero_keeps_copied_buckets_and_merged_words_through_training(source):
    path, words = source
    model = make_model("fasttext", SENTENCES, size=SIZE)
    subwords.apply_plan(model, _copy_plan(model, path, 0.0))
    index = compat.key_to_index(model)
    merged = np.array(sorted(index[w] for w in words if w in index))
    ngrams_before = np.array(compat.ngram_vectors(model), copy=True)
    vocab_before = np.array(compat.word_vectors(model), copy=True)
    composed_before = np.array(compat.wv(model).vectors[merged], copy=True)
    train(model, "fasttext", SENTENCES, epochs=2)
    np.testing.assert_array_equal(compat.ngram_vectors(model), ngrams_before)
    np.testing.assert_array_equal(compat.word_vectors(model)[merged], vocab_before[merged])
    np.testing.assert_array_equal(compat.wv(model).vectors[merged], composed_before)
    others = np.setdiff1d(np.arange(len(index)), merged)
    assert not np.array_equal(compat.word_vectors(model)[others], vocab_before[others])  # training did run


def test_seeded_buckets_are_means_and_merged_words_compose_to_the_file(source):
    path, _ = source
    model = make_model("fasttext", SENTENCES, size=SIZE)
    ngrams_before = np.array(compat.ngram_vectors(model), copy=True)
    source_words, source_vectors = _all_source_vectors(path)
    seeder = subwords.BucketSeeder(model)
    for start in range(0, len(source_words), 37):  # batches do not matter
        seeder.add(source_words[start:start + 37], source_vectors[start:start + 37])
    rows, vectors = _composed(path, model)
    plan = subwords.plan_from_words(model, rows, vectors, 1.0, seeder=seeder)
    subwords.apply_plan(model, plan)
    kv = compat.wv(model)
    assert_equal_to_float32_rounding(kv.vectors[rows], vectors)
    # Each seeded bucket is the mean of the vectors of the words whose n-grams hash to it (float64 reference).
    sums = np.zeros((BUCKET, SIZE))
    counts = np.zeros(BUCKET)
    for word, vector in zip(source_words, source_vectors):
        for h in compat.facebook_ngram_hashes(word, 3, 4, BUCKET):
            sums[h] += vector
            counts[h] += 1
    seeded = counts > 0
    np.testing.assert_array_equal(np.flatnonzero(seeded), plan.ngram_lock_rows)
    np.testing.assert_allclose(kv.vectors_ngrams[seeded], sums[seeded] / counts[seeded, None], rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(kv.vectors_ngrams[~seeded], ngrams_before[~seeded])
    report = plan.report()
    assert report["ngrams"] == "seeded" and report["seeded_from_words"] == len(source_words)


def test_seeded_lockf_zero_through_training(source):
    path, _ = source
    model = make_model("fasttext", SENTENCES, size=SIZE)
    seeder = subwords.BucketSeeder(model)
    seeder.add(*_all_source_vectors(path))
    rows, vectors = _composed(path, model)
    plan = subwords.plan_from_words(model, rows, vectors, 0.0, seeder=seeder)
    subwords.apply_plan(model, plan)
    seeded = plan.ngram_lock_rows
    ngrams_before = np.array(compat.ngram_vectors(model), copy=True)
    composed_before = np.array(compat.wv(model).vectors[rows], copy=True)
    train(model, "fasttext", SENTENCES, epochs=2)
    after = compat.ngram_vectors(model)
    np.testing.assert_array_equal(after[seeded], ngrams_before[seeded])
    free = np.setdiff1d(np.arange(BUCKET), seeded)
    assert not np.array_equal(after[free], ngrams_before[free])  # corpus-only n-grams still learn
    np.testing.assert_array_equal(compat.wv(model).vectors[rows], composed_before)
    locks = compat.ngram_lock_factors(model)
    assert np.all(locks[seeded] == 0.0) and np.all(locks[free] == 1.0)


def test_per_word_without_seeder_leaves_buckets(source):
    path, _ = source
    model = make_model("fasttext", SENTENCES, size=SIZE)
    ngrams_before = np.array(compat.ngram_vectors(model), copy=True)
    rows, vectors = _composed(path, model)
    plan = subwords.plan_from_words(model, rows, vectors, 0.5, reason="n-gram settings differ: ...")
    subwords.apply_plan(model, plan)
    np.testing.assert_array_equal(compat.ngram_vectors(model), ngrams_before)
    assert_equal_to_float32_rounding(compat.wv(model).vectors[rows], vectors)
    assert np.all(compat.lock_factors(model)[rows] == 0.5)
    assert plan.report() == {"ngrams": "per-word", "ngram_buckets_written": 0, "ngram_lockf": None,
                             "seeded_from_words": 0, "reason": "n-gram settings differ: ..."}


def test_model_without_buckets_gets_the_files_vectors():
    words = _vocab(make_model("fasttext", SENTENCES, size=SIZE))[:30]
    model = make_model("fasttext", SENTENCES, size=SIZE, max_n=0, min_n=1, bucket=0)
    data = random_bin(words, SIZE, 10, min_n=3, max_n=4)
    stream = io.BytesIO(data)
    info = read_fasttext_header(stream, "s.bin")
    assert "no n-gram buckets" in subwords.ngram_layout_agrees(model, info)
    rows, vectors = compose_vectors(stream, info, dict(compat.key_to_index(model)))
    subwords.apply_plan(model, subwords.plan_from_words(model, rows, vectors, 1.0))
    np.testing.assert_array_equal(compat.wv(model).vectors[rows], vectors)


def test_copier_refuses_out_of_order_rows():
    model = make_model("fasttext", SENTENCES, size=SIZE)
    copier = subwords.BucketCopier(model)
    with pytest.raises(ValueError):
        copier(5, np.zeros((3, SIZE), np.float32))
    copier(0, np.zeros((3, SIZE), np.float32))
    with pytest.raises(ValueError):
        copier.result()


def test_ngram_locks_survive_vocabulary_growth(source):
    from gensim_transfer import grow_vocab

    path, _ = source
    model = make_model("fasttext", SENTENCES, size=SIZE)
    seeder = subwords.BucketSeeder(model)
    seeder.add(*_all_source_vectors(path))
    rows, vectors = _composed(path, model)
    plan = subwords.plan_from_words(model, rows, vectors, 0.0, seeder=seeder)
    subwords.apply_plan(model, plan)
    before = np.array(compat.ngram_vectors(model), copy=True)
    assert grow_vocab(model, lee_sentences(120, 200)) > 0
    locks = compat.ngram_lock_factors(model)
    assert np.all(locks[plan.ngram_lock_rows] == 0.0)
    assert np.all(np.delete(locks, plan.ngram_lock_rows) == 1.0)
    train(model, "fasttext", lee_sentences(0, 200), epochs=1)
    seeded = plan.ngram_lock_rows
    np.testing.assert_array_equal(compat.ngram_vectors(model)[seeded], before[seeded])


def test_seeding_from_a_vec_file_shipped_with_gensim():
    """Word-level source: gensim's lee_fasttext.vec streamed through iter_vectors into the seeder."""
    from gensim.test.utils import datapath

    from gensim_transfer.formats import iter_vectors, read_vectors

    path = datapath("lee_fasttext.vec")
    model = make_model("fasttext", SENTENCES, size=10)
    seeder = subwords.BucketSeeder(model)
    added = seeder.add_records(iter_vectors(path), batch=100)
    vocabulary = _vocab(model)
    selected = read_vectors(path, vocabulary)
    rows = np.flatnonzero(selected.found)
    assert added == seeder.words_added > 1000 and len(rows) > 100
    plan = subwords.plan_from_words(model, rows, selected.vectors[rows], 1.0, seeder=seeder)
    subwords.apply_plan(model, plan)
    assert_equal_to_float32_rounding(compat.wv(model).vectors[rows], selected.vectors[rows])
    assert plan.report()["seeded_from_words"] == added


def test_a_truncated_bin_stops_before_anything_is_staged_into_the_model(source):
    from gensim_transfer.errors import TruncatedFileError

    path, words = source
    with open(path, "rb") as f:
        data = f.read()
    model = make_model("fasttext", SENTENCES, size=SIZE)
    before = _snapshot(model)
    output_matrix = 17 + len(words) * SIZE * 4
    cut = io.BytesIO(data[:len(data) - output_matrix - 1000])  # inside the last buckets
    info = read_fasttext_header(cut, "cut.bin")
    with pytest.raises(TruncatedFileError, match=r"cut\.bin"):
        compose_vectors(cut, info, dict(compat.key_to_index(model)), ngram_sink=subwords.BucketCopier(model),
                        compose=False)
    for a, b in zip(before, _snapshot(model)):
        np.testing.assert_array_equal(a, b)


def _facebook_reference(word, minn, maxn, bucket):
    """Facebook's Dictionary::computeSubwords and Dictionary::hash (dictionary.cc), transcribed to Python."""
    data = ("<" + word + ">").encode("utf-8")
    out = []
    for i in range(len(data)):
        if data[i] & 0xC0 == 0x80:
            continue
        ngram = bytearray()
        j, n = i, 1
        while j < len(data) and n <= maxn:
            ngram.append(data[j])
            j += 1
            while j < len(data) and data[j] & 0xC0 == 0x80:
                ngram.append(data[j])
                j += 1
            if n >= minn and not (n == 1 and (i == 0 or j == len(data))):
                h = 2166136261
                for byte in ngram:  # uint32_t(int8_t(c)): bytes >= 0x80 are sign-extended
                    h = (h ^ ((byte - 256) & 0xFFFFFFFF if byte >= 0x80 else byte)) * 16777619 & 0xFFFFFFFF
                out.append(h % bucket)
            n += 1
    return out


@pytest.mark.parametrize("minn, maxn", [(3, 6), (5, 5), (1, 2)])
def test_ngram_hashes_equal_facebooks(minn, maxn):
    from .vectorfiles import SAMPLE_WORDS

    for word in [*SAMPLE_WORDS, "", "a", "日"]:
        assert compat.facebook_ngram_hashes(word, minn, maxn, 2_000_000) == _facebook_reference(word, minn, maxn,
                                                                                                  2_000_000)
