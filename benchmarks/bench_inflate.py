"""Decompression throughput of ``.gz`` input: the standard library, isal and zlib-ng, through their own gzip
readers and through gensim-transfer's strict member-by-member reader (``formats._compression.decompressed``).

Usage::

    python benchmarks/bench_inflate.py FILE.gz [FILE.gz ...] [--repeat 2] [--chunk 1048576]

Each row reads the whole file in ``--chunk``-byte reads and prints the best of ``--repeat`` runs as MB/s of
decompressed output, by this process's CPU time (steady on a shared machine; meaningless for the rows that
decompress in another thread or process) and by the wall clock. The file is read once first to be in the
page cache. Libraries that are not installed are skipped. The numbers go into BENCHMARKS.md, "Compressed input".
"""
from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import time
from typing import Callable, List, Optional

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from gensim_transfer.formats import _compression


def _drain(stream, chunk: int) -> int:
    total = 0
    read = stream.read
    while True:
        part = read(chunk)
        if not part:
            return total
        total += len(part)


def _ours(backend: str) -> Callable[[str, int], int]:
    def run(path: str, chunk: int) -> int:
        os.environ[_compression.INFLATE_ENV] = backend
        with open(path, "rb", buffering=0) as raw:
            return _drain(_compression.decompressed(raw, "gzip", path), chunk)
    return run


def _library_reader(opener: Callable) -> Callable[[str, int], int]:
    def run(path: str, chunk: int) -> int:
        with opener(path) as stream:
            return _drain(stream, chunk)
    return run


def _gzip_tool(path: str, chunk: int) -> int:
    with subprocess.Popen(["gzip", "-dc", path], stdout=subprocess.PIPE) as proc:
        total = _drain(proc.stdout, chunk)
    return total


def rows() -> List[tuple]:
    out = [("gzip -dc | read (gzip(1) in another process)", _gzip_tool),
           ("gzip.open (standard library)", _library_reader(lambda p: gzip.open(p, "rb"))),
           ("ours, zlib (standard library)", _ours("zlib"))]
    try:
        from isal import igzip, igzip_threaded
    except ImportError:
        pass
    else:
        out += [("isal igzip.open", _library_reader(lambda p: igzip.open(p, "rb"))),
                ("isal igzip_threaded.open(threads=1)",
                 _library_reader(lambda p: igzip_threaded.open(p, "rb", threads=1))),
                ("ours, isal", _ours("isal"))]
    try:
        from zlib_ng import gzip_ng
    except ImportError:
        pass
    else:
        out += [("zlib-ng gzip_ng.open", _library_reader(lambda p: gzip_ng.open(p, "rb"))),
                ("ours, zlib-ng", _ours("zlib-ng"))]
    return out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=1 << 20)
    parser.add_argument("--only", default="", help="run only rows whose label contains this")
    args = parser.parse_args(argv)
    for path in args.files:
        with open(path, "rb") as warm:  # page cache
            _drain(warm, 1 << 22)
        print("%s (%.0f MB compressed)" % (path, os.path.getsize(path) / 1e6))
        for label, run in rows():
            if args.only not in label:
                continue
            wall = cpu = float("inf")
            for _ in range(args.repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                size = run(path, args.chunk)
                wall = min(wall, time.perf_counter() - start)
                cpu = min(cpu, time.process_time() - start_cpu)
            print("  %-45s %7.0f MB/s CPU %7.0f MB/s wall  (%.0f MB out)"
                  % (label, size / 1e6 / cpu, size / 1e6 / wall, size / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
