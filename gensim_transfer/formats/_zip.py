"""Reading one member of a ``.zip`` archive in place (``glove.6B.zip::glove.6B.100d.txt``), without extracting it.

Stored and deflated members (nearly every archive: GloVe's, fastText's) are streamed here: deflate through the
fastest inflater installed (:func:`~gensim_transfer.formats._compression.inflater`), and the member's CRC-32
and size are checked against the archive's table of contents when its end is reached. Other methods that
Python's :mod:`zipfile` supports (bzip2, lzma) are read through :mod:`zipfile`, with the same errors; the rest
(deflate64, implode, encryption, ...) are a :class:`~gensim_transfer.errors.FormatError`.

Which member
------------
``archive.zip::member`` names one (:func:`split_member` parses that spelling). Without a member name, the
archive's only *vector-looking* member is read: every file member except empty ones, macOS metadata
(``__MACOSX/``, names starting with ``.``), documentation and licences (``README*``, ``LICENSE*``/``LICENCE*``,
``COPYING*``, ``NOTICE*``, ``CHANGELOG*``, ``CHANGES*``, ``AUTHORS*``, ``CITATION*``) and files with a
documentation, script or checksum extension (``.md .rst .html .htm .pdf .py .sh .json .yaml .yml .cfg .ini .xml
.md5 .sha1 .sha256 .sig .asc``). Several candidates are an error that lists them.

A ``.zip`` must be a regular file: its table of contents is at its end, so it cannot be read from a pipe.
"""
from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO, List, Optional, Tuple

from ..errors import FormatError, TruncatedFileError
from . import _compression
from ._compression import _Decompressed, _inflater

__all__ = ["MEMBER_SEPARATOR", "ZipMemberInfo", "open_zip_member", "split_member", "zip_members"]

#: Separates an archive from the member to read in a source spelling: ``glove.6B.zip::glove.6B.100d.txt``.
MEMBER_SEPARATOR = "::"

_METHODS = {0: "stored", 8: "deflate", 9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstandard", 95: "xz"}
_STORED, _DEFLATED = 0, 8
_LOCAL_HEADER = struct.Struct(zipfile.structFileHeader)
_NOT_VECTOR_NAME = re.compile(r"(readme|licen[cs]e|copying|notice|changelog|changes|authors|citation)([._ -].*)?$")
_NOT_VECTOR_EXTENSION = (
    ".md", ".rst", ".html", ".htm", ".pdf", ".py", ".sh", ".json", ".yaml", ".yml", ".cfg", ".ini", ".xml",
    ".md5", ".sha1", ".sha256", ".sig", ".asc",
)
_LISTED = 20  # members named in an error message


@dataclass(frozen=True)
class ZipMemberInfo:
    """One entry of a zip archive's table of contents.

    Attributes
    ----------
    name : str
    size : int
        Uncompressed size in bytes.
    compressed_size : int
    method : str
        ``"stored"``, ``"deflate"``, ``"bzip2"``, ``"lzma"``, ``"deflate64"``, ... or ``"method <n>"``.
    encrypted : bool
    is_dir : bool
    """

    name: str
    size: int
    compressed_size: int
    method: str
    encrypted: bool
    is_dir: bool


def _method_name(number: int) -> str:
    return _METHODS.get(number, "method %d" % number)


def _member_info(info: zipfile.ZipInfo) -> ZipMemberInfo:
    return ZipMemberInfo(
        info.filename, info.file_size, info.compress_size, _method_name(info.compress_type),
        bool(info.flag_bits & 0x1), info.is_dir(),
    )


def _open_archive(path: str, name: str) -> zipfile.ZipFile:
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise FormatError(
            name, "a .zip archive must be a regular file, not a pipe or device: its table of contents is at its "
            "end, which a stream cannot reach; extract the member first (e.g. unzip -p ARCHIVE MEMBER > FILE)",
        )
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as err:
        raise FormatError(name, "not a readable zip archive, or a truncated one (%s)" % err) from err


def zip_members(path: str) -> List[ZipMemberInfo]:
    """The entries of a zip archive's table of contents, in archive order (directories included).

    Parameters
    ----------
    path : str

    Returns
    -------
    list of ZipMemberInfo

    Raises
    ------
    FormatError
        Not a zip archive, a truncated one, or not a regular file.

    Examples
    --------
    >>> [m.name for m in zip_members("glove.6B.zip")]  # doctest: +SKIP
    ['glove.6B.50d.txt', 'glove.6B.100d.txt', 'glove.6B.200d.txt', 'glove.6B.300d.txt']
    """
    path = os.fspath(path)
    with _open_archive(path, path) as archive:
        return [_member_info(info) for info in archive.infolist()]


def _looks_like_vectors(info: zipfile.ZipInfo) -> bool:
    if info.is_dir() or not info.file_size or info.filename.startswith("__MACOSX/"):
        return False
    base = info.filename.rsplit("/", 1)[-1].lower()
    return not (base.startswith(".") or _NOT_VECTOR_NAME.match(base) or base.endswith(_NOT_VECTOR_EXTENSION))


def _listing(names: List[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (" and %d more" % (len(names) - _LISTED) if len(names) > _LISTED else "")


def _choose(archive: zipfile.ZipFile, path: str, member: Optional[str], name: str) -> zipfile.ZipInfo:
    infos = archive.infolist()
    if member is None:
        candidates = [info for info in infos if _looks_like_vectors(info)]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise FormatError(
                name, "the zip archive holds no vector file (members: %s)"
                % (_listing([i.filename for i in infos]) or "none"),
            )
        raise FormatError(
            name, "the zip archive holds several files that may be vector files: %s; name one, e.g. %s%s%s"
            % (_listing([i.filename for i in candidates]), path, MEMBER_SEPARATOR, candidates[0].filename),
        )
    for info in infos:
        if info.filename == member:
            if info.is_dir():
                raise FormatError(name, "%r is a directory in the zip archive, not a file" % member)
            return info
    listing = _listing([i.filename for i in infos]) or "none"
    raise FormatError(name, "the zip archive has no member %r (members: %s)" % (member, listing))


def open_zip_member(path: str, member: Optional[str], name: str) -> Tuple[BinaryIO, str]:
    """Open one member of a zip archive for sequential reading, in place.

    Parameters
    ----------
    path : str
        The archive (a regular file).
    member : str or None
        The member's name as stored in the archive; None for the archive's only vector-looking member (see
        the module docstring for the rule).
    name : str
        How to name the archive in error messages (e.g. what the user typed).

    Returns
    -------
    (binary file object, str)
        A reader of the member's uncompressed bytes (``read``, ``readinto``, ``close``; closing it closes the
        archive) whose CRC-32 and size are checked when its end is read, and the member's name. Errors while
        reading name the file as ``archive::member``.

    Raises
    ------
    FormatError
        Not a zip archive or a truncated one; not a regular file; no such member (the error lists them); no
        vector-looking member or several (listed, with the ``archive.zip::member`` spelling); an encrypted
        member; a compression method Python cannot read.

    Examples
    --------
    >>> stream, member = open_zip_member("glove.6B.zip", "glove.6B.100d.txt", "glove.6B.zip")  # doctest: +SKIP
    >>> stream.read(3)  # doctest: +SKIP
    b'the'
    """
    path = os.fspath(path)
    archive = _open_archive(path, name)
    try:
        info = _choose(archive, path, member, name)
        where = "%s%s%s" % (path, MEMBER_SEPARATOR, info.filename)
        if info.flag_bits & 0x1:
            raise FormatError(where, "the member is encrypted; gensim-transfer cannot read encrypted archives")
        if info.compress_type in (_STORED, _DEFLATED):
            stream: Any = _open_in_place(path, info, where)
            archive.close()
        else:
            stream = _ZipFileReader(archive, info, where)
    except BaseException:
        archive.close()
        raise
    return stream, info.filename


def _open_in_place(path: str, info: zipfile.ZipInfo, where: str) -> _MemberReader:
    raw = open(path, "rb")
    try:
        raw.seek(info.header_offset)
        header = raw.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or header[:4] != zipfile.stringFileHeader:
            raise FormatError(
                where, "no local file header at byte %d, where the table of contents puts the member: the archive "
                "is corrupt or truncated" % info.header_offset,
            )
        fields = _LOCAL_HEADER.unpack(header)
        name_length, extra_length = fields[-2:]
        data_start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        raw.seek(data_start)
        return _MemberReader(_Limited(raw, info.compress_size), where, info, data_start)
    except BaseException:
        raw.close()
        raise


class _Limited:
    """The next ``size`` bytes of a file, read front to back; ``short`` when the file ended before them."""

    def __init__(self, raw: BinaryIO, size: int) -> None:
        self.raw = raw
        self.left = size
        self.short = False

    def read(self, size: int) -> bytes:
        data = self.raw.read(min(size, self.left)) if self.left else b""
        self.left -= len(data)
        if not data and self.left:
            self.short = True
        return data

    def close(self) -> None:
        self.raw.close()


class _MemberReader(_Decompressed):
    """A stored or deflated member, checked against the table of contents' CRC-32 and size at its end."""

    def __init__(self, raw: _Limited, name: str, info: zipfile.ZipInfo, data_start: int) -> None:
        super().__init__(raw, name)  # type: ignore[arg-type]
        self._limited = raw
        self._info = info
        self._data_start = data_start
        self._inflater = _inflater() if info.compress_type == _DEFLATED else None
        self._deflate = self._inflater.raw_deflate() if self._inflater else None
        self._crc32 = self._inflater.crc32 if self._inflater else zlib.crc32
        self._crc = 0
        self._size = 0

    def _next_chunk(self, size: int) -> bytes:
        deflate = self._deflate
        while True:
            if deflate is None or deflate.eof or deflate.needs_input:
                piece = self._in.piece(_compression._FEED if deflate else min(size, _compression._FEED))
                if not piece:
                    self._check_end()
                    return b""
            else:
                piece = _compression._NO_INPUT
            if deflate is None:
                out = piece.tobytes()
            else:
                if deflate.eof:
                    self._data_after_deflate(len(piece))
                try:
                    out = deflate.decompress(piece, min(size, _compression._OUT))
                except self._inflater.error as err:  # type: ignore[union-attr]
                    raise FormatError(self.name, "the member is corrupt: its deflate data does not decode") from err
                if deflate.unused_data:
                    self._data_after_deflate(len(deflate.unused_data))
            if out:
                self._crc = self._crc32(out, self._crc)
                self._size += len(out)
                return out

    def _data_after_deflate(self, unused: int) -> None:
        consumed = self._in.offset - unused
        raise FormatError(
            self.name, "the member's deflate data ends at byte %d, %d bytes before the end of its compressed size "
            "in the table of contents: the archive is corrupt"
            % (self._data_start + consumed, self._info.compress_size - consumed),
        )

    def _check_end(self) -> None:
        info = self._info
        if self._limited.short:
            raise TruncatedFileError(
                self.name, "the archive ends inside the member's data (at byte %d, %d bytes short): it was cut short"
                % (self._data_start + self._in.offset, self._limited.left),
            )
        if self._deflate is not None and not self._deflate.eof:
            raise TruncatedFileError(
                self.name, "the member's deflate data stops before its end-of-stream marker: the archive is corrupt"
            )
        if self._crc & 0xFFFFFFFF != info.CRC:
            raise FormatError(
                self.name, "the member is corrupt: CRC-32 check failed (the table of contents says %08x, the data "
                "gives %08x)" % (info.CRC, self._crc & 0xFFFFFFFF),
            )
        if self._size != info.file_size:
            raise FormatError(
                self.name, "the member is corrupt: it holds %d bytes, the table of contents says %d"
                % (self._size, info.file_size),
            )


class _ZipFileReader(io.RawIOBase):
    """A member in a method only :mod:`zipfile` reads (bzip2, lzma), with its errors as FormatError."""

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
        super().__init__()
        self.name = name
        self._archive = archive
        self._member: Any = None
        try:
            self._member = archive.open(info)
        except NotImplementedError as err:
            raise FormatError(
                name, "the member is compressed with %s, which Python's zipfile cannot read (supported: stored, "
                "deflate, bzip2, lzma); extract it with unzip or 7z first" % _method_name(info.compress_type),
            ) from err
        except (zipfile.BadZipFile, EOFError) as err:
            raise FormatError(name, "the member cannot be opened: %s" % err) from err

    def readable(self) -> bool:
        return True

    def read(self, size: Optional[int] = -1) -> bytes:
        try:
            return self._member.read(-1 if size is None else size)
        except EOFError as err:
            raise TruncatedFileError(self.name, "the member's compressed data is cut short") from err
        except (zipfile.BadZipFile, OSError, ValueError) as err:
            if isinstance(err, OSError) and err.errno is not None:  # a real I/O error
                raise
            raise FormatError(self.name, "the member is corrupt (%s)" % err) from err

    def readinto(self, buffer: Any) -> int:
        with memoryview(buffer) as view, view.cast("B") as target:
            data = self.read(len(target))
            target[:len(data)] = data
            return len(data)

    def close(self) -> None:
        if not self.closed:
            try:
                if self._member is not None:
                    self._member.close()
                self._archive.close()
            finally:
                super().close()


def _is_zip(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode):
        return zipfile.is_zipfile(path)
    # A pipe or device cannot be probed without consuming it: trust the name, so that opening it explains
    # that a .zip cannot be streamed.
    return not stat.S_ISDIR(mode) and path.lower().endswith(".zip")


def split_member(spec: str) -> Tuple[str, Optional[str]]:
    """Split ``archive.zip::member`` into (archive, member); anything else is (spec, None).

    The part before a ``::`` must be an existing zip archive (a file whose name merely contains ``::`` is
    read as a plain file). The first ``::`` after such an archive separates it from the member, so member
    names may contain ``::``. An empty member (``archive.zip::``) is None: the archive's only vector file.

    Parameters
    ----------
    spec : str

    Returns
    -------
    (str, str or None)

    Examples
    --------
    >>> split_member("glove.6B.zip::glove.6B.100d.txt")  # doctest: +SKIP
    ('glove.6B.zip', 'glove.6B.100d.txt')
    >>> split_member("vectors.txt")
    ('vectors.txt', None)
    """
    spec = os.fspath(spec)
    if MEMBER_SEPARATOR not in spec or os.path.exists(spec):
        return spec, None
    at = spec.find(MEMBER_SEPARATOR)
    while at >= 0:
        archive = spec[:at]
        if archive and _is_zip(archive):
            return archive, spec[at + len(MEMBER_SEPARATOR):] or None
        at = spec.find(MEMBER_SEPARATOR, at + 1)
    return spec, None
