# ruff: noqa
# FastText with the gensim 3.x keywords, including sentences= on build_vocab()/train().
from gensim.models import FastText
from gensim.test.utils import common_texts
from gensim_transfer import compat

model = FastText(**compat.model_kwargs(vector_size=10, epochs=3), window=3, min_count=1, workers=1, min_n=2, max_n=4, seed=2)
model.build_vocab(common_texts)
model.train(common_texts, total_examples=len(common_texts), epochs=model.epochs)

print(len(compat.index_to_key(model.wv)), "computer" in compat.key_to_index(model.wv), "computation" in compat.key_to_index(model.wv))
print(model.wv["computation"].shape)  # out-of-vocabulary: built from n-grams
print(sorted(compat.key_to_index(model.wv).keys())[:3])
print(model.wv.most_similar("computer", topn=2)[0][0] in compat.key_to_index(model.wv))
print(model.wv.vectors.shape == (len(compat.index_to_key(model.wv)), 10))
