"""Sniffing a vector file's format from its first (decompressed) bytes.

:func:`_sniff_stream` reads the first line or two through a :class:`_Head` (which keeps what it read, so that
the scanner reads it again) and returns a :class:`VectorFileInfo`; every other module of the package starts
from one. Nothing here depends on the rest of the package.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import IO, Optional, Tuple, Union

from ..errors import FormatError, TruncatedFileError, VectorSizeError

PathLike = Union[str, "os.PathLike[str]"]

#: Format names used in :class:`VectorFileInfo` and reports.
FORMATS = ("word2vec-binary", "word2vec-text", "fasttext-text", "glove-text", "gensim", "fasttext-bin")

# Tunables, module-level so that tests can shrink them.
_SNIFF = 1 << 16  # bytes read at a time while sniffing
_MAX_WORD = 1 << 16  # a "word" longer than this means the file is not what it claims to be (binary scanner too)
_MAX_LINE = 64 << 20  # a GloVe first line (its vector size not known yet) longer than this is an error
_MAX_VALUE = 64  # bytes a text value may take in a line, with its space (see _max_line_bytes)
#: The largest vector size a header may state: 2**24 values (64 MiB of float32 per binary record). Published
#: vectors have 25 to a few thousand dimensions; a header beyond this is an error rather than a read of that
#: many bytes to check the first record (which sniffing keeps, so that a pipe is read once).
_MAX_VECTOR_SIZE = 1 << 24

#: The syntax of a value in a text file, the same in both scanners and in sniffing: a decimal with an
#: optional exponent, or inf, infinity, nan (any case), each optionally signed; ASCII only. It is what
#: Python's ``float`` accepts less the underscores and surrounding whitespace that no writer of vector files
#: produces (``float`` and so gensim accept ``1_0`` and ``\t1``: here they are errors).
_NUMBER = rb"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))"
_NUMBER_RE = re.compile(_NUMBER)
_VALUES_RE = re.compile(_NUMBER + rb"(?: " + _NUMBER + rb")*")


def _max_line_bytes(size: int) -> int:
    """The longest text line (with its newline) accepted for vectors of ``size`` values.

    A word of up to :data:`_MAX_WORD` bytes and :data:`_MAX_VALUE` (64) bytes per value with its space: the
    longest values real writers print are far shorter (``repr`` of a float64, 24 characters at most;
    C's ``%f`` of the largest float32, 47; fastText's and GloVe's, about 12), so a 300-value line is
    capped at 64 KiB + 19,200 bytes while the longest real ones are about 7 KB. A longer line is not a
    record of this vector size (a missing line break, or binary data); it is reported, not buffered.
    """
    return _MAX_WORD + _MAX_VALUE * size + 64


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
        Length of the header line including its newline (0 for GloVe and for sources that are not files).
    source_kind : str
        What the source is: ``file``, ``pipe``, ``zip-member``, ``gensim-data``, ``keyed-vectors`` (in memory)
        or ``gensim-save`` (see :func:`gensim_transfer.formats.open_source`).
    detail : str or None
        More about the source where there is more to say (e.g. the gensim class of a saved model).
    """

    path: str
    format: str
    compression: Optional[str]
    count: Optional[int]
    vector_size: int
    header_bytes: int
    source_kind: str = "file"
    detail: Optional[str] = None

    @property
    def binary(self) -> bool:
        """True for word2vec binary files."""
        return self.format == "word2vec-binary"


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
    """True if ``token`` is a value in the syntax of :data:`_NUMBER`."""
    return _NUMBER_RE.fullmatch(token) is not None


_INTEGER_RE = re.compile(rb"[+-]?[0-9]+")
_C_TOOL_VALUE_RE = re.compile(rb"-?[0-9]+\.[0-9]{6}")  # C's "%lf", as the word2vec tool writes text values


def _header_problem(line: bytes) -> Optional[str]:
    """What is wrong with ``line`` as a header, if it looks like a broken one (two or three integers, or
    two fields with a number last), else None."""
    fields = line.split()
    if not 2 <= len(fields) <= 3 or not _is_number(fields[-1]):
        return None
    if len(fields) == 3:
        if not all(_INTEGER_RE.fullmatch(f) for f in fields):
            return None
        return "it has 3 fields"
    for name, field in zip(("count", "vector size"), fields):
        if not _INTEGER_RE.fullmatch(field):
            return "the %s %r is not an integer" % (name, field.decode("latin-1"))
        if field[:1] in b"+-":
            return "the %s %s is %s" % (name, field.decode("ascii"), "negative" if field[:1] == b"-" else "signed")
    return None  # pragma: no cover - two unsigned integers are a header, which _parse_header took


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

    def holds(self, size: int) -> bool:
        """Whether the stream has at least ``size`` bytes (the caller caps ``size``: see
        :data:`_MAX_VECTOR_SIZE`). What is read is kept, so that the scanner reads it again: a source is read
        once, and a pipe cannot be read twice."""
        while len(self.data) < size and self.more():
            pass
        return len(self.data) >= size

    def line(self, start: int, max_bytes: int) -> Tuple[bytes, bool]:
        """(The line that starts at ``start`` without its newline, whether it was complete)."""
        while True:
            end = self.data.find(b"\n", start, start + max_bytes + 1)
            if end >= 0:
                return self.data[start:end], True
            if len(self.data) - start > max_bytes or not self.more():
                return self.data[start:start + max_bytes], False


def _sniff_stream(path: str, head: _Head, compression: Optional[str], binary: Optional[bool]) -> VectorFileInfo:
    """What the text or binary vector file read through ``head`` is (see :func:`gensim_transfer.formats.sniff`).

    ``path`` names the source in errors; ``head`` keeps every byte it read, for the scanner to read again.
    """
    first, complete = head.line(0, _MAX_LINE)
    if not first.strip() and not head.data.strip():
        raise FormatError(path, "file is empty", line=1)
    if not complete and len(first) >= _MAX_LINE:
        raise FormatError(
            path, "line 1 is longer than %d bytes: not a word-vector file (a header is a few bytes, a record "
            "line of 300 values a few KB)" % _MAX_LINE, line=1,
        )
    header = _parse_header(first)
    header_bytes = len(first) + 1
    if header is not None:
        count, size = header
        if size <= 0:
            raise FormatError(path, "header says vector size %d; it must be positive" % size, line=1)
        if size > _MAX_VECTOR_SIZE:
            raise FormatError(
                path, "header says vector size %d, more than the %d this reader accepts (published vectors have "
                "at most a few thousand dimensions): is the header right?" % (size, _MAX_VECTOR_SIZE), line=1)
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
    problem = _header_problem(first)
    if problem is not None:
        # "abc 300", "-20 300", "20 300 7": a GloVe record of one or two values, or a broken header? The
        # next line says: a record of as many values, or nothing.
        second, _ = head.line(header_bytes, _MAX_WORD + 64 * 4096)
        values = _numeric_fields(second)
        if second.strip() and values != size:
            raise FormatError(
                path,
                "line 1 %r is not a valid '<count> <vector_size>' header (two non-negative integers): %s; "
                "nor is it a record of %d value%s like the next line, which %s" % (
                    first[:80], problem, size, "s" if size > 1 else "",
                    "is not a word followed by numbers" if values is None else "has %d values" % values),
                line=1,
            )
    return VectorFileInfo(path, "glove-text", compression, None, size, 0)


def _sniff_after_header(
    path: str, head: _Head, compression: Optional[str], count: int, size: int, header_bytes: int,
    binary: Optional[bool],
) -> VectorFileInfo:
    # A text record of `size` values is at most this long; a binary record rarely has a newline that early.
    longest_text = min(_max_line_bytes(size), _MAX_LINE)
    record_line, complete = head.line(header_bytes, longest_text)
    complete = complete or (head.eof and len(record_line) < longest_text)  # the last line, without a newline
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
        if count:
            _confirm_binary_record(path, head, header_bytes, size)
        return VectorFileInfo(path, "word2vec-binary", compression, count, size, header_bytes)
    return VectorFileInfo(path, _text_format(record_line), compression, count, size, header_bytes)


def _text_format(record_line: bytes) -> str:
    """``fasttext-text`` or ``word2vec-text``, from the first record's line.

    fastText's ``.vec`` and the word2vec C tool's text output both end every line with a space (gensim's
    writer does not); the C tool prints every value with C's ``%lf`` (``-0.123456``: six decimals, no
    exponent), fastText with five significant digits (``-0.12346``, ``1.2346e-05``). So a line ending in a
    space whose values are all ``%lf``-shaped is the C tool's; any other line ending in a space is fastText's.
    """
    line = record_line.rstrip(b"\r")
    if not line.endswith(b" "):
        return "word2vec-text"
    values = line.split()[1:]
    return "word2vec-text" if all(_C_TOOL_VALUE_RE.fullmatch(v) for v in values) else "fasttext-text"


def _confirm_binary_record(path: str, head: _Head, header_bytes: int, size: int) -> None:
    """Check that the file holds the whole first record whose vector the header sizes, before anything is
    sized from the header: a header's vector size is believed only once a vector that long is there.

    Reads on (without keeping what it reads) only where the record is longer than what sniffing read.
    """
    start = header_bytes
    while True:
        while start < len(head.data) and head.data[start] == 0x0A:  # newlines before a word, as gensim skips
            start += 1
        if start < len(head.data) or not head.more():
            break
    space = head.data.find(b" ", start, start + _MAX_WORD + 1)
    if space < 0:
        return  # no word here: the scanner reports what the record is instead (it looks at the same bytes)
    end = space + 1 + 4 * size
    if not head.holds(end):
        raise TruncatedFileError(
            path,
            "file ends inside record 1, whose vector the header's vector size %d makes %d bytes long (is the "
            "header's vector size right?)" % (size, 4 * size),
            record=1,
            offset=start,
        )

