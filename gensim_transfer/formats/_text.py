"""Scanning text vector files (word2vec text, fastText ``.vec``, GloVe): every line checked.

Chunks are read a chunk ahead on a background thread and checked in blocks (newlines, line lengths, spaces
per line, the syntax of every value) by the compiled scanner (:mod:`._native`) or with numpy
(:func:`_values_good`); values are converted, by :mod:`._floats`, only on the lines whose vectors are taken.
"""
from __future__ import annotations

import itertools
from typing import IO, Iterator, List, NamedTuple, NoReturn, Optional, Tuple

import numpy as np

from ..errors import FormatError, TruncatedFileError, VectorSizeError
from . import _native, _sniff  # _sniff._MAX_WORD read at call time (tests shrink it)
from ._chunks import _read_ahead
from ._floats import _BadToken, _parse_floats
from ._records import _Batch, _expected_records, _more_data_error, _reads_whole_file, _Words
from ._sniff import _MAX_VALUE, _VALUES_RE, VectorFileInfo, _is_number, _max_line_bytes

# Tunables, module-level so that tests can shrink them (records then straddle chunks everywhere).
_TEXT_CHUNK = 2 << 20  # bytes read at a time from text files (three in flight with the read-ahead thread)
_TEXT_BLOCK = 1 << 20  # text is checked in blocks of about this many bytes (numpy passes stay in cache)
_THREADED = True  # read text files ahead on a background thread


class _LineTooLong(Exception):
    """The line after the lines yielded so far is longer than the cap (raised by :func:`_text_groups`)."""


def _text_groups(chunks: Iterator[bytes], max_line: int) -> Iterator[List[Tuple[bytes, int, int]]]:
    """For each chunk read, blocks ``(data, lo, hi)``: ``data[lo:hi]`` is whole lines, about _TEXT_BLOCK bytes.

    The line that straddles two chunks comes as a block of its own (the chunk is not copied); the last line
    of a file without a final newline gets one. A line that grows past ``max_line`` bytes without a newline
    raises :class:`_LineTooLong` once the lines before it have been handed over (so that an error in them is
    reported first): it is never held whole, and its pieces are joined once, not once per chunk.
    """
    carry: List[bytes] = []  # the pieces of the unfinished line
    carried = 0
    for chunk in chunks:
        if not chunk:
            if carry:
                line = b"".join(carry)
                yield [(line + b"\n", 0, len(line) + 1)]
            return
        first = chunk.find(b"\n") + 1
        if not first:  # no line ends in this chunk: part of a long line
            carry.append(chunk)
            carried += len(chunk)
            if carried > max_line:
                raise _LineTooLong
            continue
        group = []
        if carry:
            line = b"".join(carry) + chunk[:first]
            group.append((line, 0, len(line)))
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
        carry = [chunk[cut:]] if cut < len(chunk) else []
        carried = len(chunk) - cut
        yield group
        if carried > max_line:
            raise _LineTooLong


class _TextBlock(NamedTuple):
    records: int  # records in the block (they come before any blank lines that end it)
    lines: int  # lines looked at: the records and the blank lines after them
    end: int  # offset in data just after the last line looked at
    blank_tail: Optional[int]  # line number of the first of the blank lines that end the block
    words: Optional[List[bytes]]  # the words as bytes (pure-Python scanner), or None
    high: Optional[np.ndarray]  # positions of the words with a byte >= 0x80 (compiled scanner), or None
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
    groups = _text_groups(chunks, _max_line_bytes(size))
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
    except _LineTooLong:
        raise _line_too_long(path, size, line_no, header_lines) from None
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
    bounds = np.cumsum([0] + [b.records for b in blocks])
    spans = [(b.data, b.word_start, b.word_len) for b in blocks]
    if blocks[0].words is not None:
        listed = blocks[0].words if len(blocks) == 1 else list(itertools.chain.from_iterable(
            b.words for b in blocks))  # type: ignore[misc]
        words = _Words(spans, listed=listed)
    else:
        words = _Words(spans, high=np.concatenate([b.high + first for b, first in zip(blocks, bounds.tolist())]))

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
            values = _parse_floats(b" ".join(pieces), len(positions) * size)  # size values per line
        except _BadToken as bad:
            number = first_line + int(positions[bad.index // size])
            column = bad.index % size + 1
            problem = ("value %d is empty (two spaces in a row)" % column if not bad.token
                       else "value %d %r is not a number" % (column, bad.token[:40]))
            raise FormatError(path, problem, line=number, record=number - header_lines) from None
        with np.errstate(over="ignore"):  # beyond float32 becomes inf, as np.float32(token) gives
            return values.astype(np.float32).reshape(len(positions), size)

    return _Batch(first_record, words, take, first_line)


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
        try:
            nxt = next(blocks, None)
        except _LineTooLong:  # a line that long is not blank
            raise _more_data_error(info, line=line_no) from None
        if nxt is None:
            return
        data, lo, hi = nxt


def _check_text_block(
    path: str, data: bytes, lo: int, hi: int, size: int, first_line: int, header_lines: int,
    max_lines: Optional[int],
) -> _TextBlock:
    """Check the lines ``data[lo:hi]`` (at most ``max_lines`` of them) with numpy; find their words.

    Every line must be at most :func:`~._sniff._max_line_bytes` long and a word and ``size`` values in the
    syntax of :data:`~._sniff._NUMBER` separated by single spaces (one trailing space and a CR before the
    newline are allowed): the spaces of each line are counted, its values checked by :func:`_values_good`.
    Blank lines may only end the file. The values are parsed later, on the lines that are taken.
    """
    if _native.cscan is not None:
        return _check_text_block_compiled(path, data, lo, hi, size, first_line, header_lines, max_lines)
    arr = np.frombuffer(data, np.uint8, hi - lo, lo)
    nl = _newlines(data, lo, hi, arr, max_lines)
    if max_lines is not None and len(nl) > max_lines:
        nl = nl[:max_lines]
        arr = arr[:int(nl[-1]) + 1] if max_lines else arr[:0]
    if not len(nl):
        return _TextBlock(0, 0, lo, None, [], None, data, nl, nl, nl, nl)
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
    good = blank | ((counts == expected) & ~lead & (nl + 1 - starts <= _max_line_bytes(size)))
    begin = (starts + lo).tolist()
    spaces = np.array(list(map(data.find, itertools.repeat(b" "), begin, (body_end + lo).tolist())), np.int64)
    value_start = spaces + 1  # in data; a line without a space has none (and is not good)
    value_end = body_end + lo - trail
    good &= blank | _values_good(data, lo, arr, starts + lo, value_start, value_end, good)
    if not good.all():
        i = int(np.argmin(good))
        _raise_text_problem(path, bytes(arr[starts[i]:nl[i]]), size, first_line + i, header_lines)
    first_blank, last_filled = -1, len(nl) - 1
    if blank.any():
        first_blank = int(np.argmax(blank))
        filled = np.flatnonzero(~blank)
        last_filled = int(filled[-1]) if len(filled) else -1
    records, blank_tail = _blank_tail(path, len(nl), first_blank, last_filled, first_line)
    words = list(map(data.__getitem__, map(slice, begin[:records], spaces[:records].tolist())))
    word_start = starts[:records] + lo
    return _TextBlock(records, len(nl), lo + int(nl[-1]) + 1, blank_tail, words, None, data,
                      value_start[:records], value_end[:records], word_start, spaces[:records] - word_start)


# Bytes as classes for the checks of _values_good that a run of digits can hide: digits deleted, '+' as
# '-', 'E' as 'e', newline kept, every other byte but ' ' and '.' as 'x'.
_CLASSES = bytes(
    c if c in b" .-e\n" else ord("-") if c == ord("+") else ord("e") if c == ord("E") else ord("x")
    for c in range(256)
)
_DIGITS = b"0123456789"


def _pairs(*pairs: bytes) -> np.ndarray:
    table = np.zeros(1 << 16, np.uint8)
    table[[(p[0] << 8) | p[1] for p in pairs]] = 1
    return table


# With the digits gone, these pairs of classes mean a second point or exponent in a value, a point in an
# exponent, or a sign after a point ("1.2.3", "1e5e5", "1e5.3", "1.-5"); after "e-" (an exponent's sign),
# "." or "e" ("1e-5.3", "1e-5e5"). A second sign ("1e--5", "--1") the check of the byte before finds.
_HIDDEN_PAIRS = _pairs(b"..", b".-", b"e.", b"ee")
_AFTER_EXP_SIGN = _pairs(b"-.", b"-e")
_EXP_SIGN = (ord("e") << 8) | ord("-")


# Byte classes for _values_good: a digit, space, point, sign, e, newline, CR, anything else.
_D, _S, _P, _M, _E, _L, _R, _X = range(8)
_BYTE_CLASS = bytes(
    _D if 48 <= c <= 57 else _S if c == 32 else _P if c == 46 else _M if c in (43, 45) else _E if c in (69, 101)
    else _L if c == 10 else _R if c == 13 else _X
    for c in range(256)
)


def _class_verdicts() -> np.ndarray:
    """For each three classes (a, b, c) in a row, what the third byte c is given the two before it: 0 good,
    1 bad, 2 another byte (the line is then checked with the regular expression)."""
    verdict = np.zeros(512, np.uint8)
    for a in range(8):
        for b in range(8):
            ends_value = b == _D or (b == _P and a == _D)  # the byte before ends a number
            for c in range(8):
                if c == _X:
                    v = 2
                elif b == _R:
                    v = c != _L  # a CR only before a newline
                elif c == _M:
                    v = b not in (_S, _E)  # a sign starts a value or an exponent
                elif c in (_E, _S):
                    v = not ends_value  # an exponent, or the end of a value, after a number
                elif c in (_L, _R):
                    v = not (ends_value or b in (_S, _L) or (c == _L and b == _R))  # also after a trailing space
                else:
                    v = 0
                verdict[(a << 6) | (b << 3) | c] = v
    return verdict


_VERDICTS = _class_verdicts()


_VALUES_PIECE = 1 << 17  # bytes of lines judged at a time by _values_good (its arrays stay in the CPU cache)


def _values_good(data: bytes, lo: int, arr: np.ndarray, starts: np.ndarray, value_start: np.ndarray,
                 value_end: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """:func:`_values_good_piece` on pieces of about :data:`_VALUES_PIECE` bytes of whole lines."""
    if len(arr) <= 2 * _VALUES_PIECE:
        return _values_good_piece(data, lo, arr, starts, value_start, value_end, candidates)
    relative = starts - lo  # (starts and the value spans are offsets in data, arr starts at lo)
    cuts = np.searchsorted(relative, np.arange(_VALUES_PIECE, len(arr), _VALUES_PIECE))
    bounds = [0, *np.unique(cuts[(cuts > 0) & (cuts < len(starts))]).tolist(), len(starts)]
    ends = [*relative[bounds[1:-1]].tolist(), len(arr)]
    return np.concatenate([
        _values_good_piece(data, int(starts[i]), arr[int(relative[i]):end], starts[i:j], value_start[i:j],
                           value_end[i:j], candidates[i:j])
        for i, j, end in zip(bounds[:-1], bounds[1:], ends)
    ])


def _values_good_piece(data: bytes, lo: int, arr: np.ndarray, starts: np.ndarray, value_start: np.ndarray,
                       value_end: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Per line of the block, whether its values ``data[value_start:value_end]`` are in the syntax of
    :data:`~._sniff._NUMBER` separated by single spaces (looked at on the ``candidates`` lines).

    Vectorised: every byte is classed (:data:`_BYTE_CLASS`) and judged with the two before it
    (:func:`_class_verdicts`: a sign follows a space or an ``e``; an ``e``, a space and a line end follow a
    digit, or a point that a digit precedes; a CR precedes a newline). The rest of the syntax is in the
    order of the non-digits of a value, checked on the classes of the bytes with the digits deleted
    (:data:`_HIDDEN_PAIRS`). A line with another byte in its values (``inf``, ``nan``, or junk) and a line
    such a pair was found in are checked with the regular expression instead.
    """
    block = data[lo:lo + len(arr)]
    classes = np.frombuffer(bytes((_L, _L)) + block.translate(_BYTE_CLASS), np.uint8).astype(np.uint16)
    triples = classes[:-2] << np.uint16(6)
    triples |= classes[1:-1] << np.uint16(3)
    triples |= classes[2:]
    verdict = _VERDICTS[triples]  # of each byte of the block
    hits = np.flatnonzero(verdict.view(bool))  # (0/1/2 bytes; nonzero is fast on bools)
    line = np.searchsorted(starts - lo, hits, side="right") - 1
    inside = candidates[line] & (hits + lo >= value_start[line]) & (hits + lo <= value_end[line])
    hits, line = hits[inside], line[inside]
    kind = verdict[hits]
    good = np.ones(len(starts), bool)
    good[line[kind == 1]] = False
    slow = np.zeros(len(starts), bool)
    slow[line[kind == 2]] = True
    kinds = np.frombuffer(block.translate(_CLASSES, _DIGITS), np.uint8)
    pairs = (kinds[:-1].astype(np.uint16) << np.uint16(8)) | kinds[1:]
    found = _HIDDEN_PAIRS[pairs]
    found[:-1] |= (pairs[:-1] == _EXP_SIGN).view(np.uint8) & _AFTER_EXP_SIGN[pairs[1:]]
    where = np.flatnonzero(found.view(bool))
    if len(where):
        slow[np.searchsorted(np.flatnonzero(kinds == np.uint8(10)), where)] = True
    slow &= candidates
    for i in np.flatnonzero(slow).tolist():
        good[i] = _VALUES_RE.fullmatch(data, int(value_start[i]), int(value_end[i])) is not None
    return good


def _check_text_block_compiled(
    path: str, data: bytes, lo: int, hi: int, size: int, first_line: int, header_lines: int,
    max_lines: Optional[int],
) -> _TextBlock:
    """:func:`_check_text_block` by the compiled scanner: the same checks, the same errors, in one C pass."""
    most = hi - lo if max_lines is None else min(max_lines, hi - lo)
    room = min(most, (hi - lo) // (2 * size + 2) + 2)  # a good line has at least 2 * size + 2 bytes

    def scan(room: int) -> Tuple[Tuple[int, ...], List[np.ndarray]]:
        out = [np.empty(room, np.int64) for _ in range(5)]
        return _native.cscan.text_lines(  # type: ignore[union-attr]
            data, lo, hi, size, room, _max_line_bytes(size), *out), out

    (lines, end, first_bad, first_blank, last_filled, n_high), out = scan(room)
    if lines == room < most and end < hi:  # short lines (blank or malformed): count them and look again
        (lines, end, first_bad, first_blank, last_filled, n_high), out = scan(min(most, data.count(b"\n", lo, hi)))
    word_start, word_len, value_start, value_end, high = out
    if first_bad >= 0:
        start = int(word_start[first_bad])
        _raise_text_problem(path, data[start:data.find(b"\n", start, hi)], size, first_line + first_bad,
                            header_lines)
    records, blank_tail = _blank_tail(path, lines, first_blank, last_filled, first_line)
    return _TextBlock(records, lines, end, blank_tail, None, high[:n_high], data, value_start[:records],
                      value_end[:records], word_start[:records], word_len[:records])


def _blank_tail(path: str, lines: int, first_blank: int, last_filled: int, first_line: int
                ) -> Tuple[int, Optional[int]]:
    """(Records, line number of the first blank line that ends the block or None) for a block of ``lines``
    lines whose first blank and last non-blank line are given (-1: none); blank lines may only end it."""
    if first_blank < 0:
        return lines, None
    if first_blank < last_filled:
        raise FormatError(path, "empty line where a record should be", line=first_line + first_blank)
    return last_filled + 1, first_line + last_filled + 1


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


def _line_too_long(path: str, size: int, number: int, header_lines: int) -> FormatError:
    return FormatError(
        path,
        "line longer than %d bytes, the most a word (up to %d bytes) and %d values (up to %d bytes each) can "
        "take: a line break is missing, or this is not a text vector file of this vector size"
        % (_max_line_bytes(size), _sniff._MAX_WORD, size, _MAX_VALUE),
        line=number,
        record=number - header_lines,
    )


def _raise_text_problem(path: str, line: bytes, size: int, number: int, header_lines: int) -> NoReturn:
    """Raise the error for a line a scanner found bad (``line`` without its newline), the same from both."""
    record = number - header_lines
    if len(line) + 1 > _max_line_bytes(size):
        raise _line_too_long(path, size, number, header_lines)
    line = line[:-1] if line.endswith(b"\r") else line
    body = line[:-1] if line.endswith(b" ") else line
    fields = body.split(b" ")
    if not line.strip():
        problem = "line holds only spaces where a record should be"
    elif line.startswith(b" "):
        problem = "line starts with a space (an empty word)"
    elif len(fields) - 1 != size:
        if b"" not in fields and all(_is_number(f) for f in fields[1:]):
            raise VectorSizeError(
                path,
                "record has %d values, expected %d (the header's or the first record's vector size)"
                % (len(fields) - 1, size),
                line=number,
                record=record,
            )
        if b"" in fields:
            problem = "two spaces in a row (an empty value) near %r" % _excerpt(line, line.find(b"  "))
        else:
            problem = "expected a word and %d values separated by single spaces, found %d fields" % (
                size, len(fields))
    else:
        column = next(k for k, token in enumerate(fields[1:], 1) if not _is_number(token))
        token = fields[column]
        problem = ("value %d is empty (two spaces in a row)" % column if not token
                   else "value %d %r is not a number" % (column, token[:40]))
    raise FormatError(path, problem, line=number, record=record)


def _excerpt(line: bytes, at: int) -> bytes:
    return line[max(0, at - 20):at + 20]

