"""The compiled scanner against the pure-Python one: the same answers, the same errors, piece by piece and on
whole files mangled at random; and how the choice between them is made (``_native``)."""
from __future__ import annotations

import io
import logging
import math
import os
import subprocess
import sys
import tempfile
import threading

import numpy as np
import pytest

from gensim_transfer import formats
from gensim_transfer.errors import TransferError
from gensim_transfer.formats import _chunks, _floats, _matching, _native, _records, _sniff, _text

from . import vectorfiles as vf

cscan = _native.cscan
needs_compiled = pytest.mark.skipif(cscan is None, reason="the compiled scanner is not built here")


def _python_only(monkeypatch):
    monkeypatch.setattr(_native, "cscan", None)


# ---------------------------------------------------------------------------------------------------------
# The pieces
# ---------------------------------------------------------------------------------------------------------
def _random_words(rng, n):
    lengths = rng.choice([1, 2, 7, 8, 9, 15, 16, 17, 24, 40], n)
    return list(dict.fromkeys(bytes(rng.integers(33, 256, k, dtype=np.uint8)) for k in lengths))


@needs_compiled
def test_match_finds_exactly_the_wanted_words():
    rng = np.random.default_rng(4)
    pool = _random_words(rng, 3000)
    # Words that agree in length and in their first and last 8 bytes hash alike: only the bytes tell them apart.
    twins = [b"abcdefgh" + bytes([c]) + b"stuvwxyz" for c in range(40, 90)]
    wanted = pool[:1000] + twins[::2]
    file_words = pool[500:] + twins + [b"x"]
    lookup = _matching._lookup_for([w.decode("latin-1") for w in wanted], "latin-1", "strict")
    prefilter = _matching._Prefilter(lookup)
    assert prefilter.table is not None
    data = b"\n".join(file_words)
    lens = np.array([len(w) for w in file_words], np.int64)
    starts = np.cumsum(lens + 1) - lens - 1
    positions, rows = prefilter.find(_records._Words([(data, starts, lens)]))
    expected = [(i, lookup[w]) for i, w in enumerate(file_words) if w in lookup]
    assert list(zip(positions.tolist(), rows.tolist())) == expected
    assert len(expected) == 500 + 25


@needs_compiled
def test_match_with_no_wanted_words():
    prefilter = _matching._Prefilter({})
    positions, rows = prefilter.find(_records._Words([(b"a b", np.array([0, 2]), np.array([1, 1]))]))
    assert len(positions) == len(rows) == 0


TOKENS = [
    "0", "-0", "+0", "0.0", "-0.0", "5.", ".5", "-.5", "+.5", "1", "-1", "123456.789", "0.1", "0.3",
    "9007199254740992", "9007199254740993", "9007199254740995", "18014398509481985",  # around 2**53
    "1234567890123456789", "12345678901234567890", "0.00000000000000000000001", "1" + "0" * 22,
    "3.4028235e38", "3.4028236e38", "1e39", "-1e400", "1e-46", "4.9e-324", "2.5e-45", "1E5", "1e+05",
    "inf", "-inf", "Infinity", "nan", "-NaN", "1_000.5", "0" * 30 + "1.5", "1.5" + "0" * 30,
    "0.000001", "-0.123456", "123.456e-7",
]
# Tokens are bytes: float() of the bytes of a fullwidth digit fails (of the str it would not).
BAD_TOKENS = ["", "-", "+", ".", "1.2.3", "--1", "1-", "0x10", "abc", "1e", "e5", "1__0", "\uff11", "1\x00"]


@needs_compiled
def test_parse_floats_equals_float_and_the_python_parser(monkeypatch):
    rng = np.random.default_rng(5)
    tokens = list(TOKENS)
    for _ in range(3000):  # random decimals of every shape the fast paths meet
        digits = "".join(map(str, rng.integers(0, 10, int(rng.integers(1, 21)))))
        point = int(rng.integers(0, len(digits) + 1))
        tokens.append(rng.choice(["", "-", "+"]) + digits[:point] + "." + digits[point:])
    text = " ".join(tokens).encode()
    expected = np.array([float(t) for t in tokens])
    compiled = _floats._parse_floats(text)
    _python_only(monkeypatch)
    python = _floats._parse_floats(text)
    for got in (compiled, python):
        assert got.view(np.uint64).tolist() == expected.view(np.uint64).tolist() or all(
            (math.isnan(a) and math.isnan(b)) or np.float64(a).tobytes() == np.float64(b).tobytes()
            for a, b in zip(got.tolist(), expected.tolist()))
    with np.errstate(over="ignore"):
        as_float32 = np.array([np.float32(float(t)) for t in tokens if "nan" not in t.lower()])
        assert compiled[~np.isnan(compiled)].astype(np.float32).tobytes() == as_float32.tobytes()


@needs_compiled
@pytest.mark.parametrize("bad", BAD_TOKENS)
def test_parse_floats_rejects_what_float_rejects(monkeypatch, bad):
    with pytest.raises(ValueError):
        float(bad.encode())
    text = ("1.5 2 " + bad + " 3").encode()
    errors = []
    for use_compiled in (True, False):
        if not use_compiled:
            _python_only(monkeypatch)
        with pytest.raises(_floats._BadToken) as info:
            _floats._parse_floats(text)
        errors.append((info.value.index, info.value.token))
    assert errors[0] == errors[1] == (2, bad.encode())


# ---------------------------------------------------------------------------------------------------------
# Whole files, mangled at random: both scanners give the same vectors or the same error
# ---------------------------------------------------------------------------------------------------------
def _outcome(path, words, **options):
    try:
        sel = formats.read_vectors(path, words, **options)
    except TransferError as err:
        return ("error", type(err).__name__, str(err))
    return ("ok", sel.records, sel.found.tolist(), sel.vectors.tobytes())


def _mangle(rng, data):
    data = bytearray(data)
    for _ in range(int(rng.integers(1, 3))):
        if not data:
            break
        at = int(rng.integers(0, len(data)))
        action = rng.integers(0, 4)
        if action == 0:
            data[at] = int(rng.choice([32, 10, 13, 0, 0xC3, 0xFF, ord("x"), ord("5")]))
        elif action == 1:
            data.insert(at, int(rng.choice([32, 10, ord("7"), 0x80])))
        elif action == 2:
            del data[at]
        else:
            del data[at:]
    return bytes(data)


@needs_compiled
@pytest.mark.parametrize(("fmt", "options"), [
    ("word2vec-binary", {"newline": True}), ("word2vec-binary", {"newline": False}),
    ("word2vec-text", {"style": "short"}), ("fasttext-text", {"style": "short", "line_end": "\r\n"}),
    ("glove-text", {"style": "%.9g"}),
], ids=["bin-nl", "bin-plain", "text", "fasttext-crlf", "glove"])
def test_both_scanners_agree_on_mangled_files(tmp_path, monkeypatch, fmt, options):
    words, vectors = vf.sample_vectors(30, 5, seed=11)
    clean = vf.vector_file_bytes(words, vectors, fmt, **options)
    wanted = [*words[::3], "not-there"]
    rng = np.random.default_rng(12)
    compared = errors = 0
    for case in range(150):
        data = clean if case == 0 else _mangle(rng, clean)
        path = vf.write_raw(tmp_path / ("f%d" % case), data)
        for options_read in ({}, {"limit": 17}, {"unicode_errors": "replace"}):
            monkeypatch.setattr(_native, "cscan", cscan)
            compiled = _outcome(path, wanted, **options_read)
            monkeypatch.setattr(_native, "cscan", None)
            python = _outcome(path, wanted, **options_read)
            assert compiled == python, (case, options_read, data)
            compared += 1
            errors += compiled[0] == "error"
    assert compared == 450 and 50 < errors < 440  # the mangling found errors and let files through


def _hostile(rng, data, fmt):
    """``data`` with a zero-filled tail, a huge line, or a header claiming a huge or malformed size."""
    action = rng.integers(0, 3)
    at = int(rng.integers(0, len(data)))
    if action == 0:  # a crash artefact: the rest of the file zeros
        return data[:at] + bytes(int(rng.integers(1, 300_000)))
    if action == 1:  # a huge line: bytes without a newline (or a space, sometimes)
        alphabet = np.frombuffer(b"0123456789.-e x" if rng.integers(0, 2) else b"0123456789.", np.uint8)
        return data[:at] + bytes(rng.choice(alphabet, int(rng.integers(70_000, 400_000)))) + data[at:]
    header = rng.choice([b"30 1000000000", b"30 %d" % 10 ** 20, b"30 %d" % (1 << 61), b"-30 5", b"30 5 7",
                         b"+30 5", b"30 -5", b"30 5.0", b"0 1000000000"])
    return header + b"\n" + (data if fmt == "glove-text" else data.split(b"\n", 1)[1])


@needs_compiled
@pytest.mark.parametrize(("fmt", "options"), [
    ("word2vec-binary", {"newline": True}), ("word2vec-text", {"style": "short"}),
    ("fasttext-text", {"style": "short", "line_end": "\r\n"}), ("glove-text", {"style": "%.9g"}),
], ids=["bin", "text", "fasttext-crlf", "glove"])
def test_both_scanners_agree_on_hostile_files(tmp_path, monkeypatch, fmt, options):
    """Zero-filled tails, huge lines, huge or malformed header sizes: the same vectors or the same error
    from both scanners, never another exception (a MemoryError, an OverflowError)."""
    words, vectors = vf.sample_vectors(30, 5, seed=13)
    clean = vf.vector_file_bytes(words, vectors, fmt, **options)
    wanted = [*words[::3], "not-there"]
    rng = np.random.default_rng(14)
    errors = 0
    for case in range(40):
        path = vf.write_raw(tmp_path / ("h%d" % case), _hostile(rng, clean, fmt))
        for options_read in ({}, {"limit": 17}):
            monkeypatch.setattr(_native, "cscan", cscan)
            compiled = _outcome(path, wanted, **options_read)
            monkeypatch.setattr(_native, "cscan", None)
            python = _outcome(path, wanted, **options_read)
            assert compiled == python, (case, options_read)
            errors += compiled[0] == "error"
    assert errors > 40


# ---------------------------------------------------------------------------------------------------------
# Reading a chunk ahead on a thread
# ---------------------------------------------------------------------------------------------------------
def test_threaded_chunks_give_the_same_bytes():
    data = bytes(np.random.default_rng(2).integers(0, 256, 100_003, dtype=np.uint8))
    for threaded in (False, True):
        got = b"".join(bytes(buf[7:7 + n]) for buf, n in _chunks._chunks_into(io.BytesIO(data), 4096, 7, threaded))
        assert got == data


def test_threaded_chunks_reraise_a_read_error_and_stop_when_abandoned():
    class Failing(io.RawIOBase):
        reads = 0

        def readable(self):
            return True

        def readinto(self, view):
            Failing.reads += 1
            if Failing.reads > 3:
                raise OSError("disk on fire")
            view[:10] = b"x" * 10
            return 10

    with pytest.raises(OSError, match="disk on fire"):
        for _ in _chunks._chunks_into(Failing(), 10, 0, threaded=True):
            pass
    before = threading.active_count()
    chunks = _chunks._chunks_into(io.BytesIO(b"y" * 1000), 10, 0, threaded=True)
    next(chunks)
    chunks.close()  # the reader thread is joined
    assert threading.active_count() == before


# ---------------------------------------------------------------------------------------------------------
# Choosing the scanner
# ---------------------------------------------------------------------------------------------------------
_BLOCK_COMPILED = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "gensim_transfer.formats._cscan":
            raise ImportError("blocked for the test")
sys.meta_path.insert(0, Block())
"""


def _choose(setting, block=False):
    env = dict(os.environ)
    env.pop("GENSIM_TRANSFER_SCANNER", None)
    if setting is not None:
        env["GENSIM_TRANSFER_SCANNER"] = setting
    code = (_BLOCK_COMPILED if block else "") + (
        "from gensim_transfer.formats import _native\nprint(_native.scanner_name(), _native.why_not)")
    # Not from the repository root, where the source tree (without the compiled scanner) would be imported.
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tempfile.gettempdir())


def test_scanner_choice_from_the_environment():
    off = _choose("python")
    assert off.stdout.split(None, 1) == ["python", "switched off by GENSIM_TRANSFER_SCANNER=python\n"]
    assert "expected 'python', 'compiled' or nothing" in _choose("fast").stderr
    missing = _choose(None, block=True)
    assert missing.returncode == 0
    if cscan is not None:  # built, so the reason is the import error
        assert missing.stdout == "python built but it fails to load: blocked for the test\n"
    else:
        assert missing.stdout.startswith("python not built (was there a C compiler")
    required = _choose("compiled", block=True)
    assert required.returncode == 1
    assert "GENSIM_TRANSFER_SCANNER=compiled but the compiled scanner gensim_transfer.formats._cscan is built but it " \
        "fails to load: blocked for the test" in required.stderr or cscan is None
    if cscan is not None:
        assert _choose(None).stdout.split()[0] == "compiled"


def test_a_missing_compiled_scanner_is_logged_once(tmp_path, monkeypatch, caplog):
    path = vf.write_vectors(tmp_path / "v.bin", *vf.sample_vectors(5, 3))
    monkeypatch.setattr(_native, "cscan", None)
    monkeypatch.setattr(_native, "_warned", False)
    monkeypatch.setattr(_native, "why_not", "not built (test)")
    with caplog.at_level(logging.WARNING, logger="gensim_transfer"):
        formats.read_vectors(path, ["a"])
        formats.read_vectors(path, ["a"])
    assert [r.getMessage() for r in caplog.records] == [
        "reading vector files with the pure-Python scanner, several times slower: the compiled one is not built "
        "(test) (`gensim-transfer doctor` shows this too)"]
    caplog.clear()
    monkeypatch.setattr(_native, "_warned", False)
    monkeypatch.setattr(_native, "_CHOICE", "python")  # switched off on purpose: nothing to warn about
    with caplog.at_level(logging.WARNING, logger="gensim_transfer"):
        formats.read_vectors(path, ["a"])
    assert not caplog.records


# ---------------------------------------------------------------------------------------------------------
# The syntax of text values: the compiled check (each SIMD variant), the numpy check and the regular
# expression that defines it agree on every line
# ---------------------------------------------------------------------------------------------------------
_VALUE_BYTES = b"0123456789" * 3 + b".-+eE" * 2 + b" infaxINF\r_\t"


def _random_value_lines(rng, size, n):
    """Lines of ``size`` values mostly near the syntax: numbers, junk, and mangled numbers."""
    lines = []
    for _ in range(n):
        values = [b"%.6f" % rng.normal(0, 10) if rng.integers(0, 2) else
                  repr(float(rng.normal(0, 1) * 10.0 ** rng.integers(-30, 30))).encode() for _ in range(size)]
        for _ in range(int(rng.integers(0, 3)) // 2):  # half of the lines get one junk value (sometimes good)
            k = int(rng.choice([1, 2, 3, 5, 8, 90]))
            values[int(rng.integers(0, size))] = bytes(rng.choice(np.frombuffer(_VALUE_BYTES, np.uint8), k))
        body = b" ".join(values).replace(b"\r", b"")  # a CR only before the newline
        lines.append(b"w" + bytes([48 + int(rng.integers(0, 10))]) + b" " + body
                     + rng.choice([b"", b" "]) + rng.choice([b"\n", b"\r\n"]))
    return lines


def _first_bad_line(path, lines, size):
    data = b"".join(lines)
    try:
        _text._check_text_block(path, data, 0, len(data), size, 1, 0, None)
    except TransferError as err:
        return err.line, str(err)
    return None


def _truth(lines, size):
    for number, line in enumerate(lines, 1):
        body = line.rstrip(b"\n").rstrip(b"\r")
        body = body[:-1] if body.endswith(b" ") else body
        values = body.split(b" ", 1)[1]
        if values.count(b" ") + 1 != size or _sniff._VALUES_RE.fullmatch(values) is None:
            return number
    return None


@needs_compiled
@pytest.mark.parametrize("piece", [1 << 17, 40], ids=["piece-default", "piece-40"])  # numpy: lines in pieces
@pytest.mark.parametrize("size", [1, 3, 40])  # 40 values: lines longer than the 64-byte steps
def test_value_syntax_same_in_every_check(monkeypatch, size, piece):
    monkeypatch.setattr(_text, "_VALUES_PIECE", piece)
    rng = np.random.default_rng(size)
    checks = [cscan.value_checks()] + (["sse2"] if cscan.value_checks() != "sse2" else [])
    seen_bad = seen_good = 0
    try:
        for _ in range(300):
            lines = _random_value_lines(rng, size, int(rng.integers(1, 12)))
            expected = _truth(lines, size)
            outcomes = []
            for check in checks:
                cscan.value_checks(check)
                monkeypatch.setattr(_native, "cscan", cscan)
                outcomes.append(_first_bad_line("f", lines, size))
            monkeypatch.setattr(_native, "cscan", None)
            outcomes.append(_first_bad_line("f", lines, size))
            assert all(o == outcomes[0] for o in outcomes), (lines, outcomes)
            assert (outcomes[0] and outcomes[0][0]) == expected, (lines, outcomes)
            seen_bad += expected is not None
            seen_good += expected is None
    finally:
        cscan.value_checks(checks[0])
    assert seen_bad > 30 and seen_good > 30
