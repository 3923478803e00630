"""annotate/task_scores.py: a prediction's task score and the agreement of two extractors."""
from __future__ import annotations

import pytest

from hoinghi.annotate.task_scores import agreement_score, confidence_score, field_agreement
from hoinghi.document import Span


def S(start, end, label="PERSON", score=None):
    return Span(start, end, label, score=score)


@pytest.mark.parametrize("spans, aggregate, expected", [
    ([S(0, 2, score=0.9), S(3, 5, score=0.2), S(6, 8, score=0.7)], "min", 0.2),
    ([S(0, 2, score=0.9), S(3, 5, score=0.2), S(6, 8, score=0.7)], "mean", 0.6),
    ([S(0, 2, score=0.9), S(3, 5, score=0.2), S(6, 8, score=0.7)], "product", 0.126),
    ([S(0, 2, score=0.9), S(3, 5)], "min", 0.9),        # spans without a score are left out
    ([S(0, 2), S(3, 5)], "min", None),                   # no span scores at all: no task score
    ([], "min", 0.0),                                    # nothing found: look first
    ([S(0, 2, score=1 / 3)], "min", 0.3333),
    ([S(0, 2, score=0.9), S(3, 5, score=0.4)], "mean", 0.65),             # the default (push, ml-backend)
])
def test_confidence_score(spans, aggregate, expected):
    assert confidence_score(spans, aggregate) == expected


@pytest.mark.parametrize("a, b, expected", [
    ([S(0, 2), S(3, 5)], [S(0, 2), S(3, 5)], 1.0),
    ([], [], 1.0),
    ([S(0, 2)], [], 0.0),
    ([S(0, 2)], [S(0, 3)], 0.0),                          # strict: a boundary difference is a disagreement
    ([S(0, 2)], [S(0, 2, "POSITION")], 0.0),
    ([S(0, 2), S(3, 5), S(6, 8)], [S(0, 2)], 0.5),
])
def test_agreement_score_is_symmetric_strict_f1(a, b, expected):
    assert agreement_score(a, b) == expected == agreement_score(b, a)


def test_field_agreement_lists_each_field_either_side_found():
    a = [S(0, 2), S(3, 5, "POSITION"), S(6, 8, "POSITION")]
    b = [S(0, 2), S(3, 5, "POSITION"), S(9, 12, "DATE")]
    assert field_agreement(a, b) == {"DATE": (0, 1, 0.0), "PERSON": (1, 1, 1.0), "POSITION": (2, 1, 0.6667)}
