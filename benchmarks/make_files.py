"""Generate synthetic GoogleNews-shaped vector files for the benchmarks (deterministic, streaming).

Usage::

    python benchmarks/make_files.py [DIR] [--words 3000000] [--size 300] [--kind binary|text]

Files go into DIR (default ``$GENSIM_TRANSFER_BENCH_DIR``, else ``~/.cache/gensim-transfer-bench``), never
into the repository. A file that already exists is reused; files are written under a temporary name and
renamed when complete, so an interrupted run leaves nothing half-written behind.

What a file holds
-----------------
* Unique words of varied length (1-40 characters): lower- and upper-case letters, phrases joined by ``_``
  like GoogleNews' ``New_York``, and about 2% non-ASCII words (UTF-8), each made unique by a base-36
  suffix. Words are generated in fixed blocks, so any prefix of the list is the list of a smaller file.
* float32 vectors drawn from N(0, 0.1) with a fixed seed per block.
* ``binary``: word2vec binary with a newline after each vector, as GoogleNews-vectors-negative300.bin.
* ``text``: word2vec text with a header; values printed with 6 decimals (``-0.123456``), as GloVe and
  fastText dumps do (about 9.5 bytes a value).

Next to each file, ``<file>.vocab`` lists the benchmark model's vocabulary: ``--wanted`` words drawn
uniformly (fixed seed) from the whole file and ``--novel`` words that are not in it, in a shuffled order.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, List, Optional, Tuple

import numpy as np

VERSION = 1  # bump when the generated content changes, so stale cached files are not reused
BLOCK = 20_000  # records generated at a time
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NON_ASCII = ["é", "ü", "ß", "ñ", "ø", "ç", "å", "ł", "ж", "я", "ω", "中", "日", "語"]
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def default_dir() -> str:
    """The cache directory used when none is given on the command line."""
    return os.environ.get("GENSIM_TRANSFER_BENCH_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "gensim-transfer-bench"
    )


def _base36(n: int) -> str:
    out = []
    while True:
        n, r = divmod(n, 36)
        out.append(_B36[r])
        if not n:
            return "".join(reversed(out))


def _words(start: int, stop: int) -> List[str]:
    """File words ``start`` to ``stop - 1``; ``start`` is a multiple of :data:`BLOCK` (one RNG per block)."""
    n = stop - start
    rng = np.random.default_rng([VERSION, 11, start])
    lengths = rng.integers(1, 12, size=(n, 3))
    n_parts = np.where(rng.random(n) < 0.85, 1, rng.integers(2, 4, n))
    caps = rng.random((n, 3)) < 0.3
    accents = rng.random(n) < 0.02
    accent_idx = rng.integers(0, len(_NON_ASCII), n)
    letters = rng.integers(0, 26, size=(n, 33))
    alphabet = np.array(list(_LETTERS))
    chars = alphabet[letters]
    out = []
    for k in range(n):
        pos = 0
        parts = []
        for p in range(n_parts[k]):
            length = lengths[k, p]
            part = "".join(chars[k, pos:pos + length])
            pos += length
            if caps[k, p]:
                part = part.capitalize()
            parts.append(part)
        word = "_".join(parts)
        if accents[k]:
            word += _NON_ASCII[accent_idx[k]]
        out.append(word + _base36(start + k))
    return out


def file_words(n: int) -> Iterator[List[str]]:
    """The words of an ``n``-record benchmark file, in blocks of :data:`BLOCK`."""
    for start in range(0, n, BLOCK):
        yield _words(start, min(n, start + BLOCK))


def _vectors(start: int, count: int, size: int) -> np.ndarray:
    rng = np.random.default_rng([VERSION, 13, start])
    return (rng.standard_normal((count, size), dtype=np.float32) * np.float32(0.1)).astype("<f4")


def _format_6f(values: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Rows of ``values`` as ``%.6f`` text joined by spaces, vectorised: (bytes of all rows, row end offsets)."""
    rows, size = values.shape
    scaled = np.rint(np.abs(values.astype(np.float64)) * 1e6).astype(np.int64)
    scaled = np.minimum(scaled, 9_999_999)  # |v| < 10: one integer digit
    cells = np.empty((rows, size, 10), dtype=np.uint8)
    cells[:, :, 0] = np.where(values < 0, ord("-"), 0)  # 0 = deleted below
    cells[:, :, 1] = ord("0") + scaled // 1_000_000
    cells[:, :, 2] = ord(".")
    rest = scaled % 1_000_000
    for d in range(6):
        cells[:, :, 8 - d] = ord("0") + rest % 10
        rest //= 10
    cells[:, :, 9] = ord(" ")
    cells[:, -1, 9] = ord("\n")
    flat = cells.reshape(rows, -1)
    keep = flat != 0
    row_ends = np.cumsum(keep.sum(axis=1))
    return flat[keep], row_ends


def _write(path: str, n: int, size: int, kind: str) -> None:
    tmp = path + ".part"
    with open(tmp, "wb") as out:
        out.write(b"%d %d\n" % (n, size))
        start = 0
        for block in file_words(n):
            encoded = [w.encode("utf8") for w in block]
            vectors = _vectors(start, len(block), size)
            if kind == "binary":
                raw = vectors.tobytes()
                step = 4 * size
                out.write(b"".join(
                    w + b" " + raw[i * step:(i + 1) * step] + b"\n" for i, w in enumerate(encoded)
                ))
            else:
                text, ends = _format_6f(vectors)
                text = text.tobytes()
                begins = np.concatenate([[0], ends[:-1]])
                out.write(b"".join(w + b" " + text[b:e] for w, b, e in zip(encoded, begins, ends)))
            start += len(block)
    os.replace(tmp, path)


def _write_vocab(path: str, n: int, wanted: int, novel: int) -> None:
    rng = np.random.default_rng([VERSION, 17, n, wanted, novel])
    picked = np.sort(rng.choice(n, size=min(wanted, n), replace=False))
    vocab: List[str] = []
    start = 0
    for block in file_words(n):
        lo, hi = np.searchsorted(picked, [start, start + len(block)])
        vocab.extend(block[i - start] for i in picked[lo:hi])
        start += len(block)
    vocab.extend("novel#%s" % _base36(i) for i in range(novel))  # '#' never occurs in file words
    order = rng.permutation(len(vocab))
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf8") as out:
        out.write("\n".join(vocab[i] for i in order) + "\n")
    os.replace(tmp, path)


def make(directory: str, n: int, size: int, kind: str, wanted: int, novel: int, quiet: bool = False) -> Tuple[str, str]:
    """Create (or reuse) one benchmark file and its vocabulary; return (file path, vocabulary path)."""
    os.makedirs(directory, exist_ok=True)
    ext = "bin" if kind == "binary" else "txt"
    path = os.path.join(directory, "bench-v%d-%s-%dx%d.%s" % (VERSION, kind, n, size, ext))
    vocab = "%s.vocab-%d-%d" % (path, wanted, novel)
    if not os.path.exists(path):
        if not quiet:
            print("writing %s ..." % path, file=sys.stderr, flush=True)
        _write(path, n, size, kind)
    if not os.path.exists(vocab):
        _write_vocab(vocab, n, wanted, novel)
    return path, vocab


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", default=default_dir())
    parser.add_argument("--words", type=int, default=3_000_000, help="records in the file")
    parser.add_argument("--size", type=int, default=300, help="vector size")
    parser.add_argument("--kind", choices=("binary", "text"), default="binary")
    parser.add_argument("--wanted", type=int, default=100_000, help="vocabulary words taken from the file")
    parser.add_argument("--novel", type=int, default=20_000, help="vocabulary words not in the file")
    args = parser.parse_args(argv)
    path, vocab = make(args.directory, args.words, args.size, args.kind, args.wanted, args.novel)
    print(path)
    print(vocab)
    return 0


if __name__ == "__main__":
    sys.exit(main())
