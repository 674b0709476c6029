"""Jupyter notebooks: IPython lines masked, code cells joined into one module and split back, JSON kept."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ._findings import Finding, _Raw

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


# The rewriting engine (libcst)
