"""evaluate: numpy scores equal scipy's and gensim's own where they should; fair side-by-side comparison;
neighbour overlap; the downstream check; bad inputs give one-line errors naming the file and line."""
from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from gensim_transfer import compat
from gensim_transfer.cli import main
from gensim_transfer.errors import FormatError
from gensim_transfer.evaluate import (
    Vectors,
    evaluate,
    load_vectors,
    neighbour_change,
    read_analogies,
    read_labelled,
    read_pairs,
    score_analogies,
    score_pairs,
)
from gensim_transfer.evaluate._scoring import analogy_correct, classify_cv, knn_overlap, pearson, ranks, spearman
from gensim_transfer.evaluate._suites import builtin_path

from .corpus import lee_sentences


@pytest.fixture(scope="module")
def lee_model():
    """A real Word2Vec model on the whole Lee corpus (lower-cased vocabulary)."""
    from gensim.models import Word2Vec

    from gensim_transfer.adapt import stable_hash

    return Word2Vec(lee_sentences(), **compat.model_kwargs(Word2Vec, size=24, min_count=2, seed=5, workers=1,
                                                           iter=3, hashfxn=stable_hash))


def _text_file(path, words, vectors):
    with open(path, "w", encoding="utf8") as out:
        out.write("%d %d\n" % vectors.shape)
        for word, vector in zip(words, vectors):
            out.write(word + " " + " ".join(repr(float(x)) for x in vector) + "\n")
    return str(path)


# --- the numbers ------------------------------------------------------------------------------------------
def test_rank_correlations_equal_scipys():
    rng = np.random.RandomState(0)
    x = rng.randint(0, 6, 200).astype(float)  # many ties
    y = x + rng.normal(0, 2, 200)
    np.testing.assert_allclose(ranks(x), stats.rankdata(x))
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y)[0], abs=1e-12)
    assert pearson(x, y) == pytest.approx(stats.pearsonr(x, y)[0], abs=1e-12)
    assert spearman([1.0], [2.0]) is None and pearson([1.0, 1.0], [1.0, 2.0]) is None


@pytest.mark.parametrize("suite", ["wordsim353.tsv", "simlex999.txt"])
def test_pair_scores_equal_gensims_evaluate_word_pairs(suite, lee_model):
    pearson_g, spearman_g, oov = compat.wv(lee_model).evaluate_word_pairs(builtin_path(suite))
    (result,) = score_pairs([load_vectors(lee_model)], read_pairs(builtin_path(suite)))
    # gensim ranks float32 cosines, we rank float64 ones: two near-equal cosines may swap ranks.
    assert result.metrics["spearman"] == pytest.approx(float(spearman_g[0]), abs=1e-3)
    assert result.metrics["pearson"] == pytest.approx(float(pearson_g[0]), abs=1e-5)
    assert 100 * (1 - result.coverage) == pytest.approx(oov, abs=1e-9)


def test_analogy_accuracy_equals_gensims_evaluate_word_analogies(lee_model):
    score, sections = compat.wv(lee_model).evaluate_word_analogies(builtin_path("questions-words.txt"))
    total = sections[-1]
    (result,) = score_analogies([load_vectors(lee_model)], read_analogies(builtin_path("questions-words.txt")))
    assert result.covered == len(total["correct"]) + len(total["incorrect"]) > 20
    assert result.metrics["accuracy"] == pytest.approx(score, abs=1e-12)


def test_analogy_answers_exclude_the_question_words():
    unit = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8], [0.8, 0.6]])
    # b - a + c = (-1, 1) + (0.6, 0.8): nearest non-question word is row 3 only if rows 1 and 2 are excluded.
    assert analogy_correct(unit, np.array([[0, 1, 2, 3]]), np.arange(4)).tolist() == [True]


@pytest.mark.usefixtures("scanner")
def test_a_file_and_the_model_in_memory_give_the_same_numbers(tmp_path, lee_model):
    kv = compat.wv(lee_model)
    path = _text_file(tmp_path / "v.txt", list(compat.index_to_key(kv)), kv.vectors)
    from_model = evaluate([lee_model], suites=["wordsim353", "questions-words"]).as_dict()["suites"]
    from_file = evaluate([path], suites=["wordsim353", "questions-words"]).as_dict()["suites"]
    for a, b in zip(from_model, from_file):
        a.pop("file"), b.pop("file")
        assert a == b


def test_side_by_side_scores_use_the_items_every_model_covers(lee_model):
    full = load_vectors(lee_model)
    pairs = read_pairs(builtin_path("wordsim353.tsv"))
    covered = [p for p in pairs.pairs if p[0] in full.index and p[1] in full.index]
    dropped = {covered[0][0], covered[1][1]}
    keep = [i for i, w in enumerate(full.words) if w not in dropped]
    smaller = Vectors([full.words[i] for i in keep], full.vectors[keep], "smaller")
    big, small = score_pairs([full, smaller], pairs)
    assert big.covered == len(covered) and small.covered < big.covered
    assert big.scored == small.scored == small.covered
    # Same vectors on the same scored pairs: the same figures; the bigger model's own figure differs.
    assert big.metrics == small.metrics
    assert big.own["spearman"] != big.metrics["spearman"]


def test_report_prints_coverage_and_serialises_each_suite_by_name(lee_model):
    report = evaluate([lee_model], suites=["wordsim353", "simlex999", "questions-words", "pang-lee"])
    data = json.loads(json.dumps(report.as_dict()))
    names = [s["suite"] for s in data["suites"]]
    assert names == ["wordsim353", "simlex999", "questions-words", "pang-lee"]
    for suite in data["suites"]:
        assert 0 < suite["coverage"] <= 1 and suite["covered"] <= suite["total"]
    text = str(report)
    assert "coverage" in text and "wordsim353" in text and "%" in text


# --- neighbours -----------------------------------------------------------------------------------------
def test_knn_overlap_equals_a_brute_force_count():
    rng = np.random.RandomState(3)
    a = rng.normal(size=(40, 5))
    b = a + rng.normal(scale=0.5, size=a.shape)
    ua, ub = (m / np.linalg.norm(m, axis=1, keepdims=True) for m in (a, b))
    got = knn_overlap(ua, ub, 4)
    for row in range(40):
        sa, sb = ua @ ua[row], ub @ ub[row]
        sa[row] = sb[row] = -np.inf
        expected = len(set(np.argsort(-sa)[:4]) & set(np.argsort(-sb)[:4])) / 4
        assert got[row] == expected


def test_neighbour_change_finds_the_word_that_moved(lee_model):
    kv = compat.wv(lee_model)
    words = list(compat.index_to_key(kv))[:300]
    before = Vectors(words, kv.vectors[:300].copy(), "before")
    after_vectors = kv.vectors[:300].copy()
    after_vectors[7] = -after_vectors[7]
    change = neighbour_change(before, Vectors(words, after_vectors, "after"), k=10, top=3)
    assert change.words == 300 and change.changed_most[0][0] == words[7]
    assert change.changed_most[0][1] == 0.0 and change.changed_most[0][2] == pytest.approx(-1.0)
    same = neighbour_change(before, before, k=10)
    assert same.overlap["min"] == 1.0 and same.same_neighbours == 300


# --- downstream ------------------------------------------------------------------------------------------
def test_the_classifier_learns_a_separable_problem_and_is_deterministic():
    rng = np.random.RandomState(1)
    labels = ["pos"] * 50 + ["neg"] * 50
    features = rng.normal(size=(100, 6))
    features[:50, 0] += 4.0
    accuracies, counts = classify_cv(features, labels, folds=5)
    assert counts == {"neg": 50, "pos": 50} and min(accuracies) >= 0.9
    assert classify_cv(features, labels, folds=5) == (accuracies, counts)
    noise, _ = classify_cv(rng.normal(size=(100, 6)), labels, folds=5)
    assert 0.25 < float(np.mean(noise)) < 0.75


def test_labelled_check_on_the_bundled_reviews(lee_model):
    test = read_labelled(builtin_path("pang_lee_polarity.cor"), encoding="cp1252")
    assert len(test.sentences) == 200 and sorted(set(test.labels)) == ["neg", "pos"]
    report = evaluate([lee_model], suites=["pang-lee"], folds=4)
    (result,) = report.results
    assert result.scored == 200 and 0 < result.covered <= 200
    assert result.metrics["majority"] == 0.5 and 0 <= result.metrics["accuracy_mean"] <= 1
    assert "± " in str(report)


# --- bad inputs ------------------------------------------------------------------------------------------
def test_a_malformed_pairs_line_names_the_file_and_line(tmp_path, capsys, lee_model):
    path = tmp_path / "pairs.tsv"
    path.write_text("# comment\nking\tqueen\t8\nman woman\n")
    with pytest.raises(FormatError, match=r"pairs.tsv \(line 3\): expected 'word1 word2 score'"):
        read_pairs(str(path))
    path.write_text("king\tqueen\tlots\n")
    with pytest.raises(FormatError, match=r"\(line 1\): the score 'lots' is not a finite number"):
        read_pairs(str(path))
    model_path = tmp_path / "m.model"
    lee_model.save(str(model_path))
    assert main(["evaluate", str(model_path), "--pairs", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pairs.tsv (line 1)" in err


def test_an_analogy_file_without_a_covered_question_is_an_error(tmp_path, capsys, lee_model):
    path = tmp_path / "questions.txt"
    path.write_text(": made up\nzzqa zzqb zzqc zzqd\n")
    with pytest.raises(FormatError, match=r"questions.txt: no analogy question has all four words"):
        evaluate([lee_model], suites=[], analogies=[str(path)])
    path.write_text(": bad\nking queen man\n")
    with pytest.raises(FormatError, match=r"questions.txt \(line 2\): expected an analogy"):
        read_analogies(str(path))
    model_path = tmp_path / "m.model"
    lee_model.save(str(model_path))
    assert main(["evaluate", str(model_path), "--suites", "none", "--analogies", str(path)]) == 1
    assert "questions.txt (line 2)" in capsys.readouterr().err


def test_a_labelled_line_without_label_names_the_line(tmp_path):
    path = tmp_path / "l.txt"
    path.write_text("__label__a good film\nbad film\n")
    with pytest.raises(FormatError, match=r"l.txt \(line 2\): expected '__label__X text'"):
        read_labelled(str(path))


def test_a_model_without_vectors_is_an_error_naming_the_file(tmp_path, capsys):
    from gensim.models import Word2Vec

    path = str(tmp_path / "empty.model")
    Word2Vec(**compat.model_kwargs(Word2Vec, size=8)).save(path)
    with pytest.raises(FormatError, match=r"empty.model: holds no word vectors"):
        load_vectors(path)
    assert main(["evaluate", path]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "empty.model: holds no word vectors" in err


def test_unknown_suites_are_refused(lee_model):
    with pytest.raises(ValueError, match="unknown suite 'wordsim'"):
        evaluate([lee_model], suites=["wordsim"])


# --- command line ----------------------------------------------------------------------------------------
@pytest.mark.usefixtures("scanner")
def test_cli_compares_two_files_side_by_side_with_json(tmp_path, capsys, lee_model):
    kv = compat.wv(lee_model)
    words = list(compat.index_to_key(kv))
    first = _text_file(tmp_path / "a.txt", words, kv.vectors)
    moved = kv.vectors.copy()
    moved[:50] = np.random.RandomState(0).normal(size=(50, moved.shape[1]))
    second = _text_file(tmp_path / "b.txt", words[:-100], moved[:-100])
    pairs = tmp_path / "mine.tsv"
    pairs.write_text("%s %s 9\n%s %s 1\n%s %s 5\n" % tuple(words[200:206]))
    assert main(["evaluate", first, second, "--suites", "wordsim353,pang-lee", "--pairs", str(pairs),
                 "--json", "--folds", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["model"] for m in data["models"]] == [0, 1]
    assert {s["suite"] for s in data["suites"]} == {"wordsim353", "pang-lee", "mine.tsv"}
    (change,) = data["neighbours"]
    assert change["words"] == len(words) - 100 and change["overlap"]["min"] < 1.0
    assert {w for w, _, _ in change["changed_most"]} <= set(words[:50])
    assert main(["evaluate", first, second, "--suites", "wordsim353"]) == 0
    out = capsys.readouterr().out
    assert "[2] b.txt" in out and "neighbour change [1] -> [2]" in out


def test_the_built_in_example_ends_with_a_quality_line_on_its_own_labels(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["adapt", "-q", "--json"]) == 0
    quality = json.loads(capsys.readouterr().out)["quality"]
    assert list(quality) == ["pretrained", "scratch", "adapted"]
    for figures in quality.values():
        assert 0 <= figures["accuracy_mean"] <= 1 and figures["coverage"] > 0.95 and figures["majority"] == 0.5
    # The pretrained file is the same on every gensim line, and so is its figure.
    assert quality["pretrained"]["accuracy_mean"] == pytest.approx(0.475, abs=1e-9)
    assert main(["adapt", "-q"]) == 0
    assert "quality     the reviews' pos/neg labels" in capsys.readouterr().out


def test_neighbour_change_between_models_of_different_sizes_has_no_cosine(lee_model):
    kv = compat.wv(lee_model)
    words = list(compat.index_to_key(kv))[:100]
    small = Vectors(words, kv.vectors[:100, :10].copy(), "small")
    report = evaluate([lee_model, small], suites=[], neighbours=5, top=3)
    (change,) = report.neighbours
    assert change.words == 100 and change.cosine == {}
    assert "not comparable" in str(report)
    data = json.loads(json.dumps(report.as_dict(), allow_nan=False))
    assert all(c is None for _, _, c in data["neighbours"][0]["changed_most"])
