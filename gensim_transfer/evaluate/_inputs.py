"""The one place where :mod:`gensim_transfer.evaluate` turns what it is given into words and vectors.

Every model, KeyedVectors or file that ``evaluate`` scores goes through :func:`load_vectors`, so that a new
source kind (a zip archive, a gensim-data name, a fastText ``.bin``) is added here once, for every suite.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

from .. import drift
from ..errors import FormatError

__all__ = ["Vectors", "load_vectors"]


@dataclass
class Vectors:
    """Words and their vectors, as evaluated.

    Attributes
    ----------
    words : list of str
        In the source's order (for a gensim model, its vocabulary order; for a file, the file's order).
    vectors : numpy.ndarray
        One row per word (what queries read: ``wv.vectors``; for FastText the composed vectors).
    name : str
        A description for reports (file name, kind, size).
    """

    words: List[str]
    vectors: np.ndarray
    name: str
    _index: Optional[Dict[str, int]] = field(default=None, repr=False, compare=False)
    _unit: Optional[np.ndarray] = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> Dict[str, int]:
        """word -> row (the first row of a word given twice)."""
        if self._index is None:
            index: Dict[str, int] = {}
            for row, word in enumerate(self.words):
                index.setdefault(word, row)
            self._index = index
        return self._index

    @property
    def unit(self) -> np.ndarray:
        """Unit-length rows in float64 (a zero row stays zero): what every score here is computed from."""
        if self._unit is None:
            matrix = np.asarray(self.vectors, dtype=np.float64)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            self._unit = matrix / norms
        return self._unit


def load_vectors(source: Any) -> Vectors:
    """Words and vectors of a gensim model or KeyedVectors in memory, a gensim ``save()`` file, or a vector file.

    Vector files are anything :mod:`gensim_transfer.formats` reads (word2vec binary/text, fastText ``.vec``,
    GloVe; gzip/bzip2), told apart from gensim saves by their first bytes, as ``drift`` does.

    Raises
    ------
    gensim_transfer.errors.FormatError
        The file is malformed, not loadable, or holds no word vectors.

    Examples
    --------
    >>> vectors = load_vectors("GoogleNews-vectors-negative300.bin.gz")
    >>> vectors.vectors.shape
    (3000000, 300)
    """
    if isinstance(source, Vectors):
        return source
    words, matrix, name = drift._side_vectors(source)
    where = os.fsdecode(os.fspath(source)) if isinstance(source, (str, bytes, os.PathLike)) else name
    matrix = np.asarray(matrix)
    if not len(words) or matrix.ndim != 2 or not matrix.shape[1]:
        raise FormatError(where, "holds no word vectors (an empty vocabulary; was the model's vocabulary built?)")
    return Vectors(list(words), matrix, name)
