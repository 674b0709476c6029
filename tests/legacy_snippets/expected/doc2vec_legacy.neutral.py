# ruff: noqa
# Doc2Vec trained the gensim 3.x way: documents= keywords, size/iter, model.iter, docvecs.
from gensim.models.doc2vec import Doc2Vec, TaggedDocument
from gensim.test.utils import common_texts
from gensim_transfer import compat

documents = [TaggedDocument(words, [i]) for i, words in enumerate(common_texts)]
model = Doc2Vec(vector_size=20, window=2, min_count=1, workers=1, epochs=5, seed=3)
model.build_vocab(documents)
model.train(documents, total_examples=model.corpus_count, epochs=model.epochs)

print(len(model.docvecs), model.docvecs[0].shape)
print([tag for tag, _ in model.docvecs.most_similar(0, topn=2)])
inferred = model.infer_vector(["human", "interface"], epochs=model.epochs)
print(len(model.docvecs.most_similar([inferred], topn=1)))
print(compat.word_count(model.wv, "graph"), len(compat.index_to_key(model.wv)))
