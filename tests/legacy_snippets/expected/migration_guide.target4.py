# ruff: noqa
"""The examples of gensim's "Migrating from Gensim 3.x to 4" guide, written the gensim 3.x way."""
import random

from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models.doc2vec import TaggedDocument
from gensim.test.utils import common_texts

# 1. size -> vector_size, iter -> epochs (Word2Vec, FastText and Doc2Vec alike)
model = Word2Vec(common_texts, vector_size=24, epochs=5, min_count=1, workers=1, seed=1)
ft_model = FastText(common_texts, vector_size=24, epochs=5, min_count=1, workers=1, seed=1)
documents = [TaggedDocument(doc, [i]) for i, doc in enumerate(common_texts)]
d2v_model = Doc2Vec(documents, vector_size=24, epochs=5, min_count=1, workers=1, seed=1)
print(model.wv.vector_size, ft_model.wv.vector_size, d2v_model.vector_size)

# 2. index2word -> index_to_key
random.seed(0)
random_word = random.choice(model.wv.index_to_key)
print(random_word in common_texts[0] + common_texts[1] + common_texts[2] + sum(common_texts[3:], []))

# 3. the vocab dict became key_to_index and get_vecattr()
rock_idx = model.wv.key_to_index["computer"]
rock_cnt = model.wv.get_vecattr("computer", "count")
vocab_len = len(model.wv.key_to_index)
words = list(model.wv.key_to_index)
print(rock_idx == model.wv.index_to_key.index("computer"), rock_cnt, vocab_len, sorted(words)[:4])

# 4. unit-normalized vectors are computed on demand
model.wv.fill_norms()
normed = model.wv.get_normed_vectors()
print(normed.shape, round(float((normed[0] ** 2).sum()), 4))

# 5. the models no longer delegate to their KeyedVectors
print([w for w, _ in model.wv.most_similar("computer", topn=3)])
print(round(float(model.wv.similarity("computer", "human")), 6))
print(model.wv["computer"][:3])
print("computer" in model.wv, "zebra" in model.wv)
print(ft_model.wv.most_similar("graph", topn=1)[0][0])
