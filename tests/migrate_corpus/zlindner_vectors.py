# Source: zlindner/pripol, layers/ml/vectors.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models import KeyedVectors as kv


def load_google_news():
    print('\n# loading google news vectors')
    vectors = kv.load_word2vec_format('vectors/google-news.bin', binary=True)
    print('loaded %s vectors' % (len(vectors.vocab)))
    return vectors
