"""gensim 4.x: the 3.x spellings of KeyedVectors (``wv.vocab``, ``wv.index2word``, ``wv.syn0``, ...)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterator

import numpy as np
from gensim.models import keyedvectors as _kv_module

from .. import compat
from ._patching import _deprecated


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

    def __eq__(self, other: object) -> bool:
        """Equal if the same word has the same index and the same per-word attributes (gensim 3.8.3's
        ``model.wv.vocab == other.wv.vocab`` held for a model and one sharing its vocabulary)."""
        if not isinstance(other, _VocabEntry):
            return NotImplemented
        if self._word != other._word or self.index != other.index:
            return False
        mine, theirs = self._kv.expandos, other._kv.expandos
        if set(mine) != set(theirs):
            return False
        return all(
            np.array_equal(self._kv.get_vecattr(self._word, name), other._kv.get_vecattr(other._word, name))
            for name in mine
        )

    __hash__ = None  # mutable, like gensim 3's Vocab compared by value here

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


def _alias(spelling: str, target: str) -> property:
    """A read-write gensim 3.x name for gensim 4's attribute ``target`` (the same object)."""

    def fget(self):
        _deprecated(spelling)
        return getattr(self, target)

    def fset(self, value):
        _deprecated(spelling)
        setattr(self, target, value)

    return property(fget, fset, doc=f"gensim 3.x spelling of ``{target}`` (gensim_transfer.legacy).")


def _normed_alias(spelling: str) -> property:
    def fget(self):
        _deprecated(spelling)
        if getattr(self, "norms", None) is None:
            # gensim 3.8.3: None until init_sims() (or a similarity query) computed them, and after a load
            # (they were never saved); gensim 4 holds no norms in exactly those cases.
            return None
        return compat.normed_vectors(self)

    def fset(self, value):
        # gensim 3 code assigns None to drop the cache; gensim's loader may assign a stored array. Either
        # way the unit vectors are derived from ``vectors``, so only the cached norms are dropped.
        self.norms = None

    return property(fget, fset, doc="gensim 3.x unit-normalised vectors, computed fresh (None until init_sims()).")


def _ngram_normed_alias(spelling: str, target: str) -> property:
    """gensim 3.x FastText ``wv.vectors_vocab_norm`` / ``vectors_ngrams_norm``: ``None`` until the norms are
    computed (as ``vectors_norm``), then the unit-normalised rows of ``target``, computed fresh."""

    def fget(self):
        _deprecated(spelling)
        if getattr(self, "norms", None) is None:
            return None
        rows = getattr(self, target)
        lengths = np.linalg.norm(rows, axis=1, keepdims=True)
        return (rows / np.where(lengths == 0, 1, lengths)).astype(rows.dtype, copy=False)

    def fset(self, value):
        self.norms = None

    return property(fget, fset, doc=f"gensim 3.x unit-normalised ``{target}``, computed fresh.")


def _get_self_as_wv(self):
    _deprecated("KeyedVectors.wv")
    return self


def _word_vec(self, word, use_norm=False):
    """gensim 3.x spelling of ``get_vector(word, norm=use_norm)`` (gensim_transfer.legacy)."""
    _deprecated("wv.word_vec()")
    return self.get_vector(word, norm=bool(use_norm))


def _get_num_ngram_vectors(self):
    _deprecated("wv.num_ngram_vectors")
    return self.bucket


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
    if name == "WordEmbeddingSimilarityIndex":
        from gensim.similarities import WordEmbeddingSimilarityIndex

        _deprecated("gensim.models.keyedvectors." + name)
        return WordEmbeddingSimilarityIndex
    raise AttributeError(f"module {_kv_module.__name__!r} has no attribute {name!r}")
