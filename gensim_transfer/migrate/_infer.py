"""Type inference: which expressions are gensim models, KeyedVectors, ``Phrases``, ... .

Flow-insensitive and per scope (libcst's scope analysis resolves names like Python does). A kind is a
string - ``"model:Word2Vec"``, ``"kv"`` (word vectors), ``"dockv"`` (``dv``/``docvecs``), ``"phrases"`` - or,
on the way to one, a tuple: ``("tuple", (k0, k1, ...))`` for a tuple of known parts, ``("seq", k)`` for a
collection of ``k``, ``("map", k)`` for a dict with values ``k``, ``("instance", id(ClassDef))`` for an
object of a class of this module, ``("module", name)`` for an imported module of the project. Only strings
leave this module (:meth:`Inference.type_of`). Names bound more than once to different kinds of things are
unknown; so is anything passed in from outside (parameters without a gensim annotation).
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Set, Tuple

from ._bindings import Bindings, dotted

MODEL_CLASSES = ("Word2Vec", "FastText", "Doc2Vec")
KV_CLASSES = ("KeyedVectors", "Word2VecKeyedVectors", "FastTextKeyedVectors", "Doc2VecKeyedVectors")
PHRASES_CLASSES = ("Phrases", "Phraser", "FrozenPhrases")
_MODEL_LOADERS = {"load_facebook_model": "model:FastText"}
_KV_LOADERS = ("load_facebook_vectors",)
_KV_CLASSMETHODS = ("load", "load_word2vec_format", "load_fasttext_format")
_MODEL_CLASSMETHODS = ("load", "load_fasttext_format")
#: ``copy.deepcopy(x)`` is what ``x`` is: spelling -> what its first name must be imported as.
_COPIES = {"deepcopy": "copy.deepcopy", "copy.deepcopy": "copy", "copy.copy": "copy"}
#: gensim-data names whose ``gensim.downloader.load`` is KeyedVectors (the others are corpora or models).
_DOWNLOADABLE_VECTORS = ("word2vec-", "glove-", "fasttext-", "conceptnet-")
Kind = Any  # str, a tuple as described above, or None


class Inference:
    """Answers "what is this expression?" for one module (and, through ``project``, its imports)."""

    def __init__(self, cst: Any, wrapper: Any, scope_provider: Any, project: Any = None, path: str = "") -> None:
        self.cst = cst
        self.module = wrapper.module
        self.scopes = wrapper.resolve(scope_provider)
        self.bindings = Bindings(cst, self.module)
        self.project = project
        self.path = path
        self._kinds: Dict[int, Kind] = {}
        self._busy: Set[int] = set()

    # -- public --------------------------------------------------------------------------------------------
    def type_of(self, expr: Any) -> Optional[str]:
        """``"model:<Class>"``, ``"kv"``, ``"dockv"``, ``"phrases"`` or None."""
        kind = self.kind(expr)
        return kind if isinstance(kind, str) else None

    def is_model(self, expr: Any) -> bool:
        return (self.type_of(expr) or "").startswith("model:")

    def gensim_name(self, node: Any) -> Optional[str]:
        """The gensim object a name refers to (e.g. ``"Word2Vec"``), by its last dotted component.

        Names imported from elsewhere (``from pyspark.ml.feature import Word2Vec``) are not gensim's; names
        not imported at all (a snippet, a notebook fed names by an earlier cell) are taken at face value.
        """
        name = dotted(self.cst, node)
        if not name:
            return None
        root, _, rest = name.partition(".")
        origin = self.bindings.imports.get(root)
        if origin is not None:
            if origin.split(".")[0] != "gensim":
                return None
            name = origin + ("." + rest if rest else "")
        return name.rsplit(".", 1)[-1]

    def origin(self, node: Any) -> Optional[str]:
        """The full dotted name ``node`` refers to through the module's imports (``api.load`` ->
        ``gensim.downloader.load``), or None if its first name is not imported."""
        name = dotted(self.cst, node)
        if not name:
            return None
        root, _, rest = name.partition(".")
        origin = self.bindings.imports.get(root)
        return None if origin is None else origin + ("." + rest if rest else "")

    def export(self, name: str) -> Kind:
        """The kind of a module-level name, for other modules of the project (``("func", k)`` for functions)."""
        try:
            assignments = list(self.scopes[self.module][name])
        except Exception:
            return None
        kinds = {self._bound(getattr(a, "node", None), name, exported=True) for a in assignments}
        kind = kinds.pop() if len(kinds) == 1 else None
        return kind if _portable(kind) else None

    # -- inference -------------------------------------------------------------------------------------------
    def kind(self, expr: Any) -> Kind:
        key = id(expr)
        if key in self._kinds:
            return self._kinds[key]
        if key in self._busy:
            return None
        self._busy.add(key)
        try:
            kind = self._infer(expr)
        finally:
            self._busy.discard(key)
        self._kinds[key] = kind
        return kind

    def _infer(self, expr: Any) -> Kind:
        cst = self.cst
        if isinstance(expr, cst.Name):
            return self._name_kind(expr)
        if isinstance(expr, cst.Attribute):
            return self._attribute_kind(expr)
        if isinstance(expr, cst.Call):
            return self._call_kind(expr)
        if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
            parts = tuple(self.kind(e.value) if not isinstance(e, cst.StarredElement) else None for e in expr.elements)
            if isinstance(expr, cst.Tuple):
                return ("tuple", parts)
            return ("seq", _common(parts))
        if isinstance(expr, cst.Dict):
            return ("map", _common(tuple(self.kind(e.value) if hasattr(e, "key") else None for e in expr.elements)))
        if isinstance(expr, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return ("seq", self.kind(expr.elt))
        if isinstance(expr, cst.DictComp):
            return ("map", self.kind(expr.value))
        if isinstance(expr, cst.Subscript):
            return self._element(self.kind(expr.value), None)
        return None

    def _name_kind(self, expr: Any) -> Kind:
        scope = self.scopes.get(expr)
        if scope is None:
            return None
        try:
            assignments = list(scope[expr.value])
        except Exception:  # libcst raises for names it cannot resolve in odd scopes
            return None
        if not assignments:
            return None
        kinds = {self._bound(getattr(a, "node", None), expr.value) for a in assignments}
        return kinds.pop() if len(kinds) == 1 else None

    def _bound(self, node: Any, name: str, exported: bool = False) -> Kind:
        """The kind ``name`` gets from the node libcst says binds it."""
        cst = self.cst
        if node is None:
            return None
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            return self._imported_kind(name)
        if isinstance(node, cst.ClassDef):
            return ("class", id(node))
        if isinstance(node, cst.FunctionDef):
            return ("func", self._returned_by(node)) if exported else None
        return self._binding_kind(node)

    def _binding_kind(self, node: Any) -> Kind:
        """The kind a name gets from one binding (an assignment, a tuple target, a loop, an annotation)."""
        b = self.bindings
        key = id(node)
        if key in b.values:
            return self.kind(b.values[key])
        if key in b.unpacked:
            value, path = b.unpacked[key]
            return self._path(self.kind(value), path)
        if key in b.loops:
            iterated, path = b.loops[key]
            return self._path(self._element(self.kind(iterated), iterated), path)
        if key in b.annotations:
            return self._annotation_kind(b.annotations[key])
        return None

    def _annotation_kind(self, annotation: Any) -> Kind:
        name = self.gensim_name(annotation)
        if name in MODEL_CLASSES:
            return "model:" + name
        if name in KV_CLASSES:
            return "kv"
        return None

    def _attribute_kind(self, expr: Any) -> Kind:
        attr = expr.attr.value
        if attr == "wv":
            return "kv"
        if attr in ("dv", "docvecs"):
            return "dockv"
        klass = self.bindings.self_attr_class.get(id(expr))
        if klass is None:
            owner = self.kind(expr.value)
            if isinstance(owner, tuple) and owner[0] == "instance":
                klass = owner[1]
            elif isinstance(owner, tuple) and owner[0] == "module" and self.project is not None:
                return self.project.export(owner[1], attr, self)
            else:
                return None
        values = self.bindings.class_attrs.get((klass, attr), [])
        kinds = set()
        for value in values:
            if isinstance(value, tuple):
                kinds.add(self._path(self.kind(value[0]), value[1]))
            else:
                kinds.add(self.kind(value) if value is not None else None)
        return kinds.pop() if len(kinds) == 1 else None

    def _call_kind(self, expr: Any) -> Kind:
        cst = self.cst
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("items", "values", "keys", "copy", "get"):
            owner = self.kind(func.value)
            if isinstance(owner, tuple) and owner[0] == "map":
                method = func.attr.value
                if method == "items":
                    return ("seq", ("tuple", (None, owner[1])))
                return {"values": ("seq", owner[1]), "copy": owner, "get": owner[1]}.get(method)
        if isinstance(func, cst.Name) and func.value in ("list", "tuple", "sorted", "reversed", "iter"):
            if len(expr.args) == 1:
                return ("seq", self._element(self.kind(expr.args[0].value), expr.args[0].value))
        if isinstance(func, cst.Name) and func.value == "enumerate" and expr.args:
            return ("seq", ("tuple", (None, self._element(self.kind(expr.args[0].value), expr.args[0].value))))
        spelled = dotted(cst, func) or ""
        copier = _COPIES.get(spelled)
        if copier is not None and copier == self.bindings.imports.get(spelled.split(".")[0]):
            return self.kind(expr.args[0].value) if len(expr.args) == 1 else None
        called = self.kind(func)
        if isinstance(called, tuple) and called[0] == "func":
            return called[1]
        if isinstance(called, tuple) and called[0] == "class":
            return ("instance", called[1])
        if isinstance(func, cst.Name):
            returned = self._returned_type(func)
            if returned is not None:
                return returned
        if self.origin(func) == "gensim.downloader.load" and expr.args:
            value = expr.args[0].value
            if isinstance(value, cst.SimpleString) and value.evaluated_value.startswith(_DOWNLOADABLE_VECTORS):
                return "kv"
        name = self.gensim_name(func)
        if name in MODEL_CLASSES:
            return "model:" + name
        if name in KV_CLASSES or name in _KV_LOADERS:
            return "kv"
        if name in _MODEL_LOADERS:
            return _MODEL_LOADERS[name]
        if name in PHRASES_CLASSES:
            return "phrases"
        if isinstance(func, cst.Attribute):
            owner = self.gensim_name(func.value)
            method = func.attr.value
            if owner in MODEL_CLASSES and method == "load_word2vec_format":
                return "kv"  # what it meant (and what the removed-api rule rewrites it to)
            if owner in MODEL_CLASSES and method in _MODEL_CLASSMETHODS:
                return "model:" + (owner if method == "load" else "FastText")
            if owner in KV_CLASSES and method in _KV_CLASSMETHODS:
                return "kv"
            if owner in PHRASES_CLASSES and method == "load":
                return "phrases"
        return None

    def _returned_type(self, func: Any) -> Kind:
        """The kind a local function returns, if every ``return`` in it returns the same known kind."""
        scope = self.scopes.get(func)
        if scope is None:
            return None
        try:
            assignments = list(scope[func.value])
        except Exception:
            return None
        definitions = [getattr(a, "node", None) for a in assignments]
        if not definitions or any(d is None or id(d) not in self.bindings.returns for d in definitions):
            return None
        kinds = {self._returned_by(d) for d in definitions}
        return kinds.pop() if len(kinds) == 1 else None

    def _returned_by(self, function: Any) -> Kind:
        kinds = {self.kind(v) if v is not None else None for v in self.bindings.returns.get(id(function), [None])}
        return kinds.pop() if len(kinds) == 1 else None

    def _imported_kind(self, local: str) -> Kind:
        origin = self.bindings.imports.get(local)
        if origin is None or self.project is None:
            return None
        if self.project.has_module(origin, self):
            return ("module", origin)
        module, _, name = origin.rpartition(".")
        return self.project.export(module, name, self) if module else None

    # -- structure ---------------------------------------------------------------------------------------------
    def _element(self, kind: Kind, expr: Any) -> Kind:
        """The kind of the items of a collection (or of a tuple's parts, when they agree)."""
        if not isinstance(kind, tuple):
            return None
        if kind[0] == "seq":
            return kind[1]
        if kind[0] == "map":
            return None  # iterating a dict gives its keys
        if kind[0] == "tuple":
            return _common(kind[1])
        return None

    def _path(self, kind: Kind, path: Tuple[int, ...]) -> Kind:
        for index in path:
            if isinstance(kind, tuple) and kind[0] == "tuple" and index < len(kind[1]):
                kind = kind[1][index]
            elif isinstance(kind, tuple) and kind[0] == "seq":
                kind = kind[1]  # unpacking a list of known things: every part is one
            else:
                return None
        return kind


def _portable(kind: Kind) -> bool:
    """False for kinds that only mean something inside their own module (classes, instances)."""
    if isinstance(kind, tuple):
        if kind[0] in ("class", "instance"):
            return False
        return all(_portable(k) for k in (kind[1] if kind[0] == "tuple" else (kind[1],)))
    return True


def _common(kinds: Tuple[Kind, ...]) -> Kind:
    unique = set(kinds)
    return unique.pop() if len(unique) == 1 else None
