"""The exceptions and warnings gensim-transfer raises.

Catch :class:`TransferError` for every problem with a vector file or a merge; it subclasses ``ValueError`` so
code written for gensim's own ``ValueError`` keeps working.
"""
from __future__ import annotations

from typing import Optional

__all__ = [
    "FormatError",
    "LockFactorWarning",
    "TrainingError",
    "TransferError",
    "TruncatedFileError",
    "UnusedWordVectorsWarning",
    "VectorSizeError",
]


class TransferError(ValueError):
    """Base class: a vector file could not be read or merged. The model was left unchanged."""


class FormatError(TransferError):
    """A vector file is malformed at a known place.

    Attributes
    ----------
    path : str
        The file.
    record : int or None
        1-based number of the vector record (word) where the problem is, if known.
    line : int or None
        1-based line number in a text file (the header is line 1), if known.
    offset : int or None
        Byte offset in the (decompressed) file, if known.
    """

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        record: Optional[int] = None,
        line: Optional[int] = None,
        offset: Optional[int] = None,
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.record = record
        self.line = line
        self.offset = offset
        where = []
        if line is not None:
            where.append("line %d" % line)
        if record is not None:
            where.append("record %d" % record)
        if offset is not None:
            where.append("byte %d" % offset)
        place = (" (%s)" % ", ".join(where)) if where else ""
        super().__init__("%s%s: %s" % (self.path, place, problem))

    def __reduce__(self):  # keep the keyword-only arguments across pickling (multiprocessing, pytest-xdist)
        return (_rebuild_format_error, (type(self), self.path, self.problem, self.record, self.line, self.offset))


def _rebuild_format_error(cls, path, problem, record, line, offset):
    return cls(path, problem, record=record, line=line, offset=offset)


class TruncatedFileError(FormatError):
    """The file ends in the middle of a record, or holds fewer records than its header says."""


class VectorSizeError(FormatError):
    """The file's vectors have a different dimensionality than the model's (or than its own header says)."""


class LockFactorWarning(UserWarning):
    """Lock factors of a model were not what gensim's training reads (they no longer matched its vocabulary,
    e.g. after gensim's own vocabulary update, or had a dtype or layout gensim misreads) and were repaired."""


class UnusedWordVectorsWarning(UserWarning):
    """Word vectors were merged into a model whose training neither reads nor updates them (a PV-DBOW
    Doc2Vec, ``dm=0``, without ``dbow_words=1``)."""


class TrainingError(RuntimeError):
    """gensim's ``train()`` stopped because one of its threads failed (a worker, or the one reading the corpus).

    gensim itself would print the thread's traceback and wait forever for the dead thread. The thread's
    exception is this error's ``__cause__``; the model holds whatever training had done until then.
    """
