# Source: ai-maxim/Alfamentor, igra_slov.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models import KeyedVectors

en_model = KeyedVectors.load_word2vec_format('ft_native_300_ru_wiki_lenta_lemmatize.vec')

words = []
for word in en_model.vocab:
    words.append(word)

print("Number of Tokens: {}".format(len(words)))
print("Dimension of a word vector: {}".format(len(en_model[words[0]])))

for similar_word in en_model.similar_by_word('наука'):
    print("Word: {0}, Similarity: {1:.2f}".format(similar_word[0], similar_word[1]))
