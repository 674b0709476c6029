"""The scores, in numpy and float64, so that every gensim and numpy line gives the same numbers.

Nothing here calls gensim's ``evaluate_word_pairs``/``evaluate_word_analogies``: their lower-casing and
vocabulary-restriction defaults differ between gensim versions.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

__all__ = ["analogy_correct", "classify_cv", "knn_overlap", "pearson", "ranks", "spearman"]


def ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their average rank (as ``scipy.stats.rankdata``)."""
    values = np.asarray(values, dtype=np.float64)
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    ends = np.r_[first[1:], len(values)]
    average = (first + ends + 1) / 2.0  # mean of positions first+1 .. end
    out = np.empty(len(values), dtype=np.float64)
    out[order] = average[group]
    return out


def pearson(x: np.ndarray, y: np.ndarray) -> Optional[float]:
    """Pearson correlation; None with fewer than 2 values or a constant side."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if len(x) < 2:
        return None
    dx = x - x.mean()
    dy = y - y.mean()
    denominator = np.sqrt(np.dot(dx, dx) * np.dot(dy, dy))
    if denominator == 0:
        return None
    return float(np.clip(np.dot(dx, dy) / denominator, -1.0, 1.0))


def spearman(x: np.ndarray, y: np.ndarray) -> Optional[float]:
    """Spearman rank correlation (Pearson of average ranks); None with fewer than 2 values or a constant side."""
    if len(x) < 2:
        return None
    return pearson(ranks(x), ranks(y))


def analogy_correct(unit: np.ndarray, questions: np.ndarray, candidates: np.ndarray,
                    chunk: int = 512) -> np.ndarray:
    """For each question (rows a, b, c, d of ``unit``), whether 3CosAdd answers d.

    The answer is the candidate row maximising ``cos(x, b) - cos(x, a) + cos(x, c)`` (gensim's
    ``most_similar(positive=[b, c], negative=[a])``), the three question words excluded; ties go to the
    earlier candidate.

    Parameters
    ----------
    unit : numpy.ndarray
        Unit-length rows (float64).
    questions : numpy.ndarray
        Shape ``(n, 4)``, row numbers into ``unit``.
    candidates : numpy.ndarray
        Rows among which answers are searched (sorted ascending).
    """
    correct = np.zeros(len(questions), dtype=bool)
    if not len(questions):
        return correct
    position = np.full(len(unit), -1, dtype=np.int64)
    position[candidates] = np.arange(len(candidates))
    space = unit[candidates]
    for start in range(0, len(questions), chunk):
        q = questions[start:start + chunk]
        target = unit[q[:, 1]] - unit[q[:, 0]] + unit[q[:, 2]]
        sims = target @ space.T
        for column in range(3):
            where = position[q[:, column]]
            inside = where >= 0
            sims[np.flatnonzero(inside), where[inside]] = -np.inf
        best = np.argmax(sims, axis=1)
        correct[start:start + chunk] = candidates[best] == q[:, 3]
    return correct


def _neighbour_sets(unit: np.ndarray, k: int, chunk: int = 1024) -> np.ndarray:
    """The ``k`` nearest rows (by cosine, self excluded, ties to the lower row) of every row: ``(n, k)``."""
    n = len(unit)
    out = np.empty((n, k), dtype=np.int64)
    for start in range(0, n, chunk):
        sims = unit[start:start + chunk] @ unit.T
        rows = np.arange(start, min(start + chunk, n))
        sims[rows - start, rows] = -np.inf
        # lexsort-free stable top-k: sort by (-sim, row) via argsort on -sims with a stable kind
        order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        out[start:start + chunk] = order
    return out


def knn_overlap(unit_a: np.ndarray, unit_b: np.ndarray, k: int) -> np.ndarray:
    """Per row, the share of its ``k`` nearest neighbours in space a that are also among them in space b.

    Both arrays hold the same words in the same rows (Gonen et al., ACL 2020: words whose neighbourhoods
    differ changed usage).
    """
    k = min(k, len(unit_a) - 1)
    if k < 1:
        return np.zeros(len(unit_a))
    near_a = _neighbour_sets(unit_a, k)
    near_b = _neighbour_sets(unit_b, k)
    shared = np.array([len(np.intersect1d(a, b, assume_unique=True)) for a, b in zip(near_a, near_b)])
    return shared / float(k)


def _softmax_regression(x: np.ndarray, y: np.ndarray, classes: int, l2: float, steps: int) -> np.ndarray:
    """Weights (with a bias row) of an L2-regularised multinomial logistic regression, by gradient descent."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    onehot = np.zeros((n, classes))
    onehot[np.arange(n), y] = 1.0
    # Step 1/L with L an upper bound of the loss's curvature: 0.5 * largest eigenvalue of X'X/n, plus l2.
    lipschitz = 0.5 * np.linalg.norm(design, 2) ** 2 / n + l2
    step = 1.0 / lipschitz
    weights = np.zeros((d + 1, classes))
    for _ in range(steps):
        logits = design @ weights
        logits -= logits.max(axis=1, keepdims=True)
        prob = np.exp(logits)
        prob /= prob.sum(axis=1, keepdims=True)
        gradient = design.T @ (prob - onehot) / n
        gradient[:-1] += l2 * weights[:-1]
        weights -= step * gradient
    return weights


def classify_cv(features: np.ndarray, labels: Sequence[str], *, folds: int = 5, seed: int = 0,
                l2: float = 1e-3, steps: int = 300) -> Tuple[List[float], Dict[str, int]]:
    """k-fold cross-validated accuracy of a softmax classifier on ``features``; (per-fold accuracies, counts).

    Sentences are shuffled once with ``numpy.random.RandomState(seed)`` and cut into ``folds`` parts; each
    part is scored by a classifier trained on the others, on features standardised with the training
    part's mean and standard deviation.
    """
    names = sorted(set(labels))
    y = np.array([names.index(label) for label in labels])
    counts = {name: int((y == i).sum()) for i, name in enumerate(names)}
    order = np.random.RandomState(seed).permutation(len(y))
    parts = np.array_split(order, folds)
    accuracies: List[float] = []
    x = np.asarray(features, dtype=np.float64)
    for held in parts:
        train = np.setdiff1d(order, held)
        mean = x[train].mean(axis=0)
        sd = x[train].std(axis=0)
        sd[sd == 0] = 1.0
        weights = _softmax_regression((x[train] - mean) / sd, y[train], len(names), l2, steps)
        test = (x[held] - mean) / sd
        predicted = np.argmax(np.hstack([test, np.ones((len(held), 1))]) @ weights, axis=1)
        accuracies.append(float((predicted == y[held]).mean()))
    return accuracies, counts
