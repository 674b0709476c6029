# Source: lruehle/Temporal-classification-embeddings, test_vectors.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
# Already gensim 4 code (counts noise).
from gensim.models import KeyedVectors
from gensim.models.word2vec import Word2Vec


def load_model(path):
    model = Word2Vec.load(path)
    return model


def load_vec(path):
    wv = KeyedVectors.load(path, mmap='r')
    return wv


model = load_model("1600_word2vec.model")
vector = load_vec("1600_word2vec.wordvectors")

print(vector.most_similar("würdig"))
