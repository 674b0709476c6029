"""adapt() and its vocabulary strategies on real corpora and real training (gensim's bundled Lee corpus)."""
from __future__ import annotations

import bz2
import gzip
import json
import os
import pickle
import re
import threading
import warnings
from collections import Counter

import numpy as np
import pytest
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models.callbacks import CallbackAny2Vec
from gensim.utils import RULE_DISCARD

from gensim_transfer import compat, guard
from gensim_transfer.adapt import (
    PRETRAINED_ONLY_COUNT,
    AdaptReport,
    LineCorpus,
    adapt,
    build_vocab,
    stable_hash,
)
from gensim_transfer.errors import FormatError, TransferError, UnusedWordVectorsWarning, VectorSizeError

from .corpus import lee_sentences, random_vectors

SIZE = 16
MIN_COUNT = 5
TOP = 400
SMALL = dict(size=SIZE, min_count=MIN_COUNT, seed=3, workers=1)
CLASSES = {"word2vec": Word2Vec, "fasttext": FastText, "doc2vec": Doc2Vec}


def write_bin(path, words, vectors):
    """A word2vec binary file in the C tool's layout (header; word, space, float32s, newline)."""
    with open(path, "wb") as out:
        out.write(b"%d %d\n" % (len(words), vectors.shape[1]))
        for word, vector in zip(words, np.asarray(vectors, dtype="<f4")):
            out.write(word.encode("utf8") + b" " + vector.tobytes() + b"\n")
    return str(path)


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences(0, 150)


@pytest.fixture(scope="module")
def counts(sentences):
    return Counter(w for s in sentences for w in s)


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory, counts):
    """Its first TOP records: 300 frequent corpus words, 50 corpus words seen fewer than MIN_COUNT times, 50
    words the corpus lacks (interleaved); then more corpus words. Random but fixed vectors."""
    frequent = [w for w, c in counts.most_common() if c >= MIN_COUNT]
    rare = [w for w, c in sorted(counts.items()) if c < MIN_COUNT][:50]
    foreign = ["zzforeign%02d" % i for i in range(50)]
    head = frequent[:300]
    tail = [w for pair in zip(rare, foreign) for w in pair]
    words = head[:150] + tail + head[150:] + frequent[300:600]
    assert len(set(words)) == len(words) and len(words[:TOP]) == TOP
    vectors = random_vectors(len(words), SIZE, seed=5)
    path = write_bin(tmp_path_factory.mktemp("pretrained") / "vectors.bin", words, vectors)
    return {"path": path, "words": words, "vectors": vectors, "by_word": dict(zip(words, vectors)),
            "rare": rare, "foreign": foreign}


@pytest.fixture(autouse=True)
def _restore_guard():
    yield
    guard.uninstall()


def new_model(kind="word2vec", **overrides):
    params = dict(SMALL)
    if kind == "fasttext":
        params.update(bucket=2000, min_n=3, max_n=4)
    params.update(overrides)
    cls = CLASSES[kind]
    return cls(**compat.model_kwargs(cls, **params))


def words_and_counts(model):
    words = list(compat.index_to_key(model))
    return words, [compat.word_count(model, w) for w in words]


# --- vocabulary strategies -------------------------------------------------------------------------------
def test_corpus_strategy_is_gensims_own_build_vocab_bit_for_bit(sentences):
    plain = new_model()
    plain.build_vocab(sentences)
    ours = new_model()
    report = build_vocab(ours, sentences, strategy="corpus")
    assert words_and_counts(ours) == words_and_counts(plain)
    assert (ours.corpus_count, ours.corpus_total_words) == (plain.corpus_count, plain.corpus_total_words)
    for model in (plain, ours):
        model.train(sentences, total_examples=model.corpus_count, epochs=1)
    # Same downsampling, negative-sampling table and initial weights, or training would diverge.
    assert np.array_equal(compat.wv(ours).vectors, compat.wv(plain).vectors)
    assert report.vocab_size == report.from_corpus == len(compat.index_to_key(plain))
    assert report.pretrained_only == report.pretrained_read == 0
    assert report.corpus_types == len(Counter(w for s in sentences for w in s))


def test_union_keeps_real_corpus_counts_and_adds_the_files_first_words(sentences, counts, pretrained):
    model = new_model()
    report = build_vocab(model, sentences, pretrained["path"], strategy="union", top=TOP)
    first = pretrained["words"][:TOP]
    expected = {w for w, c in counts.items() if c >= MIN_COUNT} | set(first)
    words, got = words_and_counts(model)
    assert set(words) == expected
    assert got == [counts.get(w, PRETRAINED_ONLY_COUNT) for w in words]
    # The file keeps words the corpus has too rarely for min_count, with their real count.
    assert all(compat.word_count(model, w) == counts[w] < MIN_COUNT for w in pretrained["rare"])
    assert all(compat.word_count(model, w) == 1 for w in pretrained["foreign"])
    assert model.corpus_count == len(sentences)
    assert model.corpus_total_words == sum(map(len, sentences))
    assert report.pretrained_read == TOP
    assert report.pretrained_only == len(pretrained["foreign"])
    assert report.from_corpus == len(expected) - len(pretrained["foreign"])
    assert report.vocab_size == len(words)
    # gensim's order: descending count, so the count-1 words come last.
    assert got == sorted(got, reverse=True)


def test_pretrained_first_puts_the_files_words_first_in_file_order(tmp_path, sentences, counts, pretrained):
    model = new_model()
    build_vocab(model, sentences, pretrained["path"], strategy="pretrained-first", top=TOP)
    union = new_model()
    build_vocab(union, sentences, pretrained["path"], strategy="union", top=TOP)
    words, got = words_and_counts(model)
    first = pretrained["words"][:TOP]
    assert words[:TOP] == first
    rest = words[TOP:]
    first_seen = {}
    for sentence in sentences:
        for w in sentence:
            first_seen.setdefault(w, len(first_seen))
    assert rest == sorted(rest, key=lambda w: (-counts[w], first_seen[w]))
    assert dict(zip(words, got)) == dict(zip(*words_and_counts(union)))  # same words, same counts
    # The temporary hook on gensim's prepare_vocab is gone: the model pickles and saves as usual.
    model.save(str(tmp_path / "first.model"))
    assert list(compat.index_to_key(Word2Vec.load(str(tmp_path / "first.model")))) == words


def test_the_users_trim_rule_decides_for_corpus_words_only(sentences, counts, pretrained):
    model = new_model()

    def rule(word, count, min_count):
        return RULE_DISCARD if count < 20 else 0

    build_vocab(model, sentences, pretrained["path"], strategy="union", top=TOP, trim_rule=rule)
    vocab = set(compat.index_to_key(model))
    assert vocab == {w for w, c in counts.items() if c >= 20} | set(pretrained["words"][:TOP])


@pytest.mark.parametrize("kind", ["fasttext", "doc2vec"])
def test_union_works_for_fasttext_and_doc2vec(kind, sentences, counts, pretrained):
    from gensim.models.doc2vec import TaggedDocument

    corpus = [TaggedDocument(s, [i]) for i, s in enumerate(sentences)] if kind == "doc2vec" else sentences
    model = new_model(kind)
    build_vocab(model, corpus, pretrained["path"], strategy="union", top=TOP)
    words, got = words_and_counts(model)
    assert set(pretrained["words"][:TOP]) <= set(words)
    assert got == [counts.get(w, 1) for w in words]
    model.train(corpus, total_examples=model.corpus_count, epochs=1)
    assert model.wv[pretrained["foreign"][0]].shape == (SIZE,)


def test_build_vocab_rejects_bad_arguments(sentences, pretrained):
    with pytest.raises(ValueError, match="vocab must be one of"):
        build_vocab(new_model(), sentences, strategy="everything")
    with pytest.raises(ValueError, match="needs the pretrained vector file"):
        build_vocab(new_model(), sentences, strategy="union")
    with pytest.raises(ValueError, match="grow_vocab"):
        build_vocab(new_model(), sentences, update=True)
    with pytest.raises(ValueError, match="top must be"):
        build_vocab(new_model(), sentences, pretrained["path"], strategy="union", top=0)


# --- adapt: training with real lock factors --------------------------------------------------------------
def _rows(model, words):
    index = compat.key_to_index(model)
    return np.array([index[w] for w in words])


@pytest.mark.parametrize("kind", ["word2vec", "doc2vec"])
def test_lockf_zero_keeps_merged_vectors_bit_identical_through_training(kind, sentences, pretrained):
    model, report = adapt(sentences, pretrained["path"], model=kind, lockf=0.0, epochs=2, **SMALL)
    merged = report.transfer.matched_words()
    assert report.transfer.matched == len(merged) > 300
    expected = np.array([pretrained["by_word"][w] for w in merged])
    assert np.array_equal(compat.wv(model).vectors[_rows(model, merged)], expected)
    assert report.drift.unchanged == report.drift.shared == len(merged)
    assert report.drift.cosine["min"] == 1.0 and report.drift.moved == 0
    # Training did happen: words the file lacks moved away from their initial vectors.
    fresh = new_model(kind)
    build_vocab(fresh, lee_corpus(kind, sentences))
    missing = report.transfer.missing_words()
    assert missing
    assert not np.array_equal(compat.wv(model).vectors[_rows(model, missing)],
                              compat.wv(fresh).vectors[_rows(fresh, missing)])


def lee_corpus(kind, sentences):
    from gensim.models.doc2vec import TaggedDocument

    return [TaggedDocument(s, [i]) for i, s in enumerate(sentences)] if kind == "doc2vec" else sentences


def test_lockf_zero_on_fasttext_keeps_the_composed_vectors_the_files(sentences, pretrained):
    """Own rows solved for the file's vectors and the seeded buckets are both frozen (subwords.py): after
    training, the vectors queries return are still the file's, to float32 rounding."""
    model, report = adapt(sentences, pretrained["path"], model="fasttext", lockf=0.0, epochs=2,
                          bucket=2000, min_n=3, max_n=4, **SMALL)
    merged = report.transfer.matched_words()
    assert report.transfer.subwords["ngrams"] == "seeded"
    expected = np.array([pretrained["by_word"][w] for w in merged])
    np.testing.assert_allclose(compat.wv(model).vectors[_rows(model, merged)], expected, rtol=1e-5, atol=1e-6)
    assert report.drift.cosine["min"] > 0.99999


@pytest.mark.parametrize("kind", ["word2vec", "fasttext", "doc2vec"])
def test_lockf_one_lets_merged_vectors_move_and_drift_measures_it(kind, sentences, pretrained):
    extra = dict(bucket=2000, min_n=3, max_n=4) if kind == "fasttext" else {}
    model, report = adapt(sentences, pretrained["path"], model=kind, lockf=1.0, epochs=2, **SMALL, **extra)
    drift = report.drift
    merged = report.transfer.matched_words()
    assert drift.shared == len(merged) and drift.moved > 0.9 * len(merged)
    before = np.array([pretrained["by_word"][w] for w in merged], dtype=np.float64)
    after = compat.wv(model).vectors[_rows(model, merged)].astype(np.float64)
    cos = np.sum(before * after, axis=1) / np.linalg.norm(before, axis=1) / np.linalg.norm(after, axis=1)
    # FastText: drift starts from the composed vectors, which equal the file's to float32 rounding
    tolerance = 1e-6 if kind == "fasttext" else 1e-12
    np.testing.assert_allclose(drift.cosines, cos, rtol=0, atol=tolerance)
    assert drift.cosine["min"] == pytest.approx(cos.min(), abs=tolerance) and drift.cosine["min"] < 0.999
    assert drift.top_movers[0][1] == pytest.approx(cos.min(), abs=tolerance)


def test_report_has_the_numbers_and_serialises(sentences, pretrained):
    model, report = adapt(sentences, pretrained["path"], vocab="union", top=TOP, epochs=1, **SMALL)
    assert isinstance(report, AdaptReport)
    assert report.transfer.records_read == TOP
    assert report.epochs == 1 and report.lockf == 1.0 and report.model == "word2vec"
    assert report.vocab.strategy == "union" and report.vocab.vocab_size == len(compat.index_to_key(model))
    assert report.corpus == "<corpus>"
    data = json.loads(json.dumps(report.as_dict()))
    assert data["transfer"]["matched"] == report.transfer.matched
    assert data["drift"]["shared"] == report.transfer.matched
    text = str(report)
    assert "union strategy" in text and f"{report.vocab.corpus_words:,}" in text


def test_callbacks_run_and_the_saved_model_does_not_keep_them(tmp_path, sentences, pretrained):
    class Recorder(CallbackAny2Vec):
        def __init__(self):
            self.events = []
            self.lock = threading.Lock()  # unpicklable: a model that kept it could not be saved

        def on_train_begin(self, model):
            self.events.append("begin")

        def on_epoch_end(self, model):
            self.events.append("epoch")

    recorder = Recorder()
    model, _ = adapt(sentences, pretrained["path"], epochs=2, callbacks=[recorder], **SMALL)
    assert recorder.events == ["begin", "epoch", "epoch"]
    model.save(str(tmp_path / "m.model"))
    assert list(compat.index_to_key(Word2Vec.load(str(tmp_path / "m.model")))) == list(compat.index_to_key(model))


# --- corpus files ----------------------------------------------------------------------------------------
def _write_corpus(path, sentences, compression=None, blank_at=None):
    lines = [" ".join(s) for s in sentences]
    if blank_at is not None:
        lines.insert(blank_at, "")
    data = ("\n".join(lines) + "\n").encode("utf8")
    opener = {None: open, "gzip": gzip.open, "bz2": bz2.open}[compression]
    with opener(path, "wb") as out:
        out.write(data)
    return str(path)


@pytest.mark.parametrize("compression", [None, "gzip", "bz2"])
def test_a_corpus_file_trains_exactly_like_the_same_sentences_in_memory(tmp_path, compression, sentences,
                                                                       pretrained):
    path = _write_corpus(tmp_path / "corpus.txt", sentences, compression)
    from_file, file_report = adapt(path, pretrained["path"], epochs=1, **SMALL)
    in_memory, memory_report = adapt(sentences, pretrained["path"], epochs=1, **SMALL)
    assert np.array_equal(compat.wv(from_file).vectors, compat.wv(in_memory).vectors)
    without_time = [dict(r.vocab.as_dict(), seconds=0) for r in (file_report, memory_report)]
    assert without_time[0] == without_time[1]
    assert file_report.corpus == path


def test_doc2vec_from_a_file_tags_every_line_with_its_number(tmp_path, sentences, pretrained):
    path = _write_corpus(tmp_path / "docs.txt", sentences[:40], blank_at=5)
    _, report = adapt(path, pretrained["path"], model="doc2vec", epochs=1, **SMALL)
    assert report.vocab.corpus_sentences == 41  # the blank line is document 5
    _, w2v_report = adapt(path, pretrained["path"], model="word2vec", epochs=1, **SMALL)
    assert w2v_report.vocab.corpus_sentences == 40


def test_line_corpus_reports_progress_that_adds_up_to_the_file_size(tmp_path, sentences):
    for compression in (None, "gzip"):
        path = _write_corpus(tmp_path / ("c.txt" + (".gz" if compression else "")), sentences * 20, compression)
        seen = []
        corpus = LineCorpus(path, progress=seen.append)
        assert sum(1 for _ in corpus) == len(sentences) * 20
        assert sum(seen) == os.path.getsize(path) and len(seen) > 1
        list(corpus)
        assert sum(seen) == 2 * os.path.getsize(path)


def test_line_corpus_splits_very_long_lines_like_gensims_line_sentence(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(" ".join("w%d" % i for i in range(25000)) + "\n\nshort line\n", encoding="utf8")
    pieces = list(LineCorpus(str(path)))
    assert [len(p) for p in pieces] == [10000, 10000, 5000, 2]
    tagged = list(LineCorpus(str(path), tagged=True))
    assert [(len(d.words), d.tags) for d in tagged] == [(25000, [0]), (0, [1]), (2, [2])]


def test_a_corpus_line_that_does_not_decode_is_an_error_naming_file_and_line(tmp_path, pretrained):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"good line here\nanother good line\nbad \xff\xfe byte\n")
    with pytest.raises(FormatError) as info:
        adapt(str(path), pretrained["path"], min_count=1)
    assert info.value.path == str(path) and info.value.line == 3
    assert info.value.offset == len(b"good line here\nanother good line\nbad ")
    assert str(path) in str(info.value) and "line 3" in str(info.value)


# --- bad input -------------------------------------------------------------------------------------------
def test_vector_size_must_match_the_file_in_either_spelling(sentences, pretrained):
    with pytest.raises(VectorSizeError, match="16 dimensions") as info:
        adapt(sentences, pretrained["path"], size=SIZE + 1, min_count=MIN_COUNT)
    assert info.value.path == pretrained["path"]
    model, _ = adapt(sentences, pretrained["path"], vector_size=SIZE, epochs=1, min_count=MIN_COUNT, workers=1)
    assert compat.vector_size(model) == SIZE


def test_corpus_mistakes_are_explained(sentences, pretrained):
    path = pretrained["path"]
    with pytest.raises(TypeError, match="one-shot iterator"):
        adapt(iter(sentences), path)
    with pytest.raises(TypeError, match="lists of tokens"):
        adapt([" ".join(s) for s in sentences], path)
    with pytest.raises(TransferError, match="empty"):
        adapt([], path)
    with pytest.raises(TransferError, match="min_count"):
        adapt(sentences[:2], path, min_count=1000)
    with pytest.raises(TypeError, match="first argument"):
        adapt(sentences, path, sentences=sentences)
    with pytest.raises(ValueError, match="model must be one of"):
        adapt(sentences, path, model="glove")
    with pytest.raises(TypeError, match="doc2vec"):
        adapt(lee_corpus("doc2vec", sentences), path)


@pytest.mark.parametrize("bad", [-1, 2, 1.0001, "0.5", True, None, float("nan"), float("inf")])
def test_lockf_must_be_a_real_number_from_0_to_1(bad, sentences, pretrained):
    with pytest.raises(ValueError, match=r"lockf must be .*0\.0 \(frozen\) to 1\.0 \(free\), got %s"
                       % re.escape(repr(bad))):
        adapt(sentences, pretrained["path"], lockf=bad, **SMALL)


def test_lockf_accepts_numpy_and_integer_numbers(sentences, pretrained):
    for good, expected in ((np.float32(0.25), 0.25), (0, 0.0), (np.int64(1), 1.0), (np.asarray(0.5), 0.5)):
        _, report = adapt(sentences[:40], pretrained["path"], lockf=good, epochs=1, drift=False, **SMALL)
        assert report.lockf == expected and type(report.lockf) is float
        assert report.transfer.lockf == expected


@pytest.mark.parametrize("window", [0, -4, 0.5, float("nan")])
def test_a_window_below_1_is_refused_before_gensim_kills_its_threads_with_it(window, sentences, pretrained):
    with pytest.raises(ValueError, match=r"window must be at least 1, got %s" % re.escape(repr(window))):
        adapt(sentences, pretrained["path"], window=window, **SMALL)


def test_pv_dbow_without_word_training_warns_and_reports_it(sentences, pretrained):
    with pytest.warns(UnusedWordVectorsWarning, match=r"PV-DBOW .*dbow_words=1") as caught:
        _, report = adapt(sentences, pretrained["path"], model="doc2vec", dm=0, epochs=1, **SMALL)
    assert caught[0].filename == __file__
    assert report.transfer.trains_word_vectors is False
    assert report.as_dict()["transfer"]["trains_word_vectors"] is False
    assert "does not use word vectors" in str(report)
    # What the warning says, through real training: no merged vector moved.
    assert report.drift.moved == 0 and report.drift.unchanged == report.transfer.matched
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnusedWordVectorsWarning)
        _, report = adapt(sentences, pretrained["path"], model="doc2vec", dm=0, dbow_words=1, epochs=1, **SMALL)
    assert report.transfer.trains_word_vectors is True and report.drift.moved > 0
    assert report.as_dict()["transfer"]["trains_word_vectors"] is True and "word vectors" not in str(report)


def test_a_malformed_pretrained_file_names_the_file_and_record(tmp_path, sentences, pretrained):
    data = open(pretrained["path"], "rb").read()
    cut = tmp_path / "cut.bin"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(FormatError) as info:
        adapt(sentences, str(cut), **SMALL)
    assert info.value.path == str(cut) and info.value.record is not None


def test_stable_hash_is_the_same_in_every_process():
    assert stable_hash("king1") == 1472533176  # zlib.crc32(b"king1"); Python's hash() would vary
    assert pickle.loads(pickle.dumps(stable_hash)) is stable_hash
