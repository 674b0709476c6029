"""Writing word2vec files (binary or text, optionally ``.gz``/``.bz2``), atomically.

:func:`write_vectors` is the one writer: ``gensim-transfer convert`` and ``adapt --save-format word2vec-*``
use it, so no file-format code lives in the command line. The output appears under its name only once it is
complete (a temporary file next to it, renamed at the end); an error or an interrupt leaves no partial file.
"""
from __future__ import annotations

import bz2
import contextlib
import gzip
import os
import shutil
import uuid
from typing import IO, Iterable, Iterator, Optional, Tuple

import numpy as np

from ..errors import TransferError

#: Compression suffixes :func:`output_kind` recognises, and the compression each means.
COMPRESSION_SUFFIXES = ((".gz", "gzip"), (".bz2", "bz2"))


def output_kind(path: str, to: Optional[str] = None) -> Tuple[Optional[bool], Optional[str]]:
    """``(binary, compression)`` for an output path: ``binary`` from ``to`` (``"bin"``/``"txt"``) or from the
    name (``.bin`` binary; ``.txt``/``.vec`` text; None if the name does not tell), compression from a final
    ``.gz``/``.bz2``.

    Examples
    --------
    >>> output_kind("vectors.bin.gz")
    (True, 'gzip')
    """
    lower = path.lower()
    compression = None
    for suffix, kind in COMPRESSION_SUFFIXES:
        if lower.endswith(suffix):
            compression, lower = kind, lower[: -len(suffix)]
    if to is not None:
        if to not in ("bin", "txt"):
            raise ValueError("to must be 'bin' or 'txt', got %r" % (to,))
        return to == "bin", compression
    if lower.endswith(".bin"):
        return True, compression
    if lower.endswith((".txt", ".vec")):
        return False, compression
    return None, compression


@contextlib.contextmanager
def atomic_output(path: str, compression: Optional[str] = None) -> Iterator[IO[bytes]]:
    """A binary stream to ``path`` that appears under that name only if the block completes."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, ".%s.%s.tmp" % (os.path.basename(path), uuid.uuid4().hex[:12]))
    raw = open(tmp, "xb")  # created with the process's umask, unlike tempfile's 0600
    try:
        if compression == "gzip":
            stream: IO[bytes] = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0)
        elif compression == "bz2":
            stream = bz2.BZ2File(raw, mode="wb")
        else:
            stream = raw
        yield stream
        if stream is not raw:
            stream.close()
        raw.close()
        os.replace(tmp, path)
    except BaseException:
        raw.close()
        os.unlink(tmp)
        raise


def _write_records(stream: IO[bytes], records: Iterable[Tuple[str, np.ndarray]], size: int, binary: bool) -> int:
    """Write word2vec records (no header); return how many. Text: 9 significant digits (float32-exact)."""
    count = 0
    write = stream.write
    if binary:
        for word, vector in records:
            _check_word(word, count, binary)
            write(word.encode("utf8") + b" " + np.asarray(vector, dtype="<f4").tobytes() + b"\n")
            count += 1
        return count
    template = " ".join(["%.9g"] * size)
    for word, vector in records:
        _check_word(word, count, binary)
        values = template % tuple(np.asarray(vector, dtype=np.float32).tolist())
        write(("%s %s\n" % (word, values)).encode("utf8"))
        count += 1
    return count


def _check_word(word: object, count: int, binary: bool) -> None:
    if not isinstance(word, str):
        raise TypeError("record %d: the word is a %s (%r), not a str" % (count + 1, type(word).__name__, word))
    if binary:
        if not word or " " in word or word.startswith("\n"):
            raise ValueError("record %d: word %r is empty or holds a space (or starts with a newline); the binary "
                             "format cannot hold it" % (count + 1, word))
    elif not word or len(word.split()) != 1 or word.strip() != word:
        raise ValueError("record %d: word %r contains whitespace; the text format cannot hold it" % (count + 1, word))


def write_vectors(
    path: str,
    records: Iterable[Tuple[str, np.ndarray]],
    vector_size: int,
    *,
    binary: bool,
    count: Optional[int] = None,
    compression: Optional[str] = "auto",
) -> int:
    """Write ``(word, vector)`` records as a word2vec file, atomically; return how many were written.

    Parameters
    ----------
    path : str
        The output file; it appears only once complete.
    records : iterable of (str, array)
        The words and their vectors, in the order to write them (e.g. ``zip(words, vectors)``, or
        :func:`gensim_transfer.formats.iter_vectors`).
    vector_size : int
    binary : bool
        word2vec binary (float32 little-endian, a newline after each vector, as the C tool writes) or text
        (9 significant digits: float32 round-trips exactly).
    count : int, optional
        How many records there are, if known: the header is written first and the records streamed after
        it. If None (e.g. converting a GloVe file, which has no header), the records are written to a scratch
        file next to ``path`` first, then copied behind the header.
    compression : {"auto", None, "gzip", "bz2"}
        ``"auto"`` takes it from ``path``'s suffix (``.gz``/``.bz2``).

    Raises
    ------
    TransferError
        ``count`` was given and the records were more or fewer.
    ValueError, TypeError
        A word the format cannot hold (whitespace, empty, not a str), naming its record.

    Examples
    --------
    >>> write_vectors("out.bin", zip(words, vectors), 300, binary=True, count=len(words))
    """
    if compression == "auto":
        _, compression = output_kind(path, "bin" if binary else "txt")
    if count is not None:
        with atomic_output(path, compression) as stream:
            stream.write(b"%d %d\n" % (count, vector_size))
            written = _write_records(stream, records, vector_size, binary)
            if written != count:  # raising inside the block removes the partial file
                raise TransferError("%s: %d records were written but the header says %d" % (path, written, count))
        return written
    directory = os.path.dirname(os.path.abspath(path))
    scratch = os.path.join(directory, ".%s.%s.body" % (os.path.basename(path), uuid.uuid4().hex[:12]))
    try:
        with open(scratch, "xb") as body:
            written = _write_records(body, records, vector_size, binary)
        with atomic_output(path, compression) as stream, open(scratch, "rb") as body:
            stream.write(b"%d %d\n" % (written, vector_size))
            shutil.copyfileobj(body, stream, 1 << 20)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
    return written
