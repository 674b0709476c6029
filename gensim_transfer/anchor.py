"""Soft anchoring: keep merged words near their pretrained vectors while training, between frozen and free.

``lockf=0`` freezes a merged word at its pretrained vector r; ``lockf=1`` lets training move it anywhere.
Soft anchoring sits between them, as in Mittens (Dingwall & Potts 2018) and Yang, Lu & Zheng (2017): training
adds an L2 penalty ``anchor/2 * ||w - r||^2`` per merged word, applied as its proximal step after every
training epoch::

    w  <-  r + (w - r) / (1 + anchor)

so each epoch keeps ``1 / (1 + anchor)`` of the distance the epoch moved a word away from r (and of the
distance left from earlier epochs). The scale does not depend on the corpus size, the learning rate or the
number of epochs' words; the pull is per epoch:

==========  ================================================================================
``anchor``  what it does each epoch
==========  ================================================================================
0           nothing: plain training, bit for bit (lockf alone decides)
0.1         gentle: keeps 91 % of the distance from r
1           strong: halves the distance from r
10          nearly frozen: keeps 9 % of the distance from r
large       approaches lockf=0 (keeps ``1/(1+anchor)``; the limit is r itself)
==========  ================================================================================

Why per epoch: gensim 4.x calls no per-batch callback (``on_batch_begin``/``on_batch_end`` are gone from its
training loop), and gensim 3.8 calls them inside the worker threads while other workers are still writing
the same rows. ``on_epoch_end`` is called by the main thread after every worker has finished the epoch, on
every gensim line, so the step is safe with any number of workers and means the same everywhere.

Memory: the callback keeps a float32 copy of r for the merged words only (``merged x vector_size x 4``
bytes, e.g. 240 MB for 200,000 merged 300-dimensional words), and their row numbers.

Composes with lock factors: a word whose lock factor is 0 is never touched (it stays bit-identical), and
words that were not merged are never pulled. For FastText the pull acts on the per-word vectors
(``wv.vectors_vocab``), the part the merge wrote; gensim composes the query vectors after training.
"""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence

import numpy as np
from gensim.models.callbacks import CallbackAny2Vec

from . import compat

__all__ = ["SoftAnchor", "check_anchor", "pull_toward"]


def check_anchor(anchor: Any) -> float:
    """``anchor`` as a float, or a ``TypeError``/``ValueError`` saying what it must be (a number >= 0)."""
    if isinstance(anchor, bool):
        raise TypeError("anchor must be a number >= 0 (0 plain training, 1 strong, 10 nearly frozen), got %r"
                        % (anchor,))
    try:
        value = float(anchor)
    except (TypeError, ValueError):
        raise TypeError("anchor must be a number >= 0 (0 plain training, 1 strong, 10 nearly frozen), got %r"
                        % (anchor,)) from None
    if not math.isfinite(value) or value < 0:
        raise ValueError("anchor must be a finite number >= 0 (0 plain training, 1 strong, 10 nearly frozen), "
                         "got %r" % (anchor,))
    return value


def pull_toward(vectors: np.ndarray, rows: np.ndarray, reference: np.ndarray, anchor: float) -> None:
    """One proximal step in place: ``vectors[rows] = reference + (vectors[rows] - reference) / (1 + anchor)``.

    Parameters
    ----------
    vectors : numpy.ndarray
        The trainable matrix (float32), changed in place.
    rows : numpy.ndarray of int
        Rows to pull, one per row of ``reference``.
    reference : numpy.ndarray
        The vectors to pull toward, shape ``(len(rows), vectors.shape[1])``.
    anchor : float
        Strength, >= 0 (0 does nothing).

    Examples
    --------
    >>> v = np.array([[3.0, 0.0]], dtype=np.float32)
    >>> pull_toward(v, np.array([0]), np.zeros((1, 2), np.float32), 1.0)
    >>> v
    array([[1.5, 0. ]], dtype=float32)
    """
    if anchor == 0 or not len(rows):
        return
    current = vectors[rows]
    keep = np.float32(1.0 / (1.0 + anchor))
    vectors[rows] = reference + (current - reference) * keep


class SoftAnchor(CallbackAny2Vec):
    """A gensim training callback that pulls merged words toward their pretrained vectors after every epoch.

    Create it after the merge and before ``train()``: it copies the words' current vectors as the anchors r.
    The callback keeps no reference to the model (gensim 3.8 stores the callbacks it ran with on the model,
    and they are pickled with it).

    Parameters
    ----------
    model : Word2Vec, FastText or Doc2Vec
        The model, with the pretrained vectors already merged (e.g. by :func:`gensim_transfer.transfer_init`).
    words : sequence of str
        The words to anchor, usually ``report.matched_words()``; each must be in the vocabulary.
    anchor : float
        Strength >= 0 (see the module docstring): 0 plain training, 0.1 gentle, 1 strong, 10 nearly frozen.

    Attributes
    ----------
    rows : numpy.ndarray
        Vocabulary rows of the anchored words.
    reference : numpy.ndarray
        Their pretrained vectors r (float32 copy).
    epochs_pulled : int
        How many proximal steps were applied.

    Examples
    --------
    >>> report = transfer_init(model, "vectors.bin", lockf=1.0)
    >>> model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs,
    ...             callbacks=[SoftAnchor(model, report.matched_words(), anchor=1.0)])
    """

    def __init__(self, model: Any, words: Sequence[str], anchor: float = 1.0) -> None:
        self.anchor = check_anchor(anchor)
        index = compat.key_to_index(model)
        missing = [w for w in words if w not in index]
        if missing:
            raise KeyError("not in the model's vocabulary: %s" % ", ".join(map(repr, missing[:5])))
        rows = np.fromiter((index[w] for w in words), dtype=np.int64, count=len(words))
        self.rows = rows
        self.reference = compat.word_vectors(model)[rows].copy()
        self.epochs_pulled = 0

    @property
    def nbytes(self) -> int:
        """Memory the anchors take (the copy of r and the row numbers)."""
        return int(self.reference.nbytes + self.rows.nbytes)

    def _pulled_rows(self, model: Any) -> Optional[np.ndarray]:
        """Positions (into ``rows``) of the anchored words that may move: lock factor not 0."""
        locks = compat.lock_factors(model)
        movable = locks[self.rows] != 0
        return None if movable.all() else np.flatnonzero(movable)

    def on_epoch_end(self, model: Any) -> None:
        if self.anchor == 0 or not len(self.rows):
            return
        keep = self._pulled_rows(model)
        rows, reference = (self.rows, self.reference) if keep is None else (self.rows[keep], self.reference[keep])
        pull_toward(compat.word_vectors(model), rows, reference, self.anchor)
        # Similarity queries must not see stale norms. (FastText: gensim recomposes wv.vectors from the per-word
        # and n-gram rows at the end of train(); during training it reads those rows, not wv.vectors.)
        for owner, name in compat.cached_norms(model):
            setattr(owner, name, None)
        self.epochs_pulled += 1
