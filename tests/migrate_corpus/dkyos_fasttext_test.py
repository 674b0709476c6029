# Source: dkyos/text-mining, fasttext/test.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models import KeyedVectors
import pprint

model = KeyedVectors.load_word2vec_format('pl_model.vec')

pprint.pprint(model.most_similar('akumulator', topn=30))

vocab = model.index2word

wordvectors = []
for v in vocab:
    wordvectors.append(model.wv[v])
