"""Compressed input: detection from the first bytes, and strict reading of every gzip member / bzip2 stream.

Files are made here with Python's own gzip/bz2 modules; multi-member files by concatenation, as ``cat a.gz
b.gz`` and pbzip2 make them. Every gzip test runs with each inflater installed (the standard library always),
and the inflaters must agree byte for byte and error for error.
"""
from __future__ import annotations

import bz2
import gzip
import io
import os
import random
import struct
import threading
import tracemalloc
import zlib

import pytest

from gensim_transfer import _optional
from gensim_transfer.errors import FormatError, TruncatedFileError
from gensim_transfer.formats import _compression
from gensim_transfer.formats._compression import decompressed, detect_compression, inflater

NAME = "vectors.txt.gz"
INFLATERS = ["zlib"] + [
    choice for choice, module in (("isal", "isal"), ("zlib-ng", "zlib_ng"))
    if _optional.import_optional_dependency(module, errors="ignore") is not None
]


def payload(records: int, start: int = 0) -> bytes:
    """GloVe-like text records, numbered from ``start``."""
    return b"".join(
        b"word%d %.6f %.6f %.6f\n" % (i, (i % 97) / 97.0, -(i % 13) / 13.0, i / 1e5)
        for i in range(start, start + records)
    )


def gzip_members(parts):
    """(file bytes, start offset of each member)."""
    members = [gzip.compress(part, mtime=0) for part in parts]
    return b"".join(members), _starts(members)


def bz2_streams(parts):
    """(file bytes, start offset of each stream), as pbzip2 writes them."""
    streams = [bz2.compress(part) for part in parts]
    return b"".join(streams), _starts(streams)


def _starts(pieces):
    starts, at = [], 0
    for piece in pieces:
        starts.append(at)
        at += len(piece)
    return starts


def read_all(blob: bytes, compression: str, *, chunk: int = 1 << 20, name: str = NAME) -> bytes:
    stream = decompressed(io.BytesIO(blob), compression, name)
    parts = []
    while True:
        part = stream.read(chunk)
        if not part:
            break
        parts.append(part)
    stream.close()
    return b"".join(parts)


def error_of(blob: bytes, compression: str, **kwargs) -> FormatError:
    with pytest.raises(FormatError) as caught:
        read_all(blob, compression, **kwargs)
    assert str(caught.value).startswith(NAME + ": ")
    assert caught.value.path == NAME
    return caught.value


def damaged(blob: bytes, at: int, xor: int = 0x55) -> bytes:
    out = bytearray(blob)
    out[at] ^= xor
    return bytes(out)


@pytest.fixture(params=INFLATERS)
def inflate(request, monkeypatch):
    """The inflater gzip is read with (each one installed)."""
    monkeypatch.setenv(_compression.INFLATE_ENV, request.param)
    return request.param


@pytest.fixture(params=["default", "tiny"])
def pieces(request, monkeypatch):
    """Read and inflate in the module's sizes, and in tiny ones so that every header, trailer and member
    boundary falls across reads."""
    if request.param == "tiny":
        monkeypatch.setattr(_compression, "_READ", 7)
        monkeypatch.setattr(_compression, "_FEED", 5)
        monkeypatch.setattr(_compression, "_OUT", 11)
    return request.param


# ---------------------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("head", "expected"), [
    (gzip.compress(b"the 0.1\n"), "gzip"),
    (gzip.compress(b""), "gzip"),
    (bz2.compress(b"the 0.1\n"), "bz2"),
    (bz2.compress(b""), "bz2"),  # an empty stream: the end-of-stream magic right after the header
    (b"BZh 0.1 0.2\n", None),  # a GloVe word "BZh"
    (b"BZh9 0.1 0.2\n", None),
    (b"BZhanov 0.1 0.2\nnext 0.3 0.4\n", None),
    (b"BZh91AY&S", None),  # shorter than a stream header: the whole (tiny) file is text
    (b"BZh01AY&SY", None),  # block size 0 does not exist
    (b"\x1f\x8b\x09\x00" + bytes(6), None),  # not deflate
    (b"\x1f\x8b\x08\x20" + bytes(6), None),  # reserved flag bit
    (b"\x1f\x8b", None),
    (b"2 3\nthe 0.1 0.2 0.3\n", None),
    (b"", None),
])
def test_detect_compression(head, expected):
    assert detect_compression(head) == expected


# ---------------------------------------------------------------------------------------------------------
# Reading every member / stream
# ---------------------------------------------------------------------------------------------------------
PARTS = {
    "one": [payload(3000)],
    "three": [payload(1000), payload(2000, 1000), payload(500, 3000)],
    "with-empty": [payload(200), b"", payload(300, 200)],
}


@pytest.mark.parametrize("parts", list(PARTS.values()), ids=list(PARTS))
@pytest.mark.parametrize("chunk", [1, 333, 1 << 20, -1])
@pytest.mark.usefixtures("inflate", "pieces")
def test_gzip_reads_every_member(parts, chunk):
    blob, _ = gzip_members(parts)
    if chunk == 1 and len(blob) > 20000:
        blob, _ = gzip_members([part[:2000] for part in parts])
        parts = [part[:2000] for part in parts]
    assert read_all(blob, "gzip", chunk=chunk) == b"".join(parts) == gzip.decompress(blob)


@pytest.mark.parametrize("parts", list(PARTS.values()), ids=list(PARTS))
@pytest.mark.usefixtures("pieces")
def test_bz2_reads_every_stream(parts):
    blob, _ = bz2_streams(parts)
    assert read_all(blob, "bz2", chunk=4097) == b"".join(parts) == bz2.decompress(blob)


@pytest.mark.usefixtures("inflate")
def test_random_piece_sizes_over_many_members(monkeypatch):
    # isal 1.7.2 failed this (bytes after a member's end lost when its input came in pieces): see _optional.
    rng = random.Random(1)
    parts = [os.urandom(rng.randrange(0, 300)) + b"abc " * rng.randrange(0, 300) for _ in range(30)]
    blob = b"".join(gzip.compress(part, mtime=0, compresslevel=rng.choice([1, 6, 9])) for part in parts)
    for _ in range(25):
        monkeypatch.setattr(_compression, "_FEED", rng.choice([1, 2, 3, 5, 8, 13, 100, 1000, 4096, 65536]))
        monkeypatch.setattr(_compression, "_READ", rng.choice([1, 7, 64, 1000, 1 << 18]))
        monkeypatch.setattr(_compression, "_OUT", rng.choice([1, 3, 100, 4096, 1 << 22]))
        assert read_all(blob, "gzip", chunk=rng.choice([1, 5, 1 << 10, 1 << 20])) == b"".join(parts)


@pytest.mark.parametrize("compression", ["gzip", "bz2"])
@pytest.mark.usefixtures("inflate")
def test_lines_through_a_buffered_reader(compression):
    parts = PARTS["three"]
    blob = (gzip_members if compression == "gzip" else bz2_streams)(parts)[0]
    stream = io.BufferedReader(decompressed(io.BytesIO(blob), compression, NAME), 1000)
    lines = list(stream)
    assert lines == b"".join(parts).splitlines(keepends=True)
    assert len(lines) == 3500


def _member(data: bytes, flags: int, extra: bytes = b"", fname: bytes = b"", comment: bytes = b"",
            header_crc_xor: int = 0) -> bytes:
    header = b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", 0) + b"\x00\xff"
    if flags & 4:
        header += struct.pack("<H", len(extra)) + extra
    if flags & 8:
        header += fname + b"\0"
    if flags & 16:
        header += comment + b"\0"
    if flags & 2:
        header += struct.pack("<H", (zlib.crc32(header) & 0xFFFF) ^ header_crc_xor)
    body = zlib.compressobj(6, zlib.DEFLATED, -15)
    return header + body.compress(data) + body.flush() + struct.pack("<II", zlib.crc32(data), len(data))


@pytest.mark.usefixtures("inflate", "pieces")
def test_gzip_header_fields_are_skipped_and_the_header_crc_checked():
    data = payload(100)
    full = _member(data, 2 | 4 | 8 | 16, extra=b"AB\x02\x00xy", fname=b"vectors.txt", comment=b"made by hand")
    blob = _member(data, 8, fname=b"a.txt") + full + _member(data, 1)  # FTEXT is only a hint
    assert gzip.decompress(blob) == data * 3
    assert read_all(blob, "gzip") == data * 3
    bad = _member(data, 2 | 8, fname=b"x", header_crc_xor=1)
    err = error_of(_member(data, 0) + bad, "gzip")
    assert "gzip member 2 (at compressed byte %d): header CRC check failed" % len(_member(data, 0)) in str(err)


def test_a_gzip_header_field_without_end_is_bounded(monkeypatch):
    monkeypatch.setattr(_compression, "_MAX_GZIP_FIELD", 1000)
    blob = b"\x1f\x8b\x08\x08" + bytes(6) + b"n" * 5000
    assert "file name is longer than 1000 bytes" in str(error_of(blob, "gzip"))
    assert isinstance(error_of(b"\x1f\x8b\x08\x08" + bytes(6) + b"n" * 500, "gzip"), TruncatedFileError)


# ---------------------------------------------------------------------------------------------------------
# Damage anywhere is an error naming the file and the member
# ---------------------------------------------------------------------------------------------------------
def _gzip_damage_spots(start: int, end: int):
    """Offsets in one member that gzip protects: method, flags, deflate data (first, middle, last byte) and
    both trailer fields (mtime, XFL and OS are not checked by anyone)."""
    return {"method": start + 2, "flags": start + 3, "first": start + 10, "middle": (start + 10 + end - 8) // 2,
            "last": end - 9, "crc": end - 8, "size": end - 2}


@pytest.mark.parametrize("member", [0, 1, 2])
@pytest.mark.usefixtures("inflate", "pieces")
def test_damage_in_any_gzip_member_is_an_error(member):
    blob, starts = gzip_members(PARTS["three"])
    ends = [*starts[1:], len(blob)]
    for spot, at in _gzip_damage_spots(starts[member], ends[member]).items():
        err = error_of(damaged(blob, at), "gzip")
        assert "compressed byte %d" % starts[member] in str(err), (spot, str(err))
        if spot in ("first", "middle", "last", "crc", "size"):
            assert "gzip member %d (at compressed byte %d)" % (member + 1, starts[member]) in str(err), spot


@pytest.mark.parametrize("stream", [0, 1, 2])
@pytest.mark.usefixtures("pieces")
def test_damage_in_any_bz2_stream_is_an_error(stream):
    blob, starts = bz2_streams(PARTS["three"])
    ends = [*starts[1:], len(blob)]
    start, end = starts[stream], ends[stream]
    for spot, at in {"block size": start + 3, "block magic": start + 5, "block crc": start + 11,
                     "middle": (start + end) // 2, "stream crc": end - 3}.items():
        err = error_of(damaged(blob, at), "bz2")
        assert "compressed byte %d" % start in str(err), (spot, str(err))
        if stream == 0 and spot in ("block size", "block magic"):
            assert "not bzip2 data" in str(err)


def test_a_damaged_second_bz2_stream_drops_nothing_silently():
    # Issue #12: a pbzip2 GloVe file with its second stream damaged read 10 of 20 records, exit 0.
    blob, starts = bz2_streams([payload(10), payload(10, 10)])
    err = error_of(damaged(blob, (starts[1] + len(blob)) // 2), "bz2")
    assert "bzip2 stream 2 (at compressed byte %d) is corrupt" % starts[1] in str(err)


@pytest.mark.parametrize("compression", ["gzip", "bz2"])
@pytest.mark.usefixtures("inflate", "pieces")
def test_a_file_cut_anywhere_is_truncated(compression):
    blob, starts = (gzip_members if compression == "gzip" else bz2_streams)([payload(300), payload(300, 300)])
    for cut in sorted({1, 2, 5, 9, 10, 11, starts[1] // 2, starts[1] - 8, starts[1] - 1, starts[1] + 1,
                       starts[1] + 3, starts[1] + 9, (starts[1] + len(blob)) // 2, len(blob) - 4, len(blob) - 1}):
        err = error_of(blob[:cut], compression)
        assert isinstance(err, TruncatedFileError), (cut, str(err))
        assert "cut short" in str(err)
    assert read_all(blob[:starts[1]], compression) == payload(300)  # a cut between members leaves a valid file


@pytest.mark.parametrize("compression", ["gzip", "bz2"])
@pytest.mark.usefixtures("inflate")
def test_empty_compressed_data_is_an_error(compression):
    assert isinstance(error_of(b"", compression), TruncatedFileError)


# ---------------------------------------------------------------------------------------------------------
# Trailing garbage and zero padding
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("compression", ["gzip", "bz2"])
@pytest.mark.parametrize("garbage", [b"garbage", b"\n", b"x" * 100000, b"PK\x03\x04"],
                         ids=["word", "newline", "100k", "zip-magic"])
@pytest.mark.usefixtures("inflate", "pieces")
def test_trailing_garbage_is_an_error(compression, garbage):
    blob, _ = (gzip_members if compression == "gzip" else bz2_streams)(PARTS["three"])
    err = error_of(blob + garbage, compression)
    kind = "gzip member" if compression == "gzip" else "bzip2 stream"
    assert "trailing garbage at compressed byte %d: the data after %s 3" % (len(blob), kind) in str(err)


@pytest.mark.usefixtures("inflate", "pieces")
def test_zero_padding_after_a_gzip_member_is_accepted_as_pythons_gzip_does():
    blob, starts = gzip_members(PARTS["three"])
    padded = blob[:starts[1]] + bytes(100) + blob[starts[1]:] + bytes(5000)
    assert gzip.decompress(padded) == b"".join(PARTS["three"])
    assert read_all(padded, "gzip") == b"".join(PARTS["three"])
    err = error_of(blob + bytes(5000) + b"x", "gzip")
    assert "trailing garbage at compressed byte %d" % (len(blob) + 5000) in str(err)


def test_zero_padding_after_a_bz2_stream_is_garbage():
    blob, _ = bz2_streams(PARTS["one"])
    assert "trailing garbage at compressed byte %d" % len(blob) in str(error_of(blob + bytes(512), "bz2"))


def test_data_that_is_not_of_the_compression_is_an_error():
    assert "not gzip data" in str(error_of(b"hello world, not compressed", "gzip"))
    assert "not bzip2 data" in str(error_of(b"hello world, not compressed", "bz2"))
    with pytest.raises(ValueError, match="compression must be one of"):
        decompressed(io.BytesIO(b""), "xz", NAME)


# ---------------------------------------------------------------------------------------------------------
# Pipes: read front to back once, never seeked
# ---------------------------------------------------------------------------------------------------------
def _through_a_pipe(blob: bytes, compression: str, detect: bool = False) -> bytes:
    read_end, write_end = os.pipe()

    def write():
        with os.fdopen(write_end, "wb", buffering=0) as out:
            for at in range(0, len(blob), 1000):
                out.write(blob[at:at + 1000])

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with os.fdopen(read_end, "rb", buffering=0) as raw:
            assert not raw.seekable()
            if not detect:
                return decompressed(raw, compression, NAME).read()
            head = b""
            while len(head) < 1 << 16:  # detection needs the head; the pipe cannot be read twice
                part = raw.read((1 << 16) - len(head))
                if not part:
                    break
                head += part
            assert detect_compression(head) == compression
            return decompressed(raw, compression, NAME, already_read=head).read()
    finally:
        writer.join()


@pytest.mark.parametrize("compression", ["gzip", "bz2"])
@pytest.mark.usefixtures("inflate")
def test_a_pipe_reads_every_member(compression):
    blob, starts = (gzip_members if compression == "gzip" else bz2_streams)(PARTS["three"])
    assert _through_a_pipe(blob, compression) == b"".join(PARTS["three"])
    assert _through_a_pipe(blob, compression, detect=True) == b"".join(PARTS["three"])
    big = (gzip_members if compression == "gzip" else bz2_streams)([os.urandom(100000), os.urandom(100000)])[0]
    assert len(_through_a_pipe(big, compression, detect=True)) == 200000
    for detect in (False, True):
        with pytest.raises(FormatError, match="compressed byte %d" % starts[1]):
            _through_a_pipe(damaged(blob, (starts[1] + starts[2]) // 2), compression, detect)


# ---------------------------------------------------------------------------------------------------------
# The inflaters agree; the choice is reported and can be forced
# ---------------------------------------------------------------------------------------------------------
def _outcome(blob: bytes):
    try:
        return read_all(blob, "gzip", chunk=1000)
    except FormatError as err:
        return type(err).__name__, str(err)


@pytest.mark.skipif(len(INFLATERS) == 1, reason="no optional inflater (isal, zlib-ng) installed")
def test_every_inflater_gives_the_same_bytes_and_errors(monkeypatch):
    blob, starts = gzip_members(PARTS["three"])
    cases = [blob, blob + bytes(9), blob + b"junk", blob[:-3], blob[:starts[1] + 20], damaged(blob, starts[1] + 3)]
    cases += [damaged(blob, at) for at in range(starts[1] + 10, starts[2], max(1, (starts[2] - starts[1]) // 40))]
    outcomes = {}
    for choice in INFLATERS:
        monkeypatch.setenv(_compression.INFLATE_ENV, choice)
        outcomes[choice] = [_outcome(case) for case in cases]
    for choice in INFLATERS[1:]:
        assert outcomes[choice] == outcomes["zlib"], choice
    assert outcomes["zlib"][0] == outcomes["zlib"][1] == b"".join(PARTS["three"])  # zero padding is accepted
    assert all(isinstance(outcome, tuple) for outcome in outcomes["zlib"][2:])


def test_inflater_reports_the_choice(monkeypatch):
    monkeypatch.setenv(_compression.INFLATE_ENV, "zlib")
    assert inflater() == "zlib %s (standard library)" % zlib.ZLIB_RUNTIME_VERSION
    monkeypatch.setenv(_compression.INFLATE_ENV, "auto")
    expected = {"isal": "isal ", "zlib-ng": "zlib-ng ", "zlib": "zlib "}[INFLATERS[1] if len(INFLATERS) > 1 else "zlib"]
    assert inflater().startswith(expected)
    monkeypatch.setenv(_compression.INFLATE_ENV, "brotli")
    with pytest.raises(ValueError, match="GENSIM_TRANSFER_INFLATE='brotli': expected one of auto, isal, zlib-ng, zlib"):
        inflater()


def test_forcing_a_missing_inflater_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(_optional.VERSIONS, "isal", _optional.OptionalDependency(
        "isal", "1.0.0", "fast", "faster .gz input"))
    real_import = _optional.importlib.import_module

    def no_isal(name, *args):
        if name == "isal":
            raise ImportError("No module named 'isal'")
        return real_import(name, *args)

    monkeypatch.setattr(_optional.importlib, "import_module", no_isal)
    monkeypatch.setattr(_compression, "_chosen", {})
    monkeypatch.setenv(_compression.INFLATE_ENV, "isal")
    with pytest.raises(ImportError, match=r"pip install 'gensim-transfer\[fast\]'"):
        inflater()
    monkeypatch.setenv(_compression.INFLATE_ENV, "auto")
    assert not inflater().startswith("isal")


def test_import_optional_dependency_checks_the_minimum_version(monkeypatch):
    monkeypatch.setattr(_optional, "installed_version", lambda name: "0.1")
    with pytest.raises(ImportError, match=r"needs packaging>=99"):
        monkeypatch.setitem(_optional.VERSIONS, "packaging", _optional.OptionalDependency(
            "packaging", "99", "fast", "testing"))
        _optional.import_optional_dependency("packaging")
    assert _optional.import_optional_dependency("packaging", errors="ignore") is None


# ---------------------------------------------------------------------------------------------------------
# Bounded memory, position, closing
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("inflate")
@pytest.mark.parametrize("compression", ["gzip", "bz2"])
@pytest.mark.parametrize("read", [1 << 16, 1 << 24])
@pytest.mark.usefixtures("inflate")
def test_memory_is_bounded_by_the_read_not_by_the_compression_ratio(compression, read):
    # 40 MB of zeros in ~40 KB (gzip) / 45 bytes (bzip2): every call is bounded by min(read, _OUT), whatever
    # one piece of input expands to.
    blob = (gzip.compress if compression == "gzip" else bz2.compress)(bytes(40 << 20))
    stream = decompressed(io.BytesIO(blob), compression, NAME)
    tracemalloc.start()
    try:
        total = 0
        largest = 0
        while True:
            part = stream.read(read)
            if not part:
                break
            total += len(part)
            largest = max(largest, len(part))
            del part
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total == 40 << 20
    assert largest == min(read, _compression._OUT)
    assert peak < 3 * largest + (4 << 20)


@pytest.mark.parametrize("compression", ["gzip", "bz2"])
def test_position_and_close(compression):
    blob, _ = (gzip_members if compression == "gzip" else bz2_streams)(PARTS["three"])
    raw = io.BytesIO(blob)
    stream = decompressed(raw, compression, NAME)
    assert stream.readable() and not stream.seekable()
    stream.read()
    assert stream.compressed_bytes_read == len(blob)
    assert stream.read(10) == b""
    stream.close()
    assert raw.closed
    with pytest.raises(ValueError):
        stream.read(1)


# ---------------------------------------------------------------------------------------------------------
# Front doors that read compressed files themselves
# ---------------------------------------------------------------------------------------------------------
def test_line_corpus_reads_every_stream_and_rejects_damage(tmp_path):
    from gensim_transfer.adapt import LineCorpus

    text = [b"the patient was seen %d times\n" % i for i in range(20)]
    blob, starts = bz2_streams([b"".join(text[:10]), b"".join(text[10:])])
    path = tmp_path / "corpus.txt.bz2"
    path.write_bytes(blob)
    assert len(list(LineCorpus(str(path)))) == 20
    path.write_bytes(damaged(blob, (starts[1] + len(blob)) // 2))
    with pytest.raises(FormatError, match=r"corpus\.txt\.bz2: bzip2 stream 2 .* is corrupt"):
        list(LineCorpus(str(path)))
    bzh = tmp_path / "bzh.txt"
    bzh.write_bytes(b"BZh is a word here\n")
    assert list(LineCorpus(str(bzh))) == [["BZh", "is", "a", "word", "here"]]


def test_info_counts_glove_records_strictly(tmp_path, capsys):
    from gensim_transfer.cli import main

    records = [b"w%d 0.5 0.25\n" % i for i in range(20000)]  # more than sniffing reads
    blob, _ = gzip_members([b"".join(records[:10000]), b"".join(records[10000:])])
    path = tmp_path / "glove.txt.gz"
    path.write_bytes(blob)
    assert main(["info", str(path), "--json"]) == 0
    assert '"records": 20000' in capsys.readouterr()[0]
    path.write_bytes(blob + b"trailing junk")
    assert main(["info", str(path)]) == 1
    err = capsys.readouterr()[1]
    assert err.startswith("gensim-transfer: error: %s: trailing garbage at compressed byte %d" % (path, len(blob)))
