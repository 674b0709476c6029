"""Holding the vectors a read selected until they are written, in bounded memory.

A read stages the vectors of the words it matched (:class:`Staged`): the first :data:`_MEMORY` bytes in
memory, the rest in an anonymous temporary file (created in the system's temporary directory, ``TMPDIR``,
and unlinked at once, so nothing is left behind even after a crash). The file's pages are the kernel's page
cache, not the process's memory: peak resident memory stays bounded whatever the number of matched words.

The merge (:mod:`gensim_transfer.transfer`) writes the staged vectors into the model block by block and
keeps each block's previous rows in the same place (:meth:`Staged.swap_into`): one copy of the matched rows
serves as the new values and then as the undo log, so that any error or interrupt can put the model back
exactly (:meth:`Staged.restore_into`).
"""
from __future__ import annotations

import os
import tempfile
from typing import IO, Iterator, List, Optional, Tuple

import numpy as np

# Tunables, module-level so that tests can shrink them.
_MEMORY = 24 << 20  # staged bytes kept in memory; the rest goes to the temporary file
_BLOCK = 2 << 20  # bytes per block when swapping staged rows into a model

__all__ = ["Staged"]


class Staged:
    """Rows of float32 vectors, appended in file order, in memory up to a bound and on disk beyond it.

    ``rows[i]`` is the target row (a wanted word's index) of staged vector ``i``. :meth:`finish` keeps the
    last occurrence of each row (a word the file holds twice takes its later vector, as gensim's merge does)
    and makes the rest addressable in blocks.
    """

    def __init__(self, vector_size: int) -> None:
        self.vector_size = int(vector_size)
        self._row_parts: List[np.ndarray] = []
        self._memory: List[np.ndarray] = []  # one array per append (never joined: that would double them)
        self._memory_ends: List[int] = []  # cumulative row counts of self._memory
        self._in_memory = 0  # vectors held in self._memory
        self._file: Optional[IO[bytes]] = None
        self._on_disk = 0  # vectors written to self._file
        self.rows = np.zeros(0, np.int64)
        self._keep: Optional[np.ndarray] = None  # positions (in staging order) of the vectors kept by finish()

    @property
    def row_bytes(self) -> int:
        return 4 * self.vector_size

    def __len__(self) -> int:
        return len(self.rows)

    def append(self, rows: np.ndarray, vectors: np.ndarray) -> None:
        """Stage ``vectors[i]`` for target row ``rows[i]``."""
        if not len(rows):
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(rows), self.vector_size)
        self._row_parts.append(np.asarray(rows, dtype=np.int64))
        room = max(0, _MEMORY // max(1, self.row_bytes) - self._in_memory) if self._file is None else 0
        if room:
            head = vectors[:room]
            self._memory.append(head.copy() if head.base is not None else head)
            self._in_memory += len(head)
            self._memory_ends.append(self._in_memory)
            vectors = vectors[room:]
        if len(vectors):
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="gensim-transfer-staged-")
            self._file.write(memoryview(np.ascontiguousarray(vectors)).cast("B"))
            self._on_disk += len(vectors)

    def finish(self) -> Staged:
        """Keep each row's last occurrence; after this, :attr:`rows` lists each staged row once."""
        rows = np.concatenate(self._row_parts) if self._row_parts else np.zeros(0, np.int64)
        self._row_parts = [rows]
        keep = _last_occurrences(rows)
        self._keep = None if len(keep) == len(rows) else keep
        self.rows = rows if self._keep is None else rows[keep]
        if self._file is not None:
            self._file.flush()
        return self

    # -------------------------------------------------------------------------------------------------
    # Reading the staged vectors back
    # -------------------------------------------------------------------------------------------------
    def _positions(self) -> np.ndarray:
        return np.arange(self._in_memory + self._on_disk) if self._keep is None else self._keep

    def blocks(self) -> Iterator[Tuple[np.ndarray, np.ndarray]]:
        """``(positions in rows, vectors)`` block by block, in order (vectors are fresh arrays)."""
        for begin, end, kept in self._block_bounds():
            yield np.arange(begin, end), self._read(kept)

    def vectors(self) -> np.ndarray:
        """All staged vectors (in :attr:`rows` order) as one array; for small selections (read_vectors)."""
        out = np.empty((len(self.rows), self.vector_size), np.float32)
        for positions, block in self.blocks():
            out[positions] = block
        return out

    def _block_bounds(self) -> Iterator[Tuple[int, int, np.ndarray]]:
        kept = self._positions()
        step = max(1, _BLOCK // max(1, self.row_bytes))
        for begin in range(0, len(kept), step):
            yield begin, min(begin + step, len(kept)), kept[begin:begin + step]

    def _read(self, positions: np.ndarray) -> np.ndarray:
        out = np.empty((len(positions), self.vector_size), np.float32)
        memory = positions < self._in_memory
        if memory.any():
            out[memory] = self._memory_rows(positions[memory])
        disk = np.flatnonzero(~memory)
        if len(disk):
            out[disk] = self._disk_rows(positions[disk] - self._in_memory)
        return out

    def _memory_parts(self, positions: np.ndarray) -> Iterator[Tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """``(part, rows in part, where in positions)`` for in-memory positions, part by part."""
        ends = np.asarray(self._memory_ends)
        which = np.searchsorted(ends, positions, side="right")
        for k in np.unique(which).tolist():
            at = np.flatnonzero(which == k)
            start = int(ends[k - 1]) if k else 0
            yield self._memory[k], positions[at] - start, at

    def _memory_rows(self, positions: np.ndarray) -> np.ndarray:
        out = np.empty((len(positions), self.vector_size), np.float32)
        for part, rows, at in self._memory_parts(positions):
            out[at] = part[rows]
        return out

    def _disk_rows(self, positions: np.ndarray) -> np.ndarray:
        assert self._file is not None
        first, last = int(positions[0]), int(positions[-1]) + 1
        span = np.empty((last - first, self.vector_size), np.float32)
        _pread_exact(self._file, span, first * self.row_bytes)
        return span[positions - first]

    def _write(self, positions: np.ndarray, values: np.ndarray) -> None:
        memory = positions < self._in_memory
        if memory.any():
            in_memory = values[memory]
            for part, rows, at in self._memory_parts(positions[memory]):
                part[rows] = in_memory[at]
        disk = np.flatnonzero(~memory)
        if len(disk):
            assert self._file is not None
            at = positions[disk] - self._in_memory
            first, last = int(at[0]), int(at[-1]) + 1
            span = np.empty((last - first, self.vector_size), np.float32)
            _pread_exact(self._file, span, first * self.row_bytes)
            span[at - first] = values[disk]
            _pwrite_all(self._file, span, first * self.row_bytes)

    # -------------------------------------------------------------------------------------------------
    # Swapping into a model, and back
    # -------------------------------------------------------------------------------------------------
    def swap_into(self, matrix: np.ndarray, target_rows: np.ndarray, done: List[int]) -> None:
        """Write the staged vectors into ``matrix[target_rows]`` block by block, keeping each block's previous
        rows where its new ones were. ``done[0]`` counts the blocks that :meth:`restore_into` must undo; it
        counts a block before the model's rows change, so that an interrupt at any point is undone whole.

        ``target_rows[i]`` is the matrix row of staged vector ``i`` (in :attr:`rows` order).
        """
        for begin, end, kept in self._block_bounds():
            new = self._read(kept)
            rows = target_rows[begin:end]
            self._write(kept, matrix[rows])  # the undo copy is safe before the model changes
            done[0] += 1
            matrix[rows] = new

    def restore_into(self, matrix: np.ndarray, target_rows: np.ndarray, blocks_done: int) -> None:
        """Undo the first ``blocks_done`` blocks of :meth:`swap_into`, last first."""
        bounds = list(self._block_bounds())[:blocks_done]
        for begin, end, kept in reversed(bounds):
            matrix[target_rows[begin:end]] = self._read(kept)

    def close(self) -> None:
        """Drop the staged vectors (the temporary file is removed)."""
        self._memory, self._memory_ends = [], []
        if getattr(self, "_file", None) is not None:  # (absent if __init__ itself was interrupted)
            self._file.close()
            self._file = None

    def __del__(self) -> None:
        self.close()


def _pread_exact(handle: IO[bytes], out: np.ndarray, offset: int) -> None:
    view = memoryview(out).cast("B")
    got = 0
    while got < len(view):
        n = os.preadv(handle.fileno(), [view[got:]], offset + got) if hasattr(os, "preadv") else _pread_into(
            handle, view[got:], offset + got)
        if n <= 0:
            raise OSError("the temporary file of staged vectors is shorter than what was written to it")
        got += n


def _pread_into(handle: IO[bytes], view: memoryview, offset: int) -> int:  # pragma: no cover - no preadv
    data = os.pread(handle.fileno(), len(view), offset)
    view[:len(data)] = data
    return len(data)


def _pwrite_all(handle: IO[bytes], data: np.ndarray, offset: int) -> None:
    view = memoryview(np.ascontiguousarray(data)).cast("B")
    done = 0
    while done < len(view):
        done += os.pwrite(handle.fileno(), view[done:], offset + done)


def _last_occurrences(rows: np.ndarray) -> np.ndarray:
    """Positions of the last occurrence of each distinct value of ``rows``, in increasing order."""
    if len(rows) < 2:
        return np.arange(len(rows))
    _, last_from_end = np.unique(rows[::-1], return_index=True)
    if len(last_from_end) == len(rows):
        return np.arange(len(rows))
    return np.sort(len(rows) - 1 - last_from_end)
