# ruff: noqa
# The "continue training from pretrained vectors" recipe of many blog posts, with a text-format file
# and the positional lockf/binary arguments of gensim 3.x's intersect_word2vec_format.
# Injected by the test: glove_text_path (a small word2vec text file), corpus_path (a text corpus).
import numpy as np
from gensim.models import KeyedVectors, Word2Vec
from gensim.models.word2vec import LineSentence

sentences = list(LineSentence(corpus_path))[:40]
pretrained = KeyedVectors.load_word2vec_format(glove_text_path, binary=False)

model = Word2Vec(size=pretrained.vector_size, min_count=1, workers=1, iter=1, seed=5)
model.build_vocab(sentences)
model.build_vocab([["boy", "girl"]], update=True)
model.intersect_word2vec_format(glove_text_path, 1.0, False)
print(np.allclose(model.wv["boy"], pretrained["boy"]))

model.train(sentences, total_examples=model.corpus_count, epochs=model.iter)
print(model.wv["boy"].shape, len(model.wv.vocab) > 100)
