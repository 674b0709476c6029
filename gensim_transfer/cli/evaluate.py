"""``gensim-transfer evaluate``: score models or vector files side by side on word-similarity, analogy and
labelled-sentence test sets, and compare their neighbourhoods."""
from __future__ import annotations

import argparse

from .._progress import Progress
from ._common import positive_int, print_json, words

SUMMARY = "score models or vector files side by side (similarity, analogies, a downstream check)"
EPILOG = """\
MODEL is a vector file (word2vec binary/text, fastText .vec, GloVe; .gz/.bz2) or a model saved with gensim's
save() (recognised by its first bytes; a pickle: load only files you trust). Give several to compare them.

Built-in suites (files inside every gensim wheel): wordsim353, simlex999 (word pairs: Spearman, Pearson),
questions-words (analogies: 3CosAdd accuracy), pang-lee (200 labelled movie-review sentences: averaged
word vectors -> softmax classifier, cross-validated accuracy). Default: wordsim353,simlex999,questions-words.

Pair and analogy figures are computed on the items every model covers ("scored"), analogy answers searched
among the words every model has; coverage is each model's share of the test set. With two or more models,
the first is compared with each other one: overlap of every shared word's K nearest neighbours.

Your own test sets: --pairs FILE ("word1 word2 score" per line, tab- or space-separated, # comments),
--analogies FILE ("a b c d" per line, ": section" headers), --labelled FILE ("__label__X text" per line).

examples:
  gensim-transfer evaluate GoogleNews-vectors-negative300.bin.gz notes.model
  gensim-transfer evaluate scratch.model adapted.model --suites wordsim353 --pairs clinical-pairs.tsv --json
  gensim-transfer evaluate adapted.model --suites pang-lee --labelled tickets.txt --folds 10
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("models", metavar="MODEL", nargs="+", help="vector files or gensim save() files")
    p.add_argument("--suites", type=words, metavar="S1,S2", default=None,
                   help="built-in suites to run: wordsim353, simlex999, questions-words, pang-lee, or none "
                        "(default: wordsim353,simlex999,questions-words)")
    p.add_argument("--pairs", action="append", default=[], metavar="FILE", help="your word-pair file (repeatable)")
    p.add_argument("--analogies", action="append", default=[], metavar="FILE",
                   help="your analogy file (repeatable)")
    p.add_argument("--labelled", action="append", default=[], metavar="FILE",
                   help="your labelled sentence file, '__label__X text' per line (repeatable)")
    p.add_argument("--folds", type=positive_int, default=5, metavar="K",
                   help="cross-validation folds of the labelled check (default 5)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the folds' shuffle (default 0)")
    p.add_argument("--case-sensitive", action="store_true",
                   help="look the test sets' words up as written (default: lower-cased)")
    p.add_argument("--restrict-vocab", type=positive_int, default=300000, metavar="N",
                   help="search analogy answers among each model's first N words (default 300000, as gensim)")
    p.add_argument("--neighbours", type=int, default=10, metavar="K",
                   help="neighbour change: K nearest neighbours per word, 0 to skip (default 10)")
    p.add_argument("--neighbour-words", type=positive_int, default=5000, metavar="N",
                   help="neighbour change: compare at most N shared words (default 5000)")
    p.add_argument("--top", type=int, default=10, metavar="N", help="list the N words that changed most")
    p.add_argument("--encoding", default="utf8", help="encoding of your test files (default utf8)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace, progress: Progress) -> int:
    from ..evaluate import DEFAULT_SUITES, evaluate

    suites = DEFAULT_SUITES if args.suites is None else [s for s in args.suites if s != "none"]
    if args.folds < 2:
        args.parser.error("--folds must be at least 2")
    report = evaluate(
        args.models, suites=suites, pairs=args.pairs, analogies=args.analogies, labelled=args.labelled,
        lowercase=not args.case_sensitive, restrict_vocab=args.restrict_vocab, folds=args.folds, seed=args.seed,
        neighbours=max(0, args.neighbours), neighbour_words=args.neighbour_words, top=max(0, args.top),
        encoding=args.encoding,
    )
    if args.json:
        print_json(report.as_dict())
    else:
        print(report)
    return 0
