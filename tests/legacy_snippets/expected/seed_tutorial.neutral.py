# ruff: noqa
# The transfer-learning recipe from the tutorial this project started from (gensim 3.x).
# Injected by the test: googleNews_filepath (a small word2vec binary file).
import gensim
from gensim_transfer import compat, transfer_init

sentences = ["I am a boy", "You are a girl"]
sentences = [s.lower().strip().split(" ") for s in sentences]
PreTrainedKeyvector = gensim.models.keyedvectors.KeyedVectors.load_word2vec_format(
    googleNews_filepath, binary=True, limit=20)
TranferedModel = gensim.models.Word2Vec(**compat.model_kwargs(vector_size=PreTrainedKeyvector.vector_size), min_count=1)
TranferedModel.build_vocab([compat.key_to_index(PreTrainedKeyvector).keys()])
TranferedModel.build_vocab(sentences, update=True)
transfer_init(TranferedModel, googleNews_filepath, binary=True, lockf=1.0)
print(TranferedModel.wv['boy'][:10])
TranferedModel.train(sentences, total_examples=len(sentences), epochs=100)
print(TranferedModel.wv['boy'][:10])
