"""Scanning word2vec binary files: every record checked, chunk by chunk.

The compiled scanner (:mod:`._native`) walks a chunk's records in C. Without it, chunks
(:data:`_CHUNK` bytes) are split by a regular expression that matches :data:`_GROUP` records at a time;
the split is checked to tile the chunk exactly, a chunk that deviates is split again with the exact
one-record pattern. Either way a chunk found malformed is then walked record by record in Python
(:func:`_walk_to_problem`) to report the first bad record.
"""
from __future__ import annotations

import re
from typing import IO, Callable, Iterator, List, NoReturn, Optional, Tuple

import numpy as np

from ..errors import FormatError, TruncatedFileError
from . import _native, _sniff  # _sniff._MAX_WORD read at call time: one tunable for sniffing and scanning
from ._chunks import _chunks_into
from ._records import _Batch, _expected_records, _more_data_error, _reads_whole_file, _Words
from ._sniff import VectorFileInfo, _read_at_least

# Tunables, module-level so that tests can shrink them (records then straddle chunks everywhere).
_CHUNK = 4 << 20  # bytes read at a time from binary files
_GROUP = 8  # binary records matched per regular-expression match


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

    def step(self, data: memoryview, offset: int, at_eof: bool) -> Tuple[_Words, np.ndarray, int]:
        """``(words, vector starts in data, bytes consumed)`` for the complete records at the front of data.

        No words means no complete record yet (``consumed`` then counts blank newlines skipped). ``offset``
        is the file offset of ``data[0]``; ``at_eof`` says that the file ends where ``data`` ends.
        """
        if _native.cscan is not None:
            return self._step_compiled(data, offset, at_eof)
        words, vec_starts, lens, consumed = self._step_python(data, offset, at_eof)
        return _Words([(data, vec_starts - 1 - lens, lens)], listed=words), vec_starts, consumed

    def _step_compiled(self, data: memoryview, offset: int, at_eof: bool) -> Tuple[_Words, np.ndarray, int]:
        vbytes = self.vbytes
        room = min(len(data) // (vbytes + 2) + 1, self.want - self.record_no)
        starts, lens, high = (np.empty(room, np.int64) for _ in range(3))
        count, consumed, bad, n_high = _native.cscan.binary_records(  # type: ignore[union-attr]
            data, starts, lens, high, vbytes, _sniff._MAX_WORD, room)
        # A bad record after good ones is reported by the next step: the good ones are checked first (their
        # words must decode), so that the error reported is the first one in the file.
        if not count and (bad or (not at_eof and len(data) - consumed > _sniff._MAX_WORD + vbytes + 2)):
            self.fail(data, offset)
        starts, lens = starts[:count], lens[:count]
        self.record_no += count
        return _Words([(data, starts, lens)], high=high[:n_high]), starts + lens + 1, consumed

    def _step_python(self, data: memoryview, offset: int, at_eof: bool) -> Tuple[List[bytes], np.ndarray,
                                                                                  np.ndarray, int]:
        vbytes = self.vbytes
        if self.newline is None:
            space = bytes(data[:_sniff._MAX_WORD]).find(b" ")
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
            if found is None:  # something in data is malformed: take the records before it (if still wanted)
                end = self.good_prefix(data, offset, most=self.want - self.record_no)
                found = _split_records(self.patterns.general, 1, data[:end], 1 + vbytes) if end else None
                if not found or not found[0]:
                    self.fail(data, offset)
        words, ends, lens = found  # type: ignore[misc]
        if not words:
            prefix = bytes(data[:_sniff._MAX_WORD])
            newlines = len(prefix) - len(prefix.lstrip(b"\n"))
            if len(data) - newlines > (0 if at_eof else _sniff._MAX_WORD + vbytes + 2):
                self.good_prefix(data[newlines:], offset + newlines)  # raises unless just cut short
            return words, ends, lens, newlines
        room = self.want - self.record_no
        if len(words) > room:
            del words[room:]
            ends = ends[:room]
            lens = lens[:room]
        if general:
            words = [w.lstrip(b"\n") if w[:1] == b"\n" else w for w in words]
            lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        long = np.flatnonzero(lens > _sniff._MAX_WORD)
        if len(long):  # the records before the first too long word now, the error at the next step
            if not long[0]:
                self.fail(data, offset)
            del words[int(long[0]):]
            ends, lens = ends[:len(words)], lens[:len(words)]
        self.record_no += len(words)
        vec_starts = ends - vbytes - (0 if general else int(bool(self.newline)))
        return words, vec_starts, lens, int(ends[-1])

    def good_prefix(self, data: memoryview, offset: int, most: Optional[int] = None) -> int:
        """Where the good records at the front of data end (at most ``most`` of them), data holding a bad
        one; raise the error for it if it is the first."""
        return _walk_to_problem(self.path, bytes(data), offset, self.record_no, self.size, most)

    def fail(self, data: memoryview, offset: int) -> NoReturn:
        """Raise the error for the first record of data, which a scanner found malformed."""
        self.good_prefix(data, offset)  # raises (unless the walk disagrees with the scanner)
        raise FormatError(self.path, "malformed record", record=self.record_no + 1, offset=offset)

    def done(self) -> bool:
        return self.record_no >= self.want

    def finish(self, tail: bytes, offset: int) -> None:
        """Checks once reading stopped: ``tail`` is what follows the last record read (up to 64 KiB of it)."""
        info = self.info
        assert info.count is not None
        if self.record_no < min(self.want, info.count):
            stripped = tail.lstrip(b"\n")
            if stripped:
                self.good_prefix(memoryview(tail), offset)  # raises if the record is malformed, not just cut short
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

    def batch(self, words: _Words, data: memoryview, vec_starts: np.ndarray, offset: int) -> _Batch:
        return _Batch(
            self.record_no - len(words),
            words,
            _binary_taker(data, vec_starts, self.size),
            None if self.info.compression else _offsets_of(vec_starts, offset),
            None,
        )


def _scan_binary(stream: IO[bytes], info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    scanner = _BinaryScanner(info, limit)
    if not scanner.want:
        scanner.finish(_read_at_least(stream, 1 << 16), info.header_bytes)
        return
    vbytes = scanner.vbytes
    offset = info.header_bytes  # file offset of data[0]
    reserve = _GROUP * (vbytes + 2) + 2 * _sniff._MAX_WORD + 64
    carry = b""  # the unfinished end of the previous chunk
    chunks = _chunks_into(stream, _CHUNK, reserve, threaded=_native.cscan is not None)
    try:
        for buf, got in chunks:
            at_eof = not got
            if len(carry) <= reserve:
                start = reserve - len(carry)
                buf[start:reserve] = carry
                data = memoryview(buf)[start:reserve + got]
            else:  # an unfinished record longer than the reserve: join (rare, costs a copy)
                data = memoryview(carry + bytes(memoryview(buf)[reserve:reserve + got]))
            words, vec_starts, consumed = scanner.step(data, offset, at_eof)
            if len(words):
                yield scanner.batch(words, data, vec_starts, offset)
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


def _walk_to_problem(path: str, buf: bytes, offset: int, record_no: int, size: int,
                     most: Optional[int] = None) -> int:
    """Walk ``buf`` one record at a time to the first bad record, and return where the good records before it
    end; if there are none, raise the error for it, naming it. After ``most`` good records, stop there (a
    problem after the records wanted is not looked at).

    Called only where a scanner found the data malformed (or, at the end of the file, holding no whole
    record). A record cut off by the end of ``buf`` ends the walk without an error: at the end of the file
    :meth:`_BinaryScanner.finish` reports it, with the header's count.
    """
    vbytes = 4 * size
    pos = 0
    n = record_no
    while True:
        end = pos
        if most is not None and n - record_no >= most:
            return end
        while buf[pos:pos + 1] == b"\n":
            pos += 1
        space = buf.find(b" ", pos, pos + _sniff._MAX_WORD)
        if (space < 0 and len(buf) - pos < _sniff._MAX_WORD) or space + 1 + vbytes > len(buf):
            return end  # cut short by the end of buf: not a problem here (at the end of the file, finish says so)
        if n > record_no and space <= pos:
            return end  # the records before this bad one are good: the caller takes them first
        if space == pos:
            raise FormatError(
                path,
                "empty word (a space where a word should start); the previous record's vector is probably not "
                "%d bytes long (is the header's vector size %d right?)" % (vbytes, size),
                record=n + 1,
                offset=offset + pos,
            )
        if space < 0:
            raise FormatError(
                path,
                "no space after the word within %d bytes: not a binary word2vec record (is the file text, or "
                "is the header's vector size %d wrong?)" % (_sniff._MAX_WORD, size),
                record=n + 1,
                offset=offset + pos,
            )
        pos = space + 1 + vbytes
        n += 1

