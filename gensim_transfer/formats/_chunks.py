"""Reading a stream chunk by chunk: into reused buffers (binary files), or as bytes (text); a chunk ahead on a
background thread where the consumer's work releases the GIL.

The chunk sizes are the callers' (:mod:`._binary`, :mod:`._text`).
"""
from __future__ import annotations

import queue
import threading
from typing import IO, Iterator, Optional, Tuple


def _fill(stream: IO[bytes], view: memoryview) -> int:
    """readinto until ``view`` is full or the stream ends; the number of bytes read."""
    got = 0
    size = len(view)
    while got < size:
        n = stream.readinto(view[got:])
        if not n:
            break
        got += n
    return got


def _chunks_into(stream: IO[bytes], chunk: int, reserve: int, threaded: bool = False
                 ) -> Iterator[Tuple[bytearray, int]]:
    """Yield ``(buffer, got)``: chunk after chunk read into reused buffers, ``buffer[reserve:reserve + got]``.

    The ``reserve`` free bytes in front of the data let the consumer put the unfinished end of the previous
    chunk just before the new data without copying the chunk. ``got == 0`` marks the end of the stream. A
    buffer is the consumer's until it asks for the next chunk.

    ``threaded``: two buffers, the next one filled on a background thread while the consumer works on the
    current one. Worth it only when the consumer's work releases the GIL (the compiled scanner); the
    pure-Python scanner holds it (regular expressions), and handing the GIL back and forth cost more than
    overlapping the reads gained.
    """
    if not threaded:
        buf = bytearray(reserve + chunk)
        while True:
            got = _fill(stream, memoryview(buf)[reserve:])
            yield buf, got
            if not got:
                return
    free: queue.Queue[Optional[bytearray]] = queue.Queue()
    ready: queue.Queue[Tuple[bytearray, int, Optional[BaseException]]] = queue.Queue()
    stop = threading.Event()
    for _ in range(2):
        free.put(bytearray(reserve + chunk))

    def work() -> None:
        while True:
            buf = free.get()
            if buf is None or stop.is_set():
                return
            try:
                got = _fill(stream, memoryview(buf)[reserve:])
            except BaseException as err:  # re-raised in the consumer
                ready.put((buf, 0, err))
                return
            ready.put((buf, got, None))
            if not got:
                return

    thread = threading.Thread(target=work, name="gensim-transfer-read-ahead", daemon=True)
    thread.start()
    held: Optional[bytearray] = None
    try:
        while True:
            if held is not None:
                free.put(held)  # the consumer is done with it: the reader may fill it again
            held, got, err = ready.get()
            if err is not None:
                raise err
            yield held, got
            if not got:
                return
    finally:
        stop.set()
        free.put(None)  # wakes a reader waiting for a buffer; one reading stops after this read
        thread.join()


def _read_ahead(stream: IO[bytes], chunk: int, threaded: bool) -> Iterator[bytes]:
    """Yield the stream's chunks as bytes (``b""`` at the end), reading the next one on a background thread
    meanwhile if ``threaded``: text checking is numpy work that releases the GIL, so reads overlap it."""
    if not threaded:
        while True:
            data = stream.read(chunk)
            yield data
            if not data:
                return
    ready: queue.Queue[Tuple[bytes, Optional[BaseException]]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                data = stream.read(chunk)
                ready.put((data, None))
                if not data:
                    return
        except BaseException as err:  # re-raised in the consumer
            ready.put((b"", err))

    thread = threading.Thread(target=work, name="gensim-transfer-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            data, err = ready.get()
            if err is not None:
                raise err
            yield data
            if not data:
                return
    finally:
        stop.set()
        while thread.is_alive():  # unblock a reader waiting to hand over a chunk
            try:
                ready.get(timeout=0.01)
            except queue.Empty:
                pass
        thread.join()
