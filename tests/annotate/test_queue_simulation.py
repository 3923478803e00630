"""annotate/queue_simulation.py: curves of annotation orders with gold as the annotator."""
from __future__ import annotations

import pytest

from hoinghi.annotate.queue_simulation import area_under, orders, random_curve, simulate
from hoinghi.document import Document, Span

TEXT = "aa bb cc dd"
GOLD = [Document("a", TEXT, (Span(0, 2, "DATE"), Span(3, 5, "DATE"))),      # predicted right
        Document("b", TEXT, (Span(0, 2, "DATE"),)),                        # one miss, one spurious
        Document("c", TEXT, (Span(6, 8, "TERM"),))]                        # missed entirely
PRED = {"a": Document("a", TEXT, (Span(0, 2, "DATE", score=0.9), Span(3, 5, "DATE", score=0.8))),
        "b": Document("b", TEXT, (Span(3, 5, "DATE", score=0.3),)),
        "c": Document("c", TEXT, ())}
SECOND = {"a": Document("a", TEXT, (Span(0, 2, "DATE"), Span(3, 5, "DATE"))),
          "b": Document("b", TEXT, (Span(3, 5, "DATE"),)),
          "c": Document("c", TEXT, (Span(9, 11, "TERM"),))}


@pytest.mark.parametrize("order, fixed, f1", [
    (["a", "b", "c"], [0.0, 0.0, 0.6667, 1.0], [0.5714, 0.5714, 0.8571, 1.0]),
    (["b", "c", "a"], [0.0, 0.6667, 1.0, 1.0], [0.5714, 0.8571, 1.0, 1.0]),
    (["c", "b", "a"], [0.0, 0.3333, 1.0, 1.0], [0.5714, 0.75, 1.0, 1.0]),
])
def test_simulate_counts_errors_fixed_and_corpus_f1(order, fixed, f1):
    curve = simulate(GOLD, PRED, order)
    assert [p.errors_fixed for p in curve] == fixed and [p.f1 for p in curve] == f1
    assert [p.done for p in curve] == [0, 1, 2, 3]


def test_orders():
    got = orders(GOLD, PRED, second=SECOND)
    assert got["sequential"] == ["a", "b", "c"]
    assert got["uncertainty"] == ["c", "b", "a"]       # nothing found (0.0), then mean score 0.3, then 0.85
    assert got["uncertainty:min"] == ["c", "b", "a"] and got["uncertainty:product"] == ["c", "b", "a"]
    assert got["disagreement"] == ["c", "a", "b"]      # F1 0 for c; a and b agree fully (ties keep gold order)
    assert got["oracle"] == ["b", "c", "a"]            # 2 errors, 1, 0
    no_scores = {k: Document(k, TEXT, tuple(Span(s.start, s.end, s.label) for s in v.spans)) for k, v in PRED.items()}
    assert "uncertainty" not in orders(GOLD, no_scores) and "disagreement" not in orders(GOLD, no_scores)


def test_random_curve_lies_between_worst_and_best_and_is_seeded():
    r = random_curve(GOLD, PRED, rounds=300)
    assert r == random_curve(GOLD, PRED, rounds=300)
    assert area_under(simulate(GOLD, PRED, ["a", "c", "b"])) < area_under(r) < area_under(simulate(GOLD, PRED, ["b", "c", "a"]))


def test_order_must_name_every_document_once():
    with pytest.raises(ValueError, match="every gold document once"):
        simulate(GOLD, PRED, ["a", "a", "b"])
