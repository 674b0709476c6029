"""What :func:`gensim_transfer.evaluate.evaluate` returns, and how it prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["EvaluationReport", "NeighbourChange", "SuiteResult"]


def _round(value: Optional[float]) -> Optional[float]:
    """Six decimals; None for a missing or not-a-number figure (JSON has no NaN)."""
    return None if value is None or value != value else round(float(value), 6)


@dataclass
class SuiteResult:
    """One model's figures on one test set.

    Attributes
    ----------
    suite : str
        Its name (``wordsim353``, ``simlex999``, ``questions-words``, ``pang-lee``, or a user file's name).
    kind : str
        ``"pairs"``, ``"analogies"`` or ``"labelled"``.
    path : str
        The test file.
    model : int
        Position of the model in :attr:`EvaluationReport.models`.
    total : int
        Items in the test set (pairs, questions, sentences).
    covered : int
        Items this model covers: both words of a pair, all four words of a question (among the searched
        words), at least one word of a sentence.
    scored : int
        Items the figures in ``metrics`` are computed on: for pairs and analogies, those that *every* model
        of the report covers, so that the models compare on the same items; for sentences, all of them.
    metrics : dict
        ``spearman``, ``pearson`` (pairs); ``accuracy`` (analogies); ``accuracy_mean``, ``accuracy_sd``,
        ``majority``, ``token_coverage`` (labelled). None where not computable (e.g. nothing scored).
    own : dict
        The same figures on this model's own covered items (pairs and analogies).
    """

    suite: str
    kind: str
    path: str
    model: int
    total: int
    covered: int
    scored: int
    metrics: Dict[str, Optional[float]]
    own: Dict[str, Optional[float]] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        """Share of the test set this model covers (0.0-1.0)."""
        return self.covered / self.total if self.total else 0.0

    def as_dict(self) -> Dict[str, Any]:
        return {
            "suite": self.suite, "kind": self.kind, "file": self.path, "model": self.model, "total": self.total,
            "covered": self.covered, "coverage": _round(self.coverage), "scored": self.scored,
            **{k: _round(v) for k, v in self.metrics.items()},
            "own": {k: _round(v) for k, v in self.own.items()},
        }


@dataclass
class NeighbourChange:
    """How the neighbourhoods of the words two models share differ (Gonen et al., ACL 2020).

    Attributes
    ----------
    before, after : int
        Positions of the two models in :attr:`EvaluationReport.models`.
    k : int
        Neighbours per word.
    words : int
        Words compared (shared by both, at most the ``limit`` asked for, in the after model's order).
    overlap : dict
        ``mean``, ``min``, ``q05``, ``q25``, ``median``, ``q75``, ``q95``, ``max`` of the per-word share of
        its k nearest neighbours (among the compared words) that are the same on both sides.
    same_neighbours : int
        Words whose k neighbours are all the same.
    cosine : dict
        drift's figures for the same words: the cosine between each word's two vectors (meaningful only
        when the two models share a space, e.g. a model and the pretrained vectors it started from).
    changed_most : list of (str, float, float)
        Words with the lowest overlap: (word, overlap, cosine).
    """

    before: int
    after: int
    k: int
    words: int
    overlap: Dict[str, float]
    same_neighbours: int
    cosine: Dict[str, float]
    changed_most: List[Tuple[str, float, float]]

    def as_dict(self) -> Dict[str, Any]:
        return {
            "before": self.before, "after": self.after, "k": self.k, "words": self.words,
            "overlap": {k: _round(v) for k, v in self.overlap.items()}, "same_neighbours": self.same_neighbours,
            "cosine": {k: _round(v) for k, v in self.cosine.items()},
            "changed_most": [[w, _round(o), _round(c)] for w, o, c in self.changed_most],
        }


@dataclass
class EvaluationReport:
    """Several models side by side on the same test sets.

    Attributes
    ----------
    models : list of str
        Descriptions of the models, in the order given.
    results : list of SuiteResult
        One per (test set, model).
    neighbours : list of NeighbourChange
        The first model against each other one.
    settings : dict
        How the figures were computed (lower-casing, searched vocabulary, folds, seed, k).
    """

    models: List[str]
    results: List[SuiteResult]
    neighbours: List[NeighbourChange] = field(default_factory=list)
    settings: Dict[str, Any] = field(default_factory=dict)

    def result(self, suite: str, model: int = 0) -> SuiteResult:
        """The result of ``suite`` for the model at position ``model``."""
        for item in self.results:
            if item.suite == suite and item.model == model:
                return item
        raise KeyError("no result for suite %r and model %d" % (suite, model))

    def as_dict(self) -> Dict[str, Any]:
        return {
            "models": [{"model": i, "name": name} for i, name in enumerate(self.models)],
            "settings": dict(self.settings),
            "suites": [r.as_dict() for r in self.results],
            "neighbours": [c.as_dict() for c in self.neighbours],
        }

    def __str__(self) -> str:
        lines = ["models:"]
        lines += ["  [%d] %s" % (i + 1, name) for i, name in enumerate(self.models)]
        for kind, title in (("pairs", _PAIRS_TITLE), ("analogies", _ANALOGIES_TITLE),
                            ("labelled", _LABELLED_TITLE % self.settings.get("folds", 0))):
            rows = [r for r in self.results if r.kind == kind]
            if rows:
                lines += ["", title, *_table(rows, kind)]
        for change in self.neighbours:
            lines += ["", _neighbour_lines(change)]
        return "\n".join(lines)


_PAIRS_TITLE = ("word-pair similarity: Spearman and Pearson on the pairs every model covers (scored); "
                "coverage = this model's share of the test set's pairs")
_ANALOGIES_TITLE = ("analogies (3CosAdd): accuracy on the questions every model covers (scored), answers searched "
                    "among the words every model has")
_LABELLED_TITLE = ("downstream: averaged word vectors -> softmax classifier, %d-fold cross-validated accuracy "
                   "(mean ± sd over folds; majority = always guessing the most frequent label)")


def _fmt(value: Optional[float], digits: int = 3) -> str:
    return "-" if value is None else "%.*f" % (digits, value)


def _table(rows: List[SuiteResult], kind: str) -> List[str]:
    header = ["suite", "model", "covered", "coverage", "scored"]
    if kind == "pairs":
        header += ["spearman", "pearson"]
    elif kind == "analogies":
        header += ["accuracy"]
    else:
        header += ["accuracy", "majority", "tokens covered"]
    body = []
    for r in rows:
        cells = [r.suite, "[%d]" % (r.model + 1), "%s/%s" % (f"{r.covered:,}", f"{r.total:,}"),
                 "%.1f%%" % (100 * r.coverage), f"{r.scored:,}"]
        m = r.metrics
        if kind == "pairs":
            cells += [_fmt(m.get("spearman")), _fmt(m.get("pearson"))]
        elif kind == "analogies":
            cells += [_fmt(m.get("accuracy"))]
        else:
            mean, sd = m.get("accuracy_mean"), m.get("accuracy_sd")
            cells += ["-" if mean is None else "%.3f ± %.3f" % (mean, sd or 0.0), _fmt(m.get("majority")),
                      "%.1f%%" % (100 * (m.get("token_coverage") or 0.0))]
        body.append(cells)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    out = []
    for row in [header, *body]:
        out.append("  " + "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                                    for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
    return out


def _neighbour_lines(change: NeighbourChange) -> str:
    o, c = change.overlap, change.cosine
    lines = ["neighbour change [%d] -> [%d]: overlap of the %d nearest neighbours of %s shared words"
             % (change.before + 1, change.after + 1, change.k, f"{change.words:,}")]
    if not change.words:
        return lines[0] + ": no shared words"
    lines.append("  overlap per word: mean %.3f  min %.2f  5%% %.2f  25%% %.2f  median %.2f  75%% %.2f  max %.2f;"
                 " all %d the same for %s words" % (o["mean"], o["min"], o["q05"], o["q25"], o["median"], o["q75"],
                                                   o["max"], change.k, f"{change.same_neighbours:,}"))
    if c:
        lines.append("  cosine(before, after) per word (drift): median %.3f  5%% %.3f  min %.3f"
                     % (c["median"], c["q05"], c["min"]))
    else:
        lines.append("  cosine(before, after): not comparable (the two models have different vector sizes)")
    if change.changed_most:
        lines.append("  changed most (lowest overlap; cosine beside it):")
        width = max(len(w) for w, _, _ in change.changed_most)
        for word, overlap, cosine in change.changed_most:
            cos = "" if cosine != cosine else "  cosine %.3f" % cosine
            lines.append("    %-*s  overlap %.2f%s" % (width, word, overlap, cos))
    return "\n".join(lines)
