"""Counts add up; P/R/F1 derive from them; the n/a policy for empty fields."""
import pytest
from hypothesis import given, strategies as st

from hoinghi.eval.counts import Counts, macro

# (tp, fp, fn) -> (precision, recall, f1, support), hand-computed
CASES = [
    ((3, 1, 2), (0.75, 0.6, 2 * 3 / (6 + 1 + 2), 5)),
    ((0, 0, 0), (None, None, None, 0)),          # empty field: n/a
    ((0, 4, 0), (0.0, 0.0, 0.0, 0)),             # only spurious predictions: 0, counted
    ((0, 0, 3), (0.0, 0.0, 0.0, 3)),             # nothing predicted
    ((5, 0, 0), (1.0, 1.0, 1.0, 5)),
    ((1, 1, 1), (0.5, 0.5, 0.5, 2)),
]


@pytest.mark.parametrize("c, expected", CASES)
def test_scores(c, expected):
    got = Counts(*c)
    assert (got.precision, got.recall, got.f1, got.support) == pytest.approx(expected) if expected[0] is not None \
        else (got.precision, got.recall, got.f1, got.support) == expected


@given(st.lists(st.tuples(*(st.integers(0, 50),) * 3), max_size=20))
def test_counts_add_up(parts):
    total = sum((Counts(*p) for p in parts), Counts())
    assert total == Counts(*(sum(p[i] for p in parts) for i in range(3)))


@given(st.tuples(*(st.integers(0, 50),) * 3))
def test_f1_is_harmonic_mean_when_defined(c):
    k = Counts(*c)
    if k.empty:
        assert k.f1 is None
    elif k.precision + k.recall > 0:
        assert k.f1 == pytest.approx(2 * k.precision * k.recall / (k.precision + k.recall))
    else:
        assert k.f1 == 0.0


def test_frozen():
    with pytest.raises(AttributeError):
        Counts(1, 2, 3).tp = 5


MACRO = [
    ([Counts(1, 0, 0), Counts(0, 0, 1)], (0.5, 0.5, 0.5, 2)),
    ([Counts(1, 0, 0), Counts()], (1.0, 1.0, 1.0, 1)),           # empty field left out
    ([Counts(1, 0, 0), Counts(0, 3, 0)], (0.5, 0.5, 0.5, 2)),    # spurious-only field counts
    ([Counts(2, 2, 0), Counts(1, 0, 1)], (0.75, 0.75, (2 / 3 + 2 / 3) / 2, 2)),
    ([], (None, None, None, 0)),
]


@pytest.mark.parametrize("fields, expected", MACRO)
def test_macro(fields, expected):
    got = macro(fields)
    if expected[0] is None:
        assert got == expected
    else:
        assert got == pytest.approx(expected)
