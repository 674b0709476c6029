"""The ``gensim-transfer`` command (also ``python -m gensim_transfer``).

Verbs: ``adapt`` (the whole workflow; with no arguments a built-in example), ``info`` (what a vector file
is), ``convert`` (word2vec binary <-> text, from GloVe/fastText text too), ``drift`` (how far vectors
moved), ``doctor`` (versions and compatibility paths), ``migrate`` (rewrite gensim 3.x code; see
:mod:`gensim_transfer.migrate`).

Exit status: 0 success, 1 failure (a one-line ``gensim-transfer: error: ...`` on stderr naming the file and,
where known, the line or record; the traceback too with ``--verbose``), 2 usage error, 130 interrupted.
Reports go to stdout (JSON with ``--json``); logging, progress and errors to stderr.
"""
from __future__ import annotations

import argparse
import ast
import bz2
import gzip
import importlib
import json
import logging
import os
import platform
import shutil
import sys
import time
import traceback
import uuid
from contextlib import contextmanager
from typing import IO, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from . import __version__, compat, formats
from ._progress import Progress, Task, choose_mode
from .errors import TransferError
from .examples import data_path

__all__ = ["DEMO_DIR", "build_parser", "data_path", "doctor_info", "main"]

logger = logging.getLogger("gensim_transfer.cli")

PROG = "gensim-transfer"
#: Where ``gensim-transfer adapt`` without arguments writes, relative to the current directory.
DEMO_DIR = "gensim-transfer-demo"
#: Model settings of the built-in example: small, fast and the same on every run (batch_words: the corpus is
#: only 3,629 words; gensim 3.8 warns below 10 batches per worker).
_DEMO_SETTINGS = {"min_count": 2, "epochs": 10, "seed": 1, "workers": 1, "batch_words": 256}

_SAVE_FORMATS = ("gensim", "word2vec-bin", "word2vec-txt")
_GLOBAL_FLAGS = {"-q", "--quiet", "-v", "--verbose", "-vv", "-vvv"}


# ---------------------------------------------------------------------------------------------------------
# Argument parsing
# ---------------------------------------------------------------------------------------------------------
_MAIN_EPILOG = """\
examples:
  gensim-transfer adapt                      run the built-in example (seconds, no download)
  gensim-transfer adapt --pretrained GoogleNews-vectors-negative300.bin.gz \\
      --corpus notes.txt --out notes.model --vocab union --top 200000
  gensim-transfer info GoogleNews-vectors-negative300.bin.gz
  gensim-transfer drift GoogleNews-vectors-negative300.bin.gz notes.model --words fever
  gensim-transfer convert glove.6B.100d.txt glove.6B.100d.bin
  gensim-transfer doctor
  gensim-transfer migrate --diff src/

exit status: 0 ok, 1 failure, 2 usage error.
"""

_ADAPT_EPILOG = """\
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

_INFO_EPILOG = """\
examples:
  gensim-transfer info GoogleNews-vectors-negative300.bin.gz
  gensim-transfer info glove.6B.100d.txt --json      (GloVe has no header: records are counted)
  gensim-transfer info vectors.bin --check           (read every record; report the first problem)
"""

_CONVERT_EPILOG = """\
IN may also be a model saved with gensim's save() (its word vectors are written, in vocabulary order).
The output format comes from --to, or from OUT's name (.bin -> binary; .txt or .vec -> text); a further .gz
or .bz2 compresses it. Text is written with 9 significant digits, which round-trips float32 exactly.
The output is written to a temporary file next to OUT and renamed when complete.

examples:
  gensim-transfer convert GoogleNews-vectors-negative300.bin.gz top100k.txt --limit 100000
  gensim-transfer convert glove.6B.100d.txt glove.6B.100d.bin     (adds the word2vec header)
  gensim-transfer convert vectors.txt vectors.bin.gz
  gensim-transfer convert adapted.model adapted.bin
"""

_DRIFT_EPILOG = """\
BEFORE and AFTER are vector files (word2vec binary/text, fastText .vec, GloVe; .gz/.bz2) or models saved with
gensim's save() (recognised by their first bytes). AFTER is read whole; BEFORE only for AFTER's words.
A saved model is a pickle: load only files you trust.

examples:
  gensim-transfer drift GoogleNews-vectors-negative300.bin.gz notes.model --words fever,cough
  gensim-transfer drift before.bin after.bin --top 20 --json
"""

_DOCTOR_EPILOG = """\
examples:
  gensim-transfer doctor
  gensim-transfer doctor --json
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a positive integer, got %r" % text) from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive integer, got %r" % text)
    return value


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number, got %r" % text) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError("expected a finite number, got %r" % text)
    return value


def _param(text: str) -> Tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key.isidentifier():
        raise argparse.ArgumentTypeError("expected KEY=VALUE with KEY a gensim keyword, got %r" % text)
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    return key, value


def _words(text: str) -> List[str]:
    return [w for w in (part.strip() for part in text.split(",")) if w]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gensim-transfer`` (every verb but ``migrate``, which parses its own).

    Examples
    --------
    >>> args = build_parser().parse_args(["info", "vectors.bin", "--json"])
    >>> args.command, args.json
    ('info', True)
    """
    common = argparse.ArgumentParser(add_help=False)
    output = common.add_argument_group("output")
    # SUPPRESS: the flags may come before or after the verb without one resetting the other.
    output.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print only errors: no log lines, no progress")
    output.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="log what happens (-vv: gensim's log too); tracebacks with errors")

    parser = argparse.ArgumentParser(
        prog=PROG, parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Merge pretrained word vectors into gensim models and keep training them, identically on "
                    "gensim 3.8.3 to 4.4.",
        epilog=_MAIN_EPILOG,
    )
    parser.add_argument("--version", action="version", version="%s %s (gensim %s, numpy %s, Python %s)" % (
        PROG, __version__, compat.GENSIM_VERSION, compat.NUMPY_VERSION, platform.python_version()))
    verbs = parser.add_subparsers(dest="command", metavar="<command>", title="commands")
    verbs.required = True

    def verb(name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=summary, description=summary, epilog=epilog, parents=[common],
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(parser=p)
        return p

    p = verb("adapt", "build a domain model from a corpus and a pretrained vector file, and train it",
             _ADAPT_EPILOG)
    p.add_argument("--pretrained", metavar="FILE",
                   help="pretrained vectors (word2vec bin/txt, .vec, GloVe; .gz/.bz2)")
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
    p.add_argument("--top", type=_positive_int, metavar="N",
                   help="use only the file's first N records (vocabulary and merge); default: all")
    p.add_argument("--lockf", type=_finite_float, default=1.0, metavar="F",
                   help="lock factor of the merged words: 1 trains them freely (default), 0 freezes them")
    p.add_argument("--epochs", type=_positive_int, metavar="E", help="training epochs (default: gensim's, 5)")
    p.add_argument("--min-count", type=_positive_int, metavar="N", help="gensim's min_count (default 5)")
    p.add_argument("--workers", type=_positive_int, metavar="N",
                   help="training threads (default: gensim's, 3)")
    p.add_argument("--seed", type=int, metavar="N", help="gensim's random seed")
    p.add_argument("-p", "--param", type=_param, action="append", default=[], metavar="KEY=VALUE",
                   help="any other constructor keyword of the gensim model, either spelling (repeatable), "
                        "e.g. -p sg=1 -p window=8")
    p.add_argument("--words", type=_words, default=[], metavar="W1,W2",
                   help="also list these words' nearest neighbours before and after training")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=_cmd_adapt)

    p = verb("info", "describe a vector file: format, records, vector size, sample words", _INFO_EPILOG)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sample", type=int, default=5, metavar="N",
                   help="how many sample words to show (default 5)")
    p.add_argument("--check", action="store_true", help="read every record (validates the whole file)")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(run=_cmd_info)

    p = verb("convert", "convert between word2vec binary and text (and from GloVe, fastText .vec, gensim models)",
             _CONVERT_EPILOG)
    p.add_argument("input", metavar="IN")
    p.add_argument("output", metavar="OUT")
    p.add_argument("--limit", type=_positive_int, metavar="N", help="only the first N records")
    p.add_argument("--to", choices=("bin", "txt"), help="output format (default: from OUT's name)")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(run=_cmd_convert)

    p = verb("drift", "how far word vectors moved between two files or saved models", _DRIFT_EPILOG)
    p.add_argument("before", metavar="BEFORE")
    p.add_argument("after", metavar="AFTER")
    p.add_argument("--words", type=_words, default=[], metavar="W1,W2",
                   help="list these words' nearest neighbours before and after")
    p.add_argument("--top", type=int, default=10, metavar="K",
                   help="how many top movers to list (default 10)")
    p.add_argument("--neighbours", type=_positive_int, default=8, metavar="N",
                   help="neighbours per word (default 8)")
    p.add_argument("--limit", type=_positive_int, metavar="N", help="read only BEFORE's first N records")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=_cmd_drift)

    p = verb("doctor", "show versions, platform, compatibility paths and optional extras", _DOCTOR_EPILOG)
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(run=_cmd_doctor)

    # Listed for --help only: main() hands everything after "migrate" to gensim_transfer.migrate.main.
    verbs.add_parser("migrate", help="rewrite gensim 3.x code to run on gensim 4.x (see: migrate --help)",
                     add_help=False)
    return parser


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------
@contextmanager
def _logging_to_stderr(verbosity: int, quiet: bool) -> Iterator[None]:
    """Log lines to stderr: warnings by default, ours at INFO with -v, DEBUG and gensim's INFO with -vv.

    Everything is put back afterwards, so that ``main()`` can be called from Python (tests, notebooks).
    """
    root = logging.getLogger()
    ours_logger, theirs_logger = logging.getLogger("gensim_transfer"), logging.getLogger("gensim")
    saved = (root.level, ours_logger.level, theirs_logger.level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    if quiet:
        ours, theirs = logging.ERROR, logging.ERROR
    elif verbosity >= 2:
        ours, theirs = logging.DEBUG, logging.INFO
    elif verbosity == 1:
        ours, theirs = logging.INFO, logging.WARNING
    else:
        ours, theirs = logging.WARNING, logging.WARNING
    root.addHandler(handler)
    root.setLevel(min(ours, theirs))
    ours_logger.setLevel(ours)
    theirs_logger.setLevel(theirs)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        ours_logger.setLevel(saved[1])
        theirs_logger.setLevel(saved[2])


def _migrate_position(argv: Sequence[str]) -> Optional[int]:
    for i, arg in enumerate(argv):
        if arg in _GLOBAL_FLAGS:
            continue
        return i if arg == "migrate" else None
    return None


def _run_migrate(argv: List[str], verbosity: int) -> int:
    try:
        migrate = importlib.import_module("gensim_transfer.migrate")
    except ImportError as err:
        if verbosity:
            traceback.print_exc()
        print("%s: error: the migrate command is not available: %s" % (PROG, err), file=sys.stderr)
        return 1
    return int(migrate.main(argv) or 0)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    Examples
    --------
    >>> main(["info", "vectors.bin", "--json"])
    0
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    at = _migrate_position(args_list)
    if at is not None:
        flags = args_list[:at]
        verbosity = sum(f.count("v") for f in flags if f.startswith("-v") or f == "--verbose")
        with _logging_to_stderr(verbosity, any(f in ("-q", "--quiet") for f in flags)):
            return _run_migrate(args_list[at + 1:], verbosity)

    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as stop:  # --help, --version (0) and usage errors (2)
        return _exit_status(stop.code)
    verbosity = int(getattr(args, "verbose", 0) or 0)
    quiet = bool(getattr(args, "quiet", False))
    with _logging_to_stderr(verbosity, quiet):
        return _run(args, verbosity, quiet)


def _run(args: argparse.Namespace, verbosity: int, quiet: bool) -> int:
    try:
        progress = Progress(choose_mode(quiet))
        return int(args.run(args, progress) or 0)
    except SystemExit as stop:  # a verb's own usage error (args.parser.error)
        return _exit_status(stop.code)
    except KeyboardInterrupt:
        print("%s: interrupted" % PROG, file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `gensim-transfer info x --json | head -1`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as err:
        if verbosity:
            traceback.print_exc()
        print("%s: error: %s" % (PROG, _describe_error(err, verbosity)), file=sys.stderr)
        return 1


def _exit_status(code: Any) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _describe_error(err: BaseException, verbosity: int) -> str:
    """One line for the user: our errors and OSError name the file; anything else also names its type."""
    if isinstance(err, TransferError):
        return str(err)
    if isinstance(err, OSError) and err.filename is not None:
        text = "%s: %s" % (err.filename, err.strerror or err)
        return text + (" (and %s)" % err.filename2 if err.filename2 else "")
    if isinstance(err, (ValueError, TypeError, KeyError, OSError)):
        return str(err) if not isinstance(err, KeyError) else "%s: %s" % (type(err).__name__, err)
    hint = "" if verbosity else " (run with --verbose for the traceback)"
    return "%s: %s%s" % (type(err).__name__, err, hint)


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _n(value: int) -> str:
    return f"{value:,}"


# ---------------------------------------------------------------------------------------------------------
# doctor
# ---------------------------------------------------------------------------------------------------------
def _package_version(name: str) -> Optional[str]:
    try:
        from importlib import metadata
    except ImportError:  # Python < 3.8 has no importlib.metadata
        return None
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def doctor_info() -> Dict[str, Any]:
    """What ``gensim-transfer doctor`` reports, as a dict.

    Examples
    --------
    >>> doctor_info()["compat"]["model keywords"]
    'vector_size/epochs (4.x spelling)'
    """
    try:
        from gensim.models.word2vec import FAST_VERSION
    except ImportError:
        FAST_VERSION = -1
    return {
        "gensim_transfer": __version__,
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        },
        "platform": platform.platform(),
        "packages": {
            "gensim": str(compat.GENSIM_VERSION),
            "numpy": str(compat.NUMPY_VERSION),
            "scipy": _package_version("scipy"),
            "smart_open": _package_version("smart_open"),
        },
        "gensim_compiled_routines": FAST_VERSION is not None and FAST_VERSION >= 0,
        "scanner": {"in_use": formats.scanner(), "why_not_compiled": formats.scanner_fallback_reason()},
        "compat": compat.active_paths(),
        "extras": {"tqdm": _package_version("tqdm"), "libcst": _package_version("libcst")},
        "progress": choose_mode(),
    }


def _cmd_doctor(args: argparse.Namespace, progress: Progress) -> int:
    info = doctor_info()
    if args.json:
        _print_json(info)
        return 0
    py = info["python"]
    rows = [
        ("gensim-transfer", info["gensim_transfer"]),
        ("python", "%s (%s) %s" % (py["version"], py["implementation"], py["executable"])),
        ("platform", info["platform"]),
    ]
    for name, version in info["packages"].items():
        rows.append((name, version or "not installed"))
    rows.append(("compiled gensim", "yes" if info["gensim_compiled_routines"] else
                 "NO: gensim's pure-Python fallback is very slow; reinstall gensim from a wheel"))
    scanner = info["scanner"]
    rows.append(("vector-file scanner", "compiled" if scanner["in_use"] == "compiled" else
                 "pure Python, several times slower: %s" % scanner["why_not_compiled"]))
    width = max(len(k) for k, _ in rows)
    lines = ["%-*s  %s" % (width, k, v) for k, v in rows]
    lines.append("")
    lines.append("compatibility paths in use:")
    cwidth = max(len(k) for k in info["compat"])
    lines.extend("  %-*s  %s" % (cwidth, k, v) for k, v in info["compat"].items())
    lines.append("")
    lines.append("optional extras:")
    extras = info["extras"]
    missing = "not installed (%s: pip install 'gensim-transfer[%s]')"
    lines.append("  tqdm    %s" % (extras["tqdm"] or missing % ("progress bars", "progress")))
    lines.append("  libcst  %s" % (extras["libcst"] or missing % ("migrate", "migrate")))
    lines.append("progress on this terminal: %s" % info["progress"])
    print("\n".join(lines))
    return 0


# ---------------------------------------------------------------------------------------------------------
# info
# ---------------------------------------------------------------------------------------------------------
def _open_decompressed(path: str, compression: Optional[str], raw: IO[bytes]) -> IO[bytes]:
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if compression == "bz2":
        return bz2.BZ2File(raw, mode="rb")
    return raw


def _count_lines(info: formats.VectorFileInfo, progress: Progress) -> int:
    """Non-blank lines of a headerless text file, streaming (each line of a GloVe file is one record)."""
    size = os.path.getsize(info.path)
    count = 0
    with open(info.path, "rb") as raw, progress.task("counting records", total=size, unit="B") as task:
        stream = _open_decompressed(info.path, info.compression, raw)
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


def _iter_with_progress(records: Iterable[Any], task: Task, step: int = 4096) -> Iterator[Any]:
    pending = 0
    for item in records:
        yield item
        pending += 1
        if pending == step:
            task.update(pending)
            pending = 0
    task.update(pending)


def _cmd_info(args: argparse.Namespace, progress: Progress) -> int:
    from .drift import is_gensim_save, load_keyed_vectors

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
                records = sum(1 for _ in _iter_with_progress(formats.iter_vectors(path), task))
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
        _print_json(result)
        return 0
    rows = [
        ("path", result["path"]),
        ("format", result["format"] + (" (%s)" % result["description"] if "description" in result else "")),
        ("compression", result["compression"] or "none"),
        ("records", "%s (%s)" % (_n(result["records"]), result["records_from"])),
        ("vector size", str(result["vector_size"])),
        ("bytes", "%s (on disk)" % _n(result["bytes"])),
        ("sample words", ", ".join(result["sample_words"]) or "-"),
    ]
    print("\n".join("%-12s  %s" % row for row in rows))
    return 0


# ---------------------------------------------------------------------------------------------------------
# Writing vector files (convert, adapt --save-format word2vec-*)
# ---------------------------------------------------------------------------------------------------------
def _output_kind(path: str, to: Optional[str]) -> Tuple[bool, Optional[str]]:
    """(binary?, compression) for an output path; binary None if the name does not tell."""
    lower = path.lower()
    compression = None
    for suffix, kind in ((".gz", "gzip"), (".bz2", "bz2")):
        if lower.endswith(suffix):
            compression, lower = kind, lower[: -len(suffix)]
    if to is not None:
        return to == "bin", compression
    if lower.endswith(".bin"):
        return True, compression
    if lower.endswith((".txt", ".vec")):
        return False, compression
    return None, compression  # type: ignore[return-value]


@contextmanager
def _atomic_output(path: str, compression: Optional[str] = None) -> Iterator[IO[bytes]]:
    """A binary stream to ``path`` that appears under that name only if the block completes."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, ".%s.%s.tmp" % (os.path.basename(path), uuid.uuid4().hex[:12]))
    raw = open(tmp, "xb")  # created with the process's umask, unlike tempfile's 0600
    try:
        if compression == "gzip":
            stream: IO[bytes] = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0)
        elif compression == "bz2":
            stream = bz2.BZ2File(raw, mode="wb")
        else:
            stream = raw
        yield stream
        if stream is not raw:
            stream.close()
        raw.close()
        os.replace(tmp, path)
    except BaseException:
        raw.close()
        os.unlink(tmp)
        raise


def _write_records(
    stream: IO[bytes], records: Iterable[Tuple[str, np.ndarray]], size: int, binary: bool
) -> int:
    """Write word2vec records (no header); return how many. Text: 9 significant digits (float32-exact)."""
    count = 0
    write = stream.write
    if binary:
        for word, vector in records:
            write(word.encode("utf8") + b" " + np.asarray(vector, dtype="<f4").tobytes() + b"\n")
            count += 1
        return count
    template = " ".join(["%.9g"] * size)
    for word, vector in records:
        if not word or len(word.split()) != 1 or word.strip() != word:
            raise ValueError("record %d: word %r contains whitespace; the text format cannot hold it"
                             % (count + 1, word))
        values = template % tuple(np.asarray(vector, dtype=np.float32).tolist())
        write(("%s %s\n" % (word, values)).encode("utf8"))
        count += 1
    return count


def _write_vectors(path: str, words: Sequence[str], vectors: np.ndarray, *, binary: bool) -> int:
    """Write words and their vectors as a word2vec file (binary or text), atomically; return bytes written."""
    _, compression = _output_kind(path, "bin" if binary else "txt")
    vectors = np.asarray(vectors, dtype=np.float32)
    with _atomic_output(path, compression) as stream:
        stream.write(b"%d %d\n" % (len(words), vectors.shape[1]))
        _write_records(stream, zip(words, vectors), vectors.shape[1], binary)
    return os.path.getsize(path)


# ---------------------------------------------------------------------------------------------------------
# convert
# ---------------------------------------------------------------------------------------------------------
def _cmd_convert(args: argparse.Namespace, progress: Progress) -> int:
    source, target = args.input, args.output
    binary, compression = _output_kind(target, args.to)
    if binary is None:
        args.parser.error("cannot tell the output format from %r; pass --to bin or --to txt" % target)
    if os.path.exists(target) and os.path.exists(source) and os.path.samefile(source, target):
        args.parser.error("IN and OUT are the same file: %s" % source)
    from .drift import is_gensim_save, load_keyed_vectors

    started = time.perf_counter()
    if is_gensim_save(source):  # a saved model's word vectors, in its vocabulary order
        kv, _ = load_keyed_vectors(source)
        words = list(compat.index_to_key(kv))[:args.limit]
        input_format, size, header_count = "gensim-save", compat.vector_size(kv), len(words)
        records: Iterable[Tuple[str, np.ndarray]] = zip(words, kv.vectors)
    else:
        info = formats.sniff(source)
        input_format, size = info.format, info.vector_size
        header_count = None if info.count is None else min(info.count, args.limit or info.count)
        records = formats.iter_vectors(source, limit=args.limit)
    if header_count is not None:
        count = header_count
        with _atomic_output(target, compression) as stream, \
                progress.task("converting", total=count, unit="records") as task:
            stream.write(b"%d %d\n" % (count, size))
            written = _write_records(stream, _iter_with_progress(records, task), size, binary)
            if written != count:  # the reader raises first; this guards the header we already wrote
                raise TransferError("%s: read %d records but the header said %d" % (source, written, count))
    else:
        # No header count (GloVe): write the records to a scratch file, then the header and a copy.
        scratch = os.path.join(os.path.dirname(os.path.abspath(target)),
                               ".%s.%s.body" % (os.path.basename(target), uuid.uuid4().hex[:12]))
        try:
            task = progress.task("converting", total=args.limit, unit="records")
            with open(scratch, "xb") as body, task:
                written = _write_records(body, _iter_with_progress(records, task), size, binary)
            with _atomic_output(target, compression) as stream, open(scratch, "rb") as body:
                stream.write(b"%d %d\n" % (written, size))
                shutil.copyfileobj(body, stream, 1 << 20)
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)
    result = {
        "input": source, "input_format": input_format, "output": target,
        "output_format": "word2vec-binary" if binary else "word2vec-text", "compression": compression,
        "records": written, "vector_size": size, "bytes": os.path.getsize(target),
        "seconds": round(time.perf_counter() - started, 3),
    }
    if args.json:
        _print_json(result)
    else:
        print("wrote %s: %s records x %d dimensions, %s%s, %s bytes (from %s [%s]) in %.1fs" % (
            target, _n(written), size, result["output_format"], "+" + compression if compression else "",
            _n(result["bytes"]), source, input_format, result["seconds"]))
    return 0


# ---------------------------------------------------------------------------------------------------------
# drift
# ---------------------------------------------------------------------------------------------------------
def _cmd_drift(args: argparse.Namespace, progress: Progress) -> int:
    from .drift import compare

    report = compare(args.before, args.after, words=args.words, top=max(0, args.top), topn=args.neighbours,
                     limit=args.limit)
    if args.json:
        _print_json(report.as_dict())
    else:
        print(report)
    return 0


# ---------------------------------------------------------------------------------------------------------
# adapt
# ---------------------------------------------------------------------------------------------------------
class _CorpusProgress:
    """Turns the corpus reader's byte counts into a 'counting words' task, then a 'training' task."""

    def __init__(self, progress: Progress, size: int, pretrained: str, limit: Optional[int] = None) -> None:
        self.progress = progress
        self.size = size
        self.pretrained = os.path.basename(pretrained)
        self.pretrained_count = formats.sniff(pretrained).count  # None for GloVe: a bar without a total
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
    binary, _ = _output_kind(out, None)
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
    size = _write_vectors(out, list(compat.index_to_key(kv)), kv.vectors, binary=save_format == "word2vec-bin")
    return [{"path": out, "format": save_format, "bytes": size}]


def _cmd_adapt(args: argparse.Namespace, progress: Progress) -> int:
    from .adapt import LineCorpus, adapt, stable_hash

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
        from .examples import example_corpus, example_pretrained

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
    tracker = _CorpusProgress(progress, corpus_size, pretrained, args.top)
    corpus = LineCorpus(corpus_path, tagged=args.model == "doc2vec", progress=tracker.update)
    try:
        model, report = adapt(
            corpus, pretrained, model=args.model, lockf=args.lockf, vocab=args.vocab, top=args.top,
            epochs=epochs, callbacks=[_training_callback(tracker.training)], drift_words=args.words,
            merge_progress=tracker.merging,
            **settings,
        )
    finally:
        tracker.close()
    written = _save(model, out, save_format)

    if args.json:
        _print_json({"demo": demo, "report": report.as_dict(), "written": written})
        return 0
    lines = []
    if demo:
        lines += [
            "gensim-transfer adapt: the built-in example (no --pretrained/--corpus given)",
            "  pretrained  %s" % pretrained,
            "              %s words x %d dimensions, trained on 300 news articles (gensim's Lee corpus)"
            % (_n(report.transfer.records_read), report.transfer.vector_size),
            "  corpus      %s" % corpus_path,
            "              %s one-sentence movie reviews (from gensim's bundled Pang & Lee sample): the new "
            "domain" % _n(report.vocab.corpus_sentences),
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
    for item in written:
        lines.append("wrote %s (%s, %s bytes)" % (item["path"], item["format"], _n(item["bytes"])))
    if demo:
        lines += [
            "",
            "what happened: %s of the %s words of the movie-review vocabulary started from the news"
            % (_n(report.transfer.matched), _n(report.vocab.vocab_size)),
            "vectors and kept training on the reviews (lockf=%g); the cosine between each word's vector"
            % report.lockf,
            "before and after training shows how far it moved (1 = not at all).",
            "",
            "next:",
            "  %s drift %s %s --words film,good" % (PROG, _quote(pretrained), _quote(out)),
            "  %s adapt --lockf 0          # frozen pretrained vectors: none of them move" % PROG,
            "  %s adapt --pretrained GoogleNews-vectors-negative300.bin.gz --corpus my-corpus.txt \\" % PROG,
            "      --out my.model --vocab union --top 200000",
        ]
    print("\n".join(lines))
    return 0


def _quote(path: str) -> str:
    if path and all(c.isalnum() or c in "-_./:\\" for c in path):
        return path
    return "'%s'" % path.replace("'", "'\\''")
