"""What every rule works with: the module's types, positions, findings and edits, and node builders.

One :class:`Context` per analysed module. The engine walks the tree and hands each node to the handlers the
rule registry has for its type; a handler reads types here and calls :meth:`Context.report`, with or without
a ``build`` function that rewrites the node.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from ._bindings import dotted
from ._findings import SUPPRESS_COMMENT, _Raw, short
from .rules import handlers


class Context:
    """Analysis state of one module: findings, edits (``id(node) -> build``), claims, imports to add."""

    def __init__(self, engine: Any, inference: Any, positions: Any, target: str, code: str) -> None:
        self.engine = engine
        self.cst = engine.cst
        self.inference = inference
        self.module = inference.module
        self.positions = positions
        self.neutral = target == "neutral"
        self.bindings = inference.bindings
        self.imports = self.bindings.imports
        project = inference.project
        self.gensim_context = self.bindings.gensim_context or (
            project is not None and project.uses_gensim(self.imports, inference)
        )
        self.compat_name = "gt_compat" if self.bindings.compat_bound_elsewhere else "compat"
        self.suppressed = {i for i, line in enumerate(code.splitlines(), start=1) if SUPPRESS_COMMENT in line}
        self.findings: List[_Raw] = []
        self.edits: Dict[int, Tuple[Callable[[Any], Any], _Raw]] = {}
        self.claimed: Set[int] = set()
        self.uses: Dict[str, int] = {}  # imported name -> index of the first top-level statement using it
        self.top_index = {id(stmt): i for i, stmt in enumerate(self.module.body)}
        self.state: Dict[str, Any] = {}  # per-module scratch space of rules, keyed by rule code
        self._top: Any = None

    # -- driver --------------------------------------------------------------------------------------------
    def run(self) -> None:
        stack: List[Any] = [self.module]
        for stmt in self.module.body:
            self._top = stmt
            self._walk(stmt, stack)

    def _walk(self, node: Any, parents: List[Any]) -> None:
        if id(node) not in self.claimed:
            self._visit(node, parents)
        parents.append(node)
        for child in self.bindings.children.pop(id(node), ()):
            self._walk(child, parents)
        parents.pop()

    def _visit(self, node: Any, parents: List[Any]) -> None:
        registered = handlers(type(node).__name__)
        if not registered:
            return
        key = self._dispatch_name(node)
        for names, handler in registered:
            if names is None or key in names:
                handler(self, node, parents)
                if id(node) in self.claimed:
                    return

    def _dispatch_name(self, node: Any) -> Optional[str]:
        cst = self.cst
        if isinstance(node, cst.Attribute):
            return node.attr.value
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute):
                return func.attr.value
            if isinstance(func, cst.Name):
                return func.value
        return None

    def sorted_findings(self) -> List[_Raw]:
        return sorted(self.findings, key=lambda r: (r.line, r.column))

    # -- types (see ._infer) ---------------------------------------------------------------------------------
    def type_of(self, expr: Any) -> Optional[str]:
        return self.inference.type_of(expr)

    def is_model(self, expr: Any) -> bool:
        return self.inference.is_model(expr)

    def gensim_name(self, node: Any) -> Optional[str]:
        return self.inference.gensim_name(node)

    def dotted(self, node: Any) -> Optional[str]:
        return dotted(self.cst, node)

    # -- reporting -----------------------------------------------------------------------------------------
    def pos(self, node: Any) -> Tuple[int, int, int]:
        position = self.positions[node]
        return position.start.line, position.start.column + 1, position.end.line

    def source(self, node: Any) -> str:
        text = self.module.code_for_node(node)
        if isinstance(node, self.cst.Arg):
            text = text.strip().rstrip(",")
        return short(text)

    def report(
        self,
        node: Any,
        rule: str,
        message: str,
        build: Optional[Callable[[Any], Any]] = None,
        uses: Sequence[str] = (),
        old: Optional[str] = None,
        at: Any = None,
        show: Optional[Callable[[Any], Any]] = None,
    ) -> bool:
        """Report at ``node`` (or ``at``); with ``build``, rewrite ``node`` as ``build(updated)``."""
        line, column, end = self.pos(at if at is not None else node)
        if any(i in self.suppressed for i in range(line, end + 1)):
            return False
        raw = _Raw(line, column, rule, old if old is not None else self.source(node), message, build is not None, show)
        self.findings.append(raw)
        if build is not None:
            self.edits[id(node)] = (build, raw)
            for name in uses:
                index = self.top_index.get(id(self._top), 0)
                self.uses[name] = min(self.uses.get(name, index), index)
        return True

    # -- node builders -------------------------------------------------------------------------------------
    def attr(self, value: Any, name: str) -> Any:
        return self.cst.Attribute(value=value, attr=self.cst.Name(name))

    def arg(self, value: Any, keyword: Optional[str] = None) -> Any:
        cst = self.cst
        if keyword is None:
            return cst.Arg(value=value)
        return cst.Arg(value=value, keyword=cst.Name(keyword), equal=self.tight_equal())

    def tight_equal(self) -> Any:
        cst = self.cst
        return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))

    def call(self, func: Any, *args: Any) -> Any:
        return self.cst.Call(func=func, args=[a if isinstance(a, self.cst.Arg) else self.arg(a) for a in args])

    def compat(self, function: str, *args: Any) -> Any:
        return self.call(self.attr(self.cst.Name(self.compat_name), function), *args)

    def string(self, text: str) -> Any:
        return self.cst.SimpleString('"%s"' % text)

    def relast(self, args: List[Any], original: Sequence[Any]) -> List[Any]:
        """After removing/moving args, give the new last arg the old last arg's trailing comma and spacing."""
        cst = self.cst
        if not args or not original:
            return args
        last, old_last = args[-1], original[-1]
        if last is not old_last:
            args[-1] = last.with_changes(comma=old_last.comma, whitespace_after_arg=old_last.whitespace_after_arg)
        for i, arg in enumerate(args[:-1]):
            if arg.comma is cst.MaybeSentinel.DEFAULT:
                args[i] = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return args

    # -- shared questions --------------------------------------------------------------------------------------
    def store_role(self, node: Any, parents: Sequence[Any]) -> Optional[str]:
        """``"bind"`` if ``node`` is an assignment/del/loop target, ``"mutate"`` if it is a target's base."""
        cst = self.cst
        child, role = node, "bind"
        for parent in reversed(parents):
            if isinstance(parent, (cst.Subscript, cst.Attribute)) and parent.value is child:
                child, role = parent, "mutate"
            elif isinstance(parent, (cst.Element, cst.StarredElement)) and parent.value is child:
                child = parent
            elif isinstance(parent, (cst.Tuple, cst.List)):
                child = parent
            elif isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.Del, cst.For, cst.CompFor)):
                return role if parent.target is child else None
            elif isinstance(parent, cst.AsName):
                return role if parent.name is child else None
            else:
                return None
        return None

    def kv_receiver(self, receiver: Any) -> Tuple[Optional[str], bool]:
        """("kv" | "model" | None, strip) for the receiver of a KeyedVectors attribute.

        ``strip`` is True for ``Y.wv`` with ``Y`` itself KeyedVectors: neutral code passes ``Y`` to compat,
        which accepts either, instead of gensim 3's ``KeyedVectors.wv`` alias (gone in gensim 4).
        """
        cst = self.cst
        kind = self.type_of(receiver)
        if kind == "kv":
            strip = (
                self.neutral
                and isinstance(receiver, cst.Attribute)
                and receiver.attr.value == "wv"
                and self.type_of(receiver.value) == "kv"
            )
            return "kv", strip
        if (kind or "").startswith("model:"):
            return "model", False
        return None, False

    def own_attribute(self, node: Any) -> bool:
        """True for ``self.<name>`` when the enclosing class assigns ``self.<name>`` itself (not gensim's)."""
        klass = self.bindings.self_attr_class.get(id(node))
        return klass is not None and (klass, node.attr.value) in self.bindings.class_attrs

    def unknown_kv_receiver(self, node: Any, rule: str, spelling: str) -> None:
        """Report (never rewrite) a KeyedVectors attribute read on a receiver of unknown type."""
        if not self.gensim_context or self.own_attribute(node) or self.type_of(node.value) is not None:
            return
        receiver = self.source(node.value)
        self.report(
            node,
            rule,
            "the type of %s is unknown: if it is gensim KeyedVectors (or a model: use %s.wv), gensim 4 spells "
            "it %s" % (receiver, receiver, spelling),
        )

    def claim_wv(self, receiver: Any, strip: bool) -> None:
        """A rewrite will pass ``Y`` for ``Y.wv``: keep the ``kv-wv`` rule off that ``Y.wv``."""
        if strip:
            self.claimed.add(id(receiver))

    def kv_operand(self, updated_receiver: Any, kind: str, strip: bool, for_compat: bool) -> Any:
        if strip:
            return updated_receiver.value
        if kind == "model" and not for_compat:
            return self.attr(updated_receiver, "wv")
        return updated_receiver
