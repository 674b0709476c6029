"""Installing and undoing legacy's patches, and its once-per-process deprecation warnings."""
from __future__ import annotations

import sys
import threading
import warnings
from typing import Any, Callable, List, NamedTuple

from ._spellings import SPELLINGS

_MISSING = object()


class _Patch(NamedTuple):
    owner: Any  # a class or a module
    name: str
    original: Any  # what ``vars(owner)[name]`` held before, or _MISSING (then it is deleted on disable)
    value: Any  # what enable() put there


class _State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.enabled = False
        self.patches: List[_Patch] = []
        self.installed_guard = False


_state = _State()
_warned: set = set()  # spellings already warned about in this process (never reset: once per process)


def _owner_name(owner: Any) -> str:
    return owner.__qualname__ if isinstance(owner, type) else owner.__name__


def _still_ours(patch: _Patch) -> bool:
    """True if ``patch`` is still in place: directly, or under the lock-factor guard's wrapper."""
    current = vars(patch.owner).get(patch.name, _MISSING)
    if current is patch.value:
        return True
    return getattr(current, "__gensim_transfer_guard__", False) and current.__wrapped__ is patch.value


def _patch(owner: Any, name: str, value: Any) -> None:
    """Set ``owner.name = value``, remembering whether ``owner`` itself defined ``name`` (vs inherited it)."""
    original = vars(owner).get(name, _MISSING)
    setattr(owner, name, value)
    _state.patches.append(_Patch(owner, name, original, value))


def _restore_patches() -> None:
    while _state.patches:
        owner, name, original, value = _state.patches.pop()
        if vars(owner).get(name, _MISSING) is not value:
            continue  # only reached when enable() is rolled back half-way
        if original is _MISSING:
            delattr(owner, name)
        else:
            setattr(owner, name, original)


def _deprecated(spelling: str) -> None:
    """Warn once per process that ``spelling`` is gensim 3.x, naming the modern spelling.

    The warning is attributed to the first frame outside gensim_transfer (the user's line), so Python's
    default filters show it when that line is in ``__main__`` (scripts, notebooks), as for gensim's own.
    """
    if spelling in _warned:
        return
    _warned.add(spelling)
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("gensim_transfer."):
        frame = frame.f_back
        level += 1
    warnings.warn(
        f"{spelling} is gensim 3.x spelling, kept working by gensim_transfer.legacy; "
        f"on gensim 4 use {SPELLINGS[spelling]}",
        DeprecationWarning,
        stacklevel=level,
    )


def _named(function: Callable, name: str, owner: type) -> Callable:
    function.__name__ = name
    function.__qualname__ = f"{owner.__name__}.{name}"
    return function
