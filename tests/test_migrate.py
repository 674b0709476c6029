"""Tests for ``gensim_transfer.migrate`` (``gensim-transfer migrate``).

The corpus in ``tests/legacy_snippets/`` is real gensim 3.x code: each snippet is executed as it is on
gensim 3.8 (and must fail on 4.x), and its migrations are compared with ``tests/legacy_snippets/expected/``
and executed: ``--target 4`` on gensim 4.x, ``--target neutral`` on every gensim (and, on gensim 3.8, must
print exactly what the original prints). Snippets read their data files from names the tests inject
(``googleNews_filepath``, ...), written here with gensim itself. To regenerate the expected files after an
intended change, run with ``GENSIM_TRANSFER_REGEN_EXPECTED=1`` and review the diff.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Dict

import numpy as np
import pytest
from gensim.test.utils import common_texts, datapath

from gensim_transfer import compat, migrate
from gensim_transfer.migrate import (
    LIBCST_MISSING,
    Finding,
    MigrationError,
    main,
    migrate_file,
    migrate_notebook,
    migrate_paths,
    migrate_source,
)

SNIPPETS = Path(__file__).parent / "legacy_snippets"
EXPECTED = SNIPPETS / "expected"
#: Legacy snippets that run on gensim 3.8 and whose migrations must run.
RUNNABLE = [
    "seed_tutorial",
    "migration_guide",
    "keyedvectors_legacy",
    "doc2vec_legacy",
    "fasttext_legacy",
    "intersect_recipe",
    "real_project_idioms",
]
#: Snippets whose migration is only compared with the expected files (they hold what cannot be rewritten).
REPORT_ONLY = ["unsafe_idioms"]
UNTOUCHED = "modern_untouched"
TARGETS = ("4", "neutral")
REGEN = os.environ.get("GENSIM_TRANSFER_REGEN_EXPECTED") == "1"

needs_gensim_3 = pytest.mark.skipif(compat.GENSIM_4, reason="legacy snippets are gensim 3.x code")
needs_gensim_4 = pytest.mark.skipif(not compat.GENSIM_4, reason="--target 4 writes gensim 4.x code")


def _read(name: str) -> str:
    return (SNIPPETS / (name + ".py")).read_text(encoding="utf-8")


def _expected_path(name: str, target: str) -> Path:
    return EXPECTED / ("%s.%s.py" % (name, "target4" if target == "4" else "neutral"))


@pytest.fixture(scope="session")
def injected(tmp_path_factory) -> Dict[str, str]:
    """Small word2vec files (binary and text), written by gensim, and the names snippets read them from."""
    directory = tmp_path_factory.mktemp("vectors")
    words = ["i", "am", "a", "boy", "you", "are", "girl", "the", "of", "to", "and", "in"]
    words += sorted({w for text in common_texts for w in text} - set(words))
    words += ["filler%d" % i for i in range(40)]
    vectors = np.random.RandomState(0).uniform(-1, 1, (len(words), 16))
    kv = compat.keyed_vectors_from(words, vectors)
    binary, text = str(directory / "vectors.bin"), str(directory / "vectors.txt")
    kv.save_word2vec_format(binary, binary=True)
    kv.save_word2vec_format(text, binary=False)
    return {
        "googleNews_filepath": binary,
        "glove_text_path": text,
        "corpus_path": datapath("lee_background.cor"),
    }


def _execute(code: str, injected: Dict[str, str], name: str = "<snippet>") -> str:
    """Run ``code`` like a script with the injected names; return what it printed."""
    namespace = dict(injected, __name__="__snippet__")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, name, "exec"), namespace)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------
# The legacy corpus
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", RUNNABLE + REPORT_ONLY)
def test_snippet_migrates_to_expected_code(name, target):
    result = migrate_source(_read(name), target, path=name + ".py")
    expected = _expected_path(name, target)
    if REGEN:
        expected.write_text(result.new_code, encoding="utf-8")
    assert result.changed
    assert result.new_code == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", RUNNABLE + REPORT_ONLY)
def test_migration_is_idempotent(name, target):
    once = _expected_path(name, target).read_text(encoding="utf-8")
    again = migrate_source(once, target)
    assert again.new_code == once
    assert not [f for f in again.findings if f.fixed]


@pytest.mark.parametrize("name", RUNNABLE)
def test_runnable_snippets_are_fully_rewritten(name):
    """Every finding in the runnable corpus is rewritten, except the one documented unknown receiver."""
    for target in TARGETS:
        manual = [f for f in migrate_source(_read(name), target).findings if not f.fixed]
        if name == "real_project_idioms":
            assert [(f.rule, f.old) for f in manual] == [("model-method", "vectors.most_similar")]
        else:
            assert manual == []


@needs_gensim_3
@pytest.mark.parametrize("name", RUNNABLE)
def test_legacy_snippet_runs_on_gensim_3(name, injected):
    assert _execute(_read(name), injected, name)


@needs_gensim_4
@pytest.mark.parametrize("name", RUNNABLE)
def test_legacy_snippet_fails_on_gensim_4(name, injected):
    with pytest.raises((TypeError, AttributeError)):
        _execute(_read(name), injected, name)


@needs_gensim_4
@pytest.mark.parametrize("name", RUNNABLE)
def test_target4_migration_runs_on_gensim_4(name, injected):
    assert _execute(migrate_source(_read(name), "4").new_code, injected, name)


@pytest.mark.parametrize("name", RUNNABLE)
def test_neutral_migration_runs_on_every_gensim(name, injected):
    assert _execute(migrate_source(_read(name), "neutral").new_code, injected, name)


@needs_gensim_3
@pytest.mark.parametrize("name", RUNNABLE)
def test_neutral_migration_behaves_like_the_original_on_gensim_3(name, injected):
    original = _execute(_read(name), injected, name)
    migrated = _execute(migrate_source(_read(name), "neutral").new_code, injected, name)
    assert migrated == original


@pytest.mark.parametrize("target", TARGETS)
def test_seed_snippet_merges_the_file_vectors(target, injected):
    if target == "4" and not compat.GENSIM_4:
        pytest.skip("--target 4 writes gensim 4.x code")
    from gensim.models import KeyedVectors

    printed = _execute(migrate_source(_read("seed_tutorial"), target).new_code, injected).splitlines()
    from_file = KeyedVectors.load_word2vec_format(injected["googleNews_filepath"], binary=True)["boy"][:10]
    expected = io.StringIO()
    print(from_file, file=expected)
    assert "\n".join(printed[: len(expected.getvalue().splitlines())]) + "\n" == expected.getvalue()


@pytest.mark.parametrize("target", TARGETS)
def test_modern_code_is_left_byte_identical(target, injected):
    code = _read(UNTOUCHED)
    result = migrate_source(code, target)
    assert result.new_code is code or result.new_code == code
    assert not result.changed
    assert result.findings == []
    if compat.GENSIM_4:
        assert _execute(code, injected)


def test_seed_snippet_findings():
    findings = migrate_source(_read("seed_tutorial"), "4", path="seed.py").findings
    assert [(f.line, f.column, f.rule, f.old, f.new) for f in findings] == [
        (
            10,
            41,
            "model-kwargs",
            "size=PreTrainedKeyvector.vector_size",
            "vector_size=PreTrainedKeyvector.vector_size",
        ),
        (11, 29, "vocab", "PreTrainedKeyvector.wv.vocab", "PreTrainedKeyvector.key_to_index"),
        (11, 29, "kv-wv", "PreTrainedKeyvector.wv", "PreTrainedKeyvector"),
        (
            13,
            1,
            "intersect",
            "TranferedModel.intersect_word2vec_format(googleNews_filepath, binary=...",
            "transfer_init(TranferedModel, googleNews_filepath, binary=True, lockf...",
        ),
    ]
    assert "numpy 2" in findings[-1].message
    assert findings[0].format() == (
        "seed.py:10:41: model-kwargs: size=PreTrainedKeyvector.vector_size -> "
        "vector_size=PreTrainedKeyvector.vector_size"
    )


# ---------------------------------------------------------------------------------------------------------
# Single idioms
# ---------------------------------------------------------------------------------------------------------
CASES = [
    # (id, source, target 4, neutral); sources are gensim 3.x code
    (
        "alias-import",
        "from gensim.models import Word2Vec as W2V\nm = W2V(s, size=5)\nm.most_similar('a')\n",
        "from gensim.models import Word2Vec as W2V\nm = W2V(s, vector_size=5)\nm.wv.most_similar('a')\n",
        "from gensim.models import Word2Vec as W2V\nfrom gensim_transfer import compat\n"
        "m = W2V(s, **compat.model_kwargs(vector_size=5))\nm.wv.most_similar('a')\n",
    ),
    (
        "module-alias",
        "import gensim.models.word2vec as w2v\nm = w2v.Word2Vec.load(p)\nprint(m['a'], 'a' in m)\n",
        "import gensim.models.word2vec as w2v\nm = w2v.Word2Vec.load(p)\nprint(m.wv['a'], 'a' in m.wv)\n",
        "import gensim.models.word2vec as w2v\nm = w2v.Word2Vec.load(p)\nprint(m.wv['a'], 'a' in m.wv)\n",
    ),
    (
        "not-gensim-word2vec",
        "from pyspark.ml.feature import Word2Vec\nm = Word2Vec(size=5)\nm.most_similar('a')\n",
        None,
        None,
    ),
    (
        "docvecs-keywords",
        "from gensim.models import Doc2Vec\nd = Doc2Vec(docs, size=5, docvecs_mapfile=f)\n",
        "from gensim.models import Doc2Vec\nd = Doc2Vec(docs, vector_size=5, dv_mapfile=f)\n",
        "from gensim.models import Doc2Vec\nfrom gensim_transfer import compat\n"
        "d = Doc2Vec(docs, vector_size=5, **compat.model_kwargs(dv_mapfile=f))\n",
    ),
    (
        "multiline-kwargs-keep-comments",
        "import gensim\nm = gensim.models.Word2Vec(\n    s,\n    size=5,  # dims\n    window=2,\n    iter=3,\n)\n",
        "import gensim\nm = gensim.models.Word2Vec(\n    s,\n    vector_size=5,  # dims\n    window=2,\n"
        "    epochs=3,\n)\n",
        "import gensim\nfrom gensim_transfer import compat\nm = gensim.models.Word2Vec(\n    s,\n"
        "    **compat.model_kwargs(vector_size=5, epochs=3),  # dims\n    window=2,\n)\n",
    ),
    (
        "last-kwarg-bundled-no-trailing-comma",
        "from gensim.models import FastText\nm = FastText(\n    s,\n    size=5,\n    window=2,\n    iter=3\n)\n",
        "from gensim.models import FastText\nm = FastText(\n    s,\n    vector_size=5,\n    window=2,\n"
        "    epochs=3\n)\n",
        "from gensim.models import FastText\nfrom gensim_transfer import compat\nm = FastText(\n    s,\n"
        "    **compat.model_kwargs(vector_size=5, epochs=3),\n    window=2\n)\n",
    ),
    (
        "corpus-keyword-not-first",
        "import gensim\nm = gensim.models.Word2Vec()\nm.train(total_examples=n, epochs=m.iter, sentences=s)\n",
        "import gensim\nm = gensim.models.Word2Vec()\nm.train(total_examples=n, epochs=m.epochs, corpus_iterable=s)\n",
        "import gensim\nm = gensim.models.Word2Vec()\nm.train(s, total_examples=n, epochs=m.epochs)\n",
    ),
    (
        "corpus-keyword-with-star-star",
        "import gensim\nm = gensim.models.Word2Vec()\nm.build_vocab(sentences=s, **opts)\n",
        "import gensim\nm = gensim.models.Word2Vec()\nm.build_vocab(corpus_iterable=s, **opts)\n",
        "import gensim\nfrom gensim_transfer import compat\nm = gensim.models.Word2Vec()\n"
        "m.build_vocab(**compat.corpus_kwargs(sentences=s), **opts)\n",
    ),
    (
        "corpus-keyword-unknown-receiver-gensim-file",
        "import gensim\ndef fit(m, s):\n    m.train(sentences=s, total_examples=1, epochs=m.iter)\n",
        "import gensim\ndef fit(m, s):\n    m.train(corpus_iterable=s, total_examples=1, epochs=m.epochs)\n",
        "import gensim\ndef fit(m, s):\n    m.train(s, total_examples=1, epochs=m.epochs)\n",
    ),
    (
        "corpus-keyword-not-a-gensim-file",
        "def fit(m, s):\n    m.train(sentences=s)\n",
        None,
        None,
    ),
    (
        "intersect-on-wv-and-fname",
        "import gensim\ndef f(m):\n    m.wv.intersect_word2vec_format(fname=p, lockf=1.0)\n",
        "import gensim\nfrom gensim_transfer import transfer_init\ndef f(m):\n"
        "    transfer_init(m, path=p, lockf=1.0)\n",
        "import gensim\nfrom gensim_transfer import transfer_init\ndef f(m):\n"
        "    transfer_init(m, path=p, lockf=1.0)\n",
    ),
    (
        "intersect-positional",
        "import gensim\nm = gensim.models.FastText.load(p)\nm.intersect_word2vec_format(p, 0.5, True, 'latin1')\n",
        "import gensim\nfrom gensim_transfer import transfer_init\nm = gensim.models.FastText.load(p)\n"
        "transfer_init(m, p, 0.5, binary=True, encoding='latin1')\n",
        "import gensim\nfrom gensim_transfer import transfer_init\nm = gensim.models.FastText.load(p)\n"
        "transfer_init(m, p, 0.5, binary=True, encoding='latin1')\n",
    ),
    (
        "kv-from-function-and-self",
        "from gensim.models import KeyedVectors\n"
        "def load():\n    return KeyedVectors.load_word2vec_format(p)\n"
        "class A:\n    def __init__(self):\n        self.kv = load()\n"
        "    def n(self):\n        return len(self.kv.vocab), self.kv.wv.syn0norm\n",
        "from gensim.models import KeyedVectors\n"
        "def load():\n    return KeyedVectors.load_word2vec_format(p)\n"
        "class A:\n    def __init__(self):\n        self.kv = load()\n"
        "    def n(self):\n        return len(self.kv.key_to_index), self.kv.get_normed_vectors()\n",
        "from gensim.models import KeyedVectors\nfrom gensim_transfer import compat\n"
        "def load():\n    return KeyedVectors.load_word2vec_format(p)\n"
        "class A:\n    def __init__(self):\n        self.kv = load()\n"
        "    def n(self):\n"
        "        return len(compat.index_to_key(self.kv)), compat.normed_vectors(self.kv)\n",
    ),
    (
        "init-sims-and-trainables",
        "import gensim\nm = gensim.models.Word2Vec()\nm.init_sims(replace=False)\nw = m.trainables.syn1neg\n",
        "import gensim\nm = gensim.models.Word2Vec()\nm.wv.fill_norms()\nw = m.syn1neg\n",
        "import gensim\nm = gensim.models.Word2Vec()\nm.init_sims(replace=False)\nw = m.syn1neg\n",
    ),
    (
        "docvecs",
        "import gensim\nd = gensim.models.Doc2Vec()\nv = d.docvecs[0]\nx = d.docvecs.offset2doctag\n",
        "import gensim\nd = gensim.models.Doc2Vec()\nv = d.dv[0]\nx = d.dv.index_to_key\n",
        None,
    ),
    (
        "vocab-count-assignment-and-sample-int",
        "import gensim\nkv = gensim.models.KeyedVectors.load(p)\n"
        "kv.vocab['a'].count = 3; s = kv.vocab['a'].sample_int\n",
        "import gensim\nkv = gensim.models.KeyedVectors.load(p)\n"
        "kv.set_vecattr('a', \"count\", 3); s = kv.get_vecattr('a', \"sample_int\")\n",
        "import gensim\nfrom gensim_transfer import compat\nkv = gensim.models.KeyedVectors.load(p)\n"
        "compat.set_word_count(kv, 'a', 3); s = kv.vocab['a'].sample_int\n",
    ),
    (
        "import-after-docstring-and-future",
        '"""Doc."""\nfrom __future__ import annotations\nn = len(model.wv.vocab)\n',
        '"""Doc."""\nfrom __future__ import annotations\nn = len(model.wv.key_to_index)\n',
        '"""Doc."""\nfrom __future__ import annotations\nfrom gensim_transfer import compat\n'
        "n = len(compat.index_to_key(model.wv))\n",
    ),
    (
        "import-after-last-import-before-first-use",
        "#!/usr/bin/env python\nimport os\n\nimport gensim\n\nx = 1\nimport sys\nprint(m.wv.index2word)\n",
        "#!/usr/bin/env python\nimport os\n\nimport gensim\n\nx = 1\nimport sys\nprint(m.wv.index_to_key)\n",
        "#!/usr/bin/env python\nimport os\n\nimport gensim\n\nx = 1\nimport sys\n"
        "from gensim_transfer import compat\n"
        "print(compat.index_to_key(m.wv))\n",
    ),
    (
        "compat-already-imported",
        "from gensim_transfer import compat\nprint(m.wv.index2word)\n",
        "from gensim_transfer import compat\nprint(m.wv.index_to_key)\n",
        "from gensim_transfer import compat\nprint(compat.index_to_key(m.wv))\n",
    ),
    (
        "compat-name-taken",
        "from six.moves import compat\nprint(m.wv.index2word)\n",
        "from six.moves import compat\nprint(m.wv.index_to_key)\n",
        "from six.moves import compat\nfrom gensim_transfer import compat as gt_compat\n"
        "print(gt_compat.index_to_key(m.wv))\n",
    ),
    (
        "crlf-and-non-ascii-kept",
        "# -*- coding: utf-8 -*-\r\nimport gensim\r\n# café\r\nm = gensim.models.Word2Vec(size=3)  # ünïcode\r\n",
        "# -*- coding: utf-8 -*-\r\nimport gensim\r\n# café\r\n"
        "m = gensim.models.Word2Vec(vector_size=3)  # ünïcode\r\n",
        "# -*- coding: utf-8 -*-\r\nimport gensim\r\nfrom gensim_transfer import compat\r\n# café\r\n"
        "m = gensim.models.Word2Vec(**compat.model_kwargs(vector_size=3))  # ünïcode\r\n",
    ),
    (
        "suppression-comment",
        "import gensim\nm = gensim.models.Word2Vec(size=3)  # gensim-transfer: ignore\n",
        None,
        None,
    ),
]


@pytest.mark.parametrize("source, target4, neutral", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_idiom(source, target4, neutral):
    for target, expected in (("4", target4), ("neutral", neutral)):
        result = migrate_source(source, target)
        assert result.new_code == (source if expected is None else expected), target
        assert result.changed == (expected is not None and expected != source)


UNSAFE = [
    # (id, source, rule that must be reported without a rewrite, for both targets)
    ("parameter", "import gensim\ndef f(model):\n    return model.most_similar('a')\n", "model-method"),
    (
        "conflicting-assignments",
        "import gensim\nm = gensim.models.Word2Vec()\nm = gensim.models.KeyedVectors.load(p)\nm.most_similar('a')\n",
        "model-method",
    ),
    (
        "parameter-shadows-global-model",
        "import gensim\nmodel = gensim.models.Word2Vec()\ndef f(model):\n    return model.similarity('a', 'b')\n",
        "model-method",
    ),
    ("loop-variable", "import gensim\nfor m in models:\n    m.intersect_word2vec_format(p)\n", "intersect"),
    ("vocab-items", "import gensim\nd = {w: v.count for w, v in m.wv.vocab.items()}\n", "vocab"),
    ("vocab-entry-object", "import gensim\nentry = m.wv.vocab['a']\n", "vocab"),
    ("unknown-vocab", "import gensim\nprint(len(tok.vocab))\n", "vocab"),
    ("index2word-assignment", "import gensim\nm.wv.index2word = ['a']\n", "index2word"),
    ("syn0norm-assignment", "import gensim\nm.wv.syn0norm = None\n", "syn0"),
    ("doc2vec-getitem", "import gensim\nd = gensim.models.Doc2Vec()\nv = d['a']\n", "model-method"),
    ("removed-module", "from gensim.summarization import summarize\n", "removed-api"),
    ("wrappers", "import gensim.models.wrappers.ldamallet as lm\n", "removed-api"),
    (
        "kv-intersect",
        "import gensim\nkv = gensim.models.KeyedVectors.load(p)\nkv.intersect_word2vec_format(p)\n",
        "intersect",
    ),
    ("accuracy", "import gensim\nm = gensim.models.Word2Vec()\nm.accuracy(p)\n", "removed-api"),
    ("unknown-index2word", "import gensim\ndef f(x):\n    return x.index2word[0]\n", "index2word"),
    ("unknown-syn0norm", "import gensim\ndef f(x):\n    return x.syn0norm\n", "syn0"),
    ("unknown-trainables", "import gensim\ndef f(m):\n    return m.trainables.syn1neg\n", "removed-api"),
]


@pytest.mark.parametrize("source, rule", [c[1:] for c in UNSAFE], ids=[c[0] for c in UNSAFE])
def test_unsafe_idiom_is_reported_not_rewritten(source, rule):
    for target in TARGETS:
        result = migrate_source(source, target)
        assert result.new_code == source
        assert [(f.rule, f.fixed) for f in result.findings] == [(rule, False)], target
        assert result.findings[0].message


def test_comprehension_variable_is_not_the_model():
    source = "import gensim\nmodel = gensim.models.Word2Vec()\nx = [model.most_similar(w) for model in ms]\n"
    result = migrate_source(source, "4")
    assert result.new_code == source
    assert [(f.rule, f.fixed) for f in result.findings] == [("model-method", False)]


def test_init_sims_replace_true():
    source = "import gensim\nkv = gensim.models.KeyedVectors.load(p)\nkv.init_sims(replace=True)\n"
    result = migrate_source(source, "4")
    assert result.new_code == source
    assert [(f.rule, f.fixed) for f in result.findings] == [("init-sims", False)]
    assert "unit_normalize_all" in result.findings[0].message
    # init_sims() still runs on gensim 4 (deprecated), so neutral code keeps it
    assert migrate_source(source, "neutral").findings == []


def test_kwargs_unpacking():
    source = "from gensim.models import Word2Vec\nm = Word2Vec(s, **params)\n"
    target4 = migrate_source(source, "4")
    assert target4.new_code == source
    assert [(f.rule, f.fixed) for f in target4.findings] == [("model-kwargs", False)]
    neutral = migrate_source(source, "neutral")
    assert "m = Word2Vec(s, **compat.model_kwargs(**params))\n" in neutral.new_code


def test_syntax_error_is_reported_with_position():
    with pytest.raises(MigrationError) as info:
        migrate_source("x = 1\nprint 'python 2'\n", path="old.py")
    assert info.value.path == "old.py"
    assert info.value.line == 2
    assert str(info.value).startswith("old.py:2:")


def test_unknown_target():
    with pytest.raises(ValueError, match="target"):
        migrate_source("x = 1\n", target="3")


def test_missing_libcst_says_how_to_install(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(migrate._engine, "_ENGINE", None)
    monkeypatch.setitem(sys.modules, "libcst", None)  # makes `import libcst` raise ImportError
    with pytest.raises(ImportError, match=r"pip install 'gensim-transfer\[migrate\]'"):
        migrate_source("x = 1\n")
    path = tmp_path / "a.py"
    path.write_text("x = 1\n")
    assert main([str(path)]) == 2
    assert LIBCST_MISSING in capsys.readouterr().err


def test_finding_json_and_location():
    finding = Finding("nb.ipynb", 2, 5, "vocab", "m.wv.vocab", None, "why", cell=3)
    assert finding.location == "nb.ipynb:cell 3:2:5"
    assert finding.format() == "nb.ipynb:cell 3:2:5: vocab: m.wv.vocab (not rewritten: why)"
    assert json.loads(json.dumps(finding.to_dict()))["fixed"] is False


# ---------------------------------------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------------------------------------
def _notebook(indent=1, ensure_ascii=False) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Word2Vec, the gensim 3 way — café\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {"scrolled": True},
            "outputs": [],
            "source": [
                "%matplotlib inline\n",
                "import gensim\n",
                "from gensim.models import Word2Vec\n",
                "from gensim.test.utils import common_texts",
            ],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "outputs": [],
            "source": ["!pip install gensim==3.8.3"],
        },
        {
            "cell_type": "code",
            "execution_count": 3,
            "metadata": {},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ünïcode output\n"]}],
            "source": [
                "model = Word2Vec(common_texts, size=10, min_count=1, workers=1)\n",
                "model.train(common_texts, total_examples=model.corpus_count, epochs=model.iter)\n",
            ],
        },
        {
            "cell_type": "code",
            "execution_count": 4,
            "metadata": {},
            "outputs": [],
            "source": ["%%bash\n", "echo model.most_similar\n"],
        },
        {
            "cell_type": "code",
            "execution_count": 5,
            "metadata": {},
            "outputs": [],
            "source": "print(model.most_similar('computer', topn=1))\nn = len(model.wv.vocab)\nprint(n)",
        },
        {
            "cell_type": "code",
            "execution_count": 6,
            "metadata": {},
            "outputs": [],
            "source": ["print 'python 2 cell'\n"],
        },
        {
            "cell_type": "code",
            "execution_count": 7,
            "metadata": {},
            "outputs": [],
            "source": [
                "%time sims = model.most_similar('graph')\n",
                "count = model.wv.vocab['graph'].count\n",
                "model.wv.index2word?\n",
                "print(count)\n",
            ],
        },
    ]
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    return json.dumps(notebook, indent=indent, ensure_ascii=ensure_ascii) + "\n"


def _code_cells(text: str):
    return [c for c in json.loads(text)["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("layout", [dict(indent=1, ensure_ascii=False), dict(indent=2, ensure_ascii=True)])
@pytest.mark.parametrize("target", TARGETS)
def test_notebook_round_trip(target, layout):
    text = _notebook(**layout)
    result = migrate_notebook(text, target, path="nb.ipynb")
    assert result.changed
    new, old = json.loads(result.new_code), json.loads(text)
    # Only code cell sources change; everything else is identical, in the same layout.
    for new_cell, old_cell in zip(new["cells"], old["cells"]):
        assert {k: v for k, v in new_cell.items() if k != "source"} == {
            k: v for k, v in old_cell.items() if k != "source"
        }
        assert type(new_cell["source"]) is type(old_cell["source"])
    assert new["metadata"] == old["metadata"]
    assert result.new_code == json.dumps(new, **layout) + "\n"
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in new["cells"]]
    import_line = "from gensim_transfer import compat\n" if target == "neutral" else ""
    assert sources[1] == (
        "%matplotlib inline\nimport gensim\nfrom gensim.models import Word2Vec\n"
        "from gensim.test.utils import common_texts\n" + import_line
    ).rstrip("\n")
    assert sources[2] == "!pip install gensim==3.8.3"
    assert sources[4] == "%%bash\necho model.most_similar\n"  # cell magic: skipped
    assert sources[6] == "print 'python 2 cell'\n"  # not Python 3: skipped
    if target == "4":
        assert sources[3] == (
            "model = Word2Vec(common_texts, vector_size=10, min_count=1, workers=1)\n"
            "model.train(common_texts, total_examples=model.corpus_count, epochs=model.epochs)\n"
        )
        assert (
            sources[5] == "print(model.wv.most_similar('computer', topn=1))\nn = len(model.wv.key_to_index)\nprint(n)"
        )
        assert sources[7] == (
            "%time sims = model.most_similar('graph')\n"
            "count = model.wv.get_vecattr('graph', \"count\")\nmodel.wv.index2word?\nprint(count)\n"
        )
    else:
        assert "compat.word_count(model.wv, 'graph')" in sources[7]
    assert [f.cell for f in result.findings if f.rule == "model-method"] == [6]
    assert ("cell 5 skipped: runs a cell magic" in result.notes) and any("cell 7 skipped" in n for n in result.notes)
    # A second run finds nothing more to rewrite and keeps the text byte for byte.
    again = migrate_notebook(result.new_code, target)
    assert again.new_code == result.new_code
    assert not [f for f in again.findings if f.fixed]


def test_notebook_findings_point_into_cells():
    result = migrate_notebook(_notebook(), "4", path="nb.ipynb")
    located = {(f.cell, f.line, f.column, f.rule) for f in result.findings}
    assert (4, 1, 32, "model-kwargs") in located
    assert (4, 2, 69, "iter-attr") in located
    assert (8, 2, 9, "vocab") in located
    assert any(f.format().startswith("nb.ipynb:cell 6:1:7: model-method:") for f in result.findings)


@pytest.mark.parametrize("target", TARGETS)
def test_migrated_notebook_code_runs(target):
    if target == "4" and not compat.GENSIM_4:
        pytest.skip("--target 4 writes gensim 4.x code")
    result = migrate_notebook(_notebook(), target)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in _code_cells(result.new_code):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if source.startswith("%%") or source.startswith("print '"):
                continue
            lines = [line for line in source.splitlines() if not line.startswith(("%", "!")) and not line.endswith("?")]
            exec("\n".join(lines), namespace)
    assert namespace["n"] == 12
    assert namespace["count"] > 0


def test_notebook_without_legacy_code_is_returned_unchanged():
    text = json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "outputs": [],
                    "execution_count": None,
                    "source": ["print(model.wv.index_to_key)\n"],
                }
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=3,
    )
    result = migrate_notebook(text, "neutral")
    assert result.new_code is text and not result.changed and result.findings == []


def test_not_a_notebook():
    with pytest.raises(MigrationError, match="nbformat 4"):
        migrate_notebook('{"worksheets": []}', path="old.ipynb")
    with pytest.raises(MigrationError, match="not a JSON notebook"):
        migrate_notebook("print(1)", path="x.ipynb")


# ---------------------------------------------------------------------------------------------------------
# Files and the command line
# ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def tree(tmp_path) -> Path:
    """A project tree: legacy code, a modern file, a notebook, and directories the walk must skip."""
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    shutil.copy(SNIPPETS / "seed_tutorial.py", root / "seed_tutorial.py")
    shutil.copy(SNIPPETS / "migration_guide.py", root / "pkg" / "migration_guide.py")
    shutil.copy(SNIPPETS / (UNTOUCHED + ".py"), root / "pkg" / "modern.py")
    (root / "pkg" / "notes.txt").write_text("model.most_similar('x')\n")
    (root / "analysis.ipynb").write_text(_notebook(), encoding="utf-8")
    for skipped in (".hidden", "__pycache__", ".ipynb_checkpoints", "venv"):
        (root / skipped).mkdir()
        shutil.copy(SNIPPETS / "seed_tutorial.py", root / skipped / "seed.py")
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    return root


def _snapshot(root: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_migrate_paths_walks_python_files_and_notebooks(tree):
    results = migrate_paths([str(tree)], "4")
    assert [os.path.relpath(r.path, str(tree)) for r in results] == [
        "analysis.ipynb",
        "seed_tutorial.py",
        os.path.join("pkg", "migration_guide.py"),
        os.path.join("pkg", "modern.py"),
    ]
    assert [r.changed for r in results] == [True, True, True, False]
    assert not any(r.written for r in results)


def test_check_lists_findings_and_exits_1_without_writing(tree, capsys):
    before = _snapshot(tree)
    assert main([str(tree / "seed_tutorial.py"), "--check"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == (
        "%s:10:41: model-kwargs: size=PreTrainedKeyvector.vector_size -> "
        "vector_size=PreTrainedKeyvector.vector_size" % (tree / "seed_tutorial.py")
    )
    assert len(lines) == 4 and all(line.startswith(str(tree / "seed_tutorial.py") + ":") for line in lines)
    assert "4 findings in 1 file: would rewrite 1 file (--diff to preview, --write to apply)" in err
    assert _snapshot(tree) == before


def test_check_exits_0_on_modern_code(tree, capsys):
    assert main([str(tree / "pkg" / "modern.py"), "--check", "--target", "neutral"]) == 0
    assert capsys.readouterr() == ("", "")


def test_default_mode_lists_findings_exits_0_and_writes_nothing(tree, capsys):
    before = _snapshot(tree)
    assert main([str(tree)]) == 0
    out, _ = capsys.readouterr()
    assert "analysis.ipynb:cell 4:1:32: model-kwargs: size=10 -> vector_size=10" in out
    assert _snapshot(tree) == before


def test_diff_prints_a_unified_diff_that_reproduces_the_rewrite(tree, capsys):
    path = tree / "pkg" / "migration_guide.py"
    assert main([str(path), "--diff", "--target", "neutral"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("--- a/%s\n+++ b/%s\n" % (str(path).lstrip("/"), str(path).lstrip("/")))
    assert "-model = Word2Vec(common_texts, size=24, iter=5, min_count=1, workers=1, seed=1)\n" in out
    assert "+from gensim_transfer import compat\n" in out
    assert _apply_unified_diff(path.read_text(), out) == _expected_path("migration_guide", "neutral").read_text()


def _apply_unified_diff(old: str, diff: str) -> str:
    """Apply a single-file unified diff (enough for checking our own output)."""
    old_lines, new_lines, position = old.splitlines(True), [], 0
    lines = diff.splitlines(True)[2:]
    i = 0
    while i < len(lines):
        header = lines[i]
        assert header.startswith("@@ ")
        start = int(header.split()[1].split(",")[0][1:]) - 1
        new_lines += old_lines[position:start]
        position = start
        i += 1
        while i < len(lines) and not lines[i].startswith("@@ "):
            tag, text = lines[i][0], lines[i][1:]
            if tag in " -":
                assert old_lines[position] == text
                position += 1
            if tag in " +":
                new_lines.append(text)
            i += 1
    return "".join(new_lines + old_lines[position:])


def test_write_rewrites_changed_files_only(tree, capsys):
    modern = tree / "pkg" / "modern.py"
    os.utime(modern, (1_000_000_000, 1_000_000_000))
    before = _snapshot(tree)
    assert main([str(tree), "--write"]) == 0
    capsys.readouterr()
    after = _snapshot(tree)
    assert after["seed_tutorial.py"].decode() == _expected_path("seed_tutorial", "4").read_text()
    assert (
        after[os.path.join("pkg", "migration_guide.py")].decode() == _expected_path("migration_guide", "4").read_text()
    )
    assert after[os.path.join("pkg", "modern.py")] == before[os.path.join("pkg", "modern.py")]
    assert modern.stat().st_mtime == 1_000_000_000  # not even rewritten with the same bytes
    assert after[os.path.join(".hidden", "seed.py")] == before[os.path.join(".hidden", "seed.py")]
    assert after["analysis.ipynb"] == migrate_notebook(before["analysis.ipynb"].decode(), "4").new_code.encode()
    # Nothing is left to find (the notebook's model is known across cells, so all of it was rewritable).
    assert main([str(tree), "--check"]) == 0
    assert capsys.readouterr().out == ""


def test_write_with_check_exits_1_like_a_pre_commit_hook(tree, capsys):
    path = tree / "seed_tutorial.py"
    assert main([str(path), "--write", "--check", "--target", "neutral"]) == 1
    assert path.read_text() == _expected_path("seed_tutorial", "neutral").read_text()
    assert "rewrote 1 file" in capsys.readouterr().err
    assert main([str(path), "--check", "--target", "neutral"]) == 0


def test_json_output(tree, capsys):
    assert main([str(tree / "seed_tutorial.py"), "--json", "--check"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in findings] == ["model-kwargs", "vocab", "kv-wv", "intersect"]
    assert set(findings[0]) == {"path", "cell", "line", "column", "rule", "old", "new", "fixed", "message"}


def test_write_keeps_encoding_and_line_endings(tmp_path):
    path = tmp_path / "latin.py"
    code = "# -*- coding: latin-1 -*-\r\nimport gensim\r\nm = gensim.models.Word2Vec(size=3)  # caf\xe9\r\n"
    path.write_bytes(code.encode("latin-1"))
    result = migrate_file(str(path), "4", write=True)
    assert result.written
    assert path.read_bytes() == code.replace("size=", "vector_size=").encode("latin-1")


@pytest.mark.parametrize("argv", [[], ["--target", "3", "x.py"], ["--bogus", "x.py"]])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2


def test_missing_path_exits_2_before_touching_anything(tree, capsys):
    before = _snapshot(tree)
    assert main([str(tree / "seed_tutorial.py"), str(tree / "nope.py"), "--write"]) == 2
    assert "nope.py" in capsys.readouterr().err
    assert _snapshot(tree) == before


def test_json_with_diff_is_a_usage_error(tree, capsys):
    assert main([str(tree), "--json", "--diff"]) == 2


def test_unparsable_file_exits_2_and_the_others_are_still_migrated(tree, capsys):
    (tree / "pkg" / "py2.py").write_text("print 'hello'\n")
    assert main([str(tree / "pkg"), "--write"]) == 2
    err = capsys.readouterr().err
    assert "py2.py:1:" in err
    assert (tree / "pkg" / "migration_guide.py").read_text() == _expected_path("migration_guide", "4").read_text()


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "--target" in capsys.readouterr().out


def test_add_parser_wires_the_verb_into_a_front_door(tree):
    parser = argparse.ArgumentParser(prog="gensim-transfer")
    migrate.add_parser(parser.add_subparsers(dest="verb"))
    args = parser.parse_args(["migrate", str(tree / "pkg" / "modern.py"), "--check"])
    assert args.func is migrate.run
    assert args.func(args) == 0


def test_notebook_cell_that_parses_is_not_masked():
    """A valid line starting with ``%`` (a continuation) is Python, not a magic, and is migrated normally."""
    cell = 'import gensim\nlabel = ("%s words"\n         % len(m.wv.vocab))\n'
    text = json.dumps(
        {
            "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": cell}],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )
    result = migrate_notebook(text, "4")
    assert json.loads(result.new_code)["cells"][0]["source"] == cell.replace("wv.vocab", "wv.key_to_index")


def test_a_class_own_attribute_is_not_gensim():
    """gensim 4's own translation_matrix.Space keeps an ``index2word`` list of its own: not a 3.x idiom."""
    source = (
        "import gensim\n"
        "class Space:\n"
        "    def __init__(self, words):\n"
        "        self.index2word = words\n"
        "        self.syn0 = None\n"
        "    def first(self):\n"
        "        return self.index2word[0], self.syn0\n"
    )
    for target in TARGETS:
        result = migrate_source(source, target)
        assert result.new_code == source and result.findings == []


def test_docvecs_on_an_unknown_receiver():
    source = "import gensim\ndef tag_vector(model, tag):\n    return model.docvecs[tag]\n"
    target4 = migrate_source(source, "4")
    assert target4.new_code == source
    assert [(f.rule, f.fixed) for f in target4.findings] == [("docvecs", False)]
    assert migrate_source(source, "neutral").findings == []  # model.docvecs still works on gensim 4


def test_nothing_is_reported_outside_gensim_code():
    source = "def f(x, y):\n    return x.index2word, y.syn0, x.vocab, y.most_similar(1), x.docvecs\n"
    for target in TARGETS:
        result = migrate_source(source, target)
        assert result.new_code == source and result.findings == []
