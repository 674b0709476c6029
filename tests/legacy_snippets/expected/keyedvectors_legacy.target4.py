# ruff: noqa
# Pretrained vectors loaded into KeyedVectors, queried the gensim 3.x way.
# Injected by the test: googleNews_filepath (a small word2vec binary file).
from gensim.models import KeyedVectors

kv = KeyedVectors.load_word2vec_format(googleNews_filepath, binary=True)
print(len(kv.key_to_index), kv.index_to_key[:5], kv.index_to_key[-1])
print("boy" in kv.key_to_index, "zebra" not in kv.key_to_index)
print(kv.key_to_index["boy"] == kv.index_to_key.index("boy"), kv.get_vecattr("boy", "count") > 0)
print(kv.vectors.shape, kv.vectors.dtype)

kv.fill_norms()
unit = kv.get_normed_vectors()
print(unit.shape, round(float((unit[0] ** 2).sum()), 4))

# sort by corpus frequency, then overwrite a count
top = sorted(kv.key_to_index, key=lambda w: kv.get_vecattr(w, "count"), reverse=True)[:3]
print(top == kv.index_to_key[:3])
kv.set_vecattr("boy", "count", 42)
print(kv.get_vecattr("boy", "count"))

wv = kv
print([w for w, _ in wv.most_similar("boy", topn=2)] == [w for w, _ in kv.most_similar("boy", topn=2)])
for word in list(kv.key_to_index.keys())[:3]:
    assert kv.key_to_index[word] == kv.index_to_key.index(word)
