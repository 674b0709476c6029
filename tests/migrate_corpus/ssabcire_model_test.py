# Source: ssabcire/py-research, src/model_test.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from pathlib import Path
from gensim.models.word2vec import Word2Vec

twitter_path = str(Path.home()) + "/py/research/twitter/"
model_path = twitter_path + "twitter.model"

model = Word2Vec.load(model_path)
print(model.wv.index2entity)
