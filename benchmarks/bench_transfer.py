"""Benchmark transfer_init against a plain read of the file and against gensim's own readers.

Usage::

    python benchmarks/bench_transfer.py            # full sizes (A: 3M x 300 binary, B: 1M x 300 text)
    python benchmarks/bench_transfer.py --quick    # A: 300k, B: 100k; no gensim comparisons unless --gensim
    python benchmarks/bench_transfer.py --gensim-python .tox/gensim38/bin/python   # gensim 3.8's intersect

Workloads (the issue's targets)
-------------------------------
A  word2vec binary, N x 300 (GoogleNews-shaped, a newline after each vector); the model's vocabulary has
   120,000 words, 100,000 of them in the file (drawn uniformly from the whole file). Target: transfer_init
   <= 3x a plain sequential read of the file; scaling rows at 300k and 1M records (time linear in file
   size, memory flat).
B  word2vec text, N x 300 (values with 6 decimals); vocabulary 53,000 words, 33,000 in the file. Target:
   <= 5x the plain read.
Both: peak resident memory <= the model + 64 MiB.

How it measures
---------------
Every measurement runs in a fresh subprocess (``--child``), so that peak RSS is clean: the child builds the
model (Word2Vec, vector_size 300, min_count 1), reads VmRSS as the baseline, resets the peak (VmHWM, via
``/proc/self/clear_refs``), runs the operation and reads VmHWM again. "plain read" is ``readinto`` of the
whole file in 16 MiB chunks into one buffer, after a warm-up read so that the page cache holds the file
(all numbers are warm-cache numbers). Each measurement is repeated ``--repeat`` times; the fastest run is
reported (the machine is shared; the minimum is the least disturbed). Files come from
``benchmarks/make_files.py`` (a cache directory outside the repository).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

import make_files  # noqa: E402

MiB = 1 << 20


# ---------------------------------------------------------------------------------------------------------
# In the child process
# ---------------------------------------------------------------------------------------------------------
def _status(field: str) -> int:
    """A VmRSS/VmHWM-style field of /proc/self/status, in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no %s in /proc/self/status" % field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


def _plain_read(path: str) -> None:
    buf = bytearray(16 * MiB)
    with open(path, "rb", buffering=0) as raw:
        while raw.readinto(buf):
            pass


def _fastest_gzip_open():
    """The fastest installed gzip reader's open(): isal, then zlib-ng, then the standard library's."""
    for module in ("isal.igzip", "zlib_ng.gzip_ng"):
        try:
            return __import__(module, fromlist=["open"]).open, module.split(".")[0]
        except ImportError:
            continue
    import gzip

    return gzip.open, "gzip"


def _plain_gzip_read(path: str) -> str:
    """Decompress the whole file with the fastest installed reader (the baseline of the .gz rows)."""
    opener, name = _fastest_gzip_open()
    buf = bytearray(16 * MiB)
    with opener(path, "rb") as stream:
        while stream.readinto(buf):
            pass
    return name


def _plain_zip_read(path: str) -> str:
    """Read the archive's one member to the end through Python's zipfile (the baseline of the .zip row: what a
    user has without gensim-transfer; neither isal nor zlib-ng reads zip archives)."""
    import zipfile

    buf = bytearray(16 * MiB)
    with zipfile.ZipFile(path) as archive, archive.open(archive.infolist()[0]) as stream:
        while stream.readinto(buf):
            pass
    return "zipfile"


def make_zip(path: str) -> str:
    """``path + ".zip"`` holding the file as its one deflated member (made once, level 6: as GloVe's and
    fastText's ``.zip`` downloads hold a ``.txt`` / ``.vec``)."""
    import zipfile

    target = path + ".zip"
    if not os.path.exists(target):
        print("writing %s ..." % target, file=sys.stderr, flush=True)
        with zipfile.ZipFile(target + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.write(path, os.path.basename(path))
        os.replace(target + ".part", target)
    return target


def make_kv(path: str) -> str:
    """``path + ".kv"``: the same words and vectors saved by gensim's ``KeyedVectors.save`` with the vectors in a
    ``.npy`` file beside it (what gensim-data and most projects keep), made once."""
    target = path + ".kv"
    if not os.path.exists(target):
        print("writing %s ..." % target, file=sys.stderr, flush=True)
        import numpy as np

        from gensim_transfer import compat, formats

        info = formats.sniff(path)
        vectors = np.empty((info.count, info.vector_size), np.float32)
        words = []
        for i, (word, vector) in enumerate(formats.iter_vectors(path)):
            words.append(word)
            vectors[i] = vector
        compat.keyed_vectors_from(words, vectors).save(target, sep_limit=0)
    return target


def make_gz(path: str) -> str:
    """``path + ".gz"`` (made once, at gzip's default level through the fastest library: a GoogleNews-like
    .bin.gz)."""
    target = path + ".gz"
    if not os.path.exists(target):
        print("writing %s ..." % target, file=sys.stderr, flush=True)
        try:
            from isal import igzip as writer_module  # level 3 is isal's strongest; the output is plain gzip
            level = 3
        except ImportError:
            import gzip as writer_module
            level = 6
        with open(path, "rb") as src, writer_module.open(target + ".part", "wb", compresslevel=level) as out:
            while True:
                block = src.read(16 * MiB)
                if not block:
                    break
                out.write(block)
        os.replace(target + ".part", target)
    return target


def _build_model(vocab_path: str):
    from gensim.models import Word2Vec

    from gensim_transfer import compat

    with open(vocab_path, encoding="utf8") as handle:
        vocab = handle.read().split("\n")[:-1]
    model = Word2Vec(**compat.model_kwargs(Word2Vec, size=300, min_count=1, workers=1, seed=1))
    model.build_vocab([vocab])
    assert len(compat.index_to_key(model)) == len(vocab)
    return model


def child(mode: str, path: str, vocab_path: str, binary: bool) -> Dict[str, Any]:
    """Run one measurement; return seconds and memory figures."""
    out: Dict[str, Any] = {"mode": mode}
    model = None
    if mode in ("ours", "gensim-intersect"):
        model = _build_model(vocab_path)
    elif mode == "plain":
        _plain_read(path)  # warm the page cache
    elif mode in ("plain-gz", "plain-zip"):
        _plain_read(path)
    baseline = _status("VmRSS")
    out["peak_reset"] = _reset_peak()
    started = time.perf_counter()
    if mode == "plain":
        _plain_read(path)
    elif mode == "plain-gz":
        out["decompressor"] = _plain_gzip_read(path)
    elif mode == "plain-zip":
        out["decompressor"] = _plain_zip_read(path)
    elif mode == "ours":
        from gensim_transfer import _atomic, transfer_init

        real_apply = _atomic.ModelWrite.apply
        write_seconds = []

        def timed_apply(self):  # the atomic write alone: its share of the time is the cost of atomicity
            began = time.perf_counter()
            real_apply(self)
            write_seconds.append(time.perf_counter() - began)

        _atomic.ModelWrite.apply = timed_apply
        report = transfer_init(model, path, lockf=1.0, binary=None if path.endswith(".kv") else binary)
        out["matched"] = report.matched
        out["scanner"] = report.scanner + (" + %s" % report.inflater if report.inflater else "")
        out["write_seconds"] = write_seconds[0]
    elif mode == "gensim-intersect":
        from gensim_transfer import compat

        compat.native_intersect_word2vec_format(model, path, binary=binary, lockf=1.0)
    elif mode == "gensim-load":
        from gensim.models import KeyedVectors

        kv = KeyedVectors.load_word2vec_format(path, binary=binary)
        out["loaded"] = len(kv.vectors)
    else:
        raise ValueError(mode)
    out["seconds"] = time.perf_counter() - started
    out["baseline_rss"] = baseline
    out["peak_over_baseline"] = _status("VmHWM") - baseline
    import gensim
    import numpy

    out["versions"] = {"python": platform.python_version(), "gensim": gensim.__version__, "numpy": numpy.__version__}
    return out


# ---------------------------------------------------------------------------------------------------------
# In the parent
# ---------------------------------------------------------------------------------------------------------
def run_child(python: str, mode: str, path: str, vocab: str, binary: bool, repeat: int,
              scanner: Optional[str] = None) -> Optional[Dict[str, Any]]:
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if scanner:
        env["GENSIM_TRANSFER_SCANNER"] = scanner
    best: Optional[Dict[str, Any]] = None
    for _ in range(repeat):
        proc = subprocess.run(
            [python, os.path.abspath(__file__), "--child", mode, path, vocab, "1" if binary else "0"],
            capture_output=True, env=env, text=True,
        )
        if proc.returncode:
            last = proc.stderr.strip().splitlines()[-1:] or ["exit %d" % proc.returncode]
            return {"mode": mode, "error": last[0]}
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            peak = max(result["peak_over_baseline"], best["peak_over_baseline"]) if best else None
            best = result
            if peak is not None:
                best["peak_over_baseline"] = peak
        else:
            best["peak_over_baseline"] = max(best["peak_over_baseline"], result["peak_over_baseline"])
    return best


def _native_works(python: str) -> bool:
    code = "from gensim_transfer import compat; print(compat.NATIVE_BINARY_INTERSECT_WORKS)"
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([python, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                         text=True)
    return out.stdout.strip() == "True"


def measure(row: Dict[str, Any], args: argparse.Namespace) -> Dict[str, Any]:
    kind = row["kind"]
    binary = kind == "binary"
    path, vocab = make_files.make(args.dir, row["words"], 300, kind, row["wanted"], row["novel"])
    row["file_mib"] = os.path.getsize(path) / MiB
    python = sys.executable
    if row.get("kv"):
        kv_path = make_kv(path)
        row["file_mib"] = sum(os.path.getsize(os.path.join(os.path.dirname(kv_path), name)) for name in os.listdir(
            os.path.dirname(kv_path)) if name.startswith(os.path.basename(kv_path))) / MiB
        row["plain"] = run_child(python, "plain", kv_path + ".vectors.npy", vocab, binary, args.repeat)
        row["ours"] = run_child(python, "ours", kv_path, vocab, binary, args.repeat)
        return row
    if row.get("gz") or row.get("zip"):
        path = make_gz(path) if row.get("gz") else make_zip(path)
        row["file_mib"] = os.path.getsize(path) / MiB
        row["plain"] = run_child(python, "plain-gz" if row.get("gz") else "plain-zip", path, vocab, binary,
                                 args.repeat)
        row["ours"] = run_child(python, "ours", path, vocab, binary, args.repeat)
        return row
    for mode in ("plain", "ours"):
        row[mode] = run_child(python, mode, path, vocab, binary, args.repeat)
    if args.python_scanner:
        row["ours-python"] = run_child(python, "ours", path, vocab, binary, args.repeat, scanner="python")
    if row.get("gensim"):
        other = args.gensim_python or python
        if not binary or _native_works(other):
            row["gensim-intersect"] = run_child(other, "gensim-intersect", path, vocab, binary, 1)
        else:
            row["gensim-intersect"] = {"error": "n/a: gensim's binary intersect needs numpy 1 (%s)" % other}
        row["gensim-load"] = run_child(python, "gensim-load", path, vocab, binary, 1)
    return row


def _fmt_ratio(ours: Dict[str, Any], other: Optional[Dict[str, Any]]) -> str:
    if not other:
        return "-"
    if "error" in other:
        return "n/a"
    return "%.2f (%.2f s)" % (ours["seconds"] / other["seconds"], other["seconds"])


def table(rows: List[Dict[str, Any]]) -> str:
    head = ("| workload | records | file MiB | plain read s | transfer_init s | ours / plain | target | "
            "atomic write s (share) | scanner | "
            "pure-Python scanner / plain | ours / gensim intersect | ours / load_word2vec_format | "
            "peak RSS over model MiB | load peak MiB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        plain, ours = row["plain"], row["ours"]
        if "error" in ours:
            lines.append("| %s | %d | %.0f | - | error: %s |" % (row["name"], row["words"], row["file_mib"],
                                                               ours["error"]))
            continue
        load = row.get("gensim-load")
        pure = row.get("ours-python")
        lines.append("| %s | %s | %.0f | %.3f | %.3f | **%.2f** | %s | %s | %s | %s | %s | %s | %.1f | %s |" % (
            row["name"], format(row["words"], ","), row["file_mib"], plain["seconds"], ours["seconds"],
            ours["seconds"] / plain["seconds"], "<= %g" % row["target"] if row["target"] else "-",
            "%.3f (%.0f%%)" % (ours["write_seconds"], 100 * ours["write_seconds"] / ours["seconds"])
            if "write_seconds" in ours else "-", ours.get("scanner", "?"),
            "-" if not pure else "n/a" if "error" in pure else "%.2f (%.2f s)" % (
                pure["seconds"] / plain["seconds"], pure["seconds"]),
            _fmt_ratio(ours, row.get("gensim-intersect")),
            _fmt_ratio(ours, load), ours["peak_over_baseline"] / MiB,
            "%.0f" % (load["peak_over_baseline"] / MiB) if load and "error" not in load else "-",
        ))
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--child"]:
        _, mode, path, vocab, binary = argv
        print(json.dumps(child(mode, path, vocab, binary == "1")))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="A at 300k records, B at 100k; no gensim comparisons")
    size.add_argument("--full", action="store_true", help="A at 3M (+ scaling rows at 300k, 1M), B at 1M (default)")
    parser.add_argument("--gensim", action="store_true", help="with --quick: compare with gensim too")
    parser.add_argument("--no-gensim", action="store_true", help="skip the (slow) gensim comparisons")
    parser.add_argument("--gensim-python", help="interpreter for gensim's intersect (e.g. one with numpy 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is kept")
    parser.add_argument("--python-scanner", action="store_true",
                        help="also time transfer_init with the pure-Python scanner (GENSIM_TRANSFER_SCANNER=python)")
    parser.add_argument("--dir", default=make_files.default_dir(), help="where the generated files live")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    parser.add_argument("--sources", action="store_true",
                        help="only the other-source rows: A's 1M records as a gensim-saved .kv (memory-mapped)")
    parser.add_argument("--zip", action="store_true",
                        help="only the .zip row: B at 1M records as the one deflated member of a .zip, against "
                             "Python's zipfile reading the member (no target)")
    parser.add_argument("--gz", action="store_true",
                        help="only the .gz rows: A and B at 1M records, gzip-compressed, against the fastest installed "
                             "decompressor's plain read of the same .gz (target 1.25x)")
    args = parser.parse_args(argv)
    gensim = (args.gensim or not args.quick) and not args.no_gensim
    a = dict(kind="binary", wanted=100_000, novel=20_000, target=3)
    b = dict(kind="text", wanted=33_000, novel=20_000, target=5)
    if args.gz:
        rows = [dict(a, name="A .gz", words=1_000_000, gz=True, target=1.25),
                dict(b, name="B .gz", words=1_000_000, gz=True, target=1.25)]
    elif args.zip:
        rows = [dict(b, name="B .zip (deflate)", words=1_000_000, zip=True, target=None)]
    elif args.sources:
        rows = [dict(a, name="A .kv (gensim save, memory-mapped)", words=1_000_000, kv=True, target=3)]
    elif args.quick:
        rows = [dict(a, name="A binary", words=300_000, gensim=gensim), dict(b, name="B text", words=100_000,
                                                                               gensim=gensim)]
    else:
        rows = [
            dict(a, name="A binary", words=3_000_000, gensim=gensim),
            dict(a, name="A scaling", words=300_000),
            dict(a, name="A scaling", words=1_000_000),
            dict(b, name="B text", words=1_000_000, gensim=gensim),
        ]
    results = []
    for row in rows:
        print("measuring %s, %d records ..." % (row["name"], row["words"]), file=sys.stderr, flush=True)
        results.append(measure(row, args))
    versions = results[0]["ours"].get("versions", {})
    print("machine: %s, %d cores; python %s, gensim %s, numpy %s" % (
        platform.machine(), os.cpu_count() or 0, versions.get("python"), versions.get("gensim"),
        versions.get("numpy")))
    print(table(results))
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
