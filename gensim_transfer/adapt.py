"""The whole workflow in one call: domain vocabulary, merge of pretrained vectors, training.

:func:`adapt` builds a model's vocabulary from a domain corpus (and, if asked, from the first words of a
pretrained vector file), merges the pretrained vectors with :func:`gensim_transfer.transfer_init`, trains on
the corpus with the lock factors gensim really reads, and reports what happened (:class:`AdaptReport`).
:func:`build_vocab` is the vocabulary step on its own; :class:`LineCorpus` reads a text corpus file.

Vocabulary strategies (:data:`VOCAB_STRATEGIES`)
------------------------------------------------
``"corpus"``
    Only corpus words, under gensim's own rules (``min_count``, ``max_final_vocab``, ``trim_rule``).
``"union"``
    The corpus words as above, plus the file's first ``top`` words. gensim orders the vocabulary (by
    descending count, if ``sorted_vocab``).
``"pretrained-first"``
    The file's first ``top`` words in file order, then the corpus words by descending corpus count: the
    order of the usual tutorial recipe, without its count trick.

Counts. Every corpus word keeps its real corpus count, so downsampling (``sample``) and the
negative-sampling table see the corpus as it is. A pretrained word is kept because it is among the file's
first ``top`` words, not because of its count: if the corpus has it fewer than ``min_count`` times, it stays
with its real count. A pretrained word that the corpus lacks gets a count of
:data:`PRETRAINED_ONLY_COUNT` (1), the smallest count gensim's formulas accept (0 divides by zero in its
downsampling formula). The reason: gensim derives two training distributions from counts. Its downsampling
threshold is ``sample * total count``, so every count given to a word the corpus never contains raises
the threshold and downsamples the corpus's frequent words less; with 1 per word the shift is the smallest
possible. Its negative-sampling table draws a word with probability proportional to ``count ** 0.75``,
so a never-seen word with count 1 is drawn exactly as often as a word seen once. The tutorial recipe
(``build_vocab([pretrained_words])`` then ``build_vocab(corpus, update=True)``) gives the same 1 to every
pretrained word but adds it to the corpus words' counts too (each is off by one) and needs
``min_count=1``, which keeps every corpus typo. With ``min_count`` (often 5) per pretrained word instead of
1, a 100,000-word union would add 500,000 phantom tokens to a corpus's total.
"""
from __future__ import annotations

import io
import logging
import numbers
import os
import time
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models.doc2vec import TaggedDocument
from gensim.utils import RULE_DEFAULT, RULE_KEEP

from . import compat, formats, guard
from .anchor import SoftAnchor, check_anchor
from .drift import DriftReport, vector_drift
from .errors import FormatError, TransferError, VectorSizeError
from .formats._compression import decompressed, detect_compression
from .transfer import TransferReport, check_lockf, transfer_init

__all__ = [
    "MODELS",
    "PRETRAINED_ONLY_COUNT",
    "VOCAB_STRATEGIES",
    "AdaptReport",
    "LineCorpus",
    "VocabReport",
    "adapt",
    "build_vocab",
    "stable_hash",
]

logger = logging.getLogger(__name__)

#: Model names :func:`adapt` accepts, and their gensim classes.
MODELS = {"word2vec": Word2Vec, "fasttext": FastText, "doc2vec": Doc2Vec}
#: Vocabulary strategies (see the module docstring).
VOCAB_STRATEGIES = ("corpus", "union", "pretrained-first")
#: The count given to a pretrained word the corpus does not contain (see the module docstring for why 1).
PRETRAINED_ONLY_COUNT = 1

#: gensim's longest trained sentence (its Cython kernels cut longer ones); :class:`LineCorpus` splits lines
#: into pieces of this length, as gensim's ``LineSentence`` does.
MAX_SENTENCE_LENGTH = 10000

_CORPUS_KEYWORDS = ("sentences", "corpus_iterable", "documents", "corpus_file")


# ---------------------------------------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------------------------------------
class LineCorpus:
    """A text file, one sentence (or document) per line, tokens separated by whitespace; re-iterable.

    Like gensim's ``LineSentence`` (and ``TaggedLineDocument`` with ``tagged=True``), with these
    differences: compression (gzip or bzip2) is detected from the file's first bytes rather than its name
    and read strictly (every member or stream; corrupt, cut-short or trailing data is a
    :class:`~gensim_transfer.errors.FormatError` naming the file, see :mod:`gensim_transfer.formats._compression`),
    and a line that does not decode is a :class:`~gensim_transfer.errors.FormatError` naming the file, the
    line and its byte offset.

    Parameters
    ----------
    path : str or path-like
    tagged : bool
        Yield ``TaggedDocument(words, [n])`` with ``n`` the 0-based line number (for Doc2Vec), one per line,
        empty lines included so that tags stay line numbers. Otherwise yield token lists, skipping empty
        lines and splitting lines longer than 10,000 tokens, as gensim's ``LineSentence`` does.
    encoding : str
    progress : callable, optional
        Called as ``progress(n)`` while iterating, with ``n`` the number of bytes of the file (as stored,
        i.e. compressed bytes for a compressed file) read since the previous call; over one full pass the
        calls add up to the file's size. The command line uses it for progress bars.

    Raises
    ------
    OSError
        The file cannot be opened (checked when the object is created).

    Examples
    --------
    >>> corpus = LineCorpus("domain.txt.gz")
    >>> next(iter(corpus))[:3]
    ['the', 'patient', 'was']
    """

    def __init__(
        self,
        path: formats.PathLike,
        *,
        tagged: bool = False,
        encoding: str = "utf8",
        progress: Optional[Callable[[int], None]] = None,
    ) -> None:
        self.path = os.fspath(path)
        self.tagged = tagged
        self.encoding = encoding
        self.progress = progress
        with open(self.path, "rb") as raw:
            self.compression = detect_compression(raw.read(1 << 16))
        self.size = os.path.getsize(self.path)

    def with_tags(self, tagged: bool = True) -> LineCorpus:
        """The same file, yielding tagged documents (or plain token lists with ``tagged=False``)."""
        return LineCorpus(self.path, tagged=tagged, encoding=self.encoding, progress=self.progress)

    def __repr__(self) -> str:
        return "LineCorpus(%r, tagged=%r)" % (self.path, self.tagged)

    def __iter__(self) -> Iterator[Any]:
        report = self.progress
        with open(self.path, "rb") as raw:
            stream: Any = raw
            if self.compression is not None:
                stream = io.BufferedReader(decompressed(raw, self.compression, self.path), 1 << 20)
            offset = 0
            reported = 0
            for number, line in enumerate(stream, 1):
                try:
                    words = line.decode(self.encoding).split()
                except UnicodeDecodeError as err:
                    raise FormatError(
                        self.path,
                        "line is not valid %s (%s at byte %d of the line)"
                        % (self.encoding, err.reason, err.start),
                        line=number,
                        offset=offset + err.start,
                    ) from None
                offset += len(line)
                if report is not None and not number % 2048:
                    position = raw.tell()
                    report(position - reported)
                    reported = position
                if self.tagged:
                    yield TaggedDocument(words, [number - 1])
                    continue
                for start in range(0, len(words), MAX_SENTENCE_LENGTH):
                    yield words[start:start + MAX_SENTENCE_LENGTH]
            if report is not None:
                report(self.size - reported)


class _Tagged:
    """Token lists as ``TaggedDocument(words, [n])``, n counting from 0; re-iterable."""

    def __init__(self, corpus: Iterable[Sequence[str]]) -> None:
        self.corpus = corpus

    def __iter__(self) -> Iterator[TaggedDocument]:
        for number, words in enumerate(self.corpus):
            yield TaggedDocument(list(words), [number])


def _prepare_corpus(corpus: Any, tagged: bool) -> Tuple[Any, str]:
    """The corpus as gensim wants it for this model, and how to name it in messages."""
    if isinstance(corpus, (str, bytes, os.PathLike)):
        if isinstance(corpus, bytes):
            corpus = os.fsdecode(corpus)
        line_corpus = LineCorpus(corpus, tagged=tagged)
        return line_corpus, line_corpus.path
    if isinstance(corpus, LineCorpus):
        return (corpus if corpus.tagged == tagged else corpus.with_tags(tagged)), corpus.path
    if iter(corpus) is corpus:
        raise TypeError(
            "the corpus is a one-shot iterator (%s), but it is read several times (vocabulary, then every "
            "epoch); pass a list, a re-iterable object, or a file path" % type(corpus).__name__
        )
    first = next(iter(corpus), None)
    if first is None:
        raise TransferError("the corpus is empty")
    is_document = hasattr(first, "words") and hasattr(first, "tags")
    text = first.words if is_document else first
    if isinstance(text, str):
        raise TypeError(
            "corpus items must be lists of tokens, got a str (%r); split each sentence first, e.g. "
            "[line.split() for line in lines]" % text[:40]
        )
    if tagged:
        return (corpus if is_document else _Tagged(corpus)), "<corpus>"
    if is_document:
        raise TypeError("the corpus holds TaggedDocument objects, which only model='doc2vec' reads")
    return corpus, "<corpus>"


def stable_hash(text: str) -> int:
    """A string hash that is the same in every process (CRC-32 of the UTF-8 bytes).

    gensim 3.8 seeds each word's initial vector with ``hashfxn(word + str(seed))``; its default, Python's
    ``hash``, changes between processes unless ``PYTHONHASHSEED`` is set. Pass ``hashfxn=stable_hash`` for
    runs that repeat exactly (gensim 4.x seeds initial vectors from ``seed`` alone, where it makes no
    difference). A model saved with it needs gensim-transfer installed to load.

    Examples
    --------
    >>> model, report = adapt(corpus, "vectors.bin", seed=1, workers=1, hashfxn=stable_hash)
    """
    return zlib.crc32(text.encode("utf8"))


# ---------------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------------
@dataclass
class VocabReport:
    """What :func:`build_vocab` built.

    Attributes
    ----------
    strategy : str
        One of :data:`VOCAB_STRATEGIES`.
    top : int or None
        How many of the file's first records were considered (None: all).
    corpus_sentences : int
        Sentences (documents) in the corpus, as gensim counted them (``corpus_count``).
    corpus_words : int
        Tokens in the corpus (``corpus_total_words``).
    corpus_types : int
        Distinct words in the corpus (before ``min_count``).
    vocab_size : int
        Words in the model's vocabulary.
    from_corpus : int
        Vocabulary words that occur in the corpus.
    pretrained_read : int
        Distinct words read from the file for the vocabulary (0 for the ``"corpus"`` strategy).
    pretrained_only : int
        Vocabulary words from the file that the corpus lacks (added with count :data:`PRETRAINED_ONLY_COUNT`).
    seconds : float
    """

    strategy: str
    top: Optional[int]
    corpus_sentences: int
    corpus_words: int
    corpus_types: int
    vocab_size: int
    from_corpus: int
    pretrained_read: int
    pretrained_only: int
    seconds: float

    def as_dict(self) -> Dict[str, Any]:
        """The report as plain JSON-ready values."""
        return {
            "strategy": self.strategy,
            "top": self.top,
            "corpus_sentences": self.corpus_sentences,
            "corpus_words": self.corpus_words,
            "corpus_types": self.corpus_types,
            "vocab_size": self.vocab_size,
            "from_corpus": self.from_corpus,
            "pretrained_read": self.pretrained_read,
            "pretrained_only": self.pretrained_only,
            "seconds": round(self.seconds, 6),
        }

    def __str__(self) -> str:
        text = "%s words (%s strategy): %s from the corpus" % (
            _n(self.vocab_size), self.strategy, _n(self.from_corpus))
        if self.strategy != "corpus":
            text += ", %s only in the file's first %s words" % (
                _n(self.pretrained_only), _n(self.pretrained_read))
        return text


def _check_strategy(strategy: str) -> str:
    if strategy not in VOCAB_STRATEGIES:
        raise ValueError("vocab must be one of %s, got %r" % (", ".join(VOCAB_STRATEGIES), strategy))
    return strategy


def _check_top(top: Optional[int]) -> Optional[int]:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValueError("top must be a positive int or None (all records), got %r" % (top,))
    return top


def _keeping(words: frozenset, trim_rule: Optional[Callable]) -> Callable:
    """A gensim trim rule that keeps ``words`` whatever their count, and defers to ``trim_rule`` otherwise."""

    def rule(word: str, count: int, min_count: int) -> int:
        if word in words:
            return RULE_KEEP
        return RULE_DEFAULT if trim_rule is None else trim_rule(word, count, min_count)

    return rule


def build_vocab(
    model: Any,
    corpus: Iterable,
    pretrained: Optional[formats.SourceLike] = None,
    *,
    strategy: str = "corpus",
    top: Optional[int] = None,
    binary: Optional[bool] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
    trim_rule: Optional[Callable] = None,
    **build_vocab_kwargs: Any,
) -> VocabReport:
    """Build a fresh model's vocabulary from a corpus, and from a pretrained file's first words if asked.

    Parameters
    ----------
    model : Word2Vec, FastText or Doc2Vec
        A model whose vocabulary is not built yet (an existing one is replaced, as by gensim's own
        ``build_vocab``).
    corpus : iterable
        Token lists (``TaggedDocument`` for Doc2Vec); read once here.
    pretrained : source of vectors, optional
        The pretrained vectors (anything :func:`gensim_transfer.formats.open_source` accepts); needed for the
        ``"union"`` and ``"pretrained-first"`` strategies.
    strategy : {"corpus", "union", "pretrained-first"}
        See the module docstring.
    top : int or None
        How many of the file's first records to add (None: all; the file's first records are its most
        frequent words in GoogleNews-style files).
    binary, encoding, unicode_errors
        How the file is read (see :func:`gensim_transfer.formats.iter_vectors`).
    trim_rule : callable, optional
        gensim's trim rule; it decides for corpus words only (the file's first ``top`` words are kept).
    **build_vocab_kwargs
        Other keywords of gensim's ``build_vocab`` (e.g. ``progress_per``); not ``update``: to add words to
        a built vocabulary use :func:`gensim_transfer.grow_vocab`.

    Returns
    -------
    VocabReport

    Raises
    ------
    gensim_transfer.errors.FormatError
        The vector file is malformed within its first ``top`` records.
    ValueError
        Unknown strategy, bad ``top``, or no ``pretrained`` file for a strategy that needs one.

    Examples
    --------
    >>> model = Word2Vec(**compat.model_kwargs(size=300, min_count=5))
    >>> report = build_vocab(model, sentences, "GoogleNews-vectors-negative300.bin.gz",
    ...                      strategy="union", top=100_000)
    >>> report.vocab_size == report.from_corpus + report.pretrained_only
    True
    """
    started = time.perf_counter()
    strategy = _check_strategy(strategy)
    top = _check_top(top)
    if "update" in build_vocab_kwargs:
        raise ValueError("build_vocab builds a fresh vocabulary; use gensim_transfer.grow_vocab to add words")
    pretrained_words: List[str] = []
    if strategy != "corpus":
        if pretrained is None:
            raise ValueError("vocabulary strategy %r needs the pretrained vector file" % strategy)
        pretrained_words = list(dict.fromkeys(
            word for word, _ in formats.iter_vectors(
                pretrained, binary=binary, limit=top, encoding=encoding, unicode_errors=unicode_errors)
        ))
    corpus_counts: Dict[str, int] = {}

    def adjust(raw: Dict[str, int]) -> Dict[str, int]:
        corpus_counts.update(raw)
        if strategy == "union":
            counts = dict(raw)
            for word in pretrained_words:
                counts.setdefault(word, PRETRAINED_ONLY_COUNT)
            return counts
        if strategy == "pretrained-first":
            counts = {word: raw.get(word, PRETRAINED_ONLY_COUNT) for word in pretrained_words}
            rest = [word for word in raw if word not in counts]
            rest.sort(key=raw.__getitem__, reverse=True)  # stable: equal counts keep first-seen order
            counts.update((word, raw[word]) for word in rest)
            return counts
        return raw

    rule = _keeping(frozenset(pretrained_words), trim_rule) if pretrained_words else trim_rule
    compat.build_vocab_adjusted(
        model, corpus, adjust, keep_order=strategy == "pretrained-first", trim_rule=rule, **build_vocab_kwargs
    )
    vocabulary = compat.index_to_key(model)
    from_corpus = sum(1 for word in vocabulary if word in corpus_counts)
    pretrained_set = frozenset(pretrained_words)
    pretrained_only = sum(1 for word in vocabulary if word in pretrained_set and word not in corpus_counts)
    report = VocabReport(
        strategy=strategy,
        top=top,
        corpus_sentences=int(model.corpus_count),
        corpus_words=int(model.corpus_total_words or 0),
        corpus_types=len(corpus_counts),
        vocab_size=len(vocabulary),
        from_corpus=from_corpus,
        pretrained_read=len(pretrained_words),
        pretrained_only=pretrained_only,
        seconds=time.perf_counter() - started,
    )
    logger.info("build_vocab: %s", report)
    return report


# ---------------------------------------------------------------------------------------------------------
# The workflow
# ---------------------------------------------------------------------------------------------------------
@dataclass
class AdaptReport:
    """What :func:`adapt` did.

    Attributes
    ----------
    model : str
        ``"word2vec"``, ``"fasttext"`` or ``"doc2vec"``.
    corpus : str
        The corpus file, or ``"<corpus>"`` for an in-memory corpus.
    vocab : VocabReport
    transfer : TransferReport
        The merge (:func:`gensim_transfer.transfer_init`).
    epochs : int
    lockf : float
    training_seconds : float
    anchor : float
        Soft-anchoring strength the merged words trained under (0: none; see :mod:`gensim_transfer.anchor`).
    seconds : float
        Wall time of the whole call.
    drift : DriftReport or None
        How far the merged vectors moved during training (None with ``drift=False``).
    gensim_version : str
    """

    model: str
    corpus: str
    vocab: VocabReport
    transfer: TransferReport
    epochs: int
    lockf: float
    training_seconds: float
    seconds: float
    drift: Optional[DriftReport] = None
    anchor: float = 0.0
    gensim_version: str = field(default_factory=lambda: str(compat.GENSIM_VERSION))

    def as_dict(self) -> Dict[str, Any]:
        """The report as plain JSON-ready values (nested dicts for the vocabulary, merge and drift)."""
        return {
            "model": self.model,
            "corpus": self.corpus,
            "vocab": self.vocab.as_dict(),
            "transfer": self.transfer.as_dict(),
            "epochs": self.epochs,
            "lockf": self.lockf,
            "anchor": self.anchor,
            "training_seconds": round(self.training_seconds, 6),
            "seconds": round(self.seconds, 6),
            "drift": None if self.drift is None else self.drift.as_dict(),
            "gensim_version": self.gensim_version,
        }

    def __str__(self) -> str:
        vocab = self.vocab
        lines = [
            "adapted a %s model in %.1fs (gensim %s)"
            % (_MODEL_TITLES[self.model], self.seconds, self.gensim_version),
            "  corpus      %s: %s sentences, %s words, %s distinct" % (
                os.path.basename(self.corpus), _n(vocab.corpus_sentences), _n(vocab.corpus_words),
                _n(vocab.corpus_types)),
            "  vocabulary  %s" % vocab,
            "  transfer    %s" % self.transfer,
            "  training    %d epochs over %s words, %.1fs" % (
                self.epochs, _n(self.vocab.corpus_words), self.training_seconds),
        ]
        if self.anchor:
            lines.append("  anchor      merged words pulled toward their pretrained vectors after every epoch "
                         "(anchor=%g: each epoch keeps %.0f%% of their distance)" % (self.anchor,
                                                                                     100.0 / (1 + self.anchor)))
        if self.drift is not None:
            lines.append("  drift       %s" % self.drift.summary())
        return "\n".join(lines)


def _check_training_params(params: Dict[str, Any]) -> None:
    """Refuse settings gensim accepts but its training threads die of (see :mod:`gensim_transfer.guard`)."""
    window = params.get("window")
    if isinstance(window, numbers.Real) and not window >= 1:  # NaN too
        # gensim keeps int(window) and draws each word's reduced window with randint(window): below 1 that
        # kills every worker thread. Other types are gensim's to refuse (its constructor calls int()).
        raise ValueError("window must be at least 1, got %r" % (window,))


_MODEL_TITLES = {"word2vec": "Word2Vec", "fasttext": "FastText", "doc2vec": "Doc2Vec"}


def _n(value: int) -> str:
    return f"{value:,}"


def _build_and_merge(
    source: formats.Source, corpus: Any, model: str, model_class: type, model_kwargs: Dict[str, Any],
    epochs: Optional[int], strategy: str, top: Optional[int], lockf: float, encoding: str, unicode_errors: str,
    trim_rule: Optional[Callable], merge_progress: Optional[Callable[[int], None]],
) -> Tuple[Any, VocabReport, TransferReport, Any, str]:
    """adapt's first steps: the model sized from the source, its vocabulary, the merge."""
    info = source.info
    params = dict(model_kwargs)
    if epochs is not None:
        params["epochs"] = epochs
    params = compat.model_kwargs(model_class, **params)
    (size_key,) = compat.model_kwargs(model_class, vector_size=0)
    if size_key in params and params[size_key] != info.vector_size:
        raise VectorSizeError(
            source.name,
            "vectors in the file have %d dimensions, but %s=%r was asked for; leave it out to use the file's"
            % (info.vector_size, size_key, params[size_key]),
            line=1,
        )
    params[size_key] = info.vector_size
    _check_training_params(params)
    training_corpus, corpus_name = _prepare_corpus(corpus, tagged=model == "doc2vec")

    new_model = model_class(**params)
    vocab_report = build_vocab(
        new_model, training_corpus, source, strategy=strategy, top=top, encoding=encoding,
        unicode_errors=unicode_errors, trim_rule=trim_rule,
    )
    if not vocab_report.corpus_words:
        raise TransferError("%s: the corpus has no words" % corpus_name)
    if not vocab_report.vocab_size:
        raise TransferError(
            "%s: no word of the corpus (%s distinct) occurs often enough for min_count; lower min_count"
            % (corpus_name, _n(vocab_report.corpus_types))
        )
    transfer = transfer_init(
        new_model, source, lockf, limit=top, encoding=encoding,
        unicode_errors=unicode_errors, progress=merge_progress,
    )
    return new_model, vocab_report, transfer, training_corpus, corpus_name


def adapt(
    corpus: Union[Iterable, formats.PathLike],
    pretrained: formats.SourceLike,
    *,
    model: str = "word2vec",
    lockf: float = 1.0,
    anchor: float = 0.0,
    vocab: str = "corpus",
    top: Optional[int] = None,
    epochs: Optional[int] = None,
    binary: Optional[bool] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
    trim_rule: Optional[Callable] = None,
    callbacks: Sequence[Any] = (),
    drift: bool = True,
    drift_words: Sequence[str] = (),
    merge_progress: Optional[Callable[[int], None]] = None,
    member: Optional[str] = None,
    **model_kwargs: Any,
) -> Tuple[Any, AdaptReport]:
    """Make a new model for a domain corpus that starts from pretrained vectors, and train it.

    Steps: create the model (vector size from the file), build its vocabulary (:func:`build_vocab`), copy
    the file's vectors into the words it has (:func:`gensim_transfer.transfer_init`, lock factor
    ``lockf``), train on the corpus for ``epochs`` epochs, and measure how far the merged vectors moved.

    Parameters
    ----------
    corpus : iterable of token lists, or str / path-like
        Sentences as lists of str (``TaggedDocument`` also accepted for Doc2Vec), or a text file with one
        sentence per line, tokens separated by whitespace, optionally gzip/bzip2-compressed (see
        :class:`LineCorpus`); for Doc2Vec each line becomes a document tagged with its 0-based line number.
        Read several times: not a one-shot iterator.
    pretrained : str, path-like, KeyedVectors, model or open Source
        Any source of vectors :func:`gensim_transfer.formats.open_source` accepts: a word2vec binary/text,
        fastText ``.vec`` or GloVe file (``.gz``/``.bz2``, or ``archive.zip::member``), a pipe, a gensim
        ``save()`` file, a gensim-data name downloaded here, or a KeyedVectors / model in memory. It is opened
        once; the ``union`` and ``pretrained-first`` strategies read it twice, which a pipe cannot do.
    model : {"word2vec", "fasttext", "doc2vec"}
    lockf : float
        Lock factor of the merged words: 1.0 (default) lets the pretrained vectors adapt to the corpus,
        0.0 freezes them (only words the file lacks, and FastText's n-grams, then learn).
    anchor : float
        Soft anchoring, >= 0: after every epoch each merged word is pulled toward its pretrained vector,
        keeping ``1 / (1 + anchor)`` of its distance from it (0: plain training, 0.1 gentle, 1 strong,
        10 nearly frozen; see :mod:`gensim_transfer.anchor`). Composes with ``lockf``.
    vocab : {"corpus", "union", "pretrained-first"}
        Vocabulary strategy (see the module docstring).
    top : int or None
        Use only the file's first ``top`` records, for the vocabulary and for the merge (None: all).
    epochs : int or None
        Training epochs (None: the model's default, 5 in gensim).
    binary, encoding, unicode_errors
        How the vector file is read.
    trim_rule : callable, optional
        gensim's vocabulary trim rule, applied to corpus words.
    callbacks : sequence of gensim ``CallbackAny2Vec``
        Passed to ``train()``.
    member : str, optional
        The member of a ``.zip`` archive to read.
    merge_progress : callable, optional
        Passed to :func:`gensim_transfer.transfer_init` as ``progress``: called with the records read since
        its previous call while the pretrained file is read.
    drift : bool
        Measure how far the merged vectors moved in training (copies the merged rows once before training).
    drift_words : sequence of str
        Words whose nearest neighbours (among the merged words) the drift report lists before and after.
    **model_kwargs
        Constructor keywords in either gensim spelling (``size``/``vector_size``, ``iter``/``epochs``, ...);
        ``vector_size`` defaults to the file's and must equal it if given.

    Returns
    -------
    (model, AdaptReport)

    Raises
    ------
    gensim_transfer.errors.FormatError
        The vector file or the corpus file is malformed (the message names the file and the line or record).
    gensim_transfer.errors.VectorSizeError
        ``vector_size`` differs from the file's.
    gensim_transfer.errors.TransferError
        The corpus has no words, or no word reaches ``min_count``.
    gensim_transfer.errors.TrainingError
        One of gensim's training threads failed (its exception is the ``__cause__``); gensim alone would
        print the thread's traceback and wait forever.
    TypeError, ValueError
        A one-shot iterator as corpus, strings instead of token lists, unknown options, a ``lockf`` that is
        not a number from 0.0 to 1.0, a ``window`` below 1.

    Examples
    --------
    >>> from gensim_transfer.adapt import adapt
    >>> model, report = adapt("clinical-notes.txt.gz", "GoogleNews-vectors-negative300.bin.gz",
    ...                       vocab="union", top=200_000, epochs=5, min_count=3, workers=4)
    >>> print(report)
    adapted a Word2Vec model in ...
    >>> model.wv.most_similar("fever")
    """
    started = time.perf_counter()
    if model not in MODELS:
        raise ValueError("model must be one of %s, got %r" % (", ".join(MODELS), model))
    model_class = MODELS[model]
    strategy = _check_strategy(vocab)
    top = _check_top(top)
    lockf = check_lockf(lockf)
    anchor = check_anchor(anchor)
    if epochs is not None and (isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1):
        raise ValueError("epochs must be a positive int or None, got %r" % (epochs,))
    given = sorted(set(model_kwargs) & set(_CORPUS_KEYWORDS))
    if given:
        raise TypeError("pass the corpus as adapt()'s first argument, not as %s=" % given[0])

    # The pretrained source is opened once: its size for the model, its first words for the vocabulary (a
    # second pass, only for the 'union' and 'pretrained-first' strategies), its vectors for the merge.
    with formats.open_source(pretrained, binary=binary, member=member) as source:
        new_model, vocab_report, transfer, training_corpus, corpus_name = _build_and_merge(
            source, corpus, model, model_class, model_kwargs, epochs, strategy, top, lockf, encoding,
            unicode_errors, trim_rule, merge_progress)
    merged_words = transfer.matched_words()
    index = compat.key_to_index(new_model)
    merged_rows = np.fromiter((index[w] for w in merged_words), dtype=np.int64, count=len(merged_words))
    before = compat.wv(new_model).vectors[merged_rows].copy() if drift else None

    training_callbacks = list(callbacks)
    if anchor:
        training_callbacks.append(SoftAnchor(new_model, merged_words, anchor))
    callbacks_before = getattr(new_model, "callbacks", None)
    train_started = time.perf_counter()
    guard.install()  # a failing gensim training thread raises TrainingError here instead of hanging train()
    new_model.train(
        training_corpus, total_examples=new_model.corpus_count, epochs=new_model.epochs,
        callbacks=training_callbacks,
    )
    training_seconds = time.perf_counter() - train_started
    if callbacks_before is not None:
        new_model.callbacks = callbacks_before  # gensim 3.8's train() keeps the callbacks it ran with

    drift_report = None
    if before is not None:
        drift_report = vector_drift(
            merged_words, before, compat.wv(new_model).vectors[merged_rows], probe=drift_words,
        )
    report = AdaptReport(
        model=model,
        corpus=corpus_name,
        vocab=vocab_report,
        transfer=transfer,
        epochs=int(new_model.epochs),
        lockf=lockf,
        training_seconds=training_seconds,
        seconds=time.perf_counter() - started,
        drift=drift_report,
        anchor=anchor,
    )
    logger.info("adapt: %s", report)
    return new_model, report
