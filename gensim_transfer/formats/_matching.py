"""Finding the wanted words in a file's records, and copying their vectors.

:func:`_batches` runs the right scanner over a file; :func:`_lookup_for` keys the wanted words the way they
are compared (bytes, or str after decoding); :func:`_match` makes the one validating pass and returns
:class:`_Matches`, whose :meth:`~_Matches.write_into` copies the vectors: staged ones, or for plain binary
files read back by offset through short-lived memory maps or positioned reads.
"""
from __future__ import annotations

import codecs
import concurrent.futures
import itertools
import mmap
import os
from typing import Callable, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from ..errors import FormatError, TruncatedFileError, VectorSizeError
from . import _native
from ._binary import _scan_binary
from ._records import _Batch, _word_hashes, _Words
from ._sniff import VectorFileInfo, _compressed_errors, _open, _read_at_least, sniff
from ._text import _scan_text

# Tunables, module-level so that tests can shrink them.
_WINDOW = 8 << 20  # bytes mapped (or read vector by vector) at a time when reading matched vectors back
_SPARSE = 16 << 10  # matched vectors further apart than this on average are read one by one, not mapped


def _batches(info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    scan = _scan_binary if info.binary else _scan_text
    with _compressed_errors(info.path, info.compression), _open(info.path, info.compression) as stream:
        if info.header_bytes and len(_read_at_least(stream, info.header_bytes)) < info.header_bytes:
            raise TruncatedFileError(info.path, "file ends inside the header line", line=1)
        yield from scan(stream, info, limit)


# Codecs in which equal strings have equal bytes and every word can be checked by decoding the words of a
# chunk joined by newlines (ASCII-compatible, self-synchronising or single-byte). Under strict decoding the
# file's words are compared undecoded against the wanted words encoded once. Other codecs decode each word.
_BYTE_EXACT = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252", "cp1251", "cp1250", "iso8859-15"})


def _compares_bytes(encoding: str, unicode_errors: str) -> bool:
    return unicode_errors == "strict" and codecs.lookup(encoding).name in _BYTE_EXACT


def _check_words(words: Sequence[str], what: str = "word") -> str:
    """``words`` joined by newlines, after checking that each is a str; ``TypeError`` naming the first that
    is not (its position and value), instead of ``str.join``'s "sequence item 1: expected str instance"."""
    try:
        return "\n".join(words)
    except TypeError:
        for position, word in enumerate(words):
            if not isinstance(word, str):
                raise TypeError(
                    "%s at index %d of %d is %r (a %s); words must be str"
                    % (what, position, len(words), word, type(word).__name__)
                ) from None
        raise


def _lookup_for(words: Sequence[str], encoding: str, unicode_errors: str) -> Dict:
    """Map each wanted word to its row, keyed the way :func:`_match` compares (bytes or str).

    ``TypeError`` naming the position of a word that is not a str (see :func:`_check_words`).
    """
    joined = _check_words(words)
    if not _compares_bytes(encoding, unicode_errors):
        return {word: row for row, word in enumerate(words)}
    # All at once where no word holds a newline (a newline is byte 0x0A in these codecs, and no other
    # character's bytes contain 0x0A): one encode and one split instead of one encode per word.
    if joined.count("\n") == max(0, len(words) - 1):
        try:
            return dict(zip(joined.encode(encoding).split(b"\n"), range(len(words)))) if words else {}
        except UnicodeEncodeError:
            pass  # some word cannot be spelled in this encoding: one by one below
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

    Only for the codecs of :data:`_BYTE_EXACT`, where decoding the joined words is the same test, and where
    a word of bytes below 0x80 always decodes (so only the words the scanner saw a high byte in, if it
    says, are tried).
    """
    high = batch.words.high
    words = batch.words.all() if high is None else batch.words.at(high)
    try:
        b"\n".join(words).decode(encoding)  # ASCII decodes at memcpy speed
        return
    except UnicodeDecodeError:
        pass
    for i, word in enumerate(words):
        try:
            word.decode(encoding)
        except UnicodeDecodeError as err:
            raise _undecodable(info, batch, i if high is None else int(high[i]), encoding, err) from None


def _decode_words(info: VectorFileInfo, batch: _Batch, encoding: str, unicode_errors: str) -> List[str]:
    try:
        return [w.decode(encoding, unicode_errors) for w in batch.words.all()]
    except UnicodeDecodeError:
        for i, word in enumerate(batch.words.all()):
            try:
                word.decode(encoding, unicode_errors)
            except UnicodeDecodeError as err:
                raise _undecodable(info, batch, i, encoding, err) from None
        raise



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
            by_count = read is _read_each and _pread_rows() is not None  # batches of rows, not of file span
            i = 0
            while i < len(offsets):
                begin = (int(offsets[i]) - 1) // mmap.ALLOCATIONGRANULARITY * mmap.ALLOCATIONGRANULARITY
                if by_count:
                    j = min(len(offsets), i + max(1, _WINDOW // (vbytes + 1)))
                else:
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


def _pread_rows() -> Optional[Callable]:
    return getattr(_native.cscan, "pread_rows", None)


_HELPER: Optional[concurrent.futures.ThreadPoolExecutor] = None


def _helper() -> concurrent.futures.ThreadPoolExecutor:
    """One worker thread, made on first use and kept, for reading half of the matched vectors."""
    global _HELPER
    if _HELPER is None:
        _HELPER = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="gensim-transfer-read-back")
    return _HELPER


def _read_each(fd: int, begin: int, offsets: np.ndarray, vbytes: int) -> Optional[np.ndarray]:
    """The ``vbytes``-long rows at ``offsets``, one positioned read each (with the space before each)."""
    out = np.empty((len(offsets), vbytes + 1), dtype=np.uint8)
    pread_rows = _pread_rows()
    if pread_rows is not None:  # the compiled loop, without the GIL: half of the rows on a second thread
        half = len(offsets) // 2
        other = _helper().submit(pread_rows, fd, offsets[half:] - 1, len(offsets) - half, out[half:], vbytes + 1)
        _, bad = pread_rows(fd, offsets[:half] - 1, half, out[:half], vbytes + 1)
        _, bad_other = other.result()
        return None if bad or bad_other else out[:, 1:]
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


class _Prefilter:
    """Which of a chunk's words are wanted.

    With the compiled scanner and bytes keys: a hash table of the wanted words' bytes in C
    (:func:`_cscan.match`), so that no Python object is made for any word of the file. Otherwise a bitmap
    of hashes first, the dict of wanted words after: a dict lookup per file word is mostly cache misses
    (the dict of wanted words is megabytes, the file is streamed through the cache). The bitmap has 64 bits
    per wanted word (a bit-packed array that stays in cache), so about one unwanted file word in sixty
    gets past it to the dict. With bytes keys the hashes are :func:`_word_hashes`, computed with numpy
    straight from the chunk; otherwise Python's ``hash``.
    """

    def __init__(self, lookup: Dict) -> None:
        self.lookup = lookup
        keys = list(lookup)
        by_bytes = bool(keys) and isinstance(keys[0], bytes)
        lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) if by_bytes else None
        self.table: Optional[object] = None  # a capsule from _cscan.build_table
        cscan = _native.cscan
        if cscan is not None and lens is not None:
            self.table = cscan.build_table(b"".join(keys), np.cumsum(lens) - lens, lens)
            self.rows = np.fromiter(lookup.values(), dtype=np.int64, count=len(keys))
            return
        self.bits = max(16, min(30, (64 * len(lookup)).bit_length()))
        self.packed = np.zeros(1 << (self.bits - 3), dtype=np.uint8)
        if lens is not None:
            buf = np.frombuffer(b"".join(keys) + bytes(8), np.uint8)
            hashes = _word_hashes(buf, np.cumsum(lens) - lens, lens)
        else:
            hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys)).view(np.uint64)
        if hashes is not None and len(hashes):
            index = hashes >> np.uint64(64 - self.bits)
            np.bitwise_or.at(self.packed, (index >> np.uint64(3)).astype(np.intp),
                             (np.uint8(1) << (index & np.uint64(7)).astype(np.uint8)))

    def find_decoded(self, keys: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
        """(Positions in ``keys`` of wanted words, their rows), for str keys."""
        return self._look_up(keys, np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys)).view(np.uint64))

    def find(self, words: _Words) -> Tuple[np.ndarray, np.ndarray]:
        """(Positions in ``words`` of wanted words, their rows), for bytes keys: words matched in C by the
        compiled scanner, else by :func:`_word_hashes` in numpy, else (tiny pieces) looked up one by one."""
        if self.table is not None:
            positions, keys = [], []
            for (data, starts, lens), first in zip(words.spans, words.bounds.tolist()):
                at, key = np.empty(len(starts), np.int64), np.empty(len(starts), np.int64)
                found = _native.cscan.match(data, starts, lens, len(starts), self.table, at, key)  # type: ignore
                positions.append(at[:found] + first)
                keys.append(key[:found])
            if len(positions) == 1:
                return positions[0], self.rows[keys[0]]
            return np.concatenate(positions), self.rows[np.concatenate(keys)]
        hashes = words.hashes()
        if hashes is None:
            rows = np.fromiter(map(self.lookup.get, words.all(), itertools.repeat(-1)), dtype=np.int64,
                               count=len(words))
            hit = np.flatnonzero(rows >= 0)
            return hit, rows[hit]
        return self._look_up(words, hashes)

    def _look_up(self, keys: Sequence, hashes: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        index = hashes >> np.uint64(64 - self.bits)
        bit = (self.packed[(index >> np.uint64(3)).astype(np.intp)] >> (index & np.uint64(7)).astype(np.uint8)) & 1
        candidates = np.flatnonzero(bit)
        if not len(candidates):
            return candidates, candidates
        at = keys.at(candidates) if isinstance(keys, _Words) else list(map(keys.__getitem__, candidates.tolist()))
        return self._confirm(at, candidates)

    def _confirm(self, keys: List, candidates: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """The candidates (and their rows) whose key really is a wanted word."""
        rows = np.fromiter(map(self.lookup.get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
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
    progress: Optional[Callable[[int], None]] = None,
) -> _Matches:
    """Validate the whole file (or its first ``limit`` records) and find the records of the wanted words.

    ``progress``, if given, is called with the number of records read since its previous call, once per chunk.

    ``lookup`` comes from :func:`_lookup_for` with the same ``encoding`` and ``unicode_errors``: wanted words
    as bytes (strict decoding with a byte-exact codec: each file word is compared undecoded) or as str.
    Plain binary files are not copied: only the offsets of the matched vectors are kept, and
    :meth:`_Matches.write_into` reads them after validation succeeded. Text and compressed files stage the
    matched vectors (matched words x vector size x 4 bytes).
    """
    _native.warn_if_missing()
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
                positions, rows = prefilter.find(batch.words)
            else:
                positions, rows = prefilter.find_decoded(_decode_words(info, batch, encoding, unicode_errors))
            if len(positions):
                row_parts.append(rows)
                if batch.vector_offsets is not None:
                    offset_parts.append(batch.vector_offsets(positions))
                else:
                    last = _last_occurrences(rows)
                    staged_parts.append((rows[last], batch.take(positions[last])))
            records = batch.first_record + len(batch.words)
            if progress is not None:
                progress(len(batch.words))
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

