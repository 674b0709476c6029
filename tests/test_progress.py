"""Progress reporting: which mode is chosen, and that tqdm is asked for through the optional-dependency table."""
from __future__ import annotations

import io
import sys

import pytest

from gensim_transfer import _optional, _progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_forced_mode(monkeypatch):
    monkeypatch.delenv(_progress.ENV, raising=False)


def _without_tqdm(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # makes importing tqdm raise ImportError


def test_quiet_and_non_terminals_get_nothing():
    assert _progress.choose_mode(quiet=True, stream=_Terminal()) == "off"
    assert _progress.choose_mode(stream=io.StringIO()) == "off"


def test_a_terminal_without_tqdm_gets_lines(monkeypatch):
    _without_tqdm(monkeypatch)
    assert _progress.choose_mode(stream=_Terminal()) == "lines"
    monkeypatch.setenv(_progress.ENV, "bar")
    assert _progress.choose_mode(stream=io.StringIO()) == "lines"


def test_a_tqdm_older_than_the_minimum_is_not_used(monkeypatch):
    pytest.importorskip("tqdm")
    assert _progress.choose_mode(stream=_Terminal()) == "bar"
    monkeypatch.setattr(_optional, "installed_version", lambda name: "3.9.0" if name == "tqdm" else None)
    assert _progress.choose_mode(stream=_Terminal()) == "lines"


def test_forced_modes(monkeypatch):
    monkeypatch.setenv(_progress.ENV, "lines")
    assert _progress.choose_mode(stream=io.StringIO()) == "lines"
    monkeypatch.setenv(_progress.ENV, "off")
    assert _progress.choose_mode(stream=_Terminal()) == "off"
    monkeypatch.setenv(_progress.ENV, "loud")
    with pytest.raises(ValueError, match="GENSIM_TRANSFER_PROGRESS must be one of bar, lines, off, got 'loud'"):
        _progress.choose_mode()


def test_lines_report_every_tenth_and_the_end():
    stream = io.StringIO()
    with _progress.Progress("lines", stream).task("reading", total=100, unit="records") as task:
        for _ in range(100):
            task.update(1)
    lines = stream.getvalue().splitlines()
    assert lines[:-1] == ["gensim-transfer: reading: %d%% (%d of 100 records)" % (p, p) for p in range(10, 100, 10)]
    assert lines[-1].startswith("gensim-transfer: reading: done, 100 records in ")


def test_a_bar_is_drawn_with_tqdm():
    pytest.importorskip("tqdm")
    stream = io.StringIO()
    with _progress.Progress("bar", stream).task("reading", total=10, unit="B") as task:
        task.update(10)
    assert "reading" in stream.getvalue()
