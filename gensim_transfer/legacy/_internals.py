"""gensim 4.x: gensim 3.x's model internals, as live views of where gensim 4 keeps the same things.

``model.trainables`` (``vectors_lockf``, ``syn1neg``, ``bucket``, ...), ``model.vocabulary`` (``scan_vocab``,
``prepare_vocab``, ``effective_min_count``, ...), FastText's ``model.bucket`` / ``min_n`` / ``max_n`` and
``wv.num_ngram_vectors``, and ``model.docvecs`` with 3.x's ``vectors_docs``, ``doctags``, ``offset2doctag`` and
``similarity_unseen_docs(model, d1, d2)``.

gensim 4's loader upgrades a 3.x pickle by testing ``hasattr(model, "trainables")`` (``"vocabulary"``,
``"bucket"``), copying attributes off the stored object and deleting it. So each of these model attributes is
a property that (1) returns what the instance itself stores, if anything (a 3.x pickle being upgraded), (2)
while gensim loads (inside ``SaveLoad.load``, wrapped by :func:`wrap_load`), looks only at the instance and
otherwise raises ``AttributeError`` as if legacy were off, and (3) otherwise returns the live view. ``del``
removes only what the instance stores. Nothing is stored on a model, so models pickle as without legacy.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from typing import Any, Callable, Iterator, NamedTuple, Optional

from .. import compat
from ._patching import _MISSING, _deprecated

_loading = threading.local()


def loading() -> bool:
    """True while this thread is inside gensim's ``SaveLoad.load`` (its old-pickle upgrade may run)."""
    return getattr(_loading, "depth", 0) > 0


def wrap_load(original: classmethod) -> classmethod:
    """``SaveLoad.load`` that marks this thread as loading, so the properties below look at the instance."""
    function = original.__func__

    @functools.wraps(function)
    def load(cls, *args, **kwargs):
        _loading.depth = getattr(_loading, "depth", 0) + 1
        try:
            return _forget_saved_norms(function(cls, *args, **kwargs))
        finally:
            _loading.depth -= 1

    return classmethod(load)


def _forget_saved_norms(obj: Any) -> Any:
    """gensim 3.8.3 never saved ``vectors_norm`` (a loaded model's was None until ``init_sims()``); gensim 4
    saves its cached ``norms``. Dropping that cache after a load keeps 3.x's ``vectors_norm is None`` checks
    true; gensim recomputes the norms when it needs them."""
    for kv in (obj, vars(obj).get("wv"), vars(obj).get("dv")):  # vars: not legacy's KeyedVectors.wv
        if compat.is_keyed_vectors(kv) and getattr(kv, "norms", None) is not None:
            kv.norms = None
    return obj


def instance_first(name: str, spelling: str, view: Callable[[Any], Any], doc: str) -> property:
    """A read-only model attribute ``name``: the instance's own value first, else ``view(model)`` (see above)."""

    def fget(self):
        stored = self.__dict__.get(name, _MISSING)
        if stored is not _MISSING:
            return stored
        if loading():
            raise AttributeError(name)
        _deprecated(spelling)
        return view(self)

    def fset(self, value):
        hint = SPELLING_HINTS.get(name, "it through model.wv")
        raise AttributeError(f"{spelling} is read-only under gensim_transfer.legacy; set {hint}")

    def fdel(self):
        if self.__dict__.pop(name, _MISSING) is _MISSING:
            raise AttributeError(name)

    return property(fget, fset, fdel, doc=doc)


SPELLING_HINTS = {
    "trainables": "the attributes of model.trainables instead",
    "vocabulary": "the model's own attributes (model.min_count, model.sample, ...)",
    "bucket": "FastText(bucket=...) when building the model",
    "min_n": "FastText(min_n=...) when building the model",
    "max_n": "FastText(max_n=...) when building the model",
}


# ---------------------------------------------------------------------------------------------------------
# model.trainables
# ---------------------------------------------------------------------------------------------------------
#: Attributes of gensim 3.8's ``*Trainables`` that gensim 4 keeps on the model under the same name.
_TRAINABLES_ON_MODEL = ("syn1", "syn1neg", "hashfxn", "layer1_size", "seed", "vector_size")


def _locks(model: Any) -> Any:
    return compat.lock_factors(model)


#: Lock arrays of gensim 3.8's ``*Trainables``: name -> live array (writes change training).
_TRAINABLES_LOCKS = {
    "vectors_lockf": _locks,
    "vectors_vocab_lockf": _locks,  # FastText
    "vectors_ngrams_lockf": compat.ngram_lock_factors,  # FastText
    "vectors_docs_lockf": compat.doc_lock_factors,  # Doc2Vec
}


class Trainables:
    """gensim 3.x ``model.trainables``: a live view of the model's weights and lock factors.

    ``vectors_lockf`` (and FastText's ``vectors_vocab_lockf``, ``vectors_ngrams_lockf``, Doc2Vec's
    ``vectors_docs_lockf``) are the live arrays training reads: ``model.trainables.vectors_lockf[0] = 0.0``
    freezes word 0, as on gensim 3.8. ``syn1``, ``syn1neg``, ``hashfxn``, ``layer1_size``, ``seed`` and
    ``vector_size`` are the model's own; FastText's ``bucket`` is ``model.wv.bucket``.
    """

    __slots__ = ("_model",)

    def __init__(self, model: Any) -> None:
        object.__setattr__(self, "_model", model)

    def __getattr__(self, name: str) -> Any:
        model = self._model
        if name in _TRAINABLES_LOCKS and _has_lock(model, name):
            return _TRAINABLES_LOCKS[name](model)
        if name in _TRAINABLES_ON_MODEL:
            return getattr(model, name)
        if name == "bucket" and compat.is_fasttext(model):
            return model.wv.bucket
        raise AttributeError(f"model.trainables has no attribute {name!r} on gensim 4 (gensim_transfer.legacy)")

    def __setattr__(self, name: str, value: Any) -> None:
        model = self._model
        if name in _TRAINABLES_LOCKS and _has_lock(model, name):
            _TRAINABLES_LOCKS[name](model)[:] = value
        elif name in _TRAINABLES_ON_MODEL:
            setattr(model, name, value)
        else:
            raise AttributeError(f"model.trainables.{name} cannot be set on gensim 4 (gensim_transfer.legacy)")

    def __delattr__(self, name: str) -> None:
        if name not in _TRAINABLES_ON_MODEL:
            raise AttributeError(f"model.trainables.{name} cannot be deleted on gensim 4 (gensim_transfer.legacy)")
        delattr(self._model, name)

    def __repr__(self) -> str:
        return f"<model.trainables view of {type(self._model).__name__}>"


def _has_lock(model: Any, name: str) -> bool:
    if name == "vectors_docs_lockf":
        return hasattr(model, "dv")
    if name in ("vectors_vocab_lockf", "vectors_ngrams_lockf"):
        return compat.is_fasttext(model)
    return True


# ---------------------------------------------------------------------------------------------------------
# model.vocabulary
# ---------------------------------------------------------------------------------------------------------
#: Attributes of gensim 3.8's ``*Vocab`` that gensim 4 keeps on the model under the same name.
_VOCABULARY_ON_MODEL = (
    "max_vocab_size", "min_count", "sample", "sorted_vocab", "null_word", "cum_table", "raw_vocab",
    "max_final_vocab", "ns_exponent", "effective_min_count",
)


class Vocabulary:
    """gensim 3.x ``model.vocabulary``: the model's vocabulary settings and 3.x's vocabulary methods.

    ``scan_vocab(sentences)`` and ``prepare_vocab(hs, negative, wv, ...)`` call the model's gensim 4 methods
    (which take the corpus as ``corpus_iterable`` and no ``hs``/``negative``/``wv``); the settings are the
    model's own attributes.
    """

    __slots__ = ("_model",)

    def __init__(self, model: Any) -> None:
        object.__setattr__(self, "_model", model)

    def __getattr__(self, name: str) -> Any:
        if name in _VOCABULARY_ON_MODEL:
            return getattr(self._model, name)
        raise AttributeError(f"model.vocabulary has no attribute {name!r} on gensim 4 (gensim_transfer.legacy)")

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _VOCABULARY_ON_MODEL:
            raise AttributeError(f"model.vocabulary.{name} cannot be set on gensim 4 (gensim_transfer.legacy)")
        setattr(self._model, name, value)

    def scan_vocab(self, sentences=None, corpus_file=None, progress_per=None, workers=None, trim_rule=None,
                   documents=None, docvecs=None):
        """gensim 3.x ``model.vocabulary.scan_vocab``: returns ``(total_words, corpus_count)``."""
        kwargs = {"corpus_iterable": sentences if sentences is not None else documents,
                  "corpus_file": corpus_file, "trim_rule": trim_rule}
        if progress_per is not None:
            kwargs["progress_per"] = progress_per
        if workers is not None:
            kwargs["workers"] = workers
        return self._model.scan_vocab(**kwargs)

    def prepare_vocab(self, hs=None, negative=None, wv=None, update=False, keep_raw_vocab=False, trim_rule=None,
                      min_count=None, sample=None, dry_run=False):
        """gensim 3.x ``model.vocabulary.prepare_vocab`` (``hs``, ``negative`` and ``wv`` were the model's)."""
        return self._model.prepare_vocab(update=update, keep_raw_vocab=keep_raw_vocab, trim_rule=trim_rule,
                                         min_count=min_count, sample=sample, dry_run=dry_run)

    def make_cum_table(self, wv=None, domain=2**31 - 1):
        """gensim 3.x ``model.vocabulary.make_cum_table``."""
        return self._model.make_cum_table(domain=domain)

    def __repr__(self) -> str:
        return f"<model.vocabulary view of {type(self._model).__name__}>"


# ---------------------------------------------------------------------------------------------------------
# model.docvecs
# ---------------------------------------------------------------------------------------------------------
class Doctag(NamedTuple):
    """gensim 3.x ``Doctag``: where a document tag's vector is, and how many words and documents it saw."""

    offset: int
    word_count: int
    doc_count: int


class _Doctags(Mapping):
    """gensim 3.x ``docvecs.doctags``: tag -> :class:`Doctag`, a live read-only view of ``model.dv``."""

    __slots__ = ("_dv",)

    def __init__(self, dv: Any) -> None:
        self._dv = dv

    def __getitem__(self, tag: Any) -> Doctag:
        index = compat.key_to_index(self._dv)
        if tag not in index:
            raise KeyError(tag)
        return Doctag(index[tag], int(_vecattr(self._dv, tag, "word_count", 0)),
                      int(_vecattr(self._dv, tag, "doc_count", 0)))

    def __iter__(self) -> Iterator[Any]:
        return iter(compat.key_to_index(self._dv))

    def __len__(self) -> int:
        return len(compat.key_to_index(self._dv))


def _vecattr(kv: Any, key: Any, attr: str, default: Any) -> Any:
    return kv.get_vecattr(key, attr) if attr in kv.expandos else default


class DocvecsView:
    """gensim 3.x ``model.docvecs``: gensim 4's ``model.dv`` plus 3.x's names for its contents.

    Everything not listed here is ``model.dv``'s own (``docvecs[tag]``, ``most_similar``, ``len``, ...).
    """

    __slots__ = ("_model",)

    _ALIASES = {"vectors_docs": "vectors", "doctag_syn0": "vectors"}

    def __init__(self, model: Any) -> None:
        object.__setattr__(self, "_model", model)

    @property
    def __class__(self) -> type:  # so that isinstance(model.docvecs, KeyedVectors) holds, as on gensim 3
        return type(self._model.dv)

    @property
    def dv(self) -> Any:
        return self._model.dv

    @property
    def doctags(self) -> Mapping:
        _deprecated("docvecs.doctags")
        return _Doctags(self.dv)

    @property
    def offset2doctag(self) -> list:
        """gensim 3.x kept string tags here (int tags were their own offsets); gensim 4 keeps every tag."""
        _deprecated("docvecs.offset2doctag")
        return [tag for tag in compat.index_to_key(self.dv) if isinstance(tag, str)]

    @property
    def count(self) -> int:
        _deprecated("docvecs.count")
        return len(self.dv)

    def similarity_unseen_docs(self, model: Optional[Any], doc_words1, doc_words2, alpha=None, min_alpha=None,
                               steps=None, epochs=None):
        """gensim 3.x ``docvecs.similarity_unseen_docs(model, d1, d2)`` (gensim 4: on the model)."""
        _deprecated("docvecs.similarity_unseen_docs()")
        return compat.similarity_unseen_docs(model if model is not None else self._model, doc_words1,
                                             doc_words2, alpha=alpha, min_alpha=min_alpha, epochs=epochs or steps)

    def __getattr__(self, name: str) -> Any:
        if name in DocvecsView._ALIASES:
            _deprecated("docvecs." + name)
            name = DocvecsView._ALIASES[name]
        return getattr(self._model.dv, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._model.dv, DocvecsView._ALIASES.get(name, name), value)

    def __getitem__(self, key: Any) -> Any:
        return self._model.dv[key]

    def __len__(self) -> int:
        return len(self._model.dv)

    def __contains__(self, key: Any) -> bool:
        return key in self._model.dv

    def __iter__(self) -> Iterator[Any]:
        return iter(self._model.dv)

    def __eq__(self, other: Any) -> bool:
        return self._model.dv is (other.dv if isinstance(other, DocvecsView) else other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"<model.docvecs view of {self._model.dv!r}>"


def get_docvecs(self):
    """gensim 3.x ``model.docvecs`` (gensim 4: ``model.dv``), with 3.x's names for its contents."""
    stored = self.__dict__.get("docvecs", _MISSING)
    if stored is not _MISSING:
        return stored  # a gensim 3.8 pickle being loaded (gensim 4.0-4.4 then fail on it, as without legacy)
    _deprecated("model.docvecs")
    return DocvecsView(self)


def set_docvecs(self, value):
    _deprecated("model.docvecs")
    self.dv = value.dv if isinstance(value, DocvecsView) else value
