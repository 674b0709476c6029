"""Does the transfer help? A controlled benchmark with known ground truth, and a real-text sanity check.

Usage::

    python benchmarks/bench_quality.py --quick            # a few minutes: checks that everything runs
    python benchmarks/bench_quality.py --json results.json  # the full run behind QUALITY.md

Part 1, controlled (the headline)
---------------------------------
A synthetic language whose word meanings are known. 2,000 content words sit in 40 clusters of 50, the
clusters in 10 groups of 4 ("superclusters"). A sentence picks a topic cluster; each of its 12 tokens is a
word of that cluster (70 %), of another cluster of the same group (15 %), or one of 50 function words
(15 %); words within a cluster have Zipf-like frequencies. Ground-truth similarity of two words: 2 (same
cluster), 1 (same group), 0 (otherwise).

The general corpus (``--general`` tokens, 20 M in the full run, generated on the fly, never stored) is
generated with every word in its own cluster; a Word2Vec model pretrained on it (CBOW, 50 dimensions,
2 epochs, 2 workers) is the pretrained source, written once per run as a word2vec binary file.

A domain corpus (10k ... 1M tokens) is generated with the *domain's* meanings: 200 general words have
changed meaning (each moved to a cluster of another group, the synthetic-change design of Shoemark et al.
2019), 200 domain-only words (absent from the general corpus) belong to clusters too, the other 1,800
content words keep their meaning. Each variant is scored by Spearman's rank correlation between the
cosine of word pairs and the *domain's* ground truth: for a word w, over the pairs (w, v), v any other content
word the model has; then the mean over up to ``--probe`` words w of each group (unchanged, changed,
domain-only). The JSON also holds the Spearman of all the group's pairs pooled (``pooled``). Coverage is the
share of the group's words the model has. Variants:

- ``scratch``: Word2Vec on the domain corpus alone;
- ``pretrained``: the general vectors as they are (no domain training);
- ``lockf=1``, ``lockf=0``: ``adapt()`` (corpus vocabulary, merge, train), merged words free / frozen;
- ``anchor=0.1``, ``anchor=1``, ``anchor=10``: ``adapt(lockf=1, anchor=...)``;
- ``union lockf=1``: ``adapt(vocab="union")``, the general vocabulary added to the domain's.

Domain models: CBOW, 50 dimensions, min_count 3, 5 epochs, one worker, seeds 1..``--seeds``; each seed
draws its own domain corpus and changed words. Figures are mean ± sd over seeds.

Part 2, real text (a sanity check)
----------------------------------
General: gensim's bundled ``head500.noblanks.cor`` + ``lee_background.cor`` (about 391k tokens). Domain:
the 200 Pang & Lee movie-review sentences. Scored with ``gensim_transfer.evaluate`` on WordSim353,
SimLex-999, questions-words and the labelled reviews (10-fold cross-validated sentiment accuracy; the
domain vectors were trained on the same, unlabelled, sentences), mean ± sd over seeds. Each model is scored
on the items it covers itself (the vocabularies differ too much for a common set: the scratch model covers
under 1 % of WordSim353), with its coverage beside the figure.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from typing import Any, Dict, Iterator, List, Sequence, Tuple

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from gensim.models import Word2Vec  # noqa: E402

from gensim_transfer import compat, formats  # noqa: E402
from gensim_transfer.adapt import adapt, stable_hash  # noqa: E402
from gensim_transfer.evaluate import evaluate  # noqa: E402
from gensim_transfer.evaluate._scoring import spearman  # noqa: E402

GROUPS, CLUSTERS_PER_GROUP, WORDS_PER_CLUSTER, FUNCTION_WORDS = 10, 4, 50, 50
CLUSTERS = GROUPS * CLUSTERS_PER_GROUP
CONTENT = CLUSTERS * WORDS_PER_CLUSTER
CHANGED, DOMAIN_ONLY = 200, 200
SENTENCE, P_TOPIC, P_GROUP = 12, 0.70, 0.15
DIM = 50
DOMAIN_SETTINGS = dict(vector_size=DIM, min_count=3, epochs=5, workers=1, window=5, hashfxn=stable_hash)
VARIANTS = ("scratch", "pretrained", "lockf=1", "lockf=0", "anchor=0.1", "anchor=1", "anchor=10", "union lockf=1")
GROUPS_SCORED = ("unchanged", "changed", "domain-only")


# ---------------------------------------------------------------------------------------------------------
# The synthetic language
# ---------------------------------------------------------------------------------------------------------
class Language:
    """Words, their clusters and frequencies; ``cluster[i]`` is word i's cluster (-1 for function words)."""

    def __init__(self, words: List[str], cluster: np.ndarray, weight: np.ndarray) -> None:
        self.words = np.array(words, dtype=object)
        self.cluster = cluster
        self.weight = weight
        self.members = [np.flatnonzero(cluster == c) for c in range(CLUSTERS)]
        self.function = np.flatnonzero(cluster < 0)

    def truth(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        ca, cb = self.cluster[a], self.cluster[b]
        return np.where(ca == cb, 2.0, np.where(ca // CLUSTERS_PER_GROUP == cb // CLUSTERS_PER_GROUP, 1.0, 0.0))


def general_language() -> Language:
    words = ["w%04d" % i for i in range(CONTENT)] + ["f%02d" % i for i in range(FUNCTION_WORDS)]
    cluster = np.r_[np.repeat(np.arange(CLUSTERS), WORDS_PER_CLUSTER), -np.ones(FUNCTION_WORDS, dtype=np.int64)]
    rank = np.r_[np.tile(np.arange(WORDS_PER_CLUSTER), CLUSTERS), np.arange(FUNCTION_WORDS)]
    return Language(words, cluster, 1.0 / (rank + 2.0) ** 0.8)


def domain_language(general: Language, seed: int) -> Tuple[Language, np.ndarray, np.ndarray]:
    """The domain's meanings: CHANGED general words moved to another group's cluster, DOMAIN_ONLY new words."""
    rng = np.random.RandomState(1000 + seed)
    changed = np.sort(rng.choice(CONTENT, CHANGED, replace=False))
    cluster = general.cluster.copy()
    for word in changed:
        group = cluster[word] // CLUSTERS_PER_GROUP
        other = rng.choice([g for g in range(GROUPS) if g != group])
        cluster[word] = other * CLUSTERS_PER_GROUP + rng.randint(CLUSTERS_PER_GROUP)
    new_words = ["d%04d" % i for i in range(DOMAIN_ONLY)]
    new_cluster = rng.randint(0, CLUSTERS, DOMAIN_ONLY)
    new_weight = 1.0 / (rng.randint(0, WORDS_PER_CLUSTER, DOMAIN_ONLY) + 2.0) ** 0.8
    language = Language(list(general.words) + new_words, np.r_[cluster, new_cluster],
                        np.r_[general.weight, new_weight])
    domain_only = np.arange(len(general.words), len(language.words))
    return language, changed, domain_only


class Corpus:
    """``tokens`` tokens of sentences of ``language``, regenerated identically on every pass (never stored)."""

    def __init__(self, language: Language, tokens: int, seed: int) -> None:
        self.language, self.sentences, self.seed = language, max(1, tokens // SENTENCE), seed

    def _group_pool(self, c: int) -> np.ndarray:
        group = c // CLUSTERS_PER_GROUP
        others = [m for d, m in enumerate(self.language.members) if d // CLUSTERS_PER_GROUP == group and d != c]
        return np.concatenate(others)

    def __iter__(self) -> Iterator[List[str]]:
        lang = self.language
        rng = np.random.RandomState(self.seed)
        cumulative = [(np.cumsum(lang.weight[m]) / lang.weight[m].sum()) for m in lang.members]
        group_cumulative = [np.cumsum(lang.weight[p]) / lang.weight[p].sum()
                            for p in (self._group_pool(c) for c in range(CLUSTERS))]
        group_pools = [self._group_pool(c) for c in range(CLUSTERS)]
        fw = lang.function
        fw_cumulative = np.cumsum(lang.weight[fw]) / lang.weight[fw].sum()
        chunk = 20000
        for start in range(0, self.sentences, chunk):
            n = min(chunk, self.sentences - start)
            topics = rng.randint(0, CLUSTERS, n)
            kind = rng.random_sample((n, SENTENCE))
            draws = rng.random_sample((n, SENTENCE))
            tokens = np.empty((n, SENTENCE), dtype=np.int64)
            for c in range(CLUSTERS):
                rows = topics == c
                if not rows.any():
                    continue
                k, u = kind[rows], draws[rows]
                out = np.empty(k.shape, dtype=np.int64)
                own, grp = k < P_TOPIC, (k >= P_TOPIC) & (k < P_TOPIC + P_GROUP)
                fun = ~(own | grp)
                out[own] = lang.members[c][np.minimum(np.searchsorted(cumulative[c], u[own]),
                                                      len(lang.members[c]) - 1)]
                out[grp] = group_pools[c][np.minimum(np.searchsorted(group_cumulative[c], u[grp]),
                                                     len(group_pools[c]) - 1)]
                out[fun] = fw[np.minimum(np.searchsorted(fw_cumulative, u[fun]), len(fw) - 1)]
                tokens[rows] = out
            yield from lang.words[tokens].tolist()


# ---------------------------------------------------------------------------------------------------------
# Scoring against the domain's ground truth
# ---------------------------------------------------------------------------------------------------------
def score(kv_words: Sequence[str], vectors: np.ndarray, language: Language, groups: Dict[str, np.ndarray],
          probe: int, rng: np.random.RandomState) -> Dict[str, Dict[str, Any]]:
    """Per group: Spearman(cosine, truth) over pairs (w in group, v any covered content word), and coverage."""
    index = {w: i for i, w in enumerate(kv_words)}
    content = [i for i in range(len(language.words)) if language.cluster[i] >= 0 and language.words[i] in index]
    content = np.array(content)
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    rows_v = np.array([index[language.words[i]] for i in content])
    out = {}
    for name, members in groups.items():
        have = np.array([i for i in members if language.words[i] in index], dtype=np.int64)
        coverage = len(have) / len(members)
        if len(have) < 2 or not len(content):
            out[name] = {"spearman": None, "coverage": coverage}
            continue
        sample = have if len(have) <= probe else np.sort(rng.choice(have, probe, replace=False))
        rows_w = np.array([index[language.words[i]] for i in sample])
        cos = unit[rows_w] @ unit[rows_v].T
        truth = language.truth(sample[:, None], content[None, :])
        keep = sample[:, None] != content[None, :]
        # Per word: does w rank its own pairs right? (Pooling all pairs would also reward equal cosine offsets
        # across words, which training on more data changes; see QUALITY.md.) Then the mean over words.
        per_word = [spearman(t[k], c[k]) for t, c, k in zip(truth, cos, keep)]
        per_word = [v for v in per_word if v is not None]
        out[name] = {"spearman": float(np.mean(per_word)) if per_word else None,
                     "pooled": spearman(truth[keep], cos[keep]), "coverage": coverage}
    return out


# ---------------------------------------------------------------------------------------------------------
# Part 1
# ---------------------------------------------------------------------------------------------------------
def pretrain(tokens: int, epochs: int, workdir: str) -> Tuple[str, float]:
    started = time.perf_counter()
    corpus = Corpus(general_language(), tokens, seed=0)
    model = Word2Vec(**compat.model_kwargs(Word2Vec, vector_size=DIM, min_count=5, epochs=epochs, workers=2,
                                           window=5, seed=1, hashfxn=stable_hash))
    model.build_vocab(corpus)
    model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs)
    kv = compat.wv(model)
    words = list(compat.index_to_key(kv))
    path = os.path.join(workdir, "general.bin")
    formats.write_vectors(path, zip(words, kv.vectors), DIM, binary=True, count=len(words))
    return path, time.perf_counter() - started


def train_variant(variant: str, corpus: List[List[str]], general: str, seed: int) -> Tuple[List[str], np.ndarray]:
    settings = dict(DOMAIN_SETTINGS, seed=seed)
    if variant == "scratch":
        model = Word2Vec(**compat.model_kwargs(Word2Vec, **settings))
        model.build_vocab(corpus)
        model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs)
    elif variant == "pretrained":
        words, vectors = zip(*formats.iter_vectors(general))
        return list(words), np.vstack(vectors)
    else:
        options: Dict[str, Any] = {"lockf": 1.0}
        if variant == "lockf=0":
            options["lockf"] = 0.0
        elif variant.startswith("anchor="):
            options["anchor"] = float(variant.split("=")[1])
        elif variant == "union lockf=1":
            options["vocab"] = "union"
        epochs = settings.pop("epochs")
        model, _ = adapt(corpus, general, epochs=epochs, drift=False, **options, **settings)
    kv = compat.wv(model)
    return list(compat.index_to_key(kv)), kv.vectors


def part1(args: argparse.Namespace, workdir: str) -> Dict[str, Any]:
    general_path, pretrain_seconds = pretrain(args.general, args.general_epochs, workdir)
    print("pretrained on %s synthetic tokens (%d epochs) in %.0fs" % (f"{args.general:,}", args.general_epochs,
                                                                     pretrain_seconds), flush=True)
    general = general_language()
    runs = []
    for seed in range(1, args.seeds + 1):
        language, changed, domain_only = domain_language(general, seed)
        unchanged = np.setdiff1d(np.arange(CONTENT), changed)
        groups = {"unchanged": unchanged, "changed": changed, "domain-only": domain_only}
        for size in args.sizes:
            corpus = list(Corpus(language, size, seed=100 * seed + 7))
            for variant in VARIANTS:
                started = time.perf_counter()
                words, vectors = train_variant(variant, corpus, general_path, seed)
                scores = score(words, vectors, language, groups, args.probe, np.random.RandomState(seed))
                runs.append({"seed": seed, "size": size, "variant": variant, "scores": scores,
                             "seconds": time.perf_counter() - started})
            print("  seed %d, %s tokens: %s" % (seed, f"{size:,}", "  ".join(
                "%s %s" % (r["variant"], _f(r["scores"]["changed"]["spearman"]))
                for r in runs if r["seed"] == seed and r["size"] == size)), flush=True)
    return {"pretrain_seconds": pretrain_seconds, "general_tokens": args.general, "runs": runs}


def summarise(runs: List[Dict[str, Any]], sizes: Sequence[int]) -> Dict[str, Dict[str, Dict[int, Dict[str, Any]]]]:
    table: Dict[str, Dict[str, Dict[int, Dict[str, Any]]]] = {}
    for group in GROUPS_SCORED:
        table[group] = {}
        for variant in VARIANTS:
            table[group][variant] = {}
            for size in sizes:
                rows = [r["scores"][group] for r in runs if r["variant"] == variant and r["size"] == size]
                values = [r["spearman"] for r in rows if r["spearman"] is not None]
                table[group][variant][size] = {
                    "mean": float(np.mean(values)) if values else None,
                    "sd": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0 if values else None,
                    "coverage": float(np.mean([r["coverage"] for r in rows])),
                    "runs": len(values),
                }
    return table


def _f(value: Any, digits: int = 3) -> str:
    return "-" if value is None else "%.*f" % (digits, value)


def markdown_part1(table: Dict[str, Any], sizes: Sequence[int]) -> str:
    lines = []
    for group in GROUPS_SCORED:
        lines += ["", "**%s words**: per-word Spearman with the domain's ground truth, averaged over words; "
                  "mean ± sd over seeds (coverage of the group's words)" % group, "",
                  "| variant | " + " | ".join("%s tokens" % _size(s) for s in sizes) + " |",
                  "|---|" + "---|" * len(sizes)]
        for variant in VARIANTS:
            cells = []
            for size in sizes:
                cell = table[group][variant][size]
                if cell["mean"] is None:
                    cells.append("- (%.0f%%)" % (100 * cell["coverage"]))
                else:
                    cells.append("%.3f ± %.3f (%.0f%%)" % (cell["mean"], cell["sd"], 100 * cell["coverage"]))
            lines.append("| %s | %s |" % (variant, " | ".join(cells)))
    return "\n".join(lines)


def _size(tokens: int) -> str:
    return "%dM" % (tokens // 1000000) if tokens >= 1000000 and not tokens % 1000000 else "%dk" % (tokens // 1000)


# ---------------------------------------------------------------------------------------------------------
# Part 2
# ---------------------------------------------------------------------------------------------------------
def _read(name: str, encoding: str = "utf8", labelled: bool = False) -> List[List[str]]:
    from gensim.test.utils import datapath
    from gensim.utils import simple_preprocess

    with open(datapath(name), encoding=encoding) as handle:
        lines = [line.split(" ", 1)[1] if labelled else line for line in handle]
    return [tokens for tokens in map(simple_preprocess, lines) if tokens]


REAL_VARIANTS = ("scratch", "pretrained", "lockf=1", "lockf=0", "anchor=1", "union lockf=1")


def part2(args: argparse.Namespace, workdir: str) -> Dict[str, Any]:
    general_text = _read("head500.noblanks.cor") + _read("lee_background.cor")
    domain = _read("pang_lee_polarity.cor", "cp1252", labelled=True)
    results: Dict[str, List[Dict[str, Any]]] = {v: [] for v in REAL_VARIANTS}
    for seed in range(1, args.seeds + 1):
        general = Word2Vec(general_text, **compat.model_kwargs(
            Word2Vec, vector_size=DIM, min_count=2, epochs=10, workers=1, seed=seed, hashfxn=stable_hash))
        kv = compat.wv(general)
        path = os.path.join(workdir, "real-general-%d.bin" % seed)
        words = list(compat.index_to_key(kv))
        formats.write_vectors(path, zip(words, kv.vectors), DIM, binary=True, count=len(words))
        settings = dict(vector_size=DIM, min_count=2, epochs=10, workers=1, seed=seed, hashfxn=stable_hash)
        models: Dict[str, Any] = {"pretrained": path}
        scratch = Word2Vec(domain, **compat.model_kwargs(Word2Vec, **settings))
        models["scratch"] = scratch
        for variant in ("lockf=1", "lockf=0", "anchor=1", "union lockf=1"):
            options: Dict[str, Any] = {"lockf": 0.0 if variant == "lockf=0" else 1.0}
            if variant == "anchor=1":
                options["anchor"] = 1.0
            if variant == "union lockf=1":
                options["vocab"] = "union"
            run_settings = dict(settings)
            epochs = run_settings.pop("epochs")
            run_settings.pop("vector_size")
            models[variant], _ = adapt(domain, path, epochs=epochs, drift=False, **options, **run_settings)
        report = evaluate([models[v] for v in REAL_VARIANTS],
                          suites=["wordsim353", "simlex999", "questions-words", "pang-lee"], folds=10,
                          neighbours=0)
        for result in report.results:
            results[REAL_VARIANTS[result.model]].append(result.as_dict())
    return {"general_tokens": sum(map(len, general_text)), "domain_tokens": sum(map(len, domain)),
            "results": results}


def markdown_part2(part: Dict[str, Any]) -> str:
    suites = ("wordsim353", "simlex999", "questions-words", "pang-lee")
    lines = ["", "| variant | " + " | ".join(suites) + " |", "|---|" + "---|" * len(suites)]
    for variant in REAL_VARIANTS:
        cells = []
        for suite in suites:
            rows = [r for r in part["results"][variant] if r["suite"] == suite]
            key = {"wordsim353": "spearman", "simlex999": "spearman", "questions-words": "accuracy",
                   "pang-lee": "accuracy_mean"}[suite]
            # Each model on its own covered items (the models' vocabularies differ too much for common items).
            values = [(r["own"] if key in r["own"] else r)[key] for r in rows]
            values = [v for v in values if v is not None]
            coverage = np.mean([r["coverage"] for r in rows])
            if not values:
                cells.append("- (%.1f%%)" % (100 * coverage))
                continue
            sd = np.std(values, ddof=1) if len(values) > 1 else 0.0
            cells.append("%.3f ± %.3f (%.1f%%)" % (np.mean(values), sd, 100 * coverage))
        lines.append("| %s | %s |" % (variant, " | ".join(cells)))
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one seed: checks that it runs")
    parser.add_argument("--general", type=int, help="tokens of the general corpus (full 20M, quick 2M)")
    parser.add_argument("--general-epochs", type=int, help="epochs of the pretraining (full 2, quick 3)")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="domain corpus sizes in tokens (full 10000,30000,100000,300000,1000000)")
    parser.add_argument("--seeds", type=int, help="seeds (full 3, quick 1)")
    parser.add_argument("--probe", type=int, default=150, help="words per group scored (default 150)")
    parser.add_argument("--json", help="write all figures to this JSON file")
    args = parser.parse_args(list(argv) or None)
    args.general = args.general or (2_000_000 if args.quick else 20_000_000)
    args.general_epochs = args.general_epochs or (3 if args.quick else 2)
    args.sizes = args.sizes or ([10_000, 100_000] if args.quick else [10_000, 30_000, 100_000, 300_000, 1_000_000])
    args.seeds = args.seeds or (1 if args.quick else 3)
    started = time.perf_counter()
    environment = {"gensim": str(compat.GENSIM_VERSION), "numpy": np.__version__,
                   "python": platform.python_version(), "cpus": os.cpu_count()}
    print("gensim %(gensim)s, numpy %(numpy)s, Python %(python)s" % environment, flush=True)
    with tempfile.TemporaryDirectory() as workdir:
        synthetic = part1(args, workdir)
        table = summarise(synthetic["runs"], args.sizes)
        print("\n## Part 1: synthetic language (ground truth known)" + markdown_part1(table, args.sizes), flush=True)
        real = part2(args, workdir)
        print("\n## Part 2: real text (gensim's bundled corpora -> Pang & Lee)" + markdown_part2(real), flush=True)
    seconds = time.perf_counter() - started
    print("\ntotal %.0fs (%.1f min)" % (seconds, seconds / 60))
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"settings": {k: v for k, v in vars(args).items() if k != "json"}, "environment": environment,
                       "seconds": seconds, "synthetic": synthetic, "table": table, "real": real}, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
