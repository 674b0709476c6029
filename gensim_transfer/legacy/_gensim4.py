"""gensim 4.x: put every restored spelling in place (called by :func:`gensim_transfer.legacy.enable`)."""
from __future__ import annotations

from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models import keyedvectors as _kv_module

from . import _keyedvectors as kv
from . import _models as models
from ._patching import _named, _patch


def install() -> None:
    from gensim.models.keyedvectors import KeyedVectors

    for cls in (Word2Vec, FastText, Doc2Vec):
        _patch(cls, "__init__", models._wrap_init(cls))
        for name in ("build_vocab", "train"):
            if name in vars(cls):  # FastText inherits Word2Vec's
                _patch(cls, name, models._wrap_corpus_method(cls, name))
    _patch(Doc2Vec, "infer_vector", models._wrap_infer_vector(vars(Doc2Vec)["infer_vector"]))

    # On Word2Vec, so FastText and Doc2Vec inherit them, as they shared BaseWordEmbeddingsModel's on 3.8.
    iter_ = property(models._get_iter, models._set_iter, models._del_iter, doc="gensim 3.x spelling of ``epochs``.")
    _patch(Word2Vec, "iter", iter_)
    syn0_lockf = property(models._get_syn0_lockf, models._set_syn0_lockf, doc="Per-word lock factors.")
    _patch(Word2Vec, "syn0_lockf", syn0_lockf)
    for name, function in (
        ("intersect_word2vec_format", models._intersect_word2vec_format),
        ("__getitem__", models._model_getitem),
        ("__contains__", models._model_contains),
        ("clear_sims", models._clear_sims),
        ("delete_temporary_training_data", models._delete_temporary_training_data),
    ):
        _patch(Word2Vec, name, _named(function, name, Word2Vec))
    for name in models._DELEGATED_QUERIES:
        _patch(Word2Vec, name, models._delegate_to_wv(name))
    for name, function in (
        ("__getitem__", models._doc2vec_getitem),
        ("delete_temporary_training_data", models._doc2vec_delete_temporary_training_data),
    ):
        _patch(Doc2Vec, name, _named(function, name, Doc2Vec))

    # On KeyedVectors, so FastTextKeyedVectors (and Doc2Vec's dv) inherit them.
    for name, value in (
        ("vocab", property(kv._get_vocab, kv._set_vocab, doc="gensim 3.x ``vocab`` dict, as a live view.")),
        ("index2word", kv._index_alias("wv.index2word")),
        ("index2entity", kv._index_alias("wv.index2entity")),
        ("syn0", property(kv._get_syn0, kv._set_syn0, doc="gensim 3.x spelling of ``vectors``.")),
        ("syn0norm", kv._normed_alias("wv.syn0norm")),
        ("vectors_norm", kv._normed_alias("wv.vectors_norm")),
        ("wv", property(kv._get_self_as_wv, doc="gensim 3.x: ``KeyedVectors.wv`` was the object itself.")),
        ("word_vec", _named(kv._word_vec, "word_vec", KeyedVectors)),
        ("add", _named(kv._add, "add", KeyedVectors)),
    ):
        _patch(KeyedVectors, name, value)
    _patch(_kv_module, "__getattr__", kv._kv_module_getattr)
