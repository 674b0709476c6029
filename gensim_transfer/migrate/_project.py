"""Whole-project analysis: what the modules of the files given to ``migrate`` export to each other.

``migrate_paths(["src/", "notebooks/"])`` makes one :class:`Project` of every ``.py`` file it was given. A
module (or notebook) that does ``from utils import get_model`` then knows what ``get_model()`` returns if
``utils.py`` is one of those files. Modules are parsed lazily, the first time another module asks about them.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence


class Project:
    """The ``.py`` files of one run, addressable by dotted module name (and by any dotted suffix of it)."""

    def __init__(self, engine: Any, paths: Sequence[str], roots: Sequence[str] = ()) -> None:
        self.engine = engine
        self._by_suffix: Dict[str, List[str]] = {}
        self._inference: Dict[str, Any] = {}
        for path in paths:
            if not path.endswith(".py"):
                continue
            for name in _module_names(path, roots):
                self._by_suffix.setdefault(name, []).append(path)

    def _path(self, module: str, asker: Any) -> Optional[str]:
        module = module.lstrip(".")
        if not module:
            return None
        candidates = self._by_suffix.get(module, [])
        if len(candidates) > 1 and asker is not None:  # prefer the module next to the asking file
            here = os.path.dirname(os.path.abspath(asker.path))
            near = [p for p in candidates if os.path.dirname(os.path.abspath(p)) == here]
            candidates = near or candidates
        return candidates[0] if len(candidates) == 1 else None

    def has_module(self, module: str, asker: Any = None) -> bool:
        return self._path(module, asker) is not None

    def export(self, module: str, name: str, asker: Any = None) -> Any:
        """The kind of ``module.name`` (see :mod:`._infer`), or None."""
        path = self._path(module, asker)
        if path is None or (asker is not None and os.path.abspath(path) == os.path.abspath(asker.path)):
            return None
        inference = self._load(path)
        return inference.export(name) if inference is not None else None

    def uses_gensim(self, imports: Dict[str, str], asker: Any = None) -> bool:
        """True if one of the project modules named in ``imports`` (local name -> origin) uses gensim."""
        for origin in imports.values():
            for module in (origin, origin.rpartition(".")[0]):
                path = self._path(module, asker)
                if path is not None and (asker is None or os.path.abspath(path) != os.path.abspath(asker.path)):
                    inference = self._load(path)
                    if inference is not None and inference.bindings.gensim_context:
                        return True
        return False

    def _load(self, path: str) -> Any:
        if path not in self._inference:
            self._inference[path] = None  # a module that imports itself back sees nothing
            try:
                with open(path, "rb") as fh:
                    raw = fh.read()
                from ._api import _source_encoding

                code = raw.decode(_source_encoding(raw))
                self._inference[path] = self.engine.inference(code, self, path)
            except Exception:  # unreadable or unparsable: its own migration reports that
                self._inference[path] = None
        return self._inference[path]


def _module_names(path: str, roots: Sequence[str]) -> List[str]:
    """``a/b/c.py`` -> ``["c", "b.c", "a.b.c"]`` (a package's ``__init__.py`` is the package)."""
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)
    parts[-1] = parts[-1][: -len(".py")]
    if parts[-1] == "__init__":
        parts.pop()
    names = []
    for i in range(len(parts) - 1, max(len(parts) - 6, 0), -1):
        names.append(".".join(parts[i:]))
    return names
