"""What the scanners (:mod:`._binary`, :mod:`._text`) hand to the matcher (:mod:`._matching`).

A :class:`_Batch` per chunk: the chunk's words (:class:`_Words`), vectors decoded on request. Also the
record-count checks both scanners share, and :func:`_word_hashes`, the numpy hash of words that lets the
matcher screen a chunk's words without a Python object per word.
"""
from __future__ import annotations

from typing import Callable, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from ..errors import FormatError
from ._sniff import VectorFileInfo

# A piece of a chunk and the words in it: (data, word offsets in data, word lengths).
_Spans = Tuple[Sequence[int], np.ndarray, np.ndarray]


class _Words:
    """The words of a batch: spans of the chunk's bytes, made into bytes objects only on request.

    ``spans`` lists the pieces of data the words are in, in order (a text batch can cover several).
    ``listed``, if the scanner made them anyway (the pure-Python scanners), holds the words as bytes.
    ``high``, if known (the compiled scanner), holds the positions of the words with a byte >= 0x80: the
    only ones that can fail to decode in an ASCII-compatible codec.
    """

    __slots__ = ("bounds", "high", "listed", "spans")

    def __init__(self, spans: List[_Spans], listed: Optional[List[bytes]] = None,
                 high: Optional[np.ndarray] = None) -> None:
        self.spans = spans
        self.listed = listed
        self.high = high
        self.bounds = np.cumsum([0] + [len(starts) for _, starts, _ in spans])

    def __len__(self) -> int:
        return int(self.bounds[-1])

    def __getitem__(self, i: int) -> bytes:
        return self.at([i])[0]

    def at(self, positions: Sequence[int]) -> List[bytes]:
        """The words at the given positions (ints, or an integer array)."""
        if self.listed is not None:
            return [self.listed[i] for i in positions]
        if len(self.spans) == 1:
            data, starts, lens = self.spans[0]
            begin = starts[positions]
            spans = map(slice, begin.tolist(), (begin + lens[positions]).tolist())
            return list(map(bytes, map(data.__getitem__, spans)))
        positions = np.asarray(positions, dtype=np.int64)
        which = np.searchsorted(self.bounds, positions, side="right") - 1
        out: List[bytes] = []
        for piece, local in zip(which.tolist(), (positions - self.bounds[which]).tolist()):
            data, starts, lens = self.spans[piece]
            out.append(bytes(data[starts[local]:starts[local] + lens[local]]))
        return out

    def all(self) -> List[bytes]:
        return self.listed if self.listed is not None else self.at(np.arange(len(self)))

    def hashes(self) -> Optional[np.ndarray]:
        """:func:`_word_hashes` of every word, or None if a piece is too short to hash that way."""
        parts = [_word_hashes(np.frombuffer(data, np.uint8), starts, lens) for data, starts, lens in self.spans]
        if any(p is None for p in parts):
            return None
        return np.concatenate(parts) if len(parts) != 1 else parts[0]  # type: ignore[arg-type,return-value]


class _Batch(NamedTuple):
    first_record: int  # 0-based number of the batch's first record in the file
    words: _Words
    take: Callable[[np.ndarray], np.ndarray]  # positions in this batch -> float32 vectors (a new array)
    first_line: Optional[int]  # 1-based line number of the batch's first record (text files)


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
