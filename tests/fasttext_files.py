"""Writing Facebook fastText ``.bin`` files byte by byte for the tests (any size, any defect).

The layout is Facebook's ``FastText::saveModel`` (see :mod:`gensim_transfer.formats._fasttext_bin`); gensim's
``load_facebook_vectors`` reads what this writes, which the tests check, so the files are real ``.bin``.
"""
from __future__ import annotations

import struct
from typing import Optional, Sequence

import numpy as np

MAGIC = 793712314


def fasttext_bin_bytes(
    words: Sequence[str],
    matrix: np.ndarray,
    *,
    min_n: int = 3,
    max_n: int = 6,
    bucket: Optional[int] = None,
    output_rows: Optional[int] = None,
    version: int = 12,
    magic: int = MAGIC,
    model: int = 2,
    loss: int = 2,
    nlabels: int = 0,
    pruneidx_size: int = -1,
    quant: bool = False,
    counts: Optional[Sequence[int]] = None,
    entry_type: int = 0,
    rows_declared: Optional[int] = None,
    dim_declared: Optional[int] = None,
    nwords_declared: Optional[int] = None,
    trailing: bytes = b"",
    seed: int = 0,
) -> bytes:
    """A whole ``.bin``: ``matrix`` is the input matrix (``len(words) + bucket`` rows of float32)."""
    matrix = np.ascontiguousarray(matrix, dtype="<f4")
    dim = matrix.shape[1]
    if bucket is None:
        bucket = matrix.shape[0] - len(words)
    nwords = len(words) if nwords_declared is None else nwords_declared
    out = [struct.pack("<2i", magic, version)]
    out.append(struct.pack("<12id", dim if dim_declared is None else dim_declared, 5, 5, 1, 5, 1, loss, model,
                           bucket, min_n, max_n, 100, 1e-4))
    out.append(struct.pack("<3i2q", nwords + nlabels, nwords, nlabels, 1000, pruneidx_size))
    for i, word in enumerate(words):
        count = (len(words) - i) if counts is None else counts[i]
        raw = word if isinstance(word, bytes) else word.encode("utf-8")
        out.append(raw + b"\0" + struct.pack("<qb", count, entry_type))
    rows = matrix.shape[0] if rows_declared is None else rows_declared
    out.append(struct.pack("<?2q", quant, rows, dim))
    out.append(matrix.tobytes())
    n_out = len(words) if output_rows is None else output_rows
    rng = np.random.default_rng(seed + 1)
    out.append(struct.pack("<?2q", False, n_out, dim))
    out.append(rng.standard_normal((n_out, dim)).astype("<f4").tobytes())
    out.append(trailing)
    return b"".join(out)


def random_bin(words: Sequence[str], dim: int, bucket: int, seed: int = 0, **kwargs) -> bytes:
    """A ``.bin`` with random N(0, 0.1) rows for ``words`` and ``bucket`` buckets."""
    rng = np.random.default_rng(seed)
    matrix = (rng.standard_normal((len(words) + bucket, dim)) * 0.1).astype(np.float32)
    return fasttext_bin_bytes(words, matrix, bucket=bucket, seed=seed, **kwargs)
