"""The built-in example data behind ``gensim-transfer adapt`` with no arguments.

- The pretrained file, ``news-vectors-48d.bin``, ships in the package: 2,747 word2vec vectors (48 dimensions)
  that this project trained on gensim's bundled Lee news corpus (``tools/make_example_data.py`` remakes it).
- The domain corpus is not shipped: it is derived at run time from the 200 one-sentence movie reviews
  (Pang & Lee's polarity sample) that every gensim wheel carries in ``gensim/test/test_data``, so no
  third-party text is redistributed here and nothing is downloaded.
"""
from __future__ import annotations

import os

__all__ = ["CORPUS_NAME", "PRETRAINED_NAME", "data_path", "example_corpus", "example_pretrained"]

PRETRAINED_NAME = "news-vectors-48d.bin"
CORPUS_NAME = "movie-reviews.txt"
_SOURCE = "pang_lee_polarity.cor"  # Windows-1252 text, one "__label__pos text" review per line


def data_path(name: str) -> str:
    """Path of a file shipped in ``gensim_transfer/data/``."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", name)


def example_pretrained() -> str:
    """Path of the shipped example vector file (word2vec binary, 2,747 words x 48 dimensions)."""
    return data_path(PRETRAINED_NAME)


def example_corpus(directory: str) -> str:
    """Write the example domain corpus into ``directory`` and return its path.

    One review per line, lower-cased tokens separated by spaces (gensim's ``simple_preprocess``), UTF-8.

    Examples
    --------
    >>> from gensim_transfer.adapt import adapt
    >>> model, report = adapt(example_corpus("."), example_pretrained(), min_count=2)
    """
    from gensim.test.utils import datapath  # only the example needs gensim's test data
    from gensim.utils import simple_preprocess

    lines = []
    with open(datapath(_SOURCE), encoding="cp1252") as handle:
        for line in handle:
            text = line.split(" ", 1)[1] if line.startswith("__label__") else line
            tokens = simple_preprocess(text)
            if tokens:
                lines.append(" ".join(tokens))
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, CORPUS_NAME)
    with open(path, "w", encoding="utf8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
    return path
