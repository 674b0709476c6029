"""``gensim-transfer drift``: how far word vectors moved between two files or saved models."""
from __future__ import annotations

import argparse

from .._progress import Progress
from ._common import positive_int, print_json, words

SUMMARY = "how far word vectors moved between two files or saved models"
EPILOG = """\
BEFORE and AFTER are vector files (word2vec binary/text, fastText .vec, GloVe; .gz/.bz2) or models saved with
gensim's save() (recognised by their first bytes). AFTER is read whole; BEFORE only for AFTER's words.
A saved model is a pickle: load only files you trust.

examples:
  gensim-transfer drift GoogleNews-vectors-negative300.bin.gz notes.model --words fever,cough
  gensim-transfer drift before.bin after.bin --top 20 --json
"""



def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("before", metavar="BEFORE")
    p.add_argument("after", metavar="AFTER")
    p.add_argument("--words", type=words, default=[], metavar="W1,W2",
                   help="list these words' nearest neighbours before and after")
    p.add_argument("--top", type=int, default=10, metavar="K",
                   help="how many top movers to list (default 10)")
    p.add_argument("--neighbours", type=positive_int, default=8, metavar="N",
                   help="neighbours per word (default 8)")
    p.add_argument("--limit", type=positive_int, metavar="N", help="read only BEFORE's first N records")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace, progress: Progress) -> int:
    from ..drift import compare

    report = compare(args.before, args.after, words=args.words, top=max(0, args.top), topn=args.neighbours,
                     limit=args.limit)
    if args.json:
        print_json(report.as_dict())
    else:
        print(report)
    return 0


