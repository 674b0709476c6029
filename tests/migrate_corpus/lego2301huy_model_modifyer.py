# Source: lego2301huy/text-summarization, Vietnamese_doc_summarization_basic-master/Vectors/model-modifyer.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models import KeyedVectors

w2v = KeyedVectors.load_word2vec_format('vi-300-5-20000-5-fullsplit.vec', binary=False)
vector = w2v['và']

vocab = w2v.vocab
print(vocab)
