"""Real corpora and small real models for the tests (gensim's bundled Lee corpus; no downloads)."""
from __future__ import annotations

import functools
import os
from typing import List, Optional

import numpy as np
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models.doc2vec import TaggedDocument
from gensim.test.utils import datapath
from gensim.utils import simple_preprocess

from gensim_transfer import compat

MODEL_CLASSES = {"word2vec": Word2Vec, "fasttext": FastText, "doc2vec": Doc2Vec}


@functools.lru_cache(maxsize=None)
def _lee() -> tuple:
    with open(datapath("lee_background.cor"), encoding="utf8") as handle:
        return tuple(tuple(simple_preprocess(line)) for line in handle)


def lee_sentences(start: int = 0, stop: Optional[int] = None) -> List[List[str]]:
    """Tokenised lines of gensim's bundled Lee news corpus (300 documents)."""
    return [list(s) for s in _lee()[start:stop]]


def corpus_for(kind: str, sentences: List[List[str]]):
    if kind == "doc2vec":
        return [TaggedDocument(words, [i]) for i, words in enumerate(sentences)]
    return sentences


def make_model(kind: str, sentences: Optional[List[List[str]]] = None, *, size: int = 16, **kwargs):
    """A model of ``kind`` with its vocabulary built on ``sentences`` (not trained). Deterministic."""
    params = dict(size=size, min_count=2, seed=7, workers=1, iter=1)
    if kind == "fasttext":
        params.update(min_n=3, max_n=4, bucket=2000)
    params.update(kwargs)
    cls = MODEL_CLASSES[kind]
    model = cls(**compat.model_kwargs(cls, **params))
    if sentences is not None:
        model.build_vocab(corpus_for(kind, sentences))
    return model


def train(model, kind: str, sentences: List[List[str]], epochs: int = 2) -> None:
    corpus = corpus_for(kind, sentences)
    model.train(corpus, total_examples=len(corpus), epochs=epochs)


def write_word2vec(path: str, words: List[str], vectors: np.ndarray, *, binary: bool) -> str:
    """Write a word2vec file with gensim's own writer (float32 exact in binary, '%f'-free text via repr)."""
    kv = compat.keyed_vectors_from(words, vectors)
    kv.save_word2vec_format(os.fspath(path), binary=binary)
    return os.fspath(path)


def random_vectors(n: int, size: int, seed: int = 0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(-1, 1, (n, size)).astype(np.float32)
