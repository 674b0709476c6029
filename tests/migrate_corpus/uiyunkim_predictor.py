# Source: uiyunkim-private/hackathon, src/document_similarity/predictor.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models.doc2vec import Doc2Vec
from nltk.tokenize import word_tokenize

model = Doc2Vec.load("d2v.model")
test_data = word_tokenize("building".lower())
v1 = model.infer_vector(test_data)
print("V1_infer", v1)

similar_doc = model.docvecs.most_similar("NIta Resume.pdf")
print("similar", similar_doc)

print(model.docvecs["Eliza Jones Resume.pdf"])
