# ruff: noqa
# Already gensim 4 style, with odd formatting and names that only look like gensim 3 idioms: must stay
# byte-identical.
import xml.etree.ElementTree as ET
from collections import Counter

from gensim.models import KeyedVectors, Word2Vec
from gensim.test.utils import common_texts

vocab = Counter(w for text in common_texts for w in text)   # a Counter called vocab, not wv.vocab
model = Word2Vec( vector_size = 12 ,min_count=1,
                  epochs=2 ,  workers = 1 )     # spacing kept as is
model.build_vocab( corpus_iterable=common_texts )
model.train(common_texts, total_examples = model.corpus_count, epochs = model.epochs)
print( model.wv.most_similar( "computer", topn=2 )[0][0] in model.wv.key_to_index )
print(len(model.wv.index_to_key), model.wv.get_vecattr("computer", "count") == vocab["computer"])
root = ET.fromstring("<a><b/><b/></a>")
print(sum(1 for _ in root.iter("b")))  # Element.iter(), not model.iter
	# a tab-indented comment
size = 3 ; iter_count = 2  # names, not keywords
