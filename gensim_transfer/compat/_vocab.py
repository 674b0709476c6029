"""Keyed vectors on every gensim line: vocabulary, counts, matrices."""
from __future__ import annotations

import collections.abc
import logging
from typing import Any, List, Mapping, Sequence

import numpy as np
from gensim.models import Doc2Vec, FastText

from ..errors import TransferError
from ._versions import _REAL, GENSIM_4

__all__ = [
    "checked_vocabulary",
    "index_to_key",
    "is_fasttext",
    "is_keyed_vectors",
    "key_to_index",
    "keyed_vectors_from",
    "normed_vectors",
    "set_word_count",
    "trains_word_vectors",
    "vector_size",
    "word_count",
    "word_vectors",
    "wv",
]

logger = logging.getLogger("gensim_transfer.compat")

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
