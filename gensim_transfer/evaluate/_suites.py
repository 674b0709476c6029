"""Test sets: word pairs with human scores, analogy questions, labelled sentences; the built-in ones.

Built-in suites are the test files inside every gensim wheel (``gensim/test/test_data``): nothing is
downloaded, and every gensim line ships the same bytes.

Formats (the ones gensim reads, so that a user's domain test set is written like the built-in ones):

pairs
    ``word1 word2 score`` per line, separated by tabs (or, if the line has no tab, by spaces); lines
    starting with ``#`` and blank lines are skipped. Anything else is an error naming the file and line.
analogies
    ``a b c d`` per line (``a`` is to ``b`` as ``c`` is to ``d``); ``: section name`` lines start a
    section; blank lines are skipped.
labelled sentences
    ``__label__X text`` per line (fastText's format); several labels may precede the text, the first is used.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Dict, List, Tuple

from ..errors import FormatError

__all__ = ["ANALOGY_SUITES", "LABELLED_SETS", "PAIR_SUITES", "AnalogySet", "LabelledSet", "PairSet",
           "builtin_path", "read_analogies", "read_labelled", "read_pairs"]

#: Built-in word-pair suites: name -> file in gensim's test data.
PAIR_SUITES = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}
#: Built-in analogy suites: name -> file in gensim's test data.
ANALOGY_SUITES = {"questions-words": "questions-words.txt"}
#: Built-in labelled sentence sets: name -> (file in gensim's test data, its encoding).
LABELLED_SETS = {"pang-lee": ("pang_lee_polarity.cor", "cp1252")}


def builtin_path(filename: str) -> str:
    """Path of a file in gensim's bundled test data."""
    from gensim.test.utils import datapath

    return datapath(filename)


@dataclass
class PairSet:
    """Word pairs and their human scores."""

    name: str
    path: str
    pairs: List[Tuple[str, str]]
    scores: List[float]


@dataclass
class AnalogySet:
    """Analogy questions ``a : b :: c : d`` and the section each belongs to."""

    name: str
    path: str
    questions: List[Tuple[str, str, str, str]]
    sections: List[str]


@dataclass
class LabelledSet:
    """Labelled sentences (token lists)."""

    name: str
    path: str
    labels: List[str]
    sentences: List[List[str]]


def _lines(path: str, encoding: str):
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                yield number, raw.decode(encoding).strip()
            except UnicodeDecodeError as err:
                raise FormatError(path, "line is not valid %s (%s)" % (encoding, err.reason), line=number) from None


def read_pairs(path: str, *, name: str = "", encoding: str = "utf8", lowercase: bool = True) -> PairSet:
    """Read a word-pair file (see the module docstring); words lower-cased unless ``lowercase=False``.

    Raises
    ------
    gensim_transfer.errors.FormatError
        A line is not ``word1 word2 score`` with a finite number, or the file has no pair.
    """
    path = os.fspath(path)
    pairs: List[Tuple[str, str]] = []
    scores: List[float] = []
    for number, line in _lines(path, encoding):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        fields = [f.strip() for f in fields]
        if len(fields) != 3 or not fields[0] or not fields[1]:
            raise FormatError(path, "expected 'word1 word2 score' (3 fields), got %d: %r" % (len(fields), line[:80]),
                              line=number)
        try:
            score = float(fields[2])
        except ValueError:
            score = math.nan
        if not math.isfinite(score):
            raise FormatError(path, "the score %r is not a finite number" % fields[2][:40], line=number)
        a, b = (fields[0].lower(), fields[1].lower()) if lowercase else (fields[0], fields[1])
        pairs.append((a, b))
        scores.append(score)
    if not pairs:
        raise FormatError(path, "no word pair in the file (expected lines 'word1 word2 score')")
    return PairSet(name or os.path.basename(path), path, pairs, scores)


def read_analogies(path: str, *, name: str = "", encoding: str = "utf8", lowercase: bool = True) -> AnalogySet:
    """Read an analogy file (see the module docstring).

    Raises
    ------
    gensim_transfer.errors.FormatError
        A line is neither a ``: section`` header nor four words, or the file has no question.
    """
    path = os.fspath(path)
    questions: List[Tuple[str, str, str, str]] = []
    sections: List[str] = []
    section = ""
    for number, line in _lines(path, encoding):
        if not line:
            continue
        if line.startswith(":"):
            section = line[1:].strip()
            continue
        words = line.lower().split() if lowercase else line.split()
        if len(words) != 4:
            raise FormatError(path, "expected an analogy 'a b c d' (4 words) or a ': section' line, got %d words: %r"
                              % (len(words), line[:80]), line=number)
        questions.append((words[0], words[1], words[2], words[3]))
        sections.append(section)
    if not questions:
        raise FormatError(path, "no analogy question in the file (expected lines 'a b c d')")
    return AnalogySet(name or os.path.basename(path), path, questions, sections)


def read_labelled(path: str, *, name: str = "", encoding: str = "utf8") -> LabelledSet:
    """Read a labelled sentence file (``__label__X text``), tokenised with gensim's ``simple_preprocess``.

    Raises
    ------
    gensim_transfer.errors.FormatError
        A non-blank line has no ``__label__`` prefix, or the file has fewer than two labels.
    """
    from gensim.utils import simple_preprocess

    path = os.fspath(path)
    labels: List[str] = []
    sentences: List[List[str]] = []
    for number, line in _lines(path, encoding):
        if not line:
            continue
        parts = line.split()
        if not parts[0].startswith("__label__") or parts[0] == "__label__":
            raise FormatError(path, "expected '__label__X text', got %r" % line[:80], line=number)
        label = parts[0][len("__label__"):]
        text = [p for p in parts[1:] if not p.startswith("__label__")]
        labels.append(label)
        sentences.append(simple_preprocess(" ".join(text)))
    distinct: Dict[str, int] = {}
    for label in labels:
        distinct[label] = distinct.get(label, 0) + 1
    if len(distinct) < 2:
        raise FormatError(path, "needs sentences with at least two different labels, found %d" % len(distinct))
    return LabelledSet(name or os.path.basename(path), path, labels, sentences)
