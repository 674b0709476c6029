"""Finding the wanted words in a file's records, and staging their vectors.

:func:`_scan_stream` runs the right scanner over a stream; :func:`_lookup_for` keys the wanted words the way
they are compared (bytes, or str after decoding); :func:`_select_from_batches` makes the one validating pass
over a :class:`~._source.StreamSource` and stages the matched vectors (:class:`~._staging.Staged`) as the
records go by, so that nothing is read twice and nothing is written anywhere before the whole pass succeeded.
"""
from __future__ import annotations

import codecs
import itertools
from typing import IO, Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from ..errors import FormatError, TruncatedFileError
from . import _native
from ._binary import _scan_binary
from ._records import _Batch, _word_hashes, _Words
from ._sniff import VectorFileInfo, _read_at_least
from ._staging import Staged
from ._text import _scan_text


def _scan_stream(stream: IO[bytes], info: VectorFileInfo, limit: Optional[int]) -> Iterator[_Batch]:
    """The record batches of a (decompressed) stream that starts at the file's first byte."""
    scan = _scan_binary if info.binary else _scan_text
    if info.header_bytes and len(_read_at_least(stream, info.header_bytes)) < info.header_bytes:
        raise TruncatedFileError(info.path, "file ends inside the header line", line=1)
    yield from scan(stream, info, limit)


# Codecs in which equal strings have equal bytes and every word can be checked by decoding the words of a
# chunk joined by newlines (ASCII-compatible, self-synchronising or single-byte). Under strict decoding the
# file's words are compared undecoded against the wanted words encoded once. Other codecs decode each word.
_BYTE_EXACT = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252", "cp1251", "cp1250", "iso8859-15"})


def _compares_bytes(encoding: str, unicode_errors: str) -> bool:
    return unicode_errors == "strict" and codecs.lookup(encoding).name in _BYTE_EXACT


def _check_words(words: Sequence[str], what: str = "word") -> str:
    """``words`` joined by newlines, after checking that each is a str; ``TypeError`` naming the first that
    is not (its position and value), instead of ``str.join``'s "sequence item 1: expected str instance"."""
    try:
        return "\n".join(words)
    except TypeError:
        for position, word in enumerate(words):
            if not isinstance(word, str):
                raise TypeError(
                    "%s at index %d of %d is %r (a %s); words must be str"
                    % (what, position, len(words), word, type(word).__name__)
                ) from None
        raise


def _lookup_for(words: Sequence[str], encoding: str, unicode_errors: str) -> Dict:
    """Map each wanted word to its row, keyed the way :func:`_match` compares (bytes or str).

    ``TypeError`` naming the position of a word that is not a str (see :func:`_check_words`).
    """
    joined = _check_words(words)
    if not _compares_bytes(encoding, unicode_errors):
        return {word: row for row, word in enumerate(words)}
    # All at once where no word holds a newline (a newline is byte 0x0A in these codecs, and no other
    # character's bytes contain 0x0A): one encode and one split instead of one encode per word.
    if joined.count("\n") == max(0, len(words) - 1):
        try:
            return dict(zip(joined.encode(encoding).split(b"\n"), range(len(words)))) if words else {}
        except UnicodeEncodeError:
            pass  # some word cannot be spelled in this encoding: one by one below
    lookup: Dict[bytes, int] = {}
    for row, word in enumerate(words):
        try:
            lookup[word.encode(encoding)] = row
        except UnicodeEncodeError:
            continue  # a word this encoding cannot spell cannot be in the file
    return lookup


def _where(info: VectorFileInfo, batch: _Batch, i: int) -> Dict[str, Optional[int]]:
    line = None if batch.first_line is None else batch.first_line + i
    return {"record": batch.first_record + i + 1, "line": line}


def _undecodable(info: VectorFileInfo, batch: _Batch, i: int, encoding: str, err: UnicodeDecodeError) -> FormatError:
    return FormatError(
        info.path,
        "word %r is not valid %s (%s); pass unicode_errors='replace' or 'ignore' to accept it%s"
        % (batch.words[i][:40], encoding, err.reason,
           " (or, if words look like binary noise, is the header's vector size right?)" if info.binary else ""),
        **_where(info, batch, i),
    )


def _check_decodable(info: VectorFileInfo, batch: _Batch, encoding: str) -> None:
    """Under strict decoding every word of the file must decode, wanted or not (as gensim's reader insists).

    Only for the codecs of :data:`_BYTE_EXACT`, where decoding the joined words is the same test, and where
    a word of bytes below 0x80 always decodes (so only the words the scanner saw a high byte in, if it
    says, are tried).
    """
    high = batch.words.high
    words = batch.words.all() if high is None else batch.words.at(high)
    try:
        b"\n".join(words).decode(encoding)  # ASCII decodes at memcpy speed
        return
    except UnicodeDecodeError:
        pass
    for i, word in enumerate(words):
        try:
            word.decode(encoding)
        except UnicodeDecodeError as err:
            raise _undecodable(info, batch, i if high is None else int(high[i]), encoding, err) from None


def _decode_words(info: VectorFileInfo, batch: _Batch, encoding: str, unicode_errors: str) -> List[str]:
    try:
        return [w.decode(encoding, unicode_errors) for w in batch.words.all()]
    except UnicodeDecodeError:
        for i, word in enumerate(batch.words.all()):
            try:
                word.decode(encoding, unicode_errors)
            except UnicodeDecodeError as err:
                raise _undecodable(info, batch, i, encoding, err) from None
        raise



class _Prefilter:
    """Which of a chunk's words are wanted.

    With the compiled scanner and bytes keys: a hash table of the wanted words' bytes in C
    (:func:`_cscan.match`), so that no Python object is made for any word of the file. Otherwise a bitmap
    of hashes first, the dict of wanted words after: a dict lookup per file word is mostly cache misses
    (the dict of wanted words is megabytes, the file is streamed through the cache). The bitmap has 64 bits
    per wanted word (a bit-packed array that stays in cache), so about one unwanted file word in sixty
    gets past it to the dict. With bytes keys the hashes are :func:`_word_hashes`, computed with numpy
    straight from the chunk; otherwise Python's ``hash``.
    """

    def __init__(self, lookup: Dict) -> None:
        self.lookup = lookup
        keys = list(lookup)
        by_bytes = bool(keys) and isinstance(keys[0], bytes)
        lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) if by_bytes else None
        self.table: Optional[object] = None  # a capsule from _cscan.build_table
        cscan = _native.cscan
        if cscan is not None and lens is not None:
            self.table = cscan.build_table(b"".join(keys), np.cumsum(lens) - lens, lens)
            self.rows = np.fromiter(lookup.values(), dtype=np.int64, count=len(keys))
            return
        self.bits = max(16, min(30, (64 * len(lookup)).bit_length()))
        self.packed = np.zeros(1 << (self.bits - 3), dtype=np.uint8)
        if lens is not None:
            buf = np.frombuffer(b"".join(keys) + bytes(8), np.uint8)
            hashes = _word_hashes(buf, np.cumsum(lens) - lens, lens)
        else:
            hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys)).view(np.uint64)
        if hashes is not None and len(hashes):
            index = hashes >> np.uint64(64 - self.bits)
            np.bitwise_or.at(self.packed, (index >> np.uint64(3)).astype(np.intp),
                             (np.uint8(1) << (index & np.uint64(7)).astype(np.uint8)))

    def find_decoded(self, keys: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
        """(Positions in ``keys`` of wanted words, their rows), for str keys."""
        return self._look_up(keys, np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys)).view(np.uint64))

    def find(self, words: _Words) -> Tuple[np.ndarray, np.ndarray]:
        """(Positions in ``words`` of wanted words, their rows), for bytes keys: words matched in C by the
        compiled scanner, else by :func:`_word_hashes` in numpy, else (tiny pieces) looked up one by one."""
        if self.table is not None:
            positions, keys = [], []
            for (data, starts, lens), first in zip(words.spans, words.bounds.tolist()):
                at, key = np.empty(len(starts), np.int64), np.empty(len(starts), np.int64)
                found = _native.cscan.match(data, starts, lens, len(starts), self.table, at, key)  # type: ignore
                positions.append(at[:found] + first)
                keys.append(key[:found])
            if len(positions) == 1:
                return positions[0], self.rows[keys[0]]
            return np.concatenate(positions), self.rows[np.concatenate(keys)]
        hashes = words.hashes()
        if hashes is None:
            rows = np.fromiter(map(self.lookup.get, words.all(), itertools.repeat(-1)), dtype=np.int64,
                               count=len(words))
            hit = np.flatnonzero(rows >= 0)
            return hit, rows[hit]
        return self._look_up(words, hashes)

    def _look_up(self, keys: Sequence, hashes: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        index = hashes >> np.uint64(64 - self.bits)
        bit = (self.packed[(index >> np.uint64(3)).astype(np.intp)] >> (index & np.uint64(7)).astype(np.uint8)) & 1
        candidates = np.flatnonzero(bit)
        if not len(candidates):
            return candidates, candidates
        at = keys.at(candidates) if isinstance(keys, _Words) else list(map(keys.__getitem__, candidates.tolist()))
        return self._confirm(at, candidates)

    def _confirm(self, keys: List, candidates: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """The candidates (and their rows) whose key really is a wanted word."""
        rows = np.fromiter(map(self.lookup.get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
        hit = rows >= 0
        return candidates[hit], rows[hit]


def _select_from_batches(source: Any, words: Sequence[str], limit: Optional[int], encoding: str,
                         unicode_errors: str, progress: Optional[Callable[[int], None]],
                         observe: Optional[Callable[[Sequence[str], np.ndarray], None]] = None) -> Any:
    """Validate the whole source (or its first ``limit`` records) and stage the vectors of ``words``.

    ``progress``, if given, is called with the number of records read since its previous call, once per chunk.
    Under strict decoding with a byte-exact codec each word of the file is compared undecoded against the
    wanted words encoded once; otherwise each is decoded first. A word the file holds twice takes its later
    vector.
    """
    from ._source import Selection

    _native.warn_if_missing()
    info = source.info
    by_bytes = _compares_bytes(encoding, unicode_errors)
    prefilter = _Prefilter(_lookup_for(words, encoding, unicode_errors))
    staged = Staged(info.vector_size)
    records = 0
    batches = source.batches(limit)
    try:
        for batch in batches:
            if by_bytes:
                _check_decodable(info, batch, encoding)
                positions, rows = prefilter.find(batch.words)
            else:
                positions, rows = prefilter.find_decoded(_decode_words(info, batch, encoding, unicode_errors))
            if observe is not None:  # every record's vector is parsed: the observer sees them all
                every = batch.take(np.arange(len(batch.words)))
                observe(_decode_words(info, batch, encoding, unicode_errors), every)
                if len(positions):
                    staged.append(rows, every[positions])
            elif len(positions):
                staged.append(rows, batch.take(positions))
            records = batch.first_record + len(batch.words)
            if progress is not None:
                progress(len(batch.words))
    except BaseException:
        batches.close()  # type: ignore[attr-defined]
        staged.close()
        raise
    batches.close()  # type: ignore[attr-defined]
    return Selection(info, records, staged.finish())
