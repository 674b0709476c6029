# Source: jilljenn/iclr2019, w2v.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models.fasttext import load_facebook_vectors
# from gensim.models.wrappers import FastText


meow = load_facebook_vectors('wiki.simple.bin')
print(meow)

model = FastText.load_fasttext_format('wiki.simple')

print(model.most_similar('teacher'))

print(model.similarity('teacher', 'teaches'))
