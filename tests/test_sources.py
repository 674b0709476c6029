"""Every kind of source merges bit-identically to the vectors gensim itself gives for those words; bad sources
give one clear error naming the source and leave the model bit-identical."""
from __future__ import annotations

import gzip
import os
import pickle
import threading
import zipfile

import numpy as np
import pytest
from gensim.models import KeyedVectors, Word2Vec

from gensim_transfer import adapt, compat, formats, guard, transfer_init
from gensim_transfer.errors import FormatError, TransferError, VectorSizeError

from .corpus import lee_sentences, make_model, write_word2vec
from .test_transfer_errors import assert_unchanged, snapshot

SIZE = 16


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences(0, 80)


@pytest.fixture(autouse=True)
def _no_guard():
    guard.uninstall()
    yield
    guard.uninstall()


@pytest.fixture(scope="module")
def pretrained(sentences):
    """A real trained model's vectors (the 'pretrained' side), as gensim holds them."""
    model = make_model("word2vec", lee_sentences(80, 300), size=SIZE, min_count=3)
    model.train(lee_sentences(80, 300), total_examples=220, epochs=2)
    return model


def _expected(model, kv):
    """What a merge from ``kv`` must put into ``model``: kv's vector for each shared word, bit for bit."""
    vocab = compat.index_to_key(model)
    index = compat.key_to_index(kv)
    rows = [i for i, w in enumerate(vocab) if w in index]
    vectors = np.vstack([kv.vectors[index[vocab[i]]] for i in rows])
    return np.array(rows), vectors


def _assert_merged(model, kv, report):
    rows, vectors = _expected(model, kv)
    assert report.matched == len(rows) > 20
    got = compat.word_vectors(model)[rows]
    assert got.tobytes() == vectors.astype(np.float32).tobytes()
    assert (compat.lock_factors(model)[rows] == 0.5).all()


def test_keyed_vectors_and_models_in_memory(sentences, pretrained):
    for source in (pretrained.wv, pretrained):
        model = make_model("word2vec", sentences, size=SIZE)
        report = transfer_init(model, source, lockf=0.5)
        _assert_merged(model, pretrained.wv, report)
        assert report.source_kind == "keyed-vectors" and report.format == "gensim"
        assert report.path == "<%s in memory>" % type(source).__name__


@pytest.mark.parametrize("what", ["kv", "model"])
def test_gensim_save_files_are_memory_mapped(tmp_path, sentences, pretrained, what):
    path = str(tmp_path / ("pre.kv" if what == "kv" else "pre.model"))
    (pretrained.wv if what == "kv" else pretrained).save(path, sep_limit=0)  # arrays in .npy files beside it
    assert any(name.endswith(".npy") for name in os.listdir(tmp_path))
    with formats.open_source(path) as source:
        assert source.kind == "gensim-save"
        assert isinstance(source.kv.vectors, np.memmap)  # not loaded whole
    model = make_model("word2vec", sentences, size=SIZE)
    report = transfer_init(model, path, lockf=0.5)
    loaded = KeyedVectors.load(path) if what == "kv" else Word2Vec.load(path).wv
    _assert_merged(model, loaded, report)


def _gensim_data(tmp_path, monkeypatch, name, kv, binary=False):
    """A gensim-data folder as gensim's downloader leaves it: NAME/NAME.gz (word2vec format) and __init__.py."""
    folder = tmp_path / "gensim-data" / name
    folder.mkdir(parents=True)
    plain = str(tmp_path / "plain")
    kv.save_word2vec_format(plain, binary=binary)
    with open(plain, "rb") as src, gzip.open(str(folder / (name + ".gz")), "wb") as out:
        out.write(src.read())
    (folder / "__init__.py").write_text("# gensim-data loader\n")
    monkeypatch.setenv(formats.GENSIM_DATA_ENV, str(tmp_path / "gensim-data"))
    return str(folder / (name + ".gz"))


def test_gensim_data_names_are_found_locally(tmp_path, monkeypatch, sentences, pretrained):
    data_file = _gensim_data(tmp_path, monkeypatch, "glove-test-16", pretrained.wv)
    model = make_model("word2vec", sentences, size=SIZE)
    report = transfer_init(model, "glove-test-16", lockf=0.5)
    _assert_merged(model, KeyedVectors.load_word2vec_format(data_file), report)
    assert report.source_kind == "gensim-data" and report.compression == "gzip"
    assert str(report).split(" from ", 1)[1].startswith("gensim-data:glove-test-16 [")


def test_a_gensim_data_name_not_downloaded_says_how(tmp_path, monkeypatch, sentences):
    monkeypatch.setenv(formats.GENSIM_DATA_ENV, str(tmp_path))
    model = make_model("word2vec", sentences, size=SIZE)
    before = snapshot(model)
    with pytest.raises(FileNotFoundError) as caught:
        transfer_init(model, "glove-wiki-gigaword-100")
    assert caught.value.filename == "glove-wiki-gigaword-100"
    assert "python -m gensim.downloader --download glove-wiki-gigaword-100" in str(caught.value)
    assert_unchanged(before, model)


def _zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return str(path)


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_zip_members_read_in_place(tmp_path, sentences, pretrained, compression):
    txt = write_word2vec(tmp_path / "v.txt", list(compat.index_to_key(pretrained)), pretrained.wv.vectors,
                         binary=False)
    data = open(txt, "rb").read()
    one = _zip(tmp_path / "one.zip", {"vectors.txt": data, "README": b"about\n"}, compression)
    several = _zip(tmp_path / "several.zip", {"a.txt": data, "b.txt": data}, compression)
    expected = KeyedVectors.load_word2vec_format(txt)
    for source, member in ((one, None), (several + "::b.txt", None), (several, "a.txt")):
        model = make_model("word2vec", sentences, size=SIZE)
        report = transfer_init(model, source, lockf=0.5, member=member)
        _assert_merged(model, expected, report)
        assert report.source_kind == "zip-member" and "::" in report.path
    model = make_model("word2vec", sentences, size=SIZE)
    before = snapshot(model)
    ambiguous = r"several\.zip: the zip archive holds several files .*: a\.txt, b\.txt; name one, e\.g\. .*zip::a\.txt"
    with pytest.raises(FormatError, match=ambiguous):
        transfer_init(model, several)
    with pytest.raises(FormatError, match=r"several\.zip.*has no member 'c\.txt' \(members: a\.txt, b\.txt\)"):
        transfer_init(model, several + "::c.txt")
    empty = _zip(tmp_path / "empty.zip", {"README.md": b"nothing here\n", "docs/": b""}, compression)
    with pytest.raises(FormatError, match=r"empty\.zip: the zip archive holds no vector file"):
        transfer_init(model, empty)
    assert_unchanged(before, model)


def test_a_plain_file_with_double_colons_in_its_name_is_that_file(tmp_path, sentences, pretrained):
    path = write_word2vec(tmp_path / "odd::name.bin", list(compat.index_to_key(pretrained)), pretrained.wv.vectors,
                          binary=True)
    model = make_model("word2vec", sentences, size=SIZE)
    _assert_merged(model, pretrained.wv, transfer_init(model, path, lockf=0.5))


def _pipe(data: bytes):
    """A readable pipe path (/dev/fd/N) fed by a thread, like `<(zcat file)` in a shell."""
    read_fd, write_fd = os.pipe()

    def feed():
        with os.fdopen(write_fd, "wb") as out:
            try:
                out.write(data)
            except BrokenPipeError:
                pass

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return "/dev/fd/%d" % read_fd, read_fd, thread


@pytest.mark.parametrize("binary", [True, False])
@pytest.mark.parametrize("compressed", [False, True])
def test_pipes_are_read_once_front_to_back(tmp_path, sentences, pretrained, binary, compressed):
    path = write_word2vec(tmp_path / "v", list(compat.index_to_key(pretrained)), pretrained.wv.vectors,
                          binary=binary)
    data = open(path, "rb").read()
    if compressed:
        data = gzip.compress(data)
    name, fd, thread = _pipe(data)
    try:
        model = make_model("word2vec", sentences, size=SIZE)
        report = transfer_init(model, name, lockf=0.5)
    finally:
        os.close(fd)
        thread.join()
    _assert_merged(model, KeyedVectors.load_word2vec_format(path, binary=binary), report)
    assert report.source_kind == "pipe" and report.path == name


def test_a_second_pass_over_a_pipe_is_a_clear_error(tmp_path, pretrained):
    path = write_word2vec(tmp_path / "v.bin", list(compat.index_to_key(pretrained)), pretrained.wv.vectors,
                          binary=True)
    name, fd, thread = _pipe(open(path, "rb").read())
    try:
        with pytest.raises(TransferError, match=r"/dev/fd/\d+: this source is a pipe.*save it to a file first"):
            adapt(lee_sentences(0, 40), name, vocab="union", top=50, min_count=2, epochs=1, workers=1)
        # A regular file is read twice without trouble.
        _model, report = adapt(lee_sentences(0, 40), path, vocab="union", top=50, min_count=2, epochs=1, workers=1)
        assert report.vocab.pretrained_read == 50
    finally:
        os.close(fd)
        thread.join()


def test_bad_sources_leave_the_model_bit_identical(tmp_path, sentences, pretrained):
    model = make_model("word2vec", sentences, size=SIZE)
    before = snapshot(model)
    small = make_model("word2vec", sentences, size=SIZE + 1)
    size_error = r"<\w*KeyedVectors in memory>: its vectors have 17 dimensions, the model's have 16"
    with pytest.raises(VectorSizeError, match=size_error):
        transfer_init(model, small.wv)
    not_gensim = tmp_path / "other.pkl"
    not_gensim.write_bytes(pickle.dumps({"vectors": [1, 2, 3]}, protocol=4))
    with pytest.raises(FormatError, match=r"other\.pkl: holds a dict, not a gensim model or KeyedVectors"):
        transfer_init(model, str(not_gensim))
    broken = tmp_path / "broken.pkl"
    broken.write_bytes(pickle.dumps({"x": 1}, protocol=4)[:-5])
    with pytest.raises(FormatError, match=r"broken\.pkl: could not load it as a gensim model"):
        transfer_init(model, str(broken))
    with pytest.raises(TypeError, match="expected a path, a gensim-data name, a KeyedVectors"):
        transfer_init(model, 42)
    assert_unchanged(before, model)


def test_text_that_starts_like_bzip2_is_text(tmp_path, sentences):
    """'BZh...' as a first word is a word, not a bzip2 stream (detection checks the whole stream header)."""
    model = make_model("word2vec", sentences, size=4)
    words = ["BZh91AY&SY", *list(compat.index_to_key(model))[:5]]
    vectors = np.arange(24, dtype=np.float32).reshape(6, 4)
    path = write_word2vec(tmp_path / "bzh.txt", words, vectors, binary=False)
    assert formats.sniff(path).compression is None
    report = transfer_init(model, path)
    assert report.matched == 5


def test_sniff_and_info_say_what_a_source_is(tmp_path, pretrained, monkeypatch):
    _gensim_data(tmp_path, monkeypatch, "glove-test-16", pretrained.wv, binary=True)
    info = formats.sniff("glove-test-16")
    assert (info.source_kind, info.format, info.compression) == ("gensim-data", "word2vec-binary", "gzip")
    assert formats.sniff(pretrained).source_kind == "keyed-vectors"


def test_info_check_on_a_fifo_with_one_writer_reads_it_once(tmp_path, pretrained):
    """Before, the path was opened several times and a FIFO with one writer hung; now it is read once."""
    import subprocess
    import sys

    path = write_word2vec(tmp_path / "v.txt", list(compat.index_to_key(pretrained)), pretrained.wv.vectors,
                          binary=False)
    fifo = str(tmp_path / "fifo")
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as out, open(path, "rb") as data:
            try:
                out.write(data.read())
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    # From a directory outside the repository: the installed package, as in the tox envs.
    done = subprocess.run([sys.executable, "-m", "gensim_transfer", "info", fifo, "--check", "--json"],
                          capture_output=True, text=True, timeout=120, cwd=str(tmp_path))
    writer.join(timeout=10)
    assert done.returncode == 0, done.stderr
    import json

    result = json.loads(done.stdout)
    assert (result["source"], result["records"], result["checked"]) == ("pipe", len(pretrained.wv.vectors), True)


def test_a_fasttext_bin_can_be_read_twice(sentences):
    """adapt's 'union' strategy reads a source twice: a .bin file is reopened and its header read again."""
    from gensim.models.fasttext import load_facebook_vectors
    from gensim.test.utils import datapath

    path = datapath("lee_fasttext_new.bin")
    expected = load_facebook_vectors(path)
    with formats.open_source(path) as source:
        first = [word for word, _ in source.records(limit=3)]
        selection = source.select([*first, "zzznotaword"])
        vectors = selection.staged.vectors()
    assert first == list(compat.index_to_key(expected))[:3] and sorted(selection.rows.tolist()) == [0, 1, 2]
    np.testing.assert_allclose(vectors[np.argsort(selection.rows)], expected.vectors[:3], rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", ["lee_fasttext.bin", "cp852_fasttext.bin"])
@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_a_pre_2017_fasttext_bin_is_named_and_gensims_reader_suggested(tmp_path, sentences, name, compressed):
    """fastText's layout before 2017 has no magic number: the error says what the file is and the gensim call
    that reads it, and that call's KeyedVectors then merges as any KeyedVectors does."""
    from gensim.models.fasttext import load_facebook_vectors
    from gensim.test.utils import datapath

    path = datapath(name)
    if compressed:
        path = str(tmp_path / (name + ".gz"))
        with open(datapath(name), "rb") as src:
            data = src.read()
        with open(path, "wb") as out:
            out.write(gzip.compress(data, mtime=0))
    model = make_model("word2vec", sentences, size=10 if name == "lee_fasttext.bin" else 2)
    before = snapshot(model)
    with pytest.raises(FormatError) as caught:
        transfer_init(model, path, lockf=0.5)
    message = str(caught.value)
    assert message.startswith(path + " (byte 0): a fastText .bin in the layout fastText wrote before 2017")
    assert "load_facebook_vectors(%r)" % path in message
    assert_unchanged(before, model)
    if not compressed:
        kv = load_facebook_vectors(path)
        report = transfer_init(model, kv, lockf=0.5)
        rows, vectors = _expected(model, kv)
        assert report.matched == len(rows) > 0
        assert compat.word_vectors(model)[rows].tobytes() == vectors.astype(np.float32).tobytes()


def test_only_the_old_fasttext_layout_looks_like_it():
    from gensim.test.utils import datapath

    from gensim_transfer.formats._fasttext_bin import pre2017_fasttext_bin

    with open(datapath("lee_fasttext.bin"), "rb") as old:
        assert pre2017_fasttext_bin(old.read(64)) == "dimension 10, 1000 n-gram buckets, n-grams of 3-6 characters"
    for name in ("lee_fasttext_new.bin", "toy-model.bin", "lee_fasttext.vec", "euclidean_vectors.bin",
                 "word2vec_pre_kv_c", "head500.noblanks.cor"):
        with open(datapath(name), "rb") as other:
            assert pre2017_fasttext_bin(other.read(64)) is None, name
    rng = np.random.default_rng(0)
    assert not any(pre2017_fasttext_bin(rng.bytes(64)) for _ in range(1000))
