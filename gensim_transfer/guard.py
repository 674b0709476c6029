"""Keeping lock factors right when gensim's own methods grow a model's vocabulary, and training honest.

gensim 3.8.3's ``build_vocab(update=True)`` resets every lock factor to 1.0; gensim 4.x keeps the old,
shorter lock array and its training kernels read it modulo its length, so new words borrow other words'
locks. :func:`keeping_lock_factors` brackets a vocabulary update so that old words keep their lock and new
words get 1.0 (:func:`gensim_transfer.grow_vocab` uses it).

:func:`install` does the same for code that calls gensim directly: it wraps ``build_vocab`` and
``build_vocab_from_freq`` of Word2Vec, FastText and Doc2Vec so that ``update=True`` keeps lock factors,
and wraps ``train`` so that a lock array that no longer fits the vocabulary (changed some other way) is
repaired with a :class:`~gensim_transfer.errors.LockFactorWarning` before training starts, never silently.
So is a lock array that gensim's kernels would misread (a float64 ``np.ones(n)``, a non-contiguous view: see
:func:`gensim_transfer.compat.repair_lock_arrays`). Models whose locks are all 1.0 keep their arrays.

It also makes a failure in one of gensim's training threads end ``train()``. gensim trains in worker
threads fed by a thread that reads the corpus; when a worker dies (e.g. ``window=-4``: ``ValueError: high <=
0`` in the Cython kernel), gensim prints the thread's traceback and its ``train()`` waits forever for the
dead worker's reports, while the corpus reader waits forever for room in the job queue. With the guard, the
dying worker (or corpus reader) hands its exception to the training thread, keeps the queues moving until
every gensim thread has ended, and ``train()`` raises :class:`~gensim_transfer.errors.TrainingError` with
the thread's exception as ``__cause__``. This wraps three methods that gensim 3.8.3 and every 4.x share
unchanged (``_train_epoch``, ``_worker_loop``, ``_job_producer``); ``corpus_file`` training uses other
methods and is not covered.

:func:`gensim_transfer.transfer_init` installs the guard (once per process), as do
:func:`gensim_transfer.adapt.adapt` and :func:`gensim_transfer.legacy.enable`; :func:`install` does it
directly; :func:`uninstall` removes it.
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import threading
import warnings
from typing import Any, Callable, Dict, Iterator, List, Tuple

import numpy as np
from gensim.models import Doc2Vec, FastText, Word2Vec

from . import compat
from .errors import LockFactorWarning, TrainingError

__all__ = ["install", "installed", "keeping_lock_factors", "uninstall"]

logger = logging.getLogger(__name__)

_state = threading.local()
_patched: List[Tuple[type, str, Callable, Callable]] = []  # (class, name, original, wrapper)
_lock = threading.Lock()


def _busy() -> set:
    if not hasattr(_state, "models"):
        _state.models = set()
    return _state.models


@contextlib.contextmanager
def keeping_lock_factors(model: Any) -> Iterator[None]:
    """Within this block the model's vocabulary may grow; afterwards old words have their old locks back
    and new words have 1.0. Nested use on the same model is a no-op."""
    busy = _busy()
    if id(model) in busy or not compat.index_to_key(model):
        yield
        return
    locks = compat.lock_factors(model)
    if np.all(locks == 1.0):
        snapshot = None  # nothing locked: after the update everything is 1.0 on every gensim line
    else:
        snapshot = (list(compat.index_to_key(model)), locks.copy())
    busy.add(id(model))
    try:
        yield
    finally:
        busy.discard(id(model))
    if snapshot is None:
        return
    words, old_locks = snapshot
    index = compat.key_to_index(model)
    new_locks = np.ones(len(compat.index_to_key(model)), dtype=np.float32)
    rows = np.fromiter((index.get(w, -1) for w in words), dtype=np.int64, count=len(words))
    kept = rows >= 0
    new_locks[rows[kept]] = old_locks[kept]
    compat.set_lock_factors(model, new_locks)
    logger.debug("kept the lock factors of %d words across a vocabulary update", int(kept.sum()))


def _wrap_build_vocab(original: Callable) -> Callable:
    signature = inspect.signature(original)

    @functools.wraps(original)
    def build_vocab(self, *args, **kwargs):
        try:
            update = signature.bind_partial(self, *args, **kwargs).arguments.get("update", False)
        except TypeError:
            update = kwargs.get("update", False)
        if not update:
            return original(self, *args, **kwargs)
        with keeping_lock_factors(self):
            return original(self, *args, **kwargs)

    build_vocab.__gensim_transfer_guard__ = True
    return build_vocab


def _wrap_train(original: Callable) -> Callable:
    @functools.wraps(original)
    def train(self, *args, **kwargs):
        misfit = not compat.lock_factors_fit(self)
        if misfit:
            warnings.warn(
                "%s's lock factors no longer fit its vocabulary (its vocabulary grew without "
                "gensim_transfer.grow_vocab); repaired before training: existing words keep their lock, "
                "words added since get 1.0" % type(self).__name__,
                LockFactorWarning,
                stacklevel=compat.caller_stacklevel(),
            )
        compat.repair_lock_arrays(self)  # dtype and layout, with its own LockFactorWarning
        if misfit or not compat.locks_all_default(self):
            compat.lock_factors(self)  # full length, and the layout every gensim kernel reads correctly
        return original(self, *args, **kwargs)

    train.__gensim_transfer_guard__ = True
    return train


# ---------------------------------------------------------------------------------------------------------
# A failing training thread ends train()
# ---------------------------------------------------------------------------------------------------------
class _EpochStopped(Exception):
    """Raised in the training thread when it unpacks :data:`_WORKER_FAILED` from gensim's progress queue."""


class _WorkerFailed:
    """Put in gensim's progress queue instead of a progress report; gensim's epoch loop unpacks each report
    as ``examples, trained_words, raw_words = report`` (3.8.3 and 4.x alike), which raises here."""

    def __iter__(self):
        raise _EpochStopped


_WORKER_FAILED = _WorkerFailed()
_ALL_ENDED = object()  # the last worker to end, once the training thread waits for them, posts this


class _Epoch:
    """One epoch of one model's training: its failure, if any, and how many worker threads still run."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.running = workers  # every worker thread gensim starts for this epoch decrements it once
        self.waiting = False
        self.stopped = threading.Event()
        self.failure: Any = None  # (which thread, exception): the first failure only
        self.progress_queue: Any = None
        self.lock = threading.Lock()

    def fail(self, where: str, error: BaseException, progress_queue: Any = None) -> None:
        with self.lock:
            if self.failure is None:
                self.failure = (where, error)
            if progress_queue is not None:
                self.progress_queue = progress_queue
        self.stopped.set()

    def until_stopped(self, items: Any) -> Iterator[Any]:
        for item in items:
            if self.stopped.is_set():
                return
            yield item

    def worker_ended(self, progress_queue: Any) -> None:
        with self.lock:
            self.running -= 1
            last = self.running == 0 and self.waiting
        if last:
            progress_queue.put(_ALL_ENDED)

    def wait_for_workers(self) -> None:
        """Read (and drop) progress reports until every worker thread has ended, so that none is stuck
        putting a report into the full progress queue."""
        with self.lock:
            self.waiting = True
            pending = self.running > 0
        while pending:
            pending = self.progress_queue.get() is not _ALL_ENDED

    def error(self) -> TrainingError:
        where, error = self.failure
        return TrainingError("training stopped: %s failed with %s: %s" % (where, type(error).__name__, error))


_epochs: Dict[int, _Epoch] = {}  # id(model) -> the epoch it is training (gensim trains a model in one thread)


def _wrap_train_epoch(original: Callable) -> Callable:
    @functools.wraps(original)
    def _train_epoch(self, *args, **kwargs):
        if id(self) in _epochs:
            return original(self, *args, **kwargs)
        epoch = _epochs[id(self)] = _Epoch(int(self.workers))
        try:
            try:
                result = original(self, *args, **kwargs)
            except _EpochStopped:
                epoch.wait_for_workers()
                raise epoch.error() from epoch.failure[1]
            if epoch.failure is not None:  # the corpus reader failed; gensim's workers then ended normally
                raise epoch.error() from epoch.failure[1]
            return result
        finally:
            del _epochs[id(self)]

    _train_epoch.__gensim_transfer_guard__ = True
    return _train_epoch


def _wrap_worker_loop(original: Callable) -> Callable:
    @functools.wraps(original)
    def _worker_loop(self, job_queue, progress_queue, *args, **kwargs):
        epoch = _epochs.get(id(self))
        if epoch is None:
            return original(self, job_queue, progress_queue, *args, **kwargs)
        try:
            return original(self, job_queue, progress_queue, *args, **kwargs)
        except BaseException as error:  # any failure, as gensim's own thread would die of it; raised in train()
            epoch.fail("a gensim training thread", error, progress_queue)
            progress_queue.put(_WORKER_FAILED)
            while job_queue.get() is not None:  # keep the corpus reader from blocking on a full job queue
                pass
        finally:
            epoch.worker_ended(progress_queue)

    _worker_loop.__gensim_transfer_guard__ = True
    return _worker_loop


def _wrap_job_producer(original: Callable) -> Callable:
    @functools.wraps(original)
    def _job_producer(self, data_iterator, job_queue, *args, **kwargs):
        epoch = _epochs.get(id(self))
        if epoch is None:
            return original(self, data_iterator, job_queue, *args, **kwargs)
        try:
            return original(self, epoch.until_stopped(data_iterator), job_queue, *args, **kwargs)
        except BaseException as error:  # e.g. the corpus iterator raised; raised again in train()
            epoch.fail("reading the corpus", error)
            for _ in range(epoch.workers):  # what gensim's producer does at its end: every worker may stop
                job_queue.put(None)

    _job_producer.__gensim_transfer_guard__ = True
    return _job_producer


_WRAPPERS: Dict[str, Callable[[Callable], Callable]] = {
    "build_vocab": _wrap_build_vocab,
    "build_vocab_from_freq": _wrap_build_vocab,
    "train": _wrap_train,
    "_train_epoch": _wrap_train_epoch,
    "_worker_loop": _wrap_worker_loop,
    "_job_producer": _wrap_job_producer,
}


def install() -> None:
    """Make gensim's own vocabulary updates keep lock factors, check them before training, and turn a failed
    training thread into :class:`~gensim_transfer.errors.TrainingError`. Idempotent."""
    with _lock:
        if _patched:
            return
        for model_class in (Word2Vec, FastText, Doc2Vec):
            for name, wrap in _WRAPPERS.items():
                # Patch the class that defines the method (gensim 3.8 defines several in a shared base).
                owner = next((k for k in model_class.__mro__ if name in k.__dict__), None)
                original = owner.__dict__.get(name) if owner is not None else None
                if original is None or getattr(original, "__gensim_transfer_guard__", False):
                    continue
                wrapper = wrap(original)
                setattr(owner, name, wrapper)
                _patched.append((owner, name, original, wrapper))
        logger.debug("lock-factor guard installed on %d gensim methods", len(_patched))


def installed() -> bool:
    """True while :func:`install` is in effect."""
    return bool(_patched)


def uninstall() -> None:
    """Restore gensim's own methods (those still wrapped by this module)."""
    with _lock:
        while _patched:
            cls, name, original, wrapper = _patched.pop()
            if cls.__dict__.get(name) is wrapper:
                setattr(cls, name, original)
