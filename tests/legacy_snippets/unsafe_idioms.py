# ruff: noqa
# gensim 3.x code the migrator reports but does not rewrite (the right rewrite depends on facts it cannot
# see). Not executed by the tests; its migrations are compared with the expected files.
import gensim
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models.wrappers import LdaMallet


def query(model, word):
    model.init_sims()
    return model.most_similar(word)  # a model needs .wv, KeyedVectors do not: unknown here


def counts(kv):
    return {word: entry.count for word, entry in kv.wv.vocab.items()}


params = {"size": 100, "iter": 5}
model = Word2Vec(**params)
model.init_sims(replace=True)
entry = model.wv.vocab["king"]
model.wv.index2word = ["a", "b"]
lockf = model.trainables.vectors_lockf
something.intersect_word2vec_format("vectors.bin", binary=True)
d2v = Doc2Vec(vector_size=10)
d2v.docvecs.vectors_docs[0] = 0.0
print(d2v.docvecs.doctags)
ft = FastText(size=10, compatible_hash=False)
print(tokenizer.vocab)
print(model.accuracy("questions-words.txt"))
model.most_similar("king")  # gensim-transfer: ignore
