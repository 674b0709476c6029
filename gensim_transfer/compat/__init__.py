"""Which gensim is installed, and how to do each thing on it.

This package is the only part of gensim-transfer that reads ``gensim.__version__`` or touches gensim attributes
whose name or meaning changed between gensim 3.8.3 and 4.x. Every other module calls the behaviour-named
functions below and never branches on versions itself.

Each version branch says which gensim it serves and when it can be deleted. Supported: gensim 3.8.3 and every
4.x release up to 4.4 (numpy 1 and 2).
"""
from __future__ import annotations

# _versions first: it imports gensim with gensim 4.0's import-time warning quieted, before any part does.
from ._versions import *  # noqa: F403
from ._versions import _REAL  # noqa: F401

# isort: split
# The parts; every public name is re-exported here, so callers write ``compat.lock_factors(model)`` and never
# import a part: _vocab (keyed vectors) <- _locks (lock factors) <- _gensim_ops (gensim's own merge and
# vocabulary building) and _fasttext (n-grams).
from ._fasttext import *  # noqa: F403
from ._gensim_ops import *  # noqa: F403
from ._locks import *  # noqa: F403
from ._locks import _fit_locks, _lock_arrays, _lock_owner  # noqa: F401  (tests read the raw lock arrays)
from ._vocab import *  # noqa: F403

__all__ = [  # noqa: F405 (the union of the parts' __all__)
    "GENSIM_3_NUMPY_ALIASES",
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
    "doc_lock_factors",
    "facebook_ngram_hashes",
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
    "model_ngram_hashes",
    "native_intersect_word2vec_format",
    "ngram_hashing_is_facebook",
    "ngram_lock_arrays_after_merge",
    "ngram_lock_factors",
    "ngram_vectors",
    "normed_vectors",
    "recompose_fasttext_vectors",
    "repair_lock_arrays",
    "set_lock_factors",
    "set_word_count",
    "similarity_unseen_docs",
    "trains_word_vectors",
    "vector_size",
    "warn_lock_array_repairs",
    "word_count",
    "word_vectors",
    "wv",
]
