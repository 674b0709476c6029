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
two integers is a word2vec header ``<count> <vector_size>``; the first record then decides binary or text:
text if the bytes after the first word up to the next newline are exactly ``vector_size`` decimal numbers,
binary otherwise. Text records whose line ends in a space are reported as fastText ``.vec``. A first line that
is a word followed by numbers is GloVe (no header: the vector size is the number of values on that line, the
record count is whatever the file holds).

How it is fast
--------------
Binary records are located in 16 MiB chunks by one compiled regular expression (word, space, exactly
``4 * vector_size`` bytes, the optional newline), words are compared as bytes against the wanted words encoded
once, and only wanted vectors are copied out, with one numpy gather per chunk. Text chunks are split into
lines in C; field counts are checked per chunk by counting spaces, and floats are parsed only on wanted lines.
When a chunk fails a check, it is walked record by record to report the exact place.
"""
from __future__ import annotations

import bz2
import gzip
import io
import itertools
import os
import re
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

_CHUNK = 16 << 20  # bytes read at a time
_SNIFF = 1 << 20  # bytes looked at to detect the format
_MAX_WORD = 1 << 16  # a "word" longer than this means the file is not what it claims to be


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
        Length of the header line (0 for GloVe).
    """

    path: str
    format: str
    compression: Optional[str]
    count: Optional[int]
    vector_size: int
    header_bytes: int

    @property
    def binary(self) -> bool:
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
    return open(path, "rb", buffering=0)


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


def _looks_like_text_record(line: bytes, vector_size: int) -> bool:
    fields = line.split()
    return len(fields) == vector_size + 1 and all(_is_number(f) for f in fields[1:])


def sniff(path: PathLike, *, binary: Optional[bool] = None) -> VectorFileInfo:
    """Detect a vector file's format, compression, record count and vector size from its first bytes.

    Parameters
    ----------
    path : str or path-like
    binary : bool or None
        True/False to insist on word2vec binary or a text format; None to detect.

    Raises
    ------
    FormatError
        Empty file, a header that is not two integers (when one is required), or a first record that fits
        no supported format.
    OSError
        The file cannot be opened.

    Examples
    --------
    >>> info = sniff("GoogleNews-vectors-negative300.bin.gz")
    >>> info.format, info.count, info.vector_size
    ('word2vec-binary', 3000000, 300)
    """
    path = os.fspath(path)
    compression = _compression_of(path)
    with _open(path, compression) as stream:
        head = _read_at_least(stream, _SNIFF)
    if not head.strip():
        raise FormatError(path, "file is empty", line=1)
    newline = head.find(b"\n")
    first = head if newline < 0 else head[:newline]
    header = _parse_header(first)
    header_bytes = len(first) + 1
    if header is not None:
        count, size = header
        if size <= 0:
            raise FormatError(path, "header says vector size %d; it must be positive" % size, line=1)
        rest = head[header_bytes:]
        end = rest.find(b"\n")
        record_line = rest if end < 0 else rest[:end]
        if binary is None:
            is_text = count == 0 or _looks_like_text_record(record_line, size)
        else:
            is_text = not binary
        if not is_text:
            return VectorFileInfo(path, "word2vec-binary", compression, count, size, header_bytes)
        fmt = "fasttext-text" if record_line.rstrip(b"\r").endswith(b" ") else "word2vec-text"
        return VectorFileInfo(path, fmt, compression, count, size, header_bytes)
    if binary:
        raise FormatError(
            path, "binary word2vec files start with a '<count> <vector_size>' header; found %r" % first[:80], line=1
        )
    fields = first.split()
    if len(fields) >= 2 and all(_is_number(f) for f in fields[1:]):
        return VectorFileInfo(path, "glove-text", compression, None, len(fields) - 1, 0)
    raise FormatError(
        path,
        "not a word-vector file: line 1 is neither a '<count> <vector_size>' header nor a word followed by "
        "numbers (found %r)" % first[:80],
        line=1,
    )


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


# ---------------------------------------------------------------------------------------------------------
# Record batches: one per chunk, words as bytes, vectors decoded on request
# ---------------------------------------------------------------------------------------------------------
class _Batch(NamedTuple):
    first_record: int  # 0-based number of the batch's first record in the file
    words: List[bytes]
    take: Callable[[np.ndarray], np.ndarray]  # positions in this batch -> float32 vectors (len(pos), size)
    vector_offsets: Optional[np.ndarray]  # file offset of each record's vector bytes (plain binary files only)


def _batches(info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    scan = _scan_binary if info.binary else _scan_text
    with _open(info.path, info.compression) as stream:
        if info.header_bytes:
            _read_at_least(stream, info.header_bytes)
        yield from scan(stream, info, limit)


def _reads_whole_file(info: VectorFileInfo, limit: Optional[int]) -> bool:
    """True if every record the header announces is to be read (so trailing data is an error)."""
    return limit is None or (info.count is not None and limit >= info.count)


def _expected_records(info: VectorFileInfo, limit: Optional[int]) -> Optional[int]:
    if limit is not None and (info.count is None or limit < info.count):
        return limit
    return info.count


def _scan_binary(stream: IO[bytes], info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    path, size = info.path, info.vector_size
    vbytes = 4 * size
    want = _expected_records(info, limit)
    # A record: newline(s) the previous record may have ended with, the word (no space), a space, the vector.
    # The group keeps the leading newlines so that lengths add up; they are stripped from the word after.
    findall = re.compile(rb"(\n*[^ \n][^ ]*) (?s:.{%d})" % vbytes).findall
    record_no = 0
    offset = info.header_bytes  # file offset of buf[0]
    # One buffer, refilled in place with readinto: no per-chunk copies of the data.
    buf = bytearray(_CHUNK + vbytes + _MAX_WORD)
    carry = 0  # bytes of an unfinished record kept at the front of buf
    while record_no < want:
        if len(buf) - carry < _CHUNK:  # a record longer than the buffer: grow (a new object; views may live)
            grown = bytearray(carry + _CHUNK)
            grown[:carry] = buf[:carry]
            buf = grown
        got = stream.readinto(memoryview(buf)[carry:carry + _CHUNK])
        if not got:
            break
        end = carry + got
        data = memoryview(buf)[:end]
        raw = findall(data)
        if len(raw) > want - record_no:
            del raw[want - record_no:]
        if not raw:
            carry = end
            if carry > _MAX_WORD + vbytes + 2:
                _raise_binary_problem(path, bytes(data), offset, record_no, size)
            continue
        ends = np.cumsum(np.fromiter(map(len, raw), dtype=np.int64, count=len(raw)) + (1 + vbytes))
        if not _tiles(buf, raw, ends, vbytes):
            _raise_binary_problem(path, bytes(data), offset, record_no, size)
        words = list(map(bytes.lstrip, raw, itertools.repeat(b"\n")))
        vec_starts = ends - vbytes
        file_offsets = None if info.compression else vec_starts + offset
        yield _Batch(record_no, words, _binary_taker(buf, end, vec_starts, size), file_offsets)
        record_no += len(raw)
        consumed = int(ends[-1])
        carry = end - consumed
        buf[:carry] = buf[consumed:end]
        offset += consumed
    tail = bytes(buf[:carry])
    if info.count is not None and record_no < min(want, info.count):
        stripped = tail.lstrip(b"\n")
        if stripped:
            detail = "file ends inside record %d (%d bytes of it present)" % (record_no + 1, len(stripped))
        else:
            detail = "file ends after %d records" % record_no
        raise TruncatedFileError(
            path,
            "%s but the header announces %d records" % (detail, info.count),
            record=record_no + 1,
            offset=offset + len(tail) - len(stripped),
        )
    if _reads_whole_file(info, limit):
        rest = tail + _read_at_least(stream, 1 << 16)
        if rest.strip(b"\n\r\t "):
            raise FormatError(
                path,
                "the header announces %d records but more data follows the last one (is the header count too "
                "small?)" % info.count,
                record=record_no + 1,
                offset=offset + len(rest) - len(rest.lstrip(b"\n\r\t ")),
            )


def _binary_taker(buf: bytearray, end: int, vec_starts: np.ndarray, size: int) -> Callable[[np.ndarray], np.ndarray]:
    """Vectors at the given batch positions, copied out of the chunk (valid until the next chunk is read)."""
    vbytes = 4 * size

    def take(positions: np.ndarray) -> np.ndarray:
        view = np.frombuffer(buf, dtype=np.uint8, count=end)
        # Every byte offset as the start of a vbytes-long row (no copy); one gather copies the rows wanted.
        rows = np.lib.stride_tricks.as_strided(view, shape=(end - vbytes + 1, vbytes), strides=(1, 1))
        gathered = rows[vec_starts[positions]]
        return gathered.view("<f4").reshape(len(positions), size).astype(np.float32, copy=False)

    return take


def _tiles(buf: bytes, raw: List[bytes], ends: np.ndarray, vbytes: int) -> bool:
    """True if the records found are contiguous: first and last word sit where the lengths put them.

    The regular expression only skips bytes where a record is malformed, and a skip shifts every later
    record, so a last word found exactly at its computed place means nothing was skipped.
    """
    if not buf.startswith(raw[0]):
        return False
    last = raw[-1]
    start = int(ends[-1]) - vbytes - 1 - len(last)
    return buf.startswith(last, start) and buf[start + len(last):start + len(last) + 1] == b" "


def _raise_binary_problem(path: str, buf: bytes, offset: int, record_no: int, size: int) -> None:
    """Walk the chunk one record at a time and raise an error naming the first bad record."""
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
            if len(buf) - pos < _MAX_WORD:
                raise TruncatedFileError(path, "file ends inside the word of a record", record=n + 1, offset=offset + pos)
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
def _scan_text(stream: IO[bytes], info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    path, size = info.path, info.vector_size
    want = _expected_records(info, limit)
    header_lines = 1 if info.header_bytes else 0
    record_no = 0
    buf = b""
    eof = False
    while not eof and (want is None or record_no < want):
        chunk = stream.read(_CHUNK)
        eof = not chunk
        data = buf + chunk if buf else chunk
        if not data:
            break
        lines = data.split(b"\n")
        buf = b"" if eof else lines.pop()  # the last piece may be a partial line
        while eof and lines and not lines[-1].strip():
            lines.pop()  # blank lines at the very end
        if want is not None and len(lines) > want - record_no:
            extra = lines[want - record_no:]
            del lines[want - record_no:]
            eof = True
            if _reads_whole_file(info, limit) and (any(x.strip() for x in extra) or buf.strip()
                                                            or stream.read(1 << 16).strip()):
                raise FormatError(
                    path,
                    "the header announces %d records but more lines follow the last one (is the header count "
                    "too small?)" % info.count,
                    line=header_lines + want + 1,
                )
        if not lines:
            continue
        _check_text_lines(path, lines, size, header_lines + record_no, header_lines)
        words = [line[: line.find(b" ")] for line in lines]
        yield _Batch(record_no, words, _text_taker(path, lines, size, header_lines + record_no, header_lines), None)
        record_no += len(lines)
    if info.count is not None and record_no < min(want, info.count):
        raise TruncatedFileError(
            path,
            "file ends after %d records but the header announces %d" % (record_no, info.count),
            line=header_lines + record_no + 1,
            record=record_no + 1,
        )
    if record_no == 0 and info.count is None:
        raise FormatError(path, "no records in file", line=1)


def _text_taker(path: str, lines: List[bytes], size: int, lines_before: int, header_lines: int):
    def take(positions: np.ndarray) -> np.ndarray:
        values = [lines[p][lines[p].find(b" ") + 1:].rstrip() for p in positions]
        try:
            # numpy's C text parser rounds each token to the nearest float64; the cast then rounds once to
            # float32: the same value gensim's REAL(token) gives.
            parsed = np.loadtxt(io.BytesIO(b"\n".join(values)), dtype=np.float64, ndmin=2, comments=None)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.shape == (len(positions), size):
            return parsed.astype(np.float32)
        for p, text in zip(positions, values):  # find and name the bad value
            for token in text.split():
                if not _is_number(token):
                    number = lines_before + int(p) + 1
                    raise FormatError(
                        path, "value %r is not a number" % token[:40], line=number, record=number - header_lines
                    )
        raise FormatError(path, "could not parse the values of lines %d-%d" % (
            lines_before + int(positions[0]) + 1, lines_before + int(positions[-1]) + 1))

    return take


def _check_text_lines(path: str, lines: List[bytes], size: int, lines_before: int, header_lines: int) -> None:
    """Every line must be a word and ``size`` values separated by single spaces (one trailing space allowed).

    Checked for the whole chunk with C-level counts; only if they disagree is each line examined.
    """
    spaces = sum(map(bytes.count, lines, itertools.repeat(b" ")))
    trailing = sum(map(bytes.endswith, lines, itertools.repeat((b" ", b" \r"))))
    if spaces == len(lines) * size + trailing and all(lines):
        return
    for i, line in enumerate(lines):
        body = line.rstrip(b"\r")
        if body.endswith(b" "):
            body = body[:-1]
        values = body.count(b" ")
        if values == size and body and not body.startswith(b" ") and b"  " not in body:
            continue
        number = lines_before + i + 1
        fields = body.split()
        if not fields:
            problem = "empty line where a record should be"
        elif len(fields) - 1 != size and len(fields) > 1 and all(_is_number(f) for f in fields[1:]):
            raise VectorSizeError(
                path,
                "record has %d values, expected %d (the header's or the first record's vector size)"
                % (len(fields) - 1, size),
                line=number,
                record=number - header_lines,
            )
        else:
            problem = "expected a word and %d values separated by single spaces, found %d fields" % (
                size, len(fields))
        raise FormatError(path, problem, line=number, record=number - header_lines)


# ---------------------------------------------------------------------------------------------------------
# Public readers
# ---------------------------------------------------------------------------------------------------------
class _Matches(NamedTuple):
    """Where the wanted words are in a file, found by one validating pass (see :func:`_match`)."""

    info: VectorFileInfo
    records: int
    rows: np.ndarray  # wanted-row of each match, each row once (its last occurrence in the file wins)
    offsets: Optional[np.ndarray]  # file offsets of those rows' vector bytes, or None if staged
    staged: Optional[np.ndarray]  # the vectors themselves (text and compressed files), else None

    def write_into(self, matrix: np.ndarray) -> None:
        """Copy the matched vectors into ``matrix[rows]`` (rows indexed like the wanted words)."""
        if self.staged is not None:
            matrix[self.rows] = self.staged
            return
        size = self.info.vector_size
        order = np.argsort(self.offsets, kind="stable")  # read the file front to back
        rows, offsets = self.rows[order], self.offsets[order]
        step = max(1, _CHUNK // (4 * size))
        scratch = np.empty((step, size), dtype="<f4")
        with open(self.info.path, "rb", buffering=0) as raw:
            for start in range(0, len(rows), step):
                part = slice(start, start + step)
                for i, off in enumerate(offsets[part]):
                    raw.seek(int(off))
                    if raw.readinto(memoryview(scratch[i]).cast("B")) != 4 * size:
                        raise TruncatedFileError(self.info.path, "file changed while being read", offset=int(off))
                n = len(offsets[part])
                matrix[rows[part]] = scratch[:n]


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

    ``lookup`` maps a wanted word to its row: as bytes in ``encoding`` under strict decoding (each file word
    is compared undecoded), as str otherwise. Plain binary files are not copied: only the offsets of the
    matched vectors are kept, and :meth:`_Matches.write_into` reads them after validation succeeded. Text
    and compressed files stage the matched vectors (matched words x vector size x 4 bytes).
    """
    info = sniff(path, binary=binary)
    if vector_size is not None and info.vector_size != vector_size:
        raise VectorSizeError(
            path, "vectors in the file have %d dimensions, the model's have %d" % (info.vector_size, vector_size),
            line=1,
        )
    strict = unicode_errors == "strict"
    row_parts: List[np.ndarray] = []
    offset_parts: List[np.ndarray] = []
    staged_parts: List[np.ndarray] = []
    records = 0
    for batch in _batches(info, limit):
        if strict:
            _check_decodable(info, batch, encoding)
            keys = batch.words
        else:
            keys = [w.decode(encoding, unicode_errors) for w in batch.words]
        rows = np.fromiter(map(lookup.get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
        positions = np.flatnonzero(rows >= 0)
        if len(positions):
            row_parts.append(rows[positions])
            if batch.vector_offsets is not None:
                offset_parts.append(batch.vector_offsets[positions])
            else:
                staged_parts.append(batch.take(positions))
        records = batch.first_record + len(batch.words)
    rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=np.int64)
    # Keep each row's last occurrence, as gensim's own merge (which overwrites in file order) does.
    _, last_from_end = np.unique(rows[::-1], return_index=True)
    keep = np.sort(len(rows) - 1 - last_from_end)
    if staged_parts or not offset_parts:
        staged = np.concatenate(staged_parts) if staged_parts else np.zeros((0, info.vector_size), np.float32)
        return _Matches(info, records, rows[keep], None, staged[keep])
    return _Matches(info, records, rows[keep], np.concatenate(offset_parts)[keep], None)


def _lookup_for(words: Sequence[str], encoding: str, unicode_errors: str) -> Dict:
    if unicode_errors != "strict":
        return {word: row for row, word in enumerate(words)}
    lookup: Dict[bytes, int] = {}
    for row, word in enumerate(words):
        try:
            lookup[word.encode(encoding)] = row
        except UnicodeEncodeError:
            continue  # a word this encoding cannot spell cannot be in the file
    return lookup


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
        Read only the first ``limit`` records, like gensim's ``limit``.
    encoding, unicode_errors
        How words in the file are decoded. Under ``"strict"`` a word that is not valid in ``encoding`` is an
        error naming its record, even if it is not a wanted word.
    vector_size : int or None
        If given, the file's vector size must equal it (checked before reading any record).

    Returns
    -------
    SelectedVectors

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
    matches = _match(
        path,
        _lookup_for(wanted, encoding, unicode_errors),
        binary=binary,
        limit=limit,
        encoding=encoding,
        unicode_errors=unicode_errors,
        vector_size=vector_size,
    )
    vectors = np.zeros((len(wanted), matches.info.vector_size), dtype=np.float32)
    matches.write_into(vectors)
    found = np.zeros(len(wanted), dtype=bool)
    found[matches.rows] = True
    return SelectedVectors(wanted, vectors, found, matches.records, matches.info)


def _check_decodable(info: VectorFileInfo, batch: _Batch, encoding: str) -> None:
    """Under strict decoding every word of the file must decode, wanted or not (as gensim's reader insists)."""
    words = batch.words
    if _ASCII_COMPATIBLE.get(encoding) and all(map(bytes.isascii, words)):
        return
    for i, word in enumerate(words):
        try:
            word.decode(encoding)
        except UnicodeDecodeError as err:
            number = batch.first_record + i + 1
            raise FormatError(
                info.path,
                "word %r is not valid %s (%s); pass unicode_errors='replace' or 'ignore' to accept it"
                % (word[:40], encoding, err.reason),
                record=number,
                line=None if info.binary else number + (1 if info.header_bytes else 0),
            ) from None


_ASCII_COMPATIBLE = {name: True for name in ("utf8", "utf-8", "UTF-8", "utf_8", "latin1", "latin-1", "ascii", "cp1252")}


def iter_vectors(
    path: PathLike,
    *,
    binary: Optional[bool] = None,
    limit: Optional[int] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
) -> Iterator[Tuple[str, np.ndarray]]:
    """Yield every ``(word, vector)`` record of a vector file in file order, streaming.

    Parameters are as for :func:`read_vectors`. Vectors are float32 arrays of the file's vector size.

    Examples
    --------
    >>> for word, vector in iter_vectors("vectors.txt", limit=3):
    ...     print(word, vector[:2])
    """
    path = os.fspath(path)
    info = sniff(path, binary=binary)
    for batch in _batches(info, limit):
        vectors = batch.take(np.arange(len(batch.words)))
        if unicode_errors == "strict":
            _check_decodable(info, batch, encoding)
        for word, vector in zip(batch.words, vectors):
            yield word.decode(encoding, unicode_errors), vector
