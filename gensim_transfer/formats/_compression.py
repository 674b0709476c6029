"""Detecting and strictly decompressing gzip and bzip2 input, read front to back once (pipes work).

What is detected
----------------
:func:`detect_compression` looks at the first bytes, never at the file name:

* gzip: ``1f 8b``, compression method ``08`` (deflate) and a flag byte with its reserved bits clear;
* bzip2: ``BZh``, a block size ``1``-``9`` and then the magic of the first block (``31 41 59 26 53 59``) or of
  the end of an empty stream (``17 72 45 38 50 90``). A text file whose first word merely starts with ``BZh``
  is text.

How strictly it is read
-----------------------
:func:`decompressed` reads every gzip member and every bzip2 stream of a file (``cat a.gz b.gz``, pbzip2 and
bgzip output are several), and anything that is not a whole, valid member/stream is an error naming the file
and the member/stream with its compressed byte offset -- never records silently dropped:

* a corrupt member or stream anywhere, including a damaged second one: :class:`~gensim_transfer.errors.FormatError`;
  gzip members are checked against their CRC-32 and length trailer, bzip2 against its block and stream CRCs;
* a file cut short (inside a member/stream, its header or its trailer):
  :class:`~gensim_transfer.errors.TruncatedFileError`;
* data after the last member/stream that is not another one (trailing garbage): FormatError, for bzip2 as
  for gzip (Python's ``bz2`` module ignores it; its ``gzip`` module rejects it);
* zero bytes after a gzip member are padding, as Python's ``gzip`` module reads them (gzip(1) accepts them
  with a warning; some tools pad to a block size). A bzip2 stream has no padding convention: zeros after it
  are trailing garbage.

Deflate runs through the fastest inflater installed (``pip install 'gensim-transfer[fast]'``: isal, else
zlib-ng, else the standard library's zlib; :func:`inflater` says which). Set ``GENSIM_TRANSFER_INFLATE`` to
``zlib``, ``isal`` or ``zlib-ng`` to choose one (``auto``, the default, picks in that order of speed). The
members are parsed here, not by the library, so every inflater gives the same bytes and the same errors.
"""
from __future__ import annotations

import bz2
import io
import os
import struct
import zlib
from typing import Any, BinaryIO, Callable, Dict, List, NamedTuple, Optional, Tuple

from .._optional import import_optional_dependency
from ..errors import FormatError, TruncatedFileError

__all__ = ["COMPRESSIONS", "decompressed", "detect_compression", "inflater"]

#: What :func:`detect_compression` returns for a compressed file.
COMPRESSIONS = ("gzip", "bz2")

# Tunables, module-level so that tests can shrink them.
_READ = 1 << 18  # bytes read from the raw stream at a time
_FEED = 1 << 18  # compressed bytes given to the inflater at a time (it holds what it has not used yet)
# Decompressed bytes one call may produce: at most what the caller asked for and at most this. The
# decompressors take this bound (max_length), so memory is bounded for any file, a "gzip bomb" or a bzip2
# stream of zeros included, and a read of 2 MiB is one call, not a join of small pieces.
_OUT = 2 << 20
_NO_INPUT = memoryview(b"")
_MAX_GZIP_FIELD = 1 << 20  # a gzip header's file name or comment longer than this is not a real header

_BZ2_BLOCK_MAGIC = b"\x31\x41\x59\x26\x53\x59"
_BZ2_EOS_MAGIC = b"\x17\x72\x45\x38\x50\x90"
_GZIP_MAGIC = b"\x1f\x8b"
_FTEXT, _FHCRC, _FEXTRA, _FNAME, _FCOMMENT = 1, 2, 4, 8, 16
_GZIP_RESERVED_FLAGS = 0xE0

INFLATE_ENV = "GENSIM_TRANSFER_INFLATE"
_INFLATE_CHOICES = ("auto", "isal", "zlib-ng", "zlib")


# ---------------------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------------------
def _is_bz2_stream_header(head: bytes) -> bool:
    return (
        len(head) >= 10 and head[:3] == b"BZh" and 0x31 <= head[3] <= 0x39
        and head[4:10] in (_BZ2_BLOCK_MAGIC, _BZ2_EOS_MAGIC)
    )


def _is_cut_bz2_stream_header(head: bytes) -> bool:
    """True for the first bytes (fewer than 10) of a bzip2 stream header."""
    if len(head) >= 10 or head[:3] != b"BZh"[:len(head)]:
        return False
    if len(head) >= 4 and not 0x31 <= head[3] <= 0x39:
        return False
    return len(head) <= 4 or _BZ2_BLOCK_MAGIC.startswith(head[4:]) or _BZ2_EOS_MAGIC.startswith(head[4:])


def _is_gzip_header(head: bytes) -> bool:
    return len(head) >= 4 and head[:2] == _GZIP_MAGIC and head[2] == 8 and not head[3] & _GZIP_RESERVED_FLAGS


def detect_compression(head: bytes) -> Optional[str]:
    """The compression of a file from its first bytes: ``"gzip"``, ``"bz2"`` or None (not compressed).

    Parameters
    ----------
    head : bytes
        The file's first bytes: at least the first 10, or the whole file if it is shorter (a file of fewer
        bytes than a stream header is not compressed).

    Returns
    -------
    str or None

    Examples
    --------
    >>> detect_compression(b"\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x03")
    'gzip'
    >>> detect_compression(b"BZh91AY&SY")
    'bz2'
    >>> detect_compression(b"BZhanov 0.1 0.2\\n") is None  # a word that starts with BZh
    True
    """
    if _is_gzip_header(head):
        return "gzip"
    if _is_bz2_stream_header(head):
        return "bz2"
    return None


# ---------------------------------------------------------------------------------------------------------
# The inflater
# ---------------------------------------------------------------------------------------------------------
class _Inflater(NamedTuple):
    description: str
    raw_deflate: Callable[[], Any]  # a new decompressor of raw deflate data with the interface of _BoundedInflate
    crc32: Callable[..., int]
    error: Tuple[type, ...]


class _BoundedInflate:
    """zlib's (or zlib-ng's) ``decompressobj`` of raw deflate data behind the interface of
    ``bz2.BZ2Decompressor`` and isal's ``IgzipDecompressor``: ``decompress(data, max_length)`` returns at most
    ``max_length`` bytes and keeps the input it has not used; ``needs_input`` says whether to pass more (else
    pass ``b""``); ``eof`` and ``unused_data`` as there."""

    def __init__(self, decompressobj: Callable[[int], Any]) -> None:
        self._inflate = decompressobj(-zlib.MAX_WBITS)
        self.needs_input = True

    @property
    def eof(self) -> bool:
        return bool(self._inflate.eof)

    @property
    def unused_data(self) -> bytes:
        return self._inflate.unused_data

    def decompress(self, data: Any, max_length: int) -> bytes:
        tail = self._inflate.unconsumed_tail
        if tail:  # only when needs_input was False, and then data is empty
            data = tail + bytes(data) if len(data) else tail
        out = self._inflate.decompress(data, max_length)
        # Output pending inside zlib (the bound was reached) comes with the next call, given no input.
        self.needs_input = not self._inflate.unconsumed_tail and len(out) < max_length
        return out


def _zlib_inflater() -> _Inflater:
    return _Inflater("zlib %s (standard library)" % zlib.ZLIB_RUNTIME_VERSION,
                     lambda: _BoundedInflate(zlib.decompressobj), zlib.crc32, (zlib.error,))


def _isal_inflater(errors: str) -> Optional[_Inflater]:
    isal = import_optional_dependency("isal", errors=errors)
    if isal is None:
        return None
    from isal import igzip_lib, isal_zlib

    # IgzipDecompressor (what isal's own gzip reader uses) honours max_length and keeps unused input itself;
    # isal_zlib.decompressobj's max_length loses buffered input, so it is not used.
    return _Inflater("isal %s" % isal.__version__,
                     lambda: igzip_lib.IgzipDecompressor(flag=igzip_lib.DECOMP_DEFLATE), isal_zlib.crc32,
                     (igzip_lib.IsalError,))


def _zlib_ng_inflater(errors: str) -> Optional[_Inflater]:
    module = import_optional_dependency("zlib_ng", errors=errors)
    if module is None:
        return None
    from zlib_ng import zlib_ng

    return _Inflater("zlib-ng %s" % module.__version__, lambda: _BoundedInflate(zlib_ng.decompressobj), zlib_ng.crc32,
                     (zlib_ng.error,))


_chosen: Dict[str, _Inflater] = {}


def _inflater() -> _Inflater:
    choice = os.environ.get(INFLATE_ENV, "auto").strip().lower() or "auto"
    if choice not in _INFLATE_CHOICES:
        raise ValueError("%s=%r: expected one of %s" % (INFLATE_ENV, choice, ", ".join(_INFLATE_CHOICES)))
    if choice not in _chosen:
        if choice == "zlib":
            found: Optional[_Inflater] = _zlib_inflater()
        elif choice == "isal":
            found = _isal_inflater("raise")
        elif choice == "zlib-ng":
            found = _zlib_ng_inflater("raise")
        else:  # fastest first (BENCHMARKS.md, "Compressed input")
            found = _isal_inflater("ignore") or _zlib_ng_inflater("ignore") or _zlib_inflater()
        assert found is not None
        _chosen[choice] = found
    return _chosen[choice]


def inflater() -> str:
    """Which deflate implementation reads ``.gz`` files and deflated ``.zip`` members, with its version.

    Returns
    -------
    str
        e.g. ``"isal 1.9.1"``, ``"zlib-ng 1.1.0"`` or ``"zlib 1.3.1 (standard library)"``.

    Raises
    ------
    ImportError
        ``GENSIM_TRANSFER_INFLATE`` asks for a library that is not installed (the message says how to install it).
    ValueError
        ``GENSIM_TRANSFER_INFLATE`` is not one of ``auto``, ``isal``, ``zlib-ng``, ``zlib``.

    Examples
    --------
    >>> inflater()  # doctest: +SKIP
    'isal 1.9.1'
    """
    return _inflater().description


# ---------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------
class _CompressedInput:
    """The raw stream, read front to back once, and the compressed offset of the next byte not yet taken."""

    def __init__(self, raw: BinaryIO, already_read: bytes = b"") -> None:
        self.raw = raw
        self.offset = 0
        self._pending = bytes(already_read)
        self._start = 0

    def piece(self, limit: int) -> memoryview:
        """Up to ``limit`` next bytes (empty at the end of the stream)."""
        if self._start >= len(self._pending):
            self._pending = self.raw.read(_READ) or b""
            self._start = 0
        start = self._start
        end = min(len(self._pending), start + limit)
        self._start = end
        self.offset += end - start
        return memoryview(self._pending)[start:end]

    def take(self, size: int) -> bytes:
        """The next ``size`` bytes, or fewer at the end of the stream."""
        parts: List[bytes] = []
        got = 0
        while got < size:
            part = self.piece(size - got)
            if not part:
                break
            parts.append(part.tobytes())
            got += len(part)
        return b"".join(parts)

    def give_back(self, size: int) -> None:
        """Give back the last ``size`` bytes of the piece just taken."""
        self._start -= size
        self.offset -= size

    def unread(self, data: bytes) -> None:
        """Give back bytes taken last (what an inflater did not use past the end of a member)."""
        size = len(data)
        if not size:
            return
        if size <= self._start and self._pending[self._start - size:self._start] == data:
            self.give_back(size)  # the usual case, and no copy: many-member files (bgzip) end a member every 64 KiB
            return
        self._pending = bytes(data) + self._pending[self._start:]
        self._start = 0
        self.offset -= size


class _Decompressed(io.RawIOBase):
    """A sequential binary reader over decompressed data; subclasses produce the data in chunks."""

    def __init__(self, raw: BinaryIO, name: str, already_read: bytes = b"") -> None:
        super().__init__()
        self.name = name
        self._in = _CompressedInput(raw, already_read)
        self._out = memoryview(b"")
        self._done = False

    @property
    def compressed_bytes_read(self) -> int:
        """Bytes of the compressed stream consumed so far (for progress reports)."""
        return self._in.offset

    def readable(self) -> bool:
        return True

    def _next_chunk(self, size: int) -> bytes:  # pragma: no cover - abstract
        """The next decompressed bytes: at least one (b"" only at the end), at most ``size`` (> 0)."""
        raise NotImplementedError

    def _where(self) -> str:  # pragma: no cover - abstract
        """The member or stream being read, for error messages."""
        raise NotImplementedError

    def _input_for(self, decompressor: Any) -> memoryview:
        """The next piece of compressed input for ``decompressor`` (none while it still holds output it could
        not return), or TruncatedFileError if the data ends inside the member or stream being read."""
        if not decompressor.needs_input:
            return _NO_INPUT
        piece = self._in.piece(_FEED)
        if not piece:
            raise TruncatedFileError(
                self.name, "compressed data ends inside %s at compressed byte %d: the file was cut short"
                % (self._where(), self._in.offset),
            )
        return piece

    def _chunk(self, size: int) -> bytes:
        if self._done:
            return b""
        chunk = self._next_chunk(size)
        if not chunk:
            self._done = True
        return chunk

    def read(self, size: Optional[int] = -1) -> bytes:
        if self.closed:
            raise ValueError("read from a closed file")
        if size is None or size < 0:
            return self.readall()
        if not size:
            return b""
        if not self._out:
            chunk = self._chunk(size)
            if len(chunk) <= size:
                return chunk
            self._out = memoryview(chunk)
        out = self._out[:size].tobytes()
        self._out = self._out[size:]
        return out

    def readinto(self, buffer: Any) -> int:
        if self.closed:
            raise ValueError("read from a closed file")
        with memoryview(buffer) as view, view.cast("B") as target:
            if not target:
                return 0
            if not self._out:
                self._out = memoryview(self._chunk(len(target)))
            n = min(len(target), len(self._out))
            target[:n] = self._out[:n]
            self._out = self._out[n:]
            return n

    def readall(self) -> bytes:
        parts = []
        while True:
            part = self.read(1 << 20)
            if not part:
                return b"".join(parts)
            parts.append(part)

    def close(self) -> None:
        if not self.closed:
            try:
                self._in.raw.close()
            finally:
                super().close()


class _GzipReader(_Decompressed):
    """Every member of a gzip file, each checked against its CRC-32 and length trailer (RFC 1952)."""

    def __init__(self, raw: BinaryIO, name: str, already_read: bytes = b"") -> None:
        super().__init__(raw, name, already_read)
        self._inflater = _inflater()
        self._members = 0
        self._member_start = 0
        self._deflate: Any = None
        self._crc = 0
        self._size = 0

    def _where(self) -> str:
        return "gzip member %d (at compressed byte %d)" % (self._members, self._member_start)

    def _next_chunk(self, size: int) -> bytes:
        inflater = self._inflater
        while True:
            if self._deflate is None and not self._start_member():
                return b""
            deflate = self._deflate
            piece = self._input_for(deflate)
            try:
                out = deflate.decompress(piece, min(size, _OUT))
            except inflater.error as err:
                raise FormatError(self.name, "%s is corrupt: its deflate data does not decode" % self._where()) \
                    from err
            if out:
                self._crc = inflater.crc32(out, self._crc)
                self._size += len(out)
            if deflate.eof:
                self._in.unread(deflate.unused_data)
                self._deflate = None
                self._check_trailer()
            if out:
                return out

    def _cut_short(self, what: str) -> TruncatedFileError:
        return TruncatedFileError(
            self.name, "compressed data ends inside the %s of %s: the file was cut short" % (what, self._where())
        )

    def _take(self, size: int, what: str) -> bytes:
        data = self._in.take(size)
        if len(data) < size:
            raise self._cut_short(what)
        return data

    def _start_member(self) -> bool:
        """Parse the next member's header; False at the clean end of the file."""
        while self._members:  # zero padding after a member (see the module docstring)
            piece = self._in.piece(_READ)
            if not piece:
                return False
            if piece[0]:  # the usual case: the next member starts right here
                self._in.give_back(len(piece))
                break
            rest = len(bytes(piece).lstrip(b"\0"))
            self._in.give_back(rest)
            if rest:
                break
        self._member_start = self._in.offset
        self._members += 1
        fixed = self._in.take(10)
        if not fixed:
            raise TruncatedFileError(self.name, "gzip data is empty")
        if not (fixed[:2] == _GZIP_MAGIC or (len(fixed) < 2 and _GZIP_MAGIC.startswith(fixed))):
            if self._members == 1:
                raise FormatError(self.name, "not gzip data: no gzip header at compressed byte 0")
            raise FormatError(
                self.name, "trailing garbage at compressed byte %d: the data after gzip member %d is not another "
                "gzip member" % (self._member_start, self._members - 1),
            )
        if len(fixed) < 10:
            raise self._cut_short("header")
        method, flags = fixed[2], fixed[3]
        if method != 8:
            raise FormatError(self.name, "%s: compression method %d is not deflate (8)" % (self._where(), method))
        if flags & _GZIP_RESERVED_FLAGS:
            raise FormatError(self.name, "%s: header has reserved flag bits set (0x%02x)" % (self._where(), flags))
        header = [fixed]
        if flags & _FEXTRA:
            length = self._take(2, "header")
            header += [length, self._take(struct.unpack("<H", length)[0], "header")]
        for flag, field in ((_FNAME, "file name"), (_FCOMMENT, "comment")):
            if flags & flag:
                header.append(self._zero_terminated(field))
        if flags & _FHCRC:
            stored = struct.unpack("<H", self._take(2, "header"))[0]
            if zlib.crc32(b"".join(header)) & 0xFFFF != stored:
                raise FormatError(self.name, "%s: header CRC check failed: the header is corrupt" % self._where())
        self._deflate = self._inflater.raw_deflate()
        self._crc = 0
        self._size = 0
        return True

    def _zero_terminated(self, field: str) -> bytes:
        parts: List[bytes] = []
        got = 0
        while True:
            piece = self._in.piece(1 << 12)  # names are short: do not copy a whole read each member
            if not piece:
                raise self._cut_short("header")
            end = bytes(piece).find(b"\0")
            if end >= 0:
                self._in.give_back(len(piece) - end - 1)
                parts.append(bytes(piece[:end + 1]))
                return b"".join(parts)
            parts.append(bytes(piece))
            got += len(piece)
            if got > _MAX_GZIP_FIELD:
                raise FormatError(
                    self.name, "%s: the header's %s is longer than %d bytes: not a gzip header"
                    % (self._where(), field, _MAX_GZIP_FIELD),
                )

    def _check_trailer(self) -> None:
        at = self._in.offset
        crc, size = struct.unpack("<II", self._take(8, "trailer (CRC-32 and length)"))
        if crc != self._crc & 0xFFFFFFFF:
            raise FormatError(
                self.name, "%s is corrupt: CRC-32 check failed (trailer at compressed byte %d says %08x, the data "
                "gives %08x)" % (self._where(), at, crc, self._crc & 0xFFFFFFFF),
            )
        if size != self._size & 0xFFFFFFFF:
            raise FormatError(
                self.name, "%s is corrupt: length check failed (trailer at compressed byte %d says %d bytes mod 2**32, "
                "the data has %d)" % (self._where(), at, size, self._size),
            )


class _Bz2Reader(_Decompressed):
    """Every stream of a bzip2 file (pbzip2 writes several), each checked against its CRCs by libbz2."""

    def __init__(self, raw: BinaryIO, name: str, already_read: bytes = b"") -> None:
        super().__init__(raw, name, already_read)
        self._streams = 0
        self._stream_start = 0
        self._decompressor: Any = None

    def _where(self) -> str:
        return "bzip2 stream %d (at compressed byte %d)" % (self._streams, self._stream_start)

    def _next_chunk(self, size: int) -> bytes:
        while True:
            d = self._decompressor
            if d is None:
                if not self._start_stream():
                    return b""
                d = self._decompressor
            piece = self._input_for(d)
            try:
                out = d.decompress(piece, min(size, _OUT))
            except OSError as err:  # libbz2 reports a corrupt stream (a CRC included) as "Invalid data stream"
                raise FormatError(self.name, "%s is corrupt: it does not decode" % self._where()) from err
            if d.eof:
                self._in.unread(d.unused_data)
                self._decompressor = None
            if out:
                return out

    def _start_stream(self) -> bool:
        start = self._in.offset
        head = self._in.take(10)
        if not head and self._streams:
            return False
        self._stream_start = start
        self._streams += 1
        if not _is_bz2_stream_header(head):
            self._in.unread(head)
            if _is_cut_bz2_stream_header(head):
                raise TruncatedFileError(
                    self.name, "compressed data ends inside the header of %s: the file was cut short" % self._where()
                )
            if self._streams == 1:
                raise FormatError(self.name, "not bzip2 data: no bzip2 stream header at compressed byte 0")
            raise FormatError(
                self.name, "trailing garbage at compressed byte %d: the data after bzip2 stream %d is not another "
                "bzip2 stream" % (start, self._streams - 1),
            )
        self._in.unread(head)
        self._decompressor = bz2.BZ2Decompressor()
        return True


def decompressed(raw: BinaryIO, compression: str, name: str, *, already_read: bytes = b"") -> BinaryIO:
    """A sequential reader of the decompressed data of a gzip or bzip2 byte stream, strictly checked.

    The raw stream is read front to back once, never seeked (a pipe works). Every gzip member / bzip2 stream
    is read; see the module docstring for what is an error.

    Parameters
    ----------
    raw : binary file object
        The compressed bytes, from their start (or from where ``already_read`` ends). Closed when the reader is
        closed.
    compression : {"gzip", "bz2"}
        As :func:`detect_compression` returned.
    name : str
        The file's name for error messages.
    already_read : bytes
        The first bytes of the compressed data, already read from ``raw`` (e.g. to detect the compression on a
        pipe, which cannot be read twice); they are decompressed first.

    Returns
    -------
    binary file object
        Supports ``read``, ``readinto`` and ``close`` (wrap it in ``io.BufferedReader`` to read lines). Its
        ``compressed_bytes_read`` is how far into the raw stream it has read, for progress reports.

    Raises
    ------
    FormatError
        (from the reader) A corrupt member/stream, trailing garbage, or data that is not of this compression.
    TruncatedFileError
        (from the reader) The compressed data is cut short.
    ValueError
        ``compression`` is not one of :data:`COMPRESSIONS`.

    Examples
    --------
    >>> raw = open("/dev/stdin", "rb", buffering=0)  # doctest: +SKIP
    >>> head = raw.read(1 << 16)
    >>> data = decompressed(raw, detect_compression(head), "<stdin>", already_read=head).read()
    """
    if compression == "gzip":
        return _GzipReader(raw, name, already_read)  # type: ignore[return-value]
    if compression == "bz2":
        return _Bz2Reader(raw, name, already_read)  # type: ignore[return-value]
    raise ValueError("compression must be one of %s, not %r" % (", ".join(COMPRESSIONS), compression))
