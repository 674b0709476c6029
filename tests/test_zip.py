"""Reading one member of a .zip in place: which member, every method zipfile reads, and damage reported."""
from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest

from gensim_transfer import _optional
from gensim_transfer.errors import FormatError, TruncatedFileError
from gensim_transfer.formats import _compression
from gensim_transfer.formats._zip import ZipMemberInfo, open_zip_member, split_member, zip_members

from .test_compression import payload

VECTORS = payload(4000)  # ~150 KB: many reads and inflater calls
INFLATERS = ["zlib"] + [
    choice for choice, module in (("isal", "isal"), ("zlib-ng", "zlib_ng"))
    if _optional.import_optional_dependency(module, errors="ignore") is not None
]
CENTRAL_HEADER = b"PK\x01\x02"


@pytest.fixture(params=INFLATERS)
def inflate(request, monkeypatch):
    monkeypatch.setenv(_compression.INFLATE_ENV, request.param)
    return request.param


def make_zip(path, members, method=zipfile.ZIP_DEFLATED):
    """``members``: name -> bytes (a name ending in / is a directory)."""
    with zipfile.ZipFile(str(path), "w") as archive:
        for name, data in members.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, data, compress_type=method)
    return str(path)


def read_member(path, member=None, name=None, chunk=1 << 16):
    stream, chosen = open_zip_member(path, member, name or path)
    try:
        parts = []
        while True:
            part = stream.read(chunk)
            if not part:
                return chosen, b"".join(parts)
            parts.append(part)
    finally:
        stream.close()


def _bytes(path):
    with open(path, "rb") as f:
        return f.read()


def _infos(path):
    with zipfile.ZipFile(path) as archive:
        return archive.infolist()


def edit_central_entry(path, member_index, offset, fmt, value):
    """Overwrite a field of the ``member_index``-th central directory entry (its offset in the entry)."""
    blob = bytearray(_bytes(path))
    at = -1
    for _ in range(member_index + 1):
        at = blob.index(CENTRAL_HEADER, at + 1)
    struct.pack_into(fmt, blob, at + offset, value)
    with open(path, "wb") as out:
        out.write(blob)


# ---------------------------------------------------------------------------------------------------------
# Methods, read bit-exactly
# ---------------------------------------------------------------------------------------------------------
METHODS = {"stored": zipfile.ZIP_STORED, "deflate": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2,
           "lzma": zipfile.ZIP_LZMA}


@pytest.mark.parametrize("method", list(METHODS), ids=list(METHODS))
@pytest.mark.usefixtures("inflate")
def test_every_method_zipfile_reads(tmp_path, method, monkeypatch):
    monkeypatch.setattr(_compression, "_READ", 1000)
    monkeypatch.setattr(_compression, "_FEED", 777)
    path = make_zip(tmp_path / "glove.zip", {"glove.txt": VECTORS}, METHODS[method])
    assert read_member(path) == ("glove.txt", VECTORS)
    assert read_member(path, "glove.txt", chunk=5000) == ("glove.txt", VECTORS)
    [info] = zip_members(path)
    assert info == ZipMemberInfo("glove.txt", len(VECTORS), info.compressed_size, method, False, False)


def test_lines_through_a_buffered_reader(tmp_path):
    path = make_zip(tmp_path / "glove.zip", {"glove.txt": VECTORS})
    stream, _ = open_zip_member(path, None, path)
    with io.BufferedReader(stream, 1000) as lines:
        assert list(lines) == VECTORS.splitlines(keepends=True)


def test_a_member_written_with_a_data_descriptor(tmp_path):
    # zipfile writing to a stream it cannot seek puts sizes and CRC after the data (flag bit 3), as
    # streaming zip tools do; the table of contents still has them.
    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, b):
            self.data += b
            return len(b)

    out = Unseekable()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("vectors.txt", "w") as member:
            member.write(VECTORS)
    path = tmp_path / "streamed.zip"
    path.write_bytes(bytes(out.data))
    assert _infos(str(path))[0].flag_bits & 0x8
    assert read_member(str(path)) == ("vectors.txt", VECTORS)


def test_the_inflaters_agree_on_a_damaged_member(tmp_path, monkeypatch):
    path = make_zip(tmp_path / "v.zip", {"v.txt": VECTORS})
    blob = bytearray(_bytes(path))
    outcomes = set()
    for at in range(100, 3000, 150):
        damaged = bytearray(blob)
        damaged[at] ^= 0x55
        (tmp_path / "d.zip").write_bytes(bytes(damaged))
        for choice in INFLATERS:
            monkeypatch.setenv(_compression.INFLATE_ENV, choice)
            with pytest.raises(FormatError) as caught:
                read_member(str(tmp_path / "d.zip"))
            outcomes.add((at, type(caught.value).__name__, str(caught.value)))
    assert len(outcomes) == len(range(100, 3000, 150))  # one outcome per damage, whatever the inflater


# ---------------------------------------------------------------------------------------------------------
# Which member
# ---------------------------------------------------------------------------------------------------------
def test_the_only_vector_member_is_chosen(tmp_path):
    path = make_zip(tmp_path / "glove.6B.zip", {
        "glove/": b"", "glove/README.txt": b"about", "LICENSE": b"PDDL", "licence-2.0.txt": b"x",
        "glove/glove.6B.50d.txt": VECTORS, "notes.md": b"# notes", "__MACOSX/glove/._glove.6B.50d.txt": b"junk",
        "glove/.DS_Store": b"junk", "empty.txt": b"", "SHA256SUMS.sha256": b"abc",
    })
    assert read_member(path) == ("glove/glove.6B.50d.txt", VECTORS)
    assert read_member(path, "glove/README.txt") == ("glove/README.txt", b"about")  # named: anything goes


def test_several_candidates_are_listed_with_the_spelling(tmp_path):
    path = make_zip(tmp_path / "glove.6B.zip", {"glove.6B.50d.txt": VECTORS, "glove.6B.100d.txt": VECTORS,
                                                "README": b"x"})
    with pytest.raises(FormatError) as caught:
        open_zip_member(path, None, path)
    message = str(caught.value)
    assert message.startswith(path + ": ")
    assert "several files that may be vector files: glove.6B.50d.txt, glove.6B.100d.txt;" in message
    assert "%s::glove.6B.50d.txt" % path in message
    assert "README" not in message


def test_no_vector_member(tmp_path):
    path = make_zip(tmp_path / "docs.zip", {"README.md": b"x", "docs/": b""})
    with pytest.raises(FormatError,
                       match=r"docs\.zip: the zip archive holds no vector file \(members: README\.md, docs/\)"):
        open_zip_member(path, None, path)
    empty = make_zip(tmp_path / "empty.zip", {})
    with pytest.raises(FormatError, match=r"no vector file \(members: none\)"):
        open_zip_member(empty, None, empty)


def test_a_missing_member_lists_the_members(tmp_path):
    path = make_zip(tmp_path / "a.zip", {"x.txt": VECTORS, "sub/": b""})
    with pytest.raises(FormatError,
                       match=r"a\.zip::nope: the zip archive has no member 'nope' \(members: x\.txt, sub/\)"):
        open_zip_member(path, "nope", path + "::nope")
    with pytest.raises(FormatError, match="'sub/' is a directory in the zip archive"):
        open_zip_member(path, "sub/", path)


def test_many_members_are_listed_briefly(tmp_path):
    path = make_zip(tmp_path / "many.zip", {"v%02d.txt" % i: b"a 1\n" for i in range(30)})
    with pytest.raises(FormatError, match=r"v19.txt and 10 more; name one"):
        open_zip_member(path, None, path)


# ---------------------------------------------------------------------------------------------------------
# Damage and what cannot be read
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["stored", "deflate", "bzip2"])
@pytest.mark.usefixtures("inflate")
def test_a_crc_mismatch_is_an_error(tmp_path, method):
    path = make_zip(tmp_path / "v.zip", {"v.txt": VECTORS}, METHODS[method])
    edit_central_entry(path, 0, 16, "<I", 0x12345678)
    with pytest.raises(FormatError) as caught:
        read_member(path)
    assert str(caught.value).startswith(path + "::v.txt: the member is corrupt")
    if method != "bzip2":
        assert "CRC-32 check failed (the table of contents says 12345678" in str(caught.value)


@pytest.mark.parametrize("method", ["stored", "deflate"])
@pytest.mark.usefixtures("inflate")
def test_damaged_member_data_is_an_error(tmp_path, method):
    path = make_zip(tmp_path / "v.zip", {"v.txt": VECTORS}, METHODS[method])
    blob = bytearray(_bytes(path))
    for at in (40, 1000, len(blob) // 3):
        damaged = bytearray(blob)
        damaged[at] ^= 0x55
        (tmp_path / "d.zip").write_bytes(bytes(damaged))
        with pytest.raises(FormatError, match=r"d\.zip::v\.txt: the member is corrupt"):
            read_member(str(tmp_path / "d.zip"))


@pytest.mark.usefixtures("inflate")
def test_sizes_that_disagree_with_the_table_of_contents(tmp_path):
    path = make_zip(tmp_path / "v.zip", {"v.txt": VECTORS, "w.txt": VECTORS})
    size = _infos(path)[0].compress_size
    edit_central_entry(path, 0, 20, "<I", size + 3)  # compressed size: runs into the next member's header
    with pytest.raises(FormatError, match=r"deflate data ends at byte \d+, 3 bytes before the end of its compressed"):
        read_member(path, "v.txt")
    path = make_zip(tmp_path / "x.zip", {"v.txt": VECTORS, "w.txt": os.urandom(1 << 20)})
    size = _infos(path)[0].compress_size
    edit_central_entry(path, 0, 20, "<I", size + 300000)  # well past what one read of the archive holds
    with pytest.raises(FormatError, match=r"deflate data ends at byte \d+, 300000 bytes before the end"):
        read_member(path, "v.txt")
    path = make_zip(tmp_path / "u.zip", {"v.txt": VECTORS})
    edit_central_entry(path, 0, 24, "<I", len(VECTORS) + 1)  # uncompressed size
    with pytest.raises(FormatError, match="it holds %d bytes, the table of contents says %d"
                       % (len(VECTORS), len(VECTORS) + 1)):
        read_member(path)


def test_a_member_cut_short(tmp_path):
    path = make_zip(tmp_path / "v.zip", {"v.txt": VECTORS}, zipfile.ZIP_STORED)
    edit_central_entry(path, 0, 20, "<I", len(VECTORS) + 10 ** 6)  # more than the file holds
    with pytest.raises(TruncatedFileError, match=r"v.zip::v.txt: the archive ends inside the member's data \(at byte"):
        read_member(path)
    path = make_zip(tmp_path / "w.zip", {"v.txt": VECTORS})
    edit_central_entry(path, 0, 20, "<I", 1000)  # the deflate data stops before its end
    with pytest.raises(TruncatedFileError, match="deflate data stops before its end-of-stream marker"):
        read_member(path)


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_a_truncated_archive(tmp_path, cut):
    path = make_zip(tmp_path / "v.zip", {"v.txt": VECTORS})
    blob = _bytes(path)
    (tmp_path / "cut.zip").write_bytes(blob[:int(len(blob) * cut)])
    with pytest.raises(FormatError, match=r"cut\.zip: not a readable zip archive, or a truncated one"):
        open_zip_member(str(tmp_path / "cut.zip"), None, str(tmp_path / "cut.zip"))
    with pytest.raises(FormatError, match=r"cut\.zip: not a readable zip archive"):
        zip_members(str(tmp_path / "cut.zip"))


def test_not_a_zip(tmp_path):
    path = tmp_path / "v.zip"
    path.write_bytes(VECTORS)
    with pytest.raises(FormatError, match=r"v\.zip: not a readable zip archive"):
        open_zip_member(str(path), None, str(path))


def test_encrypted_and_unsupported_methods(tmp_path):
    path = make_zip(tmp_path / "v.zip", {"v.txt": VECTORS})
    edit_central_entry(path, 0, 8, "<H", 0x1)
    with pytest.raises(FormatError, match=r"v\.zip::v\.txt: the member is encrypted"):
        open_zip_member(path, None, path)
    path = make_zip(tmp_path / "w.zip", {"v.txt": VECTORS})
    edit_central_entry(path, 0, 10, "<H", 9)
    assert zip_members(path)[0].method == "deflate64"
    with pytest.raises(FormatError, match="compressed with deflate64, which Python's zipfile cannot read"):
        open_zip_member(path, None, path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_zip_on_a_pipe_is_refused_clearly(tmp_path):
    fifo = str(tmp_path / "glove.zip")
    os.mkfifo(fifo)
    with pytest.raises(FormatError, match=r"a \.zip archive must be a regular file, not a pipe"):
        open_zip_member(fifo, None, fifo)
    with pytest.raises(FormatError, match="its table of contents is at its end"):
        zip_members(fifo)
    assert split_member(fifo + "::glove.txt") == (fifo, "glove.txt")


# ---------------------------------------------------------------------------------------------------------
# archive.zip::member
# ---------------------------------------------------------------------------------------------------------
def test_split_member(tmp_path):
    archive = make_zip(tmp_path / "glove.6B.zip", {"glove.6B.100d.txt": VECTORS})
    assert split_member(archive + "::glove.6B.100d.txt") == (archive, "glove.6B.100d.txt")
    assert split_member(archive + "::") == (archive, None)
    assert split_member(archive + "::odd::name") == (archive, "odd::name")
    assert split_member(archive) == (archive, None)
    plain = tmp_path / "weird::name.txt"
    plain.write_bytes(VECTORS)
    assert split_member(str(plain)) == (str(plain), None)  # a file whose name has :: opens as itself
    text = tmp_path / "notes.txt"
    text.write_bytes(VECTORS)
    assert split_member(str(text) + "::x") == (str(text) + "::x", None)  # not a zip: no member
    assert split_member(str(tmp_path / "missing.zip::x")) == (str(tmp_path / "missing.zip::x"), None)
    assert split_member(str(tmp_path) + "::x") == (str(tmp_path) + "::x", None)  # a directory
