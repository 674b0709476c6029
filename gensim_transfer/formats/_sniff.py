"""Sniffing a vector file's format from its first (decompressed) bytes.

:func:`_sniff_stream` reads the first line or two through a :class:`_Head` (which keeps what it read, so that
the scanner reads it again) and returns a :class:`VectorFileInfo`; every other module of the package starts
from one. Nothing here depends on the rest of the package.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Optional, Tuple, Union

from ..errors import FormatError, VectorSizeError

PathLike = Union[str, "os.PathLike[str]"]

#: Format names used in :class:`VectorFileInfo` and reports.
FORMATS = ("word2vec-binary", "word2vec-text", "fasttext-text", "glove-text", "gensim", "fasttext-bin")

# Tunables, module-level so that tests can shrink them.
_SNIFF = 1 << 16  # bytes read at a time while sniffing
_MAX_WORD = 1 << 16  # a "word" longer than this means the file is not what it claims to be (binary scanner too)
_MAX_LINE = 64 << 20  # sniffing gives up looking for the end of the first line after this many bytes


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


def _sniff_stream(path: str, head: _Head, compression: Optional[str], binary: Optional[bool]) -> VectorFileInfo:
    """What the text or binary vector file read through ``head`` is (see :func:`gensim_transfer.formats.sniff`).

    ``path`` names the source in errors; ``head`` keeps every byte it read, for the scanner to read again.
    """
    if True:  # the body below keeps its indentation from when it sat in a ``with`` block
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
