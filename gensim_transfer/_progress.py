"""Progress reporting for the command line.

On a terminal: a tqdm bar if tqdm is installed (``pip install 'gensim-transfer[progress]'``), otherwise a
plain line at every tenth of the way. Not on a terminal (a pipe, a file, CI logs): nothing. ``--quiet``:
nothing. The environment variable ``GENSIM_TRANSFER_PROGRESS`` (``bar``, ``lines`` or ``off``) overrides the
choice, e.g. to get lines in a CI log.

Updates may come from gensim's corpus-reading thread during training, so tasks lock around their state.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from typing import IO, Any, Optional

from ._optional import import_optional_dependency

MODES = ("bar", "lines", "off")
ENV = "GENSIM_TRANSFER_PROGRESS"


def choose_mode(quiet: bool = False, stream: Optional[IO[str]] = None) -> str:
    """``"bar"``, ``"lines"`` or ``"off"`` for this process (see the module docstring)."""
    if quiet:
        return "off"
    forced = os.environ.get(ENV, "").strip().lower()
    if forced:
        if forced not in MODES:
            raise ValueError("%s must be one of %s, got %r" % (ENV, ", ".join(MODES), forced))
        if forced == "bar" and not _tqdm_usable():
            return "lines"
        return forced
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return "off"
    return "bar" if _tqdm_usable() else "lines"


def _tqdm_usable() -> bool:
    """tqdm is installed and new enough (:mod:`gensim_transfer._optional`)."""
    return import_optional_dependency("tqdm", errors="ignore") is not None


class Task:
    """One measured piece of work: ``update(n)`` as it goes, ``close()`` at the end (or use ``with``)."""

    def update(self, n: int) -> None:
        """Add ``n`` units of progress."""

    def close(self) -> None:
        """Finish the task."""

    def __enter__(self) -> Task:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _LineTask(Task):
    def __init__(self, description: str, total: Optional[int], unit: str, stream: IO[str]) -> None:
        self.description = description
        self.total = total
        self.unit = unit
        self.stream = stream
        self.done = 0
        self.started = time.monotonic()
        self.next_step = 1
        self.last_line = self.started
        self.closed = False
        self.lock = threading.Lock()

    def _print(self, text: str) -> None:
        self.stream.write("gensim-transfer: %s: %s\n" % (self.description, text))
        self.stream.flush()

    def update(self, n: int) -> None:
        with self.lock:
            self.done += n
            if self.total:
                step = min(10, int(10 * self.done / self.total))
                if step >= self.next_step and step < 10:
                    self.next_step = step + 1
                    self._print("%d%% (%s of %s %s)" % (10 * step, _amount(self.done, self.unit),
                                                        _amount(self.total, self.unit), self.unit))
            elif time.monotonic() - self.last_line >= 5.0:
                self.last_line = time.monotonic()
                self._print("%s %s so far" % (_amount(self.done, self.unit), self.unit))

    def close(self) -> None:
        with self.lock:
            if self.closed:
                return
            self.closed = True
            self._print("done, %s %s in %.1fs" % (_amount(self.done, self.unit), self.unit,
                                                   time.monotonic() - self.started))


class _BarTask(Task):
    def __init__(self, description: str, total: Optional[int], unit: str, stream: IO[str]) -> None:
        tqdm = import_optional_dependency("tqdm").tqdm  # type: ignore[union-attr]

        scale = unit == "B"
        self.bar = tqdm(total=total, desc=description, unit=unit, unit_scale=scale,
                        unit_divisor=1024 if scale else 1000, file=stream, leave=False, dynamic_ncols=True)
        self.lock = threading.Lock()

    def update(self, n: int) -> None:
        with self.lock:
            self.bar.update(n)

    def close(self) -> None:
        with self.lock:
            self.bar.close()


def _amount(value: int, unit: str) -> str:
    if unit != "B":
        return f"{value:,}"
    for factor, suffix in ((1 << 30, "Gi"), (1 << 20, "Mi"), (1 << 10, "Ki")):
        if value >= factor:
            return "%.1f %s" % (value / factor, suffix)
    return str(value)


class Progress:
    """Makes tasks in the chosen mode.

    Examples
    --------
    >>> progress = Progress(choose_mode())
    >>> with progress.task("reading", total=1000, unit="records") as task:
    ...     task.update(1000)
    """

    def __init__(self, mode: str = "off", stream: Optional[IO[str]] = None) -> None:
        if mode not in MODES:
            raise ValueError("progress mode must be one of %s, got %r" % (", ".join(MODES), mode))
        self.mode = mode
        self.stream = sys.stderr if stream is None else stream

    def task(self, description: str, total: Optional[int] = None, unit: str = "records") -> Task:
        """A new task; ``unit="B"`` shows bytes."""
        if self.mode == "bar":
            return _BarTask(description, total, unit, self.stream)
        if self.mode == "lines":
            return _LineTask(description, total, unit, self.stream)
        return Task()
