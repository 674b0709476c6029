"""The migrate defects of issue #13, one test each, and the inference that fixes them.

Each test names the defect it pins down. ``tests/migrate_rules`` tests every rule's documented example;
``benchmarks/bench_migrate.py`` measures the real-world corpus in ``tests/migrate_corpus``.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("libcst")

from gensim_transfer.migrate import migrate_notebook, migrate_paths, migrate_source


def _rules(result, fixed=None):
    return [f.rule for f in result.findings if fixed is None or f.fixed is fixed]


# -- delete_temporary_training_data --------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["4", "neutral"])
def test_delete_temporary_training_data_is_removed(target):
    code = (
        "from gensim.models import Doc2Vec\n"
        "model = Doc2Vec.load(p)\n"
        "model.delete_temporary_training_data(keep_doctags_vectors=True, keep_inference=True)\n"
        "model.save(q)\n"
    )
    result = migrate_source(code, target)
    assert result.new_code == "from gensim.models import Doc2Vec\nmodel = Doc2Vec.load(p)\nmodel.save(q)\n"
    assert _rules(result, fixed=True) == ["delete-temporary"]


def test_delete_temporary_training_data_alone_in_its_block_becomes_pass():
    code = "import gensim\ndef done(model):\n    # free memory\n    model.delete_temporary_training_data()\n"
    result = migrate_source(code)
    assert result.new_code == "import gensim\ndef done(model):\n    # free memory\n    pass\n"


def test_delete_temporary_training_data_that_normalises_is_reported():
    code = (
        "import gensim\nm = gensim.models.Word2Vec()\n"
        "m.delete_temporary_training_data(replace_word_vectors_with_normalized=True)\n"
    )
    result = migrate_source(code)
    assert result.new_code == code
    assert _rules(result, fixed=False) == ["delete-temporary"]
    assert "unit_normalize_all" in result.findings[0].message


# -- tuple unpacking, returns, loops, attributes, annotations ------------------------------------------------
def test_keyed_vectors_from_tuple_unpacking_are_known():
    code = (
        "from gensim.models import KeyedVectors\n"
        "def init_model():\n"
        "    model = KeyedVectors.load_word2vec_format(p)\n"
        "    return model, set(model.index2word), '.,;'\n"
        "model, vocab, punc = init_model()\n"
        "v = model.wv[w]\n"
    )
    result = migrate_source(code)
    assert "return model, set(model.index_to_key), '.,;'" in result.new_code
    assert result.new_code.endswith("v = model[w]\n")
    assert all(f.fixed for f in result.findings)


def test_nested_unpacking_and_tuple_literals():
    code = (
        "import gensim\n"
        "(a, (b, c)) = gensim.models.Word2Vec(), (1, gensim.models.KeyedVectors.load(p))\n"
        "x = a.most_similar('w')\ny = c.syn0\n"
    )
    result = migrate_source(code)
    assert "x = a.wv.most_similar('w')\ny = c.vectors\n" in result.new_code


def test_loops_over_known_collections():
    code = (
        "from gensim.models import Word2Vec, FastText\n"
        "models = {'w2v': Word2Vec(s), 'ft': FastText(s)}\n"
        "for name, m in models.items():\n    print(name, m.most_similar('a'))\n"
        "for m2 in [Word2Vec(s), Word2Vec(t)]:\n    m2.init_sims()\n"
        "for i, m3 in enumerate(models.values()):\n    print(m3['a'])\n"
    )
    result = migrate_source(code)
    assert "m.wv.most_similar('a')" not in result.new_code  # Word2Vec and FastText differ: unknown, reported
    assert "m2.wv.fill_norms()" in result.new_code
    rules = [(f.rule, f.fixed) for f in result.findings]
    assert ("model-method", False) in rules


def test_loops_over_models_of_one_kind():
    code = (
        "from gensim.models import Word2Vec\n"
        "models = [Word2Vec(s, size=10), Word2Vec(t, size=20)]\n"
        "for m in models:\n    print(len(m.wv.vocab), m['a'])\n"
    )
    result = migrate_source(code)
    assert "print(len(m.wv.key_to_index), m.wv['a'])" in result.new_code


def test_attributes_of_instances_of_local_classes():
    code = (
        "from gensim.models import Word2Vec\n"
        "class Holder:\n    def __init__(self):\n        self.model = Word2Vec.load(p)\n"
        "h = Holder()\nprint(h.model.most_similar('a'))\n"
    )
    assert "h.model.wv.most_similar('a')" in migrate_source(code).new_code


def test_annotated_parameters():
    code = (
        "from gensim.models import KeyedVectors, Word2Vec\ndef f(kv: KeyedVectors, m: Word2Vec):\n"
        "    return kv.wv['a'], m['a']\n"
    )
    assert "return kv['a'], m.wv['a']" in migrate_source(code).new_code


def test_deepcopy_keeps_the_kind():
    code = (
        "from copy import deepcopy\nfrom gensim.models import Word2Vec\nm = Word2Vec()\nold = deepcopy(m)\n"
        "old.most_similar('a')\n"
    )
    assert "old.wv.most_similar('a')" in migrate_source(code).new_code


# -- x[w] and `in x` on unknown receivers ---------------------------------------------------------------------
def test_subscript_of_unknown_receiver_with_gensim_evidence_is_reported():
    code = "import gensim\ndef f(x, table):\n    print(x.most_similar('a'))\n    return x['a'], table['a'], 'a' in x\n"
    result = migrate_source(code)
    assert result.new_code == code
    reported = [(f.rule, f.old) for f in result.findings if not f.fixed]
    assert ("model-method", "x['a']") in reported
    assert ("model-method", "x") in reported  # `'a' in x`
    assert not any("table" in old for _, old in reported)


def test_subscript_of_unknown_receiver_without_evidence_is_not_reported():
    code = "import gensim\ndef f(x):\n    return x['a']\n"
    assert migrate_source(code).findings == []


# -- whole-project analysis -----------------------------------------------------------------------------------
def _notebook(*cells):
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
                for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 4,
        },
        indent=1,
    ) + "\n"


def test_types_from_other_modules_of_the_project(tmp_path):
    (tmp_path / "utils.py").write_text(
        "import gensim\n"
        "def getModel():\n    return gensim.models.Word2Vec.load('w2v.model')\n"
        "def getVectors():\n    return gensim.models.KeyedVectors.load('kv')\n"
        "VECTORS = getVectors()\n",
        encoding="utf-8",
    )
    (tmp_path / "nb.ipynb").write_text(
        _notebook("from utils import getModel\nimport utils\nmodel = getModel()\n"
            "", "print(model.most_similar('a'), model['a'])\n"
                  "print(utils.VECTORS.wv['a'])\n"),
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text(
        "from utils import getVectors\n"
        "class App:\n    def __init__(self):\n        self.x = getVectors()\n"
        "    def size(self):\n        return len(self.x.wv.vocab)\n",
        encoding="utf-8",
    )
    results = {r.path.rsplit("/", 1)[-1]: r for r in migrate_paths([str(tmp_path)])}
    nb = json.loads(results["nb.ipynb"].new_code)
    assert "".join(nb["cells"][1]["source"]) == (
        "print(model.wv.most_similar('a'), model.wv['a'])\n"
        "print(utils.VECTORS['a'])\n"
    )
    assert "return len(self.x.key_to_index)" in results["app.py"].new_code
    assert all(f.fixed for r in results.values() for f in r.findings)


def test_importing_a_gensim_module_of_the_project_puts_a_file_in_gensim_context(tmp_path):
    (tmp_path / "helpers.py").write_text("import gensim\ndef load(p):\n    return gensim.models.Word2Vec.load(p)\n")
    (tmp_path / "use.py").write_text("from helpers import load\ndef f(m):\n    return m.most_similar('a')\n")
    (use,) = [r for r in migrate_paths([str(tmp_path)]) if r.path.endswith("use.py")]
    assert [(f.rule, f.fixed) for f in use.findings] == [("model-method", False)]


def test_a_single_file_does_not_see_other_modules():
    code = "import gensim\nfrom utils import getModel\nmodel = getModel()\nmodel.most_similar('a')\n"
    result = migrate_source(code)
    assert result.new_code == code
    assert _rules(result, fixed=False) == ["model-method"]


# -- Phrases.vocab ------------------------------------------------------------------------------------------
def test_phrases_vocab_is_not_taken_for_keyed_vectors():
    code = "from gensim.models.phrases import Phrases\nbigram = Phrases(sentences)\nprint(bigram.vocab[b'new_york'])\n"
    result = migrate_source(code)
    assert result.new_code == code
    assert [(f.rule, f.fixed) for f in result.findings] == [("phrases-vocab", False)]
    assert "bytes" in result.findings[0].message and "str" in result.findings[0].message


# -- load_fasttext_format -------------------------------------------------------------------------------------
def test_load_fasttext_format_is_rewritten_not_called_removed():
    code = "from gensim.models import FastText\nm = FastText.load_fasttext_format('wiki.bin')\nm.most_similar('a')\n"
    result = migrate_source(code)
    assert result.new_code == (
        "from gensim.models import FastText\nfrom gensim.models.fasttext import load_facebook_model\n"
        "m = load_facebook_model('wiki.bin')\nm.wv.most_similar('a')\n"
    )
    assert all("removed" not in f.message for f in result.findings)


def test_load_fasttext_format_that_cannot_be_mapped_says_deprecated():
    code = "from gensim.models import FastText\nm = FastText.load_fasttext_format(p, full_model=flag)\n"
    result = migrate_source(code)
    assert result.new_code == code
    assert "deprecated" in result.findings[0].message and "removed" not in result.findings[0].message


def test_model_load_word2vec_format_becomes_keyed_vectors():
    code = "import gensim\nkv = gensim.models.Word2Vec.load_word2vec_format(p, binary=True)\nprint(kv.syn0)\n"
    assert migrate_source(code).new_code == (
        "import gensim\nkv = gensim.models.KeyedVectors.load_word2vec_format(p, binary=True)\nprint(kv.vectors)\n"
    )


# -- continuation lines -----------------------------------------------------------------------------------------
def test_continuation_lines_follow_the_moved_bracket():
    code = (
        "import gensim\n"
        "class T:\n"
        "    def go(self, path):\n"
        "        model = gensim.models.Word2Vec()\n"
        "        sims = model.most_similar(positive=['a'],\n"
        "                                  topn=3)\n"
        "        model.intersect_word2vec_format(path,\n"
        "                                        binary=True)\n"
    )
    new = migrate_source(code).new_code
    assert (
        "        sims = model.wv.most_similar(positive=['a'],\n"
        "                                     topn=3)\n"
        "        transfer_init(model, path,\n"
        "                      binary=True)\n"
    ) in new


def test_hanging_indents_are_left_alone():
    code = (
        "import gensim\nmodel = gensim.models.Word2Vec()\nsims = model.most_similar(\n    positive=['a'],\n"
        "    topn=3)\n"
    )
    assert migrate_source(code).new_code == (
        "import gensim\nmodel = gensim.models.Word2Vec()\nsims = model.wv.most_similar(\n    positive=['a'],\n"
            "    topn=3)\n"
    )


def test_notebook_cells_stay_in_place_when_a_statement_is_removed():
    text = _notebook("import gensim\nm = gensim.models.Word2Vec.load(p)\n"
        "", "m.delete_temporary_training_data()\n", "m.save(q)\n")
    nb = json.loads(migrate_notebook(text).new_code)
    assert ["".join(c["source"]) for c in nb["cells"]] == [
        "import gensim\nm = gensim.models.Word2Vec.load(p)\n",
        "pass\n",
        "m.save(q)\n",
    ]


# -- found by the second batch of the real-world corpus ------------------------------------------------------
def test_get_keras_embedding_is_reported():
    code = "import gensim\ndef to_keras(model):\n    return model.wv.get_keras_embedding(train_embeddings=False)\n"
    result = migrate_source(code)
    assert [(f.rule, f.fixed) for f in result.findings] == [("removed-api", False)]
    assert "Embedding" in result.findings[0].message


def test_downloaded_word_vectors_are_keyed_vectors():
    code = (
        "import gensim.downloader as api\n"
        "kv = api.load('glove-wiki-gigaword-50')\ncorpus = api.load('text8')\n"
        "print(kv['king'], kv.most_similar('king'), kv.vocab)\n"
    )
    result = migrate_source(code)
    assert result.new_code.endswith("print(kv['king'], kv.most_similar('king'), kv.key_to_index)\n")
    assert [(f.rule, f.fixed) for f in result.findings] == [("vocab", True)]
