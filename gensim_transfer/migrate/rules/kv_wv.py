"""``kv.wv`` on KeyedVectors: gensim 3's alias of KeyedVectors for themselves is gone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import KV, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="kv-wv",
    module=__name__,
    summary="gensim 4 KeyedVectors have no .wv (gensim 3 kept it as an alias for the object itself)",
    spelling="`KV.wv` with KV known to be KeyedVectors",
    target4="`KV`",
    neutral="`compat.wv(KV)` (folded into compat calls: `compat.key_to_index(KV)`)",
    explanation="Only where the receiver is known to be KeyedVectors (loaded with KeyedVectors.load..., "
    "returned by a function that returns them, unpacked from a tuple of them, ...).",
    examples=[
        (
            KV + "v = kv.wv[\"cat\"]\n",
            KV + "v = kv[\"cat\"]\n",
            "from gensim.models import KeyedVectors\nfrom gensim_transfer import compat\nkv = KeyedVectors.load(path)\n"
            "v = compat.wv(kv)[\"cat\"]\n",
        ),
    ],
)


@on("Attribute", ("wv",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    _kv_wv(ctx, node, parents)


def _kv_wv(ctx: Context, node: Any, parents: List[Any]) -> None:
    if ctx.type_of(node.value) != "kv" or ctx.store_role(node, parents) == "bind":
        return
    if ctx.neutral:
        ctx.report(
            node,
            "kv-wv",
            "KeyedVectors.wv (gensim 3's alias for itself) is gone in gensim 4",
            lambda updated: ctx.compat("wv", updated.value),
            uses=("compat",),
        )
    else:
        ctx.report(
            node,
            "kv-wv",
            "KeyedVectors.wv (gensim 3's alias for itself) is gone in gensim 4",
            lambda updated: updated.value,
        )
