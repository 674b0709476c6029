"""What ``migrate`` reports: findings, results, the parse error, and the constants the front doors share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

#: What ``migrate`` says (and raises as ``ImportError``) when libcst is not installed.
LIBCST_MISSING = "gensim-transfer migrate needs libcst: pip install 'gensim-transfer[migrate]'"
#: The targets ``migrate`` can write for.
TARGETS = ("4", "neutral")
#: A line containing this comment is neither reported nor rewritten.
SUPPRESS_COMMENT = "gensim-transfer: ignore"




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


def short(text: str, limit: int = 72) -> str:
    """``text`` on one line, shortened to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
