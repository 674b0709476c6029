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
import warnings
from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Union

import numpy as np

with warnings.catch_warnings():
    # gensim 4.0.x warns on import when the optional python-Levenshtein package is missing, on every run of
    # every program that imports us. Drop when gensim 4.0 support ends.
    warnings.filterwarnings("ignore", message=r"The gensim\.similarities\.levenshtein submodule is disabled")
    import gensim
from gensim.models import Doc2Vec, FastText
from packaging.version import Version

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
    "corpus_kwargs",
    "doc_lock_factors",
    "index_to_key",
    "is_fasttext",
    "is_keyed_vectors",
    "key_to_index",
    "keyed_vectors_from",
    "lock_factors",
    "lock_factors_fit",
    "locks_all_default",
    "model_kwargs",
    "native_intersect_word2vec_format",
    "ngram_lock_factors",
    "normed_vectors",
    "set_lock_factors",
    "set_word_count",
    "similarity_unseen_docs",
    "vector_size",
    "vectors_changed",
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
    composed ``wv.vectors`` that queries read (see :func:`vectors_changed`).
    """
    kv = wv(model)
    if is_fasttext(model) or hasattr(kv, "vectors_vocab"):
        return kv.vectors_vocab
    return kv.vectors


def vectors_changed(model: Any, rows: np.ndarray) -> None:
    """Tell the model that ``word_vectors(model)[rows]`` were overwritten.

    Cached unit-normalised vectors are dropped. Word2Vec and Doc2Vec query the trainable matrix itself.
    FastText queries the composed matrix ``wv.vectors``; its rows for ``rows`` are set to the per-word vectors
    just written, so a merged word reads back exactly the file's vector until the next training pass
    recomposes it from the per-word vector and its n-grams (gensim does that at the end of every ``train()``).
    """
    kv = wv(model)
    trainable = word_vectors(model)
    if kv.vectors is not trainable and not np.shares_memory(kv.vectors, trainable):
        kv.vectors[rows] = trainable[rows]
    _clear_norms(kv)


def _clear_norms(kv: Any) -> None:
    if GENSIM_4:
        kv.norms = None
    else:
        # Drop when gensim 3.8 support ends.
        kv.vectors_norm = None


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


def lock_factors(model: Any) -> np.ndarray:
    """The model's per-word lock factors: a full-length float32 array the training code really reads.

    Writing into the returned array changes what training does (0.0 freezes a word's vector, 1.0 lets it
    train fully). On gensim 4.x the 1-element default (or an array left short by a vocabulary update) is
    expanded in place first; on gensim 3.8 the array lives in ``model.trainables``.

    Examples
    --------
    >>> locks = lock_factors(model)
    >>> locks[key_to_index(model)["king"]] = 0.0   # freeze one word
    """
    owner, name = _lock_owner(model)
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
    """Make gensim 4.x's PV-DM kernel read each word's own lock.

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
    if len(model.dv.vectors_lockf) != width:
        model.dv.vectors_lockf = doc_locks


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


#: gensim 4.0 named the epochs of ``Doc2Vec.similarity_unseen_docs`` ``steps``; 4.1 renamed it ``epochs``.
_UNSEEN_DOCS_EPOCHS = "steps" if Version("4.0.0") <= GENSIM_VERSION < Version("4.1.0") else "epochs"


def similarity_unseen_docs(model: Any, doc_words1: Sequence[str], doc_words2: Sequence[str], *,
                           alpha: Optional[float] = None, min_alpha: Optional[float] = None,
                           epochs: Optional[int] = None) -> float:
    """Cosine similarity of two documents inferred by a Doc2Vec ``model``, on every gensim line.

    gensim 3.8 has it as ``model.docvecs.similarity_unseen_docs(model, d1, d2, steps=)``, 4.0 as
    ``model.similarity_unseen_docs(d1, d2, steps=)``, 4.1+ as ``model.similarity_unseen_docs(d1, d2, epochs=)``.
    """
    if not GENSIM_4:  # Drop when gensim 3.8 support ends.
        return model.docvecs.similarity_unseen_docs(model, doc_words1, doc_words2, alpha=alpha,
                                                    min_alpha=min_alpha, steps=epochs)
    return model.similarity_unseen_docs(doc_words1, doc_words2, alpha=alpha, min_alpha=min_alpha,
                                        **{_UNSEEN_DOCS_EPOCHS: epochs})


def ngram_lock_factors(model: Any) -> np.ndarray:
    """A FastText model's per-bucket lock factors for its n-gram vectors (live; gensim 3.8's
    ``trainables.vectors_ngrams_lockf``)."""
    if not GENSIM_4:
        return model.trainables.vectors_ngrams_lockf  # Drop when gensim 3.8 support ends.
    n_buckets = len(model.wv.vectors_ngrams)
    current = getattr(model.wv, "vectors_ngrams_lockf", None)
    if current is None or current.ndim != 1 or len(current) != n_buckets:
        model.wv.vectors_ngrams_lockf = _fit_locks(
            np.ones(1, dtype=_REAL) if current is None else current, n_buckets
        )
    return model.wv.vectors_ngrams_lockf


def lock_factors_fit(model: Any) -> bool:
    """True if the lock array gensim holds gives every word its own lock as the training kernel reads it.

    False when gensim 4.x kept a lock array shorter than the vocabulary after ``build_vocab(update=True)``
    while some lock is not 1.0: its kernel indexes the array modulo its length, so new words would borrow
    other words' locks. :func:`lock_factors` repairs that (old words keep theirs, new words get 1.0).
    gensim 3.8 always holds a full-length array (it resets it to 1.0 on vocabulary updates instead).
    """
    owner, name = _lock_owner(model)
    raw = getattr(owner, name, None)
    if raw is None:
        return True
    raw = np.asarray(raw).reshape(-1)
    n_words = _vocab_len(model)
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
