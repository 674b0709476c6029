"""Reading word-vector files: word2vec binary and text, fastText ``.vec``, GloVe; plain, ``.gz`` or ``.bz2``.

The reader streams: it never holds the whole file, and it decodes vectors only for the words asked for.

Public surface
--------------
:func:`sniff`         what a file is (format, compression, header count, vector size), from its first bytes.
:func:`read_vectors`  the vectors of a chosen set of words, as one float32 array (what ``transfer_init`` uses).
:func:`iter_vectors`  every ``(word, vector)`` record in file order.

How the format is detected (``binary=None``)
--------------------------------------------
Compression comes from the file's magic bytes (gzip ``1f 8b``, bzip2 ``BZh``), not its name. A first line of
two non-negative integers is a word2vec header ``<count> <vector_size>``; the first record then decides
binary or text: text if the first record's line is a word followed by numbers, binary otherwise (a text
record with a number of values other than ``vector_size`` is reported as such, not read as binary). Text
records whose line ends in a space are reported as fastText ``.vec``. A first line that is a word followed
by numbers is GloVe (no header: the vector size is the number of values on that line, the record count is
whatever the file holds); a two-field first line followed by records of another size is reported as a
broken header.

What is checked
---------------
Every record of the file (or of its first ``limit`` records) is checked before anything is returned:
binary records must be a word (at most 64 KiB, no leading newline left after stripping them, as gensim does)
a space and exactly ``4 * vector_size`` bytes (one or more newlines may follow), and the header's count must
match the records present. Text lines must be a word and exactly ``vector_size`` values separated by spaces
(one trailing space, as fastText writes, and CRLF line ends are accepted; blank lines only at the end), and
the header's count must match the lines present. Under ``unicode_errors="strict"`` every word must decode.
Values are parsed on the lines of wanted words (:func:`read_vectors`) or on every line
(:func:`iter_vectors`); on other lines only the spaces are counted, so a malformed value (a letter, an empty
value between two spaces) on a line whose word is not wanted goes unnoticed: that is the price of parsing
only what is kept. Parsed values are exactly gensim's: the decimal string rounded once to the nearest
float64, then once to float32 (``np.float32(float(token))``). The header's count is never used to allocate
anything. Errors are :class:`~gensim_transfer.errors.FormatError` and subclasses naming the file, the
record and line (text) or byte offset (binary), and what was wrong; a cut-short or corrupt ``.gz``/``.bz2``
stream is one too.

How it is fast
--------------
Binary chunks (4 MiB, read into one buffer with room in front for the unfinished record of the previous
chunk) are split by one compiled regular expression that matches eight records at a time (word, space,
exactly ``4 * vector_size`` bytes, and the newline when the file puts one after each vector); the split is
checked to tile the chunk exactly, a chunk that deviates is split again with the exact one-record pattern,
and only then walked record by record to report the first bad one. Words stay bytes: a bitmap of the
wanted words' hashes screens them, and only those that pass are looked up in the dict of wanted words,
encoded once. For plain binary files only the offsets of matched vectors are kept; after validation they
are read back through short-lived memory maps (one numpy gather per window) or, when far apart, one
positioned read each. Text files are read 2 MiB at a time, a chunk ahead on a background thread (numpy
releases the GIL), and checked in 1 MiB blocks with numpy (newlines, spaces per line); the wanted lines'
values are parsed by a vectorised decimal parser that is exact where Clinger's fast path applies (an
integer mantissa below 2**53 and at most 22 digits after the point) and hands every other token to
Python's ``float``.
"""
from __future__ import annotations

import bz2
import codecs
import contextlib
import gzip
import itertools
import mmap
import os
import queue
import re
import threading
import zlib
from dataclasses import dataclass
from typing import IO, Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from .errors import FormatError, TruncatedFileError, VectorSizeError

__all__ = [
    "FORMATS",
    "SelectedVectors",
    "VectorFileInfo",
    "iter_vectors",
    "read_vectors",
    "sniff",
]

PathLike = Union[str, "os.PathLike[str]"]

#: Format names used in :class:`VectorFileInfo` and reports.
FORMATS = ("word2vec-binary", "word2vec-text", "fasttext-text", "glove-text")

# Tunables, module-level so that tests can shrink them (records then straddle chunks everywhere).
_CHUNK = 4 << 20  # bytes read at a time from binary files
_TEXT_CHUNK = 2 << 20  # bytes read at a time from text files (three in flight with the read-ahead thread)
_TEXT_BLOCK = 1 << 20  # text is checked in blocks of about this many bytes (numpy passes stay in cache)
_SNIFF = 1 << 16  # bytes read at a time while sniffing
_MAX_WORD = 1 << 16  # a "word" longer than this means the file is not what it claims to be
_MAX_LINE = 64 << 20  # sniffing gives up looking for the end of the first line after this many bytes
_WINDOW = 8 << 20  # bytes mapped (or read vector by vector) at a time when reading matched vectors back
_SPARSE = 16 << 10  # matched vectors further apart than this on average are read one by one, not mapped
_THREADED = True  # read text files ahead on a background thread
_GROUP = 8  # binary records matched per regular-expression match


@dataclass(frozen=True)
class VectorFileInfo:
    """What :func:`sniff` found out about a vector file.

    Attributes
    ----------
    path : str
    format : str
        One of :data:`FORMATS`.
    compression : str or None
        ``"gzip"``, ``"bz2"`` or None.
    count : int or None
        Records the header announces; None for GloVe files (no header).
    vector_size : int
    header_bytes : int
        Length of the header line including its newline (0 for GloVe).
    """

    path: str
    format: str
    compression: Optional[str]
    count: Optional[int]
    vector_size: int
    header_bytes: int

    @property
    def binary(self) -> bool:
        """True for word2vec binary files."""
        return self.format == "word2vec-binary"


class SelectedVectors(NamedTuple):
    """Result of :func:`read_vectors`.

    ``vectors[i]`` is the file's vector for ``words[i]`` where ``found[i]`` is True; rows not found are
    zero. ``records`` is how many records were read (all of them unless ``limit`` stopped earlier).
    """

    words: Sequence[str]
    vectors: np.ndarray
    found: np.ndarray
    records: int
    info: VectorFileInfo


# ---------------------------------------------------------------------------------------------------------
# Opening and sniffing
# ---------------------------------------------------------------------------------------------------------
def _compression_of(path: str) -> Optional[str]:
    with open(path, "rb") as raw:
        magic = raw.read(3)
    if magic[:2] == b"\x1f\x8b":
        return "gzip"
    if magic == b"BZh":
        return "bz2"
    return None


def _open(path: str, compression: Optional[str]) -> IO[bytes]:
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "bz2":
        return bz2.open(path, "rb")
    raw = open(path, "rb", buffering=0)
    if hasattr(os, "posix_fadvise"):  # a cold file is read front to back: ask for generous read-ahead
        os.posix_fadvise(raw.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
    return raw


def _read_at_least(stream: IO[bytes], size: int) -> bytes:
    parts = []
    got = 0
    while got < size:
        part = stream.read(size - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _parse_header(line: bytes) -> Optional[Tuple[int, int]]:
    parts = line.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def _is_number(token: bytes) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _numeric_fields(line: bytes) -> Optional[int]:
    """Number of values if ``line`` is a word followed by at least one number, else None."""
    fields = line.split()
    if len(fields) < 2 or not all(_is_number(f) for f in fields[1:]):
        return None
    return len(fields) - 1


class _Head:
    """The first bytes of a (decompressed) file, read on demand up to whole lines."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.data = b""
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        want = max(_SNIFF, len(self.data))  # doubling: a long first line costs linear time
        part = _read_at_least(self.stream, want)
        self.eof = len(part) < want
        self.data += part
        return bool(part)

    def line(self, start: int, max_bytes: int) -> Tuple[bytes, bool]:
        """(The line that starts at ``start`` without its newline, whether it was complete)."""
        while True:
            end = self.data.find(b"\n", start, start + max_bytes + 1)
            if end >= 0:
                return self.data[start:end], True
            if len(self.data) - start > max_bytes or not self.more():
                return self.data[start:start + max_bytes], False


def sniff(path: PathLike, *, binary: Optional[bool] = None) -> VectorFileInfo:
    """Detect a vector file's format, compression, record count and vector size from its first bytes.

    Parameters
    ----------
    path : str or path-like
    binary : bool or None
        True/False to insist on word2vec binary or a text format; None to detect.

    Returns
    -------
    VectorFileInfo

    Raises
    ------
    FormatError
        Empty file, a header that is not two integers (when one is required), or a first record that fits
        no supported format.
    VectorSizeError
        The first text record has a number of values other than the header's vector size.
    OSError
        The file cannot be opened.

    Examples
    --------
    >>> info = sniff("GoogleNews-vectors-negative300.bin.gz")
    >>> info.format, info.compression, info.count, info.vector_size
    ('word2vec-binary', 'gzip', 3000000, 300)
    """
    path = os.fspath(path)
    compression = _compression_of(path)
    with _compressed_errors(path, compression), _open(path, compression) as stream:
        head = _Head(stream)
        first, _ = head.line(0, _MAX_LINE)
        if not first.strip() and not head.data.strip():
            raise FormatError(path, "file is empty", line=1)
        header = _parse_header(first)
        header_bytes = len(first) + 1
        if header is not None:
            count, size = header
            if size <= 0:
                raise FormatError(path, "header says vector size %d; it must be positive" % size, line=1)
            return _sniff_after_header(path, head, compression, count, size, header_bytes, binary)
        if binary:
            raise FormatError(
                path, "binary word2vec files start with a '<count> <vector_size>' header; found %r" % first[:80],
                line=1,
            )
        size = _numeric_fields(first)
        if size is None:
            raise FormatError(
                path,
                "not a word-vector file: line 1 is neither a '<count> <vector_size>' header nor a word followed "
                "by numbers (found %r)" % first[:80],
                line=1,
            )
        if len(first.split()) == 2:
            # "abc 300" or "3000000 300.0": a GloVe record of one value, or a broken header? The next line says.
            second, _ = head.line(header_bytes, _MAX_WORD + 64 * 4096)
            values = _numeric_fields(second)
            if values is not None and values != 1:
                raise FormatError(
                    path,
                    "line 1 %r is not a valid '<count> <vector_size>' header (two non-negative integers) and "
                    "not a one-value record like the next line's %d values" % (first[:80], values),
                    line=1,
                )
        return VectorFileInfo(path, "glove-text", compression, None, size, 0)


def _sniff_after_header(
    path: str, head: _Head, compression: Optional[str], count: int, size: int, header_bytes: int,
    binary: Optional[bool],
) -> VectorFileInfo:
    # A text record of `size` values is at most this long; a binary record rarely has a newline that early.
    longest_text = _MAX_WORD + 40 * size + 64
    record_line, complete = head.line(header_bytes, longest_text)
    if binary is None:
        values = _numeric_fields(record_line) if complete else None
        if count == 0 and not record_line.strip():
            is_text = True
        elif values == size:
            is_text = True
        elif values is None:
            is_text = False
        else:
            # A text record of the wrong size, or binary vector bytes that happen to look like numbers up to a
            # newline: a text file's next line is a record of the same size too.
            second, whole = head.line(header_bytes + len(record_line) + 1, longest_text)
            if (whole or head.eof) and second.strip() and _numeric_fields(second) != values:
                is_text = False
            else:
                raise VectorSizeError(
                    path,
                    "record has %d values, expected %d (the header's vector size)" % (values, size),
                    line=2,
                    record=1,
                )
    else:
        is_text = not binary
    if not is_text:
        return VectorFileInfo(path, "word2vec-binary", compression, count, size, header_bytes)
    fmt = "fasttext-text" if record_line.rstrip(b"\r").endswith(b" ") else "word2vec-text"
    return VectorFileInfo(path, fmt, compression, count, size, header_bytes)


# ---------------------------------------------------------------------------------------------------------
# Reading ahead
# ---------------------------------------------------------------------------------------------------------
def _fill(stream: IO[bytes], view: memoryview) -> int:
    """readinto until ``view`` is full or the stream ends; the number of bytes read."""
    got = 0
    size = len(view)
    while got < size:
        n = stream.readinto(view[got:])
        if not n:
            break
        got += n
    return got


def _chunks_into(stream: IO[bytes], chunk: int, reserve: int) -> Iterator[Tuple[bytearray, int]]:
    """Yield ``(buffer, got)``: chunk after chunk read into one buffer, ``buffer[reserve:reserve + got]``.

    The ``reserve`` free bytes in front of the data let the consumer put the unfinished end of the previous
    chunk just before the new data without copying the chunk. ``got == 0`` marks the end of the stream.
    Binary files are read this way, without a read-ahead thread: their scanning holds the GIL (regular
    expressions), and handing the GIL back and forth cost more than overlapping the reads gained.
    """
    buf = bytearray(reserve + chunk)
    while True:
        got = _fill(stream, memoryview(buf)[reserve:])
        yield buf, got
        if not got:
            return


def _read_ahead(stream: IO[bytes], chunk: int, threaded: bool) -> Iterator[bytes]:
    """Yield the stream's chunks as bytes (``b""`` at the end), reading the next one on a background thread
    meanwhile if ``threaded``: text checking is numpy work that releases the GIL, so reads overlap it."""
    if not threaded:
        while True:
            data = stream.read(chunk)
            yield data
            if not data:
                return
    ready: queue.Queue[Tuple[bytes, Optional[BaseException]]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                data = stream.read(chunk)
                ready.put((data, None))
                if not data:
                    return
        except BaseException as err:  # re-raised in the consumer
            ready.put((b"", err))

    thread = threading.Thread(target=work, name="gensim-transfer-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            data, err = ready.get()
            if err is not None:
                raise err
            yield data
            if not data:
                return
    finally:
        stop.set()
        while thread.is_alive():  # unblock a reader waiting to hand over a chunk
            try:
                ready.get(timeout=0.01)
            except queue.Empty:
                pass
        thread.join()


# ---------------------------------------------------------------------------------------------------------
# Record batches: one per chunk, words as bytes, vectors decoded on request
# ---------------------------------------------------------------------------------------------------------
class _Batch(NamedTuple):
    first_record: int  # 0-based number of the batch's first record in the file
    words: List[bytes]
    take: Callable[[np.ndarray], np.ndarray]  # positions in this batch -> float32 vectors (a new array)
    vector_offsets: Optional[Callable[[np.ndarray], np.ndarray]]  # positions -> file offsets (plain binary)
    first_line: Optional[int]  # 1-based line number of the batch's first record (text files)
    hashes: Optional[Callable[[], Optional[np.ndarray]]] = None  # :func:`_word_hashes` of the words, if known


def _batches(info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    scan = _scan_binary if info.binary else _scan_text
    with _compressed_errors(info.path, info.compression), _open(info.path, info.compression) as stream:
        if info.header_bytes and len(_read_at_least(stream, info.header_bytes)) < info.header_bytes:
            raise TruncatedFileError(info.path, "file ends inside the header line", line=1)
        yield from scan(stream, info, limit)


@contextlib.contextmanager
def _compressed_errors(path: str, compression: Optional[str]) -> Iterator[None]:
    """Report a cut-short or corrupt gzip/bz2 stream as a TransferError naming the file."""
    try:
        yield
    except EOFError as err:  # gzip and bz2: the stream ends before its end-of-stream marker
        raise TruncatedFileError(
            path, "compressed data ends before its end-of-stream marker (the file was cut short?)"
        ) from err
    except (zlib.error, OSError) as err:
        if compression is None or getattr(err, "errno", None) is not None:  # a real I/O error
            raise
        raise FormatError(path, "compressed data is corrupt (%s: %s)" % (compression, err)) from err


def _reads_whole_file(info: VectorFileInfo, limit: Optional[int]) -> bool:
    """True if every record the header announces is to be read (so data after them is an error)."""
    return limit is None or (info.count is not None and limit >= info.count)


def _expected_records(info: VectorFileInfo, limit: Optional[int]) -> Optional[int]:
    if limit is not None and (info.count is None or limit < info.count):
        return limit
    return info.count


def _more_data_error(info: VectorFileInfo, **where: Optional[int]) -> FormatError:
    return FormatError(
        info.path,
        "the header announces %d records but more %s follow the last one (is the header count too small?)"
        % (info.count, "data" if info.binary else "lines"),
        **where,
    )


# --- binary ----------------------------------------------------------------------------------------------
class _BinaryPatterns:
    """The regular expressions for one vector size.

    ``general`` matches one record with any number of newlines before its word (the word group keeps them,
    so that lengths add up); ``fast[newline]`` matches :data:`_GROUP` records, each vector followed by
    exactly one newline (or by none), words without leading newlines.
    """

    def __init__(self, vbytes: int) -> None:
        record = rb"([^ \n][^ ]*) (?s:.{%d})" % vbytes
        self.general = re.compile(rb"(\n*[^ \n][^ ]*) (?s:.{%d})" % vbytes)
        self.fast = {False: re.compile(record * _GROUP), True: re.compile((record + rb"\n") * _GROUP)}


def _split_records(
    pattern: re.Pattern[bytes], group: int, data: memoryview, overhead: int
) -> Optional[Tuple[List[bytes], np.ndarray, np.ndarray]]:
    """The records at the front of ``data`` as (word groups, record ends, group lengths), or None if they do
    not tile it.

    ``overhead`` is the length of a record besides its word group. ``split`` partitions ``data`` into gaps
    and matches, so the length check below proves that every gap but the last (the unfinished tail) is
    empty: no malformed byte was skipped.
    """
    parts = pattern.split(data)
    tail = parts[-1]
    del parts[::group + 1]  # the gaps; the word groups remain, in file order
    if not parts:
        return [], np.zeros(0, np.int64), np.zeros(0, np.int64)
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    ends = np.cumsum(lens + overhead)
    if int(ends[-1]) + len(tail) != len(data):
        return None
    return parts, ends, lens


class _BinaryScanner:
    """Finds the records at the front of a piece of a binary file, checking every byte, keeping count.

    It is handed the data from the first unconsumed byte on, chunk after chunk.
    """

    def __init__(self, info: VectorFileInfo, limit: Optional[int]) -> None:
        self.info = info
        self.path = info.path
        self.size = info.vector_size
        self.vbytes = 4 * info.vector_size
        want = _expected_records(info, limit)
        assert want is not None and info.count is not None  # binary files always have a header
        self.want = want
        self.whole = _reads_whole_file(info, limit)
        self.patterns = _BinaryPatterns(self.vbytes)
        self.newline: Optional[bool] = None  # whether a newline follows each vector (decided on record 1)
        self.record_no = 0

    def step(self, data: memoryview, offset: int, at_eof: bool) -> Tuple[List[bytes], np.ndarray, np.ndarray, int]:
        """``(words, vector starts in data, word lengths, bytes consumed)`` for the complete records at the
        front of data.

        No words means no complete record yet (``consumed`` then counts blank newlines skipped). ``offset``
        is the file offset of ``data[0]``; ``at_eof`` says that the file ends where ``data`` ends.
        """
        vbytes = self.vbytes
        if self.newline is None:
            space = bytes(data[:_MAX_WORD]).find(b" ")
            if 0 < space and space + 1 + vbytes < len(data):
                self.newline = data[space + 1 + vbytes] == 0x0A
        found = None
        general = True
        if self.newline is not None and not at_eof:
            found = _split_records(self.patterns.fast[self.newline], _GROUP, data, 1 + vbytes + self.newline)
            general = False
            if found is not None and not found[0]:
                found = None  # fewer than _GROUP complete records here
        if found is None:  # the exact pattern: a chunk that deviates from the file's habit, or the end
            general = True
            found = _split_records(self.patterns.general, 1, data, 1 + vbytes)
            if found is None:
                self.fail(data, offset, at_eof)
        words, ends, lens = found  # type: ignore[misc]
        if not words:
            prefix = bytes(data[:_MAX_WORD])
            newlines = len(prefix) - len(prefix.lstrip(b"\n"))
            if not at_eof and len(data) - newlines > _MAX_WORD + vbytes + 2:
                self.fail(data[newlines:], offset + newlines, at_eof)
            return words, ends, lens, newlines
        room = self.want - self.record_no
        if len(words) > room:
            del words[room:]
            ends = ends[:room]
            lens = lens[:room]
        if general:
            words = [w.lstrip(b"\n") if w[:1] == b"\n" else w for w in words]
            lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        if int(lens.max()) > _MAX_WORD:
            self.fail(data, offset, at_eof)
        self.record_no += len(words)
        vec_starts = ends - vbytes - (0 if general else int(bool(self.newline)))
        return words, vec_starts, lens, int(ends[-1])

    def fail(self, data: memoryview, offset: int, at_eof: bool) -> None:
        _raise_binary_problem(self.path, bytes(data), offset, self.record_no, self.size, at_eof)

    def done(self) -> bool:
        return self.record_no >= self.want

    def finish(self, tail: bytes, offset: int) -> None:
        """Checks once reading stopped: ``tail`` is what follows the last record read (up to 64 KiB of it)."""
        info = self.info
        assert info.count is not None
        if self.record_no < min(self.want, info.count):
            stripped = tail.lstrip(b"\n")
            if stripped:
                detail = "file ends inside record %d (%d bytes of it present)" % (self.record_no + 1, len(stripped))
            else:
                detail = "file ends after %d records" % self.record_no
            raise TruncatedFileError(
                self.path,
                "%s but the header announces %d records" % (detail, info.count),
                record=self.record_no + 1,
                offset=offset + len(tail) - len(stripped),
            )
        if self.whole and tail.strip(b"\n\r\t "):
            raise _more_data_error(
                info, record=self.record_no + 1, offset=offset + len(tail) - len(tail.lstrip(b"\n\r\t "))
            )

    def batch(self, words: List[bytes], data: memoryview, vec_starts: np.ndarray, lens: np.ndarray,
              offset: int) -> _Batch:
        return _Batch(
            self.record_no - len(words),
            words,
            _binary_taker(data, vec_starts, self.size),
            None if self.info.compression else _offsets_of(vec_starts, offset),
            None,
            lambda: _word_hashes(np.frombuffer(data, np.uint8), vec_starts - 1 - lens, lens),
        )


def _scan_binary(stream: IO[bytes], info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    scanner = _BinaryScanner(info, limit)
    if not scanner.want:
        scanner.finish(_read_at_least(stream, 1 << 16), info.header_bytes)
        return
    vbytes = scanner.vbytes
    offset = info.header_bytes  # file offset of data[0]
    reserve = _GROUP * (vbytes + 2) + 2 * _MAX_WORD + 64
    carry = b""  # the unfinished end of the previous chunk
    chunks = _chunks_into(stream, _CHUNK, reserve)
    try:
        for buf, got in chunks:
            at_eof = not got
            if len(carry) <= reserve:
                start = reserve - len(carry)
                buf[start:reserve] = carry
                data = memoryview(buf)[start:reserve + got]
            else:  # an unfinished record longer than the reserve: join (rare, costs a copy)
                data = memoryview(carry + bytes(memoryview(buf)[reserve:reserve + got]))
            words, vec_starts, lens, consumed = scanner.step(data, offset, at_eof)
            if words:
                yield scanner.batch(words, data, vec_starts, lens, offset)
            carry = bytes(data[consumed:])
            offset += consumed
            if scanner.done() or at_eof:
                break
        tail = carry
        if scanner.done() and scanner.whole and len(tail) < 1 << 16:
            for buf, got in chunks:  # what follows the last record must be blank too
                tail += bytes(memoryview(buf)[reserve:reserve + min(got, 1 << 16)])
                break
        scanner.finish(tail, offset)
    finally:
        chunks.close()  # type: ignore[attr-defined]


def _offsets_of(vec_starts: np.ndarray, base: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda positions: vec_starts[positions] + base


def _binary_taker(data: memoryview, vec_starts: np.ndarray, size: int) -> Callable[[np.ndarray], np.ndarray]:
    """Vectors at the given batch positions, copied out of the chunk (valid until the next chunk is read)."""
    vbytes = 4 * size

    def take(positions: np.ndarray) -> np.ndarray:
        view = np.frombuffer(data, dtype=np.uint8)
        # Every byte offset as the start of a vbytes-long row (no copy); one gather copies the rows wanted.
        rows = np.lib.stride_tricks.as_strided(view, shape=(len(view) - vbytes + 1, vbytes), strides=(1, 1))
        gathered = rows[vec_starts[positions]]
        return gathered.view("<f4").reshape(len(positions), size).astype(np.float32, copy=False)

    return take


def _raise_binary_problem(path: str, buf: bytes, offset: int, record_no: int, size: int, at_eof: bool) -> None:
    """Walk ``buf`` one record at a time and raise an error naming the first bad record.

    Called only where the regular expressions found the data malformed. ``at_eof`` says whether ``buf``
    ends where the file ends; otherwise a record cut off at the end of ``buf`` is not a problem by itself.
    """
    vbytes = 4 * size
    pos = 0
    n = record_no
    while True:
        while buf[pos:pos + 1] == b"\n":
            pos += 1
        space = buf.find(b" ", pos, pos + _MAX_WORD)
        if space == pos:
            raise FormatError(
                path,
                "empty word (a space where a word should start); the previous record's vector is probably not "
                "%d bytes long (is the header's vector size %d right?)" % (vbytes, size),
                record=n + 1,
                offset=offset + pos,
            )
        if space < 0:
            if at_eof and len(buf) - pos < _MAX_WORD:
                raise TruncatedFileError(
                    path, "file ends inside the word of a record", record=n + 1, offset=offset + pos
                )
            raise FormatError(
                path,
                "no space after the word within %d bytes: not a binary word2vec record (is the file text, or "
                "is the header's vector size %d wrong?)" % (_MAX_WORD, size),
                record=n + 1,
                offset=offset + pos,
            )
        if space + 1 + vbytes > len(buf):
            raise TruncatedFileError(
                path,
                "record cut short: %d of %d vector bytes present" % (len(buf) - space - 1, vbytes),
                record=n + 1,
                offset=offset + pos,
            )
        pos = space + 1 + vbytes
        n += 1


# --- text ------------------------------------------------------------------------------------------------
def _text_groups(chunks: Iterator[bytes]) -> Iterator[List[Tuple[bytes, int, int]]]:
    """For each chunk read, blocks ``(data, lo, hi)``: ``data[lo:hi]`` is whole lines, about _TEXT_BLOCK bytes.

    The line that straddles two chunks comes as a block of its own (the chunk is not copied); the last line
    of a file without a final newline gets one.
    """
    carry = b""
    for chunk in chunks:
        if not chunk:
            if carry:
                yield [(carry + b"\n", 0, len(carry) + 1)]
            return
        first = chunk.find(b"\n") + 1
        if not first:  # no line ends in this chunk: part of a long line
            carry += chunk
            continue
        group = []
        if carry:
            group.append((carry + chunk[:first], 0, len(carry) + first))
        else:
            first = 0
        cut = chunk.rfind(b"\n") + 1
        lo = first
        while lo < cut:
            hi = cut
            if cut - lo > _TEXT_BLOCK:
                hi = chunk.rfind(b"\n", lo, lo + _TEXT_BLOCK) + 1
                if hi <= lo:
                    hi = chunk.find(b"\n", lo + _TEXT_BLOCK) + 1
            group.append((chunk, lo, hi))
            lo = hi
        carry = chunk[cut:]
        yield group


class _TextBlock(NamedTuple):
    records: int  # records in the block (they come before any blank lines that end it)
    lines: int  # lines looked at: the records and the blank lines after them
    end: int  # offset in data just after the last line looked at
    blank_tail: Optional[int]  # line number of the first of the blank lines that end the block
    words: List[bytes]
    data: bytes
    value_start: np.ndarray  # offsets in data of each record's values
    value_end: np.ndarray
    word_start: np.ndarray  # offsets in data of each record's word
    word_len: np.ndarray


def _scan_text(stream: IO[bytes], info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    path, size = info.path, info.vector_size
    want = _expected_records(info, limit)
    whole = _reads_whole_file(info, limit)
    header_lines = 1 if info.header_bytes else 0
    record_no = 0
    line_no = header_lines + 1  # number of the next line to look at
    blank_since: Optional[int] = None  # first line of a run of blank lines not (yet) followed by a record
    chunks = _read_ahead(stream, _TEXT_CHUNK, threaded=_THREADED)
    groups = _text_groups(chunks)
    try:
        reached = want == 0
        rest: Optional[Tuple[bytes, int, int]] = (b"", 0, 0) if reached else None
        while not reached:
            group = next(groups, None)
            if group is None:
                break
            blocks: List[_TextBlock] = []
            batch_line = line_no
            for index, (data, lo, hi) in enumerate(group):
                block = _check_text_block(path, data, lo, hi, size, line_no, header_lines,
                                          None if want is None else want - record_no)
                if blank_since is not None and block.records:
                    raise FormatError(path, "empty line where a record should be", line=blank_since)
                if block.records:
                    blocks.append(block)
                    record_no += block.records
                if blank_since is None:
                    blank_since = block.blank_tail
                line_no += block.lines
                if want is not None and record_no >= want:
                    reached = True
                    rest = (data, block.end, hi)
                    later = group[index + 1:]
                    groups = itertools.chain([later], groups) if later else groups
                    break
            if blocks:
                yield _text_batch(path, blocks, record_no - sum(b.records for b in blocks), batch_line,
                                  size, header_lines)
        if reached and whole and rest is not None:
            _check_blank_rest(info, rest, line_no, itertools.chain.from_iterable(groups))
    finally:
        chunks.close()  # type: ignore[attr-defined]
    if info.count is not None and want is not None and record_no < min(want, info.count):
        raise TruncatedFileError(
            path,
            "file ends after %d records but the header announces %d records" % (record_no, info.count),
            line=line_no,
            record=record_no + 1,
        )


def _text_batch(
    path: str, blocks: List[_TextBlock], first_record: int, first_line: int, size: int, header_lines: int
) -> _Batch:
    if len(blocks) == 1:
        words = blocks[0].words
    else:
        words = list(itertools.chain.from_iterable(b.words for b in blocks))
    bounds = np.cumsum([0] + [b.records for b in blocks])

    def take(positions: np.ndarray) -> np.ndarray:  # positions in increasing order
        if not len(positions):
            return np.zeros((0, size), np.float32)
        pieces: List[bytes] = []
        which = np.searchsorted(bounds, positions, side="right") - 1
        for k in np.unique(which).tolist():
            block = blocks[k]
            local = positions[which == k] - bounds[k]
            pieces.extend(map(block.data.__getitem__,
                              map(slice, block.value_start[local].tolist(), block.value_end[local].tolist())))
        try:
            values = _parse_floats(b" ".join(pieces))
        except _BadToken as bad:
            number = first_line + int(positions[bad.index // size])
            column = bad.index % size + 1
            problem = ("value %d is empty (two spaces in a row)" % column if not bad.token
                       else "value %d %r is not a number" % (column, bad.token[:40]))
            raise FormatError(path, problem, line=number, record=number - header_lines) from None
        with np.errstate(over="ignore"):  # beyond float32 becomes inf, as np.float32(token) gives
            return values.astype(np.float32).reshape(len(positions), size)

    def hashes() -> Optional[np.ndarray]:
        parts = [_word_hashes(np.frombuffer(b.data, np.uint8), b.word_start, b.word_len) for b in blocks]
        return None if any(p is None for p in parts) else np.concatenate(parts)  # type: ignore[arg-type]

    return _Batch(first_record, words, take, None, first_line, hashes)


def _check_blank_rest(
    info: VectorFileInfo, rest: Tuple[bytes, int, int], line_no: int, blocks: Iterator[Tuple[bytes, int, int]]
) -> None:
    """After the last record the header announces, only blank lines may follow (checked up to 1 MiB)."""
    looked = 0
    data, lo, hi = rest
    while True:
        text = data[lo:hi]
        stripped = text.lstrip()
        if stripped:
            raise _more_data_error(info, line=line_no + text[:len(text) - len(stripped)].count(b"\n"))
        line_no += text.count(b"\n")
        looked += len(text)
        if looked > 1 << 20:
            return
        nxt = next(blocks, None)
        if nxt is None:
            return
        data, lo, hi = nxt


def _check_text_block(
    path: str, data: bytes, lo: int, hi: int, size: int, first_line: int, header_lines: int,
    max_lines: Optional[int],
) -> _TextBlock:
    """Check the lines ``data[lo:hi]`` (at most ``max_lines`` of them) with numpy; find their words.

    Every line must be a word and ``size`` values separated by spaces (one trailing space and a CR before
    the newline are allowed): the spaces of each line are counted. Blank lines may only end the file. The
    values themselves are parsed later, on the lines that are wanted.
    """
    arr = np.frombuffer(data, np.uint8, hi - lo, lo)
    nl = _newlines(data, lo, hi, arr, max_lines)
    if max_lines is not None and len(nl) > max_lines:
        nl = nl[:max_lines]
        arr = arr[:int(nl[-1]) + 1] if max_lines else arr[:0]
    if not len(nl):
        return _TextBlock(0, 0, lo, None, [], data, nl, nl, nl, nl)
    starts = np.empty_like(nl)
    starts[0] = 0
    starts[1:] = nl[:-1] + 1
    body_end = nl - (arr[nl - 1] == 13)  # a CR before the newline is not part of the line
    blank = body_end == starts
    isp = arr == 32
    # Spaces per line, modulo 2**16 (a line would need 65,536 spaces too many to pass unnoticed).
    counts = np.add.reduceat(isp.view(np.uint8), starts, dtype=np.uint16)
    trail = isp[body_end - 1] & ~blank
    lead = isp[starts] & ~blank
    expected = (size + trail) & 0xFFFF
    good = blank | ((counts == expected) & ~lead)
    if not good.all():
        i = int(np.argmin(good))
        _raise_text_problem(path, bytes(arr[starts[i]:body_end[i]]), size, first_line + i, header_lines)
    records = len(nl)
    blank_tail = None
    if blank.any():
        blanks = np.flatnonzero(blank)
        filled = np.flatnonzero(~blank)
        if len(filled) and blanks[0] < filled[-1]:
            raise FormatError(path, "empty line where a record should be", line=first_line + int(blanks[0]))
        records = int(filled[-1]) + 1 if len(filled) else 0
        blank_tail = first_line + records
    begin = (starts[:records] + lo).tolist()
    finish = (body_end[:records] + lo).tolist()
    spaces = list(map(data.find, itertools.repeat(b" "), begin, finish))
    words = list(map(data.__getitem__, map(slice, begin, spaces)))
    word_start = starts[:records] + lo
    value_start = np.array(spaces, dtype=np.int64) + 1
    value_end = body_end[:records] + lo - trail[:records]
    return _TextBlock(records, len(nl), lo + int(nl[-1]) + 1, blank_tail, words, data, value_start, value_end,
                      word_start, value_start - 1 - word_start)


def _newlines(data: bytes, lo: int, hi: int, arr: np.ndarray, max_lines: Optional[int]) -> np.ndarray:
    """Offsets (from ``lo``) of the newlines in ``data[lo:hi]``, at most ``max_lines`` + 1 of them.

    Long lines (300 values) are found faster by ``bytes.find`` (memchr) one by one than by a numpy pass
    over every byte; short lines the other way round. The first line's length decides.
    """
    first = data.find(b"\n", lo, hi)
    if first < 0 or first - lo < 1024:
        return np.flatnonzero(arr == 10)
    found = [first]
    cap = len(arr) if max_lines is None else max_lines + 1
    find = data.find
    while len(found) < cap:
        at = find(b"\n", found[-1] + 1, hi)
        if at < 0:
            break
        found.append(at)
    return np.array(found, dtype=np.int64) - lo


def _raise_text_problem(path: str, line: bytes, size: int, number: int, header_lines: int) -> None:
    record = number - header_lines
    body = line[:-1] if line.endswith(b" ") else line
    fields = body.split(b" ")
    if not line.strip():
        problem = "line holds only spaces where a record should be"
    elif line.startswith(b" "):
        problem = "line starts with a space (an empty word)"
    elif len(fields) - 1 != size and b"" not in fields and all(_is_number(f) for f in fields[1:]):
        raise VectorSizeError(
            path,
            "record has %d values, expected %d (the header's or the first record's vector size)"
            % (len(fields) - 1, size),
            line=number,
            record=record,
        )
    elif b"" in fields:
        problem = "two spaces in a row (an empty value) near %r" % _excerpt(line, line.find(b"  "))
    else:
        problem = "expected a word and %d values separated by single spaces, found %d fields" % (size, len(fields))
    raise FormatError(path, problem, line=number, record=record)


def _excerpt(line: bytes, at: int) -> bytes:
    return line[max(0, at - 20):at + 20]


# --- parsing decimal numbers -----------------------------------------------------------------------------
class _BadToken(Exception):
    def __init__(self, index: int, token: bytes) -> None:
        super().__init__(index, token)
        self.index = index
        self.token = token


_POW10 = np.array([10.0 ** k for k in range(23)])  # exact in float64 up to 10**22
_PARSE_BLOCK = 1 << 14  # tokens parsed at a time (the work arrays stay in cache)
_MAX_TOKEN = 18  # sign, point and 16 digits: the mantissa fits int64 (it must also be <= 2**53)


def _parse_floats(text: bytes) -> np.ndarray:
    """Parse space-separated decimal numbers into float64, each exactly as Python's ``float`` does.

    Tokens of the form ``[+-]digits[.digits]`` whose digits make an integer ``m <= 2**53`` with at most 22
    of them after the point are ``m / 10**k``: both operands are exact doubles, so IEEE division rounds the
    quotient once, correctly (Clinger's fast path). That is done for all tokens at once with numpy, on
    tokens right-aligned in a small byte matrix. Every other token (exponents, ``nan``, long mantissas) goes
    through ``float``; one it rejects raises :class:`_BadToken`.
    """
    arr = np.frombuffer(text, np.uint8)
    spaces = np.flatnonzero(arr == 32)
    n = len(spaces) + 1
    ends = np.empty(n, np.int64)
    ends[:-1] = spaces
    ends[-1] = len(arr)
    lens = np.empty(n, np.int64)
    lens[0] = ends[0]
    np.subtract(ends[1:], ends[:-1] + 1, out=lens[1:])
    width = max(1, min(int(lens.max()), _MAX_TOKEN))
    padded = np.empty(len(arr) + width, np.uint8)
    padded[:width] = 32
    padded[width:] = arr
    out = np.empty(n, np.float64)
    ok = np.empty(n, bool)
    cols = np.arange(width, dtype=np.int8)[:, None]
    window = np.arange(width, dtype=np.intp)[:, None]  # padded[e:e + width] is arr[e - width:e]
    limit = float(1 << 53)
    for b0 in range(0, n, _PARSE_BLOCK):
        b1 = min(n, b0 + _PARSE_BLOCK)
        grid = padded[ends[b0:b1][None, :] + window]  # (width, tokens): each token right-aligned
        ln = lens[b0:b1]
        first = (width - np.minimum(ln, width)).astype(np.int8)
        inside = cols >= first
        digit = grid - np.uint8(48)
        isdig = digit < 10
        isdig &= inside
        isdot = grid == 46
        isdot &= inside
        ndig = isdig.sum(0, dtype=np.int8)
        ndot = isdot.sum(0, dtype=np.int8)
        dotpos = (isdot * cols).sum(0, dtype=np.int8)
        lead = grid[np.minimum(first, width - 1), np.arange(b1 - b0)]  # first byte (an empty token has none)
        neg = lead == 45
        signed = neg | (lead == 43)
        good = (ln <= width) & (ndig >= 1) & (ndot <= 1) & (signed + ndig + ndot == ln)
        nfrac = np.where(ndot == 1, width - 1 - dotpos, 0)
        digit *= isdig
        factor = isdig.view(np.uint8) * np.uint8(9)
        factor += 1
        mant = digit[0].astype(np.float64)  # exact: every partial value is an integer below 10**16
        for j in range(1, width):
            mant *= factor[j]
            mant += digit[j]
        good &= mant < limit  # below 2**53 every step above was exact
        val = mant / _POW10.take(nfrac)
        val *= 1.0 - 2.0 * neg  # exact; and 0.0 * -1.0 is -0.0, as float("-0") is
        out[b0:b1] = val
        ok[b0:b1] = good
    for i in np.flatnonzero(~ok).tolist():
        token = text[ends[i] - lens[i]:ends[i]]
        try:
            out[i] = float(token)
        except ValueError:
            raise _BadToken(i, token) from None
    return out


# ---------------------------------------------------------------------------------------------------------
# Words: bytes or str, decoding checks
# ---------------------------------------------------------------------------------------------------------
# Codecs in which equal strings have equal bytes and every word can be checked by decoding the words of a
# chunk joined by newlines (ASCII-compatible, self-synchronising or single-byte). Under strict decoding the
# file's words are compared undecoded against the wanted words encoded once. Other codecs decode each word.
_BYTE_EXACT = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252", "cp1251", "cp1250", "iso8859-15"})


def _compares_bytes(encoding: str, unicode_errors: str) -> bool:
    return unicode_errors == "strict" and codecs.lookup(encoding).name in _BYTE_EXACT


def _lookup_for(words: Sequence[str], encoding: str, unicode_errors: str) -> Dict:
    """Map each wanted word to its row, keyed the way :func:`_match` compares (bytes or str)."""
    if not _compares_bytes(encoding, unicode_errors):
        return {word: row for row, word in enumerate(words)}
    lookup: Dict[bytes, int] = {}
    for row, word in enumerate(words):
        try:
            lookup[word.encode(encoding)] = row
        except UnicodeEncodeError:
            continue  # a word this encoding cannot spell cannot be in the file
    return lookup


def _where(info: VectorFileInfo, batch: _Batch, i: int) -> Dict[str, Optional[int]]:
    line = None if batch.first_line is None else batch.first_line + i
    return {"record": batch.first_record + i + 1, "line": line}


def _undecodable(info: VectorFileInfo, batch: _Batch, i: int, encoding: str, err: UnicodeDecodeError) -> FormatError:
    return FormatError(
        info.path,
        "word %r is not valid %s (%s); pass unicode_errors='replace' or 'ignore' to accept it%s"
        % (batch.words[i][:40], encoding, err.reason,
           " (or, if words look like binary noise, is the header's vector size right?)" if info.binary else ""),
        **_where(info, batch, i),
    )


def _check_decodable(info: VectorFileInfo, batch: _Batch, encoding: str) -> None:
    """Under strict decoding every word of the file must decode, wanted or not (as gensim's reader insists).

    Only for the codecs of :data:`_BYTE_EXACT`, where decoding the joined words is the same test.
    """
    words = batch.words
    try:
        b"\n".join(words).decode(encoding)  # ASCII decodes at memcpy speed
        return
    except UnicodeDecodeError:
        pass
    for i, word in enumerate(words):
        try:
            word.decode(encoding)
        except UnicodeDecodeError as err:
            raise _undecodable(info, batch, i, encoding, err) from None


def _decode_words(info: VectorFileInfo, batch: _Batch, encoding: str, unicode_errors: str) -> List[str]:
    try:
        return [w.decode(encoding, unicode_errors) for w in batch.words]
    except UnicodeDecodeError:
        for i, word in enumerate(batch.words):
            try:
                word.decode(encoding, unicode_errors)
            except UnicodeDecodeError as err:
                raise _undecodable(info, batch, i, encoding, err) from None
        raise


# ---------------------------------------------------------------------------------------------------------
# Matching wanted words, and copying their vectors
# ---------------------------------------------------------------------------------------------------------
def _signature(path: str, fd: Optional[int] = None) -> Tuple[int, int, int, int]:
    st = os.fstat(fd) if fd is not None else os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class _Matches(NamedTuple):
    """Where the wanted words are in a file, found by one validating pass (see :func:`_match`)."""

    info: VectorFileInfo
    records: int
    rows: np.ndarray  # wanted-row of each match, each row once (its last occurrence in the file wins)
    offsets: Optional[np.ndarray]  # file offsets of those rows' vector bytes, or None if staged
    # The vectors themselves (text and compressed files), else None: (rows, vectors) per chunk in file
    # order, each chunk's rows distinct, so that writing them in order lets the last occurrence win.
    staged: Optional[List[Tuple[np.ndarray, np.ndarray]]]
    signature: Optional[Tuple[int, int, int, int]] = None  # the file as validated (device, inode, size, mtime)

    def write_into(self, matrix: np.ndarray) -> None:
        """Copy the matched vectors into ``matrix[rows]`` (rows indexed like the wanted words).

        For plain binary files the vectors are read back now; if the file is no longer the one validated
        (another size, inode or modification time), :class:`~gensim_transfer.errors.FormatError` is raised
        before ``matrix`` is touched.
        """
        if self.staged is not None:
            for rows, vectors in self.staged:
                matrix[rows] = vectors
            return
        assert self.offsets is not None
        path = self.info.path
        vbytes = 4 * self.info.vector_size
        order = np.argsort(self.offsets, kind="stable")  # read the file front to back
        rows, offsets = self.rows[order], self.offsets[order]
        with open(path, "rb", buffering=0) as raw:
            if self.signature is not None and _signature(path, raw.fileno()) != self.signature:
                raise FormatError(
                    path, "the file changed after it was checked (its size, inode or modification time differ); "
                    "nothing was copied",
                )
            # Vectors close together are copied out of short-lived memory maps (one page fault serves
            # several); far apart, one read each costs less than the page faults.
            spread = (int(offsets[-1]) - int(offsets[0])) / len(offsets) if len(offsets) else 0
            read = _read_mapped if spread < _SPARSE else _read_each
            i = 0
            while i < len(offsets):
                begin = (int(offsets[i]) - 1) // mmap.ALLOCATIONGRANULARITY * mmap.ALLOCATIONGRANULARITY
                j = max(i + 1, int(np.searchsorted(offsets, begin + _WINDOW - vbytes, side="right")))
                vectors = read(raw.fileno(), begin, offsets[i:j], vbytes)
                if vectors is None:
                    raise FormatError(
                        path, "the file changed while matched vectors were read back (a word's space is gone); "
                        "the rows of the first %d matched words were already written" % i,
                    )
                matrix[rows[i:j]] = vectors.view("<f4")
                i = j


def _read_mapped(fd: int, begin: int, offsets: np.ndarray, vbytes: int) -> Optional[np.ndarray]:
    """The ``vbytes``-long rows at ``offsets`` (one memory map from ``begin``, closed before returning)."""
    mapped = mmap.mmap(fd, int(offsets[-1]) + vbytes - begin, access=mmap.ACCESS_READ, offset=begin)
    try:
        return _gather_mapped(mapped, offsets - begin, vbytes)
    finally:
        mapped.close()


def _read_each(fd: int, begin: int, offsets: np.ndarray, vbytes: int) -> Optional[np.ndarray]:
    """The ``vbytes``-long rows at ``offsets``, one positioned read each (with the space before each)."""
    out = np.empty((len(offsets), vbytes + 1), dtype=np.uint8)
    preadv = getattr(os, "preadv", None)
    for row, offset in zip(out, (offsets - 1).tolist()):
        if preadv is not None:
            got = preadv(fd, [row], offset)
        else:  # pragma: no cover - platforms without preadv
            data = os.pread(fd, vbytes + 1, offset)
            got = len(data)
            row[:got] = np.frombuffer(data, np.uint8)
        if got != vbytes + 1 or row[0] != 32:
            return None
    return out[:, 1:]


_MIX = [np.uint64(k) for k in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xFF51AFD7ED558CCD)]
_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def _word_hashes(buf: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> Optional[np.ndarray]:
    """A 64-bit hash of each word ``buf[start:start + len]``, from its first and last 8 bytes and its length.

    Vectorised: no Python object per word. Words longer than 16 bytes that agree in both ends and length
    collide, which only costs a dict lookup. None if ``buf`` is shorter than 8 bytes.
    """
    n = len(buf)
    if n < 8 or not len(starts):
        return None if n < 8 else np.zeros(0, np.uint64)
    # Every byte offset as the start of an unaligned little-endian uint64 (no copy).
    words64 = np.ndarray(shape=(n - 7,), dtype="<u8", buffer=buf, strides=(1,))
    head_at = np.minimum(starts, n - 8)
    head = words64[head_at] >> (8 * (starts - head_at)).astype(np.uint64)  # the word's first bytes lowest
    head &= _LOW_BYTES[np.minimum(lens, 8)]
    long = lens > 8
    tail = np.zeros(len(starts), np.uint64)
    tail[long] = words64[(starts + lens - 8)[long]]
    h = head * _MIX[0]
    h ^= tail * _MIX[1]
    h ^= lens.astype(np.uint64) * _MIX[2]
    h ^= h >> np.uint64(33)
    h *= _MIX[3]
    h ^= h >> np.uint64(29)
    return h


class _Prefilter:
    """Which of a chunk's words are wanted: a bitmap of hashes first, the dict of wanted words after.

    A dict lookup per file word is mostly cache misses (the dict of wanted words is megabytes, the file is
    streamed through the cache). The bitmap has 64 bits per wanted word (a bit-packed array that stays in
    cache), so about one unwanted file word in sixty gets past it to the dict. With bytes keys the hashes
    are :func:`_word_hashes`, computed with numpy straight from the chunk; otherwise Python's ``hash``.
    """

    def __init__(self, lookup: Dict) -> None:
        self.lookup = lookup
        self.bits = max(16, min(30, (64 * len(lookup)).bit_length()))
        self.packed = np.zeros(1 << (self.bits - 3), dtype=np.uint8)
        keys = list(lookup)
        self.numpy = bool(keys) and isinstance(keys[0], bytes)
        if self.numpy:
            lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
            buf = np.frombuffer(b"".join(keys) + bytes(8), np.uint8)
            hashes = _word_hashes(buf, np.cumsum(lens) - lens, lens)
        else:
            hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys)).view(np.uint64)
        if hashes is not None and len(hashes):
            index = hashes >> np.uint64(64 - self.bits)
            np.bitwise_or.at(self.packed, (index >> np.uint64(3)).astype(np.intp),
                             (np.uint8(1) << (index & np.uint64(7)).astype(np.uint8)))

    def find(self, keys: Sequence, hashes: Optional[np.ndarray]) -> Tuple[np.ndarray, np.ndarray]:
        """(Positions in ``keys`` of wanted words, their rows); ``hashes`` from :func:`_word_hashes`."""
        if not self.numpy or hashes is None:
            hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys)).view(np.uint64)
            if self.numpy:  # bytes keys but no numpy hashes for this batch (a tiny chunk): ask the dict
                rows = np.fromiter(map(self.lookup.get, keys, itertools.repeat(-1)), dtype=np.int64,
                                   count=len(keys))
                hit = np.flatnonzero(rows >= 0)
                return hit, rows[hit]
        index = hashes >> np.uint64(64 - self.bits)
        bit = (self.packed[(index >> np.uint64(3)).astype(np.intp)] >> (index & np.uint64(7)).astype(np.uint8)) & 1
        candidates = np.flatnonzero(bit)
        if not len(candidates):
            return candidates, candidates
        rows = np.fromiter(
            map(self.lookup.get, map(keys.__getitem__, candidates.tolist()), itertools.repeat(-1)),
            dtype=np.int64, count=len(candidates),
        )
        hit = rows >= 0
        return candidates[hit], rows[hit]


def _gather_mapped(mapped: mmap.mmap, at: np.ndarray, vbytes: int) -> Optional[np.ndarray]:
    """Copy the ``vbytes``-long rows at offsets ``at`` out of a memory map (None if a space does not precede
    each); no view of the map outlives this call, so that it can be closed."""
    view = np.frombuffer(mapped, dtype=np.uint8)
    if len(view) < int(at[-1]) + vbytes or not (view[at - 1] == 32).all():
        return None
    windows = np.lib.stride_tricks.as_strided(view, shape=(len(view) - vbytes + 1, vbytes), strides=(1, 1))
    return windows[at]


def _match(
    path: str,
    lookup: Dict,
    *,
    binary: Optional[bool],
    limit: Optional[int],
    encoding: str,
    unicode_errors: str,
    vector_size: Optional[int],
) -> _Matches:
    """Validate the whole file (or its first ``limit`` records) and find the records of the wanted words.

    ``lookup`` comes from :func:`_lookup_for` with the same ``encoding`` and ``unicode_errors``: wanted words
    as bytes (strict decoding with a byte-exact codec: each file word is compared undecoded) or as str.
    Plain binary files are not copied: only the offsets of the matched vectors are kept, and
    :meth:`_Matches.write_into` reads them after validation succeeded. Text and compressed files stage the
    matched vectors (matched words x vector size x 4 bytes).
    """
    info = sniff(path, binary=binary)
    if vector_size is not None and info.vector_size != vector_size:
        raise VectorSizeError(
            path,
            "vectors in the file have %d dimensions, the model's have %d" % (info.vector_size, vector_size),
            line=1,
        )
    signature = _signature(path) if info.binary and not info.compression else None
    by_bytes = _compares_bytes(encoding, unicode_errors)
    row_parts: List[np.ndarray] = []
    offset_parts: List[np.ndarray] = []
    staged_parts: List[Tuple[np.ndarray, np.ndarray]] = []
    records = 0
    prefilter = _Prefilter(lookup)
    batches = _batches(info, limit)
    try:
        for batch in batches:
            if by_bytes:
                _check_decodable(info, batch, encoding)
                keys: Sequence = batch.words
            else:
                keys = _decode_words(info, batch, encoding, unicode_errors)
            positions, rows = prefilter.find(keys, batch.hashes() if batch.hashes is not None else None)
            if len(positions):
                row_parts.append(rows)
                if batch.vector_offsets is not None:
                    offset_parts.append(batch.vector_offsets(positions))
                else:
                    last = _last_occurrences(rows)
                    staged_parts.append((rows[last], batch.take(positions[last])))
            records = batch.first_record + len(batch.words)
    finally:
        batches.close()  # type: ignore[attr-defined]
    rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=np.int64)
    if signature is None:
        return _Matches(info, records, np.unique(rows), None, staged_parts)
    # Keep each row's last occurrence, as gensim's own merge (which overwrites in file order) does.
    keep = _last_occurrences(rows)
    offsets = np.concatenate(offset_parts) if offset_parts else np.zeros(0, dtype=np.int64)
    return _Matches(info, records, rows[keep], offsets[keep], None, signature)


def _last_occurrences(rows: np.ndarray) -> np.ndarray:
    """Positions of the last occurrence of each distinct value of ``rows``, in increasing order."""
    if len(rows) < 2:
        return np.arange(len(rows))
    _, last_from_end = np.unique(rows[::-1], return_index=True)
    if len(last_from_end) == len(rows):
        return np.arange(len(rows))
    return np.sort(len(rows) - 1 - last_from_end)


# ---------------------------------------------------------------------------------------------------------
# Public readers
# ---------------------------------------------------------------------------------------------------------
def read_vectors(
    path: PathLike,
    words: Iterable[str],
    *,
    binary: Optional[bool] = None,
    limit: Optional[int] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
    vector_size: Optional[int] = None,
) -> SelectedVectors:
    """Read the vectors of ``words`` from a vector file into one float32 array, streaming the file once.

    Parameters
    ----------
    path : str or path-like
        A word2vec binary/text, fastText ``.vec`` or GloVe file, optionally ``.gz``/``.bz2``.
    words : iterable of str
        The words wanted, e.g. a model's vocabulary in index order. Row ``i`` of the result is ``words[i]``.
    binary : bool or None
        None detects the format (see the module docstring).
    limit : int or None
        Read only the first ``limit`` records, like gensim's ``limit`` (``0`` reads none).
    encoding, unicode_errors
        How words in the file are decoded. Under ``"strict"`` a word that is not valid in ``encoding`` is an
        error naming its record, even if it is not a wanted word.
    vector_size : int or None
        If given, the file's vector size must equal it (checked before reading any record).

    Returns
    -------
    SelectedVectors
        If a word occurs more than once in the file, its last occurrence wins (as in gensim's
        ``intersect_word2vec_format``).

    Raises
    ------
    FormatError, TruncatedFileError, VectorSizeError
        With the file, the record or line, and what was wrong.

    Examples
    --------
    >>> sel = read_vectors("vectors.bin", ["king", "queen", "xyzzy"])
    >>> sel.found
    array([ True,  True, False])
    """
    path = os.fspath(path)
    wanted = list(words)
    distinct = list(dict.fromkeys(wanted))
    matches = _match(
        path,
        _lookup_for(distinct, encoding, unicode_errors),
        binary=binary,
        limit=limit,
        encoding=encoding,
        unicode_errors=unicode_errors,
        vector_size=vector_size,
    )
    vectors = np.zeros((len(distinct), matches.info.vector_size), dtype=np.float32)
    matches.write_into(vectors)
    found = np.zeros(len(distinct), dtype=bool)
    found[matches.rows] = True
    if len(distinct) < len(wanted):  # a word asked for twice gets its vector twice
        row_of = {word: row for row, word in enumerate(distinct)}
        index = np.fromiter(map(row_of.__getitem__, wanted), dtype=np.int64, count=len(wanted))
        vectors, found = vectors[index], found[index]
    return SelectedVectors(wanted, vectors, found, matches.records, matches.info)


def iter_vectors(
    path: PathLike,
    *,
    binary: Optional[bool] = None,
    limit: Optional[int] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
) -> Iterator[Tuple[str, np.ndarray]]:
    """Yield every ``(word, vector)`` record of a vector file in file order, streaming.

    Parameters are as for :func:`read_vectors`. Vectors are float32 arrays of the file's vector size; every
    value of every record is parsed, so any malformed value raises.

    Examples
    --------
    >>> for word, vector in iter_vectors("vectors.txt", limit=3):
    ...     print(word, vector[:2])
    """
    path = os.fspath(path)
    info = sniff(path, binary=binary)
    batches = _batches(info, limit)
    try:
        for batch in batches:
            vectors = batch.take(np.arange(len(batch.words)))
            words = _decode_words(info, batch, encoding, unicode_errors)
            yield from zip(words, vectors)
    finally:
        batches.close()  # type: ignore[attr-defined]
