"""``wv.syn0`` became ``wv.vectors``; ``syn0norm``/``vectors_norm`` became ``get_normed_vectors()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import KV, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="syn0",
    module=__name__,
    summary="gensim 4 removed syn0 (use vectors) and syn0norm/vectors_norm (use get_normed_vectors())",
    spelling="`KV.syn0`, `KV.syn0norm`, `KV.vectors_norm`",
    target4="`KV.vectors`, `KV.get_normed_vectors()`",
    neutral="`KV.vectors` (3.8 has it too), `compat.normed_vectors(KV)`",
    explanation="Reported: writes to syn0norm/vectors_norm (gensim 4 computes unit vectors on demand) and reads "
    "on receivers of unknown type.",
    examples=[
        (
            KV + "m = kv.syn0\nn = kv.syn0norm\n",
            KV + "m = kv.vectors\nn = kv.get_normed_vectors()\n",
            "from gensim.models import KeyedVectors\nfrom gensim_transfer import compat\nkv = KeyedVectors.load(path)\n"
            "m = kv.vectors\nn = compat.normed_vectors(kv)\n",
        ),
    ],
)


@on("Attribute", ("syn0",))
def _visit_syn0(ctx: Context, node: Any, parents: List[Any]) -> None:
    if not ctx.own_attribute(node):
        _syn0(ctx, node)


@on("Attribute", ("syn0norm", "vectors_norm"))
def _visit_normed(ctx: Context, node: Any, parents: List[Any]) -> None:
    _normed(ctx, node, parents)


def _syn0(ctx: Context, node: Any) -> None:
    kind, strip = ctx.kv_receiver(node.value)
    if kind is None:
        ctx.unknown_kv_receiver(node, "syn0", ".vectors (on gensim 3.8 too)")
        return
    ctx.claim_wv(node.value, strip)
    ctx.report(
        node,
        "syn0",
        "",
        lambda updated: ctx.attr(ctx.kv_operand(updated.value, kind, strip, False), "vectors"),
    )


def _normed(ctx: Context, node: Any, parents: List[Any]) -> None:
    name = node.attr.value
    if ctx.own_attribute(node):
        return
    if ctx.store_role(node, parents) is not None:
        ctx.report(
            node,
            "syn0",
            "gensim 4 computes unit vectors on demand; writing %s has no safe rewrite" % name,
        )
        return
    kind, strip = ctx.kv_receiver(node.value)
    if kind is None:
        ctx.unknown_kv_receiver(
            node, "syn0", ".get_normed_vectors() (neutral: compat.normed_vectors(...)), computed on demand"
        )
        return
    ctx.claim_wv(node.value, strip)
    note = "a fresh unit-length copy (3.x filled %s only after init_sims())" % name
    if ctx.neutral:
        ctx.report(
            node,
            "syn0",
            note,
            lambda updated: ctx.compat("normed_vectors", ctx.kv_operand(updated.value, kind, strip, True)),
            uses=("compat",),
        )
    else:
        ctx.report(
            node,
            "syn0",
            note,
            lambda updated: ctx.call(
                ctx.attr(ctx.kv_operand(updated.value, kind, strip, False), "get_normed_vectors")
            ),
        )
