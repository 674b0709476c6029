"""The real-world corpus (``tests/migrate_corpus``) keeps meeting the targets documented in docs/migrate.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("libcst")

ROOT = Path(__file__).parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_migrate", ROOT / "benchmarks" / "bench_migrate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures():
    return _bench().measure("4")


def test_every_idiom_is_rewritten_or_reported(figures):
    assert figures["occurrences"] == 44
    assert figures["counts"]["missed"] == 0, [d for d in figures["detail"] if d["outcome"] == "missed"]


def test_most_idioms_are_rewritten(figures):
    assert figures["shares"]["rewritten"] >= 80.0


def test_no_rewrite_outside_the_counted_idioms_and_every_file_still_parses(figures):
    assert figures["extra_rewrites"] == []
    assert figures["extra_reports"] == []
    assert figures["broken"] == []


def test_the_documented_figures_are_the_measured_ones(figures):
    docs = (ROOT / "docs" / "migrate.md").read_text(encoding="utf-8")
    c, s = figures["counts"], figures["shares"]
    row = "| now | %d (%.1f%%) | %d (%.1f%%) | %d |" % (
        c["rewritten"], s["rewritten"], c["reported"], s["reported"], c["missed"])
    assert row in docs
