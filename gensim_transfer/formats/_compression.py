"""Compressed input: telling gzip and bzip2 apart from their first bytes, and decompressing them as a stream.

Interim version (standard library); replaced by the strict multi-stream reader with a fast inflater.
"""
from __future__ import annotations

import bz2
import contextlib
import gzip
import zlib
from typing import IO, Iterator, Optional

from ..errors import FormatError, TruncatedFileError

_BZ2_BLOCK = b"\x31\x41\x59\x26\x53\x59"
_BZ2_END = b"\x17\x72\x45\x38\x50\x90"


def detect_compression(head: bytes) -> Optional[str]:
    """``"gzip"``, ``"bz2"`` or None from a source's first bytes."""
    if head[:3] == b"\x1f\x8b\x08":
        return "gzip"
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[3:4] != b"0" and head[4:10] in (_BZ2_BLOCK, _BZ2_END):
        return "bz2"
    return None


def decompressed(raw: IO[bytes], compression: str, name: str) -> IO[bytes]:
    """A sequential reader of the decompressed bytes of ``raw``."""
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if compression == "bz2":
        return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
    raise ValueError("unknown compression %r" % compression)


def peek(head: bytes, compression: str, size: int) -> bytes:
    """The first ``size`` decompressed bytes of a compressed ``head`` (fewer if ``head`` holds fewer)."""
    if compression == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, size)
    return bz2.BZ2Decompressor().decompress(head, size)


def inflater() -> str:
    """Which gzip/deflate implementation runs."""
    return "zlib (standard library)"


@contextlib.contextmanager
def errors_named(name: str, compression: Optional[str]) -> Iterator[None]:
    """Report a cut-short or corrupt compressed stream as a TransferError naming the source."""
    try:
        yield
    except EOFError as err:  # gzip and bz2: the stream ends before its end-of-stream marker
        raise TruncatedFileError(
            name, "compressed data ends before its end-of-stream marker (the file was cut short?)"
        ) from err
    except (zlib.error, OSError) as err:
        if compression is None or getattr(err, "errno", None) is not None:  # a real I/O error
            raise
        raise FormatError(name, "compressed data is corrupt (%s: %s)" % (compression, err)) from err
