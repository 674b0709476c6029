"""Optional dependencies, asked for in one place (the shape of pandas' ``pandas/compat/_optional.py``).

Every optional import goes through :func:`import_optional_dependency`, and ``gensim-transfer doctor`` reads the
same :data:`VERSIONS` table, so the minimum versions, the extras that install them and what each one is for
cannot drift apart.
"""
from __future__ import annotations

import importlib
import types
from typing import Dict, NamedTuple, Optional

from packaging.version import InvalidVersion, Version

__all__ = ["VERSIONS", "OptionalDependency", "import_optional_dependency", "installed_version", "too_old"]


class OptionalDependency(NamedTuple):
    """One optional dependency: the distribution pip installs, its minimum version, extra and purpose."""

    distribution: str
    min_version: str
    extra: str
    purpose: str


#: Import name -> what it is. The ``fast`` extra installs isal where it has wheels (Python >= 3.11), measured
#: fastest (BENCHMARKS.md, "Compressed input"), and zlib-ng elsewhere. isal before 1.9 loses the bytes after
#: the end of a gzip member when the input comes in small pieces (tests/test_compression.py catches it: 1.7.2
#: failed, 1.9.1 passes); zlib-ng is tested from 0.5.1.
VERSIONS: Dict[str, OptionalDependency] = {
    "isal": OptionalDependency("isal", "1.9.0", "fast", "faster .gz and .zip (deflate) input"),
    "zlib_ng": OptionalDependency("zlib-ng", "0.5.1", "fast", "faster .gz and .zip (deflate) input"),
    "tqdm": OptionalDependency("tqdm", "4.0.0", "progress", "progress bars"),
    "libcst": OptionalDependency("libcst", "0.4.0", "migrate", "gensim-transfer migrate"),
}


def installed_version(name: str) -> Optional[str]:
    """Installed version of the distribution behind import name ``name`` (a :data:`VERSIONS` key), or None.

    Read from the installed package's metadata, without importing it.

    Examples
    --------
    >>> installed_version("tqdm")  # doctest: +SKIP
    '4.66.1'
    """
    from importlib import metadata

    try:
        return metadata.version(VERSIONS[name].distribution)
    except metadata.PackageNotFoundError:
        return None


def too_old(version: Optional[str], minimum: str) -> bool:
    """True if ``version`` is known and older than ``minimum``."""
    if version is None:
        return False  # installed without metadata (e.g. on PYTHONPATH): trust it
    try:
        return Version(version) < Version(minimum)
    except InvalidVersion:
        return False


def import_optional_dependency(
    name: str, *, errors: str = "raise", min_version: Optional[str] = None
) -> Optional[types.ModuleType]:
    """Import an optional dependency, or say how to install it.

    Parameters
    ----------
    name : str
        Import name, a key of :data:`VERSIONS` (``"isal"``, ``"zlib_ng"``, ``"tqdm"``, ``"libcst"``).
    errors : {"raise", "ignore"}
        ``"raise"``: a missing or too old package raises ImportError with the ``pip install`` line.
        ``"ignore"``: return None instead (the caller has a fallback and says which path it took).
    min_version : str, optional
        Overrides the table's minimum version.

    Returns
    -------
    module or None

    Examples
    --------
    >>> isal = import_optional_dependency("isal", errors="ignore")  # None when not installed
    """
    if errors not in ("raise", "ignore"):
        raise ValueError("errors must be 'raise' or 'ignore', not %r" % (errors,))
    entry = VERSIONS[name]
    minimum = min_version or entry.min_version
    hint = "pip install 'gensim-transfer[%s]' (or pip install '%s>=%s')" % (entry.extra, entry.distribution, minimum)
    try:
        module = importlib.import_module(name)
    except ImportError as err:
        if errors == "ignore":
            return None
        raise ImportError("%s needs the optional package %r: %s" % (entry.purpose, entry.distribution, hint)) from err
    version = installed_version(name)
    if too_old(version, minimum):
        if errors == "ignore":
            return None
        raise ImportError(
            "%s needs %s>=%s; %s is installed: %s" % (entry.purpose, entry.distribution, minimum, version, hint)
        )
    return module
