"""Regenerate the built-in example data of ``gensim-transfer adapt`` (gensim_transfer/data/).

    python tools/make_example_data.py            # writes gensim_transfer/data/
    python tools/make_example_data.py --check    # regenerate in a temp dir and compare (exit 1 if different)

It is made from text that ships inside gensim itself (``gensim/test/test_data``); nothing is downloaded.

``news-vectors-48d.bin``
    The "pretrained" file: word2vec binary, the words that occur at least 3 times in gensim's Lee background
    corpus (300 Australian news articles, ``lee_background.cor``), most frequent first as in a GoogleNews-style
    file, 48 dimensions (a multiple of 4: gensim 3.8 warns otherwise). Trained with Word2Vec skip-gram, seed 1,
    one worker thread.

The example's domain corpus is not shipped: ``gensim_transfer.examples.example_corpus`` derives it at run
time from the movie reviews in gensim's own test data.

The vectors are reproducible for a given gensim release (the committed file was made with gensim 4.4.0,
numpy 2): gensim 4.x draws initial vectors from ``seed``; gensim 3.8 hashes words with Python's ``hash``, so
there run it with ``PYTHONHASHSEED=0``.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import sys
import tempfile

import numpy as np
from gensim.models import Word2Vec
from gensim.test.utils import datapath
from gensim.utils import simple_preprocess

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, os.pardir, "gensim_transfer", "data")

PRETRAINED = "news-vectors-48d.bin"
SETTINGS = dict(min_count=3, window=5, sg=1, negative=5, seed=1, workers=1)
SIZE = 48
EPOCHS = 40


def _model(sentences):
    from gensim_transfer import compat  # the one place that knows how this gensim spells size/epochs

    model = Word2Vec(**compat.model_kwargs(vector_size=SIZE, epochs=EPOCHS, **SETTINGS))
    model.build_vocab(sentences)
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    return model


def make_pretrained(path: str) -> int:
    from gensim_transfer import compat

    with open(datapath("lee_background.cor"), encoding="utf8") as handle:
        sentences = [simple_preprocess(line) for line in handle]
    model = _model(sentences)
    words = list(compat.index_to_key(model))
    vectors = np.asarray(compat.wv(model).vectors, dtype="<f4")
    with open(path, "wb") as out:  # the C tool's layout: header, then word, space, float32s, newline
        out.write(b"%d %d\n" % (len(words), SIZE))
        for word, vector in zip(words, vectors):
            out.write(word.encode("utf8") + b" " + vector.tobytes() + b"\n")
    return len(words)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.path.join(HERE, os.pardir))
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            make_pretrained(os.path.join(tmp, PRETRAINED))
            same = filecmp.cmp(os.path.join(tmp, PRETRAINED), os.path.join(DATA, PRETRAINED), shallow=False)
        print("%s: %s" % (PRETRAINED, "identical" if same else
                          "DIFFERS (another gensim release, or PYTHONHASHSEED on 3.8?)"))
        return 0 if same else 1
    os.makedirs(DATA, exist_ok=True)
    words = make_pretrained(os.path.join(DATA, PRETRAINED))
    path = os.path.normpath(os.path.join(DATA, PRETRAINED))
    print("wrote %s (%d bytes): %d words x %d dimensions" % (path, os.path.getsize(path), words, SIZE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
