"""gensim 3.8.3: repair only what is broken there."""
from __future__ import annotations

import types
from typing import Any, Dict

import numpy as np
from gensim.models import keyedvectors as _kv_module

from .. import compat
from ._patching import _patch


class _NumpyWithAliases(types.ModuleType):
    """numpy, plus the aliases gensim 3.8.3's code still uses; every other name is numpy's own."""

    def __init__(self, aliases: Dict[str, type]) -> None:
        super().__init__(np.__name__, np.__doc__)
        self.__dict__.update(aliases)

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)


def install() -> None:
    if compat.GENSIM_3_NUMPY_ALIASES:
        # Only inside gensim.models.keyedvectors, whose KeyedVectors.add() says np.bool; numpy itself and
        # every other module keep seeing numpy unchanged.
        _patch(_kv_module, "np", _NumpyWithAliases(compat.GENSIM_3_NUMPY_ALIASES))
