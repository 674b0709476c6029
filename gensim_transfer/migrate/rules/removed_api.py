"""APIs gensim 4 removed: ``accuracy()``, ``trainables``, ``vocabulary``, ``syn0_lockf``, modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from .._infer import KV_CLASSES, MODEL_CLASSES
from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

#: Modules gensim 4.0 deleted; code importing them has to be ported by hand.
_REMOVED_MODULES = {
    "gensim.models.wrappers": "the wrappers (Mallet, DTM, Varembed, ...) were removed in gensim 4.0",
    "gensim.summarization": "gensim.summarization was removed in gensim 4.0",
    "gensim.sklearn_api": "gensim.sklearn_api was removed in gensim 4.0",
    "gensim.models.deprecated": "gensim.models.deprecated was removed in gensim 4.0",
    "gensim.viz": "gensim.viz was removed in gensim 4.0",
}

RULE = rule(
    code="removed-api",
    module=__name__,
    summary="APIs gensim 4 removed without a one-to-one replacement, and FastText.load_fasttext_format "
    "(deprecated)",
    spelling="`model.accuracy()`, `wv.get_keras_embedding()`, `model.trainables`, `model.vocabulary`, "
    "`model.syn0_lockf`, `FastText.load_fasttext_format(p)`, `Word2Vec.load_word2vec_format(p)`, "
    "`import gensim.summarization`",
    target4="reported; `model.trainables.syn1neg` -> `model.syn1neg`, `FastText.load_fasttext_format(p)` -> "
    "`load_facebook_model(p)`, `Word2Vec.load_word2vec_format(p)` -> `KeyedVectors.load_word2vec_format(p)`",
    neutral="same",
    explanation="accuracy(): use wv.evaluate_word_analogies(path) (gensim 3.8 has it too). get_keras_embedding(): "
    "build keras.layers.Embedding(weights=[kv.vectors]) yourself. trainables, "
    "vocabulary, syn0_lockf: gensim_transfer.compat.lock_factors(model) for lock factors, model.syn1neg / "
    "model.syn1 for output weights. load_fasttext_format still exists on gensim 4 but is deprecated: it becomes "
    "gensim.models.fasttext.load_facebook_model (or load_facebook_vectors), available since 3.8, and is "
    "reported where its arguments cannot be mapped. Models never could load word2vec files on gensim 3 either: "
    "Word2Vec.load_word2vec_format becomes KeyedVectors.load_word2vec_format. The wrappers, "
    "summarization, sklearn_api, deprecated and viz modules are gone: port that code by hand.",
    examples=[
        (
            W2V + "out = model.trainables.syn1neg\n",
            W2V + "out = model.syn1neg\n",
            W2V + "out = model.syn1neg\n",
        ),
    ],
)


@on("Attribute", ("trainables",))
def _visit_trainables(ctx: Context, node: Any, parents: List[Any]) -> None:
    _trainables(ctx, node, parents)


@on("Attribute", ("vocabulary", "syn0_lockf"))
def _visit_settings(ctx: Context, node: Any, parents: List[Any]) -> None:
    if ctx.is_model(node.value):
        ctx.report(
            node,
            "removed-api",
            "gensim 4 models have no %s; for lock factors use gensim_transfer.compat."
            "lock_factors(model), for vocabulary settings the model's own attributes" % node.attr.value,
        )


@on("Import")
@on("ImportFrom")
def _visit_import_node(ctx: Context, node: Any, parents: List[Any]) -> None:
    _visit_import(ctx, node, parents)


@on("Call", ("get_keras_embedding",))
def _visit_keras(ctx: Context, node: Any, parents: List[Any]) -> None:
    cst = ctx.cst
    if not isinstance(node.func, cst.Attribute):
        return
    kind = ctx.type_of(node.func.value)
    if kind in ("kv", "dockv") or (kind or "").startswith("model:") or (kind is None and ctx.gensim_context):
        ctx.report(
            node,
            "removed-api",
            "gensim 4 removed get_keras_embedding(): build the layer from the vectors, e.g. "
            "keras.layers.Embedding(len(kv), kv.vector_size, weights=[kv.vectors], trainable=...)",
        )


@on("Call", ("accuracy", "log_accuracy", "load_fasttext_format", "load_word2vec_format"))
def _visit_call_node(ctx: Context, node: Any, parents: List[Any]) -> None:
    if isinstance(node.func, ctx.cst.Attribute):
        _visit_call(ctx, node, parents)


def _trainables(ctx: Context, node: Any, parents: List[Any]) -> None:
    if ctx.own_attribute(node):
        return
    cst = ctx.cst
    known = ctx.is_model(node.value)
    if not known and not ctx.gensim_context:
        return
    parent = parents[-1] if parents else None
    if (
        known
        and isinstance(parent, cst.Attribute)
        and parent.value is node
        and parent.attr.value in ("syn1neg", "syn1")
    ):
        ctx.claimed.add(id(node))
        ctx.report(
            parent,
            "removed-api",
            "the output weights are model attributes on gensim 3.8 and 4.x",
            lambda updated: updated.with_changes(value=updated.value.value),
        )
        return
    ctx.report(
        node,
        "removed-api",
        "gensim 4 models have no trainables; lock factors: gensim_transfer.compat.lock_factors(model); "
        "output weights: model.syn1neg / model.syn1 (on gensim 3.8 too)",
    )


def _visit_import(ctx: Context, node: Any, parents: List[Any]) -> None:
    cst = ctx.cst
    if isinstance(node, cst.Import):
        modules = [ctx.dotted(a.name) or "" for a in node.names]
    else:
        base = ctx.dotted(node.module) if node.module is not None and not node.relative else ""
        modules = [base or ""]
        if base and not isinstance(node.names, cst.ImportStar):
            modules += [base + "." + (ctx.dotted(a.name) or "") for a in node.names]
    for module in modules:
        for removed, why in _REMOVED_MODULES.items():
            if module == removed or module.startswith(removed + "."):
                ctx.report(node, "removed-api", why + "; port this code by hand")
                return


def _visit_call(ctx: Context, node: Any, parents: List[Any]) -> None:
    method = node.func.attr.value
    receiver = node.func.value
    if method in ("accuracy", "log_accuracy") and (ctx.type_of(receiver) in ("kv",) or ctx.is_model(receiver)):
        ctx.report(
            node,
            "removed-api",
            "gensim 4 removed %s(); use wv.evaluate_word_analogies(path), which returns "
            "(score, sections) and exists on gensim 3.8 too" % method,
        )
    elif method == "load_fasttext_format" and ctx.gensim_name(receiver) in ("FastText", *KV_CLASSES):
        _load_fasttext_format(ctx, node)
    elif method == "load_word2vec_format" and ctx.gensim_name(receiver) in MODEL_CLASSES:
        _load_word2vec_format(ctx, node, receiver)


def _load_fasttext_format(ctx: Context, node: Any) -> None:
    """``FastText.load_fasttext_format(p)`` -> ``load_facebook_model(p)`` (``full_model=False``: the vectors)."""
    cst = ctx.cst
    loader, drop, mappable = "load_facebook_model", None, True
    for i, arg in enumerate(node.args):
        name = arg.keyword.value if arg.keyword is not None else ("model_file", "encoding", "full_model")[min(i, 2)]
        if arg.star or name not in ("model_file", "encoding", "full_model"):
            mappable = False
        elif name == "full_model":
            value = ctx.dotted(arg.value)
            mappable = mappable and value in ("True", "False")
            loader, drop = ("load_facebook_model" if value == "True" else "load_facebook_vectors"), i
    if not mappable:
        ctx.report(
            node,
            "removed-api",
            "load_fasttext_format() is deprecated in gensim 4 (it still exists on 4.4, but warns and may go): "
            "use gensim.models.fasttext.load_facebook_model(path) (or load_facebook_vectors), available since "
            "gensim 3.8",
        )
        return

    def build(updated: Any) -> Any:
        args = []
        for i, arg in enumerate(updated.args):
            if i == drop:
                continue
            if arg.keyword is not None and arg.keyword.value == "model_file":
                arg = arg.with_changes(keyword=cst.Name("path"))
            args.append(arg)
        return updated.with_changes(func=cst.Name(loader), args=ctx.relast(args, updated.args))

    ctx.report(
        node,
        "removed-api",
        "load_fasttext_format() is deprecated in gensim 4 (still there on 4.4); %s() from "
        "gensim.models.fasttext loads Facebook's .bin files on gensim 3.8 and 4.x" % loader,
        build,
        uses=(loader,),
    )


def _load_word2vec_format(ctx: Context, node: Any, receiver: Any) -> None:
    """``Word2Vec.load_word2vec_format(...)`` -> ``KeyedVectors.load_word2vec_format(...)``."""
    cst = ctx.cst
    dotted = ctx.dotted(receiver) or ""
    why = (
        "models cannot load word2vec files (since gensim 1.0): KeyedVectors.load_word2vec_format gives the "
        "vectors; to keep training, build a model and merge them with gensim_transfer.transfer_init"
    )
    if dotted.startswith("gensim.models.") and ctx.imports.get("gensim") == "gensim":
        ctx.report(node.func.value, "removed-api", why, lambda updated: ctx.attr(updated.value, "KeyedVectors"),
                   at=node, old=ctx.source(node.func))
        return
    bound = ctx.imports.get("KeyedVectors")
    if bound is not None and not bound.startswith("gensim."):
        ctx.report(node, "removed-api", why)
        return
    ctx.report(node.func.value, "removed-api", why, lambda updated: cst.Name("KeyedVectors"), at=node,
               old=ctx.source(node.func), uses=("KeyedVectors",))
