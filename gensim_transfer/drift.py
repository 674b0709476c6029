"""How far word vectors moved: pretrained vectors before adaptation against the adapted model's.

For every word both sides have, the cosine similarity between its two vectors: 1.0 means the vector kept its
direction (exactly 1.0, and counted as *unchanged*, when the two vectors are bit-identical), lower means it
moved. :class:`DriftReport` holds the distribution of those cosines, the words that moved most, and, for
chosen words, their nearest neighbours before and after (both among the shared words, so that the two
lists are comparable).

:func:`vector_drift` works on two aligned arrays; :func:`compare` on files or models: any vector file
:mod:`gensim_transfer.formats` reads (word2vec binary/text, fastText ``.vec``, GloVe, optionally
compressed) or a model saved with gensim's ``save()`` (Word2Vec, FastText, Doc2Vec or KeyedVectors), told
apart by the file's first bytes (a gensim save is a Python pickle), or an in-memory model or KeyedVectors.
"""
from __future__ import annotations

import bz2
import gzip
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import compat, formats
from .errors import VectorSizeError

__all__ = ["QUANTILES", "DriftReport", "compare", "is_gensim_save", "load_keyed_vectors", "vector_drift"]

#: Quantiles of the per-word cosine reported besides min, max and mean.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

Side = Union[str, "os.PathLike[str]", Any]  # a path, or a gensim model / KeyedVectors


@dataclass
class DriftReport:
    """How far the shared words' vectors moved.

    Attributes
    ----------
    shared : int
        Words both sides have (the words compared).
    unchanged : int
        Shared words whose two vectors are bit-identical.
    cosine : dict
        ``min``, ``q05``, ``q25``, ``median``, ``q75``, ``q95``, ``max``, ``mean`` of the per-word cosine
        similarity between before and after; empty if nothing is shared.
    top_movers : list of (str, float)
        The words with the lowest cosine, lowest first.
    neighbours : dict
        ``{word: {"before": [(neighbour, cosine), ...], "after": [...]}}`` for the probe words.
    missing : list of str
        Probe words that are not shared (no neighbours listed).
    before, after : str
        What was compared (file names or model descriptions).
    before_words, after_words : int or None
        Words on each side (None where not known, e.g. a file read only for the shared words).
    """

    shared: int
    unchanged: int
    cosine: Dict[str, float]
    top_movers: List[Tuple[str, float]]
    neighbours: Dict[str, Dict[str, List[Tuple[str, float]]]] = field(default_factory=dict)
    missing: List[str] = field(default_factory=list)
    before: str = "before"
    after: str = "after"
    before_words: Optional[int] = None
    after_words: Optional[int] = None
    words: List[str] = field(default_factory=list, repr=False, compare=False)
    cosines: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False, compare=False)

    @property
    def moved(self) -> int:
        """Shared words whose vectors are not bit-identical."""
        return self.shared - self.unchanged

    def as_dict(self) -> Dict[str, Any]:
        """JSON-ready values (without the per-word cosines)."""
        return {
            "before": self.before,
            "after": self.after,
            "before_words": self.before_words,
            "after_words": self.after_words,
            "shared": self.shared,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "cosine": {k: round(v, 6) for k, v in self.cosine.items()},
            "top_movers": [[w, round(c, 6)] for w, c in self.top_movers],
            "neighbours": {
                word: {side: [[n, round(c, 6)] for n, c in lists[side]] for side in ("before", "after")}
                for word, lists in self.neighbours.items()
            },
            "missing": list(self.missing),
        }

    def summary(self) -> str:
        """One line: how many words moved and the cosine's median and minimum."""
        if not self.shared:
            return "no shared words to compare"
        c = self.cosine
        return "%s of %s merged vectors moved; cosine(before, after) median %.3f, 5%% %.3f, min %.3f" % (
            f"{self.moved:,}", f"{self.shared:,}", c["median"], c["q05"], c["min"])

    def __str__(self) -> str:
        lines = ["before: %s" % self.before, "after:  %s" % self.after]
        sides = []
        if self.before_words is not None:
            sides.append("%s words before" % f"{self.before_words:,}")
        if self.after_words is not None:
            sides.append("%s after" % f"{self.after_words:,}")
        of = " (of %s)" % ", ".join(sides) if sides else ""
        lines.append("shared words: %s%s" % (f"{self.shared:,}", of))
        if not self.shared:
            return "\n".join(lines)
        c = self.cosine
        lines.append("unchanged (bit-identical vectors): %s of %s" % (f"{self.unchanged:,}",
                                                                      f"{self.shared:,}"))
        lines.append("cosine(before, after) per word: min %.4f  5%% %.4f  25%% %.4f  median %.4f  75%% %.4f  "
                     "95%% %.4f  max %.4f  mean %.4f" % (c["min"], c["q05"], c["q25"], c["median"], c["q75"],
                                                         c["q95"], c["max"], c["mean"]))
        if self.top_movers:
            lines.append("moved most (lowest cosine):")
            width = max(len(w) for w, _ in self.top_movers)
            for word, cos in self.top_movers:
                lines.append("  %-*s  %.4f" % (width, word, cos))
        for word, lists in self.neighbours.items():
            lines.append("nearest neighbours of %r:" % word)
            for side in ("before", "after"):
                lines.append("  %-6s  %s" % (side, ", ".join("%s %.2f" % (n, c) for n, c in lists[side])))
        for word in self.missing:
            lines.append("%r: not in both (no neighbours)" % word)
        return "\n".join(lines)


def _cosines(before: np.ndarray, after: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Per-row cosine (float64) and a mask of bit-identical rows (whose cosine is set to exactly 1.0)."""
    identical = np.all(before == after, axis=1) if before.size else np.ones(len(before), dtype=bool)
    b = before.astype(np.float64)
    a = after.astype(np.float64)
    norms = np.linalg.norm(b, axis=1) * np.linalg.norm(a, axis=1)
    dots = np.einsum("ij,ij->i", b, a)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 0.0)
    cos = np.clip(cos, -1.0, 1.0)
    cos[identical] = 1.0
    return cos, identical


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


def _neighbours(unit: np.ndarray, words: Sequence[str], row: int, topn: int) -> List[Tuple[str, float]]:
    sims = unit @ unit[row]
    sims[row] = -np.inf
    n = min(topn, len(words) - 1)
    if n <= 0:
        return []
    best = np.argpartition(-sims, n - 1)[:n]
    best = best[np.lexsort((best, -sims[best]))]
    return [(words[i], float(sims[i])) for i in best]


def vector_drift(
    words: Sequence[str],
    before: np.ndarray,
    after: np.ndarray,
    *,
    top: int = 10,
    probe: Sequence[str] = (),
    topn: int = 5,
    before_name: str = "before",
    after_name: str = "after",
) -> DriftReport:
    """Compare two aligned vector arrays: row ``i`` of each belongs to ``words[i]``.

    Parameters
    ----------
    words : sequence of str
    before, after : numpy.ndarray
        Shape ``(len(words), vector_size)`` each.
    top : int
        How many of the most-moved words to list.
    probe : sequence of str
        Words whose ``topn`` nearest neighbours (among ``words``, by cosine) to list before and after.
    topn : int
    before_name, after_name : str
        Descriptions for the report.

    Returns
    -------
    DriftReport

    Examples
    --------
    >>> report = vector_drift(["a", "b"], np.eye(2), np.array([[1.0, 0.0], [1.0, 1.0]]))
    >>> report.unchanged, round(report.cosine["min"], 4)
    (1, 0.7071)
    """
    words = list(words)
    before = np.asarray(before)
    after = np.asarray(after)
    if before.shape != after.shape or before.ndim != 2 or before.shape[0] != len(words):
        raise ValueError(
            "need one row per word on both sides: %d words, shapes %s and %s"
            % (len(words), before.shape, after.shape)
        )
    cos, identical = _cosines(before, after)
    stats: Dict[str, float] = {}
    movers: List[Tuple[str, float]] = []
    if len(words):
        quantiles = np.quantile(cos, QUANTILES)
        stats = {"min": float(cos.min())}
        stats.update(zip(("q05", "q25", "median", "q75", "q95"), map(float, quantiles)))
        stats.update({"max": float(cos.max()), "mean": float(cos.mean())})
        order = np.argsort(cos, kind="stable")[:max(0, top)]
        movers = [(words[i], float(cos[i])) for i in order]
    neighbours: Dict[str, Dict[str, List[Tuple[str, float]]]] = {}
    missing: List[str] = []
    if probe:
        index = {w: i for i, w in enumerate(words)}
        units = None
        for word in probe:
            row = index.get(word)
            if row is None:
                missing.append(word)
                continue
            if units is None:
                units = (_unit(before), _unit(after))
            neighbours[word] = {
                "before": _neighbours(units[0], words, row, topn),
                "after": _neighbours(units[1], words, row, topn),
            }
    return DriftReport(
        shared=len(words),
        unchanged=int(identical.sum()),
        cosine=stats,
        top_movers=movers,
        neighbours=neighbours,
        missing=missing,
        before=before_name,
        after=after_name,
        words=words,
        cosines=cos,
    )


# ---------------------------------------------------------------------------------------------------------
# Files and models
# ---------------------------------------------------------------------------------------------------------
def is_gensim_save(path: formats.PathLike) -> bool:
    """True if the file is a gensim ``save()`` (a Python pickle, possibly gzip/bzip2-compressed).

    Vector files never start with a pickle's protocol marker (byte 0x80 then the protocol number 2-5): a
    word2vec file starts with its header digits, a GloVe file with a word.
    """
    path = os.fspath(path)
    with open(path, "rb") as raw:
        magic = raw.read(3)
    if magic[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as stream:
            magic = stream.read(2)
    elif magic == b"BZh":
        with bz2.open(path, "rb") as stream:
            magic = stream.read(2)
    return len(magic) >= 2 and magic[0] == 0x80 and 2 <= magic[1] <= 5


def load_keyed_vectors(path: formats.PathLike) -> Tuple[Any, str]:
    """Load a gensim ``save()`` file and return its word vectors (KeyedVectors) and a description.

    Arrays gensim stored apart are memory-mapped. Unpickling runs code from the file, as gensim's own
    ``load`` does: load only files you trust.

    Raises
    ------
    gensim_transfer.errors.FormatError
        The file cannot be unpickled, or holds something without word vectors.
    """
    from .formats._source import load_gensim_object

    return load_gensim_object(os.fsdecode(os.fspath(path)))


def _side_vectors(side: Side) -> Tuple[List[str], np.ndarray, str]:
    """All words and (query) vectors of a source (see :func:`gensim_transfer.formats.open_source`); later
    duplicates of a word win."""
    with formats.open_source(side) as source:
        info = source.info
        if info.format == "gensim":
            kv = source.kv  # type: ignore[attr-defined]
            description = info.detail or source.name
            return list(compat.index_to_key(kv)), kv.vectors, description
        rows: Dict[str, int] = {}
        vectors: List[np.ndarray] = []
        for word, vector in source.records():
            if word in rows:
                vectors[rows[word]] = vector
            else:
                rows[word] = len(vectors)
                vectors.append(vector)
    matrix = np.vstack(vectors) if vectors else np.zeros((0, info.vector_size), np.float32)
    return list(rows), matrix, _describe_file(source.name, info, len(rows))


def _describe_file(name: str, info: formats.VectorFileInfo, records: Optional[int]) -> str:
    fmt = info.format + ("+" + info.compression if info.compression else "")
    count = "" if records is None else ", %s words" % f"{records:,}"
    return "%s [%s%s, %d dimensions]" % (os.path.basename(name) if info.source_kind == "file" else name, fmt,
                                         count, info.vector_size)


def compare(
    before: Side,
    after: Side,
    *,
    words: Sequence[str] = (),
    top: int = 10,
    topn: int = 5,
    limit: Optional[int] = None,
) -> DriftReport:
    """Compare the vectors of the words two files or models share.

    ``after`` (usually the adapted, domain-sized model) is read whole; ``before`` (usually the big
    pretrained file) is read only for ``after``'s words, streaming, with
    :func:`gensim_transfer.formats.read_vectors`.

    Parameters
    ----------
    before, after : str, path-like, or gensim model / KeyedVectors
        Vector files in any format :mod:`gensim_transfer.formats` reads, or gensim ``save()`` files (told
        apart by their first bytes), or objects in memory.
    words : sequence of str
        Words whose nearest neighbours to list before and after.
    top : int
        How many of the most-moved words to list.
    topn : int
        Neighbours per word.
    limit : int or None
        Read only the first ``limit`` records of a ``before`` vector file.

    Returns
    -------
    DriftReport

    Raises
    ------
    gensim_transfer.errors.VectorSizeError
        The two sides have different vector sizes.
    gensim_transfer.errors.FormatError
        A file is malformed or not loadable.

    Examples
    --------
    >>> report = compare("GoogleNews-vectors-negative300.bin.gz", "adapted.model", words=["virus"])
    >>> print(report.summary())
    """
    after_words, after_vectors, after_name = _side_vectors(after)
    size = after_vectors.shape[1] if after_vectors.ndim == 2 else 0
    with formats.open_source(before) as source:
        name = source.name
        if source.info.vector_size != size:
            raise VectorSizeError(name, "its vectors have %d dimensions, the other side's have %d"
                                  % (source.info.vector_size, size))
        selected = formats.read_vectors(source, after_words, limit=limit)
        before_name = (source.info.detail or name) if source.info.format == "gensim" else _describe_file(
            name, source.info, None)
    found = selected.found
    before_vectors = selected.vectors[found]
    before_count: Optional[int] = selected.records
    shared_words = [w for w, keep in zip(after_words, found) if keep]
    report = vector_drift(
        shared_words, before_vectors, np.asarray(after_vectors)[found], top=top, probe=list(words), topn=topn,
        before_name=before_name, after_name=after_name,
    )
    report.before_words = before_count
    report.after_words = len(after_words)
    return report
