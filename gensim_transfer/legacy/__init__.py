"""gensim 3.x code on gensim 4.x, after one line: ``from gensim_transfer import legacy; legacy.enable()``.

:func:`enable` restores the gensim 3.8 spellings that gensim 4.0 renamed or removed (``Word2Vec(size=...)``,
``model.iter``, ``wv.vocab``, ``wv.index2word``, ``model.most_similar(...)``,
``model.intersect_word2vec_format(...)``, ...) by patching gensim's classes. Each restored spelling behaves
as it did on gensim 3.8.3 and emits one :class:`DeprecationWarning` per process naming the modern spelling
(:data:`SPELLINGS` lists them all). :func:`disable` removes every patch again.

It is opt-in: importing :mod:`gensim_transfer` changes nothing. On gensim 3.8.3 the 3.x API is the installed
one, so :func:`enable` only repairs what is broken there: it installs the lock-factor guard
(:mod:`gensim_transfer.guard`; gensim 3.8.3's ``build_vocab(update=True)`` resets every lock factor to 1.0)
and, under numpy >= 1.24, the numpy aliases ``gensim.models.keyedvectors`` still uses (``KeyedVectors.add()``
and ``kv[word] = vector`` fail there). gensim 3.8.3's own ``intersect_word2vec_format`` is kept: it works
(slowly) and replacing it could change what 3.8.3 users observe. On gensim 4.x :func:`enable` installs the
guard too, because 3.x tutorials grow the vocabulary around the merge.

Which gensim is installed is asked of :mod:`gensim_transfer.compat` (``compat.GENSIM_4``) and nowhere else.
The 4.x patches below are installed only on gensim 4.x, so their bodies are written against gensim 4's API;
where :mod:`~gensim_transfer.compat` has a helper for a concern (vocabulary, counts, lock factors,
normalised vectors, keyword spellings) they use it. What is deliberately not restored, and why, is in
``docs/legacy.md``.

Layout: ``_patching`` (installing and undoing patches, the once-per-process warnings), ``_gensim3`` (the
repairs on gensim 3.8.3), and for gensim 4.x ``_models`` (keywords, model attributes and methods),
``_keyedvectors`` (``wv.vocab`` and the other KeyedVectors spellings), ``_internals`` (3.x's
``model.trainables``, ``model.vocabulary``, ``model.docvecs`` internals and FastText's attributes) and
``_gensim4`` (which puts them all in place).
"""
from __future__ import annotations

import logging

from .. import compat, guard
from ._patching import _owner_name, _restore_patches, _state, _still_ours
from ._spellings import SPELLINGS

__all__ = ["SPELLINGS", "disable", "enable", "is_enabled"]

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------------------
# Public surface
# ---------------------------------------------------------------------------------------------------------
def enable() -> None:
    """Make gensim 3.x code run on the installed gensim, with gensim 3.8.3's behaviour. Idempotent.

    On gensim 4.x this patches ``Word2Vec``, ``FastText``, ``Doc2Vec`` and ``KeyedVectors`` so that the 3.x
    spellings in :data:`SPELLINGS` work again; ``model.intersect_word2vec_format(...)`` is backed by
    :func:`gensim_transfer.transfer_init` (fast, numpy-2-safe, lock factors kept right). On gensim 3.8.3
    only what is broken there is repaired. Both install the lock-factor guard
    (:func:`gensim_transfer.guard.install`), so ``build_vocab(update=True)`` keeps existing words' locks.

    Examples
    --------
    >>> from gensim_transfer import legacy
    >>> legacy.enable()
    >>> model = gensim.models.Word2Vec(size=300, min_count=1)     # gensim 3.x keyword, also on 4.x
    >>> model.build_vocab([pretrained.wv.vocab.keys()])
    >>> model.intersect_word2vec_format("GoogleNews-vectors-negative300.bin", binary=True, lockf=1.0)
    """
    with _state.lock:
        if _state.enabled:
            return
        guard_was_on = guard.installed()
        # The guard wraps build_vocab/train on top of whatever is there; take it off so the legacy wrappers
        # sit directly on gensim's methods and the guard on top of them (its own uninstall() keeps working).
        guard.uninstall()
        try:
            if compat.GENSIM_4:
                _install_gensim4()
            else:
                _install_gensim3()
        except BaseException:
            _restore_patches()
            if guard_was_on:
                guard.install()
            raise
        guard.install()
        _state.installed_guard = not guard_was_on
        _state.enabled = True
        logger.debug("gensim_transfer.legacy enabled: %d gensim attributes patched", len(_state.patches))


def disable() -> None:
    """Undo :func:`enable`: every patched gensim attribute is restored, every added one deleted. Idempotent.

    The lock-factor guard is removed too if :func:`enable` installed it (not if it was installed before,
    e.g. by an earlier :func:`gensim_transfer.transfer_init`).

    Raises
    ------
    RuntimeError
        A patched attribute was replaced by someone else after :func:`enable`; nothing is changed.

    Examples
    --------
    >>> legacy.enable()
    >>> ...                       # gensim 3.x code
    >>> legacy.disable()          # gensim exactly as installed
    """
    with _state.lock:
        if not _state.enabled:
            return
        replaced = [p for p in _state.patches if not _still_ours(p)]
        if replaced:
            changed = ", ".join(f"{_owner_name(p.owner)}.{p.name}" for p in replaced)
            raise RuntimeError(
                f"gensim_transfer.legacy.disable(): {changed} changed after legacy.enable(); undo that first"
            )
        guard_is_on = guard.installed()
        guard.uninstall()  # it sits on top of the legacy wrappers of build_vocab/train
        _restore_patches()
        if guard_is_on and not _state.installed_guard:
            guard.install()
        _state.installed_guard = False
        _state.enabled = False
        logger.debug("gensim_transfer.legacy disabled")


def is_enabled() -> bool:
    """True between :func:`enable` and :func:`disable`.

    Examples
    --------
    >>> legacy.enable(); legacy.is_enabled()
    True
    """
    return _state.enabled



def _install_gensim3() -> None:
    from ._gensim3 import install

    install()


def _install_gensim4() -> None:
    from ._gensim4 import install

    install()
