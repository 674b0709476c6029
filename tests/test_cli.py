"""The command line as a user runs it: `python -m gensim_transfer ...` in a subprocess, real files."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import zlib

import numpy as np
import pytest
from gensim.models import Word2Vec

import gensim_transfer
from gensim_transfer import compat, formats
from gensim_transfer.cli import data_path, main
from gensim_transfer.formats._compression import inflater

from .corpus import lee_sentences, random_vectors
from .test_adapt import write_bin

SIZE = 12


def run(*args, cwd=None, env=None, check=None):
    """Run the CLI; return (exit status, stdout, stderr)."""
    environment = dict(os.environ)
    environment.pop("GENSIM_TRANSFER_PROGRESS", None)
    # gensim 4.0.x warns on import when python-Levenshtein is missing; not ours, and not what is tested here.
    environment["PYTHONWARNINGS"] = "ignore::UserWarning:gensim.similarities"
    environment.update(env or {})
    # Never from the repository root: there ``python -m`` would import the source tree, not the installed package.
    done = subprocess.run([sys.executable, "-m", "gensim_transfer", *map(str, args)], cwd=cwd or tempfile.gettempdir(),
                          env=environment, capture_output=True, text=True, timeout=600)
    if check is not None:
        assert done.returncode == check, (done.returncode, done.stdout, done.stderr)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    sentences = lee_sentences(0, 120)
    words = sorted({w for s in sentences for w in s})[:900]
    vectors = random_vectors(len(words), SIZE, seed=8)
    # Values whose text form needs all 9 digits, subnormals, signed zero and extremes.
    vectors[0, :6] = np.array([0.1, -0.0, 1e-40, 3.4028235e38, -1.17549435e-38, 1 / 3], dtype=np.float32)
    corpus = folder / "corpus.txt.gz"
    with gzip.open(str(corpus), "wt", encoding="utf8") as out:
        out.write("\n".join(" ".join(s) for s in sentences) + "\n")
    glove = folder / "glove.txt"
    glove.write_text("".join("%s %s\n" % (w, " ".join("%.9g" % x for x in v.tolist()))
                             for w, v in zip(words, vectors)), encoding="utf8")
    return {"folder": folder, "words": words, "vectors": vectors, "corpus": str(corpus), "glove": str(glove),
            "bin": write_bin(folder / "pre.bin", words, vectors)}


def run_here(capsys, *args):
    """Run the CLI in this process (for the many quick checks); return (exit status, stdout, stderr)."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


# --- the built-in example --------------------------------------------------------------------------------
def test_adapt_without_arguments_runs_the_example_and_writes_a_loadable_model(tmp_path):
    _, out, err = run("adapt", cwd=tmp_path, check=0)
    assert "built-in example" in out and "movie-reviews.txt" in out and "news-vectors-48d.bin" in out
    assert "merged vectors moved" in out and "moved most" in out and "next:" in out
    saved = tmp_path / "gensim-transfer-demo" / "adapted.model"
    assert "wrote %s" % os.path.join("gensim-transfer-demo", "adapted.model") in out
    model = Word2Vec.load(str(saved))
    assert compat.vector_size(model) == 48 and len(compat.index_to_key(model)) > 300
    assert "Traceback" not in err


@pytest.mark.parametrize("lockf", ["0", "1"])
def test_example_json_report_and_drift_command_agree_on_movement(tmp_path, lockf):
    _, out, _ = run("adapt", "--json", "--lockf", lockf, cwd=tmp_path, check=0)
    report = json.loads(out)
    assert report["demo"] is True and report["report"]["lockf"] == float(lockf)
    drift = report["report"]["drift"]
    assert drift["shared"] == report["report"]["transfer"]["matched"] > 200
    if lockf == "0":
        assert drift["unchanged"] == drift["shared"] and drift["cosine"]["min"] == 1.0
    else:
        assert drift["moved"] > 0.9 * drift["shared"] and drift["cosine"]["min"] < 0.99
    model_path = report["written"][0]["path"]
    _, out, _ = run("drift", data_path("news-vectors-48d.bin"), model_path, "--json",
                    "--words", "film,zzzz", cwd=tmp_path, check=0)
    measured = json.loads(out)
    assert (measured["shared"], measured["unchanged"]) == (drift["shared"], drift["unchanged"])
    assert measured["cosine"] == drift["cosine"]
    assert "film" in measured["neighbours"] and measured["missing"] == ["zzzz"]


# --- adapt on the user's files ---------------------------------------------------------------------------
@pytest.mark.parametrize("save_format,suffix", [("word2vec-bin", ".bin"), ("word2vec-txt", ".txt")])
def test_adapt_real_files_writes_vectors_that_read_back_exactly(tmp_path, capsys, files, save_format, suffix):
    out_path = tmp_path / ("adapted" + suffix)
    args = ("adapt", "--pretrained", files["bin"], "--corpus", files["corpus"], "--out", out_path, "--vocab",
            "union", "--top", 500, "--epochs", 2, "--min-count", 3, "--workers", 1, "--seed", 1, "-p", "window=3",
            "--json")
    status, out, err = run(*args) if suffix == ".bin" else run_here(capsys, *args)
    assert status == 0, err
    report = json.loads(out)
    assert report["written"] == [{"path": str(out_path), "format": save_format,
                                  "bytes": os.path.getsize(out_path)}]
    assert report["report"]["vocab"]["strategy"] == "union"
    assert report["report"]["transfer"]["records_read"] == 500
    info = formats.sniff(str(out_path))
    assert info.count == report["report"]["vocab"]["vocab_size"] and info.vector_size == SIZE
    assert info.format == ("word2vec-binary" if suffix == ".bin" else "word2vec-text")
    words, vectors = zip(*formats.iter_vectors(str(out_path)))
    assert len(words) == info.count and np.all(np.isfinite(np.array(vectors)))


def test_adapt_doc2vec_saves_a_gensim_model_that_convert_can_export(tmp_path, capsys, files):
    from gensim.models import Doc2Vec

    out_path = tmp_path / "docs.model"
    run("adapt", "--pretrained", files["bin"], "--corpus", files["corpus"], "--out", out_path, "--model",
        "doc2vec", "--epochs", 1, "--min-count", 3, "--workers", 1, "-q", check=0)
    kv = compat.wv(Doc2Vec.load(str(out_path)))
    assert compat.vector_size(kv) == SIZE
    status, out, _ = run_here(capsys, "convert", out_path, tmp_path / "docs.txt", "--limit", 50)
    assert status == 0 and "from %s [gensim-save]" % out_path in out
    words, vectors = zip(*formats.iter_vectors(str(tmp_path / "docs.txt")))
    assert list(words) == list(compat.index_to_key(kv))[:50]
    assert np.array_equal(np.array(vectors), kv.vectors[:50])  # 9 significant digits: float32-exact


def test_progress_lines_on_request_and_silence_otherwise(tmp_path, files):
    args = ("adapt", "--pretrained", files["bin"], "--corpus", files["corpus"], "--out", tmp_path / "m.model",
            "--epochs", 2, "--min-count", 3, "--workers", 1)
    _, _, err = run(*args, "-v", env={"GENSIM_TRANSFER_PROGRESS": "lines"}, check=0)
    assert "gensim-transfer: counting words: done" in err
    assert "gensim-transfer: merging %s: done, %s records" % (
        os.path.basename(files["bin"]), "{:,}".format(len(files["words"]))) in err
    assert "gensim-transfer: training 2 epochs: done" in err
    assert "INFO gensim_transfer.transfer: transfer_init: merged" in err
    _, _, err = run(*args, check=0)  # stderr is a pipe: no progress, no log lines below WARNING
    assert "gensim-transfer:" not in err and " INFO " not in err
    _, out, err = run(*args, "--quiet", env={"GENSIM_TRANSFER_PROGRESS": "lines"}, check=0)
    assert err == "" and "transfer" in out


# --- info ------------------------------------------------------------------------------------------------
def test_info_json_describes_the_file(files, capsys):
    _, out, _ = run("info", files["bin"], "--json", check=0)
    info = json.loads(out)
    assert info == {
        "path": files["bin"], "source": "file", "format": "word2vec-binary", "compression": None,
        "records": len(files["words"]),
        "records_from": "header", "vector_size": SIZE, "bytes": os.path.getsize(files["bin"]),
        "sample_words": files["words"][:5], "checked": False,
    }
    _, out, _ = run_here(capsys, "info", files["glove"], "--json", "--sample", 2)
    glove = json.loads(out)
    assert (glove["format"], glove["records"], glove["records_from"]) == ("glove-text", len(files["words"]),
                                                                         "counted records (layout checked)")
    assert glove["sample_words"] == files["words"][:2]
    _, out, _ = run_here(capsys, "info", files["glove"], "--check")
    assert "%s (read (every record checked))" % "{:,}".format(len(files["words"])) in out


# --- convert ---------------------------------------------------------------------------------------------
def test_convert_bin_txt_bin_round_trip_is_bit_exact(tmp_path, files):
    txt, back = tmp_path / "v.txt", tmp_path / "v.bin"
    run("convert", files["bin"], txt, check=0)
    run("convert", txt, back, check=0)
    assert back.read_bytes() == open(files["bin"], "rb").read()  # same layout, float32 bit for bit
    words, vectors = zip(*formats.iter_vectors(str(txt)))
    assert list(words) == files["words"]
    assert np.array_equal(np.array(vectors).view(np.uint32), files["vectors"].view(np.uint32))


def test_convert_glove_adds_the_header_and_honours_limit_and_compression(tmp_path, capsys, files):
    out_path = tmp_path / "glove.bin.gz"
    _, out, _ = run("convert", files["glove"], out_path, "--limit", 100, "--json", check=0)
    result = json.loads(out)
    assert (result["records"], result["output_format"], result["compression"]) == (100, "word2vec-binary", "gzip")
    info = formats.sniff(str(out_path))
    assert (info.count, info.vector_size, info.compression) == (100, SIZE, "gzip")
    words, vectors = zip(*formats.iter_vectors(str(out_path)))
    assert list(words) == files["words"][:100]
    assert np.array_equal(np.array(vectors), files["vectors"][:100])
    assert run_here(capsys, "convert", files["glove"], tmp_path / "all.txt")[0] == 0
    assert formats.sniff(str(tmp_path / "all.txt")).count == len(files["words"])


def test_convert_of_a_truncated_file_fails_naming_it_and_leaves_no_output(tmp_path, files):
    data = open(files["bin"], "rb").read()
    cut = tmp_path / "cut.bin"
    cut.write_bytes(data[: len(data) - 30])
    status, out, err = run("convert", cut, tmp_path / "out.txt")
    assert status == 1 and out == ""
    assert err.startswith("gensim-transfer: error: %s (" % cut) and "record %d" % len(files["words"]) in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == ["cut.bin"]
    status, _, err = run("convert", cut, tmp_path / "out.txt", "--verbose")
    assert status == 1 and "Traceback" in err and "TruncatedFileError" in err


# --- errors and exit codes -------------------------------------------------------------------------------
def test_a_missing_file_is_one_line_naming_it_with_exit_status_1(tmp_path):
    missing = tmp_path / "missing.bin"
    status, out, err = run("info", missing)
    assert status == 1 and out == ""
    assert err == "gensim-transfer: error: %s: No such file or directory\n" % missing


def test_usage_errors_exit_2_and_failures_exit_1_with_one_line(tmp_path, capsys, files):
    garbage = tmp_path / "notes.txt"
    garbage.write_text("hello world\n", encoding="utf8")
    status, _, err = run_here(capsys, "info", garbage)
    assert status == 1 and err.startswith("gensim-transfer: error: %s (line 1)" % garbage)
    for args in (["adapt", "--corpus", files["corpus"]], ["adapt", "--lockf", "x"], ["adapt", "--top", "0"],
                 ["adapt", "--pretrained", files["bin"], "--corpus", files["corpus"]],
                 ["convert", files["bin"], tmp_path / "out.unknown"], ["drift", files["bin"]], ["frobnicate"], []):
        status, out, err = run_here(capsys, *args)
        assert status == 2 and out == "" and "usage:" in err, args
    status, _, err = run_here(capsys, "adapt", "--pretrained", files["bin"], "--corpus", files["corpus"], "--out",
                              tmp_path / "x.model", "-p", "size=13")
    assert status == 1 and files["bin"] in err and "13" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.model").exists()


def test_help_on_every_verb_has_examples(capsys):
    for verb in ("adapt", "info", "convert", "drift", "doctor"):
        status, out, _ = run_here(capsys, verb, "--help")
        assert status == 0 and "examples:" in out and "gensim-transfer %s" % verb in out
    status, out, _ = run("--help", check=0)
    for verb in ("adapt", "info", "convert", "drift", "doctor", "migrate"):
        assert verb in out
    status, out, _ = run_here(capsys, "--version")
    assert status == 0
    assert out.startswith("gensim-transfer %s (gensim %s" % (gensim_transfer.__version__, compat.GENSIM_VERSION))


def test_doctor_json_reports_versions_and_compat_paths(capsys):
    import gensim

    _, out, _ = run("doctor", "--json", check=0)
    info = json.loads(out)
    assert info["packages"]["gensim"] == gensim.__version__ and info["packages"]["numpy"] == np.__version__
    assert info["compat"] == compat.active_paths()
    assert info["gensim_transfer"] == gensim_transfer.__version__
    assert set(info["extras"]) == {"tqdm", "libcst", "isal", "zlib_ng"} and info["progress"] == "off"
    assert info["inflater"] == inflater()
    status, out, _ = run_here(capsys, "doctor")
    assert status == 0 and "compatibility paths in use:" in out and gensim.__version__ in out
    scanner = formats.scanner()
    assert info["scanner"] == {"in_use": scanner, "why_not_compiled": formats.scanner_fallback_reason()}
    assert ("vector-file scanner  compiled" in out) == (scanner == "compiled")


def test_doctor_shows_the_inflater_and_how_to_get_a_faster_one(capsys, monkeypatch):
    monkeypatch.setenv("GENSIM_TRANSFER_INFLATE", "zlib")
    status, out, _ = run_here(capsys, "doctor")
    assert status == 0
    expected = "zlib %s (standard library); pip install 'gensim-transfer[fast]'" % zlib.ZLIB_RUNTIME_VERSION
    assert "gzip/deflate input   " + expected in out
    assert "  isal  " in out and "  zlib_ng  " in out
    monkeypatch.setenv("GENSIM_TRANSFER_INFLATE", "nonsense")
    status, out, _ = run_here(capsys, "doctor")
    assert status == 0 and "gzip/deflate input   unusable: GENSIM_TRANSFER_INFLATE='nonsense'" in out


def test_doctor_says_why_the_scanner_is_pure_python(capsys, monkeypatch):
    from gensim_transfer.formats import _native

    monkeypatch.setattr(_native, "cscan", None)
    monkeypatch.setattr(_native, "why_not", "not built (test)")
    status, out, _ = run_here(capsys, "doctor")
    assert status == 0 and "vector-file scanner  pure Python, several times slower: not built (test)" in out


def test_migrate_is_passed_through(tmp_path, capsys):
    pytest.importorskip("gensim_transfer.migrate")
    _, out, _ = run("migrate", "--help", check=0)
    assert "--check" in out and "--target" in out
    status, _, _ = run_here(capsys, "-v", "migrate", tmp_path / "does-not-exist.py")
    assert status == 2


# --- no input hangs, every error is one line ------------------------------------------------------------
@pytest.mark.parametrize("bad", ["2", "-1", "nan", "0.5x", "inf"])
def test_lockf_outside_0_to_1_is_a_usage_error(bad, capsys):
    status, out, err = run_here(capsys, "adapt", "--lockf", bad)
    assert status == 2 and out == ""
    assert err.strip().splitlines()[-1] == (
        "gensim-transfer adapt: error: argument --lockf: expected a number from 0 (frozen) to 1 (free), got %r"
        % bad)


def test_a_window_gensim_would_die_of_is_one_line_exit_1(tmp_path, capsys, files):
    status, out, err = run_here(capsys, "-q", "adapt", "--pretrained", files["bin"], "--corpus", files["corpus"],
                                "--out", tmp_path / "x.model", "-p", "window=-4")
    assert status == 1 and out == ""
    assert err == "gensim-transfer: error: window must be at least 1, got -4\n"
    assert not (tmp_path / "x.model").exists()


_WITHOUT_THE_WINDOW_CHECK = """
import sys
import gensim_transfer.adapt
# Let gensim's worker threads meet the bad window (the package's name `adapt` is the function, hence sys.modules).
sys.modules["gensim_transfer.adapt"]._check_training_params = lambda params: None
from gensim_transfer.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("workers", ["1", "3"])
def test_a_training_thread_that_dies_ends_the_command_with_one_line_not_a_hang(tmp_path, files, workers):
    # gensim alone prints the thread's traceback and waits forever; a timeout turns a regression into a failure.
    environment = dict(os.environ, PYTHONWARNINGS="ignore")
    environment.pop("GENSIM_TRANSFER_PROGRESS", None)
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_THE_WINDOW_CHECK, "-q", "adapt", "--pretrained", files["bin"], "--corpus",
         files["corpus"], "--out", str(tmp_path / "x.model"), "--workers", workers, "-p", "window=-4"],
        cwd=tempfile.gettempdir(), env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("gensim-transfer: error: training stopped: a gensim training thread failed with "
                           "ValueError: high <= 0\n")
    assert not (tmp_path / "x.model").exists()


def test_file_names_with_control_characters_are_escaped_in_errors(tmp_path, capsys, files):
    missing = os.path.join(str(tmp_path), "no\nsuch\x1b[31m.bin")
    status, _, err = run_here(capsys, "-q", "info", missing)
    assert status == 1
    assert err == "gensim-transfer: error: %s: No such file or directory\n" % (
        missing.replace("\n", "\\n").replace("\x1b", "\\x1b"))
    broken = tmp_path / "two\nlines.bin"
    broken.write_bytes(b"3 4\nabc")
    status, _, err = run_here(capsys, "-q", "info", broken, "--check")
    assert status == 1 and len(err.splitlines()) == 1
    assert err.startswith("gensim-transfer: error: %s" % str(broken).replace("\n", "\\n"))
    status, _, err = run_here(capsys, "convert", broken, broken)  # argparse's usage errors too
    assert status == 2 and err.splitlines()[-1].endswith("IN and OUT are the same file: %s"
                                                         % str(broken).replace("\n", "\\n"))
