"""The engine: parse with libcst, run the rules over the tree, apply their edits, add imports.

It knows nothing about any rule: :mod:`.rules` registers them, :class:`._context.Context` hands them the
nodes, and the edits they leave (``id(node) -> build``) are applied here in one transformer pass, which also
keeps the continuation lines of a rewritten call aligned with its opening bracket.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional, Tuple

from .._optional import import_optional_dependency
from ._findings import LIBCST_MISSING, MigrationError, _Raw, short

#: Every rule needs one of these in the text (a known model needs its class name or a gensim import), so a
#: file without any is parsed (to report syntax errors) but not analysed.
_TRIGGERS = re.compile(
    r"gensim|Word2Vec|FastText|Doc2Vec|KeyedVectors|load_facebook|\bwv\b|vocab|index2|syn0|syn1|vectors_norm"
    r"|intersect_word2vec_format|similar|doesnt_match|wmdistance|evaluate_word_pairs|init_sims|docvecs"
    r"|trainables|sentences|documents|accuracy|delete_temporary_training_data|load_fasttext_format|Phrase"
)

_ENGINE: Optional[Engine] = None


def engine() -> Engine:
    """The engine, importing libcst on first use (``ImportError`` with the install hint without it)."""
    global _ENGINE
    if _ENGINE is None:
        libcst = import_optional_dependency("libcst", errors="ignore")
        if libcst is None:  # not installed, or older than _optional.VERSIONS says
            raise ImportError(LIBCST_MISSING)
        _ENGINE = Engine(libcst)
    return _ENGINE


class Engine:
    """Holds the lazily imported libcst module and runs analysis + rewrite on one module."""

    def __init__(self, cst: Any) -> None:
        from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

        from ..compat import RENAMED_CORPUS_KWARGS, RENAMED_MODEL_KWARGS
        from . import rules

        rules.load()
        self.cst = cst
        self.MetadataWrapper = MetadataWrapper
        self.PositionProvider = PositionProvider
        self.ScopeProvider = ScopeProvider
        self.model_renames = dict(RENAMED_MODEL_KWARGS)
        self.corpus_keywords = tuple(old for old, _ in RENAMED_CORPUS_KWARGS)
        self.corpus_keyword_4 = RENAMED_CORPUS_KWARGS[0][1]
        self._Apply = _apply_class(cst)

    def parse_problem(self, code: str) -> Optional[str]:
        try:
            self.cst.parse_module(code)
        except self.cst.ParserSyntaxError as exc:
            return "line %s: %s" % (exc.raw_line, exc.message)
        return None

    def _parse(self, code: str, path: str) -> Any:
        cst = self.cst
        try:
            return cst.parse_module(code)
        except cst.ParserSyntaxError as exc:
            raise MigrationError(
                path, "cannot parse: %s" % exc.message, line=exc.raw_line, column=exc.raw_column + 1
            ) from None

    def inference(self, code: str, project: Any, path: str) -> Any:
        """Type inference for a module of the project (no positions, no rules)."""
        from ._infer import Inference

        wrapper = self.MetadataWrapper(self._parse(code, path), unsafe_skip_copy=True)
        return Inference(self.cst, wrapper, self.ScopeProvider, project, path)

    def rewrite(self, code: str, target: str, path: str, project: Any = None) -> Tuple[str, List[_Raw]]:
        """The rewritten code and the findings (positions in ``code``)."""
        from ._context import Context
        from ._imports import add_imports
        from ._infer import Inference

        module = self._parse(code, path)
        if not _TRIGGERS.search(code):
            return code, []
        wrapper = self.MetadataWrapper(module, unsafe_skip_copy=True)  # the tree is ours, fresh from the parser
        inference = Inference(self.cst, wrapper, self.ScopeProvider, project, path)
        positions = wrapper.resolve(self.PositionProvider)
        context = Context(self, inference, positions, target, code)
        context.run()
        if not context.edits:
            return code, context.sorted_findings()
        render = self.cst.Module(body=[]).code_for_node
        new_module = wrapper.module.visit(self._Apply(context.edits, render, positions, code.splitlines()))
        new_module = add_imports(context, new_module)
        return new_module.code, context.sorted_findings()


def _apply_class(cst: Any) -> Any:
    class Apply(cst.CSTTransformer):
        """Applies the edits; re-aligns the arguments of a call whose opening bracket moved."""

        def __init__(
            self,
            edits: Dict[int, Tuple[Callable[[Any], Any], _Raw]],
            render: Callable,
            positions: Any,
            lines: List[str],
        ) -> None:
            super().__init__()
            self.lines = lines
            self.edits = edits
            self.render = render
            self.positions = positions
            self.edited: List[Tuple[Tuple[int, int], Tuple[int, int]]] = []

        def on_leave(self, original_node: Any, updated_node: Any) -> Any:
            entry = self.edits.get(id(original_node))
            new = updated_node
            if entry is not None:
                build, raw = entry
                new = build(updated_node)
                self.edited.append(self._span(original_node))
            if isinstance(original_node, cst.Call) and isinstance(new, cst.Call):
                if entry is not None or self._edited_within(original_node.func):
                    new = self._realign(original_node, new)
            if entry is not None:
                shown = raw.show(new) if raw.show is not None else new
                raw.new = shown if isinstance(shown, str) else short(self.render(shown).strip().rstrip(","))
            return new

        def _span(self, node: Any) -> Tuple[Tuple[int, int], Tuple[int, int]]:
            p = self.positions[node]
            return (p.start.line, p.start.column), (p.end.line, p.end.column)

        def _edited_within(self, node: Any) -> bool:
            start, end = self._span(node)
            return any(start <= s and e <= end for s, e in self.edited)

        def _realign(self, original: Any, new: Any) -> Any:
            """Continuation lines aligned with the old ``(`` move with it."""
            (line, column), (end_line, end_column) = self._span(original.func)
            text = self.render(new.func)
            if line != end_line or "\n" in text:
                return new
            old_open = end_column + len(self.render(original.whitespace_after_func))
            new_open = column + len(text) + len(self.render(new.whitespace_after_func))
            if new_open == old_open:
                return new
            # libcst keeps the block's indentation apart (``indent=True``) from the rest of a continuation line
            text_line = self.lines[line - 1] if line <= len(self.lines) else ""
            block = len(text_line) - len(text_line.lstrip())
            args = []
            for arg in new.args:
                comma = arg.comma
                if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
                    after = comma.whitespace_after
                    base = block if after.indent else 0
                    if after.last_line.value == " " * (old_open + 1 - base) and new_open + 1 > base:
                        after = after.with_changes(last_line=cst.SimpleWhitespace(" " * (new_open + 1 - base)))
                        arg = arg.with_changes(comma=comma.with_changes(whitespace_after=after))
                args.append(arg)
            return new.with_changes(args=args)

    return Apply
