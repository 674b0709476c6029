"""gensim 3.x code on gensim 4.x, after one line: ``from gensim_transfer import legacy; legacy.enable()``.

:func:`enable` restores the gensim 3.8 spellings that gensim 4.0 renamed or removed (``Word2Vec(size=...)``,
``model.iter``, ``wv.vocab``, ``wv.index2word``, ``model.most_similar(...)``,
``model.intersect_word2vec_format(...)``, ...) by patching gensim's classes. Each restored spelling behaves
as it did on gensim 3.8.3 and emits one :class:`DeprecationWarning` per process naming the modern spelling
(:data:`SPELLINGS` lists them all). :func:`disable` removes every patch again.

It is opt-in: importing :mod:`gensim_transfer` changes nothing. On gensim 3.8.3 the 3.x API is the installed
one, so :func:`enable` only repairs what is broken there: it installs the lock-factor guard
(:mod:`gensim_transfer.guard`; gensim 3.8.3's ``build_vocab(update=True)`` resets every lock factor to 1.0)
and, under numpy >= 1.24, the numpy aliases ``gensim.models.keyedvectors`` still uses (``KeyedVectors.add()``
and ``kv[word] = vector`` fail there). gensim 3.8.3's own ``intersect_word2vec_format`` is kept: it works
(slowly) and replacing it could change what 3.8.3 users observe. On gensim 4.x :func:`enable` installs the
guard too, because 3.x tutorials grow the vocabulary around the merge.

Which gensim is installed is asked of :mod:`gensim_transfer.compat` (``compat.GENSIM_4``) and nowhere else.
The 4.x patches below are installed only on gensim 4.x, so their bodies are written against gensim 4's API;
where :mod:`~gensim_transfer.compat` has a helper for a concern (vocabulary, counts, lock factors,
normalised vectors, keyword spellings) they use it. What is deliberately not restored, and why, is in
``docs/legacy.md``.
"""
from __future__ import annotations

import functools
import logging
import sys
import threading
import types
import warnings
from collections.abc import Mapping
from typing import Any, Callable, Dict, Iterator, List, NamedTuple

import numpy as np
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models import keyedvectors as _kv_module

from . import compat, guard, transfer

__all__ = ["SPELLINGS", "disable", "enable", "is_enabled"]

logger = logging.getLogger(__name__)

#: Every gensim 3.x spelling :func:`enable` restores on gensim 4.x, mapped to the modern spelling its
#: ``DeprecationWarning`` names.
SPELLINGS: Dict[str, str] = {
    # constructors of Word2Vec, FastText and Doc2Vec
    "size=": "vector_size=",
    "iter=": "epochs=",
    "docvecs=": "dv=",
    "docvecs_mapfile=": "dv_mapfile=",
    "compatible_hash=": "nothing (gensim 4 always hashes n-grams like Facebook's fastText)",
    # build_vocab() and train()
    "sentences=": "corpus_iterable=",
    "documents=": "corpus_iterable=",
    # models
    "model.iter": "model.epochs",
    "model.syn0_lockf": "gensim_transfer.compat.lock_factors(model)",
    "model.intersect_word2vec_format()": "gensim_transfer.transfer_init(model, path, lockf)",
    "model.most_similar()": "model.wv.most_similar()",
    "model.most_similar_cosmul()": "model.wv.most_similar_cosmul()",
    "model.similar_by_word()": "model.wv.similar_by_word()",
    "model.similar_by_vector()": "model.wv.similar_by_vector()",
    "model.similarity()": "model.wv.similarity()",
    "model.n_similarity()": "model.wv.n_similarity()",
    "model.doesnt_match()": "model.wv.doesnt_match()",
    "model.wmdistance()": "model.wv.wmdistance()",
    "model.evaluate_word_pairs()": "model.wv.evaluate_word_pairs()",
    "model[word]": "model.wv[word]",
    "word in model": "word in model.wv.key_to_index",
    "model.clear_sims()": "nothing (gensim 4 recomputes norms when vectors change)",
    "model.delete_temporary_training_data()": "keeping only model.wv (or model.dv) once training is done",
    "infer_vector(steps=)": "infer_vector(epochs=)",
    "doc2vec_model[int tag]": "model.dv[tag] (gensim 4's model[i] returns the vector of word number i)",
    # KeyedVectors
    "wv.vocab": "wv.key_to_index and wv.get_vecattr(word, 'count')",
    "wv.index2word": "wv.index_to_key",
    "wv.index2entity": "wv.index_to_key",
    "wv.syn0": "wv.vectors",
    "wv.syn0norm": "wv.get_normed_vectors()",
    "wv.vectors_norm": "wv.get_normed_vectors()",
    "KeyedVectors.wv": "the KeyedVectors object itself",
    "wv.word_vec()": "wv.get_vector(word, norm=...)",
    "wv.add()": "wv.add_vectors()",
    "gensim.models.keyedvectors.BaseKeyedVectors": "gensim.models.keyedvectors.KeyedVectors",
    "gensim.models.keyedvectors.WordEmbeddingsKeyedVectors": "gensim.models.keyedvectors.KeyedVectors",
}

_MISSING = object()


class _Patch(NamedTuple):
    owner: Any  # a class or a module
    name: str
    original: Any  # what ``vars(owner)[name]`` held before, or _MISSING (then it is deleted on disable)
    value: Any  # what enable() put there


class _State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.enabled = False
        self.patches: List[_Patch] = []
        self.installed_guard = False


_state = _State()
_warned: set = set()  # spellings already warned about in this process (never reset: once per process)


# ---------------------------------------------------------------------------------------------------------
# Public surface
# ---------------------------------------------------------------------------------------------------------
def enable() -> None:
    """Make gensim 3.x code run on the installed gensim, with gensim 3.8.3's behaviour. Idempotent.

    On gensim 4.x this patches ``Word2Vec``, ``FastText``, ``Doc2Vec`` and ``KeyedVectors`` so that the 3.x
    spellings in :data:`SPELLINGS` work again; ``model.intersect_word2vec_format(...)`` is backed by
    :func:`gensim_transfer.transfer_init` (fast, numpy-2-safe, lock factors kept right). On gensim 3.8.3
    only what is broken there is repaired. Both install the lock-factor guard
    (:func:`gensim_transfer.guard.install`), so ``build_vocab(update=True)`` keeps existing words' locks.

    Examples
    --------
    >>> from gensim_transfer import legacy
    >>> legacy.enable()
    >>> model = gensim.models.Word2Vec(size=300, min_count=1)     # gensim 3.x keyword, also on 4.x
    >>> model.build_vocab([pretrained.wv.vocab.keys()])
    >>> model.intersect_word2vec_format("GoogleNews-vectors-negative300.bin", binary=True, lockf=1.0)
    """
    with _state.lock:
        if _state.enabled:
            return
        guard_was_on = guard.installed()
        # The guard wraps build_vocab/train on top of whatever is there; take it off so the legacy wrappers
        # sit directly on gensim's methods and the guard on top of them (its own uninstall() keeps working).
        guard.uninstall()
        try:
            if compat.GENSIM_4:
                _install_gensim4()
            else:
                _install_gensim3()
        except BaseException:
            _restore_patches()
            if guard_was_on:
                guard.install()
            raise
        guard.install()
        _state.installed_guard = not guard_was_on
        _state.enabled = True
        logger.debug("gensim_transfer.legacy enabled: %d gensim attributes patched", len(_state.patches))


def disable() -> None:
    """Undo :func:`enable`: every patched gensim attribute is restored, every added one deleted. Idempotent.

    The lock-factor guard is removed too if :func:`enable` installed it (not if it was installed before,
    e.g. by an earlier :func:`gensim_transfer.transfer_init`).

    Raises
    ------
    RuntimeError
        A patched attribute was replaced by someone else after :func:`enable`; nothing is changed.

    Examples
    --------
    >>> legacy.enable()
    >>> ...                       # gensim 3.x code
    >>> legacy.disable()          # gensim exactly as installed
    """
    with _state.lock:
        if not _state.enabled:
            return
        replaced = [p for p in _state.patches if not _still_ours(p)]
        if replaced:
            changed = ", ".join(f"{_owner_name(p.owner)}.{p.name}" for p in replaced)
            raise RuntimeError(
                f"gensim_transfer.legacy.disable(): {changed} changed after legacy.enable(); undo that first"
            )
        guard_is_on = guard.installed()
        guard.uninstall()  # it sits on top of the legacy wrappers of build_vocab/train
        _restore_patches()
        if guard_is_on and not _state.installed_guard:
            guard.install()
        _state.installed_guard = False
        _state.enabled = False
        logger.debug("gensim_transfer.legacy disabled")


def is_enabled() -> bool:
    """True between :func:`enable` and :func:`disable`.

    Examples
    --------
    >>> legacy.enable(); legacy.is_enabled()
    True
    """
    return _state.enabled


# ---------------------------------------------------------------------------------------------------------
# Patching machinery
# ---------------------------------------------------------------------------------------------------------
def _owner_name(owner: Any) -> str:
    return owner.__qualname__ if isinstance(owner, type) else owner.__name__


def _still_ours(patch: _Patch) -> bool:
    """True if ``patch`` is still in place: directly, or under the lock-factor guard's wrapper."""
    current = vars(patch.owner).get(patch.name, _MISSING)
    if current is patch.value:
        return True
    return getattr(current, "__gensim_transfer_guard__", False) and current.__wrapped__ is patch.value


def _patch(owner: Any, name: str, value: Any) -> None:
    """Set ``owner.name = value``, remembering whether ``owner`` itself defined ``name`` (vs inherited it)."""
    original = vars(owner).get(name, _MISSING)
    setattr(owner, name, value)
    _state.patches.append(_Patch(owner, name, original, value))


def _restore_patches() -> None:
    while _state.patches:
        owner, name, original, value = _state.patches.pop()
        if vars(owner).get(name, _MISSING) is not value:
            continue  # only reached when enable() is rolled back half-way
        if original is _MISSING:
            delattr(owner, name)
        else:
            setattr(owner, name, original)


def _deprecated(spelling: str) -> None:
    """Warn once per process that ``spelling`` is gensim 3.x, naming the modern spelling.

    The warning is attributed to the first frame outside gensim_transfer (the user's line), so Python's
    default filters show it when that line is in ``__main__`` (scripts, notebooks), as for gensim's own.
    """
    if spelling in _warned:
        return
    _warned.add(spelling)
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("gensim_transfer."):
        frame = frame.f_back
        level += 1
    warnings.warn(
        f"{spelling} is gensim 3.x spelling, kept working by gensim_transfer.legacy; "
        f"on gensim 4 use {SPELLINGS[spelling]}",
        DeprecationWarning,
        stacklevel=level,
    )


def _named(function: Callable, name: str, owner: type) -> Callable:
    function.__name__ = name
    function.__qualname__ = f"{owner.__name__}.{name}"
    return function


# ---------------------------------------------------------------------------------------------------------
# gensim 3.8.3: repair only what is broken there
# ---------------------------------------------------------------------------------------------------------
class _NumpyWithAliases(types.ModuleType):
    """numpy, plus the aliases gensim 3.8.3's code still uses; every other name is numpy's own."""

    def __init__(self, aliases: Dict[str, type]) -> None:
        super().__init__(np.__name__, np.__doc__)
        self.__dict__.update(aliases)

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)


def _install_gensim3() -> None:
    if compat.GENSIM_3_NUMPY_ALIASES:
        # Only inside gensim.models.keyedvectors, whose KeyedVectors.add() says np.bool; numpy itself and
        # every other module keep seeing numpy unchanged.
        _patch(_kv_module, "np", _NumpyWithAliases(compat.GENSIM_3_NUMPY_ALIASES))


# ---------------------------------------------------------------------------------------------------------
# gensim 4.x: keyword spellings
# ---------------------------------------------------------------------------------------------------------
_MODEL_ONLY_3X_KWARGS = ("compatible_hash",)  # 3.8 FastText; gensim 4 always behaves as its default (True)


def _wrap_init(cls: type) -> Callable:
    original = vars(cls)["__init__"]

    @functools.wraps(original, updated=())
    def __init__(self, *args, **kwargs):
        old = [o for o, _ in compat.RENAMED_MODEL_KWARGS if o in kwargs]
        old += [o for o in _MODEL_ONLY_3X_KWARGS if o in kwargs]
        if old:
            for spelling in old:
                _deprecated(spelling + "=")
            kwargs = compat.model_kwargs(cls, **kwargs)
        original(self, *args, **kwargs)

    return __init__


def _wrap_corpus_method(cls: type, name: str) -> Callable:
    original = vars(cls)[name]

    @functools.wraps(original, updated=())
    def method(self, *args, **kwargs):
        old = [o for o, _ in compat.RENAMED_CORPUS_KWARGS if o in kwargs]
        if old:
            for spelling in old:
                _deprecated(spelling + "=")
            kwargs = compat.corpus_kwargs(**kwargs)
        return original(self, *args, **kwargs)

    return method


def _wrap_infer_vector(original: Callable) -> Callable:
    @functools.wraps(original, updated=())
    def infer_vector(self, doc_words, alpha=None, min_alpha=None, epochs=None, steps=None, **kwargs):
        if steps is not None:
            _deprecated("infer_vector(steps=)")
            epochs = epochs or steps  # gensim 3.8: ``epochs or steps or self.epochs``
        return original(self, doc_words, alpha=alpha, min_alpha=min_alpha, epochs=epochs, **kwargs)

    return infer_vector


# ---------------------------------------------------------------------------------------------------------
# gensim 4.x: model attributes and methods
# ---------------------------------------------------------------------------------------------------------
def _get_iter(self):
    if "iter" in self.__dict__:
        # A pre-4.0 pickle that stored ``iter`` is being upgraded by gensim's own _load_specials
        # (``self.epochs = self.iter; del self.iter``): hand it the stored value.
        return self.__dict__["iter"]
    _deprecated("model.iter")
    return self.epochs


def _set_iter(self, value):
    _deprecated("model.iter")
    self.epochs = value


def _del_iter(self):
    if self.__dict__.pop("iter", _MISSING) is _MISSING:
        raise AttributeError("iter")


def _get_syn0_lockf(self):
    _deprecated("model.syn0_lockf")
    return compat.lock_factors(self)


def _set_syn0_lockf(self, value):
    _deprecated("model.syn0_lockf")
    compat.set_lock_factors(self, value)


def _intersect_word2vec_format(
    self, fname, lockf=0.0, binary=False, encoding="utf8", unicode_errors="strict"
):
    """Merge the vectors of ``fname`` into the words of this model's vocabulary (gensim 3.x spelling).

    Restored by :mod:`gensim_transfer.legacy`, backed by :func:`gensim_transfer.transfer_init`: words the file
    lacks keep their vectors, no word is added, merged words get lock factor ``lockf`` (0.0 = frozen,
    gensim 3's default). Returns None, as gensim 3 did; call ``transfer_init`` for a report.
    """
    _deprecated("model.intersect_word2vec_format()")
    transfer.transfer_init(
        self, fname, lockf, binary=binary, encoding=encoding, unicode_errors=unicode_errors
    )


def _delegate_to_wv(name: str) -> Callable:
    spelling = f"model.{name}()"

    def method(self, *args, **kwargs):
        _deprecated(spelling)
        return getattr(self.wv, name)(*args, **kwargs)

    method.__name__ = name
    method.__qualname__ = "Word2Vec." + name
    method.__doc__ = f"gensim 3.x spelling of ``model.wv.{name}(...)``, restored by gensim_transfer.legacy."
    return method


_DELEGATED_QUERIES = (
    "most_similar",
    "most_similar_cosmul",
    "similar_by_word",
    "similar_by_vector",
    "similarity",
    "n_similarity",
    "doesnt_match",
    "wmdistance",
    "evaluate_word_pairs",
)


def _model_getitem(self, words):
    _deprecated("model[word]")
    return self.wv[words]


def _doc2vec_getitem(self, tag):
    """gensim 3.x ``Doc2Vec.__getitem__``: the vector of word ``tag`` if it is one, else of document ``tag``.

    gensim 4 kept this method but tests ``tag in self.wv``, which is true for any int below the vocabulary
    size, so ``model[3]`` returns the vector of word number 3 rather than of document tag 3.
    """
    if isinstance(tag, (str, int, np.integer)):
        if tag in compat.key_to_index(self):
            return self.wv[tag]
        if not isinstance(tag, str):
            _deprecated("doc2vec_model[int tag]")
        return self.dv[tag]
    return np.vstack([self[one] for one in tag])


def _model_contains(self, word):
    _deprecated("word in model")
    return word in self.wv


def _clear_sims(self):
    """Forget cached unit-normalised vectors (gensim 3.x spelling; gensim 4 recomputes them on demand)."""
    _deprecated("model.clear_sims()")
    for kv in (self.wv, getattr(self, "dv", None)):
        if kv is not None:
            kv.norms = None


def _delete_temporary_training_data(self, replace_word_vectors_with_normalized=False):
    """Drop what only training needs (gensim 3.x ``Word2Vec`` spelling); the model cannot train after it."""
    _deprecated("model.delete_temporary_training_data()")
    if replace_word_vectors_with_normalized:
        self.wv.unit_normalize_all()
    _drop_training_weights(self)


def _doc2vec_delete_temporary_training_data(self, keep_doctags_vectors=True, keep_inference=True):
    """Drop what only training needs (gensim 3.x ``Doc2Vec`` spelling and defaults)."""
    _deprecated("model.delete_temporary_training_data()")
    if not keep_inference:
        _drop_training_weights(self)
    if not keep_doctags_vectors and "vectors" in vars(self.dv):
        del self.dv.vectors


def _drop_training_weights(model: Any) -> None:
    # gensim 3.8 deleted trainables.syn1, .syn1neg and .vectors_lockf; gensim 4 keeps them on the model/wv.
    for owner, name in ((model, "syn1"), (model, "syn1neg"), (model.wv, "vectors_lockf")):
        if name in vars(owner):
            delattr(owner, name)


# ---------------------------------------------------------------------------------------------------------
# gensim 4.x: KeyedVectors
# ---------------------------------------------------------------------------------------------------------
class _VocabEntry:
    """One word of a restored ``wv.vocab``: gensim 3's ``Vocab`` object, read and written live.

    ``.index`` is the word's row, ``.count`` its corpus count; any other per-word attribute gensim keeps
    (``sample_int``, ``code``, ``point``) reads through ``get_vecattr`` and writes through ``set_vecattr``.
    """

    __slots__ = ("_kv", "_word")

    def __init__(self, kv: Any, word: str) -> None:
        object.__setattr__(self, "_kv", kv)
        object.__setattr__(self, "_word", word)

    @property
    def index(self) -> int:
        return compat.key_to_index(self._kv)[self._word]

    @property
    def count(self) -> int:
        return compat.word_count(self._kv, self._word)

    @count.setter
    def count(self, value: int) -> None:
        compat.set_word_count(self._kv, self._word, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in self._kv.expandos:
            raise AttributeError(f"{self._word!r} has no per-word attribute {name!r}")
        return self._kv.get_vecattr(self._word, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("index", "count"):
            object.__setattr__(self, name, value)  # the properties above (index is read-only)
        else:
            self._kv.set_vecattr(self._word, name, value)

    def __lt__(self, other: _VocabEntry) -> bool:  # gensim 3's Vocab sorted by count
        return self.count < other.count

    def __repr__(self) -> str:
        attrs = {"index": self.index}
        attrs.update((name, self._kv.get_vecattr(self._word, name)) for name in self._kv.expandos)
        return "Vocab(" + ", ".join(f"{k}:{attrs[k]!r}" for k in sorted(attrs)) + ")"


class _VocabView(Mapping):
    """gensim 3's ``wv.vocab`` dict as a live, read-only view of gensim 4's ``key_to_index``."""

    __slots__ = ("_kv",)

    def __init__(self, kv: Any) -> None:
        self._kv = kv

    def __getitem__(self, word: str) -> _VocabEntry:
        if word not in compat.key_to_index(self._kv):
            raise KeyError(word)
        return _VocabEntry(self._kv, word)

    def __contains__(self, word: object) -> bool:
        return word in compat.key_to_index(self._kv)

    def __iter__(self) -> Iterator[str]:
        return iter(compat.key_to_index(self._kv))

    def __len__(self) -> int:
        return len(compat.key_to_index(self._kv))

    def __setitem__(self, word: str, value: Any) -> None:
        raise TypeError(
            "wv.vocab is read-only on gensim 4 (a view of wv.key_to_index); add words with "
            "model.build_vocab(..., update=True) or wv.add_vectors(); set a count with wv.vocab[w].count = n"
        )

    __delitem__ = __setitem__

    def __repr__(self) -> str:
        return f"<wv.vocab view of {len(self)} words>"


def _get_vocab(self):
    _deprecated("wv.vocab")
    return _VocabView(self)


def _set_vocab(self, value):
    raise AttributeError(
        "wv.vocab cannot be assigned on gensim 4; the vocabulary lives in wv.key_to_index/wv.index_to_key"
    )


def _index_alias(spelling: str) -> property:
    def fget(self):
        _deprecated(spelling)
        return compat.index_to_key(self)

    def fset(self, value):
        _deprecated(spelling)
        self.index_to_key = value  # what gensim 4's own setter does

    return property(fget, fset, doc="gensim 3.x spelling of ``wv.index_to_key`` (gensim_transfer.legacy).")


def _get_syn0(self):
    _deprecated("wv.syn0")
    return self.vectors


def _set_syn0(self, value):
    _deprecated("wv.syn0")
    self.vectors = value


def _normed_alias(spelling: str) -> property:
    def fget(self):
        _deprecated(spelling)
        return compat.normed_vectors(self)

    def fset(self, value):
        # gensim 3 code assigns None to drop the cache; gensim's loader may assign a stored array. Either
        # way the unit vectors are derived from ``vectors``, so only the cached norms are dropped.
        self.norms = None

    return property(fget, fset, doc="gensim 3.x unit-normalised vectors, computed fresh.")


def _get_self_as_wv(self):
    _deprecated("KeyedVectors.wv")
    return self


def _word_vec(self, word, use_norm=False):
    """gensim 3.x spelling of ``get_vector(word, norm=use_norm)`` (gensim_transfer.legacy)."""
    _deprecated("wv.word_vec()")
    return self.get_vector(word, norm=bool(use_norm))


def _add(self, entities, weights, replace=False):
    """gensim 3.x spelling of ``add_vectors``; new entries get count 1, as in gensim 3."""
    _deprecated("wv.add()")
    keys = [entities] if isinstance(entities, (str, int, np.integer)) else list(entities)
    new = [key for key in dict.fromkeys(keys) if key not in compat.key_to_index(self)]
    self.add_vectors(entities, weights, replace=replace)
    for key in new:
        compat.set_word_count(self, key, 1)


_REMOVED_CLASS_NAMES = ("BaseKeyedVectors", "WordEmbeddingsKeyedVectors")


def _kv_module_getattr(name: str) -> Any:
    """``gensim.models.keyedvectors.<gensim 3.x class name>`` (a PEP 562 module ``__getattr__``)."""
    if name in _REMOVED_CLASS_NAMES:
        _deprecated("gensim.models.keyedvectors." + name)
        return _kv_module.KeyedVectors
    raise AttributeError(f"module {_kv_module.__name__!r} has no attribute {name!r}")


def _install_gensim4() -> None:
    from gensim.models.keyedvectors import KeyedVectors

    for cls in (Word2Vec, FastText, Doc2Vec):
        _patch(cls, "__init__", _wrap_init(cls))
        for name in ("build_vocab", "train"):
            if name in vars(cls):  # FastText inherits Word2Vec's
                _patch(cls, name, _wrap_corpus_method(cls, name))
    _patch(Doc2Vec, "infer_vector", _wrap_infer_vector(vars(Doc2Vec)["infer_vector"]))

    # On Word2Vec, so FastText and Doc2Vec inherit them, as they shared BaseWordEmbeddingsModel's on 3.8.
    iter_ = property(_get_iter, _set_iter, _del_iter, doc="gensim 3.x spelling of ``epochs``.")
    _patch(Word2Vec, "iter", iter_)
    _patch(Word2Vec, "syn0_lockf", property(_get_syn0_lockf, _set_syn0_lockf, doc="Per-word lock factors."))
    for name, function in (
        ("intersect_word2vec_format", _intersect_word2vec_format),
        ("__getitem__", _model_getitem),
        ("__contains__", _model_contains),
        ("clear_sims", _clear_sims),
        ("delete_temporary_training_data", _delete_temporary_training_data),
    ):
        _patch(Word2Vec, name, _named(function, name, Word2Vec))
    for name in _DELEGATED_QUERIES:
        _patch(Word2Vec, name, _delegate_to_wv(name))
    for name, function in (
        ("__getitem__", _doc2vec_getitem),
        ("delete_temporary_training_data", _doc2vec_delete_temporary_training_data),
    ):
        _patch(Doc2Vec, name, _named(function, name, Doc2Vec))

    # On KeyedVectors, so FastTextKeyedVectors (and Doc2Vec's dv) inherit them.
    for name, value in (
        ("vocab", property(_get_vocab, _set_vocab, doc="gensim 3.x ``vocab`` dict, as a live view.")),
        ("index2word", _index_alias("wv.index2word")),
        ("index2entity", _index_alias("wv.index2entity")),
        ("syn0", property(_get_syn0, _set_syn0, doc="gensim 3.x spelling of ``vectors``.")),
        ("syn0norm", _normed_alias("wv.syn0norm")),
        ("vectors_norm", _normed_alias("wv.vectors_norm")),
        ("wv", property(_get_self_as_wv, doc="gensim 3.x: ``KeyedVectors.wv`` was the object itself.")),
        ("word_vec", _named(_word_vec, "word_vec", KeyedVectors)),
        ("add", _named(_add, "add", KeyedVectors)),
    ):
        _patch(KeyedVectors, name, value)
    _patch(_kv_module, "__getattr__", _kv_module_getattr)
