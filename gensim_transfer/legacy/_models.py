"""gensim 4.x: the 3.x keyword spellings, model attributes and model methods."""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

import numpy as np

from .. import compat, transfer
from ._patching import _MISSING, _deprecated

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
    signature = inspect.signature(original)

    @functools.wraps(original, updated=())
    def method(self, *args, **kwargs):
        old = [o for o, _ in compat.RENAMED_CORPUS_KWARGS if o in kwargs]
        if old:
            for spelling in old:
                _deprecated(spelling + "=")
            kwargs = compat.corpus_kwargs(**kwargs)
        if name == "train":
            _check_corpus_first(self, signature, args, kwargs)
        return original(self, *args, **kwargs)

    return method


def _check_corpus_first(model: Any, signature: inspect.Signature, args: tuple, kwargs: dict) -> None:
    """gensim 3.8 checked the corpus arguments of ``train()`` before the training ones; gensim 4 checks them
    after, so a wrong corpus argument without ``total_examples`` is a ValueError there, not 3.x's TypeError.
    Running gensim's own corpus check first restores the order (gensim runs it again; it reads nothing)."""
    try:
        bound = signature.bind(model, *args, **kwargs).arguments
    except TypeError:
        return  # gensim itself will say what is wrong with the call
    check = getattr(model, "_check_corpus_sanity", None)
    if check is not None and "corpus_iterable" in signature.parameters:
        check(corpus_iterable=bound.get("corpus_iterable"), corpus_file=bound.get("corpus_file"),
              passes=bound.get("epochs") or 1)


def _wrap_check_training_sanity(original: Callable) -> Callable:
    """gensim 3.x trained with ``hs=0, negative=0`` (doing nothing); gensim 4's sanity check refuses it.

    gensim's other checks (vocabulary built, ``total_examples`` given, ...) still run: with ``hs`` set to 1 for
    the duration of the check only, the one check that refuses is passed. The kernels then train nothing, as
    3.x's did.
    """

    @functools.wraps(original, updated=())
    def _check_training_sanity(self, *args, **kwargs):
        if self.hs or self.negative:
            return original(self, *args, **kwargs)
        _deprecated("hs=0, negative=0")
        self.hs = 1
        try:
            return original(self, *args, **kwargs)
        finally:
            self.hs = 0

    return _check_training_sanity


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
