"""Merging pretrained vectors into a model's vocabulary, and keeping lock factors right as it grows.

:func:`transfer_init` replaces ``model.intersect_word2vec_format(path, binary=True, lockf=1.0)`` on every
gensim from 3.8.3 to 4.4; :func:`grow_vocab` replaces ``model.build_vocab(corpus, update=True)`` where the
model already carries lock factors.
"""
from __future__ import annotations

import logging
import numbers
import os
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

import numpy as np

from . import compat, formats, guard, subwords
from ._atomic import ModelWrite
from .errors import TransferError, UnusedWordVectorsWarning
from .formats._staging import Staged

__all__ = ["TransferReport", "check_lockf", "grow_vocab", "transfer_init"]

logger = logging.getLogger(__name__)


@dataclass
class TransferReport:
    """What :func:`transfer_init` did.

    Attributes
    ----------
    path : str
        The source, as messages name it (a path, ``archive.zip::member``, ``gensim-data:NAME (path)``, or
        ``<KeyedVectors in memory>``).
    format : str
        The format read (one of :data:`gensim_transfer.formats.FORMATS`).
    compression : str or None
    vector_size : int
    records_read : int
        Records read from the file (all, or the first ``limit``).
    vocab_size : int
        Words in the model's vocabulary.
    matched : int
        Vocabulary words whose vector was copied from the file.
    lockf : float
        Lock factor given to each merged word.
    seconds : float
        Wall time of the merge.
    scanner : str
        ``"compiled"`` or ``"python"``: which scanner read the file (see :func:`gensim_transfer.formats.scanner`).
    source_kind : str
        What the source was: ``file``, ``pipe``, ``zip-member``, ``gensim-data``, ``keyed-vectors`` or
        ``gensim-save`` (see :func:`gensim_transfer.formats.open_source`).
    inflater : str or None
        The deflate implementation that decompressed a ``.gz`` or ``.zip`` source (None otherwise).
    subwords : dict or None
        FastText models: what happened to the n-gram buckets (``ngrams``: ``copied``, ``seeded`` or
        ``per-word``; buckets written; ``reason`` if a ``.bin``'s buckets could not be copied), see
        :mod:`gensim_transfer.subwords`. None for other models.
    trains_word_vectors : bool
        False if the model's training neither reads nor updates word vectors (a PV-DBOW Doc2Vec, ``dm=0``,
        without ``dbow_words=1``): the merged vectors then have no effect on training and stay as merged.
    """

    path: str
    format: str
    compression: Optional[str]
    vector_size: int
    records_read: int
    vocab_size: int
    matched: int
    lockf: float
    seconds: float
    scanner: str = "python"
    source_kind: str = "file"
    inflater: Optional[str] = None
    subwords: Optional[Dict[str, Any]] = None
    trains_word_vectors: bool = True
    _matched_rows: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.zeros(0, np.int64))
    _vocabulary: List[str] = field(repr=False, compare=False, default_factory=list)

    @property
    def coverage(self) -> float:
        """Share of the vocabulary that was merged (0.0-1.0)."""
        return self.matched / self.vocab_size if self.vocab_size else 0.0

    def matched_words(self) -> List[str]:
        """Vocabulary words that took the file's vector, in vocabulary order."""
        return [self._vocabulary[i] for i in np.sort(self._matched_rows)]

    def missing_words(self) -> List[str]:
        """Vocabulary words the file did not contain (they keep their own vectors), in vocabulary order."""
        mask = np.ones(len(self._vocabulary), dtype=bool)
        mask[self._matched_rows] = False
        return [self._vocabulary[i] for i in np.flatnonzero(mask)]

    def as_dict(self) -> Dict[str, Any]:
        """The report as plain JSON-ready values (without word lists)."""
        return {
            "path": self.path,
            "format": self.format,
            "compression": self.compression,
            "vector_size": self.vector_size,
            "records_read": self.records_read,
            "vocab_size": self.vocab_size,
            "matched": self.matched,
            "coverage": round(self.coverage, 6),
            "lockf": self.lockf,
            "seconds": round(self.seconds, 6),
            "scanner": self.scanner,
            "source_kind": self.source_kind,
            "inflater": self.inflater,
            "subwords": self.subwords,
            "trains_word_vectors": self.trains_word_vectors,
        }

    def __str__(self) -> str:
        fmt = self.format + ("+" + self.compression if self.compression else "")
        how = "%s scanner" % self.scanner if self.format not in ("gensim", "fasttext-bin") else "read in place"
        if self.inflater:
            how += ", %s" % self.inflater
        if self.subwords:
            how += "; n-gram buckets %s" % self.subwords["ngrams"] + (
                " (%s)" % self.subwords["reason"] if self.subwords.get("reason") else "")
        text = (
            "merged %d of %d vocabulary words (%.1f%%) from %s [%s, %d records read, %d dimensions], "
            "lockf=%g, %.2fs (%s)"
            % (self.matched, self.vocab_size, 100.0 * self.coverage, _short_name(self.path, self.source_kind), fmt,
               self.records_read, self.vector_size, self.lockf, self.seconds, how)
        )
        if not self.trains_word_vectors:
            text += "; the model's training does not use word vectors (PV-DBOW without dbow_words)"
        return text


def check_lockf(value: Any) -> float:
    """``value`` as a lock factor: a real number from 0.0 (frozen) to 1.0 (trains freely).

    gensim multiplies each update of a word's vector by its lock factor: a negative one trains the word away
    from its contexts and one above 1 raises its learning rate, neither of which a lock means, so both are
    refused, as are NaN, strings (``"0.5"``) and booleans.

    Raises
    ------
    ValueError
        Not a real number, or outside [0, 1].

    Examples
    --------
    >>> check_lockf(0)
    0.0
    """
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()  # a numpy scalar held in a 0-d array, e.g. the result of np.asarray(0.5)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError("lockf must be a real number from 0.0 (frozen) to 1.0 (free), got %r" % (value,))
    lockf = float(value)
    if not 0.0 <= lockf <= 1.0:  # NaN fails this too
        raise ValueError("lockf must be from 0.0 (frozen) to 1.0 (free), got %r" % (value,))
    return lockf


def _short_name(name: str, kind: str) -> str:
    """How a report names its source: a file by its base name (``archive.zip::member`` too), a gensim-data
    download by its name, anything else (a pipe, an object in memory) in full."""
    if kind == "gensim-data":
        return name.split(" (", 1)[0]
    if kind in ("file", "zip-member", "gensim-save"):
        path, sep, member = name.partition("::")
        return os.path.basename(path) + sep + member
    return name


def transfer_init(
    model: Any,
    source: formats.SourceLike,
    lockf: float = 0.0,
    *,
    binary: Optional[bool] = None,
    limit: Optional[int] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
    progress: Optional[Callable[[int], None]] = None,
    member: Optional[str] = None,
) -> TransferReport:
    """Copy pretrained vectors into the words of ``model``'s vocabulary that the file contains.

    The drop-in for gensim's ``intersect_word2vec_format``, identical on gensim 3.8.3 and every 4.x (including
    4.4 with numpy 2, where gensim's own binary merge fails). No word is added; words the file lacks keep
    their vectors; merged words get lock factor ``lockf`` and every other word keeps its lock.

    The source is opened once and read once, front to back (so pipes work), and every record is checked
    before the model is touched. The matched vectors are staged as they go by: the first 24 MiB in memory,
    the rest in an unlinked temporary file. The merge then writes them into the model with an undo log (the
    staging itself, swapped row block by row block): after any error, ``KeyboardInterrupt`` or a file that
    changes while it is read, the model — vectors, lock factors, vocabulary — is bit-identical to before.

    Parameters
    ----------
    model : Word2Vec, FastText or Doc2Vec
        A model whose vocabulary is built (``build_vocab`` done).
    source : str, path-like, KeyedVectors or model
        Where the pretrained vectors are: a word2vec binary or text, fastText ``.vec`` or GloVe file (plain,
        ``.gz``/``.bz2``, or a member of a ``.zip``: ``"glove.6B.zip::glove.6B.100d.txt"``), a pipe, a gensim
        ``save()`` file (KeyedVectors or a model), a gensim-data name found in the local gensim-data directory
        (``"glove-wiki-gigaword-100"``; never downloaded), or a KeyedVectors / model in memory. See
        :func:`gensim_transfer.formats.open_source` for how a source is recognised.
    lockf : float
        Lock factor of each merged word: 0.0 freezes its vector during training, 1.0 lets it train freely
        (gensim's default for this argument was 0.0 too).
    binary : bool or None
        None detects the format from the file's first bytes.
    limit : int or None
        Read only the first ``limit`` records (the most frequent words, in GoogleNews-style files).
    encoding, unicode_errors
        How the file's words are decoded; under ``"strict"`` a word that does not decode is an error.
    progress : callable, optional
        Called with the number of records read since its previous call, once per chunk of the file, e.g. to
        drive a progress bar whose total is ``sniff(source).count`` (None for GloVe files).
    member : str, optional
        The member of a ``.zip`` archive to read (the same as ``"archive.zip::member"``).

    Returns
    -------
    TransferReport

    Raises
    ------
    gensim_transfer.errors.VectorSizeError
        The file's vectors have a different size than the model's.
    gensim_transfer.errors.FormatError
        Malformed file; the message names the file and the record or line.
    gensim_transfer.errors.TransferError
        No vocabulary yet, or a vocabulary entry that is not a str (e.g. ``None``, which gensim 4.x's
        ``load_word2vec_format`` leaves for duplicate words), named by its index.
    TypeError
        Not a trainable model.
    ValueError
        ``lockf`` is not a real number from 0.0 to 1.0 (see :func:`check_lockf`).

    Warns
    -----
    gensim_transfer.errors.LockFactorWarning
        The model's lock arrays had a dtype or layout gensim's training misreads (repaired, values kept).
    gensim_transfer.errors.UnusedWordVectorsWarning
        The model is a PV-DBOW Doc2Vec without ``dbow_words=1``, whose training ignores word vectors: the
        merge is done, but has no effect on training (``report.trains_word_vectors`` is False).

    Notes
    -----
    FastText: the n-gram buckets are carried over too (:mod:`gensim_transfer.subwords`). From a fastText
    ``.bin`` whose ``min_n``/``max_n``/``bucket`` and hashing agree with the model, its buckets and the words'
    own rows are copied, so every word, in the vocabulary or not, composes as in the file. From a word-level
    source, each bucket the source's words reach becomes the mean of their vectors, and each merged word's own
    row (``wv.vectors_vocab``) is set so that gensim's composed vector ``model.wv[word]`` equals the file's to
    float32 rounding; a ``.bin`` whose layout differs gives per-word vectors, and the report says why
    (``TransferReport.subwords``). Copied and seeded buckets take ``lockf`` too, so ``lockf=0.0`` keeps the
    merged words' composed vectors the file's through training.

    Doc2Vec: the file's vectors go into the word vectors (``model.wv``); document vectors are untouched.

    Examples
    --------
    >>> from gensim.models import Word2Vec
    >>> from gensim_transfer import compat, transfer_init
    >>> model = Word2Vec(**compat.model_kwargs(size=300, min_count=1))
    >>> model.build_vocab(sentences)
    >>> report = transfer_init(model, "GoogleNews-vectors-negative300.bin", lockf=1.0)
    >>> print(report)
    merged 812 of 1033 vocabulary words (78.6%) from GoogleNews-vectors-negative300.bin [...]
    >>> model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    """
    started = time.perf_counter()
    _check_model(model)
    lockf = check_lockf(lockf)
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError("limit must be a non-negative int or None, got %r" % (limit,))
    vocabulary = compat.checked_vocabulary(model)
    if not vocabulary:
        raise TransferError(
            "the model has no vocabulary yet; call model.build_vocab(corpus) before transfer_init(model, %s)"
            % _describe(source)
        )
    plan = None
    with formats.open_source(source, binary=binary, member=member) as opened:
        if compat.is_fasttext(model):
            selection, plan = _select_for_fasttext(
                model, opened, vocabulary, lockf, limit=limit, encoding=encoding, unicode_errors=unicode_errors,
                progress=progress)
        else:
            selection = opened.select(
                vocabulary, limit=limit, encoding=encoding, unicode_errors=unicode_errors,
                vector_size=compat.vector_size(model), progress=progress,
            )
        name = opened.name
    trains_words = _warn_if_words_unused(model, name)
    guard.install()  # a class-level wrapper, not model state; installed before the model changes
    rows = selection.rows
    info = selection.info
    report = TransferReport(
        path=name,
        format=info.format,
        compression=info.compression,
        vector_size=info.vector_size,
        records_read=selection.records,
        vocab_size=len(vocabulary),
        matched=len(rows),
        lockf=lockf,
        seconds=0.0,
        scanner=formats.scanner(),
        source_kind=info.source_kind,
        inflater=formats.inflater() if info.compression == "gzip" or info.source_kind == "zip-member" else None,
        trains_word_vectors=trains_words,
        _matched_rows=rows,
        _vocabulary=vocabulary,
    )
    if plan is not None:
        report.subwords = plan.report()
    write = _merge_write(model, selection, lockf) if plan is None else _fasttext_write(model, selection, plan)
    write.then(lambda: setattr(report, "seconds", time.perf_counter() - started))
    try:
        # The source was valid and is closed: the model changes now, all at once or not at all. Nothing
        # that can fail follows the write.
        write.apply()
    finally:
        selection.close()
    logger.info("transfer_init: %s", report)
    return report


def _merge_write(model: Any, selection: formats.Selection, lockf: float) -> ModelWrite:
    """The model changes of a merge: staged vectors into the trainable rows, the composed rows (FastText),
    the lock arrays (see :func:`gensim_transfer.compat.lock_arrays_after_merge`)."""
    rows = selection.rows
    write = _lock_repairs(model)
    matrix = compat.word_vectors(model)
    write.swap_rows(matrix, selection.staged, rows)
    composed = compat.composed_vectors(model)
    if composed is not None:
        write.copy_rows(composed, matrix, rows)
    for owner, name, array in compat.lock_arrays_after_merge(model, rows, lockf):
        write.replace_attribute(owner, name, array)
    for owner, name in compat.cached_norms(model):
        write.replace_attribute(owner, name, None)  # similarity queries must see the new vectors
    return write


def _lock_repairs(model: Any) -> ModelWrite:
    """A write that starts by repairing lock arrays gensim would misread (float64, strided, short: see
    :func:`gensim_transfer.compat.repair_lock_arrays`), values kept, warning once it is done."""
    write = ModelWrite()
    repairs, fixes = compat.lock_array_repairs(model)
    for owner, name, fixed in repairs:
        write.replace_attribute(owner, name, fixed)
    if fixes:
        write.then(lambda: compat.warn_lock_array_repairs(model, fixes))
    return write


def _select_for_fasttext(model: Any, opened: formats.Source, vocabulary: List[str], lockf: float, *,
                         limit: Optional[int], encoding: str, unicode_errors: str,
                         progress: Optional[Callable[[int], None]]) -> Tuple[formats.Selection, Any]:
    """Read the source once for a FastText model: the merged words and what their n-gram buckets become
    (see :mod:`gensim_transfer.subwords`): copied from a fastText ``.bin`` whose layout agrees, seeded from
    every word of a word-level source, or left as they are (a ``.bin`` whose layout differs)."""
    size = compat.vector_size(model)
    if opened.info.format == "fasttext-bin":
        if opened.info.vector_size != size:
            opened.select([], vector_size=size)  # raises the usual VectorSizeError
        reason = subwords.ngram_layout_agrees(model, opened.bin_info)
        wanted = {w: i for i, w in enumerate(vocabulary)}
        if reason is None:
            copier = subwords.BucketCopier(model)
            rows, own = opened.compose(wanted, limit=limit, compose=False, ngram_sink=copier)
            plan = subwords.plan_copied(model, rows, own, copier, lockf)
        else:
            rows, vectors = opened.compose(wanted, limit=limit)
            plan = subwords.plan_from_words(model, rows, vectors, lockf, reason=reason)
        records = opened.info.count if limit is None else min(limit, opened.info.count or 0)
        return _selection_of(opened.info, records or 0, plan), plan
    seeder = subwords.BucketSeeder(model)
    selection = opened.select(vocabulary, limit=limit, encoding=encoding, unicode_errors=unicode_errors,
                              vector_size=size, progress=progress, observe=seeder.add)
    try:
        plan = subwords.plan_from_words(model, selection.rows, selection.staged.vectors(), lockf, seeder=seeder)
    finally:
        selection.close()
    return _selection_of(selection.info, selection.records, plan), plan


def _selection_of(info: formats.VectorFileInfo, records: int, plan: Any) -> formats.Selection:
    """The plan's own rows staged for the atomic write."""
    staged = Staged(info.vector_size)
    staged.append(np.asarray(plan.word_rows), plan.word_vectors)
    return formats.Selection(info, records, staged.finish())


def _fasttext_write(model: Any, selection: formats.Selection, plan: Any) -> ModelWrite:
    """The model changes of a merge into FastText: own rows, n-gram matrix, word and bucket locks, the composed
    vectors recomputed by gensim's own rule (one copy of ``wv.vectors`` is kept to undo it)."""
    write = _lock_repairs(model)
    kv = compat.wv(model)
    write.swap_rows(compat.word_vectors(model), selection.staged, selection.rows)
    if plan.ngram_vectors is not None:
        write.replace_attribute(kv, "vectors_ngrams", plan.ngram_vectors)
    for owner, name, array in compat.lock_arrays_after_merge(model, selection.rows, plan.lockf):
        write.replace_attribute(owner, name, array)
    if len(plan.ngram_lock_rows):
        for owner, name, array in compat.ngram_lock_arrays_after_merge(model, plan.ngram_lock_rows, plan.lockf):
            write.replace_attribute(owner, name, array)
    for owner, name in compat.cached_norms(model):
        write.replace_attribute(owner, name, None)
    write.recompute_attribute(kv, "vectors", lambda: compat.recompose_fasttext_vectors(model))
    return write


def _describe(source: Any) -> str:
    if isinstance(source, (str, bytes, os.PathLike)):
        return repr(os.fsdecode(os.fspath(source)))
    return "<%s>" % type(source).__name__


def _warn_if_words_unused(model: Any, path: str) -> bool:
    """False, with a warning, if training ``model`` ignores the word vectors just merged into it."""
    if compat.trains_word_vectors(model):
        return True
    warnings.warn(
        "merged %s into a PV-DBOW Doc2Vec (dm=0 without dbow_words=1), whose training neither reads nor "
        "updates word vectors: the merge has no effect on its document vectors; pass dbow_words=1 (or dm=1) "
        "to the model to train word vectors too" % os.path.basename(path),
        UnusedWordVectorsWarning,
        stacklevel=compat.caller_stacklevel(),
    )
    return False


def _check_model(model: Any) -> None:
    if compat.is_keyed_vectors(model) or not hasattr(model, "wv") or not hasattr(model, "build_vocab"):
        raise TypeError(
            "transfer_init needs a trainable gensim model (Word2Vec, FastText or Doc2Vec), got %s; "
            "KeyedVectors have no lock factors or training" % type(model).__name__
        )


def grow_vocab(model: Any, corpus: Optional[Iterable] = None, **build_vocab_kwargs: Any) -> int:
    """Add a corpus's words to a built model's vocabulary, keeping every existing word's lock factor.

    Use instead of ``model.build_vocab(corpus, update=True)``. gensim 3.8.3 resets every lock to 1.0 on a
    vocabulary update (a frozen pretrained word would train again) and gensim 4.x keeps the old, shorter lock
    array, which its kernel reads modulo its length (a new word could inherit a frozen lock). Here old words
    keep their lock and new words get 1.0, on every gensim line. Works in either order: merge then grow, or
    grow then merge.

    Parameters
    ----------
    model : Word2Vec, FastText or Doc2Vec
        A model whose vocabulary is already built.
    corpus : iterable of token lists (or TaggedDocument for Doc2Vec), optional
        Passed to ``build_vocab`` positionally; ``corpus_file=`` and other keywords go in
        ``build_vocab_kwargs`` (either gensim spelling, see :func:`gensim_transfer.compat.corpus_kwargs`).

    Returns
    -------
    int
        How many words were added.

    Examples
    --------
    >>> transfer_init(model, "pretrained.bin", lockf=0.0)   # freeze the pretrained words
    >>> grow_vocab(model, domain_sentences)                 # they stay frozen; new words train
    """
    _check_model(model)
    build_vocab_kwargs.pop("update", None)
    before = len(compat.index_to_key(model))
    with guard.keeping_lock_factors(model):
        if corpus is None:
            model.build_vocab(update=True, **compat.corpus_kwargs(**build_vocab_kwargs))
        else:
            model.build_vocab(corpus, update=True, **compat.corpus_kwargs(**build_vocab_kwargs))
    added = len(compat.index_to_key(model)) - before
    logger.info("grow_vocab: added %d words; existing words kept their lock factors", added)
    return added
