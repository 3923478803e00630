"""Items made in one thread and handed, in order, to the thread that uses them: the
columnar reader's chunks, the bootstrap's resample weights and the gold batches of the
fingerprint thread go through one.

>>> import threading
>>> h = Handoff()
>>> def work():
...     for i in range(3):
...         if not h.put(i):
...             return
...     h.done()
>>> threading.Thread(target=work).start()
>>> list(h)
[0, 1, 2]
>>> h = Handoff()
>>> h.fail(ValueError("bad line"))
>>> list(h)
Traceback (most recent call last):
...
ValueError: bad line
"""
from __future__ import annotations

__all__ = ["Handoff"]

import queue
import threading
from typing import Iterator


class _End:
    """What :meth:`Handoff.done` puts after the last item."""


class _Failed:
    """What :meth:`Handoff.fail` puts: the worker's exception, raised in the user's thread."""

    def __init__(self, exc: BaseException):
        self.exc = exc


class Handoff:
    """A bounded queue (``maxsize`` items ahead) from one maker thread to one user. The
    maker :meth:`put` s each item — False once the user has stopped, and the maker
    returns — then says :meth:`done`, or :meth:`fail` with its exception. Iterating
    yields the items and raises the maker's exception; :meth:`stop` lets a maker
    blocked on a full queue go (within a tenth of a second)."""

    def __init__(self, maxsize: int = 2):
        self._queue: queue.Queue = queue.Queue(maxsize=maxsize)
        self._stop = threading.Event()

    def put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def done(self) -> None:
        self.put(_End())

    def fail(self, exc: BaseException) -> None:
        self.put(_Failed(exc))

    def __iter__(self) -> Iterator:
        while True:
            item = self._queue.get()
            if isinstance(item, _End):
                return
            if isinstance(item, _Failed):
                raise item.exc
            yield item

    def stop(self) -> None:
        """The user needs no more items."""
        self._stop.set()
