"""hoinghi.extractors.calibration: reliability tables on a small invented gold."""
import pytest

from hoinghi.document import Document, Span
from hoinghi.extractors.calibration import format_reliability, reliability

TEXT = "Thu ngân sách đạt 450 tỷ đồng, tăng 5%."
GOLD = [Document("a", TEXT, (Span(0, 13, "INDICATOR"), Span(18, 29, "VALUE"), Span(31, 38, "CHANGE"))),
        Document("b", TEXT, (Span(0, 13, "INDICATOR"),))]
PRED = [Document("a", TEXT, (Span(0, 13, "INDICATOR", score=0.92),      # right
                             Span(18, 21, "VALUE", score=0.81),          # boundary wrong (overlap right)
                             Span(31, 38, "CHANGE", score=0.88),         # right
                             Span(22, 29, "VALUE", score=0.33))),        # overlaps the gold VALUE too
        Document("b", TEXT, (Span(0, 13, "INDICATOR", score=0.97),      # right
                             Span(31, 38, "CHANGE", score=0.12),         # not in this gold
                             Span(18, 29, "VALUE"))),                   # unscored
        Document("c", TEXT, (Span(0, 3, "INDICATOR", score=0.5),))]     # no gold document: wrong

# (mode, bins, expected (n, correct) per bin, unscored)
CASES = [
    ("strict", 2, [(2, 0), (5, 3)], 1),
    ("overlap", 2, [(2, 1), (5, 4)], 1),
    ("strict", 4, [(1, 0), (1, 0), (1, 0), (4, 3)], 1),
    ("strict", 1, [(7, 3)], 1),
]


@pytest.mark.parametrize("mode, bins, expected, unscored", CASES)
def test_reliability_bins(mode, bins, expected, unscored):
    rel = reliability(GOLD, PRED, bins=bins, mode=mode)
    assert [(r.n, r.correct) for r in rel.rows] == expected
    assert rel.unscored == unscored and rel.n == sum(n for n, _ in expected)
    assert rel.rows[0].lo == 0.0 and rel.rows[-1].hi == 1.0


def test_a_score_of_one_falls_in_the_last_bin_and_precision_of_an_empty_bin_is_none():
    d = [Document("d", "abc", (Span(0, 1, "A", score=1.0),))]
    rel = reliability(d, d, bins=5)
    assert [r.n for r in rel.rows] == [0, 0, 0, 0, 1] and rel.rows[0].precision is None


def test_ece_is_the_weighted_gap():
    rel = reliability(GOLD, PRED, bins=1)
    mean = (0.92 + 0.81 + 0.88 + 0.33 + 0.97 + 0.12 + 0.5) / 7
    assert rel.rows[0].mean_score == pytest.approx(mean)
    assert rel.ece == pytest.approx(abs(3 / 7 - mean))
    two = reliability(GOLD, PRED, bins=2)
    assert two.ece == pytest.approx(2 / 7 * abs(0 - 0.225) + 5 / 7 * abs(3 / 5 - (0.92 + 0.81 + 0.88 + 0.97 + 0.5) / 5))


@pytest.mark.parametrize("bins, mode", [(0, "strict"), (10, "exact")])
def test_bad_arguments(bins, mode):
    with pytest.raises(ValueError):
        reliability(GOLD, PRED, bins=bins, mode=mode)


def test_format_has_one_row_per_bin_and_a_total():
    lines = format_reliability(reliability(GOLD, PRED, bins=2)).splitlines()
    assert len(lines) == 4 and lines[-1].startswith("all") and "unscored 1" in lines[-1]
