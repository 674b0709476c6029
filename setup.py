"""Build configuration that pyproject.toml cannot express: the optional compiled scanner.

``optional=True``: without a C compiler (or Python headers) the build goes on without the extension and
the pure-Python scanner is used; ``gensim-transfer doctor`` and every ``TransferReport`` say which one runs.
"""
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("gensim_transfer.formats._cscan", ["gensim_transfer/formats/_cscan.c"], optional=True),
    ],
)
