"""``Phrases.vocab``: its keys changed from bytes to str in gensim 4 (not KeyedVectors' vocab)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="phrases-vocab",
    module=__name__,
    summary="gensim 4 Phrases.vocab maps str keys (gensim 3: bytes, e.g. b'new_york')",
    spelling="`phrases.vocab` on a known `gensim.models.Phrases` / `Phraser`",
    target4="reported",
    neutral="reported",
    explanation="The attribute still exists, so nothing is rewritten, but lookups with bytes keys "
    "(b'new_york', word.encode()) find nothing on gensim 4 and keys no longer need decode(). Phrases.vocab "
    "is not KeyedVectors' vocab: it is never reported as one.",
    examples=[
        (
            "from gensim.models import Phrases\nbigram = Phrases(sentences)\nn = bigram.vocab[b'new_york']\n",
            None,
            None,
        ),
    ],
)


@on("Attribute", ("vocab",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    if ctx.type_of(node.value) != "phrases" or ctx.store_role(node, parents) == "bind":
        return
    ctx.claimed.add(id(node))
    ctx.report(
        node,
        "phrases-vocab",
        "gensim 4 Phrases.vocab has str keys (gensim 3.x: bytes, e.g. b'new_york'); lookups with bytes or "
        "key.decode() must change",
    )
