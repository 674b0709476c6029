"""The imports a rewrite needs (``from gensim_transfer import compat, transfer_init``), added once."""

from __future__ import annotations

from typing import Any

from ._bindings import COMPAT_MODULE, dotted


def add_imports(ctx: Any, module: Any) -> Any:
    """Add ``from gensim_transfer import compat, transfer_init`` (what the rewrite used) once."""
    cst = ctx.cst
    wanted = []
    if "compat" in ctx.uses and ctx.imports.get(ctx.compat_name) != COMPAT_MODULE:
        wanted.append("compat" if ctx.compat_name == "compat" else "compat as %s" % ctx.compat_name)
    if "transfer_init" in ctx.uses and not ctx.imports.get("transfer_init", "").startswith("gensim_transfer"):
        wanted.append("transfer_init")
    if not wanted:
        return module
    first_use = min(ctx.uses[name] for name in ("compat", "transfer_init") if name in ctx.uses)
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
    statement = cst.parse_statement(
        "from gensim_transfer import %s\n" % ", ".join(wanted), config=module.config_for_parsing
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
