"""``Doc2Vec.docvecs`` became ``dv`` (``vectors_docs`` -> ``vectors``, ``offset2doctag`` -> ``index_to_key``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import D2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="docvecs",
    module=__name__,
    summary="gensim 4 renamed Doc2Vec.docvecs to dv (docvecs stays as a deprecated alias)",
    spelling="`model.docvecs`, `model.docvecs.vectors_docs`, `model.docvecs.offset2doctag`, `docvecs.doctags`",
    target4="`model.dv`, `model.dv.vectors`, `model.dv.index_to_key`; doctags reported",
    neutral="left alone (docvecs works on 4.x); vectors_docs, offset2doctag, doctags reported",
    explanation="docvecs.doctags held Doctag objects; gensim 4 has dv.key_to_index and "
    "dv.get_vecattr(tag, \"doc_count\"). On receivers of unknown type docvecs is reported with --target 4.",
    examples=[
        (
            D2V + "v = model.docvecs[0]\n",
            D2V + "v = model.dv[0]\n",
            D2V + "v = model.docvecs[0]\n",  # left alone
        ),
    ],
)


@on("Attribute", ("docvecs",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    _docvecs(ctx, node, parents)


def _docvecs(ctx: Context, node: Any, parents: List[Any]) -> None:
    if ctx.own_attribute(node):
        return
    cst = ctx.cst
    parent = parents[-1] if parents else None
    sub = None
    if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in _DOCVECS_MANUAL:
        sub = parent.attr.value
    known = ctx.type_of(node.value) == "model:Doc2Vec"
    if not known and not ctx.gensim_context:
        return
    if sub == "doctags" or (sub is not None and ctx.neutral):
        ctx.claimed.add(id(node))
        ctx.report(parent, "docvecs", _DOCVECS_MANUAL[sub])
        return
    if ctx.neutral:
        return  # gensim 4 still has Doc2Vec.docvecs (a deprecated alias of dv)
    if not known:
        receiver = ctx.source(node.value)
        ctx.report(
            node,
            "docvecs",
            "the type of %s is unknown: if it is a Doc2Vec model, write %s.dv (docvecs still works on gensim 4 "
            "but is deprecated; docvecs.vectors_docs became dv.vectors, docvecs.offset2doctag "
            "dv.index_to_key)" % (receiver, receiver),
        )
        return
    if sub is not None:
        new_sub = {"vectors_docs": "vectors", "offset2doctag": "index_to_key"}[sub]
        ctx.report(parent, "docvecs", "", lambda updated: updated.with_changes(attr=cst.Name(new_sub)))
    ctx.report(
        node,
        "docvecs",
        "Doc2Vec.docvecs was renamed dv in gensim 4",
        lambda updated: updated.with_changes(attr=cst.Name("dv")),
    )


_DOCVECS_MANUAL = {
    "doctags": "docvecs.doctags held Doctag objects; gensim 4: dv.key_to_index (tag -> index) and "
    'dv.get_vecattr(tag, "doc_count")',
    "vectors_docs": "no spelling works on both: docvecs.vectors_docs on 3.8, dv.vectors on 4.x",
    "offset2doctag": "no spelling works on both: docvecs.offset2doctag on 3.8, dv.index_to_key on 4.x",
}
