"""transfer_init on bad files: a precise error, and the model bit-identical to what it was before the call."""
from __future__ import annotations

import gzip
import os
import pickle

import numpy as np
import pytest

from gensim_transfer import compat, guard, transfer_init
from gensim_transfer.errors import FormatError, TransferError, TruncatedFileError, VectorSizeError
from gensim_transfer.formats import _matching

from . import vectorfiles as vf
from .corpus import lee_sentences, make_model

# Every test here runs with the compiled scanner and with the pure-Python one (see conftest.py).
pytestmark = pytest.mark.usefixtures("scanner")

SIZE = 16
KINDS = ["word2vec", "fasttext"]


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences(0, 80)


@pytest.fixture(autouse=True)
def _no_guard():
    guard.uninstall()
    yield
    guard.uninstall()


def _arrays(obj, prefix):
    """Every numpy array an object holds in its attributes, as (dtype, shape, bytes) by attribute path."""
    out = {}
    for name, value in sorted(vars(obj).items()):
        if isinstance(value, np.ndarray):
            out[prefix + name] = (value.dtype.str, value.shape, value.tobytes())
    return out


def snapshot(model):
    """The model's raw state: all arrays of the model, its KeyedVectors (and gensim 3.8's trainables), their
    lock arrays as gensim holds them (not through compat, which would widen them), and the pickle."""
    state = _arrays(model, "")
    state.update(_arrays(model.wv, "wv."))
    if hasattr(model, "trainables"):  # gensim 3.8
        state.update(_arrays(model.trainables, "trainables."))
    state["pickle"] = pickle.dumps(model, protocol=4)
    return state


def assert_unchanged(before, model):
    after = snapshot(model)
    assert sorted(after) == sorted(before)
    changed = [name for name in before if after[name] != before[name]]
    assert not changed, "transfer_init changed %s" % changed


def model_words(model, n=40):
    return list(compat.index_to_key(model))[:n]


N = 40  # records in each file: the model's first N words


def _vectors(size=SIZE):
    return np.random.default_rng(3).standard_normal((N, size)).astype(np.float32)


def _records(model, fmt="word2vec-binary", size=SIZE, **options):
    return vf.encode_records(model_words(model, N), _vectors(size), fmt, **options)


# Each case builds a bad file from the model's own words (so that wanted records surround the fault) and
# names the error transfer_init must raise and a phrase of its message.
def _truncated_binary(model, path):
    records = _records(model)
    return vf.write_raw(path, b"%d %d\n" % (N, SIZE) + b"".join(records)[:-7])


def _count_too_large(model, path):
    records = _records(model, "word2vec-text")
    return vf.write_raw(path, b"%d %d\n" % (N + 5, SIZE) + b"".join(records))


def _count_too_small(model, path):
    records = _records(model)
    return vf.write_raw(path, b"%d %d\n" % (N - 1, SIZE) + b"".join(records))


def _non_numeric_header(model, path):
    records = _records(model, "word2vec-text")
    return vf.write_raw(path, b"forty %d\n" % SIZE + b"".join(records))


def _wrong_field_count(model, path):
    records = _records(model, "word2vec-text")
    records[-1] = records[-1].replace(b" ", b"_", 1)  # word and first value fused: one field short
    return vf.write_raw(path, b"%d %d\n" % (N, SIZE) + b"".join(records))


def _short_text_line(model, path):
    records = _records(model, "word2vec-text")
    records[-1] = records[-1].rsplit(b" ", 1)[0] + b"\n"
    return vf.write_raw(path, b"%d %d\n" % (N, SIZE) + b"".join(records))


def _non_numeric_value(model, path):
    records = _records(model, "word2vec-text")
    records[-1] = records[-1].replace(b" ", b" one", 2).replace(b" one", b" ", 1)
    return vf.write_raw(path, b"%d %d\n" % (N, SIZE) + b"".join(records))


def _undecodable_word_binary(model, path):
    records = _records(model)
    bad = vf.encode_records([b"caf\xe9"], _vectors()[:1])
    return vf.write_raw(path, b"%d %d\n" % (N + 1, SIZE) + b"".join(records + bad))


def _undecodable_word_text(model, path):
    records = _records(model, "word2vec-text")
    bad = vf.encode_records([b"caf\xe9"], _vectors()[:1], "word2vec-text")
    return vf.write_raw(path, b"%d %d\n" % (N + 1, SIZE) + b"".join(records + bad))


def _empty(model, path):
    return vf.write_raw(path, b"")


def _file_vector_size(model, path):
    records = _records(model, size=SIZE + 1)
    return vf.write_raw(path, b"%d %d\n" % (N, SIZE + 1) + b"".join(records))


def _blank_line_inside(model, path):
    records = _records(model, "glove-text")
    records.insert(len(records) - 2, b"\n")
    return vf.write_raw(path, b"".join(records))


def _gzip_cut_short(model, path):
    records = _records(model)
    data = gzip.compress(b"%d %d\n" % (N, SIZE) + b"".join(records), mtime=0)
    return vf.write_raw(path, data[:len(data) // 2])


def _gzip_corrupt(model, path):
    records = _records(model)
    data = bytearray(gzip.compress(b"%d %d\n" % (N, SIZE) + b"".join(records), mtime=0))
    data[len(data) // 2:len(data) // 2 + 8] = b"\xff" * 8
    return vf.write_raw(path, bytes(data))


def _huge_count(model, path):
    records = _records(model)
    return vf.write_raw(path, b"3000000000 %d\n" % SIZE + b"".join(records))


CASES = [
    (_truncated_binary, TruncatedFileError, "file ends inside record 40"),
    (_count_too_large, TruncatedFileError, "file ends after 40 records but the header announces 45"),
    (_count_too_small, FormatError, "the header announces 39 records but more data follow"),
    (_non_numeric_header, FormatError, "is not a valid '<count> <vector_size>' header"),
    (_wrong_field_count, VectorSizeError, "record has 15 values, expected 16"),
    (_short_text_line, VectorSizeError, "record has 15 values, expected 16"),
    (_non_numeric_value, FormatError, "is not a number"),
    (_undecodable_word_binary, FormatError, "is not valid utf8"),
    (_undecodable_word_text, FormatError, "is not valid utf8"),
    (_empty, FormatError, "file is empty"),
    (_file_vector_size, VectorSizeError, "vectors in the file have 17 dimensions, the model's have 16"),
    (_blank_line_inside, FormatError, "empty line where a record should be"),
    (_gzip_cut_short, TruncatedFileError, "the file was cut short"),
    (_gzip_corrupt, FormatError, "gzip member 1 (at compressed byte 0) is corrupt"),
    (_huge_count, TruncatedFileError, "but the header announces 3000000000 records"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("make", "error", "phrase"), CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_bad_file_leaves_model_untouched(tmp_path, sentences, kind, make, error, phrase):
    model = make_model(kind, sentences, size=SIZE)
    path = make(model, str(tmp_path / "bad"))
    before = snapshot(model)
    with pytest.raises(error) as info:
        transfer_init(model, path, lockf=0.0)
    assert isinstance(info.value, TransferError) and isinstance(info.value, ValueError)
    message = str(info.value)
    assert message.startswith(path)
    assert phrase in message
    assert_unchanged(before, model)
    assert not guard.installed()


@pytest.mark.parametrize("kind", KINDS)
def test_missing_file_leaves_model_untouched(tmp_path, sentences, kind):
    model = make_model(kind, sentences, size=SIZE)
    before = snapshot(model)
    with pytest.raises(FileNotFoundError):
        transfer_init(model, str(tmp_path / "nowhere.bin"))
    assert_unchanged(before, model)


@pytest.mark.parametrize("kind", KINDS)
def test_file_changed_while_read_leaves_model_untouched(tmp_path, sentences, kind, monkeypatch):
    """The file is rewritten while it is read: the pass fails at its end, before the model is touched."""
    model = make_model(kind, sentences, size=SIZE)
    records = _records(model)
    path = vf.write_raw(tmp_path / "moving.bin", b"%d %d\n" % (N, SIZE) + b"".join(records))
    real_scan = _matching._scan_stream

    def scan_then_change(*args, **kwargs):
        for batch in real_scan(*args, **kwargs):
            with open(path, "r+b") as handle:  # same size, other bytes, and a different modification time
                handle.seek(-4, os.SEEK_END)
                handle.write(b"\0\0\0\0")
            os.utime(path, ns=(1, 1))
            yield batch

    monkeypatch.setattr(_matching, "_scan_stream", scan_then_change)
    before = snapshot(model)
    with pytest.raises(FormatError, match="the file changed while it was read"):
        transfer_init(model, path)
    assert_unchanged(before, model)


@pytest.mark.parametrize("kind", KINDS)
def test_snapshot_sees_a_successful_merge(tmp_path, sentences, kind):
    """The comparison above can fail: a good file does change the model (vectors and locks)."""
    model = make_model(kind, sentences, size=SIZE)
    records = _records(model)
    path = vf.write_raw(tmp_path / "good.bin", b"%d %d\n" % (N, SIZE) + b"".join(records))
    vectors = _vectors()
    before = snapshot(model)
    report = transfer_init(model, path, lockf=0.0)
    assert report.matched == N
    with pytest.raises(AssertionError, match="transfer_init changed"):
        assert_unchanged(before, model)
    if kind == "fasttext":  # the composed vector is the file's; the own row is solved for it (subwords.py)
        np.testing.assert_allclose(model.wv.vectors[:N], vectors, rtol=1e-6, atol=1e-7)
    else:
        np.testing.assert_array_equal(compat.word_vectors(model)[:N].view(np.uint32), vectors.view(np.uint32))
