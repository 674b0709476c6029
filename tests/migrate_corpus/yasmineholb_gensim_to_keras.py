# Source: yasmineholb/holbertonschool-machine_learning, supervised_learning/0x0F-word_embeddings/3-gensim_to_keras.py
# No licence file found: a minimal excerpt written for this corpus, keeping the original's gensim calls.
""" Extract Word2Vec """


def gensim_to_keras(model):
    """ Function that that converts a gensim
        word2vec model to a keras Embedding layer """
    return model.wv.get_keras_embedding(train_embeddings=False)
