"""``model.iter`` became ``model.epochs``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="iter-attr",
    module=__name__,
    summary="gensim 4 models have no iter attribute; epochs (on gensim 3.8 too)",
    spelling="`model.iter`, `epochs=m.iter` in a train() call",
    target4="`model.epochs`",
    neutral="same",
    explanation="Rewritten on known models, and in epochs=m.iter inside any train() call.",
    examples=[
        (
            W2V + "n = model.iter\n",
            W2V + "n = model.epochs\n",
            W2V + "n = model.epochs\n",
        ),
    ],
)


@on("Attribute", ("iter",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    _iter_attr(ctx, node, parents)


def _iter_attr(ctx: Context, node: Any, parents: List[Any]) -> None:
    cst = ctx.cst
    known = ctx.is_model(node.value)
    if not known:
        # `model.train(..., epochs=m.iter)`: whatever m is, it is the model being trained
        parent = parents[-1] if parents else None
        grand = parents[-2] if len(parents) > 1 else None
        known = (
            ctx.gensim_context
            and isinstance(parent, cst.Arg)
            and parent.value is node
            and parent.keyword is not None
            and parent.keyword.value == "epochs"
            and isinstance(grand, cst.Call)
            and isinstance(grand.func, cst.Attribute)
            and grand.func.attr.value == "train"
        )
    if known:
        ctx.report(
            node,
            "iter-attr",
            "model.epochs exists on gensim 3.8 too",
            lambda updated: updated.with_changes(attr=cst.Name("epochs")),
        )
