"""What the scanners (:mod:`._binary`, :mod:`._text`) hand to the matcher (:mod:`._matching`).

A :class:`_Batch` per chunk: the chunk's words as bytes, vectors decoded on request. Also the record-count
checks both scanners share, and :func:`_word_hashes`, the numpy hash of words that lets the matcher screen
a chunk's words without a Python object per word.
"""
from __future__ import annotations

from typing import Callable, List, NamedTuple, Optional

import numpy as np

from ..errors import FormatError
from ._sniff import VectorFileInfo


class _Batch(NamedTuple):
    first_record: int  # 0-based number of the batch's first record in the file
    words: List[bytes]
    take: Callable[[np.ndarray], np.ndarray]  # positions in this batch -> float32 vectors (a new array)
    vector_offsets: Optional[Callable[[np.ndarray], np.ndarray]]  # positions -> file offsets (plain binary)
    first_line: Optional[int]  # 1-based line number of the batch's first record (text files)
    hashes: Optional[Callable[[], Optional[np.ndarray]]] = None  # :func:`_word_hashes` of the words, if known


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
