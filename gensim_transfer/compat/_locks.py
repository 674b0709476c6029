"""Lock factors: the per-word (and per-document) arrays gensim's training kernels really read."""
from __future__ import annotations

import sys
import warnings
from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
from gensim.models import Doc2Vec

from ..errors import LockFactorWarning
from ._versions import _REAL, GENSIM_4
from ._vocab import KeyedVectorsLike, index_to_key, is_fasttext, is_keyed_vectors, key_to_index, word_vectors, wv

__all__ = [
    "cached_norms",
    "caller_stacklevel",
    "composed_vectors",
    "doc_lock_factors",
    "lock_array_repairs",
    "lock_arrays_after_merge",
    "lock_factors",
    "lock_factors_fit",
    "locks_all_default",
    "repair_lock_arrays",
    "set_lock_factors",
    "warn_lock_array_repairs",
]

def _vocab_len(model: Any) -> int:
    return len(index_to_key(model))


def _fit_locks(locks: np.ndarray, n_words: int) -> np.ndarray:
    """A fresh full-length float32 lock array from whatever gensim kept.

    A 1-element array is gensim 4's "same lock for every word" default. A shorter array is what gensim 4.x
    leaves after ``build_vocab(update=True)``: its entries belong to the words that existed, and the new
    words get 1.0 (trainable), which is what a freshly added word means.
    """
    locks = np.asarray(locks, dtype=_REAL).reshape(-1)
    if len(locks) == n_words:
        return np.ascontiguousarray(locks)
    if len(locks) == 1:
        return np.full(n_words, locks[0], dtype=_REAL)
    if len(locks) < n_words:
        return np.concatenate([locks, np.ones(n_words - len(locks), dtype=_REAL)])
    return np.ascontiguousarray(locks[:n_words])


def _lock_owner(model: Any) -> tuple:
    """(object, attribute name) where the installed gensim keeps the per-word locks the kernel reads."""
    if is_keyed_vectors(model):
        raise TypeError("lock factors belong to a trainable model, not to KeyedVectors")
    if GENSIM_4:
        # gensim 4.x: on the KeyedVectors, read modulo its length by the Cython kernels.
        return model.wv, ("vectors_vocab_lockf" if is_fasttext(model) else "vectors_lockf")
    # gensim 3.8: on model.trainables, full length. Drop when gensim 3.8 support ends.
    return model.trainables, ("vectors_vocab_lockf" if is_fasttext(model) else "vectors_lockf")


def _lock_arrays(model: Any) -> List[Tuple[Any, str, str, Optional[int]]]:
    """Every lock array the installed gensim's training kernels read for ``model``.

    Each as (owner, attribute, label for messages, length the kernel needs or None). gensim 4.x reads element
    ``index % len(array)`` (any length works); gensim 3.8 reads element ``index`` of the flat buffer with no
    bounds check, so its arrays must hold at least one element per row they lock.
    """
    owner, name = _lock_owner(model)
    if GENSIM_4:
        kv = model.wv
        arrays = [(kv, name, "wv." + name, None)]
        if is_fasttext(model):
            arrays.append((kv, "vectors_ngrams_lockf", "wv.vectors_ngrams_lockf", None))
        if isinstance(model, Doc2Vec):
            arrays.append((model.dv, "vectors_lockf", "dv.vectors_lockf", None))
        return arrays
    # gensim 3.8: all on model.trainables. Drop when gensim 3.8 support ends. The length of the word locks is
    # lock_factors_fit's and lock_factors's to check and fix (the guard warns about it in its own words).
    arrays = [(owner, name, "trainables." + name, None)]
    if is_fasttext(model):
        ngrams = getattr(model.wv, "vectors_ngrams", None)
        arrays.append((owner, "vectors_ngrams_lockf", "trainables.vectors_ngrams_lockf",
                       None if ngrams is None else len(ngrams)))
    if isinstance(model, Doc2Vec):
        docs = getattr(model.docvecs, "vectors_docs", None)
        arrays.append((owner, "vectors_docs_lockf", "trainables.vectors_docs_lockf",
                       None if docs is None else len(docs)))
    return arrays


def _repaired(array: Any, needed: Optional[int]) -> Tuple[Optional[np.ndarray], List[str]]:
    """(a float32 array the kernels read correctly, what was wrong) or (None, []) if ``array`` is fine."""
    problems = []
    if not isinstance(array, np.ndarray):
        problems.append("a %s, not a numpy array" % type(array).__name__)
    values = np.asarray(array)
    if values.dtype != _REAL:  # also catches a byte-swapped float32 ('>f4')
        dtype = values.dtype.name if values.dtype.isnative else values.dtype.str
        problems.append("dtype %s, which gensim reads as raw float32 memory" % dtype)
    if values.ndim != 1 and (GENSIM_4 or values.ndim == 0):
        # gensim 4.x takes len() of the array but reads its flat buffer; 3.8 keeps its own 2-D FastText
        # layout, read flat too. Drop the 3.8 exemption when gensim 3.8 support ends.
        problems.append("shape %s, not one lock per row" % (values.shape,))
    if not (values.flags.c_contiguous and values.flags.aligned):
        problems.append("not contiguous in memory, read by gensim as if it were")
    if needed is not None and values.size < needed:
        problems.append("%d entries for %d rows, read past its end by gensim" % (values.size, needed))
    if not problems:
        return None, []
    fixed = np.ascontiguousarray(values, dtype=_REAL)
    if fixed.ndim == 0 or (GENSIM_4 and fixed.ndim != 1):
        fixed = fixed.reshape(-1)
    if needed is not None and fixed.size < needed:
        # gensim 3.8 only. New rows get 1.0 (gensim's own value for a new row), or the value of a 1-element
        # array, which meant one lock for every row. Rows, not elements, to keep 3.8 FastText's 2-D layout
        # that its vocabulary update pads by rows.
        fill = fixed.flat[0] if fixed.size == 1 else 1.0
        fixed = np.concatenate([fixed, np.full((needed - len(fixed), *fixed.shape[1:]), fill, dtype=_REAL)])
    return fixed, problems


def repair_lock_arrays(model: Any) -> List[str]:
    """Make every lock array of ``model`` what gensim's training kernels really read; say what was fixed.

    gensim's Cython kernels take the raw memory of each lock array as float32, one element per row, with no
    check. A float64 array (``np.ones(n)``, the lock-array expansion that circulates for gensim 4) is read as
    pairs of float32 halves: a lock of 1.0 reads as 0.0 for every even row (the word never moves) and 1.875 for
    every odd one. A non-contiguous view or a 2-D array is read in the wrong order too, and on gensim 3.8 a
    short array is read past its end. Each such array is replaced by a float32, contiguous, one-dimensional
    copy with the same values (a short gensim 3.8 array is padded with 1.0, the value gensim gives a new
    row). Covers the word locks, FastText's n-gram locks and Doc2Vec's document locks. Each repair is
    reported with a :class:`~gensim_transfer.errors.LockFactorWarning` too, pointing at the caller's line.

    Parameters
    ----------
    model : Word2Vec, FastText or Doc2Vec

    Returns
    -------
    list of str
        One line per array repaired (empty if all were right).

    Examples
    --------
    >>> model.wv.vectors_lockf = np.ones(len(model.wv))    # float64: half the words would never train
    >>> repair_lock_arrays(model)
    ['wv.vectors_lockf: dtype float64, which gensim reads as raw float32 memory']
    """
    repairs, fixes = lock_array_repairs(model)
    for owner, name, fixed in repairs:
        setattr(owner, name, fixed)
    if fixes:
        warn_lock_array_repairs(model, fixes)
    return fixes


def lock_array_repairs(model: Any) -> Tuple[List[Tuple[Any, str, np.ndarray]], List[str]]:
    """What :func:`repair_lock_arrays` would do, without doing it: ``([(owner, attribute, fixed array)], [what
    was wrong, one line per array])`` (for a merge that must change the model all at once or not at all)."""
    repairs, fixes = [], []
    for owner, name, label, needed in _lock_arrays(model):
        current = getattr(owner, name, None)
        if current is None:
            continue
        fixed, problems = _repaired(current, needed)
        if fixed is not None:
            repairs.append((owner, name, fixed))
            fixes.append("%s: %s" % (label, "; ".join(problems)))
    return repairs, fixes


def warn_lock_array_repairs(model: Any, fixes: List[str]) -> None:
    """The :class:`~gensim_transfer.errors.LockFactorWarning` of :func:`repair_lock_arrays`."""
    warnings.warn(
        "%s's lock factors were not laid out the way gensim's training code reads them; repaired, values "
        "kept: %s" % (type(model).__name__, " | ".join(fixes)),
        LockFactorWarning,
        stacklevel=caller_stacklevel(),
    )


_OWN_PACKAGES = frozenset({"gensim_transfer", "gensim"})


def caller_stacklevel() -> int:
    """The ``stacklevel`` for ``warnings.warn`` that names the first caller outside gensim-transfer and gensim.

    Counted from the function that calls ``warnings.warn`` (stack level 1), so that a warning raised
    deep inside ``transfer_init`` or a wrapped ``train`` points at the user's line.
    """
    frame = sys._getframe(2)  # the caller of the function that asked
    level = 2
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.split(".", 1)[0] not in _OWN_PACKAGES:
            return level
        frame = frame.f_back
        level += 1
    return 2


def lock_factors(model: Any) -> np.ndarray:
    """The model's per-word lock factors: a full-length float32 array the training code really reads.

    Writing into the returned array changes what training does (0.0 freezes a word's vector, 1.0 lets it
    train fully). On gensim 4.x the 1-element default (or an array left short by a vocabulary update) is
    expanded in place first; on gensim 3.8 the array lives in ``model.trainables``. Lock arrays that gensim
    would misread (wrong dtype, shape or memory layout, see :func:`repair_lock_arrays`) are repaired first,
    values kept, with a :class:`~gensim_transfer.errors.LockFactorWarning` saying what was fixed.

    Examples
    --------
    >>> locks = lock_factors(model)
    >>> locks[key_to_index(model)["king"]] = 0.0   # freeze one word
    """
    owner, name = _lock_owner(model)
    repair_lock_arrays(model)
    n_words = _vocab_len(model)
    locks = _locks_as_kernels_read(model, owner, name, n_words)
    if locks is not getattr(owner, name, None):
        setattr(owner, name, locks)
    if not GENSIM_4 and is_fasttext(model):
        return locks.reshape(-1)[:n_words]  # the live per-word locks (see _locks_as_kernels_read)
    if GENSIM_4 and isinstance(model, Doc2Vec):
        _widen_doctag_locks(model, n_words)
    return locks


def _locks_as_kernels_read(model: Any, owner: Any, name: str, n_words: int) -> np.ndarray:
    """Every word's lock as the installed gensim's training kernels read it: the array gensim holds where it
    already gives each word its own, else a new one fitted from it (gensim 4's 1-element default expanded, an
    array left short by a vocabulary update given 1.0 for the new words, values kept)."""
    current = getattr(owner, name, None)
    if not GENSIM_4 and is_fasttext(model):
        # gensim 3.8 FastText keeps a (vocab, vector_size) lock matrix, but its kernel reads element
        # [word_index] of the flattened buffer, so the live per-word locks are the first n_words elements.
        # Drop when gensim 3.8 support ends.
        if current is None or current.size < n_words:
            return np.ones(word_vectors(model).shape, dtype=_REAL)
        return current
    if current is None:
        return np.ones(n_words, dtype=_REAL)
    if current.ndim == 1 and len(current) == n_words:
        return current
    return _fit_locks(current, n_words)


def _widen_doctag_locks(model: Any, n_words: int) -> None:
    """Make gensim 4.x's PV-DM kernel read each word's own lock (see :func:`_widened_doctag_locks`)."""
    widened = _widened_doctag_locks(model, n_words)
    if widened is not None:
        model.dv.vectors_lockf = widened


def _widened_doctag_locks(model: Any, n_words: int) -> Optional[np.ndarray]:
    """The doc-tag lock array gensim 4.x's PV-DM kernel needs, or None if the current one does.

    gensim 4.0-4.4 ``train_document_dm`` reads a word's lock as ``words_lockf[index % len(dv.vectors_lockf)]``
    (the doc-tag lock length, a typo upstream), so with the 1-element doc-tag default every word reads word 0's
    lock. Padding the doc-tag locks with 1.0 to at least the vocabulary length makes the modulo a no-op for
    words and leaves every document's own lock as it was. Drop when gensim fixes doc2vec_inner.pyx.
    """
    n_docs = len(model.dv)
    doc_locks = _fit_locks(getattr(model.dv, "vectors_lockf", np.ones(1, dtype=_REAL)), max(n_docs, 1))
    width = max(n_docs, n_words, 1)
    if len(doc_locks) < width:
        doc_locks = np.concatenate([doc_locks, np.ones(width - len(doc_locks), dtype=_REAL)])
    current = getattr(model.dv, "vectors_lockf", None)
    if current is not None and len(current) == width:
        return None
    return doc_locks


def lock_arrays_after_merge(model: Any, rows: np.ndarray, lockf: float) -> List[Tuple[Any, str, np.ndarray]]:
    """The lock arrays a merge installs, computed without changing the model: ``(owner, attribute, array)``.

    Each array is new: every word's lock as the installed gensim's kernels read it now (gensim 4's 1-element
    default expanded, a short array after a vocabulary update fitted, other dtypes made float32, values
    kept), with ``lockf`` at ``rows``. Installing them is a reference swap per attribute, which
    :class:`gensim_transfer._atomic.ModelWrite` can undo exactly.
    """
    owner, name = _lock_owner(model)
    n_words = _vocab_len(model)
    new = np.array(_locks_as_kernels_read(model, owner, name, n_words), dtype=_REAL, order="C", copy=True)
    new.reshape(-1)[rows] = lockf  # gensim 3.8 FastText: the flat first n_words elements (see lock_factors)
    out: List[Tuple[Any, str, np.ndarray]] = [(owner, name, new)]
    if GENSIM_4 and isinstance(model, Doc2Vec):
        widened = _widened_doctag_locks(model, n_words)
        if widened is not None:
            out.append((model.dv, "vectors_lockf", widened))
    return out


def composed_vectors(model: Any) -> Optional[np.ndarray]:
    """FastText's composed query matrix (``wv.vectors``) where it is separate from :func:`word_vectors`, else
    None: after a merge its rows for the merged words are set to the merged per-word vectors, so that
    ``model.wv[word]`` reads the file's vector until training recomposes it."""
    kv = wv(model)
    trainable = word_vectors(model)
    if kv.vectors is trainable or np.shares_memory(kv.vectors, trainable):
        return None
    return kv.vectors


def cached_norms(obj: KeyedVectorsLike) -> List[Tuple[Any, str]]:
    """``(owner, attribute)`` of the cached unit-length vectors (or norms) that a change of vectors makes stale
    (set them to None), where they are cached now."""
    kv = wv(obj)
    # gensim 4.x caches norms; 3.8 the normalised matrix. Drop the 3.8 name when gensim 3.8 support ends.
    name = "norms" if GENSIM_4 else "vectors_norm"
    return [(kv, name)] if getattr(kv, name, None) is not None else []


def doc_lock_factors(model: Any) -> np.ndarray:
    """A Doc2Vec model's per-document lock factors: a live float32 array of one lock per document tag.

    Writing into it changes what training does to that document's vector, as gensim 3.8's
    ``trainables.vectors_docs_lockf`` did.
    """
    n_docs = len(model.dv) if GENSIM_4 else len(model.docvecs.vectors_docs)
    if not GENSIM_4:
        return model.trainables.vectors_docs_lockf  # full length there. Drop when gensim 3.8 support ends.
    # gensim 4.x keeps them on model.dv (a 1-element default); widen with the same rule as the word locks.
    lock_factors(model)
    if len(model.dv.vectors_lockf) < n_docs:
        model.dv.vectors_lockf = _fit_locks(model.dv.vectors_lockf, n_docs)
    return model.dv.vectors_lockf[:n_docs]


def lock_factors_fit(model: Any) -> bool:
    """True if the lock array gensim holds gives every word its own lock as the training kernel reads it.

    False when gensim 4.x kept a lock array shorter than the vocabulary after ``build_vocab(update=True)``
    while some lock is not 1.0: its kernel indexes the array modulo its length, so new words would borrow
    other words' locks. :func:`lock_factors` repairs that (old words keep theirs, new words get 1.0).
    gensim 3.8 holds a full-length array (it resets it to 1.0 on vocabulary updates instead); one made short
    by hand is False whatever its values, as 3.8's kernel would read past its end.
    """
    owner, name = _lock_owner(model)
    raw = getattr(owner, name, None)
    if raw is None:
        return True
    raw = np.asarray(raw).reshape(-1)
    n_words = _vocab_len(model)
    if not GENSIM_4:
        # gensim 3.8 reads element [index] with no bounds check: short is wrong whatever the values.
        # Drop when gensim 3.8 support ends.
        return len(raw) >= n_words
    if len(raw) == 1 or np.all(raw == 1.0):
        return True  # one lock for every word (gensim 4's default form), or nothing locked
    return len(raw) >= n_words


def locks_all_default(model: Any) -> bool:
    """True if every word's lock factor is 1.0 (nothing frozen or damped), read without changing the model."""
    owner, name = _lock_owner(model)
    raw = getattr(owner, name, None)
    return raw is None or bool(np.all(np.asarray(raw) == 1.0))


def set_lock_factors(model: Any, values: Union[float, np.ndarray, Sequence[float], Mapping[str, float]]) -> None:
    """Set per-word lock factors: a scalar for every word, a full-length array, or a mapping word -> lock.

    Words not named in a mapping keep their lock. Unknown words in a mapping raise ``KeyError`` before
    anything changes.
    """
    locks = lock_factors(model)
    if isinstance(values, Mapping):
        index = key_to_index(model)
        missing = [w for w in values if w not in index]
        if missing:
            raise KeyError("not in the model's vocabulary: %s" % ", ".join(map(repr, missing[:5])))
        rows = np.fromiter((index[w] for w in values), dtype=np.int64, count=len(values))
        locks[rows] = np.fromiter(values.values(), dtype=_REAL, count=len(values))
        return
    array = np.asarray(values, dtype=_REAL)
    if array.ndim == 0:
        locks[:] = array
        return
    if array.shape != locks.shape:
        raise ValueError("need one lock per word: model has %d words, got shape %s" % (len(locks), array.shape))
    locks[:] = array
