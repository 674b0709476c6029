"""The pre-pass over one module: imports, what each name is bound to, ``self.x`` in classes, returns.

:class:`Bindings` only records facts (which expression a target is bound to, and how); :mod:`._infer` turns
them into types.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

COMPAT_MODULE = "gensim_transfer.compat"


class Bindings:
    """Facts about one module's names, collected in one walk (it also caches every node's children)."""

    def __init__(self, cst: Any, module: Any) -> None:
        self.cst = cst
        self.values: Dict[int, Any] = {}  # id(Name being assigned) -> assigned expression
        #: id(Name in a tuple target) -> (assigned expression, index path), for ``a, b = f()``
        self.unpacked: Dict[int, Tuple[Any, Tuple[int, ...]]] = {}
        #: id(Name bound by a for loop or comprehension) -> (iterated expression, index path)
        self.loops: Dict[int, Tuple[Any, Tuple[int, ...]]] = {}
        self.annotations: Dict[int, Any] = {}  # id(Param or annotated Name) -> annotation
        self.imports: Dict[str, str] = {}  # local name -> dotted origin (".mod.name" for relative imports)
        self.self_attr_class: Dict[int, int] = {}  # id(`self.x` node) -> id(ClassDef)
        self.class_attrs: Dict[Tuple[int, str], List[Any]] = {}  # (id(ClassDef), attr) -> values (None: unknown)
        self.returns: Dict[int, List[Any]] = {}  # id(FunctionDef) -> returned expressions (None: unknown)
        self.gensim_context = False
        self.compat_bound_elsewhere = False
        self.children: Dict[int, Sequence[Any]] = {}  # libcst computes .children anew on every access
        self._collect(module, None, None)

    def _collect(self, node: Any, klass: Any, function: Any) -> None:
        cst = self.cst
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted(cst, alias.name) or ""
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.imports[alias.asname.name.value] = full
                else:
                    root = full.split(".")[0]
                    self.imports[root] = root
                self.gensim_context |= full.split(".")[0] == "gensim"
        elif isinstance(node, cst.ImportFrom):
            self._collect_import_from(node)
        elif isinstance(node, cst.Name) and node.value == "gensim":
            self.gensim_context = True
        elif isinstance(node, cst.ClassDef):
            klass = node
            function = None
        elif isinstance(node, cst.FunctionDef):
            function = node
            self.returns[id(node)] = []
        elif isinstance(node, cst.Lambda):
            function = None
        elif isinstance(node, cst.Param):
            if node.annotation is not None:
                self.annotations[id(node)] = node.annotation.annotation  # libcst binds a parameter to its Param
        elif isinstance(node, (cst.Return, cst.Yield)) and function is not None:
            value = node.value if isinstance(node, cst.Return) else None
            self.returns[id(function)].append(value)
        elif isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            value = node.value if not isinstance(node, cst.AugAssign) else None
            if isinstance(node, cst.AnnAssign) and isinstance(node.target, cst.Name):
                self.annotations[id(node.target)] = node.annotation.annotation
            for t in targets:
                if isinstance(t, cst.Name):
                    if value is not None:
                        self.values[id(t)] = value
                    if t.value == "compat" and not isinstance(node, cst.AugAssign):
                        self.compat_bound_elsewhere = True
                elif isinstance(t, (cst.Tuple, cst.List)) and value is not None:
                    self._collect_unpacking(t, value, (), self.unpacked)
                self._collect_self_targets(t, value, klass)
        elif isinstance(node, (cst.For, cst.CompFor)):
            if isinstance(node.target, cst.Name):
                self.loops[id(node.target)] = (node.iter, ())
            elif isinstance(node.target, (cst.Tuple, cst.List)):
                self._collect_unpacking(node.target, node.iter, (), self.loops)
            self._collect_self_targets(node.target, None, klass)
        elif isinstance(node, cst.AsName):
            self._collect_self_targets(node.name, None, klass)
        if klass is not None and is_self_attr(cst, node):
            self.self_attr_class[id(node)] = id(klass)
        children = self.children[id(node)] = node.children
        for child in children:
            self._collect(child, klass, function)

    def _collect_import_from(self, node: Any) -> None:
        cst = self.cst
        origin = dotted(cst, node.module) if node.module is not None else ""
        if node.relative:
            origin = "." + (origin or "")
        if not origin:
            return
        self.gensim_context |= origin.split(".")[0] == "gensim"
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = dotted(cst, alias.name) or ""
            local = (
                alias.asname.name.value
                if (alias.asname is not None and isinstance(alias.asname.name, cst.Name))
                else name
            )
            self.imports[local] = origin.rstrip(".") + "." + name
            if local == "compat" and origin + "." + name != COMPAT_MODULE:
                self.compat_bound_elsewhere = True

    def _collect_unpacking(self, target: Any, value: Any, path: Tuple[int, ...], into: Dict[int, Any]) -> None:
        """``a, (b, c) = value``: remember each name with its index path; names after a ``*x`` are unknown."""
        cst = self.cst
        for i, element in enumerate(target.elements):
            if isinstance(element, cst.StarredElement):
                return
            inner = element.value
            if isinstance(inner, cst.Name):
                into[id(inner)] = (value, (*path, i))
            elif isinstance(inner, (cst.Tuple, cst.List)):
                self._collect_unpacking(inner, value, (*path, i), into)

    def _collect_self_targets(self, target: Any, value: Any, klass: Any, path: Tuple[int, ...] = ()) -> None:
        """Record ``self.x = value`` in a class (``(value, path)`` for ``self.x, y = value``)."""
        if klass is None:
            return
        cst = self.cst
        if is_self_attr(cst, target):
            entry = (value, path) if path and value is not None else value
            self.class_attrs.setdefault((id(klass), target.attr.value), []).append(entry)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for i, element in enumerate(target.elements):
                starred = isinstance(element, cst.StarredElement)
                self._collect_self_targets(element.value, None if starred else value, klass, (*path, i))


def is_self_attr(cst: Any, node: Any) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"


def dotted(cst: Any, node: Any) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(cst, node.value)
        return head + "." + node.attr.value if head else None
    return None
