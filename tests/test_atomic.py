"""The merge is atomic: a KeyboardInterrupt at any point, a real Ctrl-C, an I/O error in the middle of the write,
or a file truncated while it is read leave the model bit-identical; a merge that completes is whole."""
from __future__ import annotations

import os
import signal
import sys

import numpy as np
import pytest

from gensim_transfer import _atomic, compat, guard, transfer_init
from gensim_transfer.errors import FormatError, TransferError
from gensim_transfer.formats import _binary, _matching, _staging

from . import vectorfiles as vf
from .corpus import lee_sentences, make_model
from .test_transfer_errors import assert_unchanged, snapshot

SIZE = 16
N = 60
KINDS = ["word2vec", "fasttext", "doc2vec"]
PACKAGE = os.path.dirname(os.path.abspath(_atomic.__file__))


@pytest.fixture(scope="module")
def sentences():
    return lee_sentences(0, 80)


@pytest.fixture(autouse=True)
def _small_staging(monkeypatch):
    """Small budgets, so that a merge of 60 words stages on disk, in several blocks, from several chunks."""
    monkeypatch.setattr(_staging, "_MEMORY", 4 * SIZE * 7)
    monkeypatch.setattr(_staging, "_BLOCK", 4 * SIZE * 9)
    monkeypatch.setattr(_binary, "_CHUNK", 512)
    yield
    guard.uninstall()


def _file(tmp_path, model, name="v.bin"):
    words = list(compat.index_to_key(model))[:N] + ["notinmodel%d" % i for i in range(10)]
    vectors = np.random.default_rng(5).standard_normal((len(words), SIZE)).astype(np.float32)
    return vf.write_raw(tmp_path / name, vf.vector_file_bytes(words, vectors, "word2vec-binary")), vectors[:N]


class _Injector:
    """A trace function that raises KeyboardInterrupt at the n-th line run in gensim-transfer's own code, once,
    and never after the merge's last write is done (what follows, returning, is not part of the merge)."""

    def __init__(self, at):
        self.at = at
        self.lines = 0
        self.fired = False
        self.merged = False

    def __call__(self, frame, event, arg):
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line" and not self.fired and not self.merged:
            self.lines += 1
            if self.lines == self.at:
                self.fired = True
                raise KeyboardInterrupt
        return self


def _assert_whole(model, kind, vectors):
    if kind == "fasttext":  # own rows are solved so that the composed vectors are the file's (subwords.py)
        np.testing.assert_allclose(model.wv.vectors[:N], vectors, rtol=1e-6, atol=1e-7)
    else:
        assert compat.word_vectors(model)[:N].tobytes() == vectors.tobytes()


def _run_with_interrupt(monkeypatch, at, model, path):
    injector = _Injector(at)
    real_apply = _atomic.ModelWrite.apply

    def apply(self):
        self.then(lambda: setattr(injector, "merged", True))
        real_apply(self)

    monkeypatch.setattr(_atomic.ModelWrite, "apply", apply)
    sys.settrace(injector)
    try:
        transfer_init(model, path, lockf=0.25)
    except KeyboardInterrupt:
        assert injector.fired
        return injector, True
    finally:
        sys.settrace(None)
    return injector, False


@pytest.mark.parametrize("kind", KINDS)
def test_a_keyboard_interrupt_anywhere_in_the_merge_changes_nothing(tmp_path, sentences, monkeypatch, kind):
    model = make_model(kind, sentences, size=SIZE)
    path, vectors = _file(tmp_path, model)
    for _ in range(2):  # the second count is the steady one (the first merge also warms caches up)
        counting, _ = _run_with_interrupt(monkeypatch, 0, make_model(kind, sentences, size=SIZE), path)
    total = counting.lines
    assert total > 200  # the whole merge was traced: reading, staging, the write
    points = sorted(set(np.linspace(1, total, 40).astype(int).tolist()))
    interrupted = 0
    for at in points:
        fresh = make_model(kind, sentences, size=SIZE)  # gensim 4 stamps each model's creation time
        before = snapshot(fresh)
        _, raised = _run_with_interrupt(monkeypatch, at, fresh, path)
        if raised:
            assert_unchanged(before, fresh)
            interrupted += 1
        else:  # the merge took fewer lines this time (a thread's timing): then it must be whole
            _assert_whole(fresh, kind, vectors)
    assert interrupted >= len(points) - 3
    # Without an interrupt the same merge is whole: every vector and lock in place.
    complete = make_model(kind, sentences, size=SIZE)
    _, raised = _run_with_interrupt(monkeypatch, 10 ** 9, complete, path)
    assert not raised
    _assert_whole(complete, kind, vectors)
    assert (compat.lock_factors(complete)[:N] == 0.25).all()


@pytest.mark.parametrize("kind", KINDS)
def test_a_real_ctrl_c_during_the_write_is_held_then_undone(tmp_path, sentences, monkeypatch, kind):
    model = make_model(kind, sentences, size=SIZE)
    path, _ = _file(tmp_path, model)
    before = snapshot(model)
    real_write = _staging.Staged._write
    calls = []

    def write_then_signal(self, positions, values):
        calls.append(1)
        real_write(self, positions, values)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # arrives in the middle of the swap

    monkeypatch.setattr(_staging.Staged, "_write", write_then_signal)
    handler = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        transfer_init(model, path, lockf=0.0)
    assert len(calls) >= 2
    assert signal.getsignal(signal.SIGINT) is handler
    assert_unchanged(before, model)


@pytest.mark.parametrize("kind", KINDS)
def test_an_io_error_in_the_middle_of_the_write_is_undone(tmp_path, sentences, monkeypatch, kind):
    model = make_model(kind, sentences, size=SIZE)
    path, _ = _file(tmp_path, model)
    before = snapshot(model)
    real_pread = _staging._pread_exact
    calls = []

    def failing_pread(handle, out, offset):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_pread(handle, out, offset)

    monkeypatch.setattr(_staging, "_pread_exact", failing_pread)
    with pytest.raises(OSError, match="Input/output error"):
        transfer_init(model, path, lockf=0.0)
    assert_unchanged(before, model)


@pytest.mark.parametrize("kind", ["word2vec", "fasttext"])
@pytest.mark.parametrize("cut", ["mid-record", "after-header"])
def test_a_file_truncated_while_it_is_read(tmp_path, sentences, monkeypatch, kind, cut):
    model = make_model(kind, sentences, size=SIZE)
    path, _ = _file(tmp_path, model)
    before = snapshot(model)
    real_scan = _matching._scan_stream
    size = os.path.getsize(path)

    def scan_and_truncate(*args, **kwargs):
        for i, batch in enumerate(real_scan(*args, **kwargs)):
            if i == 0:
                os.truncate(path, size // 2 + 3 if cut == "mid-record" else 12)
            yield batch

    monkeypatch.setattr(_matching, "_scan_stream", scan_and_truncate)
    with pytest.raises(TransferError) as caught:
        transfer_init(model, path)
    assert isinstance(caught.value, FormatError) and caught.value.path == path
    assert_unchanged(before, model)
