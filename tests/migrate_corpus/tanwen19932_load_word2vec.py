# Source: tanwen19932/nre, wechat/load_word2vec.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
# Nothing to migrate here (KeyedVectors.most_similar is gensim 4 code too): counts noise.
import os
import gensim
model = gensim.models.KeyedVectors.load_word2vec_format(
    os.path.join(os.path.dirname(__file__), '../data/word2vec/GoogleNews-vectors-negative300.bin'), binary=True)
print(model.most_similar('dog'))
