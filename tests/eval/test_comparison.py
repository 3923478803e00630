"""Two runs compared two-sided (:mod:`hoinghi.eval.comparison`): better, worse, no
significant difference, with the interval of Δ; refused across signatures."""
from __future__ import annotations

import numpy as np
import pytest

from hoinghi.document import Document, Span
from hoinghi.errors import SignatureMismatch
from hoinghi.eval.comparison import compare_count_arrays, compare_runs
from hoinghi.eval.scoring import evaluate

IDS = [f"d{i:02d}" for i in range(20)]
HALF = np.array([[[1, 0, 1], [1, 0, 0]]] * 20)      # PERSON found half the time, DATE always
FULL = np.array([[[2, 0, 0], [1, 0, 0]]] * 20)
EDGE = HALF.copy()
EDGE[0, 0] = [2, 0, 0]                               # one document better: not significant


@pytest.mark.parametrize("first, second, person, date", [
    (HALF, FULL, "better", "n/a"),
    (FULL, HALF, "worse", "n/a"),
    (HALF, HALF, "no significant difference", "n/a"),
    (HALF, EDGE, "no significant difference", "n/a"),
])
def test_verdicts(first, second, person, date):
    c = compare_count_arrays(first, second, IDS, ["PERSON", "DATE"], names=("a", "b"), n_boot=300)
    rows = {r.name: r for r in c.rows}
    assert rows["PERSON"].verdict == person
    # DATE is identical on both sides: Δ = 0 with p = 1, never a difference
    assert rows["DATE"].delta == 0 and rows["DATE"].p_value == 1.0
    assert rows["DATE"].verdict == "no significant difference"


def test_interval_and_two_sided_p_are_symmetric():
    up = compare_count_arrays(HALF, FULL, IDS, ["PERSON", "DATE"], names=("a", "b"), n_boot=300, seed=3)
    down = compare_count_arrays(FULL, HALF, IDS, ["PERSON", "DATE"], names=("b", "a"), n_boot=300, seed=3)
    u, d = up.rows[0], down.rows[0]
    assert u.delta == pytest.approx(-d.delta) and u.p_value == d.p_value < 0.01
    assert u.ci_low == pytest.approx(-d.ci_high) and u.ci_low > 0


def test_compare_runs_names_the_differing_part():
    text = "Ông Lê Văn An"
    gold = [Document("d1", text, (Span(4, 13, "PERSON"),))]
    a = evaluate(gold, [Document("d1", None, (Span(4, 13, "PERSON"),))], n_boot=0, extractor="a@1")
    b = evaluate(gold, [Document("d1", None, ())], n_boot=0, mode="overlap", extractor="b@1")
    with pytest.raises(SignatureMismatch, match=r"matching mode differs \(a strict, b overlap\)"):
        compare_runs(a, b, names=("a", "b"), n_boot=10)
