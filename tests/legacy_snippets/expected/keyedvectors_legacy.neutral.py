# ruff: noqa
# Pretrained vectors loaded into KeyedVectors, queried the gensim 3.x way.
# Injected by the test: googleNews_filepath (a small word2vec binary file).
from gensim.models import KeyedVectors
from gensim_transfer import compat

kv = KeyedVectors.load_word2vec_format(googleNews_filepath, binary=True)
print(len(compat.index_to_key(kv)), compat.index_to_key(kv)[:5], compat.index_to_key(kv)[-1])
print("boy" in compat.key_to_index(kv), "zebra" not in compat.key_to_index(kv))
print(compat.key_to_index(kv)["boy"] == compat.index_to_key(kv).index("boy"), compat.word_count(kv, "boy") > 0)
print(kv.vectors.shape, kv.vectors.dtype)

kv.init_sims()
unit = compat.normed_vectors(kv)
print(unit.shape, round(float((unit[0] ** 2).sum()), 4))

# sort by corpus frequency, then overwrite a count
top = sorted(compat.key_to_index(kv), key=lambda w: compat.word_count(kv, w), reverse=True)[:3]
print(top == compat.index_to_key(kv)[:3])
compat.set_word_count(kv, "boy", 42)
print(compat.word_count(kv, "boy"))

wv = compat.wv(kv)
print([w for w, _ in wv.most_similar("boy", topn=2)] == [w for w, _ in kv.most_similar("boy", topn=2)])
for word in list(compat.key_to_index(kv).keys())[:3]:
    assert compat.key_to_index(kv)[word] == compat.index_to_key(kv).index(word)
