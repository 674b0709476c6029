# Source: Aryan-Prasad-666/Generative-AI, word_vectors.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
# KeyedVectors from gensim's downloader: nothing to migrate (counts noise).
import gensim.downloader as api

model = api.load("word2vec-google-news-300")

king_vector = model['king']
print(king_vector[:10])

for word, similarity in model.most_similar('king'):
    print(f"{word}: {similarity:.4f}")

result = model.most_similar(positive=['king', 'woman'], negative=['man'], topn=1)
print(result[0][0])
