"""What every verb of the command line shares: argument types, JSON output, number formatting, progress."""
from __future__ import annotations

import argparse
import ast
import json
import sys
from typing import Any, Iterable, Iterator, List, Tuple

from .._progress import Task

PROG = "gensim-transfer"


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a positive integer, got %r" % text) from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive integer, got %r" % text)
    return value


def finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number, got %r" % text) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError("expected a finite number, got %r" % text)
    return value


def param(text: str) -> Tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key.isidentifier():
        raise argparse.ArgumentTypeError("expected KEY=VALUE with KEY a gensim keyword, got %r" % text)
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    return key, value


def words(text: str) -> List[str]:
    return [w for w in (part.strip() for part in text.split(",")) if w]


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2)
    sys.stdout.write("\n")


def n(value: int) -> str:
    """A count with thousands separators."""
    return f"{value:,}"


def iter_with_progress(records: Iterable[Any], task: Task, step: int = 4096) -> Iterator[Any]:
    pending = 0
    for item in records:
        yield item
        pending += 1
        if pending == step:
            task.update(pending)
            pending = 0
    task.update(pending)


def quote(path: str) -> str:
    """``path`` as a shell word (for the commands the CLI suggests)."""
    if path and all(c.isalnum() or c in "-_./:\\" for c in path):
        return path
    return "'%s'" % path.replace("'", "'\\''")
