# ruff: noqa
# Pretrained vectors loaded into KeyedVectors, queried the gensim 3.x way.
# Injected by the test: googleNews_filepath (a small word2vec binary file).
from gensim.models import KeyedVectors

kv = KeyedVectors.load_word2vec_format(googleNews_filepath, binary=True)
print(len(kv.vocab), kv.index2word[:5], kv.index2entity[-1])
print("boy" in kv.vocab, "zebra" not in kv.vocab)
print(kv.vocab["boy"].index == kv.index2word.index("boy"), kv.vocab["boy"].count > 0)
print(kv.syn0.shape, kv.wv.syn0.dtype)

kv.init_sims()
unit = kv.syn0norm
print(unit.shape, round(float((unit[0] ** 2).sum()), 4))

# sort by corpus frequency, then overwrite a count
top = sorted(kv.vocab, key=lambda w: kv.vocab[w].count, reverse=True)[:3]
print(top == kv.index2word[:3])
kv.vocab["boy"].count = 42
print(kv.vocab["boy"].count)

wv = kv.wv
print([w for w, _ in wv.most_similar("boy", topn=2)] == [w for w, _ in kv.most_similar("boy", topn=2)])
for word in list(kv.wv.vocab.keys())[:3]:
    assert kv.wv.vocab[word].index == kv.index2word.index(word)
