"""gensim_transfer.legacy: gensim 3.x code runs unchanged on every gensim line after ``legacy.enable()``.

The same tests run on gensim 3.8.3 (where enable() only repairs what is broken there, so they check that
3.x's own API still works) and on every 4.x line (where the 3.x spellings are restored). Expectations that
differ between the two come from ``compat.GENSIM_4``.
"""
from __future__ import annotations

import collections
import os
import pickle
import subprocess
import sys
import tempfile
import warnings

import gensim
import numpy as np
import pytest
from gensim.models import Doc2Vec, FastText, KeyedVectors, Word2Vec
from gensim.models import keyedvectors as kv_module
from gensim.models.doc2vec import TaggedDocument
from gensim.test.utils import datapath

import gensim_transfer
from gensim_transfer import compat, guard, legacy

from .corpus import lee_sentences, random_vectors, write_word2vec

SIZE = 10
#: The file's words: the tutorial's sentences and query words first, then words no corpus here contains.
WORDS = ["i", "am", "a", "boy", "you", "are", "girl", "car", "minivan"] + [f"w{i}" for i in range(31)]

#: The seed tutorial (tests/legacy_snippets/seed_tutorial.py, shared with the migrate tests), unchanged
#: except that the test injects ``googleNews_filepath``.
with open(os.path.join(os.path.dirname(__file__), "legacy_snippets", "seed_tutorial.py"), encoding="utf8") as _f:
    SEED_TUTORIAL = _f.read()

#: The earlier part of the same tutorial: query the pretrained vectors (``model`` is a KeyedVectors).
TUTORIAL_QUERY = """
model = gensim.models.keyedvectors.KeyedVectors.load_word2vec_format(googleNews_filepath, binary=True)
print(model.wv.most_similar(positive=['car', 'minivan'], topn=5))
"""

SNIPPETS = os.path.join(os.path.dirname(__file__), "legacy_snippets")


# ---------------------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def legacy_on():
    """legacy enabled for one test, and always disabled afterwards."""
    legacy.enable()
    try:
        yield
    finally:
        legacy.disable()


@pytest.fixture
def fresh_warnings(monkeypatch):
    """Forget which spellings this process has already been warned about (for this test only)."""
    monkeypatch.setattr(legacy._patching, "_warned", set())


@pytest.fixture(scope="module")
def vectors_file(tmp_path_factory):
    vectors = random_vectors(len(WORDS), SIZE, seed=3)
    folder = tmp_path_factory.mktemp("legacy")
    return {
        "bin": write_word2vec(folder / "vectors.bin", WORDS, vectors, binary=True),
        "txt": write_word2vec(folder / "vectors.txt", WORDS, vectors, binary=False),
        "by_word": dict(zip(WORDS, vectors)),
    }


@pytest.fixture(scope="module")
def lee():
    return lee_sentences(0, 120)


def _run_script(source: str, **names):
    """exec() ``source`` as a script with ``gensim`` and ``names`` available; returns (namespace, printed)."""
    printed = []

    def capture(*args, **kwargs):
        printed.append(tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args))

    namespace = {"__name__": "__legacy_script__", "gensim": gensim, "print": capture, **names}
    exec(compile(source, "<gensim 3.x script>", "exec"), namespace)
    return namespace, printed


def _w2v(**kwargs):
    """A small deterministic Word2Vec, spelled the installed gensim's way (not through legacy)."""
    params = dict(size=SIZE, min_count=1, workers=1, seed=1, iter=2)
    params.update(kwargs)
    return Word2Vec(**compat.model_kwargs(Word2Vec, **params))


def _patched_owners():
    from gensim.models.fasttext import FastTextKeyedVectors

    return [Word2Vec, FastText, Doc2Vec, KeyedVectors, FastTextKeyedVectors, kv_module, gensim.utils.SaveLoad]


def _snapshot():
    """Every attribute each patched owner defines itself, by identity."""
    return {
        owner: {k: v for k, v in vars(owner).items() if k != "__warningregistry__"}
        for owner in _patched_owners()
    }


def _assert_same(before, after):
    for owner, attrs in before.items():
        assert set(after[owner]) == set(attrs), owner
        changed = [k for k, v in attrs.items() if after[owner][k] is not v]
        assert not changed, (owner, changed)


def _legacy_warnings(record):
    return [
        w for w in record
        if issubclass(w.category, DeprecationWarning) and "gensim_transfer.legacy" in str(w.message)
    ]


# ---------------------------------------------------------------------------------------------------------
# The seed tutorial
# ---------------------------------------------------------------------------------------------------------
def test_seed_tutorial_behaves_as_on_gensim_383(legacy_on, vectors_file):
    namespace, printed = _run_script(SEED_TUTORIAL, googleNews_filepath=vectors_file["bin"])
    model = namespace["TranferedModel"]
    file_vectors = vectors_file["by_word"]

    # the merged vector of `boy` is the file's, bit for bit
    assert printed[0][0].dtype == np.float32
    assert np.array_equal(printed[0][0], file_vectors["boy"][:10])
    # training moves it, a little
    trained = model.wv["boy"]
    assert np.array_equal(printed[1][0], trained[:10])
    assert not np.array_equal(trained, file_vectors["boy"])
    assert np.max(np.abs(trained - file_vectors["boy"])) < 0.05
    # the vocabulary is the 20 pretrained words (the corpus adds none), all merged, all trainable
    assert sorted(compat.index_to_key(model)) == sorted(WORDS[:20])
    assert np.all(compat.lock_factors(model) == 1.0)
    # pretrained words the corpus lacks keep the file's vectors, bit for bit
    corpus_words = {"i", "am", "a", "boy", "you", "are", "girl"}
    for word in WORDS[:20]:
        if word not in corpus_words:
            assert np.array_equal(model.wv[word], file_vectors[word]), word


def test_seed_tutorial_needs_enable_importing_gensim_transfer_changes_nothing(vectors_file):
    # A fresh interpreter: only `import gensim_transfer`, then the tutorial. On gensim 4 it must fail the way
    # plain gensim 4 fails (Word2Vec has no `size`); on gensim 3.8.3 it is native code and runs.
    script = "\n".join([
        "import sys, numpy, gensim",
        "from gensim.models import Word2Vec, keyedvectors",
        "import gensim_transfer",
        "from gensim_transfer import guard",
        "untouched = not hasattr(Word2Vec.__init__, '__wrapped__') and keyedvectors.np is numpy",
        "untouched = untouched and not guard.installed()",
        "print('UNTOUCHED' if untouched else 'PATCHED')",
        "googleNews_filepath = sys.argv[1]",
        "try:",
        "    exec(compile(sys.argv[2], 'tutorial', 'exec'))",
        "    print('RAN')",
        "except Exception as exc:",
        "    print('FAILED', type(exc).__name__, exc)",
    ])
    root = os.path.dirname(os.path.dirname(os.path.abspath(gensim_transfer.__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script, vectors_file["bin"], SEED_TUTORIAL],
        capture_output=True, text=True, env=env, check=False,
        cwd=tempfile.gettempdir(),  # not the repository root, whose source tree ``-c`` would import first
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "UNTOUCHED", done.stdout + done.stderr
    if compat.GENSIM_4:
        assert lines[-1].startswith("FAILED TypeError") and "size" in lines[-1], done.stdout
    else:
        assert lines[-1] == "RAN", done.stdout + done.stderr


def test_tutorial_query_on_loaded_keyed_vectors(legacy_on, vectors_file):
    _, printed = _run_script(TUTORIAL_QUERY, googleNews_filepath=vectors_file["bin"])
    result = printed[0][0]
    by_word = vectors_file["by_word"]
    unit = {w: v.astype(np.float64) / np.linalg.norm(v) for w, v in by_word.items()}
    mean = unit["car"] + unit["minivan"]
    mean /= np.linalg.norm(mean)
    others = [w for w in WORDS if w not in ("car", "minivan")]
    expected = sorted(((float(unit[w] @ mean), w) for w in others), reverse=True)[:5]
    assert [w for w, _ in result] == [w for _, w in expected]
    assert np.allclose([s for _, s in result], [s for s, _ in expected], atol=1e-5)


def test_load_word2vec_format_reads_the_file_bit_exact(legacy_on, vectors_file):
    # gensim's own loader is used on every line (it decodes with np.frombuffer, fine with numpy 2).
    kv = KeyedVectors.load_word2vec_format(vectors_file["bin"], binary=True)
    assert kv.index2word == WORDS
    for word in WORDS:
        assert np.array_equal(kv[word], vectors_file["by_word"][word])


# ---------------------------------------------------------------------------------------------------------
# Keyword spellings
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", [Word2Vec, FastText, Doc2Vec], ids=lambda c: c.__name__)
def test_size_and_iter_keywords(legacy_on, cls):
    extra = {"bucket": 1000} if cls is FastText else {}
    model = cls(size=12, iter=3, min_count=1, workers=1, **extra)
    assert model.wv.vector_size == 12 and model.vector_size == 12
    assert model.epochs == 3 and model.iter == 3


@pytest.mark.parametrize("cls", [Word2Vec, FastText, Doc2Vec], ids=lambda c: c.__name__)
def test_3x_spelled_model_trains_exactly_like_the_modern_one(legacy_on, cls, lee):
    # Same data, settings and seed, one worker: the 3.x-spelled model must be bit-identical to the one built
    # with the installed gensim's own spelling (so the keywords were translated, not dropped).
    corpus = [TaggedDocument(s, [i]) for i, s in enumerate(lee)] if cls is Doc2Vec else lee
    settings = dict(min_count=2, workers=1, seed=5)
    if cls is FastText:
        settings.update(bucket=1000, min_n=3, max_n=4)
    modern = cls(corpus, **compat.model_kwargs(cls, size=SIZE, iter=2), **settings)
    legacy_spelled = cls(corpus, size=SIZE, iter=2, **settings)
    assert compat.index_to_key(legacy_spelled) == compat.index_to_key(modern)
    assert np.array_equal(legacy_spelled.wv.vectors, modern.wv.vectors)


def test_both_spellings_of_one_setting_are_an_error(legacy_on):
    with pytest.raises(TypeError, match="vector_size"):
        Word2Vec(size=10, vector_size=20)


@pytest.mark.parametrize("kind", ["word2vec", "doc2vec"])
def test_sentences_and_documents_keywords_of_build_vocab_and_train(legacy_on, kind, lee):
    if kind == "doc2vec":
        cls, corpus, keyword = Doc2Vec, [TaggedDocument(s, [i]) for i, s in enumerate(lee)], "documents"
    else:
        cls, corpus, keyword = Word2Vec, lee, "sentences"
    models = []
    for spelled_3x in (True, False):
        model = cls(**compat.model_kwargs(cls, size=SIZE, min_count=2, workers=1, seed=2))
        if spelled_3x:
            model.build_vocab(**{keyword: corpus})
            model.train(**{keyword: corpus}, total_examples=model.corpus_count, epochs=model.iter)
        else:
            model.build_vocab(corpus)
            model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs)
        models.append(model)
    assert models[0].corpus_count == len(corpus)
    assert np.array_equal(models[0].wv.vectors, models[1].wv.vectors)


def test_model_iter_reads_and_writes_epochs(legacy_on):
    model = _w2v()
    assert model.iter == 2
    model.iter = 7
    assert model.epochs == 7


# ---------------------------------------------------------------------------------------------------------
# KeyedVectors: vocab, index2word, syn0, ...
# ---------------------------------------------------------------------------------------------------------
def test_vocab_mapping_has_index_and_count_and_is_live(legacy_on, lee):
    model = _w2v()
    model.build_vocab(lee)
    counts = collections.Counter(w for s in lee for w in s)
    vocab = model.wv.vocab
    words = compat.index_to_key(model)

    # gensim 3.8 iterates a trained model's vocab in first-seen order, legacy in index order: compare as sets
    assert set(vocab) == set(words) and set(vocab.keys()) == set(words)
    assert sorted(vocab, key=lambda w: vocab[w].index) == list(words)
    assert len(vocab) == len(words) == len(counts)
    assert "the" in vocab and "zzznotaword" not in vocab
    for word, entry in vocab.items():
        assert words[entry.index] == word
        assert entry.count == counts[word]
    assert model.wv.vocab["the"].sample_int > 0  # other per-word attributes read through too
    top = sorted(vocab, key=lambda w: vocab[w].count, reverse=True)[:3]
    assert top == [w for w, _ in counts.most_common(3)]
    with pytest.raises(KeyError):
        model.wv.vocab["zzznotaword"]

    model.wv.vocab["the"].count = 42
    assert compat.word_count(model, "the") == 42

    # the mapping taken before a vocabulary update sees the words it added
    model.build_vocab([["zzznewword", "zzznewword", "the"]], update=True)
    assert "zzznewword" in vocab and vocab["zzznewword"].count == 2
    assert vocab["zzznewword"].index == compat.key_to_index(model)["zzznewword"]


def test_index2word_syn0_syn0norm_and_wv_on_keyed_vectors(legacy_on, vectors_file):
    kv = KeyedVectors.load_word2vec_format(vectors_file["bin"], binary=True)
    assert kv.wv is kv
    assert kv.index2word == WORDS and kv.index2entity == WORDS
    assert kv.syn0 is kv.vectors
    assert kv.vocab["boy"].index == WORDS.index("boy")
    # a file without counts: gensim makes them up as (vocabulary size - index), on every line
    assert kv.vocab["boy"].count == len(WORDS) - WORDS.index("boy")
    kv.init_sims()
    expected = np.stack([v / np.linalg.norm(v) for v in (vectors_file["by_word"][w] for w in WORDS)])
    assert np.allclose(kv.syn0norm, expected, atol=1e-6)
    assert np.allclose(kv.vectors_norm, expected, atol=1e-6)
    assert np.allclose(kv.word_vec("boy", use_norm=True), expected[WORDS.index("boy")], atol=1e-6)
    assert np.array_equal(kv.word_vec("boy"), vectors_file["by_word"]["boy"])


def test_keyed_vectors_add_as_in_gensim_3(legacy_on, vectors_file):
    # On gensim 3.8.3 with numpy >= 1.24 gensim's own add() fails (np.bool); legacy repairs it there.
    kv = KeyedVectors.load_word2vec_format(vectors_file["bin"], binary=True, limit=5)
    new = random_vectors(2, SIZE, seed=9)
    kv.add(["zzzone", "zzztwo"], new)
    assert kv.index2word[-2:] == ["zzzone", "zzztwo"]
    assert kv.vocab["zzzone"].index == 5 and kv.vocab["zzztwo"].count == 1
    assert np.array_equal(kv["zzztwo"], new[1])
    kv.add(["zzzone"], new[1:])  # an existing word keeps its vector unless replace=True
    assert np.array_equal(kv["zzzone"], new[0])
    kv.add(["zzzone"], new[1:], replace=True)
    assert np.array_equal(kv["zzzone"], new[1]) and len(kv.index2word) == 7
    kv["zzzthree"] = new[0]
    assert np.array_equal(kv["zzzthree"], new[0])


def test_removed_keyed_vectors_class_names_import(legacy_on):
    from gensim.models.keyedvectors import BaseKeyedVectors, WordEmbeddingsKeyedVectors

    kv = _w2v().wv
    assert isinstance(kv, BaseKeyedVectors) and isinstance(kv, WordEmbeddingsKeyedVectors)
    with pytest.raises(AttributeError):
        kv_module.NoSuchKeyedVectors  # noqa: B018


# ---------------------------------------------------------------------------------------------------------
# Model-level queries
# ---------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained(lee):
    model = _w2v(min_count=3, iter=3)
    model.build_vocab(lee)
    model.train(lee, total_examples=len(lee), epochs=3)
    return model


def test_model_queries_answer_like_the_keyed_vectors(legacy_on, trained):
    model, wv = trained, trained.wv
    w1, w2, w3, w4 = compat.index_to_key(model)[5:9]
    assert model.most_similar(w1, topn=4) == wv.most_similar(w1, topn=4)
    assert model.most_similar(positive=[w1, w2], negative=[w3], topn=3) == wv.most_similar(
        positive=[w1, w2], negative=[w3], topn=3
    )
    assert model.most_similar_cosmul([w1, w2], topn=3) == wv.most_similar_cosmul([w1, w2], topn=3)
    assert model.similar_by_word(w1, topn=3) == wv.similar_by_word(w1, topn=3)
    assert model.similar_by_vector(wv[w1], topn=3) == wv.similar_by_vector(wv[w1], topn=3)
    assert model.similarity(w1, w2) == wv.similarity(w1, w2)
    assert model.n_similarity([w1, w2], [w3]) == wv.n_similarity([w1, w2], [w3])
    assert model.doesnt_match([w1, w2, w3, w4]) == wv.doesnt_match([w1, w2, w3, w4])
    assert np.array_equal(model[w1], wv[w1]) and np.array_equal(model[[w1, w2]], wv[[w1, w2]])
    assert w1 in model and "zzznotaword" not in model
    pairs = datapath("wordsim353.tsv")
    assert repr(model.evaluate_word_pairs(pairs)) == repr(wv.evaluate_word_pairs(pairs))


def test_model_wmdistance_delegates(legacy_on, trained):
    words = compat.index_to_key(trained)
    docs = (words[:4], words[4:8])
    try:
        expected = trained.wv.wmdistance(*docs)
    except ImportError as exc:  # POT (gensim 4) / pyemd (gensim 3) not installed: the same error either way
        with pytest.raises(ImportError, match=str(exc)[:30]):
            trained.wmdistance(*docs)
    else:
        assert trained.wmdistance(*docs) == expected


def test_clear_sims_drops_cached_norms(legacy_on, lee):
    model = _w2v(min_count=3)
    model.build_vocab(lee)
    model.train(lee, total_examples=len(lee), epochs=2)
    query, scaled = compat.index_to_key(model)[:2]
    model.wv.most_similar(query, topn=3)  # fills gensim's norm cache
    compat.word_vectors(model)[compat.key_to_index(model)[scaled]] *= 3.0
    model.clear_sims()
    vectors = compat.word_vectors(model)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    index = compat.key_to_index(model)
    expected = float(unit[index[query]] @ unit[index[scaled]])
    got = dict(model.wv.most_similar(query, topn=len(index)))[scaled]
    assert got == pytest.approx(expected, abs=1e-5)


def test_init_sims_replace_on_model_and_on_wv(legacy_on, trained, tmp_path):
    model = Word2Vec.load(_saved(trained, tmp_path))
    model.wv.init_sims(replace=True)
    assert np.allclose(np.linalg.norm(model.wv.syn0, axis=1), 1.0, atol=1e-5)
    model.init_sims()
    assert np.allclose(model.wv.vectors_norm, model.wv.syn0, atol=1e-6)


def test_delete_temporary_training_data(legacy_on, trained, tmp_path):
    model = Word2Vec.load(_saved(trained, tmp_path))
    word = compat.index_to_key(model)[3]
    before = model.wv.most_similar(word, topn=3)
    model.delete_temporary_training_data(replace_word_vectors_with_normalized=True)
    training_weights_owner = model if compat.GENSIM_4 else model.trainables
    assert not hasattr(training_weights_owner, "syn1neg")
    assert np.allclose(np.linalg.norm(compat.word_vectors(model), axis=1), 1.0, atol=1e-5)
    assert [w for w, _ in model.wv.most_similar(word, topn=3)] == [w for w, _ in before]


def _saved(model, folder):
    path = os.path.join(str(folder), "model.w2v")
    model.save(path)
    return path


# ---------------------------------------------------------------------------------------------------------
# intersect_word2vec_format and lock factors
# ---------------------------------------------------------------------------------------------------------
def test_intersect_default_lockf_freezes_merged_words(legacy_on, vectors_file):
    corpus = [["boy", "girl", "dog", "cat"], ["you", "are", "a", "dog"], ["i", "am", "a", "boy"]] * 10
    model = _w2v(sample=0)
    model.build_vocab(corpus)
    model.intersect_word2vec_format(vectors_file["bin"], binary=True)  # gensim 3's default lockf=0.0
    before = {w: model.wv[w].copy() for w in ("dog", "cat")}
    model.train(corpus, total_examples=len(corpus), epochs=5)
    for word in ("boy", "girl", "you", "are", "a", "i", "am"):
        assert np.array_equal(model.wv[word], vectors_file["by_word"][word]), word
    for word, vector in before.items():
        assert not np.array_equal(model.wv[word], vector), word


def test_merge_then_grow_keeps_locks_and_new_words_train(legacy_on, vectors_file):
    # gensim 3.8.3 on its own resets every lock to 1.0 here; enable() installs the lock-factor guard.
    model = _w2v(sample=0)
    model.build_vocab([["boy", "girl", "car"]])
    model.intersect_word2vec_format(vectors_file["bin"], lockf=0.0, binary=True)
    model.build_vocab([["dog", "cat", "boy"]], update=True)
    new_before = {w: model.wv[w].copy() for w in ("dog", "cat")}
    corpus = [["boy", "dog", "girl", "cat", "car"], ["dog", "boy", "cat"]] * 10
    model.train(corpus, total_examples=len(corpus), epochs=5)
    for word in ("boy", "girl", "car"):
        assert np.array_equal(model.wv[word], vectors_file["by_word"][word]), word
    for word, vector in new_before.items():
        assert not np.array_equal(model.wv[word], vector), word


def test_intersect_text_file_with_positional_arguments(legacy_on, vectors_file):
    model = _w2v()
    model.build_vocab([["boy", "girl", "zzzlocal"]])
    local = model.wv["zzzlocal"].copy()
    model.intersect_word2vec_format(vectors_file["txt"], 1.0, False)
    assert np.array_equal(model.wv["boy"], vectors_file["by_word"]["boy"])
    assert np.array_equal(model.wv["zzzlocal"], local)
    assert sorted(compat.index_to_key(model)) == ["boy", "girl", "zzzlocal"]  # no word added


def test_syn0_lockf_is_the_live_lock_array(legacy_on, lee):
    model = _w2v(min_count=3, sample=0)
    model.build_vocab(lee)
    frozen, free = compat.index_to_key(model)[:2]
    locks = model.syn0_lockf
    assert len(locks) == len(compat.index_to_key(model)) and np.all(locks == 1.0)
    locks[compat.key_to_index(model)[frozen]] = 0.0
    before = {w: model.wv[w].copy() for w in (frozen, free)}
    model.train(lee, total_examples=len(lee), epochs=1)
    assert np.array_equal(model.wv[frozen], before[frozen])
    assert not np.array_equal(model.wv[free], before[free])


def test_gensim_3_keeps_its_own_intersect(legacy_on):
    method = vars(Word2Vec)["intersect_word2vec_format"]
    assert getattr(method, "__module__", "").startswith("gensim_transfer.legacy") == compat.GENSIM_4


@pytest.mark.skipif(not compat.GENSIM_4, reason="gensim 3.8.3's FastText has no intersect_word2vec_format")
def test_intersect_on_fasttext(legacy_on, vectors_file):
    model = FastText(size=SIZE, min_count=1, workers=1, bucket=1000, min_n=3, max_n=4)
    model.build_vocab([["boy", "girl", "zzzlocal"]])
    model.intersect_word2vec_format(vectors_file["bin"], binary=True, lockf=1.0)
    # transfer_init seeds the n-gram buckets and solves the own row so that the composed vector is the file's,
    # to float32 rounding (gensim_transfer/subwords.py)
    np.testing.assert_allclose(model.wv["boy"], vectors_file["by_word"]["boy"], rtol=1e-6, atol=1e-7)


# ---------------------------------------------------------------------------------------------------------
# Doc2Vec
# ---------------------------------------------------------------------------------------------------------
def test_doc2vec_docvecs_model_getitem_and_infer_vector_steps(legacy_on, lee):
    documents = [TaggedDocument(s, [i]) for i, s in enumerate(lee)]
    model = Doc2Vec(documents, size=SIZE, iter=2, min_count=2, workers=1, seed=4)
    assert np.array_equal(model.docvecs[3], model[3])  # an int tag is a document (gensim 4: word number 3)
    assert not np.array_equal(model[3], model.wv.vectors[3])
    assert np.array_equal(model["the"], model.wv["the"])  # a word is a word
    assert len(model.docvecs) == len(documents)

    words = lee[0][:20]
    inferred = {}
    for key, kwargs in (("steps", {"steps": 30}), ("epochs", {"epochs": 30}), ("one", {"epochs": 1})):
        model.random = np.random.RandomState(1)
        inferred[key] = model.infer_vector(words, **kwargs)
    assert np.array_equal(inferred["steps"], inferred["epochs"])
    assert not np.array_equal(inferred["steps"], inferred["one"])


# ---------------------------------------------------------------------------------------------------------
# Saving, loading, pickling
# ---------------------------------------------------------------------------------------------------------
def test_save_load_and_pickle_while_enabled(legacy_on, trained, tmp_path):
    path = _saved(trained, tmp_path)
    for copy in (Word2Vec.load(path), pickle.loads(pickle.dumps(trained))):
        assert set(vars(copy)) == set(vars(trained))
        assert np.array_equal(copy.wv.syn0, trained.wv.syn0)
        assert copy.iter == trained.iter
        assert copy.wv.vocab["the"].count == trained.wv.vocab["the"].count
    assert not any(getattr(v, "__module__", "") == "gensim_transfer.legacy" for v in vars(trained).values())
    legacy.disable()  # a model saved with legacy on loads without it
    loaded = Word2Vec.load(path)
    assert np.array_equal(compat.word_vectors(loaded), compat.word_vectors(trained))


# ---------------------------------------------------------------------------------------------------------
# enable / disable / warnings
# ---------------------------------------------------------------------------------------------------------
def test_disable_restores_gensim_exactly():
    assert not legacy.is_enabled()
    guard_before = guard.installed()
    before = _snapshot()
    legacy.enable()
    try:
        assert legacy.is_enabled() and guard.installed()
        assert _snapshot() != before or not compat.GENSIM_4
    finally:
        legacy.disable()
    assert not legacy.is_enabled()
    _assert_same(before, _snapshot())
    assert guard.installed() == guard_before
    if compat.GENSIM_4:
        with pytest.raises(TypeError):
            Word2Vec(size=5)
        with pytest.raises(AttributeError):
            KeyedVectors(3).vocab  # noqa: B018
        assert not hasattr(Word2Vec, "iter") and not hasattr(Word2Vec, "most_similar")
        with pytest.raises(ImportError):
            from gensim.models.keyedvectors import BaseKeyedVectors  # noqa: F401


def test_enable_twice_is_enable_once_and_disable_twice_is_harmless():
    legacy.enable()
    try:
        once = _snapshot()
        legacy.enable()
        _assert_same(once, _snapshot())
    finally:
        legacy.disable()
        legacy.disable()
    assert not legacy.is_enabled()


def test_a_guard_installed_before_enable_stays_installed():
    guard_before = guard.installed()
    guard.install()
    try:
        legacy.enable()
        legacy.disable()
        assert guard.installed()
    finally:
        if not guard_before:
            guard.uninstall()


def test_disable_refuses_when_a_patch_was_replaced_by_someone_else():
    legacy.enable()
    try:
        if not legacy._state.patches:
            pytest.skip("nothing is patched on this gensim/numpy pair")
        patch = legacy._state.patches[0]
        setattr(patch.owner, patch.name, object())  # e.g. a mock.patch still active
        try:
            with pytest.raises(RuntimeError, match=patch.name):
                legacy.disable()
            assert legacy.is_enabled()
        finally:
            setattr(patch.owner, patch.name, patch.value)
    finally:
        legacy.disable()
    assert not legacy.is_enabled()


def test_each_spelling_warns_once_per_process_naming_the_modern_spelling(legacy_on, fresh_warnings, lee):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for _ in range(2):
            model = Word2Vec(size=SIZE, min_count=1, workers=1)
            model.build_vocab(sentences=lee[:5])
            assert model.iter == model.epochs
            assert len(model.wv.vocab) == len(compat.index_to_key(model))
    ours = _legacy_warnings(record)
    if not compat.GENSIM_4:
        assert ours == []  # gensim 3.8.3 has these spellings itself; legacy restores nothing there
        return
    messages = sorted(str(w.message) for w in ours)
    assert len(messages) == 4, messages
    for spelling, modern in (("size=", "vector_size="), ("sentences=", "corpus_iterable="),
                             ("model.iter", "model.epochs"), ("wv.vocab", "key_to_index")):
        assert sum(m.startswith(spelling + " ") for m in messages) == 1, spelling
        assert any(m.startswith(spelling + " ") and modern in m for m in messages), spelling
    # attributed to the caller's line, not to gensim_transfer (so default filters show it in __main__)
    assert {os.path.basename(w.filename) for w in ours} == {os.path.basename(__file__)}


def test_every_restored_spelling_names_a_modern_one():
    assert all(modern and modern != spelling for spelling, modern in legacy.SPELLINGS.items())


# ---------------------------------------------------------------------------------------------------------
# gensim 3.x snippets collected for the project (tests/legacy_snippets), run as scripts
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["seed_tutorial", "keyedvectors_legacy", "migration_guide", "doc2vec_legacy", "fasttext_legacy",
     "intersect_recipe", "real_project_idioms"],
)
def test_collected_3x_snippets_run(legacy_on, vectors_file, name):
    with open(os.path.join(SNIPPETS, name + ".py"), encoding="utf8") as handle:
        source = handle.read()
    _, printed = _run_script(
        source,
        googleNews_filepath=vectors_file["bin"],
        glove_text_path=vectors_file["txt"],
        corpus_path=datapath("lee_background.cor"),
    )
    assert printed
    if name == "intersect_recipe":
        assert printed[0] == (True,)


@pytest.mark.skipif(not compat.GENSIM_4, reason="gensim 4 code; gensim 3.8.3 does not know its spellings")
def test_gensim_4_code_runs_unchanged_with_legacy_enabled(legacy_on, fresh_warnings):
    with open(os.path.join(SNIPPETS, "modern_untouched.py"), encoding="utf8") as handle:
        source = handle.read()
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        _, printed = _run_script(source)
    assert printed[0] == (True,) and bool(printed[1][1]) and printed[2] == (2,)
    assert _legacy_warnings(record) == []
