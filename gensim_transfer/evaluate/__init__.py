"""Does the transfer help? Word vectors scored side by side on the same test sets.

:func:`evaluate` scores one or more models or vector files (anything ``drift`` reads: gensim models and
KeyedVectors in memory, gensim ``save()`` files, word2vec/fastText/GloVe files) on

- word-pair similarity (WordSim353, SimLex-999, or your ``word1 word2 score`` files): Spearman and Pearson
  between the cosine of each pair and the human score;
- analogies (gensim's ``questions-words.txt`` or your ``a b c d`` files): 3CosAdd accuracy;
- a downstream check: sentences labelled ``__label__X text`` (gensim's bundled Pang & Lee polarity sample,
  or yours) -> averaged word vectors -> a softmax classifier in numpy, k-fold cross-validated accuracy;
- neighbour change between the first model and each other one: overlap of each word's k nearest
  neighbours (Gonen et al., ACL 2020), next to drift's cosine between its two vectors.

Fair comparison. Coverage (the share of a test set a model covers) is always reported. Pair and analogy
figures are computed on the items that *every* model given covers (``scored``), and analogy answers are
searched among the words every model has (within each model's first ``restrict_vocab`` words, gensim's
300,000 by default), so that a model can neither look better by skipping hard pairs nor worse for having a
larger vocabulary to search; each model's figures on its own covered items are kept too (``own``).
Test words are lower-cased (``lowercase=True``; the models' own words are used as they are), which for a
lower-cased vocabulary is gensim's ``case_insensitive=True``.

The scores are computed here in float64 numpy, not with gensim's ``evaluate_word_pairs`` (whose defaults
differ by version), so every gensim line gives the same numbers.
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np

from ..drift import QUANTILES, vector_drift
from ..errors import FormatError
from ._inputs import Vectors, load_vectors
from ._report import EvaluationReport, NeighbourChange, SuiteResult
from ._scoring import analogy_correct, classify_cv, knn_overlap, pearson, spearman
from ._suites import (
    ANALOGY_SUITES,
    LABELLED_SETS,
    PAIR_SUITES,
    AnalogySet,
    LabelledSet,
    PairSet,
    builtin_path,
    read_analogies,
    read_labelled,
    read_pairs,
)

__all__ = [
    "ANALOGY_SUITES",
    "DEFAULT_SUITES",
    "LABELLED_SETS",
    "PAIR_SUITES",
    "EvaluationReport",
    "NeighbourChange",
    "SuiteResult",
    "Vectors",
    "evaluate",
    "load_vectors",
    "neighbour_change",
    "read_analogies",
    "read_labelled",
    "read_pairs",
    "score_analogies",
    "score_labelled",
    "score_pairs",
]

#: The built-in suites :func:`evaluate` runs unless told otherwise.
DEFAULT_SUITES = ("wordsim353", "simlex999", "questions-words")

PathLike = Union[str, "os.PathLike[str]"]


def _check_suites(suites: Sequence[str]) -> None:
    known = list(PAIR_SUITES) + list(ANALOGY_SUITES) + list(LABELLED_SETS)
    unknown = [s for s in suites if s not in known]
    if unknown:
        raise ValueError("unknown suite %r; built-in suites: %s" % (unknown[0], ", ".join(known)))


def _correlations(gold: np.ndarray, cosines: np.ndarray, keep: np.ndarray) -> Dict[str, Optional[float]]:
    return {"spearman": spearman(gold[keep], cosines[keep]), "pearson": pearson(gold[keep], cosines[keep])}


def _accuracy(model: Vectors, test: AnalogySet, keep: np.ndarray, candidates: np.ndarray) -> Optional[float]:
    if not keep.any():
        return None
    index = model.index
    rows = np.array([[index[w] for w in q] for q, k in zip(test.questions, keep) if k], dtype=np.int64)
    return float(analogy_correct(model.unit, rows, candidates).mean())


def score_pairs(models: Sequence[Vectors], test: PairSet, *, user_file: bool = False) -> List[SuiteResult]:
    """Spearman and Pearson of each model on a pair set (on the pairs every model covers; see the module).

    Raises
    ------
    gensim_transfer.errors.FormatError
        ``user_file`` and no pair is covered by every model.
    """
    covered = [np.array([a in m.index and b in m.index for a, b in test.pairs], dtype=bool) for m in models]
    common = np.logical_and.reduce(covered)
    if user_file and not common.any():
        raise FormatError(test.path, "no word pair is covered by %s (%s)" % (
            "the model" if len(models) == 1 else "every model",
            ", ".join("[%d] covers %d of %d" % (i + 1, c.sum(), len(c)) for i, c in enumerate(covered))))
    gold = np.array(test.scores, dtype=np.float64)
    results = []
    for number, (model, mask) in enumerate(zip(models, covered)):
        cosines = np.array([float(model.unit[model.index[a]] @ model.unit[model.index[b]]) if ok else np.nan
                            for (a, b), ok in zip(test.pairs, mask)])
        results.append(SuiteResult(test.name, "pairs", test.path, number, len(test.pairs), int(mask.sum()),
                                   int(common.sum()), _correlations(gold, cosines, common),
                                   _correlations(gold, cosines, mask)))
    return results


def score_analogies(models: Sequence[Vectors], test: AnalogySet, *, restrict_vocab: Optional[int] = 300000,
                    user_file: bool = False) -> List[SuiteResult]:
    """3CosAdd accuracy of each model on an analogy set (common questions, common candidates; see the module).

    Raises
    ------
    gensim_transfer.errors.FormatError
        ``user_file`` and no question is covered by every model.
    """
    searched = [m.words[:restrict_vocab] if restrict_vocab else m.words for m in models]
    searched_sets = [set(words) for words in searched]
    common_words = set.intersection(*searched_sets) if searched_sets else set()
    covered = [np.array([all(w in s for w in q) for q in test.questions], dtype=bool) for s in searched_sets]
    common = np.array([all(w in common_words for w in q) for q in test.questions], dtype=bool)
    if user_file and not common.any():
        raise FormatError(test.path, "no analogy question has all four words in %s (%s)" % (
            "the model" if len(models) == 1 else "every model",
            ", ".join("[%d] covers %d of %d" % (i + 1, c.sum(), len(c)) for i, c in enumerate(covered))))
    results = []
    for number, (model, mask, words) in enumerate(zip(models, covered, searched)):
        index = model.index
        own_candidates = np.array(sorted({index[w] for w in words}), dtype=np.int64)
        common_candidates = np.array(sorted(index[w] for w in common_words), dtype=np.int64)
        results.append(SuiteResult(
            test.name, "analogies", test.path, number, len(test.questions), int(mask.sum()), int(common.sum()),
            {"accuracy": _accuracy(model, test, common, common_candidates)},
            {"accuracy": _accuracy(model, test, mask, own_candidates)}))
    return results


def score_labelled(models: Sequence[Vectors], test: LabelledSet, *, folds: int = 5,
                   seed: int = 0) -> List[SuiteResult]:
    """Cross-validated accuracy of a classifier on each model's averaged word vectors (see the module).

    Every sentence is scored (one without a known word gets a zero vector); ``covered`` counts the
    sentences with at least one known word.
    """
    if folds < 2 or folds > len(test.sentences):
        raise ValueError("folds must be between 2 and the number of sentences (%d), got %d"
                         % (len(test.sentences), folds))
    counts: Dict[str, int] = {}
    for label in test.labels:
        counts[label] = counts.get(label, 0) + 1
    majority = max(counts.values()) / len(test.labels)
    tokens = sum(len(s) for s in test.sentences)
    results = []
    for number, model in enumerate(models):
        features = np.zeros((len(test.sentences), model.vectors.shape[1]))
        covered = known_tokens = 0
        for row, sentence in enumerate(test.sentences):
            rows = [model.index[w] for w in sentence if w in model.index]
            if rows:
                features[row] = np.asarray(model.vectors[rows], dtype=np.float64).mean(axis=0)
                covered += 1
                known_tokens += len(rows)
        accuracies, _ = classify_cv(features, test.labels, folds=folds, seed=seed)
        metrics = {"accuracy_mean": float(np.mean(accuracies)), "accuracy_sd": float(np.std(accuracies, ddof=1)),
                   "majority": majority, "token_coverage": known_tokens / tokens if tokens else 0.0}
        results.append(SuiteResult(test.name, "labelled", test.path, number, len(test.sentences), covered,
                                   len(test.sentences), metrics))
    return results


def _quantiles(values: np.ndarray) -> Dict[str, float]:
    stats = {"mean": float(values.mean()), "min": float(values.min())}
    stats.update(zip(("q05", "q25", "median", "q75", "q95"), map(float, np.quantile(values, QUANTILES))))
    stats["max"] = float(values.max())
    return stats


def neighbour_change(before: Any, after: Any, *, k: int = 10, limit: Optional[int] = 5000,
                     top: int = 10) -> NeighbourChange:
    """Overlap of each shared word's ``k`` nearest neighbours in two models, with drift's cosine beside it.

    Parameters
    ----------
    before, after : model, KeyedVectors, file or :class:`Vectors`
    k : int
        Neighbours per word (searched among the compared words).
    limit : int or None
        Compare at most this many shared words: the first ones in ``after``'s order (its most frequent
        words, for a gensim model with a sorted vocabulary).
    top : int
        How many of the most-changed words to list.
    """
    a, b = load_vectors(before), load_vectors(after)
    words = [w for w in b.words if w in a.index]
    words = list(dict.fromkeys(words))[:limit] if limit else list(dict.fromkeys(words))
    if not words:
        return NeighbourChange(0, 1, k, 0, {}, 0, {}, [])
    rows_a = np.array([a.index[w] for w in words])
    rows_b = np.array([b.index[w] for w in words])
    if a.vectors.shape[1] == b.vectors.shape[1]:
        drift = vector_drift(words, a.vectors[rows_a], b.vectors[rows_b], top=0)
        cosines, cosine_stats = drift.cosines, drift.cosine
    else:  # different spaces: no per-word cosine
        cosines, cosine_stats = np.full(len(words), np.nan), {}
    overlap = knn_overlap(a.unit[rows_a], b.unit[rows_b], k)
    order = np.lexsort((cosines, overlap))[:max(0, top)]
    return NeighbourChange(
        before=0, after=1, k=min(k, max(len(words) - 1, 0)), words=len(words), overlap=_quantiles(overlap),
        same_neighbours=int((overlap == 1.0).sum()), cosine=cosine_stats,
        changed_most=[(words[i], float(overlap[i]), float(cosines[i])) for i in order])


def evaluate(
    sources: Sequence[Any],
    *,
    suites: Sequence[str] = DEFAULT_SUITES,
    pairs: Sequence[PathLike] = (),
    analogies: Sequence[PathLike] = (),
    labelled: Sequence[PathLike] = (),
    lowercase: bool = True,
    restrict_vocab: Optional[int] = 300000,
    folds: int = 5,
    seed: int = 0,
    neighbours: int = 10,
    neighbour_words: Optional[int] = 5000,
    top: int = 10,
    encoding: str = "utf8",
) -> EvaluationReport:
    """Score models or vector files side by side on built-in and user test sets.

    Parameters
    ----------
    sources : sequence
        Models, KeyedVectors, gensim ``save()`` files or vector files (see :func:`load_vectors`).
    suites : sequence of str
        Built-in suites: ``wordsim353``, ``simlex999`` (pairs), ``questions-words`` (analogies), ``pang-lee``
        (labelled sentences). Default: the first three.
    pairs, analogies, labelled : sequence of paths
        Your own test files, in the formats of :mod:`gensim_transfer.evaluate._suites` (``word1 word2 score``;
        ``a b c d``; ``__label__X text``).
    lowercase : bool
        Lower-case the test sets' words (pairs and analogies).
    restrict_vocab : int or None
        Search analogy answers among each model's first this many words (None: all), as gensim does.
    folds, seed : int
        Cross-validation of the labelled check.
    neighbours : int
        k of the neighbour-change comparison of the first model with each other one (0: skip it).
    neighbour_words : int or None
        Compare at most this many shared words.
    top : int
        Words listed as changed most.
    encoding : str
        Encoding of your test files.

    Returns
    -------
    EvaluationReport

    Raises
    ------
    gensim_transfer.errors.FormatError
        A model or test file is malformed (naming the file and line), a model has no vectors, or one of your
        pair/analogy files has no item covered by every model.

    Examples
    --------
    >>> report = evaluate(["pretrained.bin", "adapted.model"], labelled=["reviews.txt"])
    >>> print(report)
    """
    if not sources:
        raise ValueError("give at least one model or vector file to evaluate")
    _check_suites(suites)
    models = [load_vectors(source) for source in sources]
    # Read every test file before scoring, so that a malformed one fails fast.
    pair_sets = [(read_pairs(builtin_path(PAIR_SUITES[s]), name=s, lowercase=lowercase), False)
                 for s in suites if s in PAIR_SUITES]
    pair_sets += [(read_pairs(p, encoding=encoding, lowercase=lowercase), True) for p in pairs]
    analogy_sets = [(read_analogies(builtin_path(ANALOGY_SUITES[s]), name=s, lowercase=lowercase), False)
                    for s in suites if s in ANALOGY_SUITES]
    analogy_sets += [(read_analogies(p, encoding=encoding, lowercase=lowercase), True) for p in analogies]
    labelled_sets = [read_labelled(builtin_path(LABELLED_SETS[s][0]), name=s, encoding=LABELLED_SETS[s][1])
                     for s in suites if s in LABELLED_SETS]
    labelled_sets += [read_labelled(p, encoding=encoding) for p in labelled]

    results: List[SuiteResult] = []
    for test, user in pair_sets:
        results += score_pairs(models, test, user_file=user)
    for test, user in analogy_sets:
        results += score_analogies(models, test, restrict_vocab=restrict_vocab, user_file=user)
    for labelled_set in labelled_sets:
        results += score_labelled(models, labelled_set, folds=folds, seed=seed)
    changes = []
    if neighbours and len(models) > 1:
        for later in range(1, len(models)):
            change = neighbour_change(models[0], models[later], k=neighbours, limit=neighbour_words, top=top)
            change.after = later
            changes.append(change)
    settings = {"lowercase": lowercase, "restrict_vocab": restrict_vocab, "folds": folds, "seed": seed,
                "neighbours_k": neighbours, "neighbour_words": neighbour_words}
    return EvaluationReport([m.name for m in models], results, changes, settings)
