"""``model.most_similar(...)``, ``model[w]``, ``w in model``: gensim 4 models no longer delegate to ``model.wv``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

#: Methods gensim 3.x models delegated to ``model.wv`` and gensim 4.0 removed from the models.
MODEL_DELEGATES = (
    "most_similar",
    "most_similar_cosmul",
    "similar_by_word",
    "similar_by_vector",
    "doesnt_match",
    "similarity",
    "n_similarity",
    "wmdistance",
    "evaluate_word_pairs",
)
#: Attributes that only gensim models (or 3.x KeyedVectors) have: a receiver of unknown type that uses one
#: of them is probably gensim's, so its ``x[w]`` and ``w in x`` are reported too.
_GENSIM_EVIDENCE = frozenset(
    (
        *MODEL_DELEGATES,
        *("wv", "vocab", "index2word", "index2entity", "syn0", "syn0norm", "init_sims", "build_vocab", "docvecs"),
        *("delete_temporary_training_data", "intersect_word2vec_format", "vector_size", "save_word2vec_format"),
    )
)

RULE = rule(
    code="model-method",
    module=__name__,
    summary="gensim 4 models no longer delegate the KeyedVectors methods, [w] and `in` to model.wv",
    spelling="`model.most_similar(...)` (also similarity, n_similarity, most_similar_cosmul, similar_by_word, "
    "similar_by_vector, doesnt_match, wmdistance, evaluate_word_pairs), `model[w]`, `w in model`",
    target4="`model.wv.most_similar(...)`, `model.wv[w]`, `w in model.wv`",
    neutral="same",
    explanation="Rewritten on known Word2Vec/FastText models. Doc2Vec[key] is reported (3.x answered with a word "
    "or a document vector depending on the key). On a receiver of unknown type, x.most_similar(...) is "
    "reported, and so are x[w] and `w in x` when the same receiver uses an attribute only gensim objects have "
    "(x.wv, x.most_similar, x.vocab, ...): KeyedVectors are fine as they are, models need .wv.",
    examples=[
        (
            W2V + "sims = model.most_similar(\"cat\")\nv = model[\"cat\"]\n",
            W2V + "sims = model.wv.most_similar(\"cat\")\nv = model.wv[\"cat\"]\n",
            W2V + "sims = model.wv.most_similar(\"cat\")\nv = model.wv[\"cat\"]\n",
        ),
    ],
)


@on("Attribute", MODEL_DELEGATES)
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    _model_method(ctx, node, parents)


@on("Subscript")
def _visit_subscript_node(ctx: Context, node: Any, parents: List[Any]) -> None:
    _visit_subscript(ctx, node, parents)


@on("ComparisonTarget")
def _visit_membership_node(ctx: Context, node: Any, parents: List[Any]) -> None:
    _visit_membership(ctx, node, parents)


def _evidence(ctx: Context) -> frozenset:
    """Source texts of receivers of unknown type that use a gensim-only attribute somewhere in the module."""
    found = ctx.state.get("model-method")
    if found is None:
        cst = ctx.cst
        seen = set()
        stack = [ctx.module]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Attribute) and node.attr.value in _GENSIM_EVIDENCE:
                if isinstance(node.value, (cst.Name, cst.Attribute)) and ctx.type_of(node.value) is None:
                    seen.add(ctx.module.code_for_node(node.value))
            stack.extend(node.children)
        found = ctx.state["model-method"] = frozenset(seen)
    return found


def _unknown_container(ctx: Context, receiver: Any, node: Any, parents: List[Any], spelling: str) -> None:
    cst = ctx.cst
    if not ctx.gensim_context or not isinstance(receiver, (cst.Name, cst.Attribute)):
        return
    if ctx.inference.kind(receiver) is not None or ctx.store_role(node, parents) is not None:
        return
    if ctx.module.code_for_node(receiver) not in _evidence(ctx):
        return
    text = ctx.source(receiver)
    ctx.report(
        node,
        "model-method",
        "the type of %s is unknown: if it is a gensim model, write %s (KeyedVectors are fine as they are)"
        % (text, spelling % (text + ".wv")),
    )


def _model_method(ctx: Context, node: Any, parents: List[Any]) -> None:
    kind = ctx.type_of(node.value)
    if (kind or "").startswith("model:"):
        ctx.report(
            node,
            "model-method",
            "gensim 4 models no longer delegate %s to wv" % node.attr.value,
            lambda updated: updated.with_changes(value=ctx.attr(updated.value, "wv")),
        )
        return
    parent = parents[-1] if parents else None
    called = isinstance(parent, ctx.cst.Call) and parent.func is node
    if kind is None and called and ctx.gensim_context:
        receiver = ctx.source(node.value)
        ctx.report(
            node,
            "model-method",
            "the type of %s is unknown: if it is a gensim model, write "
            "%s.wv.%s(...) (KeyedVectors already have %s)" % (receiver, receiver, node.attr.value, node.attr.value),
        )


def _visit_subscript(ctx: Context, node: Any, parents: List[Any]) -> None:
    """``model[word]`` -> ``model.wv[word]``."""
    kind = ctx.type_of(node.value)
    if kind is None:
        _unknown_container(ctx, node.value, node, parents, "%s[...]")
        return
    if not kind.startswith("model:") or ctx.store_role(node, parents) is not None:
        return
    if kind == "model:Doc2Vec":
        ctx.report(
            node,
            "model-method",
            "gensim 3 Doc2Vec[key] returned a word vector or a document "
            "vector depending on the key: write model.wv[word] or model.dv[tag]",
        )
        return
    ctx.report(
        node.value,
        "model-method",
        "gensim 4 models are not subscriptable",
        lambda updated: ctx.attr(updated, "wv"),
        at=node,
    )


def _visit_membership(ctx: Context, node: Any, parents: List[Any]) -> None:
    """``word in model`` -> ``word in model.wv``."""
    cst = ctx.cst
    if not isinstance(node.operator, (cst.In, cst.NotIn)):
        return
    kind = ctx.type_of(node.comparator)
    if kind is None:
        _unknown_container(ctx, node.comparator, node.comparator, parents, "`in %s`")
        return
    if kind in ("model:Word2Vec", "model:FastText"):
        ctx.report(
            node.comparator,
            "model-method",
            "gensim 4 models do not support `in`",
            lambda updated: ctx.attr(updated, "wv"),
        )
