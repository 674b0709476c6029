# ruff: noqa
# FastText with the gensim 3.x keywords, including sentences= on build_vocab()/train().
from gensim.models import FastText
from gensim.test.utils import common_texts

model = FastText(size=10, window=3, min_count=1, iter=3, workers=1, min_n=2, max_n=4, seed=2)
model.build_vocab(sentences=common_texts)
model.train(sentences=common_texts, total_examples=len(common_texts), epochs=model.iter)

print(len(model.wv.vocab), "computer" in model.wv.vocab, "computation" in model.wv.vocab)
print(model.wv["computation"].shape)  # out-of-vocabulary: built from n-grams
print(sorted(model.wv.vocab.keys())[:3])
print(model.most_similar("computer", topn=2)[0][0] in model.wv.vocab)
print(model.wv.syn0.shape == (len(model.wv.vocab), 10))
