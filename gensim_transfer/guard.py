"""Keeping lock factors right when gensim's own methods grow a model's vocabulary.

gensim 3.8.3's ``build_vocab(update=True)`` resets every lock factor to 1.0; gensim 4.x keeps the old,
shorter lock array and its training kernels read it modulo its length, so new words borrow other words'
locks. :func:`keeping_lock_factors` brackets a vocabulary update so that old words keep their lock and new
words get 1.0 (:func:`gensim_transfer.grow_vocab` uses it).

:func:`install` does the same for code that calls gensim directly: it wraps ``build_vocab`` and
``build_vocab_from_freq`` of Word2Vec, FastText and Doc2Vec so that ``update=True`` keeps lock factors,
and wraps ``train`` so that a lock array that no longer fits the vocabulary (changed some other way) is
repaired with a :class:`~gensim_transfer.errors.LockFactorWarning` before training starts, never silently.
Models whose locks are all 1.0 pass through untouched. :func:`gensim_transfer.transfer_init` installs it
(once per process); :func:`uninstall` removes it.
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
from .errors import LockFactorWarning

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
        if not compat.lock_factors_fit(self):
            warnings.warn(
                "%s's lock factors no longer fit its vocabulary (its vocabulary grew without "
                "gensim_transfer.grow_vocab); repaired before training: existing words keep their lock, "
                "words added since get 1.0" % type(self).__name__,
                LockFactorWarning,
                stacklevel=2,
            )
        if not compat.locks_all_default(self):
            compat.lock_factors(self)  # full length, and the layout every gensim kernel reads correctly
        return original(self, *args, **kwargs)

    train.__gensim_transfer_guard__ = True
    return train


_WRAPPERS: Dict[str, Callable[[Callable], Callable]] = {
    "build_vocab": _wrap_build_vocab,
    "build_vocab_from_freq": _wrap_build_vocab,
    "train": _wrap_train,
}


def install() -> None:
    """Make gensim's own vocabulary updates keep lock factors, and check them before training. Idempotent."""
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
