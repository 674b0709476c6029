"""Sources of pretrained vectors: detected once, opened once, read front to back.

:func:`open_source` turns whatever the user holds into a :class:`Source`: a path (a plain or compressed
vector file, a pipe or process substitution, a ``.zip`` member, a gensim ``save()`` file, a fastText
``.bin``), a gensim-data name, or a KeyedVectors / model in memory. Every reader of the package starts from
one: :func:`~gensim_transfer.formats.sniff` reports its :class:`~._sniff.VectorFileInfo`,
:func:`~gensim_transfer.formats.read_vectors` and ``transfer_init`` call :meth:`Source.select`,
:func:`~gensim_transfer.formats.iter_vectors` calls :meth:`Source.records`.

The detection rule (in this order)
----------------------------------
1. A gensim KeyedVectors object, or a model (its ``.wv``): read in memory.
2. ``ARCHIVE.zip::MEMBER`` where ARCHIVE is an existing file: that member of the archive (``member=`` says the
   same). A plain file whose name contains ``::`` is still opened as that file.
3. An existing path (a regular file, a FIFO, ``/dev/stdin``, ``<(zcat x.gz)``): opened once, and its first bytes
   decide: a zip archive (``PK\\3\\4``: its one vector member, or the one named); gzip or bzip2 (checked
   strictly, then the decompressed bytes decide the rest); a Python pickle (a gensim ``save()``: loaded through
   gensim, arrays memory-mapped where gensim stored them apart); Facebook's fastText ``.bin`` (its magic
   number; a ``.bin`` of the layout before 2017, which has none, is recognised by its training arguments and
   is an error that names gensim's reader for it); otherwise a word2vec binary/text, fastText ``.vec`` or GloVe
   file (see :mod:`._sniff`).
4. A name that is no existing path but a gensim-data name (letters, digits, ``.``, ``_``, ``-``): its file in
   the local gensim-data directory (``$GENSIM_DATA_DIR``, default ``~/gensim-data``), read as in 3. Nothing is
   downloaded: if it is not there, the error gives the command that downloads it.
5. Anything else: ``FileNotFoundError`` naming it.

Reading is sequential: a pipe is read once, front to back, and never seeked. What needs more: a ``.zip`` (its
directory is at its end) and a gensim ``save()`` need a real file; a second pass over the same source (the
``union`` and ``pretrained-first`` vocabulary strategies of ``adapt`` read the first words, then the vectors)
needs a file that can be read again. Those raise :class:`~gensim_transfer.errors.TransferError` naming the
source on a pipe. A regular file is checked for changes: if its size, inode or modification time differ at the
end of a pass from when it was opened, the pass fails (nothing has been written anywhere by then).
"""
from __future__ import annotations

import bz2
import io
import os
import re
import stat
import zlib
from typing import IO, Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np

from .. import compat
from ..errors import FormatError, TransferError, VectorSizeError
from . import _compression, _fasttext_bin, _zip
from ._sniff import VectorFileInfo, _Head, _read_at_least, _sniff_stream
from ._staging import Staged

__all__ = ["GENSIM_DATA_ENV", "Source", "SourceLike", "gensim_data_dir", "open_source"]

SourceLike = Union[str, "os.PathLike[str]", Any]

#: The environment variable gensim's downloader reads for its data directory.
GENSIM_DATA_ENV = "GENSIM_DATA_DIR"

_HEAD = 1 << 16  # raw bytes read to detect what a source is
_GENSIM_DATA_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PICKLE_PROTOCOLS = range(2, 6)


def gensim_data_dir() -> str:
    """Where gensim's downloader keeps its data: ``$GENSIM_DATA_DIR``, else ``~/gensim-data``."""
    return os.environ.get(GENSIM_DATA_ENV) or os.path.expanduser(os.path.join("~", "gensim-data"))


class _Replay(io.RawIOBase):
    """A byte stream that first returns ``prefix`` (bytes already read to detect the format), then the rest of
    ``stream``: what was looked at is read again without seeking."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._prefix = memoryview(prefix)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        return self._stream.readinto(view)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return bytes(self._prefix) + self._stream.read()
        if self._prefix:
            n = min(size, len(self._prefix))
            data = bytes(self._prefix[:n])
            self._prefix = self._prefix[n:]
            return data
        return self._stream.read(size)


def _file_signature(fd: int) -> Optional[Tuple[int, int, int, int]]:
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        return None  # a pipe, a character device: nothing to compare
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class Source:
    """One source of pretrained vectors, opened once. Use as a context manager, or call :meth:`close`.

    Attributes
    ----------
    name : str
        How messages name it: the path, ``archive.zip::member``, ``gensim-data:NAME (path)``, or
        ``<KeyedVectors in memory>``.
    info : VectorFileInfo
        Format, compression, record count (None if not known up front), vector size.
    """

    name: str
    info: VectorFileInfo

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Release the file (or the loaded object)."""

    @property
    def kind(self) -> str:
        """What the source is: ``file``, ``pipe``, ``zip-member``, ``gensim-data``, ``keyed-vectors`` or
        ``gensim-save``."""
        return self.info.source_kind

    def select(
        self,
        words: Sequence[str],
        *,
        limit: Optional[int] = None,
        encoding: str = "utf8",
        unicode_errors: str = "strict",
        vector_size: Optional[int] = None,
        progress: Optional[Callable[[int], None]] = None,
    ) -> Selection:
        """Read the source once, checking every record, and stage the vectors of ``words`` (distinct).

        ``Selection.staged.rows[i]`` is the index in ``words`` of staged vector ``i``.
        """
        raise NotImplementedError

    def records(self, *, limit: Optional[int] = None, encoding: str = "utf8",
                unicode_errors: str = "strict") -> Iterator[Tuple[str, np.ndarray]]:
        """Every ``(word, vector)`` record in source order."""
        raise NotImplementedError

    def count_records(self, sample: int = 0) -> Tuple[int, List[str]]:
        """``(records, the first sample words)``, reading the source once if its count is not known up front
        (every record's layout is checked then, its values are not parsed)."""
        assert self.info.count is not None, "sources without a count up front override this"
        return self.info.count, [word for word, _ in self.records(limit=sample)]

    def _check_vector_size(self, vector_size: Optional[int]) -> None:
        if vector_size is not None and self.info.vector_size != vector_size:
            raise VectorSizeError(
                self.name,
                "%s %d dimensions, the model's have %d" % (
                    "its vectors have" if self.info.format == "gensim" else "vectors in the file have",
                    self.info.vector_size, vector_size),
                **({"line": 1} if self.info.header_bytes or self.info.format == "glove-text" else {}),
            )


def _blocks(records: Iterator[Tuple[str, np.ndarray]], size: int = 4096) -> Iterator[Tuple[List[str], np.ndarray]]:
    """Records in blocks of ``size``: (words, vectors as one array)."""
    words: List[str] = []
    vectors: List[np.ndarray] = []
    for word, vector in records:
        words.append(word)
        vectors.append(vector)
        if len(words) == size:
            yield words, np.vstack(vectors)
            words, vectors = [], []
    if words:
        yield words, np.vstack(vectors)


class Selection:
    """What :meth:`Source.select` found: the staged vectors, and how many records were read."""

    def __init__(self, info: VectorFileInfo, records: int, staged: Staged) -> None:
        self.info = info
        self.records = records
        self.staged = staged

    @property
    def rows(self) -> np.ndarray:
        """Index (in the wanted words) of each staged vector, each once."""
        return self.staged.rows

    def close(self) -> None:
        self.staged.close()


# ---------------------------------------------------------------------------------------------------------
# Vector files read from a stream: word2vec binary/text, fastText .vec, GloVe (plain, compressed, zip member)
# ---------------------------------------------------------------------------------------------------------
class _ReadOnce(Source):
    """What every source read from a byte stream shares: the one open stream, decompressed if need be; a second
    pass by reopening a regular file (a pipe cannot be read twice); the check that a file did not change."""

    def __init__(self, name: str, raw: IO[bytes], *, reopen: Optional[Callable[[], IO[bytes]]],
                 signature_fd: Optional[int], compression: Optional[str]) -> None:
        self.name = name
        self._raw = raw
        self._reopen = reopen  # a fresh raw stream from the start (regular files, zip members), else None (pipes)
        self._fd = signature_fd
        self._signature = _file_signature(signature_fd) if signature_fd is not None else None
        self._compression = compression
        self._passes = 0
        self._stream: IO[bytes] = raw

    def _decompressed(self, raw: IO[bytes], head: bytes = b"") -> IO[bytes]:
        """The source's bytes from the first on: ``head`` (already read from ``raw``) then the rest of ``raw``,
        decompressed (strictly: every member or stream, no trailing garbage) if the source is compressed."""
        if self._compression is None:
            return _Replay(head, raw) if head else raw
        return _compression.decompressed(raw, self._compression, self.name, already_read=head)

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            self._raw.close()

    def _next_pass(self) -> Optional[IO[bytes]]:
        """None for the first pass (the stream as opened); for a later one the decompressed stream from the first
        byte again, or a TransferError naming a source that can be read only once."""
        self._passes += 1
        if self._passes == 1:
            return None
        if self._reopen is None:
            raise TransferError(
                "%s: this source is a pipe (or another stream that can be read only once), and this operation reads "
                "it a second time (e.g. adapt's 'union'/'pretrained-first' vocabulary: first words, then vectors); "
                "save it to a file first" % self.name
            )
        self._stream.close()
        self._raw.close()
        self._raw = self._reopen()
        self._stream = self._decompressed(self._raw)
        return self._stream

    def _check_unchanged(self) -> None:
        if self._signature is not None and self._fd is not None and _file_signature(self._fd) != self._signature:
            raise FormatError(
                self.name, "the file changed while it was read (its size, inode or modification time differ "
                "from when it was opened); nothing was merged",
            )


class StreamSource(_ReadOnce):
    """A vector file read front to back from a byte stream (a file, a pipe, a decompressor, a zip member)."""

    def __init__(self, name: str, raw: IO[bytes], head: bytes, *, kind: str, binary: Optional[bool],
                 reopen: Optional[Callable[[], IO[bytes]]], signature_fd: Optional[int],
                 compression: Optional[str]) -> None:
        super().__init__(name, raw, reopen=reopen, signature_fd=signature_fd, compression=compression)
        self._stream = self._decompressed(raw, head)
        self._head = _Head(self._stream)
        self.info = _with_kind(_sniff_stream(name, self._head, compression, binary), kind)

    def _pass(self) -> IO[bytes]:
        """The decompressed stream from the first byte on, for one more pass over the source."""
        again = self._next_pass()
        return _Replay(self._head.data, self._stream) if again is None else again

    def batches(self, limit: Optional[int]) -> Iterator[Any]:
        """The scanner's record batches (see :mod:`._matching`), for one pass."""
        from ._matching import _scan_stream

        stream = self._pass()
        yield from _scan_stream(stream, self.info, limit)
        self._check_unchanged()

    def select(self, words: Sequence[str], *, limit: Optional[int] = None, encoding: str = "utf8",
               unicode_errors: str = "strict", vector_size: Optional[int] = None,
               progress: Optional[Callable[[int], None]] = None,
               observe: Optional[Callable[[Sequence[str], np.ndarray], None]] = None) -> Selection:
        from ._matching import _select_from_batches

        self._check_vector_size(vector_size)
        return _select_from_batches(self, words, limit, encoding, unicode_errors, progress, observe)

    def count_records(self, sample: int = 0) -> Tuple[int, List[str]]:
        from ._matching import _decode_words

        if self.info.count is not None and not sample:
            return self.info.count, []
        words: List[str] = []
        records = 0
        limit = None if self.info.count is None else sample
        batches = self.batches(limit)
        try:
            for batch in batches:
                if len(words) < sample:
                    words += _decode_words(self.info, batch, "utf8", "replace")[:sample - len(words)]
                records = batch.first_record + len(batch.words)
        finally:
            batches.close()  # type: ignore[attr-defined]
        return (records if self.info.count is None else self.info.count), words

    def records(self, *, limit: Optional[int] = None, encoding: str = "utf8",
                unicode_errors: str = "strict") -> Iterator[Tuple[str, np.ndarray]]:
        from ._matching import _decode_words

        batches = self.batches(limit)
        try:
            for batch in batches:
                vectors = batch.take(np.arange(len(batch.words)))
                yield from zip(_decode_words(self.info, batch, encoding, unicode_errors), vectors)
        finally:
            batches.close()  # type: ignore[attr-defined]


def _with_kind(info: VectorFileInfo, kind: str, **changes: Any) -> VectorFileInfo:
    from dataclasses import replace

    return replace(info, source_kind=kind, **changes)


# ---------------------------------------------------------------------------------------------------------
# KeyedVectors: in memory, or a gensim save() file
# ---------------------------------------------------------------------------------------------------------
class KeyedVectorsSource(Source):
    """Word vectors already in gensim's hands: a KeyedVectors (or a model's ``.wv``), or a ``save()`` file
    loaded through gensim (arrays stored apart are memory-mapped, so only the rows read are paged in)."""

    def __init__(self, kv: Any, name: str, *, kind: str, description: str) -> None:
        self.kv = kv
        self.name = name
        self.description = description
        words = compat.index_to_key(kv)
        self.info = VectorFileInfo(name, "gensim", None, len(words), compat.vector_size(kv), 0, source_kind=kind,
                                   detail=description)
        vectors = getattr(kv, "vectors", None)
        if vectors is None or getattr(vectors, "ndim", 0) != 2 or vectors.shape[0] < len(words):
            shape = None if vectors is None else getattr(vectors, "shape", None)
            raise FormatError(name, "holds no word vectors for its %d words (vectors: %s)" % (len(words), shape))
        if vectors.shape[1] != self.info.vector_size:
            raise FormatError(name, "its vectors have %d columns but it says vector_size=%d"
                              % (vectors.shape[1], self.info.vector_size))

    def select(self, words: Sequence[str], *, limit: Optional[int] = None, encoding: str = "utf8",
               unicode_errors: str = "strict", vector_size: Optional[int] = None,
               progress: Optional[Callable[[int], None]] = None,
               observe: Optional[Callable[[Sequence[str], np.ndarray], None]] = None) -> Selection:
        self._check_vector_size(vector_size)
        if observe is not None:
            for block_words, block in _blocks(self.records(limit=limit)):
                observe(block_words, block)
        index = compat.key_to_index(self.kv)
        n = len(compat.index_to_key(self.kv))
        end = n if limit is None else min(limit, n)
        wanted = np.fromiter((index.get(w, -1) if isinstance(w, str) else -1 for w in words), np.int64, len(words))
        found = np.flatnonzero((wanted >= 0) & (wanted < end))
        # Read in source order, so that memory-mapped vectors are paged in front to back.
        found = found[np.argsort(wanted[found], kind="stable")]
        staged = Staged(self.info.vector_size)
        gather = _row_reader(self.kv.vectors)
        step = 8192
        for begin in range(0, len(found), step):
            part = found[begin:begin + step]
            staged.append(part, gather(wanted[part]))
        if progress is not None:
            progress(end)
        return Selection(self.info, end, staged.finish())

    def records(self, *, limit: Optional[int] = None, encoding: str = "utf8",
                unicode_errors: str = "strict") -> Iterator[Tuple[str, np.ndarray]]:
        words = compat.index_to_key(self.kv)
        end = len(words) if limit is None else min(limit, len(words))
        vectors = self.kv.vectors
        step = 8192
        for begin in range(0, end, step):
            block = np.asarray(vectors[begin:min(end, begin + step)], dtype=np.float32)
            yield from zip(words[begin:begin + len(block)], block)

    def close(self) -> None:
        self.kv = None


def _row_reader(vectors: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A function giving float32 copies of rows (increasing row numbers) of a vectors matrix.

    For a matrix gensim memory-mapped from its ``.npy`` file the rows are read with positioned reads instead of
    through the map: touching scattered rows of a map pages in (with read-ahead) most of the file, which the
    process's resident memory then counts (1.3 GB for 100,000 of 1,000,000 rows x 300); reads leave the pages
    in the kernel's cache, outside the process.
    """
    filename = getattr(vectors, "filename", None)
    if not isinstance(vectors, np.memmap) or not filename or vectors.dtype != np.float32 or not (
            vectors.flags.c_contiguous and vectors.ndim == 2):
        return lambda rows: np.asarray(vectors[rows], dtype=np.float32)
    row_bytes = vectors.shape[1] * 4
    offset = int(vectors.offset)

    def gather(rows: np.ndarray) -> np.ndarray:
        out = np.empty((len(rows), vectors.shape[1]), np.float32)
        view = memoryview(out).cast("B")
        with open(filename, "rb", buffering=0) as raw:
            fd = raw.fileno()
            for i, row in enumerate(rows.tolist()):
                got = os.preadv(fd, [view[i * row_bytes:(i + 1) * row_bytes]], offset + row * row_bytes)
                if got != row_bytes:
                    raise FormatError(filename, "ends inside the vector of row %d (the file changed?)" % row)
        return out

    return gather if hasattr(os, "preadv") else (lambda rows: np.asarray(vectors[rows], dtype=np.float32))


def load_gensim_object(path: str) -> Tuple[Any, str]:
    """Load a gensim ``save()`` file (memory-mapping arrays stored apart) and return its word vectors and a
    description. Unpickling runs code from the file, as gensim's own ``load`` does: load only files you trust.

    Raises
    ------
    FormatError
        The file cannot be unpickled, or holds something without word vectors.
    """
    from gensim.utils import SaveLoad

    try:
        obj = SaveLoad.load(path, mmap="r")
    except (OSError, MemoryError):
        raise
    except Exception as err:  # unpickling raises many types: UnpicklingError, AttributeError, ImportError...
        # gensim's load calls a method of what it unpickled: a plain pickle of another object fails there.
        other = re.match(r"'(\w+)' object has no attribute '_load_specials'", str(err))
        if isinstance(err, AttributeError) and other:
            raise FormatError(path, "holds a %s, not a gensim model or KeyedVectors" % other.group(1)) from None
        raise FormatError(path, "could not load it as a gensim model: %s: %s" % (type(err).__name__, err)) from None
    try:
        kv = compat.wv(obj)
    except TypeError:
        raise FormatError(path, "holds a %s, not a gensim model or KeyedVectors" % type(obj).__name__) from None
    description = "%s [gensim %s, %s words, %d dimensions]" % (
        os.path.basename(path), type(obj).__name__, f"{len(compat.index_to_key(kv)):,}", compat.vector_size(kv))
    return kv, description


class FastTextBinSource(_ReadOnce):
    """Facebook's native fastText ``.bin``: a word's vector is the mean of its own row and its n-gram rows,
    composed for the wanted words only while the input matrix streams past (see :mod:`._fasttext_bin`)."""

    def __init__(self, name: str, raw: IO[bytes], head: bytes, *, kind: str,
                 reopen: Optional[Callable[[], IO[bytes]]], signature_fd: Optional[int],
                 compression: Optional[str]) -> None:
        super().__init__(name, raw, reopen=reopen, signature_fd=signature_fd, compression=compression)
        self._stream = self._decompressed(raw, head)
        self.bin_info = _fasttext_bin.read_fasttext_header(self._stream, name)
        self.info = VectorFileInfo(
            name, "fasttext-bin", compression, self.bin_info.nwords, self.bin_info.dim, 0, source_kind=kind,
            detail="fastText %s model, n-grams of %d-%d characters in %s buckets" % (
                self.bin_info.model, self.bin_info.min_n, self.bin_info.max_n, f"{self.bin_info.bucket:,}"),
        )

    def _pass(self) -> IO[bytes]:
        """The stream positioned at the input matrix, for one more pass."""
        again = self._next_pass()
        if again is not None:  # the header again: compose_vectors reads through the stream its info came from
            self.bin_info = _fasttext_bin.read_fasttext_header(again, self.name)
        return self._stream

    def compose(self, wanted: Dict[str, int], *, limit: Optional[int] = None, compose: bool = True,
                ngram_sink: Optional[Callable[[int, np.ndarray], None]] = None) -> Tuple[np.ndarray, np.ndarray]:
        """``(rows, vectors)`` of the wanted words the dictionary holds (``wanted[word]`` is its row), in one
        pass; ``compose=False`` gives each word's own row, ``ngram_sink`` receives the bucket rows."""
        stream = self._pass()
        rows, vectors = _fasttext_bin.compose_vectors(stream, self.bin_info, wanted, ngram_sink=ngram_sink,
                                                      limit=limit, compose=compose)
        self._check_unchanged()
        return rows, vectors

    def select(self, words: Sequence[str], *, limit: Optional[int] = None, encoding: str = "utf8",
               unicode_errors: str = "strict", vector_size: Optional[int] = None,
               progress: Optional[Callable[[int], None]] = None,
               observe: Optional[Callable[[Sequence[str], np.ndarray], None]] = None) -> Selection:
        self._check_vector_size(vector_size)
        if observe is not None:
            raise TransferError("%s: observing every record of a fastText .bin is not supported" % self.name)
        wanted = {w: i for i, w in enumerate(words) if isinstance(w, str)}
        rows, vectors = self.compose(wanted, limit=limit)
        staged = Staged(self.info.vector_size)
        staged.append(rows, vectors)
        end = self.info.count if limit is None else min(limit, self.info.count or 0)
        if progress is not None:
            progress(end or 0)
        return Selection(self.info, end or 0, staged.finish())

    def records(self, *, limit: Optional[int] = None, encoding: str = "utf8",
                unicode_errors: str = "strict") -> Iterator[Tuple[str, np.ndarray]]:
        """Every dictionary word's composed vector, in dictionary order (all held at once: bound it with
        ``limit`` on big files)."""
        words = list(self.bin_info.words)[:limit]
        rows, vectors = self.compose({w: i for i, w in enumerate(words)}, limit=limit)
        order = np.argsort(rows, kind="stable")
        for i in order.tolist():
            yield words[int(rows[i])], vectors[i]

    def count_records(self, sample: int = 0) -> Tuple[int, List[str]]:
        return self.bin_info.nwords, list(self.bin_info.words)[:sample]


class _Borrowed(Source):
    """An already open source handed to a reader: used as it is, and left open (its owner closes it)."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self.name = source.name
        self.info = source.info

    def select(self, words: Sequence[str], **kwargs: Any) -> Selection:
        return self._source.select(words, **kwargs)

    def records(self, **kwargs: Any) -> Iterator[Tuple[str, np.ndarray]]:
        return self._source.records(**kwargs)

    def count_records(self, sample: int = 0) -> Tuple[int, List[str]]:
        return self._source.count_records(sample)

    def __getattr__(self, name: str) -> Any:  # what else the source offers (kv, bin_info, compose, batches...)
        return getattr(self._source, name)


# ---------------------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------------------
def _is_zip(head: bytes) -> bool:
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive


def _is_pickle(head: bytes) -> bool:
    return len(head) >= 2 and head[0] == 0x80 and head[1] in _PICKLE_PROTOCOLS


def open_source(
    source: SourceLike,
    *,
    binary: Optional[bool] = None,
    member: Optional[str] = None,
) -> Source:
    """Detect what ``source`` is and open it, once (see the module docstring for the rule).

    Parameters
    ----------
    source : str, path-like, KeyedVectors or model
    binary : bool or None
        For vector files: True/False insists on word2vec binary or a text format; None detects.
    member : str, optional
        The member to read from a ``.zip`` archive (the same as ``archive.zip::member``).

    Raises
    ------
    FileNotFoundError
        No such file, and no such gensim-data download.
    gensim_transfer.errors.FormatError
        The source is not something vectors can be read from (naming it and what was found).
    """
    if isinstance(source, Source):
        return _Borrowed(source)
    if not isinstance(source, (str, bytes, os.PathLike)):
        try:
            kv = compat.wv(source)
        except TypeError:
            raise TypeError("expected a path, a gensim-data name, a KeyedVectors or a gensim model as the source of "
                            "pretrained vectors, got %s" % type(source).__name__) from None
        name = "<%s in memory>" % type(source).__name__
        return KeyedVectorsSource(kv, name, kind="keyed-vectors", description=name)
    spec = os.fsdecode(os.fspath(source))
    path, in_spec = _zip.split_member(spec)
    if in_spec is not None:
        if member is not None and member != in_spec:
            raise ValueError("two members named: %r in the source and member=%r" % (in_spec, member))
        member = in_spec
    kind = "file"
    spec = path  # a member is named by the archive's reader: "archive.zip::member"
    if not os.path.exists(path):
        data_file = _gensim_data_file(path) if _GENSIM_DATA_NAME.match(path) else None
        if data_file is None:
            if not _GENSIM_DATA_NAME.match(path):
                raise FileNotFoundError(2, "No such file or directory", path)
            raise FileNotFoundError(
                2, "no such file, and no gensim-data download of that name in %s (nothing is downloaded here: "
                "`%s` fetches it)" % (gensim_data_dir(), gensim_data_missing_hint(path)), path)
        path, kind = data_file, "gensim-data"
        spec = "gensim-data:%s (%s)" % (os.fspath(source), data_file)
    return _open_path(path, spec, kind=kind, binary=binary, member=member)


def _gensim_data_file(name: str) -> Optional[str]:
    """The data file of a gensim-data download, or None if that name was never downloaded here."""
    directory = os.path.join(gensim_data_dir(), name)
    if not os.path.isdir(directory):
        return None
    files = sorted(f for f in os.listdir(directory)
                   if not f.startswith((".", "__")) and not f.endswith((".py", ".pyc", ".json", ".md", ".txt.sha256"))
                   and os.path.isfile(os.path.join(directory, f)))
    preferred = [f for f in files if f.startswith(name)]
    chosen = (preferred or files)[:1]
    if not chosen:
        raise FormatError(directory, "the gensim-data folder of %r holds no data file" % name)
    return os.path.join(directory, chosen[0])


def gensim_data_missing_hint(name: str) -> str:
    """The one command that downloads a gensim-data item."""
    return "python -m gensim.downloader --download %s" % name


def _open_path(path: str, name: str, *, kind: str, binary: Optional[bool], member: Optional[str]) -> Source:
    raw: IO[bytes] = open(path, "rb", buffering=0)
    try:
        st = os.fstat(raw.fileno())
        regular = stat.S_ISREG(st.st_mode)
        if not regular and kind == "file":
            kind = "pipe"
        if regular and hasattr(os, "posix_fadvise"):  # a cold file is read front to back: generous read-ahead
            os.posix_fadvise(raw.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
        head = _read_at_least(raw, _HEAD)
        if _is_zip(head) or member is not None:
            if not regular:
                raise TransferError("%s: a .zip archive must be a file that can be read at any place (its directory "
                                    "is at its end); it cannot be read from a pipe" % name)
            raw.close()
            stream, member_name = _zip.open_zip_member(path, member, name)
            zname = "%s::%s" % (name, member_name)
            head = _read_at_least(stream, _HEAD)
            compression = _compression.detect_compression(head)

            def reopen_member() -> IO[bytes]:
                return _zip.open_zip_member(path, member_name, name)[0]

            return StreamSource(zname, stream, head, kind="zip-member", binary=binary, reopen=reopen_member,
                                signature_fd=None, compression=compression)
        compression = _compression.detect_compression(head)
        if (compression is None and _is_pickle(head)) or (compression is not None and _is_pickle(
                _peek_decompressed(head, compression))):
            if not regular:
                raise TransferError("%s: a gensim save() file must be a file (gensim loads it by name), not a pipe"
                                    % name)
            raw.close()
            kv, description = load_gensim_object(path)
            return KeyedVectorsSource(kv, name, kind="gensim-save" if kind == "file" else kind,
                                      description=description)

        def reopen() -> IO[bytes]:
            return open(path, "rb", buffering=0)

        inner = head if compression is None else _peek_decompressed(head, compression, 64)
        old_fasttext = _fasttext_bin.pre2017_fasttext_bin(inner)
        if old_fasttext is not None:
            raise FormatError(
                name, "a fastText .bin in the layout fastText wrote before 2017 (no magic number; %s), which is not "
                "read here; gensim reads it: pass gensim.models.fasttext.load_facebook_vectors(%r) (a KeyedVectors) "
                "as the source instead" % (old_fasttext, path), offset=0,
            )
        if _fasttext_bin.is_fasttext_bin(inner):
            return FastTextBinSource(name, raw, head, kind=kind, reopen=reopen if regular else None,
                                     signature_fd=raw.fileno() if regular else None, compression=compression)
        return StreamSource(name, raw, head, kind=kind, binary=binary, reopen=reopen if regular else None,
                            signature_fd=raw.fileno() if regular else None, compression=compression)
    except BaseException:
        raw.close()
        raise


def _peek_decompressed(head: bytes, compression: str, size: int = 2) -> bytes:
    """The first ``size`` decompressed bytes of a compressed head (a gensim save() may be compressed), or b"" if they
    cannot be had from it (damage is reported by the strict reader later, with the file's name)."""
    try:
        if compression == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, size)
        return bz2.BZ2Decompressor().decompress(head, size)
    except (EOFError, OSError, ValueError, zlib.error):
        return b""
