"""``model.intersect_word2vec_format(...)`` -> ``transfer_init(model, ...)`` on both targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional

from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="intersect",
    module=__name__,
    summary="gensim 4 moved intersect_word2vec_format to model.wv, where it needs its lock array expanded by "
    "hand and fails on numpy 2 with binary=True",
    spelling="`model.intersect_word2vec_format(p, lockf=1.0, binary=True)`, "
    "`model.wv.intersect_word2vec_format(fname=p)`",
    target4="`transfer_init(model, p, lockf=1.0, binary=True)`",
    neutral="same",
    explanation="gensim_transfer.transfer_init merges the file the same way on every gensim (gensim's default "
    "lockf=0.0 is also its default). Reported: the call on KeyedVectors (they cannot be trained), on a receiver "
    "of unknown type, and with *args/**kwargs.",
    examples=[
        (
            W2V + "model.intersect_word2vec_format(path, lockf=1.0, binary=True)\n",
            "from gensim.models import Word2Vec\nfrom gensim_transfer import transfer_init\n"
            "model = Word2Vec.load(path)\ntransfer_init(model, path, lockf=1.0, binary=True)\n",
            "from gensim.models import Word2Vec\nfrom gensim_transfer import transfer_init\n"
            "model = Word2Vec.load(path)\ntransfer_init(model, path, lockf=1.0, binary=True)\n",
        ),
    ],
)


@on("Call", ("intersect_word2vec_format",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    if isinstance(node.func, ctx.cst.Attribute):
        _intersect(ctx, node, node.func.value)


def _model_of_intersect(ctx: Context, receiver: Any) -> Optional[Any]:
    """The model expression ``transfer_init`` needs, or None if the receiver is not known as a model."""
    cst = ctx.cst
    if ctx.is_model(receiver):
        return receiver
    if isinstance(receiver, cst.Attribute) and receiver.attr.value == "wv" and ctx.type_of(receiver.value) != "kv":
        return receiver.value
    return None


def _intersect(ctx: Context, node: Any, receiver: Any) -> None:
    cst = ctx.cst
    why = (
        "transfer_init() merges the file on every gensim; gensim 4's own model.wv."
        "intersect_word2vec_format needs its lock array expanded by hand and fails on numpy 2 with "
        "binary=True"
        if not ctx.neutral
        else "transfer_init() merges the file the same way on gensim 3.8 and 4.x (gensim 4 moved the method "
        "to model.wv, where it needs its lock array expanded by hand and fails on numpy 2)"
    )
    model = _model_of_intersect(ctx, receiver)
    if model is None and ctx.type_of(receiver) == "kv":
        ctx.report(
            node,
            "intersect",
            "%s is KeyedVectors, which cannot be trained: merge into the model instead, with "
            "transfer_init(model, path, lockf=..., binary=...) from gensim_transfer" % ctx.source(receiver),
        )
        return
    if model is None:
        if ctx.gensim_context:
            ctx.report(
                node,
                "intersect",
                "the type of %s is unknown: if it is a gensim model, use "
                "transfer_init(%s, path, lockf=..., binary=...) from gensim_transfer"
                % (ctx.source(receiver), ctx.source(receiver)),
            )
        return
    if any(a.star for a in node.args):
        ctx.report(
            node,
            "intersect",
            "cannot map *args/**kwargs: use transfer_init(model, path, lockf=..., binary=...) from gensim_transfer",
        )
        return
    positional_names = ("path", "lockf", "binary", "encoding", "unicode_errors")
    from_model = receiver is not model  # receiver was `model.wv`

    def build(updated: Any) -> Any:
        new_model = updated.func.value.value if from_model else updated.func.value
        new_args = [cst.Arg(value=new_model, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))]
        position = 0
        for arg in updated.args:
            if arg.keyword is None:
                if position >= 2:  # binary and later are keyword-only in transfer_init
                    arg = arg.with_changes(keyword=cst.Name(positional_names[position]), equal=ctx.tight_equal())
                position += 1
            elif arg.keyword.value == "fname":
                arg = arg.with_changes(keyword=cst.Name("path"))
            new_args.append(arg)
        if len(new_args) == 1:
            new_args[0] = new_args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(func=cst.Name("transfer_init"), args=new_args)

    ctx.report(node, "intersect", why, build, uses=("transfer_init",))
