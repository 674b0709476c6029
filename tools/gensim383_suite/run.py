"""Run gensim 3.8.3's own word-vector test modules on the installed gensim 4.x with ``legacy.enable()``.

    python tools/gensim383_suite/run.py [--cache DIR] [--wheel FILE] [pytest args...]

It fetches gensim 3.8.3 with pip (cached in ``--cache``), copies ``test_word2vec.py``, ``test_doc2vec.py``,
``test_fasttext.py``, ``test_keyedvectors.py`` and ``test_data/`` next to this directory's ``conftest.py``
(which turns legacy on, provides the import shim for the modules gensim 4 removed and marks the expected
failures of ``expected_failures.py`` as strict xfails), and runs pytest there. The test modules run unchanged.

The wheel is fetched rather than the sdist: both hold the same ``gensim/test`` files, but pip cannot prepare
the sdist's metadata on Python >= 3.12 (its setup.py needs an old numpy build), while a wheel for any
platform downloads without building anything.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULES = ("test_word2vec.py", "test_doc2vec.py", "test_fasttext.py", "test_keyedvectors.py")
SUPPORT = ("conftest.py", "expected_failures.py", "shim.py")
WHEEL = "gensim-3.8.3-cp38-cp38-manylinux1_x86_64.whl"


def fetch_wheel(cache: str) -> str:
    """gensim 3.8.3's wheel in ``cache``, downloaded with pip unless already there."""
    found = glob.glob(os.path.join(cache, WHEEL))
    if found:
        return found[0]
    subprocess.run(
        [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
            "--platform", "manylinux1_x86_64", "--python-version", "3.8", "--implementation", "cp",
            "--abi", "cp38", "--dest", cache, "gensim==3.8.3",
        ],
        check=True,
    )
    return os.path.join(cache, WHEEL)


def unpack(wheel: str, work: str) -> None:
    """Copy the four test modules and ``test_data/`` out of ``wheel``, and this directory's support files."""
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    prefix = "gensim/test/"
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            relative = name[len(prefix):]
            if not name.startswith(prefix) or not (relative in MODULES or relative.startswith("test_data/")):
                continue
            target = os.path.join(work, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.open(name) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    missing = [m for m in MODULES if not os.path.exists(os.path.join(work, m))]
    if missing:
        raise SystemExit(f"{wheel}: no gensim/test/{', '.join(missing)} in it")
    for name in SUPPORT:
        shutil.copy(os.path.join(HERE, name), work)
    with open(os.path.join(work, "pytest.ini"), "w") as ini:
        ini.write("[pytest]\naddopts = -p no:cacheprovider -ra\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=os.environ.get("GENSIM383_SUITE_CACHE",
                                                          os.path.join(REPO, ".cache", "gensim383-suite")))
    parser.add_argument("--wheel", help="a local gensim-3.8.3 wheel (default: fetch it with pip)")
    args, pytest_args = parser.parse_known_args(argv)
    os.makedirs(args.cache, exist_ok=True)
    wheel = args.wheel or fetch_wheel(args.cache)
    work = os.path.join(args.cache, "suite")
    unpack(wheel, work)
    return subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=work)


if __name__ == "__main__":
    sys.exit(main())
