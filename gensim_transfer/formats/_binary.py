"""Scanning word2vec binary files: every record checked, chunk by chunk.

The compiled scanner (:mod:`._native`) walks a chunk's records in C. Without it, one regular expression
matches the run of whole records at the front of a chunk (anchored, so linear on any data), and the one-record
pattern splits that run into words (:func:`_split_records`, checked to tile it exactly); vectors longer than
:data:`_REGEX_MAX_VBYTES` are walked record by record instead. Either way a chunk found malformed is then
walked record by record in Python (:func:`_walk_to_problem`) to report the first bad record.
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
_GROUP = 8  # records' worth of room kept in front of each chunk for the unfinished end of the previous one
_REGEX_MAX_VBYTES = 1 << 16  # longer vectors (16,384 dimensions) are walked record by record, not matched


class _BinaryPatterns:
    """The regular expressions for one vector size.

    ``run`` matches the records at the front of data, from its start only; ``record`` matches one record
    (with any newlines before its word: the word group keeps them, so that lengths add up). Searching with
    ``record`` over bad data would try every position and scan from each to the next space, quadratic on a
    run of bytes without one (a zero-filled tail): so it only ever splits what ``run`` matched, where each
    search succeeds where the previous match ended.
    """

    def __init__(self, vbytes: int) -> None:
        self.record = re.compile(rb"(\n*[^ \n][^ ]*) (?s:.{%d})" % vbytes)
        self.run = re.compile(rb"(?:\n*[^ \n][^ ]* (?s:.{%d}))*" % vbytes)


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
        self.patterns = _BinaryPatterns(self.vbytes) if self.vbytes <= _REGEX_MAX_VBYTES else None
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
        patterns = self.patterns
        if patterns is None:
            return self._step_walked(data, offset, at_eof)
        whole = data[:patterns.run.match(data).end()]
        found = _split_records(patterns.record, 1, whole, 1 + vbytes)
        if found is None:  # pragma: no cover - `whole` is a run of records, which the pattern tiles
            self.fail(data, offset)
        words, ends, lens = found
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
        words = [w.lstrip(b"\n") if w[:1] == b"\n" else w for w in words]
        lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        long = np.flatnonzero(lens > _sniff._MAX_WORD)
        if len(long):  # the records before the first too long word now, the error at the next step
            if not long[0]:
                self.fail(data, offset)
            del words[int(long[0]):]
            ends, lens = ends[:len(words)], lens[:len(words)]
        self.record_no += len(words)
        vec_starts = ends - vbytes
        return words, vec_starts, lens, int(ends[-1])

    def _step_walked(self, data: memoryview, offset: int, at_eof: bool) -> Tuple[List[bytes], np.ndarray,
                                                                                 np.ndarray, int]:
        """:meth:`_step_python` for long vectors (a few records a chunk): the records walked one by one, as
        the compiled scanner walks them."""
        buf = bytes(data)
        n, vbytes, max_word = len(buf), self.vbytes, _sniff._MAX_WORD
        words: List[bytes] = []
        ends: List[int] = []
        pos = skipped = 0
        bad = False
        while len(words) < self.want - self.record_no:
            start = pos
            while start < n and buf[start] == 0x0A:
                start += 1
            if not words:
                skipped = start
            if start >= n:
                break
            space = buf.find(b" ", start, start + max_word + 1)
            if space == start or space < 0:  # an empty or too long word, unless just cut short
                bad = (start + 1 + vbytes <= n) if space == start else (start + max_word + 1 <= n)
                break
            if space + 1 + vbytes > n:
                break
            words.append(buf[start:space])
            pos = space + 1 + vbytes
            ends.append(pos)
        if not words:
            if bad or (not at_eof and n - skipped > max_word + vbytes + 2):
                self.fail(data, offset)
            return [], np.zeros(0, np.int64), np.zeros(0, np.int64), skipped
        self.record_no += len(words)
        return words, np.array(ends, np.int64) - vbytes, np.array(list(map(len, words)), np.int64), pos

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

    def batch(self, words: _Words, data: memoryview, vec_starts: np.ndarray) -> _Batch:
        return _Batch(
            self.record_no - len(words),
            words,
            _binary_taker(data, vec_starts, self.size),
            None,
        )


def _scan_binary(stream: IO[bytes], info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    scanner = _BinaryScanner(info, limit)
    if not scanner.want:
        scanner.finish(_read_at_least(stream, 1 << 16), info.header_bytes)
        return
    vbytes = scanner.vbytes
    offset = info.header_bytes  # file offset of data[0]
    # Room in front of each chunk for the unfinished end of the previous one: a few records' worth, but
    # never more than a chunk, whatever vector size the header claims (longer ends are joined instead).
    reserve = min(_GROUP * (vbytes + 2), _CHUNK) + 2 * _sniff._MAX_WORD + 64
    carry = b""  # the unfinished end of the previous chunk
    pending: List[bytes] = []  # chunks read since, while the record at the front of carry is unfinished
    pending_bytes = 0
    need = 0  # bytes carry and pending must hold before that record can be whole
    chunks = _chunks_into(stream, _CHUNK, reserve, threaded=_native.cscan is not None)
    try:
        for buf, got in chunks:
            at_eof = not got
            piece = memoryview(buf)[reserve:reserve + got]
            if not at_eof and len(carry) + pending_bytes + got < need:
                pending.append(bytes(piece))  # a record longer than a chunk: gather it, join it once
                pending_bytes += got
                continue
            if pending:
                data = memoryview(b"".join([carry, *pending, bytes(piece)]))
                pending, pending_bytes = [], 0
            elif len(carry) <= reserve:
                start = reserve - len(carry)
                buf[start:reserve] = carry
                data = memoryview(buf)[start:reserve + got]
            else:  # an unfinished record longer than the reserve: join (rare, costs a copy)
                data = memoryview(carry + bytes(piece))
            words, vec_starts, consumed = scanner.step(data, offset, at_eof)
            if len(words):
                yield scanner.batch(words, data, vec_starts)
            carry = bytes(data[consumed:])
            offset += consumed
            if scanner.done() or at_eof:
                break
            need = 0
            if not len(words):  # the record at the front of carry is unfinished: how long will it be?
                space = carry.find(b" ", 0, _sniff._MAX_WORD + 1)
                need = space + 1 + vbytes if space > 0 else 0
        tail = carry
        if scanner.done() and scanner.whole and len(tail) < 1 << 16:
            for buf, got in chunks:  # what follows the last record must be blank too
                tail += bytes(memoryview(buf)[reserve:reserve + min(got, 1 << 16)])
                break
        scanner.finish(tail, offset)
    finally:
        chunks.close()  # type: ignore[attr-defined]


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

