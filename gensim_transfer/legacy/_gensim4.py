"""gensim 4.x: put every restored spelling in place (called by :func:`gensim_transfer.legacy.enable`)."""
from __future__ import annotations

from gensim import utils as _gensim_utils
from gensim.models import Doc2Vec, FastText, Word2Vec
from gensim.models import keyedvectors as _kv_module

from .. import compat
from . import _internals as internals
from . import _keyedvectors as kv
from . import _models as models
from ._patching import _deprecated, _named, _patch


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
    _install_internals()


def _install_internals() -> None:
    """3.x's model internals (``_internals``) and what gensim 4 refuses that 3.x accepted."""
    from gensim.models.fasttext import FastTextKeyedVectors

    _patch(Word2Vec, "_check_training_sanity",
           models._wrap_check_training_sanity(vars(Word2Vec)["_check_training_sanity"]))
    # gensim's old-pickle upgrade (inside SaveLoad.load) must see only what the instance stores.
    _patch(_gensim_utils.SaveLoad, "load", internals.wrap_load(vars(_gensim_utils.SaveLoad)["load"]))
    _patch(Word2Vec, "trainables", internals.instance_first(
        "trainables", "model.trainables", internals.Trainables, internals.Trainables.__doc__))
    _patch(Word2Vec, "vocabulary", internals.instance_first(
        "vocabulary", "model.vocabulary", internals.Vocabulary, internals.Vocabulary.__doc__))
    for name, view in (
        ("bucket", lambda model: model.wv.bucket),
        ("min_n", lambda model: model.wv.min_n),
        ("max_n", lambda model: model.wv.max_n),
        ("num_ngram_vectors", lambda model: model.wv.bucket),
    ):
        _patch(FastText, name, internals.instance_first(
            name, "model." + name, view, f"gensim 3.x FastText ``{name}`` (``model.wv`` keeps it on gensim 4)."))
    _patch(FastText, "syn0_vocab_lockf", _lock_alias("model.syn0_vocab_lockf", compat.lock_factors))
    _patch(FastText, "syn0_ngrams_lockf", _lock_alias("model.syn0_ngrams_lockf", compat.ngram_lock_factors))
    _patch(FastTextKeyedVectors, "num_ngram_vectors",
           property(kv._get_num_ngram_vectors, doc="gensim 3.x spelling of ``bucket``."))
    _patch(FastTextKeyedVectors, "syn0_vocab", kv._alias("wv.syn0_vocab", "vectors_vocab"))
    _patch(FastTextKeyedVectors, "syn0_ngrams", kv._alias("wv.syn0_ngrams", "vectors_ngrams"))
    for name, target in (("vectors_vocab_norm", "vectors_vocab"), ("vectors_ngrams_norm", "vectors_ngrams")):
        _patch(FastTextKeyedVectors, name, kv._ngram_normed_alias("wv." + name, target))
    _patch(Doc2Vec, "docvecs", property(internals.get_docvecs, internals.set_docvecs,
                                        doc=internals.get_docvecs.__doc__))


def _lock_alias(spelling, locks) -> property:
    def fget(self):
        _deprecated(spelling)
        return locks(self)

    def fset(self, value):
        _deprecated(spelling)
        locks(self)[:] = value

    return property(fget, fset, doc="gensim 3.x FastText lock factors, live (gensim_transfer.legacy).")
