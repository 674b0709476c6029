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

Both targets replace ``model.intersect_word2vec_format(...)`` by :func:`gensim_transfer.transfer_init`.

Receivers are typed by simple local inference: ``m = Word2Vec(...)``,
``m = gensim.models.Word2Vec.load(...)``, ``kv = KeyedVectors.load_word2vec_format(...)``, ``kv = m.wv``,
``self.m = FastText(...)`` in a class, ``m = train()`` where ``train`` returns a model; a name bound more
than once to different kinds of things, or bound by a parameter or a loop, is unknown. Where a rewrite would
depend on a type the rewriter cannot know (``x.most_similar(...)`` with ``x`` a parameter: a gensim 3 model
needs ``x.wv.most_similar``, KeyedVectors are already fine), it reports a finding and leaves the code
alone. A line holding the comment ``# gensim-transfer: ignore`` is neither reported nor rewritten.

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

import argparse
import difflib
import io
import json
import logging
import os
import re
import sys
import tokenize
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

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

logger = logging.getLogger(__name__)

#: What ``migrate`` says (and raises as ``ImportError``) when libcst is not installed.
LIBCST_MISSING = "gensim-transfer migrate needs libcst: pip install 'gensim-transfer[migrate]'"
#: The targets ``migrate`` can write for.
TARGETS = ("4", "neutral")
#: A line containing this comment is neither reported nor rewritten.
SUPPRESS_COMMENT = "gensim-transfer: ignore"

_MODEL_CLASSES = ("Word2Vec", "FastText", "Doc2Vec")
_KV_CLASSES = ("KeyedVectors", "Word2VecKeyedVectors", "FastTextKeyedVectors", "Doc2VecKeyedVectors")
#: Methods gensim 3.x models delegated to ``model.wv`` and gensim 4.0 removed from the models.
_MODEL_DELEGATES = frozenset(
    (
        "most_similar",
        "most_similar_cosmul",
        "similar_by_word",
        "similar_by_vector",
        "doesnt_match",
        "similarity",
        "n_similarity",
        "wmdistance",
        "evaluate_word_pairs",
    )
)
#: Accesses of a 3.x ``Vocab`` object (``wv.vocab[w].<attr>``) and their gensim 4 ``get_vecattr`` name.
_VOCAB_VECATTRS = ("count", "sample_int")
#: Modules gensim 4.0 deleted; code importing them has to be ported by hand.
_REMOVED_MODULES = {
    "gensim.models.wrappers": "the wrappers (Mallet, DTM, Varembed, ...) were removed in gensim 4.0",
    "gensim.summarization": "gensim.summarization was removed in gensim 4.0",
    "gensim.sklearn_api": "gensim.sklearn_api was removed in gensim 4.0",
    "gensim.models.deprecated": "gensim.models.deprecated was removed in gensim 4.0",
    "gensim.viz": "gensim.viz was removed in gensim 4.0",
}
_COMPAT_MODULE = "gensim_transfer.compat"
#: Every rule needs one of these in the text (a known model needs its class name or a gensim import), so a
#: file without any is parsed (to report syntax errors) but not analysed.
_TRIGGERS = re.compile(
    r"gensim|Word2Vec|FastText|Doc2Vec|KeyedVectors|load_facebook|\bwv\b|vocab|index2|syn0|syn1|vectors_norm"
    r"|intersect_word2vec_format|similar|doesnt_match|wmdistance|evaluate_word_pairs|init_sims|docvecs"
    r"|trainables|sentences|documents|accuracy"
)
_NOTE_INT_VALUES = "values are now int row indices, not Vocab objects"


class MigrationError(ValueError):
    """A source file or notebook could not be parsed, so it was left untouched.

    Attributes
    ----------
    path : str
        The file (``"<string>"`` for :func:`migrate_source` without a path).
    line, column : int or None
        1-based position of the problem, when known.
    cell : int or None
        1-based cell number in a notebook.
    """

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        line: Optional[int] = None,
        column: Optional[int] = None,
        cell: Optional[int] = None,
    ) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column
        self.cell = cell
        where = "".join(":%s" % x for x in (("cell %d" % cell) if cell else None, line, column) if x)
        super().__init__("%s%s: %s" % (path, where, problem))


@dataclass(frozen=True)
class Finding:
    """One gensim 3.x idiom found in the code.

    Attributes
    ----------
    path : str
        The file.
    line, column : int
        1-based position of the idiom (in the cell, for a notebook).
    rule : str
        Stable name of the idiom, e.g. ``"model-kwargs"``, ``"vocab"``, ``"model-method"``.
    old : str
        The code as it was (whitespace collapsed, long code shortened).
    new : str or None
        The code it was rewritten to; ``None`` when it was reported but not rewritten.
    message : str
        Why it changed, or why it was not rewritten and what to do by hand.
    cell : int or None
        1-based cell number, for a notebook.
    """

    path: str
    line: int
    column: int
    rule: str
    old: str
    new: Optional[str]
    message: str = ""
    cell: Optional[int] = None

    @property
    def fixed(self) -> bool:
        """True if the idiom was rewritten (``new`` is the replacement)."""
        return self.new is not None

    @property
    def location(self) -> str:
        """``path:line:col``, or ``path:cell N:line:col`` in a notebook."""
        cell = "cell %d:" % self.cell if self.cell is not None else ""
        return "%s:%s%d:%d" % (self.path, cell, self.line, self.column)

    def format(self) -> str:
        """The one-line report ``migrate`` prints."""
        if self.fixed:
            text = "%s: %s: %s -> %s" % (self.location, self.rule, self.old, self.new)
            return text + (" (%s)" % self.message if self.message else "")
        return "%s: %s: %s (not rewritten: %s)" % (self.location, self.rule, self.old, self.message)

    def to_dict(self) -> Dict[str, Any]:
        """JSON-ready dict (the ``--json`` output is a list of these)."""
        return {
            "path": self.path,
            "cell": self.cell,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "old": self.old,
            "new": self.new,
            "fixed": self.fixed,
            "message": self.message,
        }


@dataclass
class MigrationResult:
    """What :func:`migrate_source` / :func:`migrate_notebook` made of one text.

    Attributes
    ----------
    new_code : str
        The rewritten text; equal to the input when nothing was rewritten.
    findings : list of Finding
        Every idiom found, rewritten or not, in source order.
    notes : list of str
        Things skipped on purpose (e.g. notebook cells that are not Python).
    changed : bool
        True if ``new_code`` differs from the input.
    """

    new_code: str
    findings: List[Finding]
    notes: List[str] = field(default_factory=list)
    changed: bool = False


@dataclass
class FileResult:
    """The outcome of :func:`migrate_file` for one path.

    Attributes
    ----------
    path : str
    old_code, new_code : str
        The file's text before and after (equal when nothing changed; empty when ``error`` is set).
    findings : list of Finding
    notes : list of str
    error : str or None
        Why the file could not be migrated (it was left untouched).
    written : bool
        True if the new text was written to the file.
    """

    path: str
    old_code: str = ""
    new_code: str = ""
    findings: List[Finding] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    error: Optional[str] = None
    written: bool = False

    @property
    def changed(self) -> bool:
        """True if migrating changes the file."""
        return self.error is None and self.new_code != self.old_code


# ---------------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------------
def migrate_source(code: str, target: str = "4", *, path: str = "<string>") -> MigrationResult:
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
    new_code, raws = _engine().rewrite(code, target, path)
    findings = [r.finding(path) for r in raws]
    return MigrationResult(new_code=new_code, findings=findings, changed=new_code != code)


def migrate_notebook(text: str, target: str = "4", *, path: str = "<notebook>") -> MigrationResult:
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
    new_joined, raws = engine.rewrite(joined, target, path)
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


def migrate_file(path: str, target: str = "4", *, write: bool = False) -> FileResult:
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
            migrated = migrate_notebook(text, target, path=path)
        else:
            migrated = migrate_source(text, target, path=path)
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

    Directories are walked recursively for ``*.py`` and ``*.ipynb`` (in each directory its files in sorted
    order, then its subdirectories in sorted order), skipping hidden directories, ``__pycache__``,
    ``.ipynb_checkpoints``, ``node_modules``, ``site-packages`` and virtual environments. A file named
    explicitly is migrated whatever its extension (as a notebook if it ends in ``.ipynb``).

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
    return [migrate_file(p, target, write=write) for p in _iter_files(paths)]


# ---------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------
_DESCRIPTION = """\
Rewrite gensim 3.x code (Word2Vec/FastText/Doc2Vec/KeyedVectors idioms) so it runs on gensim 4.x.
Without --write nothing is written: the default prints one line per finding, --diff prints a unified diff.
Exit status: 0 = success (with --check: nothing to change), 1 = --check found something,
2 = usage error or a file could not be read or parsed."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``migrate`` verb to an ``argparse`` sub-parser collection and return its parser.

    The returned parser has ``func=run`` set as default, so a front door can do
    ``args = parser.parse_args(); return args.func(args)``.

    Parameters
    ----------
    subparsers
        The object returned by ``ArgumentParser.add_subparsers()``.
    """
    parser = subparsers.add_parser(
        "migrate",
        help="rewrite gensim 3.x code so it runs on gensim 4.x",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    parser.set_defaults(func=run)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".py files, .ipynb notebooks, or directories (searched recursively)",
    )
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="4",
        help="'4': plain gensim 4 code (default); 'neutral': code that runs on gensim 3.8.3 "
        "and 4.x through gensim_transfer.compat",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if anything was found (for CI and pre-commit)")
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of the rewrite instead of the list of findings",
    )
    parser.add_argument("--write", action="store_true", help="write the rewritten files back")
    parser.add_argument("--json", action="store_true", help="print the findings as a JSON list (not with --diff)")


def run(args: argparse.Namespace) -> int:
    """Run ``migrate`` with parsed arguments (see :func:`main`) and return the exit status."""
    if args.json and args.diff:
        print("gensim-transfer migrate: --json and --diff cannot be combined", file=sys.stderr)
        return 2
    try:
        _engine()
        results = migrate_paths(args.paths, args.target, write=args.write)
    except ImportError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print("gensim-transfer migrate: %s" % exc, file=sys.stderr)
        return 2

    out, err = sys.stdout, sys.stderr
    findings = [f for r in results for f in r.findings]
    errors = [r for r in results if r.error]
    for r in errors:
        print("%s: error: %s" % (r.path, r.error) if not r.error.startswith(r.path) else r.error, file=err)
    for r in results:
        for note in r.notes:
            print("%s: %s" % (r.path, note), file=err)

    if args.json:
        json.dump([f.to_dict() for f in findings], out, indent=2)
        out.write("\n")
    elif args.diff:
        for r in results:
            if r.changed:
                out.write(_unified_diff(r))
        for f in findings:
            if not f.fixed:
                print(f.format(), file=err)
    else:
        for f in findings:
            print(f.format(), file=out)

    changed = [r for r in results if r.changed]
    manual = sum(1 for f in findings if not f.fixed)
    if findings or errors:
        verb = "rewrote" if args.write else "would rewrite"
        print(
            "%d finding%s in %d file%s: %s %d file%s%s%s"
            % (
                len(findings),
                "" if len(findings) == 1 else "s",
                len({(f.path) for f in findings}),
                "" if len({f.path for f in findings}) == 1 else "s",
                verb,
                len(changed),
                "" if len(changed) == 1 else "s",
                "" if args.write or not changed else " (--diff to preview, --write to apply)",
                "; %d to review by hand" % manual if manual else "",
            ),
            file=err,
        )
    if errors:
        return 2
    if args.check and findings:
        return 1
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point: ``gensim-transfer migrate PATH... [--check] [--diff] [--write] [--target]``.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``migrate`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0: success (with ``--check``: nothing found); 1: ``--check`` and at least one finding (rewritable or
        not, also when ``--write`` just fixed it, as pre-commit hooks do); 2: usage error, libcst missing, a
        path that does not exist, or a file that could not be read or parsed (the others are still processed).

    Notes
    -----
    Output: by default one line per finding on stdout,
    ``path:line:col: rule: old -> new (note)`` or ``path:line:col: rule: old (not rewritten: why)``, with
    ``cell N:`` before the line number in notebooks, and a summary line on stderr. ``--diff`` prints a unified
    diff (``a/path``, ``b/path``) on stdout instead and the not-rewritten findings on stderr. ``--json``
    prints the findings as a JSON list. Nothing is written without ``--write``.
    """
    parser = argparse.ArgumentParser(
        prog="gensim-transfer migrate",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help
        return int(exc.code or 0)
    return run(args)


def _unified_diff(result: FileResult) -> str:
    old = result.old_code.splitlines(True)
    new = result.new_code.splitlines(True)
    lines = []
    for line in difflib.unified_diff(old, new, "a/" + _posix(result.path), "b/" + _posix(result.path)):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


def _posix(path: str) -> str:
    return path.replace(os.sep, "/").lstrip("/")


# ---------------------------------------------------------------------------------------------------------
# Files, encodings, directory walking
# ---------------------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------------------
# Notebooks: magics, joining cells, writing the JSON back
# ---------------------------------------------------------------------------------------------------------
_MAGIC_TOKEN = "gensim-transfer-magic-line"
_CELL_TOKEN = "gensim-transfer-cell-boundary"
_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture")
_LINE_MAGIC = re.compile(r"^\s*(?:[%!?]|[\w.]+\s*=\s*[%!])|\?\s*$")


@dataclass
class _Masked:
    code: str
    originals: Dict[str, str]

    def unmask(self, code: str) -> str:
        if not self.originals:
            return code
        lines = code.splitlines(True)
        for i, line in enumerate(lines):
            if _MAGIC_TOKEN in line:
                key = line.split(_MAGIC_TOKEN, 1)[1].split()[0]
                lines[i] = self.originals[key]
        return "".join(lines)


def _mask_magics(source: str) -> Optional[_Masked]:
    """Replace IPython-only lines by placeholder statements; None if the whole cell belongs to a magic."""
    lines = source.splitlines(True)
    first = next((line for line in lines if line.strip()), "")
    if first.lstrip().startswith("%%") and first.strip().split()[0] not in _PYTHON_CELL_MAGICS:
        return None
    originals: Dict[str, str] = {}
    out = []
    for line in lines:
        if _LINE_MAGIC.search(line):
            key = str(len(originals))
            originals[key] = line
            indent = line[: len(line) - len(line.lstrip())]
            ending = line[len(line.rstrip("\r\n")) :] or ""
            out.append("%spass  # %s%s%s" % (indent, _MAGIC_TOKEN, key, ending))
        else:
            out.append(line)
    return _Masked("".join(out), originals)


@dataclass
class _Cell:
    number: int
    cell: Dict[str, Any]
    source_text: str
    masked: _Masked

    @property
    def had_final_newline(self) -> bool:
        return self.source_text.endswith("\n")


def _join_cells(pieces: Sequence[_Cell]) -> Tuple[str, List[int]]:
    """One module of all cells, each after a marker line; returns it and the line number of each marker."""
    parts, starts, line = [], [], 1
    for i, piece in enumerate(pieces):
        code = piece.masked.code if piece.masked.code.endswith("\n") else piece.masked.code + "\n"
        parts.append("# %s %d\n" % (_CELL_TOKEN, i))
        parts.append(code)
        starts.append(line)
        line += 1 + code.count("\n")
    return "".join(parts), starts


def _split_cells(code: str, count: int) -> List[str]:
    """Undo :func:`_join_cells` on the rewritten module (lines above the first marker go to cell 1)."""
    prefix: List[str] = []
    chunks: List[List[str]] = []
    for line in code.splitlines(True):
        if line.startswith("# %s " % _CELL_TOKEN):
            chunks.append([])
        elif chunks:
            chunks[-1].append(line)
        else:
            prefix.append(line)
    if len(chunks) != count:
        raise AssertionError("lost track of notebook cells (%d markers for %d cells)" % (len(chunks), count))
    chunks[0] = prefix + chunks[0]
    return ["".join(chunk) for chunk in chunks]


def _cell_finding(raw: _Raw, path: str, pieces: Sequence[_Cell], starts: Sequence[int]) -> Finding:
    index = max(i for i, start in enumerate(starts) if start <= raw.line)
    return raw.finding(path, cell=pieces[index].number, line=raw.line - starts[index])


def _dump_notebook_like(notebook: Any, original: str) -> Tuple[str, bool]:
    """Serialize ``notebook`` like ``original`` (indent, escaping, final newline) if that is recognisable."""
    original_obj = json.loads(original)
    trailing = original[len(original.rstrip()) :]
    for indent in (1, 2, 4, None, 3, "\t"):
        for ensure_ascii in (False, True):
            separators = (",", ": ") if indent is not None else (", ", ": ")
            dumped = json.dumps(original_obj, indent=indent, ensure_ascii=ensure_ascii, separators=separators)
            if dumped + trailing == original:
                text = json.dumps(notebook, indent=indent, ensure_ascii=ensure_ascii, separators=separators)
                return text + trailing, True
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", False


# ---------------------------------------------------------------------------------------------------------
# The rewriting engine (libcst)
# ---------------------------------------------------------------------------------------------------------
class _Raw:
    """A finding while the engine runs: positions in the analysed module, ``new`` filled in by the rewrite."""

    __slots__ = ("column", "fixable", "line", "message", "new", "old", "rule", "show")

    def __init__(
        self,
        line: int,
        column: int,
        rule: str,
        old: str,
        message: str,
        fixable: bool,
        show: Optional[Callable[[Any], Any]] = None,
    ) -> None:
        self.line, self.column, self.rule, self.old = line, column, rule, old
        self.message, self.fixable, self.show = message, fixable, show
        self.new: Optional[str] = None

    def finding(self, path: str, *, cell: Optional[int] = None, line: Optional[int] = None) -> Finding:
        return Finding(
            path=path,
            line=self.line if line is None else line,
            column=self.column,
            rule=self.rule,
            old=self.old,
            new=self.new if self.fixable else None,
            message=self.message,
            cell=cell,
        )


_ENGINE: Optional[_Engine] = None


def _engine() -> _Engine:
    global _ENGINE
    if _ENGINE is None:
        try:
            import libcst
        except ImportError as exc:
            raise ImportError(LIBCST_MISSING) from exc
        _ENGINE = _Engine(libcst)
    return _ENGINE


def _short(text: str, limit: int = 72) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Engine:
    """Holds the lazily imported libcst module and runs analysis + rewrite on one module."""

    def __init__(self, cst: Any) -> None:
        from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

        from .compat import RENAMED_CORPUS_KWARGS, RENAMED_MODEL_KWARGS

        self.cst = cst
        self.MetadataWrapper = MetadataWrapper
        self.PositionProvider = PositionProvider
        self.ScopeProvider = ScopeProvider
        self.model_renames = dict(RENAMED_MODEL_KWARGS)
        self.corpus_keywords = tuple(old for old, _ in RENAMED_CORPUS_KWARGS)
        self.corpus_keyword_4 = RENAMED_CORPUS_KWARGS[0][1]

        class _Apply(cst.CSTTransformer):
            def __init__(self, edits: Dict[int, Tuple[Callable[[Any], Any], _Raw]], render: Callable) -> None:
                super().__init__()
                self.edits = edits
                self.render = render

            def on_leave(self, original_node: Any, updated_node: Any) -> Any:
                entry = self.edits.get(id(original_node))
                if entry is None:
                    return updated_node
                build, raw = entry
                new = build(updated_node)
                shown = raw.show(new) if raw.show is not None else new
                raw.new = shown if isinstance(shown, str) else _short(self.render(shown).strip().rstrip(","))
                return new

        self._Apply = _Apply

    def parse_problem(self, code: str) -> Optional[str]:
        try:
            self.cst.parse_module(code)
        except self.cst.ParserSyntaxError as exc:
            return "line %s: %s" % (exc.raw_line, exc.message)
        return None

    def rewrite(self, code: str, target: str, path: str) -> Tuple[str, List[_Raw]]:
        """The rewritten code and the findings (positions in ``code``)."""
        cst = self.cst
        try:
            module = cst.parse_module(code)
        except cst.ParserSyntaxError as exc:
            raise MigrationError(
                path, "cannot parse: %s" % exc.message, line=exc.raw_line, column=exc.raw_column + 1
            ) from None
        if not _TRIGGERS.search(code):
            return code, []
        wrapper = self.MetadataWrapper(module, unsafe_skip_copy=True)  # the tree is ours, fresh from the parser
        analyzer = _Analyzer(self, wrapper, target, code)
        analyzer.run()
        if not analyzer.edits:
            return code, analyzer.sorted_findings()
        render = cst.Module(body=[]).code_for_node
        new_module = wrapper.module.visit(self._Apply(analyzer.edits, render))
        new_module = analyzer.add_imports(new_module)
        return new_module.code, analyzer.sorted_findings()


class _Analyzer:
    """Finds gensim 3.x idioms in one module and registers an edit (a node -> node function) for each."""

    def __init__(self, engine: _Engine, wrapper: Any, target: str, code: str) -> None:
        self.engine = engine
        self.cst = engine.cst
        self.module = wrapper.module
        self.neutral = target == "neutral"
        self.scopes = wrapper.resolve(engine.ScopeProvider)
        self.positions = wrapper.resolve(engine.PositionProvider)
        self.suppressed = {i for i, line in enumerate(code.splitlines(), start=1) if SUPPRESS_COMMENT in line}
        self.findings: List[_Raw] = []
        self.edits: Dict[int, Tuple[Callable[[Any], Any], _Raw]] = {}
        self.claimed: Set[int] = set()
        self.uses: Dict[str, int] = {}  # imported name -> index of the first top-level statement using it
        self.top_index = {id(stmt): i for i, stmt in enumerate(self.module.body)}
        # Pre-pass results
        self.values: Dict[int, Any] = {}  # id(Name being assigned) -> assigned expression
        self.imports: Dict[str, str] = {}  # local name -> dotted origin
        self.self_attr_class: Dict[int, int] = {}  # id(`self.x` node) -> id(ClassDef)
        self.class_attrs: Dict[Tuple[int, str], List[Any]] = {}  # (id(ClassDef), attr) -> values (None: unknown)
        self.returns: Dict[int, List[Any]] = {}  # id(FunctionDef) -> returned expressions (None: unknown)
        self.gensim_context = False
        self.compat_bound_elsewhere = False
        self._types: Dict[int, Optional[str]] = {}
        self._children: Dict[int, Sequence[Any]] = {}  # libcst computes .children anew on every access
        self._busy: Set[int] = set()
        self._top: Any = None

    # -- driver --------------------------------------------------------------------------------------------
    def run(self) -> None:
        self._collect(self.module, None, None)
        self.compat_name = "gt_compat" if self.compat_bound_elsewhere else "compat"
        stack: List[Any] = [self.module]
        for stmt in self.module.body:
            self._top = stmt
            self._walk(stmt, stack)

    def _walk(self, node: Any, parents: List[Any]) -> None:
        if id(node) not in self.claimed:
            self._visit(node, parents)
        parents.append(node)
        for child in self._children.pop(id(node), ()):
            self._walk(child, parents)
        parents.pop()

    def sorted_findings(self) -> List[_Raw]:
        return sorted(self.findings, key=lambda r: (r.line, r.column))

    # -- pre-pass: imports, assignments, gensim context ----------------------------------------------------
    def _collect(self, node: Any, klass: Any, function: Any) -> None:
        cst = self.cst
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = self._dotted(alias.name) or ""
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.imports[alias.asname.name.value] = full
                else:
                    root = full.split(".")[0]
                    self.imports[root] = root
                self.gensim_context |= full.split(".")[0] == "gensim"
        elif isinstance(node, cst.ImportFrom) and not node.relative:
            origin = self._dotted(node.module) if node.module is not None else None
            if origin:
                self.gensim_context |= origin.split(".")[0] == "gensim"
                if not isinstance(node.names, cst.ImportStar):
                    for alias in node.names:
                        name = self._dotted(alias.name) or ""
                        local = (
                            alias.asname.name.value
                            if (alias.asname is not None and isinstance(alias.asname.name, cst.Name))
                            else name
                        )
                        self.imports[local] = origin + "." + name
                        if local == "compat" and origin + "." + name != _COMPAT_MODULE:
                            self.compat_bound_elsewhere = True
        elif isinstance(node, cst.Name) and node.value == "gensim":
            self.gensim_context = True
        elif isinstance(node, cst.ClassDef):
            klass = node
            function = None
        elif isinstance(node, cst.FunctionDef):
            function = node
            self.returns[id(node)] = []
        elif isinstance(node, cst.Lambda):
            function = None
        elif isinstance(node, (cst.Return, cst.Yield)) and function is not None:
            value = node.value if isinstance(node, cst.Return) else None
            self.returns[id(function)].append(value)
        elif isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            value = node.value if not isinstance(node, cst.AugAssign) else None
            for t in targets:
                if isinstance(t, cst.Name):
                    if value is not None:
                        self.values[id(t)] = value
                    if t.value == "compat" and not isinstance(node, cst.AugAssign):
                        self.compat_bound_elsewhere = True
                self._collect_self_targets(t, value, klass)
        elif isinstance(node, (cst.For, cst.CompFor)):
            self._collect_self_targets(node.target, None, klass)
        elif isinstance(node, cst.AsName):
            self._collect_self_targets(node.name, None, klass)
        if klass is not None and self._is_self_attr(node):
            self.self_attr_class[id(node)] = id(klass)
        children = self._children[id(node)] = node.children
        for child in children:
            self._collect(child, klass, function)

    def _collect_self_targets(self, target: Any, value: Any, klass: Any) -> None:
        """Record ``self.x = value`` in a class; any other way of binding ``self.x`` makes it unknown."""
        if klass is None:
            return
        cst = self.cst
        if self._is_self_attr(target):
            self.class_attrs.setdefault((id(klass), target.attr.value), []).append(value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._collect_self_targets(element.value, None, klass)

    def _is_self_attr(self, node: Any) -> bool:
        cst = self.cst
        return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"

    # -- names and types -----------------------------------------------------------------------------------
    def _dotted(self, node: Any) -> Optional[str]:
        cst = self.cst
        if isinstance(node, cst.Name):
            return node.value
        if isinstance(node, cst.Attribute):
            head = self._dotted(node.value)
            return head + "." + node.attr.value if head else None
        return None

    def _gensim_name(self, node: Any) -> Optional[str]:
        """The gensim object a name refers to (e.g. ``"Word2Vec"``), by its last dotted component.

        Names imported from elsewhere (``from pyspark.ml.feature import Word2Vec``) are not gensim's; names
        not imported at all (a snippet, a notebook fed names by an earlier cell) are taken at face value.
        """
        dotted = self._dotted(node)
        if not dotted:
            return None
        root, _, rest = dotted.partition(".")
        origin = self.imports.get(root)
        if origin is not None:
            if origin.split(".")[0] != "gensim":
                return None
            dotted = origin + ("." + rest if rest else "")
        return dotted.rsplit(".", 1)[-1]

    def _type(self, expr: Any) -> Optional[str]:
        """``"model:<Class>"``, ``"kv"`` (word KeyedVectors), ``"dockv"`` (``dv``/``docvecs``) or None."""
        key = id(expr)
        if key in self._types:
            return self._types[key]
        if key in self._busy:
            return None
        self._busy.add(key)
        try:
            kind = self._infer(expr)
        finally:
            self._busy.discard(key)
        self._types[key] = kind
        return kind

    def _infer(self, expr: Any) -> Optional[str]:
        cst = self.cst
        if isinstance(expr, cst.Name):
            scope = self.scopes.get(expr)
            if scope is None:
                return None
            try:
                assignments = scope[expr.value]
            except Exception:  # libcst raises for names it cannot resolve in odd scopes
                return None
            kinds = set()
            for assignment in assignments:
                target = getattr(assignment, "node", None)
                if target is None or id(target) not in self.values:
                    return None
                kinds.add(self._type(self.values[id(target)]))
            return kinds.pop() if len(kinds) == 1 else None
        if isinstance(expr, cst.Attribute):
            attr = expr.attr.value
            if attr == "wv":
                return "kv"
            if attr in ("dv", "docvecs"):
                return "dockv"
            klass = self.self_attr_class.get(id(expr))
            if klass is not None:
                values = self.class_attrs.get((klass, attr), [])
                kinds = {self._type(v) if v is not None else None for v in values}
                return kinds.pop() if len(kinds) == 1 else None
            return None
        if isinstance(expr, cst.Call):
            func = expr.func
            if isinstance(func, cst.Name):
                returned = self._returned_type(func)
                if returned is not None:
                    return returned
            name = self._gensim_name(func)
            if name in _MODEL_CLASSES:
                return "model:" + name
            if name in _KV_CLASSES:
                return "kv"
            if name == "load_facebook_vectors":
                return "kv"
            if name == "load_facebook_model":
                return "model:FastText"
            if isinstance(func, cst.Attribute):
                owner = self._gensim_name(func.value)
                method = func.attr.value
                if owner in _MODEL_CLASSES and method == "load":
                    return "model:" + owner
                if owner in _KV_CLASSES and method in ("load", "load_word2vec_format"):
                    return "kv"
        return None

    def _returned_type(self, func: Any) -> Optional[str]:
        """The kind a local function returns, if every ``return`` in it returns the same known kind."""
        scope = self.scopes.get(func)
        if scope is None:
            return None
        try:
            assignments = list(scope[func.value])
        except Exception:
            return None
        definitions = [getattr(a, "node", None) for a in assignments]
        if not definitions or any(d is None or id(d) not in self.returns for d in definitions):
            return None
        kinds = {self._type(v) if v is not None else None for d in definitions for v in self.returns[id(d)]}
        return kinds.pop() if len(kinds) == 1 else None

    def _is_model(self, expr: Any) -> bool:
        return (self._type(expr) or "").startswith("model:")

    # -- reporting -----------------------------------------------------------------------------------------
    def _pos(self, node: Any) -> Tuple[int, int, int]:
        position = self.positions[node]
        return position.start.line, position.start.column + 1, position.end.line

    def _code(self, node: Any) -> str:
        text = self.module.code_for_node(node)
        if isinstance(node, self.cst.Arg):
            text = text.strip().rstrip(",")
        return _short(text)

    def _report(
        self,
        node: Any,
        rule: str,
        message: str,
        build: Optional[Callable[[Any], Any]] = None,
        uses: Sequence[str] = (),
        old: Optional[str] = None,
        at: Any = None,
        show: Optional[Callable[[Any], Any]] = None,
    ) -> bool:
        """Report at ``node`` (or ``at``); with ``build``, rewrite ``node`` as ``build(updated)``."""
        line, column, end = self._pos(at if at is not None else node)
        if any(i in self.suppressed for i in range(line, end + 1)):
            return False
        raw = _Raw(line, column, rule, old if old is not None else self._code(node), message, build is not None, show)
        self.findings.append(raw)
        if build is not None:
            self.edits[id(node)] = (build, raw)
            for name in uses:
                index = self.top_index.get(id(self._top), 0)
                self.uses[name] = min(self.uses.get(name, index), index)
        return True

    # -- node builders -------------------------------------------------------------------------------------
    def _attr(self, value: Any, name: str) -> Any:
        return self.cst.Attribute(value=value, attr=self.cst.Name(name))

    def _arg(self, value: Any, keyword: Optional[str] = None) -> Any:
        cst = self.cst
        if keyword is None:
            return cst.Arg(value=value)
        return cst.Arg(value=value, keyword=cst.Name(keyword), equal=self._tight_equal())

    def _tight_equal(self) -> Any:
        cst = self.cst
        return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))

    def _call(self, func: Any, *args: Any) -> Any:
        return self.cst.Call(func=func, args=[a if isinstance(a, self.cst.Arg) else self._arg(a) for a in args])

    def _compat(self, function: str, *args: Any) -> Any:
        return self._call(self._attr(self.cst.Name(self.compat_name), function), *args)

    def _string(self, text: str) -> Any:
        return self.cst.SimpleString('"%s"' % text)

    def _relast(self, args: List[Any], original: Sequence[Any]) -> List[Any]:
        """After removing/moving args, give the new last arg the old last arg's trailing comma and spacing."""
        cst = self.cst
        if not args or not original:
            return args
        last, old_last = args[-1], original[-1]
        if last is not old_last:
            args[-1] = last.with_changes(comma=old_last.comma, whitespace_after_arg=old_last.whitespace_after_arg)
        for i, arg in enumerate(args[:-1]):
            if arg.comma is cst.MaybeSentinel.DEFAULT:
                args[i] = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return args

    # -- dispatch ------------------------------------------------------------------------------------------
    _DISPATCH = {
        "Call": "_visit_call",
        "Attribute": "_visit_attribute",
        "Subscript": "_visit_subscript",
        "ComparisonTarget": "_visit_membership",
        "Import": "_visit_import",
        "ImportFrom": "_visit_import",
        "Assign": "_visit_vocab_assignment",
    }

    def _visit(self, node: Any, parents: List[Any]) -> None:
        handler = self._DISPATCH.get(type(node).__name__)
        if handler is not None:
            getattr(self, handler)(node, parents)

    def _store_role(self, node: Any, parents: Sequence[Any]) -> Optional[str]:
        """``"bind"`` if ``node`` is an assignment/del/loop target, ``"mutate"`` if it is a target's base."""
        cst = self.cst
        child, role = node, "bind"
        for parent in reversed(parents):
            if isinstance(parent, (cst.Subscript, cst.Attribute)) and parent.value is child:
                child, role = parent, "mutate"
            elif isinstance(parent, (cst.Element, cst.StarredElement)) and parent.value is child:
                child = parent
            elif isinstance(parent, (cst.Tuple, cst.List)):
                child = parent
            elif isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.Del, cst.For, cst.CompFor)):
                return role if parent.target is child else None
            elif isinstance(parent, cst.AsName):
                return role if parent.name is child else None
            else:
                return None
        return None

    # -- calls: constructors, build_vocab/train, intersect, init_sims ----------------------------------------
    def _visit_call(self, node: Any, parents: List[Any]) -> None:
        cst = self.cst
        name = self._gensim_name(node.func)
        if name in _MODEL_CLASSES:
            self._constructor(node, name)
            return
        if not isinstance(node.func, cst.Attribute):
            return
        method = node.func.attr.value
        receiver = node.func.value
        if method in ("build_vocab", "train"):
            self._corpus_keyword(node, receiver)
        elif method == "intersect_word2vec_format":
            self._intersect(node, receiver)
        elif method == "init_sims":
            self._init_sims(node, receiver)
        elif method in ("accuracy", "log_accuracy") and (self._type(receiver) in ("kv",) or self._is_model(receiver)):
            self._report(
                node,
                "removed-api",
                "gensim 4 removed %s(); use wv.evaluate_word_analogies(path), which returns "
                "(score, sections) and exists on gensim 3.8 too" % method,
            )
        elif method == "load_fasttext_format" and self._gensim_name(receiver) in ("FastText", *_KV_CLASSES):
            self._report(
                node,
                "removed-api",
                "gensim 4 removed load_fasttext_format(); use gensim.models.fasttext."
                "load_facebook_model(path) (or load_facebook_vectors), available since gensim 3.8",
            )
        elif method == "load_word2vec_format" and self._gensim_name(receiver) in _MODEL_CLASSES:
            self._report(
                node,
                "removed-api",
                "models cannot load word2vec files; use KeyedVectors.load_word2vec_format(...)",
            )

    def _constructor(self, node: Any, cls: str) -> None:
        cst = self.cst
        renames = self.engine.model_renames
        args = list(node.args)
        renamed = [i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value in renames]
        hashes = [i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == "compatible_hash"]
        unpacked = [i for i, a in enumerate(args) if a.star == "**" and not self._is_compat_call(a.value)]
        if self.neutral:
            # Doc2Vec 3.8 already accepts vector_size/epochs; only the docvecs keywords need compat there.
            direct = [i for i in renamed if cls == "Doc2Vec" and args[i].keyword.value in ("size", "iter")]
            for i in direct:
                self._rename_keyword(args[i], renames[args[i].keyword.value], cls)
            # compat.model_kwargs drops compatible_hash=True on 4.x and raises for anything else
            kept_hashes = [i for i in hashes if self._dotted(args[i].value) == "True"]
            for i in hashes:
                if i not in kept_hashes:
                    self._report(args[i], "model-kwargs", self._NO_COMPATIBLE_HASH)
            bundle = sorted(set(renamed) - set(direct) | set(kept_hashes) | set(unpacked))
            if bundle:
                self._bundle_kwargs(node, args, bundle, cls)
            return
        for i in renamed:
            self._rename_keyword(args[i], renames[args[i].keyword.value], cls)
        for i in hashes:
            arg = args[i]
            if isinstance(arg.value, cst.Name) and arg.value.value == "True":

                def drop(updated: Any, i: int = i) -> Any:
                    kept = [a for j, a in enumerate(updated.args) if j != i]
                    return updated.with_changes(args=self._relast(kept, updated.args))

                self._report(
                    node,
                    "model-kwargs",
                    "gensim 4 FastText always hashes n-grams like Facebook's fastText (compatible_hash=True)",
                    drop,
                    old=self._code(arg),
                    at=arg,
                    show=lambda new: "(removed)",
                )
            else:
                self._report(arg, "model-kwargs", self._NO_COMPATIBLE_HASH)
        for i in unpacked:
            self._report(
                args[i],
                "model-kwargs",
                "keywords passed through %s are not checked: make sure they "
                "use vector_size/epochs/dv, not size/iter/docvecs" % self._code(args[i]),
            )

    _NO_COMPATIBLE_HASH = (
        "gensim 4 has no compatible_hash: it always hashes n-grams like Facebook's fastText "
        "(3.x compatible_hash=True); models trained with compatible_hash=False need retraining"
    )

    def _rename_keyword(self, arg: Any, new: str, cls: str) -> None:
        old = arg.keyword.value
        self._report(arg, "model-kwargs", "", lambda updated: updated.with_changes(keyword=self.cst.Name(new)))
        if old in ("docvecs", "docvecs_mapfile") and cls != "Doc2Vec":
            self.findings[-1].message = "only Doc2Vec takes %s=" % new

    def _bundle_kwargs(self, node: Any, args: List[Any], bundle: List[int], cls: str) -> None:
        renames = self.engine.model_renames
        compat_name = self.compat_name
        first = bundle[0]

        def build(updated: Any) -> Any:
            cst = self.cst
            inner = []
            for i in bundle:
                arg = updated.args[i]
                if arg.star == "**":
                    inner.append(cst.Arg(value=arg.value, star="**"))
                else:
                    keyword = renames.get(arg.keyword.value, arg.keyword.value)
                    inner.append(cst.Arg(value=arg.value, keyword=cst.Name(keyword), equal=self._tight_equal()))
            first_arg = updated.args[first]
            packed = cst.Arg(
                value=cst.Call(func=self._attr(cst.Name(compat_name), "model_kwargs"), args=inner),
                star="**",
                comma=first_arg.comma,
                whitespace_after_arg=first_arg.whitespace_after_arg,
            )
            new_args = [
                packed if i == first else a for i, a in enumerate(updated.args) if i == first or i not in bundle
            ]
            return updated.with_changes(args=self._relast(new_args, updated.args))

        old = ", ".join(self._code(args[i]) for i in bundle)
        message = (
            "compat.model_kwargs() passes the keywords in the installed gensim's spelling "
            "(size/iter/docvecs on 3.8, vector_size/epochs/dv on 4.x)"
        )
        self._report(
            node,
            "model-kwargs",
            message,
            build,
            uses=("compat",),
            old=_short(old),
            at=args[first],
            show=lambda new: new.args[first],
        )

    def _is_compat_call(self, node: Any) -> bool:
        cst = self.cst
        if not isinstance(node, cst.Call):
            return False
        dotted = self._dotted(node.func) or ""
        return dotted.split(".")[0] in ("compat", self.compat_name, "gensim_transfer")

    def _corpus_keyword(self, node: Any, receiver: Any) -> None:
        cst = self.cst
        args = list(node.args)
        found = [
            i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value in self.engine.corpus_keywords
        ]
        if not found or any(a.keyword is not None and a.keyword.value == self.engine.corpus_keyword_4 for a in args):
            return
        kind = self._type(receiver)
        if not (kind or "").startswith("model:") and (kind is not None or not self.gensim_context):
            return
        index = found[0]
        arg = args[index]
        new_keyword = self.engine.corpus_keyword_4
        if not self.neutral:
            self._report(arg, "corpus-kwarg", "", lambda updated: updated.with_changes(keyword=cst.Name(new_keyword)))
            return
        if any(a.star == "*" for a in args):
            self._report(
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
            compat_name = self.compat_name

            def wrap(updated: Any) -> Any:
                inner = cst.Arg(value=updated.value, keyword=updated.keyword, equal=self._tight_equal())
                call = cst.Call(func=self._attr(cst.Name(compat_name), "corpus_kwargs"), args=[inner])
                return updated.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT, star="**", value=call)

            self._report(
                arg,
                "corpus-kwarg",
                "compat.corpus_kwargs() spells the corpus keyword for the installed gensim",
                wrap,
                uses=("compat",),
            )
            return
        if index == 0:
            self._report(
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
            return updated.with_changes(args=self._relast([moved, *rest], updated.args))

        self._report(node, "corpus-kwarg", message, move, old=self._code(arg), at=arg, show=lambda new: new.args[0])

    def _model_of_intersect(self, receiver: Any) -> Optional[Any]:
        """The model expression ``transfer_init`` needs, or None if the receiver is not known as a model."""
        cst = self.cst
        if self._is_model(receiver):
            return receiver
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "wv" and self._type(receiver.value) != "kv":
            return receiver.value
        return None

    def _intersect(self, node: Any, receiver: Any) -> None:
        cst = self.cst
        why = (
            "transfer_init() merges the file on every gensim; gensim 4's own model.wv."
            "intersect_word2vec_format needs its lock array expanded by hand and fails on numpy 2 with "
            "binary=True"
            if not self.neutral
            else "transfer_init() merges the file the same way on gensim 3.8 and 4.x (gensim 4 moved the method "
            "to model.wv, where it needs its lock array expanded by hand and fails on numpy 2)"
        )
        model = self._model_of_intersect(receiver)
        if model is None and self._type(receiver) == "kv":
            self._report(
                node,
                "intersect",
                "%s is KeyedVectors, which cannot be trained: merge into the model instead, with "
                "transfer_init(model, path, lockf=..., binary=...) from gensim_transfer" % self._code(receiver),
            )
            return
        if model is None:
            if self.gensim_context:
                self._report(
                    node,
                    "intersect",
                    "the type of %s is unknown: if it is a gensim model, use "
                    "transfer_init(%s, path, lockf=..., binary=...) from gensim_transfer"
                    % (self._code(receiver), self._code(receiver)),
                )
            return
        if any(a.star for a in node.args):
            self._report(
                node,
                "intersect",
                "cannot map *args/**kwargs: use transfer_init(model, path, lockf=..., binary=...) from gensim_transfer",
            )
            return
        positional_names = ("path", "lockf", "binary", "encoding", "unicode_errors")
        from_model = receiver is not model  # receiver was `model.wv`

        def build(updated: Any) -> Any:
            new_model = updated.func.value.value if from_model else updated.func.value
            new_args = [cst.Arg(value=new_model, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))]
            position = 0
            for arg in updated.args:
                if arg.keyword is None:
                    if position >= 2:  # binary and later are keyword-only in transfer_init
                        arg = arg.with_changes(keyword=cst.Name(positional_names[position]), equal=self._tight_equal())
                    position += 1
                elif arg.keyword.value == "fname":
                    arg = arg.with_changes(keyword=cst.Name("path"))
                new_args.append(arg)
            if len(new_args) == 1:
                new_args[0] = new_args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated.with_changes(func=cst.Name("transfer_init"), args=new_args)

        self._report(node, "intersect", why, build, uses=("transfer_init",))

    def _init_sims(self, node: Any, receiver: Any) -> None:
        if self.neutral:
            return  # init_sims() exists on gensim 3.8 and 4.x (deprecated there, but it runs)
        cst = self.cst
        replace = None
        for i, arg in enumerate(node.args):
            if (arg.keyword is not None and arg.keyword.value == "replace") or (arg.keyword is None and i == 0):
                replace = arg.value
        literal = self._dotted(replace) if replace is not None else "False"
        if literal != "False":
            self._report(
                node,
                "init-sims",
                "init_sims(replace=True) overwrote the vectors with unit vectors; "
                "gensim 4 no longer needs that to save memory. If you only query similarities, delete "
                "the call; if you need unit vectors in place, call wv.unit_normalize_all() (a model "
                "cannot be trained sensibly afterwards)",
            )
            return
        kind = self._type(receiver)
        if kind is None:
            if self.gensim_context:
                self._report(
                    node,
                    "init-sims",
                    "the type of %s is unknown: use %s.wv.fill_norms() for a model, "
                    "%s.fill_norms() for KeyedVectors (or delete the call: gensim 4 computes norms "
                    "when needed)" % ((self._code(receiver),) * 3),
                )
            return
        if kind == "dockv":
            return
        is_model = kind.startswith("model:")

        def build(updated: Any) -> Any:
            kv = self._attr(updated.func.value, "wv") if is_model else updated.func.value
            return cst.Call(func=self._attr(kv, "fill_norms"), args=[])

        self._report(node, "init-sims", "init_sims() is deprecated in gensim 4", build)

    # -- attributes: vocab, index2word, syn0, wv, model methods, iter, docvecs -----------------------------
    def _visit_attribute(self, node: Any, parents: List[Any]) -> None:
        attr = node.attr.value
        receiver = node.value
        if attr == "vocab":
            self._vocab(node, parents)
        elif attr in ("index2word", "index2entity"):
            self._index2word(node, parents)
        elif attr == "syn0" and not self._own_attribute(node):
            self._syn0(node)
        elif attr in ("syn0norm", "vectors_norm"):
            self._normed(node, parents)
        elif attr == "wv":
            self._kv_wv(node, parents)
        elif attr in _MODEL_DELEGATES:
            self._model_method(node, parents)
        elif attr == "iter":
            self._iter_attr(node, parents)
        elif attr == "docvecs":
            self._docvecs(node, parents)
        elif attr == "trainables":
            self._trainables(node, parents)
        elif attr in ("vocabulary", "syn0_lockf") and self._is_model(receiver):
            self._report(
                node,
                "removed-api",
                "gensim 4 models have no %s; for lock factors use gensim_transfer.compat."
                "lock_factors(model), for vocabulary settings the model's own attributes" % attr,
            )

    def _kv_receiver(self, receiver: Any) -> Tuple[Optional[str], bool]:
        """("kv" | "model" | None, strip) for the receiver of a KeyedVectors attribute.

        ``strip`` is True for ``Y.wv`` with ``Y`` itself KeyedVectors: neutral code passes ``Y`` to compat,
        which accepts either, instead of gensim 3's ``KeyedVectors.wv`` alias (gone in gensim 4).
        """
        cst = self.cst
        kind = self._type(receiver)
        if kind == "kv":
            strip = (
                self.neutral
                and isinstance(receiver, cst.Attribute)
                and receiver.attr.value == "wv"
                and self._type(receiver.value) == "kv"
            )
            return "kv", strip
        if (kind or "").startswith("model:"):
            return "model", False
        return None, False

    def _own_attribute(self, node: Any) -> bool:
        """True for ``self.<name>`` when the enclosing class assigns ``self.<name>`` itself (not gensim's)."""
        klass = self.self_attr_class.get(id(node))
        return klass is not None and (klass, node.attr.value) in self.class_attrs

    def _unknown_kv_receiver(self, node: Any, rule: str, spelling: str) -> None:
        """Report (never rewrite) a KeyedVectors attribute read on a receiver of unknown type."""
        if not self.gensim_context or self._own_attribute(node) or self._type(node.value) is not None:
            return
        receiver = self._code(node.value)
        self._report(
            node,
            rule,
            "the type of %s is unknown: if it is gensim KeyedVectors (or a model: use %s.wv), gensim 4 spells "
            "it %s" % (receiver, receiver, spelling),
        )

    def _claim_wv(self, receiver: Any, strip: bool) -> None:
        """A rewrite will pass ``Y`` for ``Y.wv``: keep the ``kv-wv`` rule off that ``Y.wv``."""
        if strip:
            self.claimed.add(id(receiver))

    def _kv_operand(self, updated_receiver: Any, kind: str, strip: bool, for_compat: bool) -> Any:
        if strip:
            return updated_receiver.value
        if kind == "model" and not for_compat:
            return self._attr(updated_receiver, "wv")
        return updated_receiver

    def _vocab(self, node: Any, parents: List[Any]) -> None:
        cst = self.cst
        kind, strip = self._kv_receiver(node.value)
        if kind is None:
            if self.gensim_context and self._type(node.value) is None:
                self._report(
                    node,
                    "vocab",
                    "the type of %s is unknown: if it is gensim KeyedVectors (or a model: "
                    "use .wv), gensim 4 replaced .vocab by .key_to_index (word -> index) and "
                    '.get_vecattr(word, "count")' % self._code(node.value),
                )
            return
        parent = parents[-1] if parents else None
        grand = parents[-2] if len(parents) > 1 else None
        role = self._store_role(node, parents)
        neutral = self.neutral

        # wv.vocab[w].count / .index / .sample_int
        if isinstance(parent, cst.Subscript) and parent.value is node:
            single = len(parent.slice) == 1 and isinstance(parent.slice[0].slice, cst.Index)
            if (
                single
                and isinstance(grand, cst.Attribute)
                and grand.value is parent
                and grand.attr.value in (*_VOCAB_VECATTRS, "index")
            ):
                if id(grand) in self.claimed:
                    return
                if self._store_role(grand, parents[:-2]) is not None:
                    self._report(
                        grand,
                        "vocab",
                        "assigning to wv.vocab[w].%s has no safe rewrite here; "
                        "gensim 4: wv.set_vecattr(w, %r, value)" % (grand.attr.value, grand.attr.value),
                    )
                    return
                self._vocab_entry(node, grand, kind, strip)
                return
            self._report(
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
            self._report(
                parent,
                "vocab",
                "wv.vocab.%s() gave Vocab objects; gensim 4's key_to_index maps words to "
                'int indices: read counts with get_vecattr(w, "count")' % parent.attr.value,
            )
            return
        if role is not None:
            self._report(
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
        plain = is_len or self._key_only_context(node, parent, grand)
        note = "" if plain else _NOTE_INT_VALUES
        self._claim_wv(node.value, strip)
        if neutral:
            function = "index_to_key" if is_len else "key_to_index"

            def build(updated: Any) -> Any:
                return self._compat(function, self._kv_operand(updated.value, kind, strip, True))

            self._report(node, "vocab", note, build, uses=("compat",))
        else:

            def build(updated: Any) -> Any:
                return self._attr(self._kv_operand(updated.value, kind, strip, False), "key_to_index")

            self._report(node, "vocab", note, build)

    def _key_only_context(self, node: Any, parent: Any, grand: Any) -> bool:
        """True where only the keys of ``wv.vocab`` are used (membership, iteration, .keys(), list(...))."""
        cst = self.cst
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

    def _vocab_entry(self, vocab: Any, node: Any, kind: str, strip: bool) -> None:
        """``wv.vocab[w].count`` -> ``wv.get_vecattr(w, "count")`` (``node`` is the ``.count``)."""
        attr = node.attr.value
        self.claimed.add(id(vocab))
        self.claimed.add(id(node.value))
        if self.neutral and attr not in ("count", "index"):
            self._report(
                node,
                "vocab",
                "gensim 3.8 and 4 store %s differently and gensim_transfer.compat has no "
                "helper for it: wv.vocab[w].%s on 3.8, wv.get_vecattr(w, %r) on 4.x" % (attr, attr, attr),
            )
            return
        self._claim_wv(vocab.value, strip)

        def parts(updated: Any) -> Tuple[Any, Any, Any]:
            subscript = updated.value
            return subscript, subscript.slice[0].slice.value, subscript.value.value

        if attr == "index":
            if self.neutral:

                def build(updated: Any) -> Any:
                    subscript, _, receiver = parts(updated)
                    return subscript.with_changes(
                        value=self._compat("key_to_index", self._kv_operand(receiver, kind, strip, True))
                    )

                self._report(node, "vocab", "", build, uses=("compat",))
            else:

                def build(updated: Any) -> Any:
                    subscript, _, receiver = parts(updated)
                    return subscript.with_changes(
                        value=self._attr(self._kv_operand(receiver, kind, strip, False), "key_to_index")
                    )

                self._report(node, "vocab", "", build)
            return
        if self.neutral:

            def build(updated: Any) -> Any:
                _, word, receiver = parts(updated)
                return self._compat("word_count", self._kv_operand(receiver, kind, strip, True), word)

            self._report(node, "vocab", "", build, uses=("compat",))
            return

        def build4(updated: Any) -> Any:
            _, word, receiver = parts(updated)
            return self._call(
                self._attr(self._kv_operand(receiver, kind, strip, False), "get_vecattr"),
                word,
                self._string(attr),
            )

        self._report(node, "vocab", "", build4)

    def _visit_vocab_assignment(self, node: Any, parents: List[Any]) -> None:
        """``wv.vocab[w].count = n`` -> ``wv.set_vecattr(w, "count", n)``

        Neutral: ``compat.set_word_count(wv, w, n)``.
        """
        cst = self.cst
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
        kind, strip = self._kv_receiver(vocab.value)
        if kind is None:
            return
        attr = target.attr.value
        if self.neutral and attr != "count":
            return  # reported by _vocab_entry's store check
        self.claimed.update((id(target), id(target.value), id(vocab)))
        self._claim_wv(vocab.value, strip)

        def build(updated: Any) -> Any:
            updated_target = updated.targets[0].target
            receiver = updated_target.value.value.value
            word = updated_target.value.slice[0].slice.value
            if self.neutral:
                call = self._compat(
                    "set_word_count", self._kv_operand(receiver, kind, strip, True), word, updated.value
                )
            else:
                call = self._call(
                    self._attr(self._kv_operand(receiver, kind, strip, False), "set_vecattr"),
                    word,
                    self._string(attr),
                    updated.value,
                )
            return cst.Expr(value=call, semicolon=updated.semicolon)

        self._report(node, "vocab", "", build, uses=("compat",) if self.neutral else ())

    def _index2word(self, node: Any, parents: List[Any]) -> None:
        if self._own_attribute(node):
            return
        if self._store_role(node, parents) == "bind":
            self._report(
                node,
                "index2word",
                "assigning the word list has no safe rewrite: gensim 4 keeps "
                "index_to_key and key_to_index in step itself",
            )
            return
        kind, strip = self._kv_receiver(node.value)
        if kind is None:
            self._unknown_kv_receiver(node, "index2word", ".index_to_key (neutral: compat.index_to_key(...))")
            return
        self._claim_wv(node.value, strip)
        if self.neutral:

            def build(updated: Any) -> Any:
                return self._compat("index_to_key", self._kv_operand(updated.value, kind, strip, True))

            self._report(node, "index2word", "", build, uses=("compat",))
        else:

            def build4(updated: Any) -> Any:
                return self._attr(self._kv_operand(updated.value, kind, strip, False), "index_to_key")

            self._report(node, "index2word", "", build4)

    def _syn0(self, node: Any) -> None:
        kind, strip = self._kv_receiver(node.value)
        if kind is None:
            self._unknown_kv_receiver(node, "syn0", ".vectors (on gensim 3.8 too)")
            return
        self._claim_wv(node.value, strip)
        self._report(
            node,
            "syn0",
            "",
            lambda updated: self._attr(self._kv_operand(updated.value, kind, strip, False), "vectors"),
        )

    def _normed(self, node: Any, parents: List[Any]) -> None:
        name = node.attr.value
        if self._own_attribute(node):
            return
        if self._store_role(node, parents) is not None:
            self._report(
                node,
                "syn0",
                "gensim 4 computes unit vectors on demand; writing %s has no safe rewrite" % name,
            )
            return
        kind, strip = self._kv_receiver(node.value)
        if kind is None:
            self._unknown_kv_receiver(
                node, "syn0", ".get_normed_vectors() (neutral: compat.normed_vectors(...)), computed on demand"
            )
            return
        self._claim_wv(node.value, strip)
        note = "a fresh unit-length copy (3.x filled %s only after init_sims())" % name
        if self.neutral:
            self._report(
                node,
                "syn0",
                note,
                lambda updated: self._compat("normed_vectors", self._kv_operand(updated.value, kind, strip, True)),
                uses=("compat",),
            )
        else:
            self._report(
                node,
                "syn0",
                note,
                lambda updated: self._call(
                    self._attr(self._kv_operand(updated.value, kind, strip, False), "get_normed_vectors")
                ),
            )

    def _kv_wv(self, node: Any, parents: List[Any]) -> None:
        if self._type(node.value) != "kv" or self._store_role(node, parents) == "bind":
            return
        if self.neutral:
            self._report(
                node,
                "kv-wv",
                "KeyedVectors.wv (gensim 3's alias for itself) is gone in gensim 4",
                lambda updated: self._compat("wv", updated.value),
                uses=("compat",),
            )
        else:
            self._report(
                node,
                "kv-wv",
                "KeyedVectors.wv (gensim 3's alias for itself) is gone in gensim 4",
                lambda updated: updated.value,
            )

    def _model_method(self, node: Any, parents: List[Any]) -> None:
        kind = self._type(node.value)
        if (kind or "").startswith("model:"):
            self._report(
                node,
                "model-method",
                "gensim 4 models no longer delegate %s to wv" % node.attr.value,
                lambda updated: updated.with_changes(value=self._attr(updated.value, "wv")),
            )
            return
        parent = parents[-1] if parents else None
        called = isinstance(parent, self.cst.Call) and parent.func is node
        if kind is None and called and self.gensim_context:
            receiver = self._code(node.value)
            self._report(
                node,
                "model-method",
                "the type of %s is unknown: if it is a gensim model, write "
                "%s.wv.%s(...) (KeyedVectors already have %s)" % (receiver, receiver, node.attr.value, node.attr.value),
            )

    def _iter_attr(self, node: Any, parents: List[Any]) -> None:
        cst = self.cst
        known = self._is_model(node.value)
        if not known:
            # `model.train(..., epochs=m.iter)`: whatever m is, it is the model being trained
            parent = parents[-1] if parents else None
            grand = parents[-2] if len(parents) > 1 else None
            known = (
                self.gensim_context
                and isinstance(parent, cst.Arg)
                and parent.value is node
                and parent.keyword is not None
                and parent.keyword.value == "epochs"
                and isinstance(grand, cst.Call)
                and isinstance(grand.func, cst.Attribute)
                and grand.func.attr.value == "train"
            )
        if known:
            self._report(
                node,
                "iter-attr",
                "model.epochs exists on gensim 3.8 too",
                lambda updated: updated.with_changes(attr=cst.Name("epochs")),
            )

    _DOCVECS_MANUAL = {
        "doctags": "docvecs.doctags held Doctag objects; gensim 4: dv.key_to_index (tag -> index) and "
        'dv.get_vecattr(tag, "doc_count")',
        "vectors_docs": "no spelling works on both: docvecs.vectors_docs on 3.8, dv.vectors on 4.x",
        "offset2doctag": "no spelling works on both: docvecs.offset2doctag on 3.8, dv.index_to_key on 4.x",
    }

    def _docvecs(self, node: Any, parents: List[Any]) -> None:
        if self._own_attribute(node):
            return
        cst = self.cst
        parent = parents[-1] if parents else None
        sub = None
        if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in self._DOCVECS_MANUAL:
            sub = parent.attr.value
        known = self._type(node.value) == "model:Doc2Vec"
        if not known and not self.gensim_context:
            return
        if sub == "doctags" or (sub is not None and self.neutral):
            self.claimed.add(id(node))
            self._report(parent, "docvecs", self._DOCVECS_MANUAL[sub])
            return
        if self.neutral:
            return  # gensim 4 still has Doc2Vec.docvecs (a deprecated alias of dv)
        if not known:
            receiver = self._code(node.value)
            self._report(
                node,
                "docvecs",
                "the type of %s is unknown: if it is a Doc2Vec model, write %s.dv (docvecs still works on gensim 4 "
                "but is deprecated; docvecs.vectors_docs became dv.vectors, docvecs.offset2doctag "
                "dv.index_to_key)" % (receiver, receiver),
            )
            return
        if sub is not None:
            new_sub = {"vectors_docs": "vectors", "offset2doctag": "index_to_key"}[sub]
            self._report(parent, "docvecs", "", lambda updated: updated.with_changes(attr=cst.Name(new_sub)))
        self._report(
            node,
            "docvecs",
            "Doc2Vec.docvecs was renamed dv in gensim 4",
            lambda updated: updated.with_changes(attr=cst.Name("dv")),
        )

    def _trainables(self, node: Any, parents: List[Any]) -> None:
        if self._own_attribute(node):
            return
        cst = self.cst
        known = self._is_model(node.value)
        if not known and not self.gensim_context:
            return
        parent = parents[-1] if parents else None
        if (
            known
            and isinstance(parent, cst.Attribute)
            and parent.value is node
            and parent.attr.value in ("syn1neg", "syn1")
        ):
            self.claimed.add(id(node))
            self._report(
                parent,
                "removed-api",
                "the output weights are model attributes on gensim 3.8 and 4.x",
                lambda updated: updated.with_changes(value=updated.value.value),
            )
            return
        self._report(
            node,
            "removed-api",
            "gensim 4 models have no trainables; lock factors: gensim_transfer.compat.lock_factors(model); "
            "output weights: model.syn1neg / model.syn1 (on gensim 3.8 too)",
        )

    def _visit_subscript(self, node: Any, parents: List[Any]) -> None:
        """``model[word]`` -> ``model.wv[word]``."""
        kind = self._type(node.value)
        if not (kind or "").startswith("model:") or self._store_role(node, parents) is not None:
            return
        if kind == "model:Doc2Vec":
            self._report(
                node,
                "model-method",
                "gensim 3 Doc2Vec[key] returned a word vector or a document "
                "vector depending on the key: write model.wv[word] or model.dv[tag]",
            )
            return
        self._report(
            node.value,
            "model-method",
            "gensim 4 models are not subscriptable",
            lambda updated: self._attr(updated, "wv"),
            at=node,
        )

    def _visit_membership(self, node: Any, parents: List[Any]) -> None:
        """``word in model`` -> ``word in model.wv``."""
        cst = self.cst
        if not isinstance(node.operator, (cst.In, cst.NotIn)):
            return
        kind = self._type(node.comparator)
        if kind in ("model:Word2Vec", "model:FastText"):
            self._report(
                node.comparator,
                "model-method",
                "gensim 4 models do not support `in`",
                lambda updated: self._attr(updated, "wv"),
            )

    def _visit_import(self, node: Any, parents: List[Any]) -> None:
        cst = self.cst
        if isinstance(node, cst.Import):
            modules = [self._dotted(a.name) or "" for a in node.names]
        else:
            base = self._dotted(node.module) if node.module is not None and not node.relative else ""
            modules = [base or ""]
            if base and not isinstance(node.names, cst.ImportStar):
                modules += [base + "." + (self._dotted(a.name) or "") for a in node.names]
        for module in modules:
            for removed, why in _REMOVED_MODULES.items():
                if module == removed or module.startswith(removed + "."):
                    self._report(node, "removed-api", why + "; port this code by hand")
                    return

    # -- imports -------------------------------------------------------------------------------------------
    def add_imports(self, module: Any) -> Any:
        """Add ``from gensim_transfer import compat, transfer_init`` (what the rewrite used) once."""
        cst = self.cst
        wanted = []
        if "compat" in self.uses and self.imports.get(self.compat_name) != _COMPAT_MODULE:
            wanted.append("compat" if self.compat_name == "compat" else "compat as %s" % self.compat_name)
        if "transfer_init" in self.uses and not self.imports.get("transfer_init", "").startswith("gensim_transfer"):
            wanted.append("transfer_init")
        if not wanted:
            return module
        first_use = min(self.uses[name] for name in ("compat", "transfer_init") if name in self.uses)
        body = list(module.body)
        position = None
        for i, stmt in enumerate(body[: first_use + 1]):
            if isinstance(stmt, cst.SimpleStatementLine) and any(
                isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
            ):
                position = i + 1
        if position is None:
            position = 0
            while position < len(body) and self._is_preamble(body[position], position):
                position += 1
        statement = cst.parse_statement(
            "from gensim_transfer import %s\n" % ", ".join(wanted), config=module.config_for_parsing
        )
        body.insert(position, statement)
        return module.with_changes(body=body)

    def _is_preamble(self, stmt: Any, index: int) -> bool:
        """A module docstring or a ``from __future__`` import: new imports go after these."""
        cst = self.cst
        if not isinstance(stmt, cst.SimpleStatementLine):
            return False
        first = stmt.body[0]
        if (
            index == 0
            and isinstance(first, cst.Expr)
            and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString))
        ):
            return True
        return (
            isinstance(first, cst.ImportFrom)
            and first.module is not None
            and self._dotted(first.module) == "__future__"
        )


if __name__ == "__main__":  # python -m gensim_transfer.migrate PATH...
    sys.exit(main())
