"""``gensim-transfer info``: what a source of vectors is (kind, format, compression, records, vector size)."""
from __future__ import annotations

import argparse
import os
from typing import Any, Dict, Optional

from .. import formats
from .._progress import Progress
from ._common import iter_with_progress, n, print_json

SUMMARY = "describe a source of vectors: what it is, format, records, vector size, sample words"
EPILOG = """\
SOURCE is a vector file (word2vec binary/text, fastText .vec, GloVe; .gz/.bz2), a member of a .zip
(archive.zip::member), a pipe, a model saved with gensim's save(), or a gensim-data name downloaded here.

examples:
  gensim-transfer info GoogleNews-vectors-negative300.bin.gz
  gensim-transfer info glove.6B.zip::glove.6B.100d.txt --json   (GloVe has no header: records are counted)
  gensim-transfer info glove-wiki-gigaword-100                  (from ~/gensim-data, never downloaded)
  gensim-transfer info vectors.bin --check                      (read every record; report the first problem)
  zcat vectors.txt.gz | gensim-transfer info /dev/stdin
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="SOURCE")
    p.add_argument("--sample", type=int, default=5, metavar="N",
                   help="how many sample words to show (default 5)")
    p.add_argument("--check", action="store_true", help="read every record (validates the whole file)")
    p.add_argument("--json", action="store_true", help="print as JSON")


def _size_on_disk(path: str) -> Optional[int]:
    try:
        return os.path.getsize(path) if os.path.isfile(path) else None
    except OSError:
        return None


def run(args: argparse.Namespace, progress: Progress) -> int:
    sample = max(0, args.sample)
    with formats.open_source(args.file) as source:
        info = source.info
        if args.check and info.format != "gensim":
            words = []
            with progress.task("reading", total=info.count, unit="records") as task:
                records = 0
                for word, _ in iter_with_progress(source.records(), task):
                    if records < sample:
                        words.append(word)
                    records += 1
            records_from = "read (every record checked)"
        else:
            records, words = source.count_records(sample)
            records_from = ("model vocabulary" if info.format == "gensim" else
                            "header" if info.count is not None else "counted records (layout checked)")
        checked = args.check or info.format == "gensim"
    result: Dict[str, Any] = {
        "path": source.name, "source": info.source_kind, "format": info.format, "compression": info.compression,
        "records": records, "records_from": records_from, "vector_size": info.vector_size,
        "bytes": _size_on_disk(args.file), "sample_words": words, "checked": checked,
    }
    if info.detail:
        result["description"] = info.detail
    if info.compression == "gzip" or info.source_kind == "zip-member":
        result["inflater"] = formats.inflater()
    if args.json:
        print_json(result)
        return 0
    rows = [
        ("source", "%s (%s)" % (result["path"], info.source_kind)),
        ("format", result["format"] + (" (%s)" % result["description"] if "description" in result else "")),
        ("compression", (result["compression"] or "none") + (
            " (%s)" % result["inflater"] if "inflater" in result else "")),
        ("records", "%s (%s)" % (n(result["records"]), result["records_from"])),
        ("vector size", str(result["vector_size"])),
        ("bytes", "-" if result["bytes"] is None else "%s (on disk)" % n(result["bytes"])),
        ("sample words", ", ".join(result["sample_words"]) or "-"),
    ]
    print("\n".join("%-12s  %s" % row for row in rows))
    return 0
