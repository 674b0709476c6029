# ruff: noqa
# Idioms collected from real projects: Keras embedding matrices, a wrapper class, a training helper.
# Injected by the test: corpus_path (a text corpus).
import logging

import numpy as np
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
from gensim_transfer import compat

logger = logging.getLogger(__name__)


def train_word2vec(path, dim=32):
    sentences = LineSentence(path)
    model = Word2Vec(**compat.model_kwargs(vector_size=dim, epochs=2), window=5, min_count=2, workers=1, seed=7)
    model.build_vocab(sentences)
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    return model


def embedding_matrix(w2v):
    # a parameter: its type is unknown, but .wv makes the receiver KeyedVectors
    matrix = np.zeros((len(compat.index_to_key(w2v.wv)) + 1, w2v.vector_size), dtype="float32")
    for i, word in enumerate(compat.index_to_key(w2v.wv)):
        matrix[i + 1] = w2v.wv[word]
    return matrix


def neighbours(vectors, word):
    # called with KeyedVectors below, so this runs on gensim 4; the migrator cannot know and only reports it
    return [w for w, _ in vectors.most_similar(word, topn=3)]


class Embeddings(object):
    def __init__(self, path):
        self.model = train_word2vec(path)
        self.dim = self.model.vector_size

    def __contains__(self, word):
        return word in compat.key_to_index(self.model.wv)

    def vector(self, word):
        return self.model.wv[word]

    def similar(self, word):
        return self.model.wv.most_similar(positive=[word], topn=3)

    def weights(self):
        return self.model.wv.vectors


model = train_word2vec(corpus_path)
vocab_size = len(compat.index_to_key(model.wv))
matrix = embedding_matrix(model)
print(matrix.shape == (vocab_size + 1, 32), np.allclose(matrix[1], model.wv[compat.index_to_key(model.wv)[0]]))
print(len(neighbours(model.wv, "the")))
print(model.wv.most_similar("the", topn=1)[0][0] in compat.key_to_index(model.wv))

emb = Embeddings(corpus_path)
print("the" in emb, emb.vector("the").shape, len(emb.similar("the")), emb.weights().shape[1] == emb.dim)
