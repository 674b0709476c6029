"""``Word2Vec(size=..., iter=...)``: the model constructors' renamed keywords (gensim 4.0)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from .._findings import short
from .._infer import MODEL_CLASSES
from ._registry import on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="model-kwargs",
    module=__name__,
    summary="gensim 4 renamed the constructors' size, iter, docvecs, docvecs_mapfile keywords and dropped "
    "compatible_hash",
    spelling="`Word2Vec(size=100, iter=5)`, `FastText(..., compatible_hash=True)`, `Doc2Vec(docvecs=...)`",
    target4="`vector_size=100, epochs=5`, `dv=`, `dv_mapfile=`; `compatible_hash=True` removed",
    neutral="`**compat.model_kwargs(vector_size=100, epochs=5)` (Doc2Vec: `vector_size=`, `epochs=` as they are)",
    explanation="Word2Vec, FastText and Doc2Vec take vector_size= and epochs= in gensim 4 (size= and iter= "
    "raise TypeError). compat.model_kwargs() passes the keywords in the installed gensim's spelling. "
    "Reported, not rewritten: Word2Vec(**params) with --target 4 (the dict's keys cannot be seen) and "
    "FastText(compatible_hash=False) (gensim 4 cannot reproduce that hashing).",
    examples=[
        (
            "from gensim.models import Word2Vec\nmodel = Word2Vec(sentences, size=100, iter=5)\n",
            "from gensim.models import Word2Vec\nmodel = Word2Vec(sentences, vector_size=100, epochs=5)\n",
            "from gensim.models import Word2Vec\nfrom gensim_transfer import compat\n"
            "model = Word2Vec(sentences, **compat.model_kwargs(vector_size=100, epochs=5))\n",
        ),
    ],
)


@on("Call")
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    name = ctx.gensim_name(node.func)
    if name in MODEL_CLASSES:
        _constructor(ctx, node, name)


def _constructor(ctx: Context, node: Any, cls: str) -> None:
    cst = ctx.cst
    renames = ctx.engine.model_renames
    args = list(node.args)
    renamed = [i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value in renames]
    hashes = [i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == "compatible_hash"]
    unpacked = [i for i, a in enumerate(args) if a.star == "**" and not _is_compat_call(ctx, a.value)]
    if ctx.neutral:
        # Doc2Vec 3.8 already accepts vector_size/epochs; only the docvecs keywords need compat there.
        direct = [i for i in renamed if cls == "Doc2Vec" and args[i].keyword.value in ("size", "iter")]
        for i in direct:
            _rename_keyword(ctx, args[i], renames[args[i].keyword.value], cls)
        # compat.model_kwargs drops compatible_hash=True on 4.x and raises for anything else
        kept_hashes = [i for i in hashes if ctx.dotted(args[i].value) == "True"]
        for i in hashes:
            if i not in kept_hashes:
                ctx.report(args[i], "model-kwargs", _NO_COMPATIBLE_HASH)
        bundle = sorted(set(renamed) - set(direct) | set(kept_hashes) | set(unpacked))
        if bundle:
            _bundle_kwargs(ctx, node, args, bundle, cls)
        return
    for i in renamed:
        _rename_keyword(ctx, args[i], renames[args[i].keyword.value], cls)
    for i in hashes:
        arg = args[i]
        if isinstance(arg.value, cst.Name) and arg.value.value == "True":

            def drop(updated: Any, i: int = i) -> Any:
                kept = [a for j, a in enumerate(updated.args) if j != i]
                return updated.with_changes(args=ctx.relast(kept, updated.args))

            ctx.report(
                node,
                "model-kwargs",
                "gensim 4 FastText always hashes n-grams like Facebook's fastText (compatible_hash=True)",
                drop,
                old=ctx.source(arg),
                at=arg,
                show=lambda new: "(removed)",
            )
        else:
            ctx.report(arg, "model-kwargs", _NO_COMPATIBLE_HASH)
    for i in unpacked:
        ctx.report(
            args[i],
            "model-kwargs",
            "keywords passed through %s are not checked: make sure they "
            "use vector_size/epochs/dv, not size/iter/docvecs" % ctx.source(args[i]),
        )


def _rename_keyword(ctx: Context, arg: Any, new: str, cls: str) -> None:
    old = arg.keyword.value
    ctx.report(arg, "model-kwargs", "", lambda updated: updated.with_changes(keyword=ctx.cst.Name(new)))
    if old in ("docvecs", "docvecs_mapfile") and cls != "Doc2Vec":
        ctx.findings[-1].message = "only Doc2Vec takes %s=" % new


def _bundle_kwargs(ctx: Context, node: Any, args: List[Any], bundle: List[int], cls: str) -> None:
    renames = ctx.engine.model_renames
    compat_name = ctx.compat_name
    first = bundle[0]

    def build(updated: Any) -> Any:
        cst = ctx.cst
        inner = []
        for i in bundle:
            arg = updated.args[i]
            if arg.star == "**":
                inner.append(cst.Arg(value=arg.value, star="**"))
            else:
                keyword = renames.get(arg.keyword.value, arg.keyword.value)
                inner.append(cst.Arg(value=arg.value, keyword=cst.Name(keyword), equal=ctx.tight_equal()))
        first_arg = updated.args[first]
        packed = cst.Arg(
            value=cst.Call(func=ctx.attr(cst.Name(compat_name), "model_kwargs"), args=inner),
            star="**",
            comma=first_arg.comma,
            whitespace_after_arg=first_arg.whitespace_after_arg,
        )
        new_args = [
            packed if i == first else a for i, a in enumerate(updated.args) if i == first or i not in bundle
        ]
        return updated.with_changes(args=ctx.relast(new_args, updated.args))

    old = ", ".join(ctx.source(args[i]) for i in bundle)
    message = (
        "compat.model_kwargs() passes the keywords in the installed gensim's spelling "
        "(size/iter/docvecs on 3.8, vector_size/epochs/dv on 4.x)"
    )
    ctx.report(
        node,
        "model-kwargs",
        message,
        build,
        uses=("compat",),
        old=short(old),
        at=args[first],
        show=lambda new: new.args[first],
    )


def _is_compat_call(ctx: Context, node: Any) -> bool:
    cst = ctx.cst
    if not isinstance(node, cst.Call):
        return False
    dotted = ctx.dotted(node.func) or ""
    return dotted.split(".")[0] in ("compat", ctx.compat_name, "gensim_transfer")


_NO_COMPATIBLE_HASH = (
    "gensim 4 has no compatible_hash: it always hashes n-grams like Facebook's fastText "
    "(3.x compatible_hash=True); models trained with compatible_hash=False need retraining"
)
