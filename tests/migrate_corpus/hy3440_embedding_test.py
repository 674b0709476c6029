# Source: hy3440/diffSimilarTech, code/embedding_test.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
import gensim
import os


fname = os.path.join(os.pardir, "data", "mymodel")
model = gensim.models.Word2Vec.load(fname)
print(model.wv.vocab['a'])
