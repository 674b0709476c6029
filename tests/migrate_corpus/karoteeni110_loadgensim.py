# Source: karoteeni110/ngram-skipgram-all-about-gram, loadgensim.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
# Already gensim 4 code (counts noise).
from gensim.models import Word2Vec

model = Word2Vec.load("w2v.model")
print(model.wv['lēg'])
