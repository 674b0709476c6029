"""The imports a rewrite needs (``from gensim_transfer import compat, transfer_init``), added once."""

from __future__ import annotations

from typing import Any, Dict, List

from ._bindings import COMPAT_MODULE, dotted

#: Names a rewrite may introduce, and the module each is imported from.
SOURCES = {
    "compat": "gensim_transfer",
    "transfer_init": "gensim_transfer",
    "load_facebook_model": "gensim.models.fasttext",
    "load_facebook_vectors": "gensim.models.fasttext",
    "KeyedVectors": "gensim.models",
}


def add_imports(ctx: Any, module: Any) -> Any:
    """Add ``from gensim_transfer import compat, transfer_init`` (and whatever else the rewrite used) once."""
    cst = ctx.cst
    wanted: Dict[str, List[str]] = {}
    for name in sorted(ctx.uses):
        origin = SOURCES[name]
        if name == "compat":
            if ctx.imports.get(ctx.compat_name) == COMPAT_MODULE:
                continue
            wanted.setdefault(origin, []).append("compat" if ctx.compat_name == "compat" else "compat as gt_compat")
        elif not ctx.imports.get(name, "").startswith(origin.split(".")[0]):
            wanted.setdefault(origin, []).append(name)
    if not wanted:
        return module
    first_use = min(ctx.uses.values())
    body = list(module.body)
    position = None
    for i, stmt in enumerate(body[: first_use + 1]):
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
        ):
            position = i + 1
    if position is None:
        position = 0
        while position < len(body) and _is_preamble(cst, body[position], position):
            position += 1
    for origin in sorted(wanted, reverse=True):
        statement = cst.parse_statement(
            "from %s import %s\n" % (origin, ", ".join(wanted[origin])), config=module.config_for_parsing
        )
        body.insert(position, statement)
    return module.with_changes(body=body)


def _is_preamble(cst: Any, stmt: Any, index: int) -> bool:
    """A module docstring or a ``from __future__`` import: new imports go after these."""
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    first = stmt.body[0]
    if (
        index == 0
        and isinstance(first, cst.Expr)
        and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        return True
    return (
        isinstance(first, cst.ImportFrom)
        and first.module is not None
        and dotted(cst, first.module) == "__future__"
    )
