"""Writing a merge into a model all at once or not at all.

:class:`ModelWrite` collects what a merge changes — rows of big matrices (the word vectors, FastText's composed
vectors), and whole arrays that are replaced (lock factors) — and :meth:`ModelWrite.apply` writes them with an
undo log: if anything goes wrong on the way (an error, a ``KeyboardInterrupt``, a full disk under the staging
file), everything already written is put back before the exception leaves, so the model is bit-identical to
before.

The undo log costs no extra memory for the word vectors: the staged rows (:class:`~gensim_transfer.formats.
_staging.Staged`) are swapped block by block with the model's rows, so the staging keeps the old rows once the
new ones are in. Replaced arrays are swapped by reference. A Ctrl-C during :meth:`apply` (in the main thread) is
held until the writes are done or undone: it then undoes the merge and is raised, so that it never lands in the
middle of the undo itself.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any, Callable, Iterator, List, Tuple

import numpy as np

from .formats._staging import Staged

__all__ = ["ModelWrite"]


@contextlib.contextmanager
def _holding_interrupts() -> Iterator[List[Tuple[int, Any]]]:
    """Within the block, SIGINT is recorded instead of raising; the caller decides what to do after it.

    Only the main thread receives signals in Python; elsewhere this is a no-op (a KeyboardInterrupt cannot
    arrive in another thread).
    """
    received: List[Tuple[int, Any]] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    try:
        previous = signal.getsignal(signal.SIGINT)
    except ValueError:  # pragma: no cover - an interpreter without signal support in this thread
        yield received
        return
    if previous in (signal.SIG_IGN, None):  # interrupts are ignored anyway, or not installed from Python
        yield received
        return

    def hold(signum: int, frame: Any) -> None:
        received.append((signum, frame))

    signal.signal(signal.SIGINT, hold)
    try:
        yield received
    finally:
        signal.signal(signal.SIGINT, previous)


class ModelWrite:
    """The changes of one merge, applied together or not at all.

    Examples
    --------
    >>> write = ModelWrite()
    >>> write.swap_rows(matrix, staged, rows)          # staged vectors into matrix[rows]
    >>> write.copy_rows(composed, matrix, rows)        # then composed[rows] = matrix[rows], with an undo copy
    >>> write.replace_attribute(owner, "vectors_lockf", new_locks)
    >>> write.apply()
    """

    def __init__(self) -> None:
        # (do, undo): each undo must also undo a do that stopped half-way (it is called if do raised)
        self._steps: List[Tuple[Callable[[], None], Callable[[], None]]] = []

    def swap_rows(self, matrix: np.ndarray, staged: Staged, rows: np.ndarray) -> None:
        """Write the staged vectors into ``matrix[rows]`` (``rows[i]`` for staged vector ``i``)."""
        done = [0]

        def do() -> None:
            staged.swap_into(matrix, rows, done)

        def undo() -> None:
            staged.restore_into(matrix, rows, done[0])

        self._steps.append((do, undo))

    def copy_rows(self, target: np.ndarray, source: np.ndarray, rows: np.ndarray) -> None:
        """``target[rows] = source[rows]`` (after the steps before it), keeping the old rows to undo it.

        The old rows are kept in memory (matched rows x vector size): used for FastText's composed vectors.
        """
        kept: List[Tuple[np.ndarray, np.ndarray]] = []

        def do() -> None:
            step = 4096
            for begin in range(0, len(rows), step):
                part = rows[begin:begin + step]
                kept.append((part, target[part]))  # a copy (fancy indexing), taken before the write
                target[part] = source[part]

        def undo() -> None:
            for part, old in reversed(kept):
                target[part] = old

        self._steps.append((do, undo))

    def replace_attribute(self, owner: Any, name: str, value: Any) -> None:
        """``setattr(owner, name, value)``; undone by putting the old value (or its absence) back."""
        missing = object()
        saved: List[Any] = []

        def do() -> None:
            saved.append(owner.__dict__.get(name, missing) if hasattr(owner, "__dict__")
                         else getattr(owner, name, missing))
            setattr(owner, name, value)

        def undo() -> None:
            if not saved:
                return
            if saved[0] is missing:
                with contextlib.suppress(AttributeError):
                    delattr(owner, name)
            else:
                setattr(owner, name, saved[0])

        self._steps.append((do, undo))

    def recompute_attribute(self, owner: Any, name: str, compute: Callable[[], None]) -> None:
        """Run ``compute`` (which sets ``owner.name`` anew, or changes it in place) on a copy of the attribute's
        array; undone by putting the original array back. Costs one copy of that array."""
        saved: List[Any] = []

        def do() -> None:
            saved.append(getattr(owner, name))
            setattr(owner, name, np.array(saved[0], copy=True))
            compute()

        def undo() -> None:
            if saved:
                setattr(owner, name, saved[0])

        self._steps.append((do, undo))

    def then(self, action: Callable[[], None]) -> None:
        """Run ``action`` (which must not fail, e.g. noting the time) once every change is in."""
        self._steps.append((action, lambda: None))

    def apply(self) -> None:
        """Do every step in order; on any exception or interrupt, undo the steps done, last first, and re-raise."""
        done: List[Callable[[], None]] = []
        with _holding_interrupts() as interrupts:
            try:
                for do, undo in self._steps:
                    done.append(undo)  # before do(): a step stopped half-way is undone too
                    do()
                    if interrupts:
                        raise KeyboardInterrupt  # a Ctrl-C held during the writes: undo them, then stop
            except BaseException:
                self._undo(done)
                raise

    @staticmethod
    def _undo(done: List[Callable[[], None]]) -> None:
        while done:
            done.pop()()

