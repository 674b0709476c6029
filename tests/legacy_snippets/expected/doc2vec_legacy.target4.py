# ruff: noqa
# Doc2Vec trained the gensim 3.x way: documents= keywords, size/iter, model.iter, docvecs.
from gensim.models.doc2vec import Doc2Vec, TaggedDocument
from gensim.test.utils import common_texts

documents = [TaggedDocument(words, [i]) for i, words in enumerate(common_texts)]
model = Doc2Vec(vector_size=20, window=2, min_count=1, workers=1, epochs=5, seed=3)
model.build_vocab(corpus_iterable=documents)
model.train(corpus_iterable=documents, total_examples=model.corpus_count, epochs=model.epochs)

print(len(model.dv), model.dv[0].shape)
print([tag for tag, _ in model.dv.most_similar(0, topn=2)])
inferred = model.infer_vector(["human", "interface"], epochs=model.epochs)
print(len(model.dv.most_similar([inferred], topn=1)))
print(model.wv.get_vecattr("graph", "count"), len(model.wv.key_to_index))
