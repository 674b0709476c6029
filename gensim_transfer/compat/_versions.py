"""Which gensim and numpy are installed (read once, at import), and the keywords gensim 4.0 renamed."""
from __future__ import annotations

import warnings
from typing import Any, Dict, Optional, Sequence

import numpy as np

with warnings.catch_warnings():
    # gensim 4.0.x warns on import when the optional python-Levenshtein package is missing, on every run of
    # every program that imports us. Drop when gensim 4.0 support ends.
    warnings.filterwarnings("ignore", message=r"The gensim\.similarities\.levenshtein submodule is disabled")
    import gensim
from gensim.models import Doc2Vec
from packaging.version import Version

__all__ = [
    "GENSIM_3_NUMPY_ALIASES",
    "GENSIM_4",
    "GENSIM_VERSION",
    "NATIVE_BINARY_INTERSECT_WORKS",
    "NUMPY_2",
    "NUMPY_VERSION",
    "RENAMED_CORPUS_KWARGS",
    "RENAMED_MODEL_KWARGS",
    "corpus_kwargs",
    "model_kwargs",
]

GENSIM_VERSION = Version(gensim.__version__)
NUMPY_VERSION = Version(np.__version__)

if GENSIM_VERSION < Version("3.8.3") or GENSIM_VERSION >= Version("5"):
    raise ImportError(
        "gensim-transfer supports gensim >= 3.8.3 and < 5; found gensim %s. "
        "Install a supported release, e.g. `pip install 'gensim>=3.8.3,<5'`." % gensim.__version__
    )

#: True on gensim 4.x, False on gensim 3.8.x.
GENSIM_4 = GENSIM_VERSION >= Version("4.0.0")
#: True with numpy 2, whose ``np.fromstring`` no longer has a binary mode.
NUMPY_2 = NUMPY_VERSION >= Version("2.0.0")
#: gensim's own ``intersect_word2vec_format(binary=True)`` decodes with ``np.fromstring``, removed in numpy 2.
#: True where that call works (every gensim paired with numpy 1).
NATIVE_BINARY_INTERSECT_WORKS = not NUMPY_2

_REAL = np.float32

#: Constructor keywords renamed by gensim 4.0, as (gensim 3.x spelling, gensim 4.x spelling), for
#: Word2Vec, FastText and Doc2Vec. Found by diffing the constructor signatures of 3.8.3 and 4.0-4.4.
RENAMED_MODEL_KWARGS = (
    ("size", "vector_size"),
    ("iter", "epochs"),
    ("docvecs", "dv"),
    ("docvecs_mapfile", "dv_mapfile"),
)
#: Corpus keywords of ``build_vocab()`` and ``train()`` renamed by gensim 4.0 (Word2Vec and FastText said
#: ``sentences``, Doc2Vec said ``documents``; 4.x says ``corpus_iterable`` for all three). The constructors
#: kept their 3.x corpus keyword.
RENAMED_CORPUS_KWARGS = (
    ("sentences", "corpus_iterable"),
    ("documents", "corpus_iterable"),
)

# Keywords that exist on one major only. Each maps to the single value the other major behaves like, so
# passing that value is harmless and anything else is an error rather than a silent change of behaviour.
if GENSIM_4:
    # gensim 4.x always uses Facebook-compatible n-gram hashing (3.8's compatible_hash=True).
    # Drop when gensim 3.8 support ends.
    _ONE_MAJOR_ONLY = {"compatible_hash": True}
else:
    # gensim 3.8 always shrinks windows (4.1's shrink_windows=True); 4.x-only keyword `comment` is metadata.
    # Drop when gensim 3.8 support ends.
    _ONE_MAJOR_ONLY = {"shrink_windows": True}


def _translate(
    kwargs: Dict[str, Any], renames: Sequence[tuple], what: str, model_class: Optional[type] = None
) -> Dict[str, Any]:
    """Rename keywords in ``kwargs`` to the installed gensim's spelling; both spellings must agree."""
    out = dict(kwargs)
    for old, new in renames:
        wanted = new if _wants_new_spelling(new, model_class) else old
        unwanted = old if wanted == new else new
        if unwanted not in out:
            continue
        value = out.pop(unwanted)
        if wanted in out and not _same_value(out[wanted], value):
            raise TypeError(
                "%s got both %s=%r and %s=%r; they are two spellings of one setting, give only one"
                % (what, old, kwargs.get(old), new, kwargs.get(new))
            )
        out[wanted] = value
    return out


def _wants_new_spelling(new: str, model_class: Optional[type]) -> bool:
    if GENSIM_4:
        return True
    # gensim 3.8's Doc2Vec already spelled vector_size/epochs (it warns on size/iter) but still docvecs.
    # Drop when gensim 3.8 support ends.
    return model_class is not None and issubclass(model_class, Doc2Vec) and new in ("vector_size", "epochs")


def _same_value(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # e.g. comparing numpy arrays or iterators
        return False


def model_kwargs(model_class: Optional[type] = None, /, **kwargs: Any) -> Dict[str, Any]:
    """Return constructor keywords spelled the way the installed gensim wants them.

    Accepts either spelling of every keyword gensim 4.0 renamed (``size``/``vector_size``,
    ``iter``/``epochs``, ``docvecs``/``dv``, ``docvecs_mapfile``/``dv_mapfile``) for Word2Vec, FastText and
    Doc2Vec; other keywords pass through untouched.

    Parameters
    ----------
    model_class : type, optional (positional only)
        The model class the keywords are for. Needed only for Doc2Vec on gensim 3.8, which (unlike 3.8's
        Word2Vec and FastText) already spelled ``vector_size``/``epochs``; without it the Word2Vec spelling is
        returned, which 3.8's Doc2Vec also accepts (with its own deprecation warning).
    **kwargs
        Keywords for ``Word2Vec(...)``, ``FastText(...)`` or ``Doc2Vec(...)`` in either spelling.

    Returns
    -------
    dict
        The same settings in the installed gensim's spelling.

    Raises
    ------
    TypeError
        Both spellings of one setting with different values, or a keyword that only one gensim major has,
        with a value the installed gensim cannot honour.

    Examples
    --------
    >>> from gensim.models import Word2Vec
    >>> model = Word2Vec(**model_kwargs(size=50, iter=3, min_count=1))
    >>> doc_model = Doc2Vec(**model_kwargs(Doc2Vec, vector_size=50, epochs=3))
    """
    out = _translate(kwargs, RENAMED_MODEL_KWARGS, "model_kwargs()", model_class)
    for name, only_value in _ONE_MAJOR_ONLY.items():
        if name in out:
            value = out.pop(name)
            if value != only_value:
                raise TypeError(
                    "%s=%r is not supported by gensim %s, which always behaves as %s=%r"
                    % (name, value, GENSIM_VERSION, name, only_value)
                )
    if not GENSIM_4:
        # gensim 4.x-only free-text metadata; 3.8 has nowhere to keep it. Drop when gensim 3.8 support ends.
        out.pop("comment", None)
    return out


def corpus_kwargs(**kwargs: Any) -> Dict[str, Any]:
    """Return ``build_vocab()``/``train()`` keywords spelled for the installed gensim.

    ``sentences=`` and ``documents=`` (gensim 3.x) and ``corpus_iterable=`` (gensim 4.x) are accepted; the
    other keywords pass through.
    """
    return _translate(kwargs, RENAMED_CORPUS_KWARGS, "corpus_kwargs()")


#: The numpy aliases gensim 3.8.3's ``gensim.models.keyedvectors`` still uses and the installed numpy lacks
#: (numpy 1.24 removed ``np.bool``, so 3.8.3's ``KeyedVectors.add()`` and ``kv[word] = vector`` raise
#: AttributeError). Empty on gensim 4.x and with numpy < 1.24. :mod:`gensim_transfer.legacy` restores them
#: inside that gensim module only. Drop when gensim 3.8 support ends.
GENSIM_3_NUMPY_ALIASES: Dict[str, type] = (
    {"bool": bool, "int": int, "float": float, "object": object}
    if not GENSIM_4 and NUMPY_VERSION >= Version("1.24")
    else {}
)
