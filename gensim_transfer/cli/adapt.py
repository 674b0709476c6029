"""``gensim-transfer adapt``: build a domain model from a corpus and pretrained vectors, train it, report.

With no ``--pretrained``/``--corpus`` it runs the built-in example (:mod:`gensim_transfer.examples`).
"""
from __future__ import annotations

import argparse
import logging
import os
from typing import Any, Dict, List, Optional

from .. import compat, formats
from .._progress import Progress
from ..transfer import check_lockf
from ._common import PROG, n, param, positive_int, print_json, quote, words

logger = logging.getLogger("gensim_transfer.cli")

#: Where ``gensim-transfer adapt`` without arguments writes, relative to the current directory.
DEMO_DIR = "gensim-transfer-demo"
#: Model settings of the built-in example: small, fast and the same on every run (batch_words: the corpus is
#: only 3,629 words; gensim 3.8 warns below 10 batches per worker).
_DEMO_SETTINGS = {"min_count": 2, "epochs": 10, "seed": 1, "workers": 1, "batch_words": 256}

_SAVE_FORMATS = ("gensim", "word2vec-bin", "word2vec-txt")

SUMMARY = "build a domain model from a corpus and a pretrained vector file, and train it"
EPILOG = """\
With no --pretrained/--corpus, runs on built-in example data (2,747 news-trained word vectors and 200
movie-review sentences, shipped in the package) and writes to ./%s/.

--out's extension picks the format when --save-format is not given: .bin -> word2vec-bin, .txt/.vec ->
word2vec-txt, anything else -> gensim (model.save; reload with Word2Vec.load and keep training).

examples:
  gensim-transfer adapt
  gensim-transfer adapt --lockf 0            the example with frozen pretrained vectors (drift: none moved)
  gensim-transfer adapt --pretrained GoogleNews-vectors-negative300.bin.gz --corpus notes.txt.gz \\
      --out notes.model --vocab union --top 200000 --epochs 5 --min-count 3 --workers 4
  gensim-transfer adapt --pretrained wiki.en.vec --corpus notes.txt --out notes.bin --model fasttext \\
      -p bucket=200000 -p min_n=3
""" % DEMO_DIR



def anchor_strength(text: str) -> float:
    """``--anchor``: a number >= 0 (see :func:`gensim_transfer.anchor.check_anchor`); a usage error otherwise."""
    from ..anchor import check_anchor

    try:
        return check_anchor(text)
    except (TypeError, ValueError) as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def lock_factor(text: str) -> float:
    """``--lockf``: a number from 0 (frozen) to 1 (trains freely), as :func:`gensim_transfer.transfer.check_lockf`."""
    try:
        return check_lockf(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number from 0 (frozen) to 1 (free), got %r" % text) from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pretrained", metavar="SOURCE",
                   help="pretrained vectors: a word2vec bin/txt, .vec or GloVe file (.gz/.bz2), archive.zip::member, "
                        "a fastText .bin, a gensim save() file, a gensim-data name downloaded here, or a pipe")
    p.add_argument("--corpus", metavar="FILE",
                   help="text file, one sentence per line, whitespace-separated tokens (.gz/.bz2 too); for "
                        "doc2vec each line is a document tagged with its line number")
    p.add_argument("--out", metavar="PATH", help="where to write the model (default for the example: ./%s/)"
                   % DEMO_DIR)
    p.add_argument("--save-format", choices=_SAVE_FORMATS, help="gensim (model.save, can keep training), "
                   "word2vec-bin or word2vec-txt (word vectors only); default from --out's extension")
    p.add_argument("--model", choices=("word2vec", "fasttext", "doc2vec"), default="word2vec")
    p.add_argument("--vocab", choices=("corpus", "union", "pretrained-first"), default="corpus",
                   help="corpus: corpus words only (gensim's min_count); union: plus the file's first --top "
                        "words; pretrained-first: the file's first --top words first, then the corpus's")
    p.add_argument("--top", type=positive_int, metavar="N",
                   help="use only the file's first N records (vocabulary and merge); default: all")
    p.add_argument("--lockf", type=lock_factor, default=1.0, metavar="F",
                   help="lock factor of the merged words, from 0 to 1: 1 trains them freely (default), 0 "
                        "freezes them")
    p.add_argument("--anchor", type=anchor_strength, default=0.0, metavar="MU",
                   help="soft anchoring: after every epoch pull merged words toward their pretrained vectors, "
                        "keeping 1/(1+MU) of their distance (0 off, default; 0.1 gentle, 1 strong, 10 nearly "
                        "frozen)")
    p.add_argument("--epochs", type=positive_int, metavar="E", help="training epochs (default: gensim's, 5)")
    p.add_argument("--min-count", type=positive_int, metavar="N", help="gensim's min_count (default 5)")
    p.add_argument("--workers", type=positive_int, metavar="N",
                   help="training threads (default: gensim's, 3)")
    p.add_argument("--seed", type=int, metavar="N", help="gensim's random seed")
    p.add_argument("-p", "--param", type=param, action="append", default=[], metavar="KEY=VALUE",
                   help="any other constructor keyword of the gensim model, either spelling (repeatable), "
                        "e.g. -p sg=1 -p window=8")
    p.add_argument("--words", type=words, default=[], metavar="W1,W2",
                   help="also list these words' nearest neighbours before and after training")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


class _CorpusProgress:
    """Turns the corpus reader's byte counts into a 'counting words' task, then a 'training' task."""

    def __init__(self, progress: Progress, size: int, pretrained: formats.Source, limit: Optional[int] = None
                 ) -> None:
        self.progress = progress
        self.size = size
        name = pretrained.name
        self.pretrained = os.path.basename(name) if pretrained.kind == "file" else name
        self.pretrained_count = pretrained.info.count  # None for GloVe: a bar without a total
        self.limit = limit
        self.merge_task: Optional[Any] = None
        self.counted = 0
        self.counting = True
        self.task = progress.task("counting words", total=size, unit="B")

    def update(self, n: int) -> None:
        self.task.update(n)
        if self.counting:
            self.counted += n
            if self.counted >= self.size:  # the vocabulary pass is over: the merge comes next
                self.counting = False
                self.task.close()
                logger.info("merging vectors from %s", self.pretrained)

    def merging(self, records: int) -> None:
        """Records of the pretrained file read (transfer_init's progress hook)."""
        if self.merge_task is None:
            self.task.close()
            total = self.pretrained_count if self.limit is None else min(self.limit, self.pretrained_count or 0)
            self.merge_task = self.progress.task("merging %s" % self.pretrained, total=total or None)
            self.task = self.merge_task
        self.merge_task.update(records)

    def training(self, epochs: int) -> None:
        self.counting = False
        self.task.close()
        self.task = self.progress.task("training %d epochs" % epochs, total=self.size * epochs, unit="B")

    def close(self) -> None:
        self.task.close()


def _training_callback(on_begin: Any) -> Any:
    from gensim.models.callbacks import CallbackAny2Vec

    class TrainingStarted(CallbackAny2Vec):
        def on_train_begin(self, model: Any) -> None:
            on_begin(int(model.epochs))

    return TrainingStarted()


def _save_format(args: argparse.Namespace, out: str) -> str:
    if args.save_format:
        return args.save_format
    binary, _ = formats.output_kind(out)
    if binary is None:
        return "gensim"
    return "word2vec-bin" if binary else "word2vec-txt"


def _save(model: Any, out: str, save_format: str) -> List[Dict[str, Any]]:
    if save_format == "gensim":
        model.save(out)
        directory = os.path.dirname(os.path.abspath(out))
        prefix = os.path.basename(out) + "."
        sidecars = [n for n in os.listdir(directory) if n.startswith(prefix) and n.endswith(".npy")]
        paths = [out] + [os.path.join(os.path.dirname(out), name) for name in sorted(sidecars)]
        return [{"path": p, "format": "gensim", "bytes": os.path.getsize(p)} for p in paths]
    kv = compat.wv(model)
    words = list(compat.index_to_key(kv))
    formats.write_vectors(out, zip(words, kv.vectors), compat.vector_size(kv),
                          binary=save_format == "word2vec-bin", count=len(words))
    return [{"path": out, "format": save_format, "bytes": os.path.getsize(out)}]


def _demo_quality(model: Any, corpus: Any, pretrained: str, settings: Dict[str, Any], epochs: Optional[int]
                  ) -> Dict[str, Any]:
    """The example's own ground truth: the reviews' pos/neg labels. Averaged word vectors of each variant
    (pretrained, trained from scratch on the reviews, adapted) -> 10-fold cross-validated sentiment accuracy."""
    from gensim.models import Word2Vec

    from ..evaluate import evaluate

    scratch = Word2Vec(**compat.model_kwargs(Word2Vec, vector_size=compat.vector_size(model), epochs=model.epochs,
                                             **settings))
    scratch.build_vocab(corpus)
    scratch.train(corpus, total_examples=scratch.corpus_count, epochs=scratch.epochs)
    names = ("pretrained", "scratch", "adapted")
    report = evaluate([pretrained, scratch, model], suites=["pang-lee"], folds=10, neighbours=0)
    return {name: {"accuracy_mean": r.metrics["accuracy_mean"], "accuracy_sd": r.metrics["accuracy_sd"],
                   "coverage": r.coverage, "majority": r.metrics["majority"]}
            for name, r in zip(names, report.results)}


def _quality_line(quality: Dict[str, Any]) -> str:
    figures = ", ".join("%s %.2f ± %.2f" % (name, q["accuracy_mean"], q["accuracy_sd"]) for name, q in quality.items())
    spread = max(q["accuracy_sd"] for q in quality.values())
    means = [q["accuracy_mean"] for q in quality.values()]
    verdict = ("no measurable difference: 200 sentences are too few (QUALITY.md has a benchmark that can tell)"
               if max(means) - min(means) < spread else "the difference exceeds the spread over folds")
    return ("  quality     the reviews' pos/neg labels from averaged word vectors (%.1f%% of reviews covered), "
            "10-fold accuracy (chance %.2f):\n              %s\n              %s"
            % (100 * quality["adapted"]["coverage"], quality["adapted"]["majority"], figures, verdict))


def run(args: argparse.Namespace, progress: Progress) -> int:
    from ..adapt import LineCorpus, adapt, stable_hash

    demo = args.pretrained is None and args.corpus is None
    if not demo and (args.pretrained is None or args.corpus is None):
        args.parser.error("give both --pretrained and --corpus (or neither, for the built-in example)")
    if not demo and args.out is None:
        args.parser.error("--out is required with --pretrained and --corpus")
    settings: Dict[str, Any] = dict(_DEMO_SETTINGS, hashfxn=stable_hash) if demo else {}
    for name in ("epochs", "min_count", "workers", "seed"):
        value = getattr(args, name)
        if value is not None:
            settings[name] = value
    settings.update(args.param)
    if demo:
        from ..examples import example_corpus, example_pretrained

        out = args.out or os.path.join(DEMO_DIR, "adapted.model")
        pretrained = example_pretrained()
        corpus_path = example_corpus(os.path.dirname(out) or ".")
    else:
        pretrained, corpus_path, out = args.pretrained, args.corpus, args.out
    save_format = _save_format(args, out)
    epochs = settings.pop("epochs", None)
    if epochs is None and "iter" in settings:
        epochs = settings.pop("iter")

    corpus_size = os.path.getsize(corpus_path)
    with formats.open_source(pretrained) as source:  # opened once: a pipe or process substitution works too
        tracker = _CorpusProgress(progress, corpus_size, source, args.top)
        corpus = LineCorpus(corpus_path, tagged=args.model == "doc2vec", progress=tracker.update)
        try:
            model, report = adapt(
                corpus, source, model=args.model, lockf=args.lockf, anchor=args.anchor, vocab=args.vocab,
                top=args.top,
                epochs=epochs, callbacks=[_training_callback(tracker.training)], drift_words=args.words,
                merge_progress=tracker.merging,
                **settings,
            )
        finally:
            tracker.close()
    written = _save(model, out, save_format)
    quality = _demo_quality(model, corpus, pretrained, settings, epochs) if demo and args.model == "word2vec" else None


    if args.json:
        print_json({"demo": demo, "report": report.as_dict(), "written": written, "quality": quality})
        return 0
    lines = []
    if demo:
        lines += [
            "gensim-transfer adapt: the built-in example (no --pretrained/--corpus given)",
            "  pretrained  %s" % pretrained,
            "              %s words x %d dimensions, trained on 300 news articles (gensim's Lee corpus)"
            % (n(report.transfer.records_read), report.transfer.vector_size),
            "  corpus      %s" % corpus_path,
            "              %s one-sentence movie reviews (from gensim's bundled Pang & Lee sample): the new "
            "domain" % n(report.vocab.corpus_sentences),
            "",
        ]
    lines.append(str(report))
    drift = report.drift
    if drift is not None and drift.moved:
        lines.append("  moved most  %s" % ", ".join("%s %.3f" % m for m in drift.top_movers[:6]))
    if drift is not None:
        for word, lists in drift.neighbours.items():
            lines.append("  neighbours of %r" % word)
            for side in ("before", "after"):
                lines.append("    %-6s  %s" % (side, ", ".join("%s %.2f" % nc for nc in lists[side])))
        for word in drift.missing:
            lines.append("  %r was not merged (no neighbours to compare)" % word)
    if quality is not None:
        lines.append(_quality_line(quality))
    for item in written:
        lines.append("wrote %s (%s, %s bytes)" % (item["path"], item["format"], n(item["bytes"])))
    if demo:
        lines += [
            "",
            "what happened: %s of the %s words of the movie-review vocabulary started from the news"
            % (n(report.transfer.matched), n(report.vocab.vocab_size)),
            "vectors and kept training on the reviews (lockf=%g); the cosine between each word's vector"
            % report.lockf,
            "before and after training shows how far it moved (1 = not at all).",
            "",
            "next:",
            "  %s drift %s %s --words film,good" % (PROG, quote(pretrained), quote(out)),
            "  %s adapt --lockf 0          # frozen pretrained vectors: none of them move" % PROG,
            "  %s adapt --pretrained GoogleNews-vectors-negative300.bin.gz --corpus my-corpus.txt \\" % PROG,
            "      --out my.model --vocab union --top 200000",
        ]
    print("\n".join(lines))
    return 0


