"""Drift between vector sets: known answers on hand-made vectors, and files / saved models / adapted models."""
from __future__ import annotations

import gzip
import pickle

import numpy as np
import pytest
from gensim.models import Word2Vec

from gensim_transfer import compat, guard
from gensim_transfer.adapt import adapt
from gensim_transfer.drift import QUANTILES, compare, is_gensim_save, load_keyed_vectors, vector_drift
from gensim_transfer.errors import FormatError, VectorSizeError

from .corpus import lee_sentences, random_vectors
from .test_adapt import write_bin

SIZE = 12


@pytest.fixture(autouse=True)
def _restore_guard():
    yield
    guard.uninstall()


def write_txt(path, words, vectors, header=True):
    with open(path, "w", encoding="utf8") as out:
        if header:
            out.write("%d %d\n" % (len(words), vectors.shape[1]))
        for word, vector in zip(words, vectors):
            out.write(word + " " + " ".join("%.9g" % v for v in vector.tolist()) + "\n")
    return str(path)


# --- known answers ---------------------------------------------------------------------------------------
def test_cosines_of_hand_made_vectors():
    words = ["same", "scaled", "orthogonal", "opposite", "zeroed", "both_zero"]
    before = np.array([[1, 2, 0], [1, 1, 0], [1, 0, 0], [0, 3, 1], [1, 1, 1], [0, 0, 0]], dtype=np.float32)
    after = np.array([[1, 2, 0], [2, 2, 0], [0, 5, 0], [0, -3, -1], [0, 0, 0], [0, 0, 0]], dtype=np.float32)
    report = vector_drift(words, before, after, top=3)
    assert report.cosines.tolist() == pytest.approx([1.0, 1.0, 0.0, -1.0, 0.0, 1.0], abs=1e-12)
    assert report.cosines[0] == report.cosines[5] == 1.0  # bit-identical rows: exactly 1
    assert report.unchanged == 2  # "same" and "both_zero" are bit-identical; "scaled" moved in length only
    assert report.moved == 4 and report.shared == 6
    assert [w for w, _ in report.top_movers] == ["opposite", "orthogonal", "zeroed"]
    assert report.cosine["min"] == pytest.approx(-1.0, abs=1e-12) and report.cosine["max"] == 1.0
    assert report.cosine["mean"] == pytest.approx(np.mean(report.cosines))
    expected = np.quantile(report.cosines, QUANTILES)
    assert [report.cosine[k] for k in ("q05", "q25", "median", "q75", "q95")] == pytest.approx(expected)


def test_identical_vectors_give_exactly_one_even_where_float_rounding_would_not():
    vectors = random_vectors(500, 300, seed=1)
    report = vector_drift(["w%d" % i for i in range(500)], vectors, vectors.copy())
    assert report.unchanged == 500 and report.cosine["min"] == 1.0 and report.cosine["max"] == 1.0


def test_neighbours_before_and_after_among_the_shared_words():
    words = ["a", "b", "c", "d"]
    before = np.array([[1, 0], [0.9, 0.1], [0, 1], [-1, 0]], dtype=np.float32)
    after = np.array([[0, 1], [0.9, 0.1], [0.1, 0.9], [-1, 0]], dtype=np.float32)
    report = vector_drift(words, before, after, probe=["a", "nope"], topn=2)
    assert [n for n, _ in report.neighbours["a"]["before"]] == ["b", "c"]
    assert [n for n, _ in report.neighbours["a"]["after"]] == ["c", "b"]
    assert report.neighbours["a"]["after"][0][1] == pytest.approx(0.9 / np.hypot(0.1, 0.9), abs=1e-6)
    assert report.missing == ["nope"]
    text = str(report)
    assert "nearest neighbours of 'a'" in text and "'nope': not in both" in text


def test_nothing_shared_is_a_report_not_an_error():
    report = vector_drift([], np.zeros((0, 3)), np.zeros((0, 3)))
    assert report.shared == 0 and report.cosine == {} and "no shared words" in report.summary()
    with pytest.raises(ValueError, match="one row per word"):
        vector_drift(["a"], np.zeros((1, 3)), np.zeros((2, 3)))


# --- files and saved models ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """BEFORE: 300 words. AFTER: 200 of them (100 changed, 100 copied bit-exact) plus 50 new words."""
    folder = tmp_path_factory.mktemp("drift")
    words = ["w%03d" % i for i in range(300)]
    before = random_vectors(300, SIZE, seed=2)
    after_words = words[:200] + ["new%02d" % i for i in range(50)]
    after = np.vstack([before[:100] + random_vectors(100, SIZE, seed=3), before[100:200],
                       random_vectors(50, SIZE, seed=4)]).astype(np.float32)
    return {
        "folder": folder, "words": words, "before": before, "after_words": after_words, "after": after,
        "before_bin": write_bin(folder / "before.bin", words, before),
        "before_gz": _gzip(write_bin(folder / "before2.bin", words, before)),
        "after_bin": write_bin(folder / "after.bin", after_words, after),
        "after_txt": write_txt(folder / "after.txt", after_words, after),
        "after_glove": write_txt(folder / "after.glove.txt", after_words, after, header=False),
    }


def _gzip(path):
    with open(path, "rb") as raw, gzip.open(path + ".gz", "wb") as out:
        out.write(raw.read())
    return path + ".gz"


@pytest.mark.parametrize("before_key", ["before_bin", "before_gz"])
@pytest.mark.parametrize("after_key", ["after_bin", "after_txt", "after_glove"])
def test_compare_files_counts_shared_and_unchanged_words(pair, before_key, after_key):
    report = compare(pair[before_key], pair[after_key], words=["w150"], top=5)
    assert report.shared == 200 and report.unchanged == 100 and report.moved == 100
    assert report.before_words == 300 and report.after_words == 250
    expected = vector_drift(pair["words"][:200], pair["before"][:200], pair["after"][:200])
    np.testing.assert_array_equal(report.cosines, expected.cosines)
    assert report.top_movers == expected.top_movers[:5]
    assert set(w for w, _ in report.top_movers) <= set(pair["words"][:100])
    assert "w150" in report.neighbours


def test_later_duplicates_in_the_after_file_win(pair, tmp_path):
    words = pair["after_words"] + ["w000"]
    vectors = np.vstack([pair["after"], pair["before"][:1]])
    report = compare(pair["before_bin"], write_bin(tmp_path / "dup.bin", words, vectors))
    assert report.shared == 200 and report.unchanged == 101  # w000's last record is its original vector


def test_compare_in_memory_and_saved_models(pair, tmp_path):
    kv = compat.keyed_vectors_from(pair["after_words"], pair["after"])
    in_memory = compare(pair["before_bin"], kv)
    path = str(tmp_path / "after.kv")
    kv.save(path)
    assert is_gensim_save(path)
    saved = compare(pair["before_bin"], path)
    both_saved = compare(path, kv)
    assert in_memory.shared == saved.shared == 200 and saved.unchanged == 100
    assert both_saved.unchanged == both_saved.shared == 250
    assert "gensim" in saved.after


def test_vector_sizes_must_agree(pair, tmp_path):
    other = write_bin(tmp_path / "wide.bin", pair["words"], random_vectors(300, SIZE + 1, seed=9))
    with pytest.raises(VectorSizeError) as info:
        compare(other, pair["after_bin"])
    assert info.value.path == other
    kv = compat.keyed_vectors_from(pair["words"], random_vectors(300, SIZE + 1, seed=9))
    kv_path = str(tmp_path / "wide.kv")
    kv.save(kv_path)
    with pytest.raises(VectorSizeError, match="dimensions") as info:
        compare(kv_path, pair["after_bin"])
    assert info.value.path == kv_path


def test_gensim_saves_are_told_apart_from_vector_files_by_their_first_bytes(pair, tmp_path):
    for key in ("before_bin", "before_gz", "after_txt", "after_glove"):
        assert not is_gensim_save(pair[key])
    model = Word2Vec(**compat.model_kwargs(size=SIZE, min_count=1, workers=1, seed=1))
    model.build_vocab(lee_sentences(0, 5))
    compressed = str(tmp_path / "model.gz")
    model.save(compressed)  # gensim compresses a pickle whose name ends in .gz
    assert is_gensim_save(compressed)
    kv, description = load_keyed_vectors(compressed)
    assert list(compat.index_to_key(kv)) == list(compat.index_to_key(model)) and "Word2Vec" in description


def test_a_save_without_vectors_or_a_broken_pickle_is_a_format_error(tmp_path):
    from gensim.corpora import Dictionary

    not_a_model = str(tmp_path / "words.dict")
    Dictionary([["a", "b"]]).save(not_a_model)
    with pytest.raises(FormatError, match="holds a Dictionary") as info:
        compare(not_a_model, not_a_model)
    assert info.value.path == not_a_model
    for name, data, problem in [("plain.pkl", pickle.dumps({"a": 1}, protocol=4), "holds a dict, not a gensim"),
                                ("broken.model", pickle.dumps({"a": 1}, protocol=4)[:10],
                                 "could not load it as a gensim model")]:
        path = tmp_path / name
        path.write_bytes(data)
        assert is_gensim_save(str(path))
        with pytest.raises(FormatError, match=problem) as info:
            load_keyed_vectors(str(path))
        assert info.value.path == str(path)


# --- the case where the answer is known: adaptation with frozen and free vectors --------------------------
@pytest.mark.parametrize("lockf", [0.0, 1.0])
def test_drift_of_an_adapted_model_against_its_pretrained_file(tmp_path, lockf):
    sentences = lee_sentences(0, 100)
    words = sorted({w for s in sentences for w in s})[:800] + ["zzabsent%d" % i for i in range(40)]
    pretrained = write_bin(tmp_path / "pre.bin", words, random_vectors(len(words), SIZE, seed=6))
    model, report = adapt(sentences, pretrained, lockf=lockf, epochs=2, size=SIZE, min_count=3, seed=1, workers=1)
    saved = str(tmp_path / "adapted.model")
    model.save(saved)
    drift = compare(pretrained, saved)
    assert drift.shared == report.transfer.matched > 100
    if lockf == 0.0:
        assert drift.unchanged == drift.shared and drift.cosine["min"] == 1.0
    else:
        assert drift.moved > 0.9 * drift.shared and drift.cosine["median"] < 1.0
    np.testing.assert_array_equal(np.sort(drift.cosines), np.sort(report.drift.cosines))
