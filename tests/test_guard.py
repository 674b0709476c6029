"""gensim_transfer.guard through real training: misread lock arrays, and training threads that die."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import warnings

import numpy as np
import pytest

from gensim_transfer import compat, guard, transfer_init
from gensim_transfer.errors import LockFactorWarning

from .corpus import lee_sentences, make_model, random_vectors, train, write_word2vec

KINDS = ["word2vec", "fasttext", "doc2vec"]
MODES = {"word2vec": dict(sg=1, hs=0, negative=5), "fasttext": dict(sg=1, hs=0, negative=5),
         "doc2vec": dict(dm=1, hs=0, negative=5)}


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences()


@pytest.fixture(autouse=True)
def _no_guard():
    """Each test starts without the guard (to see gensim's own behaviour) and leaves none behind."""
    guard.uninstall()
    yield
    guard.uninstall()


def float64_locks(model):
    """The lock-array expansion that circulates for gensim 4 (``model.wv.vectors_lockf = np.ones(len(model.wv))``),
    applied to every lock array gensim's kernels read for this model: float64 ones, one per row."""
    word_locks = compat._lock_owner(model)
    for owner, name, _, _ in compat._lock_arrays(model):
        current = getattr(owner, name)
        if (owner, name) == word_locks and current.ndim == 1:
            setattr(owner, name, np.ones(len(compat.index_to_key(model))))
        else:  # gensim's own shape (1 element on gensim 4.x, one row per n-gram or document on 3.8)
            setattr(owner, name, np.ones(current.shape))


def moved_rows(model, kind, sentences, epochs=1):
    before = compat.word_vectors(model).copy()
    train(model, kind, sentences, epochs=epochs)
    return np.any(compat.word_vectors(model) != before, axis=1)


# --- the float64 trap, through real training -------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_float64_locks_freeze_every_even_word_in_gensims_own_training(kind, sentences):
    # gensim's kernels read the float64 1.0 (bytes 00 00 00 00 00 00 f0 3f) as two float32s: 0.0 and 1.875.
    model = make_model(kind, sentences, **MODES[kind])
    float64_locks(model)
    moved = moved_rows(model, kind, sentences)
    assert not moved[::2].any(), "gensim trained words whose float64 lock it should have read as 0.0"
    assert (~moved).sum() >= len(moved) // 2


@pytest.mark.parametrize("kind", KINDS)
def test_transfer_init_repairs_float64_locks_and_every_word_then_trains(kind, sentences, tmp_path):
    words = list(compat.index_to_key(make_model(kind, sentences)))[:300]
    path = write_word2vec(tmp_path / "v.bin", words, random_vectors(len(words), 16, seed=2), binary=True)
    model = make_model(kind, sentences, **MODES[kind])
    float64_locks(model)  # the recipe people apply before gensim 4's intersect_word2vec_format
    with pytest.warns(LockFactorWarning, match="float64") as caught:
        transfer_init(model, path, lockf=1.0)
    assert caught[0].filename == __file__  # the warning points at the caller's line, not at our code
    for owner, name, _, _ in compat._lock_arrays(model):
        array = getattr(owner, name)
        assert array.dtype == np.float32 and array.flags.c_contiguous and np.all(array == 1.0), name
    moved = moved_rows(model, kind, sentences)
    assert moved.all(), "%d words did not train" % (~moved).sum()


@pytest.mark.parametrize("kind", KINDS)
def test_the_guard_repairs_float64_locks_set_after_the_merge_before_train(kind, sentences):
    model = make_model(kind, sentences, **MODES[kind])
    guard.install()
    float64_locks(model)
    with pytest.warns(LockFactorWarning, match="float64"):
        moved = moved_rows(model, kind, sentences)
    assert moved.all(), "%d words did not train" % (~moved).sum()


def test_float64_partial_locks_train_at_the_wrong_rate_unless_repaired(sentences):
    # A float64 0.5 reads as 0.0 (even rows) and 1.75 (odd rows): the odd words train faster than at 1.0.
    row = 101  # an odd row: a word seen a few dozen times in the corpus
    moves = {}
    for case in ("float32 1.0", "float64 0.5", "repaired 0.5"):
        model = make_model("word2vec", sentences, **MODES["word2vec"])
        owner, name = compat._lock_owner(model)
        n = len(compat.index_to_key(model))
        setattr(owner, name, np.full(n, 1.0 if case == "float32 1.0" else 0.5,
                                     dtype=np.float32 if case == "float32 1.0" else np.float64))
        if case == "repaired 0.5":
            with pytest.warns(LockFactorWarning):
                compat.repair_lock_arrays(model)
        before = compat.word_vectors(model)[row].copy()
        train(model, "word2vec", sentences, epochs=1)
        moves[case] = np.linalg.norm(compat.word_vectors(model)[row] - before)
    assert moves["float64 0.5"] > moves["float32 1.0"] > moves["repaired 0.5"] > 0


# --- what repair_lock_arrays fixes, values kept ----------------------------------------------------------
def _bad(values, form):
    if form == "float64":
        return values.astype(np.float64)
    if form == "big-endian":
        return values.astype(">f4")
    if form == "strided":
        wide = np.zeros(2 * len(values), dtype=np.float32)
        wide[::2] = values
        return wide[::2]
    if form == "list":
        return values.tolist()
    if form == "column":
        return values.reshape(-1, 1).astype(np.float64)
    raise AssertionError(form)


@pytest.mark.parametrize("form", ["float64", "big-endian", "strided", "list", "column"])
@pytest.mark.parametrize("kind", KINDS)
def test_repair_lock_arrays_keeps_the_values(kind, form, sentences):
    model = make_model(kind, sentences[:100])
    n = len(compat.index_to_key(model))
    values = np.random.RandomState(1).uniform(0, 1, n).astype(np.float32)
    owner, name = compat._lock_owner(model)
    setattr(owner, name, _bad(values, form))
    with pytest.warns(LockFactorWarning, match=name):
        fixes = compat.repair_lock_arrays(model)
    assert len(fixes) == 1 and name in fixes[0]
    repaired = getattr(owner, name)
    assert repaired.dtype == np.float32 and repaired.dtype.isnative and repaired.flags.c_contiguous
    np.testing.assert_array_equal(repaired.reshape(-1), values)
    np.testing.assert_array_equal(compat.lock_factors(model), values)
    assert compat.repair_lock_arrays(model) == []  # nothing left to fix


@pytest.mark.parametrize("kind", KINDS)
def test_lock_arrays_gensim_made_are_left_alone(kind, sentences):
    model = make_model(kind, sentences[:100])
    arrays = [getattr(owner, name) for owner, name, _, _ in compat._lock_arrays(model)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compat.repair_lock_arrays(model) == []
    assert all(getattr(owner, name) is a for (owner, name, _, _), a in zip(compat._lock_arrays(model), arrays))


def test_the_fasttext_ngram_and_doc2vec_document_locks_are_covered(sentences):
    ft = make_model("fasttext", sentences[:100])
    owner = compat._lock_owner(ft)[0]
    owner.vectors_ngrams_lockf = np.asarray(owner.vectors_ngrams_lockf, dtype=np.float64)
    with pytest.warns(LockFactorWarning, match="vectors_ngrams_lockf: dtype float64"):
        compat.repair_lock_arrays(ft)
    assert owner.vectors_ngrams_lockf.dtype == np.float32
    d2v = make_model("doc2vec", sentences[:100])
    doc_owner, doc_name, label, _ = compat._lock_arrays(d2v)[-1]
    setattr(doc_owner, doc_name, np.asarray(getattr(doc_owner, doc_name), dtype=np.float64))
    with pytest.warns(LockFactorWarning, match=label.replace(".", r"\.")):
        compat.repair_lock_arrays(d2v)
    assert getattr(doc_owner, doc_name).dtype == np.float32


# --- a dying training thread ends train() ----------------------------------------------------------------
_SCENARIOS = r'''
import json, sys, threading, warnings
warnings.simplefilter("ignore")
from gensim_transfer import guard
from gensim_transfer.adapt import adapt
from gensim_transfer.errors import TrainingError
sys.path.insert(0, sys.argv[2])  # the tests' own directory, for the corpus helpers (not the source tree)
from corpus import lee_sentences, make_model, train

sentences = lee_sentences()
results = {}


def outcome(run):
    try:
        run()
        result = "returned"
    except TrainingError as err:
        result = "TrainingError: %s | cause %s" % (err, type(err.__cause__).__name__)
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join(60)  # gensim's threads end on their own once train() has raised
    alive = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    return {"result": result, "threads left": alive}


class FailsWhileTraining:
    """Re-iterable; from its pass number ``failing_pass`` on (a training epoch) it raises halfway through."""

    def __init__(self, items, failing_pass):
        self.items, self.passes, self.failing_pass = items, 0, failing_pass

    def __iter__(self):
        self.passes += 1
        for i, item in enumerate(self.items):
            if self.passes >= self.failing_pass and i == len(self.items) // 2:
                raise OSError("the corpus disk went away")
            yield item


guard.install()
for workers in (1, 3):
    model = make_model("word2vec", sentences, window=-4, workers=workers)
    results["window=-4, %d workers" % workers] = outcome(lambda: train(model, "word2vec", sentences, epochs=3))
    model.window = 5
    results["the same model afterwards, window=5"] = outcome(lambda: train(model, "word2vec", sentences))
    corpus = FailsWhileTraining(sentences, 2)  # 1: build_vocab
    model = make_model("word2vec", corpus, workers=workers)
    results["corpus fails, %d workers" % workers] = outcome(
        lambda: model.train(corpus, total_examples=len(sentences), epochs=2))
for kind in ("fasttext", "doc2vec"):
    model = make_model(kind, sentences, window=0)
    results["%s window=0" % kind] = outcome(lambda: train(model, kind, sentences))
guard.uninstall()
corpus = FailsWhileTraining(sentences, 3)  # 1: adapt's look at the first item, 2: build_vocab
results["adapt(), corpus fails"] = outcome(lambda: adapt(corpus, sys.argv[1], min_count=2, workers=2))
print(json.dumps(results))
'''


def test_a_dying_training_thread_raises_training_error_and_every_thread_ends(sentences, tmp_path):
    words = sorted({w for s in sentences for w in s})[:500]
    path = write_word2vec(tmp_path / "v.bin", words, random_vectors(len(words), 16, seed=3), binary=True)
    # A subprocess with a timeout: without the guard gensim waits forever, and a regression must fail, not hang.
    # Not from the repository root (whose source tree, without the compiled scanner, ``-c`` would import first):
    # the installed package, as in the tox envs.
    tests_dir = os.path.dirname(os.path.abspath(__file__))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(_SCENARIOS), path, tests_dir],
                          cwd=tempfile.gettempdir(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for name, outcome in results.items():
        assert outcome["threads left"] == [], name
    for workers in (1, 3):
        assert results["window=-4, %d workers" % workers]["result"] == (
            "TrainingError: training stopped: a gensim training thread failed with ValueError: high <= 0 "
            "| cause ValueError")
        assert results["corpus fails, %d workers" % workers]["result"] == (
            "TrainingError: training stopped: reading the corpus failed with OSError: the corpus disk went away "
            "| cause OSError")
    assert results["the same model afterwards, window=5"]["result"] == "returned"
    for kind in ("fasttext", "doc2vec"):
        assert "ValueError" in results["%s window=0" % kind]["result"]
    assert results["adapt(), corpus fails"]["result"].endswith("the corpus disk went away | cause OSError")
    assert "Traceback" not in done.stderr  # gensim's thread traceback is not printed: the error is raised


def test_a_short_all_ones_lock_array_is_refitted_where_gensim_would_misread_it(sentences):
    # gensim 4.x reads a short array modulo its length (all ones: every word reads 1.0, fine); gensim 3.8
    # reads element [index] with no bounds check, past the array's end.
    model = make_model("word2vec", sentences[:100])
    guard.install()
    owner, name = compat._lock_owner(model)
    n = len(compat.index_to_key(model))
    setattr(owner, name, np.ones(n - 25, dtype=np.float32))
    if compat.GENSIM_4:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            train(model, "word2vec", sentences[:100], epochs=1)
        assert len(getattr(owner, name)) == n - 25
    else:
        with pytest.warns(LockFactorWarning, match="no longer fit"):
            train(model, "word2vec", sentences[:100], epochs=1)
        assert len(getattr(owner, name)) == n


def test_grow_vocab_repairs_float64_locks_and_keeps_their_values(sentences):
    from gensim_transfer import grow_vocab

    model = make_model("word2vec", sentences[:100])
    owner, name = compat._lock_owner(model)
    n = len(compat.index_to_key(model))
    values = np.random.RandomState(4).uniform(0, 1, n)
    setattr(owner, name, values)  # float64
    with pytest.warns(LockFactorWarning, match="float64"):
        added = grow_vocab(model, sentences[100:])
    locks = compat.lock_factors(model)
    assert added > 0 and locks.dtype == np.float32 and len(locks) == n + added
    np.testing.assert_array_equal(locks[:n], values.astype(np.float32))
    assert np.all(locks[n:] == 1.0)
