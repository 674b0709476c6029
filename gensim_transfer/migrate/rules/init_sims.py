"""``init_sims()``: deprecated in gensim 4 (``fill_norms()``); ``init_sims(replace=True)`` has no equivalent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="init-sims",
    module=__name__,
    summary="gensim 4 deprecated init_sims(); norms are computed on demand (fill_norms())",
    spelling="`kv.init_sims()`, `model.init_sims()`, `init_sims(replace=True)`",
    target4="`kv.fill_norms()`, `model.wv.fill_norms()`; `replace=True` reported",
    neutral="left alone: init_sims() runs on both (deprecated on 4.x)",
    explanation="init_sims(replace=True) overwrote the vectors with unit vectors to save memory, which gensim 4 "
    "no longer needs: delete the call if you only query similarities, or call wv.unit_normalize_all().",
    examples=[
        (
            W2V + "model.init_sims()\n",
            W2V + "model.wv.fill_norms()\n",
            W2V + "model.init_sims()\n",  # left alone
        ),
    ],
)


@on("Call", ("init_sims",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    if isinstance(node.func, ctx.cst.Attribute):
        _init_sims(ctx, node, node.func.value)


def _init_sims(ctx: Context, node: Any, receiver: Any) -> None:
    if ctx.neutral:
        return  # init_sims() exists on gensim 3.8 and 4.x (deprecated there, but it runs)
    cst = ctx.cst
    replace = None
    for i, arg in enumerate(node.args):
        if (arg.keyword is not None and arg.keyword.value == "replace") or (arg.keyword is None and i == 0):
            replace = arg.value
    literal = ctx.dotted(replace) if replace is not None else "False"
    if literal != "False":
        ctx.report(
            node,
            "init-sims",
            "init_sims(replace=True) overwrote the vectors with unit vectors; "
            "gensim 4 no longer needs that to save memory. If you only query similarities, delete "
            "the call; if you need unit vectors in place, call wv.unit_normalize_all() (a model "
            "cannot be trained sensibly afterwards)",
        )
        return
    kind = ctx.type_of(receiver)
    if kind is None:
        if ctx.gensim_context:
            ctx.report(
                node,
                "init-sims",
                "the type of %s is unknown: use %s.wv.fill_norms() for a model, "
                "%s.fill_norms() for KeyedVectors (or delete the call: gensim 4 computes norms "
                "when needed)" % ((ctx.source(receiver),) * 3),
            )
        return
    if kind == "dockv":
        return
    is_model = kind.startswith("model:")

    def build(updated: Any) -> Any:
        kv = ctx.attr(updated.func.value, "wv") if is_model else updated.func.value
        return cst.Call(func=ctx.attr(kv, "fill_norms"), args=[])

    ctx.report(node, "init-sims", "init_sims() is deprecated in gensim 4", build)
