# Source: TejCodes/bias, document-embeddings/gensim_test/gensim_bigrams.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
# Phrases used as a transformer: nothing to migrate (counts noise).
import gensim.downloader as api
import gensim.corpora as corpora
import gensim.models

dataset = api.load("text8")
dataset = [wd for wd in dataset]

dct = corpora.Dictionary(dataset)
corpus = [dct.doc2bow(line) for line in dataset]

bigram = gensim.models.phrases.Phrases(dataset, min_count=3, threshold=10)
print(bigram[dataset[0]])

trigram = gensim.models.phrases.Phrases(bigram[dataset], threshold=10)
print(trigram[bigram[dataset[0]]])
