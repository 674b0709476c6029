# Source: xzwj/NLPCC2018ShardTask6, scripts/data_process/embedding2matrix.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
from gensim.models import Word2Vec
import numpy as np


def main(em_file, em_result):
    em = Word2Vec.load(em_file)
    vec = (em.wv.vectors)
    word2id = dict(zip(em.wv.index2word, range(len(em.wv.index2word))))

    np.savez_compressed(em_result, vector=vec, word2id=word2id)
