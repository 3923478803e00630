"""eval/handoff.py: items from a worker thread, in order; its failure raised; a stop lets it go."""
from __future__ import annotations

import threading
import time

import pytest

from hoinghi.eval.handoff import Handoff


def test_items_in_order_then_the_end():
    h = Handoff(maxsize=1)

    def work():
        for i in range(50):
            assert h.put(i)
        h.done()

    t = threading.Thread(target=work)
    t.start()
    assert list(h) == list(range(50))
    t.join()


def test_the_workers_failure_is_raised_after_its_items():
    h = Handoff()
    h.put("a")
    h.fail(KeyError("k"))
    it = iter(h)
    assert next(it) == "a"
    with pytest.raises(KeyError):
        next(it)


def test_a_stop_lets_a_blocked_worker_go():
    h = Handoff(maxsize=1)
    results = []

    def work():
        results.extend([h.put(1), h.put(2)])  # the second blocks: nobody takes the first

    t = threading.Thread(target=work)
    t.start()
    time.sleep(0.2)
    h.stop()
    t.join(timeout=5)
    assert not t.is_alive() and results == [True, False]
