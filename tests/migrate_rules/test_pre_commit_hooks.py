"""``.pre-commit-hooks.yaml``: the hooks exist and their entries behave as pre-commit expects."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

pytest.importorskip("libcst")

from gensim_transfer import cli

HOOKS = Path(__file__).parents[2] / ".pre-commit-hooks.yaml"


def _hooks():
    """``{id: {key: value}}`` from the file (flat keys only; pyyaml is not a test dependency)."""
    hooks, current = {}, None
    for line in HOOKS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^- id: (\S+)$", line)
        if m:
            current = hooks[m.group(1)] = {}
            continue
        m = re.match(r"^  (\w+): (.*)$", line)
        if m and current is not None:
            current[m.group(1)] = m.group(2)
    return hooks


def test_hooks_are_declared():
    hooks = _hooks()
    assert set(hooks) == {"gensim-transfer-migrate", "gensim-transfer-migrate-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == "[python, jupyter]"
        assert hook["entry"].startswith("gensim-transfer migrate --check")


@pytest.mark.parametrize("hook_id, writes", [("gensim-transfer-migrate", False), ("gensim-transfer-migrate-fix", True)])
def test_hook_entry_fails_on_3x_code_and_passes_on_4x_code(hook_id, writes, tmp_path, capsys):
    argv = shlex.split(_hooks()[hook_id]["entry"])[1:]  # pre-commit runs `entry files...`
    old = tmp_path / "old.py"
    old.write_text("from gensim.models import Word2Vec\nm = Word2Vec(s, size=10)\n", encoding="utf-8")
    new = tmp_path / "new.py"
    new.write_text("from gensim.models import Word2Vec\nm = Word2Vec(s, vector_size=10)\n", encoding="utf-8")
    assert cli.main([*argv, str(old)]) == 1
    assert ("vector_size=10" in old.read_text(encoding="utf-8")) is writes
    assert cli.main([*argv, str(new)]) == 0
    capsys.readouterr()
