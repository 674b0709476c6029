"""The fastText ``.bin`` reader: composed vectors equal gensim's ``load_facebook_vectors``; bad files fail clearly.

Tolerance for composed vectors (stated once, used everywhere): ``rtol=1e-6`` and ``atol=1e-6`` times the
largest absolute value in gensim's vectors. gensim adds a word's own row and its n-gram rows in float32, in
n-gram order; the reader adds them in float64 as the rows stream past and rounds once, so the two differ by
gensim's own rounding, a few units in the last place of float32. Own rows and n-gram buckets are bit-exact.
"""
from __future__ import annotations

import gzip
import io
import os
import struct
import threading
import tracemalloc

import numpy as np
import pytest
from gensim.models.fasttext import load_facebook_vectors
from gensim.test.utils import datapath

from gensim_transfer.errors import FormatError, TruncatedFileError
from gensim_transfer.formats import _fasttext_bin
from gensim_transfer.formats._fasttext_bin import compose_vectors, is_fasttext_bin, read_fasttext_header

from .fasttext_files import fasttext_bin_bytes, random_bin
from .vectorfiles import SAMPLE_WORDS

#: fastText .bin test models shipped in gensim's wheel (3.8.3 and 4.x) that carry the magic number.
GENSIM_BINS = ["crime-and-punishment.bin", "lee_fasttext_new.bin", "toy-model.bin", "toy-model-pretrained.bin"]
WORDS = SAMPLE_WORDS + ["w%d" % i for i in range(80)] + ["wörd%d" % i for i in range(20)]


def assert_composed_equal(mine: np.ndarray, gensims: np.ndarray) -> None:
    np.testing.assert_allclose(mine, gensims, rtol=1e-6, atol=1e-6 * float(np.abs(gensims).max()))


def read_all(data_or_stream, wanted, name="test.bin", **kwargs):
    stream = io.BytesIO(data_or_stream) if isinstance(data_or_stream, bytes) else data_or_stream
    info = read_fasttext_header(stream, name)
    rows, vectors = compose_vectors(stream, info, wanted, **kwargs)
    return info, rows, vectors


def all_words(kv):
    return {w: i for i, w in enumerate(getattr(kv, "index_to_key", None) or kv.index2word)}


@pytest.mark.parametrize("name", GENSIM_BINS)
def test_gensim_test_models_compose_like_load_facebook_vectors(name):
    path = datapath(name)
    kv = load_facebook_vectors(path)
    wanted = all_words(kv)
    with open(path, "rb") as f:
        info, rows, vectors = read_all(f, wanted, path)
    assert list(info.words) == list(wanted)
    assert (info.dim, info.min_n, info.max_n, info.bucket) == (kv.vector_size, kv.min_n, kv.max_n, kv.bucket)
    np.testing.assert_array_equal(np.sort(rows), np.arange(len(wanted)))
    assert_composed_equal(vectors, kv.vectors[rows])


@pytest.mark.parametrize("name", GENSIM_BINS)
def test_own_rows_and_buckets_are_the_files_bits(name):
    path = datapath(name)
    kv = load_facebook_vectors(path)
    wanted = all_words(kv)
    got = np.full_like(kv.vectors_ngrams, np.nan)

    def sink(first, rows):
        got[first:first + len(rows)] = rows

    with open(path, "rb") as f:
        _, rows, own = read_all(f, wanted, path, compose=False, ngram_sink=sink)
    np.testing.assert_array_equal(own, kv.vectors_vocab[rows])
    np.testing.assert_array_equal(got, kv.vectors_ngrams)


def test_generated_file_many_blocks_and_a_subset(tmp_path, monkeypatch):
    monkeypatch.setattr(_fasttext_bin, "_BLOCK", 7 * 4 * 13)  # 13 rows a block: blocks straddle nothing
    data = random_bin(WORDS, 7, 301, min_n=2, max_n=5)
    path = tmp_path / "gen.bin"
    path.write_bytes(data)
    kv = load_facebook_vectors(str(path))
    index = all_words(kv)
    wanted = {w: 1000 + j for j, w in enumerate([*WORDS[::3], "not-in-file"])}
    info, rows, vectors = read_all(data, wanted)
    assert sorted(rows.tolist()) == [wanted[w] for w in WORDS[::3]]
    words = {v: k for k, v in wanted.items()}
    assert_composed_equal(vectors, kv.vectors[[index[words[r]] for r in rows]])
    assert info.counts.tolist() == list(range(len(WORDS), 0, -1))


def test_undecodable_word_is_matched_by_gensims_spelling(tmp_path):
    words = ["ok", b"caf\xe9", "end"]
    path = tmp_path / "latin1.bin"
    path.write_bytes(random_bin(words, 5, 30))
    kv = load_facebook_vectors(str(path))
    assert "caf\\xe9" in all_words(kv)
    info, rows, vectors = read_all(path.read_bytes(), {"caf\\xe9": 0, "end": 1})
    assert info.words[1] == "caf\\xe9" and rows.tolist() == [0, 1]
    assert_composed_equal(vectors, kv.vectors[[1, 2]])


def test_limit_matches_only_the_first_words():
    data = random_bin(WORDS, 4, 50)
    _, rows, _ = read_all(data, {w: i for i, w in enumerate(WORDS)}, limit=10)
    assert rows.tolist() == list(range(10))


def test_no_ngrams_is_the_own_row():
    data = random_bin(WORDS[:10], 4, 0, min_n=0, max_n=0)
    matrix = np.frombuffer(data[-(4 * 4 * 10 * 2 + 17 + 17):][:4 * 4 * 10 + 17][17:], "<f4").reshape(10, 4)
    _, rows, vectors = read_all(data, {w: i for i, w in enumerate(WORDS[:10])})
    np.testing.assert_array_equal(vectors[np.argsort(rows)], matrix)


def test_pipe_input_gives_the_same_vectors():
    data = random_bin(WORDS, 6, 200)
    wanted = {w: i for i, w in enumerate(WORDS)}
    _, rows_file, vectors_file = read_all(data, wanted)
    r, w = os.pipe()

    def write():
        with os.fdopen(w, "wb") as out:
            for i in range(0, len(data), 997):  # short, odd-sized writes: the reader gets short reads
                out.write(data[i:i + 997])
                out.flush()

    writer = threading.Thread(target=write)
    writer.start()
    with os.fdopen(r, "rb", buffering=0) as stream:
        _, rows, vectors = read_all(stream, wanted)
    writer.join()
    np.testing.assert_array_equal(rows, rows_file)
    np.testing.assert_array_equal(vectors, vectors_file)


def test_gzip_stream():
    data = random_bin(WORDS, 6, 200)
    wanted = {w: i for i, w in enumerate(WORDS)}
    _, rows, vectors = read_all(gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(data))), wanted)
    _, rows_plain, vectors_plain = read_all(data, wanted)
    np.testing.assert_array_equal(rows, rows_plain)
    np.testing.assert_array_equal(vectors, vectors_plain)


def test_is_fasttext_bin():
    data = random_bin(WORDS[:3], 4, 5)
    assert is_fasttext_bin(data[:8])
    assert not is_fasttext_bin(data[:7])
    assert not is_fasttext_bin(b"3 300\nthe ")
    with open(datapath("lee_fasttext.bin"), "rb") as f:  # pre-2017 layout, no magic number
        assert not is_fasttext_bin(f.read(8))


def test_the_matrix_is_never_held():
    """A 40 MB input matrix, 10 wanted words: the reader's allocations stay under 8 MB (a 4 MiB block + index)."""
    data = random_bin(WORDS, 300, 33_000, seed=3)
    wanted = {w: i for i, w in enumerate(WORDS[:10])}
    stream = io.BytesIO(data)
    tracemalloc.start()
    try:
        info = read_fasttext_header(stream, "big.bin")
        rows, _ = compose_vectors(stream, info, wanted)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 10
    assert (info.nwords + info.bucket) * info.dim * 4 > 39_000_000
    assert peak < 8_000_000, peak


# ------------------------------------------------------------------------------------------------------------
# Bad sources: one clear error naming the source and the place
# ------------------------------------------------------------------------------------------------------------
def _error(data, wanted=None, **kwargs):
    with pytest.raises(FormatError) as exc:
        read_all(data, wanted or {"the": 0}, name="bad.bin", **kwargs)
    assert str(exc.value).startswith("bad.bin")
    return exc.value


GOOD = random_bin(WORDS[:20], 5, 40)
MATRIX_AT = len(GOOD) - 2 * 17 - (20 + 40) * 5 * 4 - 20 * 5 * 4


@pytest.mark.parametrize("cut", [0, 3, 7, 8, 30, 64, 70, 91, 100, MATRIX_AT - 1, MATRIX_AT + 5,
                                 MATRIX_AT + 17 + 13, len(GOOD) - 20 * 5 * 4 - 9, len(GOOD) - 1])
def test_truncated_anywhere(cut):
    err = _error(GOOD[:cut])
    assert isinstance(err, TruncatedFileError)
    assert err.offset is not None and err.offset <= cut


def test_trailing_bytes():
    err = _error(GOOD + b"x")
    assert "should end" in str(err)


def test_old_layout_is_named():
    with open(datapath("lee_fasttext.bin"), "rb") as f:
        err = _error(f.read())
    assert "magic number" in str(err)


def test_supervised_gensim_model_is_refused():
    with open(datapath("pang_lee_polarity_fasttext.bin"), "rb") as f:
        err = _error(f.read())
    assert "supervised" in str(err)


@pytest.mark.parametrize("kwargs, words", [
    ({"version": 10}, "version 10"),
    ({"quant": True}, "quantized"),
    ({"pruneidx_size": 5}, "quantized"),
    ({"model": 3}, "supervised"),
    ({"loss": 9}, "loss 9"),
    ({"dim_declared": 10 ** 9}, "vector size"),
    ({"min_n": 3, "max_n": 5000}, "n-gram lengths"),
    ({"entry_type": 1}, "type 1"),
    ({"rows_declared": 7}, "7 rows"),
    ({"dim_declared": 4}, "columns"),
])
def test_bad_header_values(kwargs, words):
    rng = np.random.default_rng(0)
    data = fasttext_bin_bytes(WORDS[:5], rng.standard_normal((5 + 9, 5)).astype(np.float32), bucket=9, **kwargs)
    assert words in str(_error(data))


def test_absurd_word_count_allocates_nothing():
    """A header claiming 2**31-1 words in a small file: truncated, found without allocating for the claim."""
    data = fasttext_bin_bytes(WORDS[:5], np.zeros((5 + 9, 5), np.float32), bucket=9, nwords_declared=2 ** 31 - 1)
    data = data[:len(data) - 2 * 17 - (5 + 9 + 5) * 5 * 4]  # header and the 5 real words, nothing after them
    tracemalloc.start()
    try:
        err = _error(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(err, TruncatedFileError) and "dictionary" in str(err)
    assert peak < 4_000_000


def test_word_without_end(monkeypatch):
    monkeypatch.setattr(_fasttext_bin, "_MAX_WORD", 100)
    data = fasttext_bin_bytes(["x" * 5000], np.zeros((1 + 3, 5), np.float32), bucket=3)
    assert "longer than 100 bytes" in str(_error(data))


def test_wanted_word_twice_in_dictionary():
    data = fasttext_bin_bytes(["a", "the", "the"], np.zeros((3 + 3, 5), np.float32), bucket=3)
    assert "twice" in str(_error(data, {"the": 0}))


def test_stream_must_be_the_one_read():
    stream = io.BytesIO(GOOD)
    info = read_fasttext_header(stream, "x.bin")
    with pytest.raises(ValueError):
        compose_vectors(io.BytesIO(GOOD), info, {"the": 0})


def test_header_fields():
    info = read_fasttext_header(io.BytesIO(GOOD), "x.bin")
    assert (info.version, info.dim, info.nwords, info.bucket, info.min_n, info.max_n) == (12, 5, 20, 40, 3, 6)
    assert (info.model, info.loss, info.ntokens) == ("skipgram", "ns", 1000)
    assert info.words[0] == WORDS[0] and info.words[-1] == WORDS[19] and len(info.words) == 20
    assert info.offset == MATRIX_AT + 17
    assert struct.unpack("<2i", GOOD[:8]) == (_fasttext_bin.FASTTEXT_MAGIC, 12)


def test_sink_destination_is_checked_and_filled_in_place():
    class Sink:
        def __init__(self, shape):
            self.destination = np.zeros(shape, np.float32)
            self.calls = []

        def __call__(self, first, rows):
            self.calls.append((first, rows.ctypes.data == self.destination[first:].ctypes.data))

    data = random_bin(WORDS, 5, 40)
    with pytest.raises(ValueError, match="destination"):
        read_all(data, {"the": 0}, ngram_sink=Sink((39, 5)))
    sink = Sink((40, 5))
    read_all(data, {"the": 0}, ngram_sink=sink)
    plain = []
    read_all(data, {"the": 0}, ngram_sink=lambda first, rows: plain.append(rows.copy()))
    np.testing.assert_array_equal(sink.destination, np.concatenate(plain))
    assert sink.calls and all(in_place for _, in_place in sink.calls)


def test_absurd_bucket_count_allocates_nothing():
    """2**31-1 buckets of 65,536 dimensions claimed by a 256 KiB file: no block list or buffer sized by the claim."""
    bucket = 2 ** 31 - 1
    data = fasttext_bin_bytes(["a"], np.ones((1, 1 << 16), np.float32), bucket=bucket, rows_declared=1 + bucket)
    tracemalloc.start()
    try:
        err = _error(data, {"a": 0})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(err, TruncatedFileError) and "n-gram buckets 0-15" in str(err)
    assert peak < 8_000_000, peak
