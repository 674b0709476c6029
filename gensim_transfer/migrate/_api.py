"""The public functions: migrate a text, a notebook, a file, or files and trees (analysed as one project)."""

from __future__ import annotations

import io
import json
import os
import tokenize
from typing import Iterable, Iterator, List, Optional, Sequence

from ._engine import engine as _engine
from ._findings import TARGETS, FileResult, MigrationError, MigrationResult
from ._notebook import _Cell, _cell_finding, _dump_notebook_like, _join_cells, _mask_magics, _Masked, _split_cells
from ._project import Project


def migrate_source(
    code: str, target: str = "4", *, path: str = "<string>", project: Optional[Project] = None
) -> MigrationResult:
    """Rewrite gensim 3.x idioms in Python source code.

    Parameters
    ----------
    code : str
        Python source (any Python 3 syntax libcst can parse).
    target : {"4", "neutral"}
        ``"4"`` writes plain gensim 4 code; ``"neutral"`` writes code that runs on gensim 3.8.3 and 4.x by
        calling :mod:`gensim_transfer.compat` where the spellings differ.
    path : str
        Only used in findings and error messages.
    project : Project, optional
        The other files of the run (:func:`migrate_paths` passes it): names imported from them are typed.

    Returns
    -------
    MigrationResult
        ``new_code`` is ``code`` itself, unchanged, when there is nothing to rewrite.

    Raises
    ------
    MigrationError
        ``code`` is not valid Python.
    ImportError
        libcst is not installed (the message says how to install it).

    Examples
    --------
    >>> migrate_source("n = len(model.wv.vocab)\\n", target="neutral").new_code
    'from gensim_transfer import compat\\nn = len(compat.index_to_key(model.wv))\\n'
    """
    _check_target(target)
    new_code, raws = _engine().rewrite(code, target, path, project)
    findings = [r.finding(path) for r in raws]
    return MigrationResult(new_code=new_code, findings=findings, changed=new_code != code)


def migrate_notebook(
    text: str, target: str = "4", *, path: str = "<notebook>", project: Optional[Project] = None
) -> MigrationResult:
    """Rewrite the code cells of a Jupyter notebook (nbformat 4 JSON text).

    All code cells are analysed together (a model built in one cell is known in the next). Lines with IPython
    magics (``%time ...``, ``!pip ...``, ``x = !ls``, ``obj?``) are left as they are; cells run by a cell
    magic other than ``%%time``/``%%timeit``/``%%capture`` (``%%bash``, ``%%writefile``, ...) and cells that
    are not valid Python are skipped and mentioned in ``notes``. Everything but the rewritten cell sources -
    outputs, metadata, key order, indentation - is kept; a notebook with nothing to rewrite is returned as
    the very same text.

    Parameters
    ----------
    text : str
        The notebook file's text.
    target : {"4", "neutral"}
    path : str
        Only used in findings and error messages.

    Returns
    -------
    MigrationResult
        ``new_code`` is the notebook JSON text; findings carry the cell number (1-based, counting every cell).

    Raises
    ------
    MigrationError
        The text is not a JSON notebook in nbformat 4.
    """
    _check_target(target)
    try:
        notebook = json.loads(text)
    except ValueError as exc:
        raise MigrationError(path, "not a JSON notebook: %s" % exc) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise MigrationError(path, "not an nbformat 4 notebook (no top-level 'cells' list)")
    engine = _engine()
    notes: List[str] = []
    pieces: List[_Cell] = []
    for number, cell in enumerate(notebook["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source_text = "".join(source) if isinstance(source, list) else str(source)
        if not source_text.strip():
            continue
        problem = engine.parse_problem(source_text)
        if problem is None:
            masked = _Masked(source_text, {})
        else:  # IPython syntax is never valid Python, so only a cell that does not parse can hold some
            masked = _mask_magics(source_text)
            if masked is None:
                notes.append("cell %d skipped: runs a cell magic" % number)
                continue
            if masked.originals:
                problem = engine.parse_problem(masked.code)
        if problem is not None:
            notes.append("cell %d skipped: not valid Python (%s)" % (number, problem))
            continue
        pieces.append(_Cell(number, cell, source_text, masked))
    if not pieces:
        return MigrationResult(new_code=text, findings=[], notes=notes)

    joined, starts = _join_cells(pieces)
    new_joined, raws = engine.rewrite(joined, target, path, project)
    findings = [_cell_finding(r, path, pieces, starts) for r in raws]
    if new_joined == joined:
        return MigrationResult(new_code=text, findings=findings, notes=notes)

    for piece, new_code in zip(pieces, _split_cells(new_joined, len(pieces))):
        new_source = piece.masked.unmask(new_code)
        if not piece.had_final_newline and new_source.endswith("\n"):
            new_source = new_source[:-1]
        if new_source != piece.source_text:
            old = piece.cell.get("source", "")
            piece.cell["source"] = new_source.splitlines(True) if isinstance(old, list) else new_source
    new_text, exact = _dump_notebook_like(notebook, text)
    if not exact:
        notes.append("notebook JSON re-serialized in nbformat's layout (its original layout was not recognised)")
    return MigrationResult(new_code=new_text, findings=findings, notes=notes, changed=new_text != text)


def migrate_file(
    path: str, target: str = "4", *, write: bool = False, project: Optional[Project] = None
) -> FileResult:
    """Migrate one ``.py`` file or ``.ipynb`` notebook.

    The file is read as bytes; its encoding (PEP 263 cookie or BOM) and line endings are kept. It is written
    only if ``write`` is true and the text changed. Problems (unreadable or unparsable file) are returned in
    ``error``, not raised, so that one bad file does not stop a run over a tree.

    Parameters
    ----------
    path : str
    target : {"4", "neutral"}
    write : bool
        Write the rewritten text back to ``path``.

    Returns
    -------
    FileResult
    """
    _check_target(target)
    result = FileResult(path=path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        encoding = _source_encoding(raw) if not path.endswith(".ipynb") else "utf-8"
        text = raw.decode(encoding)
    except (OSError, UnicodeDecodeError, SyntaxError, LookupError) as exc:
        result.error = "cannot read: %s" % exc
        return result
    try:
        if path.endswith(".ipynb"):
            migrated = migrate_notebook(text, target, path=path, project=project)
        else:
            migrated = migrate_source(text, target, path=path, project=project)
    except MigrationError as exc:
        result.error = str(exc)
        return result
    result.old_code, result.new_code = text, migrated.new_code
    result.findings, result.notes = migrated.findings, migrated.notes
    if write and result.changed:
        with open(path, "wb") as fh:
            fh.write(result.new_code.encode(encoding))
        result.written = True
    return result


def migrate_paths(paths: Iterable[str], target: str = "4", *, write: bool = False) -> List[FileResult]:
    """Migrate files and directory trees.

    All the ``.py`` files found make one project: a function or variable imported from one of them
    (``from utils import get_model``) is typed by what it is there. Directories are walked recursively for
    ``*.py`` and ``*.ipynb`` (in each directory its files in sorted order, then its subdirectories in sorted
    order), skipping hidden directories, ``__pycache__``, ``.ipynb_checkpoints``, ``node_modules``,
    ``site-packages`` and virtual environments. A file named explicitly is migrated whatever its extension
    (as a notebook if it ends in ``.ipynb``).

    Parameters
    ----------
    paths : iterable of str
    target : {"4", "neutral"}
    write : bool
        Write every changed file back.

    Returns
    -------
    list of FileResult
        One per file, in the order visited.

    Raises
    ------
    FileNotFoundError
        A path does not exist (checked for all paths before anything is read or written).
    """
    _check_target(target)
    paths = list(paths)
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise FileNotFoundError("no such file or directory: %s" % ", ".join(missing))
    files = list(_iter_files(paths))
    project = Project(_engine(), files)
    return [migrate_file(p, target, write=write, project=project) for p in files]


# Files, encodings, directory walking
def _check_target(target: str) -> None:
    if target not in TARGETS:
        raise ValueError("target must be one of %s, got %r" % (", ".join(map(repr, TARGETS)), target))


def _source_encoding(raw: bytes) -> str:
    """The encoding Python would use for this source (PEP 263 cookie, BOM, else UTF-8)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    return encoding


_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", "node_modules", "site-packages"}


def _iter_files(paths: Sequence[str]) -> Iterator[str]:
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".")
                and d not in _SKIP_DIRS
                and not os.path.exists(os.path.join(root, d, "pyvenv.cfg"))
            )
            for name in sorted(files):
                if name.endswith((".py", ".ipynb")):
                    yield os.path.join(root, name)
