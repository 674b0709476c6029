# ruff: noqa
# FastText with the gensim 3.x keywords, including sentences= on build_vocab()/train().
from gensim.models import FastText
from gensim.test.utils import common_texts

model = FastText(vector_size=10, window=3, min_count=1, epochs=3, workers=1, min_n=2, max_n=4, seed=2)
model.build_vocab(corpus_iterable=common_texts)
model.train(corpus_iterable=common_texts, total_examples=len(common_texts), epochs=model.epochs)

print(len(model.wv.key_to_index), "computer" in model.wv.key_to_index, "computation" in model.wv.key_to_index)
print(model.wv["computation"].shape)  # out-of-vocabulary: built from n-grams
print(sorted(model.wv.key_to_index.keys())[:3])
print(model.wv.most_similar("computer", topn=2)[0][0] in model.wv.key_to_index)
print(model.wv.vectors.shape == (len(model.wv.key_to_index), 10))
