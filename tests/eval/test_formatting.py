"""eval/formatting.py: one way to write a score, a delta, an interval, a count and n/a."""
import math

import pytest

from hoinghi.eval import formatting as fmt

# function, value, text
CASES = [
    (fmt.score, 0.75, "0.750"),
    (fmt.score, 1.0, "1.000"),
    (fmt.score, 0.0, "0.000"),
    (fmt.score, None, "n/a"),
    (fmt.score, math.nan, "n/a"),
    (fmt.delta, 0.125, "+0.125"),
    (fmt.delta, -1.0, "-1.000"),
    (fmt.delta, 0.0, "+0.000"),
    (fmt.delta, math.nan, "n/a"),
    (fmt.interval, (0.5, 1.0), "[0.500, 1.000]"),
    (fmt.interval, None, ""),
    (fmt.count, 0, "0"),
    (fmt.count, 12, "12"),
    (fmt.count, None, ""),
]


@pytest.mark.parametrize("fn, value, text", CASES, ids=[f"{c[0].__name__}-{c[1]}" for c in CASES])
def test_formats(fn, value, text):
    assert fn(value) == text


def test_signed_interval_and_digits():
    assert fmt.interval((-0.25, 0.0), signed=True) == "[-0.250, +0.000]"
    assert fmt.score(0.12345, 4) == "0.1235"


def test_undefined_is_none_or_nan_only():
    assert fmt.undefined(None) and fmt.undefined(math.nan)
    assert not fmt.undefined(0.0) and not fmt.undefined(0)
