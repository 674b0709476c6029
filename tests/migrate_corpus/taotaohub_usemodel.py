# Source: TaoTaoHub/AI, useModel.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's calls.
# Uses the `word2vec` package, not gensim: nothing here is gensim's (counts noise).
import word2vec

model = word2vec.load('Word2VecModel.bin')
words = model.cosine('努力')
vec = model['网']
print(vec.dot(vec))
for x in words[0]:
    print(model.vocab[x])
