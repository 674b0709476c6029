"""``gensim-transfer convert``: word2vec binary <-> text, from GloVe, fastText ``.vec`` and gensim models too."""
from __future__ import annotations

import argparse
import os
import time
from typing import Iterable, Tuple

import numpy as np

from .. import formats
from .._progress import Progress
from ._common import iter_with_progress, n, positive_int, print_json

SUMMARY = "convert between word2vec binary and text (and from GloVe, fastText .vec, gensim models)"
EPILOG = """\
IN is any source of vectors (see `gensim-transfer info --help`): a vector file, archive.zip::member, a pipe,
a model saved with gensim's save() (its word vectors are written, in vocabulary order) or a gensim-data name.
The output format comes from --to, or from OUT's name (.bin -> binary; .txt or .vec -> text); a further .gz
or .bz2 compresses it. Text is written with 9 significant digits, which round-trips float32 exactly.
The output is written to a temporary file next to OUT and renamed when complete.

examples:
  gensim-transfer convert GoogleNews-vectors-negative300.bin.gz top100k.txt --limit 100000
  gensim-transfer convert glove.6B.100d.txt glove.6B.100d.bin     (adds the word2vec header)
  gensim-transfer convert vectors.txt vectors.bin.gz
  gensim-transfer convert adapted.model adapted.bin
"""



def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="IN")
    p.add_argument("output", metavar="OUT")
    p.add_argument("--limit", type=positive_int, metavar="N", help="only the first N records")
    p.add_argument("--to", choices=("bin", "txt"), help="output format (default: from OUT's name)")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")


def run(args: argparse.Namespace, progress: Progress) -> int:
    source, target = args.input, args.output
    binary, compression = formats.output_kind(target, args.to)
    if binary is None:
        args.parser.error("cannot tell the output format from %r; pass --to bin or --to txt" % target)
    if os.path.exists(target) and os.path.exists(source) and os.path.samefile(source, target):
        args.parser.error("IN and OUT are the same file: %s" % source)
    started = time.perf_counter()
    with formats.open_source(source) as opened:
        info = opened.info
        # A saved model's word vectors come in its vocabulary order.
        input_format = info.source_kind if info.format == "gensim" else info.format
        size = info.vector_size
        header_count = None if info.count is None else min(info.count, args.limit or info.count)
        records: Iterable[Tuple[str, np.ndarray]] = opened.records(limit=args.limit)
        with progress.task("converting", total=header_count if header_count is not None else args.limit,
                           unit="records") as task:
            written = formats.write_vectors(target, iter_with_progress(records, task), size, binary=binary,
                                            count=header_count, compression=compression)
    result = {
        "input": source, "input_format": input_format, "output": target,
        "output_format": "word2vec-binary" if binary else "word2vec-text", "compression": compression,
        "records": written, "vector_size": size, "bytes": os.path.getsize(target),
        "seconds": round(time.perf_counter() - started, 3),
    }
    if args.json:
        print_json(result)
    else:
        print("wrote %s: %s records x %d dimensions, %s%s, %s bytes (from %s [%s]) in %.1fs" % (
            target, n(written), size, result["output_format"], "+" + compression if compression else "",
            n(result["bytes"]), source, input_format, result["seconds"]))
    return 0


