# Source: HsaXie/Entity-Type-Compatible-Unknown-Word-Substitution, embedding/vec2bin.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
import gensim

word_embeddings = gensim.models.KeyedVectors.load_word2vec_format('./embedding/crawl-300d-2M.vec', binary=False)
word_embeddings.wv.save_word2vec_format('./embedding/crawl-300d-2M.bin', binary=True)
