"""Regenerate the small models saved by gensim 3.8.3 that the legacy tests load (tests/data/gensim383/).

    /path/to/gensim-3.8.3/python tools/make_gensim383_models.py

Run it with gensim 3.8.3 (any numpy 1.x): the files must be written by 3.8.3's own ``save()``, so that they
hold ``model.trainables``, ``model.vocabulary`` (and FastText's ``bucket``) the way 3.8.3 pickles them and
gensim 4's loader upgrades them. The corpus is the first 40 documents of gensim's Lee background corpus;
one worker, seed 1, 8 dimensions, so each file stays small.
"""
from __future__ import annotations

import os
import sys

import gensim
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models.doc2vec import TaggedDocument
from gensim.test.utils import datapath
from gensim.utils import simple_preprocess

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "data", "gensim383")


def main() -> int:
    if gensim.__version__ != "3.8.3":
        sys.exit(f"run this with gensim 3.8.3 (found {gensim.__version__})")
    with open(datapath("lee_background.cor"), encoding="utf8") as f:
        sentences = [simple_preprocess(line) for _, line in zip(range(40), f)]
    os.makedirs(OUT, exist_ok=True)
    common = dict(size=8, min_count=3, seed=1, workers=1, iter=2)
    Word2Vec(sentences, negative=5, hs=0, **common).save(os.path.join(OUT, "word2vec.model"))
    FastText(sentences, bucket=100, min_n=3, max_n=4, **common).save(os.path.join(OUT, "fasttext.model"))
    documents = [TaggedDocument(words, [i]) for i, words in enumerate(sentences)]
    Doc2Vec(documents, dm=1, **common).save(os.path.join(OUT, "doc2vec.model"))
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
