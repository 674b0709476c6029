"""The rule registry: what each rule rewrites (its documentation) and which syntax nodes it looks at.

A rule module declares one :class:`Rule` (code, the 3.x spelling, both outputs, an example) with
:func:`rule`, and registers its node handlers with :func:`on`. The engine asks :func:`handlers` for the
handlers of a node and knows nothing about any rule; ``docs/migrate.md`` and ``migrate --explain CODE`` are
written from the same :class:`Rule` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

Handler = Callable[[Any, Any, List[Any]], None]


@dataclass(frozen=True)
class Example:
    """A gensim 3.x snippet and what each target makes of it (``None``: left as it is, only reported)."""

    before: str
    target4: Optional[str]
    neutral: Optional[str]


@dataclass
class Rule:
    """One family of gensim 3.x idioms.

    Attributes
    ----------
    code : str
        The name findings carry (``Finding.rule``), e.g. ``"vocab"``.
    summary : str
        One line: what changed between gensim 3.x and 4.x.
    spelling : str
        The 3.x spelling(s), as shown in the rule table.
    target4, neutral : str
        What ``--target 4`` and ``--target neutral`` write (or "reported").
    explanation : str
        Why, and what is reported rather than rewritten.
    examples : list of Example
        Tested by ``tests/migrate_rules``: each ``before`` migrates to ``target4`` / ``neutral``.
    """

    code: str
    summary: str
    spelling: str
    target4: str
    neutral: str
    explanation: str
    examples: List[Example] = field(default_factory=list)
    module: str = ""


_RULES: Dict[str, Rule] = {}
#: node type name -> [(names the node must carry or None for all, handler)]
_HANDLERS: Dict[str, List[Tuple[Optional[Sequence[str]], Handler]]] = {}


def rule(**kwargs: Any) -> Rule:
    """Declare (and register) a rule; returns it so the module can keep it as ``RULE``."""
    examples = [e if isinstance(e, Example) else Example(*e) for e in kwargs.pop("examples", ())]
    new = Rule(examples=examples, **kwargs)
    if new.code in _RULES:
        raise ValueError("rule %r declared twice (%s, %s)" % (new.code, _RULES[new.code].module, new.module))
    _RULES[new.code] = new
    return new


def on(node_type: str, names: Optional[Sequence[str]] = None) -> Callable[[Handler], Handler]:
    """Register a handler for libcst nodes of ``node_type``.

    ``names`` narrows it: for ``Attribute`` the attribute's name, for ``Call`` the called method's (or
    function's) last name. Handlers run in registration order, which is the order of ``RULE_MODULES``.
    """

    def register(handler: Handler) -> Handler:
        _HANDLERS.setdefault(node_type, []).append((tuple(names) if names is not None else None, handler))
        return handler

    return register


def handlers(node_type: str) -> List[Tuple[Optional[Sequence[str]], Handler]]:
    return _HANDLERS.get(node_type, [])


def all_rules() -> List[Rule]:
    """Every rule, in the order of the rule table."""
    return list(_RULES.values())


def get(code: str) -> Rule:
    """The rule called ``code``; ``KeyError`` if there is none."""
    return _RULES[code]


#: Openings of rule examples: a model and KeyedVectors whose types the inference knows.
W2V = "from gensim.models import Word2Vec\nmodel = Word2Vec.load(path)\n"
KV = "from gensim.models import KeyedVectors\nkv = KeyedVectors.load(path)\n"
D2V = "from gensim.models import Doc2Vec\nmodel = Doc2Vec.load(path)\n"
