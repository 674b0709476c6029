"""What to write into a FastText model's n-gram buckets and per-word vectors when pretrained vectors arrive.

A FastText model answers ``wv[word]`` for a vocabulary word with the mean of the word's own row
(``wv.vectors_vocab``) and its character n-gram rows (``wv.vectors_ngrams``, one row per hash bucket), and
for any other word with the mean of its n-gram rows alone. Copying only per-word vectors leaves the buckets
random: every word outside the vocabulary starts from noise, and a merged word's vector is diluted by random
n-grams as soon as training recomposes it. This module computes, without writing anything, what the commit
writes instead (:class:`SubwordPlan`); :func:`apply_plan` is that write.

The rules
---------
**Copy** (the source is a fastText ``.bin`` and :func:`ngram_layout_agrees`): the model's n-gram matrix
becomes the file's bucket rows (:class:`BucketCopier`, fed by
:func:`gensim_transfer.formats._fasttext_bin.compose_vectors` as its ``ngram_sink``) and each merged word's
own row becomes the file's own row (``compose=False``). The model then composes every merged word exactly as
the file does, and every other word from the file's n-grams.

**Seed** (a word-level source, or a ``.bin`` whose ``min_n``/``max_n``/``bucket``/hashing disagree with the
model): each bucket that some source word's n-grams hash to becomes the mean of those words' vectors,
counted once per n-gram occurrence, over every word streamed into :class:`BucketSeeder` (all words of the
file, not only the merged ones: that is what gives unseen words a meaningful vector); buckets no source
n-gram reaches keep their values. Then each merged word's own row is set so that the model's composed vector
equals the file's vector: ``own = (n + 1) * v - sum(bucket rows of its n n-grams)``, refined against a
float32 replay of gensim's own composition (``adjust_vectors``: own row plus n-gram rows added in float32 in
n-gram order, divided by ``n + 1``) until the composed vector equals ``v`` to float32 rounding.

**Per-word** (no seeder given, or a model without buckets): the buckets are left as they are and the own rows
are set by the same equation against them, so the composed vector is the file's vector until training moves
the buckets.

Lock factors
------------
Merged words get ``lockf`` in the per-word locks, as for Word2Vec. N-gram buckets follow the same rule on
gensim's per-bucket locks (``wv.vectors_ngrams_lockf`` on 4.x, ``trainables.vectors_ngrams_lockf`` on 3.8.3;
:func:`gensim_transfer.compat.ngram_lock_factors`): copied buckets (all of them) and seeded buckets get
``lockf``; every other bucket keeps its lock. With ``lockf=0`` the copied or seeded buckets and the merged
words' own rows stay bit-identical through training, so merged words keep the file's vectors and unseen words
keep the composition the file gave them, while corpus words outside the file still learn (their own rows and
the buckets no source word reached).

Memory
------
Copying and seeding stage one ``bucket x dim`` float32 matrix (2.4 GB for ``cc.en.300.bin``'s 2M x 300),
which :func:`apply_plan` copies into the model's own; seeding adds ``bucket`` int64 counts (16 MB), and sums
each batch of words in float64 (``_SEED_BATCH`` words' n-gram rows at a time). The file's bucket rows are read
straight into the copier's staging matrix (``BucketCopier.destination``), so a copy streams the file once with
no second buffer. The staged matrix is the one unavoidable cost: without it the model would be written before
the source is validated. (The per-bucket lock array, when ``lockf`` is applied, is ``bucket`` float32 on 4.x;
gensim 3.8 already holds a ``bucket x dim`` one.)

Seeding hashes every source word with gensim's own n-gram function (a few microseconds a word), so seeding
from a 2M-word file costs seconds to tens of seconds on top of reading it; a word-level text file must also
have every value parsed, not only the merged words'.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from . import compat

__all__ = [
    "BucketCopier",
    "BucketSeeder",
    "SubwordPlan",
    "apply_plan",
    "ngram_layout_agrees",
    "own_vectors_for",
    "plan_copied",
    "plan_from_words",
]

logger = logging.getLogger(__name__)

_REAL = np.float32
_SEED_BATCH = 1024  # words hashed and summed at a time by BucketSeeder.add (~60 MB of float64 rows at dim 300)


@dataclass
class SubwordPlan:
    """What to write into a FastText model; :func:`apply_plan` writes it.

    Attributes
    ----------
    mode : str
        ``"copied"``, ``"seeded"`` or ``"per-word"`` (see the module docstring).
    word_rows : numpy.ndarray
        int64 vocabulary rows of the merged words.
    word_vectors : numpy.ndarray
        float32 ``(len(word_rows), dim)``: their new own rows (``wv.vectors_vocab``).
    ngram_vectors : numpy.ndarray or None
        float32 ``(bucket, dim)``: the model's whole new n-gram matrix, or None to leave it.
    ngram_lock_rows : numpy.ndarray
        int64 buckets whose lock factor becomes ``lockf``.
    lockf : float
    reason : str or None
        Why the buckets were not copied from a ``.bin`` source (for the report), if they were not.
    seeded_from : int
        Source words streamed into the seeder (0 unless seeded).
    """

    mode: str
    word_rows: np.ndarray
    word_vectors: np.ndarray
    ngram_vectors: Optional[np.ndarray]
    ngram_lock_rows: np.ndarray
    lockf: float
    reason: Optional[str] = None
    seeded_from: int = 0
    _notes: Dict[str, Any] = field(default_factory=dict, repr=False)

    def report(self) -> Dict[str, Any]:
        """Plain JSON-ready facts for the transfer report."""
        return {
            "ngrams": self.mode,
            "ngram_buckets_written": 0 if self.ngram_vectors is None else len(self.ngram_lock_rows),
            "ngram_lockf": self.lockf if len(self.ngram_lock_rows) else None,
            "seeded_from_words": self.seeded_from,
            "reason": self.reason,
        }


def ngram_layout_agrees(model: Any, info: Any) -> Optional[str]:
    """None if a fastText ``.bin``'s n-gram buckets can be copied into ``model`` as they are, else why not.

    They can when the model is a FastText model hashing n-grams as Facebook does, and its ``min_n``,
    ``max_n`` and ``bucket`` equal the file's (``info``: a
    :class:`~gensim_transfer.formats._fasttext_bin.FastTextBinInfo`). The vector size is the caller's check.

    Examples
    --------
    >>> ngram_layout_agrees(model, info)
    'n-gram settings differ: model min_n=3 max_n=6 bucket=2000000, source min_n=5 max_n=5 bucket=2000000'
    """
    if not compat.is_fasttext(model):
        return "the model is a %s, not a FastText model" % type(model).__name__
    if not info.has_ngrams:
        return "the source has no n-grams (bucket=%d, minn=%d, maxn=%d)" % (info.bucket, info.min_n, info.max_n)
    kv = compat.wv(model)
    if kv.bucket == 0 or kv.max_n < kv.min_n:
        return "the model has no n-gram buckets (bucket=%d, min_n=%d, max_n=%d)" % (kv.bucket, kv.min_n, kv.max_n)
    if (kv.min_n, kv.max_n, kv.bucket) != (info.min_n, info.max_n, info.bucket):
        return "n-gram settings differ: model min_n=%d max_n=%d bucket=%d, source min_n=%d max_n=%d bucket=%d" % (
            kv.min_n, kv.max_n, kv.bucket, info.min_n, info.max_n, info.bucket)
    if not compat.ngram_hashing_is_facebook(model):
        return "the model hashes n-grams with gensim's old non-Facebook hash (compatible_hash=False)"
    return None


class BucketCopier:
    """An ``ngram_sink`` for ``compose_vectors`` that stages a ``.bin``'s bucket rows for a FastText model.

    Allocates the model's n-gram matrix shape (``bucket x dim`` float32) on creation: bounded by the model,
    not by the file's header (:func:`ngram_layout_agrees` must hold first).
    """

    def __init__(self, model: Any) -> None:
        self._staged = np.empty(compat.ngram_vectors(model).shape, dtype=_REAL)
        self._filled = 0

    @classmethod
    def of_shape(cls, bucket: int, dim: int) -> BucketCopier:
        """A copier staging ``bucket x dim`` rows without a model (benchmarks, tools)."""
        copier = cls.__new__(cls)
        copier._staged = np.empty((bucket, dim), dtype=_REAL)
        copier._filled = 0
        return copier

    @property
    def destination(self) -> np.ndarray:
        """The staging matrix; ``compose_vectors`` reads the bucket rows straight into it."""
        return self._staged

    def __call__(self, first_bucket: int, rows: np.ndarray) -> None:
        if first_bucket != self._filled or first_bucket + len(rows) > len(self._staged):
            raise ValueError("bucket rows out of order: got %d.., expected %d" % (first_bucket, self._filled))
        target = self._staged[first_bucket:first_bucket + len(rows)]
        if target.ctypes.data != rows.ctypes.data:  # not already read in place into the destination
            target[...] = rows
        self._filled += len(rows)

    def result(self) -> np.ndarray:
        """The staged ``bucket x dim`` matrix (every bucket must have arrived)."""
        if self._filled != len(self._staged):
            raise ValueError("only %d of %d buckets arrived" % (self._filled, len(self._staged)))
        return self._staged


class BucketSeeder:
    """Accumulates word-level vectors into a FastText model's n-gram buckets: each bucket the mean of the
    vectors of the words whose n-grams hash to it (one term per n-gram occurrence).

    Stream every word of the source through :meth:`add` (in any batches), then call :meth:`result`. Hashing is
    the model's own (its ``min_n``, ``max_n``, ``bucket`` and hash function). Memory: one ``bucket x dim``
    float32 matrix (allocated on the first :meth:`add`) and ``bucket`` int64 counts.

    Examples
    --------
    >>> seeder = BucketSeeder(model)
    >>> for words, vectors in batches_of_the_source:
    ...     seeder.add(words, vectors)
    >>> matrix, seeded = seeder.result()
    """

    def __init__(self, model: Any) -> None:
        if not compat.is_fasttext(model):
            raise TypeError("BucketSeeder needs a FastText model, got %s" % type(model).__name__)
        self._model = model
        kv = compat.wv(model)
        self._shape = compat.ngram_vectors(model).shape
        self._min_n, self._max_n, self._bucket = kv.min_n, kv.max_n, kv.bucket
        self._sums: Optional[np.ndarray] = None
        self._counts = np.zeros(self._shape[0], dtype=np.int64)
        self.words_added = 0

    def add(self, words: Sequence[str], vectors: np.ndarray) -> None:
        """Add source words and their vectors (float32 ``(len(words), dim)``)."""
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or vectors.shape[0] != len(words) or vectors.shape[1] != self._shape[1]:
            raise ValueError("need %d vectors of size %d, got shape %s" % (len(words), self._shape[1], vectors.shape))
        if self._shape[0] == 0:
            self.words_added += len(words)
            return
        if self._sums is None:
            self._sums = np.zeros(self._shape, dtype=_REAL)
        for start in range(0, len(words), _SEED_BATCH):
            self._add_batch(words[start:start + _SEED_BATCH], vectors[start:start + _SEED_BATCH])
        self.words_added += len(words)

    def add_records(self, records: Iterable[Tuple[str, np.ndarray]], batch: int = _SEED_BATCH) -> int:
        """Add ``(word, vector)`` records (e.g. :func:`gensim_transfer.formats.iter_vectors`) in batches.

        Returns the number of records added.
        """
        words: List[str] = []
        vectors: List[np.ndarray] = []
        added = 0
        for word, vector in records:
            words.append(word)
            vectors.append(vector)
            if len(words) == batch:
                self.add(words, np.array(vectors, dtype=_REAL))
                added += len(words)
                words, vectors = [], []
        if words:
            self.add(words, np.array(vectors, dtype=_REAL))
            added += len(words)
        return added

    def _add_batch(self, words: Sequence[str], vectors: np.ndarray) -> None:
        hashes = [_model_hashes(self._model, w, self._min_n, self._max_n, self._bucket) for w in words]
        lengths = np.fromiter(map(len, hashes), dtype=np.int64, count=len(hashes))
        if not lengths.sum():
            return
        buckets = np.fromiter((h for hs in hashes for h in hs), dtype=np.int64, count=int(lengths.sum()))
        owner = np.repeat(np.arange(len(words)), lengths)
        order = np.argsort(buckets, kind="stable")
        buckets, owner = buckets[order], owner[order]
        first = np.flatnonzero(np.concatenate(([True], buckets[1:] != buckets[:-1])))
        # Sum each bucket's terms in float64 (one reduceat over the gathered rows), then add to the float32 sums.
        sums = np.add.reduceat(vectors[owner].astype(np.float64), first, axis=0)
        unique = buckets[first]
        self._sums[unique] += sums.astype(_REAL)
        self._counts[unique] += np.diff(np.append(first, len(buckets)))

    def result(self) -> Tuple[np.ndarray, np.ndarray]:
        """The model's new n-gram matrix (seeded buckets: their mean; others: the model's current rows) and the
        seeded bucket indices (int64). Call once: the accumulator becomes the returned matrix."""
        current = compat.ngram_vectors(self._model)
        seeded = np.flatnonzero(self._counts)
        if self._sums is None:
            return np.array(current, dtype=_REAL, copy=True), seeded
        matrix, self._sums = self._sums, None
        # Streaming, in-place passes (no fancy-indexed temporaries of the matrix's size).
        untouched = (self._counts == 0)[:, None]
        np.divide(matrix, self._counts[:, None].astype(_REAL), out=matrix, where=~untouched)
        np.copyto(matrix, current, where=untouched)
        return matrix, seeded


def _model_hashes(model: Any, word: str, min_n: int, max_n: int, bucket: int) -> List[int]:
    return compat.model_ngram_hashes(model, word, min_n, max_n, bucket)


def _hash_table(model: Any, words: Iterable[str]) -> Tuple[np.ndarray, np.ndarray]:
    """(k x max n-grams) int64 bucket table padded with 0, and the n-gram count of each word."""
    kv = compat.wv(model)
    hashes = [_model_hashes(model, w, kv.min_n, kv.max_n, kv.bucket) for w in words]
    lengths = np.fromiter(map(len, hashes), dtype=np.int64, count=len(hashes))
    table = np.zeros((len(hashes), int(lengths.max()) if len(hashes) else 0), dtype=np.int64)
    for i, hs in enumerate(hashes):
        table[i, :len(hs)] = hs
    return table, lengths


def _compose_like_gensim(own: np.ndarray, table: np.ndarray, lengths: np.ndarray, ngrams: np.ndarray) -> np.ndarray:
    """gensim's ``adjust_vectors`` for these rows: own row, plus n-gram rows in order, in float32, / (n + 1)."""
    composed = np.array(own, dtype=_REAL, copy=True)
    for j in range(table.shape[1]):
        live = lengths > j
        composed[live] += ngrams[table[live, j]]
    composed /= (lengths + 1).astype(_REAL)[:, None]
    return composed


def own_vectors_for(model: Any, rows: np.ndarray, targets: np.ndarray, ngrams: np.ndarray) -> np.ndarray:
    """Own rows that make the model's composed vectors of vocabulary ``rows`` equal ``targets``, given ``ngrams``.

    ``own = (n + 1) * target - sum(ngrams[its n-gram buckets])`` in float64, then corrected twice against a
    float32 replay of gensim's composition so that the composed vector equals the target to float32 rounding.
    With no buckets (``bucket == 0``) the own row is the target.
    """
    targets = np.asarray(targets, dtype=_REAL)
    vocabulary = compat.index_to_key(model)
    words = [vocabulary[int(r)] for r in rows]
    if compat.wv(model).bucket == 0 or not len(words):
        return targets.copy()
    table, lengths = _hash_table(model, words)
    sums = np.zeros(targets.shape, dtype=np.float64)
    for j in range(table.shape[1]):
        live = lengths > j
        sums[live] += ngrams[table[live, j]]
    scale = (lengths + 1).astype(np.float64)[:, None]
    own = (scale * targets - sums).astype(_REAL)
    for _ in range(2):
        residual = targets.astype(np.float64) - _compose_like_gensim(own, table, lengths, ngrams)
        if not residual.any():
            break
        own = (own + scale * residual).astype(_REAL)
    return own


def plan_copied(
    model: Any, word_rows: np.ndarray, own_rows: np.ndarray, copier: BucketCopier, lockf: float
) -> SubwordPlan:
    """The plan for a ``.bin`` whose n-gram layout agrees: the file's own rows and all its buckets.

    ``word_rows``/``own_rows`` are what ``compose_vectors(..., compose=False, ngram_sink=copier)`` returned.
    """
    matrix = copier.result()
    return SubwordPlan(
        mode="copied", word_rows=np.asarray(word_rows, dtype=np.int64), word_vectors=np.asarray(own_rows, _REAL),
        ngram_vectors=matrix, ngram_lock_rows=np.arange(len(matrix), dtype=np.int64), lockf=float(lockf),
    )


def plan_from_words(
    model: Any,
    word_rows: np.ndarray,
    vectors: np.ndarray,
    lockf: float,
    *,
    seeder: Optional[BucketSeeder] = None,
    reason: Optional[str] = None,
) -> SubwordPlan:
    """The plan for word-level vectors (a ``.vec``/word2vec/GloVe file, or a ``.bin`` whose layout disagrees).

    With a ``seeder`` (every source word streamed into it) the buckets are seeded; without one they are left
    as they are. Either way each merged word's own row is set so that its composed vector equals ``vectors``.
    """
    word_rows = np.asarray(word_rows, dtype=np.int64)
    if seeder is not None:
        matrix, seeded = seeder.result()
        mode, seeded_from = "seeded", seeder.words_added
    else:
        matrix, seeded = compat.ngram_vectors(model), np.zeros(0, dtype=np.int64)
        mode, seeded_from = "per-word", 0
    own = own_vectors_for(model, word_rows, vectors, matrix)
    return SubwordPlan(
        mode=mode, word_rows=word_rows, word_vectors=own, ngram_vectors=matrix if seeder is not None else None,
        ngram_lock_rows=seeded.astype(np.int64), lockf=float(lockf), reason=reason, seeded_from=seeded_from,
    )


def apply_plan(model: Any, plan: SubwordPlan) -> None:
    """Write a :class:`SubwordPlan` into the model (the commit step; call only after the source validated).

    Writes the n-gram matrix (if any), the merged words' own rows, their lock factors and the planned buckets'
    lock factors, then recomposes ``wv.vectors`` with gensim's own ``adjust_vectors``. Do not call
    anything that copies the own rows into ``wv.vectors``: they are not the composed vectors.
    """
    if plan.ngram_vectors is not None:
        compat.ngram_vectors(model)[...] = plan.ngram_vectors
    compat.word_vectors(model)[plan.word_rows] = plan.word_vectors
    compat.lock_factors(model)[plan.word_rows] = plan.lockf
    if len(plan.ngram_lock_rows):
        compat.ngram_lock_factors(model)[plan.ngram_lock_rows] = plan.lockf
    compat.recompose_fasttext_vectors(model)
    logger.info("subwords: %s", plan.report())
