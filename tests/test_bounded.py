"""Hostile and broken files (issue #12): every resource bounded by what the file holds, not by what a header
or a line claims; both scanners linear on every input; a clear error naming the file and the line or record."""
from __future__ import annotations

import os
import tracemalloc

import numpy as np
import pytest

from gensim_transfer import formats
from gensim_transfer.errors import FormatError, TransferError, TruncatedFileError
from gensim_transfer.formats import _binary, _sniff, _text

from . import vectorfiles as vf

# Every test here runs with the compiled scanner and with the pure-Python one (see conftest.py).
pytestmark = pytest.mark.usefixtures("scanner")

MiB = 1 << 20


@pytest.fixture
def sample():
    return vf.sample_vectors(20, 7, seed=1)


def _bounded(call, limit=32 * MiB):
    """Run ``call``, which must raise a TransferError; return it, checking that Python's peak allocation
    stayed under ``limit`` bytes."""
    tracemalloc.start()
    try:
        with pytest.raises(TransferError) as info:
            call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < limit, peak
    return info.value


def _every_reader(path):
    """The error of each way of reading ``path`` (sniff, read_vectors, iter_vectors), which must agree."""
    errors = [_bounded(lambda: formats.read_vectors(path, ["the"])),
              _bounded(lambda: list(formats.iter_vectors(path)))]
    assert str(errors[0]) == str(errors[1])
    return errors[0]


# ---------------------------------------------------------------------------------------------------------
# Item 4: a header's vector size is believed only once a vector that long is in the file
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [1_000_000_000, 10 ** 20])
def test_a_vector_size_beyond_the_cap_is_refused_at_the_header(tmp_path, sample, size):
    """Sniffing keeps what it reads (a pipe is read once), so a header's vector size is capped (2**24) before
    the first record is checked."""
    words, vectors = sample
    body = vf.vector_file_bytes(words, vectors, "word2vec-binary").split(b"\n", 1)[1]
    path = vf.write_raw(tmp_path / "huge.bin", b"20 %d\n" % size + body)
    err = _bounded(lambda: formats.sniff(path))
    assert type(err) is FormatError and err.line == 1
    assert err.problem.startswith("header says vector size %d, more than the 16777216 this reader accepts" % size)
    assert str(_every_reader(path)) == str(err)


@pytest.mark.parametrize("size", [300_000, 1 << 24])
def test_binary_header_size_the_file_does_not_back(tmp_path, sample, size):
    words, vectors = sample
    body = vf.vector_file_bytes(words, vectors, "word2vec-binary").split(b"\n", 1)[1]
    path = vf.write_raw(tmp_path / "huge.bin", b"20 %d\n" % size + body)
    err = _bounded(lambda: formats.sniff(path))
    assert isinstance(err, TruncatedFileError)
    assert (err.record, err.offset) == (1, len(b"20 %d\n" % size))
    assert err.problem == ("file ends inside record 1, whose vector the header's vector size %d makes %d bytes "
                           "long (is the header's vector size right?)" % (size, 4 * size))
    assert str(_every_reader(path)) == str(err)


@pytest.mark.parametrize("compression", [None, "gzip"])
def test_sniff_reads_a_long_first_vector_through(tmp_path, compression):
    """A real vector longer than what sniffing reads first (1 MiB here) is confirmed by reading on."""
    words, vectors = vf.sample_vectors(3, 300_000, seed=2)
    path = vf.write_vectors(tmp_path / ("long" + vf.suffix("word2vec-binary", compression)), words, vectors,
                            "word2vec-binary", compression=compression)
    info = formats.sniff(path)
    assert (info.format, info.vector_size, info.count) == ("word2vec-binary", 300_000, 3)
    cut = tmp_path / "cut.bin"
    cut.write_bytes(vf.vector_file_bytes(words, vectors, "word2vec-binary")[:-10])
    assert formats.sniff(cut).vector_size == 300_000  # record 1 is whole: the scanner reports record 3
    err = _every_reader(str(cut))
    assert isinstance(err, TruncatedFileError) and err.record == 3


@pytest.mark.parametrize("walked", [False, True], ids=["regex", "walked"])
@pytest.mark.parametrize("newline", [True, False])
def test_vectors_longer_than_a_chunk(tmp_path, monkeypatch, walked, newline):
    """Records several chunks long are gathered and joined once; long vectors are walked, not matched."""
    monkeypatch.setattr(_binary, "_CHUNK", 1000)
    if walked:
        monkeypatch.setattr(_binary, "_REGEX_MAX_VBYTES", 16)
    words, vectors = vf.sample_vectors(12, 700, seed=3)
    path = vf.write_vectors(tmp_path / "v.bin", words, vectors, "word2vec-binary", newline=newline)
    sel = formats.read_vectors(path, [*words[::2], "not-there"])
    assert sel.found.tolist() == [True] * 6 + [False]
    np.testing.assert_array_equal(sel.vectors[:6].view(np.uint32), vectors[::2].view(np.uint32))
    got = list(formats.iter_vectors(path, limit=5))
    assert [w for w, _ in got] == words[:5]
    records = vf.encode_records(words, vectors, newline=newline)
    cut = b"12 700\n" + b"".join(records)[:-2000]  # record 12 loses its end
    err = _every_reader(vf.write_raw(tmp_path / "cut.bin", cut))
    assert isinstance(err, TruncatedFileError) and err.record == 12
    records[6] = b" " + records[6][len(words[6].encode()) + 1:]  # record 7 has an empty word
    err = _every_reader(vf.write_raw(tmp_path / "bad.bin", b"12 700\n" + b"".join(records)))
    assert err.record == 7 and err.problem.startswith("empty word")


# ---------------------------------------------------------------------------------------------------------
# Item 5: text lines capped, reported at their line, never held whole
# ---------------------------------------------------------------------------------------------------------
def _too_long(size):
    return ("line longer than %d bytes, the most a word (up to %d bytes) and %d values (up to 64 bytes each) "
            "can take: a line break is missing, or this is not a text vector file of this vector size"
            % (_sniff._max_line_bytes(size), _sniff._MAX_WORD, size))


@pytest.mark.parametrize(("chunk", "length"), [(1 << 16, 3 * MiB), (2 * MiB, 200_000)],
                         ids=["across-chunks", "inside-a-chunk"])
@pytest.mark.parametrize("newline_after", [False, True])
@pytest.mark.parametrize("fmt", ["glove-text", "word2vec-text"])
def test_overlong_text_line(tmp_path, monkeypatch, sample, fmt, newline_after, chunk, length):
    monkeypatch.setattr(_text, "_TEXT_CHUNK", chunk)
    words, vectors = sample
    records = vf.encode_records(words, vectors, fmt)
    long_line = b"w " + b"1.5" * (length // 3) + (b"\n" if newline_after else b"")
    header = b"" if fmt == "glove-text" else b"21 7\n"
    path = vf.write_raw(tmp_path / "long.txt", header + b"".join(records[:4]) + long_line + b"".join(records[4:]))
    err = _every_reader(path)
    first = 2 if header else 1
    assert (err.line, err.record, err.problem) == (first + 4, 5, _too_long(7))


def test_overlong_first_line_is_reported_by_sniff(tmp_path, monkeypatch):
    monkeypatch.setattr(_sniff, "_MAX_LINE", 5000)
    path = vf.write_raw(tmp_path / "long.txt", b"w" + b" 1.5" * 3000 + b"\n")
    err = _bounded(lambda: formats.sniff(path))
    assert err.line == 1 and err.problem.startswith("line 1 is longer than 5000 bytes: not a word-vector file")


def test_line_cap_fits_the_longest_real_lines(tmp_path):
    """C's %f of the largest float32 (47 characters) on every value of a line with the longest word fits."""
    size = 5
    word = b"w" * _sniff._MAX_WORD
    line = word + b" " + b" ".join([b"-340282346638528859811704183484516925440.000000"] * size) + b" \r\n"
    assert len(line) <= _sniff._max_line_bytes(size)
    path = vf.write_raw(tmp_path / "widest.txt", b"1 %d\n" % size + line)
    sel = formats.read_vectors(path, [word.decode()])
    assert sel.found.all() and (sel.vectors == -np.finfo(np.float32).max).all()


# ---------------------------------------------------------------------------------------------------------
# Item 6: binary data without spaces (a zero-filled crash tail) is rejected in linear time by both scanners
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["after-header", "in-the-middle", "after-the-records"])
def test_zero_filled_binary(tmp_path, sample, where):
    words, vectors = sample
    good = vf.vector_file_bytes(words, vectors, "word2vec-binary", newline=True)
    header = len(b"20 7\n")
    data = {
        "after-header": good[:header] + bytes(300_000),
        "in-the-middle": good[:header + 300] + bytes(300_000) + good[header + 300:],
        "after-the-records": good + bytes(300_000),
    }[where]
    err = _every_reader(vf.write_raw(tmp_path / "zeros.bin", data))
    if where == "after-the-records":
        assert err.problem.startswith("the header announces 20 records but more data follow the last one")
    else:
        assert err.problem.startswith("no space after the word within 65536 bytes: not a binary word2vec record")
    assert err.record == {"after-header": 1, "in-the-middle": 10, "after-the-records": 21}[where]


# ---------------------------------------------------------------------------------------------------------
# Item 9: broken headers said to be broken; the word2vec C tool's text told from fastText's
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("header", "problem"), [
    (b"-20 7", "the count -20 is negative"),
    (b"20 -7", "the vector size -7 is negative"),
    (b"+20 7", "the count +20 is signed"),
    (b"20 7 5", "it has 3 fields"),
    (b"20 7.0", "the vector size '7.0' is not an integer"),
])
@pytest.mark.parametrize("body", ["word2vec-binary", "glove-text"])
def test_broken_header_is_reported_as_one(tmp_path, sample, header, problem, body):
    words, vectors = sample
    data = header + b"\n" + vf.vector_file_bytes(words, vectors, body).split(b"\n", 1)[-1 if body != "glove-text"
                                                                                          else 0]
    if body == "glove-text":
        data = header + b"\n" + vf.vector_file_bytes(words, vectors, body)
    path = vf.write_raw(tmp_path / "broken", data)
    with pytest.raises(FormatError) as info:
        formats.sniff(path)
    err = info.value
    assert err.line == 1
    assert err.problem.startswith("line 1 %r is not a valid '<count> <vector_size>' header (two non-negative "
                                  "integers): %s; nor is it a record of " % (header, problem))
    assert ("which has 7 values" if body == "glove-text" else "which is not a word followed by numbers") in err.problem


def test_numeric_glove_records_are_not_headers(tmp_path):
    """A GloVe file whose first words are numbers: the next line, a record of as many values, says so."""
    for data, size in ((b"-20 7\n-21 8\n", 1), (b"20 7 5\n21 8 6\n", 2), (b"abc 7\n", 1)):
        info = formats.sniff(vf.write_raw(tmp_path / "numeric.txt", data))
        assert (info.format, info.vector_size) == ("glove-text", size)


def _gensim_data(name):
    from gensim.test.utils import datapath

    path = datapath(name)
    if not os.path.exists(path):
        pytest.skip("%s is not in this gensim's test data" % name)
    return path


@pytest.mark.parametrize("name", ["lee_fasttext.vec", "toy-model.vec", "pretrained.vec", "crime-and-punishment.vec",
                                  "pang_lee_polarity_fasttext.vec"])
def test_fasttext_vec_files_are_fasttext(name):
    assert formats.sniff(_gensim_data(name)).format == "fasttext-text"


def test_word2vec_c_tool_text_is_word2vec_text(tmp_path, sample):
    """The C tool writes ``fprintf(fo, "%lf ", value)``: six decimals and a space after every value."""
    words, vectors = sample
    vectors = np.clip(vectors, -1e6, 1e6)
    lines = [b"%s %s\n" % (w.encode(), b"".join(b"%f " % v for v in vec.tolist())) for w, vec in zip(words, vectors)]
    path = vf.write_raw(tmp_path / "c-tool.txt", b"20 7\n" + b"".join(lines))
    assert formats.sniff(path).format == "word2vec-text"
    sel = formats.read_vectors(path, words)
    assert sel.found.all()
    np.testing.assert_array_equal(sel.vectors, np.array([[np.float32(float(b"%f" % v)) for v in vec.tolist()]
                                                         for vec in vectors]))
