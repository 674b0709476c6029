"""gensim's own operations called the way each version needs: its merge, its vocabulary building."""
from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Sequence

from packaging.version import Version

from ._locks import lock_factors
from ._versions import GENSIM_4, GENSIM_VERSION, NATIVE_BINARY_INTERSECT_WORKS, NUMPY_VERSION, corpus_kwargs
from ._vocab import is_fasttext

__all__ = [
    "active_paths",
    "build_vocab_adjusted",
    "native_intersect_word2vec_format",
    "similarity_unseen_docs",
]

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
