"""The vector-file reader: every format x compression read bit-exactly, and bad files reported precisely."""
from __future__ import annotations

import os
import tracemalloc

import numpy as np
import pytest
from gensim.models import KeyedVectors

from gensim_transfer import compat, formats
from gensim_transfer.errors import FormatError, TransferError, TruncatedFileError, VectorSizeError
from gensim_transfer.formats import _binary, _floats, _matching, _records, _sniff, _staging, _text

from . import vectorfiles as vf

# Every test here runs with the compiled scanner and with the pure-Python one (see conftest.py).
pytestmark = pytest.mark.usefixtures("scanner")

# Every way the reader must accept a file: (format, options for vectorfiles.write_vectors).
VARIANTS = [
    ("word2vec-binary", {"newline": True}),  # GoogleNews: a newline after each vector
    ("word2vec-binary", {"newline": False}),  # gensim's save_word2vec_format
    ("word2vec-text", {"style": "%.9g"}),
    ("word2vec-text", {"style": "repr"}),  # 17 digits: beyond the fast decimal path
    ("word2vec-text", {"style": "short", "line_end": "\r\n"}),  # CRLF
    ("fasttext-text", {"style": "short"}),  # trailing space on every line
    ("glove-text", {"style": "%.9g"}),  # no header
]
VARIANT_IDS = ["bin-nl", "bin-plain", "text-9g", "text-repr", "text-crlf", "fasttext", "glove"]


def bits(array: np.ndarray) -> np.ndarray:
    """The float32 values' bit patterns, so that comparisons are exact (-0.0 != 0.0, NaN == NaN)."""
    return np.ascontiguousarray(array, dtype=np.float32).view(np.uint32)


def assert_bit_equal(actual: np.ndarray, expected: np.ndarray) -> None:
    assert actual.dtype == np.float32
    assert actual.shape == expected.shape
    np.testing.assert_array_equal(bits(actual), bits(expected))


@pytest.fixture
def sample():
    return vf.sample_vectors(20, 7, seed=1)


def _write(tmp_path, words, vectors, fmt, options, compression=None, name="vectors"):
    return vf.write_vectors(tmp_path / (name + vf.suffix(fmt, compression)), words, vectors, fmt,
                            compression=compression, **options)


# ---------------------------------------------------------------------------------------------------------
# Every format x compression, bit-exact
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("compression", vf.COMPRESSIONS, ids=["plain", "gz", "bz2"])
@pytest.mark.parametrize(("fmt", "options"), VARIANTS, ids=VARIANT_IDS)
def test_every_format_reads_back_bit_exact(tmp_path, sample, fmt, options, compression):
    words, vectors = sample
    path = _write(tmp_path, words, vectors, fmt, options, compression)
    info = formats.sniff(path)
    assert (info.format, info.compression, info.vector_size) == (fmt, compression, 7)
    assert info.count == (None if fmt == "glove-text" else len(words))

    wanted = [words[3], "not-in-file", words[0], words[-1], words[7], "日本"]
    sel = formats.read_vectors(path, wanted)
    assert sel.found.tolist() == [True, False, True, True, True, False]
    assert sel.records == len(words)
    assert_bit_equal(sel.vectors[[0, 2, 3, 4]], vectors[[3, 0, len(words) - 1, 7]])
    assert not sel.vectors[[1, 5]].any()

    read = list(formats.iter_vectors(path))
    assert [w for w, _ in read] == words
    assert_bit_equal(np.array([v for _, v in read]), vectors)


@pytest.mark.parametrize("chunk", [7, 64, 1000])
@pytest.mark.parametrize("reader", ["threaded", "inline"])
@pytest.mark.parametrize("compression", [None, "gzip"], ids=["plain", "gz"])
@pytest.mark.parametrize(("fmt", "options"), VARIANTS, ids=VARIANT_IDS)
def test_records_straddling_chunks(tmp_path, monkeypatch, fmt, options, compression, chunk, reader):
    """Tiny chunks put chunk boundaries everywhere: inside words, vectors, values and line ends."""
    words, vectors = vf.sample_vectors(60, 5, seed=2)
    path = _write(tmp_path, words, vectors, fmt, options, compression)
    monkeypatch.setattr(_binary, "_CHUNK", chunk)
    monkeypatch.setattr(_text, "_TEXT_CHUNK", chunk)
    monkeypatch.setattr(_text, "_TEXT_BLOCK", max(1, chunk // 3))
    monkeypatch.setattr(_floats, "_PARSE_BLOCK", 5)
    monkeypatch.setattr(_text, "_THREADED", reader == "threaded")
    wanted = [*words[::3], "absent"]
    sel = formats.read_vectors(path, wanted)
    assert sel.found.tolist() == [True] * len(words[::3]) + [False]
    assert_bit_equal(sel.vectors[:-1], vectors[::3])
    read = list(formats.iter_vectors(path))
    assert [w for w, _ in read] == words
    assert_bit_equal(np.array([v for _, v in read]), vectors)


@pytest.mark.parametrize("chunk", [7, 1000])
def test_binary_with_irregular_newlines_between_records(tmp_path, monkeypatch, chunk):
    """Some records followed by a newline, some by none, some by two: the exact pattern takes over."""
    words, vectors = vf.sample_vectors(40, 4, seed=3)
    records = vf.encode_records(words, vectors, newline=False)
    separators = [b"\n", b"", b"\n\n", b"\n"] * 10
    data = b"40 4\n" + b"".join(r + s for r, s in zip(records, separators))
    path = vf.write_raw(tmp_path / "mixed.bin", data)
    monkeypatch.setattr(_binary, "_CHUNK", chunk)
    read = list(formats.iter_vectors(path))
    assert [w for w, _ in read] == words
    assert_bit_equal(np.array([v for _, v in read]), vectors)


def test_large_binary_file_many_chunks(tmp_path, monkeypatch):
    """Thousands of records through the eight-records-at-a-time pattern, chunks cutting groups anywhere."""
    words = ["w%d" % i for i in range(3001)]
    vectors = np.random.default_rng(4).standard_normal((3001, 3)).astype(np.float32)
    path = _write(tmp_path, words, vectors, "word2vec-binary", {"newline": True})
    monkeypatch.setattr(_binary, "_CHUNK", 4099)
    wanted = words[::7] + words[1::501]
    sel = formats.read_vectors(path, wanted)
    assert sel.found.all()
    assert_bit_equal(sel.vectors, vectors[[words.index(w) for w in wanted]])


@pytest.mark.parametrize("binary", [True, False])
def test_files_written_by_gensim(tmp_path, sample, binary):
    words, vectors = sample
    kv = compat.keyed_vectors_from(words, vectors)
    path = str(tmp_path / ("gensim.bin" if binary else "gensim.txt"))
    kv.save_word2vec_format(path, binary=binary)
    info = formats.sniff(path)
    assert info.format == ("word2vec-binary" if binary else "word2vec-text")
    sel = formats.read_vectors(path, words[::-1])
    assert sel.found.all()
    expected = KeyedVectors.load_word2vec_format(path, binary=binary)
    for word, vector in zip(words[::-1], sel.vectors):
        assert_bit_equal(vector, expected[word])
    if binary:
        assert_bit_equal(sel.vectors, vectors[::-1])


def test_text_values_parse_exactly_like_gensim(tmp_path):
    """Every way a number can be printed, compared with gensim's own text loader (np.float32(token))."""
    rng = np.random.default_rng(5)
    tokens = [
        "0", "-0", "-0.0", "+1.5", ".5", "5.", "1e5", "1E-05", "-2.5e+10", "nan", "-inf", "inf", "1e-50", "3e38",
        "4e38", "0.1", "0.30000000000000004", "123456789012345678901234567890", "0.000001", "-7.006492e-46",
        "1.00000005960464477539062500001", "9007199254740993", "9007199254740992.5", "00012.5000",
    ]
    values = rng.standard_normal(400) * 10.0 ** rng.integers(-30, 30, 400)
    tokens += ["%.9g" % v for v in values] + ["%.17g" % v for v in values] + ["%.6f" % v for v in values[:100]]
    tokens += [repr(float(np.float32(v))) for v in values]
    size = len(tokens) // 4
    lines = [" ".join(tokens[i * size:(i + 1) * size]) for i in range(4)]
    path = tmp_path / "numbers.txt"
    path.write_text("4 %d\n" % size + "".join("w%d %s\n" % (i, line) for i, line in enumerate(lines)))
    sel = formats.read_vectors(path, ["w0", "w1", "w2", "w3"])
    gensim_kv = KeyedVectors.load_word2vec_format(str(path), binary=False)
    expected = np.array([gensim_kv["w%d" % i] for i in range(4)])
    assert_bit_equal(sel.vectors, expected)
    with np.errstate(over="ignore"):  # 4e38 is inf in float32, for gensim as for us
        by_hand = np.array([np.float32(float(t)) for t in tokens[:4 * size]]).reshape(4, size)
    assert_bit_equal(sel.vectors, by_hand)


def test_parse_floats_rejects_what_float_rejects():
    for token in [b"1e", b"e5", b"1.2.3", b"--1", b"1-", b"0x10", b"abc", b"1,5", b"."]:
        with pytest.raises(_floats._BadToken) as info:
            _floats._parse_floats(b"1.5 " + token + b" 2")
        assert (info.value.index, info.value.token) == (1, token)


# ---------------------------------------------------------------------------------------------------------
# limit, duplicates, words
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "options"), VARIANTS, ids=VARIANT_IDS)
def test_limit_reads_only_the_first_records(tmp_path, sample, fmt, options):
    words, vectors = sample
    path = _write(tmp_path, words, vectors, fmt, options)
    sel = formats.read_vectors(path, [words[0], words[4], words[5], words[-1]], limit=5)
    assert sel.records == 5
    assert sel.found.tolist() == [True, True, False, False]
    assert_bit_equal(sel.vectors[:2], vectors[[0, 4]])
    assert [w for w, _ in formats.iter_vectors(path, limit=5)] == words[:5]
    assert formats.read_vectors(path, words, limit=0).records == 0
    assert not formats.read_vectors(path, words, limit=0).found.any()
    assert formats.read_vectors(path, words, limit=10 ** 9).found.all()


@pytest.mark.parametrize(("fmt", "options"), VARIANTS, ids=VARIANT_IDS)
def test_limit_does_not_look_past_itself(tmp_path, sample, fmt, options):
    """Records after the limit are not read: a broken record there is not an error (as in gensim)."""
    words, vectors = sample
    data = vf.vector_file_bytes(words[:6], vectors[:6], fmt, count=50, **options)
    path = vf.write_raw(tmp_path / "broken-tail", data + b"garbage that is no record at all\n")
    sel = formats.read_vectors(path, words, limit=6)
    assert sel.found.tolist() == [True] * 6 + [False] * (len(words) - 6)
    with pytest.raises(FormatError):
        formats.read_vectors(path, words)


@pytest.mark.parametrize(("fmt", "options"), VARIANTS, ids=VARIANT_IDS)
def test_duplicate_words_last_occurrence_wins(tmp_path, fmt, options):
    words = ["a", "b", "a", "c", "a", "b"]
    vectors = np.arange(18, dtype=np.float32).reshape(6, 3) + 0.25
    path = _write(tmp_path, words, vectors, fmt, options)
    sel = formats.read_vectors(path, ["a", "b", "c"])
    assert_bit_equal(sel.vectors, vectors[[4, 5, 3]])
    assert [w for w, _ in formats.iter_vectors(path)] == words


@pytest.mark.parametrize(("fmt", "options"), [VARIANTS[0], VARIANTS[2]], ids=["binary", "text"])
@pytest.mark.parametrize("errors", ["replace", "ignore"])
def test_undecodable_words_accepted_when_asked(tmp_path, fmt, options, errors):
    words = [b"ok", b"caf\xe9", "café".encode()]
    vectors = np.arange(9, dtype=np.float32).reshape(3, 3)
    path = _write(tmp_path, words, vectors, fmt, options)
    bad_as_read = b"caf\xe9".decode("utf8", errors)
    sel = formats.read_vectors(path, ["ok", bad_as_read, "café"], unicode_errors=errors)
    assert sel.found.all()
    assert_bit_equal(sel.vectors, vectors)
    assert [w for w, _ in formats.iter_vectors(path, unicode_errors=errors)] == ["ok", bad_as_read, "café"]


def test_other_encodings_compare_decoded_words(tmp_path):
    words = ["café", "naïve", "plain"]
    vectors = np.arange(9, dtype=np.float32).reshape(3, 3)
    path = _write(tmp_path, words, vectors, "word2vec-binary", {"encoding": "latin-1"})
    assert formats.read_vectors(path, words, encoding="latin-1").found.all()
    path16 = _write(tmp_path, words, vectors, "word2vec-text", {"encoding": "utf-16-le"}, name="u16")
    # utf-16 words hold NUL bytes but no space or newline byte here; decoded one by one, then compared
    assert formats.read_vectors(path16, ["naïve", "nope"], encoding="utf-16-le").found.tolist() == [True, False]


# ---------------------------------------------------------------------------------------------------------
# sniff
# ---------------------------------------------------------------------------------------------------------
def test_sniff_long_first_text_record(tmp_path):
    """A first record longer than the sniff window is still recognised as text."""
    words, vectors = vf.sample_vectors(3, 20000, seed=6)
    path = _write(tmp_path, words, vectors, "word2vec-text", {"style": "repr"})
    assert formats.sniff(path).format == "word2vec-text"
    assert_bit_equal(formats.read_vectors(path, words).vectors, vectors)
    glove = _write(tmp_path, words, vectors, "glove-text", {"style": "repr"}, name="glove")
    assert (formats.sniff(glove).format, formats.sniff(glove).vector_size) == ("glove-text", 20000)


def test_sniff_binary_whose_vector_bytes_contain_newlines(tmp_path):
    words = ["a", "b"]
    vectors = np.frombuffer(b"1.5\n" * 4 + b" 2 \n" * 4, dtype=np.float32).reshape(2, 4)
    path = _write(tmp_path, words, vectors, "word2vec-binary", {"newline": False})
    assert formats.sniff(path).format == "word2vec-binary"
    assert_bit_equal(formats.read_vectors(path, words).vectors, vectors)


def test_sniff_glove_with_one_value_per_word(tmp_path):
    path = tmp_path / "one.txt"
    path.write_bytes(b"the 0.5\nof -1.25\n")
    info = formats.sniff(path)
    assert (info.format, info.count, info.vector_size) == ("glove-text", None, 1)
    assert_bit_equal(formats.read_vectors(path, ["of"]).vectors, np.array([[-1.25]], np.float32))


def test_sniff_insisting_on_a_format(tmp_path, sample):
    words, vectors = sample
    path = _write(tmp_path, words, vectors, "word2vec-text", {})
    assert formats.sniff(path, binary=False).format == "word2vec-text"
    with pytest.raises(FormatError):
        formats.read_vectors(path, words, binary=True)
    glove = _write(tmp_path, words, vectors, "glove-text", {}, name="glove")
    with pytest.raises(FormatError, match="binary word2vec files start with a '<count> <vector_size>' header"):
        formats.sniff(glove, binary=True)


def test_trailing_blank_lines_are_accepted(tmp_path, sample):
    words, vectors = sample
    for fmt in ("word2vec-text", "glove-text"):
        data = vf.vector_file_bytes(words, vectors, fmt) + b"\n\n\r\n"
        path = vf.write_raw(tmp_path / fmt, data)
        assert formats.read_vectors(path, words).found.all()
    path = vf.write_raw(tmp_path / "no-final-newline", vf.vector_file_bytes(words, vectors, "word2vec-text")[:-1])
    assert_bit_equal(formats.read_vectors(path, words).vectors, vectors)


def test_header_count_zero(tmp_path):
    path = vf.write_raw(tmp_path / "empty-set", b"0 5\n")
    sel = formats.read_vectors(path, ["a"])
    assert (sel.records, sel.found.tolist(), sel.info.count) == (0, [False], 0)


# ---------------------------------------------------------------------------------------------------------
# Errors: the file, the record or line, and what was wrong
# ---------------------------------------------------------------------------------------------------------
def _error(path, error=FormatError, **kwargs):
    with pytest.raises(error) as info:
        formats.read_vectors(path, kwargs.pop("words", ["a", "b"]), **kwargs)
    err = info.value
    assert isinstance(err, TransferError) and isinstance(err, ValueError)
    assert str(err).startswith(str(path))
    return err


def test_error_empty_file(tmp_path):
    for name, data in (("empty", b""), ("blank", b"\n \n")):
        err = _error(vf.write_raw(tmp_path / name, data))
        assert str(err) == "%s (line 1): file is empty" % (tmp_path / name)


def test_error_empty_compressed_file(tmp_path):
    err = _error(vf.write_raw(tmp_path / "empty.gz", b"", "gzip"))
    assert err.problem == "file is empty"


@pytest.mark.parametrize(("fmt", "options"), [VARIANTS[0], VARIANTS[1], VARIANTS[2]], ids=VARIANT_IDS[:3])
def test_error_header_count_larger_than_records(tmp_path, sample, fmt, options):
    words, vectors = sample
    path = _write(tmp_path, words, vectors, fmt, dict(options, count=25))
    err = _error(path, TruncatedFileError)
    assert err.record == 21
    assert "file ends after 20 records but the header announces 25" in str(err)
    if fmt != "word2vec-binary":
        assert err.line == 22


@pytest.mark.parametrize(("fmt", "options"), [VARIANTS[0], VARIANTS[1], VARIANTS[2]], ids=VARIANT_IDS[:3])
def test_error_header_count_smaller_than_records(tmp_path, sample, fmt, options):
    words, vectors = sample
    path = _write(tmp_path, words, vectors, fmt, dict(options, count=15))
    err = _error(path)
    assert "the header announces 15 records but more" in str(err)
    assert "(is the header count too small?)" in str(err)
    if fmt == "word2vec-binary":
        assert err.record == 16
    else:
        assert err.line == 17


def test_error_truncated_binary_record(tmp_path, sample):
    words, vectors = sample
    data = vf.vector_file_bytes(words, vectors, newline=False)
    path = vf.write_raw(tmp_path / "cut.bin", data[:-10])
    err = _error(path, TruncatedFileError)
    assert err.record == 20
    assert "file ends inside record 20" in err.problem
    path = vf.write_raw(tmp_path / "cut-word.bin", data + b"end_wo")
    err = _error(path)  # more data than the header announces
    assert err.record == 21


def test_error_truncated_compressed(tmp_path, sample):
    words, vectors = sample
    path = _write(tmp_path, words[:10], vectors[:10], "word2vec-binary", {"count": 11}, "bz2")
    err = _error(path, TruncatedFileError)
    assert (err.record, err.problem) == (11, "file ends after 10 records but the header announces 11 records")


def test_error_binary_vector_size_wrong_in_header(tmp_path, sample):
    """The header says 8 floats but records hold 7: the second record then starts inside the first."""
    words, vectors = sample
    path = _write(tmp_path, words, vectors, "word2vec-binary", {"size": 8, "newline": False})
    err = _error(path, FormatError, words=["the"])
    assert err.record == 2  # record 1 swallowed 4 bytes of record 2
    assert "is the header's vector size right?" in err.problem


def test_error_non_numeric_header(tmp_path, sample):
    words, vectors = sample
    for header in (b"abc 7\n", b"20 7.0\n", b"-20 7\n"):
        data = header + vf.vector_file_bytes(words, vectors, "glove-text")
        path = vf.write_raw(tmp_path / "header", data)
        err = _error(path)
        assert err.line == 1
        assert "is not a valid '<count> <vector_size>' header" in err.problem
    path = vf.write_raw(tmp_path / "header3", b"20 7 x\n" + vf.vector_file_bytes(words, vectors, "glove-text"))
    assert "line 1 is neither a '<count> <vector_size>' header nor a word followed by numbers" in str(_error(path))


def test_error_header_vector_size_zero(tmp_path):
    err = _error(vf.write_raw(tmp_path / "zero", b"3 0\n"))
    assert err.problem == "header says vector size 0; it must be positive"


@pytest.mark.parametrize(("fmt", "options"), VARIANTS[2:], ids=VARIANT_IDS[2:])
def test_error_text_line_with_wrong_number_of_values(tmp_path, sample, fmt, options):
    words, vectors = sample
    records = vf.encode_records(words, vectors, fmt, **options)
    records[12] = vf.encode_records([words[12]], vectors[12:13, :6], fmt, **options)[0]
    header = b"" if fmt == "glove-text" else b"20 7" + options.get("line_end", "\n").encode()
    path = vf.write_raw(tmp_path / "short", header + b"".join(records))
    err = _error(path, VectorSizeError, words=[words[1]])  # not a wanted line: still found
    header_lines = 0 if fmt == "glove-text" else 1
    assert (err.line, err.record) == (13 + header_lines, 13)
    assert err.problem.startswith("record has 6 values, expected 7")


def test_error_text_first_record_wrong_size(tmp_path, sample):
    words, vectors = sample
    path = _write(tmp_path, words, vectors, "word2vec-text", {"size": 9})
    err = _error(path, VectorSizeError)
    assert (err.line, err.record) == (2, 1)
    assert err.problem == "record has 7 values, expected 9 (the header's vector size)"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"oops 1 2  3 4 5 6 7\n", "two spaces in a row (an empty value)"),
        (b" 1 2 3 4 5 6 7\n", "line starts with a space (an empty word)"),
        (b"New York 1 2 3 4 5 6 7\n", "expected a word and 7 values separated by single spaces, found 9 fields"),
        (b"tab\t1 2 3 4 5 6 7\n", "record has 6 values, expected 7"),
        (b"\n", "empty line where a record should be"),
    ],
    ids=["double-space", "leading-space", "two-word-word", "tab", "blank"],
)
def test_error_text_malformed_line(tmp_path, sample, line, problem):
    words, vectors = sample
    records = vf.encode_records(words, vectors, "word2vec-text")
    records.insert(9, line)
    path = vf.write_raw(tmp_path / "bad.txt", b"21 7\n" + b"".join(records))
    err = _error(path, FormatError)
    assert err.line == 11
    assert err.problem.startswith(problem)


def test_error_non_numeric_value(tmp_path, sample):
    words, vectors = sample
    records = vf.encode_records(words, vectors, "word2vec-text")
    records[4] = b"%s 1 2 3 x4 5 6 7\n" % words[4].encode()
    path = vf.write_raw(tmp_path / "nan.txt", b"20 7\n" + b"".join(records))
    err = _error(path, FormatError, words=[words[4]])
    assert (err.line, err.record) == (6, 5)
    assert err.problem == "value 4 b'x4' is not a number"
    with pytest.raises(FormatError, match="value 4 b'x4' is not a number"):
        list(formats.iter_vectors(path))


@pytest.mark.parametrize("wanted", [True, False], ids=["wanted", "unwanted"])
@pytest.mark.parametrize(("value", "problem"), [
    (b"", "value 3 is empty (two spaces in a row)"),
    (b"x4", "value 3 b'x4' is not a number"),
    (b"1.2.3", "value 3 b'1.2.3' is not a number"),
    (b"1e5e5", "value 3 b'1e5e5' is not a number"),
    (b"1e5.3", "value 3 b'1e5.3' is not a number"),
    (b"-", "value 3 b'-' is not a number"),
    (b".", "value 3 b'.' is not a number"),
    (b"-.", "value 3 b'-.' is not a number"),
    (b"1-", "value 3 b'1-' is not a number"),
    (b"--1", "value 3 b'--1' is not a number"),
    (b"e5", "value 3 b'e5' is not a number"),
    (b"1e", "value 3 b'1e' is not a number"),
    (b"1e+", "value 3 b'1e+' is not a number"),
    (b"1_000", "value 3 b'1_000' is not a number"),  # float() takes it; no writer of vector files does
    (b"\t1", "value 3 b'\\t1' is not a number"),
    (b"infinit", "value 3 b'infinit' is not a number"),
    (b"0x10", "value 3 b'0x10' is not a number"),
], ids=lambda v: v.decode() if isinstance(v, bytes) else None)
def test_error_malformed_value_on_any_line(tmp_path, sample, value, problem, wanted):
    """Every value of every line is checked, whether its word is wanted or not."""
    words, vectors = sample
    records = vf.encode_records(words, vectors, "word2vec-text")
    records[2] = b"%s 1 2 %s 4 5 6 7\n" % (words[2].encode(), value)  # as many spaces as a good line
    path = vf.write_raw(tmp_path / "bad-value.txt", b"20 7\n" + b"".join(records))
    err = _error(path, FormatError, words=[words[2] if wanted else words[0]])
    assert (err.line, err.record, err.problem) == (4, 3, problem)
    with pytest.raises(FormatError, match="line 4, record 3"):
        list(formats.iter_vectors(path))


@pytest.mark.parametrize("value", [b"5.", b".5", b"-.5", b"+.5", b"-5.", b"007", b"1e5", b"1E+05", b"-1.5e-3",
                                   b"5.e3", b"inf", b"-Infinity", b"+NaN", b"nan", b"1" * 40 + b"." + b"9" * 40])
def test_every_value_syntax_reads_like_float(tmp_path, sample, value):
    words, vectors = sample
    records = vf.encode_records(words, vectors, "word2vec-text")
    records[2] = b"%s 1 2 %s 4 5 6 7\n" % (words[2].encode(), value)
    path = vf.write_raw(tmp_path / "good-value.txt", b"20 7\n" + b"".join(records))
    sel = formats.read_vectors(path, [words[2], words[0]])
    assert sel.found.all()
    assert bits(sel.vectors[0, 2:3]) == bits(np.array([np.float32(float(value))]))


@pytest.mark.parametrize(("fmt", "options"), [VARIANTS[0], VARIANTS[2]], ids=["binary", "text"])
def test_error_undecodable_word(tmp_path, fmt, options):
    words = [b"ok", b"also_ok", b"caf\xe9"]
    vectors = np.zeros((3, 3), np.float32)
    path = _write(tmp_path, words, vectors, fmt, options)
    err = _error(path, FormatError, words=["ok"])
    assert err.record == 3
    assert err.line == (None if fmt == "word2vec-binary" else 4)
    assert "word b'caf\\xe9' is not valid utf8" in err.problem
    assert "pass unicode_errors='replace' or 'ignore'" in err.problem


def test_error_vector_size_mismatch_with_model(tmp_path, sample):
    words, vectors = sample
    path = _write(tmp_path, words, vectors, "word2vec-binary", {})
    err = _error(path, VectorSizeError, vector_size=300)
    assert err.problem == "vectors in the file have 7 dimensions, the model's have 300"


@pytest.mark.parametrize("fmt", ["word2vec-binary", "word2vec-text"])
def test_huge_header_count_allocates_nothing_for_it(tmp_path, fmt):
    words, vectors = vf.sample_vectors(3, 5)
    path = _write(tmp_path, words, vectors, fmt, {"count": 3_000_000_000})
    tracemalloc.start()
    try:
        with pytest.raises(TruncatedFileError) as info:
            formats.read_vectors(path, words)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.record == 4
    assert "the header announces 3000000000" in str(info.value)
    assert peak < 64 << 20  # the read buffers; nothing proportional to the announced count


@pytest.mark.parametrize("chunk", [16, 64, 4 << 20])
def test_binary_word_longer_than_max_word_is_reported(tmp_path, monkeypatch, chunk):
    """The same verdict whatever the chunking: a word is at most _MAX_WORD bytes."""
    monkeypatch.setattr(_sniff, "_MAX_WORD", 100)
    monkeypatch.setattr(_binary, "_CHUNK", chunk)
    data = b"3 2\n" + b"a " + b"\0" * 8 + b"b" * 101 + b" " + b"\0" * 8 + b"c " + b"\0" * 8
    err = _error(vf.write_raw(tmp_path / "longword.bin", data))
    assert (err.record, err.offset) == (2, 14)
    assert "no space after the word within 100 bytes" in err.problem
    ok = b"3 2\n" + b"a " + b"\0" * 8 + b"b" * 100 + b" " + b"\0" * 8 + b"c " + b"\0" * 8
    assert formats.read_vectors(vf.write_raw(tmp_path / "ok.bin", ok), ["c"]).found.all()


def test_binary_empty_word_is_reported(tmp_path, sample):
    words, vectors = sample
    records = vf.encode_records(words, vectors, newline=False)
    records[5] = b" " + records[5][len(words[5].encode()) + 1:]
    path = vf.write_raw(tmp_path / "noword.bin", b"20 7\n" + b"".join(records))
    err = _error(path)
    assert err.record == 6
    assert err.problem.startswith("empty word")
    assert err.offset == 5 + sum(len(r) for r in records[:5])


# ---------------------------------------------------------------------------------------------------------
# The file changes while it is read; staging beyond memory
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["word2vec-binary", "glove-text"])
def test_a_file_that_changes_while_it_is_read_is_an_error(tmp_path, monkeypatch, fmt):
    """Appending to (or rewriting) the file during the pass is noticed at its end (size, inode, mtime)."""
    words, vectors = vf.sample_vectors(30, 7)
    path = _write(tmp_path, words, vectors, fmt, {})
    real_scan = _matching._scan_stream

    def scan_then_change(*args, **kwargs):
        for i, batch in enumerate(real_scan(*args, **kwargs)):
            if i == 0:
                os.utime(path, ns=(1, 1))  # rewritten in place: same size, another modification time
            yield batch

    monkeypatch.setattr(_matching, "_scan_stream", scan_then_change)
    with pytest.raises(FormatError, match="the file changed while it was read"):
        formats.read_vectors(path, words)


@pytest.mark.parametrize("memory", [0, 7 * 4 * 3, 1 << 30], ids=["all-on-disk", "split", "all-in-memory"])
@pytest.mark.parametrize("block", [4 * 7, 4 * 7 * 5, 4 << 20])
def test_staged_vectors_beyond_memory_are_the_same(tmp_path, monkeypatch, memory, block):
    """Vectors staged in memory, in the temporary file, or both, come back bit for bit (duplicates: last wins)."""
    words, vectors = vf.sample_vectors(60, 7, seed=3)
    twice = words + words[:10]
    again = np.vstack([vectors, -vectors[:10]])
    path = vf.write_raw(tmp_path / "twice.bin", vf.vector_file_bytes(twice, again, "word2vec-binary"))
    monkeypatch.setattr(_staging, "_MEMORY", memory)
    monkeypatch.setattr(_staging, "_BLOCK", block)
    sel = formats.read_vectors(path, words[::-1])
    expected = np.vstack([-vectors[:10], vectors[10:]])[::-1]
    assert_bit_equal(sel.vectors, expected)
    assert sel.found.all()


@pytest.mark.parametrize("chunk", [5000, 4 << 20])
def test_long_text_lines_with_limit(tmp_path, monkeypatch, chunk):
    """Lines over 1 KiB are split by bytes.find rather than numpy: the same records, limit and errors."""
    words, vectors = vf.sample_vectors(40, 120, seed=8)
    path = _write(tmp_path, words, vectors, "word2vec-text", {"style": "repr"})
    monkeypatch.setattr(_text, "_TEXT_CHUNK", chunk)
    monkeypatch.setattr(_text, "_TEXT_BLOCK", 20000)
    sel = formats.read_vectors(path, words, limit=25)
    assert sel.found.tolist() == [True] * 25 + [False] * 15
    assert_bit_equal(sel.vectors[:25], vectors[:25])
    records = vf.encode_records(words, vectors, "word2vec-text", style="repr")
    records[30] = records[30].replace(b" ", b"  ", 2).replace(b"  ", b" ", 1)
    bad = vf.write_raw(tmp_path / "bad-long.txt", b"40 120\n" + b"".join(records))
    assert formats.read_vectors(bad, words, limit=30).found.sum() == 30
    err = _error(bad, FormatError, words=words)
    assert (err.line, err.record) == (32, 31)


def test_word_hashes_agree_wherever_the_word_sits():
    """The numpy word hash depends on the word's bytes only, not on where it sits in a buffer."""
    rng = np.random.default_rng(9)
    words = [bytes(rng.integers(33, 255, n, dtype=np.uint8)) for n in [1, 2, 7, 8, 9, 15, 16, 17, 40] * 3]
    packed = np.frombuffer(b"".join(words) + bytes(8), np.uint8)
    lens = np.array([len(w) for w in words])
    expected = _records._word_hashes(packed, np.cumsum(lens) - lens, lens)
    assert len(set(expected.tolist())) == len(set(words))
    for word, want in zip(words, expected):
        for before, after in ((b"", b" " * 8), (b"x" * 13, b""), (b" " * 3, b"\n")):  # at the end of the buffer too
            buf = np.frombuffer(before + word + after + (b"" if len(before + word + after) >= 8 else b" " * 8),
                                np.uint8)
            got = _records._word_hashes(buf, np.array([len(before)]), np.array([len(word)]))
            assert got[0] == want
