"""Which scanner reads vector files: the compiled one (``_cscan``, C) if it was built, else pure Python.

``setup.py`` builds :mod:`._cscan` where a C compiler is available; it does the per-record work of the
binary and text scanners, the screening of words against the wanted ones and the parsing of values. The
pure-Python scanners (regular expressions and numpy) make exactly the same checks and raise the same
errors, more slowly; the test suite runs both. Callers read :data:`cscan` at call time, so that tests can
switch it off.

Environment variable ``GENSIM_TRANSFER_SCANNER``:

``python``    use the pure-Python scanner even where the compiled one is installed;
``compiled``  raise ImportError at import if the compiled one is missing (the test matrix sets this, so
              that a failed build cannot pass unnoticed as a run of the fallback);
unset/empty   the compiled one if present.
"""
from __future__ import annotations

import logging
import os
from importlib.machinery import EXTENSION_SUFFIXES
from types import ModuleType
from typing import Optional

_CHOICE = os.environ.get("GENSIM_TRANSFER_SCANNER", "").strip().lower()
if _CHOICE not in ("", "python", "compiled"):
    raise ImportError("GENSIM_TRANSFER_SCANNER=%r: expected 'python', 'compiled' or nothing" % _CHOICE)


def _why_missing(err: ImportError) -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    if not any(os.path.exists(os.path.join(here, "_cscan" + suffix)) for suffix in EXTENSION_SUFFIXES):
        return "not built (was there a C compiler and Python headers when the package was installed?)"
    return "built but it fails to load: %s" % err


cscan: Optional[ModuleType] = None
why_not: Optional[str] = None  # why the compiled scanner is not used
if _CHOICE == "python":
    why_not = "switched off by GENSIM_TRANSFER_SCANNER=python"
else:
    try:
        from . import _cscan as cscan
    except ImportError as err:
        if _CHOICE == "compiled":
            raise ImportError(
                "GENSIM_TRANSFER_SCANNER=compiled but the compiled scanner gensim_transfer.formats._cscan is %s"
                % _why_missing(err)
            ) from err
        why_not = _why_missing(err)


_warned = False


def warn_if_missing() -> None:
    """Log a warning, once per process, if the compiled scanner is missing (not if it was switched off)."""
    global _warned
    if cscan is None and why_not is not None and _CHOICE != "python" and not _warned:
        _warned = True
        logging.getLogger("gensim_transfer.formats").warning(
            "reading vector files with the pure-Python scanner, several times slower: the compiled one is %s "
            "(`gensim-transfer doctor` shows this too)", why_not)


def scanner_name() -> str:
    """``"compiled"`` or ``"python"``: the scanner that reads vector files now."""
    return "compiled" if cscan is not None else "python"
