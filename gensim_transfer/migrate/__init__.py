"""Rewrite gensim 3.x code so that it runs on gensim 4.x: ``gensim-transfer migrate``.

The rewriter works on a concrete syntax tree (libcst), so everything it does not rewrite - formatting,
comments, quoting, line endings - stays byte for byte as it was, and a file with nothing to change is never
written. Two targets:

``4``
    Plain gensim 4 code (``vector_size=``, ``wv.key_to_index``, ``wv.get_vecattr(w, "count")``, ...).
``neutral``
    Code that runs on gensim 3.8.3 *and* 4.x: where the two spell a thing differently, the rewrite calls
    :mod:`gensim_transfer.compat` (``compat.model_kwargs(...)``, ``compat.key_to_index(wv)``, ...), and adds
    ``from gensim_transfer import compat`` once.

Layout: :mod:`._api` (the functions below) and :mod:`._cli` (the command line) are the front doors;
:mod:`._engine` parses, runs the rules and applies their edits, :mod:`._notebook` handles Jupyter files;
:mod:`._bindings`, :mod:`._infer` and :mod:`._project` know the types of expressions (across the files of one
run); :mod:`.rules` holds one module per family of idioms behind a registry. A line holding the comment
``# gensim-transfer: ignore`` is neither reported nor rewritten.

libcst is an optional dependency (``pip install 'gensim-transfer[migrate]'``), imported on first use.

Examples
--------
>>> result = migrate_source("model = Word2Vec(sentences, size=100, iter=5)\\n")
>>> print(result.new_code, end="")
model = Word2Vec(sentences, vector_size=100, epochs=5)
>>> [f.rule for f in result.findings]
['model-kwargs', 'model-kwargs']
"""

from __future__ import annotations

from ._api import migrate_file, migrate_notebook, migrate_paths, migrate_source
from ._cli import add_parser, main, run
from ._findings import LIBCST_MISSING, SUPPRESS_COMMENT, TARGETS, FileResult, Finding, MigrationError, MigrationResult

__all__ = [
    "LIBCST_MISSING",
    "SUPPRESS_COMMENT",
    "TARGETS",
    "FileResult",
    "Finding",
    "MigrationError",
    "MigrationResult",
    "add_parser",
    "main",
    "migrate_file",
    "migrate_notebook",
    "migrate_paths",
    "migrate_source",
    "run",
]
