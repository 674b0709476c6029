"""Which gensim is installed, and how to do each thing on it.

This is the only module of gensim-transfer that reads ``gensim.__version__`` or touches gensim attributes
whose name or meaning changed between gensim 3.8.3 and 4.x. Every other module calls the behaviour-named
functions below and never branches on versions itself.

Each version branch says which gensim it serves and when it can be deleted. Supported: gensim 3.8.3 and every
4.x release up to 4.4 (numpy 1 and 2).
"""
from __future__ import annotations

import collections.abc
import logging
import sys
import warnings
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

with warnings.catch_warnings():
    # gensim 4.0.x warns on import when the optional python-Levenshtein package is missing, on every run of
    # every program that imports us. Drop when gensim 4.0 support ends.
    warnings.filterwarnings("ignore", message=r"The gensim\.similarities\.levenshtein submodule is disabled")
    import gensim
from gensim.models import Doc2Vec, FastText
from packaging.version import Version

from .errors import LockFactorWarning, TransferError

__all__ = [
    "GENSIM_4",
    "GENSIM_VERSION",
    "NATIVE_BINARY_INTERSECT_WORKS",
    "NUMPY_2",
    "NUMPY_VERSION",
    "RENAMED_CORPUS_KWARGS",
    "RENAMED_MODEL_KWARGS",
    "active_paths",
    "build_vocab_adjusted",
    "cached_norms",
    "caller_stacklevel",
    "checked_vocabulary",
    "composed_vectors",
    "corpus_kwargs",
    "index_to_key",
    "is_fasttext",
    "is_keyed_vectors",
    "key_to_index",
    "keyed_vectors_from",
    "lock_array_repairs",
    "lock_arrays_after_merge",
    "lock_factors",
    "lock_factors_fit",
    "locks_all_default",
    "model_kwargs",
    "native_intersect_word2vec_format",
    "ngram_lock_arrays_after_merge",
    "normed_vectors",
    "repair_lock_arrays",
    "set_lock_factors",
    "set_word_count",
    "trains_word_vectors",
    "vector_size",
    "warn_lock_array_repairs",
    "word_count",
    "word_vectors",
    "wv",
]

logger = logging.getLogger(__name__)

GENSIM_VERSION = Version(gensim.__version__)
NUMPY_VERSION = Version(np.__version__)

if GENSIM_VERSION < Version("3.8.3") or GENSIM_VERSION >= Version("5"):
    raise ImportError(
        "gensim-transfer supports gensim >= 3.8.3 and < 5; found gensim %s. "
        "Install a supported release, e.g. `pip install 'gensim>=3.8.3,<5'`." % gensim.__version__
    )

#: True on gensim 4.x, False on gensim 3.8.x.
GENSIM_4 = GENSIM_VERSION >= Version("4.0.0")
#: True with numpy 2, whose ``np.fromstring`` no longer has a binary mode.
NUMPY_2 = NUMPY_VERSION >= Version("2.0.0")
#: gensim's own ``intersect_word2vec_format(binary=True)`` decodes with ``np.fromstring``, removed in numpy 2.
#: True where that call works (every gensim paired with numpy 1).
NATIVE_BINARY_INTERSECT_WORKS = not NUMPY_2

_REAL = np.float32

#: Constructor keywords renamed by gensim 4.0, as (gensim 3.x spelling, gensim 4.x spelling), for
#: Word2Vec, FastText and Doc2Vec. Found by diffing the constructor signatures of 3.8.3 and 4.0-4.4.
RENAMED_MODEL_KWARGS = (
    ("size", "vector_size"),
    ("iter", "epochs"),
    ("docvecs", "dv"),
    ("docvecs_mapfile", "dv_mapfile"),
)
#: Corpus keywords of ``build_vocab()`` and ``train()`` renamed by gensim 4.0 (Word2Vec and FastText said
#: ``sentences``, Doc2Vec said ``documents``; 4.x says ``corpus_iterable`` for all three). The constructors
#: kept their 3.x corpus keyword.
RENAMED_CORPUS_KWARGS = (
    ("sentences", "corpus_iterable"),
    ("documents", "corpus_iterable"),
)

# Keywords that exist on one major only. Each maps to the single value the other major behaves like, so
# passing that value is harmless and anything else is an error rather than a silent change of behaviour.
if GENSIM_4:
    # gensim 4.x always uses Facebook-compatible n-gram hashing (3.8's compatible_hash=True).
    # Drop when gensim 3.8 support ends.
    _ONE_MAJOR_ONLY = {"compatible_hash": True}
else:
    # gensim 3.8 always shrinks windows (4.1's shrink_windows=True); 4.x-only keyword `comment` is metadata.
    # Drop when gensim 3.8 support ends.
    _ONE_MAJOR_ONLY = {"shrink_windows": True}


def _translate(
    kwargs: Dict[str, Any], renames: Sequence[tuple], what: str, model_class: Optional[type] = None
) -> Dict[str, Any]:
    """Rename keywords in ``kwargs`` to the installed gensim's spelling; both spellings must agree."""
    out = dict(kwargs)
    for old, new in renames:
        wanted = new if _wants_new_spelling(new, model_class) else old
        unwanted = old if wanted == new else new
        if unwanted not in out:
            continue
        value = out.pop(unwanted)
        if wanted in out and not _same_value(out[wanted], value):
            raise TypeError(
                "%s got both %s=%r and %s=%r; they are two spellings of one setting, give only one"
                % (what, old, kwargs.get(old), new, kwargs.get(new))
            )
        out[wanted] = value
    return out


def _wants_new_spelling(new: str, model_class: Optional[type]) -> bool:
    if GENSIM_4:
        return True
    # gensim 3.8's Doc2Vec already spelled vector_size/epochs (it warns on size/iter) but still docvecs.
    # Drop when gensim 3.8 support ends.
    return model_class is not None and issubclass(model_class, Doc2Vec) and new in ("vector_size", "epochs")


def _same_value(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # e.g. comparing numpy arrays or iterators
        return False


def model_kwargs(model_class: Optional[type] = None, /, **kwargs: Any) -> Dict[str, Any]:
    """Return constructor keywords spelled the way the installed gensim wants them.

    Accepts either spelling of every keyword gensim 4.0 renamed (``size``/``vector_size``,
    ``iter``/``epochs``, ``docvecs``/``dv``, ``docvecs_mapfile``/``dv_mapfile``) for Word2Vec, FastText and
    Doc2Vec; other keywords pass through untouched.

    Parameters
    ----------
    model_class : type, optional (positional only)
        The model class the keywords are for. Needed only for Doc2Vec on gensim 3.8, which (unlike 3.8's
        Word2Vec and FastText) already spelled ``vector_size``/``epochs``; without it the Word2Vec spelling is
        returned, which 3.8's Doc2Vec also accepts (with its own deprecation warning).
    **kwargs
        Keywords for ``Word2Vec(...)``, ``FastText(...)`` or ``Doc2Vec(...)`` in either spelling.

    Returns
    -------
    dict
        The same settings in the installed gensim's spelling.

    Raises
    ------
    TypeError
        Both spellings of one setting with different values, or a keyword that only one gensim major has,
        with a value the installed gensim cannot honour.

    Examples
    --------
    >>> from gensim.models import Word2Vec
    >>> model = Word2Vec(**model_kwargs(size=50, iter=3, min_count=1))
    >>> doc_model = Doc2Vec(**model_kwargs(Doc2Vec, vector_size=50, epochs=3))
    """
    out = _translate(kwargs, RENAMED_MODEL_KWARGS, "model_kwargs()", model_class)
    for name, only_value in _ONE_MAJOR_ONLY.items():
        if name in out:
            value = out.pop(name)
            if value != only_value:
                raise TypeError(
                    "%s=%r is not supported by gensim %s, which always behaves as %s=%r"
                    % (name, value, GENSIM_VERSION, name, only_value)
                )
    if not GENSIM_4:
        # gensim 4.x-only free-text metadata; 3.8 has nowhere to keep it. Drop when gensim 3.8 support ends.
        out.pop("comment", None)
    return out


def corpus_kwargs(**kwargs: Any) -> Dict[str, Any]:
    """Return ``build_vocab()``/``train()`` keywords spelled for the installed gensim.

    ``sentences=`` and ``documents=`` (gensim 3.x) and ``corpus_iterable=`` (gensim 4.x) are accepted; the
    other keywords pass through.
    """
    return _translate(kwargs, RENAMED_CORPUS_KWARGS, "corpus_kwargs()")


# ---------------------------------------------------------------------------------------------------------
# Keyed vectors: vocabulary, counts, matrices
# ---------------------------------------------------------------------------------------------------------
if GENSIM_4:
    from gensim.models.keyedvectors import KeyedVectors as _KeyedVectorsBase
else:
    # gensim 3.8: Word2VecKeyedVectors, FastTextKeyedVectors and Doc2VecKeyedVectors share this base.
    # Drop when gensim 3.8 support ends.
    from gensim.models.keyedvectors import BaseKeyedVectors as _KeyedVectorsBase

KeyedVectorsLike = Any  # a gensim KeyedVectors (any flavour) or a model holding one in ``.wv``


def is_keyed_vectors(obj: Any) -> bool:
    """True if ``obj`` is a gensim KeyedVectors object (of any flavour), not a model."""
    return isinstance(obj, _KeyedVectorsBase)


def is_fasttext(obj: Any) -> bool:
    """True if ``obj`` is a FastText model."""
    return isinstance(obj, FastText)


def wv(obj: KeyedVectorsLike) -> Any:
    """Return the word vectors of a model (its ``.wv``), or ``obj`` itself if it already is KeyedVectors."""
    if is_keyed_vectors(obj):
        return obj
    kv = getattr(obj, "wv", None)
    if kv is None or not is_keyed_vectors(kv):
        raise TypeError("expected a gensim model or KeyedVectors, got %s" % type(obj).__name__)
    return kv


def key_to_index(obj: KeyedVectorsLike) -> Mapping[str, int]:
    """Mapping word -> row index of the model's (or KeyedVectors') vocabulary.

    On gensim 4.x this is the live ``key_to_index`` dict; on 3.8 a live read-only view over ``wv.vocab``.
    """
    kv = wv(obj)
    if GENSIM_4:
        return kv.key_to_index
    # gensim 3.8 keeps Vocab objects in wv.vocab. Drop when gensim 3.8 support ends.
    return _VocabIndexView(kv.vocab)


class _VocabIndexView(collections.abc.Mapping):
    """Read-only, live word -> index view over gensim 3.8's ``wv.vocab`` (O(1) lookups, no copy).

    Drop when gensim 3.8 support ends.
    """

    __slots__ = ("_vocab",)

    def __init__(self, vocab: Mapping) -> None:
        self._vocab = vocab

    def __getitem__(self, word: str) -> int:
        return self._vocab[word].index

    def __contains__(self, word: object) -> bool:
        return word in self._vocab

    def __iter__(self):
        return iter(self._vocab)

    def __len__(self) -> int:
        return len(self._vocab)


def index_to_key(obj: KeyedVectorsLike) -> Sequence[str]:
    """The vocabulary in row order (``index_to_key`` on 4.x, ``index2word`` on 3.8); the live list."""
    kv = wv(obj)
    if GENSIM_4:
        return kv.index_to_key
    # Drop when gensim 3.8 support ends.
    return kv.index2word


def checked_vocabulary(obj: KeyedVectorsLike) -> List[str]:
    """A copy of the vocabulary in row order, every entry checked to be a str.

    gensim 4.x's ``load_word2vec_format`` allocates ``index_to_key`` for the header's count and skips a
    word that occurs twice in the file, leaving ``None`` at the end of the list (one per duplicate); such a
    KeyedVectors put into a model gives it ``None`` words. Anything but a str is refused here, naming its
    position, instead of failing later with ``TypeError: sequence item 1: expected str instance``.

    Raises
    ------
    gensim_transfer.errors.TransferError
        A vocabulary entry is not a str (``None`` or another type), with its index and value.
    """
    words = list(index_to_key(obj))
    try:
        "".join(words)  # C speed; raises at the first entry that is not a str
    except TypeError:
        for row, word in enumerate(words):
            if not isinstance(word, str):
                hint = (
                    " (gensim 4.x's load_word2vec_format leaves None at the end of the vocabulary for each word "
                    "that occurs twice in the file; remove the duplicates from the file, or rebuild the "
                    "vocabulary)" if word is None else ""
                )
                raise TransferError(
                    "vocabulary word at index %d of %d is %r, not a str%s" % (row, len(words), word, hint)
                ) from None
        raise
    return words


def trains_word_vectors(model: Any) -> bool:
    """True if training ``model`` uses and updates its word vectors.

    False only for a PV-DBOW Doc2Vec (``dm=0``) without ``dbow_words=1``: it trains document vectors alone,
    so word vectors merged into it are neither read nor changed by training.
    """
    if isinstance(model, Doc2Vec):
        return bool(model.dm) or bool(model.dbow_words)
    return True


def word_count(obj: KeyedVectorsLike, word: str) -> int:
    """The corpus count gensim recorded for ``word``; ``KeyError`` if the word is not in the vocabulary."""
    kv = wv(obj)
    if GENSIM_4:
        if word not in kv.key_to_index:
            raise KeyError(word)
        return int(kv.get_vecattr(word, "count"))
    # Drop when gensim 3.8 support ends.
    return int(kv.vocab[word].count)


def set_word_count(obj: KeyedVectorsLike, word: str, count: int) -> None:
    """Set the corpus count gensim keeps for a word already in the vocabulary."""
    kv = wv(obj)
    if GENSIM_4:
        kv.set_vecattr(word, "count", int(count))
    else:
        # Drop when gensim 3.8 support ends.
        kv.vocab[word].count = int(count)


def vector_size(obj: KeyedVectorsLike) -> int:
    """Dimensionality of the word vectors of a model or KeyedVectors."""
    return int(wv(obj).vector_size)


def word_vectors(model: KeyedVectorsLike) -> np.ndarray:
    """The trainable per-word matrix, one row per vocabulary word (``index_to_key`` order).

    For Word2Vec and Doc2Vec (and plain KeyedVectors) this is ``wv.vectors``. For FastText it is
    ``wv.vectors_vocab``, the per-word part that training updates, not the n-gram matrix and not the
    composed ``wv.vectors`` that queries read (see :func:`composed_vectors`).
    """
    kv = wv(model)
    if is_fasttext(model) or hasattr(kv, "vectors_vocab"):
        return kv.vectors_vocab
    return kv.vectors


def normed_vectors(obj: KeyedVectorsLike) -> np.ndarray:
    """Unit-length copy of the word vectors (3.x ``syn0norm``/``vectors_norm``), computed fresh."""
    vectors = wv(obj).vectors
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(_REAL, copy=False)


def keyed_vectors_from(words: Sequence[str], vectors: np.ndarray) -> Any:
    """Build a plain KeyedVectors holding ``words`` (unique) with rows of ``vectors`` (float32), counts all 1.

    Saving it with ``save_word2vec_format`` writes the words in the given order on every gensim line.
    """
    vectors = np.asarray(vectors, dtype=_REAL)
    if vectors.ndim != 2 or vectors.shape[0] != len(words):
        raise ValueError("need one vector row per word: %d words, array shape %s" % (len(words), vectors.shape))
    from gensim.models.keyedvectors import KeyedVectors

    if GENSIM_4:
        kv = KeyedVectors(vectors.shape[1])
        kv.add_vectors(list(words), vectors)
        return kv
    # gensim 3.8: KeyedVectors.add() uses np.bool, gone since numpy 1.24, so fill the vocabulary directly.
    # Drop when gensim 3.8 support ends.
    from gensim.models.keyedvectors import Vocab

    kv = KeyedVectors(vectors.shape[1])
    kv.index2word = list(words)
    kv.vocab = {word: Vocab(index=i, count=1) for i, word in enumerate(kv.index2word)}
    if len(kv.vocab) != len(kv.index2word):
        raise ValueError("words must be unique")
    kv.vectors = vectors
    return kv


# ---------------------------------------------------------------------------------------------------------
# Lock factors
# ---------------------------------------------------------------------------------------------------------
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
    current = getattr(owner, name, None)
    if not GENSIM_4 and is_fasttext(model):
        # gensim 3.8 FastText keeps a (vocab, vector_size) lock matrix, but its kernel reads element
        # [word_index] of the flattened buffer, so the live per-word locks are the first n_words elements.
        # Drop when gensim 3.8 support ends.
        if current is None or current.size < n_words:
            setattr(owner, name, np.ones(word_vectors(model).shape, dtype=_REAL))
        return getattr(owner, name).reshape(-1)[:n_words]
    if current is None or current.ndim != 1 or len(current) != n_words:
        setattr(owner, name, _fit_locks(np.ones(1, dtype=_REAL) if current is None else current, n_words))
    if GENSIM_4 and isinstance(model, Doc2Vec):
        _widen_doctag_locks(model, n_words)
    return getattr(owner, name)


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
    current = getattr(owner, name, None)
    out: List[Tuple[Any, str, np.ndarray]] = []
    if not GENSIM_4 and is_fasttext(model):
        # gensim 3.8 FastText: a (vocab, vector_size) matrix whose flat first n_words elements are the live
        # per-word locks (see lock_factors). Drop when gensim 3.8 support ends.
        shape = word_vectors(model).shape
        if current is None or current.size < n_words:
            new = np.ones(shape, dtype=_REAL)
        else:
            new = np.array(current, dtype=_REAL, order="C", copy=True)
        new.reshape(-1)[rows] = lockf
        return [(owner, name, new)]
    new = np.array(_fit_locks(np.ones(1, dtype=_REAL) if current is None else current, n_words), copy=True)
    new[rows] = lockf
    out.append((owner, name, new))
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


# ---------------------------------------------------------------------------------------------------------
# gensim's own merge, for comparison in tests and benchmarks
# ---------------------------------------------------------------------------------------------------------
def native_intersect_word2vec_format(model: Any, path: str, *, binary: bool, lockf: float = 0.0) -> None:
    """Call the installed gensim's own ``intersect_word2vec_format`` the way that version needs.

    On 4.x the method lives on ``model.wv`` and needs a full-length ``vectors_lockf`` first (else IndexError);
    on 3.8 it is a model method. With numpy 2 gensim's binary path raises (``np.fromstring``); see
    :data:`NATIVE_BINARY_INTERSECT_WORKS`.
    """
    if GENSIM_4:
        kv = model.wv
        if is_fasttext(model):
            raise NotImplementedError("gensim 4.x's intersect_word2vec_format does not support FastText models")
        lock_factors(model)  # expand gensim's 1-element default, which its intersect indexes per word
        kv.intersect_word2vec_format(path, lockf=lockf, binary=binary)
        return
    # Drop when gensim 3.8 support ends.
    model.intersect_word2vec_format(path, lockf=lockf, binary=binary)


def active_paths() -> Dict[str, str]:
    """Which compatibility path each concern takes on this installation (printed by ``doctor``)."""
    return {
        "gensim": str(GENSIM_VERSION),
        "numpy": str(NUMPY_VERSION),
        "model keywords": "vector_size/epochs (4.x spelling)" if GENSIM_4 else "size/iter (3.x spelling)",
        "vocabulary": "wv.key_to_index / get_vecattr" if GENSIM_4 else "wv.vocab / wv.index2word",
        "lock factors": (
            "wv.vectors_lockf, expanded from gensim's 1-element default" if GENSIM_4
            else "model.trainables.vectors_lockf (reset by gensim on vocabulary update; restored by grow_vocab)"
        ),
        "gensim's own binary intersect": "works" if NATIVE_BINARY_INTERSECT_WORKS else "broken (numpy 2); "
        "transfer_init does not use it",
    }


# ---------------------------------------------------------------------------------------------------------
# Building a vocabulary from adjusted counts (added for gensim_transfer.adapt's vocabulary strategies)
# ---------------------------------------------------------------------------------------------------------
def build_vocab_adjusted(
    model: Any,
    corpus: Any,
    adjust: Callable[[Dict[str, int]], Dict[str, int]],
    *,
    keep_order: bool = False,
    **build_vocab_kwargs: Any,
) -> None:
    """``model.build_vocab(corpus, ...)`` with ``adjust`` applied to the raw counts between scan and trim.

    gensim's build_vocab counts the corpus (``scan_vocab``) and then applies ``min_count``,
    ``max_final_vocab``, ``trim_rule``, downsampling, the negative-sampling table and the Huffman tree
    (``prepare_vocab``) before allocating weights. Here ``adjust(raw_counts)`` runs in between: it receives a
    dict word -> corpus count and returns the counts to build from (it may add words or reorder them).
    Everything else, including Doc2Vec's document tags, FastText's n-grams and ``corpus_count`` /
    ``corpus_total_words`` (the real corpus's), is gensim's own code. A fresh build: any existing vocabulary
    is replaced, as by ``build_vocab``.

    Parameters
    ----------
    model : Word2Vec, FastText or Doc2Vec
    corpus : iterable
        Passed to ``build_vocab`` positionally.
    adjust : callable
        ``dict -> dict`` of word counts.
    keep_order : bool
        Keep the order of the dict ``adjust`` returns as the vocabulary order instead of gensim's sort by
        descending count (the model's ``sorted_vocab`` setting is restored afterwards).
    **build_vocab_kwargs
        Other ``build_vocab`` keywords (``trim_rule``, ``progress_per``, ...); not ``update``.

    Examples
    --------
    >>> build_vocab_adjusted(model, sentences, lambda counts: {**counts, "extra": 1})
    """
    if build_vocab_kwargs.get("update"):
        raise ValueError("build_vocab_adjusted builds a fresh vocabulary; use grow_vocab to update one")
    # gensim 4.x keeps prepare_vocab/raw_vocab/sorted_vocab on the model; 3.8 on model.vocabulary.
    # Drop the 3.8 branch when gensim 3.8 support ends.
    owner = model if GENSIM_4 else model.vocabulary
    original = owner.prepare_vocab  # bound method; the instance attribute below shadows it for this call only

    def prepare_vocab(*args: Any, **kwargs: Any) -> Any:
        owner.raw_vocab = adjust(dict(owner.raw_vocab))
        if not keep_order:
            return original(*args, **kwargs)
        sorted_vocab = owner.sorted_vocab
        owner.sorted_vocab = False
        try:
            return original(*args, **kwargs)
        finally:
            owner.sorted_vocab = sorted_vocab

    owner.prepare_vocab = prepare_vocab
    try:
        model.build_vocab(corpus, **corpus_kwargs(**build_vocab_kwargs))
    finally:
        if owner.__dict__.get("prepare_vocab") is prepare_vocab:
            del owner.prepare_vocab


# ---------------------------------------------------------------------------------------------------------
# gensim 3.8.3 under numpy >= 1.24 (added for gensim_transfer.legacy)
# ---------------------------------------------------------------------------------------------------------
#: The numpy aliases gensim 3.8.3's ``gensim.models.keyedvectors`` still uses and the installed numpy lacks
#: (numpy 1.24 removed ``np.bool``, so 3.8.3's ``KeyedVectors.add()`` and ``kv[word] = vector`` raise
#: AttributeError). Empty on gensim 4.x and with numpy < 1.24. :mod:`gensim_transfer.legacy` restores them
#: inside that gensim module only. Drop when gensim 3.8 support ends.
GENSIM_3_NUMPY_ALIASES: Dict[str, type] = (
    {"bool": bool, "int": int, "float": float, "object": object}
    if not GENSIM_4 and NUMPY_VERSION >= Version("1.24")
    else {}
)
__all__ += ["GENSIM_3_NUMPY_ALIASES"]  # appended here to keep this block self-contained


# ---------------------------------------------------------------------------------------------------------
# FastText n-grams: hashing, the n-gram matrix and its lock factors (added for gensim_transfer.subwords)
# ---------------------------------------------------------------------------------------------------------
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
