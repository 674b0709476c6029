"""Every gensim 3.x spelling :mod:`gensim_transfer.legacy` restores, mapped to its modern spelling."""
from __future__ import annotations

from typing import Dict

#: Every gensim 3.x spelling :func:`enable` restores on gensim 4.x, mapped to the modern spelling its
#: ``DeprecationWarning`` names.
SPELLINGS: Dict[str, str] = {
    # constructors of Word2Vec, FastText and Doc2Vec
    "size=": "vector_size=",
    "iter=": "epochs=",
    "docvecs=": "dv=",
    "docvecs_mapfile=": "dv_mapfile=",
    "compatible_hash=": "nothing (gensim 4 always hashes n-grams like Facebook's fastText)",
    "hs=0, negative=0": "hs=1 or negative > 0 (gensim 3 trained nothing then; gensim 4 refuses)",
    # build_vocab() and train()
    "sentences=": "corpus_iterable=",
    "documents=": "corpus_iterable=",
    # models
    "model.iter": "model.epochs",
    "model.syn0_lockf": "gensim_transfer.compat.lock_factors(model)",
    "model.trainables": "the model's own attributes; lock factors: gensim_transfer.compat.lock_factors(model)",
    "model.vocabulary": "the model's own attributes and methods (model.scan_vocab, model.min_count, ...)",
    "model.bucket": "model.wv.bucket",
    "model.min_n": "model.wv.min_n",
    "model.max_n": "model.wv.max_n",
    "model.num_ngram_vectors": "model.wv.bucket",
    "model.syn0_vocab_lockf": "gensim_transfer.compat.lock_factors(model)",
    "model.syn0_ngrams_lockf": "gensim_transfer.compat.ngram_lock_factors(model)",
    "model.docvecs": "model.dv",
    "docvecs.vectors_docs": "model.dv.vectors",
    "docvecs.doctag_syn0": "model.dv.vectors",
    "docvecs.doctags": "model.dv.key_to_index (and model.dv.get_vecattr(tag, 'doc_count'))",
    "docvecs.offset2doctag": "model.dv.index_to_key",
    "docvecs.count": "len(model.dv)",
    "docvecs.similarity_unseen_docs()": "model.similarity_unseen_docs(doc1, doc2)",
    "model.intersect_word2vec_format()": "gensim_transfer.transfer_init(model, path, lockf)",
    "model.most_similar()": "model.wv.most_similar()",
    "model.most_similar_cosmul()": "model.wv.most_similar_cosmul()",
    "model.similar_by_word()": "model.wv.similar_by_word()",
    "model.similar_by_vector()": "model.wv.similar_by_vector()",
    "model.similarity()": "model.wv.similarity()",
    "model.n_similarity()": "model.wv.n_similarity()",
    "model.doesnt_match()": "model.wv.doesnt_match()",
    "model.wmdistance()": "model.wv.wmdistance()",
    "model.evaluate_word_pairs()": "model.wv.evaluate_word_pairs()",
    "model[word]": "model.wv[word]",
    "word in model": "word in model.wv.key_to_index",
    "model.clear_sims()": "nothing (gensim 4 recomputes norms when vectors change)",
    "model.delete_temporary_training_data()": "keeping only model.wv (or model.dv) once training is done",
    "infer_vector(steps=)": "infer_vector(epochs=)",
    "doc2vec_model[int tag]": "model.dv[tag] (gensim 4's model[i] returns the vector of word number i)",
    # KeyedVectors
    "wv.vocab": "wv.key_to_index and wv.get_vecattr(word, 'count')",
    "wv.index2word": "wv.index_to_key",
    "wv.index2entity": "wv.index_to_key",
    "wv.syn0": "wv.vectors",
    "wv.syn0norm": "wv.get_normed_vectors()",
    "wv.num_ngram_vectors": "wv.bucket",
    "wv.syn0_vocab": "wv.vectors_vocab",
    "wv.syn0_ngrams": "wv.vectors_ngrams",
    "wv.vectors_norm": "wv.get_normed_vectors()",
    "KeyedVectors.wv": "the KeyedVectors object itself",
    "wv.word_vec()": "wv.get_vector(word, norm=...)",
    "wv.add()": "wv.add_vectors()",
    "gensim.models.keyedvectors.BaseKeyedVectors": "gensim.models.keyedvectors.KeyedVectors",
    "gensim.models.keyedvectors.WordEmbeddingsKeyedVectors": "gensim.models.keyedvectors.KeyedVectors",
    "gensim.models.keyedvectors.WordEmbeddingSimilarityIndex": "gensim.similarities.WordEmbeddingSimilarityIndex",
}
