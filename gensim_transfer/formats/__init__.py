"""Reading and writing word vectors: every source users hold, and word2vec files out.

Sources (:func:`open_source`, one detection rule): word2vec binary and text, fastText ``.vec`` and GloVe files
(plain, ``.gz``/``.bz2``, or a member of a ``.zip``), Facebook's fastText ``.bin``, gensim ``save()`` files,
gensim-data names found locally, KeyedVectors and models in memory, and pipes. A source is opened once and read
once, front to back; it is never held whole, and vectors are decoded only for the words asked for.

Public surface
--------------
:func:`open_source`   detect what a source is and open it once (:class:`Source`; see :mod:`._source`).
:func:`sniff`         what a source is (kind, format, compression, header count, vector size).
:func:`read_vectors`  the vectors of a chosen set of words, as one float32 array.
:func:`iter_vectors`  every ``(word, vector)`` record in source order.
:func:`write_vectors` word2vec binary or text out (``.gz``/``.bz2``), atomically (:mod:`._writer`).

Where things are
----------------
``_source``    what a source is and how it is opened and read: :func:`open_source`, :class:`Source` and its
               kinds (stream, KeyedVectors, fastText ``.bin``), the gensim-data directory
``_staging``   the matched vectors held between the read and the merge: bounded memory, the rest on disk, and
               the block-by-block swap that makes the merge undoable
``_writer``    word2vec files out (:func:`write_vectors`)
``_sniff``     the format from the first (decompressed) bytes, :class:`VectorFileInfo`
``_compression``  ``.gz``/``.bz2``: detection from the full stream header, strict streaming decompression of
               every member/stream, the inflater in use (isal, zlib-ng or zlib)
``_zip``       one member of a ``.zip`` read in place (``archive.zip::member``)
``_chunks``    reading a stream chunk by chunk, a chunk ahead on a background thread
``_records``   the batches of records the scanners yield, their words (:class:`_Words`), record-count checks,
               word hashes
``_binary``    scanning and checking word2vec binary records
``_text``      scanning and checking text lines
``_floats``    the exact decimal parser
``_matching``  wanted words (bytes or str, decoding checks), the validating pass that stages matched vectors
``_fasttext_bin``  Facebook's native fastText ``.bin``: header and dictionary (:func:`read_fasttext_header`), the
               composed vectors of wanted words and the n-gram bucket rows streamed once (:func:`compose_vectors`);
               what goes into a FastText target's buckets is :mod:`gensim_transfer.subwords`
``_native``    which scanner runs: the compiled one (``_cscan.c``, built at install where a C compiler is
               available) or the pure-Python one; :func:`scanner` says which

Arrows point one way: ``_source`` → ``_matching``/``_fasttext_bin``/``_zip``/``_compression`` → ``_binary``/
``_text`` → ``_records``/``_chunks``/``_floats`` → ``_sniff``; ``_staging`` and ``_native`` are asked by them.

How the format is detected (``binary=None``, :mod:`._sniff`)
------------------------------------------------------------
Compression comes from the file's first bytes, not its name: a whole gzip or bzip2 stream header (a text
file whose first word starts with ``BZh`` is text), and compressed data is read strictly: every member/stream,
each CRC-checked, with corrupt, cut-short or trailing data an error naming the file and the compressed byte
offset (:mod:`._compression` has the rules, zero padding after a gzip member included). A first line of
two non-negative integers is a word2vec header ``<count> <vector_size>``; the first record then decides
binary or text: text if the first record's line is a word followed by numbers, binary otherwise (a text
record with a number of values other than ``vector_size`` is reported as such, not read as binary). Before
a binary file's vector size is believed, the file must hold its first record whole (a word, a space and
``4 * vector_size`` bytes; what is read past the first bytes to know is not kept): a header such as
``20 1000000000`` over a file of 7-value records is a :class:`~gensim_transfer.errors.TruncatedFileError`
naming record 1, not a 4 GB read buffer or model. Text records whose lines end in a space are fastText
``.vec`` unless every value of the first record has C's ``%lf`` shape (``-0.123456``: six decimals, no
exponent), which is how the word2vec C tool writes its text output (also with a space after every value);
fastText prints five significant digits (``-0.12346``, ``1.2346e-05``). A first line that is a word followed
by numbers is GloVe (no header: the vector size is the number of values on that line, the record count is
whatever the file holds). A first line of two or three numbers that is not a valid header (``-20 300``,
``+20 300``, ``20 300.0``, ``20 300 7``) is reported as a broken header (line 1, what is wrong with it)
unless the next line is a record of as many values, which makes both GloVe records.

What is checked (:mod:`._binary`, :mod:`._text`, :mod:`._matching`)
-------------------------------------------------------------------
Every record of the file (or of its first ``limit`` records) is checked before anything is returned,
whether its word is wanted or not:

* binary records must be a word (at most 64 KiB, no leading newline left after stripping them, as gensim
  does), a space and exactly ``4 * vector_size`` bytes (one or more newlines may follow); the header's count
  must match the records present;
* text lines must be a word and exactly ``vector_size`` values separated by single spaces (one trailing
  space, as fastText and the word2vec C tool write, and CRLF line ends are accepted; blank lines only at the
  end), at most ``64 KiB + 64 * vector_size + 64`` bytes long (a longer line is reported at its line number
  as soon as it passes that length, never held whole: real values take at most 47 characters, C's ``%f`` of
  the largest float32, usually 8-24), and every value must be a number in this syntax (ASCII)::

      [+-]? ( digits [ . digits? ] | . digits ) ( [eE] [+-]? digits )?     or     [+-]? ( inf | infinity | nan )

  (the words in any case). That is what Python's ``float`` accepts, less underscores (``1_000``) and
  whitespace other than the separating spaces (a tab), which no writer of vector files produces; ``float``
  and so gensim would accept them. Digits outside ASCII are an error too. The header's count must match the
  lines present.
* Under ``unicode_errors="strict"`` every word must decode.

Values are converted on the lines of wanted words (:func:`read_vectors`) or on every line
(:func:`iter_vectors`), exactly as gensim converts them: the decimal string rounded once to the nearest
float64, then once to float32 (``np.float32(float(token))``). Nothing is sized from the header: its count
is never used to allocate anything, its vector size only once the first record backs it, and every buffer
grows with the records present (a record longer than a read chunk is gathered and joined once). Both
scanners take time linear in the file's size on any input (a zero-filled tail, a huge line). Errors are
:class:`~gensim_transfer.errors.FormatError` and subclasses naming the file, the record and line (text) or
byte offset (binary), and what was wrong (for a bad value: its column and the token); a cut-short or
corrupt ``.gz``/``.bz2`` stream is one too.

How it is fast
--------------
The compiled scanner (``_cscan.c``, see :func:`scanner`) does all per-record work in C without the GIL,
while a background thread reads the next chunk: it walks binary records (4 MiB chunks), checks text lines
(a newline search per line, then the value syntax and the space count from bitmasks of 64 bytes at a time,
AVX2 where the processor has it, SSE2 otherwise; a line with exponents or ``inf``/``nan`` value by value),
matches words against a C hash table of the wanted
words (encoded once, compared as bytes, behind a bitmap filter that stays in the CPU cache), and parses
values (Clinger's fast path, ``float()`` for every other token). No Python object is made for a word of the
file that is not wanted. The matched vectors are copied out of the chunk as it goes by and staged
(:mod:`._staging`: 24 MiB in memory, the rest in an unlinked temporary file), so the source is read once.

Without it (no C compiler at install, or ``GENSIM_TRANSFER_SCANNER=python``) the same checks run in Python
and numpy, several times slower: one anchored regular expression matches the run of whole records at the
front of a binary chunk and the one-record pattern splits it, checked to tile it exactly (:mod:`._binary`);
a bitmap of the wanted words' hashes screens the words before the dict of wanted words is asked; text is
checked in 1 MiB blocks with numpy, values by classing every byte against the byte or two before it
(:mod:`._text`); values are parsed by a vectorised decimal parser, exact where Clinger's fast
path applies, that hands every other token to ``float`` (:mod:`._floats`); matched binary vectors are read
back through short-lived memory maps or positioned reads. The test suite runs both scanners and requires
the same results and the same errors from each.
"""
from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple, Optional, Sequence, Tuple

import numpy as np

# PathLike and _lookup_for are used by adapt.py, drift.py and tests as ``formats.PathLike`` and so on.
from . import _native
from ._compression import inflater
from ._matching import _check_words, _lookup_for  # noqa: F401
from ._sniff import FORMATS, PathLike, VectorFileInfo  # noqa: F401
from ._source import GENSIM_DATA_ENV, Selection, Source, SourceLike, gensim_data_dir, open_source
from ._writer import atomic_output, output_kind, write_vectors

__all__ = [
    "FORMATS",
    "GENSIM_DATA_ENV",
    "SelectedVectors",
    "Selection",
    "Source",
    "SourceLike",
    "VectorFileInfo",
    "atomic_output",
    "gensim_data_dir",
    "inflater",
    "iter_vectors",
    "open_source",
    "output_kind",
    "read_vectors",
    "scanner",
    "scanner_fallback_reason",
    "sniff",
    "write_vectors",
]


class SelectedVectors(NamedTuple):
    """Result of :func:`read_vectors`.

    ``vectors[i]`` is the file's vector for ``words[i]`` where ``found[i]`` is True; rows not found are
    zero. ``records`` is how many records were read (all of them unless ``limit`` stopped earlier).
    """

    words: Sequence[str]
    vectors: np.ndarray
    found: np.ndarray
    records: int
    info: VectorFileInfo


def sniff(source: SourceLike, *, binary: Optional[bool] = None, member: Optional[str] = None) -> VectorFileInfo:
    """Detect what a source of vectors is: format, compression, record count and vector size.

    For vector files this reads their first bytes only. See :func:`open_source` for what a source can be.

    Parameters
    ----------
    source : str, path-like, KeyedVectors or model
    binary : bool or None
        True/False to insist on word2vec binary or a text format; None to detect.
    member : str, optional
        The member of a ``.zip`` archive to look at (same as ``archive.zip::member``).

    Returns
    -------
    VectorFileInfo

    Raises
    ------
    FormatError
        Empty file, a header that is not two integers (when one is required), a first record that fits no
        supported format, a zip without (or with several) vector members, a pickle that is not gensim's.
    VectorSizeError
        The first text record has a number of values other than the header's vector size.
    OSError
        The file cannot be opened (FileNotFoundError for a gensim-data name that was never downloaded).

    Examples
    --------
    >>> info = sniff("GoogleNews-vectors-negative300.bin.gz")
    >>> info.format, info.compression, info.count, info.vector_size
    ('word2vec-binary', 'gzip', 3000000, 300)
    """
    with open_source(source, binary=binary, member=member) as opened:
        return opened.info


def read_vectors(
    source: SourceLike,
    words: Iterable[str],
    *,
    binary: Optional[bool] = None,
    limit: Optional[int] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
    vector_size: Optional[int] = None,
    member: Optional[str] = None,
) -> SelectedVectors:
    """Read the vectors of ``words`` from a source of vectors into one float32 array, reading it once.

    Parameters
    ----------
    source : str, path-like, KeyedVectors or model
        A word2vec binary/text, fastText ``.vec`` or GloVe file (optionally ``.gz``/``.bz2``, or a member of a
        ``.zip``), a pipe, a gensim ``save()`` file, a gensim-data name, or vectors in memory (see
        :func:`open_source`).
    words : iterable of str
        The words wanted, e.g. a model's vocabulary in index order. Row ``i`` of the result is ``words[i]``.
    binary : bool or None
        None detects the format (see the module docstring).
    limit : int or None
        Read only the first ``limit`` records, like gensim's ``limit`` (``0`` reads none).
    encoding, unicode_errors
        How words in the file are decoded. Under ``"strict"`` a word that is not valid in ``encoding`` is an
        error naming its record, even if it is not a wanted word.
    vector_size : int or None
        If given, the source's vector size must equal it (checked before reading any record).
    member : str, optional
        The member of a ``.zip`` archive to read.

    Returns
    -------
    SelectedVectors
        If a word occurs more than once in the file, its last occurrence wins (as in gensim's
        ``intersect_word2vec_format``).

    Raises
    ------
    FormatError, TruncatedFileError, VectorSizeError
        With the file, the record or line, and what was wrong.
    TypeError
        A wanted word is not a str (e.g. None); the message gives its index in ``words`` and its value.

    Examples
    --------
    >>> sel = read_vectors("vectors.bin", ["king", "queen", "xyzzy"])
    >>> sel.found
    array([ True,  True, False])
    """
    wanted = list(words)
    _check_words(wanted)  # positions in the caller's list, before duplicates are dropped
    distinct = list(dict.fromkeys(wanted))
    with open_source(source, binary=binary, member=member) as opened:
        selection = opened.select(distinct, limit=limit, encoding=encoding, unicode_errors=unicode_errors,
                                  vector_size=vector_size)
    try:
        vectors = np.zeros((len(distinct), selection.info.vector_size), dtype=np.float32)
        vectors[selection.rows] = selection.staged.vectors()
    finally:
        selection.close()
    found = np.zeros(len(distinct), dtype=bool)
    found[selection.rows] = True
    if len(distinct) < len(wanted):  # a word asked for twice gets its vector twice
        row_of = {word: row for row, word in enumerate(distinct)}
        index = np.fromiter(map(row_of.__getitem__, wanted), dtype=np.int64, count=len(wanted))
        vectors, found = vectors[index], found[index]
    return SelectedVectors(wanted, vectors, found, selection.records, selection.info)


def iter_vectors(
    source: SourceLike,
    *,
    binary: Optional[bool] = None,
    limit: Optional[int] = None,
    encoding: str = "utf8",
    unicode_errors: str = "strict",
    member: Optional[str] = None,
) -> Iterator[Tuple[str, np.ndarray]]:
    """Yield every ``(word, vector)`` record of a source in its order, streaming.

    Parameters are as for :func:`read_vectors`. Vectors are float32 arrays of the source's vector size; every
    value of every record is parsed, so any malformed value raises.

    Examples
    --------
    >>> for word, vector in iter_vectors("vectors.txt", limit=3):
    ...     print(word, vector[:2])
    """
    with open_source(source, binary=binary, member=member) as opened:
        yield from opened.records(limit=limit, encoding=encoding, unicode_errors=unicode_errors)


def scanner() -> str:
    """Which scanner reads vector files here: ``"compiled"`` (the C extension built at install) or ``"python"``.

    Both make the same checks and give the same results; the compiled one is several times faster. It is
    missing where the package was installed without a C compiler (``gensim-transfer doctor`` says why), or
    switched off by the environment variable ``GENSIM_TRANSFER_SCANNER=python``.

    Examples
    --------
    >>> scanner()
    'compiled'
    """
    return _native.scanner_name()


def scanner_fallback_reason() -> Optional[str]:
    """Why the pure-Python scanner is in use (not built, or switched off), or None if the compiled one is."""
    return None if _native.cscan is not None else _native.why_not
