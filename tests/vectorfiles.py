"""Writing word-vector files by hand for the tests, in every format and variant the reader must accept.

Writing them here, byte by byte, rather than with gensim lets the tests control what gensim's writers never
vary: a newline after each binary vector or not, fastText's trailing space, CRLF line ends, the header
count, how floats are printed. Files written by gensim's own ``save_word2vec_format`` are tested too, in
``test_formats.py``.
"""
from __future__ import annotations

import bz2
import gzip
import os
from typing import List, Optional, Sequence, Tuple

import numpy as np

#: The formats and compressions :func:`write_vectors` writes (and :mod:`gensim_transfer.formats` reads).
FORMATS = ("word2vec-binary", "word2vec-text", "fasttext-text", "glove-text")
COMPRESSIONS = (None, "gzip", "bz2")

#: Words of every kind the reader meets: short and long, phrases, non-ASCII (UTF-8), digits, punctuation.
SAMPLE_WORDS = [
    "</s>", "the", "of", "a", "New_York", "café", "naïve", "日本語", "Ünïcode", "x",
    "3.14", "-", "don't", "über_long_word_" + "y" * 60, "emoji_🙂", "ß", "Ωmega", "tab\u00a0nbsp", "Z", "end",
]


def sample_vectors(n: int = len(SAMPLE_WORDS), size: int = 7, seed: int = 0) -> Tuple[List[str], np.ndarray]:
    """``n`` distinct words and float32 vectors with values of every magnitude (tiny, huge, negative, zero).

    The first words are :data:`SAMPLE_WORDS`; more are ``w<i>``.
    """
    words = list(SAMPLE_WORDS[:n]) + ["w%d" % i for i in range(max(0, n - len(SAMPLE_WORDS)))]
    rng = np.random.default_rng(seed)
    vectors = (rng.standard_normal((n, size)) * 10.0 ** rng.integers(-8, 4, (n, size))).astype(np.float32)
    flat = vectors.reshape(-1)
    specials = np.array([0.0, -0.0, 1e-38, -3.4e38, 1.0, 0.1, 2.5e-45, 123456789.0], dtype=np.float32)
    flat[:min(len(flat), len(specials))] = specials[:len(flat)]
    return words, vectors


def float_text(value: np.float32, style: str = "%.9g") -> str:
    """A float32 printed so that it reads back exactly: ``"%.9g"``, ``"repr"`` (of the float64) or ``"short"``."""
    if style == "repr":
        return repr(float(value))
    if style == "short":  # the shortest text that rounds back to this float32 (as numpy 1's repr prints)
        return np.format_float_positional(value, unique=True, trim="-") if abs(value) >= 1e-4 or value == 0 \
            else np.format_float_scientific(value, unique=True, trim="-")
    return style % float(value)


def encode_records(
    words: Sequence[str],
    vectors: np.ndarray,
    fmt: str = "word2vec-binary",
    *,
    newline: bool = True,
    line_end: str = "\n",
    style: str = "%.9g",
    encoding: str = "utf8",
) -> List[bytes]:
    """Each record as the bytes a file of format ``fmt`` holds for it (without the header)."""
    vectors = np.asarray(vectors, dtype="<f4")
    out = []
    for word, vector in zip(words, vectors):
        raw = word.encode(encoding) if isinstance(word, str) else word
        if fmt == "word2vec-binary":
            out.append(raw + b" " + vector.tobytes() + (b"\n" if newline else b""))
            continue
        values = " ".join(float_text(v, style) for v in vector)
        trailing = " " if fmt == "fasttext-text" else ""
        out.append(raw + b" " + (values + trailing + line_end).encode("ascii"))
    return out


def compress(data: bytes, compression: Optional[str]) -> bytes:
    if compression == "gzip":
        return gzip.compress(data, mtime=0)
    if compression == "bz2":
        return bz2.compress(data)
    return data


def write_raw(path: os.PathLike[str] | str, data: bytes, compression: Optional[str] = None) -> str:
    """Write ``data`` (compressed if asked) to ``path``; return the path as str."""
    path = os.fspath(path)
    with open(path, "wb") as out:
        out.write(compress(data, compression))
    return path


def vector_file_bytes(
    words: Sequence[str],
    vectors: np.ndarray,
    fmt: str = "word2vec-binary",
    *,
    count: Optional[int] = None,
    size: Optional[int] = None,
    newline: bool = True,
    line_end: str = "\n",
    style: str = "%.9g",
    encoding: str = "utf8",
) -> bytes:
    """The whole (uncompressed) file: header (not for GloVe) then records.

    ``count`` and ``size`` override the header's numbers (to write a wrong header).
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    records = encode_records(words, vectors, fmt, newline=newline, line_end=line_end, style=style,
                             encoding=encoding)
    header = b""
    if fmt != "glove-text":
        header = ("%d %d%s" % (len(records) if count is None else count,
                               vectors.shape[1] if size is None else size, line_end)).encode("ascii")
    return header + b"".join(records)


def write_vectors(
    path: os.PathLike[str] | str,
    words: Sequence[str],
    vectors: np.ndarray,
    fmt: str = "word2vec-binary",
    *,
    compression: Optional[str] = None,
    **options: object,
) -> str:
    """Write a vector file of format ``fmt`` (see :data:`FORMATS`), optionally gzip/bz2-compressed.

    Options are those of :func:`vector_file_bytes`: ``count``/``size`` (header override), ``newline``
    (binary: a newline after each vector), ``line_end`` (``"\\r\\n"`` for CRLF text), ``style`` (how floats
    are printed, see :func:`float_text`), ``encoding``.
    """
    return write_raw(path, vector_file_bytes(words, vectors, fmt, **options), compression)  # type: ignore[arg-type]


def suffix(fmt: str, compression: Optional[str]) -> str:
    """A conventional file name ending for a format and compression (the reader ignores names)."""
    ext = {"word2vec-binary": ".bin", "word2vec-text": ".txt", "fasttext-text": ".vec", "glove-text": ".glove"}
    return ext[fmt] + {None: "", "gzip": ".gz", "bz2": ".bz2"}[compression]
