"""The rules of ``gensim-transfer migrate``, one module per family of gensim 3.x idioms.

Each module declares its :class:`Rule` (code, 3.x spelling, the ``--target 4`` and ``--target neutral``
outputs, an example) and registers its node handlers with :func:`on`. Adding a rule is adding a module here,
listing it in :data:`RULE_MODULES`, and its example is tested by ``tests/migrate_rules``.
"""

from __future__ import annotations

import importlib
import textwrap
from typing import List

from ._registry import Example, Rule, all_rules, get, handlers, on, rule

__all__ = ["RULE_MODULES", "Example", "Rule", "all_rules", "explain", "get", "handlers", "load", "on", "rule",
           "rules_table"]

#: In the order of the rule table; handlers of one node type run in this order.
RULE_MODULES = (
    "model_kwargs",
    "corpus_kwarg",
    "phrases",
    "vocab",
    "index2word",
    "syn0",
    "kv_wv",
    "intersect",
    "model_method",
    "iter_attr",
    "init_sims",
    "docvecs",
    "delete_temporary",
    "removed_api",
)


def load() -> List[Rule]:
    """Import every rule module (registering its rule and handlers) and return the rules."""
    for name in RULE_MODULES:
        importlib.import_module("%s.%s" % (__name__, name))
    return all_rules()


def rules_table() -> str:
    """The Markdown table of ``docs/migrate.md`` (tested against the docs)."""
    lines = [
        "| rule | gensim 3.x | `--target 4` | `--target neutral` |",
        "| --- | --- | --- | --- |",
    ]
    for r in load():
        lines.append("| `%s` | %s | %s | %s |" % (r.code, r.spelling, r.target4, r.neutral))
    return "\n".join(lines) + "\n"


def explain(code: str) -> str:
    """What ``gensim-transfer migrate --explain CODE`` prints; ``KeyError`` for an unknown code."""
    load()
    r = get(code)
    out = [
        "%s: %s" % (r.code, r.summary),
        "",
        "gensim 3.x:        %s" % r.spelling,
        "--target 4:        %s" % r.target4,
        "--target neutral:  %s" % r.neutral,
        "",
        textwrap.fill(r.explanation, 100),
    ]
    for example in r.examples:
        out += ["", "Example (gensim 3.x):", "", _indent(example.before)]
        for label, text in (("--target 4", example.target4), ("--target neutral", example.neutral)):
            out += ["", "%s:" % label, ""]
            if text is None:
                out.append("    (unchanged; reported)")
            elif text == example.before:
                out.append("    (left as it is)")
            else:
                out.append(_indent(text))
    return "\n".join(out) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.rstrip("\n").split("\n"))
