"""Benchmark the fastText ``.bin`` reader, and measure what n-gram copying/seeding does for unseen words.

Usage::

    python benchmarks/bench_fasttext.py speed            # 200k words + 2M buckets x 300 (cc.en.300.bin-shaped
                                                         # buckets, 2.9 GB), and 0.5M / 1M buckets for scaling
    python benchmarks/bench_fasttext.py speed --sizes 20000:50000 --wanted 5000     # quick look
    python benchmarks/bench_fasttext.py oov              # OOV cosine figures (trains two small models, ~2 min)
    python benchmarks/bench_fasttext.py seed             # BucketSeeder: 200k words x 100 into 2M buckets

speed
-----
A generated ``.bin`` (fixed seed, Facebook's layout, ``minn = maxn = 5`` like ``cc.en.300.bin``, words of 1-15
random lowercase letters, N(0, 0.1) float32 rows, an output matrix of ``nwords`` rows). Each measurement runs
in a fresh subprocess that resets its peak RSS (``/proc/self/clear_refs``) and reports ``VmHWM`` minus its
``VmRSS`` before the operation, after a warm-up read of the file (page-cache-warm numbers); the fastest of
``--repeat`` runs is reported.

* plain read: ``readinto`` of the whole file in 16 MiB chunks.
* compose: ``read_fasttext_header`` + ``compose_vectors`` of ``--wanted`` words drawn uniformly from the
  dictionary (plus 20% not in it): their full fastText vectors, the Word2Vec/Doc2Vec target case.
* copy: ``compose=False`` with a :class:`~gensim_transfer.subwords.BucketCopier` sink staging every bucket
  (the FastText target case; its peak includes the staged ``bucket x 300`` matrix).

oov
---
Pretrained vectors: a FastText model (skip-gram, 50 dimensions, ``min_n=3``, ``max_n=6``, 100k buckets, 30
epochs) and a Word2Vec model (same settings, no subwords) trained on gensim's Lee corpus, 3,955 words. A
FastText target model gets 80% of those words as its vocabulary; the other 20% (791 words, fixed seed) are
held out. For each held-out word, the cosine between the target's composed OOV vector ``model.wv[word]`` and
its pretrained vector, median and mean, under: today's per-word merge (buckets left random); buckets copied
from the ``.bin``; buckets seeded from all the source's words (the file holds the held-out words: the real
case of a word in the file but not in the vocabulary); seeded from the vocabulary words only (the held-out
words absent from the file too). Reference row: the mean of all pretrained vectors, as a constant guess.
"""
from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import sys
import time
from typing import Dict, List

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
CACHE = os.path.expanduser(os.environ.get("GENSIM_TRANSFER_BENCH_CACHE", "~/.cache/gensim-transfer-bench"))
MAGIC = 793712314


# ------------------------------------------------------------------------------------------------------------
# Generated .bin files
# ------------------------------------------------------------------------------------------------------------
def _words(n: int, seed: int) -> List[str]:
    rng = np.random.default_rng(seed)
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
    out: Dict[str, None] = {}
    while len(out) < n:
        lengths = rng.integers(1, 16, n)
        codes = letters[rng.integers(0, 26, (n, 15))]
        for row, length in zip(codes, lengths):
            out[row[:length].tobytes().decode()] = None
            if len(out) == n:
                break
    return list(out)


def make_bin(nwords: int, bucket: int, dim: int = 300, seed: int = 0) -> str:
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, "ft-%dw-%db-%dd.bin" % (nwords, bucket, dim))
    if os.path.exists(path):
        return path
    rng = np.random.default_rng(seed)
    tmp = path + ".part"
    with open(tmp, "wb") as out:
        out.write(struct.pack("<2i", MAGIC, 12))
        out.write(struct.pack("<12id", dim, 5, 5, 5, 10, 1, 2, 1, bucket, 5, 5, 100, 1e-4))
        out.write(struct.pack("<3i2q", nwords, nwords, 0, 10 ** 10, -1))
        for i, word in enumerate(_words(nwords, seed)):
            out.write(word.encode() + b"\0" + struct.pack("<qb", nwords - i, 0))
        for rows in (nwords + bucket, nwords):
            out.write(struct.pack("<?2q", False, rows, dim))
            for start in range(0, rows, 50_000):
                k = min(50_000, rows - start)
                out.write((rng.standard_normal((k, dim), dtype=np.float32) * 0.1).astype("<f4").tobytes())
    os.replace(tmp, path)
    return path


# ------------------------------------------------------------------------------------------------------------
# One measurement in a child process
# ------------------------------------------------------------------------------------------------------------
def _status(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def _plain_read(path: str) -> None:
    buf = bytearray(16 << 20)
    with open(path, "rb", buffering=0) as f:
        while f.readinto(buf):
            pass


def child(op: str, path: str, wanted_n: int) -> Dict[str, float]:
    from gensim_transfer.formats._fasttext_bin import compose_vectors, read_fasttext_header

    _plain_read(path)  # warm the page cache
    wanted = {}
    if op != "plain":
        with open(path, "rb") as f:
            words = read_fasttext_header(f, path).words
        rng = np.random.default_rng(1)
        picks = rng.choice(len(words), size=min(wanted_n, len(words)), replace=False)
        wanted = {words[int(i)]: j for j, i in enumerate(picks)}
        wanted.update({"notinfile%d" % i: len(wanted) + i for i in range(len(wanted) // 5)})
        del words
    base = _status("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    started = time.perf_counter()
    header_s = 0.0
    matched = 0
    if op == "plain":
        _plain_read(path)
    else:
        with open(path, "rb") as f:
            info = read_fasttext_header(f, path)
            header_s = time.perf_counter() - started
            if op == "compose":
                rows, _ = compose_vectors(f, info, wanted)
            else:
                from gensim_transfer.subwords import BucketCopier

                copier = BucketCopier.of_shape(info.bucket, info.dim)
                rows, _ = compose_vectors(f, info, wanted, compose=False, ngram_sink=copier)
                copier.result()
            matched = len(rows)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "header_seconds": header_s, "peak_mb": (_status("VmHWM") - base) / 2 ** 20,
            "matched": matched}


def measure(op: str, path: str, wanted: int, repeat: int) -> Dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "_child", op, path, str(wanted)], check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


def speed(args: argparse.Namespace) -> None:
    print("| file (words + buckets x 300) | size | plain read | compose %s wanted | peak over start "
          "| copy buckets (FastText target) | peak over start |" % format(args.wanted, ","))
    print("|---|---|---|---|---|---|---|")
    for spec in args.sizes:
        nwords, bucket = (int(x) for x in spec.split(":"))
        path = make_bin(nwords, bucket)
        size = os.path.getsize(path) / 2 ** 30
        plain = measure("plain", path, 0, args.repeat)
        comp = measure("compose", path, args.wanted, args.repeat)
        copy = measure("copy", path, args.wanted, args.repeat)
        print("| %s + %s | %.2f GiB | %.2f s | %.2f s (%.1fx; header %.2f s; %s matched) | %.0f MiB | %.2f s (%.1fx) "
              "| %.0f MiB |" % (format(nwords, ","), format(bucket, ","), size, plain["seconds"], comp["seconds"],
                                comp["seconds"] / plain["seconds"], comp["header_seconds"],
                                format(comp["matched"], ","), comp["peak_mb"], copy["seconds"],
                                copy["seconds"] / plain["seconds"], copy["peak_mb"]))
        sys.stdout.flush()


# ------------------------------------------------------------------------------------------------------------
# OOV cosine
# ------------------------------------------------------------------------------------------------------------
def oov(args: argparse.Namespace) -> None:
    from gensim.models import FastText, Word2Vec
    from gensim.models.fasttext import load_facebook_vectors, save_facebook_model
    from gensim.test.utils import datapath
    from gensim.utils import simple_preprocess

    from gensim_transfer import compat, subwords
    from gensim_transfer.formats._fasttext_bin import compose_vectors, read_fasttext_header

    os.makedirs(CACHE, exist_ok=True)
    with open(datapath("lee_background.cor"), encoding="utf8") as f:
        sentences = [simple_preprocess(line) for line in f]
    settings = dict(vector_size=50, min_count=2, sg=1, epochs=30, seed=1, workers=1)
    ngram_settings = dict(min_n=3, max_n=6, bucket=100_000)
    bin_path = os.path.join(CACHE, "lee-fasttext-50d.bin")
    if not os.path.exists(bin_path):
        source = FastText(**settings, **ngram_settings)
        source.build_vocab(sentences)
        source.train(sentences, total_examples=len(sentences), epochs=source.epochs)
        save_facebook_model(source, bin_path)
    fasttext_kv = load_facebook_vectors(bin_path)
    w2v = Word2Vec(**settings)
    w2v.build_vocab(sentences)
    w2v.train(sentences, total_examples=len(sentences), epochs=w2v.epochs)

    words = list(fasttext_kv.index_to_key)
    held = sorted(np.random.default_rng(0).choice(words, size=len(words) // 5, replace=False).tolist())
    held_set = set(held)
    kept = [w for w in words if w not in held_set]

    def target():
        model = FastText(**dict(settings, min_count=1, seed=2), **ngram_settings)
        model.build_vocab([kept])
        return model

    def cosines(model, pretrained):
        a = np.array([model.wv[w] for w in held])
        b = np.array([pretrained[w] for w in held])
        c = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
        return "%.3f / %.3f" % (np.median(c), c.mean())

    def seeded(pretrained, seed_words):
        model = target()
        seeder = subwords.BucketSeeder(model)
        seeder.add(seed_words, np.array([pretrained[w] for w in seed_words]))
        index = compat.key_to_index(model)
        rows = np.array([index[w] for w in kept])
        plan = subwords.plan_from_words(model, rows, np.array([pretrained[w] for w in kept]), 1.0, seeder=seeder)
        subwords.apply_plan(model, plan)
        return model

    def per_word(pretrained):  # today's transfer_init: the per-word vector, buckets left random
        model = target()
        index = compat.key_to_index(model)
        rows = np.array([index[w] for w in kept])
        compat.word_vectors(model)[rows] = np.array([pretrained[w] for w in kept])
        compat.vectors_changed(model, rows)
        return model

    def copied():
        model = target()
        with open(bin_path, "rb") as f:
            info = read_fasttext_header(f, bin_path)
            copier = subwords.BucketCopier(model)
            rows, own = compose_vectors(f, info, dict(compat.key_to_index(model)), ngram_sink=copier, compose=False)
        subwords.apply_plan(model, subwords.plan_copied(model, rows, own, copier, 1.0))
        return model

    class Constant:
        def __init__(self, vector):
            self.wv = {w: vector for w in held}

    print("| held-out words' cosine (median / mean), %d held out of %d | fastText .bin source | Word2Vec source |"
          % (len(held), len(words)))
    print("|---|---|---|")
    w2v_kv = w2v.wv
    rows = [
        ("before: per-word merge, buckets random", cosines(per_word(fasttext_kv), fasttext_kv),
         cosines(per_word(w2v_kv), w2v_kv)),
        ("after: buckets copied from the .bin", cosines(copied(), fasttext_kv), "n/a (no n-grams)"),
        ("after: buckets seeded from all source words", cosines(seeded(fasttext_kv, words), fasttext_kv),
         cosines(seeded(w2v_kv, words), w2v_kv)),
        ("after: seeded from vocabulary words only", cosines(seeded(fasttext_kv, kept), fasttext_kv),
         cosines(seeded(w2v_kv, kept), w2v_kv)),
        ("reference: the mean pretrained vector for every word",
         cosines(Constant(np.mean([fasttext_kv[w] for w in kept], axis=0)), fasttext_kv),
         cosines(Constant(np.mean([w2v_kv[w] for w in kept], axis=0)), w2v_kv)),
    ]
    for row in rows:
        print("| %s | %s | %s |" % row)


def seed(args: argparse.Namespace) -> None:
    """BucketSeeder throughput: ``--words`` generated words x ``--dim`` into a model of ``--bucket`` buckets."""
    from gensim.models import FastText

    from gensim_transfer import compat, subwords

    words = _words(args.words, 0)
    model = FastText(**compat.model_kwargs(size=args.dim, min_count=1, min_n=5, max_n=5, bucket=args.bucket,
                                           workers=1))
    model.build_vocab([words[:1000]])
    vectors = (np.random.default_rng(0).standard_normal((len(words), args.dim)) * 0.1).astype(np.float32)
    seeder = subwords.BucketSeeder(model)
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(words), 50_000):
        seeder.add(words[start:start + 50_000], vectors[start:start + 50_000])
    added = (time.perf_counter() - wall, time.process_time() - cpu)
    wall = time.perf_counter()
    _, seeded = seeder.result()
    print("| %s words x %d into %s buckets | add: %.1f s wall, %.1f s CPU | result: %.1f s | %s buckets seeded |"
          % (format(args.words, ","), args.dim, format(args.bucket, ","), added[0], added[1],
             time.perf_counter() - wall, format(len(seeded), ",")))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("speed")
    p.add_argument("--sizes", nargs="+", default=["200000:500000", "200000:1000000", "200000:2000000"],
                   help="nwords:bucket of each generated file")
    p.add_argument("--wanted", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=2)
    sub.add_parser("oov")
    p = sub.add_parser("seed")
    p.add_argument("--words", type=int, default=200_000)
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--bucket", type=int, default=2_000_000)
    args = parser.parse_args()
    {"speed": speed, "oov": oov, "seed": seed}[args.what](args)


if __name__ == "__main__":
    main()
