"""``build_vocab(sentences=...)``, ``train(documents=...)``: the corpus keyword became ``corpus_iterable``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List

from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

RULE = rule(
    code="corpus-kwarg",
    module=__name__,
    summary="build_vocab() and train() take corpus_iterable= in gensim 4, not sentences= or documents=",
    spelling="`model.build_vocab(sentences=c)`, `model.train(documents=c, ...)`",
    target4="`corpus_iterable=c`",
    neutral="`c` as the first positional argument (`**compat.corpus_kwargs(sentences=c)` with `**kwargs`)",
    explanation="gensim 4 renamed the corpus keyword of build_vocab() and train(); positionally the corpus is "
    "the first argument on every gensim. Applies to receivers known to be models, and to receivers of unknown "
    "type in files that use gensim.",
    examples=[
        (
            W2V + "model.train(sentences=corpus, total_examples=n, epochs=5)\n",
            W2V + "model.train(corpus_iterable=corpus, total_examples=n, epochs=5)\n",
            W2V + "model.train(corpus, total_examples=n, epochs=5)\n",
        ),
    ],
)


@on("Call", ("build_vocab", "train"))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    if isinstance(node.func, ctx.cst.Attribute):
        _corpus_keyword(ctx, node, node.func.value)


def _corpus_keyword(ctx: Context, node: Any, receiver: Any) -> None:
    cst = ctx.cst
    args = list(node.args)
    found = [
        i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value in ctx.engine.corpus_keywords
    ]
    if not found or any(a.keyword is not None and a.keyword.value == ctx.engine.corpus_keyword_4 for a in args):
        return
    kind = ctx.type_of(receiver)
    if not (kind or "").startswith("model:") and (kind is not None or not ctx.gensim_context):
        return
    index = found[0]
    arg = args[index]
    new_keyword = ctx.engine.corpus_keyword_4
    if not ctx.neutral:
        ctx.report(arg, "corpus-kwarg", "", lambda updated: updated.with_changes(keyword=cst.Name(new_keyword)))
        return
    if any(a.star == "*" for a in args):
        ctx.report(
            arg,
            "corpus-kwarg",
            "cannot reorder a call with *args: pass the corpus as the first "
            "positional argument (its name differs: sentences/documents on 3.x, "
            "corpus_iterable on 4.x)",
        )
        return
    message = (
        "the corpus is passed positionally: its keyword is sentences/documents on gensim 3.x and "
        "corpus_iterable on 4.x"
    )
    if any(a.star == "**" for a in args):
        compat_name = ctx.compat_name

        def wrap(updated: Any) -> Any:
            inner = cst.Arg(value=updated.value, keyword=updated.keyword, equal=ctx.tight_equal())
            call = cst.Call(func=ctx.attr(cst.Name(compat_name), "corpus_kwargs"), args=[inner])
            return updated.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT, star="**", value=call)

        ctx.report(
            arg,
            "corpus-kwarg",
            "compat.corpus_kwargs() spells the corpus keyword for the installed gensim",
            wrap,
            uses=("compat",),
        )
        return
    if index == 0:
        ctx.report(
            arg,
            "corpus-kwarg",
            message,
            lambda updated: updated.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT),
        )
        return

    def move(updated: Any) -> Any:
        moved = updated.args[index].with_changes(
            keyword=None,
            equal=cst.MaybeSentinel.DEFAULT,
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        )
        rest = [a for i, a in enumerate(updated.args) if i != index]
        return updated.with_changes(args=ctx.relast([moved, *rest], updated.args))

    ctx.report(node, "corpus-kwarg", message, move, old=ctx.source(arg), at=arg, show=lambda new: new.args[0])
