"""The ``gensim-transfer`` command (also ``python -m gensim_transfer``).

Verbs, one module each: ``adapt`` (the whole workflow; with no arguments a built-in example), ``info`` (what a
vector source is), ``convert`` (word2vec binary <-> text, from GloVe/fastText text too), ``drift`` (how far
vectors moved), ``evaluate`` (scores side by side), ``doctor`` (versions and compatibility paths), ``migrate``
(rewrite gensim 3.x code; see :mod:`gensim_transfer.migrate`). A verb module holds ``SUMMARY``, ``EPILOG``,
``add_arguments(parser)`` and ``run(args, progress)``; it parses and prints, and calls the package for
everything else.

Exit status: 0 success, 1 failure (a one-line ``gensim-transfer: error: ...`` on stderr naming the file and,
where known, the line or record; the traceback too with ``--verbose``), 2 usage error, 130 interrupted.
Control characters in an error (a newline in a file name) are printed escaped (``\\n``), so that every
error is one line; a failure in one of gensim's training threads is such an error too, never a hang.
Reports go to stdout (JSON with ``--json``); logging, progress and errors to stderr.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import platform
import sys
import traceback
from contextlib import contextmanager
from typing import Any, Iterator, List, Optional, Sequence

from .. import __version__, compat
from .._progress import Progress, choose_mode
from ..errors import TrainingError, TransferError
from ..examples import data_path
from . import adapt, convert, doctor, drift, evaluate, info
from ._common import PROG
from .adapt import DEMO_DIR
from .doctor import doctor_info

__all__ = ["DEMO_DIR", "VERBS", "build_parser", "data_path", "doctor_info", "main"]

logger = logging.getLogger("gensim_transfer.cli")

#: The verbs ``build_parser`` knows, in the order ``--help`` lists them (``migrate`` parses its own arguments).
VERBS = {"adapt": adapt, "info": info, "convert": convert, "drift": drift, "evaluate": evaluate, "doctor": doctor}

_GLOBAL_FLAGS = {"-q", "--quiet", "-v", "--verbose", "-vv", "-vvv"}

_MAIN_EPILOG = """\
examples:
  gensim-transfer adapt                      run the built-in example (seconds, no download)
  gensim-transfer adapt --pretrained GoogleNews-vectors-negative300.bin.gz \\
      --corpus notes.txt --out notes.model --vocab union --top 200000
  gensim-transfer info GoogleNews-vectors-negative300.bin.gz
  gensim-transfer drift GoogleNews-vectors-negative300.bin.gz notes.model --words fever
  gensim-transfer evaluate GoogleNews-vectors-negative300.bin.gz notes.model
  gensim-transfer convert glove.6B.100d.txt glove.6B.100d.bin
  gensim-transfer doctor
  gensim-transfer migrate --diff src/

exit status: 0 ok, 1 failure, 2 usage error.
"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line too (verbs' parsers are made of the same class)."""

    def error(self, message: str):  # type: ignore[override]
        super().error(one_line(message))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gensim-transfer`` (every verb but ``migrate``, which parses its own).

    Examples
    --------
    >>> args = build_parser().parse_args(["info", "vectors.bin", "--json"])
    >>> args.command, args.json
    ('info', True)
    """
    common = argparse.ArgumentParser(add_help=False)
    output = common.add_argument_group("output")
    # SUPPRESS: the flags may come before or after the verb without one resetting the other.
    output.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print only errors: no log lines, no progress")
    output.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="log what happens (-vv: gensim's log too); tracebacks with errors")

    parser = _Parser(
        prog=PROG, parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Merge pretrained word vectors into gensim models and keep training them, identically on "
                    "gensim 3.8.3 to 4.4.",
        epilog=_MAIN_EPILOG,
    )
    parser.add_argument("--version", action="version", version="%s %s (gensim %s, numpy %s, Python %s)" % (
        PROG, __version__, compat.GENSIM_VERSION, compat.NUMPY_VERSION, platform.python_version()))
    verbs = parser.add_subparsers(dest="command", metavar="<command>", title="commands")
    verbs.required = True
    for name, module in VERBS.items():
        p = verbs.add_parser(name, help=module.SUMMARY, description=module.SUMMARY, epilog=module.EPILOG,
                             parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(p)
        p.set_defaults(parser=p, run=module.run)
    # Listed for --help only: main() hands everything after "migrate" to gensim_transfer.migrate.main.
    verbs.add_parser("migrate", help="rewrite gensim 3.x code to run on gensim 4.x (see: migrate --help)",
                     add_help=False)
    return parser
# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------
@contextmanager
def _logging_to_stderr(verbosity: int, quiet: bool) -> Iterator[None]:
    """Log lines to stderr: warnings by default, ours at INFO with -v, DEBUG and gensim's INFO with -vv.

    Everything is put back afterwards, so that ``main()`` can be called from Python (tests, notebooks).
    """
    root = logging.getLogger()
    ours_logger, theirs_logger = logging.getLogger("gensim_transfer"), logging.getLogger("gensim")
    saved = (root.level, ours_logger.level, theirs_logger.level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    if quiet:
        ours, theirs = logging.ERROR, logging.ERROR
    elif verbosity >= 2:
        ours, theirs = logging.DEBUG, logging.INFO
    elif verbosity == 1:
        ours, theirs = logging.INFO, logging.WARNING
    else:
        ours, theirs = logging.WARNING, logging.WARNING
    root.addHandler(handler)
    root.setLevel(min(ours, theirs))
    ours_logger.setLevel(ours)
    theirs_logger.setLevel(theirs)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        ours_logger.setLevel(saved[1])
        theirs_logger.setLevel(saved[2])


def _migrate_position(argv: Sequence[str]) -> Optional[int]:
    for i, arg in enumerate(argv):
        if arg in _GLOBAL_FLAGS:
            continue
        return i if arg == "migrate" else None
    return None


def _run_migrate(argv: List[str], verbosity: int) -> int:
    try:
        migrate = importlib.import_module("gensim_transfer.migrate")
    except ImportError as err:
        if verbosity:
            traceback.print_exc()
        print("%s: error: the migrate command is not available: %s" % (PROG, one_line(str(err))), file=sys.stderr)
        return 1
    return int(migrate.main(argv) or 0)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    Examples
    --------
    >>> main(["info", "vectors.bin", "--json"])
    0
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    at = _migrate_position(args_list)
    if at is not None:
        flags = args_list[:at]
        verbosity = sum(f.count("v") for f in flags if f.startswith("-v") or f == "--verbose")
        with _logging_to_stderr(verbosity, any(f in ("-q", "--quiet") for f in flags)):
            return _run_migrate(args_list[at + 1:], verbosity)

    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as stop:  # --help, --version (0) and usage errors (2)
        return _exit_status(stop.code)
    verbosity = int(getattr(args, "verbose", 0) or 0)
    quiet = bool(getattr(args, "quiet", False))
    with _logging_to_stderr(verbosity, quiet):
        return _run(args, verbosity, quiet)


def _run(args: argparse.Namespace, verbosity: int, quiet: bool) -> int:
    try:
        progress = Progress(choose_mode(quiet))
        return int(args.run(args, progress) or 0)
    except SystemExit as stop:  # a verb's own usage error (args.parser.error)
        return _exit_status(stop.code)
    except KeyboardInterrupt:
        print("%s: interrupted" % PROG, file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `gensim-transfer info x --json | head -1`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as err:
        if verbosity:
            traceback.print_exc()
        print("%s: error: %s" % (PROG, one_line(_describe_error(err, verbosity))), file=sys.stderr)
        return 1


def _exit_status(code: Any) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(one_line(str(code)), file=sys.stderr)
    return 1


# Characters that end or break a line on a terminal or in a log: C0 and C1 controls, DEL, and Unicode's line
# and paragraph separators.
_BREAKS = {c: repr(chr(c))[1:-1] for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def one_line(text: str) -> str:
    """``text`` with every control character escaped as Python writes it (``\\n``, ``\\x1b``), so that an
    error naming a file whose name holds a newline is still one line."""
    return text.translate(_BREAKS)


def _describe_error(err: BaseException, verbosity: int) -> str:
    """One line for the user: our errors and OSError name the file; anything else also names its type."""
    if isinstance(err, (TransferError, TrainingError)):
        return str(err)
    if isinstance(err, OSError) and err.filename is not None:
        text = "%s: %s" % (err.filename, err.strerror or err)
        return text + (" (and %s)" % err.filename2 if err.filename2 else "")
    if isinstance(err, (ValueError, TypeError, KeyError, OSError)):
        return str(err) if not isinstance(err, KeyError) else "%s: %s" % (type(err).__name__, err)
    hint = "" if verbosity else " (run with --verbose for the traceback)"
    return "%s: %s%s" % (type(err).__name__, err, hint)
