"""Every rule of the registry: its examples migrate as documented, on both targets; docs and --explain."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("libcst")

from gensim_transfer.migrate import main, migrate_source
from gensim_transfer.migrate.rules import RULE_MODULES, all_rules, explain, load, rules_table

RULES = load()
CASES = [
    pytest.param(rule, example, target, id="%s-%d-%s" % (rule.code, i, target))
    for rule in RULES
    for i, example in enumerate(rule.examples)
    for target in ("4", "neutral")
]


def test_every_rule_module_declares_one_rule_with_an_example():
    assert len(RULES) == len(RULE_MODULES)
    for rule in RULES:
        assert rule.examples, rule.code
        assert rule.module.startswith("gensim_transfer.migrate.rules.")


@pytest.mark.parametrize("rule, example, target", CASES)
def test_rule_example(rule, example, target):
    expected = example.target4 if target == "4" else example.neutral
    result = migrate_source(example.before, target)
    findings = [f for f in result.findings if f.rule == rule.code]
    if expected == example.before:  # left alone on this target
        assert result.new_code == example.before
        return
    assert findings, "the example raises no %s finding" % rule.code
    if expected is None:
        assert result.new_code == example.before
        assert not any(f.fixed for f in findings)
    else:
        assert result.new_code == expected
        assert all(f.fixed for f in findings)
        assert migrate_source(expected, target).new_code == expected  # idempotent


def test_docs_rule_table_is_the_registry():
    docs = (Path(__file__).parents[2] / "docs" / "migrate.md").read_text(encoding="utf-8")
    assert rules_table() in docs


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_explain(rule, capsys):
    assert main(["--explain", rule.code]) == 0
    out = capsys.readouterr().out
    assert out == explain(rule.code)
    assert out.startswith(rule.code + ": ")
    assert rule.examples[0].before.splitlines()[-1] in out


def test_explain_unknown_rule_lists_the_rules(capsys):
    assert main(["--explain", "no-such-rule"]) == 2
    err = capsys.readouterr().err
    assert all(r.code in err for r in all_rules())


def test_no_path_is_a_usage_error(capsys):
    assert main([]) == 2
