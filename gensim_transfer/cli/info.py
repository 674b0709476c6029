"""``gensim-transfer info``: what a vector file is (format, compression, records, vector size, sample words)."""
from __future__ import annotations

import argparse
import io
import os
from typing import Optional

from .. import compat, formats
from .._progress import Progress
from ..formats._compression import decompressed
from ._common import iter_with_progress, n, print_json

SUMMARY = "describe a vector file: format, records, vector size, sample words"
EPILOG = """\
examples:
  gensim-transfer info GoogleNews-vectors-negative300.bin.gz
  gensim-transfer info glove.6B.100d.txt --json      (GloVe has no header: records are counted)
  gensim-transfer info vectors.bin --check           (read every record; report the first problem)
"""



def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sample", type=int, default=5, metavar="N",
                   help="how many sample words to show (default 5)")
    p.add_argument("--check", action="store_true", help="read every record (validates the whole file)")
    p.add_argument("--json", action="store_true", help="print as JSON")


def _count_lines(info: formats.VectorFileInfo, progress: Progress) -> int:
    """Non-blank lines of a headerless text file, streaming (each line of a GloVe file is one record)."""
    size = os.path.getsize(info.path)
    count = 0
    with open(info.path, "rb") as raw, progress.task("counting records", total=size, unit="B") as task:
        stream = raw
        if info.compression is not None:  # strictly: a damaged member or trailing garbage is an error
            stream = io.BufferedReader(decompressed(raw, info.compression, info.path), 1 << 20)
        seen = 0
        for number, line in enumerate(stream, 1):
            if line.strip():
                count += 1
            if not number % 65536:
                now = raw.tell()
                task.update(now - seen)
                seen = now
        task.update(size - seen)
    return count




def run(args: argparse.Namespace, progress: Progress) -> int:
    from ..drift import is_gensim_save, load_keyed_vectors

    path = args.file
    size = os.path.getsize(path)
    if is_gensim_save(path):
        kv, description = load_keyed_vectors(path)
        words = list(compat.index_to_key(kv))
        result = {
            "path": path, "format": "gensim-save", "compression": None, "records": len(words),
            "records_from": "model vocabulary", "vector_size": compat.vector_size(kv), "bytes": size,
            "sample_words": words[:max(0, args.sample)], "checked": True, "description": description,
        }
    else:
        info = formats.sniff(path)
        records: Optional[int] = info.count
        records_from = "header"
        checked = False
        if args.check:
            with progress.task("reading", total=info.count, unit="records") as task:
                records = sum(1 for _ in iter_with_progress(formats.iter_vectors(path), task))
            records_from = "read (every record checked)"
            checked = True
        elif records is None:
            records = _count_lines(info, progress)
            records_from = "counted lines"
        sample = [w for w, _ in formats.iter_vectors(path, limit=args.sample)] if args.sample > 0 else []
        result = {
            "path": path, "format": info.format, "compression": info.compression, "records": records,
            "records_from": records_from, "vector_size": info.vector_size, "bytes": size,
            "sample_words": sample, "checked": checked,
        }
    if args.json:
        print_json(result)
        return 0
    rows = [
        ("path", result["path"]),
        ("format", result["format"] + (" (%s)" % result["description"] if "description" in result else "")),
        ("compression", result["compression"] or "none"),
        ("records", "%s (%s)" % (n(result["records"]), result["records_from"])),
        ("vector size", str(result["vector_size"])),
        ("bytes", "%s (on disk)" % n(result["bytes"])),
        ("sample words", ", ".join(result["sample_words"]) or "-"),
    ]
    print("\n".join("%-12s  %s" % row for row in rows))
    return 0


