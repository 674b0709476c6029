"""The command line: ``gensim-transfer migrate PATH... [--target] [--check] [--diff] [--write] [--json]``."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from typing import Any, Optional, Sequence

from ._api import migrate_paths
from ._engine import engine as _engine
from ._findings import TARGETS, FileResult

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
        nargs="*",
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
    parser.add_argument(
        "--explain",
        metavar="RULE",
        help="print what the rule RULE (e.g. vocab, model-method) rewrites, on both targets, with an example",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``migrate`` with parsed arguments (see :func:`main`) and return the exit status."""
    if getattr(args, "explain", None):
        return _explain(args.explain)
    if not args.paths:
        print("gensim-transfer migrate: give at least one PATH (or --explain RULE)", file=sys.stderr)
        return 2
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


def _explain(code: str) -> int:
    from .rules import all_rules, explain, load

    load()
    try:
        sys.stdout.write(explain(code))
    except KeyError:
        codes = ", ".join(r.code for r in all_rules())
        print("gensim-transfer migrate: no rule %r; the rules are: %s" % (code, codes), file=sys.stderr)
        return 2
    return 0
