"""``wv.index2word``/``index2entity`` became ``wv.index_to_key``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import KV, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="index2word",
    module=__name__,
    summary="gensim 4 renamed index2word (and index2entity) to index_to_key",
    spelling="`KV.index2word`, `KV.index2entity`",
    target4="`KV.index_to_key`",
    neutral="`compat.index_to_key(KV)`",
    explanation="Reported: assignments to the word list (gensim 4 keeps index_to_key and key_to_index in step "
    "itself) and reads on receivers of unknown type.",
    examples=[
        (
            KV + "words = kv.index2word[:10]\n",
            KV + "words = kv.index_to_key[:10]\n",
            "from gensim.models import KeyedVectors\nfrom gensim_transfer import compat\nkv = KeyedVectors.load(path)\n"
            "words = compat.index_to_key(kv)[:10]\n",
        ),
    ],
)


@on("Attribute", ("index2word", "index2entity"))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    _index2word(ctx, node, parents)


def _index2word(ctx: Context, node: Any, parents: List[Any]) -> None:
    if ctx.own_attribute(node):
        return
    if ctx.store_role(node, parents) == "bind":
        ctx.report(
            node,
            "index2word",
            "assigning the word list has no safe rewrite: gensim 4 keeps "
            "index_to_key and key_to_index in step itself",
        )
        return
    kind, strip = ctx.kv_receiver(node.value)
    if kind is None:
        ctx.unknown_kv_receiver(node, "index2word", ".index_to_key (neutral: compat.index_to_key(...))")
        return
    ctx.claim_wv(node.value, strip)
    if ctx.neutral:

        def build(updated: Any) -> Any:
            return ctx.compat("index_to_key", ctx.kv_operand(updated.value, kind, strip, True))

        ctx.report(node, "index2word", "", build, uses=("compat",))
    else:

        def build4(updated: Any) -> Any:
            return ctx.attr(ctx.kv_operand(updated.value, kind, strip, False), "index_to_key")

        ctx.report(node, "index2word", "", build4)
