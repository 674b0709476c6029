"""``model.delete_temporary_training_data()``: gensim 4 removed it (the models free that memory themselves)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="delete-temporary",
    module=__name__,
    summary="gensim 4 removed delete_temporary_training_data() (AttributeError on 4.x)",
    spelling="`model.delete_temporary_training_data()`, `...(keep_doctags_vectors=True, keep_inference=True)`",
    target4="the statement is deleted (`pass` where it was alone in its block or had comments above it)",
    neutral="same (on gensim 3.8 the model then keeps its training buffers: more memory, same results)",
    explanation="gensim 3 used it to drop the output weights and other training state of a model that would "
    "not be trained again. gensim 4 has no such call; to keep only the vectors, save model.wv (KeyedVectors) "
    "instead of the model. Reported: replace_word_vectors_with_normalized=True (call "
    "model.wv.unit_normalize_all() on gensim 4), and uses of the call's value.",
    examples=[
        (
            W2V + "model.delete_temporary_training_data(replace_word_vectors_with_normalized=False)\n"
            "model.save(out)\n",
            W2V + "model.save(out)\n",
            W2V + "model.save(out)\n",
        ),
    ],
)


@on("Call", ("delete_temporary_training_data",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    cst = ctx.cst
    if not isinstance(node.func, cst.Attribute):
        return
    receiver = node.func.value
    kind = ctx.type_of(receiver)
    if not ((kind or "").startswith("model:") or (kind is None and ctx.gensim_context)):
        return
    for i, arg in enumerate(node.args):
        name = arg.keyword.value if arg.keyword is not None else ("replace_word_vectors_with_normalized", "")[i > 0]
        if name == "replace_word_vectors_with_normalized" and ctx.dotted(arg.value) != "False":
            ctx.report(
                node,
                "delete-temporary",
                "gensim 4 has no delete_temporary_training_data(); it replaced the vectors by unit vectors here: "
                "call %s.wv.unit_normalize_all() on gensim 4 if you need that" % ctx.source(receiver),
            )
            return
    expr = parents[-1] if parents else None
    line = parents[-2] if len(parents) > 1 else None
    block = parents[-3] if len(parents) > 2 else None
    if not (
        isinstance(expr, cst.Expr)
        and expr.value is node
        and isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
        and block is not None
    ):
        ctx.report(
            node,
            "delete-temporary",
            "gensim 4 has no delete_temporary_training_data() and nothing to return: delete the call",
        )
        return
    siblings = getattr(block, "body", ())
    removable = len(siblings) > 1 and not any(empty.comment for empty in line.leading_lines)
    why = "gensim 4 has no delete_temporary_training_data(); save model.wv to keep only the vectors"
    if removable:
        ctx.report(line, "delete-temporary", why, lambda updated: cst.RemoveFromParent(), at=node,
                   old=ctx.source(node), show=lambda new: "(removed)")
    else:
        ctx.report(line, "delete-temporary", why, lambda updated: updated.with_changes(body=[cst.Pass()]), at=node,
                   old=ctx.source(node), show=lambda new: "pass")
