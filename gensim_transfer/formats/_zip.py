"""Reading one member of a ``.zip`` archive in place. Interim version (standard library ``zipfile``)."""
from __future__ import annotations

import os
import zipfile
from typing import IO, List, Optional, Tuple

from ..errors import FormatError

_NOT_VECTORS = (".md", ".html", ".pdf", ".json", ".py")


def is_zip(head: bytes) -> bool:
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def split_member(spec: str) -> Tuple[str, Optional[str]]:
    """``("archive.zip", "member")`` for ``archive.zip::member`` if the archive exists, else ``(spec, None)``."""
    at = spec.find("::")
    while at >= 0:
        if os.path.isfile(spec[:at]) and not os.path.exists(spec):
            return spec[:at], spec[at + 2:]
        at = spec.find("::", at + 1)
    return spec, None


def _candidates(names: List[str]) -> List[str]:
    return [n for n in names if not n.endswith("/") and not os.path.basename(n).upper().startswith(
        ("README", "LICENSE", "LICENCE")) and not n.lower().endswith(_NOT_VECTORS)]


def open_zip_member(path: str, member: Optional[str], name: str) -> Tuple[IO[bytes], str]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        raise FormatError(name, "not a readable .zip archive (%s)" % err) from None
    names = archive.namelist()
    if member is None:
        candidates = _candidates(names)
        if len(candidates) != 1:
            archive.close()
            problem = ("holds no vector file" if not candidates else "holds %d files; name one as %s::MEMBER or with "
                       "member=" % (len(candidates), name))
            raise FormatError(name, "%s (members: %s)" % (problem, ", ".join(names) or "none"))
        member = candidates[0]
    elif member not in names:
        archive.close()
        raise FormatError(name, "has no member %r (members: %s)" % (member, ", ".join(names) or "none"))
    stream = archive.open(member)
    stream._gensim_transfer_archive = archive  # type: ignore[attr-defined]  # kept open as long as the member
    return stream, member
