"""Reading Facebook's native fastText ``.bin`` from a sequential stream: header, dictionary, composed vectors.

A ``.bin`` (``cc.en.300.bin``: 2M words, 2M n-gram buckets, 300 dimensions) holds, in this order and in
little-endian byte order (Facebook's ``FastText::saveModel``, fastText 0.9; gensim's ``_fasttext_bin``):

1. magic ``793712314`` and version (int32 each; 12 today, 11 for older releases with the same layout);
2. the arguments: 12 int32 (``dim ws epoch minCount neg wordNgrams loss model bucket minn maxn
   lrUpdateRate``) and the float64 ``t``;
3. the dictionary: int32 ``size nwords nlabels``, int64 ``ntokens pruneidx_size``, then ``size`` entries
   ``word \\0, int64 count, int8 type`` (0 word, 1 label), then ``pruneidx_size`` pairs of int32;
4. the input matrix: bool ``quant``, int64 ``rows cols``, ``rows x cols`` float32, where rows are the
   ``nwords`` words and then the ``bucket`` n-gram buckets;
5. the output matrix, the same way (never kept here, only read through to check the file is whole).

A word's vector, as fastText and gensim's ``load_facebook_vectors`` compose it, is the mean of its own row and
the rows of its character n-grams (``"<" + word + ">"``, ``minn`` to ``maxn`` characters, FNV-1a hashed modulo
``bucket``; :func:`gensim_transfer.compat.facebook_ngram_hashes`). :func:`compose_vectors` streams the input
matrix once and accumulates, as rows go by, only the vectors of the words asked for: an index from each
file row to the wanted words that use it (sorted so each block of rows is a few contiguous slices) and a
float32 accumulator of matched words x ``dim``, which becomes the result; the matrix itself is never held (one
block of about 4 MiB at a time).

Where gensim and Facebook differ, this follows gensim (the target is a gensim model): the end-of-sentence word
``</s>`` is composed with its n-grams like any word (Facebook uses its own row alone), and a dictionary word
whose bytes are not valid UTF-8 is named with ``\\xNN`` escapes (gensim's ``backslashreplace``).

Not read: quantized models (``.ftz``; their input matrix is product-quantized), supervised models (labels
and no subwords), the pre-2017 layout without the magic number. Each is a :class:`FormatError` that says so.

Everything the header declares is checked against sanity caps before it is used, and nothing is allocated
from a declared size: the dictionary grows with the bytes really read, the matrices are streamed.
"""
from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass, field
from typing import IO, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from .. import compat
from ..errors import FormatError, TruncatedFileError

__all__ = [
    "FASTTEXT_MAGIC",
    "FastTextBinInfo",
    "compose_vectors",
    "is_fasttext_bin",
    "read_fasttext_header",
]

#: First int32 of every fastText ``.bin`` since 2017 (``FASTTEXT_FILEFORMAT_MAGIC_INT32``).
FASTTEXT_MAGIC = 793712314
#: Versions with the layout read here (Facebook's loader accepts any version up to its own, 12).
_VERSIONS = (11, 12)

_HEAD = struct.Struct("<2i")
_ARGS = struct.Struct("<12id")
_DICT = struct.Struct("<3i2q")
_ENTRY_TAIL = struct.Struct("<qb")
_MATRIX = struct.Struct("<?2q")

_MODEL_KINDS = {1: "cbow", 2: "skipgram", 3: "supervised"}
_LOSSES = {1: "hs", 2: "ns", 3: "softmax", 4: "one-vs-all"}

# Sanity caps: a header beyond them is corrupt (or not a .bin). Module-level so tests can shrink them.
_MAX_DIM = 1 << 16
_MAX_NGRAM = 1 << 10
_MAX_WORD = 1 << 16  # bytes in one dictionary word, as for word2vec files
_CHUNK = 1 << 20  # dictionary bytes read at a time
_BLOCK = 4 << 20  # matrix bytes read at a time


@dataclass
class FastTextBinInfo:
    """What :func:`read_fasttext_header` found in a fastText ``.bin``: its arguments and dictionary.

    Attributes
    ----------
    name : str
        The source's name, used in errors.
    version : int
    dim : int
        Vector size.
    min_n, max_n : int
        Character n-gram lengths (``minn``, ``maxn``); ``max_n == 0`` means no n-grams.
    bucket : int
        Number of n-gram buckets (rows of the input matrix after the words).
    nwords : int
        Words in the dictionary (rows of the input matrix before the buckets).
    words : sequence of str
        The dictionary words in file (row) order, decoded as gensim decodes them (UTF-8; bytes that do not
        decode become ``\\xNN`` escapes, as gensim's ``backslashreplace``). Decoded on access.
    counts : numpy.ndarray
        int64 corpus count of each word.
    model : str
        ``"cbow"`` or ``"skipgram"``.
    loss : str
        ``"ns"``, ``"hs"``, ``"softmax"`` or ``"one-vs-all"``.
    epoch, window, min_count, neg : int
    ntokens : int
        Tokens fastText trained on.
    offset : int
        Bytes read so far: the input matrix starts here.
    """

    name: str
    version: int
    dim: int
    min_n: int
    max_n: int
    bucket: int
    nwords: int
    words: Sequence[str]
    counts: np.ndarray
    model: str
    loss: str
    epoch: int
    window: int
    min_count: int
    neg: int
    ntokens: int
    offset: int
    encoding: str = "utf-8"
    _src: Optional[_Stream] = field(default=None, repr=False, compare=False)

    @property
    def has_ngrams(self) -> bool:
        """True if the words' vectors are composed with n-gram buckets (``bucket > 0`` and ``max_n > 0``)."""
        return self.bucket > 0 and self.max_n > 0 and self.max_n >= self.min_n

    def ngram_hashes(self, word: str) -> list:
        """The bucket of each of ``word``'s n-grams under this file's settings (duplicates kept)."""
        if not self.has_ngrams:
            return []
        return compat.facebook_ngram_hashes(word, self.min_n, self.max_n, self.bucket)


class _Words(Sequence):
    """The dictionary's words, decoded on access: the dictionary's raw bytes and where each word starts and ends.

    About 10 + length bytes per word plus 16 for its offsets, instead of a Python ``str`` (50+ bytes) each.
    """

    def __init__(self, blob: bytes, starts: np.ndarray, ends: np.ndarray, encoding: str) -> None:
        self._blob = blob
        self._starts = starts
        self._ends = ends
        self._encoding = encoding

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return _decode(self._blob[self._starts[i]:self._ends[i]], self._encoding)

    def raw_words(self, limit: Optional[int] = None) -> Iterator[bytes]:
        """The undecoded words, in order (the first ``limit``)."""
        blob = self._blob
        for start, end in zip(self._starts[:limit].tolist(), self._ends[:limit].tolist()):
            yield blob[start:end]

    def __iter__(self) -> Iterator[str]:
        blob, encoding = self._blob, self._encoding
        for start, end in zip(self._starts.tolist(), self._ends.tolist()):
            yield _decode(blob[start:end], encoding)


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:  # gensim's _fasttext_bin decodes such words the same way (and logs them)
        return raw.decode(encoding, errors="backslashreplace")


class _Stream:
    """Exact reads from a sequential binary stream, with the logical offset for error messages.

    Only ``read``/``readinto`` are called on the stream. Bytes read ahead while parsing the dictionary are
    handed back with :meth:`push_back` and served first.
    """

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self._stream = stream
        self.name = name
        self.offset = 0
        self._pending = b""
        self._readinto = getattr(stream, "readinto", None)

    def push_back(self, data: bytes) -> None:
        self._pending = bytes(data) + self._pending
        self.offset -= len(data)

    def _take_pending(self, n: int) -> bytes:
        data, self._pending = self._pending[:n], self._pending[n:]
        return data

    def read_some(self, n: int) -> bytes:
        data = self._take_pending(n) if self._pending else self._stream.read(n)
        self.offset += len(data)
        return data

    def read_exact(self, n: int, what: str) -> bytes:
        buf = bytearray(n)
        self.fill(memoryview(buf), what)
        return bytes(buf)

    def fill(self, view: memoryview, what: str) -> None:
        """Fill ``view`` completely (a pipe or a decompressor may return short reads)."""
        start = self.offset
        n = len(view)
        got = 0
        if self._pending:
            data = self._take_pending(n)
            view[:len(data)] = data
            got = len(data)
        while got < n:
            if self._readinto is not None:
                k = self._readinto(view[got:])
            else:
                data = self._stream.read(n - got)
                k = len(data)
                view[got:got + k] = data
            if not k:
                raise TruncatedFileError(
                    self.name, "the file ends inside the %s: %d of %d bytes present" % (what, got, n),
                    offset=start,
                )
            got += k
        self.offset += n

    def at_end(self) -> bool:
        return not self._pending and not self._stream.read(1)


def is_fasttext_bin(head: bytes) -> bool:
    """True if ``head`` (the first 8 or more bytes of a source) starts like a fastText ``.bin``.

    Checks the magic number and that the version is one fastText has written (1-12); the header reader then
    says clearly if that version is not one it reads.
    """
    if len(head) < _HEAD.size:
        return False
    magic, version = _HEAD.unpack_from(head)
    return magic == FASTTEXT_MAGIC and 0 < version <= 12


def pre2017_fasttext_bin(head: bytes) -> Optional[str]:
    """If ``head`` (a source's first 56 or more bytes) starts like a fastText ``.bin`` of the layout before 2017,
    which has no magic number and starts with the training arguments, a few words on what it is; else None.

    Every argument must be in the range fastText writes (dimension, window, epochs, loss and model codes, n-gram
    lengths, sampling threshold between 0 and 1): 13 checks a word2vec or GloVe file's first bytes (text digits)
    cannot pass.
    """
    if len(head) < _ARGS.size:
        return None
    (dim, ws, epoch, min_count, neg, word_ngrams, loss, model, bucket, minn, maxn, lr_update, t) = \
        _ARGS.unpack_from(head)
    plausible = (
        0 < dim <= 1 << 16 and 0 < ws <= 1000 and 0 < epoch <= 100000 and min_count >= 0 and 0 <= neg <= 1000
        and 0 < word_ngrams <= 100 and 1 <= loss <= 4 and 1 <= model <= 3 and bucket >= 0
        and 0 <= minn <= maxn <= 100 and lr_update > 0 and 0.0 < t < 1.0
    )
    if not plausible:
        return None
    return "dimension %d, %d n-gram buckets, n-grams of %d-%d characters" % (dim, bucket, minn, maxn)


def read_fasttext_header(stream: IO[bytes], name: str, *, encoding: str = "utf-8") -> FastTextBinInfo:
    """Read and check a fastText ``.bin``'s arguments and dictionary, leaving ``stream`` at the input matrix.

    Parameters
    ----------
    stream : binary file-like
        Positioned at the start of the file; only ``read`` (and ``readinto`` where present) is used, so a pipe
        or a decompressing stream works.
    name : str
        The source's name for error messages.
    encoding : str
        Of the dictionary's words (fastText writes UTF-8).

    Returns
    -------
    FastTextBinInfo

    Raises
    ------
    gensim_transfer.errors.FormatError
        Not a fastText ``.bin`` (magic), an unsupported version, a supervised or quantized (``.ftz``) model,
        or a header value beyond its sanity cap; the message names the source, the field and the byte offset.
    gensim_transfer.errors.TruncatedFileError
        The file ends inside the header or the dictionary.

    Examples
    --------
    >>> with open("cc.en.300.bin", "rb") as f:
    ...     info = read_fasttext_header(f, "cc.en.300.bin")
    >>> info.dim, info.nwords, info.bucket, info.min_n, info.max_n
    (300, 2000000, 2000000, 5, 5)
    """
    src = _Stream(stream, name)
    magic, version = _HEAD.unpack(src.read_exact(_HEAD.size, "header (magic number and version)"))
    if magic != FASTTEXT_MAGIC:
        raise FormatError(
            name, "not a fastText .bin: the file starts with %d, not the magic number %d (files written by "
            "fastText before 2017 have no magic number and are not read)" % (magic, FASTTEXT_MAGIC), offset=0,
        )
    if version not in _VERSIONS:
        raise FormatError(
            name, "fastText .bin version %d is not supported (versions %s are)"
            % (version, " and ".join(map(str, _VERSIONS))), offset=4,
        )
    args_at = src.offset
    (dim, ws, epoch, min_count, neg, _word_ngrams, loss, model, bucket, minn, maxn, _lr_update, _t) = _ARGS.unpack(
        src.read_exact(_ARGS.size, "arguments")
    )

    def check(ok: bool, problem: str, at: int) -> None:
        if not ok:
            raise FormatError(name, problem, offset=at)

    check(model != 3, "a supervised fastText model (labels, no word vectors to transfer) is not supported",
          args_at + 28)
    check(model in _MODEL_KINDS, "model kind %d is not cbow (1) or skipgram (2)" % model, args_at + 28)
    check(loss in _LOSSES, "loss %d is not one fastText writes (1-4)" % loss, args_at + 24)
    check(0 < dim <= _MAX_DIM, "vector size (dim) %d is outside 1..%d" % (dim, _MAX_DIM), args_at)
    check(bucket >= 0, "negative bucket count %d" % bucket, args_at + 32)
    check(0 <= minn <= _MAX_NGRAM and 0 <= maxn <= _MAX_NGRAM,
          "n-gram lengths minn=%d maxn=%d are outside 0..%d" % (minn, maxn, _MAX_NGRAM), args_at + 36)

    dict_at = src.offset
    size, nwords, nlabels, ntokens, pruneidx_size = _DICT.unpack(src.read_exact(_DICT.size, "dictionary header"))
    check(nlabels == 0, "the dictionary has %d labels: a supervised model is not supported" % nlabels, dict_at + 8)
    check(nwords >= 0 and size == nwords,
          "dictionary size %d and word count %d disagree (or are negative)" % (size, nwords), dict_at)
    check(ntokens >= 0, "negative token count %d" % ntokens, dict_at + 12)
    check(pruneidx_size <= 0,
          "the dictionary is pruned (%d pruned n-gram ids): a quantized model (.ftz) is not supported; "
          "use the unquantized .bin" % pruneidx_size, dict_at + 20)

    words, counts = _read_dictionary(src, nwords, encoding)

    info = FastTextBinInfo(
        name=name, version=version, dim=dim, min_n=minn, max_n=maxn, bucket=bucket, nwords=nwords,
        words=words, counts=counts, model=_MODEL_KINDS[model], loss=_LOSSES[loss], epoch=epoch, window=ws,
        min_count=min_count, neg=neg, ntokens=ntokens, offset=src.offset, encoding=encoding, _src=src,
    )
    _check_matrix_head(src, info, "input matrix", expect_rows=nwords + bucket)
    info.offset = src.offset
    return info


def _read_dictionary(src: _Stream, nwords: int, encoding: str) -> Tuple[_Words, np.ndarray]:
    """Parse ``nwords`` entries (``word \\0 int64-count int8-type``) as the bytes arrive.

    Memory grows with what is read, never with the declared count. The per-entry loop only finds each word's
    NUL; counts and types are then read for all entries at once.
    """
    raw = bytearray()
    ends = array("q")
    pos = 0
    tail = 1 + _ENTRY_TAIL.size  # the NUL, the count, the type
    record = 0
    while record < nwords:
        end = raw.find(b"\0", pos)
        if end < 0 or end + tail > len(raw):
            if end < 0 and len(raw) - pos > _MAX_WORD:
                raise FormatError(src.name, "dictionary word %d is longer than %d bytes (no NUL byte ends it)"
                                  % (record + 1, _MAX_WORD), record=record + 1, offset=src.offset - (len(raw) - pos))
            more = src.read_some(_CHUNK)
            if not more:
                raise TruncatedFileError(
                    src.name, "the file ends inside the dictionary: %d of %d words read" % (record, nwords),
                    record=record + 1, offset=src.offset - (len(raw) - pos),
                )
            raw += more
            continue
        if end - pos > _MAX_WORD:
            raise FormatError(src.name, "dictionary word %d is longer than %d bytes" % (record + 1, _MAX_WORD),
                              record=record + 1, offset=src.offset - (len(raw) - pos))
        ends.append(end)
        pos = end + tail
        record += 1
    # Bytes read past the dictionary belong to the matrix header: hand them back to the stream.
    dict_start = src.offset - len(raw)
    src.push_back(raw[pos:])
    del raw[pos:]
    blob = bytes(raw)
    del raw
    ends_np = np.frombuffer(ends, dtype=np.int64)
    starts_np = np.concatenate(([0], ends_np[:-1] + tail)).astype(np.int64)
    data = np.frombuffer(blob, dtype=np.uint8)
    kinds = data[ends_np + tail - 1]
    bad = np.flatnonzero(kinds)
    if len(bad):
        i = int(bad[0])
        raise FormatError(src.name, "dictionary entry %d has type %d, not 0 (word)" % (i + 1, kinds[i]),
                          record=i + 1, offset=dict_start + int(ends_np[i]) + tail - 1)
    counts = np.empty(len(ends_np), dtype=np.int64)
    step = 1 << 18
    for first in range(0, len(ends_np), step):  # gather the 8 count bytes of each entry, a slice at a time
        at = ends_np[first:first + step, None] + 1 + np.arange(8)
        counts[first:first + step] = data[at].view("<i8").ravel()
    return _Words(blob, starts_np, ends_np.copy(), encoding), counts


def _check_matrix_head(src: _Stream, info: FastTextBinInfo, what: str, expect_rows: Optional[int]) -> int:
    at = src.offset
    quant, rows, cols = _MATRIX.unpack(src.read_exact(_MATRIX.size, "%s header" % what))
    if quant:
        raise FormatError(src.name, "the %s is quantized (a .ftz model): not supported; use the unquantized .bin"
                          % what, offset=at)
    if cols != info.dim:
        raise FormatError(src.name, "the %s has %d columns, the arguments say dim=%d" % (what, cols, info.dim),
                          offset=at + 9)
    if expect_rows is not None and rows != expect_rows:
        raise FormatError(src.name, "the %s has %d rows, expected nwords + bucket = %d + %d"
                          % (what, rows, info.nwords, info.bucket), offset=at + 1)
    if not 0 <= rows < 1 << 40:
        raise FormatError(src.name, "the %s claims %d rows" % (what, rows), offset=at + 1)
    return rows


NgramSink = Callable[[int, np.ndarray], None]


def compose_vectors(
    stream: IO[bytes],
    info: FastTextBinInfo,
    wanted: Dict[str, int],
    *,
    ngram_sink: Optional[NgramSink] = None,
    limit: Optional[int] = None,
    compose: bool = True,
    check_tail: bool = True,
) -> Tuple[np.ndarray, np.ndarray]:
    """Stream the input matrix once and return the fastText vectors of the wanted words the dictionary holds.

    Parameters
    ----------
    stream : binary file-like
        The stream :func:`read_fasttext_header` read ``info`` from, positioned at the input matrix.
    info : FastTextBinInfo
    wanted : dict str -> int
        Words asked for and the caller's row for each (e.g. a model's ``key_to_index``).
    ngram_sink : callable(first_bucket, rows), optional
        Called with every block of n-gram bucket rows as it streams past, in bucket order: ``rows`` is a
        float32 ``(k, dim)`` view of buckets ``first_bucket .. first_bucket + k - 1``, valid only during the call
        (copy what you keep). Used to copy the buckets into a FastText model. A sink with a ``destination``
        attribute (a writable ``(bucket, dim)`` float32 array, as :class:`gensim_transfer.subwords.BucketCopier`
        has) gets the rows read straight into it; ``rows`` is then that part of ``destination``.
    limit : int, optional
        Match only the first ``limit`` dictionary words (fastText sorts them by descending count).
    compose : bool
        True (default): each word's vector as fastText and gensim's ``load_facebook_vectors`` give it, the mean
        of its own row and its n-gram rows. False: the word's own row only (what a FastText model whose
        buckets are copied from this file needs as its per-word vector).
    check_tail : bool
        Read the output matrix through (without keeping it) and require the end of the file right after it, so
        a truncated file is an error even when the input matrix is whole. Default True.

    Returns
    -------
    rows : numpy.ndarray
        int64, the ``wanted`` value of each matched word, in dictionary order.
    vectors : numpy.ndarray
        float32 ``(len(rows), dim)``. Composed vectors are summed in float32 in file-row order (the own row,
        then the buckets in bucket order) and divided by the number of terms; gensim sums the same float32 terms
        in n-gram order, so the two agree to float32 rounding (a few units in the last place of the largest
        term), not bit for bit. Own rows (``compose=False``) are the file's bits.

    Raises
    ------
    FormatError, TruncatedFileError
        A wanted word twice in the dictionary, or the file ends early / holds bytes after the output matrix.

    Notes
    -----
    Memory: one read block (about 4 MiB), the index (about 40 bytes per matched word and n-gram occurrence
    while it is built, 16 while streaming) and the result (matched words x dim float32), accumulated in place.
    The matrix is never held.

    Examples
    --------
    >>> with open("cc.en.300.bin", "rb") as f:
    ...     info = read_fasttext_header(f, "cc.en.300.bin")
    ...     rows, vectors = compose_vectors(f, info, {"king": 0, "queen": 1})
    """
    src = info._src
    if src is None or src._stream is not stream:
        raise ValueError("compose_vectors needs the stream read_fasttext_header(stream, ...) returned info for")
    if info.offset != src.offset:
        raise ValueError("the stream is no longer at the input matrix of %s" % info.name)
    n_dict = info.nwords if limit is None else max(0, min(int(limit), info.nwords))
    matched_rows, word_index, entry_cols, divisors = _index_wanted(info, wanted, n_dict, compose)
    total_rows = info.nwords + info.bucket
    rows_per_block = max(1, _BLOCK // (4 * info.dim))
    # Blocks of rows_per_block rows, restarting at nwords so that a block is all words or all buckets. Their
    # bounds are computed, never listed: the header's counts must not size an allocation.
    word_blocks = -(-info.nwords // rows_per_block)
    n_blocks = word_blocks + -(-info.bucket // rows_per_block)

    def block_bounds(b: int) -> Tuple[int, int]:
        if b < word_blocks:
            r0 = b * rows_per_block
            return r0, min(r0 + rows_per_block, info.nwords)
        r0 = info.nwords + (b - word_blocks) * rows_per_block
        return r0, min(r0 + rows_per_block, total_rows)

    # Entries sorted by (block, round, matched word), where an entry's round is how many entries of the same
    # word precede it in its block: within one (block, round) slice every word occurs at most once, so the
    # slice is one gather and one fancy-indexed add, with no duplicate indices to lose.
    entry_block = np.where(entry_cols < info.nwords, entry_cols // rows_per_block,
                           word_blocks + (entry_cols - info.nwords) // rows_per_block)
    order = np.lexsort((word_index, entry_block))
    entry_cols, word_index, entry_block = entry_cols[order], word_index[order], entry_block[order]
    group_start = np.flatnonzero(np.concatenate(
        ([True], (word_index[1:] != word_index[:-1]) | (entry_block[1:] != entry_block[:-1]))))
    group_len = np.diff(np.append(group_start, len(word_index)))
    entry_round = np.arange(len(word_index)) - np.repeat(group_start, group_len)
    order = np.lexsort((word_index, entry_round, entry_block))
    entry_cols, word_index = entry_cols[order], word_index[order]
    slice_key = entry_block[order] * (int(entry_round.max(initial=0)) + 1) + entry_round[order]
    slice_start = np.flatnonzero(np.concatenate(([True], slice_key[1:] != slice_key[:-1])))
    slice_end = np.append(slice_start[1:], len(slice_key)).tolist()
    slice_block = entry_block[order][slice_start].tolist()
    slice_start = slice_start.tolist()
    del entry_block, entry_round, order, slice_key, group_start, group_len

    acc = np.zeros((len(matched_rows), info.dim), dtype=np.float32)
    destination = _sink_destination(ngram_sink, info)
    buf = bytearray(rows_per_block * 4 * info.dim)
    next_slice = 0
    for b in range(n_blocks):
        r0, r1 = block_bounds(b)
        what = ("input matrix (word rows %d-%d)" % (r0, r1 - 1) if r0 < info.nwords
                else "input matrix (n-gram buckets %d-%d)" % (r0 - info.nwords, r1 - 1 - info.nwords))
        if destination is not None and r0 >= info.nwords:
            # The sink stages every bucket: read the rows straight into its matrix (no copy of 2 GB).
            block = destination[r0 - info.nwords:r1 - info.nwords]
            src.fill(memoryview(block).cast("B"), what)
        else:
            view = memoryview(buf)[:(r1 - r0) * 4 * info.dim]
            src.fill(view, what)
            block = np.frombuffer(view, dtype="<f4").reshape(r1 - r0, info.dim)
        while next_slice < len(slice_start) and slice_block[next_slice] == b:
            e0, e1 = slice_start[next_slice], slice_end[next_slice]
            acc[word_index[e0:e1]] += block[entry_cols[e0:e1] - r0]
            next_slice += 1
        if ngram_sink is not None and r0 >= info.nwords:
            ngram_sink(r0 - info.nwords, block)
    if check_tail:
        _skip_output(src, info)
    info.offset = src.offset
    acc /= divisors[:, None]
    return matched_rows, acc


def _sink_destination(sink: Optional[NgramSink], info: FastTextBinInfo) -> Optional[np.ndarray]:
    """The sink's own ``(bucket, dim)`` staging matrix if it offers one (``sink.destination``) to read into."""
    destination = getattr(sink, "destination", None)
    if destination is None:
        return None
    if (destination.shape != (info.bucket, info.dim) or destination.dtype != np.dtype("<f4")
            or not destination.flags.c_contiguous or not destination.flags.writeable):
        raise ValueError("the sink's destination must be a writable C-contiguous little-endian float32 array of "
                         "shape (%d, %d), got %s %s" % (info.bucket, info.dim, destination.dtype, destination.shape))
    return destination


def _index_wanted(
    info: FastTextBinInfo, wanted: Dict[str, int], n_dict: int, compose: bool
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Match the wanted words and list, per matched word, the file rows whose mean is its vector.

    Words are compared as bytes: the wanted words are encoded once, the dictionary's words are not decoded. A
    dictionary word that is not valid in the encoding is matched by the ``\\xNN`` spelling gensim gives it
    (looked up only when a wanted word contains ``\\x``).
    """
    by_bytes: Dict[bytes, Tuple[str, int]] = {}
    for word, row in wanted.items():
        try:
            by_bytes[word.encode(info.encoding)] = (word, row)
        except UnicodeEncodeError:
            continue  # cannot be in a file of this encoding
    found: List[Tuple[int, str, int]] = []
    get = by_bytes.get
    for i, raw in enumerate(info.words.raw_words(n_dict)):
        hit = get(raw)
        if hit is not None:
            found.append((i, hit[0], hit[1]))
    if any("\\x" in word for word in wanted):
        # gensim names a word whose bytes do not decode by its backslashreplace spelling: look those up too.
        for i, raw in enumerate(info.words.raw_words(n_dict)):
            try:
                raw.decode(info.encoding)
            except UnicodeDecodeError:
                word = raw.decode(info.encoding, errors="backslashreplace")
                if word in wanted:
                    found.append((i, word, wanted[word]))
        found.sort()
    seen: Dict[str, int] = {}
    for i, word, _ in found:
        if word in seen:
            raise FormatError(info.name, "the word %r is in the dictionary twice (entries %d and %d)"
                              % (word, seen[word] + 1, i + 1), record=i + 1)
        seen[word] = i
    matched_rows = np.array([row for _, _, row in found], dtype=np.int64)
    own_cols = np.array([i for i, _, _ in found], dtype=np.int64)
    hashes = [info.ngram_hashes(word) if compose else [] for _, word, _ in found]
    lengths = np.fromiter(map(len, hashes), dtype=np.int64, count=len(hashes))
    ngram_cols = info.nwords + np.fromiter((h for hs in hashes for h in hs), dtype=np.int64, count=int(lengths.sum()))
    word_index = np.concatenate([np.arange(len(found)), np.repeat(np.arange(len(found)), lengths)])
    entry_cols = np.concatenate([own_cols, ngram_cols])
    return matched_rows, word_index, entry_cols, (lengths + 1).astype(np.float32)


def _skip_output(src: _Stream, info: FastTextBinInfo) -> None:
    """Read the output matrix through in blocks, keeping nothing, and require the end of the file after it."""
    rows = _check_matrix_head(src, info, "output matrix", expect_rows=None)
    remaining = rows * info.dim * 4
    buf = bytearray(min(_BLOCK, max(remaining, 1)))
    while remaining:
        view = memoryview(buf)[:min(len(buf), remaining)]
        src.fill(view, "output matrix (%d rows)" % rows)
        remaining -= len(view)
    if not src.at_end():
        raise FormatError(info.name, "bytes follow the output matrix, where the file should end", offset=src.offset)
