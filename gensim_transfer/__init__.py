"""gensim-transfer: merge pretrained word vectors into gensim models and keep training them.

The same code works on every gensim from 3.8.3 to 4.4::

    from gensim_transfer import compat, transfer_init
    model = Word2Vec(**compat.model_kwargs(size=300, min_count=1))
    model.build_vocab(sentences)
    report = transfer_init(model, "GoogleNews-vectors-negative300.bin", lockf=1.0)
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)

Modules, in the order data flows: ``compat`` (which gensim; the only package that asks) -> ``formats``
(sources of vectors in, word2vec files out) -> ``transfer`` (merging into a model atomically, lock factors;
``subwords`` for FastText's n-grams, ``guard`` keeps locks right) -> front doors: ``adapt`` (one-call workflow,
``anchor``), ``drift``, ``evaluate``, ``cli``, ``legacy`` (gensim 3.x code on 4.x), ``migrate``.
"""
# compat first: it is the one place that imports gensim (and quiets gensim 4.0's import-time warning).
from . import compat
from ._version import __version__
from .adapt import AdaptReport, LineCorpus, adapt
from .drift import DriftReport
from .errors import FormatError, LockFactorWarning, TransferError, TruncatedFileError, VectorSizeError
from .formats import iter_vectors, open_source, read_vectors, sniff, write_vectors
from .transfer import TransferReport, grow_vocab, transfer_init

__all__ = [
    "AdaptReport",
    "DriftReport",
    "FormatError",
    "LineCorpus",
    "LockFactorWarning",
    "TransferError",
    "TransferReport",
    "TruncatedFileError",
    "VectorSizeError",
    "__version__",
    "adapt",
    "compat",
    "grow_vocab",
    "iter_vectors",
    "open_source",
    "read_vectors",
    "sniff",
    "transfer_init",
    "write_vectors",
]
