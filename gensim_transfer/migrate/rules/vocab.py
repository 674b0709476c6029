"""``wv.vocab``: gensim 4 replaced the dict of Vocab objects by ``key_to_index`` and ``get_vecattr``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Tuple

from ._registry import W2V, on, rule

if TYPE_CHECKING:
    from .._context import Context

#: Accesses of a 3.x ``Vocab`` object (``wv.vocab[w].<attr>``) with a gensim 4 ``get_vecattr`` name.
_VOCAB_VECATTRS = ("count", "sample_int")
_NOTE_INT_VALUES = "values are now int row indices, not Vocab objects"

RULE = rule(
    code="vocab",
    module=__name__,
    summary="gensim 4 KeyedVectors have no vocab: key_to_index maps words to indices, get_vecattr gives counts",
    spelling="`w in KV.vocab`, `len(KV.vocab)`, `KV.vocab[w].count`, `KV.vocab[w].index`, `KV.vocab[w].count = n`",
    target4="`KV.key_to_index`, `len(KV.key_to_index)`, `KV.get_vecattr(w, \"count\")`, `KV.key_to_index[w]`, "
    "`KV.set_vecattr(w, \"count\", n)`",
    neutral="`compat.key_to_index(KV)`, `len(compat.index_to_key(KV))`, `compat.word_count(KV, w)`, "
    "`compat.set_word_count(KV, w, n)`",
    explanation="KV is anything known to be KeyedVectors (x.wv, KeyedVectors.load...), or a model (then .wv is "
    "added). Reported: the values of the old vocabulary (items(), values(), get(), entry = wv.vocab[w]), "
    "assignments to it, and .vocab on receivers of unknown type.",
    examples=[
        (
            W2V + "n = len(model.wv.vocab)\nc = model.wv.vocab[\"cat\"].count\n",
            W2V + "n = len(model.wv.key_to_index)\nc = model.wv.get_vecattr(\"cat\", \"count\")\n",
            "from gensim.models import Word2Vec\nfrom gensim_transfer import compat\nmodel = Word2Vec.load(path)\n"
            "n = len(compat.index_to_key(model.wv))\nc = compat.word_count(model.wv, \"cat\")\n",
        ),
    ],
)


@on("Attribute", ("vocab",))
def _visit(ctx: Context, node: Any, parents: List[Any]) -> None:
    _vocab(ctx, node, parents)


@on("Assign")
def _visit_assign(ctx: Context, node: Any, parents: List[Any]) -> None:
    _visit_vocab_assignment(ctx, node, parents)


def _vocab(ctx: Context, node: Any, parents: List[Any]) -> None:
    cst = ctx.cst
    kind, strip = ctx.kv_receiver(node.value)
    if kind is None:
        if ctx.gensim_context and ctx.type_of(node.value) is None:
            ctx.report(
                node,
                "vocab",
                "the type of %s is unknown: if it is gensim KeyedVectors (or a model: "
                "use .wv), gensim 4 replaced .vocab by .key_to_index (word -> index) and "
                '.get_vecattr(word, "count")' % ctx.source(node.value),
            )
        return
    parent = parents[-1] if parents else None
    grand = parents[-2] if len(parents) > 1 else None
    role = ctx.store_role(node, parents)
    neutral = ctx.neutral

    # wv.vocab[w].count / .index / .sample_int
    if isinstance(parent, cst.Subscript) and parent.value is node:
        single = len(parent.slice) == 1 and isinstance(parent.slice[0].slice, cst.Index)
        if (
            single
            and isinstance(grand, cst.Attribute)
            and grand.value is parent
            and grand.attr.value in (*_VOCAB_VECATTRS, "index")
        ):
            if id(grand) in ctx.claimed:
                return
            if ctx.store_role(grand, parents[:-2]) is not None:
                ctx.report(
                    grand,
                    "vocab",
                    "assigning to wv.vocab[w].%s has no safe rewrite here; "
                    "gensim 4: wv.set_vecattr(w, %r, value)" % (grand.attr.value, grand.attr.value),
                )
                return
            _vocab_entry(ctx, node, grand, kind, strip)
            return
        ctx.report(
            parent,
            "vocab",
            "wv.vocab[w] was a Vocab object; gensim 4 has none: use "
            'key_to_index[w] for the index and get_vecattr(w, "count") for the count',
        )
        return
    if (
        isinstance(parent, cst.Attribute)
        and parent.value is node
        and parent.attr.value in ("items", "values", "get", "setdefault", "pop", "update", "__getitem__")
    ):
        ctx.report(
            parent,
            "vocab",
            "wv.vocab.%s() gave Vocab objects; gensim 4's key_to_index maps words to "
            'int indices: read counts with get_vecattr(w, "count")' % parent.attr.value,
        )
        return
    if role is not None:
        ctx.report(
            node,
            "vocab",
            "gensim 4 rebuilds key_to_index itself; assigning the vocabulary has no safe rewrite",
        )
        return

    is_len = (
        isinstance(parent, cst.Arg)
        and parent.value is node
        and isinstance(grand, cst.Call)
        and isinstance(grand.func, cst.Name)
        and grand.func.value == "len"
        and len(grand.args) == 1
    )
    plain = is_len or _key_only_context(ctx, node, parent, grand)
    note = "" if plain else _NOTE_INT_VALUES
    ctx.claim_wv(node.value, strip)
    if neutral:
        function = "index_to_key" if is_len else "key_to_index"

        def build(updated: Any) -> Any:
            return ctx.compat(function, ctx.kv_operand(updated.value, kind, strip, True))

        ctx.report(node, "vocab", note, build, uses=("compat",))
    else:

        def build(updated: Any) -> Any:
            return ctx.attr(ctx.kv_operand(updated.value, kind, strip, False), "key_to_index")

        ctx.report(node, "vocab", note, build)


def _key_only_context(ctx: Context, node: Any, parent: Any, grand: Any) -> bool:
    """True where only the keys of ``wv.vocab`` are used (membership, iteration, .keys(), list(...))."""
    cst = ctx.cst
    if isinstance(parent, cst.ComparisonTarget) and parent.comparator is node:
        return isinstance(parent.operator, (cst.In, cst.NotIn))
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
        return True
    if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "keys":
        return True
    if (
        isinstance(parent, cst.Arg)
        and parent.value is node
        and isinstance(grand, cst.Call)
        and isinstance(grand.func, cst.Name)
        and grand.func.value in ("list", "set", "sorted", "frozenset", "tuple", "iter", "enumerate")
    ):
        return True
    return False


def _vocab_entry(ctx: Context, vocab: Any, node: Any, kind: str, strip: bool) -> None:
    """``wv.vocab[w].count`` -> ``wv.get_vecattr(w, "count")`` (``node`` is the ``.count``)."""
    attr = node.attr.value
    ctx.claimed.add(id(vocab))
    ctx.claimed.add(id(node.value))
    if ctx.neutral and attr not in ("count", "index"):
        ctx.report(
            node,
            "vocab",
            "gensim 3.8 and 4 store %s differently and gensim_transfer.compat has no "
            "helper for it: wv.vocab[w].%s on 3.8, wv.get_vecattr(w, %r) on 4.x" % (attr, attr, attr),
        )
        return
    ctx.claim_wv(vocab.value, strip)

    def parts(updated: Any) -> Tuple[Any, Any, Any]:
        subscript = updated.value
        return subscript, subscript.slice[0].slice.value, subscript.value.value

    if attr == "index":
        if ctx.neutral:

            def build(updated: Any) -> Any:
                subscript, _, receiver = parts(updated)
                return subscript.with_changes(
                    value=ctx.compat("key_to_index", ctx.kv_operand(receiver, kind, strip, True))
                )

            ctx.report(node, "vocab", "", build, uses=("compat",))
        else:

            def build(updated: Any) -> Any:
                subscript, _, receiver = parts(updated)
                return subscript.with_changes(
                    value=ctx.attr(ctx.kv_operand(receiver, kind, strip, False), "key_to_index")
                )

            ctx.report(node, "vocab", "", build)
        return
    if ctx.neutral:

        def build(updated: Any) -> Any:
            _, word, receiver = parts(updated)
            return ctx.compat("word_count", ctx.kv_operand(receiver, kind, strip, True), word)

        ctx.report(node, "vocab", "", build, uses=("compat",))
        return

    def build4(updated: Any) -> Any:
        _, word, receiver = parts(updated)
        return ctx.call(
            ctx.attr(ctx.kv_operand(receiver, kind, strip, False), "get_vecattr"),
            word,
            ctx.string(attr),
        )

    ctx.report(node, "vocab", "", build4)


def _visit_vocab_assignment(ctx: Context, node: Any, parents: List[Any]) -> None:
    """``wv.vocab[w].count = n`` -> ``wv.set_vecattr(w, "count", n)``

    Neutral: ``compat.set_word_count(wv, w, n)``.
    """
    cst = ctx.cst
    if len(node.targets) != 1:
        return
    target = node.targets[0].target
    if not (
        isinstance(target, cst.Attribute)
        and target.attr.value in _VOCAB_VECATTRS
        and isinstance(target.value, cst.Subscript)
        and isinstance(target.value.value, cst.Attribute)
        and target.value.value.attr.value == "vocab"
        and len(target.value.slice) == 1
        and isinstance(target.value.slice[0].slice, cst.Index)
    ):
        return
    vocab = target.value.value
    kind, strip = ctx.kv_receiver(vocab.value)
    if kind is None:
        return
    attr = target.attr.value
    if ctx.neutral and attr != "count":
        return  # reported by _vocab_entry's store check
    ctx.claimed.update((id(target), id(target.value), id(vocab)))
    ctx.claim_wv(vocab.value, strip)

    def build(updated: Any) -> Any:
        updated_target = updated.targets[0].target
        receiver = updated_target.value.value.value
        word = updated_target.value.slice[0].slice.value
        if ctx.neutral:
            call = ctx.compat(
                "set_word_count", ctx.kv_operand(receiver, kind, strip, True), word, updated.value
            )
        else:
            call = ctx.call(
                ctx.attr(ctx.kv_operand(receiver, kind, strip, False), "set_vecattr"),
                word,
                ctx.string(attr),
                updated.value,
            )
        return cst.Expr(value=call, semicolon=updated.semicolon)

    ctx.report(node, "vocab", "", build, uses=("compat",) if ctx.neutral else ())
