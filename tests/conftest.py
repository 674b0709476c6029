"""Shared fixtures: ``scanner`` runs a test with the compiled scanner and again with the pure-Python one."""
from __future__ import annotations

import pytest

from gensim_transfer.formats import _native

COMPILED = _native.cscan

# Real-world gensim 3.x code that `migrate` is measured on (tests/migrate_corpus/MANIFEST.json): data, not tests,
# even where a file's name looks like one.
collect_ignore = ["migrate_corpus"]


@pytest.fixture(params=["compiled", "python"])
def scanner(request, monkeypatch):
    """The scanner a test reads files with. Modules that read files use it for every test
    (``pytestmark = pytest.mark.usefixtures("scanner")``), so that both scanners are held to the same
    expectations: the same vectors, the same errors with the same record and line numbers."""
    if request.param == "compiled":
        if COMPILED is None:
            pytest.skip("the compiled scanner is not built here: %s" % _native.why_not)
        monkeypatch.setattr(_native, "cscan", COMPILED)
    else:
        monkeypatch.setattr(_native, "cscan", None)
    return request.param
