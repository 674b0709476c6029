"""FastText n-grams: hashing, the n-gram matrix and its lock factors (for gensim_transfer.subwords)."""
from __future__ import annotations

from typing import Any, List, Tuple

import numpy as np

from ._locks import _fit_locks, cached_norms
from ._versions import _REAL, GENSIM_4
from ._vocab import is_fasttext, is_keyed_vectors, wv

__all__ = [
    "facebook_ngram_hashes",
    "model_ngram_hashes",
    "ngram_hashing_is_facebook",
    "ngram_lock_arrays_after_merge",
    "ngram_lock_factors",
    "ngram_vectors",
    "recompose_fasttext_vectors",
]

if GENSIM_4:
    from gensim.models.fasttext import ft_ngram_hashes as _ft_ngram_hashes
else:
    # gensim 3.8: the hash functions live in gensim.models.utils_any2vec (Cython: _utils_any2vec), and a
    # model may use the old, non-Facebook hash (compatible_hash=False). Drop when gensim 3.8 support ends.
    from gensim.models.utils_any2vec import ft_ngram_hashes as _ft_ngram_hashes

__all__ += ["facebook_ngram_hashes", "ngram_hashing_is_facebook", "ngram_lock_factors", "ngram_vectors"]


def facebook_ngram_hashes(word: str, min_n: int, max_n: int, bucket: int) -> list:
    """Bucket indices of ``word``'s character n-grams, hashed as Facebook's fastText does.

    gensim's own function for the installed version (one entry per n-gram occurrence, duplicates kept, in
    gensim's order): the n-grams of ``"<" + word + ">"`` of ``min_n`` to ``max_n`` characters, FNV-1a over their
    UTF-8 bytes (each byte sign-extended, as Facebook's ``Dictionary::hash`` does), modulo ``bucket``. Empty
    when ``bucket`` is 0.
    """
    if bucket <= 0:
        return []
    if GENSIM_4:
        return _ft_ngram_hashes(word, min_n, max_n, bucket)
    # Drop when gensim 3.8 support ends.
    return _ft_ngram_hashes(word, min_n, max_n, bucket, True)


def ngram_hashing_is_facebook(model: Any) -> bool:
    """True if the FastText model hashes n-grams as Facebook's fastText does (every 4.x model does).

    gensim 3.8 models built with ``compatible_hash=False`` (or loaded from gensim < 3.7.2 pickles) use the
    old gensim hash, whose buckets mean something else. Drop the 3.8 branch when gensim 3.8 support ends.
    """
    if GENSIM_4:
        return True
    return bool(getattr(wv(model), "compatible_hash", False))


def ngram_vectors(model: Any) -> np.ndarray:
    """A FastText model's n-gram matrix (``wv.vectors_ngrams``), one row per bucket.

    gensim 3.8.3 and every 4.x keep all ``bucket`` rows (the packed ``hash2index`` layout of gensim < 3.8 is
    unpacked when such a model is loaded), so row ``h`` is bucket ``h`` everywhere.
    """
    if not is_fasttext(model):
        raise TypeError("n-gram vectors belong to a FastText model, got %s" % type(model).__name__)
    return wv(model).vectors_ngrams


def ngram_lock_factors(model: Any) -> np.ndarray:
    """A FastText model's per-bucket lock factors: a full-length (``bucket``) float32 array training reads.

    Writing into it changes what training does to each n-gram bucket (0.0 frozen ... 1.0 free), like
    :func:`lock_factors` for words. gensim 4.x keeps a 1-element default on ``wv.vectors_ngrams_lockf``
    (read modulo its length): it is expanded in place first. gensim 3.8 keeps a (bucket, vector_size) matrix
    on ``model.trainables`` whose kernel reads element ``[bucket]`` of the flattened buffer, so the live
    per-bucket locks are its first ``bucket`` elements.
    """
    if not is_fasttext(model) or is_keyed_vectors(model):
        raise TypeError("n-gram lock factors belong to a FastText model, got %s" % type(model).__name__)
    n_buckets = int(ngram_vectors(model).shape[0])
    if GENSIM_4:
        owner = model.wv
        current = getattr(owner, "vectors_ngrams_lockf", None)
        if current is None or current.ndim != 1 or len(current) != n_buckets:
            owner.vectors_ngrams_lockf = _fit_locks(
                np.ones(1, dtype=_REAL) if current is None else current, n_buckets
            )
        return owner.vectors_ngrams_lockf
    # Drop when gensim 3.8 support ends.
    owner = model.trainables
    current = getattr(owner, "vectors_ngrams_lockf", None)
    if current is None or current.size < n_buckets:
        owner.vectors_ngrams_lockf = np.ones(ngram_vectors(model).shape, dtype=_REAL)
    return owner.vectors_ngrams_lockf.reshape(-1)[:n_buckets]


def ngram_lock_arrays_after_merge(model: Any, buckets: np.ndarray, lockf: float) -> List[Tuple[Any, str, np.ndarray]]:
    """The per-bucket lock array a merge installs (``(owner, attribute, new array)``), computed without changing
    the model: every bucket's lock as training reads it now, ``lockf`` at ``buckets`` (see
    :func:`ngram_lock_factors` for where each gensim keeps it)."""
    n_buckets = int(ngram_vectors(model).shape[0])
    if GENSIM_4:
        current = getattr(model.wv, "vectors_ngrams_lockf", None)
        new = np.array(_fit_locks(np.ones(1, dtype=_REAL) if current is None else current, n_buckets), copy=True)
        new[buckets] = lockf
        return [(model.wv, "vectors_ngrams_lockf", new)]
    # gensim 3.8: a (bucket, vector_size) matrix, its flat first n_buckets elements live. Drop with 3.8.
    current = getattr(model.trainables, "vectors_ngrams_lockf", None)
    if current is None or current.size < n_buckets:
        new = np.ones(ngram_vectors(model).shape, dtype=_REAL)
    else:
        new = np.array(current, dtype=_REAL, order="C", copy=True)
    new.reshape(-1)[buckets] = lockf
    return [(model.trainables, "vectors_ngrams_lockf", new)]


def recompose_fasttext_vectors(model: Any) -> None:
    """Recompute a FastText model's composed ``wv.vectors`` from its per-word and n-gram matrices.

    gensim's own ``wv.adjust_vectors()`` (each in-vocabulary word: its own row plus its n-gram rows, summed in
    float32 in n-gram order, divided by their number), which gensim also runs at the end of every ``train()``;
    cached unit-normalised vectors are dropped.
    """
    kv = wv(model)
    if kv.bucket == 0 and not GENSIM_4:
        # gensim 3.8's adjust_vectors returns early without n-grams, leaving stale rows; 4.x aliases the
        # matrices. Drop when gensim 3.8 support ends.
        kv.vectors[:] = kv.vectors_vocab
    else:
        kv.adjust_vectors()
    for owner, name in cached_norms(kv):
        setattr(owner, name, None)


__all__ += ["recompose_fasttext_vectors"]


def model_ngram_hashes(model: Any, word: str, min_n: int, max_n: int, bucket: int) -> list:
    """Bucket indices of ``word``'s n-grams as the FastText ``model`` hashes them (its own hash function).

    Facebook's hash (:func:`facebook_ngram_hashes`) for every 4.x model and for 3.8 models with
    ``compatible_hash=True``; gensim 3.8's old hash otherwise. Drop the 3.8 branch when gensim 3.8 support ends.
    """
    if bucket <= 0:
        return []
    if GENSIM_4 or ngram_hashing_is_facebook(model):
        return facebook_ngram_hashes(word, min_n, max_n, bucket)
    return _ft_ngram_hashes(word, min_n, max_n, bucket, False)


__all__ += ["model_ngram_hashes"]
