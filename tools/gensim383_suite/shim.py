"""Import shim for the gensim 3.8.3 modules that gensim 4 removed and the test modules import.

``gensim.models.wrappers.fasttext`` (test_fasttext.py imports ``FastTextKeyedVectors`` and the wrapper of
Facebook's fastText binary from it): ``FastTextKeyedVectors`` is gensim 4's class of that name; the wrapper
class is a stand-in, used only by tests that skip themselves without a fastText binary (``FT_HOME``).
``gensim.models.keyedvectors.WordEmbeddingSimilarityIndex``, moved to ``gensim.similarities``, is set only when
legacy is off (to measure the baseline): ``legacy.enable()`` restores that import path itself.
"""
import sys
import types


class _RemovedWrapper:
    """gensim 3.8.3's wrapper of Facebook's fastText binary, removed in gensim 4."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("gensim.models.wrappers.fasttext.FastText was removed in gensim 4")

    train = load_fasttext_format = classmethod(__init__)


def install():
    import gensim.models
    from gensim.models import keyedvectors
    from gensim.models.fasttext import FastTextKeyedVectors

    if not hasattr(keyedvectors, "WordEmbeddingSimilarityIndex"):
        # gensim 4 moved it to gensim.similarities (legacy.enable() restores the old import path)
        from gensim.similarities import WordEmbeddingSimilarityIndex

        keyedvectors.WordEmbeddingSimilarityIndex = WordEmbeddingSimilarityIndex
    if "gensim.models.wrappers" in sys.modules:
        return
    wrappers = types.ModuleType("gensim.models.wrappers")
    fasttext = types.ModuleType("gensim.models.wrappers.fasttext")
    fasttext.FastTextKeyedVectors = FastTextKeyedVectors
    fasttext.FastText = _RemovedWrapper
    wrappers.fasttext = fasttext
    sys.modules[wrappers.__name__] = wrappers
    sys.modules[fasttext.__name__] = fasttext
    gensim.models.wrappers = wrappers
