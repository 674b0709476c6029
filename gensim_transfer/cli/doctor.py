"""``gensim-transfer doctor``: versions, platform, compatibility paths, scanner, inflater and optional extras."""
from __future__ import annotations

import argparse
import platform
import sys
from typing import Any, Dict, Optional

from .. import __version__, compat, formats
from .._optional import VERSIONS, installed_version, too_old
from .._progress import Progress, choose_mode
from ..formats._compression import inflater
from ._common import print_json

SUMMARY = "show versions, platform, compatibility paths and optional extras"
EPILOG = """\
examples:
  gensim-transfer doctor
  gensim-transfer doctor --json
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print as JSON")


def _package_version(name: str) -> Optional[str]:
    try:
        from importlib import metadata
    except ImportError:  # Python < 3.8 has no importlib.metadata
        return None
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def doctor_info() -> Dict[str, Any]:
    """What ``gensim-transfer doctor`` reports, as a dict.

    Examples
    --------
    >>> doctor_info()["compat"]["model keywords"]
    'vector_size/epochs (4.x spelling)'
    """
    try:
        from gensim.models.word2vec import FAST_VERSION
    except ImportError:
        FAST_VERSION = -1
    return {
        "gensim_transfer": __version__,
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        },
        "platform": platform.platform(),
        "packages": {
            "gensim": str(compat.GENSIM_VERSION),
            "numpy": str(compat.NUMPY_VERSION),
            "scipy": _package_version("scipy"),
            "smart_open": _package_version("smart_open"),
        },
        "gensim_compiled_routines": FAST_VERSION is not None and FAST_VERSION >= 0,
        "scanner": {"in_use": formats.scanner(), "why_not_compiled": formats.scanner_fallback_reason()},
        "compat": compat.active_paths(),
        "inflater": _inflater(),
        "extras": {name: installed_version(name) for name in VERSIONS},
        "progress": choose_mode(),
    }


def _inflater() -> str:
    try:
        return inflater()
    except (ImportError, ValueError) as err:  # GENSIM_TRANSFER_INFLATE asks for something unusable: say so
        return "unusable: %s" % err


def run(args: argparse.Namespace, progress: Progress) -> int:
    info = doctor_info()
    if args.json:
        print_json(info)
        return 0
    py = info["python"]
    rows = [
        ("gensim-transfer", info["gensim_transfer"]),
        ("python", "%s (%s) %s" % (py["version"], py["implementation"], py["executable"])),
        ("platform", info["platform"]),
    ]
    for name, version in info["packages"].items():
        rows.append((name, version or "not installed"))
    rows.append(("compiled gensim", "yes" if info["gensim_compiled_routines"] else
                 "NO: gensim's pure-Python fallback is very slow; reinstall gensim from a wheel"))
    scanner = info["scanner"]
    rows.append(("vector-file scanner", "compiled" if scanner["in_use"] == "compiled" else
                 "pure Python, several times slower: %s" % scanner["why_not_compiled"]))
    fast = "" if not info["inflater"].startswith("zlib ") else \
        "; pip install 'gensim-transfer[fast]' reads .gz about twice as fast"
    rows.append(("gzip/deflate input", info["inflater"] + fast))
    width = max(len(k) for k, _ in rows)
    lines = ["%-*s  %s" % (width, k, v) for k, v in rows]
    lines.append("")
    lines.append("compatibility paths in use:")
    cwidth = max(len(k) for k in info["compat"])
    lines.extend("  %-*s  %s" % (cwidth, k, v) for k, v in info["compat"].items())
    lines.append("")
    lines.append("optional extras:")
    ewidth = max(len(name) for name in VERSIONS)
    for name, entry in VERSIONS.items():
        version = info["extras"][name]
        if version is None:
            state = "not installed (%s: pip install 'gensim-transfer[%s]')" % (entry.purpose, entry.extra)
        elif too_old(version, entry.min_version):
            state = "%s, too old: not used (needs >= %s)" % (version, entry.min_version)
        else:
            state = version
        lines.append("  %-*s  %s" % (ewidth, name, state))
    lines.append("progress on this terminal: %s" % info["progress"])
    print("\n".join(lines))
    return 0


